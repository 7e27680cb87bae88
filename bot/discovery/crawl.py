"""Crawling following lists at the least cost, resumably.

Every user X returns costs money, so:
- a first crawl reads the whole list in pages of 1000, storing the cursor after each page: an interrupted
  crawl (budget, outage, restart) continues where it stopped;
- a refresh reads only what is new. X lists the most recent follows first, so a refresh reads one small page
  (sized from how much the account's following count grew) and stops at the first edge it already knows.
  That order is documented for v1.1 only and "subject to change", so every refresh checks it: a known edge
  followed by unknown ones means the order no longer holds, and the account gets a full crawl;
- a full re-crawl, which also notices unfollows, happens rarely (every ``full_every``, default 30 days).
X is called with no transaction open; each page is written in one short transaction after it arrives.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from sqlmodel import col, delete, func, select

from bot.errors import CirclebotError, ListingCutShort, XError
from bot.leases import LeaseBusy, LeaseLost, hold
from bot.models import CrawlDirection, CrawlState, FollowEdge, utcnow
from bot.networks.paging import Pager
from bot.storage import record_edges, upsert_accounts

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy import ColumnElement
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.db import Database
    from bot.leases import Lease
    from bot.networks.base import NetworkAccount, Page, SocialNetwork

log = logging.getLogger(__name__)

FULL_PAGE = 1000
# A full crawl's last page asks for this many more than the count says are left (follows made meanwhile).
REFRESH_MARGIN = 10
MIN_PAGE = 5
# Page budgets: a run stops there (a full crawl resumes at its stored cursor next run). They also end a listing
# whose cursor X keeps repeating without it being noticed, which the spend cap would not: X bills a resource once
# a day. A full crawl may read this many pages more than the reported count needs (follows made meanwhile).
FULL_CRAWL_SPARE_PAGES = 10
MAX_FULL_CRAWL_PAGES = 100  # 100,000 accounts a run
# One crawler per listing, across jobs and processes (bot/leases.py): a second one waits, then finds it fresh.
CRAWL_LEASE = timedelta(minutes=1)  # renewed every 20 s while crawling; a crashed crawler's expires this fast
CRAWL_WAIT = timedelta(minutes=15)
FRESH_FOR = timedelta(hours=1)  # a listing read to its end this recently is not read again
MAX_REFRESH_PAGES = 8  # 5, 20, 80, 320, then 1000 a page: a refresh that finds no known edge needs a full crawl


@dataclass(frozen=True)
class CrawlReport:
    account_id: str
    direction: CrawlDirection
    mode: Literal["full", "refresh", "unchanged", "busy"]
    pages: int
    accounts_seen: int
    new_edges: int
    removed_edges: int
    complete: bool
    order_violation: bool = False
    failure: CirclebotError | None = None  # why the crawl stopped early; typed, so callers decide by its class

    @property
    def error(self) -> str | None:
        """The failure's polite message, for people and logs."""
        return self.failure.message if self.failure else None

    @property
    def cursor_repeated(self) -> bool:
        """X gave a page cursor it had already given: the walk stopped there."""
        return isinstance(self.failure, ListingCutShort) and self.failure.repeated


async def load_state(session: AsyncSession, account_id: str, direction: CrawlDirection) -> CrawlState:
    state = await session.get(CrawlState, (account_id, direction))
    return state or CrawlState(account_id=account_id, direction=direction)


async def fully_crawled(session: AsyncSession, account_ids: Sequence[str]) -> set[str]:
    """The accounts whose following list has been read to the end at least once."""
    if not account_ids:
        return set()
    rows = await session.exec(
        select(CrawlState.account_id).where(
            col(CrawlState.account_id).in_(list(account_ids)),
            CrawlState.direction == CrawlDirection.FOLLOWING,
            col(CrawlState.last_full_crawl_at).is_not(None),
        )
    )
    return set(rows.all())


