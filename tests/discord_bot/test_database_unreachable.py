"""The database goes away while the bot runs: a command answers with one polite line (not the generic error),
and the log says so once, in one line, without the DATABASE_URL's password."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.client import DATABASE_UNREACHABLE
from bot.db import database_unreachable, redact
from tests.discord_bot.conftest import circlebot
from tests.discord_bot.test_end_to_end import content

if TYPE_CHECKING:
    from tests.discord_bot.conftest import BotWorld

PASSWORD = "hunter2-db-secret"
# Nothing listens on port 9 (discard): connecting is refused at once, as when the database server is down.
UNREACHABLE = [
    f"postgresql+asyncpg://circle:{PASSWORD}@127.0.0.1:9/circlebot",
    "sqlite+aiosqlite:////proc/version/bot.sqlite3",  # under a file: the database file can't be opened
]


@pytest.mark.parametrize("url", UNREACHABLE)
async def test_an_unreachable_database_is_one_polite_line_and_one_clean_log_line(
    bot_world: BotWorld, url: str, caplog: pytest.LogCaptureFixture
) -> None:
    team = bot_world.team
    caplog.set_level(logging.DEBUG)
    async with bot_world.running_bot() as bot:
        bot.expect_errors = True
        db = circlebot(bot).db
        working = (db.url, db.engine, db._sessions)
        gone = create_async_engine(url)
        db.url, db.engine = url, gone
        db._sessions = async_sessionmaker(gone, class_=AsyncSession, expire_on_commit=False)
        try:
            for group, sub, options in (
                ("seed", "list", {}),
                ("seed", "add", {"handles": "@alice_b"}),
                ("list", "show", {}),
                ("settings", "status", {}),
            ):
                first = len(caplog.records)
                result = await bot.slash(group, sub, options=options, user=team.owner)
                assert content(result) == DATABASE_UNREACHABLE, (group, sub, content(result))
                records = caplog.records[first:]
                problems = [r for r in records if r.levelno >= logging.ERROR]
                assert len(problems) == 1 and "database unreachable during /" in problems[0].getMessage()
                assert problems[0].exc_info is None, "one line, no traceback"
                for record in records:
                    assert PASSWORD not in record.getMessage() and PASSWORD not in (record.exc_text or "")
        finally:
            db.url, db.engine, db._sessions = working
            await gone.dispose()
        back = await bot.slash("seed", "list", user=team.owner)
        assert "No seeds yet" in content(back), "it answers again once the database is back"


def test_query_errors_are_not_taken_for_an_unreachable_database() -> None:
    from sqlalchemy.exc import IntegrityError, OperationalError

    assert not database_unreachable(IntegrityError("INSERT …", {}, Exception("UNIQUE constraint failed")))
    assert not database_unreachable(OperationalError("SELECT …", {}, Exception("no such table: seed")))
    assert database_unreachable(OperationalError("SELECT …", {}, Exception("database is locked")))
    assert database_unreachable(ConnectionRefusedError(111, "Connect call failed")) is False, "not via the pool"


def test_redact_takes_out_the_configured_password_and_any_url_password() -> None:
    url = f"postgresql+asyncpg://circle:{PASSWORD}@db.internal:5432/circlebot"
    said = redact(f"could not connect to {url} (password {PASSWORD})", url)
    assert PASSWORD not in said and "circle:***@db.internal" in said
    assert redact("redis://u:pw@h/0 failed", "sqlite+aiosqlite:///bot.sqlite3") == "redis://u:***@h/0 failed"
