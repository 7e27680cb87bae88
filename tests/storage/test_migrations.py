from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel, select

from bot.models import Account, ApiCall, GuildSettings, Seed

if TYPE_CHECKING:
    from bot.db import Database


async def test_migrations_build_exactly_the_models(db: Database) -> None:
    def differences(connection: object) -> list[object]:
        context = MigrationContext.configure(connection)  # type: ignore[arg-type]
        return compare_metadata(context, SQLModel.metadata)

    async with db.engine.connect() as connection:
        diff = await connection.run_sync(differences)
    assert diff == []


async def test_migrations_apply_twice_without_change(db: Database) -> None:
    await db.migrate()
    async with db.session() as session:
        assert (await session.exec(select(GuildSettings))).all() == []


async def test_datetimes_come_back_aware_in_utc(db: Database) -> None:
    posted = datetime(2026, 11, 1, 12, 30, tzinfo=timezone(timedelta(hours=2)))
    async with db.session() as session, session.begin():
        session.add(Account(id="42", handle="someone", most_recent_post_at=posted))
    async with db.session() as session:
        account = (await session.exec(select(Account))).one()
    assert account.most_recent_post_at == posted
    assert account.most_recent_post_at is not None and account.most_recent_post_at.tzinfo == UTC


async def test_discord_ids_fit_in_the_database(db: Database) -> None:
    guild_id = 1_234_567_890_123_456_789  # Discord snowflakes need 64 bits
    async with db.session() as session, session.begin():
        session.add(GuildSettings(guild_id=guild_id))
        session.add(Seed(guild_id=guild_id, account_id="1072250532645998596", handle="a_seed", added_by=guild_id))
        session.add(ApiCall(guild_id=guild_id, endpoint="GET /2/users", outcome="ok", cost_micros=10_000))
    async with db.session() as session:
        seed = (await session.exec(select(Seed))).one()
        call = (await session.exec(select(ApiCall))).one()
    assert seed.guild_id == guild_id and seed.weight == 1.0
    assert call.dollars == 0.01
