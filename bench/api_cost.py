"""What discovery costs on X, day after day, against the least it could cost; print one line of figures.

    python -m bench.api_cost [--seeds 10] [--following 1000] [--new-follows 5] [--seed 5]

A sandbox world of ``--seeds`` seeds following ``--following`` accounts each. Day 1 adds the seeds and runs
discovery (every following list is read once); then the world moves on a little, as it does: each seed follows
``--new-follows`` accounts it did not follow; day 2, 24 hours later, runs discovery again. That second run is
the bot's steady state, the *daily* cost.

For each day the **lower bound** is what that day cannot do without, at X's prices: the following entries that
are new that day (day 1: every followee; day 2: only the new follows) and the team's own lists as owned reads,
one lookup of the seeds and the team account, and the timelines the run read for its shortlist (posts billed).
X bills a resource once per UTC day, so the bound counts distinct resources, like X.

The **naive** pipeline reads every candidate's timeline (one page of 50 posts) instead of a shortlist's; it is
estimated as candidates x 50 posts x the post price, plus day 2's crawl.

daily_dollars: day 2's bill; lower_bound_dollars: day 2's lower bound; naive_dollars: the naive day 2.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from bot import ledger
from bot.clock import FakeClock
from bot.db import Database
from bot.discovery import seeds
from bot.networks.x import XNetwork
from bot.openers import OpenerWriter
from bot.pipeline import POSTS_PER_ACCOUNT, run_discovery
from bot.sandbox.server import FOLLOWERS, FOLLOWING, USER_TWEETS, USERS, SandboxServer
from bot.sandbox.world import World

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Sequence

    from bot.pipeline import DiscoveryReport

GUILD = 1
# A day's cap far above day 1's full crawl (10 x 1000 users at $0.01 = $100): the bench measures, never stops.
SPEND_CAP = 1000.0


@dataclass(frozen=True)
class DayFigures:
    """One day's discovery run as X billed it, next to the least that day needed."""

    day: int
    requests: int
    resources: int
    dollars: float
    ledger_dollars: float
    by_endpoint: dict[str, float]
    lower_bound_dollars: float
    timeline_dollars: float
    timelines_read: int
    candidates: int
    shortlisted: int
    suggested: int
    errors: tuple[str, ...]

    @property
    def ledger_matches_bill(self) -> bool:
        return abs(self.ledger_dollars - self.dollars) < 1e-6


@dataclass(frozen=True)
class CostFigures:
    days: tuple[DayFigures, DayFigures]
    naive_dollars: float

    @property
    def daily(self) -> DayFigures:
        return self.days[1]

    def line(self) -> str:
        daily = self.daily
        return (
            f"daily_dollars={daily.dollars:.3f} lower_bound_dollars={daily.lower_bound_dollars:.3f} "
            f"daily_vs_lower_bound={_ratio(daily.dollars, daily.lower_bound_dollars):.2f} "
            f"naive_dollars={self.naive_dollars:.3f} naive_vs_daily={_ratio(self.naive_dollars, daily.dollars):.1f}"
        )


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else float("inf")


class DayMeter:
    """Reads the sandbox's counters before and after a run: their difference is the run's bill."""

    def __init__(self, sandbox: SandboxServer) -> None:
        self.sandbox = sandbox
        self.requests = len(sandbox.requests)
        self.resources = sandbox.billing.resources
        self.dollars = sandbox.billing.total_dollars
        self.by_endpoint = dict(sandbox.billing.by_endpoint)

    def spent(self) -> tuple[int, int, float, dict[str, float]]:
        billing = self.sandbox.billing
        by_endpoint = {
            endpoint: round(dollars - self.by_endpoint.get(endpoint, 0.0), 6)
            for endpoint, dollars in billing.by_endpoint.items()
            if dollars - self.by_endpoint.get(endpoint, 0.0) > 1e-9
        }
        return (
            len(self.sandbox.requests) - self.requests,
            billing.resources - self.resources,
            round(billing.total_dollars - self.dollars, 6),
            by_endpoint,
        )


