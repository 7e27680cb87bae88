"""The entry points: one-line errors for missing settings, and an explicit command sync."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import discord.http
import pytest

from bot.config import Settings
from bot.runner import run_from_environment, sync_commands, sync_from_environment
from bot.sandbox.fakediscord import FakeDiscord, payloads
from tests.conftest import assert_within_discords_spec, discord_spec

if TYPE_CHECKING:
    from pathlib import Path


async def test_sync_pushes_every_command_once_to_one_server(tmp_path: Path) -> None:
    settings = Settings(
        _env_file=None,  # pyright: ignore[reportCallIssue]
        discord_token="fake-bot-token",  # pyright: ignore[reportArgumentType]
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
    )
    async with FakeDiscord(spec=discord_spec()) as fake:
        guild_id = payloads.snowflake()
        fake.add_guild(payloads.guild_create(guild_id, name="Team", owner_id=fake.owner["id"]))
        with fake.patch_routes():
            assert await sync_commands(settings, guild_id=guild_id) == 0
    assert len(fake.command_syncs) == 1, "one explicit sync"
    assert_within_discords_spec(fake)
    names = {command["name"] for command in fake.commands[guild_id]}
    assert names == {"seed", "digest", "settings", "list", "person", "people", "export"}


def test_run_without_tokens_says_what_to_set_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    assert run_from_environment() == 2
    error = capsys.readouterr().err.strip()
    assert error == (
        "circlebot: DISCORD_TOKEN and X_BEARER_TOKEN are not set: add them to your environment or .env "
        "(see .env.example)."
    ), "every missing setting at once"


def _environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **values: str) -> None:
    monkeypatch.chdir(tmp_path)
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}")
    for name, value in values.items():
        monkeypatch.setenv(name, value)


@pytest.mark.parametrize("command", ["run", "sync"])
async def test_a_rejected_token_is_one_line_without_traceback(
    command: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _environment(monkeypatch, tmp_path, DISCORD_TOKEN="not-the-token", X_BEARER_TOKEN="bearer")
    async with FakeDiscord(expected_token="fake-bot-token", spec=discord_spec()) as fake:
        with fake.patch_routes():
            entry = run_from_environment if command == "run" else lambda: sync_from_environment(None)
            code = await asyncio.to_thread(entry)
    assert code == 2
    captured = capsys.readouterr()
    assert captured.err.strip() == (
        "circlebot: Discord rejected DISCORD_TOKEN; copy the bot token again (see .env.example)."
    )
    assert "Traceback" not in captured.out + captured.err


@pytest.mark.parametrize("command", ["run", "sync"])
def test_discord_unreachable_is_one_line_without_traceback(
    command: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _environment(monkeypatch, tmp_path, DISCORD_TOKEN="fake-bot-token", X_BEARER_TOKEN="bearer")
    monkeypatch.setattr(discord.http.Route, "BASE", "http://127.0.0.1:9/api/v10")  # nothing listens on port 9
    code = run_from_environment() if command == "run" else sync_from_environment(None)
    assert code == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert lines == ["circlebot: Discord could not be reached (ClientConnectorError); check the network and try again."]
    assert "Traceback" not in captured.out
