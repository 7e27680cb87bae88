"""Reactions on digest entries are decisions: ✅ follow, 📋 add to the suggested List, ❌ not interested.

Raw reaction events, so reactions on digests posted before a restart still count; the entry ↔ message mapping
is in the database. A reaction only records a decision; the executor job performs follows.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot import approvals, jobs
from bot.approvals import Decider
from bot.embeds import REACTION_KINDS
from bot.models import ActionKind

if TYPE_CHECKING:
    from bot.client import CirclebotClient

log = logging.getLogger(__name__)


class ApprovalsCog(commands.Cog):
    def __init__(self, client: CirclebotClient) -> None:
        self.client = client

    def _kind(self, payload: discord.RawReactionActionEvent) -> ActionKind | None:
        if payload.guild_id is None or self.client.user is None or payload.user_id == self.client.user.id:
            return None
        return REACTION_KINDS.get(str(payload.emoji))

    @commands.Cog.listener()
    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        kind = self._kind(payload)
        if kind is None or payload.guild_id is None:
            return
        member = payload.member
        decider = Decider(
            user_id=payload.user_id,
            can_manage_guild=bool(
                member and (member.guild_permissions.manage_guild or member.guild_permissions.administrator)
            ),
            role_ids=frozenset(role.id for role in member.roles) if member else frozenset(),
        )
        try:
            outcome = await approvals.react(
                self.client.db,
                guild_id=payload.guild_id,
                message_id=payload.message_id,
                kind=kind,
                added=True,
                decider=decider,
            )
        except Exception:
            log.exception("reaction %s by %s on message %s failed", payload.emoji, payload.user_id, payload.message_id)
            return
        if outcome.status in {"not_allowed", "no_list", "conflict"}:
            # Only members who may decide count (📋 needs a suggested List, and an entry has one decision): take
            # the reaction away so the entry doesn't look approved.
            log.info("ignored %s by %s on %s: %s", payload.emoji, payload.user_id, payload.message_id, outcome.status)
            try:
                await self.client.http.remove_reaction(
                    payload.channel_id, payload.message_id, str(payload.emoji), payload.user_id
                )
            except discord.HTTPException as error:
                log.warning("could not remove a reaction by %s: %s", payload.user_id, error)
            return
        if outcome.status in {"counted", "decided"} and outcome.suggestion and outcome.suggestion.id:
            if outcome.status == "decided" and kind in {ActionKind.FOLLOW, ActionKind.LIST_ADD}:
                jobs.run_soon(self.client.scheduler, "executor")
            await self._refresh(outcome.suggestion.id)

    @commands.Cog.listener()
    async def on_raw_reaction_remove(self, payload: discord.RawReactionActionEvent) -> None:
        kind = self._kind(payload)
        if kind is None or payload.guild_id is None:
            return
        try:
            outcome = await approvals.react(
                self.client.db,
                guild_id=payload.guild_id,
                message_id=payload.message_id,
                kind=kind,
                added=False,
                decider=Decider(user_id=payload.user_id, can_manage_guild=False),
            )
        except Exception:
            log.exception("reaction removal by %s on message %s failed", payload.user_id, payload.message_id)
            return
        if outcome.status == "withdrawn" and outcome.suggestion and outcome.suggestion.id:
            await self._refresh(outcome.suggestion.id)

    async def _refresh(self, suggestion_id: int) -> None:
        await self.client.digests.refresh_entry(suggestion_id)


async def setup(client: CirclebotClient) -> None:
    await client.add_cog(ApprovalsCog(client))
