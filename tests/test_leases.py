"""Leases: exclusive work across jobs and processes, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from bot import leases
from bot.models import utcnow
from tests.conftest import second_process_db

if TYPE_CHECKING:
    from bot.db import Database

TTL = timedelta(minutes=1)


async def test_lease_is_taken_once_until_it_expires_or_is_released(db: Database) -> None:
    now = utcnow()
    assert await leases.try_acquire(db, "crawl:following:1", holder="a", ttl=TTL, now=now)
    assert not await leases.try_acquire(db, "crawl:following:1", holder="b", ttl=TTL, now=now)
    assert await leases.try_acquire(db, "crawl:following:1", holder="a", ttl=TTL, now=now), "the holder renews"
    assert await leases.try_acquire(db, "crawl:following:2", holder="b", ttl=TTL, now=now), "other names are free"
    # A crashed holder never releases: its lease expires.
    assert await leases.try_acquire(db, "crawl:following:1", holder="b", ttl=TTL, now=now + TTL * 2)


async def test_hold_makes_a_second_holder_wait_across_database_objects(db: Database) -> None:
    """Two Database objects on one database stand for two processes: only the lease row keeps them apart."""
    other = await second_process_db(db)
    order: list[str] = []

    async def work(database: Database, who: str) -> None:
        async with leases.hold(database, "crawl:following:9", ttl=TTL, wait=timedelta(seconds=20)):
            order.append(f"{who} in")
            await asyncio.sleep(0.3)
            order.append(f"{who} out")

    try:
        await asyncio.gather(work(db, "a"), work(other, "b"))
    finally:
        await other.close()
    assert order in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"])


async def test_hold_gives_up_after_its_wait_and_a_lost_lease_stops_writes(db: Database) -> None:
    assert await leases.try_acquire(db, "crawl:following:5", holder="elsewhere", ttl=TTL)
    with pytest.raises(leases.LeaseBusy, match="another job"):
        async with leases.hold(db, "crawl:following:5", ttl=TTL, wait=timedelta(seconds=0.5)):
            pass
    async with leases.hold(db, "crawl:following:6", ttl=TTL, wait=timedelta(0)) as lease:
        lease.check()
        # Another worker took it after this one stalled past its TTL.
        assert await leases.try_acquire(db, "crawl:following:6", holder="thief", ttl=TTL, now=utcnow() + TTL * 2)
        assert not await lease.renew()
        with pytest.raises(leases.LeaseLost):
            lease.check()
    assert not await leases.try_acquire(db, "crawl:following:6", holder="late", ttl=TTL), "the thief's lease stands"
