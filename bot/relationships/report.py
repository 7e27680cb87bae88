"""The weekly report as plain data and text: the funnel this week and in all, per seed and per List, who is
waiting for the team's reply, and which seeds bring relationships. ``chart.py`` draws it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlmodel import col, func, select

from bot.formats import human_join, md, plural
from bot.models import TrackingRun
from bot.relationships.people import Person, load_people
from bot.relationships.stages import FUNNEL, STAGE_LABELS, Stage, funnel

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlmodel.ext.asyncio.session import AsyncSession

HISTORY_WEEKS = 12
"""Weeks shown in the chart's "over time" panel."""
TEXT_LIMIT = 2000
"""Discord's message content limit."""


@dataclass(frozen=True)
class SourceFunnel:
    """The all-time funnel of the people one seed (or one List) brought."""

    name: str
    counts: dict[Stage, int]

    @property
    def suggested(self) -> int:
        return self.counts[Stage.SUGGESTED]

    @property
    def relationships(self) -> int:
        return self.counts[Stage.RELATIONSHIP]

    @property
    def yield_(self) -> float:
        """Relationships per suggestion."""
        return self.relationships / self.suggested if self.suggested else 0.0


@dataclass(frozen=True)
class Waiting:
    handle: str
    answered_at: datetime


@dataclass(frozen=True)
class WeekPoint:
    week_start: date
    counts: dict[Stage, int]


@dataclass(frozen=True)
class WeeklyReportData:
    guild_id: int
    team_name: str
    week_start: date  # first local day covered
    week_end: date  # first local day NOT covered
    this_week: dict[Stage, int]
    in_all: dict[Stage, int]
    by_seed: tuple[SourceFunnel, ...]
    by_list: tuple[SourceFunnel, ...]
    waiting: tuple[Waiting, ...]
    history: tuple[WeekPoint, ...]
    tracking_dollars: float
    relationships_before: int = 0  # formed before the first week of ``history``

    @property
    def seeds_bringing_relationships(self) -> tuple[SourceFunnel, ...]:
        return tuple(
            sorted((s for s in self.by_seed if s.relationships), key=lambda s: (-s.yield_, -s.relationships, s.name))
        )


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant a local day starts (DST-safe: the zone decides the offset of that day)."""
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


def report_week(moment: datetime, zone: ZoneInfo) -> tuple[date, date]:
    """The week a report made at ``moment`` covers: the seven local days before the local day of ``moment``."""
    end = moment.astimezone(zone).date()
    return end - timedelta(days=7), end


def source_funnels(people: Iterable[Person], key: str) -> tuple[SourceFunnel, ...]:
    """All-time funnels grouped by seed handle (``key="seed"``) or List name (``key="list"``), biggest first."""
    groups: dict[str, list[Person]] = {}
    for person in people:
        names = person.seeds if key == "seed" else ((person.list_name,) if person.list_name else ())
        for name in names:
            groups.setdefault(name, []).append(person)
    funnels = [SourceFunnel(name, funnel(p.progress for p in members)) for name, members in groups.items()]
    return tuple(sorted(funnels, key=lambda f: (-f.relationships, -f.suggested, f.name)))


async def build_report(
    session: AsyncSession, *, guild_id: int, moment: datetime, timezone: str, team_name: str = "your team"
) -> WeeklyReportData:
    """The report a team gets at ``moment`` (aware): facts up to ``moment``, "this week" is ``report_week``."""
    zone = ZoneInfo(timezone)
    start, end = report_week(moment, zone)
    since, until = local_midnight(start, zone), local_midnight(end, zone)
    people = await load_people(session, guild_id=guild_id, now=moment)
    progresses = [person.progress for person in people]
    history = []
    for back in range(HISTORY_WEEKS - 1, -1, -1):
        week = start - timedelta(weeks=back)
        week_since = local_midnight(week, zone)
        week_until = local_midnight(week + timedelta(days=7), zone)
        history.append(WeekPoint(week, funnel(progresses, since=week_since, until=week_until)))
    first_active = next((i for i, point in enumerate(history) if any(point.counts.values())), len(history) - 1)
    shown_since = local_midnight(history[first_active].week_start, zone)
    before = funnel(progresses, until=shown_since)[Stage.RELATIONSHIP]
    spent = (
        await session.exec(
            select(func.coalesce(func.sum(TrackingRun.cost_micros), 0)).where(
                TrackingRun.guild_id == guild_id, col(TrackingRun.at) >= since, col(TrackingRun.at) < until
            )
        )
    ).one()
    waiting = sorted(
        (
            Waiting(person.handle, person.progress.last_answered_at)
            for person in people
            if person.progress.your_turn and person.progress.last_answered_at is not None
        ),
        key=lambda w: w.answered_at,
    )
    return WeeklyReportData(
        guild_id=guild_id,
        team_name=team_name,
        week_start=start,
        week_end=end,
        this_week=funnel(progresses, since=since, until=until),
        in_all=funnel(progresses),  # progress() already left out what came after `moment`
        by_seed=source_funnels(people, "seed"),
        by_list=source_funnels(people, "list"),
        waiting=tuple(waiting),
        history=tuple(history[first_active:]),
        tracking_dollars=int(spent or 0) / 1_000_000,
        relationships_before=before,
    )


def funnel_line(counts: dict[Stage, int]) -> str:
    """E.g. "12 suggested → 5 approved → 4 followed → 3 talked → 2 answered → 1 relationship"."""
    parts = [f"{counts[stage]} {STAGE_LABELS[stage]}" for stage in FUNNEL[:-1]]
    parts.append(f"{plural(counts[Stage.RELATIONSHIP]):relationship}")
    return " → ".join(parts)


def render_text(report: WeeklyReportData, *, limit: int = TEXT_LIMIT) -> str:
    """The report as a Discord message (plain text, at most ``limit`` characters, no pings)."""
    last_day = report.week_end - timedelta(days=1)
    lines = [
        f"**What came of it — week of {report.week_start:%b %d} to {last_day:%b %d}**",
        f"This week: {funnel_line(report.this_week)}",
        f"In all: {funnel_line(report.in_all)}",
    ]
    if report.waiting:
        names = [f"@{md(w.handle)}" for w in report.waiting[:10]]
        if len(report.waiting) > 10:
            names.append(f"{len(report.waiting) - 10} more")
        lines.append(f"**Waiting for your reply ({len(report.waiting)}):** {human_join(names)}")
    else:
        lines.append("Nobody is waiting for your reply.")
    bringing = report.seeds_bringing_relationships
    if bringing:
        lines.append(
            "**Seeds that bring relationships:** "
            + human_join([f"@{md(s.name)} ({s.relationships} of {s.suggested}, {s.yield_:.0%})" for s in bringing[:5]])
        )
    else:
        lines.append("No seed has brought a relationship yet.")
    if report.by_seed:
        lines.append("**Per seed** (suggested → approved → followed → talked → answered → relationships)")
        lines += [f"@{md(s.name)}: " + " → ".join(str(s.counts[stage]) for stage in FUNNEL) for s in report.by_seed[:8]]
    if report.by_list:
        lines.append("**Per List**")
        lines += [f"{md(s.name)}: " + " → ".join(str(s.counts[stage]) for stage in FUNNEL) for s in report.by_list[:5]]
    lines.append(f"Tracking cost this week: ${report.tracking_dollars:.2f}")
    text = "\n".join(lines)
    return text if len(text) <= limit else text[: limit - 1] + "…"
