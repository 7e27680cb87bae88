"""The weekly report: exactly once per week per team, at the team's local day and hour, across restarts and DST."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.approvals import Decider
from bot.models import GuildSettings, PersonEvent, RelationshipState, Suggestion, WeeklyReport
from bot.relationships.weekly import (
    InvalidReportSetting,
    due_moment,
    post_weekly_report,
    report_is_due,
    set_report,
    weekly_trigger,
)

if TYPE_CHECKING:
    from bot.db import Database

GUILD = 4242
BERLIN = ZoneInfo("Europe/Berlin")


class Sink:
    """The Discord side, recording what it was asked to post; ``fail`` makes the next send raise."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str, bytes]] = []
        self.fail = False

    async def send_report(self, channel_id: int, text: str, png: bytes, filename: str, *, key: str) -> int:
        if self.fail:
            self.fail = False
            raise ConnectionError("Discord unreachable")
        self.sent.append((channel_id, text, png))
        return 1000 + len(self.sent)


async def team(db: Database, *, weekday: int = 0, hour: int = 9, timezone: str = "Europe/Berlin") -> None:
    async with db.session() as session, session.begin():
        session.add(GuildSettings(guild_id=GUILD, digest_channel_id=77, digest_timezone=timezone))
        session.add(RelationshipState(guild_id=GUILD, report_weekday=weekday, report_hour=hour))


def test_weekly_trigger_fires_once_a_week_at_the_local_hour_across_dst() -> None:
    trigger = weekly_trigger(0, 9, "Europe/Berlin")
    fire = trigger.get_next_fire_time(None, datetime(2026, 3, 1, tzinfo=UTC))
    times = []
    while fire is not None and fire < datetime(2026, 11, 30, tzinfo=UTC):
        times.append(fire)
        fire = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
    local = [moment.astimezone(BERLIN) for moment in times]
    assert all(moment.weekday() == 0 and moment.hour == 9 and moment.minute == 0 for moment in local)
    weeks = [moment.date() for moment in local]
    assert all(later - earlier == timedelta(days=7) for earlier, later in itertools.pairwise(weeks))
    offsets = {moment.utcoffset() for moment in local}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}, "the run crossed both DST changes"


def test_due_moment_exists_even_when_dst_skips_the_hour() -> None:
    # 2026-03-29: Berlin skips 02:00–03:00. A Sunday 02:00 report still has exactly one moment that week.
    now = datetime(2026, 3, 29, 12, 0, tzinfo=UTC)
    due = due_moment(now, weekday=6, hour=2, timezone="Europe/Berlin")
    assert due.astimezone(BERLIN).date() == date(2026, 3, 29)
    week_before = due_moment(due - timedelta(seconds=1), weekday=6, hour=2, timezone="Europe/Berlin")
    assert week_before.astimezone(BERLIN).date() == date(2026, 3, 22)
    # 2026-10-25: 02:00–03:00 happens twice; the first one counts.
    autumn = due_moment(datetime(2026, 10, 25, 12, 0, tzinfo=UTC), weekday=6, hour=2, timezone="Europe/Berlin")
    assert autumn == datetime(2026, 10, 25, 0, 0, tzinfo=UTC)


async def test_report_posted_once_per_week_across_restarts_and_dst(db: Database) -> None:
    await team(db, weekday=6, hour=2)  # Sunday 02:00 local: the hour DST removes once a year
    start = datetime(2026, 3, 14, 0, 0, tzinfo=UTC)
    sinks = [Sink()]
    moment = start
    # Six weeks across the spring change, the bot "restarting" (a new Discord side) every 5 days; every hour the
    # scheduler fires if the trigger says so, and every 6 hours the tracking job catches up what is due.
    trigger = weekly_trigger(6, 2, "Europe/Berlin")
    next_fire = trigger.get_next_fire_time(None, start)
    while moment < start + timedelta(weeks=6):
        if (moment - start) % timedelta(days=5) == timedelta(0):
            sinks.append(Sink())
        sink = sinks[-1]
        if next_fire is not None and moment >= next_fire:
            await post_weekly_report(db, sink, guild_id=GUILD, now=moment)
            next_fire = trigger.get_next_fire_time(next_fire, moment + timedelta(seconds=1))
        if moment.hour % 6 == 0 and await report_is_due(db, guild_id=GUILD, now=moment):
            await post_weekly_report(db, sink, guild_id=GUILD, now=moment)
        moment += timedelta(hours=1)
    posted = [item for sink in sinks for item in sink.sent]
    async with db.session() as session:
        rows = (await session.exec(select(WeeklyReport).order_by(WeeklyReport.week_start))).all()  # type: ignore[arg-type]
    assert len(posted) == len(rows) == 6, [row.week_start for row in rows]
    assert all(row.state == "posted" for row in rows)
    assert [row.week_start for row in rows] == [date(2026, 3, 8) + timedelta(weeks=i) for i in range(6)]
    for row in rows:
        assert row.posted_at is not None
        assert row.posted_at.astimezone(BERLIN).weekday() == 6, "posted on the Sunday"


