"""Reactions that can't decide are taken back with a word of why (once); look-alike check marks decide."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import pytest

from tests.discord_bot.conftest import circlebot, digest_now
from tests.discord_bot.test_end_to_end import FOLLOWS, entry_messages, set_up_team

if TYPE_CHECKING:
    from tests.discord_bot.conftest import BotWorld


async def test_a_refused_reaction_is_removed_and_the_member_told_why_once(bot_world: BotWorld) -> None:
    team, fake, sandbox = bot_world.team, bot_world.fake, bot_world.sandbox
    stranger_id = int(team.stranger["user"]["id"])
    async with bot_world.running_bot() as bot:
        cog = circlebot(bot).get_cog("ApprovalsCog")
        assert cog is not None and type(cog).__name__ == "ApprovalsCog"  # loaded as an extension: its own module
        cog.refusal_seconds = 0.2  # type: ignore[attr-defined]
        await set_up_team(bot, bot_world)
        await digest_now(bot, team.owner)
        entries = entry_messages(bot_world)
        sent_before = len(fake.requests_to("POST", "/channels/{cid}/messages"))
        await bot.react(int(entries[0]["id"]), "✅", user=team.stranger)
        await bot.react(int(entries[1]["id"]), "❌", user=team.stranger)  # the same reason: not told twice
        await bot.settle()
        notes = fake.requests_to("POST", "/channels/{cid}/messages")[sent_before:]
        assert len(notes) == 1, [note.json for note in notes]
        note = notes[0].json
        assert f"<@{stranger_id}>" in note["content"] and "approver role" in note["content"]
        assert note["allowed_mentions"]["parse"] == ["users"] and note["content"].count("<@") == 1
        assert not any(user == stranger_id for _, user in fake.reactions_on(int(entries[0]["id"])))
        await asyncio.sleep(0.5)
        assert not any("approver role" in m["content"] for m in fake.messages_in(team.channel_id)), "short-lived"
    assert sandbox.requests_to(FOLLOWS) == []


async def test_a_member_is_told_once_per_reason_across_a_restart(bot_world: BotWorld) -> None:
    """Issue 10: "once" held only until a restart, after which every member was told again."""
    team, fake = bot_world.team, bot_world.fake
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await digest_now(bot, team.owner)
        entries = entry_messages(bot_world)
        await bot.react(int(entries[0]["id"]), "✅", user=team.stranger)
        await bot.settle()
    sent_before = len(fake.requests_to("POST", "/channels/{cid}/messages"))
    async with bot_world.running_bot() as bot:
        await bot.react(int(entries[1]["id"]), "✅", user=team.stranger)
        await bot.settle()
        assert not any(user == int(team.stranger["user"]["id"]) for _, user in fake.reactions_on(int(entries[1]["id"])))
    notes = fake.requests_to("POST", "/channels/{cid}/messages")[sent_before:]
    assert [note.json for note in notes] == [], "told before the restart: not told again"


async def test_a_note_still_waiting_when_the_bot_stops_is_deleted_then(bot_world: BotWorld) -> None:
    """The note's timer fired after discord.py had closed its HTTP session ("Session is closed", a task exception
    never retrieved), and the note stayed under the entry for good."""
    team, fake = bot_world.team, bot_world.fake
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await digest_now(bot, team.owner)
        entries = entry_messages(bot_world)
        await bot.react(int(entries[0]["id"]), "✅", user=team.stranger)
        await bot.settle()
        assert any("approver role" in m["content"] for m in fake.messages_in(team.channel_id)), "told"
    assert not any("approver role" in m["content"] for m in fake.messages_in(team.channel_id)), "gone on stop"


@pytest.mark.parametrize("look_alike", ["✔️", "☑️"])
async def test_look_alike_check_marks_count_as_follow(bot_world: BotWorld, look_alike: str) -> None:
    team, sandbox = bot_world.team, bot_world.sandbox
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await digest_now(bot, team.owner)
        await bot.react(int(entry_messages(bot_world)[0]["id"]), look_alike, user=team.approver)
        await bot.settle()
    assert len(sandbox.requests_to(FOLLOWS)) == 1
