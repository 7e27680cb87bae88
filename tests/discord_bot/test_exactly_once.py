"""Issue 9 through the real bot: a digest interrupted between Discord's answer and our record is resumed without
posting anything twice (real discord.py against the fake Discord, real tweepy against the sandbox)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from sqlmodel import col, select

from bot import digest as digests
from bot import jobs, outbox
from bot.db import Database
from bot.embeds import REACTIONS
from bot.models import (
    Action,
    ActionKind,
    ActionState,
    Approval,
    DigestPost,
    GuildAccount,
    Lease,
    Suggestion,
    utcnow,
)
from bot.networks.x import XNetwork
from bot.sandbox.fakediscord import payloads
from bot.sandbox.server import Faults
from tests.discord_bot.conftest import circlebot, digest_now, on_both_databases, run_one_off_jobs
from tests.discord_bot.test_end_to_end import content, entry_messages, set_up_team

if TYPE_CHECKING:
    from bot.sandbox.fakediscord import DiscordHarness
    from tests.discord_bot.conftest import BotWorld


# Issue 9's cases hold on both databases: every test here runs on SQLite and on PostgreSQL (TEST_DATABASE_URL).
pytestmark = on_both_databases


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


async def leave_lease(bot_world: BotWorld, *, expires_in: timedelta) -> str:
    """What a publisher that crashed mid-post leaves behind: its lease on the day, held by a process that is gone
    (expired after ``expires_in``; negative for already). Returns the lease's name."""
    async with Database(bot_world.database_url) as db:
        async with db.session() as session:
            post = (await session.exec(select(DigestPost))).one()
        assert post.state == "posting", "the crash left the day being posted"
        name = digests.day_lease_name(post.guild_id, post.digest_day)
        async with db.session() as session, session.begin():
            session.add(Lease(name=name, holder="gone-host:4242:crashed", expires_at=utcnow() + expires_in))
    return name


