"""The scheduler's persistent job store, on SQLite (its own file) and PostgreSQL (the same database), and the one
wrapper every job runs in."""

from __future__ import annotations

import asyncio
import logging
import os
from collections import Counter
from inspect import iscoroutinefunction
from typing import TYPE_CHECKING, Any

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.util import obj_to_ref, ref_to_obj
from sqlalchemy import create_engine, inspect
from sqlmodel import select

from bot import jobs
from bot.config import Settings
from bot.discovery import seeds
from bot.discovery.crawl import crawl
from bot.models import CrawlState, GuildSettings
from bot.openers import OpenerWriter
from tests.conftest import WORLD_NOW, second_process_db

if TYPE_CHECKING:
    from pathlib import Path

    from bot.clock import FakeClock
    from bot.db import Database
    from bot.networks.x import XNetwork
    from bot.sandbox.server import SandboxServer

GUILD = 4242


def settings_for(database_url: str) -> Settings:
    return Settings(_env_file=None, database_url=database_url)  # pyright: ignore[reportCallIssue]


def test_jobstore_url_keeps_sqlite_jobs_in_their_own_file() -> None:
    assert jobs.jobstore_url("sqlite+aiosqlite:///data/circlebot.sqlite3") == "sqlite:///data/circlebot-jobs.sqlite3"
    assert jobs.jobstore_url("postgresql+asyncpg://u:p@h/db") == "postgresql+psycopg://u:p@h/db"


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def test_team_jobs_survive_a_restart_in_the_job_store(kind: str, tmp_path: Path) -> None:
    if kind == "postgresql":
        url = os.environ.get("TEST_DATABASE_URL")
        if not url:
            pytest.skip("TEST_DATABASE_URL is not set")
    else:
        url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    team = GuildSettings(guild_id=987654321, digest_hour=9, digest_timezone="Europe/Berlin")
    first = jobs.build_scheduler(settings_for(url))
    first.start(paused=True)
    try:
        jobs.schedule_guild(first, team)
        jobs.schedule_executor(first)
        await asyncio.sleep(0)
    finally:
        first.shutdown(wait=False)
    again = jobs.build_scheduler(settings_for(url))
    again.start(paused=True)
    try:
        ids = {job.id for job in again.get_jobs()}
        digest = again.get_job(f"digest:{team.guild_id}")
        assert {f"digest:{team.guild_id}", f"discovery:{team.guild_id}"} <= ids
        assert "executor" not in ids, "the executor lives in memory and is re-added at start"
        assert digest is not None and str(digest.trigger.timezone) == "Europe/Berlin"
        assert digest.func is jobs.digest_job and digest.args == (team.guild_id,)
    finally:
        for job in again.get_jobs():
            if job.id.endswith(str(team.guild_id)):
                job.remove()
        again.shutdown(wait=False)
    if kind == "sqlite":
        engine = create_engine(jobs.jobstore_url(url))
        assert "apscheduler_jobs" in inspect(engine).get_table_names()
        engine.dispose()


async def test_a_failing_job_is_logged_with_its_ids_and_goes_no_further(caplog: pytest.LogCaptureFixture) -> None:
    jobs.install(None)  # no bot running: runtime() raises inside the job
    with caplog.at_level(logging.ERROR, logger="bot.jobs"):
        await jobs.digest_job(42)
        await jobs.monitor_job(list_row_id=7)
        await jobs.executor_job()
    messages = [record.getMessage() for record in caplog.records]
    assert messages == [
        "job digest_job(guild_id=42) failed",
        "job monitor_job(list_row_id=7) failed",
        "job executor_job() failed",
    ]
    assert all(record.exc_info and isinstance(record.exc_info[1], RuntimeError) for record in caplog.records)


@pytest.mark.parametrize(
    "job",
    [
        jobs.discovery_job,
        jobs.digest_job,
        jobs.digest_now_job,
        jobs.executor_job,
        jobs.crawl_new_seeds_job,
        jobs.monitor_job,
    ],
)
def test_wrapped_jobs_keep_the_name_the_job_store_finds_them_by(job: Any) -> None:
    reference = obj_to_ref(job)
    assert reference == f"bot.jobs:{job.__name__}"
    assert ref_to_obj(reference) is job
    assert iscoroutinefunction(job), "the asyncio executor awaits it"


def following_pages_read_twice(sandbox: SandboxServer) -> int:
    """Following pages (account, cursor) asked for more than once."""
    pages = Counter(
        (request.url_path, request.params.get("pagination_token"))
        for request in sandbox.requests_to("GET /2/users/:id/following")
        if request.status == 200
    )
    return sum(count - 1 for count in pages.values())


async def test_new_seed_crawl_and_discovery_never_crawl_one_seed_at_once(
    db: Database, db_x: XNetwork, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 9, case 5: the two jobs used to read the same following pages concurrently (9 of 19 read twice)."""
    import bot.discovery.crawl as crawl_module

    monkeypatch.setattr(crawl_module, "FULL_PAGE", 20)  # several pages per seed, so the jobs interleave
    handles = " ".join(sandbox.world.users[seed_id].username for seed_id in sandbox.world.seed_ids)
    async with db.session() as session, session.begin():
        await seeds.add(session, db_x.for_guild(GUILD), guild_id=GUILD, raw=handles, added_by=1)
    runtime = jobs.Runtime(
        settings=settings_for(db.url),
        db=db,
        network=db_x,
        writer=OpenerWriter(),
        scheduler=AsyncIOScheduler(),
    )
    jobs.install(runtime)
    try:
        await asyncio.gather(jobs.crawl_new_seeds_job(GUILD), jobs.discovery_job(GUILD))
    finally:
        jobs.install(None)
    assert len(sandbox.requests_to("GET /2/users/:id/following")) >= 4 * 6
    assert following_pages_read_twice(sandbox) == 0
    async with db.session() as session:
        states = (await session.exec(select(CrawlState))).all()
    assert {state.account_id for state in states if state.last_full_crawl_at} >= set(sandbox.world.seed_ids)


async def test_two_processes_crawling_one_seed_read_each_page_once(
    db: Database, db_x: XNetwork, sandbox: SandboxServer, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 9, case 5 across processes: two Database objects and two X clients, one lease row between them."""
    import bot.discovery.crawl as crawl_module
    from tests.networks.helpers import x_network, x_settings

    monkeypatch.setattr(crawl_module, "FULL_PAGE", 10)
    seed_id = sandbox.world.seed_ids[0]
    other_db = await second_process_db(db)
    try:
        settings = x_settings(sandbox.base_url, x_access_token=sandbox.config.access_token)
        async with x_network(settings, other_db, clock) as other_x:
            first, second = await asyncio.gather(
                crawl(db, db_x, account_id=seed_id, now=WORLD_NOW),
                crawl(other_db, other_x, account_id=seed_id, now=WORLD_NOW),
            )
    finally:
        await other_db.close()
    assert sorted([first.mode, second.mode]) == ["full", "unchanged"], "the second found the list fresh"
    assert following_pages_read_twice(sandbox) == 0
