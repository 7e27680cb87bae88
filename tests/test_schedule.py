"""Daily (and weekly) jobs in local time run exactly once on every local day (week) of the year, in zones with odd
clock changes."""

from __future__ import annotations

import itertools
import pickle
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

from bot import jobs
from bot.models import GuildSettings
from bot.schedule import LocalDailyTrigger, LocalWeeklyTrigger, local_run

if TYPE_CHECKING:
    from apscheduler.triggers.base import BaseTrigger

# A one-hour gap and overlap, a 30-minute DST (Lord Howe), a change at midnight (Santiago), no DST (Kolkata,
# +05:30), and a 45-minute offset with the gap at 02:45 (Chatham).
ZONES = [
    "America/Los_Angeles",
    "Europe/Berlin",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Asia/Kolkata",
    "Pacific/Chatham",
]
YEAR = 2026


def walk_year(trigger: BaseTrigger, zone: ZoneInfo, *, lead: timedelta = timedelta(0)) -> list[datetime]:
    """Every fire time of ``trigger`` in YEAR, called the way APScheduler 3.x's scheduler calls it: the first
    with no previous run, each next one with the previous run as it happens."""
    start = datetime(YEAR, 1, 1, tzinfo=zone) - timedelta(days=1)
    fires: list[datetime] = []
    moment = trigger.get_next_fire_time(None, start)
    while moment is not None and (moment.astimezone(UTC) + lead).astimezone(zone).year <= YEAR and len(fires) < 800:
        fires.append(moment)
        moment = trigger.get_next_fire_time(moment, moment)
    return [fire for fire in fires if (fire.astimezone(UTC) + lead).astimezone(zone).year == YEAR]


def days_of_year() -> set[date]:
    first = date(YEAR, 1, 1)
    return {first + timedelta(days=n) for n in range((date(YEAR + 1, 1, 1) - first).days)}


def assert_once_a_day(fires: list[datetime], zone: ZoneInfo, *, lead: timedelta = timedelta(0)) -> None:
    assert fires == sorted(fires) and len(set(fires)) == len(fires), "fire times go forward"
    per_day = Counter((fire.astimezone(UTC) + lead).astimezone(zone).date() for fire in fires)
    missing = sorted(days_of_year() - set(per_day))
    twice = sorted(day for day, count in per_day.items() if count > 1)
    assert not missing, f"no run on {missing[:5]}"
    assert not twice, f"two runs on {twice[:5]}"


def expected_local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """What the run on ``day`` should read on a local clock: ``at`` if it exists that day, else the first valid
    moment after it (found by stepping minute by minute, independently of the bisection in bot/schedule.py)."""
    wall = datetime.combine(day, at)
    probe = wall.replace(tzinfo=zone, fold=0).astimezone(UTC) - timedelta(hours=3)
    while probe.astimezone(zone).replace(tzinfo=None) < wall:
        probe += timedelta(minutes=1)
    return probe.astimezone(zone)


@pytest.mark.parametrize("zone_name", ZONES)
def test_local_daily_trigger_runs_once_every_day_of_the_year(zone_name: str) -> None:
    zone = ZoneInfo(zone_name)
    # Every hour and half hour, and 02:45 and 03:45: the gap and the repeated hour of each zone are among them.
    times = [(hour, minute) for hour in range(24) for minute in (0, 30)] + [(2, 45), (3, 45)]
    for hour, minute in times:
        trigger = LocalDailyTrigger(hour=hour, minute=minute, timezone=zone_name)
        fires = walk_year(trigger, zone)
        assert_once_a_day(fires, zone)
        for fire in fires:
            local = fire.astimezone(zone)
            if (local.hour, local.minute) != (hour, minute):
                # Only inside a gap: then the first moment after it.
                assert local == expected_local(local.date(), time(hour, minute), zone), (zone_name, local)


@pytest.mark.parametrize("zone_name", ZONES)
def test_team_digest_and_discovery_run_once_every_local_day(zone_name: str) -> None:
    """Issue 9, case 7: the jobs the bot schedules (not only the trigger) hold for the whole year."""
    zone = ZoneInfo(zone_name)
    for hour in (0, 1, 2, 3, 9, 23):
        team = GuildSettings(guild_id=1, digest_hour=hour, digest_timezone=zone_name)
        digest = jobs.digest_trigger(team)
        assert_once_a_day(walk_year(digest, zone), zone)
        discovery = jobs.digest_trigger(team, lead=jobs.DISCOVERY_LEAD)
        discovery_fires = walk_year(discovery, zone, lead=jobs.DISCOVERY_LEAD)
        assert_once_a_day(discovery_fires, zone, lead=jobs.DISCOVERY_LEAD)
        # Discovery is exactly the lead ahead of the digest it prepares, whatever the clocks do in between.
        for fire in discovery_fires:
            digest_run = digest.run_for(discovery.day_due(fire))
            # Compared in UTC: Python never finds aware datetimes of different zones equal inside a repeated hour.
            assert digest_run is not None and digest_run.astimezone(UTC) == fire.astimezone(UTC) + jobs.DISCOVERY_LEAD


