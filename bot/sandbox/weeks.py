"""Simulated weeks of a team's relationships, against the sandbox X, with a known truth.

Each week the team is suggested ``per_week`` people (stored as a digest would store them), approves some, and
the executor follows them on X. Then a script plays both sides on the sandbox: the team replies to some of the
people it follows, some of them answer, some answer unprompted, some follow back; from the second week on the
team unfollows some it followed earlier who never answered, and some who followed back stop. Tracking reads X once a
simulated day through tweepy, exactly as the job does, and every Monday at the team's hour the weekly report is
posted once (to a sink that keeps its text and chart). What was scripted is the truth the funnel must match.

Used by ``python -m bench.relationships`` and at the end of ``make demo``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlmodel import select

from bot.clock import FakeClock
from bot.db import Database
from bot.executor import execute_follows
from bot.models import Action, ActionKind, GuildSettings, RelationshipState, Seed, Suggestion, TrackingRun
from bot.networks.base import NetworkAccount
from bot.networks.x import XNetwork
from bot.relationships.people import load_people
from bot.relationships.stages import FUNNEL, Stage
from bot.relationships.tracking import track
from bot.relationships.weekly import post_weekly_report
from bot.sandbox.script import Script
from bot.sandbox.server import SandboxServer
from bot.sandbox.world import World
from bot.storage import upsert_accounts

if TYPE_CHECKING:
    from pathlib import Path

    from bot.relationships.weekly import ReportOutcome

GUILD = 7001
CHANNEL = 7002
START = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)  # a Monday; the world's posts end here


@dataclass
class Truth:
    """What the script made happen, by person: the funnel must be derivable from this alone."""

    suggested: set[str] = field(default_factory=set)
    approved: set[str] = field(default_factory=set)
    talked: set[str] = field(default_factory=set)
    answered: set[str] = field(default_factory=set)
    followed_back: set[str] = field(default_factory=set)
    answered_by_quote: set[str] = field(default_factory=set)
    """Those whose answer was a quote of the team's post (no mention: tracking finds it by the quote-posts read)."""
    unfollowed: dict[str, datetime] = field(default_factory=dict)
    """Whom the team stopped following, and when (they still count as followed in the funnel: they were)."""
    stopped_following_back: dict[str, datetime] = field(default_factory=dict)
    """Who stopped following the team back, and when."""

    def funnel(self) -> dict[Stage, int]:
        relationship = {p for p in self.answered if p in self.talked or p in self.followed_back}
        return {
            Stage.SUGGESTED: len(self.suggested),
            Stage.APPROVED: len(self.approved),
            Stage.FOLLOWED: len(self.approved),  # the sandbox allows follows: every approved follow is sent
            Stage.TALKED: len(self.talked),
            Stage.ANSWERED: len(self.answered),
            Stage.RELATIONSHIP: len(relationship),
        }


@dataclass
class RunResult:
    weeks: int
    truth: Truth
    weekly_truth: list[dict[Stage, int]]
    reports: list[ReportOutcome]
    chart_paths: list[Path]
    tracking_dollars: float
    sandbox_dollars: float
    whole_reads: list[datetime] = field(default_factory=list)
    """When tracking read the team's following and followers whole (only then can an unfollow be seen)."""
    unfollowed_shown: set[str] = field(default_factory=set)
    """Whom the stories show as unfollowed by the team at the end (``Progress.unfollowed_at``)."""
    stopped_shown: set[str] = field(default_factory=set)
    """Whom the stories show as having stopped following back at the end."""

    def unfollows_match_truth(self) -> bool:
        """Every unfollow the script made before tracking's last whole read shows in the stories, and no other."""
        last = max(self.whole_reads, default=None)

        def due(made: dict[str, datetime]) -> set[str]:
            return {person for person, at in made.items() if last is not None and at <= last}

        return due(self.truth.unfollowed) <= self.unfollowed_shown <= set(self.truth.unfollowed) and due(
            self.truth.stopped_following_back
        ) <= self.stopped_shown <= set(self.truth.stopped_following_back)


