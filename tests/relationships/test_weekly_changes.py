"""The weekly report under hostile conditions: two processes, a team changing its day, hour or time zone mid-week,
and its report channel refusing the message. Exactly once per week means no week posted twice and none skipped."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from sqlmodel import select

from bot.models import GuildSettings, RelationshipState, WeeklyReport
from bot.relationships.weekly import post_weekly_report, report_is_due, weekly_trigger
from tests.conftest import second_process_db
from tests.relationships.test_weekly import GUILD, Sink, team

if TYPE_CHECKING:
    from bot.db import Database


class SlowSink(Sink):
    """A Discord side that takes a while to answer, so two senders overlap."""

    async def send_report(self, channel_id: int, text: str, png: bytes, filename: str, *, key: str) -> int:
        await asyncio.sleep(0.2)
        return await super().send_report(channel_id, text, png, filename, key=key)


async def test_two_processes_post_the_week_once(db: Database) -> None:
    await team(db)
    other = await second_process_db(db)
    try:
        monday = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
        one, two = SlowSink(), SlowSink()
        outcomes = await asyncio.gather(
            post_weekly_report(db, one, guild_id=GUILD, now=monday),
            post_weekly_report(other, two, guild_id=GUILD, now=monday),
        )
    finally:
        await other.close()
    assert len(one.sent) + len(two.sent) == 1, [o.state for o in outcomes]
    assert sorted(o.state for o in outcomes) in (["already", "posted"], ["busy", "posted"])


async def _change(
    db: Database, *, weekday: int | None = None, hour: int | None = None, zone: str | None = None
) -> None:
    async with db.session() as session, session.begin():
        state = await session.get(RelationshipState, GUILD)
        settings = await session.get(GuildSettings, GUILD)
        assert state is not None and settings is not None
        if weekday is not None:
            state.report_weekday = weekday
        if hour is not None:
            state.report_hour = hour
        if zone is not None:
            settings.digest_timezone = zone
        session.add_all([state, settings])


async def _walk(db: Database, *, start: datetime, weeks: int, change_at: datetime, **change: object) -> list[datetime]:
    """Walk the calendar hour by hour as the bot would run it (the weekly trigger, rescheduled when the settings
    change, and the tracking job's catch-up every 6 hours), applying ``change`` at ``change_at``; return the
    moments a report was posted."""
    sink = Sink()
    posted: list[datetime] = []

    async def trigger_of() -> tuple[int, int, str]:
        async with db.session() as session:
            state = await session.get(RelationshipState, GUILD)
            settings = await session.get(GuildSettings, GUILD)
        assert state is not None and settings is not None
        return state.report_weekday, state.report_hour, settings.digest_timezone

    trigger = weekly_trigger(*await trigger_of())
    next_fire = trigger.get_next_fire_time(None, start)
    moment = start
    while moment < start + timedelta(weeks=weeks):
        if moment == change_at:
            await _change(db, **change)  # type: ignore[arg-type]
            trigger = weekly_trigger(*await trigger_of())  # schedule_team replaces the job: a fresh trigger
            next_fire = trigger.get_next_fire_time(None, moment)
        before = len(sink.sent)
        if next_fire is not None and moment >= next_fire:
            await post_weekly_report(db, sink, guild_id=GUILD, now=moment)
            next_fire = trigger.get_next_fire_time(next_fire, moment + timedelta(seconds=1))
        if moment.hour % 6 == 0 and await report_is_due(db, guild_id=GUILD, now=moment):
            await post_weekly_report(db, sink, guild_id=GUILD, now=moment)
        posted += [moment] * (len(sink.sent) - before)
        moment += timedelta(hours=1)
    return posted


def _weeks_apart(posted: list[datetime]) -> list[float]:
    return [round((later - earlier) / timedelta(days=1), 2) for earlier, later in itertools.pairwise(posted)]


async def test_moving_the_report_hour_mid_week_posts_each_week_once(db: Database) -> None:
    await team(db, weekday=0, hour=9)
    start = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)  # a Monday
    # Monday 30 Nov, after that day's 09:00 report: move it to 20:00 the same Monday.
    posted = await _walk(db, start=start, weeks=3, change_at=datetime(2026, 11, 30, 12, tzinfo=UTC), hour=20)
    assert len(posted) == 3 and all(6 <= gap <= 8 for gap in _weeks_apart(posted)), posted


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "America/Los_Angeles"])
async def test_moving_the_time_zone_mid_week_posts_each_week_once(db: Database, zone: str) -> None:
    await team(db, weekday=0, hour=9, timezone="UTC")
    start = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    posted = await _walk(db, start=start, weeks=3, change_at=datetime(2026, 11, 30, 10, tzinfo=UTC), zone=zone)
    # Kiritimati is 14 hours ahead of UTC: its Mondays come earlier, so a fourth report falls in the walk.
    assert len(posted) >= 3 and all(5 <= gap <= 8 for gap in _weeks_apart(posted)), posted


async def test_moving_the_report_day_later_after_this_weeks_report_does_not_post_the_week_again(db: Database) -> None:
    await team(db, weekday=0, hour=9)
    start = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    # Monday 30 Nov at 12:00 UTC, after that day's report: the team moves the report to Tuesdays.
    posted = await _walk(db, start=start, weeks=3, change_at=datetime(2026, 11, 30, 12, tzinfo=UTC), weekday=1)
    assert all(4 <= gap <= 10 for gap in _weeks_apart(posted)), posted
    days = [moment.date() for moment in posted]
    assert days[:3] == [date(2026, 11, 23), date(2026, 11, 30), date(2026, 12, 8)], "the next Tuesday, not tomorrow"


@pytest.mark.parametrize(("weekday", "first_after"), [(4, date(2026, 12, 4)), (6, date(2026, 12, 6))])
async def test_moving_the_report_day_four_or_more_days_later_still_reports_within_the_week(
    db: Database, weekday: int, first_after: date
) -> None:
    """Monday to Friday shares three days with Monday's week: reported that Friday. Monday to Sunday shares one."""
    await team(db, weekday=0, hour=9)
    start = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    posted = await _walk(db, start=start, weeks=3, change_at=datetime(2026, 11, 30, 12, tzinfo=UTC), weekday=weekday)
    after = [moment for moment in posted if moment > datetime(2026, 11, 30, 12, tzinfo=UTC)]
    assert after and all(4 <= gap <= 10 for gap in _weeks_apart(posted)), posted
    assert after[0].date() == first_after, posted


async def test_a_report_channel_that_refuses_is_retried_within_catch_up_then_given_up(db: Database) -> None:
    await team(db)

    class Forbidden(Sink):
        async def send_report(self, channel_id: int, text: str, png: bytes, filename: str, *, key: str) -> int:
            raise PermissionError("403 Forbidden (error code: 50013): Missing Permissions")

    monday = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    attempts = 0
    moment = monday
    while moment < monday + timedelta(days=7):
        if moment == monday or await report_is_due(db, guild_id=GUILD, now=moment):
            attempts += 1
            outcome = await post_weekly_report(db, Forbidden(), guild_id=GUILD, now=moment)
            assert outcome.state == "failed"
        moment += timedelta(hours=6)
    assert 1 < attempts <= 10, "retried, but not forever"
    async with db.session() as session:
        rows = (await session.exec(select(WeeklyReport))).all()
        settings = await session.get(GuildSettings, GUILD)
    assert [row.state for row in rows] == ["failed"]
    assert settings is not None and settings.last_problem and "could not be posted" in settings.last_problem
    # The permission comes back the next week: that week's report goes out, once.
    sink = Sink()
    await post_weekly_report(db, sink, guild_id=GUILD, now=monday + timedelta(days=7))
    await post_weekly_report(db, sink, guild_id=GUILD, now=monday + timedelta(days=7, hours=6))
    assert len(sink.sent) == 1
