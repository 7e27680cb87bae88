"""Database tables (SQLModel). X ids are strings (they exceed 53 bits); Discord ids are BIGINT.

Public X data (accounts, follow edges, posts) is shared by every guild: it is the same on X whoever reads it,
and reading it once saves money. What belongs to a team (settings, seeds, spend) is keyed by guild.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

if TYPE_CHECKING:
    from sqlalchemy.engine import Dialect


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every database (SQLite drops the zone; we put it back)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; use datetime.now(UTC)")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class ActionKind(StrEnum):
    """What a decided action does: follow the account, add it to a List, or never show it again."""

    FOLLOW = "follow"
    LIST_ADD = "list_add"
    DISMISS = "dismiss"


class ActionState(StrEnum):
    """Where an action stands. queued -> sending -> done | by_hand | unknown | failed | skipped; see `Action`."""

    QUEUED = "queued"  # decided, waiting for the executor (and the daily cap)
    SENDING = "sending"  # claimed by an executor; X is being asked
    DONE = "done"
    BY_HAND = "by_hand"  # X refused automated follows: the approver follows with one click
    UNKNOWN = "unknown"  # X's answer was lost: it may or may not have happened, so it is never resent by itself
    FAILED = "failed"
    SKIPPED = "skipped"  # a List addition of someone removed from that List on X


class DigestState(StrEnum):
    """A day's digest post: claimed (posting), then posted, or failed (resumed by the next attempt), or partial
    (posted while discovery was cut short; completed by the next attempt, which posts only what is new)."""

    POSTING = "posting"
    POSTED = "posted"
    FAILED = "failed"
    PARTIAL = "partial"


class ListKind(StrEnum):
    """What puts an account in a List: its topic (niche) or its place (city)."""

    NICHE = "niche"
    CITY = "city"


class CrawlDirection(StrEnum):
    """Which of an account's lists a crawl reads: whom it follows, or who follows it."""

    FOLLOWING = "following"
    FOLLOWERS = "followers"


E = TypeVar("E", bound=StrEnum)


class StrEnumText(TypeDecorator[E]):
    """A `StrEnum` stored as its plain string value (the same text the column held before it was typed, so no
    data migration); reads come back as the enum member. Writing a value outside the enum raises ValueError."""

    impl = sa.String
    cache_ok = True

    def __init__(self, enum: type[E], length: int) -> None:
        super().__init__(length=length)
        self.enum = enum

    def process_bind_param(self, value: E | str | None, dialect: Dialect) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> E | None:
        return None if value is None else self.enum(value)


def utcnow() -> datetime:
    return datetime.now(UTC)


class GuildSettings(SQLModel, table=True):
    """One team = one Discord guild: where and when its digest goes, and its thresholds."""

    __tablename__ = "guild_settings"  # pyright: ignore[reportAssignmentType]

    guild_id: int = Field(sa_type=sa.BigInteger, primary_key=True)
    digest_channel_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    digest_hour: int = 9
    digest_timezone: str = Field(default="UTC", max_length=64)
    digest_size: int = 10
    silence_days: int = 14
    min_reply_share: float = 0.2
    min_posts_per_week: float = 3.0
    daily_follow_cap: int = 20
    daily_list_add_cap: int = 50
    approver_role_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    approvals_needed: int = 1
    # Where the bot reports what it could not do (a digest it could not post…), shown by /settings status.
    last_problem: str | None = Field(default=None, max_length=500)
    last_problem_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    team_account_id: str | None = Field(default=None, max_length=32)
    team_account_handle: str | None = Field(default=None, max_length=15)
    topics: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    language: str = Field(default="en", max_length=16, sa_column_kwargs={"server_default": "en"})
    """The team's language (BCP 47 primary tag): openers answer and quote only posts in it."""
    suggestion_cooldown_days: int = 14
    full_crawl_days: int = 30
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class Seed(SQLModel, table=True):
    """An account a team trusts. Removing one keeps the row (history) and ends its influence."""

    __tablename__ = "seed"  # pyright: ignore[reportAssignmentType]
    __table_args__ = (sa.UniqueConstraint("guild_id", "account_id", name="uq_seed_guild_account"),)

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = Field(sa_type=sa.BigInteger, index=True)
    account_id: str = Field(max_length=32, index=True)
    handle: str = Field(max_length=15)
    weight: float = 1.0
    added_by: int | None = Field(default=None, sa_type=sa.BigInteger)
    added_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    removed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class CrawlState(SQLModel, table=True):
    """Where the crawl of one account's following (or followers) list stands, so an interrupted crawl resumes."""

    __tablename__ = "crawl_state"  # pyright: ignore[reportAssignmentType]

    account_id: str = Field(primary_key=True, max_length=32)
    direction: CrawlDirection = Field(primary_key=True, sa_type=StrEnumText(CrawlDirection, 16))
    cursor: str | None = Field(default=None, max_length=256)
    full_crawl_started_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    last_full_crawl_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    last_refresh_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    known_count: int | None = None  # the list's length as X last reported it (following_count)
    needs_full_crawl: bool = True
    pages_read: int = 0
    last_error: str | None = Field(default=None, max_length=500)


