"""Topics and phrases: what an opener may quote back from someone's own words.

A phrase is a whole noun phrase of the post, found by TextBlob's shallow parser (the Pattern tagger and chunker,
whose English lexicon ships inside the ``textblob`` package: nothing is downloaded). HTML entities are decoded,
links, @handles and trailing runs of hashtags removed first. Of a chunk we keep the noun phrase proper: determiners,
pronouns, numbers and evaluative adjectives at its edges go ("this morning" -> "morning", "Great question" ->
"question"), and it must end on a noun. A single common word ("morning", "question", "people") says nothing about
the person and is dropped; how common a word is comes from the word counts TextBlob ships for its spelling
corrector. When no phrase survives, the caller uses a template without one.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from bot.openers.context import authored_posts
from bot.text import (
    HASHTAG,
    MENTION,
    URL,
    collapse_whitespace,
    decode_entities,
    neutralize_mentions,
    shorten,
    strip_urls,
    words,
    x_length,
)

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from bot.openers.context import OpenerContext

MAX_PHRASE_LENGTH = 40
MAX_PHRASE_WORDS = 4
COMMON_WORD_COUNT = 60
"""A word seen this often or more in TextBlob's spelling corpus (about a million words of English books) is too
common to be a topic on its own: "paper" (177) and "morning" (337) are; "astronomy" (9) is not."""
RARE_WORD_COUNT = 30
"""A single ordinary word the account keeps using is its topic only when it is rarer than this in the same corpus."""
EVALUATIVE_POLARITY = 0.3
"""Adjectives at least this positive or negative in TextBlob's sentiment lexicon judge rather than name
("great", "interesting", "awful"): they are not part of the topic."""

TIME_DEICTICS = frozenset({"today", "tonight", "tomorrow", "yesterday", "tonite", "2day", "2nite"})
"""Deictic time words (a closed class): the tagger reads them as nouns, but they only say when."""
TIME_SHIFTERS = frozenset({"next", "last", "this", "coming", "past", "previous", "following"})
TIME_UNITS = frozenset(
    {
        "week",
        "weeks",
        "weekend",
        "weekends",
        "month",
        "months",
        "year",
        "years",
        "day",
        "days",
        "night",
        "morning",
        "afternoon",
        "evening",
        "term",
        "semester",
        "season",
        "time",
    }
)
"""Relative times (a closed class too): "next week", "last month", "this weekend" say when, not what about."""

_NOUN = ("NN", "NNS", "NNP", "NNPS")
_FRAMING = re.compile(
    r"(?i)^\s*(?:(?:an?\s+)?unpopular\s+opinion|(?:my\s+)?hot\s+take|psa|(?:friendly\s+)?reminder|fun\s+fact|"
    r"pro\s*tip|fyi|icymi|tl;?dr|breaking(?:\s+news)?)\s*[:—–-]"
)
_LETTERS_AND = re.compile(r"\b[A-Z]\s*&\s*[A-Z]\b")
_TOKEN = re.compile(r"(?:[^\W_]\.)+[^\W_]?|[^\W_][\w'’-]*|&")  # words, "B.O.L.O"-style initials, "&"
_INSIDE = (*_NOUN, "JJ", "JJR", "JJS", "VBG", "CC", "HYPH")
_TRAILING_TAGS = re.compile(r"(?:\s*(?:[#＃][^\W_]\w*|[,.]))+[\s,.]*$")
_CONTRACTION = re.compile(r"(?i)['’](?:ve|re|ll|d|m)\b")
_NEGATION = re.compile(r"(?i)n['’]t\b")
_POSSESSIVE = re.compile(r"['’]s\b")
_REPOST_MARK = re.compile(r"(?<![\w@#])(?:RT|MT|rt|Rt|via)(?=\s*[@:]|\s*$)|(?<![\w@#])(?:RT|MT)\b")


@functools.cache
def _lexicon() -> Any:
    import textblob.en as english  # pyright: ignore[reportMissingTypeStubs]

    return english.lexicon


@functools.cache
def _parser() -> tuple[Any, Any, Any]:
    # Imported on first use: TextBlob loads NLTK and its lexicons (a second or two), which most commands never need.
    import textblob.en as english  # pyright: ignore[reportMissingTypeStubs]

    return english.parse, english.spelling, english.polarity


def normalize_word(word: str) -> str:
    """Case-folded, without # or a possessive, with a light plural fold ("startups" meets "startup")."""
    word = word.casefold().lstrip("#").replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


