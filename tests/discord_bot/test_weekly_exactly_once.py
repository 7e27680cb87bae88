"""Issue 9 and 13: the weekly report goes out exactly once per week even when the bot stops in the middle of
sending it (real discord.py against the fake Discord, real tweepy against the sandbox, SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import discord
import pytest
from sqlmodel import select

from bot import outbox
from bot.db import Database
from bot.models import SentMessage, WeeklyReport
from bot.relationships.weekly import tracking_job, weekly_report_job
from tests.discord_bot.conftest import on_both_databases
from tests.discord_bot.test_end_to_end import set_up_team

if TYPE_CHECKING:
    from tests.discord_bot.conftest import BotWorld

pytestmark = on_both_databases


class Stopped(BaseException):
    """The bot stopped here (not an error the job could catch and record as a failed send)."""


def reports_in(bot_world: BotWorld) -> list[dict[str, Any]]:
    return [
        message
        for message in bot_world.fake.messages_in(bot_world.team.channel_id)
        if message["content"].startswith("**What came of it")
    ]


def stop_after_discord_created_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Discord created the report message; the bot stopped before recording its id."""
    record = outbox.record

    async def record_or_stop(*args: Any, key: str, **kwargs: Any) -> None:
        if key.startswith("weekly-report:"):
            raise Stopped
        await record(*args, key=key, **kwargs)

    monkeypatch.setattr(outbox, "record", record_or_stop)


def stop_while_sending(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bot stopped while the request was on its way: the claim is stored, Discord never got the message."""

    async def send(*args: Any, **kwargs: Any) -> None:
        raise Stopped

    monkeypatch.setattr(discord.PartialMessageable, "send", send, raising=False)


@pytest.mark.parametrize(
    ("stop", "restart_after"),
    [
        (stop_after_discord_created_it, "seconds"),
        (stop_after_discord_created_it, "an hour"),
        (stop_while_sending, "seconds"),
    ],
)
async def test_a_report_stopped_mid_send_is_resumed_and_posted_once(
    bot_world: BotWorld, monkeypatch: pytest.MonkeyPatch, stop: Any, restart_after: str
) -> None:
    """The report used to stay `posting` forever after a stop mid-send (never resumed), or could be posted twice."""
    team, fake = bot_world.team, bot_world.fake
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await bot.slash("digest", "now", user=team.owner)
        stop(monkeypatch)
        with pytest.raises(Stopped):
            await weekly_report_job(team.guild_id)
    monkeypatch.undo()
    sent_before_restart = len(reports_in(bot_world))
    assert sent_before_restart == (1 if stop is stop_after_discord_created_it else 0)
    async with Database(bot_world.database_url) as db, db.session() as session:
        row = (await session.exec(select(WeeklyReport))).one()
        assert row.state == "posting" and row.message_id is None, "the stop left the week claimed, unrecorded"
    if restart_after == "an hour":
        # Discord no longer remembers the nonce: the resume must find the message in the channel's history.
        fake.nonce_window = 0.0
        monkeypatch.setattr(outbox, "NONCE_TRUSTED", timedelta(0))

    async with bot_world.running_bot() as bot:
        await tracking_job(team.guild_id)  # the next tracking run resumes the interrupted week
        await weekly_report_job(team.guild_id)  # and the trigger firing again finds it posted
        await tracking_job(team.guild_id)
        assert not bot.logged_errors

    reports = reports_in(bot_world)
    assert len(reports) == 1, "posted exactly once"
    assert [a["filename"] for a in reports[0]["attachments"]] == ["weekly-report.png"]
    async with Database(bot_world.database_url) as db, db.session() as session:
        row = (await session.exec(select(WeeklyReport))).one()
        claim = (await session.exec(select(SentMessage).where(SentMessage.key.startswith("weekly-report:")))).one()  # type: ignore[union-attr]
    assert row.state == "posted" and row.message_id == int(reports[0]["id"]), "the message found is recorded"
    assert claim.message_id == row.message_id