async def test_a_crashed_publishers_day_is_taken_over_once_its_lease_expires_and_resumed_once(
    bot_world: BotWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A publisher crashed after its fourth entry (its message sent, its id not stored) and left its lease on the
    day. While that lease stands no other publisher posts the day; once it expired, the next one takes the day over
    and resumes: every entry once, the unrecorded one found by its nonce, no orphan message."""
    team, fake = bot_world.team, bot_world.fake
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        die_after(monkeypatch, entries=4)
        await digest_now(bot, team.owner)
    monkeypatch.undo()
    assert len(entry_messages(bot_world)) == 4
    name = await leave_lease(bot_world, expires_in=timedelta(minutes=1))

    monkeypatch.setattr(digests, "DAY_LEASE_WAIT", timedelta(seconds=0.3))
    async with bot_world.running_bot() as restarted:
        await digest_now(restarted, team.owner)  # the crashed publisher's lease still stands
        assert len(entry_messages(bot_world)) == 4, "nothing posted while another holds the day"
        async with circlebot(restarted).db.session() as session, session.begin():
            lease = await session.get(Lease, name)
            assert lease is not None and lease.holder == "gone-host:4242:crashed", "its lease was not taken"
            lease.expires_at = utcnow() - timedelta(seconds=1)  # the minute passed without a heartbeat
            session.add(lease)
        await digest_now(restarted, team.owner)

    entries = entry_messages(bot_world)
    urls = [message["embeds"][0]["url"] for message in entries]
    assert len(urls) == len(set(urls)) and len(urls) > 4, "the day was completed, no entry twice"
    assert len(fake.messages_in(team.channel_id)) == len(entries) + 1
    assert {int(m["id"]) for m in fake.messages_in(team.channel_id)} == await mapped_message_ids(bot_world)
    async with Database(bot_world.database_url) as db, db.session() as session:
        post = (await session.exec(select(DigestPost))).one()
        assert await session.get(Lease, name) is None, "the new holder gave the day back when done"
    assert post.state == "posted" and post.entries == len(entries)


async def test_digest_cut_short_by_the_budget_says_so_and_is_completed_the_same_day(bot_world: BotWorld) -> None:
    """Case 4: the budget ran out, an empty digest went out as "Nobody new worth suggesting today", and after the
    cap was raised `/digest now` answered "Today's digest was already posted": the team got nothing that day."""
    team, fake = bot_world.team, bot_world.fake
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await run_one_off_jobs(bot)  # the new seeds' crawl
        network = circlebot(bot).network
        assert isinstance(network, XNetwork)
        governor = network.governor
        governor.daily_cap_micros = await governor.spent_today_micros()  # nothing more may be spent today

        await digest_now(bot, team.owner)
        header = fake.messages_in(team.channel_id)[0]
        fields = {field["name"]: field["value"] for field in header["embeds"][0]["fields"]}
        assert "Today's X budget is used up" in fields["⚠ Partial digest"]
        assert "Nobody new" not in header["embeds"][0]["description"]
        assert entry_messages(bot_world) == []
        async with Database(bot_world.database_url) as db, db.session() as session:
            post = (await session.exec(select(DigestPost))).one()
        assert post.state == "partial" and post.error is not None and "budget" in post.error

        governor.daily_cap_micros = 500_000_000  # a manager raised the cap
        again = await digest_now(bot, team.owner)
        assert "completing it" in content(again)
        entries = entry_messages(bot_world)
        assert entries, "the day is completed"
        urls = [message["embeds"][0]["url"] for message in entries]
        assert len(urls) == len(set(urls))
        completed = fake.messages_in(team.channel_id)[0]
        assert completed["id"] == header["id"], "the same header, updated"
        assert "⚠ Partial digest" not in {field["name"] for field in completed["embeds"][0]["fields"]}
        assert {int(message["id"]) for message in fake.messages_in(team.channel_id)} == await mapped_message_ids(
            bot_world
        )
        async with Database(bot_world.database_url) as db, db.session() as session:
            post = (await session.exec(select(DigestPost))).one()
        assert post.state == "posted" and post.entries == len(entries)

        done = await digest_now(bot, team.owner)
        assert "already posted" in content(done), "a whole day is posted once"


def reaction_at_once(
    bot: DiscordHarness, bot_world: BotWorld, message_id: int, emoji: str, user: Any, *, add: bool
) -> None:
    """Feed one reaction event without waiting for the bot: several of them arrive within the same moment."""
    team = bot_world.team
    user_id = int(user["user"]["id"])
    if add:
        payload = payloads.reaction_add(
            guild_id=team.guild_id,
            channel_id=team.channel_id,
            message_id=message_id,
            user_id=user_id,
            emoji_value=emoji,
            member=user,
            message_author_id=bot_world.fake.bot_user["id"],
        )
        bot_world.fake.record_reaction(message_id, emoji, user_id)
        bot.dispatch("MESSAGE_REACTION_ADD", payload)
    else:
        payload = payloads.reaction_remove(
            guild_id=team.guild_id,
            channel_id=team.channel_id,
            message_id=message_id,
            user_id=user_id,
            emoji_value=emoji,
        )
        bot_world.fake.record_reaction(message_id, emoji, user_id, add=False)
        bot.dispatch("MESSAGE_REACTION_REMOVE", payload)


async def test_approval_withdrawn_within_the_same_moment_follows_nobody(bot_world: BotWorld) -> None:
    """Case 1: ✅ then un-✅ within the same second sent the follow (5 of 5 trials): the removal ran before the
    approval was committed, found nothing and was dropped."""
    team, sandbox = bot_world.team, bot_world.sandbox
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await digest_now(bot, team.owner)
        entries = [int(message["id"]) for message in entry_messages(bot_world)][:5]
        for message_id in entries:
            reaction_at_once(bot, bot_world, message_id, "✅", team.approver, add=True)
            reaction_at_once(bot, bot_world, message_id, "✅", team.approver, add=False)
        await bot.settle()
        await jobs.executor_job()
        await bot.settle()
    assert sandbox.follow_requests == [], "no ✅ stands, so nobody is followed"
    async with Database(bot_world.database_url) as db, db.session() as session:
        assert (await session.exec(select(Action))).all() == []
        assert (await session.exec(select(Approval))).all() == []


async def test_dismissal_and_follow_at_the_same_moment_end_in_one_decision(bot_world: BotWorld) -> None:
    """Case 2: ❌ by one manager and ✅ by another on the same entry at the same moment both ran: the account was
    dismissed and followed."""
    team, sandbox, fake = bot_world.team, bot_world.sandbox, bot_world.fake
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await digest_now(bot, team.owner)
        entries = [int(message["id"]) for message in entry_messages(bot_world)][:4]
        for number, message_id in enumerate(entries):
            first, second = ("❌", "✅") if number % 2 else ("✅", "❌")
            reaction_at_once(bot, bot_world, message_id, first, team.approver, add=True)
            reaction_at_once(bot, bot_world, message_id, second, team.owner, add=True)
        await bot.settle()
        await jobs.executor_job()
        await bot.settle()
    async with Database(bot_world.database_url) as db, db.session() as session:
        actions = (await session.exec(select(Action))).all()
        dismissed = {a.account_id for a in (await session.exec(select(GuildAccount))).all() if a.dismissed_at}
    by_account: dict[str, set[str]] = {}
    for action in actions:
        by_account.setdefault(action.account_id, set()).add(action.kind)
    assert len(by_account) == len(entries)
    for account_id, kinds in by_account.items():
        assert len(kinds) == 1, f"one decision per entry, not {kinds}"
        assert (account_id in dismissed) == (kinds == {ActionKind.DISMISS})
    followed = {target for _, target in sandbox.follow_requests}
    assert followed == {a for a, kinds in by_account.items() if kinds == {ActionKind.FOLLOW}}
    assert not followed & dismissed
    for message_id in entries:
        # The reaction that lost was taken back, so the entry shows the one decision.
        assert len({emoji for emoji, user in fake.reactions_on(message_id) if user != int(fake.bot_user["id"])}) == 1


async def test_stuck_follows_and_a_far_rate_limit_show_in_status(bot_world: BotWorld) -> None:
    """Case 8: a follow interrupted by a crash stayed "sending" while `/settings status` said "Follows queued: 0"
    and no problem; a 429 resetting hours away held the executor (and every team's follows) for two hours."""
    team, sandbox = bot_world.team, bot_world.sandbox
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await digest_now(bot, team.owner)
        first, second = [int(message["id"]) for message in entry_messages(bot_world)][:2]
        async with Database(bot_world.database_url) as db, db.session() as session, session.begin():
            entry = (await session.exec(select(Suggestion).where(Suggestion.message_id == first))).one()
            session.add(
                Action(
                    guild_id=team.guild_id,
                    account_id=entry.account_id,
                    handle="stuckone",
                    kind=ActionKind.FOLLOW,
                    state=ActionState.UNKNOWN,
                    result="interrupted while sending; check on X before retrying",
                )
            )
        sandbox.faults = Faults(rate_limit=1.0, reset_after_seconds=7200)
        started = bot_world.clock.now
        await bot.react(second, "✅", user=team.approver)
        await jobs.executor_job()
        await bot.settle()
        assert bot_world.clock.now - started < 60, "the executor did not wait for the reset"
        status = content(await bot.slash("settings", "status", user=team.owner))
    assert "stuckone" in status and "will not send it again" in status
    assert "Follows queued: 1" in status and "rate limit" in status and "tried again" in status
