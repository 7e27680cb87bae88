"""Fixtures shared by the whole suite: databases (SQLite, and PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from bot.clock import FakeClock
from bot.db import Database
from bot.sandbox.discord_spec import DiscordSpec

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from bot.networks.x import XNetwork
    from bot.sandbox.fakediscord import FakeDiscord
    from bot.sandbox.server import SandboxServer

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")


def shared_path(relative: str) -> Path:
    """A file of ../shared, or skip the test that needs it."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"../shared/{relative} is not present on this machine")
    return path


async def _postgres_database() -> AsyncIterator[Database]:
    """A fresh schema per test, dropped afterwards, so tests never see each other's rows."""
    assert POSTGRES_URL is not None
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(POSTGRES_URL)
    async with admin.begin() as connection:
        await connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    database = Database(POSTGRES_URL, connect_args={"server_settings": {"search_path": schema}})
    try:
        await database.migrate()
        yield database
    finally:
        await database.close()
        async with admin.begin() as connection:
            await connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        await admin.dispose()


async def second_process_db(db: Database) -> Database:
    """Another Database object on the same database (and PostgreSQL schema): what a second process would use.
    Close it after use."""
    if not db.url.startswith("postgresql"):
        return Database(db.url)
    async with db.engine.connect() as connection:
        schema = (await connection.exec_driver_sql("SELECT current_schema()")).scalar_one()
    return Database(db.url, connect_args={"server_settings": {"search_path": schema}})


DATABASE_KINDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=DATABASE_KINDS)
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated database: a SQLite file per test, and the same test on PostgreSQL when configured."""
    if request.param == "postgresql":
        if not POSTGRES_URL:
            pytest.skip("TEST_DATABASE_URL is not set (CI sets it to run every database test on PostgreSQL)")
        async for database in _postgres_database():
            yield database
        return
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'circlebot.sqlite3'}")
    try:
        await database.migrate()
        yield database
    finally:
        await database.close()


@pytest.fixture
async def sqlite_db(tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated SQLite database, for tests about X rather than about storage."""
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'circlebot.sqlite3'}")
    await database.migrate()
    try:
        yield database
    finally:
        await database.close()


# -- the sandbox X ------------------------------------------------------------------------------------------

WORLD_NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def small_world_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small deterministic world, generated once and loaded fresh by each test (tests change worlds)."""
    from bot.sandbox.world import World

    path = tmp_path_factory.mktemp("worlds") / "small.json.gz"
    World.generate(seed=3, seeds=4, following_per_seed=120, now=WORLD_NOW).save(path)
    return path


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(start=WORLD_NOW.timestamp())


@pytest.fixture
async def sandbox(small_world_file: Path, clock: FakeClock) -> AsyncIterator[SandboxServer]:
    from bot.sandbox.server import SandboxServer
    from bot.sandbox.world import World

    async with SandboxServer(World.load(small_world_file), clock=clock.time) as server:
        yield server


@pytest.fixture
async def x(sandbox: SandboxServer, sqlite_db: Database, clock: FakeClock) -> AsyncIterator[XNetwork]:
    from tests.networks.helpers import x_network, x_settings

    settings = x_settings(sandbox.base_url, x_access_token=f"{sandbox.world.me_id}-sandboxtoken")
    async with x_network(settings, sqlite_db, clock) as network:
        yield network


@pytest.fixture
async def db_x(sandbox: SandboxServer, db: Database, clock: FakeClock) -> AsyncIterator[XNetwork]:
    """The X client recording its ledger in the parametrized database (SQLite, and PostgreSQL when configured)."""
    from tests.networks.helpers import x_network, x_settings

    settings = x_settings(sandbox.base_url, x_access_token=sandbox.config.access_token)
    async with x_network(settings, db, clock) as network:
        yield network


def discord_spec() -> DiscordSpec:
    """Discord's OpenAPI spec, loaded once per test session (about two seconds; :meth:`DiscordSpec.load` caches it
    and openapi-core its compiled validators)."""
    return DiscordSpec.load(shared_path("discord-api/openapi.json"))


def assert_within_discords_spec(fake: FakeDiscord) -> None:
    """Fail a test whose bot sent a request Discord's spec refuses, or got an answer Discord would not give: a
    fake that accepts what Discord refuses lets a test pass where production fails (issue 10)."""
    violations = [str(violation) for violation in fake.spec_violations]
    assert violations == [], "Discord's spec is broken by:\n" + "\n".join(violations)
