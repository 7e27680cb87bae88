"""From /seed add to a follow at X, through the real Discord and X client code."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from sqlmodel import select

from bot.embeds import REACTIONS
from bot.models import DiscoveryRun, utcnow
from tests.discord_bot.conftest import (
    APPROVER_ROLE,
    BotWorld,
    circlebot,
    digest_now,
    on_both_databases,
    run_one_off_jobs,
)

if TYPE_CHECKING:
    import pytest

    from bot.sandbox.fakediscord import DiscordHarness, SlashResult

FOLLOWS = "POST /2/users/:id/following"


def content(result: SlashResult) -> str:
    """What the command answered: its message, or its last follow-up after a deferral."""
    response = result.response
    if response is not None and response.type == 4 and response.data:
        return str(response.data.get("content", ""))
    return str(result.followups[-1]["content"]) if result.followups else ""


def seed_handles(bot_world: BotWorld) -> str:
    world = bot_world.sandbox.world
    return " ".join(f"@{world.users[seed_id].username}" for seed_id in world.seed_ids)


def entry_messages(bot_world: BotWorld) -> list[dict[str, Any]]:
    """The digest's per-account messages (the header has no profile link)."""
    return [
        message
        for message in bot_world.fake.messages_in(bot_world.team.channel_id)
        if message["embeds"] and message["embeds"][0].get("url", "").startswith("https://x.com/")
    ]


async def set_up_team(bot: DiscordHarness, bot_world: BotWorld) -> None:
    team = bot_world.team
    added = await bot.slash("seed", "add", options={"handles": seed_handles(bot_world)}, user=team.owner)
    assert added.response is not None and added.response.type == 5, "deferred at once"
    assert "Added 4 seeds" in added.followups[0]["content"]
    channel = await bot.slash("digest", "channel", options={"channel": team.channel_id}, user=team.owner)
    assert "will be posted in" in content(channel)
    role = await bot.slash("settings", "set", options={"approver_role": APPROVER_ROLE}, user=team.owner)
    assert f"<@&{APPROVER_ROLE}>" in content(role)


async def daily_job_due_today(bot: DiscordHarness, bot_world: BotWorld) -> None:
    """Put the digest hour at this UTC hour, so the daily job run by hand now posts today's digest, the day
    `/digest now` posts: it posts the day its last scheduled run was due, which before the digest hour (09:00 by
    default) is yesterday's. Without this the tests below failed between midnight and 09:00 UTC."""
    result = await bot.slash(
        "digest", "time", options={"hour": utcnow().hour, "timezone": "UTC"}, user=bot_world.team.owner
    )
    assert "UTC" in content(result), content(result)


async def test_seed_to_digest_to_follow_exactly_once(bot_world: BotWorld) -> None:
    team, fake, sandbox = bot_world.team, bot_world.fake, bot_world.sandbox
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        posted = await digest_now(bot, team.owner)
        assert posted.response is not None and posted.response.type == 4, "answered at once, not deferred"
        assert content(posted).startswith("Today's digest is on its way; discovery runs first, about ")

        messages = fake.messages_in(team.channel_id)
        header, entries = messages[0], entry_messages(bot_world)
        assert "Circlebot digest" in header["embeds"][0]["title"]
        assert 0 < len(entries) <= 10 and len(messages) == len(entries) + 1
        for message in entries:
            assert {emoji for emoji, user in fake.reactions_on(int(message["id"]))} == set(REACTIONS)
            fields = {field["name"] for field in message["embeds"][0]["fields"]}
            assert {"Why", "Activity", "Say hello"} <= fields
            # One link button per opener, opening X's composer with the draft (issue 12: one click to act).
            buttons = [button for row in message["components"] for button in row["components"]]
            assert buttons and all(button["style"] == 5 for button in buttons)  # 5: link
            assert "Say hello on X" in {button["label"] for button in buttons}
            assert all(button["url"].startswith("https://x.com/intent/post?text=") for button in buttons)
        sends = fake.requests_to("POST", "/channels/{cid}/messages")
        assert sends and all(request.json["allowed_mentions"] == {"parse": []} for request in sends), "no pings"

        first = int(entries[0]["id"])
        await bot.react(first, "✅", user=team.approver)
        await bot.react(first, "✅", user=team.owner)  # a second approval after the decision changes nothing
        await bot.settle()
        follows = sandbox.requests_to(FOLLOWS)
        assert len(follows) == 1 and len(sandbox.follow_requests) == 1
        edited = fake.edits_of(first)
        decision = next(field for field in edited[-1]["embeds"][0]["fields"] if field["name"] == "Decision")
        assert "followed" in decision["value"] and f"<@{team.approver['user']['id']}>" in decision["value"]


