"""Issue 9 through the real bot: a digest interrupted between Discord's answer and our record is resumed without
posting anything twice (real discord.py against the fake Discord, real tweepy against the sandbox)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from sqlmodel import col, select

from bot import digest as digests
from bot import outbox
from bot.db import Database
from bot.embeds import REACTIONS
from bot.models import DigestPost, Suggestion
from tests.discord_bot.conftest import digest_now
from tests.discord_bot.test_end_to_end import entry_messages, set_up_team

if TYPE_CHECKING:
    from tests.discord_bot.conftest import BotWorld


class Died(Exception):
    """The process stopped here."""


def die_after(monkeypatch: pytest.MonkeyPatch, entries: int) -> None:
    """The publisher dies after Discord created the ``entries``-th entry message, before its id is stored."""
    record = digests.record_entry_message
    calls = {"n": 0}

    async def record_or_die(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == entries:
            raise Died
        await record(*args, **kwargs)

    monkeypatch.setattr(digests, "record_entry_message", record_or_die)


async def mapped_message_ids(bot_world: BotWorld) -> set[int]:
    async with Database(bot_world.database_url) as db, db.session() as session:
        entries = set(
            (await session.exec(select(Suggestion.message_id).where(col(Suggestion.message_id).is_not(None)))).all()
        )
        headers = set((await session.exec(select(DigestPost.header_message_id))).all())
    return {message_id for message_id in entries | headers if message_id is not None}


@pytest.mark.parametrize("restart_after", ["seconds", "an hour"])
async def test_restart_during_digest_posting_posts_each_entry_once(
    bot_world: BotWorld, monkeypatch: pytest.MonkeyPatch, restart_after: str
) -> None:
    """Case 3: stopped after four entry messages and restarted, the digest used to show 12 messages for 10 entries,
    one entry twice, the first copy with no reactions and no entry behind it."""
    team, fake = bot_world.team, bot_world.fake
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        die_after(monkeypatch, entries=4)
        await digest_now(bot, team.owner)
    monkeypatch.undo()
    interrupted = entry_messages(bot_world)
    assert len(interrupted) == 4, "the fourth message went out; its id was never stored"
    if restart_after == "an hour":
        # Discord no longer remembers the nonce: the resume must find the message in the channel's history.
        fake.nonce_window = 0.0
        monkeypatch.setattr(outbox, "NONCE_TRUSTED", timedelta(0))

    async with bot_world.running_bot() as restarted:
        await digest_now(restarted, team.owner)

    messages = fake.messages_in(team.channel_id)
    entries = entry_messages(bot_world)
    urls = [message["embeds"][0]["url"] for message in entries]
    assert len(urls) == len(set(urls)), "no entry posted twice"
    assert len(messages) == len(entries) + 1, "one header, one message per entry"
    assert {int(message["id"]) for message in messages} == await mapped_message_ids(bot_world), "no orphan message"
    for message in entries:
        assert {emoji for emoji, _ in fake.reactions_on(int(message["id"]))} == set(REACTIONS)
    async with Database(bot_world.database_url) as db, db.session() as session:
        post = (await session.exec(select(DigestPost))).one()
    assert post.state == "posted" and post.entries == len(entries)
