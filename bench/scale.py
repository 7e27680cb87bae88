"""A million follow edges through storage and ranking on SQLite; print one line of figures.

    python -m bench.scale [--seeds 200] [--following 5000] [--overlap 0.3] [--seed 1] [--page 1000]

``--seeds`` seeds follow ``--following`` accounts each (a deterministic synthetic graph: a share ``--overlap``
of each list comes from a shared pool with Zipf-like popularity, so candidates have from one to every seed behind
them, and follower counts are heavy-tailed like X's). The team account follows the seeds and a few candidates,
and a few candidates follow it.

ingest: every list is stored the way the crawler stores it: pages of ``--page`` accounts, one transaction per
page with ``upsert_accounts`` and ``record_edges``, into a temporary SQLite file.
rank: what the live bot does each run: ``load_rank_input`` from the database, then ``rank_candidates`` for the
top ``RANK_FIRST`` (the pipeline ranks everything only when the cheap checks drop nearly all of those; ``--k 0``
times that full ranking).
The ranking alone (without the database) is timed too and shown on stderr.

edges: the seeds' follow edges the ranker was given; ingest_s, rank_s: seconds; peak_rss_mb: the process's peak
resident memory.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import random
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import func, select

from bot.db import Database
from bot.discovery.candidates import load_rank_input
from bot.discovery.rank import rank_candidates
from bot.models import FollowEdge
from bot.networks.base import NetworkAccount
from bot.pipeline import RANK_FIRST
from bot.storage import record_edges, upsert_accounts

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from bot.discovery.rank import RankedCandidate

GUILD = 1
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
FIRST_ID = 1_300_000_000_000_000_000  # X-sized ids: 19 digits, as strings


@dataclass(frozen=True)
class Graph:
    """Who follows whom, and each account's follower count as X would report it."""

    team_id: str
    seed_ids: list[str]
    following: dict[str, list[str]]
    """Follower id -> followee ids, in the order X lists them; the seeds and the team account."""
    followers: dict[str, list[str]]
    """The team's followers."""
    followers_count: dict[str, int]

    @property
    def edges(self) -> int:
        return sum(len(others) for others in self.following.values()) + sum(map(len, self.followers.values()))


@dataclass(frozen=True)
class ScaleFigures:
    edges: int
    """Follow edges in the database after the ingest."""
    generated_edges: int
    loaded_edges: int
    """Seed edges ``load_rank_input`` handed to the ranker."""
    candidates: int
    ingest_s: float
    load_s: float
    rank_only_s: float
    peak_rss_mb: float

    @property
    def rank_s(self) -> float:
        """What a discovery run waits for: the load from the database and the ranking."""
        return self.load_s + self.rank_only_s

    def line(self) -> str:
        return (
            f"edges={self.loaded_edges} ingest_s={self.ingest_s:.2f} rank_s={self.rank_s:.2f} "
            f"peak_rss_mb={self.peak_rss_mb:.0f}"
        )


def generate(*, seeds: int, following: int, overlap: float, seed: int) -> Graph:
    """A deterministic graph shaped like ``World.generate``'s, without the profiles and posts it doesn't need."""
    rng = random.Random(seed)
    next_id = iter(range(FIRST_ID, FIRST_ID + 10**12, 7919))  # spaced, so ids look unrelated

    def new_id() -> str:
        return str(next(next_id))

    shared_per_seed = round(following * overlap)
    unique_per_seed = following - shared_per_seed
    pool = [new_id() for _ in range(round(shared_per_seed * 2.5))]
    # Zipf-like popularity: the head of the pool is followed by nearly every seed, the tail by one or two.
    inverse_weights = [(rank + 1) ** 0.8 for rank in range(len(pool))]
    team_id = new_id()
    seed_ids = [new_id() for _ in range(seeds)]
    graph: dict[str, list[str]] = {}
    for seed_id in seed_ids:
        # Weighted sampling without replacement (Efraimidis-Spirakis keys u ** (1 / w), as World.generate does).
        keys = sorted(
            ((rng.random() ** inverse, uid) for uid, inverse in zip(pool, inverse_weights, strict=True)), reverse=True
        )
        followees = [uid for _, uid in keys[:shared_per_seed]] + [new_id() for _ in range(unique_per_seed)]
        rng.shuffle(followees)
        graph[seed_id] = followees
    candidates = list(dict.fromkeys([*pool, *(uid for seed_id in seed_ids for uid in graph[seed_id])]))
    # Log-normal follower counts (median ~300, a long tail into the millions); the pool's head is more popular.
    followers_count = {uid: int(math.exp(rng.gauss(5.7, 1.8))) for uid in candidates}
    for rank, uid in enumerate(pool):
        followers_count[uid] = int(followers_count[uid] * (1 + 50 / (rank + 1)))
    for uid in [*seed_ids, team_id]:
        followers_count[uid] = int(math.exp(rng.gauss(7.5, 1.0)))
    graph[team_id] = seed_ids + [uid for uid in candidates if rng.random() < 0.02]
    team_followers = [uid for uid in candidates if rng.random() < 0.01]
    return Graph(
        team_id=team_id,
        seed_ids=seed_ids,
        following=graph,
        followers={team_id: team_followers},
        followers_count=followers_count,
    )


