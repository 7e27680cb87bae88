"""The issue's hostile inputs through real discord.py: clear refusals, nothing half-done, replies that fit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.replies import MESSAGE_LIMIT
from tests.discord_bot.conftest import digest_now
from tests.discord_bot.test_end_to_end import content, entry_messages, seed_handles, set_up_team

if TYPE_CHECKING:
    from tests.discord_bot.conftest import BotWorld


async def test_seed_add_with_many_unknown_handles_fits_and_says_what_was_saved(bot_world: BotWorld) -> None:
    team = bot_world.team
    async with bot_world.running_bot() as bot:
        handles = seed_handles(bot_world) + " " + " ".join(f"@nobody_{n:03d}" for n in range(96))
        added = await bot.slash("seed", "add", options={"handles": handles}, user=team.owner)
        text = content(added)
        assert len(text) <= MESSAGE_LIMIT and added.errors == []
        assert text.startswith("Added 4 seeds:") and "more not added" in text
        invalid = await bot.slash(
            "seed", "add", options={"handles": " ".join(f"no!{n}" + "x" * 30 for n in range(100))}, user=team.owner
        )
        assert len(content(invalid)) <= MESSAGE_LIMIT and "is not an X handle" in content(invalid)


async def test_seed_add_accepts_the_forms_people_paste(bot_world: BotWorld) -> None:
    team, world = bot_world.team, bot_world.sandbox.world
    first, second, third, _ = (world.users[seed_id].username for seed_id in world.seed_ids)
    async with bot_world.running_bot() as bot:
        pasted = f"https://fxtwitter.com/{first} ＠{second} @{third}."
        added = await bot.slash("seed", "add", options={"handles": pasted}, user=team.owner)
        assert content(added).startswith("Added 3 seeds:"), content(added)


async def test_seed_add_accepts_handles_pasted_from_cjk_text_and_with_decorations(bot_world: BotWorld) -> None:
    """CJK brackets and marks NFKC leaves alone, 。 typed for the dot of x.com, a possessive, emoji pasted along."""
    team, world = bot_world.team, bot_world.sandbox.world
    first, second, third, fourth = (world.users[seed_id].username for seed_id in world.seed_ids)
    async with bot_world.running_bot() as bot:
        pasted = f"「@{first}」、x。com/{second}。 @{third}'s 🎉 <https://mobile.x.com/{fourth}?s=20>"
        added = await bot.slash("seed", "add", options={"handles": pasted}, user=team.owner)
        assert content(added).startswith("Added 4 seeds:") and "Not added" not in content(added), content(added)


async def test_digest_preview_says_how_many_entries_did_not_fit(bot_world: BotWorld) -> None:
    team = bot_world.team
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await digest_now(bot, team.owner)
        entries = len(entry_messages(bot_world))
        preview = await bot.slash("digest", "preview", user=team.owner)
        shown = len(preview.followups[-1]["embeds"]) - 1  # the header
        assert shown < entries, "Discord's 6,000 characters hold fewer entries than a digest has"
        assert f"…and {entries - shown} more in the posted digest" in preview.followups[-1]["content"]


async def test_a_fractional_report_hour_is_a_clear_refusal(bot_world: BotWorld) -> None:
    """Found by bench.bad_input: a crafted integer option of 0.0001 passed the report's bounds and broke scheduling
    ("Something went wrong"); Discord's integer type is its clients' check, so the bot checks it too."""
    from bot.models import RelationshipState
    from tests.discord_bot.conftest import circlebot

    team = bot_world.team
    async with bot_world.running_bot() as bot:
        for options in ({"hour": 0.0001}, {"quiet_weeks": 1.5}):
            refused = await bot.slash("settings", "report", options=options, user=team.owner)
            assert "must be a whole number" in content(refused) and refused.errors == [], options
        async with circlebot(bot).db.session() as session:
            state = await session.get(RelationshipState, team.guild_id)
        default = RelationshipState(guild_id=team.guild_id)
        assert state is None or (state.report_hour, state.quiet_weeks) == (default.report_hour, default.quiet_weeks)


async def test_the_bench_throws_hostile_input_at_every_command_and_option(bot_world: BotWorld) -> None:
    """bench.bad_input skipped the top-level commands (/person, /people, /export) and channel options: its corpus
    is built from the command tree, so a command or option added later is covered without editing the bench."""
    from discord import app_commands

    from bench.bad_input import _cases, _path
    from tests.discord_bot.conftest import circlebot

    async with bot_world.running_bot() as bot:
        tree = circlebot(bot).tree
        commands = [c for c in tree.walk_commands() if not isinstance(c, app_commands.Group)]
        cases = _cases(circlebot(bot), "Rust", [1, 2])
    paths = {path for path, _, _ in cases}
    assert paths == {_path(command) for command in commands}
    assert {("person", None, None), ("people", None, None), ("export", None, None)} <= paths
    assert ("settings", "team_account", None) in paths and ("settings", "topics", None) in paths
    assert all(any(dm for path, _, dm in cases if path == _path(command)) for command in commands), "one DM each"
    for command in commands:
        tried = {name for path, options, dm in cases if path == _path(command) and not dm for name in options}
        typed = {p.name for p in command.parameters if p.type.name != "role"}
        assert typed <= tried, (command.qualified_name, typed - tried)


async def test_a_boolean_option_that_is_not_a_boolean_is_a_clear_refusal(bot_world: BotWorld) -> None:
    """Found by bench.bad_input: discord.py passes a boolean option on as sent, and "yes" reached a boolean column
    ("Something went wrong")."""
    from bot.models import RelationshipState
    from tests.discord_bot.conftest import circlebot

    team = bot_world.team
    async with bot_world.running_bot() as bot:
        for value in ("yes", 2):
            refused = await bot.slash("seed", "learn", options={"enabled": value}, user=team.owner)
            assert "Enabled must be true or false" in content(refused) and refused.errors == [], content(refused)
            cleared = await bot.slash("settings", "topics", options={"clear": value}, user=team.owner)
            assert "Clear must be true or false" in content(cleared) and cleared.errors == [], content(cleared)
        async with circlebot(bot).db.session() as session:
            state = await session.get(RelationshipState, team.guild_id)
        assert state is None or state.seed_learning is False
