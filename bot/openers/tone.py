"""Tone: which posts an opener must never answer, share or borrow a topic from, and which accounts to leave alone.

Two kinds of post are off limits:

* **Sensitive**: about death, violence, disaster, grief or an attack. Judged by a transparent topic lexicon
  (:data:`SENSITIVE_LEXICON`, lemmas by kind, each matching its word family through a stemmer, and
  :data:`SENSITIVE_PHRASES`; read them to see exactly what counts), hashtags split into their words, on the post
  *and* on the posts it answers or quotes when those are known: a cheerful reply in a thread about a shooting is
  as wrong as one to its first post. A hashtag that the known posts mostly use about a tragedy names it
  (:func:`tragedy_tags`): "#Germanwings" says nothing to a lexicon, but the posts around it do.
* **Hostile**: abuse aimed at someone. Judged by a phrase list for the unambiguous cases ("delete your account",
  "hope you die") and, for the rest, by two well-kept classifiers that ship their model in their package:
  ``alt-profanity-check`` (a linear SVM over a public toxic-comment corpus) for offensive language, and VADER
  (Hutto & Gilbert 2014, a social-media sentiment lexicon) for negativity. Offensive language alone is not
  hostility ("this paper is f***ing great"): it must also be negative and aimed at a person (you / @someone).

An account most of whose recent posts are hostile is screened out of the digest, like a bot.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.openers.language import UNDETERMINED, primary
from bot.text import collapse_whitespace, decode_entities, strip_urls

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping, Sequence

    from bot.networks.base import NetworkPost

# The topic lexicon: what counts as a tragedy, by kind, read it to see exactly what is judged. Each entry is a lemma
# and matches its whole word family through the Snowball stemmer ("crash" matches crashes, crashed, crashing;
# "overdose" matches overdosed; "die" matches died, dies, dying). An entry written "=word" matches only that
# word and its plural: its stem is shared with harmless words ("emergency" and "emerging" both stem to "emerg",
# "memorial" and "memory" to "memori"). The lexicon is English: posts in other languages are never answered.
# The kinds are what the issue names: death, violence and attacks, disaster and accidents, grave illness, grief.
SENSITIVE_LEXICON: dict[str, str] = {
    "death": "die death dead kill killer murder slay slain massacre genocide suicide suicidal fatal fatality deadly "
    "corpse homicide behead obituary",
    "violence and attacks": "shoot shot shooter shooting gunman gunmen gunfire gunshot sniper gun =armed weapon stab "
    "bomb bomber explosion explosive attack terror terrorist terrorism hostage siege jihad jihadist isis "
    "extremist militant airstrike missile war warfare wound wounded injure injury casualty victim survivor abuse "
    "rape assault violence violent brutal brutality riot coup hijack kidnap torture police policing cop",
    "disaster and accidents": "crash accident collision derail wreck wreckage earthquake tsunami hurricane tornado "
    "typhoon cyclone flood wildfire disaster famine drought landslide avalanche evacuate evacuation =emergency "
    "=emergencies mayday lockdown",
    "grave illness": "cancer tumour tumor chemotherapy chemo hospice overdose ebola epidemic pandemic outbreak",
    "grief": "funeral condolence mourn mourner grief grieve tragic tragedy heartbreak heartbroken =memorial "
    "=memorials vigil rip r.i.p pray prayer sad sadly horrible horrific horrify devastate devastating",
}
# Phrases, matched word for word on the same stems; the last ones are the slogans of solidarity after an attack
# ("Je suis Charlie", "#PrayForParis", "#StandWithOttawa"), which also reach us as CamelCase hashtags.
SENSITIVE_PHRASES = (
    "passed away",
    "lost his life",
    "lost her life",
    "lost their lives",
    "rest in peace",
    "thoughts and prayers",
    "tear gas",
    "open fire",
    "opened fire",
    "moment of silence",
    "terminally ill",
    "intensive care",
    "je suis",
    "nous sommes",
    "stand with",
)
SHORT_LEMMA = 3
"""Lemmas this short ("die", "war", "sad", "gun") are read only in English text: elsewhere they are other words."""
HASHTAG_AFFIX_MIN = 4
"""A hashtag written without capitals ("#sydneysiege", "#putindead") is read as a compound: a lexicon lemma of at
least this many letters (or "rip") at its start or end counts, unless the whole tag is an ordinary English word."""
TAG_MIN_SENSITIVE_POSTS = 3
TAG_SENSITIVE_SHARE = 0.5
"""A hashtag that at least :data:`TAG_MIN_SENSITIVE_POSTS` authors used on sensitive posts, at least this share of
all the authors who used it, names a tragedy ("#Germanwings", "#4U9525"): no lexicon can list every event's name,
but the posts around it say what it is about."""

# Hostility without a swear word, which the profanity model cannot see, by kind. Each is a pattern over the post
# (case aside; "you" also spelled "u"/"ya"); read them to see exactly what counts.
_YOU = r"(?:you|u|ya|y'all|you\s+all)"
HOSTILE_PATTERNS: dict[str, str] = {
    # Telling someone they don't count or should leave: an imperative at the start of a clause, or a verdict.
    # Not "shut up", which is as often delight ("shut up, this is amazing") as contempt.
    "dismissal": r"(?:delete\s+your\s+(?:account|twitter|blog)|(?:nobody|no\s+one)\s+(?:even\s+)?asked"
    r"|who\s+(?:even\s+)?asked\s*(?:[?!.]|$)"
    r"|(?:nobody|no\s+one)\s+cares|(?:^|[.!?,;]\s*|@\w+\s+)(?:go\s+away|get\s+lost|stfu|log\s+off"
    r"|get\s+off\s+(?:twitter|here|my\s+timeline)|piss\s+off|crawl\s+back)"
    r"|cry\s+(?:more|harder)|stay\s+mad"
    # Told to anyone, a third party too ("this government needs to fuck off"): no reply of ours fits under it.
    r"|\b(?:fuck|fck|fuk|f\*+k)\s+(?:right\s+)?off\b)",
    # Wishing someone harm: "I hope you suffer", "wish you were dead", "you deserve to rot", and the fixed curses.
    # A wish with a negation in it ("hope you don't suffer") is kindness.
    "wish of harm": r"(?:(?:hope|wish|pray)(?:s|ing)?\s+(?:that\s+)?" + _YOU + r"\s+"
    r"(?:(?!(?:don['’]?t|do|not|never|won['’]?t|didn['’]?t|aren['’]?t)\b)[\w'’]+\s+){0,3}?"
    r"(?:suffer(?:s|ing)?|die[sd]?|dead|rot(?:s|ting)?|choke|starve|drown|perish|get\s+(?:cancer|hit|shot"
    r"|killed|hurt|what\s+(?:you|u)\s+deserve))\b|" + _YOU + r"\s+deserve\s+to\s+(?:suffer|die|rot|burn)"
    r"|(?:kill|hang)\s+yourself|\bkys\b|you\s+should\s+die|slow\s+death|go\s+die|drop\s+dead"
    r"|(?:rot|burn)\s+in\s+hell|go\s+to\s+hell|piece\s+of\s+(?:shit|garbage|trash))",
}
HOSTILE = re.compile(
    "|".join(f"(?P<{kind.replace(' ', '_')}>{pattern})" for kind, pattern in HOSTILE_PATTERNS.items()),
    re.IGNORECASE | re.MULTILINE,
)
LAUGHTER = re.compile(
    r"(?i)\b(?:lo+l+|lmf?ao+|rofl|kek|(?:ha){2,}h?|(?:he){2,}h?|(?:ja){2,}|xd+)\b|[😂🤣😆😹😅😝😜🙃🤡💀]"
)
"""Laughter and mocking emoji. After an insult they mock rather than soften it, so they are left out before VADER
scores the post ("you idiot lol 😂" is as hostile as "you idiot")."""
PROFANITY_THRESHOLD = 0.8
"""alt-profanity-check probability from which a post counts as offensive language."""
NEGATIVE_COMPOUND = -0.3
"""VADER compound score (-1..1) at or below which a post counts as negative; VADER's own cut-off is -0.05."""
HOSTILE_ACCOUNT_SHARE = 0.5
"""An account is screened out when more than this share of its recent own posts are hostile..."""
HOSTILE_ACCOUNT_MIN_POSTS = 2
"""...and at least this many are (one angry post is a bad day, not a pattern)."""