async def test_non_approver_reaction_is_ignored_and_removed(bot_world: BotWorld) -> None:
    team, fake, sandbox = bot_world.team, bot_world.fake, bot_world.sandbox
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await digest_now(bot, team.owner)
        target = int(entry_messages(bot_world)[0]["id"])
        await bot.react(target, "❌", user=team.stranger)
        await bot.react(target, "✅", user=team.stranger)
        await bot.settle()
        stranger_id = int(team.stranger["user"]["id"])
        assert not any(user == stranger_id for _, user in fake.reactions_on(target)), "their reactions were removed"
        assert sandbox.requests_to(FOLLOWS) == []
        assert fake.edits_of(target) == []


async def test_restart_keeps_reactions_working_and_never_posts_a_day_twice(bot_world: BotWorld) -> None:
    team, fake, sandbox = bot_world.team, bot_world.fake, bot_world.sandbox
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await daily_job_due_today(bot, bot_world)
        await digest_now(bot, team.owner)
    posted_before = len(fake.messages_in(team.channel_id))
    entries = entry_messages(bot_world)

    async with bot_world.running_bot() as restarted:  # a new client on the same database
        again = await digest_now(restarted, team.owner)
        assert "already posted" in content(again)
        assert circlebot(restarted).scheduler.get_job(f"digest-now:{team.guild_id}") is None, "nothing scheduled"
        from bot import jobs

        await jobs.digest_job(team.guild_id)  # the scheduled job after the restart: still once
        assert len(fake.messages_in(team.channel_id)) == posted_before

        await restarted.react(int(entries[1]["id"]), "✅", user=team.owner, channel_id=team.channel_id)
        await restarted.settle()
    assert len(sandbox.follow_requests) == 1, "a reaction on a digest from before the restart still counts"


async def test_withdrawn_approval_before_the_quorum_follows_nobody(bot_world: BotWorld) -> None:
    team, fake, sandbox = bot_world.team, bot_world.fake, bot_world.sandbox
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        result = await bot.slash("settings", "set", options={"approvals_needed": 2}, user=team.owner)
        assert "Saved" in content(result)
        await digest_now(bot, team.owner)
        target = int(entry_messages(bot_world)[0]["id"])
        await bot.react(target, "✅", user=team.approver)
        assert "1 approval so far" in str(fake.edits_of(target)[-1]["embeds"][0])
        await bot.unreact(target, "✅", user=team.approver)
        await bot.react(target, "✅", user=team.owner)
        await bot.settle()
        assert sandbox.requests_to(FOLLOWS) == [], "one standing approval of two needed"
        await bot.react(target, "✅", user=team.approver)
        await bot.settle()
        assert len(sandbox.requests_to(FOLLOWS)) == 1


async def test_refused_follow_gives_the_approver_a_follow_link(bot_world: BotWorld) -> None:
    team, fake, sandbox = bot_world.team, bot_world.fake, bot_world.sandbox
    sandbox.config.follow_forbidden = True  # a self-serve X plan
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await digest_now(bot, team.owner)
        target = entry_messages(bot_world)[0]
        await bot.react(int(target["id"]), "✅", user=team.owner)
        await bot.settle()
    handle = target["embeds"][0]["url"].rsplit("/", 1)[1]
    decision = str(fake.edits_of(int(target["id"]))[-1]["embeds"][0])
    assert f"https://x.com/intent/follow?screen_name={handle}" in decision
    assert "follow by hand" in decision


async def test_dismissal_by_reaction_is_recorded_and_shown(bot_world: BotWorld) -> None:
    team, fake = bot_world.team, bot_world.fake
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await digest_now(bot, team.owner)
        target = int(entry_messages(bot_world)[0]["id"])
        await bot.react(target, "❌", user=team.approver)
        decision = next(f for f in fake.edits_of(target)[-1]["embeds"][0]["fields"] if f["name"] == "Decision")
        # A dismissal is said, not approved.
        assert decision["value"].startswith("❌ Not interested (said <@")
        assert "approved" not in decision["value"]


async def test_digest_that_cannot_be_posted_is_reported_in_status(
    bot_world: BotWorld, caplog: pytest.LogCaptureFixture
) -> None:
    team, fake = bot_world.team, bot_world.fake
    caplog.set_level(logging.INFO, logger="bot.jobs")
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        fake.fail_next("POST", "/channels/{cid}/messages", status=403, code=50013, message="Missing Permissions")
        posted = await digest_now(bot, team.owner)
        assert "`/settings status` says why" in content(posted)
        (outcome,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("digest job for guild")]
        assert "could not be posted" in outcome and "permission" in outcome
        assert entry_messages(bot_world) == []
        status = await bot.slash("settings", "status", user=team.owner)
        assert "failed" in content(status) and "permission" in content(status)
        caplog.clear()
        retry = await digest_now(bot, team.owner)  # permission fixed: the day can still be posted
        assert content(retry) == "Today's digest is on its way. If it can't be posted, `/settings status` says why."
        (outcome,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("digest job for guild")]
        assert "Posted today's digest" in outcome
        assert entry_messages(bot_world), "the day was posted after all"


