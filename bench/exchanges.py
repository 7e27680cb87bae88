"""How often "two-way exchanges" proves an exchange for real conversational accounts; print one line.

    python -m bench.exchanges [--min-posts 20]

Reads the real API v2 timelines in ``../shared/data/tweets/academictwitter_v2_tweets.jsonl.gz`` (authors with at
least ``--min-posts`` posts there are user timelines), measures each author as the digest does
(``measure_activity``, on the author's own posts only, as X serves them), and counts, among the accounts found
conversational, those for which ``two_way_exchanges`` proves at least one exchange from their side alone.

timelines: authors measured; conversational: of those, conversational by the digest's rule; with_exchange: of
those, with at least one provable exchange; share: with_exchange / conversational. Details per author on stderr.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from bot.discovery.activity import ActivityThresholds, measure_activity
from bot.networks.x import parse_post

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "tweets" / "academictwitter_v2_tweets.jsonl.gz"


def as_v2(row: dict[str, Any]) -> dict[str, Any]:
    """The file keeps mentions at the top level; X's v2 answer has them under ``entities``."""
    tweet = dict(row)
    tweet["entities"] = {"mentions": row.get("mentions") or []}
    return tweet


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--min-posts", type=int, default=20)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"{args.data} is not present", file=sys.stderr)
        return 2
    by_author: dict[str, list[Any]] = defaultdict(list)
    with gzip.open(args.data, "rt", encoding="utf-8") as handle:
        for line in handle:
            post = parse_post(as_v2(json.loads(line)))
            by_author[post.author_id].append(post)
    timelines = conversational = with_exchange = 0
    # Old timelines: measure each over its own span (the activity rule's recency is not the question here).
    thresholds = ActivityThresholds(max_window_days=100_000, max_days_since_last_post=100_000)
    for author, posts in sorted(by_author.items()):
        if len(posts) < args.min_posts:
            continue
        timelines += 1
        now = max(post.created_at for post in posts)
        metrics = measure_activity(author, posts, now=now, thresholds=thresholds)
        print(
            f"{author}: {len(posts)} posts, {metrics.reply_share:.0%} replies, {metrics.people_engaged} people, "
            f"conversational={metrics.conversational}, two_way_exchanges={metrics.two_way_exchanges}",
            file=sys.stderr,
        )
        if metrics.conversational:
            conversational += 1
            with_exchange += metrics.two_way_exchanges > 0
    share = with_exchange / conversational if conversational else 0.0
    print(f"timelines={timelines} conversational={conversational} with_exchange={with_exchange} share={share:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
