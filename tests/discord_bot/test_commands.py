"""Every slash command through real discord.py: answers, refusals, autocomplete, and no side effects where promised."""

from __future__ import annotations

import asyncio
import pkgutil

import cogs
from bot.client import EXTENSIONS
from tests.discord_bot.conftest import APPROVER_ROLE, BotWorld, circlebot
from tests.discord_bot.test_end_to_end import content, seed_handles, set_up_team


async def test_every_cog_is_loaded_and_command_names_are_unique(bot_world: BotWorld) -> None:
    modules = {f"cogs.{m.name}" for m in pkgutil.iter_modules(cogs.__path__) if not m.name.startswith("_")}
    async with bot_world.running_bot() as bot:
        assert set(circlebot(bot).extensions) == modules == set(EXTENSIONS)
        names = [command.qualified_name for command in circlebot(bot).tree.walk_commands()]
        assert len(names) == len(set(names))
        assert {
            "seed add",
            "seed remove",
            "seed list",
            "seed weight",
            "digest channel",
            "digest time",
            "digest size",
            "digest now",
            "digest preview",
            "settings show",
            "settings set",
            "settings budget",
            "settings status",
        } <= set(names)
        for command in circlebot(bot).tree.walk_commands():
            assert command.description and command.description != "…"
            for parameter in getattr(command, "parameters", []):
                assert parameter.description and parameter.description != "…", f"/{command.qualified_name}"


async def test_members_without_rights_are_refused_politely_and_nothing_changes(bot_world: BotWorld) -> None:
    team = bot_world.team
    async with bot_world.running_bot() as bot:
        for command, subcommand, options in [
            ("seed", "add", {"handles": "@someone"}),
            ("settings", "set", {"silence_days": 3}),
            ("digest", "channel", {"channel": team.channel_id}),
            ("digest", "time", {"hour": 7, "timezone": "Europe/Berlin"}),
            ("digest", "now", {}),
        ]:
            result = await bot.slash(command, subcommand, options=options, user=team.stranger)
            assert "Only members with Manage Server" in content(result), (command, subcommand)
            assert result.errors == []
        assert circlebot(bot).scheduler.get_job(f"digest-now:{team.guild_id}") is None, "no digest was scheduled"
        shown = await bot.slash("settings", "show", user=team.stranger)
        assert "Silence days: **14**" in content(shown) and "not set" in content(shown)
        assert bot_world.sandbox.requests == [], "a refused /seed add asks X nothing"


async def test_settings_set_show_and_bounds(bot_world: BotWorld) -> None:
    team = bot_world.team
    async with bot_world.running_bot() as bot:
        saved = await bot.slash(
            "settings",
            "set",
            options={"silence_days": 21, "min_reply_share": 0.3, "daily_follow_cap": 5},
            user=team.owner,
        )
        assert "Saved" in content(saved) and "Silence days: **21**" in content(saved)
        assert "Minimum reply share: **30%**" in content(saved)
        nothing = await bot.slash("settings", "set", user=team.owner)
        assert "Nothing to change" in content(nothing)
        role = await bot.slash("settings", "set", options={"approver_role": APPROVER_ROLE}, user=team.owner)
        assert f"<@&{APPROVER_ROLE}>" in content(role)
        # The approver role may now change settings too.
        by_role = await bot.slash("settings", "set", options={"approvals_needed": 2}, user=team.approver)
        assert "Approvals needed: **2**" in content(by_role)
        # The team's topics and language (issue 12) are set from Discord too; a bad code changes nothing. Topics
        # have one command of their own (issue 10: one clear way), not a second option on /settings set.
        await bot.slash("settings", "topics", options={"topics": "rust, local-first apps"}, user=team.owner)
        voice = await bot.slash("settings", "set", options={"language": "de-AT"}, user=team.owner)
        assert "Topics: rust, local-first apps" in content(voice) and "Language: German (de)" in content(voice)
        bad = await bot.slash("settings", "set", options={"language": "xx"}, user=team.owner)
        assert "Unknown language code “xx”" in content(bad)
        shown = await bot.slash("settings", "show", user=team.owner)
        assert "Topics: rust, local-first apps" in content(shown) and "Language: German (de)" in content(shown)


