"""The checks every draft from the LLM passes before it may replace a template's (templates pass by construction)."""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from bot.openers.context import MAX_DRAFT_LENGTH
from bot.openers.language import MIN_WORDS_TO_GUESS, looks_english
from bot.openers.tone import adult_content, hostility, sensitive_term, spam
from bot.text import (
    DISCORD_MENTION,
    HASHTAG,
    MASS_MENTION,
    RAW_ENTITY,
    contains_url,
    decode_entities,
    mentioned_handles,
    strip_urls,
    words,
    x_length,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

CALLS_IT_A_TAKE = re.compile(
    r"(?i)\b(?:interesting|great|good|nice|clear|fresh|hot|solid|fair|thoughtful|bold|strong|sharp)\s+take\b"
)
"""A draft calling the post a "take" (a view): never said of a question (issue 12); asking for the author's own
take ("What's your own take?") is not matched."""


def draft_problem(
    draft: object,
    *,
    allowed_handles: Iterable[str],
    allowed_url: str | None,
    source_text: str | None = None,
    source_in_team_language: bool = True,
    english: bool = True,
    answers_question: bool = False,
) -> str | None:
    """Why ``draft`` can't be used as it is, or None when it can.

    Beyond length, mentions and links: no HTML entity or hashtag, no hostile, sensitive, sexual or spam wording
    (the same lists and classifiers that keep posts out, :mod:`bot.openers.tone`), and when ``source_text`` (the
    post answered or shared) is in another language than the team's, no run of two or more of its words.
    ``english`` says whether the draft is meant to be English: the topic lexicon reads its short words ("die",
    "war") only in English, and a draft meant to be English of at least
    :data:`~bot.openers.language.MIN_WORDS_TO_GUESS` words must read as English
    (:func:`~bot.openers.language.looks_english`). ``answers_question``: the draft replies to a question, so it may
    not call the post a take (:data:`CALLS_IT_A_TAKE`)."""
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
    if RAW_ENTITY.search(text) or HASHTAG.search(text):
        return "contains markup (an HTML entity or a hashtag)"
    if (term := sensitive_term(text, english=english)) is not None:
        return f"touches a sensitive topic ({term})"
    if (hostile := hostility(text)) is not None:
        return f"reads as hostile ({hostile})"
    if (adult := adult_content(text, english=english)) is not None:
        return f"reads as sexual content ({adult})"
    if (promotion := spam(text)) is not None:
        return f"reads as promotional spam ({promotion})"
    if source_text and not source_in_team_language and _shares_a_phrase(text, source_text):
        return "quotes a post written in another language"
    if english and _word_count(text) >= MIN_WORDS_TO_GUESS and not looks_english(text):
        return "not written in the team's language"
    if answers_question and CALLS_IT_A_TAKE.search(text):
        return "calls a question a take"
    return None


def _word_count(text: str) -> int:
    return sum(1 for word in words(strip_urls(decode_entities(text))) if word.isalpha())


def _shares_a_phrase(draft: str, source: str) -> bool:
    """Whether two adjacent words of ``source`` appear adjacent in ``draft`` (case-insensitive)."""
    source_words = [word.casefold() for word in words(strip_urls(decode_entities(source)))]
    pairs = set(itertools.pairwise(source_words))
    draft_words = [word.casefold() for word in words(draft)]
    return any(pair in pairs for pair in itertools.pairwise(draft_words))
