"""What a post passes on: a thread, a video, a podcast, a paper, an article or figures, read from its own words.

A share comments on the post (issue 12): "Good thread from @x" or "Worth a listen" says what the post is, where
"Worth a read from @x" said nothing about it and misnamed a video or a chart. A post that says none of these gets
a comment on what it does instead (:mod:`bot.openers.acts`). The words are the ones people and X's own cards use
for each medium; the order below decides a post that names two ("our new paper, and a thread on it": the thread).
"""

from __future__ import annotations

import re
from typing import Literal

from bot.text import URL, decode_entities

Medium = Literal["thread", "video", "audio", "paper", "article", "figures"]

_AS_MODIFIER = (
    r"(?!\s+(?:straws?|bags?|cups?|plates?|towels?|lanterns?|designs?|mach[eé]|planes?|cuts?|clips?|round|work|weight|"
    r"products?|goods|mill|money|chains?|flowers?|dolls?|doorbells?|calls?|cameras?|games?|gaming|editor|editing|"
    r"equipment|gear|microphones?|mics?|studio|set-?up|kit|booth|chat|conferenc\w*|interview(?:s|ing)?\s+tips))"
)
"""A medium word that modifies another noun names a thing, not a work passed on: "paper straws", "paper lanterns",
"video doorbells", "podcast microphones", "a video call"."""

MEDIA: tuple[tuple[Medium, re.Pattern[str]], ...] = (
    # "Keep the thread going" is a conversation, not a thread to read.
    (
        "thread",
        re.compile(
            r"(?i)(?:🧵|\b(?:a|this|my|our|short|long|quick|new)\s+thread\b|\bthread\s*(?:[:👇⬇↓]|below)|"
            r"(?:^|\s)1/\d*(?:\s|$)|\(1/\d+\))"
        ),
    ),
    # "Watch" alone is often "watch for symptoms", "film" a subject ("whitewashing in film"): watching it is said.
    (
        "video",
        re.compile(
            r"(?i)(?:\b(?:video|youtube|vimeo|livestream|documentary|trailer|recording\s+of)\b" + _AS_MODIFIER + "|"
            r"\bwatch\s+(?:it|this|here|now|the\s+(?:full|whole|video|talk|panel|film|episode)|our|my|"
            r"online|live|again|back)\b|[▶📺🎥🎬])"
        ),
    ),
    # "Listen to" a work, not "help you listen to the world again".
    (
        "audio",
        re.compile(
            r"(?i)\b(?:podcast|audio)\b"
            + _AS_MODIFIER
            + r"|\b(?:listen\s+(?:here|now|in|back)|listen\s+to\s+(?:it|this|our|my|the\s+(?:full|whole|episode|"
            r"podcast|interview|show|talk))|radio\s+(?:show|interview))\b"
        ),
    ),
    (
        "paper",
        re.compile(
            r"(?i)\b(?:paper\b"
            + _AS_MODIFIER
            + r"|(?:preprint|study|doi|arxiv|new\s+research|research\s+(?:shows|finds|suggests))\b)"
        ),
    ),
    # Numbers are figures, "figures" may be people ("leading sporting figures").
    (
        "figures",
        re.compile(
            r"(?i)(?:\b\d+(?:\.\d+)?\s?%|\b(?:chart|graph|infographic|statistics|stats|survey\s+results|"
            r"poll\s+results)\b)"
        ),
    ),
    (
        "article",
        re.compile(
            r"(?i)\b(?:article|piece|op-?ed|essay|column|blog|blogpost|(?:new|latest|blog)\s+post|story|report|guide|explainer|"
            r"newsletter|(?:a|good|great|worth\s+a|must)\s+read|read\s+(?:it|this|more|here|the))\b"
        ),
    ),
)
"""Each medium and the words that name it, in the order they are tried."""


def medium(text: str) -> Medium | None:
    """The medium ``text`` passes on (:data:`MEDIA`), judged from its words with links and hashtags left out; None
    when it names none (a remark, a photo)."""
    # A hashtag is a label for the subject ("#statistics #datascience" under a meeting's programme), unless it
    # heads the post as its kind ("#Infographic: 15 cool facts …").
    plain = _LABEL.sub(" ", URL.sub(" ", decode_entities(text)))
    return next((name for name, words in MEDIA if words.search(plain)), None)


_LABEL = re.compile(r"[#＃]\w+(?!\w|\s*:)")


MAX_TITLE_WORDS = 14
"""A quotation longer than this is a passage quoted, not the name of a work (paper titles run to about a dozen)."""
_QUOTATION = re.compile(r"[“\"«]\s*([^“”\"«»\n]{1,120}?)\s*[”\"»]|(?<![\w’])‘\s*([^‘’\n]{1,120}?)\s*’(?![\w’])")
"""A quotation in double quotes, guillemets or curly single quotes (‘Moss Valley’); a curly single quote inside or
after a word is an apostrophe ("I’m", "artists’"), not a quotation mark."""
_SPEAKER_WORDS = re.compile(r"(?i)\b(?:i|i['’]m|me|my|we|we['’]re|us|our|you|you['’]re|your)\b")
_MARKUP = re.compile(r"[@＠#＃]|https?://|www\.")


def quoted_title(text: str) -> str | None:
    """The name of the work a post passes on, when it quotes one: "@twentyonepilots perform “Shy Away” from their
    new album" gives "Shy Away", a publication alert's quoted paper title gives the title. ``text`` is the post as X
    gives it (HTML entities decoded here); returns the title as written, or None when the post quotes none, or more
    than one, or its quotation reads as speech rather than a name: first- or second-person words ("I'm Worth
    Saving"), a sentence's closing period, a lowercase start, more than :data:`MAX_TITLE_WORDS` words, a handle, a
    hashtag or a link.

    A share naming what it passes on comments on the post (issue 12); "A good watch, shared by @x" said nothing about
    it, a blind grader found."""
    # A single word in single quotes is as often a term held at arm's length ("how Disney presents ‘Blackness’ as
    # genre") as a name: a title in single quotes has two words at least.
    found = [
        (match.group(1) or match.group(2)).strip()
        for match in _QUOTATION.finditer(decode_entities(text))
        if match.group(1) or len(match.group(2).split()) >= 2
    ]
    if len(found) != 1:
        return None
    title = found[0].strip(" ,;:")
    words = title.split()
    if not words or len(words) > MAX_TITLE_WORDS or not (title[0].isupper() or title[0].isdigit()):
        return None
    if title.endswith(".") or _SPEAKER_WORDS.search(title) or _MARKUP.search(title):
        return None
    if not any(char.isalpha() for char in title) or len(title) < 2:
        return None
    return title
