"""Builders of real Discord payloads (gateway events and REST objects), as plain dicts.

Shapes follow what Discord actually sends, checked against discord.py 2.7's ``discord/types/*.py`` TypedDicts and
the parsers in ``discord/state.py``: ids are snowflake *strings*, permissions are decimal *strings*, timestamps are
ISO 8601 with an offset, and optional keys Discord always sends (``avatar: None``, ``flags: 0`` …) are present so
that code reading them the way production code does won't meet a ``KeyError`` only in tests.

Ids come from :func:`snowflake`, which encodes the current time (so ``created_at`` is sensible) plus a process-wide
counter (so two ids are never equal, even within one millisecond).
"""

from __future__ import annotations

import itertools
import secrets
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import discord

Payload = dict[str, Any]

DISCORD_EPOCH_MS = 1_420_070_400_000
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024
"""Discord's upload limit per file in a server without boosts (bytes), what interactions carry as
``attachment_size_limit``."""
_counter = itertools.count(1)

# What Discord gives @everyone in a new guild (the part of it a text bot can observe).
DEFAULT_EVERYONE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    create_instant_invite=True,
    change_nickname=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    create_private_threads=True,
    embed_links=True,
    attach_files=True,
    add_reactions=True,
    use_external_emojis=True,
    use_external_stickers=True,
    read_message_history=True,
    use_application_commands=True,
    connect=True,
    speak=True,
    stream=True,
    use_voice_activation=True,
    send_voice_messages=True,
    send_polls=True,
)

# A bot invited with a typical scope: can talk, embed, react and manage threads and messages, but is no admin.
DEFAULT_BOT_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    manage_threads=True,
    manage_messages=True,
    embed_links=True,
    attach_files=True,
    add_reactions=True,
    read_message_history=True,
    use_application_commands=True,
)

OPTION_SUB_COMMAND = 1
OPTION_SUB_COMMAND_GROUP = 2


def snowflake() -> int:
    """A fresh, unique, time-ordered snowflake."""
    millis = int(time.time() * 1000) - DISCORD_EPOCH_MS
    return (millis << 22) | (next(_counter) & 0x3FFFFF)


def iso_now() -> str:
    """Discord's timestamp format: ISO 8601 with microseconds and a UTC offset."""
    return datetime.now(UTC).isoformat()


def _perm_string(permissions: int | discord.Permissions) -> str:
    value = permissions.value if isinstance(permissions, discord.Permissions) else int(permissions)
    return str(value)


def _id(value: int | str | Mapping[str, Any]) -> str:
    """An id as Discord sends it, from an int, a string or a payload with an ``id``."""
    if isinstance(value, Mapping):
        return str(value["id"])
    return str(value)


def user(
    user_id: int | None = None,
    *,
    username: str | None = None,
    global_name: str | None = None,
    bot: bool = False,
    avatar: str | None = None,
) -> Payload:
    """A user object (``types/user.py`` ``User``)."""
    uid = user_id or snowflake()
    name = username or f"user{uid % 10_000}"
    data: Payload = {
        "id": str(uid),
        "username": name,
        "discriminator": "0",  # Discord's post-2023 usernames all have discriminator "0"
        "global_name": global_name if global_name is not None else (None if bot else name.title()),
        "avatar": avatar,
        "avatar_decoration_data": None,
        "public_flags": 0,
        "flags": 0,
        "banner": None,
        "accent_color": None,
        "primary_guild": None,
        "collectibles": None,
    }
    if bot:
        data["bot"] = True
    return data


def role(
    role_id: int | None = None,
    *,
    name: str = "role",
    permissions: int | discord.Permissions = 0,
    position: int = 1,
    color: int = 0,
    hoist: bool = False,
    managed: bool = False,
    mentionable: bool = False,
    tags: Payload | None = None,
) -> Payload:
    """A role object (``types/role.py`` ``Role``)."""
    data: Payload = {
        "id": str(role_id or snowflake()),
        "name": name,
        "description": None,
        "color": color,
        "colors": {"primary_color": color, "secondary_color": None, "tertiary_color": None},
        "hoist": hoist,
        "icon": None,
        "unicode_emoji": None,
        "position": position,
        "permissions": _perm_string(permissions),
        "managed": managed,
        "mentionable": mentionable,
        "flags": 0,
    }
    if tags is not None:
        data["tags"] = tags
    return data


