"""The scheduler's persistent job store, on SQLite (its own file) and PostgreSQL (the same database), and the one
wrapper every job runs in."""

from __future__ import annotations

import asyncio
import logging
import os
from inspect import iscoroutinefunction
from typing import TYPE_CHECKING, Any

import pytest
from apscheduler.util import obj_to_ref, ref_to_obj
from sqlalchemy import create_engine, inspect

from bot import jobs
from bot.config import Settings
from bot.models import GuildSettings

if TYPE_CHECKING:
    from pathlib import Path


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
    [jobs.discovery_job, jobs.digest_job, jobs.executor_job, jobs.crawl_new_seeds_job, jobs.monitor_job],
)
def test_wrapped_jobs_keep_the_name_the_job_store_finds_them_by(job: Any) -> None:
    reference = obj_to_ref(job)
    assert reference == f"bot.jobs:{job.__name__}"
    assert ref_to_obj(reference) is job
    assert iscoroutinefunction(job), "the asyncio executor awaits it"
