"""A channel the bot can't post in is refused when it is chosen, naming what is missing, and nothing is saved:
/digest channel and /settings report channel (as /list watch already did)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

from bot.models import GuildSettings, RelationshipState
from bot.sandbox.fakediscord import payloads
from cogs._common import DIGEST_PERMISSIONS, PERMISSIONS, REPORT_PERMISSIONS
from tests.discord_bot.conftest import circlebot
from tests.discord_bot.test_end_to_end import content

if TYPE_CHECKING:
    from tests.discord_bot.conftest import BotWorld


def locked_channel(bot_world: BotWorld, denied: str) -> dict[str, Any]:
    """A text channel of the team's guild where an overwrite denies the bot one permission (Discord's name)."""
    team = bot_world.team
    deny = discord.Permissions(**{PERMISSIONS[denied]: True})
    overwrite = {"id": bot_world.fake.bot_user["id"], "type": 1, "allow": "0", "deny": str(deny.value)}
    channel = payloads.text_channel(name=f"no-{PERMISSIONS[denied]}", guild_id=team.guild_id)
    channel["permission_overwrites"] = [overwrite]
    team.guild["channels"].append({k: v for k, v in channel.items() if k != "guild_id"})
    return channel


async def test_digest_and_report_channels_without_a_needed_permission_are_refused(bot_world: BotWorld) -> None:
    team = bot_world.team
    digest_locked = {name: locked_channel(bot_world, name) for name in DIGEST_PERMISSIONS}
    report_locked = {name: locked_channel(bot_world, name) for name in REPORT_PERMISSIONS}
    async with bot_world.running_bot() as bot:
        chosen = await bot.slash("digest", "channel", options={"channel": team.channel_id}, user=team.owner)
        assert "will be posted in" in content(chosen), content(chosen)
        for name, channel in digest_locked.items():
            refused = await bot.slash("digest", "channel", options={"channel": int(channel["id"])}, user=team.owner)
            assert content(refused) == (
                f"I can't post in <#{channel['id']}>: I need {name} there. Nothing was changed."
            ), content(refused)
            assert refused.errors == []
        for name, channel in report_locked.items():
            refused = await bot.slash("settings", "report", options={"channel": int(channel["id"])}, user=team.owner)
            assert f"I need {name} there. Nothing was changed." in content(refused), content(refused)
            assert refused.errors == []
        async with circlebot(bot).db.session() as session:
            settings = await session.get(GuildSettings, team.guild_id)
            state = await session.get(RelationshipState, team.guild_id)
        assert settings is not None and settings.digest_channel_id == team.channel_id, "the digest stays where it was"
        assert state is None or state.report_channel_id is None, "the report stays in the digest channel"
        # A channel with everything the report needs (but no reactions) is fine for the report.
        fine = await bot.slash(
            "settings", "report", options={"channel": int(digest_locked["Add Reactions"]["id"])}, user=team.owner
        )
        assert "Nothing was changed" not in content(fine) and fine.errors == [], content(fine)
