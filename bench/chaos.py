"""Replay what breaks exactly-once promises, against the sandbox X, and count what went wrong.

    python -m bench.chaos [--seed 5]

Scenarios (each counted once in ``scenarios``):
- a year of daily schedules (digest, and discovery an hour ahead) in six IANA zones with odd clock changes;
- two years of weekly report schedules (every weekday and hour) in seven zones, and a year of weekly reports
  actually posted (the trigger and the tracking job's catch-up, restarts every five days) by teams whose report
  hour falls in their zone's skipped or repeated hour;
- a crawl whose cursor X repeats forever; a crawl restarted mid-way (its task killed between pages);
- the new-seed crawl job racing discovery, and two processes crawling one seed.

Through the whole bot (real discord.py against the fake Discord; ``bench/chaos_discord.py``):
- four approvers racing ✅/❌/📋 on the same entries, and ✅ taken back within milliseconds;
- a restart during digest posting (a crash after Discord created an entry message, its lease left behind), and the
  daily digest job racing `/digest now`;
- the budget running out mid-run (a partial digest, completed the same day once the cap is raised);
- a restart during the executor (X followed, the answer never recorded): the follow stuck, and `/settings status`;
  then a follow rate-limited with a window resetting two hours ahead (put back, not waited on, and said);
- a restart during the weekly report's send (Discord created the message, its id never recorded; and a stop
  before the request reached Discord): the resumed week is posted once.

The database is SQLite (a temporary file per scenario) unless ``--database-url`` or DATABASE_URL names a
PostgreSQL server: then each scenario runs in a database of its own, created and dropped there.

``days_without_digest`` and ``days_with_two_runs`` count the schedule walk's local days run never or twice, and
in the Discord scenarios a day that did not end posted, or a day prepared by two discovery runs. For the weekly
report they count a local week without its report, and a week reported (or fired) twice; a report message posted
twice counts in ``entries_posted_twice``, one no week points at in ``orphan_messages``.

Every count printed is measured from what the sandbox received, what the fake Discord holds and what the database
holds. Only
``pages_read_twice`` may be above zero: a crawl killed after X answered a page but before the page was stored
reads that page again when it resumes (at most one page per kill); the stderr details say which.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot import jobs
from bot.clock import FakeClock
from bot.db import Database
from bot.discovery import crawl as crawl_module
from bot.discovery.crawl import crawl
from bot.models import GuildSettings, RelationshipState, WeeklyReport
from bot.networks.x import XNetwork
from bot.relationships.weekly import post_weekly_report, report_is_due, resume_interrupted, weekly_trigger
from bot.sandbox.server import SandboxServer
from bot.sandbox.world import World

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

log = logging.getLogger("bench.chaos")

FOLLOWING = "GET /2/users/:id/following"
LISTINGS = (FOLLOWING, "GET /2/users/:id/followers", "GET /2/lists/:id/members", "GET /2/users/:id/owned_lists")
ZONES = (
    "America/Los_Angeles",
    "Europe/Berlin",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Asia/Kolkata",
    "Pacific/Chatham",
)
WORLD_NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@dataclass
class Tally:
    """What went wrong, summed over every scenario; the final line prints these in this order."""

    scenarios: int = 0
    follows_sent_twice: int = 0
    withdrawn_but_sent: int = 0
    contradictory_decisions: int = 0
    entries_posted_twice: int = 0
    orphan_messages: int = 0
    days_without_digest: int = 0
    days_with_two_runs: int = 0
    pages_read_twice: int = 0
    stuck_unreported: int = 0

    def line(self) -> str:
        return " ".join(f"{field.name}={getattr(self, field.name)}" for field in fields(self))


def detail(message: str, *args: object) -> None:
    print(message % args if args else message, file=sys.stderr)


def pages_read_twice(sandbox: SandboxServer) -> int:
    """Listing pages (path and cursor) X answered more than once."""
    pages = Counter(
        (request.url_path, request.params.get("pagination_token"))
        for request in sandbox.requests
        if request.path in LISTINGS and request.status == 200
    )
    return sum(count - 1 for count in pages.values())


# The PostgreSQL server to run on (a database per scenario); None for SQLite files. Set by main().
SERVER_URL: str | None = None


@contextlib.asynccontextmanager
async def database() -> AsyncIterator[str]:
    """The URL of an empty database for one scenario: a temporary SQLite file, or a PostgreSQL database created on
    :data:`SERVER_URL` and dropped afterwards."""
    if SERVER_URL is None:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite+aiosqlite:///{Path(folder) / 'chaos.sqlite3'}"
        return
    from sqlalchemy.engine import make_url
    from sqlalchemy.ext.asyncio import create_async_engine

    name = f"chaos_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as connection:
            await connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.dispose()


@contextlib.asynccontextmanager
async def sandboxed(seed: int, *, following: int = 120) -> AsyncIterator[tuple[SandboxServer, Database, XNetwork]]:
    """A fresh sandbox world, a migrated database and an X client on a fake clock."""
    world = World.generate(seed=seed, seeds=4, following_per_seed=following, now=WORLD_NOW)
    clock = FakeClock(start=WORLD_NOW.timestamp())
    async with database() as url, SandboxServer(world, clock=clock.time) as sandbox, Database(url) as db:
        settings = sandbox.client_settings(x_timeout_seconds=2.0, daily_spend_cap=1000.0)
        async with XNetwork.from_settings(settings, db, clock=clock) as x:
            yield sandbox, db, x


# -- schedules ---------------------------------------------------------------------------------------------------


def schedules(tally: Tally, year: int = 2026) -> None:
    """Walk a year of each zone's digest and discovery runs the way APScheduler 3.x asks its trigger."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    days = {first + timedelta(days=n) for n in range((last - first).days + 1)}
    for zone_name in ZONES:
        tally.scenarios += 1
        zone = ZoneInfo(zone_name)
        for hour in (0, 1, 2, 3, 9, 23):
            team = GuildSettings(guild_id=1, digest_hour=hour, digest_timezone=zone_name)
            for lead in (timedelta(0), jobs.DISCOVERY_LEAD):
                trigger = jobs.digest_trigger(team, lead=lead)
                runs: Counter[date] = Counter()
                moment = trigger.get_next_fire_time(None, datetime(year, 1, 1, tzinfo=zone) - timedelta(days=2))
                while moment is not None and trigger.day_of(moment) <= last:
                    runs[trigger.day_of(moment)] += 1
                    moment = trigger.get_next_fire_time(moment, moment)
                missing = sorted(days - set(runs))
                twice = sorted(day for day in days if runs[day] > 1)
                tally.days_without_digest += len(missing)
                tally.days_with_two_runs += len(twice)
                if missing or twice:
                    detail("%s %02d:00 lead %s: missing %s, twice %s", zone_name, hour, lead, missing[:3], twice[:3])
    detail("schedules: %d zones x 6 hours x digest and discovery walked through %d", len(ZONES), year)


