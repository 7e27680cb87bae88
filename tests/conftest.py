"""Fixtures shared by the whole suite: databases (SQLite, and PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from bot.db import Database

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