async def crawl(
    db: Database,
    network: SocialNetwork,
    *,
    account_id: str,
    direction: CrawlDirection = CrawlDirection.FOLLOWING,
    reported_count: int | None = None,
    full_every: timedelta = timedelta(days=30),
    max_pages: int | None = None,
    unless_crawled: bool = False,
    now: datetime | None = None,
) -> CrawlReport:
    """Bring the stored list of ``account_id`` up to date; resumes an interrupted full crawl.

    ``reported_count`` is the list's length as X reports it now (``following_count`` / ``followers_count``
    from a cheap lookup); when it equals what we stored last time, nothing is read. Nothing is read either for
    a list read to its end less than :data:`FRESH_FOR` ago, or ever if ``unless_crawled`` (the new-seed job).
    Only one crawler reads a listing at a time, across jobs and processes: a second one waits up to
    :data:`CRAWL_WAIT` for the first (then usually finds the list fresh), or reports mode ``"busy"``.
    """
    moment = now or utcnow()
    try:
        async with hold(db, f"crawl:{direction}:{account_id}", ttl=CRAWL_LEASE, wait=CRAWL_WAIT) as lease:
            # Read the state only once the lease is ours: it holds whatever the previous holder did.
            async with db.session() as session:
                state = await load_state(session, account_id, direction)
            unfinished = state.needs_full_crawl or state.cursor is not None or state.known_count is None
            full_due = state.last_full_crawl_at is None or moment - state.last_full_crawl_at >= full_every
            fresh = state.last_refresh_at is not None and moment - state.last_refresh_at < FRESH_FOR
            if not unfinished and (fresh or (unless_crawled and state.last_full_crawl_at is not None)):
                return CrawlReport(account_id, direction, "unchanged", 0, 0, 0, 0, complete=True)
            if unfinished or full_due:
                return await _full_crawl(
                    db, network, state, lease, reported_count=reported_count, max_pages=max_pages, now=moment
                )
            if reported_count is not None and reported_count == state.known_count:
                return CrawlReport(account_id, direction, "unchanged", 0, 0, 0, 0, complete=True)
            return await _refresh(db, network, state, lease, reported_count=reported_count, now=moment)
    except LeaseBusy as busy:
        log.warning("crawl of %s %s skipped: %s", account_id, direction, busy.message)
        return CrawlReport(account_id, direction, "busy", 0, 0, 0, 0, complete=False, failure=busy)


def _fetch(network: SocialNetwork, direction: CrawlDirection):
    return network.following if direction == CrawlDirection.FOLLOWING else network.followers


def _pairs(account_id: str, direction: CrawlDirection, accounts: tuple[NetworkAccount, ...]) -> list[tuple[str, str]]:
    if direction == CrawlDirection.FOLLOWING:
        return [(account_id, other.id) for other in accounts]
    return [(other.id, account_id) for other in accounts]


async def _store_page(
    session: AsyncSession, state: CrawlState, page: Page[NetworkAccount], *, seen_at: datetime
) -> None:
    await upsert_accounts(session, page.items)
    await record_edges(session, _pairs(state.account_id, state.direction, page.items), seen_at=seen_at)


async def _full_crawl(
    db: Database,
    network: SocialNetwork,
    state: CrawlState,
    lease: Lease,
    *,
    reported_count: int | None,
    max_pages: int | None,
    now: datetime,
) -> CrawlReport:
    direction = state.direction
    fetch = _fetch(network, direction)
    if state.cursor is None:
        state.full_crawl_started_at = now
        log.info("full crawl of %s %s starts", state.account_id, direction)
    else:
        log.info("full crawl of %s %s resumes at a stored cursor", state.account_id, direction)
    started_at = state.full_crawl_started_at or now
    pager = Pager(
        f"{direction} of account {state.account_id}",
        budget=_full_crawl_budget(max_pages, reported_count),
        start=state.cursor,
    )
    seen = removed = 0
    complete = False
    stopped: CirclebotError | None = None
    try:
        while True:
            page = await fetch(state.account_id, cursor=state.cursor, page_size=_full_page_size(reported_count, seen))
            seen += len(page.items)
            following = pager.advance(page)
            lease.check()
            async with db.session() as session, session.begin():
                await _store_page(session, state, page, seen_at=now)
                state.cursor = page.next_cursor
                state.pages_read += 1
                state.last_error = pager.stopped.message if pager.stopped else None
                if page.is_last:
                    removed = await _forget_unseen(session, state, since=started_at)
                    complete = True
                    state.needs_full_crawl = False
                    state.last_full_crawl_at = state.last_refresh_at = now
                    state.known_count = (
                        reported_count if reported_count is not None else await _stored_count(session, state)
                    )
                await session.merge(state)
            if following is None:
                break
        stopped = pager.stopped
    except LeaseLost as lost:
        stopped = lost  # the new holder goes on from the stored cursor; nothing of ours to record
        log.warning("crawl of %s %s stopped: %s", state.account_id, direction, lost.message)
    except XError as failure:
        stopped = failure
        await _remember_error(db, state, failure.message)
        log.warning("crawl of %s %s stopped: %s", state.account_id, direction, failure.message)
    log.info(
        "full crawl of %s %s: %d pages, %d accounts, %d unfollows, complete=%s",
        state.account_id,
        direction,
        pager.pages,
        seen,
        removed,
        complete,
    )
    return CrawlReport(state.account_id, direction, "full", pager.pages, seen, seen, removed, complete, failure=stopped)