def everyone_role(
    guild_id: int | str, permissions: int | discord.Permissions = DEFAULT_EVERYONE_PERMISSIONS
) -> Payload:
    """The @everyone role: its id *is* the guild id, and it sits at position 0."""
    return role(int(guild_id), name="@everyone", permissions=permissions, position=0)


def bot_role(
    bot_user_id: int | str, *, name: str = "Circlebot", permissions: int | discord.Permissions | None = None
) -> Payload:
    """The managed role Discord creates when a bot joins with permissions (tagged with ``bot_id``)."""
    return role(
        name=name,
        permissions=DEFAULT_BOT_PERMISSIONS if permissions is None else permissions,
        managed=True,
        tags={"bot_id": str(bot_user_id)},
    )


def member(
    member_user: Payload,
    *,
    roles: Iterable[int | str | Payload] = (),
    nick: str | None = None,
    joined_at: str | None = None,
    permissions: int | discord.Permissions | None = None,
) -> Payload:
    """A guild member with its user (``MemberWithUser``).

    ``permissions`` is only present where Discord sends it: on the member of an interaction, where it is the
    member's computed permissions in the channel. Leave it ``None`` for GUILD_CREATE members.
    """
    data: Payload = {
        "user": member_user,
        "roles": [_id(r) for r in roles],
        "nick": nick,
        "avatar": None,
        "banner": None,
        "joined_at": joined_at or iso_now(),
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "communication_disabled_until": None,
        "unusual_dm_activity_until": None,
    }
    if permissions is not None:
        data["permissions"] = _perm_string(permissions)
    return data


def text_channel(
    channel_id: int | None = None,
    *,
    guild_id: int | str | None = None,
    name: str = "general",
    position: int = 0,
    topic: str | None = None,
    parent_id: int | str | None = None,
    permission_overwrites: Sequence[Payload] = (),
    nsfw: bool = False,
) -> Payload:
    """A guild text channel (``types/channel.py`` ``TextChannel``; type 0).

    GUILD_CREATE's channels carry no ``guild_id`` (it is implied); :func:`guild_create` strips it.
    """
    data: Payload = {
        "id": str(channel_id or snowflake()),
        "type": 0,
        "name": name,
        "position": position,
        "permission_overwrites": list(permission_overwrites),
        "nsfw": nsfw,
        "parent_id": None if parent_id is None else str(parent_id),
        "topic": topic,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "default_thread_rate_limit_per_user": 0,
        "default_auto_archive_duration": 1440,
        "flags": 0,
        "icon_emoji": None,
        "theme_color": None,
    }
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    return data


def thread_channel(
    thread_id: int | None = None,
    *,
    guild_id: int | str,
    parent_id: int | str,
    owner_id: int | str,
    name: str = "thread",
    thread_type: int = 11,
    auto_archive_duration: int = 1440,
) -> Payload:
    """A thread channel (``types/threads.py`` ``Thread``; 11 public, 12 private, 10 announcement)."""
    now = iso_now()
    tid = str(thread_id or snowflake())
    return {
        "id": tid,
        "type": thread_type,
        "guild_id": str(guild_id),
        "parent_id": str(parent_id),
        "owner_id": str(owner_id),
        "name": name,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "message_count": 0,
        "member_count": 1,
        "total_message_sent": 0,
        "flags": 0,
        "nsfw": False,
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": auto_archive_duration,
            "archive_timestamp": now,
            "locked": False,
            "create_timestamp": now,
        },
        "member": {"id": tid, "user_id": str(owner_id), "join_timestamp": now, "flags": 0},
        "newly_created": True,
    }


