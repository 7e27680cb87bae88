"""Counted nouns and joined names: the one helper every message uses."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.formats import human_join, plural


@pytest.mark.parametrize(
    ("count", "spec", "expected"),
    [
        (1, "member", "1 member"),
        (0, "member", "0 members"),
        (3, "member", "3 members"),
        (-1, "member", "-1 member"),
        (1, "person|people", "1 person"),
        (2, "person|people", "2 people"),
        (1000, "post", "1000 posts"),
        (1000, "follower,", "1,000 followers"),
        (1, "two-way exchange", "1 two-way exchange"),
    ],
)
def test_plural_counts_the_noun(count: int, spec: str, expected: str) -> None:
    assert format(plural(count), spec) == expected


def test_plural_reads_inside_an_f_string() -> None:
    assert f"{plural(1):member} and {plural(4):List}" == "1 member and 4 Lists"


def test_plural_without_a_noun_is_refused() -> None:
    with pytest.raises(ValueError, match="noun"):
        format(plural(2), "")


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], ""),
        (["@a"], "@a"),
        (["@a", "@b"], "@a and @b"),
        (["@a", "@b", "@c"], "@a, @b and @c"),
    ],
)
def test_human_join_says_names_as_a_sentence(items: list[str], expected: str) -> None:
    assert human_join(items) == expected


def test_human_join_takes_another_final_word() -> None:
    assert human_join(["niche", "city"], final="or") == "niche or city"


@given(st.lists(st.text(alphabet="abc@_", min_size=1, max_size=5), min_size=2, max_size=8))
def test_human_join_keeps_every_name_in_order(items: list[str]) -> None:
    joined = human_join(items)
    assert joined.endswith(f" and {items[-1]}")
    assert joined.removesuffix(f" and {items[-1]}").split(", ") == items[:-1]
