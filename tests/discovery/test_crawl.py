"""Crawling following lists through the sandbox: full, resumed, incremental, order check, unfollows."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from sqlmodel import col, func, select

from bot.discovery.crawl import crawl, load_state
from bot.errors import BudgetExhausted
from bot.models import Account, CrawlDirection, FollowEdge
from tests.conftest import WORLD_NOW

TOMORROW = WORLD_NOW + timedelta(days=1)

if TYPE_CHECKING:
    from bot.clock import FakeClock
    from bot.db import Database
    from bot.networks.x import XNetwork
    from bot.sandbox.server import SandboxServer


async def stored_following(db: Database, account_id: str) -> set[str]:
    async with db.session() as session:
        rows = await session.exec(select(FollowEdge.followee_id).where(FollowEdge.follower_id == account_id))
        return set(rows.all())


def listed(sandbox: SandboxServer, account_id: str) -> list[str]:
    world = sandbox.world
    return [uid for uid in world.following[account_id] if not world.users[uid].suspended]


async def test_crawl_first_time_reads_everything_in_pages_of_1000(
    x: XNetwork, sandbox: SandboxServer, sqlite_db: Database
) -> None:
    seed_id = sandbox.world.seed_ids[0]
    report = await crawl(sqlite_db, x, account_id=seed_id, now=WORLD_NOW)
    assert report.mode == "full" and report.complete
    assert await stored_following(sqlite_db, seed_id) == set(listed(sandbox, seed_id))
    requests = sandbox.requests_to("GET /2/users/:id/following")
    assert [request.params["max_results"] for request in requests] == ["1000"]
    async with sqlite_db.session() as session:
        accounts = (await session.exec(select(func.count()).select_from(Account))).one()
    assert accounts == len(listed(sandbox, seed_id)), "each followee's snapshot is stored"


async def test_crawl_interrupted_resumes_at_the_stored_cursor(
    x: XNetwork, sandbox: SandboxServer, sqlite_db: Database
) -> None:
    seed_id = sandbox.world.seed_ids[1]
    # Force small pages so the list spans several, then stop after the first one.
    import bot.discovery.crawl as crawl_module

    original = crawl_module.FULL_PAGE
    crawl_module.FULL_PAGE = 50
    try:
        first = await crawl(sqlite_db, x, account_id=seed_id, max_pages=1, now=WORLD_NOW)
        assert not first.complete and first.pages == 1
        async with sqlite_db.session() as session:
            state = await load_state(session, seed_id, CrawlDirection.FOLLOWING)
        assert state.cursor is not None
        second = await crawl(sqlite_db, x, account_id=seed_id, now=WORLD_NOW)
    finally:
        crawl_module.FULL_PAGE = original
    assert second.complete
    tokens = [request.params.get("pagination_token") for request in sandbox.requests_to("GET /2/users/:id/following")]
    assert tokens[0] is None and tokens[1] == state.cursor, "the second run began where the first stopped"
    assert first.accounts_seen + second.accounts_seen == len(listed(sandbox, seed_id)), "no page read twice"
    assert await stored_following(sqlite_db, seed_id) == set(listed(sandbox, seed_id))


async def test_crawl_refresh_reads_only_the_new_follows(
    x: XNetwork, sandbox: SandboxServer, sqlite_db: Database
) -> None:
    world = sandbox.world
    seed_id = world.seed_ids[0]
    await crawl(sqlite_db, x, account_id=seed_id, reported_count=len(listed(sandbox, seed_id)), now=WORLD_NOW)
    newcomers = [uid for uid in world.users if uid not in world.following[seed_id] and not world.users[uid].suspended]
    for uid in newcomers[:3]:
        world.follow(seed_id, uid)
    before = sandbox.billing.resources

    report = await crawl(
        sqlite_db,
        x,
        account_id=seed_id,
        reported_count=len(listed(sandbox, seed_id)),
        now=WORLD_NOW + timedelta(days=1),
    )
    assert report.mode == "refresh" and report.new_edges == 3 and not report.order_violation
    assert sandbox.billing.resources - before <= 3 + 10 + 1, "one small page: the new follows and a margin"
    assert set(newcomers[:3]) <= await stored_following(sqlite_db, seed_id)


async def test_crawl_unchanged_count_reads_nothing(x: XNetwork, sandbox: SandboxServer, sqlite_db: Database) -> None:
    seed_id = sandbox.world.seed_ids[0]
    count = len(listed(sandbox, seed_id))
    await crawl(sqlite_db, x, account_id=seed_id, reported_count=count, now=WORLD_NOW)
    calls = len(sandbox.requests)
    report = await crawl(sqlite_db, x, account_id=seed_id, reported_count=count, now=WORLD_NOW + timedelta(days=1))
    assert report.mode == "unchanged" and len(sandbox.requests) == calls


async def test_crawl_notices_when_x_stops_listing_newest_first(
    x: XNetwork, sandbox: SandboxServer, sqlite_db: Database
) -> None:
    world = sandbox.world
    seed_id = world.seed_ids[0]
    await crawl(sqlite_db, x, account_id=seed_id, reported_count=len(listed(sandbox, seed_id)), now=WORLD_NOW)
    newcomer = next(
        uid for uid in world.users if uid not in world.following[seed_id] and not world.users[uid].suspended
    )
    # The new follow appears *after* known ones: the documented order no longer holds.
    world.following[seed_id].insert(2, newcomer)
    report = await crawl(
        sqlite_db,
        x,
        account_id=seed_id,
        reported_count=len(listed(sandbox, seed_id)),
        now=WORLD_NOW + timedelta(days=1),
    )
    assert report.order_violation
    async with sqlite_db.session() as session:
        assert (await load_state(session, seed_id, CrawlDirection.FOLLOWING)).needs_full_crawl


async def test_crawl_full_recrawl_forgets_unfollows(
    x: XNetwork, sandbox: SandboxServer, sqlite_db: Database, clock: FakeClock
) -> None:
    world = sandbox.world
    seed_id = world.seed_ids[2]
    await crawl(sqlite_db, x, account_id=seed_id, now=WORLD_NOW)
    gone = world.following[seed_id].pop(5)
    later = WORLD_NOW + timedelta(days=31)
    clock.now = later.timestamp()
    report = await crawl(sqlite_db, x, account_id=seed_id, now=later)
    assert report.mode == "full" and report.removed_edges == 1
    assert gone not in await stored_following(sqlite_db, seed_id)
    async with sqlite_db.session() as session:
        edges = await session.exec(select(FollowEdge).where(col(FollowEdge.follower_id) == seed_id))
        assert all(edge.first_seen_at == WORLD_NOW for edge in edges.all()), "first sighting is kept"


async def test_crawl_budget_stop_keeps_the_cursor_and_reports(
    sandbox: SandboxServer, sqlite_db: Database, clock: FakeClock
) -> None:
    from tests.networks.helpers import x_network, x_settings

    seed_id = sandbox.world.seed_ids[0]
    async with x_network(x_settings(sandbox.base_url, daily_spend_cap=1.0), sqlite_db, clock) as poor:
        report = await crawl(sqlite_db, poor, account_id=seed_id, now=WORLD_NOW)
    assert not report.complete and report.error is not None and "budget" in report.error
    assert isinstance(report.failure, BudgetExhausted), "the failure is typed, so the pipeline needs no message text"
    assert sandbox.requests_to("GET /2/users/:id/following") == []
    async with sqlite_db.session() as session:
        state = await load_state(session, seed_id, CrawlDirection.FOLLOWING)
    assert state.last_error is not None and "DAILY_SPEND_CAP" in state.last_error
