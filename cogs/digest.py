"""/digest channel | time | size | now | preview, and the publisher the digest job uses to post to Discord."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands
from sqlmodel import col, select

from bot import jobs
from bot.client import CirclebotClient
from bot.digest import Digest, build_digest, build_entry
from bot.discovery.pipeline import run_discovery
from bot.embeds import NO_MENTIONS, REACTIONS, describe_action, entry_embed, header_embed
from bot.formats import plural
from bot.models import Action, Approval, DigestPost, Suggestion, utcnow
from bot.storage import upsert
from bot.team import (
    get_settings,
    report_problem,
    require_decider,
    set_digest_channel,
    set_digest_time,
    timezone_choices,
)
from bot.team import update as update_settings
from cogs._common import decider_of, guild_only

if TYPE_CHECKING:
    from datetime import date

    from bot.models import GuildSettings

log = logging.getLogger(__name__)


class DigestCog(commands.GroupCog, group_name="digest", group_description="The daily digest of people to talk to."):
    def __init__(self, client: CirclebotClient) -> None:
        self.client = client
        super().__init__()

    # -- commands --------------------------------------------------------------------------------------------

    @app_commands.command(name="channel", description="Post the daily digest in this channel (or another).")
    @app_commands.describe(channel="Where the digest goes (default: this channel)")
    @guild_only()
    async def channel(
        self, interaction: discord.Interaction[CirclebotClient], channel: discord.TextChannel | None = None
    ) -> None:
        assert interaction.guild_id is not None
        target = channel or interaction.channel
        if not isinstance(target, discord.TextChannel):
            await interaction.response.send_message("Pick a text channel for the digest.", ephemeral=True)
            return
        async with self.client.db.session() as session, session.begin():
            settings = await set_digest_channel(
                session, guild_id=interaction.guild_id, decider=decider_of(interaction), channel_id=target.id
            )
        jobs.schedule_guild(self.client.scheduler, settings)
        await interaction.response.send_message(
            f"The digest will be posted in {target.mention} every day at {settings.digest_hour:02d}:00 "
            f"({settings.digest_timezone}).",
            ephemeral=True,
        )

    @app_commands.command(name="time", description="When the daily digest is posted.")
    @app_commands.describe(hour="Hour of the day, 0–23", timezone="IANA time zone, e.g. Europe/Berlin")
    @guild_only()
    async def time(
        self,
        interaction: discord.Interaction[CirclebotClient],
        hour: app_commands.Range[int, 0, 23],
        timezone: app_commands.Range[str, 1, 64] = "UTC",
    ) -> None:
        assert interaction.guild_id is not None
        async with self.client.db.session() as session, session.begin():
            settings = await set_digest_time(
                session, guild_id=interaction.guild_id, decider=decider_of(interaction), hour=hour, timezone=timezone
            )
        if settings.digest_channel_id is not None:
            jobs.schedule_guild(self.client.scheduler, settings)
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
    @guild_only()
    async def size(
        self, interaction: discord.Interaction[CirclebotClient], accounts: app_commands.Range[int, 1, 25]
    ) -> None:
        assert interaction.guild_id is not None
        async with self.client.db.session() as session, session.begin():
            await update_settings(
                session,
                guild_id=interaction.guild_id,
                decider=decider_of(interaction),
                changes={"digest_size": accounts},
            )
        await interaction.response.send_message(
            f"Each digest will show up to {plural(accounts):account}.", ephemeral=True
        )

    @app_commands.command(name="now", description="Post today's digest now (once a day).")
    @guild_only()
    async def now(self, interaction: discord.Interaction[CirclebotClient]) -> None:
        assert interaction.guild_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with self.client.db.session() as session, session.begin():
            settings = await get_settings(session, interaction.guild_id)
            require_decider(settings, decider_of(interaction))
            if settings.digest_channel_id is None:
                await interaction.followup.send("Choose a channel first with `/digest channel`.", ephemeral=True)
                return
        day = jobs.local_day(settings)
        await self._ensure_suggestions(interaction.guild_id, day)
        outcome = await self.publish_digest(interaction.guild_id, day)
        await interaction.followup.send(outcome, ephemeral=True, allowed_mentions=NO_MENTIONS)

    @app_commands.command(name="preview", description="See today's digest here, only for you. Nothing is posted.")
    @guild_only()
    async def preview(self, interaction: discord.Interaction[CirclebotClient]) -> None:
        assert interaction.guild_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with self.client.db.session() as session, session.begin():
            settings = await get_settings(session, interaction.guild_id)
        day = jobs.local_day(settings)
        async with self.client.db.session() as session:
            digest = await build_digest(session, guild_id=interaction.guild_id, day=day)
        now = utcnow()
        embeds = [header_embed(digest, team_name=self._team_name(interaction.guild_id))]
        embeds += [entry_embed(entry, now=now) for entry in digest.entries[:9]]
        if digest.is_empty:
            embeds[
                0
            ].description = "No digest for today yet. It is prepared before the daily post; `/digest now` posts it."
        await interaction.followup.send(embeds=_fit(embeds), ephemeral=True, allowed_mentions=NO_MENTIONS)

    # -- publishing (used by the digest job) ----------------------------------------------------------------

    async def _ensure_suggestions(self, guild_id: int, day: date) -> None:
        async with self.client.db.session() as session:
            ready = (
                await session.exec(
                    select(Suggestion.id).where(Suggestion.guild_id == guild_id, Suggestion.digest_day == day).limit(1)
                )
            ).first()
        if ready is None:
            await run_discovery(
                self.client.db, self.client.network, guild_id=guild_id, writer=self.client.writer, day=day
            )

    def _team_name(self, guild_id: int) -> str:
        guild = self.client.get_guild(guild_id)
        return guild.name if guild else "Circlebot"

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self.client.get_channel(channel_id) or await self.client.fetch_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            raise LookupError(f"<#{channel_id}> is not a channel I can post in; choose a text channel")
        return channel

    async def _claim(self, guild_id: int, day: date) -> DigestPost | None:
        """The day's digest row, claimed for posting; None when that day's digest was already posted."""
        async with self.client.db.session() as session, session.begin():
            row = {"guild_id": guild_id, "digest_day": day, "state": "posting", "started_at": utcnow(), "entries": 0}
            await upsert(session, DigestPost, [row], keys=["guild_id", "digest_day"], update=[])
            post = (
                await session.exec(
                    select(DigestPost).where(DigestPost.guild_id == guild_id, DigestPost.digest_day == day)
                )
            ).one()
            if post.state == "posted":
                return None
            post.state = "posting"  # a failed or interrupted post resumes where it stopped
            session.add(post)
            return post

    async def publish_digest(self, guild_id: int, day: date) -> str:
        """Post the day's digest once: a header, then one message per account with the reactions it understands.
        Resumable: an interrupted post continues with the entries not yet posted."""
        post = await self._claim(guild_id, day)
        if post is None:
            return f"Today's digest ({day.isoformat()}) was already posted."
        async with self.client.db.session() as session:
            settings = await get_settings(session, guild_id)
            digest = await build_digest(session, guild_id=guild_id, day=day)
        try:
            if settings.digest_channel_id is None:
                raise LookupError("no digest channel is set (use /digest channel)")
            channel = await self._channel(settings.digest_channel_id)
            await self._post(channel, post, digest, settings)
        except (discord.Forbidden, discord.NotFound, LookupError) as error:
            problem = _posting_problem(error, settings)
            async with self.client.db.session() as session, session.begin():
                stored = await session.get(DigestPost, post.id)
                assert stored is not None
                stored.state, stored.error = "failed", problem
                session.add(stored)
                await report_problem(
                    session, guild_id=guild_id, problem=f"The digest of {day} was not posted: {problem}"
                )
            return f"The digest could not be posted: {problem}"
        return f"Posted today's digest: {plural(len(digest.entries)):account}."

    async def _post(
        self, channel: discord.abc.Messageable, post: DigestPost, digest: Digest, settings: GuildSettings
    ) -> None:
        now = utcnow()
        if post.header_message_id is None:
            header = await channel.send(
                embed=header_embed(digest, team_name=self._team_name(digest.guild_id)), allowed_mentions=NO_MENTIONS
            )
            async with self.client.db.session() as session, session.begin():
                stored = await session.get(DigestPost, post.id)
                assert stored is not None
                stored.header_message_id, stored.channel_id = header.id, header.channel.id
                session.add(stored)
        async with self.client.db.session() as session:
            posted = set(
                (
                    await session.exec(
                        select(Suggestion.id).where(
                            Suggestion.guild_id == digest.guild_id,
                            Suggestion.digest_day == digest.day,
                            col(Suggestion.message_id).is_not(None),
                        )
                    )
                ).all()
            )
        for entry in digest.entries:
            if entry.suggestion_id in posted:
                continue
            message = await channel.send(embed=entry_embed(entry, now=now), allowed_mentions=NO_MENTIONS)
            # The mapping is stored before the reactions: reactions on this message must find their entry.
            async with self.client.db.session() as session, session.begin():
                suggestion = await session.get(Suggestion, entry.suggestion_id)
                assert suggestion is not None
                suggestion.message_id, suggestion.channel_id = message.id, message.channel.id
                session.add(suggestion)
            for emoji in REACTIONS:
                await message.add_reaction(emoji)
        async with self.client.db.session() as session, session.begin():
            stored = await session.get(DigestPost, post.id)
            assert stored is not None
            stored.state, stored.posted_at, stored.entries, stored.error = "posted", utcnow(), len(digest.entries), None
            session.add(stored)
        log.info("posted the digest of guild %s for %s: %d entries", digest.guild_id, digest.day, len(digest.entries))

    async def refresh_entry(self, suggestion_id: int) -> None:
        """Edit a digest entry to show its decisions, their outcome and who approved."""
        async with self.client.db.session() as session:
            suggestion = await session.get(Suggestion, suggestion_id)
            if suggestion is None or suggestion.message_id is None or suggestion.channel_id is None:
                return
            entry = await build_entry(session, suggestion)
            actions = (
                await session.exec(
                    select(Action).where(
                        Action.guild_id == suggestion.guild_id, Action.account_id == suggestion.account_id
                    )
                )
            ).all()
            pending = (await session.exec(select(Approval).where(Approval.suggestion_id == suggestion_id))).all()
        if entry is None:
            return
        lines = [describe_action(action, [f"<@{user}>" for user in action.approvers]) for action in actions]
        decided = {action.kind for action in actions}
        waiting: dict[str, int] = {}
        for approval in pending:
            if approval.kind not in decided:
                waiting[approval.kind] = waiting.get(approval.kind, 0) + 1
        for kind, count in waiting.items():
            lines.append(f"{kind.replace('_', ' ')}: {plural(count):approval} so far")
        channel = self.client.get_partial_messageable(suggestion.channel_id)
        try:
            await channel.get_partial_message(suggestion.message_id).edit(
                embed=entry_embed(entry, now=utcnow(), outcome="\n".join(lines) or None), allowed_mentions=NO_MENTIONS
            )
        except discord.HTTPException as error:
            log.warning("could not edit digest entry %s: %s", suggestion_id, error)

    async def show_outcomes(self, actions: list[Action]) -> None:
        for suggestion_id in {action.suggestion_id for action in actions if action.suggestion_id is not None}:
            await self.refresh_entry(suggestion_id)


def _posting_problem(error: Exception, settings: GuildSettings) -> str:
    channel = f"<#{settings.digest_channel_id}>" if settings.digest_channel_id else "the digest channel"
    if isinstance(error, discord.Forbidden):
        return f"I lack permission in {channel} (I need View Channel, Send Messages, Embed Links and Add Reactions)."
    if isinstance(error, discord.NotFound):
        return f"{channel} no longer exists; choose another with /digest channel."
    return str(error)


def _fit(embeds: list[discord.Embed]) -> list[discord.Embed]:
    """At most 10 embeds and 6000 characters per message."""
    kept: list[discord.Embed] = []
    total = 0
    for embed in embeds[:10]:
        if total + len(embed) > 6000:
            break
        kept.append(embed)
        total += len(embed)
    return kept


async def setup(client: CirclebotClient) -> None:
    await client.add_cog(DigestCog(client))
