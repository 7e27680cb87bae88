"""Scheduled jobs: module-level functions taking ids (a persistent job store pickles references to them).

Jobs reach the running bot through one explicit holder, `install(Runtime(...))`, done in the client's setup_hook.
Every job is wrapped by `logged_job`, which logs a failure with the job's ids (the scheduler would log it without
them) and keeps the job's module-level name, so the persistent job store still finds the function after a restart.
"""

from __future__ import annotations

import functools
import inspect
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec
from zoneinfo import ZoneInfo

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import Engine, create_engine, event
from sqlmodel import select

from bot import digest as digests
from bot.discovery.crawl import crawl, fully_crawled
from bot.discovery.seeds import active_seeds
from bot.executor import execute_follows, execute_list_adds, recover_interrupted
from bot.leases import LeaseBusy
from bot.lists.monitor import poll_list
from bot.models import Action, ActionKind, ActionState, GuildSettings, XList, utcnow
from bot.pipeline import run_discovery
from bot.schedule import LocalDailyTrigger

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Coroutine

    from bot.config import Settings
    from bot.db import Database
    from bot.networks.base import SocialNetwork
    from bot.openers import OpenerWriter
    from bot.publish import ConversationPublisher, DigestPublisher
    from bot.relationships.weekly import ReportSink

log = logging.getLogger(__name__)

EXECUTOR_EVERY = timedelta(minutes=5)
# A digest missed by a restart is still posted if the bot is back within this time (coalesced into one run).
DIGEST_GRACE = timedelta(hours=12)
DISCOVERY_LEAD = timedelta(hours=1)  # discovery runs this long before the digest, so the digest has fresh data


P = ParamSpec("P")


@dataclass
class Runtime:
    """What the jobs use; the publishers are the Discord side (None when no bot runs, e.g. in the demo)."""

    settings: Settings
    db: Database
    network: SocialNetwork
    writer: OpenerWriter
    scheduler: AsyncIOScheduler
    publisher: DigestPublisher | None = None
    conversations: ConversationPublisher | None = None
    reports: ReportSink | None = None


_runtime: Runtime | None = None


def install(runtime: Runtime | None) -> None:
    global _runtime
    _runtime = runtime


def runtime() -> Runtime:
    if _runtime is None:
        raise RuntimeError("jobs.install() was not called: the bot is not running")
    return _runtime


def logged_job(job: Callable[P, Awaitable[None]]) -> Callable[P, Coroutine[Any, Any, None]]:
    """Wrap a job so that any failure is logged with the job's name and arguments (its ids, e.g.
    ``digest_job(guild_id=42) failed``) and goes no further: one failed run must not stop the next.

    ``functools.wraps`` keeps ``__module__``/``__qualname__``, and the wrapper is what the module name refers to,
    so APScheduler's job store pickles and finds it as ``bot.jobs:digest_job``. Source: python-discord bot-core
    ``utils/scheduling.py`` (a scheduled task's exception is logged with the task's id).
    """
    signature = inspect.signature(job)

    @functools.wraps(job)
    async def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            await job(*args, **kwargs)
        except Exception:
            bound = signature.bind_partial(*args, **kwargs).arguments
            ids = ", ".join(f"{name}={value!r}" for name, value in bound.items())
            log.exception("job %s(%s) failed", job.__name__, ids)

    return run


# -- scheduling -----------------------------------------------------------------------------------------------


def jobstore_url(database_url: str) -> str:
    """The job store's synchronous URL: on SQLite a file of its own beside the database (no lock contention)."""
    if database_url.startswith("sqlite"):
        path = database_url.split(":///", 1)[1]
        stem, dot, suffix = path.rpartition(".")
        return f"sqlite:///{stem}-jobs.{suffix}" if dot else f"sqlite:///{path}-jobs"
    return "postgresql+psycopg://" + database_url.split("://", 1)[1]


def _jobstore_engine(url: str) -> Engine:
    engine = create_engine(url)
    if url.startswith("sqlite"):
        # The job store writes from the event loop; WAL with NORMAL sync keeps each write from waiting on a
        # disk flush (a job lost to a power cut is re-added at the next start).
        def pragmas(connection: Any, _record: Any) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        event.listen(engine, "connect", pragmas)
    return engine


