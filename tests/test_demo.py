"""The demo's terminal rendering of a digest entry: counted nouns, opener titles, and X text kept as text."""

from __future__ import annotations

from datetime import timedelta

from rich.console import Console

from bot.demo import render_entry
from bot.digest import OpenerView
from tests.test_embeds import NOW, entry


def rendered(**overrides: object) -> str:
    console = Console(width=400, record=True, color_system=None)
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


def test_demo_entry_shows_each_openers_intent_link_like_the_discord_button() -> None:
    stored = "https://x.com/intent/post?text=Hi%20%40someone%21"
    reply = OpenerView(
        "reply", "Which part surprised you?", "asked a question", "https://x.com/someone/status/123", "Why?", "template"
    )
    text = rendered(
        openers=(OpenerView("hello", "Hi @someone!", "seed", None, None, "template", intent_url=stored), reply)
    )
    assert f"[Say hello on X] {stored}" in text
    # An opener stored before intents were kept gets one built from its draft and post, answering that post.
    assert "[Reply on X] https://x.com/intent/post?text=Which%20part%20surprised%20you%3F&in_reply_to=123" in text
