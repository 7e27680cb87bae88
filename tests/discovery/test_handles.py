from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.discovery.handles import RESERVED, parse_handle, split_handles
from bot.errors import InvalidHandle

# x.com/i, x.com/home… are pages, so nobody can hold those handles.
HANDLES = st.from_regex(r"[A-Za-z0-9_]{1,15}", fullmatch=True).filter(lambda handle: handle.lower() not in RESERVED)


@pytest.mark.parametrize(
    ("raw", "handle"),
    [
        ("@jack", "jack"),
        ("jack", "jack"),
        ("  @Jack_Dorsey ", "Jack_Dorsey"),
        ("https://x.com/jack", "jack"),
        ("https://twitter.com/jack/status/20", "jack"),
        ("x.com/jack?s=21", "jack"),
        ("http://mobile.twitter.com/jack/", "jack"),
        ("<https://x.com/jack>", "jack"),
        ("https://www.x.com/@jack", "jack"),
    ],
)
def test_parse_handle_accepts_handles_and_profile_links(raw: str, handle: str) -> None:
    assert parse_handle(raw) == handle


@pytest.mark.parametrize(
    "raw",
    ["", "@", "way_too_long_handle_name", "jack!", "https://example.com/jack", "https://x.com/home", "x.com", "@ja ck"],
)
def test_parse_handle_refuses_what_is_not_a_handle_politely(raw: str) -> None:
    with pytest.raises(InvalidHandle) as refused:
        parse_handle(raw)
    assert "is not an X handle" in refused.value.message


@given(HANDLES)
def test_parse_handle_round_trips_every_form(handle: str) -> None:
    for form in (handle, f"@{handle}", f"https://x.com/{handle}", f"twitter.com/{handle}/"):
        assert parse_handle(form) == handle


@given(st.text(max_size=40))
def test_parse_handle_returns_a_valid_handle_or_refuses(raw: str) -> None:
    try:
        handle = parse_handle(raw)
    except InvalidHandle:
        return
    assert 1 <= len(handle) <= 15 and all(c.isascii() and (c.isalnum() or c == "_") for c in handle)


def test_split_handles_takes_spaces_commas_and_lines() -> None:
    assert split_handles("@a, b;c\n https://x.com/d  ") == ["@a", "b", "c", "https://x.com/d"]
