"""Owner-only maintenance: command sync is explicit (never on every start)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.formats import plural

if TYPE_CHECKING:
    from bot.client import CirclebotClient

log = logging.getLogger(__name__)


class AdminCog(commands.Cog):
    def __init__(self, client: CirclebotClient) -> None:
        self.client = client

    @commands.command(name="sync", hidden=True)
    @commands.is_owner()
    async def sync(self, context: commands.Context[CirclebotClient], scope: str = "global") -> None:
        """@Circlebot sync [global|here]: push the slash commands to Discord."""
        guild = context.guild if scope == "here" else None
        if guild is not None:
            self.client.tree.copy_global_to(guild=guild)
        synced = await self.client.tree.sync(guild=guild)
        log.info("synced %d commands (%s) for owner %s", len(synced), scope, context.author.id)
        await context.reply(
            f"Synced {plural(len(synced)):command} ({scope}).", allowed_mentions=discord.AllowedMentions.none()
        )


async def setup(client: CirclebotClient) -> None:
    await client.add_cog(AdminCog(client))
