"""A whole discovery run against the sandbox: seeds → crawl → rank → checks → timelines → metrics → openers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from sqlmodel import col, select

from bot.digest import build_digest
from bot.discovery import seeds
from bot.models import Account, DiscoveryRun, GuildAccount, Post, Suggestion
from bot.networks.base import NetworkPost
from bot.openers import OpenerWriter
from bot.pipeline import Discovery, run_discovery, screened_reasons
from bot.snowflake import snowflake_to_datetime
from bot.storage import upsert_posts
from bot.team import get_settings
from tests.conftest import WORLD_NOW
from tests.networks.helpers import x_network, x_settings

if TYPE_CHECKING:
    from bot.clock import FakeClock
    from bot.db import Database
    from bot.networks.x import XNetwork
    from bot.sandbox.server import SandboxServer

GUILD = 77
TIMELINES = "GET /2/users/:id/tweets"


async def add_seeds(db: Database, x: XNetwork, sandbox: SandboxServer, guild_id: int = GUILD) -> None:
    handles = " ".join(sandbox.world.users[seed_id].username for seed_id in sandbox.world.seed_ids)
    async with db.session() as session, session.begin():
        await seeds.add(session, x.for_guild(guild_id), guild_id=guild_id, raw=handles, added_by=1)


async def suggestions(db: Database, day: object = WORLD_NOW.date()) -> list[Suggestion]:
    async with db.session() as session:
        rows = await session.exec(
            select(Suggestion)
            .where(Suggestion.guild_id == GUILD, Suggestion.digest_day == day)
            .order_by(col(Suggestion.position))
        )
        return list(rows.all())


async def test_pipeline_suggests_active_conversational_second_degree_accounts(
    db_x: XNetwork, sandbox: SandboxServer, db: Database
) -> None:
    world = sandbox.world
    await add_seeds(db, db_x, sandbox)
    before = sandbox.billing.total_dollars
    report = await run_discovery(db, db_x, guild_id=GUILD, writer=OpenerWriter(), now=WORLD_NOW)

    assert report.outcome == "ok", report.errors
    chosen = await suggestions(db)
    assert 0 < len(chosen) <= 10 and report.suggested == len(chosen)
    team_following = set(world.following.get(world.me_id, []))
    for suggestion in chosen:
        assert suggestion.account_id not in world.seed_ids
        assert suggestion.account_id not in team_following, "the team already follows it"
        user = world.users[suggestion.account_id]
        assert not user.protected and not user.suspended
        assert set(suggestion.followed_by) == {s for s in world.seed_ids if suggestion.account_id in world.following[s]}
        assert suggestion.activity["active"] and suggestion.activity["conversational"]
        assert user.persona not in {"bot", "silent"}, f"@{user.username} is a {user.persona}"
        assert "of your seeds" in suggestion.explanation or "followed by @" in suggestion.explanation
        assert any(opener["kind"] == "hello" for opener in suggestion.openers)
    assert [s.position for s in chosen] == list(range(1, len(chosen) + 1))
    timelines = {request.url_path for request in sandbox.requests_to(TIMELINES)}
    assert len(timelines) <= 3 * 10, "timelines are read for the shortlist only"
    assert report.cost_dollars == pytest.approx(sandbox.billing.total_dollars - before), "every X call is counted"


async def test_pipeline_next_day_reads_little_and_shows_new_people(
    db_x: XNetwork, sandbox: SandboxServer, db: Database, clock: FakeClock
) -> None:
    await add_seeds(db, db_x, sandbox)
    await run_discovery(db, db_x, guild_id=GUILD, writer=OpenerWriter(), now=WORLD_NOW)
    first_day = {suggestion.account_id for suggestion in await suggestions(db)}
    first_bill = sandbox.billing.total_dollars
    following_reads = len(sandbox.requests_to("GET /2/users/:id/following"))

    tomorrow = WORLD_NOW + timedelta(days=1)
    clock.now = tomorrow.timestamp()
    report = await run_discovery(db, db_x, guild_id=GUILD, writer=OpenerWriter(), now=tomorrow)
    second_day = {suggestion.account_id for suggestion in await suggestions(db, tomorrow.date())}
    assert first_day.isdisjoint(second_day), "yesterday's suggestions rest for the cool-down"
    assert len(sandbox.requests_to("GET /2/users/:id/following")) == following_reads, "nobody followed anyone new"
    assert sandbox.billing.total_dollars - first_bill < first_bill / 3
    assert report.cost_dollars == pytest.approx(sandbox.billing.total_dollars - first_bill)


async def test_pipeline_never_suggests_a_dismissed_account(
    db_x: XNetwork, sandbox: SandboxServer, db: Database
) -> None:
    await add_seeds(db, db_x, sandbox)
    await run_discovery(db, db_x, guild_id=GUILD, writer=OpenerWriter(), now=WORLD_NOW)
    first = (await suggestions(db))[0]
    async with db.session() as session, session.begin():
        state = await session.get(GuildAccount, (GUILD, first.account_id))
        assert state is not None
        state.dismissed_at = WORLD_NOW
        state.last_suggested_at = None  # not resting: dismissed
        session.add(state)
    await run_discovery(db, db_x, guild_id=GUILD, writer=OpenerWriter(), now=WORLD_NOW + timedelta(days=40))
    later = await suggestions(db, (WORLD_NOW + timedelta(days=40)).date())
    assert first.account_id not in {suggestion.account_id for suggestion in later}


async def test_pipeline_budget_exhausted_ends_partial_and_keeps_progress(
    sandbox: SandboxServer, sqlite_db: Database, clock: FakeClock
) -> None:
    settings = x_settings(sandbox.base_url, x_access_token=sandbox.config.access_token, daily_spend_cap=2.0)
    async with x_network(settings, sqlite_db, clock) as poor:
        await add_seeds(sqlite_db, poor, sandbox)
        report = await run_discovery(sqlite_db, poor, guild_id=GUILD, writer=OpenerWriter(), now=WORLD_NOW)
    assert report.outcome == "failed" and any("budget" in error for error in report.errors)
    assert sandbox.billing.total_dollars <= 2.0
    async with sqlite_db.session() as session:
        run = (await session.exec(select(DiscoveryRun))).one()
    assert run.outcome == "failed" and run.finished_at is not None and run.errors


async def test_pipeline_without_seeds_does_nothing(db_x: XNetwork, sandbox: SandboxServer, db: Database) -> None:
    report = await run_discovery(db, db_x, guild_id=GUILD, writer=OpenerWriter(), now=WORLD_NOW)
    assert report.outcome == "ok" and report.suggested == 0
    assert sandbox.requests == []


async def test_digest_carries_every_number_and_the_spend(db_x: XNetwork, sandbox: SandboxServer, db: Database) -> None:
    await add_seeds(db, db_x, sandbox)
    async with db.session() as session, session.begin():
        settings = await get_settings(session, GUILD)
        settings.digest_size = 5
        session.add(settings)
    await run_discovery(db, db_x, guild_id=GUILD, writer=OpenerWriter(), now=WORLD_NOW)
    async with db.session() as session:
        digest = await build_digest(session, guild_id=GUILD, day=WORLD_NOW.date())
    assert 0 < len(digest.entries) <= 5
    assert digest.spend_today_dollars == pytest.approx(sandbox.billing.total_dollars)
    assert digest.candidates >= len(digest.entries) and digest.new_since_yesterday == len(digest.entries)
    for entry in digest.entries:
        user = sandbox.world.users[entry.account_id]
        assert entry.handle == user.username and entry.profile_url == f"https://x.com/{user.username}"
        assert entry.followed_by and all(not handle.isdigit() for handle in entry.followed_by)
        assert entry.posts_per_day > 0 and 0 <= entry.reply_share <= 1 and entry.people_engaged >= 3
        assert entry.openers and all(len(opener.draft) <= 280 for opener in entry.openers)
        assert entry.last_post_at is not None


async def test_since_id_is_the_newest_stored_post_by_number(
    db: Database, db_x: XNetwork, sandbox: SandboxServer
) -> None:
    """Stored posts across the 18 -> 19 digit boundary: since_id is the 2026 id, not the 2017 one."""
    world = sandbox.world
    account = next(u for u in world.following[world.seed_ids[0]] if len(world.posts_of(u)) > 10)
    held = world.posts_of(account)[3]  # the newest three are new to us
    old = "870067366917046272"
    stale = datetime(2026, 1, 1, tzinfo=UTC)
    async with db.session() as session, session.begin():
        await upsert_posts(
            session,
            [
                NetworkPost(id=old, author_id=account, text="2017", created_at=snowflake_to_datetime(old)),
                NetworkPost(id=held.id, author_id=account, text=held.text, created_at=held.created_at),
            ],
            fetched_at=stale,
        )
    later = stale + timedelta(days=400)
    run = Discovery(db, db_x, guild_id=1, writer=OpenerWriter(), now=later, day=later.date())
    posts = await run.recent_posts(account)
    (request,) = sandbox.requests_to("GET /2/users/:id/tweets")
    assert request.params["since_id"] == held.id
    assert [post.id for post in posts[:4]] == [post.id for post in world.posts_of(account)[:4]]
    assert sandbox.billing.resources == 3, "only the posts we did not hold were bought"


async def test_pipeline_run_later_the_same_day_keeps_what_was_posted(
    db_x: XNetwork, sandbox: SandboxServer, db: Database
) -> None:
    """Issue 9, case 4: completing a day must not replace the entries already posted (their messages carry the
    reactions) nor suggest their accounts again."""
    from bot import digest as digests

    await add_seeds(db, db_x, sandbox)
    await run_discovery(db, db_x, guild_id=GUILD, writer=OpenerWriter(), now=WORLD_NOW)
    first = await suggestions(db)
    assert len(first) >= 3
    async with db.session() as session, session.begin():
        for number, suggestion in enumerate(first[:2]):
            assert suggestion.id is not None
            await digests.record_entry_message(
                session, suggestion_id=suggestion.id, message_id=9000 + number, channel_id=1
            )
    await run_discovery(db, db_x, guild_id=GUILD, writer=OpenerWriter(), now=WORLD_NOW + timedelta(minutes=30))
    second = await suggestions(db)
    assert [(s.id, s.message_id) for s in second[:2]] == [(s.id, 9000 + n) for n, s in enumerate(first[:2])]
    accounts = [s.account_id for s in second]
    assert len(accounts) == len(set(accounts)), "no account twice in a day"
    assert [s.position for s in second] == sorted({s.position for s in second})
    async with db.session() as session:
        settings = await get_settings(session, GUILD)
    assert len(second) <= settings.digest_size


async def test_pipeline_screens_out_an_openly_hostile_account_and_counts_it(
    db_x: XNetwork, sandbox: SandboxServer, db: Database
) -> None:
    # Issue 12: an account whose recent posts are mostly hostile is screened out like a bot ("screened out: N
    # hostile"), not suggested with a cheerful draft.
    await add_seeds(db, db_x, sandbox)
    await run_discovery(db, db_x, guild_id=GUILD, writer=OpenerWriter(), now=WORLD_NOW)
    first = (await suggestions(db))[0]
    hostile = ("@someone delete your account", "@someone I hope you die a slow death")
    async with db.session() as session, session.begin():  # the posts read in the first run are reused: change both
        for n, row in enumerate((await session.exec(select(Post).where(Post.author_id == first.account_id))).all()):
            row.text = hostile[n % 2]
            session.add(row)

    other_team = GUILD + 1
    await add_seeds(db, db_x, sandbox, other_team)
    report = await run_discovery(db, db_x, guild_id=other_team, writer=OpenerWriter(), now=WORLD_NOW)
    assert report.screened_out["hostile"] == 1
    async with db.session() as session:
        chosen = (await session.exec(select(Suggestion).where(Suggestion.guild_id == other_team))).all()
        run = await session.get(DiscoveryRun, report.run_id)
        kept = await screened_reasons(session, guild_id=other_team)
        handle = (await session.get(Account, first.account_id)).handle  # type: ignore[union-attr]
        digest = await build_digest(session, guild_id=other_team, day=WORLD_NOW.date())
    assert chosen and first.account_id not in {suggestion.account_id for suggestion in chosen}
    # The reason is kept with the run, like the counts of bots, and can be seen later: the digest's count, and
    # the account with its reason (the demo prints these under the digest).
    assert run is not None and run.screened_out["hostile"] == 1
    assert run.screened_reasons[first.account_id].startswith("hostile: ")
    assert digest.screened_out["hostile"] == 1
    assert kept == [(handle, run.screened_reasons[first.account_id])]
    assert "recent posts hostile: " in kept[0][1]
    async with db.session() as session:
        assert await screened_reasons(session, guild_id=GUILD) == [], "the first team's run screened nobody hostile"


async def test_a_protected_team_account_without_its_token_is_not_crawled_every_run(
    db: Database, sandbox: SandboxServer, clock: FakeClock
) -> None:
    """Only DISCORD_TOKEN and X_BEARER_TOKEN, /settings team_account naming a protected account: X shows its
    following only to itself, so reading it with the app token fails every run and the digest says "partial".
    The team is still never suggested to itself; its lists are simply not read."""
    from bot.approvals import Decider
    from bot.costs import team_reads_of
    from bot.team import set_team_account

    world = sandbox.world
    team = world.users[world.me_id]
    team.protected = True
    settings = x_settings(sandbox.base_url, x_access_token=None, x_access_token_secret=None)
    async with x_network(settings, db, clock) as anonymous:
        admin = Decider(user_id=1, can_manage_guild=True)
        await set_team_account(db, anonymous, guild_id=GUILD, decider=admin, raw=team.username)
        await add_seeds(db, anonymous, sandbox)
        report = await run_discovery(db, anonymous, guild_id=GUILD, writer=OpenerWriter(), now=WORLD_NOW)
    team_reads = [
        r for r in sandbox.requests if r.path.endswith(("/following", "/followers")) and world.me_id in r.url_path
    ]
    assert team_reads == [], "nothing X would refuse is asked for"
    assert report.outcome == "ok", report.errors
    assert world.me_id not in {row.account_id for row in await suggestions(db)}
    async with db.session() as session:
        reads = await team_reads_of(session, guild_id=GUILD, settings=settings, owned_id=None)
    assert reads.hidden and "is protected" in reads.words and "X_ACCESS_TOKEN" in reads.words, "the team is told"


async def test_a_lookup_x_could_not_answer_leaves_the_day_to_the_stored_graph(
    db_x: XNetwork, sandbox: SandboxServer, db: Database, clock: FakeClock
) -> None:
    """The morning lookup of the seeds answered 200 with errors alone (the spec allows it): the run goes on with
    the follow graph it holds (as it did when such an answer read as "every seed not found"), says why, and
    crawls nothing it could not size."""
    from bot.sandbox.server import USERS

    await add_seeds(db, db_x, sandbox)
    await run_discovery(db, db_x, guild_id=GUILD, writer=OpenerWriter(), now=WORLD_NOW)
    following_reads = len(sandbox.requests_to("GET /2/users/:id/following"))
    sandbox.config.answers_without_data.add(USERS)
    tomorrow = WORLD_NOW + timedelta(days=1)
    clock.now = tomorrow.timestamp()
    report = await run_discovery(db, db_x, guild_id=GUILD, writer=OpenerWriter(), now=tomorrow)
    assert report.suggested > 0, report.errors
    assert any("without the data" in error for error in report.errors)
    assert len(sandbox.requests_to("GET /2/users/:id/following")) == following_reads
