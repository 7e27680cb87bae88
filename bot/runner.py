"""Entry points that own resources: settings in, exit code out."""

from __future__ import annotations

import asyncio
import logging
import sys

import aiohttp
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


class DiscordUnreachable(Exception):
    """Discord could not be reached at login (no network, DNS, a proxy, Discord's own outage)."""


TOKEN_REJECTED = "Discord rejected DISCORD_TOKEN; copy the bot token again (see .env.example)."


async def login(client: CirclebotClient, settings: Settings) -> None:
    """Log in (the HTTP half of start-up); raises discord.LoginFailure or DiscordUnreachable, with no traceback
    worth showing: both are one line for the person starting the bot."""
    token = settings.discord_token
    assert token is not None  # required before this is called
    try:
        await client.login(token.get_secret_value())
    except (aiohttp.ClientError, discord.DiscordServerError, discord.GatewayNotFound) as error:
        raise DiscordUnreachable(
            f"Discord could not be reached ({type(error).__name__}); check the network and try again."
        ) from None


async def run(settings: Settings) -> None:
    """Own every resource for the bot's lifetime: database, X client, LLM client, Discord client."""
    async with (
        Database(settings.database_url) as db,
        XNetwork.from_settings(settings, db) as network,
    ):
        llm = LlmClient.from_settings(settings)
        try:
            async with CirclebotClient(settings, db=db, network=network, writer=OpenerWriter(llm)) as client:
                await login(client, settings)
                await client.connect()
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
    except (discord.LoginFailure, DiscordUnreachable) as error:
        return _one_line(error)
    return 0


def _one_line(error: discord.LoginFailure | DiscordUnreachable | discord.HTTPException) -> int:
    """Say what stopped start-up in one line on stderr; the exit code is 2 (configuration) or 1 (Discord)."""
    if isinstance(error, discord.LoginFailure):
        print(f"circlebot: {TOKEN_REJECTED}", file=sys.stderr)
        return 2
    if isinstance(error, discord.HTTPException):
        print(f"circlebot: Discord refused the command sync: {error.status} {error.text}", file=sys.stderr)
        return 1
    print(f"circlebot: {error}", file=sys.stderr)
    return 1


async def sync_commands(settings: Settings, guild_id: int | None) -> int:
    """Push the slash commands to Discord once (globally, or to one server for instant testing)."""
    async with Database(settings.database_url) as db, XNetwork.from_settings(settings, db) as network:
        client = CirclebotClient(settings, db=db, network=network, writer=OpenerWriter())
        async with client:
            await login(client, settings)
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
    try:
        return asyncio.run(sync_commands(settings, guild_id))
    except (discord.LoginFailure, DiscordUnreachable, discord.HTTPException) as error:
        return _one_line(error)
