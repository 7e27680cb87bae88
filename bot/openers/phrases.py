"""Words, topics and key phrases: what an opener may quote back from someone's own words."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.openers.context import authored_posts
from bot.text import MENTION, collapse_whitespace, neutralize_mentions, shorten, strip_urls, words, x_length

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from bot.openers.context import OpenerContext

MAX_PHRASE_LENGTH = 40
MAX_PHRASE_WORDS = 3
CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”«»|/\\\n—–…]+")
# Function words, plus the filler of posts and bios ("thoughts", "building", "founder") that makes a poor phrase.
_STOPWORD_TEXT = """
    a about above after again against all almost also am an and any anyone anything are around as at away back be
    because been before being below between both but by can cannot could did do does doing done don't down during
    each else even ever every few for from further get gets getting go going gone got had has have having he her here
    hers herself him himself his how i i'm if in into is isn't it it's its itself just know last least less let like
    likely lot lots made make makes many may me might more most much must my myself need never new next no nor not
    now of off often on once one only or other our ours ourselves out over own people per please pretty quite rather
    really right same say says see seem seems she should so some someone something still such sure take than that
    that's the their theirs them themselves then there these they thing things think thinking thought thoughts this
    those though through to today too tried try trying under until up upon us use used using very want was way we
    we're well were what what's when where whether which while who why will with without would yet you you're your
    yours yourself yourselves curious love hear tell agree disagree question questions ask asking folks everyone
    anybody somebody y'all guys week year day days time times good great best better big little lot amazing awesome
    building build built working work works founder ceo co-founder cofounder opinions mine views own personal
    hello hi hey thanks thank yes yeah yep no nope exactly agreed lol person guy dad mom husband wife lover
    enthusiast fan nerd geek tweets posts account official
    """
# Frequency adverbs and filler that start bio fragments ("Sometimes chess. Mostly coffee.") are not topics.
_FILLER_TEXT = "sometimes mostly usually often always occasionally currently mainly generally basically update updates"
STOPWORDS = frozenset(_STOPWORD_TEXT.split()) | frozenset(_FILLER_TEXT.split())


def _normalize_word(word: str) -> str:
    word = word.casefold().lstrip("#").replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]  # a light plural fold: "startups" meets "startup"
    return word


def _content_words(text: str) -> set[str]:
    return {_normalize_word(word) for word in words(strip_urls(text)) if word.casefold().lstrip("#") not in STOPWORDS}


def _topic_keywords(topic: str) -> set[str]:
    keywords = _content_words(topic)
    return keywords or {_normalize_word(word) for word in words(topic)}


def matching_topic(text: str, topics: Sequence[str]) -> str | None:
    """The first topic all of whose keywords appear in ``text`` (plural-insensitive), or None."""
    words = _content_words(text)
    for topic in topics:
        keywords = _topic_keywords(topic)
        if keywords and keywords <= words:
            topic = collapse_whitespace(topic)
            # Their spelling when the topic appears verbatim ("SQLite" rather than the team's "sqlite").
            verbatim = re.search(re.escape(topic), text, flags=re.IGNORECASE)
            return shorten(verbatim.group(0) if verbatim else topic, MAX_PHRASE_LENGTH)
    return None


def _is_key_word(word: str) -> bool:
    bare = word.lstrip("#")
    if bare.casefold() in STOPWORDS or bare.replace("'", "").replace("-", "").isdigit():
        return False
    if x_length(bare) > MAX_PHRASE_LENGTH:
        return False  # a run-on token (a URL fragment, an unspaced script) isn't a phrase to quote back
    return len(bare) >= 3 or (len(bare) == 2 and bare.isupper())  # keep acronyms such as AI, ML, UX


def recurring_words(context: OpenerContext) -> frozenset[str]:
    """Content words the account keeps coming back to: in three or more of its own posts, or in its bio and a post.

    What someone talks about again and again is their topic; a phrase built on it reads as if we paid attention
    ("your posts on astronomy") rather than quoting a stray phrase ("your posts on regret nothing")."""
    seen_in_posts: dict[str, int] = {}
    for post in authored_posts(context):
        if post.is_repost:
            continue
        for word in {_normalize_word(w) for w in words(strip_urls(post.text)) if _is_key_word(w)}:
            seen_in_posts[word] = seen_in_posts.get(word, 0) + 1
    in_bio = {_normalize_word(w) for w in words(context.account.bio) if _is_key_word(w)}
    return frozenset(word for word, posts in seen_in_posts.items() if posts >= 3 or (posts and word in in_bio))


def key_phrase(text: str, prefer: Collection[str] = frozenset()) -> str | None:
    """The longest run of up to three adjacent content words (hashtags count, without #), or None; a run
    holding one of the ``prefer`` words (normalized, see :func:`recurring_words`) wins over a longer one.

    Adjacent words stay in their order and inside one clause, so the phrase reads as the author wrote it.
    """
    cleaned = neutralize_mentions(strip_urls(text))
    cleaned = MENTION.sub(" , ", cleaned)  # a mention breaks a phrase; it is never part of one
    best: tuple[int, str] | None = None
    for clause in CLAUSE_BREAK.split(cleaned):
        run: list[str] = []
        for word in [*words(clause), ""]:  # the empty sentinel flushes the last run
            if word and _is_key_word(word):
                run.append(word.lstrip("#").rstrip("'’-"))
                continue
            for start in range(len(run)):
                window = run[start : start + MAX_PHRASE_WORDS]
                while window and x_length(" ".join(window)) > MAX_PHRASE_LENGTH:
                    window = window[:-1]
                phrase = " ".join(window)
                favoured = any(_normalize_word(word) in prefer for word in window)
                weight = x_length(phrase) + (MAX_PHRASE_LENGTH * 2 if favoured else 0)
                if phrase and (best is None or weight > best[0]):
                    best = (weight, phrase)
            run = []
    return neutralize_mentions(best[1]) if best else None