def test_the_issue_examples() -> None:
    """hour 0 in Los Angeles runs on 2026-03-09 (CronTrigger skipped it); 01:30 on 2026-11-01 runs once."""
    pacific = ZoneInfo("America/Los_Angeles")
    midnight = LocalDailyTrigger(hour=0, timezone="America/Los_Angeles")
    after_spring = midnight.get_next_fire_time(
        datetime(2026, 3, 8, 0, 0, tzinfo=pacific), datetime(2026, 3, 8, 0, 0, 1, tzinfo=pacific)
    )
    assert after_spring == datetime(2026, 3, 9, 0, 0, tzinfo=pacific)
    repeated = LocalDailyTrigger(hour=1, minute=30, timezone="America/Los_Angeles")
    first = repeated.get_next_fire_time(None, datetime(2026, 11, 1, 0, 0, tzinfo=pacific))
    assert first is not None and first.astimezone(UTC) == datetime(2026, 11, 1, 8, 30, tzinfo=UTC)  # PDT
    # The scheduler asks again from inside the repeated hour: the next run is the next day, not 01:30 PST.
    again = repeated.get_next_fire_time(first, first + timedelta(hours=1))
    assert again == datetime(2026, 11, 2, 1, 30, tzinfo=pacific)
    in_gap = LocalDailyTrigger(hour=2, minute=30, timezone="America/Los_Angeles")
    assert in_gap.run_for(date(2026, 3, 8)) == datetime(2026, 3, 8, 3, 0, tzinfo=pacific)


def test_a_run_delayed_past_midnight_is_still_for_its_own_day() -> None:
    trigger = LocalDailyTrigger(hour=23, minute=30, timezone="Europe/Berlin")
    berlin = ZoneInfo("Europe/Berlin")
    assert trigger.day_due(datetime(2026, 6, 2, 1, 0, tzinfo=berlin)) == date(2026, 6, 1)
    assert trigger.day_due(datetime(2026, 6, 2, 23, 30, tzinfo=berlin)) == date(2026, 6, 2)


def test_local_run_has_no_run_on_a_skipped_calendar_day() -> None:
    """Samoa moved across the date line: 2011-12-30 never happened in Pacific/Apia."""
    assert local_run(date(2011, 12, 30), time(9), ZoneInfo("Pacific/Apia")) is None
    trigger = LocalDailyTrigger(hour=9, timezone="Pacific/Apia")
    apia = ZoneInfo("Pacific/Apia")
    after = trigger.get_next_fire_time(datetime(2011, 12, 29, 9, tzinfo=apia), datetime(2011, 12, 29, 9, tzinfo=apia))
    assert after == datetime(2011, 12, 31, 9, tzinfo=apia)


def test_trigger_pickles_for_the_job_store() -> None:
    trigger = LocalDailyTrigger(hour=2, minute=30, timezone="Australia/Lord_Howe", lead=timedelta(hours=1))
    again = pickle.loads(pickle.dumps(trigger))
    now = datetime(2026, 10, 1, tzinfo=UTC)
    assert again.get_next_fire_time(None, now) == trigger.get_next_fire_time(None, now)
    assert str(again) == "daily at 02:30 Australia/Lord_Howe less 1:00:00"


def test_trigger_refuses_bad_times() -> None:
    with pytest.raises(ValueError):
        LocalDailyTrigger(hour=24, timezone="UTC")


# -- the weekly report's trigger ---------------------------------------------------------------------------------

# Sydney adds a southern-hemisphere zone changing on Sundays in April and October; the rest as above.
WEEKLY_ZONES = [*ZONES, "Australia/Sydney"]
WEEKLY_YEARS = (2026, 2027, 2028)


