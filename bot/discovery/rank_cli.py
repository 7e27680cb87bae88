"""``python -m bot rank``: rank candidates offline for queries against a follow-graph file.

Each line of the queries file is a JSON object::

    {"id": "q1", "seeds": ["12", "34"] | {"12": 2.0, "34": 1.0},
     "followers": ["56"], "exclude": ["78"], "k": 20}

``followers`` (accounts following the team), ``exclude`` and ``k`` (default 20) are optional; other
keys are ignored. Blank lines and lines starting with ``#`` are skipped. Each answer is one JSON line
``{"id": ..., "ranked": [{"account": ..., "score": ..., "followed_by": [...]}, ...]}`` on stdout or in
``--out``. Every query is checked before anything is ranked or written, so bad input leaves no
half-written output: a one-line error on stderr and exit code 2.
"""

from __future__ import annotations

import gzip
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.discovery.graph import FollowGraph, GraphFormatError
from bot.discovery.rank import DEFAULT_METHOD, METHODS, RankedCandidate, rank_candidates

if TYPE_CHECKING:
    import argparse
    from collections.abc import Mapping

INPUT_ERROR = 2
DEFAULT_K = 20


class QueryError(ValueError):
    """A query line that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Query:
    id: str
    seed_weights: dict[str, float]
    followers: frozenset[str]
    exclude: frozenset[str]
    k: int


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--graph", required=True, type=Path, help="follower<TAB>followee edges, one per line (.gz ok)")
    parser.add_argument("--queries", required=True, type=Path, help="one JSON query per line ('-' for stdin)")
    parser.add_argument("--out", type=Path, default=None, help="write the JSON lines here instead of stdout")
    parser.add_argument(
        "--method",
        choices=list(METHODS),
        default=DEFAULT_METHOD,
        help=f"scoring method (default {DEFAULT_METHOD}; the others are there to compare)",
    )


def run(args: argparse.Namespace) -> int:
    """Rank every query; return the process exit code (0 ok, 2 bad input)."""
    try:
        queries = _read_queries(args.queries)
        graph = FollowGraph.load(args.graph)
    except (QueryError, GraphFormatError) as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(f"cannot read {error.filename or args.graph}: {error.strerror or error}")

    method = getattr(args, "method", DEFAULT_METHOD)
    answers = (_answer(graph, query, method) for query in queries)
    try:
        if args.out is None:
            _write(answers, sys.stdout)
        else:
            with args.out.open("w", encoding="utf-8") as out:
                _write(answers, out)
    except OSError as error:
        return _fail(f"cannot write {error.filename or args.out}: {error.strerror or error}")
    return 0


def parse_query(line: str, *, where: str) -> Query:
    """Turn one JSON line into a Query; ``where`` ("file:line") prefixes every error message."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as error:
        raise QueryError(f"{where}: invalid JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(raw, dict):
        raise QueryError(f"{where}: expected a JSON object, got {type(raw).__name__}")
    query_id = raw.get("id")
    if not isinstance(query_id, str):
        raise QueryError(f"{where}: 'id' must be a string, got {_describe(query_id)}")
    if "seeds" not in raw:
        raise QueryError(f"{where}: 'seeds' is missing")
    k = raw.get("k", DEFAULT_K)
    if isinstance(k, bool) or not isinstance(k, int) or k < 0:
        raise QueryError(f"{where}: 'k' must be a non-negative integer, got {_describe(k)}")
    return Query(
        id=query_id,
        seed_weights=_seed_weights(raw["seeds"], where=where),
        followers=frozenset(_id_list(raw.get("followers", []), "followers", where=where)),
        exclude=frozenset(_id_list(raw.get("exclude", []), "exclude", where=where)),
        k=k,
    )


def _seed_weights(raw: Any, *, where: str) -> dict[str, float]:
    if isinstance(raw, list):
        return dict.fromkeys(_id_list(raw, "seeds", where=where), 1.0)
    if not isinstance(raw, dict):
        raise QueryError(f"{where}: 'seeds' must be a list of ids or an object id -> weight, got {_describe(raw)}")
    weights: dict[str, float] = {}
    for seed, weight in raw.items():
        valid_number = isinstance(weight, int | float) and not isinstance(weight, bool)
        if not valid_number or not math.isfinite(weight) or weight < 0:
            raise QueryError(f"{where}: weight of seed {seed!r} must be a number >= 0, got {_describe(weight)}")
        weights[seed] = float(weight)
    return weights


def _id_list(raw: Any, name: str, *, where: str) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise QueryError(f"{where}: '{name}' must be a list of id strings, got {_describe(raw)}")
    return raw


def _describe(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _read_queries(path: Path) -> list[Query]:
    if str(path) == "-":
        return _parse_lines(sys.stdin, "<stdin>")
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as lines:
            return _parse_lines(lines, str(path))
    except (UnicodeDecodeError, gzip.BadGzipFile, EOFError) as error:
        raise QueryError(f"{path}: not a readable text file ({error})") from None


def _parse_lines(lines: TextIO, name: str) -> list[Query]:
    queries = []
    for line_number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            queries.append(parse_query(stripped, where=f"{name}:{line_number}"))
    return queries


def _answer(graph: FollowGraph, query: Query, method: str) -> dict[str, Any]:
    data = graph.rank_input(query.seed_weights, team_followers=query.followers, exclude=query.exclude)
    ranked = rank_candidates(data, k=query.k, method=method)
    return {"id": query.id, "ranked": [_candidate_json(candidate) for candidate in ranked]}


def _candidate_json(candidate: RankedCandidate) -> Mapping[str, Any]:
    return {"account": candidate.account, "score": candidate.score, "followed_by": list(candidate.followed_by)}


def _write(answers: Any, out: TextIO) -> None:
    for answer in answers:
        out.write(json.dumps(answer, separators=(",", ":")) + "\n")


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return INPUT_ERROR
