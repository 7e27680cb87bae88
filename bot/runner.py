"""Entry points that own resources: settings in, exit code out."""

from __future__ import annotations

import asyncio
import logging
import sys

import discord

from bot.client import CirclebotClient
from bot.config import Settings, SettingsError, load_settings, setup_logging
from bot.credentials import log_capabilities
from bot.db import Database
from bot.formats import plural
from bot.llm import LlmClient
from bot.networks.x import XNetwork
from bot.openers import OpenerWriter

log = logging.getLogger(__name__)


def migrate_from_environment() -> int:
    """``python -m bot migrate``: bring the configured database to the newest schema."""
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"circlebot: {error}", file=sys.stderr)
        return 2
    setup_logging(settings.log_level)

    async def migrate() -> None:
        database = Database(settings.database_url)
        try:
            await database.migrate()
        finally:
            await database.close()

    asyncio.run(migrate())
    return 0


REQUIRED_TO_RUN = ("discord_token", "x_bearer_token")


def _settings_or_exit(*required: str) -> Settings | None:
    try:
        settings = load_settings()
        settings.require(*required)
    except SettingsError as error:
        print(f"circlebot: {error}", file=sys.stderr)
        return None
    return settings


async def run(settings: Settings) -> None:
    """Own every resource for the bot's lifetime: database, X client, LLM client, Discord client."""
    async with (
        Database(settings.database_url) as db,
        XNetwork.from_settings(settings, db) as network,
    ):
        llm = LlmClient.from_settings(settings)
        try:
            async with CirclebotClient(settings, db=db, network=network, writer=OpenerWriter(llm)) as client:
                token = settings.discord_token
                assert token is not None
                await client.start(token.get_secret_value())
        finally:
            if llm is not None:
                await llm.close()


def run_from_environment() -> int:
    """``python -m bot run`` / ``make run``: the bot, with settings from the environment and .env."""
    settings = _settings_or_exit(*REQUIRED_TO_RUN)
    if settings is None:
        return 2
    setup_logging(settings.log_level)
    log_capabilities(settings)
    try:
        asyncio.run(run(settings))
    except KeyboardInterrupt:
        log.info("stopped")
    except discord.LoginFailure:
        print(
            "circlebot: Discord rejected DISCORD_TOKEN; copy the bot token again (see .env.example).", file=sys.stderr
        )
        return 2
    return 0


async def sync_commands(settings: Settings, guild_id: int | None) -> int:
    """Push the slash commands to Discord once (globally, or to one server for instant testing)."""
    async with Database(settings.database_url) as db, XNetwork.from_settings(settings, db) as network:
        client = CirclebotClient(settings, db=db, network=network, writer=OpenerWriter())
        token = settings.discord_token
        assert token is not None
        async with client:
            await client.login(token.get_secret_value())
            guild = discord.Object(id=guild_id) if guild_id else None
            if guild is not None:
                client.tree.copy_global_to(guild=guild)
            synced = await client.tree.sync(guild=guild)
    print(
        f"Synced {plural(len(synced)):command} "
        + (f"to server {guild_id}." if guild_id else "globally (may take up to an hour).")
    )
    return 0


def sync_from_environment(guild_id: int | None) -> int:
    settings = _settings_or_exit("discord_token")
    if settings is None:
        return 2
    setup_logging(settings.log_level)
    return asyncio.run(sync_commands(settings, guild_id))
