"""The Discord side of the jobs: posting the daily digest and redrawing its entries, and posting a watched List's
conversations. Built once in the client's ``setup_hook`` and handed to the jobs and to the reaction cog.

Each publisher sends messages and records what it sent through the services of ``bot.digest`` and
``bot.lists.monitor``, one short transaction per step, so an interrupted post resumes without sending anything twice.
"""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING, Any

import discord

from bot import digest as digests
from bot import outbox
from bot.embeds import (
    NO_MENTIONS,
    REACTIONS,
    SHOWN_PER_POST,
    conversations_embed,
    conversations_view,
    describe_action,
    entry_embed,
    entry_view,
    header_embed,
)
from bot.formats import plural
from bot.leases import LeaseBusy, LeaseLost
from bot.lists.monitor import mark_shown, pending_posts, post_key, release_shown, set_shown_message
from bot.models import XList, utcnow
from bot.team import get_settings

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from datetime import date

    from bot.db import Database
    from bot.digest import Digest
    from bot.leases import Lease
    from bot.lists.monitor import Conversation, PendingPost, PollResult
    from bot.models import Action, DigestPost, GuildSettings

log = logging.getLogger(__name__)


class DigestPublisher:
    """Posts a team's digest of a day exactly once (resuming an interrupted post) and redraws entries after
    decisions. ``client`` is the logged-in bot; ``db`` its database."""

    def __init__(self, client: discord.Client, db: Database) -> None:
        self.client = client
        self.db = db

    def team_name(self, guild_id: int) -> str:
        guild = self.client.get_guild(guild_id)
        return guild.name if guild else "Circlebot"

    async def publish(self, guild_id: int, day: date, *, lease: Lease | None = None) -> str:
        """Post the day's digest once: a header, then one message per account with the reactions it understands.
        Resumable: an interrupted post continues with the entries not yet posted. Returns one line saying what
        happened (for the log); a post Discord refuses is recorded as failed and reported in `/settings status`.

        Only the holder of the day (``bot.digest.hold_day``) posts: pass ``lease`` if the caller holds it already
        (the digest job, which runs discovery under it first); otherwise it is taken here, waiting for another
        publisher of the day to finish."""
        if lease is None:
            try:
                async with digests.hold_day(self.db, guild_id=guild_id, day=day) as held:
                    return await self.publish(guild_id, day, lease=held)
            except LeaseBusy:
                return f"The digest of {day.isoformat()} is being posted by another job; it was left to that one."
        try:
            return await self._publish(guild_id, day, lease)
        except LeaseLost:
            # This publisher stalled past its lease and another took the day over: it resumes from what was
            # recorded; stopping here without writing anything more keeps every message single.
            return f"The digest of {day.isoformat()} was taken over by another job after this one stalled."

    async def _publish(self, guild_id: int, day: date, lease: Lease) -> str:
        lease.check()
        async with self.db.session() as session, session.begin():
            post = await digests.claim_day(session, guild_id=guild_id, day=day)
        if post is None:
            return f"Today's digest ({day.isoformat()}) was already posted."
        assert post.id is not None
        async with self.db.session() as session:
            settings = await get_settings(session, guild_id)
            digest = await digests.build_digest(session, guild_id=guild_id, day=day)
        try:
            if settings.digest_channel_id is None:
                raise LookupError("no digest channel is set (use /digest channel)")
            channel = await self._channel(settings.digest_channel_id)
            await self._post(channel, post, digest, lease)
        except (discord.Forbidden, discord.NotFound, LookupError) as error:
            problem = posting_problem(error, settings)
            lease.check()
            async with self.db.session() as session, session.begin():
                await digests.fail_day(session, post_id=post.id, problem=problem)
            return f"The digest could not be posted: {problem}"
        if digests.partial_reason(digest):
            return f"Posted part of today's digest ({plural(len(digest.entries)):account}); it can be completed later."
        return f"Posted today's digest: {plural(len(digest.entries)):account}."

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self.client.get_channel(channel_id) or await self.client.fetch_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            raise LookupError(f"<#{channel_id}> is not a channel I can post in; choose a text channel")
        return channel

    async def _post(self, channel: discord.abc.Messageable, post: DigestPost, digest: Digest, lease: Lease) -> None:
        assert post.id is not None
        now = utcnow()
        channel_id = _channel_id(channel)
        if post.header_message_id is None:
            lease.check()
            title = header_embed(digest, team_name="").title
            header_id = await send_once(
                self.client,
                self.db,
                channel_id,
                key=f"digest-header:{post.id}",
                is_it=lambda message: any(embed.title == title for embed in message.embeds),
                embed=header_embed(digest, team_name=self.team_name(digest.guild_id)),
            )
            async with self.db.session() as session, session.begin():
                await digests.record_header(session, post_id=post.id, message_id=header_id, channel_id=channel_id)
        async with self.db.session() as session:
            posted = await digests.posted_entries(session, guild_id=digest.guild_id, day=digest.day)
        for entry in digest.entries:
            if entry.suggestion_id in posted:
                continue
            lease.check()  # a publisher that lost the day sends nothing more: the new holder resumes
            # Claimed before sending: if this dies between Discord's answer and the record below, the resume finds
            # the message (same nonce, or the channel's history) and does not post the entry again.
            message_id = await send_once(
                self.client,
                self.db,
                channel_id,
                key=f"digest-entry:{entry.suggestion_id}",
                is_it=lambda message, url=entry.profile_url: any(embed.url == url for embed in message.embeds),
                embed=entry_embed(entry, now=now),
                **_view_of(entry_view(entry)),
            )
            async with self.db.session() as session, session.begin():
                await digests.record_entry_message(
                    session, suggestion_id=entry.suggestion_id, message_id=message_id, channel_id=channel_id
                )
            message = self.client.get_partial_messageable(channel_id).get_partial_message(message_id)
            for emoji in REACTIONS:
                await message.add_reaction(emoji)  # adding one already there changes nothing: safe on a resume
        partial = digests.partial_reason(digest)
        if post.header_message_id is not None:
            # Resuming or completing the day: the header shows the day as it stands now.
            header = self.client.get_partial_messageable(channel_id).get_partial_message(post.header_message_id)
            try:
                await header.edit(embed=header_embed(digest, team_name=self.team_name(digest.guild_id)))
            except discord.HTTPException as error:
                log.warning("could not update the header of the digest of %s: %s", digest.day, error)
        lease.check()
        async with self.db.session() as session, session.begin():
            await digests.finish_day(session, post_id=post.id, entries=len(digest.entries), partial=partial)
        log.info(
            "posted the digest of guild %s for %s: %d entries%s",
            digest.guild_id,
            digest.day,
            len(digest.entries),
            f" (partial: {partial})" if partial else "",
        )

    async def refresh_entry(self, suggestion_id: int) -> None:
        """Edit a digest entry to show its decisions, their outcome and who approved. A message Discord refuses
        to edit (deleted, no permission) is logged and skipped."""
        async with self.db.session() as session:
            decisions = await digests.entry_decisions(session, suggestion_id=suggestion_id)
        if decisions is None:
            return
        lines = [describe_action(action, [f"<@{user}>" for user in action.approvers]) for action in decisions.actions]
        lines += [
            f"{kind.replace('_', ' ')}: {plural(count):approval} so far" for kind, count in decisions.waiting.items()
        ]
        message = self.client.get_partial_messageable(decisions.channel_id).get_partial_message(decisions.message_id)
        try:
            await message.edit(
                embed=entry_embed(decisions.entry, now=utcnow(), outcome="\n".join(lines) or None),
                allowed_mentions=NO_MENTIONS,
            )
        except discord.HTTPException as error:
            log.warning("could not edit digest entry %s: %s", suggestion_id, error)

    async def show_outcomes(self, actions: Iterable[Action]) -> None:
        """Redraw the entries these actions came from (once each)."""
        for suggestion_id in {action.suggestion_id for action in actions if action.suggestion_id is not None}:
            await self.refresh_entry(suggestion_id)


