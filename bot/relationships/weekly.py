"""The weekly report, posted exactly once per week per team, and the jobs that track and report.

When: a day of the week and an hour, local to the team's time zone (the digest's), to the digest channel or one
set with ``/people report``. Exactly once: the week is claimed in the database (``WeeklyReport``, unique per team
and week) before anything is posted, like the digest's day. The week a report covers is derived from the
*scheduled* moment it belongs to (``due_moment``), not from when the job happened to run, so a job run late
(after a restart, or by the tracking job's catch-up) reports the same week and the claim stops a second post.
The message itself is sent at most once: one job at a time holds the week (a lease, ``bot.leases``), and the send
goes through ``bot.publish.send_once`` under the week's outbox key, claimed before sending. A report whose sending
failed, or that was interrupted mid-send (state ``posting``, its holder gone), is taken up again by the next job
run: the resume finds the message if it reached Discord (same nonce, or the channel's history) and records it,
else posts it, once.

The trigger (``weekly_trigger``) is ``bot.schedule.LocalWeeklyTrigger``: exactly one run per local week, the weeks
the clocks change included (APScheduler's ``CronTrigger`` skips or repeats runs then; see bot/schedule.py).
"""

from __future__ import annotations

import asyncio
import logging
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from bot.audit import audit
from bot.errors import CirclebotError
from bot.formats import md
from bot.jobs import logged_job, runtime
from bot.leases import LeaseBusy, LeaseLost, hold
from bot.models import GuildSettings, RelationshipState, WeeklyReport, utcnow
from bot.relationships.chart import draw_chart
from bot.relationships.report import build_report, render_text, report_week
from bot.relationships.tracking import track
from bot.relationships.yields import WeightChange, learn_weights
from bot.schedule import WEEKDAYS, LocalWeeklyTrigger, local_run
from bot.team import get_settings, report_problem, require_decider

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.approvals import Decider
    from bot.db import Database
    from bot.leases import Lease

log = logging.getLogger(__name__)

TRACK_EVERY = timedelta(hours=6)
"""X bills a resource once per UTC day, so reading 4 times a day costs what reading once does, and answers are
seen within hours."""
CATCH_UP = timedelta(days=2)
MOST_OVERLAP = timedelta(days=3)
"""A week sharing more days than this with a week already reported is not reported: when a team moves its report
day later after this week's report went out (Monday to Tuesday), the Tuesday week shares six days with Monday's
and would be a second report a day later; the next report comes on the new day of the next week instead (at
most ten days apart). Three of seven days shared (a move of four days or more) still gets its report."""
"""A report missed (bot down at its hour) is still posted within this time, by the next tracking run."""
CHART_NAME = "weekly-report.png"
WEEK_LEASE_TTL = timedelta(minutes=5)
"""A holder that stalls this long (or dies) loses the week; the next run resumes it."""
WEEK_LEASE_WAIT = timedelta(seconds=30)
"""How long a second run of the same week (the trigger and the tracking catch-up together) waits before leaving
the week to the first."""


class ReportSink(Protocol):
    """The Discord side: post the report's text and chart to a channel at most once under ``key`` (a resume with
    the same key finds the message sent before an interruption instead of sending again); return the message id."""

    async def send_report(self, channel_id: int, text: str, png: bytes, filename: str, *, key: str) -> int: ...


class InvalidReportSetting(CirclebotError):
    pass


@dataclass(frozen=True)
class ReportOutcome:
    state: str  # posted | already | overlaps (mostly reported already) | no_channel | failed | busy (another job)
    week_start: str = ""
    message_id: int | None = None
    text: str = ""
    png: bytes = b""
    changes: tuple[WeightChange, ...] = ()


def weekly_trigger(weekday: int, hour: int, timezone: str) -> LocalWeeklyTrigger:
    """Fire once every local week on ``weekday`` (0 = Monday) at ``hour``:00 in ``timezone`` (an hour the clocks
    skip: the first moment after it; a repeated hour: its first occurrence)."""
    return LocalWeeklyTrigger(weekday=weekday, hour=hour, timezone=timezone)


