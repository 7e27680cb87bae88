"""The chaos benchmark's scenarios through the whole bot: real discord.py against the fake Discord, real tweepy
against the sandbox X, a real database (see ``bench.chaos`` for the line they feed).

Each scenario acts as people and crashes would, then counts what actually happened: the follows the sandbox X
received, the messages the fake Discord holds, the rows in the database. Nothing is counted from what the bot says
it did.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import discord
from apscheduler.triggers.date import DateTrigger
from sqlmodel import col, select

from bot import digest as digests
from bot import jobs, outbox
from bot.client import CirclebotClient
from bot.clock import FakeClock
from bot.db import Database
from bot.models import (
    Action,
    ActionKind,
    ActionState,
    DigestPost,
    DiscoveryRun,
    GuildAccount,
    Lease,
    Suggestion,
    WeeklyReport,
    utcnow,
)
from bot.networks.x import XNetwork
from bot.openers import OpenerWriter
from bot.sandbox.fakediscord import DiscordHarness, FakeDiscord, payloads
from bot.sandbox.server import Faults, SandboxServer
from bot.sandbox.world import World

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable

    from bench.chaos import Tally

APPROVER_ROLE = payloads.snowflake()
CITIES = (
    "Lagos, Berlin, São Paulo, Toronto, Bengaluru, London, Mexico City, Nairobi, Tokyo, Seoul, Melbourne, "
    "Brooklyn, San Francisco, Austin, Paris, Krakow, Istanbul, Accra, Manila, Dublin, Stockholm, Cape Town, "
    "Buenos Aires, Jakarta, Montreal, Edinburgh, Seattle, Chicago, Amsterdam, Lisbon"
)
REACTIONS_ADD = "MESSAGE_REACTION_ADD"
REACTIONS_REMOVE = "MESSAGE_REACTION_REMOVE"


class Killed(Exception):
    """The process died here."""


@dataclass
class Team:
    guild: dict[str, Any]
    channel: dict[str, Any]
    owner: dict[str, Any]
    approvers: list[dict[str, Any]]

    @property
    def guild_id(self) -> int:
        return int(self.guild["id"])

    @property
    def channel_id(self) -> int:
        return int(self.channel["id"])


def make_team(fake: FakeDiscord, approvers: int = 4) -> Team:
    guild_id = payloads.snowflake()
    owner = payloads.member(fake.owner)
    people = [payloads.member(payloads.user(username=f"approver{n}"), roles=[APPROVER_ROLE]) for n in range(approvers)]
    channel = payloads.text_channel(name="circle", guild_id=guild_id)
    guild = payloads.guild_create(
        guild_id,
        name="Chaos Team",
        owner_id=fake.owner["id"],
        channels=[channel],
        roles=[payloads.role(APPROVER_ROLE, name="approvers")],
        members=[owner, *people],
    )
    return Team(guild=guild, channel=channel, owner=owner, approvers=people)


@dataclass
class Bot:
    """One scenario's world: the sandbox X, the fake Discord, the team, and the database the restarts share."""

    sandbox: SandboxServer
    fake: FakeDiscord
    team: Team
    database_url: str
    clock: FakeClock

    @asynccontextmanager
    async def running(self) -> AsyncIterator[DiscordHarness]:
        """Start the bot as `run` does; a second call is a restart on the same database."""
        settings = self.sandbox.client_settings(
            discord_token="fake-bot-token", database_url=self.database_url, daily_spend_cap=500.0, x_timeout_seconds=2.0
        )
        async with Database(settings.database_url) as db, XNetwork.from_settings(settings, db, clock=self.clock) as x:
            x.governor.backoff_seconds = 0.01
            client = CirclebotClient(settings, db=db, network=x, writer=OpenerWriter())
            async with DiscordHarness(self.fake, client, guilds=[self.team.guild], settle_timeout=60.0) as harness:
                yield harness

    # -- what happened ----------------------------------------------------------------------------------------

    def messages(self) -> list[dict[str, Any]]:
        return self.fake.messages_in(self.team.channel_id)

    def entry_urls(self) -> list[str]:
        return [
            message["embeds"][0]["url"]
            for message in self.messages()
            if message["embeds"] and message["embeds"][0].get("url", "").startswith("https://x.com/")
        ]

    def entries(self) -> list[int]:
        return [
            int(message["id"])
            for message in self.messages()
            if message["embeds"] and message["embeds"][0].get("url", "").startswith("https://x.com/")
        ]

    def weekly_reports(self) -> list[dict[str, Any]]:
        return [m for m in self.messages() if m["content"].startswith("**What came of it")]

    def headers(self) -> int:
        return sum(1 for m in self.messages() if m["embeds"] and "Circlebot digest" in m["embeds"][0].get("title", ""))

    def posted_twice(self) -> int:
        """Entries (by profile link) shown in more than one message, plus headers beyond one per day posted."""
        urls = Counter(self.entry_urls())
        return sum(count - 1 for count in urls.values()) + max(0, self.headers() - 1)

    async def orphans(self) -> int:
        """Messages in the digest channel no entry or day points at (sent but never recorded)."""
        async with Database(self.database_url) as db, db.session() as session:
            entries = set((await session.exec(select(Suggestion.message_id))).all())
            headers = set((await session.exec(select(DigestPost.header_message_id))).all())
            reports = set((await session.exec(select(WeeklyReport.message_id))).all())
        mapped = {message_id for message_id in entries | headers | reports if message_id is not None}
        return sum(1 for message in self.messages() if int(message["id"]) not in mapped)

    async def days_not_posted(self) -> int:
        async with Database(self.database_url) as db, db.session() as session:
            states = (await session.exec(select(DigestPost.state))).all()
        return sum(1 for state in states if state != "posted") + (0 if states else 1)

    def follows_twice(self) -> int:
        targets = Counter(target for _, target in self.sandbox.follow_requests)
        return sum(count - 1 for count in targets.values())


