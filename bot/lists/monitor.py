"""Watching a List's conversations: read only what is new on it, find the threads worth joining, show each once.

Two layers, as elsewhere in Circlebot:

* :func:`find_conversations` is pure: newly read List posts in, ranked and explained conversations out.
* :func:`poll_list` and :func:`mark_shown` are the service: read the List on X (through the network, so the
  governor paces and counts every call), store what was read, remember where reading stopped, and record what
  Discord was shown so nothing is shown twice, also across restarts.

Reading costs money per post ($0.005), and X's ``GET /2/lists/:id/tweets`` has no ``since_id``: it always starts
at the newest post. So the monitor keeps its own bookmark (``XList.last_seen_post_id``), sizes each page to what
is probably new since the last poll, and stops paging at the first post it has already seen.

Scores multiply independent factors, so each reason reads on its own (as in :mod:`bot.openers.picking`):

* people: several List members in one thread is what a List is for, so it outweighs everything else together;
* a question to the audience: the easiest door to knock on;
* replies drawn: others found it worth answering;
* recency: halves every :data:`RECENCY_HALF_LIFE_HOURS` (a reply to a cold thread reads odd);
* the team's topics, when configured.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, delete, select

from bot.errors import BudgetExhausted, ListUnavailable, XError
from bot.formats import plural
from bot.models import Account, GuildSettings, ListMember, Post, ShownConversation, XList, utcnow
from bot.networks.base import NetworkAccount
from bot.networks.paging import Pager
from bot.openers import (
    Opener,
    OpenerContext,
    ScoredPost,
    best_reply,
    invitation_kind,
    matching_topic,
    pick_reply_post,
)
from bot.openers.tone import sensitive_conversations
from bot.storage import post_from_row, upsert_posts
from bot.text import clean_excerpt, say_age

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.db import Database
    from bot.networks.base import NetworkPost, SocialNetwork

log = logging.getLogger(__name__)

# -- what makes a conversation worth joining ------------------------------------------------------------------

MIN_REPLIES_DRAWN = 3  # below this, a reply count is one friend saying "nice"
CONVERSATION_MAX_AGE_HOURS = 48.0  # newest post older than this: the thread has gone cold
RECENCY_HALF_LIFE_HOURS = 12.0
# Each List member beyond the first adds this much: two members (5) outrank the best one-member thread
# (question 1.5 × replies 2 × topic 1.5 = 4.5) of the same age.
EXTRA_MEMBER_WEIGHT = 4.0
QUESTION_WEIGHT = 1.5
REPLY_WEIGHT_RANGE = (1.0, 2.0)
TOPIC_WEIGHT = 1.5

# -- how much to read -----------------------------------------------------------------------------------------

FIRST_POLL_PAGE = 100
PAGE_MIN = 5
PAGE_MAX = 100  # X's largest page for List posts
# No rate known yet but a bookmark exists (e.g. the rate was reset): a modest page, paging on if it falls short.
UNKNOWN_RATE_PAGE = 20
# New posts arrive roughly as a Poisson process, whose spread is the square root of the count expected. The margin
# is small on purpose: a page that falls short is completed by one sized to exactly the time it did not reach (see
# `_continuation_size`), which costs a request, not posts, while every post of margin is paid for in every poll.
# In bench.monitor (200 members, a week, polls every 2 h), posts delivered per post that appeared: margin of 1
# spread + 2 posts 1.21, half a spread 1.14, none 1.11 (but up to 4 pages per poll).
PAGE_MARGIN_SPREADS = 0.5
PAGE_MARGIN_POSTS = 1
MAX_PAGES_PER_POLL = 5  # a poll after a long outage reads at most this many pages and accepts a gap
RATE_SMOOTHING = 0.5  # weight of the latest poll in new_posts_per_hour (the rest is the previous estimate)
WATCH_ERROR_LENGTH = 500  # XList.watch_error's column size


# ---------------------------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class Conversation:
    """One thread on a List worth joining, with what the Discord message needs to show it."""

    conversation_id: str
    post_ids: tuple[str, ...]
    """The List posts in it that were considered, newest first (reposts left out)."""
    speakers: tuple[str, ...]
    """Handles (without @) of the List members in it, in the order they joined (an id when no handle is known)."""
    member_count: int
    """Distinct List members in it: authors, and members replied to."""
    questions: int
    """Posts that ask the audience something (a reply asking its addressee is back-and-forth, not counted)."""
    replies: int
    """Replies it drew: X's reply count of its best-answered post, or the replies seen, whichever is more."""
    newest_at: datetime
    score: float
    best_post_url: str
    best_post_excerpt: str
    """At most 140 characters of the post to reply to, cleaned for display (no URLs, no mass mentions)."""
    why: str
    """E.g. "3 list members talking · a question · 12 replies · latest 2 h ago"."""
    suggested_reply: str
    """A reply draft for the best post: at most 280 characters, mentions nobody (no @everyone/@here either)."""
    suggested_reply_intent: str | None = None
    """X's web intent that opens the suggested reply to the best post, ready to send."""