def _full_crawl_budget(max_pages: int | None, reported_count: int | None) -> int:
    """Pages one run may read: ``max_pages`` if given, else what the reported count needs plus a margin."""
    if max_pages is not None:
        return max_pages
    if reported_count is None:
        return MAX_FULL_CRAWL_PAGES
    return min(MAX_FULL_CRAWL_PAGES, -(-reported_count // FULL_PAGE) + FULL_CRAWL_SPARE_PAGES)


def _full_page_size(reported_count: int | None, read: int) -> int:
    """A page as large as what is left to read (plus a margin), at most 1000: the bill is the same, but the
    worst case reserved against the daily cap is not."""
    if reported_count is None:
        return FULL_PAGE
    return max(MIN_PAGE, min(FULL_PAGE, reported_count - read + REFRESH_MARGIN))


async def _refresh(
    db: Database,
    network: SocialNetwork,
    state: CrawlState,
    lease: Lease,
    *,
    reported_count: int | None,
    now: datetime,
) -> CrawlReport:
    direction = state.direction
    fetch = _fetch(network, direction)
    growth = (reported_count - (state.known_count or 0)) if reported_count is not None else FULL_PAGE
    # One known account is enough to mark where the new follows end; each extra one read is billed for nothing.
    # If unfollows hid some new follows, the page holds no known account and the next one is wider.
    page_size = max(MIN_PAGE, min(FULL_PAGE, growth + 1))
    pager = Pager(f"{direction} of account {state.account_id} (refresh)", budget=MAX_REFRESH_PAGES)
    cursor: str | None = None
    seen = new = 0
    violation = False
    stopped: CirclebotError | None = None
    try:
        while True:
            page = await fetch(state.account_id, cursor=cursor, page_size=page_size)
            seen += len(page.items)
            cursor = pager.advance(page)
            lease.check()
            async with db.session() as session, session.begin():
                known = await _known(session, state, [account.id for account in page.items])
                flags = [account.id in known for account in page.items]
                # Newest first: once a known edge shows up, everything after it must be known too.
                first_known = flags.index(True) if True in flags else None
                if first_known is not None and not all(flags[first_known:]):
                    violation = True
                    state.needs_full_crawl = True
                    log.warning(
                        "X no longer lists %s's %s newest first; scheduling a full crawl", state.account_id, direction
                    )
                new += flags.count(False)
                await _store_page(session, state, page, seen_at=now)
                if first_known is not None or page.is_last:
                    state.last_refresh_at = now
                    state.known_count = (
                        reported_count if reported_count is not None else await _stored_count(session, state)
                    )
                    state.last_error = None
                    await session.merge(state)
                    break
                if cursor is None:
                    # Stopped before reaching a known edge: what was read is kept, and only a full crawl (which
                    # resumes page by page) can tell where the new follows end.
                    stopped = pager.stopped
                    state.needs_full_crawl = not pager.repeated
                    state.last_error = pager.stopped.message if pager.stopped else None
                    await session.merge(state)
                    break
            page_size = min(FULL_PAGE, page_size * 4)  # more new follows than expected: widen the next page
    except LeaseLost as lost:
        stopped = lost
        log.warning("refresh of %s %s stopped: %s", state.account_id, direction, lost.message)
    except XError as failure:
        stopped = failure
        await _remember_error(db, state, failure.message)
        log.warning("refresh of %s %s stopped: %s", state.account_id, direction, failure.message)
    log.info("refresh of %s %s: %d pages, %d new edges", state.account_id, direction, pager.pages, new)
    return CrawlReport(
        state.account_id,
        direction,
        "refresh",
        pager.pages,
        seen,
        new,
        0,
        complete=stopped is None,
        order_violation=violation,
        failure=stopped,
    )


async def _known(session: AsyncSession, state: CrawlState, other_ids: list[str]) -> set[str]:
    if not other_ids:
        return set()
    if state.direction == CrawlDirection.FOLLOWING:
        query = select(FollowEdge.followee_id).where(
            FollowEdge.follower_id == state.account_id, col(FollowEdge.followee_id).in_(other_ids)
        )
    else:
        query = select(FollowEdge.follower_id).where(
            FollowEdge.followee_id == state.account_id, col(FollowEdge.follower_id).in_(other_ids)
        )
    return set((await session.exec(query)).all())


def _own_edges(state: CrawlState) -> ColumnElement[bool]:
    if state.direction == CrawlDirection.FOLLOWING:
        return col(FollowEdge.follower_id) == state.account_id
    return col(FollowEdge.followee_id) == state.account_id


async def _forget_unseen(session: AsyncSession, state: CrawlState, *, since: datetime) -> int:
    """After a full crawl, edges not seen since it started are unfollows."""
    result = await session.exec(  # type: ignore[call-overload]
        delete(FollowEdge).where(_own_edges(state), col(FollowEdge.last_seen_at) < since)  # pyright: ignore[reportArgumentType]
    )
    return int(result.rowcount or 0)


async def _stored_count(session: AsyncSession, state: CrawlState) -> int:
    total = await session.exec(select(func.count()).select_from(FollowEdge).where(_own_edges(state)))
    return int(total.one())


async def _remember_error(db: Database, state: CrawlState, message: str) -> None:
    async with db.session() as session, session.begin():
        stored = await load_state(session, state.account_id, state.direction)
        stored.last_error = message[:500]
        session.add(stored)