@asynccontextmanager
async def bot_world(seed: int, database: Callable[[], Any]) -> AsyncIterator[Bot]:
    """A fresh world and database (``database()`` is an async context manager giving a URL)."""
    world = World.generate(seed=seed, seeds=4, following_per_seed=150)
    clock = FakeClock()
    async with database() as url, SandboxServer(world, clock=clock.time) as sandbox, FakeDiscord() as fake:
        sandbox.config.follow_forbidden = False
        yield Bot(sandbox=sandbox, fake=fake, team=make_team(fake), database_url=url, clock=clock)


async def run_one_off_jobs(harness: DiscordHarness, within: float = 120.0) -> None:
    """Wait for `/digest now`'s and the new-seed crawl's jobs to run to their end."""
    assert isinstance(harness.client, CirclebotClient)
    scheduler = harness.client.scheduler
    deadline = time.monotonic() + within
    while any(isinstance(job.trigger, DateTrigger) for job in scheduler.get_jobs()):
        if time.monotonic() > deadline:
            raise TimeoutError("one-off jobs still waiting")
        await asyncio.sleep(0.01)
    await harness.settle(within=max(deadline - time.monotonic(), 1.0))


async def digest_now(harness: DiscordHarness, bot: Bot) -> None:
    await harness.slash("digest", "now", user=bot.team.owner)
    await run_one_off_jobs(harness)


def _names(said: str, handle: str) -> bool:
    """Whether a reply names @handle as Discord shows it (the status escapes markdown: @alice\\_b)."""
    return discord.utils.escape_markdown(f"@{handle}") in said


async def set_up(harness: DiscordHarness, bot: Bot) -> None:
    world, team = bot.sandbox.world, bot.team
    handles = " ".join(f"@{world.users[seed_id].username}" for seed_id in world.seed_ids)
    await harness.slash("seed", "add", options={"handles": handles}, user=team.owner)
    await harness.slash("digest", "channel", options={"channel": team.channel_id}, user=team.owner)
    await harness.slash("settings", "set", options={"approver_role": APPROVER_ROLE}, user=team.owner)
    await run_one_off_jobs(harness)


def reaction(harness: DiscordHarness, bot: Bot, message_id: int, emoji: str, member: dict[str, Any], *, add: bool):
    """Feed one reaction event without waiting for the bot (racing events arrive back to back)."""
    team, user_id = bot.team, int(member["user"]["id"])
    if add:
        payload = payloads.reaction_add(
            guild_id=team.guild_id,
            channel_id=team.channel_id,
            message_id=message_id,
            user_id=user_id,
            emoji_value=emoji,
            member=member,
            message_author_id=bot.fake.bot_user["id"],
        )
    else:
        payload = payloads.reaction_remove(
            guild_id=team.guild_id,
            channel_id=team.channel_id,
            message_id=message_id,
            user_id=user_id,
            emoji_value=emoji,
        )
    bot.fake.record_reaction(message_id, emoji, user_id, add=add)
    harness.dispatch(REACTIONS_ADD if add else REACTIONS_REMOVE, payload)


