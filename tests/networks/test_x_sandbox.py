"""XNetwork through tweepy against the sandbox X: lookups, pagination, posts, writes, billing."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import pytest
from sqlmodel import func, select

from bot.errors import SuspendedAccount, UnknownAccount, XForbidden
from bot.models import ApiCall
from bot.networks.x import AccountUnavailable, XNetwork
from bot.sandbox.server import Faults, SandboxServer
from tests.conftest import second_process_db
from tests.networks.helpers import x_network, x_settings
from tests.networks.scripted import Reply, ScriptedX

if TYPE_CHECKING:
    from bot.clock import FakeClock
    from bot.db import Database


async def ledger_dollars(db: Database) -> float:
    async with db.session() as session:
        micros = (await session.exec(select(func.coalesce(func.sum(ApiCall.cost_micros), 0)))).one()
    return int(micros) / 1_000_000


async def test_x_resolves_handles_and_says_why_others_are_missing(x: XNetwork, sandbox: SandboxServer) -> None:
    world = sandbox.world
    seed = world.users[world.seed_ids[0]]
    suspended = next(user for user in world.users.values() if user.suspended)
    lookup = await x.resolve_handles([seed.username.upper(), suspended.username, "nobody_here_123"])
    assert [account.id for account in lookup.found] == [seed.id]
    reasons = {missing.key.lower(): missing.reason for missing in lookup.unavailable}
    assert reasons == {suspended.username.lower(): "suspended", "nobody_here_123": "not_found"}

    with pytest.raises(UnknownAccount, match="@nobody_here_123"):
        await x.resolve_handle("nobody_here_123")
    with pytest.raises(SuspendedAccount, match=suspended.username):
        await x.resolve_handle(suspended.username)


async def test_x_last_post_time_comes_free_from_the_snowflake(x: XNetwork, sandbox: SandboxServer) -> None:
    world = sandbox.world
    page = await x.following(world.seed_ids[0])
    posted = [account for account in page.items if account.most_recent_post_id]
    assert posted
    for account in posted[:20]:
        newest = world.posts_of(account.id)[0]
        assert account.most_recent_post_at == newest.created_at
    assert len(sandbox.requests_to("GET /2/users/:id/tweets")) == 0, "no timeline was read for it"


async def test_x_following_pagination_resumes_in_another_client(
    sandbox: SandboxServer, sqlite_db: Database, clock: FakeClock
) -> None:
    world = sandbox.world
    seed_id = world.seed_ids[0]
    settings = x_settings(sandbox.base_url)
    async with x_network(settings, sqlite_db, clock) as first:
        page = await first.following(seed_id, page_size=50)
    assert page.next_cursor is not None and len(page.items) == 50
    seen = [account.id for account in page.items]
    cursor = page.next_cursor
    async with x_network(settings, sqlite_db, clock) as second:  # e.g. after a restart
        while cursor is not None:
            page = await second.following(seed_id, cursor=cursor, page_size=50)
            seen += [account.id for account in page.items]
            cursor = page.next_cursor
    listed = [uid for uid in world.following[seed_id] if not world.users[uid].suspended]  # X hides suspended
    assert seen == listed, "every followee once, newest follow first"


async def test_x_protected_accounts_listing_is_refused_with_the_reason(x: XNetwork, sandbox: SandboxServer) -> None:
    protected = next(user for user in sandbox.world.users.values() if user.protected)
    with pytest.raises(AccountUnavailable, match="protected"):
        await x.following(protected.id)


async def test_x_recent_posts_carry_conversation_signals(x: XNetwork, sandbox: SandboxServer) -> None:
    world = sandbox.world
    author = next(uid for uid in world.following[world.seed_ids[0]] if len(world.posts_of(uid)) >= 60)
    posts = await x.recent_posts(author, limit=50)
    expected = world.posts_of(author)[:50]
    assert [post.id for post in posts] == [post.id for post in expected]
    for mine, theirs in zip(posts, expected, strict=True):
        assert mine.created_at == theirs.created_at
        assert mine.is_reply == (theirs.kind == "reply")
        assert mine.is_repost == (theirs.kind == "retweet")
        assert set(mine.mention_ids) == set(theirs.mentions)


async def test_x_follow_is_refused_on_self_serve_and_sent_once_on_enterprise(
    x: XNetwork, sandbox: SandboxServer
) -> None:
    world = sandbox.world
    target = next(uid for uid in world.following[world.seed_ids[0]] if uid != world.me_id)
    with pytest.raises(XForbidden):
        await x.follow(target)
    sandbox.config.follow_forbidden = False
    result = await x.follow(target)
    assert result.following
    assert sandbox.follow_requests == [(sandbox.world.me_id, target)]


async def test_x_ledger_equals_the_sandbox_bill_even_with_faults(
    sandbox: SandboxServer, sqlite_db: Database, clock: FakeClock
) -> None:
    world = sandbox.world
    sandbox.faults = Faults.uniform(0.5, seed=7, slow_seconds=1.0)
    settings = x_settings(
        sandbox.base_url,
        x_timeout_seconds=0.5,
        x_max_retries=10,
        x_access_token=f"{world.me_id}-sandboxtoken",
    )
    async with x_network(settings, sqlite_db, clock) as network:
        for seed_id in world.seed_ids:
            await network.following(seed_id)
        await network.following(world.seed_ids[0])  # the same users again today: not billed twice
        await network.lookup_accounts(world.seed_ids)
        await network.recent_posts(world.following[world.seed_ids[0]][0], limit=20)
        await network.me()
    assert sandbox.billing.total_dollars > 0
    assert await ledger_dollars(sqlite_db) == pytest.approx(sandbox.billing.total_dollars, abs=1e-9)
    faults = {request.fault for request in sandbox.requests} - {None}
    assert len(faults) >= 3, f"several kinds of fault were injected and survived: {faults}"
    assert network.governor.retries > 0


async def test_x_owned_reads_cost_less(x: XNetwork, sandbox: SandboxServer, sqlite_db: Database) -> None:
    page = await x.followers(sandbox.world.me_id)
    assert page.items
    assert await ledger_dollars(sqlite_db) == pytest.approx(0.001 * len(page.items))
    assert await ledger_dollars(sqlite_db) == pytest.approx(sandbox.billing.total_dollars)


async def test_x_recent_posts_stop_on_a_repeated_cursor(sqlite_db: Database) -> None:
    """Issue 9, kind of case 6: a timeline answering empty pages with the same cursor used to loop forever."""
    empty = Reply(body={"meta": {"result_count": 0, "next_token": "7140dibdnow9c7btw3z3hp7ld1ys5m4cvrmkclxvn7ivy"}})
    async with ScriptedX(default=empty) as fake, x_network(x_settings(fake.base_url), sqlite_db) as network:
        posts = await asyncio.wait_for(network.recent_posts("2244994945", limit=20), timeout=30)
    assert posts == ()
    assert len(fake.requests) == 2, "the second answer repeated the cursor: no third request"


async def test_x_two_processes_reading_the_same_accounts_bill_them_once(
    sandbox: SandboxServer, db: Database, clock: FakeClock
) -> None:
    """Of the same kind as issue 9, case 5: two processes' ledgers marking one resource at once used to fail with
    a unique-constraint error (read, then insert); now one of them marks it and only that one counts it."""
    world = sandbox.world
    other_db = await second_process_db(db)
    settings = x_settings(sandbox.base_url, x_access_token=f"{world.me_id}-sandboxtoken")
    try:
        async with x_network(settings, db, clock) as one, x_network(settings, other_db, clock) as two:
            for _ in range(3):
                await asyncio.gather(*(network.following(seed) for seed in world.seed_ids for network in (one, two)))
    finally:
        await other_db.close()
    assert await ledger_dollars(db) == pytest.approx(sandbox.billing.total_dollars, abs=1e-9)
