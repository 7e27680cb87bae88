"""Exclusive work across jobs and processes: a lease row per piece of work, renewed while held.

Why not a database lock: SQLite has no row or advisory locks, and holding a transaction open while X answers is
what this codebase never does (see bot/db.py). So a lease is a row ``(name, holder, expires_at)`` taken with one
atomic upsert that succeeds only if the row is absent, expired or already ours. In one process an asyncio lock
per name comes first, so tasks hand over at once instead of polling. While held, a heartbeat renews the row;
a worker that stalls past ``ttl`` (or crashes) loses it, learns so at its next :meth:`Lease.check`, and stops
before writing anything more.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import delete, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col

from bot.errors import CirclebotError
from bot.models import Lease as LeaseRow
from bot.models import utcnow

if TYPE_CHECKING:
    from collections.abc import AsyncIterator
    from datetime import datetime, timedelta

    from bot.db import Database

log = logging.getLogger(__name__)

POLL = 0.2  # seconds between tries while another process holds the lease (doubling up to POLL_MAX)
POLL_MAX = 2.0

# One lock per database and lease name in this process; dropped when no task holds or waits for it. Keyed by the
# Database object too, so two of them on one database behave like two processes (only the row decides).
_local_locks: weakref.WeakValueDictionary[tuple[int, str], asyncio.Lock] = weakref.WeakValueDictionary()


class LeaseBusy(CirclebotError):
    """The work is being done elsewhere and did not finish within the wait."""

    def __init__(self, name: str, waited: timedelta) -> None:
        super().__init__(f"{name} is being done by another job; gave up after waiting {waited}.")
        self.name = name


class LeaseLost(CirclebotError):
    """The lease expired and another worker took it: stop without writing."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} was taken over by another job after this one stalled; it stopped there.")
        self.name = name


@dataclass
class Lease:
    """A held lease. ``check()`` before each write: it raises :class:`LeaseLost` once the heartbeat lost it."""

    db: Database
    name: str
    holder: str
    ttl: timedelta
    lost: bool = False
    _heartbeat: asyncio.Task[None] | None = field(default=None, repr=False)

    def check(self) -> None:
        if self.lost:
            raise LeaseLost(self.name)

    async def renew(self) -> bool:
        """Extend the lease by ``ttl`` from now; ``False`` (and :attr:`lost`) if it is no longer ours."""
        async with self.db.session() as session, session.begin():
            result = await session.exec(  # type: ignore[call-overload]
                update(LeaseRow)
                .where(col(LeaseRow.name) == self.name, col(LeaseRow.holder) == self.holder)
                .values(expires_at=utcnow() + self.ttl)
            )
        if int(result.rowcount or 0) != 1:
            self.lost = True
        return not self.lost

    async def _beat(self) -> None:
        while not self.lost:
            await asyncio.sleep(self.ttl.total_seconds() / 3)
            try:
                if not await self.renew():
                    log.warning("lease %s was lost by %s", self.name, self.holder)
            except Exception:  # a failed renewal is retried at the next beat; the lease may still expire
                log.exception("renewing lease %s failed", self.name)


def new_holder() -> str:
    """Who holds a lease: host, process and a token unique to this acquisition."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


async def try_acquire(db: Database, name: str, *, holder: str, ttl: timedelta, now: datetime | None = None) -> bool:
    """Take lease ``name`` for ``holder`` until ``now + ttl`` if it is free, expired or already ``holder``'s.

    One INSERT … ON CONFLICT DO UPDATE … WHERE (SQLite ≥ 3.24 and PostgreSQL): atomic on both databases.
    """
    moment = now or utcnow()
    async with db.session() as session, session.begin():
        dialect = session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(LeaseRow).values(name=name, holder=holder, expires_at=moment + ttl)
        table = LeaseRow.__table__  # type: ignore[attr-defined]
        statement = statement.on_conflict_do_update(
            index_elements=["name"],
            set_={"holder": statement.excluded.holder, "expires_at": statement.excluded.expires_at},
            where=or_(table.c.expires_at < moment, table.c.holder == holder),
        )
        result = await session.exec(statement)  # type: ignore[call-overload]
    return int(result.rowcount or 0) == 1


async def release(db: Database, lease: Lease) -> None:
    """Give the lease back (only if still ours)."""
    async with db.session() as session, session.begin():
        await session.exec(  # type: ignore[call-overload]
            delete(LeaseRow).where(col(LeaseRow.name) == lease.name, col(LeaseRow.holder) == lease.holder)
        )


@contextlib.asynccontextmanager
async def hold(db: Database, name: str, *, ttl: timedelta, wait: timedelta) -> AsyncIterator[Lease]:
    """Hold lease ``name`` for the block, waiting up to ``wait`` for whoever holds it (in this process or another).

    Raises :class:`LeaseBusy` if it is still held after ``wait``. The block should call ``lease.check()`` before
    each write, which raises :class:`LeaseLost` if the lease was lost meanwhile.
    """
    lock = _local_locks.get((id(db), name))
    if lock is None:
        lock = _local_locks[id(db), name] = asyncio.Lock()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait.total_seconds()
    if lock.locked():
        try:
            await asyncio.wait_for(lock.acquire(), timeout=max(0.01, deadline - loop.time()))
        except TimeoutError:
            raise LeaseBusy(name, wait) from None
    else:
        await lock.acquire()
    try:
        holder = new_holder()
        pause = POLL
        while not await try_acquire(db, name, holder=holder, ttl=ttl):
            if loop.time() + pause > deadline:
                raise LeaseBusy(name, wait)
            await asyncio.sleep(pause)
            pause = min(POLL_MAX, pause * 2)
        lease = Lease(db=db, name=name, holder=holder, ttl=ttl)
        lease._heartbeat = asyncio.create_task(lease._beat(), name=f"lease {name}")
        try:
            yield lease
        finally:
            lease._heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await lease._heartbeat
            await asyncio.shield(release(db, lease))
    finally:
        lock.release()