def _prepare(text: str) -> tuple[str, frozenset[str]]:
    """The text the parser reads, and the words that were hashtags in it."""
    # A link separates what comes before it from what follows ("shop with us online <link> Open Mon-Sat").
    text = neutralize_mentions(URL.sub(" . ", decode_entities(text)))
    # An abbreviation of letters around "&" ("R & D", "Q&A", "B & B") is one word the tagger splits into letters
    # and a conjunction, which gave "D offsite" and "R": it goes as a break.
    text = _LETTERS_AND.sub(" , ", text)
    # A framing label opening the post says what kind of post it is, not what it is about ("Unpopular opinion:
    # synths is better…" is about synths): it goes as a break.
    text = _FRAMING.sub(" , ", text)
    # "RT @someone:" / "MT" / "via @someone" mark a repost or a credit: markup, not words of the post.
    text = _REPOST_MARK.sub(" , ", text)
    text = MENTION.sub(" , ", text)
    # A closing run of two or more hashtags (mentions between them aside) files the post; it says nothing.
    trailing = _TRAILING_TAGS.search(text)
    if trailing and len(HASHTAG.findall(trailing.group(0))) >= 2:
        text = text[: trailing.start()]
    tags = frozenset(tag.casefold() for tag in HASHTAG.findall(text))
    # A hashtag is a label, never a phrase nor part of one ("#AcademicTwitter", "#OpenScience is …"): it goes as a
    # break, like a mention. A post of hashtags only gives no phrase.
    text = HASHTAG.sub(" , ", text)
    text = _NEGATION.sub(" not", _CONTRACTION.sub("", text))
    # A line break ends a sentence, and a possessive ends a phrase ("Mike Brown's character" gives "Mike Brown" and
    # "character"): every phrase then stands in the post word for word.
    text = _POSSESSIVE.sub(" ,", text).replace("\n", " . ")
    return collapse_whitespace(text), tags


def _rare(word: str) -> bool:
    """Rare enough to be a topic on its own ("astronomy"), unlike "world", "day" or "access"."""
    _, spelling, _ = _parser()
    return int(spelling.get(word.casefold(), 0)) < RARE_WORD_COUNT


def _common(word: str) -> bool:
    _, spelling, _ = _parser()
    return int(spelling.get(word.casefold(), 0)) >= COMMON_WORD_COUNT


def _judging(word: str) -> bool:
    _, _, polarity = _parser()
    return float(polarity(word.casefold())) != 0


def _evaluative(word: str) -> bool:
    _, _, polarity = _parser()
    return abs(float(polarity(word.casefold()))) >= EVALUATIVE_POLARITY