def due_moment(now: datetime, *, weekday: int, hour: int, timezone: str) -> datetime:
    """The latest scheduled report moment at or before ``now`` (UTC): the trigger's own run, so the week a late
    job reports is the week the trigger fired for, DST weeks included."""
    moment = weekly_trigger(weekday, hour, timezone).last_run(now)
    assert moment is not None, "every zone has a run within eight weeks"
    return moment.astimezone(UTC)


def outbox_key(guild_id: int, week_start: date) -> str:
    """The week's message claim in ``bot.outbox``: one per team and week, whichever job or process sends it."""
    return f"weekly-report:{guild_id}:{week_start.isoformat()}"


async def _mostly_reported(session: AsyncSession, *, guild_id: int, week_start: date) -> bool:
    """Whether another week sharing more than ``MOST_OVERLAP`` of this one's days was reported (or is being)."""
    near = week_start - timedelta(days=7) + MOST_OVERLAP, week_start + timedelta(days=7) - MOST_OVERLAP
    rows = await session.exec(
        select(WeeklyReport.id).where(
            WeeklyReport.guild_id == guild_id,
            col(WeeklyReport.state).in_(("posted", "posting")),
            col(WeeklyReport.week_start) > near[0],
            col(WeeklyReport.week_start) < near[1],
            WeeklyReport.week_start != week_start,
        )
    )
    return rows.first() is not None


async def _claim(db: Database, *, guild_id: int, week_start: date, channel_id: int, now: datetime) -> tuple[str, int]:
    """'new' (claimed now), 'retry' (an earlier attempt failed, or was interrupted mid-send: claimed again), or
    'posted'; and the channel to send to. Call it holding the week's lease: a ``posting`` row then belongs to a
    holder that is gone, and is resumed in the channel it was being sent to."""
    async with db.session() as session:
        try:
            async with session.begin():
                session.add(
                    WeeklyReport(guild_id=guild_id, week_start=week_start, channel_id=channel_id, started_at=now)
                )  # type: ignore[arg-type]
            return "new", channel_id
        except IntegrityError:
            pass
    async with db.session() as session, session.begin():
        row = (
            await session.exec(
                select(WeeklyReport).where(WeeklyReport.guild_id == guild_id, WeeklyReport.week_start == week_start)
            )
        ).one()
        if row.state == "posted":
            return row.state, channel_id
        if row.state == "posting" and row.channel_id is not None:
            channel_id = row.channel_id  # an interrupted send may have reached that channel: resume it there
        row.state, row.channel_id, row.started_at, row.error = "posting", channel_id, now, None
        session.add(row)
        return "retry", channel_id


async def _finish(db: Database, *, guild_id: int, week_start: date, state: str, **values: object) -> None:
    async with db.session() as session, session.begin():
        row = (
            await session.exec(
                select(WeeklyReport).where(WeeklyReport.guild_id == guild_id, WeeklyReport.week_start == week_start)
            )
        ).one()
        row.state = state
        for name, value in values.items():
            setattr(row, name, value)
        session.add(row)


async def post_weekly_report(
    db: Database, sink: ReportSink | None, *, guild_id: int, now: datetime | None = None, team_name: str = "your team"
) -> ReportOutcome:
    """Post the report of the week due at ``now`` unless it was posted already. Seed weights learn (for teams
    that opted in) once, when the week is first claimed. Sending errors are caught, kept on the row and in
    /status, and the week is tried again by the next run, as is a send interrupted by a crash (its message is
    found, not sent again, if it reached Discord). Another job posting the same week: ``busy``, nothing done."""
    moment = now or utcnow()
    async with db.session() as session:
        settings = await session.get(GuildSettings, guild_id)
        state = await session.get(RelationshipState, guild_id) or RelationshipState(guild_id=guild_id)
    if settings is None:
        return ReportOutcome("no_channel")
    channel_id = state.report_channel_id or settings.digest_channel_id
    if channel_id is None or sink is None:
        return ReportOutcome("no_channel")
    due = due_moment(moment, weekday=state.report_weekday, hour=state.report_hour, timezone=settings.digest_timezone)
    week_start, _ = report_week(due, ZoneInfo(settings.digest_timezone))
    return await _post_week(
        db,
        sink,
        guild_id=guild_id,
        week_start=week_start,
        due=due,
        moment=moment,
        team_name=team_name,
        channel_id=channel_id,
        settings=settings,
        state=state,
    )


