"""Every reply fits Discord's limits and says how much was left out; markdown is escaped once."""

from __future__ import annotations

import discord
from hypothesis import given
from hypothesis import strategies as st

from bot.discovery.seeds import Refusal, SeedAddResult
from bot.errors import InvalidHandle, UnknownAccount
from bot.models import Seed
from bot.replies import MESSAGE_LIMIT, fit_embeds, fit_lines
from bot.reports import SeedProgress
from cogs.seeds import render_add, render_list


@given(st.lists(st.text(max_size=300), max_size=60), st.one_of(st.none(), st.text(max_size=300)))
def test_fit_lines_never_passes_the_limit(lines: list[str], header: str | None) -> None:
    assert len(fit_lines(lines, header=header)) <= MESSAGE_LIMIT


def test_fit_lines_says_how_many_were_left_out() -> None:
    text = fit_lines([f"line {n:03d} " + "x" * 40 for n in range(100)], header="**100 things**", what="more things")
    shown = sum(1 for line in text.splitlines() if line.startswith("line "))
    assert text.endswith(f"…and {100 - shown} more things") and 0 < shown < 100


def test_fit_embeds_keeps_the_message_within_6000_characters() -> None:
    embeds = [discord.Embed(title=f"{n}", description="d" * 1500) for n in range(10)]
    kept, left_out = fit_embeds(embeds)
    assert sum(len(embed) for embed in kept) <= 6000 and len(kept) + left_out == 10 and left_out == 7


def test_seed_add_with_100_unknown_or_invalid_entries_fits_and_says_what_was_saved() -> None:
    added = [Seed(guild_id=1, account_id=str(n), handle=f"seed_{n}") for n in range(3)]
    unknown = [Refusal(f"nobody_{n}", UnknownAccount(f"nobody_{n}").message) for n in range(100)]
    invalid = [Refusal("x" * 60, InvalidHandle("x" * 60 + f"{n}").message) for n in range(100)]
    for refused in (unknown, invalid):
        text = render_add(SeedAddResult(added=added, refused=refused))
        assert len(text) <= MESSAGE_LIMIT
        assert text.startswith("Added 3 seeds: @seed\\_0, @seed\\_1 and @seed\\_2.")
        assert "more not added" in text


def test_seed_list_escapes_markdown_once() -> None:
    progress = tuple(SeedProgress(f"rust_{n}", 1.0, 10, "complete", None) for n in range(8))
    text = render_list(progress)
    assert text.startswith("**8 seeds**\n@rust\\_0 · weight 1")
    assert "\\*" not in text and "\\\\" not in text
