"""What a team must be able to set from Discord: topics, rest days, the List add cap — checked when the command
runs, since Discord's Range is enforced by its clients only."""

from __future__ import annotations

from pathlib import Path

from bot.models import GuildSettings
from tests.discord_bot.conftest import BotWorld, circlebot
from tests.discord_bot.test_end_to_end import content


async def stored(bot_world: BotWorld, bot: object) -> GuildSettings:
    async with circlebot(bot).db.session() as session:  # type: ignore[arg-type]
        return await session.get(GuildSettings, bot_world.team.guild_id) or GuildSettings(guild_id=0)


async def test_topics_can_be_set_shown_and_cleared(bot_world: BotWorld) -> None:
    team = bot_world.team
    async with bot_world.running_bot() as bot:
        shown = await bot.slash("settings", "topics", user=team.stranger)
        assert "none yet" in content(shown)
        refused = await bot.slash("settings", "topics", options={"topics": "rust"}, user=team.stranger)
        assert "Only members with Manage Server" in content(refused)
        empty = await bot.slash("settings", "topics", options={"topics": ",,, ;"}, user=team.owner)
        assert "Give the topics" in content(empty)
        saved = await bot.slash("settings", "topics", options={"topics": "Rust, databases, rust"}, user=team.owner)
        assert content(saved) == "Topics set: Rust, databases."
        assert (await stored(bot_world, bot)).topics == ["Rust", "databases"]
        cleared = await bot.slash("settings", "topics", options={"clear": True}, user=team.owner)
        assert content(cleared) == "Topics cleared."
        assert (await stored(bot_world, bot)).topics == []


async def test_rest_days_and_list_add_cap_are_settable_within_bounds(bot_world: BotWorld) -> None:
    team = bot_world.team
    async with bot_world.running_bot() as bot:
        saved = await bot.slash("settings", "set", options={"rest_days": 30, "daily_list_add_cap": 5}, user=team.owner)
        assert "Rest days: **30**" in content(saved) and "Daily List add cap: **5**" in content(saved)
        # A crafted request past Discord's client-side Range: refused, nothing changed.
        for options in ({"daily_list_add_cap": -1}, {"rest_days": 0}, {"approvals_needed": 11}):
            refused = await bot.slash("settings", "set", options=options, user=team.owner)
            assert "must be between" in content(refused), options
            assert refused.errors == []
        after = await stored(bot_world, bot)
        assert (after.suggestion_cooldown_days, after.daily_list_add_cap, after.approvals_needed) == (30, 5, 1)


async def test_topics_have_one_command(bot_world: BotWorld) -> None:
    """Issue 10: `/settings topics` and `/settings set topics:` were two ways (with two input rules) to set one
    thing; only `/settings topics` remains, and the README and the in-Discord help point there alone."""
    async with bot_world.running_bot() as bot:
        commands = {command.qualified_name: command for command in circlebot(bot).tree.walk_commands()}
        with_topics = sorted(
            name
            for name, command in commands.items()
            if any(parameter.name == "topics" for parameter in getattr(command, "parameters", []))
        )
        assert with_topics == ["settings topics"]
        shown = await bot.slash("settings", "topics", user=bot_world.team.owner)
        assert "`/settings topics topics:`" in content(shown)


def test_readme_sets_topics_one_way() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "/settings set topics" not in readme
    assert "`topics:" not in readme.replace("/settings topics [topics:]", "")