def dm_channel(recipient: Payload, channel_id: int | None = None) -> Payload:
    """A DM channel (type 1) as ``POST /users/@me/channels`` returns it."""
    return {
        "id": str(channel_id or snowflake()),
        "type": 1,
        "last_message_id": None,
        "flags": 0,
        "recipients": [recipient],
    }


def guild_create(
    guild_id: int | None = None,
    *,
    name: str = "Test Guild",
    owner_id: int | str,
    channels: Sequence[Payload] = (),
    roles: Sequence[Payload] = (),
    members: Sequence[Payload] = (),
    everyone_permissions: int | discord.Permissions = DEFAULT_EVERYONE_PERMISSIONS,
    member_count: int | None = None,
    large: bool | None = None,
    features: Sequence[str] = (),
    preferred_locale: str = "en-US",
    threads: Sequence[Payload] = (),
) -> Payload:
    """The full GUILD_CREATE payload for an available guild.

    The @everyone role (id == guild id) is added unless one is given. ``member_count`` defaults to the members
    listed and ``large`` to Discord's threshold (more than 250 members).
    """
    gid = str(guild_id or snowflake())
    role_list = [dict(r) for r in roles]
    if not any(r["id"] == gid for r in role_list):
        role_list.insert(0, everyone_role(gid, everyone_permissions))
    count = len(members) if member_count is None else member_count
    return {
        "id": gid,
        "name": name,
        "icon": None,
        "icon_hash": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(owner_id),
        "region": "deprecated",
        "afk_channel_id": None,
        "afk_timeout": 300,
        "widget_enabled": False,
        "widget_channel_id": None,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 2,
        "mfa_level": 0,
        "nsfw_level": 0,
        "nsfw": False,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "premium_progress_bar_enabled": False,
        "application_id": None,
        "system_channel_id": channels[0]["id"] if channels else None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "vanity_url_code": None,
        "preferred_locale": preferred_locale,
        "max_members": 500_000,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "features": list(features),
        "emojis": [],
        "stickers": [],
        "roles": role_list,
        "incidents_data": None,
        "hub_type": None,
        "latest_onboarding_question_id": None,
        "home_header": None,
        "version": 0,
        # The GUILD_CREATE-only extras:
        "joined_at": iso_now(),
        "large": count > 250 if large is None else large,
        "unavailable": False,
        "lazy": True,
        "member_count": count,
        "voice_states": [],
        "members": list(members),
        # Channels in GUILD_CREATE carry no guild_id: it is implied by the guild.
        "channels": [{k: v for k, v in c.items() if k != "guild_id"} for c in channels],
        "threads": list(threads),
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "embedded_activities": [],
        "activity_instances": [],
        "application_command_counts": {},
    }


def ready(
    bot_user: Payload,
    application_id: int | str,
    guilds: Iterable[int | str | Payload] = (),
    *,
    session_id: str | None = None,
    shard: tuple[int, int] = (0, 1),
) -> Payload:
    """The READY payload: guilds are listed as *unavailable* stubs; their GUILD_CREATEs follow."""
    return {
        "v": 10,
        "user": bot_user,
        "user_settings": {},
        "guilds": [{"id": _id(g), "unavailable": True} for g in guilds],
        "private_channels": [],
        "relationships": [],
        "presences": [],
        "guild_join_requests": [],
        "geo_ordered_rtc_regions": ["rotterdam", "frankfurt"],
        "session_id": session_id or secrets.token_hex(16),
        "session_type": "normal",
        "resume_gateway_url": "wss://gateway-fake.invalid",
        "shard": list(shard),
        "application": {"id": str(application_id), "flags": 0},
        "auth": {},
    }


