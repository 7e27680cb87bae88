"""Which of the team's Lists an account fits: city Lists by the profile location, niche Lists by bio and posts.

Pure functions. Matching is on whole words, case- and accent-insensitive ("Zürich" matches "zurich"), and a
keyword may be several words ("San Francisco", "machine learning"). The matched words are returned so the digest
can say why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.inputs import fold
from bot.models import ListKind
from bot.text import strip_urls

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.networks.base import NetworkAccount, NetworkPost

# A niche list needs the bio to say it, or several posts to be about it.
NICHE_MIN_POSTS = 2
BIO_WEIGHT = 2.0
CITY_WEIGHT = 3.0


@dataclass(frozen=True)
class ListProfile:
    list_id: int
    name: str
    kind: ListKind
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class ListMatch:
    list_id: int
    name: str
    kind: ListKind
    matched: tuple[str, ...]  # the keywords found, as the team wrote them
    score: float

    @property
    def why(self) -> str:
        where = "location" if self.kind == ListKind.CITY else "bio and posts"
        return f"{', '.join(self.matched)} in their {where}"


def _pattern(keyword: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in fold(keyword).split()]
    # Whole words only; a trailing s/es lets "startup" match "startups".
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?:e?s)?(?!\w)")


def _found(keywords: Sequence[str], text: str) -> list[str]:
    """The keywords in the text, one per spelling ("Berlin" and "Berlín" are one match, not two)."""
    folded = fold(text)
    found: dict[str, str] = {}
    for keyword in keywords:
        if fold(keyword) not in found and _pattern(keyword).search(folded):
            found[fold(keyword)] = keyword
    return list(found.values())


def match_lists(
    account: NetworkAccount, posts: Sequence[NetworkPost], lists: Sequence[ListProfile]
) -> ListMatch | None:
    """The List this account fits best, or None. City Lists look only at the location; niche Lists at the bio
    (strong) and at the account's own posts (reposts excluded: they are someone else's words)."""
    own_texts = [strip_urls(post.text) for post in posts if not post.is_repost]
    best: ListMatch | None = None
    for profile in lists:
        if not profile.keywords:
            continue
        if profile.kind == ListKind.CITY:
            matched = _found(profile.keywords, account.location)
            score = CITY_WEIGHT * len(matched)
        else:
            in_bio = _found(profile.keywords, account.bio)
            post_hits = {
                keyword: sum(1 for text in own_texts if _found([keyword], text)) for keyword in profile.keywords
            }
            in_posts = [keyword for keyword, hits in post_hits.items() if hits >= NICHE_MIN_POSTS]
            matched = list(dict.fromkeys(in_bio + in_posts))
            score = BIO_WEIGHT * len(in_bio) + sum(min(post_hits[keyword], 5) / 5 for keyword in in_posts)
        if matched and (best is None or score > best.score):
            best = ListMatch(profile.list_id, profile.name, profile.kind, tuple(matched), score)
    return best
