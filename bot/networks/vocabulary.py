"""X's two spellings of the same API: the "tweet" vocabulary and the "post" vocabulary.

X is renaming "tweet" to "post" endpoint by endpoint. Spec 2.166 (the last one tweepy follows) asks for
``tweet.fields`` and answers ``referenced_tweets``, ``most_recent_tweet_id``, ``tweet_count``; spec 2.167 (X's
production spec since July 2026) asks for ``post.fields`` and answers ``referenced_posts``,
``most_recent_post_id``, ``post_count``, ``repost_count``, ``includes.posts``. Clients built on 2.167 report that
the live wire mixes both per endpoint, so this module does two things:

* **Reading**: `normalise_user`, `normalise_post` and `normalise_includes` turn either spelling into the current
  one, once, at the boundary. When an object carries both, the current spelling wins.
* **Writing**: `user_params` / `post_params` give an endpoint's query in either vocabulary, and `Vocabularies`
  remembers per endpoint which one X takes, switching when X answers 400 naming a field or parameter of the
  vocabulary we sent (`refused_names`).

Under 2.167 ``user.fields`` no longer offers a last-post id (only the paid ``most_recent_post_id`` expansion), and
``post.fields`` no longer offers ``author_id``, ``in_reply_to_user_id`` or the references: they come with the
``author_id``, ``in_reply_to_user_id`` and ``referenced_posts`` expansions instead, which also return the author,
the replied-to account and the referenced posts in ``includes`` (billed like any user or post).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

log = logging.getLogger(__name__)

Vocabulary = Literal["tweet", "post"]
VOCABULARIES: tuple[Vocabulary, ...] = get_args(Vocabulary)

# (legacy, current) spellings of the same key, per object.
USER_KEYS = (("most_recent_tweet_id", "most_recent_post_id"), ("pinned_tweet_id", "pinned_post_id"))
USER_METRIC_KEYS = (("tweet_count", "post_count"),)
POST_KEYS = (
    ("referenced_tweets", "referenced_posts"),
    ("edit_history_tweet_ids", "edit_history_post_ids"),
    ("note_tweet", "note_post"),
)
POST_METRIC_KEYS = (("retweet_count", "repost_count"),)
INCLUDES_KEYS = (("tweets", "posts"),)

# What Circlebot asks for. The post vocabulary can't name a last-post id in user.fields (2.167 dropped it), so
# activity then falls back to free signals (see bot/discovery/activity.py).
_USER_FIELDS = "created_at,description,location,protected,public_metrics,url,verified,profile_image_url"
USER_FIELDS: dict[Vocabulary, str] = {
    "tweet": _USER_FIELDS.replace("location,", "location,most_recent_tweet_id,"),
    "post": _USER_FIELDS,
}
POST_FIELDS: dict[Vocabulary, tuple[str, str]] = {
    "tweet": (
        "tweet.fields",
        "created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,entities,public_metrics,lang",
    ),
    "post": ("post.fields", "created_at,conversation_id,entities,public_metrics,lang"),
}
# 2.167 moved the author, the reply target and the references out of post.fields into expansions.
POST_EXPANSIONS: dict[Vocabulary, str | None] = {
    "tweet": None,
    "post": "author_id,in_reply_to_user_id,referenced_posts",
}
# Names only one vocabulary uses: a 400 naming one of them is about the vocabulary, not about our request.
WORDS: dict[Vocabulary, frozenset[str]] = {
    "tweet": frozenset(
        {
            "tweet.fields",
            "most_recent_tweet_id",
            "pinned_tweet_id",
            "referenced_tweets",
            "referenced_tweets.id",
            "edit_history_tweet_ids",
        }
    ),
    "post": frozenset(
        {
            "post.fields",
            "most_recent_post_id",
            "pinned_post_id",
            "referenced_posts",
            "edit_history_post_ids",
        }
    ),
}


def _current(raw: Mapping[str, Any], keys: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """A copy of ``raw`` with every legacy key renamed to its current spelling (the current value wins)."""
    data = dict(raw)
    for legacy, current in keys:
        if legacy in data:
            legacy_value = data.pop(legacy)
            data.setdefault(current, legacy_value)
    return data


def normalise_user(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A user object in the current spelling: ``most_recent_post_id``, ``pinned_post_id``, ``post_count``."""
    data = _current(raw, USER_KEYS)
    if isinstance(data.get("public_metrics"), dict):
        data["public_metrics"] = _current(data["public_metrics"], USER_METRIC_KEYS)
    return data