class Account(SQLModel, table=True):
    """The latest snapshot of an X user, as returned with our user fields."""

    __tablename__ = "account"  # pyright: ignore[reportAssignmentType]

    id: str = Field(primary_key=True, max_length=32)
    handle: str = Field(max_length=15, index=True)
    name: str = Field(default="", max_length=100)
    bio: str = Field(default="", max_length=1000)
    location: str = Field(default="", max_length=200)
    url: str = Field(default="", max_length=500)
    profile_image_url: str = Field(default="", max_length=500)
    followers_count: int = 0
    following_count: int = 0
    post_count: int = 0
    listed_count: int = 0
    created_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    most_recent_post_id: str | None = Field(default=None, max_length=32)
    most_recent_post_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    # Without a last-post id (X's post vocabulary): the read after which the post count grew.
    posted_since: datetime | None = Field(default=None, sa_type=UtcDateTime)
    protected: bool = False
    verified: bool = False
    fetched_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class FollowEdge(SQLModel, table=True):
    """follower_id follows followee_id, as seen between first_seen_at and last_seen_at."""

    __tablename__ = "follow_edge"  # pyright: ignore[reportAssignmentType]

    follower_id: str = Field(primary_key=True, max_length=32)
    followee_id: str = Field(primary_key=True, max_length=32, index=True)
    first_seen_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class Post(SQLModel, table=True):
    """A recent post we fetched, with the fields that tell conversation from broadcast."""

    __tablename__ = "post"  # pyright: ignore[reportAssignmentType]

    id: str = Field(primary_key=True, max_length=32)
    author_id: str = Field(max_length=32, index=True)
    text: str = Field(default="", max_length=4000)
    created_at: datetime = Field(sa_type=UtcDateTime)
    conversation_id: str | None = Field(default=None, max_length=32)
    in_reply_to_account_id: str | None = Field(default=None, max_length=32)
    replied_to_post_id: str | None = Field(default=None, max_length=32)
    quoted_post_id: str | None = Field(default=None, max_length=32)
    reposted_post_id: str | None = Field(default=None, max_length=32)
    mention_ids: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    mention_handles: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    like_count: int = 0
    reply_count: int = 0
    repost_count: int = 0
    quote_count: int = 0
    lang: str | None = Field(default=None, max_length=16)
    """X's language guess (BCP 47); openers quote only posts in the team's language."""
    fetched_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class ApiCall(SQLModel, table=True):
    """The usage ledger: one row per HTTP attempt to X, with what it returned and what it cost."""

    __tablename__ = "api_call"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int | None = Field(default=None, sa_type=sa.BigInteger, index=True)
    endpoint: str = Field(max_length=64, index=True)
    status: int | None = None
    outcome: str = Field(max_length=32)
    resources: int = 0
    billed_resources: int = 0
    # Micro-dollars, so sums are exact and equal X's bill to the cent.
    cost_micros: int = Field(default=0, sa_type=sa.BigInteger)
    attempt: int = 1
    at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)

    @property
    def dollars(self) -> float:
        return self.cost_micros / 1_000_000


class BilledResource(SQLModel, table=True):
    """Resources X has billed today: X bills each resource once per UTC day, so neither do we."""

    __tablename__ = "billed_resource"  # pyright: ignore[reportAssignmentType]

    day: date = Field(primary_key=True)
    kind: str = Field(primary_key=True, max_length=16)
    resource_id: str = Field(primary_key=True, max_length=32)