@dataclass(frozen=True)
class PollResult:
    """What one poll of a List found. ``error`` is a sentence for people; ``gone`` means the List is gone on X."""

    list_row_id: int
    new_posts: int
    conversations: list[Conversation] = field(default_factory=list)
    error: str | None = None
    gone: bool = False


@dataclass(frozen=True)
class _Reading:
    """What the X reads of one poll returned, before anything is written."""

    new_posts: tuple[NetworkPost, ...]  # newer than the bookmark, newest first
    pages: int
    reached_seen: bool  # paging stopped at a post already seen (or the List's end), so nothing was skipped


# ---------------------------------------------------------------------------------------------------------------
# The pure core


def _as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _hours_between(earlier: datetime, later: datetime) -> float:
    return (_as_utc(later) - _as_utc(earlier)).total_seconds() / 3600


def _asks_the_audience(post: NetworkPost) -> bool:
    """A question or an invitation in a post addressed to everyone: its own post, a quote, or its own thread."""
    if post.is_reply and not post.is_self_reply:
        return False
    # Any of the kinds: a question mid-post ("What got you into X? Genuinely curious.") still asks everyone.
    return invitation_kind(post.text) is not None


def _reply_weight(replies: int) -> float:
    # Logarithmic: 3 replies say "people answer this", 30 don't say ten times more.
    low, high = REPLY_WEIGHT_RANGE
    return min(high, max(low, 1 + math.log2(1 + replies) / 4))


def _best_post(
    posts: Sequence[NetworkPost],
    handles: Mapping[str, str],
    topics: Sequence[str],
    now: datetime,
    sensitive_threads: frozenset[str] = frozenset(),
) -> tuple[ScoredPost, Opener | None] | None:
    """The post most worth replying to and its reply, chosen by the digest's own picker and templates, per author,
    best of all authors; a post no template answers fittingly comes without a reply, and after any that has one
    (the conversation is still worth showing: the team writes its own words). Each author's posts are read with
    the whole conversation (``posts``) and ``sensitive_threads``, as the digest reads the day's posts: a reply in
    a thread about a killing is about the killing, whatever its own words."""
    known_posts = {post.id: post for post in posts}
    by_author: dict[str, list[NetworkPost]] = defaultdict(list)
    for post in posts:  # newest first, as the picker expects
        by_author[post.author_id].append(post)
    best: tuple[ScoredPost, Opener | None] | None = None
    for author_id, own_posts in by_author.items():
        context = OpenerContext(
            account=NetworkAccount(id=author_id, handle=handles.get(author_id, "")),
            posts=own_posts,
            shared_seed_handles=(),
            topics=topics,
            joins_conversations=True,
            known_posts=known_posts,
            sensitive_threads=sensitive_threads,
        )
        picked: tuple[ScoredPost, Opener | None] | None = best_reply(context, now=now)
        if picked is None and (post := pick_reply_post(context, now=now)) is not None:
            picked = (post, None)
        if picked is not None and (best is None or _rank(picked) > _rank(best)):
            best = picked
    return best