def normalise_post(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A post object in the current spelling: ``referenced_posts``, ``edit_history_post_ids``, ``repost_count``."""
    data = _current(raw, POST_KEYS)
    if isinstance(data.get("public_metrics"), dict):
        data["public_metrics"] = _current(data["public_metrics"], POST_METRIC_KEYS)
    return data


def normalise_includes(raw: Mapping[str, Any] | None) -> dict[str, Any]:
    """``includes`` in the current spelling (``posts``), with every user and post in it normalised too."""
    raw = raw or {}
    data = _current(raw, INCLUDES_KEYS)
    data["users"] = [normalise_user(user) for user in data.get("users") or [] if isinstance(user, dict)]
    # An answer mixing both spellings may carry different posts under each key: keep them all, the current
    # spelling's copy winning for a post that appears under both (the rule for every field).
    merged: dict[str, dict[str, Any]] = {}
    for key in ("posts", "tweets"):
        for post in raw.get(key) or []:
            if isinstance(post, dict):
                merged.setdefault(str(post.get("id")), normalise_post(post))
    data["posts"] = list(merged.values())
    return data


# -- requests -------------------------------------------------------------------------------------------------


def user_params(vocabulary: Vocabulary) -> dict[str, str]:
    """The query parameters of a user read (lookup, following, List members, me) in ``vocabulary``."""
    return {"user.fields": USER_FIELDS[vocabulary]}


def post_params(vocabulary: Vocabulary) -> dict[str, str]:
    """The query parameters of a post read (a timeline, a List's posts) in ``vocabulary``."""
    name, fields = POST_FIELDS[vocabulary]
    params = {name: fields}
    expansions = POST_EXPANSIONS[vocabulary]
    if expansions:
        params["expansions"] = expansions
    return params


_BRACKETED = re.compile(r"\[([^\]]*)\]|'([^']*)'")


def refused_names(problem: Mapping[str, Any]) -> set[str]:
    """The field values and parameter names an X 400 body says it does not know.

    X names the refused item first in each message: ``The query parameter [post.fields] is not one of [...]``,
    ``The `user.fields` query parameter value [most_recent_tweet_id] is not one of [...]``; X's emulator says
    ``invalid value 'most_recent_tweet_id'``. Only that first bracketed or quoted item counts, never the list of
    what is allowed.
    """
    messages = [str(problem.get("detail") or "")]
    for error in problem.get("errors") or []:
        if isinstance(error, dict):
            messages.append(str(error.get("message") or error.get("detail") or ""))
    names: set[str] = set()
    for message in messages:
        match = _BRACKETED.search(message)
        if match:
            names.update(part.strip() for part in (match.group(1) or match.group(2) or "").split(",") if part)
    return names


@dataclass(frozen=True, slots=True)
class EndpointVocabulary:
    """Which vocabulary an endpoint is spoken in, and whether X taught us that (for ``/settings status``)."""

    endpoint: str
    vocabulary: Vocabulary
    learned_from: str | None = None  # the refused name that made us switch, or None for the configured default


class Vocabularies:
    """Per endpoint, the vocabulary X takes: the configured default until a 400 says otherwise.

    Shared by every `XNetwork` built from one client, so one refusal teaches every team's requests. In memory:
    after a restart one free 400 per endpoint teaches it again.
    """

    def __init__(self, default: Vocabulary = "tweet") -> None:
        self.default: Vocabulary = default
        self._learned: dict[str, EndpointVocabulary] = {}

    def of(self, endpoint: str) -> Vocabulary:
        learned = self._learned.get(endpoint)
        return learned.vocabulary if learned else self.default

    def learn(self, endpoint: str, sent: Vocabulary, problem: Mapping[str, Any]) -> Vocabulary | None:
        """After X refused a request sent in ``sent``: the vocabulary to try instead, or None if the refusal
        is not about the vocabulary. The switch is remembered and logged once per endpoint."""
        refused = refused_names(problem) & WORDS[sent]
        if not refused:
            return None
        other: Vocabulary = "post" if sent == "tweet" else "tweet"
        if self.of(endpoint) != other:
            self._learned[endpoint] = EndpointVocabulary(endpoint, other, learned_from=sorted(refused)[0])
            log.warning(
                "X refused %s for %s; speaking the %s vocabulary to that endpoint from now on",
                sorted(refused)[0],
                endpoint,
                other,
            )
        return other

    def status(self) -> tuple[EndpointVocabulary, ...]:
        """The endpoints X taught us a vocabulary for (every other endpoint speaks ``default``)."""
        return tuple(self._learned[key] for key in sorted(self._learned))
