"""Seeds: add by handle or link, refuse what can't be a seed, remove, weigh."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlmodel import select

from bot.discovery import seeds
from bot.errors import XUnavailable
from bot.models import Account, Seed
from bot.sandbox.server import Faults, SandboxServer

if TYPE_CHECKING:
    from bot.db import Database
    from bot.networks.x import XNetwork

GUILD = 111


async def test_seed_add_accepts_handles_and_links_and_refuses_with_reasons(
    x: XNetwork, sandbox: SandboxServer, sqlite_db: Database
) -> None:
    world = sandbox.world
    first, second = (world.users[uid] for uid in world.seed_ids[:2])
    protected = next(user for user in world.users.values() if user.protected)
    suspended = next(user for user in world.users.values() if user.suspended)
    raw = (
        f"@{first.username} https://x.com/{second.username} {protected.username}, {suspended.username} "
        "nob0dy_here ja!ck 😀"
    )
    async with sqlite_db.session() as session, session.begin():
        result = await seeds.add(session, x, guild_id=GUILD, raw=raw, added_by=42)
    assert {seed.handle for seed in result.added} == {first.username, second.username}
    reasons = {refusal.entry: refusal.reason for refusal in result.refused}
    assert "protected" in reasons[protected.username]
    assert "suspended" in reasons[suspended.username]
    assert "not found" in reasons["nob0dy_here"]
    assert "is not an X handle" in reasons["ja!ck"]
    assert "😀" not in reasons, "an emoji pasted between handles is decoration, not a handle to refuse"
    assert len(sandbox.requests_to("GET /2/users/by")) == 1, "resolved in one batch"
    async with sqlite_db.session() as session:
        stored = (await session.exec(select(Seed))).all()
        snapshots = (await session.exec(select(Account))).all()
    assert {seed.account_id for seed in stored} == {first.id, second.id}
    assert all(seed.added_by == 42 and seed.weight == 1.0 for seed in stored)
    assert {account.id for account in snapshots} == {first.id, second.id}


async def test_seed_add_twice_reports_already_and_costs_nothing(
    x: XNetwork, sandbox: SandboxServer, sqlite_db: Database
) -> None:
    handle = sandbox.world.users[sandbox.world.seed_ids[0]].username
    async with sqlite_db.session() as session, session.begin():
        await seeds.add(session, x, guild_id=GUILD, raw=handle, added_by=1)
    async with sqlite_db.session() as session, session.begin():
        again = await seeds.add(session, x, guild_id=GUILD, raw=f"@{handle.upper()}", added_by=1)
    assert again.added == [] and [seed.handle for seed in again.already] == [handle]
    assert len(sandbox.requests_to("GET /2/users/by")) == 1


async def test_seed_remove_keeps_history_and_readd_restores(
    x: XNetwork, sandbox: SandboxServer, sqlite_db: Database
) -> None:
    handle = sandbox.world.users[sandbox.world.seed_ids[0]].username
    async with sqlite_db.session() as session, session.begin():
        await seeds.add(session, x, guild_id=GUILD, raw=handle, added_by=1)
    async with sqlite_db.session() as session, session.begin():
        await seeds.remove(session, guild_id=GUILD, raw=f"@{handle}")
    async with sqlite_db.session() as session:
        assert await seeds.active_seeds(session, guild_id=GUILD) == []
        assert len((await session.exec(select(Seed))).all()) == 1, "the row (history) stays"
    async with sqlite_db.session() as session, session.begin():
        result = await seeds.add(session, x, guild_id=GUILD, raw=handle, added_by=2)
    assert [seed.handle for seed in result.added] == [handle]
    async with sqlite_db.session() as session:
        assert len((await session.exec(select(Seed))).all()) == 1


async def test_seed_weight_and_errors(x: XNetwork, sandbox: SandboxServer, sqlite_db: Database) -> None:
    handle = sandbox.world.users[sandbox.world.seed_ids[0]].username
    async with sqlite_db.session() as session, session.begin():
        await seeds.add(session, x, guild_id=GUILD, raw=handle, added_by=1)
    async with sqlite_db.session() as session, session.begin():
        seed = await seeds.set_weight(session, guild_id=GUILD, raw=handle, weight=2.5)
    assert seed.weight == 2.5
    async with sqlite_db.session() as session:
        with pytest.raises(seeds.InvalidWeight, match="between"):
            await seeds.set_weight(session, guild_id=GUILD, raw=handle, weight=0)
        with pytest.raises(seeds.NotASeed, match="@someone_else"):
            await seeds.remove(session, guild_id=GUILD, raw="someone_else")
        with pytest.raises(seeds.NotASeed):
            await seeds.remove(session, guild_id=GUILD + 1, raw=handle)  # another team's seed


async def test_seed_add_when_x_fails_writes_nothing(x: XNetwork, sandbox: SandboxServer, sqlite_db: Database) -> None:
    sandbox.faults = Faults(server_error=1.0)
    x.governor.max_retries = 2
    handle = sandbox.world.users[sandbox.world.seed_ids[0]].username
    with pytest.raises(XUnavailable):
        async with sqlite_db.session() as session, session.begin():
            await seeds.add(session, x, guild_id=GUILD, raw=handle, added_by=1)
    async with sqlite_db.session() as session:
        assert (await session.exec(select(Seed))).all() == []


async def test_seed_limit(x: XNetwork, sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(seeds, "MAX_SEEDS_PER_GUILD", 1)
    async with sqlite_db.session() as session:
        with pytest.raises(seeds.SeedLimitReached, match="at most 1 seeds"):
            await seeds.add(session, x, guild_id=GUILD, raw="a b", added_by=1)
