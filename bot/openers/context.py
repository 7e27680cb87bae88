"""What the openers work from and what they produce: the account's context, a picked post, an opener."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from bot.text import clean_handle

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from bot.networks.base import NetworkAccount, NetworkPost

OpenerKind = Literal["reply", "hello", "share"]

MAX_DRAFT_LENGTH = 280


@dataclass(frozen=True)
class Opener:
    """One suggested way to start a conversation, ready to show in the digest."""

    kind: OpenerKind
    draft: str
    """At most 280 characters (as X counts them); never @everyone/@here; mentions only the target and one seed."""
    post_id: str | None
    post_url: str | None
    post_excerpt: str | None
    """At most 140 characters of the post being replied to or shared, cleaned for display."""
    why: str
    written_by: Literal["template", "llm"]
    intent_url: str | None = None
    """X's web intent that opens the draft ready to post (a reply to the post, a post with the post's link, or a
    plain post): the person sends it with one click; see :mod:`bot.openers.intent`."""
    template: str | None = None
    """The template the draft was made from (None for the LLM's own wording)."""
    phrase: str | None = None
    """The phrase or topic of theirs the draft quotes, if any."""


@dataclass(frozen=True)
class OpenerContext:
    """Everything known about one suggested account when its openers are written."""

    account: NetworkAccount
    posts: Sequence[NetworkPost]
    """Their recent posts, newest first; may be empty."""
    shared_seed_handles: Sequence[str]
    """Seeds that follow them, strongest first (handles without @)."""
    topics: Sequence[str] = ()
    """The team's topics; posts on them rank higher."""
    team_handle: str | None = None
    follows_team: bool = False
    """They already follow the team: a warm lead, thanked for the follow rather than introduced through a seed."""
    language: str = "en"
    """The team's language (BCP 47 primary tag): only posts in it are answered, shared or quoted."""
    known_posts: Mapping[str, NetworkPost] = field(default_factory=dict)
    """Other posts known by id (e.g. the posts theirs answer): a reply in a thread about a death is judged with it."""
    joins_conversations: bool = False
    """Replying inside other people's conversations is the point (the List monitor); otherwise their aside in
    someone else's thread is answered only when it asks something."""
    sensitive_threads: frozenset[str] = frozenset()
    """Conversation ids known to be about a tragedy (:func:`bot.openers.tone.sensitive_conversations`)."""


@dataclass(frozen=True)
class ScoredPost:
    """A post a picker chose, with the figures and the words that explain the choice."""

    post: NetworkPost
    url: str
    score: float
    reasons: tuple[str, ...]
    engagement_ratio: float
    """(likes + replies + reposts + quotes + 1) / (their median of the same + 1)."""
    age_hours: float
    invites_conversation: bool
    topic: str | None
    """The first of the team's topics the post is about, if any."""

    @property
    def why(self) -> str:
        return "; ".join(self.reasons)


def seed_handles(context: OpenerContext) -> list[str]:
    """The shared seeds' cleaned handles, strongest first, without the account itself: an account that is one of the
    team's seeds (or follows itself, as some data has it) is not introduced "through" itself."""
    own = clean_handle(context.account.handle).casefold()
    seen: list[str] = []
    for handle in map(clean_handle, context.shared_seed_handles):
        if handle and handle.casefold() != own and handle.casefold() not in {other.casefold() for other in seen}:
            seen.append(handle)
    return seen


def strongest_seed(context: OpenerContext) -> str | None:
    """The first of :func:`seed_handles`: the one a hello may mention, or None."""
    return next(iter(seed_handles(context)), None)


def post_url(handle: str, post_id: str) -> str:
    return f"https://x.com/{clean_handle(handle) or 'i'}/status/{post_id}"


def authored_posts(context: OpenerContext) -> list[NetworkPost]:
    # Anything not authored by the account (a stray post in a mixed timeline) is not theirs to reply to.
    return [post for post in context.posts if post.author_id == context.account.id]
