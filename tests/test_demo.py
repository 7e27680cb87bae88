"""The demo's terminal rendering of a digest entry: counted nouns, opener titles, and X text kept as text."""

from __future__ import annotations

from datetime import timedelta

from rich.console import Console

from bot.demo import render_entry
from tests.test_embeds import NOW, entry


def rendered(**overrides: object) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(render_entry(entry(**overrides), NOW))
    return console.export_text()


def test_demo_entry_counts_in_the_singular_and_names_the_opener() -> None:
    text = rendered(followers_count=1, people_engaged=1, two_way_exchanges=1)
    assert "1 follower · following 300" in text
    assert "1 person engaged · 1 two-way exchange · " in text
    assert "Say hello" in text
    assert "last post 3 d ago" in rendered(last_post_at=NOW - timedelta(days=3, hours=5))


def test_demo_entry_prints_a_location_with_markup_as_written() -> None:
    text = rendered(location="[bold]Lisbon[/] [/]")
    assert "[bold]Lisbon[/] [/]" in text