def _rank(picked: tuple[ScoredPost, Opener | None]) -> tuple[bool, float]:
    return picked[1] is not None, picked[0].score


def _conversation(
    conversation_id: str,
    posts: Sequence[NetworkPost],
    *,
    member_ids: set[str],
    handles: Mapping[str, str],
    now: datetime,
    topics: Sequence[str],
    sensitive_threads: frozenset[str] = frozenset(),
) -> Conversation | None:
    """One group of posts as a Conversation, or None when it is not worth joining (see the module docstring)."""
    newest_at = max(_as_utc(post.created_at) for post in posts)
    age_hours = max(0.0, _hours_between(newest_at, now))
    if age_hours > CONVERSATION_MAX_AGE_HOURS:
        return None

    # Participants in the order they joined: authors, and the accounts they answer (not themselves).
    participants: list[str] = []
    for post in sorted(posts, key=lambda post: int(post.id)):
        answered = post.in_reply_to_account_id if post.is_reply and not post.is_self_reply else None
        for account_id in (answered, post.author_id):
            if account_id is not None and account_id not in participants:
                participants.append(account_id)
    members = [account_id for account_id in participants if account_id in member_ids]
    questions = sum(1 for post in posts if _asks_the_audience(post))
    replies_seen = sum(1 for post in posts if post.is_reply and not post.is_self_reply)
    replies = max(replies_seen, max(post.reply_count for post in posts))
    if len(members) < 2 and questions == 0 and replies < MIN_REPLIES_DRAWN:
        return None  # one voice, asking nothing, answered by few: a broadcast, not a conversation

    picked = _best_post(posts, handles, topics, now, sensitive_threads)
    if picked is None:
        return None  # nothing in it a reply could answer fittingly (bare links, emoji, greetings, too old)
    best, reply = picked
    topic = next((found for post in posts if (found := matching_topic(post.text, topics)) is not None), None)

    score = (
        (1 + EXTRA_MEMBER_WEIGHT * max(0, len(members) - 1))
        * (QUESTION_WEIGHT if questions else 1.0)
        * _reply_weight(replies)
        * 0.5 ** (age_hours / RECENCY_HALF_LIFE_HOURS)
        * (TOPIC_WEIGHT if topic else 1.0)
    )
    reasons: list[str] = []
    if len(members) >= 2:
        reasons.append(f"{len(members)} list members talking")
    if questions:
        reasons.append("a question" if questions == 1 else f"{questions} questions")
    if replies:
        reasons.append(f"{plural(replies):reply|replies}")
    reasons.append(f"latest {say_age(age_hours)}")
    if topic:
        reasons.append(f"on your topic “{topic}”")
    return Conversation(
        conversation_id=conversation_id,
        post_ids=tuple(post.id for post in posts),
        speakers=tuple(handles.get(account_id) or account_id for account_id in members),
        member_count=len(members),
        questions=questions,
        replies=replies,
        newest_at=newest_at,
        score=score,
        best_post_url=best.url,
        best_post_excerpt=clean_excerpt(best.post.text),
        why=" · ".join(reasons),
        suggested_reply=reply.draft if reply else "",
        suggested_reply_intent=reply.intent_url if reply else None,
    )


