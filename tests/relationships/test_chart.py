"""The weekly chart reads well at the edges: nothing drawn over the bars or numbers, whole people, empty weeks."""

from __future__ import annotations

import itertools
import math
from datetime import date, timedelta
from typing import TYPE_CHECKING

from matplotlib.patches import Rectangle
from matplotlib.text import Text

from bot.relationships.chart import DPI, chart_figure, draw_chart
from bot.relationships.report import WeeklyReportData, WeekPoint
from bot.relationships.stages import FUNNEL

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.transforms import Bbox

    from bot.relationships.stages import Stage

START = date(2026, 9, 7)


def counts(*values: int) -> dict[Stage, int]:
    return dict(zip(FUNNEL, values, strict=True))


def report(history: list[WeekPoint], in_all: dict[Stage, int], before: int = 0) -> WeeklyReportData:
    last = history[-1].week_start
    return WeeklyReportData(
        guild_id=1, team_name="t", week_start=last, week_end=last + timedelta(days=7), this_week=history[-1].counts,
        in_all=in_all, by_seed=(), by_list=(), waiting=(), history=tuple(history), tracking_dollars=0.2,
        relationships_before=before,
    )  # fmt: skip


def drawn(figure: Figure) -> tuple[Axes, Axes]:
    figure.canvas.draw()  # lays out (constrained) so extents are final
    left, right = figure.axes
    return left, right


def boxes(axes: Axes) -> list[Bbox]:
    """The drawn bars (non-empty) and texts of ``axes``, in pixels."""
    renderer = axes.figure.canvas.get_renderer()  # pyright: ignore[reportAttributeAccessIssue]
    found = [p.get_window_extent(renderer) for p in axes.patches if isinstance(p, Rectangle) and p.get_width() > 0]
    found += [t.get_window_extent(renderer) for t in axes.texts if isinstance(t, Text) and t.get_text()]
    return [box for box in found if box.width > 0 and box.height > 0]


def test_legends_never_cover_a_bar_or_a_number_even_when_the_funnel_is_flat() -> None:
    """A team whose every suggestion became a relationship fills the funnel to its lower right corner, where the
    legend used to sit over the last bar and its "113 / 955"."""
    flat = [WeekPoint(START + timedelta(weeks=i), counts(120, 118, 117, 115, 114, 113)) for i in range(12)]
    left, right = drawn(chart_figure(report(flat, counts(1000, 990, 985, 970, 960, 955), before=100)))
    renderer = left.figure.canvas.get_renderer()  # pyright: ignore[reportAttributeAccessIssue]
    for axes in (left, right):
        legend = axes.get_legend()
        assert legend is not None
        extent = legend.get_window_extent(renderer)
        assert not any(extent.overlaps(box) for box in boxes(axes)), axes.get_title()
    line = right.lines[0]
    points = right.transData.transform(line.get_xydata())  # pyright: ignore[reportArgumentType]
    legend_box = right.get_legend().get_window_extent(renderer)  # pyright: ignore[reportOptionalMemberAccess]
    assert not any(legend_box.contains(x, y) for x, y in points), "the total line's points stay clear"
    # Twelve week labels side by side: slanted so that the gap between two neighbours' baselines (the tick
    # spacing times the sine of the slant) is more than a line of their text.
    labels = right.get_xticklabels()
    ticks = right.transData.transform([(x, 0) for x in right.get_xticks()])[:, 0]
    spacing = min(b - a for a, b in itertools.pairwise(ticks))
    slant = math.radians(labels[0].get_rotation())
    text_height = float(labels[0].get_fontsize()) * DPI / 72
    assert len(labels) == 12 and spacing * math.sin(slant) > text_height, (spacing, slant, text_height)


def test_an_empty_team_gets_whole_numbers_and_says_nothing_happened_yet() -> None:
    empty = [WeekPoint(START, counts(0, 0, 0, 0, 0, 0))]
    left, right = drawn(chart_figure(report(empty, counts(0, 0, 0, 0, 0, 0))))
    assert all(float(tick).is_integer() for tick in left.get_xticks()), "people are counted whole"
    assert all(float(tick).is_integer() for tick in right.get_yticks())
    said = {text.get_text() for axes in (left, right) for text in axes.texts}
    assert {"nobody suggested yet", "no relationship yet"} <= said
    assert draw_chart(report(empty, counts(0, 0, 0, 0, 0, 0))).startswith(b"\x89PNG")


def test_weeks_without_a_new_relationship_keep_their_place() -> None:
    weeks = [WeekPoint(START + timedelta(weeks=i), counts(5, 3, 3, 2, 2, 1 if i % 2 else 0)) for i in range(6)]
    _, right = drawn(chart_figure(report(weeks, counts(30, 18, 18, 12, 12, 3))))
    assert [label.get_text() for label in right.get_xticklabels()] == [
        f"{START + timedelta(weeks=i):%b %d}" for i in range(6)
    ], "every week is labelled, the empty ones too"
    assert [round(float(y)) for y in list(right.lines[0].get_ydata())] == [0, 1, 1, 2, 2, 3]  # pyright: ignore[reportArgumentType]
    assert right.get_xlabel() == "week starting"
