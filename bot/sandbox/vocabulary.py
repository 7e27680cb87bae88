"""The sandbox's two dialects of X: the tweet vocabulary (spec 2.166) and the post vocabulary (spec 2.167).

A world speaks ``tweet``, ``post`` or ``mixed`` (`World.vocabulary`); in ``mixed`` each endpoint speaks one of
the two (`MIXED`), as the live X API does while it renames endpoint by endpoint. An endpoint takes only its own
vocabulary's parameter names and field values (anything else is X's 400 ``invalid-request``) and answers in its
own spelling. `Words` is the one description of a vocabulary the server validates and renders with; the sets are
the enums of X's specs (``TweetFieldsParameter`` / ``PostFieldsParameter`` and friends).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

TWITTER_PROBLEMS = "https://api.twitter.com/2/problems/"
Dialect = Literal["tweet", "post"]
WorldVocabulary = Literal["tweet", "post", "mixed"]
WORLD_VOCABULARIES: tuple[WorldVocabulary, ...] = ("tweet", "post", "mixed")

_USER_FIELDS_COMMON = frozenset(
    {
        "confirmed_email",
        "connection_status",
        "created_at",
        "description",
        "entities",
        "id",
        "is_identity_verified",
        "location",
        "name",
        "parody",
        "profile_banner_url",
        "profile_image_url",
        "protected",
        "public_metrics",
        "receives_your_dm",
        "subscription",
        "subscription_type",
        "url",
        "username",
        "verified",
        "verified_followers_count",
        "verified_type",
        "withheld",
    }
)
_POST_FIELDS_COMMON = frozenset(
    {
        "article",
        "attachments",
        "card_uri",
        "community_id",
        "context_annotations",
        "conversation_id",
        "created_at",
        "display_text_range",
        "edit_controls",
        "entities",
        "geo",
        "id",
        "lang",
        "matched_media_notes",
        "media_metadata",
        "non_public_metrics",
        "note_request_suggestions",
        "organic_metrics",
        "paid_partnership",
        "possibly_sensitive",
        "promoted_metrics",
        "public_metrics",
        "reply_settings",
        "scopes",
        "source",
        "suggested_source_links",
        "suggested_source_links_with_counts",
        "text",
        "withheld",
    }
)
_POST_EXPANSIONS_COMMON = frozenset(
    {
        "article.cover_media",
        "article.media_entities",
        "attachments.media_keys",
        "attachments.media_source_tweet",
        "attachments.poll_ids",
        "author_id",
        "entities.mentions.username",
        "geo.place_id",
        "in_reply_to_user_id",
    }
)


@dataclass(frozen=True)
class Words:
    """Everything that differs between the vocabularies, for requests and for answers."""

    dialect: Dialect
    post_fields_param: str  # tweet.fields | post.fields
    user_fields: frozenset[str]
    post_fields: frozenset[str]
    user_expansions: frozenset[str]
    post_expansions: frozenset[str]
    most_recent: str  # the user key (and expansion) naming the newest post
    post_count: str  # public_metrics key of a user's posts
    repost_count: str  # public_metrics key of a post's reposts
    referenced: str  # the post key listing replied_to / quoted / retweeted
    referenced_expansion: str
    edit_history: str
    includes_posts: str  # includes.tweets | includes.posts
    problem_base: str  # where problem types live: api.twitter.com (2.166) or api.x.com (2.167)

    def problems(self, body: dict[str, Any]) -> dict[str, Any]:
        """``body`` with every problem type on this vocabulary's host (the sandbox writes 2.166's)."""
        if self.problem_base == TWITTER_PROBLEMS:
            return body

        def moved(value: Any) -> Any:
            if isinstance(value, dict):
                return {
                    k: (self.problem_base + v[len(TWITTER_PROBLEMS) :])
                    if k == "type" and isinstance(v, str) and v.startswith(TWITTER_PROBLEMS)
                    else moved(v)
                    for k, v in value.items()
                }
            if isinstance(value, list):
                return [moved(item) for item in value]
            return value

        return moved(body)

    def expands_references(self, expansions: frozenset[str]) -> bool:
        return self.referenced_expansion in expansions

    def shows_author(self, fields: frozenset[str], expansions: frozenset[str]) -> bool:
        """2.167 dropped ``author_id`` from post.fields: it comes with the ``author_id`` expansion."""
        return "author_id" in fields or "author_id" in expansions

    def shows_reply_target(self, fields: frozenset[str], expansions: frozenset[str]) -> bool:
        return "in_reply_to_user_id" in fields or "in_reply_to_user_id" in expansions

    def shows_references(self, fields: frozenset[str], expansions: frozenset[str]) -> bool:
        return self.referenced in fields or self.referenced_expansion in expansions


TWEET = Words(
    dialect="tweet",
    post_fields_param="tweet.fields",
    user_fields=_USER_FIELDS_COMMON | {"affiliation", "most_recent_tweet_id", "pinned_tweet_id"},
    post_fields=_POST_FIELDS_COMMON
    | {"author_id", "edit_history_tweet_ids", "in_reply_to_user_id", "note_tweet", "referenced_tweets"},
    user_expansions=frozenset({"affiliation.user_id", "most_recent_tweet_id", "pinned_tweet_id"}),
    post_expansions=_POST_EXPANSIONS_COMMON
    | {
        "edit_history_tweet_ids",
        "entities.note.mentions.username",
        "referenced_tweets.id",
        "referenced_tweets.id.attachments.media_keys",
        "referenced_tweets.id.author_id",
    },
    most_recent="most_recent_tweet_id",
    post_count="tweet_count",
    repost_count="retweet_count",
    referenced="referenced_tweets",
    referenced_expansion="referenced_tweets.id",
    edit_history="edit_history_tweet_ids",
    includes_posts="tweets",
    problem_base=TWITTER_PROBLEMS,
)
POST = Words(
    dialect="post",
    post_fields_param="post.fields",
    # 2.167's user.fields offers no last-post id: only the (billed) most_recent_post_id expansion gives one.
    user_fields=_USER_FIELDS_COMMON | {"subscribes_to_you"},
    post_fields=_POST_FIELDS_COMMON | {"article_title", "note_post"},
    user_expansions=frozenset({"affiliation", "most_recent_post_id", "pinned_post_id"}),
    post_expansions=_POST_EXPANSIONS_COMMON | {"edit_history_post_ids", "referenced_posts", "username"},
    most_recent="most_recent_post_id",
    post_count="post_count",
    repost_count="repost_count",
    referenced="referenced_posts",
    referenced_expansion="referenced_posts",
    edit_history="edit_history_post_ids",
    includes_posts="posts",
    problem_base="https://api.x.com/2/problems/",
)
WORDS: dict[Dialect, Words] = {"tweet": TWEET, "post": POST}


def words_for(world_vocabulary: str, endpoint: str, mixed: dict[str, Dialect]) -> Words:
    """The vocabulary ``endpoint`` speaks in a world set to ``world_vocabulary``."""
    if world_vocabulary == "mixed":
        return WORDS[mixed.get(endpoint, "tweet")]
    return WORDS["post" if world_vocabulary == "post" else "tweet"]
