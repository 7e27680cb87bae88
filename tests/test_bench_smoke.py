"""The benchmarks run end to end at a tiny size and print their one line of figures (no timing asserted)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from bench import api_cost, scale

if TYPE_CHECKING:
    from pathlib import Path

FIGURE = r"[0-9]+(?:\.[0-9]+)?"


def figures_of(line: str, names: list[str]) -> dict[str, float]:
    """The ``name=value`` pairs of a final line, which must hold exactly ``names`` in that order."""
    match = re.fullmatch(" ".join(f"{name}=({FIGURE})" for name in names), line)
    assert match, f"unexpected final line: {line!r}"
    return {name: float(value) for name, value in zip(names, match.groups(), strict=True)}


def last_line(capsys: pytest.CaptureFixture[str]) -> str:
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1, "the figures are one line on stdout; details go to stderr"
    return lines[0]


async def test_api_cost_bills_day_two_little_and_the_ledger_equals_the_bill() -> None:
    figures = await api_cost.measure(seeds_count=2, following=50, new_follows=2, seed=3)
    first, second = figures.days
    for day in figures.days:
        assert day.requests > 0 and day.dollars > 0 and day.resources > 0
        assert day.ledger_matches_bill, (day.ledger_dollars, day.dollars)
        assert day.errors == ()
        assert day.lower_bound_dollars > 0
    assert second.dollars < first.dollars, "day 2 refreshes; it does not crawl again"
    assert figures.naive_dollars > second.dollars


def test_api_cost_main_prints_one_line_of_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert api_cost.main(["--seeds", "2", "--following", "50", "--new-follows", "2"]) == 0
    names = ["daily_dollars", "lower_bound_dollars", "daily_vs_lower_bound", "naive_dollars", "naive_vs_daily"]
    values = figures_of(last_line(capsys), names)
    assert values["daily_dollars"] > 0 and values["lower_bound_dollars"] > 0
    assert values["daily_vs_lower_bound"] == pytest.approx(
        values["daily_dollars"] / values["lower_bound_dollars"], abs=0.01
    )


async def test_scale_stores_every_edge_once_and_ranks_them_all() -> None:
    figures = await scale.measure(seeds=5, following=200, overlap=0.3, seed=2, page_size=100)
    assert figures.edges == figures.generated_edges, "no edge lost or stored twice"
    assert figures.loaded_edges == 5 * 200, "the ranker sees every seed edge"
    assert 0 < figures.candidates <= figures.loaded_edges
    assert figures.peak_rss_mb > 0


def test_scale_main_prints_one_line_of_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert scale.main(["--seeds", "5", "--following", "200", "--page", "100"]) == 0
    values = figures_of(last_line(capsys), ["edges", "ingest_s", "rank_s", "peak_rss_mb"])
    assert values["edges"] == 5 * 200


async def test_relationships_bench_matches_the_truth(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from bench import relationships

    assert await relationships.main(["--weeks", "2", "--per-week", "6", "--out", str(tmp_path)]) == 0
    line = last_line(capsys)
    assert re.fullmatch(
        r"weeks=2 people=12 funnel_matches_truth=yes tracking_dollars_per_week=[0-9.]+ reports_posted=2 "
        r"report_png=\S+week-2-weekly-report\.png",
        line,
    ), line


def test_exchanges_bench_measures_real_timelines(capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 13 item 7: the share of conversational accounts for which "two-way exchanges" proves an exchange,
    on the real timelines in ../shared/data/tweets."""
    from bench import exchanges

    if not exchanges.DATA.exists():
        pytest.skip(f"{exchanges.DATA} is not present")
    assert exchanges.main(["--min-posts", "10"]) == 0
    values = figures_of(last_line(capsys), ["timelines", "conversational", "with_exchange", "share"])
    assert values["timelines"] >= values["conversational"] >= values["with_exchange"] > 0
    assert values["share"] == pytest.approx(values["with_exchange"] / values["conversational"], abs=0.005)
