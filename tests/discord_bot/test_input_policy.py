"""The one input policy (bot/inputs.py) at the commands that skipped it: /people's filters, /person's note, and
List names with letters outside ASCII — through real discord.py against the fake Discord, on both databases."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlmodel import select

from bot.models import Account, PersonNote, Suggestion, XList, utcnow
from bot.replies import plain
from bot.sandbox.world import SandboxList
from tests.discord_bot.conftest import circlebot, on_both_databases
from tests.discord_bot.test_end_to_end import content, seed_handles

if TYPE_CHECKING:
    from bot.sandbox.fakediscord import DiscordHarness, SlashResult
    from tests.discord_bot.conftest import BotWorld


def answer(result: SlashResult) -> str:
    """The text of an answer, or its embed's title when the answer is a card."""
    assert result.response is not None and result.response.data, "answered"
    embeds = result.response.data.get("embeds") or []
    return str(embeds[0]["title"]) if embeds else content(result)


async def suggested(bot: DiscordHarness, guild_id: int, handle: str = "ann_b") -> None:
    """Someone Circlebot suggested to the team (what /person needs to show a card)."""
    async with circlebot(bot).db.session() as session, session.begin():
        session.add(Account(id="4242", handle=handle))
        session.add(Suggestion(guild_id=guild_id, digest_day=utcnow().date(), account_id="4242", position=0, score=1))


async def notes(bot: DiscordHarness) -> list[str]:
    async with circlebot(bot).db.session() as session:
        return list((await session.exec(select(PersonNote.text))).all())


@on_both_databases
async def test_person_note_goes_through_the_input_policy(bot_world: BotWorld) -> None:
    team = bot_world.team
    async with bot_world.running_bot() as bot:
        await suggested(bot, team.guild_id)
        for note, says in (
            ("\u200b\u200b\u200b", "can't be empty"),
            ("\u200b\u2060\ufeff", "can't be empty"),
            ("ask \ud800 about", "U+D800"),
            ("ask\x00 about", "U+0000"),
        ):
            refused = await bot.slash("person", options={"handle": "@ann_b", "note": note}, user=team.stranger)
            assert says in content(refused) and refused.errors == [], (note, content(refused))
        assert await notes(bot) == [], "nothing refused was kept"
        kept = await bot.slash(
            "person",
            options={"handle": "「＠ａｎｎ＿ｂ」", "note": "ask\u200b about  the\u202e CLI"},
            user=team.stranger,
        )
        assert content(kept) == "Note saved." and kept.errors == []
        assert await notes(bot) == ["ask about the CLI"]


@on_both_databases
async def test_people_filters_go_through_the_input_policy(bot_world: BotWorld) -> None:
    team, world = bot_world.team, bot_world.sandbox.world
    first = world.users[world.seed_ids[0]].username
    async with bot_world.running_bot() as bot:
        await bot.slash("seed", "add", options={"handles": seed_handles(bot_world)}, user=team.owner)
        created = await bot.slash(
            "list", "create", options={"name": "Straße Köln", "kind": "city", "keywords": "Köln"}, user=team.owner
        )
        assert "Created the private X List" in content(created), content(created)
        # A seed as people paste it (full width, a link) and a List as typed in capitals find the stored names.
        wide = "".join(chr(ord(char) + 0xFEE0) if char.isascii() and char.isalnum() else char for char in first)
        for seed in (f"＠{wide}", f"https://x.com/{first.upper()}?s=20"):
            found = await bot.slash("people", options={"seed": seed}, user=team.stranger)
            escaped = first.replace("_", "\\_")
            assert answer(found) == f"Everyone · via @{escaped}", answer(found)
        by_list = await bot.slash("people", options={"list": "STRASSE KÖLN"}, user=team.stranger)
        assert answer(by_list) == "Everyone · Straße Köln", answer(by_list)
        for options, says in (
            ({"seed": "\x00"}, "What you typed is not an X handle"),
            ({"seed": "\u200b\u200b"}, "is not an X handle"),
            ({"seed": "@nobody_here"}, "is not one of your seeds"),
            ({"list": "Rust\x00Berlin"}, "U+0000"),
            ({"list": "\u200b\u200b\u200b"}, "can't be empty"),
            ({"list": "k" * 10_000}, "at most 25"),
            ({"list": "Nowhere"}, "There is no List called"),
            ({"stage": "planet"}, "is not a value this option takes"),
            ({"page": 0}, "between 1 and 1000"),
            ({"page": 1.5}, "whole number"),
        ):
            refused = await bot.slash("people", options=options, user=team.stranger)
            assert says in content(refused) and refused.errors == [], (options, content(refused))


