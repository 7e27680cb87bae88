"""Simulated weeks of relationships with a known truth; print one line of figures.

    python -m bench.relationships [--weeks 4] [--per-week 10] [--seed 21] [--out DIR]

The sandbox plays the other side (``bot.sandbox.weeks``): each week ``--per-week`` people are suggested, the
team approves some, the executor follows them, the team talks to some, some answer, some follow back. Tracking
reads the team's X account once a simulated day through tweepy; a weekly report is posted every Monday.

weeks, people: what was simulated; funnel_matches_truth: every weekly report's "this week" funnel and the last
report's "in all" funnel equal what the script made happen (a follow that later ended still counts: it was a
follow that week), and the stories show exactly the unfollows the script made, on both sides, up to tracking's
last whole read of the team's lists; tracking_dollars_per_week: what tracking's reads cost
(our ledger; owned reads at $0.001); reports_posted: one per simulated week; report_png: the last report's chart.
Details on stderr: each week's funnel against the truth, and the sandbox's bill.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
from pathlib import Path

from bot.relationships.report import funnel_line
from bot.sandbox.weeks import simulate


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--per-week", type=int, default=10)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--out", type=Path, default=None, help="where the charts go (default: a new temp folder)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    folder = args.out or Path(tempfile.mkdtemp(prefix="circlebot-relationships-"))
    folder.mkdir(parents=True, exist_ok=True)
    result = await simulate(folder, weeks=args.weeks, per_week=args.per_week, seed=args.seed)
    matches = len(result.reports) == result.weeks
    for week, (report, truth) in enumerate(zip(result.reports, result.weekly_truth, strict=False), start=1):
        seen = report.text.splitlines()[1].removeprefix("This week: ")
        expected = funnel_line(truth)
        print(f"week {week}: report {seen}\n        truth  {expected}", file=sys.stderr)
        matches &= report.state == "posted" and seen == expected
    last_all = result.reports[-1].text.splitlines()[2].removeprefix("In all: ") if result.reports else ""
    print(f"in all: report {last_all}\n        truth  {funnel_line(result.truth.funnel())}", file=sys.stderr)
    matches &= last_all == funnel_line(result.truth.funnel())
    print(f"sandbox bill ${result.sandbox_dollars:.2f} (tracking ${result.tracking_dollars:.2f})", file=sys.stderr)
    quotes = len(result.truth.answered_by_quote)
    print(f"answers by quote (no mention; read from X's quote-posts endpoint): {quotes}", file=sys.stderr)
    truth = result.truth
    unfollows = result.unfollows_match_truth()
    print(
        f"unfollows: the team dropped {len(truth.unfollowed)} (stories show {len(result.unfollowed_shown)}), "
        f"{len(truth.stopped_following_back)} stopped following back (stories show {len(result.stopped_shown)}); "
        f"tracking read the team's lists whole {len(result.whole_reads)} times (an unfollow shows after the next one): "
        f"{'matches' if unfollows else 'DOES NOT match'} the script",
        file=sys.stderr,
    )
    matches &= unfollows
    posted = sum(1 for report in result.reports if report.state == "posted")
    png = result.chart_paths[-1] if result.chart_paths else ""
    print(
        f"weeks={result.weeks} people={len(result.truth.suggested)} funnel_matches_truth={'yes' if matches else 'no'} "
        f"tracking_dollars_per_week={result.tracking_dollars / max(result.weeks, 1):.3f} reports_posted={posted} "
        f"report_png={png}"
    )
    return 0 if matches else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