def weekly_fires(trigger: LocalWeeklyTrigger, zone: ZoneInfo) -> list[datetime]:
    """Every fire time of ``trigger`` from a week before WEEKLY_YEARS to a week after, asked as APScheduler 3.x
    asks (the previous run, ``now`` just after it)."""
    start = datetime(WEEKLY_YEARS[0], 1, 1, tzinfo=zone) - timedelta(days=7)
    end = datetime(WEEKLY_YEARS[-1] + 1, 1, 8, tzinfo=zone)
    fires: list[datetime] = []
    moment = trigger.get_next_fire_time(None, start)
    while moment is not None and moment < end and len(fires) < 200:
        fires.append(moment)
        moment = trigger.get_next_fire_time(moment, moment + timedelta(seconds=1))
    return fires


@pytest.mark.parametrize("zone_name", WEEKLY_ZONES)
def test_local_weekly_trigger_runs_once_every_local_week_for_years(zone_name: str) -> None:
    """Issue 9/13: the weekly report used APScheduler's CronTrigger, which skips or repeats a run the week the
    clocks change. Every weekday, at hours inside each zone's gap and repeated hour (and ordinary ones): one run
    per local week, on that weekday, at that time or (in a gap) the first valid moment after it."""
    zone = ZoneInfo(zone_name)
    times = [(hour, minute) for hour in (0, 1, 2, 3, 9, 23) for minute in (0, 30)] + [(2, 45)]
    for weekday in range(7):
        for hour, minute in times:
            trigger = LocalWeeklyTrigger(weekday=weekday, hour=hour, minute=minute, timezone=zone_name)
            fires = weekly_fires(trigger, zone)
            days = [fire.astimezone(zone).date() for fire in fires]
            assert fires == sorted(fires) and len(set(fires)) == len(fires), "fire times go forward"
            assert all(day.weekday() == weekday for day in days), (zone_name, weekday, hour, minute)
            # One run per local week, none missing: consecutive runs are exactly seven local days apart, and the
            # walk spans the three years.
            gaps = {later - earlier for earlier, later in itertools.pairwise(days)}
            assert gaps == {timedelta(days=7)}, (zone_name, weekday, hour, minute, gaps)
            assert days[0] <= date(WEEKLY_YEARS[0], 1, 7) and days[-1] >= date(WEEKLY_YEARS[-1], 12, 25)
            for fire in fires:
                local = fire.astimezone(zone)
                if (local.hour, local.minute) != (hour, minute):
                    assert local == expected_local(local.date(), time(hour, minute), zone), (zone_name, local)
                # The week a late job reports is the week the trigger fired for.
                assert trigger.last_run(fire + timedelta(days=6)) == fire


def test_weekly_trigger_in_the_gap_and_the_repeated_hour() -> None:
    """Sunday 02:30 in Los Angeles: 2026-03-08 runs at 03:00 (02:30 never happens), 2026-11-01 runs once at the
    first 01:30 for a 01:30 report, and the next run is a week later."""
    pacific = ZoneInfo("America/Los_Angeles")
    gap = LocalWeeklyTrigger(weekday=6, hour=2, minute=30, timezone="America/Los_Angeles")
    spring = gap.get_next_fire_time(None, datetime(2026, 3, 2, tzinfo=pacific))
    assert spring == datetime(2026, 3, 8, 3, 0, tzinfo=pacific)
    assert spring is not None and gap.get_next_fire_time(spring, spring) == datetime(2026, 3, 15, 2, 30, tzinfo=pacific)
    repeated = LocalWeeklyTrigger(weekday=6, hour=1, minute=30, timezone="America/Los_Angeles")
    autumn = repeated.get_next_fire_time(None, datetime(2026, 10, 26, tzinfo=pacific))
    assert autumn is not None and autumn.astimezone(UTC) == datetime(2026, 11, 1, 8, 30, tzinfo=UTC)  # PDT
    # Asked again from inside the repeated hour (01:30 PST): the next run is the next Sunday.
    again = repeated.get_next_fire_time(autumn, autumn + timedelta(hours=1))
    assert again == datetime(2026, 11, 8, 1, 30, tzinfo=pacific)


def test_weekly_trigger_pickles_and_refuses_bad_weekdays() -> None:
    trigger = LocalWeeklyTrigger(weekday=6, hour=2, minute=30, timezone="Australia/Lord_Howe")
    again = pickle.loads(pickle.dumps(trigger))
    now = datetime(2026, 10, 1, tzinfo=UTC)
    assert again.get_next_fire_time(None, now) == trigger.get_next_fire_time(None, now)
    assert again.weekday == 6 and str(again) == "weekly on Sunday at 02:30 Australia/Lord_Howe"
    for weekday in (-1, 7):
        with pytest.raises(ValueError, match="weekday"):
            LocalWeeklyTrigger(weekday=weekday, hour=9, timezone="UTC")
