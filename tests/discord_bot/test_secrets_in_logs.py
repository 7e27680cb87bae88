"""At LOG_LEVEL=DEBUG a whole run (commands, an X List created and a follow sent with OAuth 1.0a, a digest
posted, reactions) logs no secret: not the X keys and tokens, not the Discord token, not an interaction token."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from pydantic import SecretStr

from bot.config import QUIET_LOGGERS, setup_logging
from tests.discord_bot.conftest import digest_now
from tests.discord_bot.test_end_to_end import entry_messages, set_up_team

if TYPE_CHECKING:
    import pytest

    from tests.discord_bot.conftest import BotWorld

FAKE_SERVERS = ("bot.sandbox",)  # the fake X and the fake Discord (bot.sandbox.fakediscord)


def test_setup_logging_caps_every_logger_that_prints_credentials() -> None:
    setup_logging("DEBUG")
    for name in ("oauthlib", "requests_oauthlib", "discord.webhook", "discord.webhook.async_", "discord.gateway"):
        assert not logging.getLogger(name).isEnabledFor(logging.DEBUG), name
    assert set(QUIET_LOGGERS) >= {"oauthlib", "requests_oauthlib", "discord.webhook", "discord.http", "tweepy"}


async def test_a_full_run_at_debug_logs_no_secret(bot_world: BotWorld, caplog: pytest.LogCaptureFixture) -> None:
    setup_logging("DEBUG")
    caplog.set_level(logging.DEBUG)
    team, sandbox = bot_world.team, bot_world.sandbox
    settings = bot_world.settings()
    secrets = {
        value.get_secret_value()
        for value in settings.model_dump().values()
        if isinstance(value, SecretStr) and value.get_secret_value()
    }
    assert len(secrets) == 6, "the Discord token, the bearer token and the four OAuth 1.0a values"
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        created = await bot.slash(
            "list", "create", options={"name": "Rust", "kind": "niche", "keywords": "rust"}, user=team.owner
        )
        posted = await digest_now(bot, team.owner)
        target = int(entry_messages(bot_world)[0]["id"])
        await bot.react(target, "✅", user=team.owner)
        await bot.settle()
        secrets |= {created.token, posted.token}
    assert sandbox.requests_to("POST /2/lists") and sandbox.requests_to("POST /2/users/:id/following"), (
        "the run signed X writes with OAuth 1.0a"
    )
    assert any(record.levelno == logging.DEBUG for record in caplog.records), "DEBUG records were captured"
    # The fake servers' own logs stand for Discord's and X's side of the wire: not the bot's logs.
    ours = [record for record in caplog.records if not record.name.startswith(FAKE_SERVERS)]
    logged = "\n".join(f"{record.getMessage()} {record.args!r} {record.exc_text or ''}" for record in ours)
    leaked = sorted(secret for secret in secrets if secret in logged)
    assert leaked == [], f"{len(leaked)} secret values reached the logs"
