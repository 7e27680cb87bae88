"""Command line: ``python -m bot run | sync | demo | sandbox serve | rank | openers | migrate``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="circlebot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("run", help="Start the Discord bot with the settings from the environment / .env.")
    sync = commands.add_parser("sync", help="Push the slash commands to Discord (once, after an update).")
    sync.add_argument("--guild", type=int, default=None, help="Sync to one server only (instant, for testing).")
    commands.add_parser("migrate", help="Apply the database migrations and exit.")

    demo = commands.add_parser("demo", help="Run the main job offline against a sandbox X world.")
    demo.add_argument("--seed", type=int, default=7, help="World generator seed (deterministic).")
    demo.add_argument(
        "--vocabulary",
        choices=("tweet", "post", "mixed"),
        default="tweet",
        help="What the sandbox X speaks: tweet (spec 2.166), post (2.167) or mixed (per endpoint).",
    )

    sandbox = commands.add_parser("sandbox", help="The local fake X API.")
    sandbox_commands = sandbox.add_subparsers(dest="sandbox_command", required=True)
    serve = sandbox_commands.add_parser("serve", help="Serve a sandbox world over HTTP on 127.0.0.1.")
    from bot.sandbox import cli as sandbox_cli

    sandbox_cli.add_arguments(serve)

    rank = commands.add_parser("rank", help="Rank second-degree candidates offline from a follow-graph file.")
    from bot.discovery import rank_cli

    rank_cli.add_arguments(rank)

    openers = commands.add_parser("openers", help="Write openers for exported X posts and users (JSON lines).")
    from bot.openers import cli as openers_cli

    openers_cli.add_arguments(openers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    if args.command == "run":
        from bot.runner import run_from_environment

        return run_from_environment()
    if args.command == "sync":
        from bot.runner import sync_from_environment

        return sync_from_environment(args.guild)
    if args.command == "migrate":
        from bot.runner import migrate_from_environment

        return migrate_from_environment()
    if args.command == "demo":
        from bot.demo import run_demo

        return asyncio.run(run_demo(seed=args.seed, vocabulary=args.vocabulary))
    if args.command == "sandbox":
        from bot.sandbox import cli as sandbox_cli

        return sandbox_cli.run(args)
    if args.command == "rank":
        from bot.discovery import rank_cli

        return rank_cli.run(args)
    if args.command == "openers":
        from bot.openers import cli as openers_cli

        return openers_cli.run(args)
    raise AssertionError(f"unhandled command {args.command}")


if __name__ == "__main__":
    sys.exit(main())
