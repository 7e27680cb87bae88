"""Unfollows on either side, and every cursor walk of tracking ending, through tweepy against the sandbox."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlmodel import select

import bot.relationships.tracking as tracking_module
from bot.models import FollowEdge, PersonEvent, RelationshipState
from bot.relationships.people import load_people
from bot.relationships.stages import Stage, View, funnel
from bot.relationships.tracking import WHOLE_LIST_EVERY, track
from bot.sandbox.script import Script
from bot.sandbox.server import FOLLOWERS, FOLLOWING, MENTIONS, USER_TWEETS
from tests.relationships.test_tracking import GUILD, strangers, suggest

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    import pytest

    from bot.clock import FakeClock
    from bot.db import Database
    from bot.networks.x import XNetwork
    from bot.relationships.people import Person
    from bot.sandbox.server import SandboxServer


async def story(db: Database, account_id: str, now: datetime) -> Person:
    async with db.session() as session:
        (person,) = await load_people(session, guild_id=GUILD, now=now, account_ids={account_id})
    return person


async def events_of(db: Database, account_id: str) -> list[tuple[str, datetime]]:
    async with db.session() as session:
        rows = await session.exec(
            select(PersonEvent.kind, PersonEvent.at)
            .where(PersonEvent.guild_id == GUILD, PersonEvent.account_id == account_id)
            .order_by(PersonEvent.at)  # pyright: ignore[reportArgumentType]
        )
        return list(rows.all())


async def test_unfollows_on_both_sides_end_the_follow_in_the_story_and_a_refollow_starts_it_again(
    db: Database, db_x: XNetwork, sandbox: SandboxServer, clock: FakeClock
) -> None:
    world, script = sandbox.world, Script(sandbox.world)
    team = world.me_id
    ours, theirs = strangers(sandbox, 2)
    await suggest(db, [ours, theirs])
    start = world.now + timedelta(hours=1)
    script.follow(team, ours)
    script.follow(theirs, team)
    first = await track(db, db_x, guild_id=GUILD, now=start)
    assert sorted((e.account_id, e.kind) for e in first.new_events) == sorted(
        [(ours, "followed"), (theirs, "followed_back")]
    )
    assert (await story(db, ours, start)).progress.stage is Stage.FOLLOWED
    assert (await story(db, theirs, start)).progress.label() == "followed back, never talked"

    script.unfollow(team, ours)
    script.unfollow(theirs, team)
    # The newest pages cannot show that someone left a list: nothing is told until the lists are read whole.
    soon = start + timedelta(days=1)
    quick = await track(db, db_x, guild_id=GUILD, now=soon)
    assert quick.whole_lists == () and quick.new_events == []
    whole_reads = len(sandbox.requests_to(FOLLOWING)), len(sandbox.requests_to(FOLLOWERS))

    noticed = start + WHOLE_LIST_EVERY + timedelta(hours=1)
    report = await track(db, db_x, guild_id=GUILD, now=noticed)
    assert report.error is None and report.whole_lists == ("following", "followers")
    assert sorted((e.account_id, e.kind, e.at) for e in report.new_events) == sorted(
        [(ours, "unfollowed", noticed), (theirs, "unfollowed_back", noticed)]
    )
    assert [r.params.get("max_results") for r in sandbox.requests_to(FOLLOWING)[whole_reads[0] :]] == ["1000"]
    async with db.session() as session:
        edges = (await session.exec(select(FollowEdge).where(FollowEdge.follower_id == team))).all()
    assert ours not in {edge.followee_id for edge in edges}, "the gone edge is forgotten"
    assert {edge.followee_id for edge in edges} == set(world.following[team]), "the others stay"

    unfollowed = (await story(db, ours, noticed)).progress
    assert unfollowed.stage is Stage.SUGGESTED, "no longer followed (and never approved here)"
    assert not unfollowed.following and unfollowed.unfollowed_at == noticed
    assert unfollowed.label() == "unfollowed" and View.FOLLOWED not in unfollowed.views()
    left = (await story(db, theirs, noticed)).progress
    assert not left.follows_back and left.label() == "stopped following back"
    assert View.FOLLOWED_BACK_NEVER_TALKED not in left.views() and View.STOPPED_FOLLOWING_BACK in left.views()
    # The funnel counts who reached "followed", when: that week's report stays true.
    assert funnel([unfollowed])[Stage.FOLLOWED] == 1
    assert [kind for kind, _ in await events_of(db, ours)] == ["followed", "unfollowed"]

    again = await track(db, db_x, guild_id=GUILD, now=noticed + timedelta(hours=6))
    assert again.new_events == [], "an unfollow is told once"

    refollowed_at = noticed + timedelta(days=1)
    script.follow(team, ours)
    back = await track(db, db_x, guild_id=GUILD, now=refollowed_at)
    assert [(e.account_id, e.kind, e.at) for e in back.new_events] == [(ours, "followed", refollowed_at)]
    assert (await story(db, ours, refollowed_at)).progress.following
    assert [kind for kind, _ in await events_of(db, ours)] == ["followed", "unfollowed", "followed"]


async def test_a_whole_list_read_cut_short_forgets_nobody(
    db: Database, db_x: XNetwork, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """X repeating the following list's cursor: the whole read stops, keeps what it read, and since it did not
    see the list's end, no edge it missed is taken for an unfollow."""
    world, script = sandbox.world, Script(sandbox.world)
    team = world.me_id
    (person,) = strangers(sandbox, 1)
    await suggest(db, [person])
    script.follow(team, person)
    start = world.now + timedelta(hours=1)
    await track(db, db_x, guild_id=GUILD, now=start)
    monkeypatch.setattr(tracking_module, "RELATION_PAGES", (5, 5, 5))
    sandbox.config.repeat_cursor = frozenset({FOLLOWING})
    world.following[team].remove(person)
    world.following[team].append(person)  # still followed, but on a page the cut walk never reaches
    monkeypatch.setattr("bot.networks.x.FOLLOWING_PAGE", 5)
    later = start + WHOLE_LIST_EVERY + timedelta(hours=1)
    before = len(sandbox.requests_to(FOLLOWING))
    report = await asyncio.wait_for(track(db, db_x, guild_id=GUILD, now=later), timeout=30)
    assert len(sandbox.requests_to(FOLLOWING)) - before == 2, "the page repeating a cursor is the last one read"
    assert report.new_events == []
    assert report.whole_lists == (), "following cut short; followers not read whole, as nobody suggested follows back"
    assert any("repeated a page cursor" in message for message in report.cut_short)
    async with db.session() as session:
        state = await session.get(RelationshipState, GUILD)
        kept = (await session.exec(select(FollowEdge).where(FollowEdge.follower_id == team))).all()
    assert state is not None and state.tracking_error and "repeated a page cursor" in state.tracking_error
    assert person in {edge.followee_id for edge in kept}
    assert (await story(db, person, later)).progress.following


