"""Daily and weekly triggers in local time that fire exactly once per local day (or week), the days the clocks
change included.

APScheduler 3.x's ``CronTrigger`` walks wall-clock fields and adds 24 hours to move a day: on the day the clocks
go forward it can skip the next day entirely (``hour=0`` in America/Los_Angeles fires on 2026-03-08 and then on
03-10), and a time inside the repeated hour of the day the clocks go back fires twice (agronholm/apscheduler
issues #606 and #120). This trigger computes each run from the local *date* instead:

- a time that exists once on that date runs then;
- a time inside the repeated hour (an overlap) runs once, at its first occurrence (``fold=0``, PEP 495);
- a time inside the skipped hour (a gap) runs at the first valid moment after it (02:30 on a day that jumps
  from 02:00 to 03:00 runs at 03:00);
- a date with no valid moment at or after that time (a zone that skipped the rest of the day) has no run.

``LocalWeeklyTrigger`` is the same rule on one weekday only (the weekly report): exactly one run per local week.
Both share :class:`LocalTrigger`, which only asks a subclass which local dates have a run.

``lead`` moves every run earlier by a fixed real duration (discovery one hour before the digest), so a job tied
to another one's day runs exactly once per day of that job too, whatever the clocks do in between.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger

_STATE_VERSION = 1


def _local_wall(instant: datetime, zone: ZoneInfo) -> datetime:
    """The naive local wall-clock reading of an aware instant."""
    return instant.astimezone(zone).replace(tzinfo=None)


def local_run(day: date, at: time, zone: ZoneInfo) -> datetime | None:
    """The instant (aware, UTC) the daily time ``at`` happens on local date ``day`` in ``zone``, or ``None``.

    Overlap: the first occurrence. Gap: the first instant after it whose local reading is at or after ``at``
    (the moment the clocks jumped), provided it still falls on ``day``.
    """
    wall = datetime.combine(day, at)
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if _local_wall(first, zone) == wall:
        return first  # it exists; fold=0 is the earlier of two readings in an overlap
    # A gap: fold=1 reads the wall time with the offset after the jump and lands before the transition, fold=0
    # with the offset before it and lands after. Between the two, local time only moves forward, so bisect for
    # the first second whose reading has reached `wall` (transitions fall on whole seconds).
    low = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    high = first
    if low > high:
        low, high = high, low
    while (high - low) > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if _local_wall(middle, zone) >= wall:
            high = middle
        else:
            low = middle
    moment = high.replace(microsecond=0)
    if _local_wall(moment, zone) < wall:
        moment += timedelta(seconds=1)
    return moment if _local_wall(moment, zone).date() == day else None


class LocalTrigger(BaseTrigger):
    """Fires at ``hour:minute`` in the IANA zone ``timezone``, less ``lead``, on each local date ``runs_on`` accepts.

    Picklable (the SQLAlchemy job store stores it): the zone is kept by its key. ``get_next_fire_time`` follows
    APScheduler 3.x's contract: given the previous fire time it returns the run of the next accepted local date
    after that run's date (even if it is already past; the scheduler applies misfire rules), otherwise the first
    run at or after ``now``. Raises ``ValueError`` for an hour or minute out of range, ``ZoneInfoNotFoundError``
    for an unknown zone.
    """

    __slots__ = ("at", "lead", "timezone")
    period = 1
    """Days between two accepted dates at most: the searches below look ``SEARCH_PERIODS`` periods ahead."""

    def __init__(self, *, hour: int, minute: int = 0, timezone: str, lead: timedelta = timedelta(0)) -> None:
        self.at = time(hour, minute)
        self.timezone = ZoneInfo(timezone)
        self.lead = lead

    def runs_on(self, day: date) -> bool:
        """Whether local date ``day`` has a run (every date here)."""
        return True

    def _search(self) -> int:
        # A date without a run is a rare zone change (a skipped calendar day); a few periods always find one.
        return _SEARCH_PERIODS * self.period

    def run_for(self, day: date) -> datetime | None:
        """The fire time belonging to local date ``day`` (aware, in the trigger's zone), or ``None`` (not a date
        with a run, or one whose time the zone skipped entirely)."""
        if not self.runs_on(day):
            return None
        moment = local_run(day, self.at, self.timezone)
        return None if moment is None else (moment - self.lead).astimezone(self.timezone)

    def day_of(self, fire_time: datetime) -> date:
        """The local date a fire time belongs to (the lead undone). Added in UTC: on an aware local datetime,
        Python adds wall-clock time, which is wrong across a clock change."""
        return (fire_time.astimezone(UTC) + self.lead).astimezone(self.timezone).date()

    def last_run(self, now: datetime) -> datetime | None:
        """The latest run at or before ``now`` (aware, in the trigger's zone), or ``None`` if there is none within
        the search window: the run a job that started late (a misfire after a restart) is still for."""
        day = self.day_of(now) + timedelta(days=1)
        for _ in range(self._search()):
            moment = self.run_for(day)
            if moment is not None and moment.astimezone(UTC) <= now.astimezone(UTC):
                return moment
            day -= timedelta(days=1)
        return None

    def day_due(self, now: datetime) -> date:
        """The local date of the latest run at or before ``now``: the day a run that started late (a misfire
        after a restart, past midnight) is still for."""
        moment = self.last_run(now)
        return self.day_of(now) if moment is None else self.day_of(moment)

    def get_next_fire_time(self, previous_fire_time: datetime | None, now: datetime) -> datetime | None:  # pyright: ignore[reportIncompatibleMethodOverride]  (APScheduler leaves it unannotated)
        if previous_fire_time is not None:
            after = self.day_of(previous_fire_time)
            day = after + timedelta(days=1)
        else:
            after = None
            # The run of yesterday's date can still be ahead when there is a lead; start one day back.
            day = self.day_of(now) - timedelta(days=1)
        for _ in range(self._search()):
            moment = self.run_for(day)
            if moment is not None and (after is not None or moment.astimezone(UTC) >= now.astimezone(UTC)):
                return moment
            day += timedelta(days=1)
        return None

    def __getstate__(self) -> dict[str, Any]:
        return {
            "version": _STATE_VERSION,
            "hour": self.at.hour,
            "minute": self.at.minute,
            "timezone": self.timezone.key,
            "lead": self.lead.total_seconds(),
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        if state.get("version", 1) > _STATE_VERSION:
            raise ValueError(f"{type(self).__name__} state version {state['version']} is newer than this code")
        self.at = time(state["hour"], state["minute"])
        self.timezone = ZoneInfo(state["timezone"])
        self.lead = timedelta(seconds=state["lead"])

    def _lead_words(self) -> str:
        return f" less {self.lead}" if self.lead else ""


_SEARCH_PERIODS = 8


class LocalDailyTrigger(LocalTrigger):
    """Fires once per local date at ``hour:minute`` in ``timezone``, less ``lead`` (see :class:`LocalTrigger`)."""

    __slots__ = ()

    def __str__(self) -> str:
        return f"daily at {self.at:%H:%M} {self.timezone.key}{self._lead_words()}"

    def __repr__(self) -> str:
        return (
            f"LocalDailyTrigger(hour={self.at.hour}, minute={self.at.minute}, timezone={self.timezone.key!r}, "
            f"lead={self.lead!r})"
        )


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class LocalWeeklyTrigger(LocalTrigger):
    """Fires once per local week, on ``weekday`` (0 = Monday) at ``hour:minute`` in ``timezone``, less ``lead``:
    the daily rule (gap: first valid moment after; overlap: first occurrence) on that weekday only. Raises
    ``ValueError`` for a weekday outside 0..6 as well."""

    __slots__ = ("weekday",)
    period = 7

    def __init__(
        self, *, weekday: int, hour: int, minute: int = 0, timezone: str, lead: timedelta = timedelta(0)
    ) -> None:
        if not 0 <= weekday <= 6:
            raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), not {weekday}")
        super().__init__(hour=hour, minute=minute, timezone=timezone, lead=lead)
        self.weekday = weekday

    def runs_on(self, day: date) -> bool:
        return day.weekday() == self.weekday

    def __getstate__(self) -> dict[str, Any]:
        return {**super().__getstate__(), "weekday": self.weekday}

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)
        self.weekday = state["weekday"]

    def __str__(self) -> str:
        return f"weekly on {WEEKDAYS[self.weekday]} at {self.at:%H:%M} {self.timezone.key}{self._lead_words()}"

    def __repr__(self) -> str:
        return (
            f"LocalWeeklyTrigger(weekday={self.weekday}, hour={self.at.hour}, minute={self.at.minute}, "
            f"timezone={self.timezone.key!r}, lead={self.lead!r})"
        )