def _trim(chunk: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The noun phrase proper: no determiner, pronoun, number or judging adjective before it; a noun at its end."""
    while chunk and (
        chunk[0][1] not in _INSIDE
        or chunk[0][1] in ("CC", "VBG", "HYPH")
        or _evaluative(chunk[0][0])
        or _function_word(chunk[0][0])  # a capital misread as a name: "May force"
    ):
        chunk = chunk[1:]
    while chunk and (chunk[-1][1] not in _NOUN or _function_word(chunk[-1][0])):
        chunk = chunk[:-1]  # ends on a noun, also as the lexicon knows the word ("Film Obsessed" does not)
    if any(tag not in _INSIDE for _, tag in chunk):
        return []  # a pronoun or number inside ("something you") is two phrases glued, not one
    return chunk


_FUNCTION_TAGS = frozenset(
    {"MD", "DT", "IN", "PRP", "PRP$", "RB", "RBR", "RBS", "CC", "WDT", "WP", "TO", "EX", "UH", "VBD", "VBN"}
)


def _function_word(word: str) -> bool:
    """Whether TextBlob's lexicon knows the word, in lower case, as a function word or a past verb form ("May",
    "Obsessed"); names that are also adjectives ("Swift", "Open") and nouns that are also verbs ("update") are not."""
    return _lexicon().get(word.casefold()) in _FUNCTION_TAGS


def _in_lexicon(word: str) -> bool:
    _, spelling, _ = _parser()
    return word.casefold() in spelling or word.casefold() in _lexicon()


def _named(word: str, hashtags: frozenset[str]) -> bool:
    """A word that names something by itself: a hashtag the author used, or a brand-like spelling (inner capitals,
    or an acronym that isn't an ordinary word in capitals: "SQLite", "AI", "NASA", not "TONIGHT")."""
    if word.casefold() in hashtags:
        return True
    if "-" in word or any(char.isdigit() for char in word):
        return False  # "Mon-Sat", "4U9525": not a topic on its own
    if word.isupper():
        # "AI", "NASA"; not "TONIGHT", nor a shouted "AM" or "IT" (everyday words written in capitals).
        return not _in_lexicon(word) or (len(word) <= 3 and not _common(word))
    return word[1:] != word[1:].lower()


def _acceptable(chunk: list[tuple[str, str]], hashtags: frozenset[str], single: bool = False) -> bool:
    """Whether a trimmed chunk is a usable phrase; a lone word only when ``single`` allows it or it is
    :func:`_named` (a lone common noun - "photo", "morning" - says nothing about the person)."""
    tokens = [word for word, tag in chunk if tag != "CC"]
    if not tokens or len(tokens) > MAX_PHRASE_WORDS:
        return False
    if any(not _TOKEN.fullmatch(word) or word.casefold() == "amp" for word in tokens):
        return False
    if any(word not in (word.lower(), word.capitalize()) and _in_lexicon(word) for word in tokens if len(word) > 3):
        return False  # an ordinary word in capitals or odd case ("ABSOLUTELY SMASHED", "stiLL") is shouting
    if any(word.casefold() in TIME_DEICTICS for word in tokens):
        return False  # "Celebrating today", "party tonight": when it happened, not what it is about
    folded = [word.casefold() for word in tokens]
    if folded[-1] in TIME_UNITS and any(word in TIME_SHIFTERS for word in folded[:-1]):
        return False  # "next week", "last month": a relative time
    if any(len(word) < 3 and not word.isupper() for word in tokens):
        return False  # stray pieces ("re", "m") from words the tokenizer split; acronyms such as AI stay
    if len(tokens) > 1 and any(word.casefold() in hashtags for word in tokens):
        return False  # a hashtag is a label: a phrase on its own, never glued to the words around it
    if len(chunk) == 1:
        return single or _named(chunk[0][0], hashtags)
    if not all(_common(word) for word in tokens):
        return True
    # Common words make a topic together when they name a kind of thing ("local politics", "language models"),
    # not when a modifier only measures or judges it ("whole weekend", "good time").
    _, _, polarity = _parser()
    return all(tag in _NOUN or float(polarity(word.casefold())) == 0 for word, tag in chunk[:-1] if tag != "CC")


def noun_phrases(text: str, singles: Collection[str] = frozenset()) -> list[str]:
    """The usable noun phrases of ``text`` (see the module docstring), longest first, each at most
    :data:`MAX_PHRASE_WORDS` words and :data:`MAX_PHRASE_LENGTH` characters; ``[]`` when none is usable. A phrase of
    one ordinary word is kept only when it is in ``singles`` (normalized, e.g. :func:`recurring_words`)."""
    return [
        phrase
        for phrase, alone in _noun_phrases(text)
        if (not alone or (normalize_word(phrase) in singles and _rare(phrase))) and not self_description(text, phrase)
    ]


# A label someone gives themselves or their audience, by its construction rather than by a list of roles: "as a PhD
# student", "I'm a …", "fellow …", "… here:", "Mum of two", "… at UCL", or one item of a list of labels.
_LABEL_BEFORE = re.compile(
    r"(?i)(?:\bas\s+an?|\bi['’]?m\s+(?:an?|the|just\s+an?)|\bi\s+am\s+(?:an?|the)|\bwe['’]?re|\bwe\s+are|\bbeing\s+an?"
    r"|\bfellow|\bdear|\bcalling\s+all|\bhey|\bproud|\bspeaking\s+as\s+an?)\s+(?:[\w’'-]+\s+){0,2}$"
)
_LABEL_AFTER = re.compile(
    r"(?i)^(?:\s+of\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b|\s+here\b|\s+life\b"
    r"|\s+(?:at|@)\s*[A-Z@])"
)
_LABEL_OPENING = re.compile(r"(?i)^(?:fellow|dear|other|all)\b")
_LIST_SEPARATORS = re.compile(r"\s*(?:[,|·•/;]|\s-\s|\n)\s*")
LABEL_LIST_MIN_ITEMS = 3
"""A text split by commas, bars or bullets into at least this many short items is a list of labels (a bio, or a
post written like one: "Mum of two, full-time researcher, surviving on coffee")."""


def self_description(text: str, phrase: str) -> bool:
    """Whether ``phrase`` stands in ``text`` as a label of the author or the audience, not as what the post is about
    ("As a PhD student, I find peer review exhausting": "PhD student" is a label, "peer review" the topic)."""
    if _LABEL_OPENING.match(phrase):
        return True
    plain = collapse_whitespace(strip_urls(decode_entities(text)))
    for found in re.finditer(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", plain, flags=re.IGNORECASE):
        if _LABEL_BEFORE.search(plain[: found.start()]) or _LABEL_AFTER.match(plain[found.end() :]):
            return True
    items = [item for item in _LIST_SEPARATORS.split(plain) if item]
    if len(items) >= LABEL_LIST_MIN_ITEMS and all(len(item.split()) <= MAX_PHRASE_WORDS for item in items):
        return any(phrase.casefold() in item.casefold() for item in items)
    return False


@functools.lru_cache(maxsize=4096)
def _noun_phrases(text: str) -> tuple[tuple[str, bool], ...]:
    """(phrase, is one ordinary word) for every candidate phrase."""
    # Cached: one account's posts are read for its reply, its share and its hello.
    prepared, hashtags = _prepare(text)
    letters = [char for char in prepared if char.isalpha()]
    if not letters or sum(char.isupper() for char in letters) > len(letters) / 2:
        return ()  # shouting: the tagger reads every word in capitals as a name
    parse, _, _ = _parser()
    found: dict[str, bool] = {}
    for sentence in parse(prepared, chunks=True, relations=False, lemmata=False).split():
        if not _english_sentence([word for word, *_ in sentence if word.casefold() not in hashtags]):
            continue
        chunk: list[tuple[str, str]] = []
        for word, tag, chunk_tag, *_ in [*sentence, ("", "", "O")]:  # the sentinel flushes the last chunk
            if word and not _TOKEN.fullmatch(word):
                chunk_tag = "O"  # an emoji or a symbol ends a phrase ("local politics 🧵")
            if chunk_tag == "I-NP" and chunk:
                chunk.append((word, tag))
                continue
            trimmed = _trim(chunk)
            if trimmed and not trimmed[0][1].startswith("NNP") and trimmed[0][0][1:].islower():
                trimmed[0] = (trimmed[0][0].lower(), trimmed[0][1])  # a sentence's capital, not a name's
            # A common adjective in front ("new async runtime") only dates or sizes the thing: drop it when the
            # rest still names something ("async runtime"), keep it when it is what makes the topic ("local politics").
            while len(trimmed) > 1 and trimmed[0][1].startswith("JJ") and _common(trimmed[0][0]):
                if _acceptable(trimmed[1:], hashtags):
                    trimmed = trimmed[1:]
                    continue
                if _judging(trimmed[0][0]):
                    trimmed = []  # "whole weekend": the modifier only sizes a plain word; nothing names a topic
                break
            if _acceptable(trimmed, hashtags, single=True):
                phrase = " ".join(word for word, _ in trimmed).replace(" - ", "-")
                if x_length(phrase) <= MAX_PHRASE_LENGTH and phrase not in found:
                    found[phrase] = not _acceptable(trimmed, hashtags)
            chunk = [(word, tag)] if chunk_tag in ("B-NP", "I-NP") else []
    return tuple(sorted(found.items(), key=lambda item: -len(item[0].split())))


def _english_sentence(tokens: Sequence[str]) -> bool:
    """Whether a sentence's words (names aside) are mostly English: a bio or post may switch language midway."""
    plain = [token for token in tokens if token.isalpha() and not token[:1].isupper()]
    return not plain or sum(map(_in_lexicon, plain)) >= 0.6 * len(plain)


def phrase_words(phrase: str) -> set[str]:
    """The phrase's words, normalized (:func:`normalize_word`)."""
    return {normalize_word(word) for word in words(phrase)}


def key_phrases(text: str, prefer: Collection[str] = frozenset()) -> list[str]:
    """:func:`noun_phrases` of ``text``, those holding one of the ``prefer`` words (normalized, see
    :func:`recurring_words`) first; a lone ordinary word only when it is one of them."""
    labels = {tag.casefold() for tag in HASHTAG.findall(text)}
    # A hashtag is a label the author filed the post under; a phrase of the sentence says more ("Dave Grohl & Jimmy"
    # rather than "FallonTonight"), even when the account uses the label on every post.
    return sorted(
        noun_phrases(text, prefer),
        key=lambda phrase: (phrase.casefold() in labels, not (phrase_words(phrase) & set(prefer))),
    )


def key_phrase(text: str, prefer: Collection[str] = frozenset()) -> str | None:
    """The best of :func:`key_phrases`, or None."""
    return next(iter(key_phrases(text, prefer)), None)


def matching_topic(text: str, topics: Sequence[str]) -> str | None:
    """The first topic all of whose words appear in ``text`` (plural-insensitive, entities decoded, links
    ignored), or None. Their spelling is kept when the topic appears verbatim ("SQLite" for the team's "sqlite")."""
    text = decode_entities(text)
    present = {normalize_word(word) for word in words(strip_urls(text))}
    for topic in topics:
        keywords = {normalize_word(word) for word in words(topic)}
        if keywords and keywords <= present:
            topic = collapse_whitespace(topic)
            verbatim = re.search(re.escape(topic), text, flags=re.IGNORECASE)
            return shorten(verbatim.group(0) if verbatim else topic, MAX_PHRASE_LENGTH)
    return None


def recurring_words(context: OpenerContext, texts: Sequence[str] | None = None) -> frozenset[str]:
    """Words of noun phrases the account keeps coming back to: in three or more of its own posts, or in its bio
    and a post. ``texts`` are the post texts to read (default: its own posts, reposts aside).

    What someone talks about again and again is their topic; a phrase built on it reads as if we paid attention
    ("your posts on astronomy") rather than quoting a stray phrase."""
    if texts is None:
        texts = [post.text for post in authored_posts(context) if not post.is_repost]
    seen_in_posts: dict[str, int] = {}
    for text in texts:
        for word in {w for phrase, _ in _noun_phrases(text) for w in phrase_words(phrase)}:
            seen_in_posts[word] = seen_in_posts.get(word, 0) + 1
    in_bio = {w for phrase, _ in _noun_phrases(context.account.bio) for w in phrase_words(phrase)}
    return frozenset(word for word, posts in seen_in_posts.items() if posts >= 3 or (posts and word in in_bio))