class ConversationPublisher:
    """Posts a watched List's conversations worth joining, each conversation at most once, and tells the channel
    once when the List can no longer be read."""

    def __init__(self, client: discord.Client, db: Database) -> None:
        self.client = client
        self.db = db

    async def post_conversations(self, result: PollResult) -> None:
        async with self.db.session() as session:
            xlist = await session.get(XList, result.list_row_id)
        if xlist is None or xlist.watch_channel_id is None:
            return
        destination = self.client.get_partial_messageable(xlist.watch_thread_id or xlist.watch_channel_id)
        if result.gone:
            async with self.db.session() as session, session.begin():
                stored = await session.get(XList, result.list_row_id)
                assert stored is not None
                stored.watch_channel_id = stored.watch_thread_id = None  # told once; polling has stopped
                session.add(stored)
            await self._send(
                destination,
                content=f"⚠ The X List **{discord.utils.escape_markdown(xlist.name)}** "
                f"can no longer be read ({result.error}); I stopped watching it.",
            )
            return
        channel_id = xlist.watch_thread_id or xlist.watch_channel_id
        # First what an interrupted post left claimed: found (or sent, if it never reached Discord) under the same
        # outbox key, so a restart mid-post neither posts it twice nor keeps it marked shown unseen.
        async with self.db.session() as session:
            pending = await pending_posts(session, list_row_id=result.list_row_id)
        for interrupted in pending:
            await self._resume(xlist, channel_id, interrupted)
        if not result.conversations:
            return  # quiet: nothing worth joining
        # Claimed before posting: a conversation another poll already claimed is not posted again, and the claim's
        # outbox key lets a restart find the message rather than send it again.
        async with self.db.session() as session, session.begin():
            shown = await mark_shown(
                session,
                list_row_id=result.list_row_id,
                conversations=result.conversations[:SHOWN_PER_POST],
                now=utcnow(),
            )
        if shown:
            claimed = [conversation.conversation_id for conversation in shown]
            await self._send_claimed(xlist, channel_id, shown, claimed)

    async def _resume(self, xlist: XList, channel_id: int, pending: PendingPost) -> None:
        rebuilt = [conversation.conversation_id for conversation in pending.conversations]
        gone = [conversation_id for conversation_id in pending.conversation_ids if conversation_id not in rebuilt]
        if gone:
            # Cannot be drawn again from what is stored: not claimed any more (a later poll may show it).
            async with self.db.session() as session, session.begin():
                await release_shown(session, list_row_id=pending.list_row_id, conversation_ids=gone)
        if pending.conversations:
            await self._send_claimed(xlist, channel_id, pending.conversations, rebuilt, key=pending.key)

    async def _send_claimed(
        self,
        xlist: XList,
        channel_id: int,
        conversations: list[Conversation],
        claimed: list[str],
        *,
        key: str | None = None,
    ) -> None:
        """Send one "Conversations to join" message for these claimed conversations at most once (``send_once``
        under the claim's outbox key), then record its id on the claims."""
        assert xlist.id is not None
        first = conversations[0].best_post_url
        try:
            message_id = await send_once(
                self.client,
                self.db,
                channel_id,
                key=key or post_key(xlist.id, claimed),
                is_it=lambda message: any(
                    first in (embed_field.value or "") for embed in message.embeds for embed_field in embed.fields
                ),
                embed=conversations_embed(xlist, conversations),
                **_view_of(conversations_view(conversations)),
            )
        except discord.HTTPException as error:
            await self._undelivered(xlist.id, claimed, error)
            return
        async with self.db.session() as session, session.begin():
            await set_shown_message(session, list_row_id=xlist.id, conversation_ids=claimed, message_id=message_id)

    async def _undelivered(self, list_row_id: int, claimed: list[str], error: discord.HTTPException) -> None:
        """Discord refused the post: the conversations were not shown, so their claims are released; a channel or
        thread that is gone (404) or forbidden (403) stops the watch — polling would read and pay for posts
        nobody sees — and the reason is kept for /list show and /settings status."""
        log.warning("could not post List %s conversations: %s %s", list_row_id, error.status, error.code)
        async with self.db.session() as session, session.begin():
            await release_shown(session, list_row_id=list_row_id, conversation_ids=claimed)
            if not isinstance(error, discord.NotFound | discord.Forbidden):
                return  # a passing failure: the next poll tries again
            stored = await session.get(XList, list_row_id)
            if stored is None:
                return
            where = "thread" if stored.watch_thread_id else "channel"
            stored.watch_error = (
                f"the {where} is gone; choose another with /list watch"
                if isinstance(error, discord.NotFound)
                else f"I lost permission to post in the {where}; fix it, then /list watch again"
            )
            stored.watch_channel_id = stored.watch_thread_id = None  # the monitor job unschedules itself
            session.add(stored)

    async def _send(
        self,
        destination: discord.PartialMessageable,
        *,
        content: str | None = None,
        embed: discord.Embed | None = None,
        view: discord.ui.View | None = None,
    ) -> discord.Message | None:
        try:
            if embed is not None:
                return await destination.send(embed=embed, **_with_view(view))
            return await destination.send(content or "", allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as error:
            log.warning("could not post List conversations to %s: %s", destination.id, error)
            return None


# How far back a resumed post looks for a message it may have sent before dying (a digest is 1 + 25 at most).
HISTORY_SEARCH = 100


def _channel_id(channel: discord.abc.Messageable) -> int:
    channel_id = getattr(channel, "id", None)
    if not isinstance(channel_id, int):
        raise LookupError("that is not a channel I can post in; choose a text channel")
    return channel_id


async def send_once(
    client: discord.Client,
    db: Database,
    channel_id: int,
    *,
    key: str,
    is_it: Callable[[discord.Message], bool],
    **message: Any,
) -> int:
    """Send ``message`` (``channel.send`` arguments) to ``channel_id`` at most once under ``key``; its id.

    The claim (``bot.outbox``) is committed before sending. A claim already recorded returns its message without
    sending; one left unrecorded by a crash is resolved first: within the nonce window by sending again with the
    same nonce (Discord returns the message it created with it), later by looking through the channel's recent
    history for the bot's message that ``is_it``. Raises what ``send`` raises (discord.HTTPException)."""
    async with db.session() as session, session.begin():
        claim = await outbox.claim(session, key=key, channel_id=channel_id)
    if claim.message_id is not None:
        return claim.message_id
    destination = client.get_partial_messageable(channel_id)
    found: int | None = None
    if not outbox.nonce_trusted(claim) and client.user is not None:
        async for earlier in destination.history(limit=HISTORY_SEARCH):
            if earlier.author.id == client.user.id and is_it(earlier):
                found = earlier.id
                log.info("%s was sent before an interruption (message %s); not sending it again", key, found)
                break
    if found is None:
        found = (await destination.send(nonce=claim.nonce, allowed_mentions=NO_MENTIONS, **message)).id
    async with db.session() as session, session.begin():
        await outbox.record(session, key=key, message_id=found)
    return found


def _view_of(view: discord.ui.View | None) -> dict[str, Any]:
    """``view=`` for ``send`` when there are link buttons (``view=None`` is not accepted by every send)."""
    return {"view": view} if view is not None else {}


def _with_view(view: discord.ui.View | None) -> dict[str, Any]:
    """Keyword arguments for ``send``: mentions off, and the link buttons when there are any."""
    return {"allowed_mentions": NO_MENTIONS, **_view_of(view)}


def posting_problem(error: Exception, settings: GuildSettings) -> str:
    """What people can do about a digest Discord refused, in one sentence."""
    channel = f"<#{settings.digest_channel_id}>" if settings.digest_channel_id else "the digest channel"
    if isinstance(error, discord.Forbidden):
        return f"I lack permission in {channel} (I need View Channel, Send Messages, Embed Links and Add Reactions)."
    if isinstance(error, discord.NotFound):
        return f"{channel} no longer exists; choose another with /digest channel."
    return str(error)


class ReportPublisher:
    """Posts a team's weekly report (text and chart) to a channel; ``bot.relationships.weekly`` decides when and
    claims the week before calling it, so this only sends, at most once per key (``send_once``)."""

    def __init__(self, client: discord.Client, db: Database) -> None:
        self.client = client
        self.db = db

    async def send_report(self, channel_id: int, text: str, png: bytes, filename: str, *, key: str) -> int:
        """Post the report once under ``key``; return its message id. A resume after an interruption finds the
        message sent before (same nonce, or by its title line and chart in the channel's history) instead of
        posting again. Raises what discord.py raises (the caller records it)."""
        channel = self.client.get_channel(channel_id) or await self.client.fetch_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            raise TypeError(f"channel {channel_id} can't take messages")
        title = text.split("\n", 1)[0]
        return await send_once(
            self.client,
            self.db,
            channel_id,
            key=key,
            is_it=lambda message: (
                message.content.split("\n", 1)[0] == title
                and any(attachment.filename == filename for attachment in message.attachments)
            ),
            content=text,
            file=discord.File(io.BytesIO(png), filename=filename),
        )
