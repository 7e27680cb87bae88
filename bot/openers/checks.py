"""The checks every draft from the LLM passes before it may replace a template's (templates pass by construction)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.openers.context import MAX_DRAFT_LENGTH
from bot.text import DISCORD_MENTION, MASS_MENTION, contains_url, mentioned_handles, x_length

if TYPE_CHECKING:
    from collections.abc import Iterable


def draft_problem(draft: object, *, allowed_handles: Iterable[str], allowed_url: str | None) -> str | None:
    """Why ``draft`` can't be used as it is, or None when it can."""
    if not isinstance(draft, str):
        return "not a string"
    text = draft.strip()
    if not text:
        return "empty"
    if x_length(text) > MAX_DRAFT_LENGTH:
        return f"too long ({x_length(text)} > {MAX_DRAFT_LENGTH})"
    if MASS_MENTION.search(text) or DISCORD_MENTION.search(text):
        return "contains a mass or raw mention"
    allowed = {handle.casefold() for handle in allowed_handles if handle}
    strangers = sorted({handle for handle in mentioned_handles(text) if handle.casefold() not in allowed})
    if strangers:
        return f"mentions accounts other than the target and the seed ({len(strangers)})"
    without_link = text
    if allowed_url:
        for variant in {allowed_url, allowed_url.replace("https://x.com/", "https://twitter.com/")}:
            without_link = without_link.replace(variant, " ")
    if contains_url(without_link):
        return "contains a link other than the post's"
    return None