class GuildAccount(SQLModel, table=True):
    """What a team decided or was shown about one account: dismissed for good, last suggested, followed."""

    __tablename__ = "guild_account"  # pyright: ignore[reportAssignmentType]

    guild_id: int = Field(sa_type=sa.BigInteger, primary_key=True)
    account_id: str = Field(primary_key=True, max_length=32)
    dismissed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    last_suggested_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    followed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class Suggestion(SQLModel, table=True):
    """One account in one day's digest of one team, with every number that put it there."""

    __tablename__ = "suggestion"  # pyright: ignore[reportAssignmentType]
    __table_args__ = (sa.UniqueConstraint("guild_id", "digest_day", "account_id", name="uq_suggestion_day_account"),)

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = Field(sa_type=sa.BigInteger, index=True)
    digest_day: date = Field(index=True)
    account_id: str = Field(max_length=32)
    position: int
    score: float
    followed_by: list[str] = Field(default_factory=list, sa_type=sa.JSON)  # seed ids, strongest first
    follows_team: bool = False
    explanation: str = Field(default="", max_length=500)
    check: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    activity: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    openers: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    # Where the entry was posted in Discord: reactions on that message decide about this account.
    channel_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    message_id: int | None = Field(default=None, sa_type=sa.BigInteger, index=True, unique=True)
    # The team's List this account fits (by city or niche), with the words that matched.
    suggested_list_id: int | None = None
    list_match: list[str] = Field(default_factory=list, sa_type=sa.JSON)


class DiscoveryRun(SQLModel, table=True):
    """One discovery run of one team: what it read, what it kept, what it cost, how it ended."""

    __tablename__ = "discovery_run"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = Field(sa_type=sa.BigInteger, index=True)
    started_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    outcome: str = Field(default="running", max_length=16)  # running | ok | partial | failed
    cost_micros: int = Field(default=0, sa_type=sa.BigInteger)
    seeds_crawled: int = 0
    candidates: int = 0
    screened_out: dict[str, int] = Field(default_factory=dict, sa_type=sa.JSON)
    # Why each account screened out after its timeline was read (openly hostile) was dropped, kept for people to
    # see: account id -> "hostile: 3 of 4 recent posts hostile: says “delete your account”".
    screened_reasons: dict[str, str] = Field(default_factory=dict, sa_type=sa.JSON)
    shortlisted: int = 0
    suggested: int = 0
    errors: list[str] = Field(default_factory=list, sa_type=sa.JSON)


class DigestPost(SQLModel, table=True):
    """A team's digest for one day. Its row is claimed before posting, so a day is posted exactly once."""

    __tablename__ = "digest_post"  # pyright: ignore[reportAssignmentType]
    __table_args__ = (sa.UniqueConstraint("guild_id", "digest_day", name="uq_digest_post_day"),)

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = Field(sa_type=sa.BigInteger, index=True)
    digest_day: date
    state: DigestState = Field(default=DigestState.POSTING, sa_type=StrEnumText(DigestState, 16))
    channel_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    header_message_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    entries: int = 0
    error: str | None = Field(default=None, max_length=500)
    started_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    posted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class Approval(SQLModel, table=True):
    """One member's standing approval (a reaction) of one action on one digest entry."""

    __tablename__ = "approval"  # pyright: ignore[reportAssignmentType]
    __table_args__ = (sa.UniqueConstraint("suggestion_id", "kind", "user_id", name="uq_approval_once"),)

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = Field(sa_type=sa.BigInteger, index=True)
    suggestion_id: int = Field(index=True)
    kind: ActionKind = Field(sa_type=StrEnumText(ActionKind, 16))
    user_id: int = Field(sa_type=sa.BigInteger)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class Action(SQLModel, table=True):
    """A decided action on X (or in our records). One per team, account and kind: a follow is never queued twice."""

    __tablename__ = "action"  # pyright: ignore[reportAssignmentType]
    __table_args__ = (sa.UniqueConstraint("guild_id", "account_id", "kind", name="uq_action_once"),)

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = Field(sa_type=sa.BigInteger, index=True)
    account_id: str = Field(max_length=32)
    handle: str = Field(max_length=15)
    kind: ActionKind = Field(sa_type=StrEnumText(ActionKind, 16))
    suggestion_id: int | None = None
    state: ActionState = Field(default=ActionState.QUEUED, sa_type=StrEnumText(ActionState, 16), index=True)
    approvers: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    target: str | None = Field(default=None, max_length=64)  # e.g. the List for list_add
    result: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    executed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class AuditEvent(SQLModel, table=True):
    """Every decision and every write to X, with who and when."""

    __tablename__ = "audit_event"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = Field(sa_type=sa.BigInteger, index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)
    actor_id: int | None = Field(default=None, sa_type=sa.BigInteger)  # a Discord user; None = the bot itself
    event: str = Field(max_length=32)
    account_id: str | None = Field(default=None, max_length=32)
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)