# Teams whose weekly report hour sits in their zone's skipped hour (gap) or repeated hour (overlap) on the day the
# clocks change: (zone, weekday, hour). Kolkata has no DST: the control.
WEEKLY_TEAMS = (
    ("America/Los_Angeles", 6, 2),  # gap Sunday 2026-03-08
    ("America/Los_Angeles", 6, 1),  # overlap Sunday 2026-11-01
    ("Europe/Berlin", 6, 2),  # gap 2026-03-29, overlap 2026-10-25
    ("Australia/Sydney", 6, 2),  # overlap 2026-04-05, gap 2026-10-04
    ("Australia/Lord_Howe", 6, 2),  # a 30-minute gap 02:00-02:30 on 2026-10-04
    ("America/Santiago", 6, 0),  # gap at midnight, Sunday 2026-09-06
    ("America/Santiago", 5, 23),  # overlap Saturday 2026-04-04 23:00-24:00
    ("Asia/Kolkata", 0, 9),
)
WEEKLY_ZONES = (*ZONES, "Australia/Sydney")


def weekly_schedules(tally: Tally, years: tuple[int, ...] = (2026, 2027)) -> None:
    """Walk two years of the weekly report trigger for every weekday and hour in each zone: one run per local week."""
    for zone_name in WEEKLY_ZONES:
        tally.scenarios += 1
        zone = ZoneInfo(zone_name)
        for weekday in range(7):
            for hour in range(24):
                trigger = weekly_trigger(weekday, hour, zone_name)
                first = date(years[0], 1, 1) + timedelta(days=(weekday - date(years[0], 1, 1).weekday()) % 7)
                weeks = {first + timedelta(weeks=n) for n in range(53 * len(years))}
                weeks = {week for week in weeks if week.year <= years[-1]}
                runs: Counter[date] = Counter()
                moment = trigger.get_next_fire_time(None, datetime(years[0], 1, 1, tzinfo=zone) - timedelta(days=1))
                while moment is not None and trigger.day_of(moment).year <= years[-1]:
                    runs[trigger.day_of(moment)] += 1
                    moment = trigger.get_next_fire_time(moment, moment + timedelta(seconds=1))
                missing = sorted(weeks - set(runs))
                twice = sorted(day for day, count in runs.items() if count > 1 or day.weekday() != weekday)
                tally.days_without_digest += len(missing)
                tally.days_with_two_runs += len(twice)
                if missing or twice:
                    detail("weekly %s day %d %02d:00: missing %s, twice %s", zone_name, weekday, hour, missing, twice)
    detail("weekly schedules: %d zones x 7 days x 24 hours walked through %s", len(WEEKLY_ZONES), years)