def first_day() -> datetime:
    """Day 1 starts at the next UTC midnight: the same world all day long, and never in the past.

    The database stamps stored posts with the wall clock (``Post.fetched_at``) while the pipeline compares them
    with the run's ``now``. A fixed day 1 in the past would make day 1's posts look fetched *after* day 2, so day 2
    would never re-read them; from a day 1 ahead of the wall clock, day 2 sees them more than 24 h old, as in
    real life.
    """
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today + timedelta(days=1)


def listed_following(world: World, account_id: str) -> set[str]:
    """What X lists as ``account_id``'s followings: suspended accounts are left out."""
    return {user for user in world.following.get(account_id, ()) if not world.users[user].suspended}


def move_on(world: World, *, new_follows: int, rng: random.Random) -> dict[str, list[str]]:
    """Each seed follows ``new_follows`` accounts it did not follow: some its fellow seeds already follow (shared
    taste), the rest from anywhere in the world. Returns the new follows per seed."""
    everyone = sorted(user_id for user_id, user in world.users.items() if not user.suspended)
    followed_by_seeds = sorted({user for seed_id in world.seed_ids for user in listed_following(world, seed_id)})
    added: dict[str, list[str]] = {}
    for seed_id in world.seed_ids:
        already = set(world.following.get(seed_id, ())) | {seed_id, world.me_id}
        picks: list[str] = []
        while len(picks) < new_follows:
            pool = followed_by_seeds if len(picks) % 2 == 0 else everyone
            candidate = rng.choice(pool)
            if candidate not in already and candidate not in picks:
                picks.append(candidate)
        for user_id in picks:
            world.follow(seed_id, user_id)
        added[seed_id] = picks
    return added


def lower_bound(
    world: World,
    sandbox: SandboxServer,
    *,
    new_followees: set[str],
    new_team_entries: int,
    timeline_dollars: float,
) -> float:
    """The day's irreducible bill: distinct users it must read (new followees, the seeds and the team account
    in one lookup), the team's new list entries as owned reads, and the shortlist's timelines as read."""
    prices = sandbox.config.prices
    users = new_followees | set(world.seed_ids) | {world.me_id}
    return len(users) * prices.user + new_team_entries * prices.owned_read + timeline_dollars


async def ledger_dollars(db: Database) -> float:
    async with db.session() as session:
        return ledger.dollars(await ledger.spent(session))


async def run_day(
    day: int,
    db: Database,
    x: XNetwork,
    sandbox: SandboxServer,
    *,
    now: datetime,
    new_followees: set[str],
    new_team_entries: int,
    before: Callable[[], Awaitable[None]] | None = None,
) -> DayFigures:
    """One day's discovery run (after ``before``, the day's other X work, e.g. adding the seeds), measured."""
    meter = DayMeter(sandbox)
    ledger_before = await ledger_dollars(db)
    if before is not None:
        await before()
    timelines_before = len(sandbox.requests_to(USER_TWEETS))
    timeline_paths_before = {request.url_path for request in sandbox.requests_to(USER_TWEETS)}
    report: DiscoveryReport = await run_discovery(db, x, guild_id=GUILD, writer=OpenerWriter(), now=now)
    requests, resources, dollars, by_endpoint = meter.spent()
    timeline_requests = sandbox.requests_to(USER_TWEETS)[timelines_before:]
    timeline_dollars = by_endpoint.get(USER_TWEETS, 0.0)
    figures = DayFigures(
        day=day,
        requests=requests,
        resources=resources,
        dollars=dollars,
        ledger_dollars=round(await ledger_dollars(db) - ledger_before, 6),
        by_endpoint=by_endpoint,
        lower_bound_dollars=lower_bound(
            sandbox.world,
            sandbox,
            new_followees=new_followees,
            new_team_entries=new_team_entries,
            timeline_dollars=timeline_dollars,
        ),
        timeline_dollars=timeline_dollars,
        timelines_read=len({request.url_path for request in timeline_requests}),
        candidates=report.candidates,
        shortlisted=report.shortlisted,
        suggested=report.suggested,
        errors=tuple(report.errors),
    )
    crawl_modes = sorted({f"{c.mode}:{c.pages}p/{c.accounts_seen}a" for c in report.crawls})
    print(
        f"day {day}: requests={figures.requests} resources={figures.resources} dollars={figures.dollars:.3f} "
        f"ledger={figures.ledger_dollars:.3f} lower_bound={figures.lower_bound_dollars:.3f} "
        f"candidates={figures.candidates} shortlisted={figures.shortlisted} suggested={figures.suggested} "
        f"timelines_read={figures.timelines_read} (of them re-read: "
        f"{len({r.url_path for r in timeline_requests} & timeline_paths_before)})",
        file=sys.stderr,
    )
    print(f"  by endpoint: {', '.join(f'{k} ${v:.3f}' for k, v in sorted(by_endpoint.items()))}", file=sys.stderr)
    print(f"  crawls: {crawl_modes}", file=sys.stderr)
    for error in figures.errors:
        print(f"  error: {error}", file=sys.stderr)
    return figures


