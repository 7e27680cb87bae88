"""``python -m bot sandbox serve``: serve a sandbox world over HTTP until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.sandbox.server import Faults, SandboxConfig, SandboxServer
from bot.sandbox.vocabulary import WORLD_VOCABULARIES
from bot.sandbox.world import World

if TYPE_CHECKING:
    from collections.abc import Sequence

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--world", type=Path, help="World file: .json[.gz] (saved world) or .tsv[.gz]/.txt graph.")
    source.add_argument("--seed", type=int, default=None, help="Generate a world from this seed (default 7).")
    parser.add_argument("--seeds", type=int, default=10, help="Seed accounts in a generated world.")
    parser.add_argument("--following-per-seed", type=int, default=1000, help="Followees per generated seed.")
    parser.add_argument("--save-world", type=Path, help="Also save the world to this .json[.gz] file.")
    parser.add_argument("--host", default="127.0.0.1", help="Interface to bind (default 127.0.0.1).")
    parser.add_argument("--port", type=int, default=8787, help="Port (0 picks a free one).")
    parser.add_argument("--follow-allowed", action="store_true", help="Allow POST follow (Enterprise); default is 403.")
    parser.add_argument(
        "--vocabulary",
        choices=WORLD_VOCABULARIES,
        default=None,
        help="Speak X's tweet (2.166), post (2.167) or mixed (per endpoint) vocabulary; default: the world's.",
    )
    parser.add_argument("--fault-rate", type=float, default=0.0, help="Total fault probability, spread evenly.")
    parser.add_argument("--fault-seed", type=int, default=0, help="Seed of the fault generator.")
    for kind in Faults._KINDS:
        flag = "--fault-" + kind.replace("_", "-")
        parser.add_argument(flag, type=float, default=None, help=f"Probability of the {kind} fault.")


def build_server(args: argparse.Namespace) -> SandboxServer:
    if args.world is not None:
        world = World.open(args.world)
    else:
        world = World.generate(
            7 if args.seed is None else args.seed, seeds=args.seeds, following_per_seed=args.following_per_seed
        )
    if args.vocabulary is not None:
        world.vocabulary = args.vocabulary
    if args.save_world is not None:
        world.save(args.save_world)
    faults = Faults.uniform(args.fault_rate, seed=args.fault_seed)
    for kind in Faults._KINDS:
        value = getattr(args, "fault_" + kind, None)
        if value is not None:
            setattr(faults, kind, value)
    config = SandboxConfig(follow_forbidden=not args.follow_allowed)
    return SandboxServer(world, config=config, faults=faults)


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        server = build_server(args)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(server, args.host, args.port))
    return 0


async def _serve(server: SandboxServer, host: str, port: int) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # non-Unix loops
            loop.add_signal_handler(sig, stop.set)
    base_url = await server.start(host, port)
    world = server.world
    print(f"Sandbox X API: {base_url}")
    print(f"  bearer token:        {server.config.bearer_token}")
    print(f"  consumer key/secret: {server.config.consumer_key} / {server.config.consumer_secret}")
    print(f"  access token:        {server.config.access_token}")
    print(f"  access secret:       {server.config.access_token_secret}")
    print(f"  me: @{world.users[world.me_id].username} ({world.me_id}); users: {len(world.users)}")
    seeds = ", ".join("@" + world.users[s].username for s in world.seed_ids[:10])
    print(f"  seed accounts: {seeds}")
    print("Ctrl-C to stop.", flush=True)
    try:
        await stop.wait()
    finally:
        await server.stop()
        print(f"Stopped. Requests: {len(server.requests)}; billed ${server.billing.total_dollars:.3f}", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Stand-alone entry point: ``python -m bot.sandbox.cli [options]``."""
    parser = argparse.ArgumentParser(prog="python -m bot.sandbox.cli", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