async def test_every_tracking_walk_stops_on_a_repeated_cursor_and_keeps_what_it_read(
    db: Database, db_x: XNetwork, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The team's timeline, its mentions, its following and its followers, all answering the same
    ``next_token`` forever: each walk reads two pages, and the events on them are stored."""
    world, script = sandbox.world, Script(sandbox.world)
    team = world.me_id
    people = strangers(sandbox, 3)
    await suggest(db, people)
    start = world.now + timedelta(hours=1)
    await track(db, db_x, guild_id=GUILD, now=start)
    talker, answerer, follower = people
    moment = world.now + timedelta(minutes=10)
    # More than two pages of each timeline (100 a page) since the last read; the newest posts are the scripted ones.
    for n in range(230):
        script.original(team, at=moment + timedelta(seconds=n), text=f"note {n}")
        script.mention(world.seed_ids[n % len(world.seed_ids)], team, at=moment + timedelta(seconds=n))
    talk = script.team_talks_to(talker, at=moment + timedelta(minutes=30))
    answer = script.mention(answerer, team, at=moment + timedelta(minutes=31))
    newcomers = [u for u in world.users if u not in world.following[team] and u not in (team, *people)][:12]
    for account in newcomers:  # the team follows 12 more: the cut walk reads the newest 10
        script.follow(team, account)
    for account in (*newcomers[:5], follower):  # 6 new followers: the cut walk reads them all
        script.follow(account, team)
    monkeypatch.setattr(tracking_module, "RELATION_PAGES", (5, 5, 5))
    sandbox.config.repeat_cursor = frozenset({USER_TWEETS, MENTIONS, FOLLOWING, FOLLOWERS})
    seen = {route: len(sandbox.requests_to(route)) for route in (USER_TWEETS, MENTIONS, FOLLOWING, FOLLOWERS)}
    report = await asyncio.wait_for(track(db, db_x, guild_id=GUILD, now=start + timedelta(hours=1)), timeout=30)
    for route in (USER_TWEETS, MENTIONS, FOLLOWING, FOLLOWERS):
        assert len(sandbox.requests_to(route)) - seen[route] == 2, route
    assert report.error is None
    assert {(e.account_id, e.kind, e.ref) for e in report.new_events} == {
        (talker, "talked", talk.id),
        (answerer, "answered", answer.id),
        (follower, "followed_back", ""),
    }, "the newest posts and follows, on the pages read, are kept"
    assert report.posts_read == 400, "two full pages of each timeline"
    assert len(report.cut_short) == 4, "the following, followers, own posts and mentions walks tell their stop"
    assert any(stop.startswith("X repeated a page cursor of the mentions") for stop in report.cut_short)
    async with db.session() as session:
        following = set(
            (await session.exec(select(FollowEdge.followee_id).where(FollowEdge.follower_id == team))).all()
        )
    assert set(newcomers[2:]) <= following and not set(newcomers[:2]) & following, "the newest 10 are kept"


async def test_simulated_weeks_show_the_scripted_unfollows_on_both_sides(tmp_path: Path) -> None:
    """The bench's world: the team drops some it followed, some people stop following back; the stories show
    exactly those whose unfollow came before tracking's last whole read, and the funnel still counts them."""
    from bot.sandbox.weeks import simulate

    result = await simulate(tmp_path, weeks=3, per_week=10)
    assert result.unfollowed_shown and result.stopped_shown, "both sides happen and are seen"
    assert result.unfollows_match_truth()
    assert result.unfollowed_shown <= result.truth.approved, "they still count as followed (the funnel's truth)"
    last = result.reports[-1].text.splitlines()[2].removeprefix("In all: ")
    assert f"{len(result.truth.approved)} followed" in last


async def test_mentions_beyond_a_repeated_cursor_are_read_on_the_next_run(
    db: Database, db_x: XNetwork, sandbox: SandboxServer
) -> None:
    world, script = sandbox.world, Script(sandbox.world)
    team = world.me_id
    (answerer,) = strangers(sandbox, 1)
    await suggest(db, [answerer])
    start = world.now + timedelta(hours=1)
    await track(db, db_x, guild_id=GUILD, now=start)
    moment = world.now + timedelta(minutes=10)
    answer = script.mention(answerer, team, at=moment)  # the oldest of what is new: on the third page
    for n in range(230):
        script.mention(world.seed_ids[n % len(world.seed_ids)], team, at=moment + timedelta(seconds=n + 1))
    sandbox.config.repeat_cursor = frozenset({MENTIONS})
    cut = await track(db, db_x, guild_id=GUILD, now=start + timedelta(hours=1))
    assert answer.id not in {event.ref for event in cut.new_events}
    sandbox.config.repeat_cursor = frozenset()  # X pages properly again
    mended = await track(db, db_x, guild_id=GUILD, now=start + timedelta(hours=2))
    assert (answerer, "answered", answer.id) in {(e.account_id, e.kind, e.ref) for e in mended.new_events}