class CountingSink:
    """The Discord side of a posting walk: records every report sent (with its outbox key)."""

    def __init__(self, sent: list[tuple[int, str]]) -> None:
        self.sent = sent

    async def send_report(self, channel_id: int, text: str, png: bytes, filename: str, *, key: str) -> int:
        self.sent.append((channel_id, key))
        return len(self.sent)


async def weekly_year(tally: Tally, year: int = 2026) -> None:
    """A year of weekly reports posted by the jobs' own functions: the trigger fires ``weekly_report_job``'s post,
    the tracking job's catch-up runs every six hours, and the bot restarts every five days. Counted from what the
    sink received and the rows stored: a local week without a report, and a week reported twice."""
    tally.scenarios += 1
    sent: list[tuple[int, str]] = []
    async with database() as url, Database(url) as db:
        await db.migrate()
        async with db.session() as session, session.begin():
            for guild_id, (zone_name, weekday, hour) in enumerate(WEEKLY_TEAMS, start=1):
                session.add(
                    GuildSettings(guild_id=guild_id, digest_channel_id=900 + guild_id, digest_timezone=zone_name)
                )
                session.add(RelationshipState(guild_id=guild_id, report_weekday=weekday, report_hour=hour))
        start = datetime(year, 1, 1, tzinfo=UTC) - timedelta(days=2)
        end = datetime(year + 1, 1, 1, tzinfo=UTC) + timedelta(days=2)
        for guild_id, (zone_name, weekday, hour) in enumerate(WEEKLY_TEAMS, start=1):
            trigger = weekly_trigger(weekday, hour, zone_name)
            fire = trigger.get_next_fire_time(None, start)
            tick = start
            sink = CountingSink(sent)
            while tick < end:
                while fire is not None and fire.astimezone(UTC) <= tick:
                    await post_weekly_report(db, sink, guild_id=guild_id, now=fire.astimezone(UTC))
                    fire = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
                if (tick - start) % timedelta(days=5) == timedelta(0):
                    sink = CountingSink(sent)  # a restart: a new Discord side, the same database
                await resume_interrupted(db, sink, guild_id=guild_id, now=tick)
                if await report_is_due(db, guild_id=guild_id, now=tick):
                    await post_weekly_report(db, sink, guild_id=guild_id, now=tick)
                tick += timedelta(hours=6)
            zone = ZoneInfo(zone_name)
            async with db.session() as session:
                rows = (await session.exec(select(WeeklyReport).where(WeeklyReport.guild_id == guild_id))).all()
            posted = Counter(key for channel, key in sent if channel == 900 + guild_id)
            days = [row.posted_at.astimezone(zone).date() for row in rows if row.posted_at and row.state == "posted"]
            in_year = {day for day in days if day.year == year}
            first = date(year, 1, 1) + timedelta(days=(weekday - date(year, 1, 1).weekday()) % 7)
            expected = {first + timedelta(weeks=n) for n in range(53) if (first + timedelta(weeks=n)).year == year}
            missing = sorted(expected - in_year)
            twice = sum(count - 1 for count in posted.values()) + len(days) - len(set(days))
            tally.days_without_digest += len(missing)
            tally.days_with_two_runs += twice
            if missing or twice:
                detail(
                    "weekly reports %s day %d %02d:00: missing %s, %d twice", zone_name, weekday, hour, missing, twice
                )
    detail("weekly reports: %d teams x %d, %d reports posted", len(WEEKLY_TEAMS), year, len(sent))


# -- crawls ------------------------------------------------------------------------------------------------------


async def repeated_cursor(tally: Tally, seed: int) -> None:
    """X answers every following page with the same next_token: the crawl must end, keeping what it read."""
    tally.scenarios += 1
    async with sandboxed(seed) as (sandbox, db, x):
        sandbox.config.repeat_cursor = frozenset({FOLLOWING})
        seed_id = sandbox.world.seed_ids[0]
        report = await asyncio.wait_for(crawl(db, x, account_id=seed_id, max_pages=None), timeout=60)
        requests = len(sandbox.requests_to(FOLLOWING))
        tally.pages_read_twice += pages_read_twice(sandbox)
        detail("repeated cursor: %d requests, stopped: %s", requests, report.error)


class Killed(Exception):
    """The process died here (the task stops with nothing after this point done)."""


