"""Tone: which posts an opener must never answer, share or borrow a topic from, and which accounts to leave alone.

Two kinds of post are off limits:

* **Sensitive**: about death, violence, disaster, grief or an attack. Judged by a transparent topic list
  (:data:`SENSITIVE_TERMS`, read it to see exactly what counts) on the post *and* on the posts it answers or
  quotes when those are known: a cheerful reply in a thread about a shooting is as wrong as one to its first post.
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

from bot.text import decode_entities, strip_urls

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping, Sequence

    from bot.networks.base import NetworkPost

# Word stems of death, violence, disaster, grief and attacks. A stem ending in "*" matches any ending.
SENSITIVE_TERMS = """
    dead death* die died dies dying kill* murder* slain massacre* genocide suicide* fatal* deadly
    corpse* bodies funeral* rip r.i.p condolence* mourn* grief griev* tragic* tragedy tragedies
    shoot* shot shots gunman gunmen gunfire gunshot* shooter* sniper* stab stabbed stabbing* bomb* explosion*
    attack* terror* hostage* siege* jihad* isis extremist* militant* airstrike* missile* war warfare
    wounded injur* casualt* victim* survivor* abuse* rape* assault* violen* brutal* riot* tear-gas
    crash* plane-crash wreck* earthquake* tsunami* hurricane* flood* wildfire* disaster* famine*
    ebola epidemic* pandemic* outbreak* cancer* overdose*
    police policing cop cops armed weapon* gun guns gunned soldier* prayers praying heartbreak* horrif* horrible
    sad sadly
"""
SENSITIVE_PHRASES = (
    "passed away",
    "lost his life",
    "lost her life",
    "lost their lives",
    "rest in peace",
    "thoughts and prayers",
    "praying for",
    "pray for",
    "tear gas",
    "open fire",
    "opened fire",
)

# Abuse that needs no classifier: said to someone, these are never friendly.
HOSTILE_PHRASES = (
    "delete your account",
    "kill yourself",
    "kys",
    "hope you die",
    "hope u die",
    "you should die",
    "slow death",
    "go die",
    "drop dead",
    "piece of shit",
    "go to hell",
)
PROFANITY_THRESHOLD = 0.8
"""alt-profanity-check probability from which a post counts as offensive language."""
NEGATIVE_COMPOUND = -0.3
"""VADER compound score (-1..1) at or below which a post counts as negative; VADER's own cut-off is -0.05."""
HOSTILE_ACCOUNT_SHARE = 0.5
"""An account is screened out when more than this share of its recent own posts are hostile..."""
HOSTILE_ACCOUNT_MIN_POSTS = 2
"""...and at least this many are (one angry post is a bad day, not a pattern)."""

_CAMEL_CASE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_ADDRESSED = re.compile(r"(?i)(?:\byou\b|\byour\b|\bu\b|\bur\b|\byou're\b|\byoure\b|(?<!\w)@\w)")


def _term_pattern(terms: str, phrases: Sequence[str]) -> re.Pattern[str]:
    parts = []
    for term in terms.split():
        stem = re.escape(term.rstrip("*")).replace(r"\-", r"[\s-]")
        parts.append(stem + (r"\w*" if term.endswith("*") else ""))
    parts += [re.escape(phrase).replace(r"\ ", r"\s+") for phrase in phrases]
    return re.compile(r"(?i)(?<![\w#@])#?(?:" + "|".join(parts) + r")(?!\w)")


SENSITIVE = _term_pattern(SENSITIVE_TERMS, SENSITIVE_PHRASES)
HOSTILE = _term_pattern(" ".join(p.replace(" ", "-") for p in HOSTILE_PHRASES), ())


def sensitive_term(text: str) -> str | None:
    """The first term of :data:`SENSITIVE_TERMS` / :data:`SENSITIVE_PHRASES` in ``text`` (entities decoded,
    links ignored), or None. Hashtags count: "#RIP" is as clear as "RIP"."""
    text = strip_urls(decode_entities(text))
    # Hashtags run words together ("#PrayForParis"): read them split at their capitals too.
    found = SENSITIVE.search(text) or SENSITIVE.search(_CAMEL_CASE.sub(" ", text))
    return found.group(0).lstrip("#").casefold() if found else None


def sensitive_conversations(posts: Iterable[NetworkPost]) -> frozenset[str]:
    """Conversation ids in which any of ``posts`` is sensitive: a thread where someone speaks of a death is no place
    for a cheerful reply, whichever of its posts the reply would answer."""
    return frozenset(
        post.conversation_id for post in posts if post.conversation_id and sensitive_term(post.text) is not None
    )


@functools.cache
def _classifiers() -> tuple[Any, Any]:
    # Imported on first use: loading the model and the lexicon takes a second, and most processes never need them.
    from profanity_check import predict_prob  # pyright: ignore[reportMissingTypeStubs]
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # pyright: ignore[reportMissingTypeStubs]

    return predict_prob, SentimentIntensityAnalyzer()


@functools.lru_cache(maxsize=4096)
def hostility(text: str) -> str | None:
    """Why ``text`` reads as hostile, or None: an abuse phrase (``"says “delete your account”"``), or offensive,
    negative and aimed at someone (``"offensive (0.97) and negative (-0.62), aimed at someone"``)."""
    clean = strip_urls(decode_entities(text))
    if (found := HOSTILE.search(clean)) is not None:
        return f"says “{found.group(0).casefold()}”"
    if not _ADDRESSED.search(clean):
        return None
    predict_prob, vader = _classifiers()
    offensive = float(predict_prob([clean])[0])
    if offensive < PROFANITY_THRESHOLD:
        return None
    compound = float(vader.polarity_scores(clean)["compound"])
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
    sensitive = sensitive_term(post.text)
    if sensitive is None and post.conversation_id in sensitive_threads:
        sensitive = "a conversation about a tragedy"
    seen = {post.id}
    parent_id = post.replied_to_post_id or post.quoted_post_id
    while sensitive is None and known and parent_id and parent_id not in seen:
        seen.add(parent_id)
        parent = known.get(parent_id)
        if parent is None:
            break
        sensitive = sensitive_term(parent.text)
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