def build_scheduler(settings: Settings) -> AsyncIOScheduler:
    url = jobstore_url(settings.database_url)
    if url.startswith("sqlite"):
        Path(url.split(":///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
    return AsyncIOScheduler(
        jobstores={
            "default": SQLAlchemyJobStore(engine=_jobstore_engine(url)),
            # The executor is re-added at every start and brought forward after each approval: no disk for it.
            "memory": MemoryJobStore(),
        },
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": int(DIGEST_GRACE.total_seconds())},
        timezone=UTC,
    )


def digest_trigger(settings: GuildSettings, *, lead: timedelta = timedelta(0)) -> LocalDailyTrigger:
    """The team's daily digest time (less ``lead``), exactly once per local day (see bot/schedule.py)."""
    return LocalDailyTrigger(hour=settings.digest_hour, timezone=settings.digest_timezone, lead=lead)


def schedule_guild(scheduler: AsyncIOScheduler, settings: GuildSettings) -> None:
    """(Re)schedule a team's digest at its local time, and discovery one hour before it: each exactly once per
    local day, the days the clocks change included."""
    scheduler.add_job(
        discovery_job,
        digest_trigger(settings, lead=DISCOVERY_LEAD),
        args=[settings.guild_id],
        id=f"discovery:{settings.guild_id}",
        name=f"discovery for guild {settings.guild_id}",
        replace_existing=True,
    )
    scheduler.add_job(
        digest_job,
        digest_trigger(settings),
        args=[settings.guild_id],
        id=f"digest:{settings.guild_id}",
        name=f"digest for guild {settings.guild_id}",
        replace_existing=True,
    )
    from bot.relationships.weekly import schedule_tracking  # its jobs use this module's holder and wrapper

    schedule_tracking(scheduler, settings.guild_id)


def schedule_executor(scheduler: AsyncIOScheduler) -> None:
    scheduler.add_job(
        executor_job,
        "interval",
        seconds=EXECUTOR_EVERY.total_seconds(),
        id="executor",
        name="action executor",
        jobstore="memory",
        replace_existing=True,
    )


def _run_once_now(
    scheduler: AsyncIOScheduler, job: Callable[[int], Any], guild_id: int, *, key: str, name: str
) -> None:
    """A one-off run of a team's job, now, under the id ``key:guild_id``: asked again before it ran, the request
    replaces the waiting one; while one runs, ``max_instances=1`` keeps a second from starting."""
    scheduler.add_job(
        job,
        "date",
        run_date=datetime.now(UTC),
        args=[guild_id],
        id=f"{key}:{guild_id}",
        name=f"{name} of guild {guild_id}",
        replace_existing=True,
    )


def schedule_digest_now(scheduler: AsyncIOScheduler, guild_id: int) -> None:
    """Post today's digest at once (running discovery first if the day has none), as a job: `/digest now` answers
    without waiting on X."""
    _run_once_now(scheduler, digest_now_job, guild_id, key="digest-now", name="digest now")


def run_soon(scheduler: AsyncIOScheduler, job_id: str) -> None:
    """Bring a scheduled job forward to now (e.g. the executor after an approval)."""
    job = scheduler.get_job(job_id)
    if job is not None:
        job.modify(next_run_time=datetime.now(UTC))


def schedule_crawl_now(scheduler: AsyncIOScheduler, guild_id: int) -> None:
    """New seeds are crawled at once, not at the next daily run."""
    _run_once_now(scheduler, crawl_new_seeds_job, guild_id, key="crawl", name="crawl new seeds")


def schedule_watch(scheduler: AsyncIOScheduler, xlist: XList) -> None:
    """Poll a watched List's conversations every ``watch_every_hours`` (default 2)."""
    scheduler.add_job(
        monitor_job,
        "interval",
        seconds=max(xlist.watch_every_hours, 0.25) * 3600,
        args=[xlist.id],
        id=f"monitor:{xlist.id}",
        name=f"watch List {xlist.name}",
        replace_existing=True,
        next_run_time=datetime.now(UTC),
    )


def unschedule_watch(scheduler: AsyncIOScheduler, list_row_id: int) -> None:
    if scheduler.get_job(f"monitor:{list_row_id}") is not None:
        scheduler.remove_job(f"monitor:{list_row_id}")


def local_day(settings: GuildSettings, now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(ZoneInfo(settings.digest_timezone)).date()


# -- the jobs ---------------------------------------------------------------------------------------------------


async def _settings(guild_id: int) -> GuildSettings | None:
    async with runtime().db.session() as session:
        return await session.get(GuildSettings, guild_id)


@logged_job
async def discovery_job(guild_id: int) -> None:
    """Refresh the graph, rank, check and store the day's suggestions."""
    rt = runtime()
    settings = await _settings(guild_id)
    # The run prepares the digest it leads: at 23:00 for a 00:00 digest, tomorrow's.
    day = digest_trigger(settings, lead=DISCOVERY_LEAD).day_due(utcnow()) if settings else None
    await run_discovery(rt.db, rt.network, guild_id=guild_id, writer=rt.writer, day=day)


@logged_job
async def digest_job(guild_id: int) -> None:
    """The daily digest: post the day's digest (running discovery first if it has not run that day). A day is
    posted whole once; one cut short (budget, failure) is completed by the next run or `/digest now`."""
    settings = await _settings(guild_id)
    if settings is not None:
        # The day of the run that is due, not today's date: a run delayed past midnight is still yesterday's.
        await _post_digest(guild_id, digest_trigger(settings).day_due(utcnow()))


@logged_job
async def digest_now_job(guild_id: int) -> None:
    """`/digest now`: post (or complete) the team's digest of its local today."""
    settings = await _settings(guild_id)
    if settings is not None:
        await _post_digest(guild_id, local_day(settings))


async def _post_digest(guild_id: int, day: date) -> None:
    """Prepare (discovery, if the day has none or is partial) and post the team's digest of ``day``, holding the
    day throughout: the daily job and `/digest now` (different job ids, so ``max_instances`` does not keep them
    apart), or two processes, run one discovery and post the day once; the second finds it posted."""
    rt = runtime()
    if rt.publisher is None:
        return
    try:
        async with digests.hold_day(rt.db, guild_id=guild_id, day=day) as lease:
            async with rt.db.session() as session:
                plan = await digests.plan_posting(session, guild_id=guild_id, day=day)
            if plan.already_posted:
                log.info("digest of guild %s for %s was already posted", guild_id, day)
                return
            if plan.discovery_first:
                await run_discovery(rt.db, rt.network, guild_id=guild_id, writer=rt.writer, day=day)
            outcome = await rt.publisher.publish(guild_id, day, lease=lease)
    except LeaseBusy:
        outcome = "another job is still preparing or posting that day; left to it"
    log.info("digest job for guild %s on %s: %s", guild_id, day, outcome)


@logged_job
async def executor_job() -> None:
    """Carry out decided follows and List additions within each team's daily caps, then show the outcomes on the
    digest entries."""
    rt = runtime()
    await recover_interrupted(rt.db)
    async with rt.db.session() as session:
        queued = (
            await session.exec(
                select(Action.guild_id, Action.kind).where(Action.state == ActionState.QUEUED).distinct()
            )
        ).all()
    for guild_id, kind in queued:
        network = rt.network.for_guild(guild_id)
        if kind == ActionKind.FOLLOW:
            changed = await execute_follows(rt.db, network, guild_id=guild_id)
        elif kind == ActionKind.LIST_ADD:
            changed = await execute_list_adds(rt.db, network, guild_id=guild_id)
        else:
            continue
        if changed and rt.publisher is not None:
            await rt.publisher.show_outcomes(changed)


@logged_job
async def crawl_new_seeds_job(guild_id: int) -> None:
    """Crawl the following lists of seeds that have never been read, right after they were added."""
    rt = runtime()
    async with rt.db.session() as session:
        seeds = await active_seeds(session, guild_id=guild_id)
        done = await fully_crawled(session, [seed.account_id for seed in seeds])
    network = rt.network.for_guild(guild_id)
    for seed in seeds:
        if seed.account_id not in done:
            # unless_crawled: discovery may have crawled it meanwhile (it waits for this job's lease, or this job
            # for its), and then there is nothing left to read.
            report = await crawl(rt.db, network, account_id=seed.account_id, unless_crawled=True)
            if report.error:
                log.warning("crawl of new seed %s stopped: %s", seed.handle, report.error)
                break


@logged_job
async def monitor_job(list_row_id: int) -> None:
    """Read what is new in a watched List and post the conversations worth joining (never one twice)."""
    rt = runtime()
    async with rt.db.session() as session:
        xlist = await session.get(XList, list_row_id)
    if xlist is None or xlist.removed_at is not None or xlist.watch_channel_id is None:
        unschedule_watch(rt.scheduler, list_row_id)
        return
    result = await poll_list(rt.db, rt.network.for_guild(xlist.guild_id), list_row_id=list_row_id)
    if result.gone:
        # Deleted on X: stop polling (no crash loop); /list show and /settings status say why.
        unschedule_watch(rt.scheduler, list_row_id)
    if rt.conversations is not None:
        await rt.conversations.post_conversations(result)