def application_info(
    application_id: int | str, bot_user: Payload, owner: Payload, *, name: str = "Circlebot"
) -> Payload:
    """``GET /oauth2/applications/@me`` (``types/appinfo.py`` ``AppInfo``)."""
    return {
        "id": str(application_id),
        "name": name,
        "icon": None,
        "description": "",
        "summary": "",
        "type": None,
        "hook": True,
        "bot_public": False,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "owner": owner,
        "flags": 0,
        "bot": bot_user,
        "team": None,
        "tags": [],
        "redirect_uris": [],
        "interactions_endpoint_url": None,  # set, discord.py warns that it will receive no interactions
        "role_connections_verification_url": None,
        "approximate_guild_count": 1,
        "integration_types_config": {"0": {}},
    }


def message(
    *,
    channel_id: int | str,
    author: Payload,
    content: str = "",
    message_id: int | None = None,
    guild_id: int | str | None = None,
    embeds: Sequence[Payload] = (),
    components: Sequence[Payload] = (),
    attachments: Sequence[Payload] = (),
    flags: int = 0,
    message_type: int = 0,
    tts: bool = False,
    webhook_id: int | str | None = None,
    application_id: int | str | None = None,
    message_reference: Payload | None = None,
    interaction_metadata: Payload | None = None,
    member_data: Payload | None = None,
) -> Payload:
    """A message object (``types/message.py`` ``Message``), as REST returns it and MESSAGE_CREATE carries it.

    ``guild_id`` and ``member_data`` (the author's member without ``user``) are what MESSAGE_CREATE adds in guilds.
    """
    data: Payload = {
        "id": str(message_id or snowflake()),
        "type": message_type,
        "channel_id": str(channel_id),
        "author": author,
        "content": content,
        "timestamp": iso_now(),
        "edited_timestamp": None,
        "tts": tts,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "mention_channels": [],
        "attachments": list(attachments),
        "embeds": list(embeds),
        "components": list(components),
        "reactions": [],
        "pinned": False,
        "flags": flags,
    }
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    if member_data is not None:
        data["member"] = member_data
    if webhook_id is not None:
        data["webhook_id"] = str(webhook_id)
    if application_id is not None:
        data["application_id"] = str(application_id)
    if message_reference is not None:
        data["message_reference"] = message_reference
    if interaction_metadata is not None:
        data["interaction_metadata"] = interaction_metadata
    return data


def option(name: str, value: Any, option_type: int | None = None, *, focused: bool = False) -> Payload:
    """One value option of an application-command interaction; the type is inferred from the Python value.

    Types: 3 string, 4 integer, 5 boolean, 6 user, 7 channel, 8 role, 9 mentionable, 10 number. Snowflake-typed
    options (6-9) carry the id as a string and need matching ``resolved`` data in the interaction.
    """
    if option_type is None:
        if isinstance(value, bool):  # before int: bool is an int subclass
            option_type = 5
        elif isinstance(value, int):
            option_type = 4
        elif isinstance(value, float):
            option_type = 10
        else:
            option_type = 3
    data: Payload = {"name": name, "type": option_type, "value": str(value) if option_type in (6, 7, 8, 9) else value}
    if focused:
        data["focused"] = True
    return data


def _command_options(options: Sequence[Payload], subcommand: str | None, group: str | None) -> list[Payload]:
    """Nest value options under ``subcommand`` (type 1) and that under ``group`` (type 2), as Discord does."""
    nested = list(options)
    if subcommand is not None:
        nested = [{"name": subcommand, "type": OPTION_SUB_COMMAND, "options": nested}]
    if group is not None:
        nested = [{"name": group, "type": OPTION_SUB_COMMAND_GROUP, "options": nested}]
    return nested


