"""Link-prediction benchmark for the candidate ranker (``bot.discovery.rank``).

For a sample of users with enough followees: hide a share of their followees, give the rest to the
ranker as seeds (their following lists come from the full graph, as the live bot would fetch them),
use the user's followers as the team's followers, exclude only the user, and measure how many hidden
followees come back. Every ranking method is compared with two baselines computed here
independently: plain friends-of-friends count (ties by follower count) and global popularity.

    python -m bench.linkpred --graph ../shared/data/follow_graphs/twitter_hersheycareers.follows.tsv.gz

Follower counts are in-degrees on the full graph (that is what X reports, and it includes the
user's own hidden follow); ``--strict-counts`` removes the hidden edges from them too.
The output ends with one line ``ranker_recall@20=… fof_recall@20=… popularity_recall@20=…
lift_vs_fof=…`` (means over the graphs when several are given).
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections import ChainMap, Counter
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from bot.discovery.graph import FollowGraph
from bot.discovery.rank import DEFAULT_METHOD, METHODS, RankInput, rank_candidates

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

FOF = "fof"
POPULARITY = "popularity"
RANKED_DEPTH = 100  # MRR looks this deep; recall and nDCG only need 20


@dataclass
class Scores:
    recall_at_10: list[float] = field(default_factory=list)
    recall_at_20: list[float] = field(default_factory=list)
    reciprocal_rank: list[float] = field(default_factory=list)
    ndcg_at_20: list[float] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, ranked: Sequence[str], hidden: frozenset[str]) -> None:
        self.recall_at_10.append(len(hidden.intersection(ranked[:10])) / len(hidden))
        self.recall_at_20.append(len(hidden.intersection(ranked[:20])) / len(hidden))
        first_hit = next((rank for rank, account in enumerate(ranked, 1) if account in hidden), None)
        self.reciprocal_rank.append(1 / first_hit if first_hit else 0.0)
        gain = sum(1 / math.log2(rank + 1) for rank, account in enumerate(ranked[:20], 1) if account in hidden)
        ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(len(hidden), 20) + 1))
        self.ndcg_at_20.append(gain / ideal)

    def means(self) -> tuple[float, float, float, float]:
        return (
            _mean(self.recall_at_10),
            _mean(self.recall_at_20),
            _mean(self.reciprocal_rank),
            _mean(self.ndcg_at_20),
        )


@dataclass(frozen=True)
class Trial:
    user: str
    seeds: tuple[str, ...]
    hidden: frozenset[str]


def sample_trials(graph: FollowGraph, *, users: int, seed: int, hide_share: float, min_followees: int) -> list[Trial]:
    rng = random.Random(seed)
    eligible = sorted(account for account, followees in graph.following.items() if len(followees) >= min_followees)
    trials = []
    for user in rng.sample(eligible, min(users, len(eligible))):
        followees = sorted(graph.following[user])
        hidden_count = max(1, round(hide_share * len(followees)))
        hidden = frozenset(rng.sample(followees, hidden_count))
        seeds = tuple(account for account in followees if account not in hidden)
        trials.append(Trial(user, seeds, hidden))
    return trials


def evaluate(
    graph: FollowGraph, trials: Sequence[Trial], methods: Sequence[str], *, strict_counts: bool
) -> dict[str, Scores]:
    results = {name: Scores() for name in (*methods, FOF, POPULARITY)}
    full_counts = dict(graph.followers_count)
    by_popularity = sorted(full_counts, key=lambda account: (-full_counts[account], account))
    for trial in trials:
        followers_count: Mapping[str, int] = full_counts
        if strict_counts:
            # The user's own follow of each hidden account is taken out of that account's count.
            followers_count = ChainMap({hidden: full_counts[hidden] - 1 for hidden in trial.hidden}, full_counts)
        seed_set = frozenset(trial.seeds)
        data = graph.rank_input(
            dict.fromkeys(trial.seeds, 1.0),
            team_followers=graph.followers_of(trial.user),
            exclude=(trial.user,),
        )
        data = replace(data, followers_count=followers_count)
        rankings: dict[str, Callable[[], list[str]]] = {name: partial(_ranked_accounts, data, name) for name in methods}
        rankings[FOF] = partial(_fof, graph, trial, followers_count)
        rankings[POPULARITY] = partial(_popular, by_popularity, excluded=seed_set | {trial.user})
        for name, ranking in rankings.items():
            started = time.perf_counter()
            ranked = ranking()
            results[name].seconds += time.perf_counter() - started
            results[name].add(ranked, trial.hidden)
    return results


def _ranked_accounts(data: RankInput, method: str) -> list[str]:
    return [candidate.account for candidate in rank_candidates(data, k=RANKED_DEPTH, method=method)]


def _fof(graph: FollowGraph, trial: Trial, followers_count: Mapping[str, int]) -> list[str]:
    """Plain friends-of-friends: how many seeds follow the account; ties by follower count."""
    support = Counter(chain.from_iterable(graph.following_of(seed) for seed in trial.seeds))
    for account in (*trial.seeds, trial.user):
        support.pop(account, None)
    return sorted(support, key=lambda account: (-support[account], -followers_count.get(account, 0), account))[
        :RANKED_DEPTH
    ]


def _popular(by_popularity: Sequence[str], *, excluded: frozenset[str]) -> list[str]:
    ranked: list[str] = []
    for account in by_popularity:
        if account not in excluded:
            ranked.append(account)
            if len(ranked) == RANKED_DEPTH:
                break
    return ranked


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _print_table(title: str, results: Mapping[str, Scores], trial_count: int) -> None:
    print(f"\n{title}")
    print(f"{'method':<24} {'recall@10':>9} {'recall@20':>9} {'mrr':>7} {'ndcg@20':>8} {'ms/query':>9}")
    for name, scores in results.items():
        recall_10, recall_20, mrr, ndcg = scores.means()
        marker = " *" if name == DEFAULT_METHOD else ""
        milliseconds = 1000 * scores.seconds / max(trial_count, 1)
        print(f"{name + marker:<24} {recall_10:>9.4f} {recall_20:>9.4f} {mrr:>7.4f} {ndcg:>8.4f} {milliseconds:>9.2f}")


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.linkpred", description="Link-prediction benchmark for the candidate ranker."
    )
    parser.add_argument("--graph", action="append", required=True, type=Path, help="follower<TAB>followee file")
    parser.add_argument("--users", type=int, default=300, help="users sampled per graph (default 300)")
    parser.add_argument("--seed", type=int, default=1, help="random seed for users and hidden edges")
    parser.add_argument("--hide", type=float, default=0.2, help="share of each user's followees hidden")
    parser.add_argument("--min-followees", type=int, default=10, help="only users following at least this many")
    parser.add_argument(
        "--methods", nargs="+", default=list(METHODS), choices=list(METHODS), help="ranker methods to compare"
    )
    parser.add_argument(
        "--strict-counts", action="store_true", help="follower counts without the hidden edges (stricter)"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    methods = list(dict.fromkeys([DEFAULT_METHOD, *args.methods]))
    finals: list[tuple[float, float, float]] = []
    for path in args.graph:
        started = time.perf_counter()
        graph = FollowGraph.load(path)
        load_seconds = time.perf_counter() - started
        trials = sample_trials(
            graph, users=args.users, seed=args.seed, hide_share=args.hide, min_followees=args.min_followees
        )
        results = evaluate(graph, trials, methods, strict_counts=args.strict_counts)
        edges = sum(map(len, graph.following.values()))
        _print_table(
            f"{path.name}: {len(graph.accounts):,} accounts, {edges:,} edges (loaded in {load_seconds:.2f} s); "
            f"{len(trials)} users, {args.hide:.0%} of followees hidden, seed {args.seed}"
            + (", strict follower counts" if args.strict_counts else ""),
            results,
            len(trials),
        )
        finals.append((results[DEFAULT_METHOD].means()[1], results[FOF].means()[1], results[POPULARITY].means()[1]))
    ranker, fof, popularity = (_mean(values) for values in zip(*finals, strict=True))
    lift = ranker / fof - 1 if fof else math.inf
    print(
        f"ranker_recall@20={ranker:.4f} fof_recall@20={fof:.4f} popularity_recall@20={popularity:.4f} "
        f"lift_vs_fof={lift:+.1%}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
