"""The whole bot against a fake Discord held to Discord's OpenAPI spec and limits: every request the bot sends and
every answer the fake gives conforms, and the fake refuses what Discord refuses."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
import pytest

from tests.discord_bot.conftest import digest_now
from tests.discord_bot.test_end_to_end import entry_messages, set_up_team

if TYPE_CHECKING:
    from tests.discord_bot.conftest import BotWorld


async def test_a_full_run_conforms_to_discords_spec(bot_world: BotWorld) -> None:
    team, fake = bot_world.team, bot_world.fake
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await bot.slash(
            "list", "create", options={"name": "Rust", "kind": "niche", "keywords": "rust"}, user=team.owner
        )
        await digest_now(bot, team.owner)
        await bot.react(int(entry_messages(bot_world)[0]["id"]), "✅", user=team.owner)
        await bot.react(int(entry_messages(bot_world)[1]["id"]), "✅", user=team.stranger)
        await bot.settle()
        for command, sub in (("seed", "list"), ("list", "show"), ("settings", "status"), ("digest", "preview")):
            await bot.slash(command, sub, user=team.owner)
    assert len(fake.requests) > 50
    assert [str(violation) for violation in fake.spec_violations] == [], "\n".join(str(v) for v in fake.spec_violations)
    assert fake.refused_over_limit == []


async def test_the_fake_refuses_what_discord_refuses(bot_world: BotWorld) -> None:
    team, fake = bot_world.team, bot_world.fake
    async with bot_world.running_bot() as bot:
        channel = bot.client.get_channel(team.channel_id)
        assert channel is not None
        with pytest.raises(discord.HTTPException) as refused:
            await channel.send("x" * 2001)  # type: ignore[union-attr]
        assert refused.value.status == 400 and refused.value.code == 50035
        assert fake.refused_over_limit
        fake.followup_window = 0.0  # every follow-up now comes after the token's 15 minutes
        late = await bot.slash("seed", "add", options={"handles": "@nobody_here"}, user=team.owner)
        assert late.response is not None and late.response.type == 5, "the first answer is within its 3 seconds"
        assert late.followups == [], "Discord refuses follow-ups after 15 minutes (401 50027)"
        # The error handler's own reply fails the same way: it is logged as a warning, never raised again.
        assert not any("Task exception" in str(error) for error in late.errors)