async def measure(*, seeds_count: int, following: int, new_follows: int, seed: int) -> CostFigures:
    day_one = first_day()
    world = World.generate(seed=seed, seeds=seeds_count, following_per_seed=following, now=day_one)
    clock = FakeClock(start=day_one.timestamp())  # one clock for sandbox and client: both bill the same UTC day
    handles = " ".join(world.users[seed_id].username for seed_id in world.seed_ids)
    with tempfile.TemporaryDirectory() as folder:
        async with (
            SandboxServer(world, clock=clock.time) as sandbox,
            Database(f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}") as db,
        ):
            settings = sandbox.client_settings(daily_spend_cap=SPEND_CAP)
            async with XNetwork.from_settings(settings, db, clock=clock) as x:
                day_one_followees = set().union(*(listed_following(world, seed_id) for seed_id in world.seed_ids))
                # The team's own lists are owned reads, billed once per account whichever list holds it.
                team_entries = listed_following(world, world.me_id) | {
                    user for user in world.followers_of(world.me_id) if not world.users[user].suspended
                }

                async def add_seeds() -> None:
                    async with db.session() as session, session.begin():
                        await seeds.add(session, x.for_guild(GUILD), guild_id=GUILD, raw=handles, added_by=None)

                first = await run_day(
                    1,
                    db,
                    x,
                    sandbox,
                    before=add_seeds,
                    now=day_one,
                    new_followees=day_one_followees,
                    new_team_entries=len(team_entries),
                )

                added = move_on(world, new_follows=new_follows, rng=random.Random(seed))
                day_two = day_one + timedelta(days=1)
                clock.now = day_two.timestamp()
                second = await run_day(
                    2,
                    db,
                    x,
                    sandbox,
                    now=day_two,
                    new_followees={user for picks in added.values() for user in picks},
                    new_team_entries=0,
                )
    crawl_dollars = second.dollars - second.timeline_dollars
    naive = second.candidates * POSTS_PER_ACCOUNT * sandbox.config.prices.post + crawl_dollars
    posts_per_timeline = second.timeline_dollars / sandbox.config.prices.post / max(second.timelines_read, 1)
    print(
        f"naive: {second.candidates} candidates x {POSTS_PER_ACCOUNT} posts + crawl ${crawl_dollars:.3f} "
        f"(the shortlist's timelines held {posts_per_timeline:.1f} new posts each on day 2)",
        file=sys.stderr,
    )
    unbilled = set(second.by_endpoint) - {FOLLOWING, FOLLOWERS, USERS, USER_TWEETS}
    if unbilled:
        print(f"  other endpoints billed on day 2: {sorted(unbilled)}", file=sys.stderr)
    return CostFigures(days=(first, second), naive_dollars=naive)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--following", type=int, default=1000)
    parser.add_argument("--new-follows", type=int, default=5, help="accounts each seed follows between the days")
    parser.add_argument("--seed", type=int, default=5, help="the sandbox world's seed")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    started = time.perf_counter()
    figures = asyncio.run(
        measure(seeds_count=args.seeds, following=args.following, new_follows=args.new_follows, seed=args.seed)
    )
    print(f"elapsed_s={time.perf_counter() - started:.1f}", file=sys.stderr)
    print(figures.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