async def test_digest_now_answers_before_any_x_request_and_the_job_then_posts(bot_world: BotWorld) -> None:
    team, fake, sandbox = bot_world.team, bot_world.fake, bot_world.sandbox
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await bot.settle()
        before = len(sandbox.requests)  # the new seeds' crawl is done; today has no suggestions yet
        result = await digest_now(bot, team.owner)
        assert result.response is not None and result.response.type == 4 and result.response.ephemeral
        assert result.followups == [], "the first answer is the whole answer: no deferral, no follow-up"
        assert content(result) == (
            "Today's digest is on its way; discovery runs first, about 60 seconds. "
            "If it can't be posted, `/settings status` says why."
        ), "no discovery has finished yet: the stated default"
        discovery = sandbox.requests[before:]
        assert discovery, "the job ran discovery against X"
        assert result.response.received_at < min(request.received_at for request in discovery), (
            "the interaction was acknowledged before the first X request"
        )
        messages = fake.messages_in(team.channel_id)
        assert "Circlebot digest" in messages[0]["embeds"][0]["title"]
        assert entry_messages(bot_world) and len(messages) == len(entry_messages(bot_world)) + 1
        async with circlebot(bot).db.session() as session:
            runs = (await session.exec(select(DiscoveryRun).where(DiscoveryRun.guild_id == team.guild_id))).all()
        assert len(runs) == 1 and runs[0].finished_at is not None


def posted_once(bot_world: BotWorld) -> tuple[int, list[str]]:
    """How many digest headers were posted, and the profile links of entries posted more than once."""
    messages = bot_world.fake.messages_in(bot_world.team.channel_id)
    headers = sum(1 for message in messages if "Circlebot digest" in message["embeds"][0].get("title", ""))
    links = [message["embeds"][0]["url"] for message in entry_messages(bot_world)]
    return headers, sorted({link for link in links if links.count(link) > 1})


async def test_digest_now_twice_quickly_posts_the_day_once(bot_world: BotWorld) -> None:
    team, fake = bot_world.team, bot_world.fake
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await bot.settle()
        asks = [bot.build_slash("digest", "now", user=team.owner) for _ in range(2)]
        for ask in asks:  # the second arrives before the first is answered or its job has run
            bot.dispatch("INTERACTION_CREATE", ask)
        await run_one_off_jobs(bot)
        for ask in asks:
            (answer,) = fake.interactions[int(ask["id"])].responses
            assert answer.type == 4 and answer.ephemeral
        assert bot.logged_errors == []
        headers, twice = posted_once(bot_world)
        assert headers == 1 and twice == [] and entry_messages(bot_world)
        async with circlebot(bot).db.session() as session:
            runs = (await session.exec(select(DiscoveryRun).where(DiscoveryRun.guild_id == team.guild_id))).all()
        assert len(runs) == 1, "one discovery for one day's digest"


@on_both_databases
async def test_digest_now_while_the_daily_digest_job_runs_posts_the_day_once(bot_world: BotWorld) -> None:
    """The daily job (`digest:<guild>`) and `/digest now`'s job (`digest-now:<guild>`) have different ids, so
    ``max_instances=1`` does not keep them apart: the day must still be posted once, after one discovery."""
    from bot import jobs

    team = bot_world.team
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await daily_job_due_today(bot, bot_world)
        await bot.settle()
        daily = asyncio.create_task(jobs.digest_job(team.guild_id))  # the daily job fires; discovery starts
        await asyncio.sleep(0.05)
        answer = await digest_now(bot, team.owner)  # an impatient manager asks while it runs
        await daily
        assert answer.response is not None and answer.response.type == 4
        async with circlebot(bot).db.session() as session:
            runs = (await session.exec(select(DiscoveryRun).where(DiscoveryRun.guild_id == team.guild_id))).all()
        assert len(runs) == 1, "one discovery for one day's digest"
        headers, twice = posted_once(bot_world)
        assert (headers, twice) == (1, []), "the day's digest was posted more than once"


async def test_a_second_discovery_on_a_posted_day_keeps_reactions_working(bot_world: BotWorld) -> None:
    """`/digest now` in the morning, then the scheduled discovery (an hour before the daily digest) the same day:
    the posted entries must still take decisions."""
    from bot import jobs

    team, sandbox = bot_world.team, bot_world.sandbox
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await digest_now(bot, team.owner)
        target = int(entry_messages(bot_world)[0]["id"])
        await jobs.discovery_job(team.guild_id)
        await bot.react(target, "✅", user=team.approver)
        await bot.settle()
        assert len(sandbox.follow_requests) == 1, "the reaction on the posted entry was lost"
