"""Crawl a 10-seed sandbox world through the X client with 10% injected faults; print one line of figures.

    python -m bench.x_client [--seeds 10] [--following 1000] [--fault-rate 0.1] [--seed 11] [--rounds 5]
                             [--vocabulary tweet|post|mixed]

A 10-seed crawl is only a dozen requests at 1000 per page, so the figures add up ``--rounds`` crawls of
different worlds with different fault draws: enough requests for every kind of fault to show up. Each round
also reads the timelines of the first seed's first ``TIMELINES`` followees (50 posts each), so posts are read in
the vocabulary too. ``--vocabulary`` sets what the sandbox speaks (X's tweet words, post words, or a mix per
endpoint); the client starts from its default (tweet) and learns each endpoint from X's 400.

requests: HTTP requests the sandbox received; resources: resources it billed; dollars: the usage ledger's sum;
retries: the governor's retries; lost: followees X lists that the database lacks afterwards, plus posts X serves
that the timeline reads lack; duplicates: accounts or posts read more than once; ledger_matches_billing: whether
our ledger equals the sandbox's bill.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from pathlib import Path

from sqlmodel import select

from bot import ledger
from bot.clock import FakeClock
from bot.db import Database
from bot.discovery.crawl import crawl
from bot.models import FollowEdge
from bot.networks.x import XNetwork
from bot.sandbox.server import Faults, SandboxServer
from bot.sandbox.vocabulary import WORLD_VOCABULARIES
from bot.sandbox.world import World

TIMELINES = 20
POSTS_PER_TIMELINE = 50  # one page of a timeline, as discovery reads it


async def crawl_world(
    seeds: int, following: int, fault_rate: float, seed: int, vocabulary: str = "tweet"
) -> dict[str, int | float | bool]:
    world = World.generate(seed=seed, seeds=seeds, following_per_seed=following)
    world.vocabulary = vocabulary
    clock = FakeClock()  # waits for rate-limit resets and backoffs pass at once, for sandbox and client alike
    faults = Faults.uniform(fault_rate, seed=seed, slow_seconds=1.0, reset_after_seconds=30.0)
    with tempfile.TemporaryDirectory() as folder:
        async with (
            SandboxServer(world, faults=faults, clock=clock.time) as sandbox,
            Database(f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}") as db,
        ):
            settings = sandbox.client_settings(x_timeout_seconds=0.5, x_max_retries=8, daily_spend_cap=1000.0)
            async with XNetwork.from_settings(settings, db, clock=clock) as x:
                lookup = await x.lookup_accounts(world.seed_ids)
                counts = {account.id: account.following_count for account in lookup.found}
                reports = [
                    await crawl(db, x, account_id=seed_id, reported_count=counts.get(seed_id))
                    for seed_id in world.seed_ids
                ]
                readable = [
                    account_id
                    for account_id in world.following[world.seed_ids[0]]
                    if not world.users[account_id].protected and not world.users[account_id].suspended
                ][:TIMELINES]
                timelines = {
                    account_id: await x.recent_posts(account_id, limit=POSTS_PER_TIMELINE) for account_id in readable
                }
                retries = x.governor.retries
                learned = len(x.vocabularies.status())
            async with db.session() as session:
                dollars = ledger.dollars(await ledger.spent(session))
                stored = set((await session.exec(select(FollowEdge.follower_id, FollowEdge.followee_id))).all())
    listed = {
        (seed_id, followee)
        for seed_id in world.seed_ids
        for followee in world.following[seed_id]
        if not world.users[followee].suspended
    }
    served = {
        (account_id, post.id) for account_id in timelines for post in world.posts_of(account_id)[:POSTS_PER_TIMELINE]
    }
    read = [(account_id, post.id) for account_id, posts in timelines.items() for post in posts]
    lost = len(listed - stored) + len(served - set(read))
    duplicates = sum(report.accounts_seen for report in reports) - len({pair for pair in stored if pair in listed})
    duplicates += len(read) - len(set(read))
    faults_seen = sum(1 for request in sandbox.requests if request.fault)
    kinds = sorted({request.fault for request in sandbox.requests if request.fault})
    print(
        f"round seed={seed}: requests={len(sandbox.requests)} faults={faults_seen} {kinds} "
        f"crawls_complete={sum(report.complete for report in reports)}/{len(reports)} "
        f"vocabulary={vocabulary} endpoints_switched={learned}",
        file=sys.stderr,
    )
    return {
        "requests": len(sandbox.requests),
        "resources": sandbox.billing.resources,
        "dollars": dollars,
        "billing": sandbox.billing.total_dollars,
        "retries": retries,
        "lost": lost,
        "duplicates": duplicates,
        "matches": abs(dollars - sandbox.billing.total_dollars) < 1e-9,
    }


async def run(seeds: int, following: int, fault_rate: float, seed: int, rounds: int, vocabulary: str = "tweet") -> str:
    results = [await crawl_world(seeds, following, fault_rate, seed + offset, vocabulary) for offset in range(rounds)]

    def total(name: str) -> int | float:
        return sum(result[name] for result in results)  # type: ignore[misc]

    matches = all(result["matches"] for result in results)
    return (
        f"requests={total('requests')} resources={total('resources')} dollars={total('dollars'):.3f} "
        f"retries={total('retries')} lost={total('lost')} duplicates={total('duplicates')} "
        f"ledger_matches_billing={'yes' if matches else 'no'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--following", type=int, default=1000)
    parser.add_argument("--fault-rate", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--vocabulary", choices=WORLD_VOCABULARIES, default="tweet", help="What the sandbox speaks.")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    started = time.perf_counter()
    line = asyncio.run(run(args.seeds, args.following, args.fault_rate, args.seed, args.rounds, args.vocabulary))
    print(f"elapsed_s={time.perf_counter() - started:.1f}", file=sys.stderr)
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
