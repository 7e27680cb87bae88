"""The weekly report's chart: the funnel (this week against all time) and relationships formed over time.

Drawn with matplotlib's Agg backend (no display, safe in a bot and in CI) into PNG bytes. The backend is chosen
on the figure itself (``FigureCanvasAgg``), not with ``matplotlib.use``, so importing this module changes nothing
for anyone else in the process.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import TYPE_CHECKING

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.relationships.stages import FUNNEL, STAGE_LABELS, Stage

if TYPE_CHECKING:
    from datetime import date

    from bot.relationships.report import WeeklyReportData

WIDTH_IN, HEIGHT_IN, DPI = 9.0, 3.6, 100
WEEK_COLOR = "#1d9bf0"  # X's blue
ALL_COLOR = "#cfd9de"
LINE_COLOR = "#00ba7c"


def relationships_over_time(report: WeeklyReportData) -> tuple[list[date], list[int], list[int]]:
    """(week starts, relationships formed that week, relationships in all by the week's end) for the weeks shown.
    The running total starts from those formed before the chart's first week, so it ends where "in all" does."""
    weeks = [point.week_start for point in report.history]
    formed = [point.counts[Stage.RELATIONSHIP] for point in report.history]
    running, total = [], report.relationships_before
    for count in formed:
        total += count
        running.append(total)
    return weeks, formed, running


def draw_chart(report: WeeklyReportData) -> bytes:
    """The chart as PNG bytes (900 x 360 pixels)."""
    buffer = io.BytesIO()
    chart_figure(report).savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def chart_figure(report: WeeklyReportData) -> Figure:
    """The chart as a matplotlib figure (Agg canvas): the funnel on the left, relationships over time right."""
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    left, right = figure.subplots(1, 2, width_ratios=[1.15, 1])
    last_day = report.week_end - timedelta(days=1)
    figure.suptitle(
        f"What came of it — week of {report.week_start:%b %d} to {last_day:%b %d}",
        fontsize=12,
        fontweight="bold",
    )

    # The funnel: all time as a pale bar, this week in blue on top of it, numbers at the ends.
    stages = list(reversed(FUNNEL))
    labels = [STAGE_LABELS[stage] for stage in stages]
    positions = range(len(stages))
    all_time = [report.in_all[stage] for stage in stages]
    this_week = [report.this_week[stage] for stage in stages]
    left.barh(positions, all_time, color=ALL_COLOR, label="in all")
    left.barh(positions, this_week, color=WEEK_COLOR, height=0.5, label="this week")
    widest = max([*all_time, 1])
    for y, (total, week) in enumerate(zip(all_time, this_week, strict=True)):
        left.text(total + widest * 0.02, y, f"{week} / {total}", va="center", fontsize=9)
    left.set_yticks(list(positions), labels)
    left.set_xlim(0, widest * 1.25)
    left.xaxis.get_major_locator().set_params(integer=True)  # people, never 0.2 of one
    left.set_title("Funnel: this week / in all", fontsize=10)
    # Under the axis, not on it: a flat funnel (every stage near "suggested") fills the plot to its corners.
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=2, fontsize=8, frameon=False)
    left.spines[["top", "right"]].set_visible(False)
    if not any(all_time):
        left.text(0.5, 0.5, "nobody suggested yet", transform=left.transAxes, ha="center", color="#536471")

    # Relationships formed each week, and the running total.
    weeks, formed, running = relationships_over_time(report)
    x = range(len(weeks))
    right.bar(x, formed, color=WEEK_COLOR, label="formed that week")
    right.plot(x, running, color=LINE_COLOR, marker="o", linewidth=2, label="in all")
    # A week without a new relationship shows as a gap, the total line flat across it (no numbers on the bars:
    # they sit where the line's first point does).
    many = len(weeks) > 5
    right.set_xticks(
        list(x), [f"{week:%b %d}" for week in weeks], rotation=45 if many else 0, ha="right" if many else "center"
    )
    right.tick_params(axis="x", labelsize=8)
    right.set_xlabel("week starting", fontsize=8)
    right.set_xlim(-0.6, max(len(weeks), 2) - 0.4)  # one week alone is a bar, not a band across the plot
    right.set_ylim(0, max([*running, 1]) * 1.2)
    right.yaxis.get_major_locator().set_params(integer=True)
    right.set_title("Relationships over time", fontsize=10)
    right.legend(loc="upper center", bbox_to_anchor=(0.5, 1.0), ncols=2, fontsize=8, frameon=False)
    right.spines[["top", "right"]].set_visible(False)
    if not any(running):
        right.text(0.5, 0.5, "no relationship yet", transform=right.transAxes, ha="center", color="#536471")
    return figure