def _interaction_base(
    *,
    interaction_type: int,
    guild_id: int | str | None,
    channel: Payload,
    member_payload: Payload | None,
    user_payload: Payload | None,
    application_id: int | str,
    interaction_id: int | None,
    token: str | None,
    app_permissions: int | discord.Permissions,
    locale: str,
    guild_locale: str,
) -> Payload:
    """Fields every INTERACTION_CREATE carries (``types/interactions.py`` ``_BaseInteraction``)."""
    data: Payload = {
        "id": str(interaction_id or snowflake()),
        "application_id": str(application_id),
        "type": interaction_type,
        "token": token or "aW50ZXJhY3Rpb24" + secrets.token_urlsafe(48),
        "version": 1,
        "channel_id": channel["id"],
        "channel": channel,
        "app_permissions": _perm_string(app_permissions),
        "locale": locale,
        "entitlements": [],
        "entitlement_sku_ids": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
    }
    if guild_id is not None:
        assert member_payload is not None, "a guild interaction carries the invoking member"
        data["guild_id"] = str(guild_id)
        data["guild"] = {"id": str(guild_id), "locale": guild_locale, "features": []}
        data["guild_locale"] = guild_locale
        data["member"] = member_payload
        data["authorizing_integration_owners"] = {"0": str(guild_id)}
        data["context"] = 0  # GUILD
    else:
        assert user_payload is not None, "a DM interaction carries the invoking user"
        data["user"] = user_payload
        data["authorizing_integration_owners"] = {"0": user_payload["id"]}
        data["context"] = 1  # BOT_DM
    return data


def interaction_channel(channel: Payload, permissions: int | discord.Permissions) -> Payload:
    """The ``channel`` of an interaction: the channel object plus the invoker's ``permissions`` in it."""
    data = dict(channel)
    data["permissions"] = _perm_string(permissions)
    return data


def slash_command_interaction(
    *,
    guild_id: int | str | None,
    channel: Payload,
    member: Payload | None = None,
    user: Payload | None = None,
    command_name: str,
    command_id: int | str,
    application_id: int | str,
    options: Sequence[Payload] = (),
    subcommand: str | None = None,
    group: str | None = None,
    command_guild_id: int | str | None = None,
    resolved: Payload | None = None,
    interaction_id: int | None = None,
    token: str | None = None,
    app_permissions: int | discord.Permissions = DEFAULT_BOT_PERMISSIONS,
    locale: str = "en-US",
    guild_locale: str = "en-US",
    interaction_type: int = 2,
) -> Payload:
    """INTERACTION_CREATE for a chat-input command (type 2; type 4 for autocomplete, see below).

    ``member`` must carry ``permissions`` (the invoker's permissions in the channel) so that
    ``interaction.permissions`` is right; ``command_guild_id`` is set for guild-registered commands, which is how
    discord.py's tree tells a guild command from a global one of the same name.
    """
    data = _interaction_base(
        interaction_type=interaction_type,
        guild_id=guild_id,
        channel=channel,
        member_payload=member,
        user_payload=user,
        application_id=application_id,
        interaction_id=interaction_id,
        token=token,
        app_permissions=app_permissions,
        locale=locale,
        guild_locale=guild_locale,
    )
    command_data: Payload = {
        "id": str(command_id),
        "name": command_name,
        "type": 1,
        "options": _command_options(options, subcommand, group),
    }
    if command_guild_id is not None:
        command_data["guild_id"] = str(command_guild_id)
    if resolved:
        command_data["resolved"] = resolved
    data["data"] = command_data
    return data


def autocomplete_interaction(**kwargs: Any) -> Payload:
    """INTERACTION_CREATE type 4: same shape as a slash command; exactly one option carries ``focused: True``.

    Takes :func:`slash_command_interaction`'s arguments; build the focused option with ``option(..., focused=True)``.
    """
    options: Sequence[Payload] = kwargs.get("options", ())
    assert sum(1 for o in options if o.get("focused")) == 1, "autocomplete needs exactly one focused option"
    return slash_command_interaction(interaction_type=4, **kwargs)


