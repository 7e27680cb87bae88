"""Tracking through tweepy against the sandbox: only what is new, owned reads, events stored once."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from sqlmodel import select

from bot.models import GuildSettings, PersonEvent, RelationshipState, Suggestion, TrackingRun, utcnow
from bot.networks.x import parse_post
from bot.relationships.costs import render_tracking_cost, tracking_cost
from bot.relationships.tracking import answers_team, track
from bot.sandbox.script import Script, mentions_of
from bot.sandbox.server import MENTIONS, QUOTE_TWEETS, USER_TWEETS
from bot.sandbox.vocabulary import TWEET

if TYPE_CHECKING:
    from bot.clock import FakeClock
    from bot.db import Database
    from bot.networks.base import NetworkPost
    from bot.networks.x import XNetwork
    from bot.sandbox.server import SandboxServer

GUILD = 31


def strangers(sandbox: SandboxServer, count: int) -> list[str]:
    """Visible posting accounts with no history with the team (neither side follows or mentions the other)."""
    world = sandbox.world
    team = world.me_id
    talked = {m for p in world.posts_of(team) for m in (*p.mentions, p.in_reply_to_user_id) if m}
    found = []
    for user in world.users.values():
        if user.id == team or user.protected or user.suspended or user.last_post_at is None:
            continue
        if user.id in talked or user.id in world.following.get(team, ()) or team in world.following.get(user.id, ()):
            continue
        posts = world.posts_of(user.id)
        if any(p.kind == "original" for p in posts) and not any(team in p.mentions for p in posts):
            found.append(user.id)
        if len(found) == count:
            return found
    raise AssertionError("the world has too few strangers")


async def suggest(db: Database, people: list[str], *, guild_id: int = GUILD) -> None:
    async with db.session() as session, session.begin():
        if await session.get(GuildSettings, guild_id) is None:
            session.add(GuildSettings(guild_id=guild_id))
        for position, person in enumerate(people):
            session.add(
                Suggestion(guild_id=guild_id, digest_day=utcnow().date(), account_id=person, position=position, score=1)
            )


async def test_tracking_reads_only_what_is_new_and_stores_each_event_once(
    db: Database, db_x: XNetwork, sandbox: SandboxServer, clock: FakeClock
) -> None:
    world, script = sandbox.world, Script(sandbox.world)
    talked_to, quoted, answerer, stranger = strangers(sandbox, 4)
    await suggest(db, [talked_to, quoted, answerer])
    first = await track(db, db_x, guild_id=GUILD)
    assert first.error is None and first.new_events == []
    assert first.paid_reads is False

    now = world.now + timedelta(minutes=5)
    talk = script.team_talks_to(talked_to, at=now)
    their_post = script.latest_original(quoted)
    await track(db, db_x, guild_id=GUILD)  # the quoted post is known to us once stored (discovery stores timelines)
    async with db.session() as session, session.begin():
        from bot.networks.x import parse_post
        from bot.storage import upsert_posts

        rendered = sandbox._render_post(their_post, frozenset({"author_id", "created_at", "conversation_id"}), TWEET)
        await upsert_posts(session, [parse_post(rendered)])
    quote = script.quote(world.me_id, their_post, at=now + timedelta(minutes=1))
    repost_like = script.mention(stranger, world.me_id, at=now + timedelta(minutes=2))  # not suggested: ignored
    answer = script.reply(answerer, talk, at=now + timedelta(minutes=3))
    script.follow(world.me_id, talked_to)
    script.follow(answerer, world.me_id)
    report = await track(db, db_x, guild_id=GUILD)
    kinds = sorted((event.account_id, event.kind, event.ref) for event in report.new_events)
    assert kinds == sorted(
        [
            (quoted, "talked", quote.id),
            (answerer, "answered", answer.id),
            (talked_to, "followed", ""),
            (answerer, "followed_back", ""),
        ]
    ), "the talk before was read by the run before"
    assert repost_like.id not in {event.ref for event in report.new_events}
    again = await track(db, db_x, guild_id=GUILD)
    assert again.new_events == [] and again.posts_read == 0
    last_reads = [r for r in sandbox.requests if r.path in (USER_TWEETS, MENTIONS)][-2:]
    assert all("since_id" in r.params for r in last_reads), "only what is new"

    async with db.session() as session:
        events = (await session.exec(select(PersonEvent).where(PersonEvent.guild_id == GUILD))).all()
        state = await session.get(RelationshipState, GUILD)
        runs = (await session.exec(select(TrackingRun))).all()
        cost = await tracking_cost(session, guild_id=GUILD, now=utcnow() + timedelta(minutes=1))
    assert len(events) == 5 and all(e.at.tzinfo is not None for e in events)
    assert {e.post_url for e in events if e.ref} >= {f"https://x.com/i/status/{talk.id}"}
    assert state is not None and state.last_mention_id == answer.id
    assert len(runs) == 4 and cost is not None and cost.runs == 4
    assert cost.week_dollars == sum(run.cost_micros for run in runs) / 1_000_000 > 0
    assert sandbox.billing.by_kind.get("post", 0) == 0, "the team's own posts and mentions are owned reads"
    assert "owned reads" in render_tracking_cost(cost)


async def test_tracking_without_a_user_token_reads_at_the_public_price(
    db: Database, sandbox: SandboxServer, clock: FakeClock
) -> None:
    from tests.networks.helpers import x_network, x_settings

    world = sandbox.world
    person = strangers(sandbox, 1)[0]
    await suggest(db, [person])
    async with db.session() as session, session.begin():
        settings = await session.get(GuildSettings, GUILD)
        assert settings is not None
        settings.team_account_id = world.me_id
        session.add(settings)
    Script(world).mention(person, world.me_id, at=world.now + timedelta(minutes=1))
    settings = x_settings(sandbox.base_url, x_access_token=None, x_access_token_secret=None)
    async with x_network(settings, db, clock) as app_only:
        report = await track(db, app_only, guild_id=GUILD)
    assert report.error is None and report.paid_reads
    assert [event.kind for event in report.new_events] == ["answered"]
    assert sandbox.billing.by_kind.get("post", 0) > 0 and "owned_read" not in sandbox.billing.by_kind
    async with db.session() as session:
        cost = await tracking_cost(session, guild_id=GUILD, now=utcnow() + timedelta(minutes=1))
    assert cost is not None and cost.paid_reads and "paid reads" in render_tracking_cost(cost)


async def test_tracking_without_any_team_account_names_the_command_that_sets_it(
    db: Database, sandbox: SandboxServer, clock: FakeClock
) -> None:
    """With only DISCORD_TOKEN and X_BEARER_TOKEN the error named "the team account id", a setting no one can
    find; the fix a team can make from Discord is /settings team_account."""
    from tests.networks.helpers import x_network, x_settings

    await suggest(db, strangers(sandbox, 1))
    settings = x_settings(sandbox.base_url, x_access_token=None, x_access_token_secret=None)
    async with x_network(settings, db, clock) as app_only:
        report = await track(db, app_only, guild_id=GUILD)
    assert report.error is not None and "/settings team_account" in report.error
    assert sandbox.requests == [], "nothing read for an unknown account"


async def test_tracking_reads_nothing_before_anyone_was_suggested(
    db: Database, db_x: XNetwork, sandbox: SandboxServer
) -> None:
    report = await track(db, db_x, guild_id=GUILD)
    assert report.posts_read == 0 and sandbox.requests == []


async def test_two_tracking_runs_at_once_read_the_new_posts_once(
    db: Database, db_x: XNetwork, sandbox: SandboxServer, clock: FakeClock
) -> None:
    await suggest(db, strangers(sandbox, 2))
    await asyncio.gather(track(db, db_x, guild_id=GUILD), track(db, db_x, guild_id=GUILD))
    first_reads = [r for r in sandbox.requests_to(USER_TWEETS) if "since_id" not in r.params]
    assert len(first_reads) == 1, "the second run reads only what is newer than the first"


@pytest.mark.parametrize("vocabulary", ["tweet", "post"])
async def test_a_quote_of_a_team_post_without_a_mention_counts_as_answered(
    db: Database, db_x: XNetwork, sandbox: SandboxServer, clock: FakeClock, vocabulary: str
) -> None:
    """X's mentions never hold a quote (it carries no mention), so tracking reads the quotes of the team's recent
    posts: a suggested person quoting one has answered, in either of X's vocabularies."""
    world, script = sandbox.world, Script(sandbox.world)
    world.vocabulary = vocabulary
    person, stranger = strangers(sandbox, 2)
    await suggest(db, [person])
    await track(db, db_x, guild_id=GUILD)
    now = world.now + timedelta(minutes=5)
    team_post = script.original(world.me_id, at=now, text="We just shipped offline mode.")
    quote = script.quote(person, team_post, at=now + timedelta(minutes=1), text="Finally!")
    script.quote(stranger, team_post, at=now + timedelta(minutes=2))  # not suggested: no event
    assert quote.id not in {post.id for post in mentions_of(world, world.me_id)}
    later = now + timedelta(days=2)  # the team's post is still within the week whose quotes are read
    report = await track(db, db_x, guild_id=GUILD, now=later)
    assert report.error is None
    assert [(e.account_id, e.kind, e.ref) for e in report.new_events] == [(person, "answered", quote.id)]
    assert report.new_events[0].post_url == f"https://x.com/i/status/{quote.id}"
    reads = [r for r in sandbox.requests if r.path == QUOTE_TWEETS]
    asked = f"/2/tweets/{team_post.id}/quote_tweets"
    assert asked in {r.url_path for r in reads}
    assert sandbox.billing.by_kind.get("post", 0) >= 2, "the quotes (two scripted), at the ordinary post price"
    again = await track(db, db_x, guild_id=GUILD, now=later)
    assert again.new_events == [], "a quote read again is stored once"
    seen = len(sandbox.requests)
    await track(db, db_x, guild_id=GUILD, now=now + timedelta(days=8))
    assert asked not in {r.url_path for r in sandbox.requests[seen:]}, "a week on, its quotes are not looked for"


def test_answers_team_reads_replies_and_quotes_of_team_posts_in_both_vocabularies() -> None:
    team, team_post = "100", "900"
    for referenced in ("referenced_tweets", "referenced_posts"):

        def post(kind: str, ref: str, *, author: str = "7", key: str = referenced, **extra: object) -> NetworkPost:
            raw = {"id": "1000", "author_id": author, "text": "x", "created_at": "2026-11-30T10:00:00.000Z"}
            return parse_post({**raw, key: [{"type": kind, "id": ref}], **extra})

        assert answers_team(post("quoted", team_post), team, {team_post})
        assert answers_team(post("replied_to", team_post), team, {team_post})
        assert not answers_team(post("quoted", "901"), team, {team_post}), "quotes someone else's post"
        assert not answers_team(post("retweeted", team_post), team, {team_post}), "a repost answers nobody"
        assert not answers_team(post("quoted", team_post, author=team), team, {team_post}), "the team itself"
        mention = post("quoted", "901", entities={"mentions": [{"id": team, "username": "team"}]})
        assert answers_team(mention, team, {team_post})