async def test_seed_commands_and_autocomplete(bot_world: BotWorld) -> None:
    team, world = bot_world.team, bot_world.sandbox.world
    first = world.users[world.seed_ids[0]].username
    async with bot_world.running_bot() as bot:
        added = await bot.slash(
            "seed", "add", options={"handles": seed_handles(bot_world) + " not/a/handle"}, user=team.owner
        )
        assert "Added 4 seeds" in content(added) and "is not an X handle" in content(added)
        listed = await bot.slash("seed", "list", user=team.stranger)
        assert "4 seeds" in content(listed)
        choices = await bot.autocomplete("seed", "remove", focused="handle", options={"handle": first[:3]})
        assert first in [choice["value"] for choice in choices]
        weighed = await bot.slash("seed", "weight", options={"handle": first, "weight": 2.5}, user=team.owner)
        assert "now weighs 2.5" in content(weighed)
        removed = await bot.slash("seed", "remove", options={"handle": f"@{first}"}, user=team.owner)
        assert "no longer a seed" in content(removed)
        again = await bot.slash("seed", "remove", options={"handle": first}, user=team.owner)
        assert "is not one of your seeds" in content(again)


async def test_digest_time_size_preview_and_timezone_autocomplete(bot_world: BotWorld) -> None:
    team, fake = bot_world.team, bot_world.fake
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        zones = await bot.autocomplete("digest", "time", focused="timezone", options={"hour": 8, "timezone": "berl"})
        assert [zone["value"] for zone in zones] == ["Europe/Berlin"]
        bad = await bot.slash("digest", "time", options={"hour": 8, "timezone": "Mars/Olympus"}, user=team.owner)
        assert "not a time zone I know" in content(bad)
        good = await bot.slash("digest", "time", options={"hour": 8, "timezone": "Europe/Berlin"}, user=team.owner)
        assert "08:00 Europe/Berlin" in content(good)
        job = circlebot(bot).scheduler.get_job(f"digest:{team.guild_id}")
        assert job is not None and str(job.trigger.timezone) == "Europe/Berlin"
        sized = await bot.slash("digest", "size", options={"accounts": 3}, user=team.owner)
        assert "up to 3 accounts" in content(sized)

        before = len(fake.messages_in(team.channel_id))
        preview = await bot.slash("digest", "preview", user=team.stranger)
        assert preview.followups and preview.followups[-1]["flags"] == 64, "ephemeral"
        assert len(fake.messages_in(team.channel_id)) == before, "a preview posts nothing"
        budget = await bot.slash("settings", "budget", user=team.stranger)
        assert "X spend today" in content(budget) and "daily cap" in content(budget)


async def test_every_interaction_is_acknowledged_while_a_crawl_runs(bot_world: BotWorld) -> None:
    from bot import jobs

    team = bot_world.team
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        crawl = asyncio.create_task(jobs.discovery_job(team.guild_id))
        acks = []
        for _ in range(5):
            for command, subcommand in [("seed", "list"), ("settings", "show"), ("settings", "budget")]:
                bot.dispatch("INTERACTION_CREATE", bot.build_slash(command, subcommand, user=team.owner))
                await asyncio.sleep(0)
            result = await bot.slash("settings", "status", user=team.owner)
            acks.append(result.ack_ms)
        await crawl
        await bot.settle()
        assert all(ack is not None and ack < 1000 for ack in acks), acks
        responses = [response for answers in bot_world.fake.interaction_responses.values() for response in answers]
        assert len(bot_world.fake.interaction_responses) >= 4 * 5 + 3
        assert all(response.type in {4, 5} for response in responses)
