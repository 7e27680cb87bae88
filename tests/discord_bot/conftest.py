"""The whole bot: real discord.py against the fake Discord, real tweepy against the sandbox X, a real database."""

from __future__ import annotations

import asyncio
import time
import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
from apscheduler.triggers.date import DateTrigger
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.client import CirclebotClient
from bot.clock import FakeClock
from bot.db import Database
from bot.networks.x import XNetwork
from bot.openers import OpenerWriter, warm_up
from bot.sandbox.fakediscord import DiscordHarness, FakeDiscord, payloads
from bot.sandbox.server import SandboxServer
from bot.sandbox.world import World
from tests.conftest import DATABASE_KINDS, POSTGRES_URL, assert_within_discords_spec, discord_spec

if TYPE_CHECKING:
    from collections.abc import AsyncIterator
    from pathlib import Path

    from bot.config import Settings
    from bot.sandbox.fakediscord import SlashResult

APPROVER_ROLE = 5_000_000_000_000_001


@dataclass
class Team:
    """The guild the tests play in: an owner, an approver (by role), a plain member, and a digest channel."""

    guild: dict[str, Any]
    channel: dict[str, Any]
    owner: dict[str, Any]
    approver: dict[str, Any]
    stranger: dict[str, Any]

    @property
    def guild_id(self) -> int:
        return int(self.guild["id"])

    @property
    def channel_id(self) -> int:
        return int(self.channel["id"])


def make_team(fake: FakeDiscord) -> Team:
    guild_id = payloads.snowflake()
    owner = payloads.member(fake.owner)
    approver = payloads.member(payloads.user(username="bob"), roles=[APPROVER_ROLE])
    stranger = payloads.member(payloads.user(username="alice"))
    channel = payloads.text_channel(name="circle", guild_id=guild_id)
    guild = payloads.guild_create(
        guild_id,
        name="Circle Team",
        owner_id=fake.owner["id"],
        channels=[channel],
        roles=[payloads.role(APPROVER_ROLE, name="approvers")],
        members=[owner, approver, stranger],
    )
    return Team(guild=guild, channel=channel, owner=owner, approver=approver, stranger=stranger)


@dataclass
class BotWorld:
    """Everything one test needs, shared by the restarts within it."""

    sandbox: SandboxServer
    fake: FakeDiscord
    team: Team
    database_url: str
    clock: FakeClock

    def settings(self) -> Settings:
        return self.sandbox.client_settings(
            discord_token="fake-bot-token",
            database_url=self.database_url,
            daily_spend_cap=500.0,
            x_timeout_seconds=2.0,
        )

    @asynccontextmanager
    async def running_bot(self) -> AsyncIterator[DiscordHarness]:
        """Start the bot (as `run` does) and connect it to the fake Discord; a second call is a restart."""
        settings = self.settings()
        async with Database(settings.database_url) as db, XNetwork.from_settings(settings, db, clock=self.clock) as x:
            x.governor.backoff_seconds = 0.01
            client = CirclebotClient(settings, db=db, network=x, writer=OpenerWriter())
            async with DiscordHarness(self.fake, client, guilds=[self.team.guild], settle_timeout=20.0) as harness:
                yield harness


@pytest.fixture(scope="session", autouse=True)
def _language_models_loaded() -> None:
    """Load the openers' language models once, before any bot runs: their first import takes seconds on a busy
    machine, which a test timing interactions must not measure."""
    warm_up()


@asynccontextmanager
async def postgres_database_url() -> AsyncIterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards. A database rather than a schema: the bot
    opens its own connections (and APScheduler's job store its own, synchronous ones) from the URL alone."""
    assert POSTGRES_URL is not None
    name = f"bot_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as connection:
            await connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.dispose()


# Put on a test (or a module's ``pytestmark``) to run it on SQLite and, when TEST_DATABASE_URL is set, PostgreSQL.
on_both_databases = pytest.mark.parametrize("bot_world", DATABASE_KINDS, indirect=True)


@pytest.fixture
async def bot_world(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[BotWorld]:
    """The world of one test. The fake Discord checks every request and answer against Discord's OpenAPI spec
    (a few milliseconds a request), and the test fails at its end if any broke it. On SQLite unless the test is
    parametrised with ``on_both_databases`` (then also on PostgreSQL when TEST_DATABASE_URL is set)."""
    kind = getattr(request, "param", "sqlite")
    if kind == "postgresql":
        if not POSTGRES_URL:
            pytest.skip("TEST_DATABASE_URL is not set (CI sets it to run every database test on PostgreSQL)")
        async with postgres_database_url() as url:
            async for world in _bot_world(url):
                yield world
        return
    async for world in _bot_world(f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"):
        yield world


async def _bot_world(database_url: str) -> AsyncIterator[BotWorld]:
    world = World.generate(seed=11, seeds=4, following_per_seed=150)
    clock = FakeClock()
    async with SandboxServer(world, clock=clock.time) as sandbox, FakeDiscord(spec=discord_spec()) as fake:
        sandbox.config.follow_forbidden = False
        yield BotWorld(
            sandbox=sandbox,
            fake=fake,
            team=make_team(fake),
            database_url=database_url,
            clock=clock,
        )
    assert_within_discords_spec(fake)


def circlebot(harness: DiscordHarness) -> CirclebotClient:
    """The harness's client, as the Circlebot client it is."""
    assert isinstance(harness.client, CirclebotClient)
    return harness.client


async def run_one_off_jobs(harness: DiscordHarness, *, within: float = 30.0) -> None:
    """Wait until the one-off jobs the bot scheduled (``/digest now``, crawling new seeds) have run to their end.

    APScheduler removes a date-triggered job from its store once it handed the run to the event loop, so: wait for
    the store to hold none, then for every task (the run itself, and what it sent to Discord) to finish."""
    scheduler = circlebot(harness).scheduler
    deadline = time.monotonic() + within
    while any(isinstance(job.trigger, DateTrigger) for job in scheduler.get_jobs()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"one-off jobs still waiting after {within} s: {scheduler.get_jobs()}")
        await asyncio.sleep(0.01)
    await harness.settle(within=max(deadline - time.monotonic(), 1.0))


async def digest_now(harness: DiscordHarness, user: dict[str, Any]) -> SlashResult:
    """``/digest now`` as ``user``, then wait for the job it scheduled (discovery if needed, and the posting)."""
    result = await harness.slash("digest", "now", user=user)
    await run_one_off_jobs(harness)
    return result
