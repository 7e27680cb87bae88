"""Markdown is escaped once, where text goes into markdown: handles, List names and topics in replies (Discord
would turn "Rust_Berlin" into italics, and escaping twice shows the backslashes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import select

from bot.models import Action, ActionKind, ActionState, GuildSettings, XList
from tests.discord_bot.conftest import circlebot, on_both_databases
from tests.discord_bot.test_end_to_end import content, seed_handles

if TYPE_CHECKING:
    from tests.discord_bot.conftest import BotWorld


@on_both_databases
async def test_settings_status_escapes_handles_and_list_names_once(bot_world: BotWorld) -> None:
    team = bot_world.team
    async with bot_world.running_bot() as bot:
        created = await bot.slash(
            "list", "create", options={"name": "Rust_Berlin", "kind": "niche", "keywords": "rust"}, user=team.owner
        )
        assert "Created the private X List **Rust\\_Berlin**" in content(created), content(created)
        watched = await bot.slash(
            "list", "watch", options={"list": "Rust_Berlin", "channel": team.channel_id}, user=team.owner
        )
        assert "Watching **Rust\\_Berlin**" in content(watched), content(watched)
        async with circlebot(bot).db.session() as session, session.begin():
            row = (await session.exec(select(XList).where(XList.name == "Rust_Berlin"))).one()
            row.watch_error = "its channel is gone"
            session.add(row)
            session.add(
                Action(
                    guild_id=team.guild_id,
                    account_id="4242",
                    handle="ann_b",
                    kind=ActionKind.FOLLOW,
                    state=ActionState.UNKNOWN,
                    result="answer_lost",
                )
            )
        status = content(await bot.slash("settings", "status", user=team.owner))
        assert "· Watching the List Rust\\_Berlin: next" in status, status
        assert "⚠ List Rust\\_Berlin: its channel is gone" in status, status
        assert "The follow of @ann\\_b may not have happened (answer\\_lost)" in status, status
        assert "\\\\" not in status, "nothing escaped twice"


@on_both_databases
async def test_topics_seed_replies_and_language_codes(bot_world: BotWorld) -> None:
    team, world = bot_world.team, bot_world.sandbox.world
    first = world.users[world.seed_ids[0]].username
    escaped = first.replace("_", "\\_")
    assert escaped != first, "the sandbox's first seed has an underscore to escape"
    async with bot_world.running_bot() as bot:
        await bot.slash("seed", "add", options={"handles": seed_handles(bot_world)}, user=team.owner)
        weighed = await bot.slash("seed", "weight", options={"handle": first, "weight": 2}, user=team.owner)
        assert content(weighed) == f"@{escaped} now weighs 2.", content(weighed)
        removed = await bot.slash("seed", "remove", options={"handle": first}, user=team.owner)
        assert content(removed) == f"@{escaped} is no longer a seed.", content(removed)

        await bot.slash("settings", "topics", options={"topics": "rust_lang, open source"}, user=team.owner)
        shown = content(await bot.slash("settings", "show", user=team.owner))
        assert "Topics: rust\\_lang, open source" in shown, shown

        language = await bot.slash("settings", "set", options={"language": "ｄｅ"}, user=team.owner)
        assert "Language: German (de)" in content(language), content(language)
        async with circlebot(bot).db.session() as session:
            settings = await session.get(GuildSettings, team.guild_id)
        assert settings is not None and settings.language == "de"
