"""The one input policy: handles and links, free text, keywords, numbers, choices, time zones."""

from __future__ import annotations

import math
from zoneinfo import available_timezones

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import InvalidHandle
from bot.inputs import (
    RESERVED,
    AccountIdLink,
    InvalidInput,
    check_choice,
    check_number,
    clean_text,
    parse_handle,
    parse_keywords,
    split_handles,
    strip_invisible,
    timezone_key,
)
from bot.team import parse_timezone

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
        # The examples: a mirror link, a full-width @, a handle at the end of a sentence.
        ("https://fxtwitter.com/alice_b", "alice_b"),
        ("＠alice_b", "alice_b"),
        ("@alice_b.", "alice_b"),
        # Every form people paste.
        ("https://fixupx.com/alice_b/status/1", "alice_b"),
        ("https://vxtwitter.com/alice_b", "alice_b"),
        ("fixvx.com/alice_b", "alice_b"),
        ("https://twittpr.com/alice_b", "alice_b"),
        ("https://d.fxtwitter.com/alice_b/status/1", "alice_b"),
        ("https://nitter.net/alice_b", "alice_b"),
        ("https://xcancel.com/alice_b/with_replies", "alice_b"),
        ("https://nitter.poast.org/alice_b", "alice_b"),
        ("https://m.twitter.com/alice_b", "alice_b"),
        ("https://mobile.x.com/alice_b", "alice_b"),
        ("https://twitter.com/#!/alice_b", "alice_b"),
        ("https://twitter.com/intent/user?screen_name=alice_b", "alice_b"),
        ("https://x.com/intent/follow?screen_name=alice_b&original_referer=x", "alice_b"),
        ("HTTPS://X.COM/alice_b", "alice_b"),
        ("x.com/%40alice_b", "alice_b"),
        ("ａｌｉｃｅ＿ｂ", "alice_b"),
        ("alice\u200b_b", "alice_b"),
        ("(@alice_b)", "alice_b"),
        ("“@alice_b”,", "alice_b"),
        ("@alice_b!", "alice_b"),
        # Pasted from CJK text: brackets and marks NFKC leaves alone, and 。 typed for a host's dot.
        ("「@alice_b」", "alice_b"),
        ("（@alice_b）", "alice_b"),
        ("【@alice_b】", "alice_b"),
        ("@alice_b。", "alice_b"),
        ("@alice_b，", "alice_b"),
        ("@alice_b、", "alice_b"),
        ("「@alice_b」。", "alice_b"),
        ("x。com/alice_b", "alice_b"),
        ("https://twitter。com/alice_b。", "alice_b"),
        # A possessive, emoji pasted along, Discord markdown around it.
        ("@alice_b's", "alice_b"),
        ("@alice_b’s", "alice_b"),
        ("x.com/alice_b's", "alice_b"),
        ("@alice_b 🎉", "alice_b"),
        ("@alice_b👍🏽", "alice_b"),
        ("🔥@alice_b🔥", "alice_b"),
        ("**@alice_b**", "alice_b"),
        ("`@alice_b`", "alice_b"),
        ("||@alice_b||", "alice_b"),
        # Link decorations: Discord's no-embed brackets, share queries, fragments, X's mobile host, intents.
        ("<https://x.com/alice_b>", "alice_b"),
        ("https://x.com/alice_b?s=20", "alice_b"),
        ("https://x.com/alice_b?s=20&t=AbC", "alice_b"),
        ("https://x.com/alice_b#replies", "alice_b"),
        ("mobile.x.com/alice_b", "alice_b"),
        ("twitter.com/intent/user?screen_name=alice_b", "alice_b"),
        ("<https://x.com/alice_b/status/1?s=20>。", "alice_b"),
    ],
)
def test_parse_handle_accepts_handles_and_profile_links(raw: str, handle: str) -> None:
    assert parse_handle(raw) == handle


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "@",
        "way_too_long_handle_name",
        "ja!ck",
        "https://example.com/jack",
        "https://x.com/home",
        "x.com",
        "@ja ck",
        "https://fxtwitter.com.evil.example/alice_b",
        "https://notfxtwitter.com/alice_b",
        "alice@example.com",
        "\u200b\u200b",
        "alice\x00b",
    ],
)
def test_parse_handle_refuses_what_is_not_a_handle_politely(raw: str) -> None:
    with pytest.raises(InvalidHandle) as refused:
        parse_handle(raw)
    assert "is not an X handle" in refused.value.message
    assert "\x00" not in refused.value.message


@pytest.mark.parametrize("raw", ["https://x.com/i/user/783214", "https://twitter.com/intent/user?user_id=783214"])
def test_parse_handle_says_an_account_number_link_needs_the_handle(raw: str) -> None:
    with pytest.raises(AccountIdLink) as refused:
        parse_handle(raw)
    assert "by its number" in refused.value.message


@given(HANDLES)
def test_parse_handle_round_trips_every_form(handle: str) -> None:
    for form in (
        handle,
        f"@{handle}",
        f"https://x.com/{handle}",
        f"twitter.com/{handle}/",
        f"https://fxtwitter.com/{handle}",
        f"@{handle}.",
        f"＠{handle}",
    ):
        assert parse_handle(form) == handle


@given(st.text(max_size=40))
def test_parse_handle_returns_a_valid_handle_or_refuses(raw: str) -> None:
    try:
        handle = parse_handle(raw)
    except InvalidHandle:
        return
    assert 1 <= len(handle) <= 15 and all(c.isascii() and (c.isalnum() or c == "_") for c in handle)