def find_conversations(
    posts: Iterable[NetworkPost],
    *,
    member_ids: set[str],
    handles: Mapping[str, str],
    already_shown: set[str],
    now: datetime,
    topics: Sequence[str] = (),
) -> list[Conversation]:
    """The conversations among ``posts`` worth joining, best first; empty when none is.

    Posts are grouped by ``conversation_id`` (a post without one is its own conversation). Reposts are left out:
    they repeat someone else's words and carry the original's counts. Conversations in ``already_shown`` are
    skipped. Kept: several List members talking in one thread, a question to the audience, or a post that drew
    :data:`MIN_REPLIES_DRAWN` replies, with a recent post a reply can answer. Ties go to the newer conversation.
    A conversation in which any post speaks of a death or an attack, or carries a hashtag several posts use for a
    tragedy (:func:`bot.openers.tone.sensitive_conversations`, read over all of ``posts``) has no post a reply can
    answer, so it is not shown. CPU work (the tone lexicon).
    """
    posts = list(posts)
    sensitive_threads = sensitive_conversations(posts)
    groups: dict[str, dict[str, NetworkPost]] = defaultdict(dict)
    for post in posts:
        if post.is_repost:
            continue
        conversation_id = post.conversation_id or post.id
        if conversation_id not in already_shown:
            groups[conversation_id][post.id] = post  # by id: the same post read twice counts once
    conversations = [
        conversation
        for conversation_id, by_id in groups.items()
        if (
            conversation := _conversation(
                conversation_id,
                sorted(by_id.values(), key=lambda post: int(post.id), reverse=True),
                member_ids=member_ids,
                handles=handles,
                now=now,
                topics=topics,
                sensitive_threads=sensitive_threads,
            )
        )
        is not None
    ]
    conversations.sort(key=lambda c: (c.score, c.newest_at, int(c.conversation_id)), reverse=True)
    return conversations


# ---------------------------------------------------------------------------------------------------------------
# How much to read


def _clamp_page(size: float) -> int:
    return max(PAGE_MIN, min(PAGE_MAX, math.ceil(size)))


def expected_page_size(posts_per_hour: float, hours: float) -> int:
    """A page that most likely holds everything posted in ``hours`` at ``posts_per_hour``, clamped to 5–100."""
    expected = max(0.0, posts_per_hour * hours)
    return _clamp_page(expected + PAGE_MARGIN_SPREADS * math.sqrt(expected) + PAGE_MARGIN_POSTS)


def _first_page_size(row: XList, now: datetime) -> int:
    if row.new_posts_per_hour is None or row.last_polled_at is None:
        return UNKNOWN_RATE_PAGE
    return expected_page_size(row.new_posts_per_hour, max(0.0, _hours_between(row.last_polled_at, now)))


def _continuation_size(row: XList, oldest_read_at: datetime, fallback: int) -> int:
    """The next page, sized to the time the pages so far did not reach: from the last poll to the oldest post read."""
    if row.new_posts_per_hour is None or row.last_polled_at is None:
        return fallback
    return expected_page_size(row.new_posts_per_hour, max(0.0, _hours_between(row.last_polled_at, oldest_read_at)))


def _observed_rate(row: XList, reading: _Reading, now: datetime) -> float | None:
    """new_posts_per_hour after this poll: the previous estimate smoothed with what this poll saw."""
    posts = reading.new_posts
    if row.last_seen_post_id is None:
        # First poll: the page covers from its oldest post until now.
        if len(posts) < 2:
            return row.new_posts_per_hour
        hours = _hours_between(min(post.created_at for post in posts), now)
    else:
        if row.last_polled_at is None:
            return row.new_posts_per_hour
        hours = _hours_between(row.last_polled_at, now)
    if hours <= 0:
        return row.new_posts_per_hour  # two polls at the same moment say nothing about the rate
    observed = len(posts) / hours
    if row.new_posts_per_hour is None or row.last_seen_post_id is None:
        return observed
    return RATE_SMOOTHING * observed + (1 - RATE_SMOOTHING) * row.new_posts_per_hour