async def _post_week(
    db: Database,
    sink: ReportSink,
    *,
    guild_id: int,
    week_start: date,
    due: datetime,
    moment: datetime,
    team_name: str,
    channel_id: int,
    settings: GuildSettings,
    state: RelationshipState,
) -> ReportOutcome:
    """Post ``week_start``'s report (due at ``due``, UTC) holding the week's lease, the one way both the scheduled
    post and the resume of an interrupted one take it."""
    try:
        async with hold(db, f"weekly:{guild_id}:{week_start}", ttl=WEEK_LEASE_TTL, wait=WEEK_LEASE_WAIT) as lease:
            return await _post_held(
                db,
                sink,
                lease,
                guild_id=guild_id,
                week_start=week_start,
                due=due,
                moment=moment,
                team_name=team_name,
                channel_id=channel_id,
                settings=settings,
                state=state,
            )
    except (LeaseBusy, LeaseLost):
        # Another job (or process) holds the week, or took it over after this one stalled: it posts, not us.
        return ReportOutcome("busy", week_start=str(week_start))


async def _post_held(
    db: Database,
    sink: ReportSink,
    lease: Lease,
    *,
    guild_id: int,
    week_start: date,
    due: datetime,
    moment: datetime,
    team_name: str,
    channel_id: int,
    settings: GuildSettings,
    state: RelationshipState,
) -> ReportOutcome:
    async with db.session() as session:
        if await _mostly_reported(session, guild_id=guild_id, week_start=week_start):
            return ReportOutcome("overlaps", week_start=str(week_start))
    claim, channel_id = await _claim(db, guild_id=guild_id, week_start=week_start, channel_id=channel_id, now=moment)
    if claim == "posted":
        return ReportOutcome("already", week_start=str(week_start))
    changes: list[WeightChange] = []
    if claim == "new" and state.seed_learning:
        async with db.session() as session, session.begin():
            changes = await learn_weights(session, guild_id=guild_id, now=moment)
    async with db.session() as session:
        data = await build_report(
            session, guild_id=guild_id, moment=due, timezone=settings.digest_timezone, team_name=team_name
        )
    text = render_text(data)
    if changes:
        text = (text + learned_line(changes))[:2000]
    png = await asyncio.to_thread(draw_chart, data)
    lease.check()  # a holder that stalled past its lease sends nothing: the new holder resumes the week
    try:
        message_id = await sink.send_report(channel_id, text, png, CHART_NAME, key=outbox_key(guild_id, week_start))
    except Exception as error:
        log.warning("weekly report of guild %s for %s could not be posted: %r", guild_id, week_start, error)
        problem = f"The weekly report could not be posted in <#{channel_id}>: check the bot can send files there."
        await _finish(db, guild_id=guild_id, week_start=week_start, state="failed", error=problem)
        async with db.session() as session, session.begin():
            await report_problem(session, guild_id=guild_id, problem=problem, now=moment)
        return ReportOutcome("failed", week_start=str(week_start), text=text, png=png)
    await _finish(db, guild_id=guild_id, week_start=week_start, state="posted", message_id=message_id, posted_at=moment)
    log.info("weekly report of guild %s for week %s posted (message %s)", guild_id, week_start, message_id)
    return ReportOutcome(
        "posted", week_start=str(week_start), message_id=message_id, text=text, png=png, changes=tuple(changes)
    )


async def report_is_due(db: Database, *, guild_id: int, now: datetime) -> bool:
    """A report whose moment passed (within ``CATCH_UP``) and whose week was never claimed, or failed to send."""
    async with db.session() as session:
        settings = await session.get(GuildSettings, guild_id)
        state = await session.get(RelationshipState, guild_id) or RelationshipState(guild_id=guild_id)
        if settings is None or (state.report_channel_id or settings.digest_channel_id) is None:
            return False
        due = due_moment(now, weekday=state.report_weekday, hour=state.report_hour, timezone=settings.digest_timezone)
        if now - due > CATCH_UP:
            return False
        week_start, _ = report_week(due, ZoneInfo(settings.digest_timezone))
        if await _mostly_reported(session, guild_id=guild_id, week_start=week_start):
            return False
        claimed = (
            await session.exec(
                select(WeeklyReport.state).where(
                    WeeklyReport.guild_id == guild_id, WeeklyReport.week_start == week_start
                )
            )
        ).first()
    # A failed send is due again: the weekly trigger won't fire for this week a second time. So is one left
    # `posting` by a crash (posting it takes the week's lease, so one still being sent is not sent twice).
    return claimed is None or claimed in ("failed", "posting")


