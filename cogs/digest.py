"""/digest channel | time | size | now | preview. Posting is `bot.publish.DigestPublisher`'s, run by the digest job."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot import jobs
from bot.client import CirclebotClient
from bot.digest import PostingPlan, build_digest, plan_posting
from bot.embeds import NO_MENTIONS, entry_embed, header_embed
from bot.formats import plural
from bot.models import utcnow
from bot.relationships.weekly import schedule_from_settings
from bot.replies import fit_embeds, more
from bot.team import get_settings, require_decider, set_digest_channel, set_digest_time, timezone_choices
from bot.team import update as update_settings
from cogs._common import DIGEST_PERMISSIONS, decider_of, guild_id_of, require_permissions

log = logging.getLogger(__name__)


@app_commands.guild_only()
class DigestCog(commands.GroupCog, group_name="digest", group_description="The daily digest of people to talk to."):
    def __init__(self, client: CirclebotClient) -> None:
        self.client = client
        super().__init__()

    # -- commands --------------------------------------------------------------------------------------------

    @app_commands.command(name="channel", description="Post the daily digest in this channel (or another).")
    @app_commands.describe(channel="Where the digest goes (default: this channel)")
    async def channel(
        self, interaction: discord.Interaction[CirclebotClient], channel: discord.TextChannel | None = None
    ) -> None:
        guild_id = guild_id_of(interaction)
        target = channel or interaction.channel
        if not isinstance(target, discord.TextChannel):
            await interaction.response.send_message("Pick a text channel for the digest.", ephemeral=True)
            return
        require_permissions(target, DIGEST_PERMISSIONS)  # before anything is saved
        async with self.client.db.session() as session, session.begin():
            settings = await set_digest_channel(
                session, guild_id=guild_id, decider=decider_of(interaction), channel_id=target.id
            )
        jobs.schedule_guild(self.client.scheduler, settings)
        await schedule_from_settings(self.client.scheduler, self.client.db, settings)
        await interaction.response.send_message(
            f"The digest will be posted in {target.mention} every day at {settings.digest_hour:02d}:00 "
            f"({settings.digest_timezone}).",
            ephemeral=True,
        )

    @app_commands.command(name="time", description="When the daily digest is posted.")
    @app_commands.describe(hour="Hour of the day, 0–23", timezone="IANA time zone, e.g. Europe/Berlin")
    async def time(
        self,
        interaction: discord.Interaction[CirclebotClient],
        hour: app_commands.Range[int, 0, 23],
        timezone: app_commands.Range[str, 1, 64] = "UTC",
    ) -> None:
        guild_id = guild_id_of(interaction)
        async with self.client.db.session() as session, session.begin():
            settings = await set_digest_time(
                session, guild_id=guild_id, decider=decider_of(interaction), hour=hour, timezone=timezone
            )
        if settings.digest_channel_id is not None:
            jobs.schedule_guild(self.client.scheduler, settings)
            # The weekly report keeps the digest's time zone.
            await schedule_from_settings(self.client.scheduler, self.client.db, settings)
        await interaction.response.send_message(
            f"The digest will be posted at {hour:02d}:00 {settings.digest_timezone}.", ephemeral=True
        )

    @time.autocomplete("timezone")
    async def timezones(
        self, interaction: discord.Interaction[CirclebotClient], current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=name, value=name) for name in timezone_choices(current)]

    @app_commands.command(name="size", description="How many accounts each digest shows.")
    @app_commands.describe(accounts="Accounts per digest, 1–25")
    async def size(
        self, interaction: discord.Interaction[CirclebotClient], accounts: app_commands.Range[int, 1, 25]
    ) -> None:
        guild_id = guild_id_of(interaction)
        async with self.client.db.session() as session, session.begin():
            await update_settings(
                session,
                guild_id=guild_id,
                decider=decider_of(interaction),
                changes={"digest_size": accounts},
            )
        await interaction.response.send_message(
            f"Each digest will show up to {plural(accounts):account}.", ephemeral=True
        )

    @app_commands.command(name="now", description="Post today's digest now (once a day).")
    async def now(self, interaction: discord.Interaction[CirclebotClient]) -> None:
        guild_id = guild_id_of(interaction)
        async with self.client.db.session() as session, session.begin():
            settings = await get_settings(session, guild_id)
            require_decider(settings, decider_of(interaction))
            plan = await plan_posting(session, guild_id=guild_id, day=jobs.local_day(settings))
        if settings.digest_channel_id is None:
            await interaction.response.send_message("Choose a channel first with `/digest channel`.", ephemeral=True)
            return
        # Discovery calls X: it runs in a job, never inside the interaction, which is answered at once.
        if not plan.already_posted:
            jobs.schedule_digest_now(self.client.scheduler, guild_id)
        await interaction.response.send_message(render_plan(plan), ephemeral=True, allowed_mentions=NO_MENTIONS)

    @app_commands.command(name="preview", description="See today's digest here, only for you. Nothing is posted.")
    async def preview(self, interaction: discord.Interaction[CirclebotClient]) -> None:
        guild_id = guild_id_of(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with self.client.db.session() as session, session.begin():
            settings = await get_settings(session, guild_id)
        day = jobs.local_day(settings)
        async with self.client.db.session() as session:
            digest = await build_digest(session, guild_id=guild_id, day=day)
        now = utcnow()
        embeds = [header_embed(digest, team_name=self.client.digests.team_name(guild_id))]
        embeds += [entry_embed(entry, now=now) for entry in digest.entries]
        if digest.is_empty:
            embeds[
                0
            ].description = "No digest for today yet. It is prepared before the daily post; `/digest now` posts it."
        kept, left_out = fit_embeds(embeds)
        # Discord's 6,000 characters per message hold about five entries: say how many more the post will have.
        note = f"{more(left_out, 'more in the posted digest')} (one message each)." if left_out else ""
        await interaction.followup.send(note, embeds=kept, ephemeral=True, allowed_mentions=NO_MENTIONS)


def render_plan(plan: PostingPlan) -> str:
    """The answer to `/digest now`."""
    if plan.already_posted:
        return f"Today's digest ({plan.day.isoformat()}) was already posted."
    first = f"; discovery runs first, about {plural(plan.discovery_seconds):second}" if plan.discovery_first else ""
    if plan.completing:
        return (
            f"Today's digest was cut short; completing it{first}. Only accounts not posted yet will be added. "
            "If it can't be completed, `/settings status` says why."
        )
    return f"Today's digest is on its way{first}. If it can't be posted, `/settings status` says why."


async def setup(client: CirclebotClient) -> None:
    await client.add_cog(DigestCog(client))