@on_both_databases
async def test_list_names_outside_ascii_are_found_and_compared_with_casefold(bot_world: BotWorld) -> None:
    """SQL lower() folds only ASCII on SQLite: "ÉCOLE" was another List there and the same on PostgreSQL."""
    team, world = bot_world.team, bot_world.sandbox.world
    someone = world.users[world.seed_ids[0]].username
    async with bot_world.running_bot() as bot:
        for name in ("École", "Straße Köln"):
            created = await bot.slash(
                "list", "create", options={"name": name, "kind": "niche", "keywords": "rust"}, user=team.owner
            )
            assert "Created the private X List" in content(created), content(created)
        for twin in ("ÉCOLE", "école", "STRASSE KÖLN", "straße köln"):
            again = await bot.slash(
                "list", "create", options={"name": twin, "kind": "niche", "keywords": "rust"}, user=team.owner
            )
            assert "You already have a List called" in content(again), (twin, content(again))
        members = await bot.slash("list", "members", options={"list": "ÉCOLE"}, user=team.stranger)
        assert content(members).startswith("**École**: 0 members"), content(members)
        added = await bot.slash(
            "list", "add", options={"handle": f"@{someone}", "list": "strasse köln"}, user=team.owner
        )
        escaped = someone.replace("_", "\\_")
        assert content(added) == f"@{escaped} will be added to **Straße Köln** shortly.", content(added)
        async with circlebot(bot).db.session() as session:
            names = sorted((await session.exec(select(XList.name))).all())
        assert names == ["Straße Köln", "École"]


@pytest.mark.parametrize("bot_world", ["sqlite"], indirect=True)
async def test_list_import_cleans_names_as_list_create_does(bot_world: BotWorld) -> None:
    team, world = bot_world.team, bot_world.sandbox.world
    world.lists["1800000000000000003"] = SandboxList(
        id="1800000000000000003", owner_id=world.me_id, name="Rust\u200b  Berlin\u202e", member_ids=[]
    )
    async with bot_world.running_bot() as bot:
        imported = await bot.slash("list", "import", user=team.owner)
        assert "Imported 1 List: Rust Berlin." in content(imported), content(imported)
        members = await bot.slash("list", "members", options={"list": "rust berlin"}, user=team.stranger)
        assert content(members).startswith("**Rust Berlin**: 0 members"), content(members)


@on_both_databases
async def test_a_refusal_naming_what_was_typed_is_not_read_as_markdown(bot_world: BotWorld) -> None:
    """A domain error's message is plain words: "Rust_Berlin_Devs" showed as "Rust" + italic "Berlin" + "Devs",
    while the command names it quotes in `inline code` stay as they are."""
    team = bot_world.team
    async with bot_world.running_bot() as bot:
        refused = await bot.slash("people", options={"list": "No_such_List"}, user=team.stranger)
        assert "There is no List called “No\\_such\\_List”" in content(refused), content(refused)
        assert refused.errors == []
    assert plain("set `/settings team_account` or X_ACCESS_TOKEN *now*") == (
        "set `/settings team_account` or X\\_ACCESS\\_TOKEN \\*now\\*"
    )