def test_split_handles_ignores_emoji_and_punctuation_between_handles() -> None:
    assert split_handles("@alice_b 🎉 @bob — 「@carol」、@dave。") == ["@alice_b", "@bob", "「@carol」", "@dave。"]
    assert [parse_handle(entry) for entry in split_handles("「@carol」、@dave。")] == ["carol", "dave"]


def test_split_handles_takes_spaces_commas_and_lines() -> None:
    assert split_handles("@a, b;c\n https://x.com/d  ") == ["@a", "b", "c", "https://x.com/d"]
    assert split_handles(",,, ; \u200b") == []
    assert split_handles("＠a，＠b") == ["@a", "@b"]


# -- free text -------------------------------------------------------------------------------------------------------


def test_clean_text_refuses_a_nul_byte_naming_the_code_point() -> None:
    with pytest.raises(InvalidInput) as refused:
        clean_text("Rust\x00Berlin", label="The List name", limit=25)
    assert "U+0000" in refused.value.message and "\x00" not in refused.value.message


def test_clean_text_refuses_lone_surrogates() -> None:
    with pytest.raises(InvalidInput):
        clean_text("Rust\ud800", label="The List name", limit=25)


def test_clean_text_refuses_a_name_of_only_zero_width_spaces() -> None:
    with pytest.raises(InvalidInput) as refused:
        clean_text("\u200b\u200b\u200b", label="The List name", limit=25)
    assert "can't be empty" in refused.value.message
    for blank in ("\u3164", "\u2800\u2800", "\ufeff", " \u200c\u2060 "):
        with pytest.raises(InvalidInput):
            clean_text(blank, label="The List name", limit=25)


def test_clean_text_removes_invisibles_and_collapses_spaces() -> None:
    assert clean_text("  Rust\u200b  Berlin\u202e ", label="x", limit=25) == "Rust Berlin"
    assert clean_text("a\r\n\n  b", label="x", limit=25, multiline=True) == "a\nb"
    assert clean_text("", label="x", limit=25, required=False) == ""


def test_clean_text_keeps_emoji_sequences_whole() -> None:
    technologist = "\U0001f469\u200d\U0001f4bb"
    assert clean_text(f"{technologist} devs", label="x", limit=25) == f"{technologist} devs"


def test_clean_text_enforces_the_limit_after_cleaning() -> None:
    assert clean_text("x" * 25, label="The List name", limit=25) == "x" * 25
    with pytest.raises(InvalidInput) as refused:
        clean_text("x" * 26, label="The List name", limit=25)
    assert "at most 25" in refused.value.message and "26" in refused.value.message
    with pytest.raises(InvalidInput):
        clean_text("x" * 10_000, label="The keywords", limit=1000)


@given(st.text(max_size=60))
def test_clean_text_never_returns_controls_or_format_characters(raw: str) -> None:
    try:
        cleaned = clean_text(raw, label="x", limit=100, required=False)
    except InvalidInput:
        return
    assert cleaned == cleaned.strip()
    assert not any(char in cleaned for char in "\x00\u200b\u202e\ufeff")


# -- keywords --------------------------------------------------------------------------------------------------------


def test_parse_keywords_keeps_multi_word_keywords_once() -> None:
    assert parse_keywords(" San  Francisco, SF,#sf , sf ,") == ("San Francisco", "SF")


def test_parse_keywords_separators_alone_give_no_keyword() -> None:
    assert parse_keywords(",,, ;") == ()
    assert parse_keywords("\u200b, ;;, ...") == ()
    assert parse_keywords("rust; cargo\ntokio") == ("rust", "cargo", "tokio")


def test_parse_keywords_refuses_oversized_input() -> None:
    with pytest.raises(InvalidInput):
        parse_keywords("k" * 10_000)
    with pytest.raises(InvalidInput) as refused:
        parse_keywords("a" * 60)
    assert "at most 50" in refused.value.message
    with pytest.raises(InvalidInput):
        parse_keywords(", ".join(f"w{n}" for n in range(120)))


# -- numbers, choices, time zones -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [-1, 0, 48.5, math.nan, math.inf])
def test_check_number_refuses_what_discord_range_only_describes(value: float) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_number(value, label="Hours between reads", low=0.5, high=48)
    assert "between 0.5 and 48" in refused.value.message


def test_check_number_accepts_the_bounds_and_checks_whole_numbers() -> None:
    assert check_number(0.5, label="x", low=0.5, high=48) == 0.5
    with pytest.raises(InvalidInput):
        check_number(2.5, label="The hour", low=0, high=23, integer=True)


def test_check_choice_is_case_insensitive_and_refuses_the_rest() -> None:
    assert check_choice("City", ["niche", "city"], label="A List's kind") == "city"
    assert check_choice("ｎｉｃｈｅ", ["niche", "city"], label="A List's kind") == "niche"
    with pytest.raises(InvalidInput) as refused:
        check_choice("planet", ["niche", "city"], label="A List's kind")
    assert "“niche”, “city”" in refused.value.message and "planet" in refused.value.message


def test_timezone_key_ignores_case_and_spaces() -> None:
    known = available_timezones()
    assert timezone_key("europe/berlin", known) == "Europe/Berlin"
    assert timezone_key(" America/New York ", known) == "America/New_York"
    assert timezone_key("Mars/Olympus", known) is None
    assert timezone_key("\u200b", known) is None


def test_strip_invisible_neutralises_bidi_overrides() -> None:
    assert strip_invisible("Alice\u202e (@alice)") == "Alice (@alice)"
    assert strip_invisible("\u2066x\u2069\u200f") == "x"


def test_time_zones_are_matched_case_insensitively() -> None:
    assert parse_timezone("europe/berlin").key == "Europe/Berlin"
    assert parse_timezone("america/new york").key == "America/New_York"
    assert parse_timezone("utc").key == "UTC"