async def resume_interrupted(
    db: Database, sink: ReportSink | None, *, guild_id: int, now: datetime | None = None, team_name: str = "your team"
) -> list[ReportOutcome]:
    """Finish every week of the team left ``posting`` by a crash, however old: the message is found and recorded
    if it reached Discord, else posted, once. A week another job is posting right now is left to it (``busy``)."""
    moment = now or utcnow()
    async with db.session() as session:
        settings = await session.get(GuildSettings, guild_id)
        state = await session.get(RelationshipState, guild_id) or RelationshipState(guild_id=guild_id)
        rows = (
            await session.exec(
                select(WeeklyReport).where(WeeklyReport.guild_id == guild_id, WeeklyReport.state == "posting")
            )
        ).all()
        weeks = [(row.week_start, row.channel_id) for row in rows]
    if settings is None or sink is None:
        return []
    zone = ZoneInfo(settings.digest_timezone)
    outcomes = []
    for week_start, channel_id in weeks:
        # The report's moment: its hour on the day after the week it covers (report_week's end), as the trigger
        # placed it; if that hour does not exist that day, the day's end still reports the same week.
        end = week_start + timedelta(days=7)
        due = local_run(end, time(state.report_hour), zone) or datetime.combine(end, time(23, 59), tzinfo=zone)
        channel = channel_id or state.report_channel_id or settings.digest_channel_id
        if channel is None:
            continue
        outcomes.append(
            await _post_week(
                db,
                sink,
                guild_id=guild_id,
                week_start=week_start,
                due=due.astimezone(UTC),
                moment=moment,
                team_name=team_name,
                channel_id=channel,
                settings=settings,
                state=state,
            )
        )
    return outcomes


# -- settings ---------------------------------------------------------------------------------------------------


async def _state_row(session: AsyncSession, guild_id: int) -> RelationshipState:
    row = await session.get(RelationshipState, guild_id)
    if row is None:
        row = RelationshipState(guild_id=guild_id)
        session.add(row)
    return row


async def set_report(
    session: AsyncSession,
    *,
    guild_id: int,
    decider: Decider,
    weekday: int | None = None,
    hour: int | None = None,
    channel_id: int | None = None,
    quiet_weeks: int | None = None,
) -> tuple[RelationshipState, GuildSettings]:
    """Change when and where the weekly report goes, and after how many weeks without an exchange someone has
    gone quiet. Raises ``NotAllowed`` for members who may not decide, ``InvalidReportSetting`` out of bounds."""
    settings = await get_settings(session, guild_id)
    if any(value is not None for value in (weekday, hour, channel_id, quiet_weeks)):
        require_decider(settings, decider)  # anyone may see the schedule; changing it is for managers
    # Whole numbers within bounds, checked here and not only by the command's description: Discord's clients
    # enforce a Range, but the value that arrives is whatever was sent (0.0001 and NaN included).
    bounds = (
        (weekday, 0, 6, "The weekday is 0 (Monday) to 6 (Sunday)."),
        (hour, 0, 23, "The hour is 0 to 23 (local time)."),
        (quiet_weeks, 1, 52, "Gone quiet after 1 to 52 weeks without an exchange."),
    )
    for value, low, high, words in bounds:
        if value is not None and not (math.isfinite(value) and value == int(value) and low <= value <= high):
            raise InvalidReportSetting(f"{words} A whole number, please.")
    weekday, hour, quiet_weeks = (int(v) if v is not None else None for v in (weekday, hour, quiet_weeks))
    row = await _state_row(session, guild_id)
    changed = {
        name: value
        for name, value in (
            ("report_weekday", weekday),
            ("report_hour", hour),
            ("report_channel_id", channel_id),
            ("quiet_weeks", quiet_weeks),
        )
        if value is not None
    }
    for name, value in changed.items():
        setattr(row, name, value)
    if changed:
        await audit(session, guild_id=guild_id, event="report_settings", actor_id=decider.user_id, changed=changed)
    return row, settings


