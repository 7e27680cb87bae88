"""The digest's posting steps as services (no Discord): a day is claimed once, resumes where it stopped, and
`/digest now` can say how long discovery will take. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from bot import digest as digests
from bot.models import DigestPost, DiscoveryRun, GuildSettings, Suggestion, utcnow

if TYPE_CHECKING:
    from bot.db import Database

GUILD = 4242
DAY = date(2026, 11, 20)


async def add_suggestions(db: Database, count: int, day: date = DAY) -> list[int]:
    async with db.session() as session, session.begin():
        rows = [
            Suggestion(guild_id=GUILD, digest_day=day, account_id=str(1000 + n), position=n, score=1.0)
            for n in range(count)
        ]
        session.add_all(rows)
        await session.flush()
        return [row.id for row in rows if row.id is not None]


async def test_a_day_is_claimed_resumed_after_a_failure_and_never_posted_twice(db: Database) -> None:
    async with db.session() as session, session.begin():
        post = await digests.claim_day(session, guild_id=GUILD, day=DAY)
    assert post is not None and post.id is not None and post.state == "posting"
    async with db.session() as session, session.begin():
        await digests.fail_day(session, post_id=post.id, problem="I lack permission in <#1>. " + "x" * 600)
    async with db.session() as session:
        failed = await session.get(DigestPost, post.id)
        team = await session.get(GuildSettings, GUILD)
    assert failed is not None and failed.state == "failed" and failed.error is not None and len(failed.error) == 500
    assert team is not None and team.last_problem is not None
    assert team.last_problem.startswith(f"The digest of {DAY} was not posted: I lack permission")

    async with db.session() as session, session.begin():
        again = await digests.claim_day(session, guild_id=GUILD, day=DAY)
    assert again is not None and again.id == post.id and again.state == "posting", "a failed day is claimed again"
    async with db.session() as session, session.begin():
        await digests.finish_day(session, post_id=post.id, entries=3)
    async with db.session() as session, session.begin():
        assert await digests.claim_day(session, guild_id=GUILD, day=DAY) is None, "a posted day is never claimed"
        done = await session.get(DigestPost, post.id)
    assert done is not None and done.state == "posted" and done.entries == 3 and done.error is None
    async with db.session() as session, session.begin():
        other_day = await digests.claim_day(session, guild_id=GUILD, day=DAY + timedelta(days=1))
    assert other_day is not None and other_day.id != post.id


async def test_a_resumed_post_knows_its_header_and_the_entries_already_sent(db: Database) -> None:
    first, second, third = await add_suggestions(db, 3)
    async with db.session() as session, session.begin():
        post = await digests.claim_day(session, guild_id=GUILD, day=DAY)
        assert post is not None and post.id is not None
        await digests.record_header(session, post_id=post.id, message_id=900, channel_id=77)
        await digests.record_entry_message(session, suggestion_id=first, message_id=901, channel_id=77)
        await digests.record_entry_message(session, suggestion_id=second, message_id=902, channel_id=77)
    async with db.session() as session, session.begin():
        resumed = await digests.claim_day(session, guild_id=GUILD, day=DAY)
        assert resumed is not None and resumed.header_message_id == 900 and resumed.channel_id == 77
        assert await digests.posted_entries(session, guild_id=GUILD, day=DAY) == {first, second}
        assert third not in await digests.posted_entries(session, guild_id=GUILD, day=DAY)


async def test_the_discovery_estimate_comes_from_the_last_finished_run(db: Database) -> None:
    async with db.session() as session:
        plan = await digests.plan_posting(session, guild_id=GUILD, day=DAY)
    assert plan == digests.PostingPlan(
        day=DAY, already_posted=False, discovery_first=True, discovery_seconds=digests.DEFAULT_DISCOVERY_SECONDS
    )
    started = utcnow() - timedelta(hours=3)
    async with db.session() as session, session.begin():
        session.add(DiscoveryRun(guild_id=GUILD, started_at=started, finished_at=started + timedelta(seconds=41.6)))
        session.add(DiscoveryRun(guild_id=GUILD + 1, started_at=started, finished_at=started + timedelta(seconds=900)))
        session.add(DiscoveryRun(guild_id=GUILD, started_at=started + timedelta(hours=1)))  # still running
    async with db.session() as session:
        assert await digests.discovery_seconds(session, guild_id=GUILD) == 42
    await add_suggestions(db, 1)
    async with db.session() as session:
        plan = await digests.plan_posting(session, guild_id=GUILD, day=DAY)
    assert not plan.discovery_first and plan.discovery_seconds == 0 and not plan.already_posted
    async with db.session() as session, session.begin():
        post = await digests.claim_day(session, guild_id=GUILD, day=DAY)
        assert post is not None and post.id is not None
        await digests.finish_day(session, post_id=post.id, entries=1)
    async with db.session() as session:
        assert (await digests.plan_posting(session, guild_id=GUILD, day=DAY)).already_posted
