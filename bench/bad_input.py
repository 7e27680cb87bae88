"""Hostile input at every slash command, through real discord.py and a fake Discord held to Discord's own spec.

    python -m bench.bad_input [--postgres postgresql+asyncpg://postgres@127.0.0.1:5432/test]

For each database (a temporary SQLite file, and PostgreSQL when ``--postgres`` or TEST_DATABASE_URL names one; a
fresh schema is used and dropped), the whole bot runs as in production against the sandbox X and the in-process
fake Discord with Discord's OpenAPI spec switched on (``../shared/discord-api/openapi.json``). Every string option
of every command gets every string of a hostile corpus (NUL bytes, zero-width names, bidi overrides, separators
alone, 10,000 characters, markdown and mentions, links to other hosts and account-number links, full-width text,
SQL and path tricks, a lone surrogate), every number option out-of-range and non-finite-looking values, every
choice an unknown value, every boolean a non-boolean, every channel option a channel the bot can't post in (no
View Channel; no Add Reactions or Attach Files), and every command — top-level ones (/person, /people, /export)
and every subcommand of every group — is sent once from a direct message. Each is sent by a manager, with the
command's other required options valid (/person's handle names someone the team was suggested, so its note is read).

Counted, over both databases:
- tried: interactions sent;
- clear_refusals: answers that refused with a domain message (the bot's CirclebotError or an option Discord's
  client would have refused), never "Something went wrong";
- generic_errors: "Something went wrong" answers or errors the bot logged;
- state_changed_on_refusal: refusals after which a table changed (X's usage ledger and the scheduler's own table
  aside);
- over_limit_replies: answers Discord's limits refuse (2,000 characters, 6,000 in embeds);
- spec_violations: requests or answers outside Discord's OpenAPI spec;
- secrets_in_logs: secret values (X keys and tokens, the Discord token, interaction tokens) in the DEBUG logs.
Ends with one ``key=value`` line; details on stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import logging
import os
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

import discord
from discord import AppCommandOptionType, app_commands
from pydantic import SecretStr
from sqlalchemy import MetaData, select
from sqlalchemy.ext.asyncio import create_async_engine

from bot.client import CirclebotClient, CirclebotTree
from bot.clock import FakeClock
from bot.config import setup_logging
from bot.db import Database
from bot.errors import CirclebotError
from bot.models import Account, Suggestion, utcnow
from bot.networks.x import XNetwork
from bot.openers import OpenerWriter
from bot.sandbox.discord_spec import DiscordSpec
from bot.sandbox.fakediscord import DiscordHarness, FakeDiscord, payloads
from bot.sandbox.server import SandboxServer
from bot.sandbox.world import World

SPEC = Path(__file__).resolve().parents[2] / "shared" / "discord-api" / "openapi.json"
GENERIC = "Something went wrong"
IGNORED_TABLES = {"api_call", "apscheduler_jobs", "alembic_version"}

STRINGS = [
    "",
    " ",
    "\x00",
    "Rust\x00Berlin",
    "\u200b\u200b\u200b",
    "\u3164",
    "Mallory\u202e (@mallory)",
    ",,, ;",
    "k" * 10_000,
    "x" * 26,
    "@everyone <@&1> <@1>",
    "**bold** _it_ `code` ||spoiler||",
    "https://evil.example/alice_b",
    "https://x.com/i/user/783214",
    "＠ａｌｉｃｅ＿ｂ",
    "'; DROP TABLE seed; --",
    "../../etc/passwd",
    "\ud800",
    "\n\n\n",
    "🦀" * 30,
]
NUMBERS = [-1, 0, 10**9, 0.0001, -0.5]


def _secrets(settings: Any) -> set[str]:
    return {
        value.get_secret_value()
        for value in settings.model_dump().values()
        if isinstance(value, SecretStr) and value.get_secret_value()
    }


class Capture(logging.Handler):
    """Every log record of the bot (the fakes' own loggers stand for Discord's and X's side, and are left out)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("bot.sandbox"):
            return
        self.lines.append(f"{record.getMessage()} {record.exc_text or ''}")


async def _tables(db: Database) -> MetaData:
    """Every table of the migrated database, reflected once: reflecting again before and after each of ~1,000
    interactions is what made the PostgreSQL run time out (dozens of catalog queries each time)."""
    metadata = MetaData()
    async with db.engine.connect() as connection:
        await connection.run_sync(lambda sync: metadata.reflect(sync))
    return metadata


async def _state(db: Database, metadata: MetaData) -> str:
    """A fingerprint of every table but the ledger's and the scheduler's."""
    digest = hashlib.sha256()
    async with db.engine.connect() as connection:
        for name in sorted(metadata.tables):
            if name in IGNORED_TABLES:
                continue
            rows = (await connection.execute(select(metadata.tables[name]))).all()
            digest.update(name.encode())
            for row in sorted(repr(tuple(row)) for row in rows):
                digest.update(row.encode())
    return digest.hexdigest()


SUGGESTED = "ann_b"
"""Someone the bench's team was suggested: /person finds them, so its note option is checked, not refused unread."""
# Permissions an overwrite takes from the bot in the locked channels (bits of discord.Permissions).
LOCKED = {
    "no-view": discord.Permissions(view_channel=True),
    "no-files": discord.Permissions(attach_files=True, add_reactions=True),
}


def _valid(command: app_commands.Command[Any, ..., Any], parameter: app_commands.Parameter, list_name: str) -> Any:
    if parameter.choices:
        return parameter.choices[0].value
    name, kind = parameter.name, parameter.type
    if kind == AppCommandOptionType.string:
        if command.name == "person" and name == "handle":
            return f"@{SUGGESTED}"
        return {"list": list_name, "handles": "@nobody_here", "handle": "@nobody_here", "timezone": "UTC"}.get(
            name, "rust, cargo"
        )
    if kind in (AppCommandOptionType.integer, AppCommandOptionType.number):
        return {"hour": 9, "weight": 1, "every_hours": 2, "size": 5}.get(name, 1)
    if kind == AppCommandOptionType.boolean:
        return False
    return None


Case = tuple[tuple[str, str | None, str | None], dict[str, Any], bool]
"""((command, subcommand, subcommand group), options, from a DM)."""


def _path(command: app_commands.Command[Any, ..., Any]) -> tuple[str, str | None, str | None]:
    """How the harness names ``command``: /person is ("person", None, None), /list add ("list", "add", None)."""
    parent = command.parent
    if parent is None:
        return command.name, None, None
    if parent.parent is None:
        return parent.name, command.name, None
    return parent.parent.name, command.name, parent.name


def _cases(client: CirclebotClient, list_name: str, locked: list[int]) -> list[Case]:
    """Every hostile value of every option of every command (top-level ones too), and one DM per command."""
    cases: list[Case] = []
    for command in client.tree.walk_commands():
        if isinstance(command, app_commands.Group):
            continue
        kinds = {"string", "integer", "number", "boolean", "channel"}
        parameters = [p for p in command.parameters if p.type.name in kinds]
        base = {p.name: _valid(command, p, list_name) for p in parameters if p.required}
        path = _path(command)
        cases.append((path, dict(base), True))
        for parameter in parameters:
            if parameter.choices:
                values: list[Any] = ["planet", "", "\x00"]
            elif parameter.type.name == "string":
                values = STRINGS
            elif parameter.type.name in {"integer", "number"}:
                values = NUMBERS
            elif parameter.type.name == "channel":
                values = list(locked)
            elif parameter.type.name == "boolean":
                values = ["yes", 2]  # Discord's clients send true or false; a crafted request anything
            else:
                continue
            for value in values:
                cases.append((path, {**base, parameter.name: value}, False))
    return cases


async def _suggest(db: Database, guild_id: int) -> None:
    """Someone the team was suggested (:data:`SUGGESTED`), as the digest would have stored them."""
    async with db.session() as session, session.begin():
        session.add(Account(id="4242", handle=SUGGESTED))
        session.add(Suggestion(guild_id=guild_id, digest_day=utcnow().date(), account_id="4242", position=0, score=1))


async def run_database(label: str, database_url: str, connect_args: dict[str, Any], totals: dict[str, int]) -> None:
    world = World.generate(seed=11, seeds=4, following_per_seed=60)
    clock = FakeClock()
    spec = DiscordSpec.load(SPEC)
    capture = Capture()
    logging.getLogger().addHandler(capture)
    refusals: set[int] = set()
    original = CirclebotTree.on_error

    async def counting(self: CirclebotTree, interaction: Any, error: app_commands.AppCommandError) -> None:
        cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        if isinstance(cause, CirclebotError | app_commands.TransformerError | app_commands.NoPrivateMessage):
            refusals.add(interaction.id)
        await original(self, interaction, error)

    CirclebotTree.on_error = counting  # type: ignore[method-assign]
    try:
        async with SandboxServer(world, clock=clock.time) as sandbox, FakeDiscord(spec=spec) as fake:
            settings = sandbox.client_settings(discord_token="fake-bot-token", database_url=database_url)
            secrets = _secrets(settings)
            guild_id = payloads.snowflake()
            owner = payloads.member(fake.owner)
            channel = payloads.text_channel(name="circle", guild_id=guild_id)
            locked = [
                payloads.text_channel(
                    name=name,
                    guild_id=guild_id,
                    permission_overwrites=[
                        {"id": fake.bot_user["id"], "type": 1, "allow": "0", "deny": str(denied.value)}
                    ],
                )
                for name, denied in LOCKED.items()
            ]
            guild = payloads.guild_create(
                guild_id, name="Team", owner_id=fake.owner["id"], channels=[channel, *locked], members=[owner]
            )
            async with (
                Database(settings.database_url, connect_args=connect_args) as db,
                XNetwork.from_settings(settings, db, clock=clock) as network,
            ):
                network.governor.backoff_seconds = 0.01
                client = CirclebotClient(settings, db=db, network=network, writer=OpenerWriter())
                async with DiscordHarness(fake, client, guilds=[guild], settle_timeout=30.0) as harness:
                    harness.expect_errors = True
                    created = await harness.slash(
                        "list", "create", options={"name": "Rust", "kind": "niche", "keywords": "rust"}, user=owner
                    )
                    secrets.add(created.token)
                    await _suggest(db, guild_id)
                    tables = await _tables(db)
                    tried = refused = generic = changed = over = 0
                    for (name, sub, group), options, dm in _cases(client, "Rust", [int(c["id"]) for c in locked]):
                        before = await _state(db, tables)
                        payload = harness.build_slash(name, sub, group=group, options=options, user=owner)
                        result = await harness.interact(
                            payloads.as_direct_message(payload, harness.fake.bot_user) if dm else payload
                        )
                        secrets.add(result.token)
                        tried += 1
                        answers = [str((r.data or {}).get("content", "")) for r in result.responses] + [
                            str(f.get("content", "")) for f in result.followups
                        ]
                        if any(GENERIC in answer for answer in answers) or result.errors:
                            generic += 1
                            print(f"{label}: generic /{name} {sub} {str(options)[:120]}", file=sys.stderr)
                        if int(payload["id"]) in refusals:
                            if answers and not any(GENERIC in answer for answer in answers):
                                refused += 1
                            if await _state(db, tables) != before:
                                changed += 1
                                print(
                                    f"{label}: changed on refusal /{name} {sub} {str(options)[:120]}", file=sys.stderr
                                )
                        over += sum(1 for answer in answers if len(answer) > 2000)
                over += len(fake.refused_over_limit)
                leaked = sum(1 for secret in secrets if any(secret in line for line in capture.lines))
                for violation in fake.spec_violations[:10]:
                    print(f"{label}: {violation}", file=sys.stderr)
                print(
                    f"{label}: tried={tried} refused={refused} generic={generic} changed_on_refusal={changed} "
                    f"over_limit={over} spec={len(fake.spec_violations)} leaked={leaked}",
                    file=sys.stderr,
                )
                for key, value in (
                    ("tried", tried),
                    ("clear_refusals", refused),
                    ("generic_errors", generic),
                    ("state_changed_on_refusal", changed),
                    ("over_limit_replies", over),
                    ("spec_violations", len(fake.spec_violations)),
                    ("secrets_in_logs", leaked),
                ):
                    totals[key] = totals.get(key, 0) + value
    finally:
        CirclebotTree.on_error = original  # type: ignore[method-assign]
        logging.getLogger().removeHandler(capture)


async def main(postgres: str | None) -> None:
    setup_logging("DEBUG")
    logging.getLogger().setLevel(logging.DEBUG)
    for noisy in ("aiosqlite", "asyncio", "apscheduler", "sqlalchemy"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.getLogger().handlers[0].setLevel(logging.CRITICAL)  # the console stays quiet; Capture reads all
    totals: dict[str, int] = {}
    databases = ["sqlite"]
    with tempfile.TemporaryDirectory() as directory:
        await run_database("sqlite", f"sqlite+aiosqlite:///{Path(directory) / 'bot.sqlite3'}", {}, totals)
    if postgres:
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        admin = create_async_engine(postgres)
        async with admin.begin() as connection:
            await connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        try:
            await run_database("postgresql", postgres, {"server_settings": {"search_path": schema}}, totals)
            databases.append("postgresql")
        finally:
            async with admin.begin() as connection:
                await connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
            await admin.dispose()
    print(f"databases={'+'.join(databases)}", file=sys.stderr)
    keys = (
        "tried",
        "clear_refusals",
        "generic_errors",
        "state_changed_on_refusal",
        "over_limit_replies",
        "spec_violations",
        "secrets_in_logs",
    )
    print(" ".join(f"{key}={totals.get(key, 0)}" for key in keys))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"), help="a PostgreSQL URL")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.postgres))
