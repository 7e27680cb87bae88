"""Text rules for posts from X, each defined once: links, mentions, hashtags, words, questions, ages, excerpts.

Activity measurement, List matching, the List monitor and the openers all read posts; they must agree on what a
link, a mention, a word and a question are, so those rules live here and nowhere else.
"""

from __future__ import annotations

import html
import re
import unicodedata

ELLIPSIS = "…"
MAX_EXCERPT_LENGTH = 140

URL = re.compile(r"(?i)\b(?:https?://|www\.)\S+")
"""A link as written in a post: ``http(s)://…`` or ``www.…`` up to the next space."""
# Bare domains X turns into links; a short list of common TLDs keeps "Node.js" or "e.g." from counting.
BARE_DOMAIN = re.compile(
    r"(?i)(?<![\w@.])(?:[a-z0-9-]+\.)+(?:com|net|org|io|ai|co|dev|app|xyz|me|ly|gg|tv|so|sh|info|biz|link)\b(?:/\S*)?"
)
MENTION = re.compile(r"(?<![\w@＠])[@＠]([A-Za-z0-9_]+)")
"""An @mention; group 1 is the handle. X treats the full-width ＠ as an at sign too (twitter-text). The whole run of
handle characters is read, so "@abcdefghijklmnoX" is not taken for the allowed "@abcdefghijklmno": a run longer than
15 is no username (:data:`USERNAME`), and a draft check that compares handles sees it as a stranger."""
HASHTAG = re.compile(r"(?<![\w#＃])[#＃]([^\W_][\w]*)")
"""A #hashtag (or full-width ＃); group 1 is the tag without its sign."""
MASS_MENTION = re.compile(r"(?i)[@＠]+(?=everyone|here)")
DISCORD_MENTION = re.compile(r"<(?=[@#:&])")
WORD = re.compile(r"#?[^\W_][\w'’-]*")
"""A word token: letters or digits in any script, keeping inner apostrophes and hyphens ("don't", "co-op"),
with a leading # when it is a hashtag."""
USERNAME = re.compile(r"[A-Za-z0-9_]{1,15}")
"""An X username (handle), whole: X API v2's ``UserName`` schema is ``^[A-Za-z0-9_]{1,15}$``."""
RAW_ENTITY = re.compile(r"(?i)&(?:[a-z]{2,8}|#\d{1,7}|#x[0-9a-f]{1,6});")
"""An HTML entity left undecoded ("&amp;", "&#39;"): X's API escapes &, < and > in post text."""

QUESTION_MARKS = frozenset("?？¿؟")
"""Question marks in Latin, full-width (CJK), inverted (Spanish) and Arabic forms."""


def decode_entities(text: str) -> str:
    """Text with HTML entities decoded: X's API returns ``&amp;``, ``&lt;`` and ``&gt;`` escaped in post text."""
    return html.unescape(text)


def strip_urls(text: str) -> str:
    return URL.sub(" ", text)


def strip_mentions(text: str) -> str:
    return MENTION.sub(" ", text)


def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """The word tokens of ``text`` (see :data:`WORD`), links and mentions included as their pieces."""
    return WORD.findall(text)


def mentioned_handles(text: str) -> list[str]:
    """Handles mentioned in ``text``, without the at sign, in order."""
    return MENTION.findall(text)


def contains_url(text: str) -> bool:
    """Whether ``text`` holds a link, written in full or as a bare domain X would turn into one."""
    return bool(URL.search(text) or BARE_DOMAIN.search(text))


def has_question_mark(text: str) -> bool:
    """Whether ``text`` asks something: any question mark (:data:`QUESTION_MARKS`) outside its links (URLs often
    carry ``?`` queries)."""
    return any(char in QUESTION_MARKS for char in strip_urls(text))


def ends_with_question(text: str) -> bool:
    """Whether ``text`` (already stripped of trailing decoration) closes with a question mark of any script."""
    return bool(text) and text[-1] in QUESTION_MARKS


def neutralize_mentions(text: str) -> str:
    """Defuse Discord's mass mentions (@everyone, @here) and raw mention syntax (<@123>, <@&role>, <#channel>)."""
    previous = None
    # Looping makes the result a fixed point, so nothing re-forms a mass mention after a removal.
    while previous != text:
        previous = text
        text = MASS_MENTION.sub("", text)
        text = DISCORD_MENTION.sub("", text)
    return text


def x_length(text: str) -> int:
    """The length X counts: most Latin and punctuation code points weigh 1, everything else 2 (twitter-text v3).

    Counting emoji per code point over-estimates sequences, which errs on the safe side.
    """
    total = 0
    for char in unicodedata.normalize("NFC", text):
        point = ord(char)
        light = point <= 0x10FF or 0x2000 <= point <= 0x200D or 0x2010 <= point <= 0x201F or 0x2032 <= point <= 0x2037
        total += 1 if light else 2
    return total


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` (X's count) on a word boundary, ending with "…" when anything was cut."""
    if x_length(text) <= limit:
        return text
    budget = limit - x_length(ELLIPSIS)  # X counts "…" as 2
    if budget <= 0:
        return ""
    cut = ""
    used = 0
    for char in text:
        weight = x_length(char)
        if used + weight > budget:
            break
        cut += char
        used += weight
    ends_on_word_boundary = text[len(cut)].isspace()
    boundary = cut.rfind(" ")
    # Back up to a word boundary unless the cut already is one, or the boundary is so far back that the excerpt
    # would lose half its length (a very long word: better to cut inside it).
    if not ends_on_word_boundary and boundary > len(cut) // 2:
        cut = cut[:boundary]
    return cut.rstrip(" ,;:-—–") + ELLIPSIS


def clean_excerpt(text: str, limit: int = MAX_EXCERPT_LENGTH) -> str:
    """Text from X made safe and short for display: no URLs, one line, no mass mentions, at most ``limit``."""
    return shorten(collapse_whitespace(neutralize_mentions(strip_urls(text))), limit)


def is_username(handle: str) -> bool:
    """Whether ``handle`` (without its at sign) is an X username: 1–15 letters, digits or ``_`` (:data:`USERNAME`)."""
    return USERNAME.fullmatch(handle) is not None


def clean_handle(handle: str) -> str:
    """``handle`` without white space or its at sign when it is an X username (:func:`is_username`), else "".

    Anything else is refused whole rather than repaired: cut to 15 characters or stripped of a stray one, a handle
    names another account ("abcdefghijklmnop" -> "@abcdefghijklmno", "ada.dev" -> "@adadev"), and a draft must
    not mention someone we never meant. Callers treat "" as "no handle" (a link through ``/i/``, no seed)."""
    bare = handle.strip().lstrip("@＠")
    return bare if is_username(bare) else ""


def say_age(hours: float) -> str:
    """How long ago, in words a digest reader takes in at a glance: "less than an hour ago", "5 h ago", "3 d ago"."""
    if hours < 1:
        return "less than an hour ago"
    if hours < 48:
        return f"{int(hours)} h ago"
    return f"{int(hours // 24)} d ago"
