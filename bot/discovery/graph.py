"""A follow graph loaded from a ``follower<TAB>followee`` file, for the offline ranker and benchmarks.

File format: one edge per line, ``follower followee`` separated by a tab or any whitespace; extra
columns are ignored (the SNAP ego files mark some lines ``ego``); blank lines and lines starting with
``#`` are skipped; a ``.gz`` suffix means gzip. Ids are kept as strings.

The graph only answers what the live bot could learn from X: an account's following list, an
account's followers (used for the team's own account), and follower counts (in-degree here).
:meth:`FollowGraph.rank_input` builds the ranker's input from the seeds' out-edges only.
"""

from __future__ import annotations

import gzip
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from bot.discovery.rank import RankInput

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping


class GraphFormatError(ValueError):
    """A graph file that cannot be read; the message names the file and line."""


@dataclass
class FollowGraph:
    following: dict[str, list[str]]
    """Account -> accounts it follows (no duplicates, no self-follows). Every id string is one shared
    object, so the lists cost a pointer per edge."""
    followers_count: Mapping[str, int] = field(init=False)
    """Account -> number of accounts following it in the file: stands for X's ``followers_count``."""

    def __post_init__(self) -> None:
        self.followers_count = Counter(chain.from_iterable(self.following.values()))

    @classmethod
    def from_edges(cls, edges: Iterable[tuple[str, str]]) -> FollowGraph:
        interned: dict[str, str] = {}
        intern = interned.setdefault
        adjacency: dict[str, dict[str, None]] = {}
        for follower, followee in edges:
            if follower == followee:
                continue
            follower = intern(follower, follower)
            followee = intern(followee, followee)
            targets = adjacency.get(follower)
            if targets is None:
                adjacency[follower] = targets = {}
            targets[followee] = None  # a dict, not a list, so repeated lines count once
        return cls({account: list(targets) for account, targets in adjacency.items()})

    @classmethod
    def load(cls, path: str | Path) -> FollowGraph:
        """Read a graph file; raises ``GraphFormatError`` (or ``OSError``) with a readable message."""
        path = Path(path)
        try:
            if path.suffix == ".gz":
                with gzip.open(path, "rb") as compressed:
                    raw = compressed.read()
            else:
                raw = path.read_bytes()
            text = raw.decode("utf-8")
        except (gzip.BadGzipFile, EOFError, UnicodeDecodeError) as error:
            raise GraphFormatError(f"{path}: not a readable follow-graph file ({error})") from None
        return cls.from_edges(_parse_edges(text, path))

    @cached_property
    def followers(self) -> dict[str, list[str]]:
        """Account -> accounts following it (built on first use; only the team's own list is ever
        read by the ranker, and only the benchmark needs it)."""
        reverse: dict[str, list[str]] = {}
        for follower, followees in self.following.items():
            for followee in followees:
                followers = reverse.get(followee)
                if followers is None:
                    reverse[followee] = followers = []
                followers.append(follower)
        return reverse

    @cached_property
    def accounts(self) -> frozenset[str]:
        return frozenset(chain(self.following, self.followers_count))

    def following_of(self, account: str) -> list[str]:
        return self.following.get(account, [])

    def followers_of(self, account: str) -> list[str]:
        return self.followers.get(account, [])

    def rank_input(
        self,
        seed_weights: Mapping[str, float],
        *,
        team_followers: Iterable[str] = (),
        exclude: Iterable[str] = (),
    ) -> RankInput:
        """The ranker's input for one query, using the seeds' following lists and nothing else of
        the graph's edges. Seeds the graph does not know follow nobody and so contribute nothing."""
        return RankInput(
            seed_following={seed: self.following.get(seed, []) for seed in seed_weights},
            seed_weights=dict(seed_weights),
            followers_count=self.followers_count,
            team_followers=frozenset(team_followers),
            exclude=frozenset(exclude),
        )


def _parse_edges(text: str, path: Path) -> Iterable[tuple[str, str]]:
    for line_number, line in enumerate(text.splitlines(), start=1):
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        if len(fields) < 2:
            raise GraphFormatError(f"{path}:{line_number}: expected 'follower<TAB>followee', got {line.strip()[:80]!r}")
        yield fields[0], fields[1]