class FileSink:
    """Keeps each posted report's chart as a file (the bot's Discord side attaches it to the message)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.paths: list[Path] = []

    async def send_report(self, channel_id: int, text: str, png: bytes, filename: str, *, key: str) -> int:
        path = self.folder / f"week-{len(self.paths) + 1}-{filename}"
        path.write_bytes(png)
        self.paths.append(path)
        return len(self.paths)


def _candidates(world: World) -> list[str]:
    """People a digest could suggest: followed by a seed, visible, posting, not followed by the team yet."""
    followed = set(world.following.get(world.me_id, ()))
    seen: dict[str, None] = {}
    for seed_id in world.seed_ids:
        for account in world.following.get(seed_id, ()):
            user = world.users[account]
            if (
                account not in followed
                and account != world.me_id
                and account not in world.seed_ids
                and not user.protected
                and not user.suspended
                and user.last_post_at is not None
                and user.persona in ("conversational", "quiet")
            ):
                seen[account] = None
    return list(seen)


def _choose(world: World, pool: list[str], count: int) -> list[str]:
    """The next ``count`` people with no history with the team, so everything that happens is scripted. Their
    timelines are generated now, before anyone follows the team back (generation would otherwise let them
    reply to the team's old posts, which the truth would not know)."""
    team = world.me_id
    followers = set(world.followers_of(team))
    talked_to = {m for p in world.posts_of(team) for m in (*p.mentions, p.in_reply_to_user_id) if m}
    chosen: list[str] = []
    while pool and len(chosen) < count:
        person = pool.pop()
        posts = world.posts_of(person)
        if person in followers or person in talked_to:
            continue
        if any(team in p.mentions or p.in_reply_to_user_id == team for p in posts):
            continue
        if not any(p.kind == "original" for p in posts):
            continue  # the team replies to an original post
        chosen.append(person)
    return chosen


async def simulate(
    folder: Path, *, weeks: int = 4, per_week: int = 10, seed: int = 21, timezone: str = "UTC"
) -> RunResult:
    """Run ``weeks`` simulated weeks and return the truth, the reports and what tracking cost."""
    rng = random.Random(seed)
    # Unfollows draw from their own generator, so the rest of the script (and its truth) stays as it was.
    leaving = random.Random(seed + 1)
    whole_reads: list[datetime] = []
    world = World.generate(seed=seed, seeds=5, following_per_seed=200, now=START)
    script = Script(world)
    clock = FakeClock(start=START.timestamp())
    truth = Truth()
    weekly_truth: list[dict[Stage, int]] = []
    reports: list[ReportOutcome] = []
    sink = FileSink(folder)
    (folder / "weeks.sqlite3").unlink(missing_ok=True)  # a fresh team every run
    pool = _candidates(world)
    rng.shuffle(pool)
    async with (
        SandboxServer(world, clock=clock.time) as sandbox,
        Database(f"sqlite+aiosqlite:///{folder / 'weeks.sqlite3'}") as db,
    ):
        sandbox.config.follow_forbidden = False
        settings = sandbox.client_settings(database_url=db.url, daily_spend_cap=100.0)
        async with XNetwork.from_settings(settings, db, clock=clock) as x:
            async with db.session() as session, session.begin():
                session.add(GuildSettings(guild_id=GUILD, digest_channel_id=CHANNEL, digest_timezone=timezone))
                session.add(RelationshipState(guild_id=GUILD, report_weekday=0, report_hour=9))
                for seed_id in world.seed_ids:
                    session.add(Seed(guild_id=GUILD, account_id=seed_id, handle=world.users[seed_id].username))

            def at(week: int, day: float) -> datetime:
                return START + timedelta(weeks=week, days=day)

            for week in range(weeks):
                before = Truth(
                    set(truth.suggested), set(truth.approved), set(truth.talked), set(truth.answered),
                    set(truth.followed_back),
                )  # fmt: skip
                chosen = _choose(world, pool, per_week)
                suggested_at = at(week, 0.4)  # Monday ~10:00
                approved = [p for p in chosen if rng.random() < 0.6]
                async with db.session() as session, session.begin():
                    for position, person in enumerate(chosen):
                        followed_by = [s for s in world.seed_ids if person in world.following.get(s, ())]
                        session.add(
                            Suggestion(
                                guild_id=GUILD,
                                digest_day=suggested_at.date(),
                                account_id=person,
                                position=position,
                                score=1.0,
                                followed_by=followed_by,
                                created_at=suggested_at,
                            )
                        )
                    for person in approved:
                        handle = world.users[person].username
                        session.add(
                            Action(
                                guild_id=GUILD, account_id=person, handle=handle, kind=ActionKind.FOLLOW,
                                created_at=suggested_at + timedelta(hours=1),
                            )
                        )  # fmt: skip
                async with db.session() as session, session.begin():
                    # What discovery would have stored about them (the report names people by handle).
                    await upsert_accounts(
                        session,
                        [
                            NetworkAccount(id=p, handle=world.users[p].username, name=world.users[p].name)
                            for p in chosen
                        ],
                    )
                truth.suggested |= set(chosen)
                truth.approved |= set(approved)
                # The script of the week, by day: who the team talks to, who answers, who follows back.
                plan: list[tuple[datetime, str, str]] = []
                for person in approved:
                    if rng.random() < 0.7:
                        talk_day = rng.uniform(1.0, 3.0)
                        plan.append((at(week, talk_day), "talk", person))
                        if rng.random() < 0.55:
                            plan.append((at(week, talk_day + rng.uniform(0.2, 2.5)), "answer", person))
                    if rng.random() < 0.35:
                        plan.append((at(week, rng.uniform(1.0, 6.0)), "follow_back", person))
                for person in chosen:
                    if person not in approved and rng.random() < 0.1:  # someone finds the team by themselves
                        plan.append((at(week, rng.uniform(1.0, 6.0)), "mention", person))
                # People from earlier weeks: the team drops some it followed who never answered; some who followed
                # back stop following the team.
                earlier = sorted(truth.approved - set(approved) - set(truth.unfollowed) - truth.answered)
                for person in earlier:
                    if leaving.random() < 0.25:
                        plan.append((at(week, leaving.uniform(1.0, 6.0)), "unfollow", person))
                for person in sorted(truth.followed_back - set(chosen) - set(truth.stopped_following_back)):
                    if leaving.random() < 0.3:
                        plan.append((at(week, leaving.uniform(1.0, 6.0)), "unfollow_back", person))
                plan.sort()
                for day in range(7):
                    day_end = at(week, day + 1) - timedelta(hours=1)
                    clock.now = max(clock.now, at(week, day + 0.45).timestamp())
                    if day == 0:
                        await execute_follows(db, x, guild_id=GUILD, now=at(week, 0.45))
                    while plan and plan[0][0] <= day_end:
                        when, what, person = plan.pop(0)
                        clock.now = when.timestamp()
                        if what == "talk":
                            script.team_talks_to(person, at=when)
                            truth.talked.add(person)
                        elif what == "answer":
                            # About one answer in four is a quote of the team's post, which X's mentions never
                            # hold (chosen by the id, so the random script, and its truth, stay as they were).
                            if int(person) % 4 == 0:
                                script.person_quotes(person, at=when)
                                truth.answered_by_quote.add(person)
                            else:
                                script.person_answers(person, at=when)
                            truth.answered.add(person)
                        elif what == "mention":
                            script.mention(person, world.me_id, at=when, text="love what your team ships")
                            truth.answered.add(person)
                        elif what == "unfollow":
                            script.unfollow(world.me_id, person)
                            truth.unfollowed[person] = when
                        elif what == "unfollow_back":
                            script.unfollow(person, world.me_id)
                            truth.stopped_following_back[person] = when
                        else:
                            script.follow(person, world.me_id)
                            truth.followed_back.add(person)
                    clock.now = day_end.timestamp()
                    if (await track(db, x, guild_id=GUILD, now=day_end)).whole_lists:
                        whole_reads.append(day_end)
                weekly_truth.append(_difference(truth.funnel(), before.funnel()))
                report_time = at(week + 1, 9 / 24)
                clock.now = report_time.timestamp()
                if (await track(db, x, guild_id=GUILD, now=report_time)).whole_lists:
                    whole_reads.append(report_time)
                reports.append(await post_weekly_report(db, sink, guild_id=GUILD, now=report_time))
            async with db.session() as session:
                runs = (await session.exec(select(TrackingRun))).all()
                people = await load_people(session, guild_id=GUILD, now=at(weeks, 9 / 24))
            tracking = sum(run.cost_micros for run in runs) / 1_000_000
            return RunResult(
                weeks=weeks,
                truth=truth,
                weekly_truth=weekly_truth,
                reports=reports,
                chart_paths=sink.paths,
                tracking_dollars=tracking,
                sandbox_dollars=sandbox.billing.total_dollars,
                whole_reads=whole_reads,
                unfollowed_shown={p.account_id for p in people if p.progress.unfollowed_at is not None},
                stopped_shown={p.account_id for p in people if p.progress.stopped_following_back_at is not None},
            )


def _difference(after: dict[Stage, int], before: dict[Stage, int]) -> dict[Stage, int]:
    return {stage: after[stage] - before[stage] for stage in FUNNEL}
