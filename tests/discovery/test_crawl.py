"""Crawling following lists through the sandbox: full, resumed, incremental, order check, unfollows."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlmodel import col, func, select

from bot.discovery.crawl import crawl, load_state
from bot.errors import BudgetExhausted
from bot.models import Account, CrawlDirection, FollowEdge
from tests.conftest import WORLD_NOW

TOMORROW = WORLD_NOW + timedelta(days=1)

if TYPE_CHECKING:
    import pytest

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


FOLLOWING_ROUTE = "GET /2/users/:id/following"


async def test_crawl_stops_when_x_repeats_the_cursor_and_keeps_what_it_read(
    db_x: XNetwork, sandbox: SandboxServer, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 9, case 6: X answers every page with the same ``meta.next_token``; the crawl used to loop forever."""
    import bot.discovery.crawl as crawl_module

    monkeypatch.setattr(crawl_module, "FULL_PAGE", 50)
    sandbox.config.repeat_cursor = frozenset({FOLLOWING_ROUTE})
    seed_id = sandbox.world.seed_ids[0]
    report = await asyncio.wait_for(crawl(db, db_x, account_id=seed_id, now=WORLD_NOW), timeout=30)
    assert report.cursor_repeated and not report.complete
    assert report.error is not None and "repeated a page cursor" in report.error
    requests = sandbox.requests_to(FOLLOWING_ROUTE)
    assert len(requests) == 2, "the page answering with a cursor already followed is the last one read"
    assert await stored_following(db, seed_id) == set(listed(sandbox, seed_id)[:100]), "both pages are kept"
    async with db.session() as session:
        state = await load_state(session, seed_id, CrawlDirection.FOLLOWING)
    assert state.last_error == report.error, "/status shows it beside the seed"
    assert state.last_full_crawl_at is None and state.cursor is not None

    # The next run tries the stored cursor once more (X may have mended it), reading one page, not forever.
    again = await asyncio.wait_for(crawl(db, db_x, account_id=seed_id, now=WORLD_NOW), timeout=30)
    assert again.cursor_repeated and len(sandbox.requests_to(FOLLOWING_ROUTE)) == 3
    # Once X pages properly again, the crawl finishes from there.
    sandbox.config.repeat_cursor = frozenset()
    done = await crawl(db, db_x, account_id=seed_id, now=WORLD_NOW)
    assert done.complete and done.error is None
    assert await stored_following(db, seed_id) == set(listed(sandbox, seed_id))


async def test_crawl_of_followers_and_refresh_stop_on_a_repeated_cursor(
    db_x: XNetwork, sandbox: SandboxServer, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.discovery.crawl as crawl_module

    monkeypatch.setattr(crawl_module, "FULL_PAGE", 5)
    world = sandbox.world
    followers_route = "GET /2/users/:id/followers"
    sandbox.config.repeat_cursor = frozenset({followers_route, FOLLOWING_ROUTE})
    popular = max(world.users, key=lambda uid: len(world.followers_of(uid)))
    assert len(world.followers_of(popular)) > 10
    report = await asyncio.wait_for(
        crawl(db, db_x, account_id=popular, direction=CrawlDirection.FOLLOWERS, now=WORLD_NOW), timeout=30
    )
    assert report.cursor_repeated and len(sandbox.requests_to(followers_route)) == 2

    # A refresh of a fully crawled list whose new follows span more than one page.
    seed_id = world.seed_ids[1]
    sandbox.config.repeat_cursor = frozenset()
    await crawl(db, db_x, account_id=seed_id, reported_count=len(listed(sandbox, seed_id)), now=WORLD_NOW)
    newcomers = [uid for uid in world.users if uid not in world.following[seed_id] and not world.users[uid].suspended]
    world.following[seed_id] = newcomers[:150] + world.following[seed_id]
    sandbox.config.repeat_cursor = frozenset({FOLLOWING_ROUTE})
    before = len(sandbox.requests_to(FOLLOWING_ROUTE))
    refresh = await asyncio.wait_for(
        crawl(db, db_x, account_id=seed_id, reported_count=len(listed(sandbox, seed_id)), now=TOMORROW), timeout=30
    )
    assert refresh.mode == "refresh" and refresh.cursor_repeated and refresh.error is not None
    assert len(sandbox.requests_to(FOLLOWING_ROUTE)) - before == 2
    assert refresh.new_edges == refresh.accounts_seen > 0, "the new follows read are kept"


async def test_crawl_stops_at_its_page_budget_and_resumes_next_run(
    x: XNetwork, sandbox: SandboxServer, sqlite_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.discovery.crawl as crawl_module

    monkeypatch.setattr(crawl_module, "FULL_PAGE", 10)
    monkeypatch.setattr(crawl_module, "MAX_FULL_CRAWL_PAGES", 5)
    seed_id = sandbox.world.seed_ids[2]
    first = await crawl(sqlite_db, x, account_id=seed_id, now=WORLD_NOW)
    assert first.pages == 5 and not first.complete and not first.cursor_repeated
    assert first.error is not None and "longer than 5 pages" in first.error and "budget" not in first.error
    second = await crawl(sqlite_db, x, account_id=seed_id, now=WORLD_NOW)
    assert second.pages == 5
    tokens = [request.params.get("pagination_token") for request in sandbox.requests_to(FOLLOWING_ROUTE)]
    assert len(tokens) == len(set(tokens)) == 10, "the second run read on from where the first stopped"