def component_interaction(
    *,
    guild_id: int | str | None,
    channel: Payload,
    message_payload: Payload,
    custom_id: str,
    application_id: int | str,
    member: Payload | None = None,
    user: Payload | None = None,
    component_type: int = 2,
    values: Sequence[str] | None = None,
    interaction_id: int | None = None,
    token: str | None = None,
    app_permissions: int | discord.Permissions = DEFAULT_BOT_PERMISSIONS,
    locale: str = "en-US",
    guild_locale: str = "en-US",
) -> Payload:
    """INTERACTION_CREATE type 3 (button ``component_type=2``, string select 3 with ``values``)."""
    data = _interaction_base(
        interaction_type=3,
        guild_id=guild_id,
        channel=channel,
        member_payload=member,
        user_payload=user,
        application_id=application_id,
        interaction_id=interaction_id,
        token=token,
        app_permissions=app_permissions,
        locale=locale,
        guild_locale=guild_locale,
    )
    component_data: Payload = {"custom_id": custom_id, "component_type": component_type}
    if values is not None:
        component_data["values"] = list(values)
    data["data"] = component_data
    data["message"] = message_payload
    return data


def emoji(value: str | discord.PartialEmoji) -> Payload:
    """The partial emoji of a reaction event: ``{"id": None, "name": "✅"}`` or a custom ``<:name:id>``."""
    partial = value if isinstance(value, discord.PartialEmoji) else discord.PartialEmoji.from_str(value)
    if partial.id is None:
        return {"id": None, "name": partial.name}
    data: Payload = {"id": str(partial.id), "name": partial.name}
    if partial.animated:
        data["animated"] = True
    return data


def reaction_add(
    *,
    guild_id: int | str | None,
    channel_id: int | str,
    message_id: int | str,
    user_id: int | str,
    emoji_value: str | discord.PartialEmoji = "✅",
    member: Payload | None = None,
    message_author_id: int | str | None = None,
    burst: bool = False,
) -> Payload:
    """MESSAGE_REACTION_ADD (``types/gateway.py`` ``MessageReactionAddEvent``); guild events include the member."""
    data: Payload = {
        "user_id": str(user_id),
        "channel_id": str(channel_id),
        "message_id": str(message_id),
        "emoji": emoji(emoji_value),
        "burst": burst,
        "burst_colors": [],
        "type": 1 if burst else 0,
    }
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
        if member is not None:
            data["member"] = member
    if message_author_id is not None:
        data["message_author_id"] = str(message_author_id)
    return data


def reaction_remove(
    *,
    guild_id: int | str | None,
    channel_id: int | str,
    message_id: int | str,
    user_id: int | str,
    emoji_value: str | discord.PartialEmoji = "✅",
    burst: bool = False,
) -> Payload:
    """MESSAGE_REACTION_REMOVE: like ADD, but Discord sends no member."""
    data: Payload = {
        "user_id": str(user_id),
        "channel_id": str(channel_id),
        "message_id": str(message_id),
        "emoji": emoji(emoji_value),
        "burst": burst,
        "type": 1 if burst else 0,
    }
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    return data


def guild_members_chunk(
    guild_id: int | str, members: Sequence[Payload], *, nonce: str | None = None, not_found: Sequence[str] = ()
) -> Payload:
    """GUILD_MEMBERS_CHUNK, the gateway's answer to a REQUEST_GUILD_MEMBERS (single chunk)."""
    data: Payload = {
        "guild_id": str(guild_id),
        "members": list(members),
        "chunk_index": 0,
        "chunk_count": 1,
        "not_found": list(not_found),
    }
    if nonce is not None:
        data["nonce"] = nonce
    return data


def as_direct_message(payload: Payload, bot_user: Payload) -> Payload:
    """The same INTERACTION_CREATE as ``payload`` (a guild command), sent from a direct message with the bot: the
    member becomes a user, the channel a DM, the guild fields go (what Discord sends for a DM command)."""
    member = payload.pop("member")
    for key in ("guild_id", "guild", "guild_locale"):
        payload.pop(key, None)
    payload["data"].pop("guild_id", None)
    channel = dm_channel(bot_user)
    payload.update(user=member["user"], channel=channel, channel_id=channel["id"], context=1)
    payload["authorizing_integration_owners"] = {"0": member["user"]["id"]}
    return payload
