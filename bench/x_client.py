"""Crawl a 10-seed sandbox world through the X client with 10% injected faults; print one line of figures.

    python -m bench.x_client [--seeds 10] [--following 1000] [--fault-rate 0.1] [--seed 11] [--rounds 5]

A 10-seed crawl is only a dozen requests at 1000 per page, so the figures add up ``--rounds`` crawls of
different worlds with different fault draws: enough requests for every kind of fault to show up.

requests: HTTP requests the sandbox received; resources: resources it billed; dollars: the usage ledger's sum;
retries: the governor's retries; lost: followees X lists that the database lacks afterwards; duplicates:
accounts read more than once; ledger_matches_billing: whether our ledger equals the sandbox's bill.
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
from bot.sandbox.world import World


async def crawl_world(seeds: int, following: int, fault_rate: float, seed: int) -> dict[str, int | float | bool]:
    world = World.generate(seed=seed, seeds=seeds, following_per_seed=following)
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
                retries = x.governor.retries
            async with db.session() as session:
                dollars = ledger.dollars(await ledger.spent(session))
                stored = set((await session.exec(select(FollowEdge.follower_id, FollowEdge.followee_id))).all())
    listed = {
        (seed_id, followee)
        for seed_id in world.seed_ids
        for followee in world.following[seed_id]
        if not world.users[followee].suspended
    }
    lost = len(listed - stored)
    duplicates = sum(report.accounts_seen for report in reports) - len({pair for pair in stored if pair in listed})
    faults_seen = sum(1 for request in sandbox.requests if request.fault)
    kinds = sorted({request.fault for request in sandbox.requests if request.fault})
    print(
        f"round seed={seed}: requests={len(sandbox.requests)} faults={faults_seen} {kinds} "
        f"crawls_complete={sum(report.complete for report in reports)}/{len(reports)}",
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


async def run(seeds: int, following: int, fault_rate: float, seed: int, rounds: int) -> str:
    results = [await crawl_world(seeds, following, fault_rate, seed + offset) for offset in range(rounds)]

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
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    started = time.perf_counter()
    line = asyncio.run(run(args.seeds, args.following, args.fault_rate, args.seed, args.rounds))
    print(f"elapsed_s={time.perf_counter() - started:.1f}", file=sys.stderr)
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