async def set_learning(session: AsyncSession, *, guild_id: int, decider: Decider, enabled: bool) -> RelationshipState:
    """Opt in (or out) of seed weights learning from yields. Audited."""
    require_decider(await get_settings(session, guild_id), decider)
    row = await _state_row(session, guild_id)
    row.seed_learning = enabled
    await audit(session, guild_id=guild_id, event="seed_learning", actor_id=decider.user_id, enabled=enabled)
    return row


# -- jobs -------------------------------------------------------------------------------------------------------


def schedule_tracking(scheduler: AsyncIOScheduler, guild_id: int) -> None:
    """Track a team every ``TRACK_EVERY``; each run also posts a weekly report the scheduler missed, so a team
    whose report trigger is not (yet) scheduled still gets its report within hours of its time."""
    if scheduler.get_job(f"tracking:{guild_id}") is not None:
        return
    scheduler.add_job(
        tracking_job,
        "interval",
        seconds=TRACK_EVERY.total_seconds(),
        args=[guild_id],
        id=f"tracking:{guild_id}",
        name=f"relationship tracking for guild {guild_id}",
        replace_existing=True,
    )


def schedule_team(scheduler: AsyncIOScheduler, *, guild_id: int, weekday: int, hour: int, timezone: str) -> None:
    """(Re)schedule a team's tracking and its weekly report (``weekly_trigger``)."""
    schedule_tracking(scheduler, guild_id)
    scheduler.add_job(
        weekly_report_job,
        weekly_trigger(weekday, hour, timezone),
        args=[guild_id],
        id=f"weekly:{guild_id}",
        name=f"weekly report for guild {guild_id}",
        replace_existing=True,
    )


async def schedule_from_settings(scheduler: AsyncIOScheduler, db: Database, settings: GuildSettings) -> None:
    """Schedule a team's jobs from its stored report day and hour."""
    async with db.session() as session:
        state = await session.get(RelationshipState, settings.guild_id) or RelationshipState(guild_id=settings.guild_id)
    schedule_team(
        scheduler,
        guild_id=settings.guild_id,
        weekday=state.report_weekday,
        hour=state.report_hour,
        timezone=settings.digest_timezone,
    )


@logged_job
async def tracking_job(guild_id: int) -> None:
    """Read what is new on X for the team, then finish a weekly report a crash interrupted and post one the
    scheduler missed (if one is due)."""
    rt = runtime()
    await track(rt.db, rt.network, guild_id=guild_id)
    await resume_interrupted(rt.db, rt.reports, guild_id=guild_id)
    if await report_is_due(rt.db, guild_id=guild_id, now=utcnow()):
        await post_weekly_report(rt.db, rt.reports, guild_id=guild_id)


@logged_job
async def weekly_report_job(guild_id: int) -> None:
    """Track once more (the report should include today's answers), then post the week's report once."""
    rt = runtime()
    await track(rt.db, rt.network, guild_id=guild_id)
    outcome = await post_weekly_report(rt.db, rt.reports, guild_id=guild_id)
    log.info("weekly report job for guild %s: %s", guild_id, outcome.state)


def describe_schedule(state: RelationshipState, settings: GuildSettings) -> str:
    channel = state.report_channel_id or settings.digest_channel_id
    where = f"<#{channel}>" if channel else "no channel yet (set one, or a digest channel)"
    return (
        f"The weekly report goes to {where} every {WEEKDAYS[state.report_weekday]} at {state.report_hour:02d}:00 "
        f"({settings.digest_timezone}); someone goes quiet after {state.quiet_weeks} weeks without an exchange."
    )


def learned_line(changes: list[WeightChange]) -> str:
    """The report's closing markdown line on learned seed weights, each handle escaped once ("_dave_" would show
    as an italic "dave")."""
    return "\n**Seed weights learned:** " + "; ".join(f"@{md(c.handle)} {c.old:g} → {c.new:g}" for c in changes)