class XList(SQLModel, table=True):
    """An X List the team keeps, by niche or by city, and whether its conversations are watched."""

    __tablename__ = "x_list"  # pyright: ignore[reportAssignmentType]
    __table_args__ = (sa.UniqueConstraint("guild_id", "x_list_id", name="uq_x_list_guild_list"),)

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = Field(sa_type=sa.BigInteger, index=True)
    x_list_id: str = Field(max_length=32)
    name: str = Field(max_length=25)
    kind: ListKind = Field(sa_type=StrEnumText(ListKind, 8))
    keywords: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    description: str = Field(default="", max_length=100)
    private: bool = True
    seed_weight: float = 0.5  # its members count as seeds with this weight (0: they don't)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    removed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    # Watching its conversations
    watch_channel_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    watch_thread_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    watch_every_hours: float = 2.0
    last_seen_post_id: str | None = Field(default=None, max_length=32)
    last_polled_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    new_posts_per_hour: float | None = None  # sizes the next poll's page: read little more than what is new
    watch_error: str | None = Field(default=None, max_length=500)
    members_synced_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class ListMember(SQLModel, table=True):
    """An account in one of the team's Lists. One removed on X stays recorded, so we never add it back."""

    __tablename__ = "list_member"  # pyright: ignore[reportAssignmentType]

    list_id: int = Field(primary_key=True)
    account_id: str = Field(primary_key=True, max_length=32)
    added_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    added_by_us: bool = False
    removed_on_x_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class ShownConversation(SQLModel, table=True):
    """A List conversation already shown in Discord: never shown twice, also across restarts."""

    __tablename__ = "shown_conversation"  # pyright: ignore[reportAssignmentType]

    list_id: int = Field(primary_key=True)
    conversation_id: str = Field(primary_key=True, max_length=32)
    shown_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    message_id: int | None = Field(default=None, sa_type=sa.BigInteger)


class PersonEvent(SQLModel, table=True):
    """Something that happened between a team and an account it was suggested, as read from X.

    ``kind`` is followed (the team follows them), talked (a team post replied to, mentioned or quoted them),
    answered (they replied to, mentioned or quoted the team) or followed_back (they follow the team). Stages are
    derived from these rows (``bot.relationships.stages``), never set by hand. ``ref`` is the post id, or "" for
    a follow, so the same fact read twice is stored once.
    """

    __tablename__ = "person_event"  # pyright: ignore[reportAssignmentType]
    __table_args__ = (sa.UniqueConstraint("guild_id", "account_id", "kind", "ref", name="uq_person_event_once"),)

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = Field(sa_type=sa.BigInteger, index=True)
    account_id: str = Field(max_length=32, index=True)
    kind: str = Field(max_length=16)
    ref: str = Field(default="", max_length=32)
    post_url: str = Field(default="", max_length=200)
    at: datetime = Field(sa_type=UtcDateTime, index=True)  # the post's time, or when the follow was first seen
    detected_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class PersonNote(SQLModel, table=True):
    """A team's own note about a person (/person note:)."""

    __tablename__ = "person_note"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = Field(sa_type=sa.BigInteger, index=True)
    account_id: str = Field(max_length=32, index=True)
    author_id: int = Field(sa_type=sa.BigInteger)
    text: str = Field(max_length=500)
    at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class RelationshipState(SQLModel, table=True):
    """Per team: where tracking stands on X (``since_id`` marks) and how the weekly report is set up."""

    __tablename__ = "relationship_state"  # pyright: ignore[reportAssignmentType]

    guild_id: int = Field(sa_type=sa.BigInteger, primary_key=True)
    last_own_post_id: str | None = Field(default=None, max_length=32)
    last_mention_id: str | None = Field(default=None, max_length=32)
    tracked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    tracking_error: str | None = Field(default=None, max_length=500)
    report_weekday: int = 0  # Monday; local time in the team's digest time zone
    report_hour: int = 9
    report_channel_id: int | None = Field(default=None, sa_type=sa.BigInteger)  # None: the digest channel
    quiet_weeks: int = 4
    seed_learning: bool = False


