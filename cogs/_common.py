"""Small helpers shared by the cogs (not an extension: the leading underscore keeps it from being loaded)."""

from __future__ import annotations

from typing import Any

import discord

from bot.approvals import Decider
from bot.errors import NotInServer


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