async def _read_new_posts(network: SocialNetwork, row: XList, now: datetime) -> _Reading:
    """Every List post newer than the bookmark, newest first; no writes (the caller writes all or nothing)."""
    if row.last_seen_post_id is None:
        page = await network.list_posts(row.x_list_id, page_size=FIRST_POLL_PAGE, as_owner=True)
        return _Reading(new_posts=_newest_first(page.items), pages=1, reached_seen=True)

    bookmark = int(row.last_seen_post_id)
    size = _first_page_size(row, now)
    pager = Pager(f"posts of List {row.x_list_id}", budget=MAX_PAGES_PER_POLL)
    cursor: str | None = None
    fresh: dict[str, NetworkPost] = {}
    while True:
        page = await network.list_posts(row.x_list_id, cursor=cursor, page_size=size, as_owner=True)
        new_here = [post for post in page.items if int(post.id) > bookmark]
        for post in new_here:
            fresh.setdefault(post.id, post)
        if len(new_here) < len(page.items) or page.is_last:
            return _Reading(new_posts=_newest_first(fresh.values()), pages=pager.pages + 1, reached_seen=True)
        cursor = pager.advance(page)
        if cursor is None:
            break
        if new_here:
            size = _continuation_size(row, min(_as_utc(post.created_at) for post in new_here), size)
    log.warning("List %s: the posts between these and post %s are skipped", row.x_list_id, row.last_seen_post_id)
    return _Reading(new_posts=_newest_first(fresh.values()), pages=pager.pages, reached_seen=False)


def _newest_first(posts: Iterable[NetworkPost]) -> tuple[NetworkPost, ...]:
    return tuple(sorted(posts, key=lambda post: int(post.id), reverse=True))


# ---------------------------------------------------------------------------------------------------------------
# The service


