"""Loading follow-graph files and building ranker input from them."""

from __future__ import annotations

import gzip
from typing import TYPE_CHECKING

import pytest

from bot.discovery.graph import FollowGraph, GraphFormatError

if TYPE_CHECKING:
    from pathlib import Path

EDGES = "# follower\tfollowee\n1\t2\n1\t3\n2 3\n\n3\t1\tego\n1\t2\n4\t4\n"


def test_graph_load_reads_tabs_spaces_comments_and_extra_columns(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(EDGES)
    graph = FollowGraph.load(path)
    assert graph.following == {"1": ["2", "3"], "2": ["3"], "3": ["1"]}  # duplicate and self-follow dropped
    assert dict(graph.followers_count) == {"2": 1, "3": 2, "1": 1}
    assert sorted(graph.followers_of("3")) == ["1", "2"]
    assert graph.following_of("nobody") == []
    assert graph.accounts == frozenset({"1", "2", "3"})


def test_graph_load_gzip(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv.gz"
    path.write_bytes(gzip.compress(EDGES.encode()))
    assert FollowGraph.load(path).following["1"] == ["2", "3"]


def test_graph_load_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text("1\t2\nlonely\n")
    with pytest.raises(GraphFormatError, match=r"g\.tsv:2: expected"):
        FollowGraph.load(path)


def test_graph_load_rejects_broken_gzip(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv.gz"
    path.write_bytes(b"not gzip at all")
    with pytest.raises(GraphFormatError, match="not a readable"):
        FollowGraph.load(path)


def test_graph_rank_input_uses_only_seed_out_edges() -> None:
    graph = FollowGraph.from_edges([("s", "a"), ("s", "b"), ("a", "z"), ("b", "team")])
    data = graph.rank_input({"s": 2.0, "unknown": 1.0}, team_followers=["b"], exclude=["a"])
    assert data.seed_following == {"s": ["a", "b"], "unknown": []}
    assert data.seed_weights == {"s": 2.0, "unknown": 1.0}
    assert data.followers_count["a"] == 1
    assert data.team_followers == frozenset({"b"})
    assert data.exclude == frozenset({"a"})