_ADDRESSED = re.compile(r"(?i)(?:\byou\b|\byour\b|\bu\b|\bur\b|\byou're\b|\byoure\b|(?<!\w)@\w)")
_HANDLE = re.compile(r"@\w+")
_WORD = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W\d_]+(?:['’][^\W\d_]+)*")
_HASHTAG = re.compile(r"[#＃](\w+)")
# Where a hashtag's words meet: "PrayForParis", "RIPRobin", "JeSuisCharlie", "Flight4U9525".
_TAG_WORDS = re.compile(r"[A-Z]{2,}(?=[A-Z][a-z]|\d|_|$)|[A-Z]?[a-z]+|[A-Z]+|\d+")


@functools.cache
def _stem(word: str) -> str:
    """The word's Snowball stem ("crashes" -> "crash"), possessive and case aside."""
    return _stemmer().stem(re.sub(r"['’]s$", "", word.casefold()))


@functools.cache
def _stemmer() -> Any:
    # NLTK comes with TextBlob; the Snowball stemmer is pure code, nothing to download.
    from nltk.stem.snowball import SnowballStemmer  # pyright: ignore[reportMissingTypeStubs]

    return SnowballStemmer("english")


@functools.cache
def _lexicon() -> tuple[dict[str, str], dict[str, str], tuple[tuple[tuple[str, ...], str], ...]]:
    """(stem -> lemma, exact word -> lemma, (phrase stems, phrase)) of :data:`SENSITIVE_LEXICON` and the phrases."""
    stems: dict[str, str] = {}
    exact: dict[str, str] = {}
    for entries in SENSITIVE_LEXICON.values():
        for entry in entries.split():
            if entry.startswith("="):
                exact[entry[1:]] = entry[1:]
            else:
                stems.setdefault(_stem(entry), entry)  # the first lemma of a family names it
    phrases = tuple((tuple(_stem(word) for word in phrase.split()), phrase) for phrase in SENSITIVE_PHRASES)
    return stems, exact, phrases


def _english_word(word: str) -> bool:
    import textblob.en as english  # pyright: ignore[reportMissingTypeStubs]

    return word in english.spelling or word in english.lexicon


def _tag_words(tag: str) -> list[str]:
    """A hashtag's words: split at its capitals and digits ("PrayForParis" -> Pray, For, Paris)."""
    return _TAG_WORDS.findall(tag)


@functools.cache
def _affix_term(word: str, *, hashtag: bool = True) -> str | None:
    """The lexicon lemma a compound starts or ends with: an uncapitalised hashtag ("sydneysiege" -> "siege") or a
    lower-case word no English dictionary knows ("floodland" -> "flood", "killjoy" -> "kill"). "rip" counts only
    at a hashtag's start ("#RIPxxx"); an ordinary English word ("screenshot" aside) is read as itself."""
    folded = word.casefold()
    if not folded.isalpha() or _english_word(folded):
        return None
    lemmas = (entry.lstrip("=") for entries in SENSITIVE_LEXICON.values() for entry in entries.split())
    for lemma in lemmas:
        long_enough = len(lemma) >= HASHTAG_AFFIX_MIN or (hashtag and lemma == "rip")
        if not long_enough or not lemma.isalpha() or len(folded) <= len(lemma):
            continue
        if folded.startswith(lemma) or (hashtag and folded.endswith((lemma, lemma + "s"))):
            return lemma
    return None


def _runs(text: str) -> list[list[str]]:
    """The text's runs of words, a hashtag's words in a run of their own."""
    runs: list[list[str]] = [[]]
    position = 0
    for tag in _HASHTAG.finditer(text):
        runs[-1] += _WORD.findall(text[position : tag.start()])
        runs.append(_tag_words(tag.group(1)))
        runs.append([])
        position = tag.end()
    runs[-1] += _WORD.findall(text[position:])
    return [run for run in runs if run]


def sensitive_term(text: str, *, english: bool = True) -> str | None:
    """The lemma or phrase of the topic lexicon (:data:`SENSITIVE_LEXICON`, :data:`SENSITIVE_PHRASES`) that
    ``text`` speaks of, or None; entities are decoded and links ignored. Any word of the family counts ("crashed",
    "overdosing"), in hashtags too, split at their capitals ("#PrayForParis") or read as a compound
    ("#sydneysiege"). For text known to be in another language (``english=False``) the lemmas of
    :data:`SHORT_LEMMA` letters or fewer are left out: short words collide across languages (the German article
    "die", the German "war" = "was")."""
    text = strip_urls(decode_entities(text))
    stems, exact, phrases = _lexicon()
    for run in _runs(text):
        run_stems = [_stem(word) for word in run]
        for word, stem in zip(run, run_stems, strict=True):
            folded = word.casefold()
            if folded in exact:
                return folded
            if folded.endswith("s") and folded[:-1] in exact:
                return folded[:-1]
            if stem in stems and (english or len(stems[stem]) > SHORT_LEMMA):
                return stems[stem]
            if word.islower() and (term := _affix_term(word, hashtag=False)) is not None:
                return term
        for phrase_stems, phrase in phrases:
            size = len(phrase_stems)
            if any(tuple(run_stems[i : i + size]) == phrase_stems for i in range(len(run_stems) - size + 1)):
                return phrase
    for tag in _HASHTAG.findall(text):
        # A compound read whole: "#sydneysiege", and "#RIPxxx", whose capitals don't split where its words meet.
        if (term := _affix_term(tag)) is not None:
            return term
    return None


def _english(post: NetworkPost) -> bool:
    """Whether the post may be English: X tagged it so, or gave no language."""
    return not post.lang or primary(post.lang) == "en" or post.lang.casefold() in UNDETERMINED


def tragedy_tags(posts: Iterable[NetworkPost]) -> frozenset[str]:
    """Hashtags (case-folded, without #) that name a tragedy in ``posts``: see :data:`TAG_SENSITIVE_SHARE`.

    Authors are counted, not posts (a retweeted slogan is one voice), and only posts the English lexicon can read
    (``lang`` English or not given): the German article "die" is no death."""
    uses: dict[str, set[str]] = {}
    sensitive: dict[str, set[str]] = {}
    for post in posts:
        if not _english(post):
            continue
        tags = {tag.casefold() for tag in _HASHTAG.findall(decode_entities(post.text))}
        is_sensitive = bool(tags) and sensitive_term(post.text) is not None
        for tag in tags:
            uses.setdefault(tag, set()).add(post.author_id)
            if is_sensitive:
                sensitive.setdefault(tag, set()).add(post.author_id)
    return frozenset(
        tag
        for tag, authors in sensitive.items()
        if len(authors) >= TAG_MIN_SENSITIVE_POSTS and len(authors) >= TAG_SENSITIVE_SHARE * len(uses[tag])
    )


def sensitive_conversations(posts: Iterable[NetworkPost]) -> frozenset[str]:
    """Conversation ids in which any of ``posts`` is sensitive, or carries a hashtag that names a tragedy among
    ``posts`` (:func:`tragedy_tags`): a thread where someone speaks of a death is no place for a cheerful reply,
    whichever of its posts the reply would answer."""
    posts = list(posts)
    tags = tragedy_tags(posts)
    return frozenset(
        post.conversation_id
        for post in posts
        if post.conversation_id
        and (
            sensitive_term(post.text, english=_english(post)) is not None
            or any(tag.casefold() in tags for tag in _HASHTAG.findall(decode_entities(post.text)))
        )
    )


@functools.cache
def _classifiers() -> tuple[Any, Any]:
    # Imported on first use: loading the model and the lexicon takes a second, and most processes never need them.
    from profanity_check import predict_prob  # pyright: ignore[reportMissingTypeStubs]
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # pyright: ignore[reportMissingTypeStubs]

    return predict_prob, SentimentIntensityAnalyzer()


@functools.lru_cache(maxsize=4096)
def hostility(text: str) -> str | None:
    """Why ``text`` reads as hostile, or None: a pattern of :data:`HOSTILE_PATTERNS` (``"says “nobody asked”
    (dismissal)"``), or offensive, negative and aimed at someone (``"offensive (0.97) and negative (-0.62), aimed at
    someone"``), negativity judged with :data:`LAUGHTER` left out."""
    clean = strip_urls(decode_entities(text))
    if (found := HOSTILE.search(clean)) is not None:
        kind = (found.lastgroup or "").replace("_", " ")
        said = collapse_whitespace(_HANDLE.sub(" ", found.group(0))).strip(" .,;!?").casefold()
        return f"says “{said}” ({kind})"
    if not _ADDRESSED.search(clean):
        return None
    predict_prob, vader = _classifiers()
    unlaughing = collapse_whitespace(LAUGHTER.sub(" ", clean))
    offensive = float(predict_prob([unlaughing or clean])[0])
    if offensive < PROFANITY_THRESHOLD:
        return None
    compound = float(vader.polarity_scores(unlaughing)["compound"])
    if compound > NEGATIVE_COMPOUND:
        return None
    return f"offensive ({offensive:.2f}) and negative ({compound:.2f}), aimed at someone"


@dataclass(frozen=True)
class Tone:
    """Why a post is off limits for an opener; both None when it is fine."""

    sensitive: str | None = None
    """The sensitive term found, in the post or in a post it answers or quotes."""
    hostile: str | None = None

    @property
    def ok(self) -> bool:
        return self.sensitive is None and self.hostile is None


def post_tone(
    post: NetworkPost,
    known: Mapping[str, NetworkPost] | None = None,
    sensitive_threads: Collection[str] = frozenset(),
) -> Tone:
    """The tone of ``post``, looking up the chain of posts it answers or quotes in ``known`` (by id) as far as it
    is known: a reply in a conversation about a death is about a death too. A post in one of ``sensitive_threads``
    (conversation ids, see :func:`sensitive_conversations`) is sensitive whatever it says."""
    sensitive = sensitive_term(post.text, english=_english(post))
    if sensitive is None and post.conversation_id in sensitive_threads:
        sensitive = "a conversation about a tragedy"
    seen = {post.id}
    parent_id = post.replied_to_post_id or post.quoted_post_id
    while sensitive is None and known and parent_id and parent_id not in seen:
        seen.add(parent_id)
        parent = known.get(parent_id)
        if parent is None:
            break
        sensitive = sensitive_term(parent.text, english=_english(parent))
        parent_id = parent.replied_to_post_id or parent.quoted_post_id
    return Tone(sensitive=sensitive, hostile=hostility(post.text))


def hostile_account(posts: Sequence[NetworkPost], account_id: str) -> str | None:
    """Why the account is screened out as hostile, or None: more than :data:`HOSTILE_ACCOUNT_SHARE` of its own
    recent posts (reposts aside) and at least :data:`HOSTILE_ACCOUNT_MIN_POSTS` are hostile. The reason names
    the counts and the first hostile post's reason, e.g. ``"3 of 4 recent posts hostile: says “delete your
    account”"``."""
    own = [post for post in posts if post.author_id == account_id and not post.is_repost]
    reasons = [reason for post in own if (reason := hostility(post.text)) is not None]
    if len(reasons) < HOSTILE_ACCOUNT_MIN_POSTS or len(reasons) <= HOSTILE_ACCOUNT_SHARE * len(own):
        return None
    return f"{len(reasons)} of {len(own)} recent posts hostile: {reasons[0]}"