def _chunks(items: Sequence[str], size: int = 500) -> list[Sequence[str]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


async def _record_error(db: Database, list_row_id: int, message: str) -> None:
    """Only the error is written: the bookmark and the last poll time stay, so the next poll covers the gap."""
    async with db.session() as session, session.begin():
        row = await session.get(XList, list_row_id)
        if row is not None:
            row.watch_error = message[:WATCH_ERROR_LENGTH]
            session.add(row)


async def _earlier_posts(session: AsyncSession, conversation_ids: set[str], exclude: set[str]) -> list[NetworkPost]:
    """Posts stored earlier in the conversations this poll touched, so a thread growing across polls is seen whole."""
    found: list[NetworkPost] = []
    for chunk in _chunks(sorted(conversation_ids)):
        rows = await session.exec(select(Post).where(col(Post.conversation_id).in_(chunk) | col(Post.id).in_(chunk)))
        found.extend(post_from_row(row) for row in rows.all() if row.id not in exclude)
    return found


async def _shown_ids(session: AsyncSession, list_row_id: int) -> set[str]:
    rows = await session.exec(select(ShownConversation.conversation_id).where(ShownConversation.list_id == list_row_id))
    return set(rows.all())


async def _member_ids(session: AsyncSession, list_row_id: int) -> set[str]:
    """The List's members as we know them; one removed on X no longer counts."""
    rows = await session.exec(
        select(ListMember.account_id).where(
            ListMember.list_id == list_row_id, col(ListMember.removed_on_x_at).is_(None)
        )
    )
    return set(rows.all())


async def _handles(session: AsyncSession, account_ids: set[str]) -> dict[str, str]:
    handles: dict[str, str] = {}
    for chunk in _chunks(sorted(account_ids)):
        rows = await session.exec(select(Account.id, Account.handle).where(col(Account.id).in_(chunk)))
        handles.update(dict(rows.all()))
    return handles


async def poll_list(
    db: Database, network: SocialNetwork, *, list_row_id: int, now: datetime | None = None
) -> PollResult:
    """Read what is new on a watched List, store it, and return the conversations worth joining not yet shown.

    X can't be asked for posts after an id on this endpoint, so the List is read newest first and reading stops at
    the first post already seen (``last_seen_post_id``). The page is sized to what is probably new: the List's
    ``new_posts_per_hour`` × the hours since ``last_polled_at``, plus a margin, clamped to 5–100; a page that holds
    no seen post is followed by one sized to the time it did not reach, up to :data:`MAX_PAGES_PER_POLL` pages.

    The first poll has no bookmark, so nothing tells new from old: it reads one page of 100 and only remembers the
    newest id. Reading the List's whole history (X serves up to 800 posts, $4) would pay for old threads that have
    gone cold; one full page costs the same per post as small ones, covers the last hours of an active List, where
    the joinable conversations are, and tells the rate that sizes the next poll's page.

    X problems never raise: on ``BudgetExhausted`` or any other X error the List's ``watch_error`` says why and
    nothing else is written (no half-read poll moves the bookmark, so the next poll covers the gap); a List deleted
    on X (or no longer visible to us) gives ``gone=True``.
    """
    now = _as_utc(now or utcnow())
    async with db.session() as session:
        row = await session.get(XList, list_row_id)
    if row is None or row.removed_at is not None:
        return PollResult(list_row_id, 0, error="This List is no longer kept by the team, so it is not watched.")

    try:
        reading = await _read_new_posts(network, row, now)
    except ListUnavailable as error:
        message = (
            f"The List “{row.name}” was deleted on X or can no longer be read ({error.detail}); "
            "watching it has stopped. Remove it here, or share it with the team's account again."
        )
        log.warning("List %s (row %s) is gone on X: %s", row.x_list_id, list_row_id, error.detail)
        await _record_error(db, list_row_id, message)
        return PollResult(list_row_id, 0, error=message, gone=True)
    except BudgetExhausted as error:
        log.warning("List %s (row %s) not polled: %s", row.x_list_id, list_row_id, error.message)
        await _record_error(db, list_row_id, f"Not checked: {error.message}")
        return PollResult(list_row_id, 0, error=error.message)
    except XError as error:
        log.warning("List %s (row %s) not polled: %s", row.x_list_id, list_row_id, error.message)
        await _record_error(db, list_row_id, f"Not checked: {error.message}")
        return PollResult(list_row_id, 0, error=error.message)

    new_posts = reading.new_posts
    new_ids = {post.id for post in new_posts}
    async with db.session() as session, session.begin():
        row = await session.get(XList, list_row_id)
        if row is None:
            return PollResult(list_row_id, 0, error="This List was removed while it was being read.")
        await upsert_posts(session, new_posts)
        rate = _observed_rate(row, reading, now)
        if new_posts:
            newest = new_posts[0].id
            # Never backwards: a poll that overlapped this one may already have moved the bookmark further.
            if row.last_seen_post_id is None or int(newest) > int(row.last_seen_post_id):
                row.last_seen_post_id = newest
        row.new_posts_per_hour = rate
        row.last_polled_at = now
        row.watch_error = None
        session.add(row)

        shown = await _shown_ids(session, list_row_id)
        members = await _member_ids(session, list_row_id)
        # X shows only members' posts on a List, so their authors are members even before our member sync catches up.
        members |= {post.author_id for post in new_posts if not post.is_repost}
        touched = {post.conversation_id or post.id for post in new_posts if not post.is_repost} - shown
        earlier = await _earlier_posts(session, touched, new_ids)
        handles = await _handles(session, members | {post.author_id for post in (*new_posts, *earlier)})
        team = await session.get(GuildSettings, row.guild_id)
        topics = list(team.topics) if team is not None else []

    # Only the conversations this poll touched: one that got nothing new was judged by an earlier poll.
    context = [post for post in earlier if (post.conversation_id or post.id) in touched]
    conversations = find_conversations(
        [*new_posts, *context], member_ids=members, handles=handles, already_shown=shown, now=now, topics=topics
    )
    log.info(
        "List %s polled: %d new posts in %d pages%s, %d conversations worth joining",
        row.x_list_id,
        len(new_posts),
        reading.pages,
        "" if reading.reached_seen else " (page cap reached: a gap)",
        len(conversations),
    )
    return PollResult(list_row_id, len(new_posts), conversations)


@dataclass(frozen=True)
class PendingPost:
    """Conversations claimed for one message (by :func:`mark_shown`) whose post was interrupted: the message may or
    may not have reached Discord. ``conversations`` are those rebuilt from the stored posts as they were judged when
    claimed (best first); a claimed one that can no longer be rebuilt is in ``conversation_ids`` only."""

    list_row_id: int
    key: str
    conversation_ids: tuple[str, ...]
    conversations: list[Conversation]


def post_key(list_row_id: int, conversation_ids: Iterable[str]) -> str:
    """The message's key in the outbox (bot/outbox.py): a conversation is claimed once per List, so the smallest id
    of a message's conversations names that message for good."""
    return f"list-conversations:{list_row_id}:{min(conversation_ids)}"


async def pending_posts(session: AsyncSession, *, list_row_id: int) -> list[PendingPost]:
    """Claims of this List left without a message (a crash between the claim and the record, or a post Discord
    has not answered yet), one per message: the claims made together share their ``shown_at``."""
    rows = (
        await session.exec(
            select(ShownConversation).where(
                ShownConversation.list_id == list_row_id, col(ShownConversation.message_id).is_(None)
            )
        )
    ).all()
    if not rows:
        return []
    batches: dict[datetime, list[str]] = defaultdict(list)
    for row in rows:
        batches[_as_utc(row.shown_at)].append(row.conversation_id)
    members = await _member_ids(session, list_row_id)
    xlist = await session.get(XList, list_row_id)
    team = await session.get(GuildSettings, xlist.guild_id) if xlist is not None else None
    topics = list(team.topics) if team is not None else []
    pending = []
    for claimed_at, ids in sorted(batches.items()):
        posts = await _earlier_posts(session, set(ids), set())
        handles = await _handles(session, members | {post.author_id for post in posts})
        judged = find_conversations(
            posts,
            member_ids=members | {post.author_id for post in posts if not post.is_repost},
            handles=handles,
            already_shown=set(),
            now=claimed_at,
            topics=topics,
        )
        rebuilt = [conversation for conversation in judged if conversation.conversation_id in ids]
        pending.append(PendingPost(list_row_id, post_key(list_row_id, ids), tuple(sorted(ids)), rebuilt))
    return pending


async def release_shown(session: AsyncSession, *, list_row_id: int, conversation_ids: Sequence[str]) -> None:
    """Forget claims of conversations whose post Discord refused: they were never shown, so a later poll may
    show them (nothing is marked shown that was not shown)."""
    if not conversation_ids:
        return
    await session.exec(  # type: ignore[call-overload]
        delete(ShownConversation).where(
            col(ShownConversation.list_id) == list_row_id,
            col(ShownConversation.conversation_id).in_(list(conversation_ids)),
            col(ShownConversation.message_id).is_(None),
        )
    )


async def mark_shown(
    session: AsyncSession,
    *,
    list_row_id: int,
    conversations: Sequence[Conversation],
    message_id: int | None = None,
    now: datetime,
) -> list[Conversation]:
    """Record conversations as shown in Discord; return those recorded now, the only ones to post.

    Call it before posting, in its own committed transaction: a conversation is then posted at most once, even if
    two polls race or the bot restarts mid-post (one that was claimed but never posted is lost, not repeated).
    Already-shown conversations are left as they are. Set the message id afterwards with
    :func:`set_shown_message`, or here when it is already known.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    claimed: list[Conversation] = []
    for conversation in {c.conversation_id: c for c in conversations}.values():
        statement = (
            insert(ShownConversation)
            .values(
                list_id=list_row_id,
                conversation_id=conversation.conversation_id,
                shown_at=_as_utc(now),
                message_id=message_id,
            )
            .on_conflict_do_nothing(index_elements=["list_id", "conversation_id"])
        )
        result = await session.exec(statement)  # type: ignore[call-overload]
        if result.rowcount:
            claimed.append(conversation)
    log.info("List row %s: %d conversations marked shown", list_row_id, len(claimed))
    return claimed


async def set_shown_message(
    session: AsyncSession, *, list_row_id: int, conversation_ids: Sequence[str], message_id: int
) -> None:
    """The Discord message that showed these conversations (after :func:`mark_shown` and the post)."""
    for chunk in _chunks(list(conversation_ids)):
        rows = await session.exec(
            select(ShownConversation).where(
                ShownConversation.list_id == list_row_id, col(ShownConversation.conversation_id).in_(chunk)
            )
        )
        for shown in rows.all():
            shown.message_id = message_id
            session.add(shown)