# -- scenarios ----------------------------------------------------------------------------------------------------


async def reaction_races(tally: Tally, seed: int, database: Callable[[], Any], detail: Callable[..., None]) -> None:
    """Several approvers race ✅/❌/📋 on the same entries, and others add ✅ and take it back within milliseconds;
    then the executor runs. Counted: follows sent twice, follows with no ✅ standing, entries both followed (or
    added to a List) and dismissed."""
    tally.scenarios += 2
    async with bot_world(seed, database) as bot, bot.running() as harness:
        await set_up(harness, bot)
        # A city List, so entries from those cities take 📋 (a List addition) as well as ✅ and ❌.
        await harness.slash(
            "list", "create", options={"name": "Our cities", "kind": "city", "keywords": CITIES}, user=bot.team.owner
        )
        await digest_now(harness, bot)
        entries = bot.entries()
        racing, withdrawn = entries[: len(entries) // 2], entries[len(entries) // 2 :]
        people = bot.team.approvers
        for number, message_id in enumerate(racing):
            emojis = ["✅", "❌", "📋", "✅"][number % 4 :] + ["✅", "❌", "📋", "✅"][: number % 4]
            for emoji, member in zip(emojis, people, strict=True):
                reaction(harness, bot, message_id, emoji, member, add=True)
        for number, message_id in enumerate(withdrawn):
            member = people[number % len(people)]
            reaction(harness, bot, message_id, "✅", member, add=True)
            reaction(harness, bot, message_id, "✅", member, add=False)
        await harness.settle()
        await jobs.executor_job()
        await harness.settle()
        async with Database(bot.database_url) as db, db.session() as session:
            by_message = dict(
                (await session.exec(select(Suggestion.message_id, Suggestion.account_id))).all()  # type: ignore[arg-type]
            )
            actions = (await session.exec(select(Action))).all()
            dismissed = {row.account_id for row in (await session.exec(select(GuildAccount))).all() if row.dismissed_at}
        followed = {target for _, target in bot.sandbox.follow_requests}
        standing = {
            by_message[message_id]
            for message_id in entries
            if any(emoji == "✅" for emoji, _ in bot.fake.reactions_on(message_id))
        }
        kinds: dict[str, set[str]] = {}
        for action in actions:
            kinds.setdefault(action.account_id, set()).add(action.kind)
        contradictory = {
            account
            for account, decided in kinds.items()
            if ActionKind.DISMISS in decided and decided & {ActionKind.FOLLOW, ActionKind.LIST_ADD}
        } | (followed & dismissed)
        tally.follows_sent_twice += bot.follows_twice()
        tally.withdrawn_but_sent += len(followed - standing)
        tally.contradictory_decisions += len(contradictory)
        added = Counter(
            request.url_path
            for request in bot.sandbox.requests_to("POST /2/lists/:id/members")
            if request.status == 200
        )
        detail(
            "reaction races: %d entries raced by 4 approvers, %d withdrawn at once; %d follows, %d List additions "
            "sent (%d entries could take 📋)",
            len(racing),
            len(withdrawn),
            len(bot.sandbox.follow_requests),
            sum(added.values()),
            sum(1 for message in bot.messages() if message["embeds"] and "Suggested List" in str(message["embeds"][0])),
        )


async def restart_during_posting(
    tally: Tally, seed: int, database: Callable[[], Any], detail: Callable[..., None]
) -> None:
    """The publisher dies after Discord created its fourth entry (id not stored) leaving its lease on the day; a
    restarted bot waits for the lease to expire, takes the day over and resumes. Then the daily job and `/digest now`
    race on a second team's day. Counted: entries (and headers) posted twice, messages nothing points at, and a
    day prepared by two discovery runs (in ``days_with_two_runs``)."""
    tally.scenarios += 2
    async with bot_world(seed, database) as bot:
        record = digests.record_entry_message
        calls = {"n": 0}

        async def record_or_die(*args: Any, **kwargs: Any) -> None:
            calls["n"] += 1
            if calls["n"] == 4:
                raise Killed
            await record(*args, **kwargs)

        async with bot.running() as harness:
            await set_up(harness, bot)
            digests.record_entry_message = record_or_die  # type: ignore[assignment]
            try:
                await digest_now(harness, bot)
            finally:
                digests.record_entry_message = record  # type: ignore[assignment]
        async with Database(bot.database_url) as db:
            async with db.session() as session:
                post = (await session.exec(select(DigestPost))).one()
            name = digests.day_lease_name(post.guild_id, post.digest_day)
            async with db.session() as session, session.begin():  # the crashed process's lease, expiring soon
                session.add(Lease(name=name, holder="gone:1:crashed", expires_at=utcnow() + digests.DAY_LEASE_TTL / 60))
        async with bot.running() as harness:
            await digest_now(harness, bot)  # its job waits for the dead holder's lease to expire, then resumes
        tally.entries_posted_twice += bot.posted_twice()
        tally.orphan_messages += await bot.orphans()
        tally.days_without_digest += await bot.days_not_posted()
        detail("restart during posting: %d entry messages after a crash at the 4th", len(bot.entry_urls()))

    async with bot_world(seed + 1, database) as bot, bot.running() as harness:
        await set_up(harness, bot)
        # The daily job posts the day its last scheduled run was due (before the digest hour, yesterday's): with
        # the hour at this hour, that is today, the day /digest now posts, whatever time the bench runs at.
        hour = {"hour": utcnow().hour, "timezone": "UTC"}
        await harness.slash("digest", "time", options=hour, user=bot.team.owner)
        daily = asyncio.create_task(jobs.digest_job(bot.team.guild_id))
        await asyncio.sleep(0.05)
        await digest_now(harness, bot)  # while the daily job runs discovery
        await daily
        tally.entries_posted_twice += bot.posted_twice()
        tally.orphan_messages += await bot.orphans()
        tally.days_without_digest += await bot.days_not_posted()
        async with Database(bot.database_url) as db, db.session() as session:
            runs = len((await session.exec(select(DiscoveryRun.id))).all())
        tally.days_with_two_runs += max(0, runs - 1)  # one day, one discovery: the second job waits and finds it
        detail(
            "daily job vs /digest now: %d headers, %d entries, %d discovery runs",
            bot.headers(),
            len(bot.entry_urls()),
            runs,
        )


async def budget_mid_run(
    tally: Tally, seed: int, database: Callable[[], Any], detail: Callable[..., None], *, headroom: int = 400_000
) -> None:
    """The day's X budget runs out during discovery: the digest goes out partial; the cap is raised and `/digest
    now` completes the day. Counted: entries posted twice, orphans, and the day if it does not end posted."""
    tally.scenarios += 1
    async with bot_world(seed, database) as bot, bot.running() as harness:
        await set_up(harness, bot)
        assert isinstance(harness.client, CirclebotClient)
        network = harness.client.network
        assert isinstance(network, XNetwork)
        governor = network.governor
        governor.daily_cap_micros = await governor.spent_today_micros() + headroom  # what is left today, µ$
        await digest_now(harness, bot)
        partial = len(bot.entry_urls())
        governor.daily_cap_micros = 500_000_000
        await digest_now(harness, bot)
        tally.entries_posted_twice += bot.posted_twice()
        tally.orphan_messages += await bot.orphans()
        tally.days_without_digest += await bot.days_not_posted()
        detail("budget mid-run: %d entries before the cap was raised, %d after", partial, len(bot.entry_urls()))


async def restart_during_executor(
    tally: Tally, seed: int, database: Callable[[], Any], detail: Callable[..., None]
) -> None:
    """The executor dies right after X followed (the answer never recorded); the bot restarts and the executor runs
    again; then X rate-limits follows with a window resetting hours away. Counted: follows sent twice, actions left
    `sending`/`unknown` that `/settings status` does not name, and a far window waited on or not said."""
    tally.scenarios += 3
    async with bot_world(seed, database) as bot:
        follow = XNetwork.follow
        died = {"n": 0}

        async def follow_then_die(self: XNetwork, target_id: str) -> Any:
            result = await follow(self, target_id)
            if died["n"] == 0:
                died["n"] += 1
                raise Killed
            return result

        async with bot.running() as harness:
            await set_up(harness, bot)
            await digest_now(harness, bot)
            XNetwork.follow = follow_then_die  # type: ignore[method-assign]
            try:
                for message_id in bot.entries()[:3]:
                    reaction(harness, bot, message_id, "✅", bot.team.owner, add=True)
                await harness.settle()
                with contextlib.suppress(Killed):
                    await jobs.executor_job()
                await harness.settle()
            finally:
                XNetwork.follow = follow  # type: ignore[method-assign]
        async with bot.running() as harness:
            await jobs.executor_job()
            await harness.settle()
            # Then X answers 429 with a window resetting in two hours: the call is put back, not waited on.
            bot.sandbox.faults = Faults(rate_limit=1.0, reset_after_seconds=7200)
            started = bot.clock.now
            reaction(harness, bot, bot.entries()[3], "✅", bot.team.owner, add=True)
            await harness.settle()
            await jobs.executor_job()
            await harness.settle()
            waited = bot.clock.now - started
            status = await harness.slash("settings", "status", user=bot.team.owner)
            # The reply's text as Discord shows it (a dict's repr doubled the backslashes of escaped markdown).
            data = (status.response.data or {}) if status.response else {}
            said = " ".join(str(part.get("content") or "") for part in (data, *status.followups))
            bot.sandbox.faults = Faults()
        # A follow held by the far window is stuck too: silently, if the executor sat out the window or the status
        # does not say so.
        tally.stuck_unreported += int(waited >= 3600 or "rate limit" not in said)
        async with Database(bot.database_url) as db, db.session() as session:
            stuck = (
                await session.exec(
                    select(Action).where(col(Action.state).in_([ActionState.SENDING, ActionState.UNKNOWN]))
                )
            ).all()
        tally.follows_sent_twice += bot.follows_twice()
        tally.stuck_unreported += sum(1 for action in stuck if not _names(said, action.handle))
        detail(
            "restart during executor: %d follows sent, %d stuck actions, %d not in /settings status; "
            "a 429 resetting in 2 h held the executor %.0f s of fake time",
            len(bot.sandbox.follow_requests),
            len(stuck),
            sum(1 for action in stuck if not _names(said, action.handle)),
            waited,
        )


class Stopped(BaseException):
    """The bot stopped here: not an error a job catches and records (a real stop runs no handler)."""


async def restart_during_weekly_report(
    tally: Tally, seed: int, database: Callable[[], Any], detail: Callable[..., None]
) -> None:
    """The bot stops in the middle of the weekly report's send, twice over: once after Discord created the message
    (its id never recorded, the nonce long forgotten on restart), once before the request reached Discord. After a
    restart the tracking job resumes the week, and the trigger fires once more. Counted: a report posted twice, a
    report message no week points at, and a week that did not end posted."""
    from bot.relationships.weekly import tracking_job, weekly_report_job

    for stop_at in ("after Discord created it", "before Discord got it"):
        tally.scenarios += 1
        async with bot_world(seed, database) as bot:
            record, send = outbox.record, discord.PartialMessageable.send

            async def record_or_stop(*args: Any, key: str, record: Any = record, **kwargs: Any) -> None:
                if key.startswith("weekly-report:"):
                    raise Stopped
                await record(*args, key=key, **kwargs)

            async def stop_sending(*args: Any, **kwargs: Any) -> Any:
                raise Stopped

            async with bot.running() as harness:
                await set_up(harness, bot)
                await digest_now(harness, bot)
                if stop_at.startswith("after"):
                    outbox.record = record_or_stop  # type: ignore[assignment]
                else:
                    discord.PartialMessageable.send = stop_sending  # type: ignore[method-assign]
                try:
                    await weekly_report_job(bot.team.guild_id)
                except Stopped:
                    pass
                finally:
                    outbox.record, discord.PartialMessageable.send = record, send  # type: ignore[method-assign]
            before = len(bot.weekly_reports())
            window, bot.fake.nonce_window = bot.fake.nonce_window, 0.0  # restarted much later: history is searched
            trusted, outbox.NONCE_TRUSTED = outbox.NONCE_TRUSTED, timedelta(0)
            try:
                async with bot.running():
                    await tracking_job(bot.team.guild_id)
                    await weekly_report_job(bot.team.guild_id)
            finally:
                bot.fake.nonce_window, outbox.NONCE_TRUSTED = window, trusted
            reports = len(bot.weekly_reports())
            async with Database(bot.database_url) as db, db.session() as session:
                states = (await session.exec(select(WeeklyReport.state))).all()
            tally.entries_posted_twice += max(0, reports - 1)
            tally.orphan_messages += await bot.orphans()
            tally.days_without_digest += sum(1 for state in states if state != "posted") + (0 if states else 1)
            detail(
                "restart during the weekly report (stopped %s): %d report message(s) before the restart, %d after",
                stop_at,
                before,
                reports,
            )
