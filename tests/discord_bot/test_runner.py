"""The entry points: one-line errors for missing settings, and an explicit command sync."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.config import Settings
from bot.runner import run_from_environment, sync_commands
from bot.sandbox.fakediscord import FakeDiscord, payloads

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


async def test_sync_pushes_every_command_once_to_one_server(tmp_path: Path) -> None:
    settings = Settings(
        _env_file=None,  # pyright: ignore[reportCallIssue]
        discord_token="fake-bot-token",  # pyright: ignore[reportArgumentType]
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
    )
    async with FakeDiscord() as fake:
        guild_id = payloads.snowflake()
        fake.add_guild(payloads.guild_create(guild_id, name="Team", owner_id=fake.owner["id"]))
        with fake.patch_routes():
            assert await sync_commands(settings, guild_id=guild_id) == 0
    assert len(fake.command_syncs) == 1, "one explicit sync"
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
    assert error == "circlebot: DISCORD_TOKEN is not set: add it to your environment or .env (see .env.example)."
