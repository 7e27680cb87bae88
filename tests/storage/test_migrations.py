from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import StatementError
from sqlmodel import SQLModel, select

from bot.models import (
    Account,
    Action,
    ActionKind,
    ActionState,
    ApiCall,
    CrawlDirection,
    CrawlState,
    DigestPost,
    DigestState,
    GuildSettings,
    ListKind,
    Seed,
    XList,
)

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


async def test_typed_states_are_stored_as_the_same_strings_as_before(db: Database) -> None:
    """The StrEnums changed no stored value: an enum is written as the old string, and an old string (a row
    written before the enums, or by hand) reads back as the enum, equal to that string."""
    async with db.session() as session, session.begin():
        session.add(Action(guild_id=1, account_id="42", handle="a", kind=ActionKind.FOLLOW, state=ActionState.BY_HAND))
        session.add(XList(guild_id=1, x_list_id="7", name="Rust", kind=ListKind.CITY))
        session.add(DigestPost(guild_id=1, digest_day=date(2026, 11, 1), state=DigestState.POSTED))
        session.add(CrawlState(account_id="42", direction=CrawlDirection.FOLLOWERS))
    async with db.engine.connect() as connection:
        raw = (
            await connection.execute(
                text(
                    "SELECT a.kind, a.state, l.kind, d.state, c.direction "
                    "FROM action a, x_list l, digest_post d, crawl_state c"
                )
            )
        ).one()
    assert tuple(raw) == ("follow", "by_hand", "city", "posted", "followers")
    assert all(type(value) is str for value in raw), "the database holds plain text, not enum names"

    async with db.engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO action (guild_id, account_id, handle, kind, state, approvers, created_at) "
                "VALUES (2, '43', 'b', 'list_add', 'unknown', '[]', :at)"
            ),
            {"at": datetime(2026, 11, 1, tzinfo=UTC)},
        )
        await connection.execute(text("UPDATE crawl_state SET direction = 'following' WHERE account_id = '42'"))
    async with db.session() as session:
        action = (await session.exec(select(Action).where(Action.guild_id == 2))).one()
        state = (await session.exec(select(CrawlState))).one()
        by_old_string = (await session.exec(select(Action).where(Action.kind == "list_add"))).one()
    assert action.kind is ActionKind.LIST_ADD and action.kind == "list_add"
    assert action.state is ActionState.UNKNOWN and action.state == "unknown"
    assert state.direction is CrawlDirection.FOLLOWING and state.direction == "following"
    assert by_old_string.id == action.id, "queries with the old strings still match"


async def test_a_state_outside_its_enum_is_refused(db: Database) -> None:
    with pytest.raises(StatementError, match="not a valid ActionState"):
        async with db.session() as session, session.begin():
            session.add(Action(guild_id=1, account_id="42", handle="a", kind=ActionKind.FOLLOW, state="sent"))  # type: ignore[arg-type]
    async with db.session() as session:
        assert (await session.exec(select(Action))).all() == []
