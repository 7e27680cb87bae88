"""The social network as Circlebot sees it: accounts, posts, pages, and the calls it makes.

Everything here is in our domain terms; `XNetwork` (x.py) translates X API v2 to them. A later network
(Bluesky, Mastodon) implements the same protocol.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime

    from bot.networks.vocabulary import EndpointVocabulary

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class NetworkAccount:
    """A snapshot of an account with the fields the checks need."""

    id: str
    handle: str
    name: str = ""
    bio: str = ""
    location: str = ""
    url: str = ""
    profile_image_url: str = ""
    followers_count: int = 0
    following_count: int = 0
    post_count: int = 0
    listed_count: int = 0
    created_at: datetime | None = None
    most_recent_post_id: str | None = None
    most_recent_post_at: datetime | None = None
    posted_since: datetime | None = None
    """Without a last-post id: it posted after this time (its post count grew since a read then)."""
    protected: bool = False
    verified: bool = False
    counts_known: bool = True
    """False when X left ``public_metrics`` out (the spec makes it optional): the counts above are then 0 for
    want of a figure, and storage keeps the counts it already holds rather than taking them."""


@dataclass(frozen=True, slots=True)
class NetworkPost:
    """A post with what tells conversation from broadcast."""

    id: str
    author_id: str
    text: str
    created_at: datetime
    conversation_id: str | None = None
    in_reply_to_account_id: str | None = None
    replied_to_post_id: str | None = None
    quoted_post_id: str | None = None
    reposted_post_id: str | None = None
    mention_ids: tuple[str, ...] = ()
    mention_handles: tuple[str, ...] = ()
    like_count: int = 0
    reply_count: int = 0
    repost_count: int = 0
    quote_count: int = 0
    lang: str | None = None
    """X's language guess for the post (BCP 47, e.g. "en", "de"; "und" when X couldn't tell); None when not known."""

    @property
    def is_repost(self) -> bool:
        return self.reposted_post_id is not None

    @property
    def is_reply(self) -> bool:
        """Only a post that names the post it answers: a repost copies its original's reply target, and an
        old-style post that merely starts with @name answers nothing."""
        return self.replied_to_post_id is not None and not self.is_repost

    @property
    def is_self_reply(self) -> bool:
        """A reply to oneself is a thread, not a conversation."""
        return self.in_reply_to_account_id == self.author_id


class Posts(tuple[NetworkPost, ...]):
    """A timeline read: its posts, newest first, and ``cut_short``, why the walk stopped before the posts it was
    asked for (X repeated a page cursor, or the page budget ran out; a message for logs and /status), or None when
    it read them all. A caller that keeps a ``since_id`` mark must not move it past a cut: the posts between the
    mark and the oldest read were never seen."""

    cut_short: str | None

    def __new__(cls, posts: Iterable[NetworkPost] = (), cut_short: str | None = None) -> Posts:
        made = super().__new__(cls, posts)
        made.cut_short = cut_short
        return made


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a listing. ``next_cursor`` resumes the listing later, even in another process."""

    items: tuple[T, ...]
    next_cursor: str | None
    skipped: int = 0
    """Objects X sent on this page that could not be read (no id, no usable time): skipped, never the page."""

    @property
    def is_last(self) -> bool:
        return self.next_cursor is None


