"""``python -m bot rank`` end to end, including its input errors."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.discovery import rank_cli

REPO = Path(__file__).resolve().parents[2]
GRAPH = "\n".join(
    ["# follower\tfollowee", "s1\ta", "s1\tb", "s2\ta", "s2\tc", "s2\ts1", "a\tteam", "x\ta", "y\ta", "z\tb"]
)


def _run(tmp_path: Path, queries: str, *extra: str) -> tuple[int, list[dict[str, object]]]:
    graph = tmp_path / "graph.tsv"
    graph.write_text(GRAPH)
    query_file = tmp_path / "queries.jsonl"
    query_file.write_text(queries)
    out = tmp_path / "out.jsonl"
    parser = argparse.ArgumentParser()
    rank_cli.add_arguments(parser)
    args = parser.parse_args(["--graph", str(graph), "--queries", str(query_file), "--out", str(out), *extra])
    code = rank_cli.run(args)
    lines = out.read_text().splitlines() if out.exists() else []
    return code, [json.loads(line) for line in lines]


def test_rank_cli_ranks_every_query(tmp_path: Path) -> None:
    queries = (
        '{"id": "q1", "seeds": ["s1", "s2", "ghost"], "followers": ["a"]}\n'
        "\n"
        '{"id": "q2", "seeds": {"s1": 1, "s2": 0.5}, "exclude": ["a"], "k": 1}\n'
    )
    code, answers = _run(tmp_path, queries)
    assert code == 0
    assert [answer["id"] for answer in answers] == ["q1", "q2"]
    first = answers[0]["ranked"]
    assert isinstance(first, list)
    assert [item["account"] for item in first] == ["a", "b", "c"]  # a is a warm lead followed by both
    assert first[0]["followed_by"] == ["s1", "s2"]
    assert all(set(item) == {"account", "score", "followed_by"} for item in first)
    assert answers[1]["ranked"] == [
        {"account": "b", "score": pytest.approx(1 / 1.0986122886681098), "followed_by": ["s1"]}
    ]


def test_rank_cli_method_flag(tmp_path: Path) -> None:
    code, answers = _run(tmp_path, '{"id": "q", "seeds": ["s1", "s2"]}\n', "--method", "count")
    assert code == 0
    ranked = answers[0]["ranked"]
    assert isinstance(ranked, list)
    assert ranked[0] == {"account": "a", "score": 2.0, "followed_by": ["s1", "s2"]}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "queries.jsonl:2: invalid JSON"),
        ("[1, 2]", "queries.jsonl:2: expected a JSON object"),
        ('{"seeds": []}', "queries.jsonl:2: 'id' must be a string"),
        ('{"id": "q"}', "queries.jsonl:2: 'seeds' is missing"),
        ('{"id": "q", "seeds": "s1"}', "queries.jsonl:2: 'seeds' must be"),
        ('{"id": "q", "seeds": [1]}', "queries.jsonl:2: 'seeds' must be a list of id strings"),
        ('{"id": "q", "seeds": {"s1": "high"}}', "queries.jsonl:2: weight of seed 's1'"),
        ('{"id": "q", "seeds": {"s1": -1}}', "queries.jsonl:2: weight of seed 's1'"),
        ('{"id": "q", "seeds": [], "k": "5"}', "queries.jsonl:2: 'k' must be"),
        ('{"id": "q", "seeds": [], "k": true}', "queries.jsonl:2: 'k' must be"),
        ('{"id": "q", "seeds": [], "followers": "a"}', "queries.jsonl:2: 'followers' must be"),
        ('{"id": "q", "seeds": [], "exclude": [null]}', "queries.jsonl:2: 'exclude' must be"),
    ],
)
def test_rank_cli_bad_query_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, message: str) -> None:
    code, answers = _run(tmp_path, '{"id": "ok", "seeds": ["s1"]}\n' + line + "\n")
    assert code == 2
    assert answers == []  # nothing half-written
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_rank_cli_missing_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    rank_cli.add_arguments(parser)
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": "q", "seeds": []}\n')
    for graph, query_file in [(tmp_path / "missing.tsv", queries), (queries, tmp_path / "missing.jsonl")]:
        args = parser.parse_args(["--graph", str(graph), "--queries", str(query_file)])
        assert rank_cli.run(args) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: cannot read")
        assert "missing" in err
        assert err.count("\n") == 1


def test_rank_cli_bad_graph_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    graph = tmp_path / "g.tsv"
    graph.write_text("a\tb\nonly-one-column\n")
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": "q", "seeds": ["a"]}\n')
    parser = argparse.ArgumentParser()
    rank_cli.add_arguments(parser)
    assert rank_cli.run(parser.parse_args(["--graph", str(graph), "--queries", str(queries)])) == 2
    assert "g.tsv:2:" in capsys.readouterr().err


@pytest.mark.skipif(
    not (REPO / "bot" / "sandbox" / "cli.py").exists(),
    reason="python -m bot imports bot.sandbox.cli, which another engineer has not landed yet",
)
def test_rank_cli_subprocess(tmp_path: Path) -> None:
    graph = tmp_path / "graph.tsv"
    graph.write_text(GRAPH)
    queries = tmp_path / "queries.jsonl"
    queries.write_text('{"id": "q", "seeds": ["s1", "s2"], "k": 2}\n{"id": "bad"\n')
    command = [sys.executable, "-m", "bot", "rank", "--graph", str(graph), "--queries", str(queries)]
    bad = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)
    assert bad.returncode == 2
    assert "queries.jsonl:2:" in bad.stderr
    assert "Traceback" not in bad.stderr
    queries.write_text('{"id": "q", "seeds": ["s1", "s2"], "k": 2}\n')
    good = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=True)
    answer = json.loads(good.stdout)
    assert answer["id"] == "q"
    assert [item["account"] for item in answer["ranked"]] == ["a", "b"]
