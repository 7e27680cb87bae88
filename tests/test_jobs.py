"""The scheduler's persistent job store, on SQLite (its own file) and PostgreSQL (the same database)."""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING

import pytest
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
