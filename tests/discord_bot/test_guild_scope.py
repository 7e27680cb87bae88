"""Circlebot's commands are for a team: every group is published guild-only, and a command that still arrives
from a direct message gets a polite refusal instead of an assertion failure and "Something went wrong"."""

from __future__ import annotations

from discord import app_commands

from bot.sandbox.fakediscord import payloads
from tests.discord_bot.conftest import BotWorld, circlebot


async def test_every_group_is_published_guild_only(bot_world: BotWorld) -> None:
    async with bot_world.running_bot() as bot:
        published = circlebot(bot).tree.get_commands()
        assert {"seed", "digest", "settings", "list"} <= {command.name for command in published}
        for command in published:  # groups, and the few top-level commands
            assert command.guild_only, command.name
            assert command.to_dict(circlebot(bot).tree).get("dm_permission") is False, command.name


async def test_a_command_from_a_dm_is_refused_politely(bot_world: BotWorld) -> None:
    async with bot_world.running_bot() as bot:
        for command in circlebot(bot).tree.walk_commands():
            if isinstance(command, app_commands.Group):
                continue
            required = {
                p.name: p.choices[0].value if p.choices else "x"
                for p in command.parameters
                if p.required and p.type.name == "string"
            }
            required |= {p.name: 1 for p in command.parameters if p.required and p.type.name in {"number", "integer"}}
            required |= {p.name: False for p in command.parameters if p.required and p.type.name == "boolean"}
            if command.parent is None:
                payload = bot.build_slash(command.name, options=required)
            else:
                payload = bot.build_slash(command.parent.name, command.name, options=required)
            result = await bot.interact(payloads.as_direct_message(payload, bot.fake.bot_user))
            answers = [r.data.get("content", "") for r in result.responses if r.data] + [
                f["content"] for f in result.followups
            ]
            assert any("Use Circlebot in a server" in answer for answer in answers), (command.qualified_name, answers)
            assert result.errors == [], f"/{command.qualified_name} logged an error"