@dataclass(frozen=True, slots=True)
class Unavailable:
    """Why an account asked for could not be had."""

    key: str  # the handle or id that was asked for
    reason: str  # "not_found" | "suspended" | "protected"
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Lookup:
    """The outcome of a batch lookup: what was found, and why the rest was not."""

    found: tuple[NetworkAccount, ...] = ()
    unavailable: tuple[Unavailable, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class FollowResult:
    following: bool
    pending: bool


@dataclass(frozen=True, slots=True)
class NetworkList:
    id: str
    name: str
    description: str = ""
    private: bool = True
    member_count: int | None = None


class SocialNetwork(Protocol):
    """Every read and write Circlebot makes, whichever network is behind it.

    Ids are the network's own, as strings (X's exceed 53 bits). Every call may raise the `XError` family
    (bot/errors.py): `BudgetExhausted` when the daily spend cap would be passed (nothing was sent),
    `XUnavailable` when the network kept failing, `XUnauthorized` / `XForbidden` when it refused, and for a
    write `WriteOutcomeUnknown` when the answer was lost (it may have happened; never resend blindly).
    """

    @property
    def me_id(self) -> str | None:
        """The team account's id (the one the write credentials belong to), None without write credentials."""
        ...

    def for_guild(self, guild_id: int | None) -> SocialNetwork:
        """The same connection, with the spend of its calls recorded against one team (None: the bot's own)."""
        ...

    def require_user_credentials(self, endpoint: str = ...) -> None:
        """Raise `MissingCredentials` (naming the settings to add) unless calls as the team's account can be
        made; services call it to refuse a command at once instead of failing later."""
        ...

    def learned_vocabularies(self) -> tuple[EndpointVocabulary, ...]:
        """Endpoints the network taught us to name fields differently (X's tweet/post vocabularies)."""
        ...

    async def me(self) -> NetworkAccount:
        """The team's own account (the one the write credentials belong to)."""
        ...

    async def resolve_handles(self, handles: Sequence[str]) -> Lookup:
        """Accounts by handle (any number, without "@"; batched as the network allows). Those not had are in
        ``Lookup.unavailable`` with the reason, not raised."""
        ...

    async def resolve_handle(self, handle: str) -> NetworkAccount:
        """One account by handle; raises `UnknownAccount` or `SuspendedAccount` when it can't be had."""
        ...

    async def lookup_accounts(self, account_ids: Sequence[str]) -> Lookup:
        """Accounts by id (any number; batched as the network allows)."""
        ...

    async def following(
        self, account_id: str, *, cursor: str | None = None, page_size: int | None = None
    ) -> Page[NetworkAccount]:
        """One page of the accounts ``account_id`` follows, most recent follows first (``page_size`` accounts at
        most; None: the largest page). Raises `AccountUnavailable` when the list can't be read (protected...)."""
        ...

    async def followers(
        self, account_id: str, *, cursor: str | None = None, page_size: int | None = None
    ) -> Page[NetworkAccount]:
        """One page of the accounts that follow ``account_id``, most recent first (as `following`)."""
        ...

    async def recent_posts(self, account_id: str, *, limit: int = 50, since_id: str | None = None) -> Posts:
        """Up to ``limit`` of the account's newest posts (replies and reposts included), newest first; with
        ``since_id`` only the posts newer than that one. ``Posts.cut_short`` says when the walk stopped early."""
        ...

    async def mentions(self, account_id: str, *, limit: int = 100, since_id: str | None = None) -> Posts:
        """Up to ``limit`` of the newest posts by others that mention ``account_id`` (replies to it included),
        newest first; with ``since_id`` only the newer ones. The team's own mentions are an owned read.
        ``Posts.cut_short`` says when the walk stopped early."""
        ...

    async def quotes(self, post_id: str, *, limit: int = 100) -> tuple[NetworkPost, ...]:
        """Up to ``limit`` of the newest posts quoting ``post_id``, newest first (quotes carry no mention of the
        quoted author, so mentions miss them)."""
        ...

    async def follow(self, target_id: str) -> FollowResult:
        """Follow an account as the team's account (only after a person approved it). Raises `XForbidden` when
        the network refuses automated follows (the approver then follows by hand), `AccountUnavailable` when it
        says the account is not found or suspended (nothing was followed)."""
        ...

    async def create_list(self, name: str, *, description: str = "", private: bool = True) -> NetworkList:
        """Create a List owned by the team's account (name and description already within the network's
        limits)."""
        ...

    async def add_list_member(self, list_id: str, account_id: str) -> bool:
        """Add an account to one of the team's Lists; True when it is a member afterwards. Raises
        `ListUnavailable` when the List is gone, `AccountUnavailable` when the account is, `XForbidden` when the
        network refuses."""
        ...

    async def owned_lists(self, account_id: str, *, cursor: str | None = None) -> Page[NetworkList]:
        """One page of the Lists ``account_id`` owns."""
        ...

    async def list_members(
        self, list_id: str, *, cursor: str | None = None, as_owner: bool = False
    ) -> Page[NetworkAccount]:
        """One page of a List's members; ``as_owner`` reads as the team's account (its private Lists).
        Raises `ListUnavailable` when the List is deleted or private to someone else."""
        ...

    async def list_posts(
        self, list_id: str, *, cursor: str | None = None, page_size: int = 100, as_owner: bool = False
    ) -> Page[NetworkPost]:
        """One page of a List's posts, newest first; ``as_owner`` reads as the team's account. Raises
        `ListUnavailable` as `list_members`."""
        ...