def account(graph: Graph, account_id: str) -> NetworkAccount:
    """The snapshot X returns with a following page (the fields the crawler stores)."""
    digits = int(account_id)
    return NetworkAccount(
        id=account_id,
        handle=f"user{digits % 10**10}",
        name=f"User {digits % 10**6}",
        bio="Building things in public; coffee, code, and conversations.",
        location="Somewhere",
        followers_count=graph.followers_count.get(account_id, 0),
        following_count=100 + digits % 900,
        post_count=1000 + digits % 20000,
        created_at=NOW - timedelta(days=365 + digits % 3000),
        most_recent_post_id=str(digits + 1),
        most_recent_post_at=NOW - timedelta(hours=digits % 200),
        protected=digits % 97 == 0,
    )


def pages(ids: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


async def ingest(db: Database, graph: Graph, *, page_size: int) -> None:
    """Every list stored as the crawler stores a page: accounts, then edges, in one short transaction."""
    lists = [(owner, followees, True) for owner, followees in graph.following.items()]
    lists += [(owner, followers, False) for owner, followers in graph.followers.items()]
    async with db.session() as session, session.begin():
        await upsert_accounts(session, [account(graph, owner) for owner in [*graph.seed_ids, graph.team_id]])
    for owner, others, outgoing in lists:
        for page in pages(others, page_size):
            pairs = [(owner, other) if outgoing else (other, owner) for other in page]
            async with db.session() as session, session.begin():
                await upsert_accounts(session, [account(graph, other) for other in page])
                await record_edges(session, pairs, seen_at=NOW)


async def measure(
    *, seeds: int, following: int, overlap: float, seed: int, page_size: int, k: int | None = None
) -> ScaleFigures:
    started = time.perf_counter()
    graph = generate(seeds=seeds, following=following, overlap=overlap, seed=seed)
    print(f"generated the graph in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    with tempfile.TemporaryDirectory() as folder:
        async with Database(f"sqlite+aiosqlite:///{Path(folder) / 'scale.sqlite3'}") as db:
            started = time.perf_counter()
            await ingest(db, graph, page_size=page_size)
            ingest_s = time.perf_counter() - started
            async with db.session() as session:
                edges = int((await session.exec(select(func.count()).select_from(FollowEdge))).one())

            started = time.perf_counter()
            async with db.session() as session:
                data = await load_rank_input(
                    session,
                    guild_id=GUILD,
                    seed_weights=dict.fromkeys(graph.seed_ids, 1.0),
                    team_id=graph.team_id,
                    resting_since=NOW - timedelta(days=14),
                )
            load_s = time.perf_counter() - started
            started = time.perf_counter()
            ranked: list[RankedCandidate] = rank_candidates(data, k=k)
            rank_only_s = time.perf_counter() - started
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    support = sorted(len(candidate.followed_by) for candidate in ranked)
    print(
        f"stored {edges} edges (the seeds' and the team's lists; {graph.edges} generated); "
        f"load_rank_input {load_s:.2f} s, rank_candidates alone {rank_only_s:.2f} s; {len(ranked)} candidates, "
        f"seeds behind one: median {support[len(support) // 2] if support else 0}, max {support[-1] if support else 0}",
        file=sys.stderr,
    )
    return ScaleFigures(
        edges=edges,
        generated_edges=graph.edges,
        loaded_edges=sum(len(followees) for followees in data.seed_following.values()),
        candidates=len(ranked),
        ingest_s=ingest_s,
        load_s=load_s,
        rank_only_s=rank_only_s,
        peak_rss_mb=peak_rss_mb,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=200)
    parser.add_argument("--following", type=int, default=5000)
    parser.add_argument("--overlap", type=float, default=0.3, help="share of each list from the shared pool")
    parser.add_argument("--seed", type=int, default=1, help="the graph's random seed")
    parser.add_argument("--page", type=int, default=1000, help="accounts per stored page, as the crawler reads")
    parser.add_argument(
        "--k", type=int, default=RANK_FIRST, help=f"candidates ranked (default {RANK_FIRST}, as the pipeline; 0: all)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    figures = asyncio.run(
        measure(
            seeds=args.seeds,
            following=args.following,
            overlap=args.overlap,
            seed=args.seed,
            page_size=args.page,
            k=args.k or None,
        )
    )
    print(figures.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