class TrackingRun(SQLModel, table=True):
    """One tracking read of a team's X account: what it read and what it cost (for /settings budget)."""

    __tablename__ = "tracking_run"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = Field(sa_type=sa.BigInteger, index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)
    posts_read: int = 0
    accounts_read: int = 0
    events: int = 0
    cost_micros: int = Field(default=0, sa_type=sa.BigInteger)
    paid_reads: bool = False  # no user token: the team's own data was read at the public price


class WeeklyReport(SQLModel, table=True):
    """A team's weekly report. Claimed before posting, so a week is reported exactly once."""

    __tablename__ = "weekly_report"  # pyright: ignore[reportAssignmentType]
    __table_args__ = (sa.UniqueConstraint("guild_id", "week_start", name="uq_weekly_report_week"),)

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = Field(sa_type=sa.BigInteger, index=True)
    week_start: date  # the first local day the report covers
    state: str = Field(default="posting", max_length=16)  # posting | posted | failed
    channel_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    message_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    error: str | None = Field(default=None, max_length=500)
    started_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    posted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class Lease(SQLModel, table=True):
    """Exclusive work held by one worker until ``expires_at`` (renewed while it works): one crawler per listing,
    across jobs and processes. A crashed holder's lease simply expires."""

    __tablename__ = "lease"  # pyright: ignore[reportAssignmentType]

    name: str = Field(primary_key=True, max_length=96)  # e.g. "crawl:following:12"
    holder: str = Field(max_length=64)  # host, process and a token unique to one acquisition
    expires_at: datetime = Field(sa_type=UtcDateTime)


class SentMessage(SQLModel, table=True):
    """A Discord message claimed before it is sent: a resume finds it (Discord dedupes a repeated ``nonce`` for a
    few minutes; later the channel's history is searched) instead of posting it again."""

    __tablename__ = "sent_message"  # pyright: ignore[reportAssignmentType]

    key: str = Field(primary_key=True, max_length=96)  # what it is, e.g. "digest-entry:345"
    channel_id: int = Field(sa_type=sa.BigInteger)
    nonce: str = Field(max_length=25)  # Discord's limit for a nonce
    claimed_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    message_id: int | None = Field(default=None, sa_type=sa.BigInteger)


class ListClaim(SQLModel, table=True):
    """A List being created on X, written (and committed) before X is asked: if storing the List afterwards fails
    or the bot stops in between, the claim stays, so `/list show` says the List exists on X but is not tracked here
    and `/list import` adopts it with the kind, keywords and seed weight it was created with."""

    __tablename__ = "list_claim"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = Field(sa_type=sa.BigInteger, index=True)
    name: str = Field(max_length=25)
    kind: ListKind = Field(sa_type=StrEnumText(ListKind, 8))
    keywords: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    description: str = Field(default="", max_length=100)
    seed_weight: float = 0.5
    actor_id: int = Field(sa_type=sa.BigInteger)
    claimed_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    x_list_id: str | None = Field(default=None, max_length=32)  # set as soon as X answered with the new List's id


class ReactionNote(SQLModel, table=True):
    """A member told why a reaction of theirs does nothing (once per member and reason, across restarts)."""

    __tablename__ = "reaction_note"  # pyright: ignore[reportAssignmentType]

    guild_id: int = Field(sa_type=sa.BigInteger, primary_key=True)
    user_id: int = Field(sa_type=sa.BigInteger, primary_key=True)
    reason: str = Field(max_length=16, primary_key=True)
    told_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