async def test_a_failed_report_is_tried_again_and_posted_once(db: Database) -> None:
    await team(db)
    sink = Sink()
    sink.fail = True
    monday = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
    failed = await post_weekly_report(db, sink, guild_id=GUILD, now=monday)
    assert failed.state == "failed" and sink.sent == []
    async with db.session() as session:
        settings = await session.get(GuildSettings, GUILD)
    assert settings is not None and settings.last_problem and "weekly report" in settings.last_problem
    assert await report_is_due(db, guild_id=GUILD, now=monday + timedelta(hours=6))  # failed: due again
    again = await post_weekly_report(db, sink, guild_id=GUILD, now=monday + timedelta(hours=6))
    assert again.state == "posted" and len(sink.sent) == 1
    third = await post_weekly_report(db, Sink(), guild_id=GUILD, now=monday + timedelta(hours=7))
    assert third.state == "already"


async def test_report_counts_the_week_and_draws_a_chart(db: Database) -> None:
    await team(db)
    friday = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    async with db.session() as session, session.begin():
        for number, account in enumerate(("1", "2", "3")):
            session.add(
                Suggestion(
                    guild_id=GUILD,
                    digest_day=friday.date(),
                    account_id=account,
                    position=number,
                    score=1.0,
                    created_at=friday - timedelta(days=1),
                )
            )
        session.add(PersonEvent(guild_id=GUILD, account_id="1", kind="talked", ref="11", at=friday))
        session.add(PersonEvent(guild_id=GUILD, account_id="1", kind="answered", ref="12", at=friday))
        session.add(PersonEvent(guild_id=GUILD, account_id="2", kind="answered", ref="13", at=friday))
        # Another team's events never count here.
        session.add(PersonEvent(guild_id=GUILD + 1, account_id="3", kind="answered", ref="14", at=friday))
    sink = Sink()
    outcome = await post_weekly_report(db, sink, guild_id=GUILD, now=datetime(2026, 11, 30, 8, 0, tzinfo=UTC))
    assert outcome.state == "posted"
    channel, text, png = sink.sent[0]
    assert channel == 77
    assert "This week: 3 suggested → 0 approved → 0 followed → 1 talked → 2 answered → 1 relationship" in text
    assert "Waiting for your reply (1)" in text
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and 5_000 < len(png) < 200_000


async def test_report_settings_are_whole_numbers_within_bounds_and_a_refusal_changes_nothing(db: Database) -> None:
    """bench.bad_input found /settings report hour:0.0001 giving the generic error; the cog guarded it, the
    service did not (any other caller could store a fractional hour the trigger can't use)."""
    admin = Decider(user_id=1, can_manage_guild=True)
    async with db.session() as session, session.begin():
        session.add(GuildSettings(guild_id=7))
    for bad in ({"hour": 0.0001}, {"hour": float("nan")}, {"weekday": 7}, {"quiet_weeks": 1.5}, {"hour": -1}):
        with pytest.raises(InvalidReportSetting, match="whole number"):
            async with db.session() as session, session.begin():
                await set_report(session, guild_id=7, decider=admin, **bad)  # type: ignore[arg-type]
    async with db.session() as session:
        assert (await session.exec(select(RelationshipState))).all() == [], "nothing stored on refusal"
    async with db.session() as session, session.begin():
        row, _ = await set_report(session, guild_id=7, decider=admin, hour=9.0)  # type: ignore[arg-type]
    assert row.report_hour == 9 and isinstance(row.report_hour, int)


def test_learned_seed_weights_escape_handles_once() -> None:
    # The weekly report is markdown: a seed "_dave_" showed as an italic "@dave" in "Seed weights learned".
    from bot.relationships.weekly import learned_line
    from bot.relationships.yields import WeightChange

    line = learned_line([WeightChange("_dave_", 1.0, 1.2, "why"), WeightChange("Kofi_Ito", 1.0, 0.8, "why")])
    assert line == "\n**Seed weights learned:** @\\_dave\\_ 1 → 1.2; @Kofi\\_Ito 1 → 0.8"
