"""The Discord client: loads the cogs, starts the scheduler, and turns domain errors into polite replies."""

from __future__ import annotations

import gc
import logging
import pkgutil
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands
from sqlmodel import col, select

import cogs
from bot import jobs
from bot.db import database_unreachable, redact
from bot.embeds import NO_MENTIONS
from bot.errors import CirclebotError, NotInServer
from bot.inputs import clean_for_message
from bot.models import GuildSettings, XList
from bot.publish import ConversationPublisher, DigestPublisher, ReportPublisher
from bot.relationships.weekly import schedule_from_settings
from bot.replies import plain

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.config import Settings
    from bot.db import Database
    from bot.networks.base import SocialNetwork
    from bot.openers import OpenerWriter

log = logging.getLogger(__name__)

MESSAGE_LIMIT = 2000  # Discord's content limit for one message
DATABASE_UNREACHABLE = (
    "Circlebot can't reach its database right now, so this was not done. Please try again in a few minutes; "
    "if it keeps happening, tell whoever runs the bot (it is in the bot's log)."
)
EXTENSIONS = tuple(
    f"cogs.{module.name}" for module in pkgutil.iter_modules(cogs.__path__) if not module.name.startswith("_")
)


class CirclebotTree(app_commands.CommandTree["CirclebotClient"]):
    """One place where command errors become replies: domain errors carry their own polite message."""

    async def on_error(
        self, interaction: discord.Interaction[CirclebotClient], error: app_commands.AppCommandError
    ) -> None:
        cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        if isinstance(cause, CirclebotError):
            message = plain(cause.message)  # plain words naming Lists and handles as typed: not markdown
        elif isinstance(cause, app_commands.NoPrivateMessage):
            message = NotInServer().message
        elif isinstance(cause, app_commands.CheckFailure):
            message = "You can't use this command here."
        elif isinstance(cause, app_commands.TransformerError):
            # Discord's choices and option types are enforced by its clients only: a crafted request can send
            # anything, and discord.py refuses it here before the command runs.
            message = (
                f"“{clean_for_message(str(cause.value))}” is not a value this option takes; "
                "pick one of the choices Discord offers."
            )
        elif isinstance(cause, app_commands.CommandSignatureMismatch | app_commands.CommandNotFound):
            message = "This command was updated since Discord last loaded it; please try again in a minute."
        elif database_unreachable(cause):
            # One line, no traceback: the driver's words can hold the server's address and, with some drivers
            # and settings, the DATABASE_URL's user and password; the URL's password is taken out in any case.
            command = interaction.command.qualified_name if interaction.command else "?"
            summary = f"{type(cause).__name__}: {' '.join(str(cause).split())}"
            log.error(
                "database unreachable during /%s in guild %s: %s",
                command,
                interaction.guild_id,
                redact(summary[:500], interaction.client.db.url),
            )
            message = DATABASE_UNREACHABLE
        else:
            command = interaction.command.qualified_name if interaction.command else "?"
            log.error(
                "command /%s failed for user %s in guild %s",
                command,
                interaction.user.id,
                interaction.guild_id,
                exc_info=cause,
            )
            message = "Something went wrong on our side; it has been logged. Please try again later."
        await reply(interaction, message)


async def reply(interaction: discord.Interaction, message: str, *, ephemeral: bool = True) -> None:
    """Answer once: as the response if none was sent yet, else as a follow-up.

    Guarded: when the interaction is gone (10062 Unknown interaction after the 3-second deadline, 10015 after
    15 minutes) or Discord refuses the answer, it is logged as a warning and nothing else is raised, so the
    error handler never fails in turn ("Task exception was never retrieved")."""
    text = message if len(message) <= MESSAGE_LIMIT else message[: MESSAGE_LIMIT - 1] + "…"
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(text, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS)
    except discord.HTTPException as problem:
        log.warning(
            "could not answer interaction %s in guild %s: %s %s",
            interaction.id,
            interaction.guild_id,
            problem.status,
            problem.code,
        )


def intents() -> discord.Intents:
    """Defaults (guilds, guild reactions…) without message content: reactions and slash commands need no more."""
    chosen = discord.Intents.default()
    chosen.message_content = False
    chosen.typing = False
    chosen.presences = False
    return chosen


class CirclebotClient(commands.Bot):
    # The Discord side of the jobs, built once in setup_hook and shared by the jobs and the reaction cog.
    digests: DigestPublisher
    conversations: ConversationPublisher
    reports: ReportPublisher

    def __init__(
        self,
        settings: Settings,
        *,
        db: Database,
        network: SocialNetwork,
        writer: OpenerWriter,
        scheduler: AsyncIOScheduler | None = None,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents(),
            tree_cls=CirclebotTree,
            allowed_mentions=NO_MENTIONS,
            help_command=None,
        )
        self.settings = settings
        self.db = db
        self.network = network
        self.writer = writer
        self.scheduler = scheduler or jobs.build_scheduler(settings)

    async def setup_hook(self) -> None:
        await self.db.migrate()
        self.digests = DigestPublisher(self, self.db)
        self.conversations = ConversationPublisher(self, self.db)
        self.reports = ReportPublisher(self, self.db)
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        jobs.install(
            jobs.Runtime(
                settings=self.settings,
                db=self.db,
                network=self.network,
                writer=self.writer,
                scheduler=self.scheduler,
                publisher=self.digests,
                conversations=self.conversations,
                reports=self.reports,
            )
        )
        jobs.schedule_executor(self.scheduler)
        async with self.db.session() as session:
            teams = (
                await session.exec(select(GuildSettings).where(col(GuildSettings.digest_channel_id).is_not(None)))
            ).all()
            watched = (await session.exec(select(XList).where(col(XList.watch_channel_id).is_not(None)))).all()
        for team in teams:
            jobs.schedule_guild(self.scheduler, team)
            await schedule_from_settings(self.scheduler, self.db, team)
        for xlist in watched:
            if xlist.removed_at is None:
                jobs.schedule_watch(self.scheduler, xlist)
        self.scheduler.start()
        # Everything loaded so far lives as long as the bot: keep the garbage collector from walking it again and
        # again (full collections of it paused the event loop for up to 0.2 s).
        gc.collect()
        gc.freeze()
        log.info(
            "loaded %d extensions; scheduler started with %d jobs", len(EXTENSIONS), len(self.scheduler.get_jobs())
        )

    async def close(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        jobs.install(None)
        await super().close()
