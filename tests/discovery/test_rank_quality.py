"""Quality guard on a real follow graph: hidden followees come back better than by popularity."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.linkpred import FOF, POPULARITY, evaluate, sample_trials
from bot.discovery.graph import FollowGraph
from bot.discovery.rank import DEFAULT_METHOD

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
EGO_GRAPH = SHARED / "data" / "follow_graphs" / "twitter_ego_12831.follows.tsv"


@pytest.fixture(scope="module")
def ego_graph() -> FollowGraph:
    if not EGO_GRAPH.exists():
        pytest.skip(f"real graph not available at {EGO_GRAPH}")
    return FollowGraph.load(EGO_GRAPH)


def test_rank_recovers_hidden_followees_better_than_popularity(ego_graph: FollowGraph) -> None:
    trials = sample_trials(ego_graph, users=40, seed=3, hide_share=0.2, min_followees=10)
    assert len(trials) == 40
    results = evaluate(ego_graph, trials, [DEFAULT_METHOD], strict_counts=True)
    ranker_recall = results[DEFAULT_METHOD].means()[1]
    assert ranker_recall > results[POPULARITY].means()[1] + 0.1
    # Not a hard-coded figure: the default must at least match the plain friends-of-friends count.
    assert ranker_recall >= results[FOF].means()[1]