class DiesAfter:
    """An X client that dies after X answered ``pages`` following pages, before the crawl could store the last."""

    def __init__(self, network: XNetwork, pages: int) -> None:
        self.network, self.pages = network, pages

    def __getattr__(self, name: str) -> object:
        return getattr(self.network, name)

    async def following(self, account_id: str, **kwargs: Any) -> Any:
        page = await self.network.following(account_id, **kwargs)
        self.pages -= 1
        if self.pages <= 0:
            raise Killed
        return page


async def restart_mid_crawl(tally: Tally, seed: int) -> None:
    """The crawl dies twice between X's answer and storing it, and is started again: it resumes at the cursor."""
    tally.scenarios += 1
    async with sandboxed(seed, following=400) as (sandbox, db, x):
        seed_id = sandbox.world.seed_ids[1]
        for pages in (2, 3):
            with contextlib.suppress(Killed):
                await crawl(db, cast("XNetwork", DiesAfter(x, pages)), account_id=seed_id)
        report = await crawl(db, x, account_id=seed_id)
        twice = pages_read_twice(sandbox)
        tally.pages_read_twice += twice
        detail(
            "restart mid-crawl: 2 deaths, complete=%s, pages read twice=%d (the page in flight)", report.complete, twice
        )


async def crawl_race(tally: Tally, seed: int) -> None:
    """The new-seed crawl job and discovery start together on the same seeds."""
    from bot.discovery import seeds
    from bot.openers import OpenerWriter

    tally.scenarios += 1
    async with sandboxed(seed) as (sandbox, db, x):
        guild = 77
        handles = " ".join(sandbox.world.users[seed_id].username for seed_id in sandbox.world.seed_ids)
        async with db.session() as session, session.begin():
            await seeds.add(session, x.for_guild(guild), guild_id=guild, raw=handles, added_by=1)
        settings = sandbox.client_settings()
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        jobs.install(
            jobs.Runtime(settings=settings, db=db, network=x, writer=OpenerWriter(), scheduler=AsyncIOScheduler())
        )
        try:
            await asyncio.gather(jobs.crawl_new_seeds_job(guild), jobs.discovery_job(guild))
        finally:
            jobs.install(None)
        twice = pages_read_twice(sandbox)
        tally.pages_read_twice += twice
        detail(
            "new-seed job vs discovery: %d following pages, %d read twice", len(sandbox.requests_to(FOLLOWING)), twice
        )


async def two_processes(tally: Tally, seed: int) -> None:
    """Two processes (two Database objects and X clients on one database) crawl the same seed at once."""
    tally.scenarios += 1
    async with sandboxed(seed) as (sandbox, db, x):
        twin = Database(db.url)
        try:
            settings = sandbox.client_settings(x_timeout_seconds=2.0, daily_spend_cap=1000.0)
            async with XNetwork.from_settings(settings, twin, clock=x.governor.clock) as other:  # type: ignore[arg-type]
                seed_id = sandbox.world.seed_ids[2]
                await asyncio.gather(crawl(db, x, account_id=seed_id), crawl(twin, other, account_id=seed_id))
        finally:
            await twin.close()
        twice = pages_read_twice(sandbox)
        tally.pages_read_twice += twice
        detail("two processes on one seed: %d pages read twice", twice)


# -- running ------------------------------------------------------------------------------------------------------


async def run(seed: int) -> Tally:
    tally = Tally()
    schedules(tally)
    weekly_schedules(tally)
    await weekly_year(tally)
    page = crawl_module.FULL_PAGE
    crawl_module.FULL_PAGE = 25  # several pages per seed, so races and restarts fall between pages
    try:
        await repeated_cursor(tally, seed)
        await restart_mid_crawl(tally, seed + 1)
        await crawl_race(tally, seed + 2)
        await two_processes(tally, seed + 3)
    finally:
        crawl_module.FULL_PAGE = page
    from bench import chaos_discord

    await chaos_discord.reaction_races(tally, seed + 4, database, detail)
    await chaos_discord.restart_during_posting(tally, seed + 5, database, detail)
    await chaos_discord.budget_mid_run(tally, seed + 7, database, detail)
    await chaos_discord.restart_during_executor(tally, seed + 8, database, detail)
    await chaos_discord.restart_during_weekly_report(tally, seed + 9, database, detail)
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="a PostgreSQL server (postgresql+asyncpg://…) to run every scenario on; SQLite files without it",
    )
    args = parser.parse_args(argv)
    global SERVER_URL
    url = args.database_url
    SERVER_URL = url if url and url.startswith("postgresql") else None
    logging.basicConfig(level=logging.ERROR)
    started = time.perf_counter()
    tally = asyncio.run(run(args.seed))
    detail("elapsed_s=%.1f", time.perf_counter() - started)
    print(tally.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
