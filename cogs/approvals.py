"""Reactions on digest entries are decisions: ✅ follow, 📋 add to the suggested List, ❌ not interested.

Raw reaction events, so reactions on digests posted before a restart still count; the entry ↔ message mapping
is in the database. A reaction only records a decision; the executor job performs follows.
"""

from __future__ import annotations

import asyncio
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


REFUSAL_SECONDS = 20.0
REFUSAL_WORDS = {
    "not_allowed": "only members with Manage Server or the team's approver role decide on suggestions.",
    "no_list": "none of your Lists fits this account, so there is nothing to add it to (see /list show).",
    "conflict": "this entry was already decided another way; its Decision field says how.",
}


class ApprovalsCog(commands.Cog):
    def __init__(self, client: CirclebotClient) -> None:
        self.client = client
        self.refusal_seconds = REFUSAL_SECONDS
        self._deleting: set[asyncio.Task[None]] = set()
        # Notes waiting for their timer, so that stopping the bot deletes them now instead of leaving them behind
        # (the timer would fire after discord.py closed its HTTP session: "Session is closed", never retrieved).
        self._waiting: dict[int, tuple[asyncio.TimerHandle, discord.Message]] = {}

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
            # the reaction away so the entry doesn't look approved, and say why.
            await self.refuse_reaction(payload, outcome.status)
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

    async def refuse_reaction(self, payload: discord.RawReactionActionEvent, reason: str) -> None:
        """Take back a reaction that decides nothing (so the entry doesn't look approved) and tell the member
        why, once per member and reason (recorded in the database, so a restart does not tell them again): a note
        under the entry that deletes itself after ``refusal_seconds`` (bots can't send ephemeral messages outside
        interactions, and a DM could be closed)."""
        log.info("ignored %s by %s on %s: %s", payload.emoji, payload.user_id, payload.message_id, reason)
        try:
            await self.client.http.remove_reaction(
                payload.channel_id, payload.message_id, str(payload.emoji), payload.user_id
            )
        except discord.HTTPException as error:
            log.warning("could not remove a reaction by %s: %s", payload.user_id, error)
        try:
            first = await approvals.first_telling(
                self.client.db, guild_id=payload.guild_id or 0, user_id=payload.user_id, reason=reason
            )
        except Exception:
            log.exception("could not record that %s was told about a reaction", payload.user_id)
            return  # silence over a note that would be repeated
        if not first:
            return
        why = REFUSAL_WORDS.get(reason, "that reaction decides nothing here.")
        channel = self.client.get_partial_messageable(payload.channel_id, guild_id=payload.guild_id)
        try:
            note = await channel.send(
                f"<@{payload.user_id}>, I took back your {payload.emoji}: {why}",
                # Only this member is mentioned in the note, so letting user mentions through pings them alone.
                allowed_mentions=discord.AllowedMentions(everyone=False, users=True, roles=False),
            )
        except discord.HTTPException as error:
            log.warning("could not tell %s why their reaction was removed: %s", payload.user_id, error)
            return
        # A timer rather than send(delete_after=…): no task sits waiting for the note's lifetime.
        timer = asyncio.get_running_loop().call_later(self.refusal_seconds, self._delete_note, note)
        self._waiting[note.id] = (timer, note)

    def _delete_note(self, note: discord.Message) -> None:
        self._waiting.pop(note.id, None)
        task = asyncio.create_task(self._delete(note))
        self._deleting.add(task)
        task.add_done_callback(self._deleting.discard)

    async def _delete(self, note: discord.Message) -> None:
        try:
            await note.delete()
        except discord.HTTPException as error:
            log.info("could not delete the note %s: %s", note.id, error)

    async def cog_unload(self) -> None:
        """Stopping: delete the notes still waiting now (discord.py unloads cogs before it closes its HTTP
        session), and let deletions under way finish."""
        waiting = list(self._waiting.values())
        self._waiting.clear()
        for timer, _ in waiting:
            timer.cancel()
        await asyncio.gather(*(self._delete(note) for _, note in waiting), *self._deleting, return_exceptions=True)

    async def _refresh(self, suggestion_id: int) -> None:
        await self.client.digests.refresh_entry(suggestion_id)


async def setup(client: CirclebotClient) -> None:
    await client.add_cog(ApprovalsCog(client))
