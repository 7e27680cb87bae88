"""The shared text rules: one definition each, and every reader of posts agrees on them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.discovery.activity import asks_something, is_link_only
from bot.networks.base import NetworkPost
from bot.openers import invitation_kind
from bot.text import (
    contains_url,
    ends_with_question,
    has_question_mark,
    mentioned_handles,
    say_age,
    strip_mentions,
    strip_urls,
    words,
)

NOW = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)


def _post(text: str) -> NetworkPost:
    return NetworkPost(id="1", author_id="7", text=text, created_at=NOW)


@pytest.mark.parametrize(
    "text",
    [
        "Which editor do you use for Rust?",
        "¿Qué editor usas para Rust?",
        "ما هو المحرر الذي تستخدمه؟",
        "どのエディタを使っていますか？",
    ],
)
def test_activity_and_openers_agree_on_what_a_question_is(text: str) -> None:
    # Activity counted ¿ and ؟ while the openers did not: one rule now, the broader one.
    assert has_question_mark(text)
    assert asks_something(_post(text))
    assert invitation_kind(text) == "question"


def test_a_question_mark_inside_a_link_is_not_a_question() -> None:
    text = "New release notes https://example.com/notes?version=2"
    assert not has_question_mark(text)
    assert not asks_something(_post(text))
    assert invitation_kind(text) is None


def test_ends_with_question_reads_only_the_last_character() -> None:
    assert ends_with_question("Is it?")
    assert ends_with_question("هل هو كذلك؟")
    assert not ends_with_question("Is it? Yes.")
    assert not ends_with_question("")


def test_links_mentions_and_words() -> None:
    text = "Thanks @ada_dev and ＠bob — see www.example.org/x or https://t.co/abc for don't-miss notes"
    assert mentioned_handles(text) == ["ada_dev", "bob"]
    assert "example.org" not in strip_urls(text)
    assert "t.co" not in strip_urls(text)
    assert "ada_dev" not in strip_mentions(text)
    assert contains_url("read example.com today")
    assert not contains_url("Node.js and e.g. Python")
    assert words("don't-miss #rust, co-op") == ["don't-miss", "#rust", "co-op"]


def test_a_link_with_a_few_words_is_link_only_in_activity() -> None:
    assert is_link_only(_post("look www.example.org/post"))
    assert not is_link_only(_post("I wrote down how we migrated the cluster https://t.co/x"))


@pytest.mark.parametrize(
    ("hours", "said"), [(0.2, "less than an hour ago"), (5.9, "5 h ago"), (47.9, "47 h ago"), (72, "3 d ago")]
)
def test_say_age(hours: float, said: str) -> None:
    assert say_age(hours) == said
