"""Small helpers shared by the cogs (not an extension: the leading underscore keeps it from being loaded)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

from bot.approvals import Decider
from bot.errors import CirclebotError, NotInServer
from bot.formats import human_join

if TYPE_CHECKING:
    from collections.abc import Iterable

# Discord's names for the permissions (as its client shows them) → discord.Permissions' attributes.
PERMISSIONS = {
    "View Channel": "view_channel",
    "Send Messages": "send_messages",
    "Embed Links": "embed_links",
    "Attach Files": "attach_files",
    "Add Reactions": "add_reactions",
    "Read Message History": "read_message_history",
    "Create Public Threads": "create_public_threads",
    "Send Messages in Threads": "send_messages_in_threads",
}
SENT_WITH_MESSAGES = {"Embed Links", "Attach Files"}
# What the digest does in its channel: embeds for the entries, reactions to decide (Discord wants Read Message
# History to react), and the weekly report's chart as a file when the report has no channel of its own.
DIGEST_PERMISSIONS = (
    "View Channel",
    "Send Messages",
    "Embed Links",
    "Attach Files",
    "Add Reactions",
    "Read Message History",
)
# The weekly report: a message with its chart attached.
REPORT_PERMISSIONS = ("View Channel", "Send Messages", "Attach Files")


def decider_of(interaction: discord.Interaction[Any]) -> Decider:
    """Who is asking, as far as approving and changing settings go."""
    member = interaction.user
    roles = frozenset(role.id for role in member.roles) if isinstance(member, discord.Member) else frozenset()
    manage = interaction.permissions.manage_guild or interaction.permissions.administrator
    return Decider(user_id=member.id, can_manage_guild=manage, role_ids=roles)


def guild_id_of(interaction: discord.Interaction[Any]) -> int:
    """The server the command was used in; a polite refusal in a DM (the groups are published guild-only, but
    an old client or a stale command registration can still send one)."""
    if interaction.guild_id is None:
        raise NotInServer
    return interaction.guild_id


def missing_permissions(channel: discord.abc.GuildChannel, needed: Iterable[str]) -> list[str]:
    """Which of ``needed`` (names from :data:`PERMISSIONS`) the bot lacks in ``channel``, in Discord's words and
    in the order given; [] when all are there. Computed from the cached roles and channel overwrites (no call to
    Discord); when the bot's own member is not cached, [] (Discord will say so when we post, and the failure is
    reported then)."""
    me = channel.guild.me
    if me is None:
        return []
    allowed = channel.permissions_for(me)
    missing = [name for name in needed if not getattr(allowed, PERMISSIONS[name])]
    # Without View Channel Discord grants nothing else there, and without Send Messages no embeds or files
    # (discord.py's permissions_for says so too): name the one to grant, not everything it takes away.
    if "View Channel" in missing:
        return ["View Channel"]
    if "Send Messages" in missing:
        missing = [name for name in missing if name not in SENT_WITH_MESSAGES]
    return missing


class ChannelUnusable(CirclebotError):
    """A channel a command would save where the bot can't do its work; raised before anything is saved."""

    def __init__(self, channel: discord.abc.GuildChannel, missing: list[str]) -> None:
        super().__init__(f"I can't post in {channel.mention}: I need {human_join(missing)} there. Nothing was changed.")
        self.missing = missing


def require_permissions(channel: discord.abc.GuildChannel, needed: Iterable[str]) -> None:
    """Raise :class:`ChannelUnusable` naming what :func:`missing_permissions` finds missing, if anything."""
    missing = missing_permissions(channel, needed)
    if missing:
        raise ChannelUnusable(channel, missing)
