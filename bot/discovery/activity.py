"""Is an account active, and does it talk with people? Measured from one page of its own timeline.

A timeline page (``SocialNetwork.recent_posts``) is the account's newest posts, replies and reposts included.
From it alone we measure how often the account posts, how much of that is replies to other people (a reply to
oneself is a thread, not a conversation), how many distinct people it replies to or mentions, how much is
broadcast (reposts and posts that are little more than a link), how often it asks something, and the
two-way exchanges we can prove from its side of the conversation.

Rules that follow from X's data (see docs in ``/work/shared/x-api/NOTES.md``, "Conversation signals"):

* A repost carries the original author in its mentions and sometimes the original's ``in_reply_to_user_id``;
  a repost is never a reply, a mention, a question or a link-only post of the account.
* A reply is a post with a replied-to post id. ``in_reply_to_user_id`` without one is an old-style post that
  merely starts with ``@name``: it is not a reply, but its mentions still count as people engaged.
* Mentions may lack ids (older or reduced API answers), so people are keyed by handle when one is known and
  by id otherwise; an id and a handle are joined when a mention gives both, and a reply's target is taken
  to be the reply's first mention when nothing says otherwise (X writes the replied-to author first).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.formats import plural
from bot.text import URL, decode_entities, has_question_mark, strip_mentions, strip_urls, words

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime

    from bot.networks.base import NetworkPost

SECONDS_PER_DAY = 86_400.0


@dataclass(frozen=True)
class ActivityThresholds:
    """When an account counts as active and as conversational."""

    min_posts_per_week: float = 3.0
    """Posts of any kind (reposts included) per week over the measured window."""
    min_posts: int = 3
    """A rate from one or two posts is noise: fewer posts in the window is never active."""
    max_days_since_last_post: float = 14.0
    """A full page of old posts still gives a good rate; the account must also have posted recently."""
    max_window_days: float = 90.0
    """Posts older than this are ignored: what someone did last year doesn't say they're around now."""
    min_window_days: float = 1.0
    """The shortest window a rate is taken over, so three posts in the last hour aren't 72 a day."""
    min_reply_share: float = 0.2
    """Share of all posts in the window that are replies to OTHER people."""
    min_people: int = 3
    """Distinct people replied to or mentioned."""
    max_broadcast_share: float = 0.8
    """Share of reposts + link-only posts above which the account broadcasts rather than talks."""
    link_only_max_words: int = 3
    """A post with a link and at most this many words besides links and @mentions is a link-only post."""


@dataclass(frozen=True)
class ActivityMetrics:
    """What one timeline page says about an account; every share is a fraction of ``posts``."""

    account_id: str
    posts: int
    """Distinct posts by the account within the window (duplicates and other authors' posts dropped)."""
    window_days: float
    """From the oldest post in the window to ``now``, at least ``min_window_days``; ``max_window_days`` when the
    page reaches further back. The page may not hold the account's whole history: the rate is then the rate
    over the span the page covers (a full page of 50 posts in 2 days is 25 a day), which is what "active now"
    asks anyway."""
    posts_per_day: float
    reply_share: float
    """Replies to other people / posts. Self-replies (threads) are not replies here but stay in the
    denominator, as do reposts: both are posts that aren't conversation."""
    self_thread_posts: int
    repost_share: float
    link_only_share: float
    broadcast_share: float
    """Reposts + link-only posts (disjoint: a repost is never link-only)."""
    people_engaged: int
    """Distinct other accounts replied to or mentioned, reposts excluded (their mentions are the original
    author and whoever that author mentioned)."""
    two_way_exchanges: int
    """Distinct (conversation, other person) pairs with a provable exchange; see :func:`two_way_exchanges`."""
    questions: int
    """Non-repost posts with a question mark outside links."""
    active: bool
    conversational: bool
    summary: str
    """E.g. "4.2 posts/day · 38% replies · 17 people engaged · 3 two-way exchanges"."""
    last_post_at: datetime | None = None
    replies_to_others: int = 0
    reposts: int = 0
    link_only_posts: int = 0


def _days(delta: timedelta) -> float:
    return delta.total_seconds() / SECONDS_PER_DAY


def is_reply_to_other(post: NetworkPost, account_id: str, own_post_ids: frozenset[str] = frozenset()) -> bool:
    """A reply to someone else: not a repost, has a replied-to post, and neither that post nor the reply's
    target account is the account's own (then it is a thread)."""
    if post.is_repost or post.replied_to_post_id is None:
        return False
    if post.in_reply_to_account_id is not None:
        return post.in_reply_to_account_id != account_id
    # No target account given (rare): a reply to one of our own posts in the page is still a thread.
    return post.replied_to_post_id not in own_post_ids


def is_self_thread(post: NetworkPost, account_id: str, own_post_ids: frozenset[str] = frozenset()) -> bool:
    """A reply to the account's own post: a thread, not a conversation."""
    if post.is_repost or post.replied_to_post_id is None:
        return False
    return not is_reply_to_other(post, account_id, own_post_ids)


def _word_count(text: str) -> int:
    """Words besides links and @mentions; a run of CJK/kana/hangul (written without spaces) counts a word
    per two characters, so a Japanese sentence isn't one "word"."""
    stripped = strip_mentions(strip_urls(decode_entities(text)))
    count = 0
    for token in words(stripped):
        wide = sum(1 for char in token if unicodedata.east_asian_width(char) in ("W", "F"))
        count += max(1, wide // 2) if wide else 1
    return count


def is_link_only(post: NetworkPost, max_words: int = 3) -> bool:
    """A post that is little more than a link (media attachments appear as links too), sent to nobody in
    particular: a repost is counted as a repost instead, and a GIF or link in a reply to someone is talk."""
    if post.is_repost or not URL.search(post.text):
        return False
    if post.replied_to_post_id is not None and post.in_reply_to_account_id != post.author_id:
        return False
    return _word_count(post.text) <= max_words


def asks_something(post: NetworkPost) -> bool:
    """An own post (not a repost) with a question mark outside its links (URLs often carry ``?`` queries)."""
    if post.is_repost:
        return False
    return has_question_mark(post.text)


class _People:
    """Distinct people, keyed by lower-case handle when known, else by id; ids and handles seen together join."""

    def __init__(self, posts: Iterable[NetworkPost]) -> None:
        self.handle_of: dict[str, str] = {}
        for post in posts:
            # parse_post keeps ids and handles in two tuples; they pair up only when every mention had both.
            if post.mention_ids and len(post.mention_ids) == len(post.mention_handles):
                for mention_id, handle in zip(post.mention_ids, post.mention_handles, strict=True):
                    self.handle_of.setdefault(mention_id, handle.lower())

    def key_for_id(self, account_id: str) -> str:
        handle = self.handle_of.get(account_id)
        return f"@{handle}" if handle else f"id:{account_id}"

    def mentioned(self, post: NetworkPost) -> set[str]:
        if post.mention_handles:
            return {f"@{handle.lower()}" for handle in post.mention_handles}
        return {self.key_for_id(mention_id) for mention_id in post.mention_ids}

    def reply_target(self, post: NetworkPost) -> str | None:
        target = post.in_reply_to_account_id
        if target is None:
            return None
        if target in self.handle_of:
            return self.key_for_id(target)
        ids_known = bool(post.mention_ids) and len(post.mention_ids) == len(post.mention_handles)
        if post.mention_handles and not ids_known:
            # Mentions without ids: X writes the replied-to author first in the reply's @-prefix.
            return f"@{post.mention_handles[0].lower()}"
        return f"id:{target}"


def _snowflake_order(post_id: str | None) -> int | None:
    return int(post_id) if post_id is not None and post_id.isdecimal() else None


def two_way_exchanges(account_id: str, posts: Sequence[NetworkPost], own_post_ids: frozenset[str] | None = None) -> int:
    """Count the exchanges provable from the account's own timeline, conservatively.

    An exchange is a distinct (conversation, other person) pair where either

    1. the conversation's root is one of the account's own posts in the page (``conversation_id`` is an own
       post id) and the account replies there to another person: someone came into its conversation and it
       answered; or
    2. the account replies at least twice to the same person in one conversation, and a later reply answers
       a post of that person made after an earlier reply of the account to them (post ids are snowflakes,
       so their order is their time order): the person answered, and the account answered back.

    Posts without a conversation id, or with non-numeric ids in rule 2, can't prove anything and aren't counted.
    """
    own_ids = own_post_ids
    if own_ids is None:
        own_ids = frozenset(post.id for post in posts if post.author_id == account_id)
    replies_by_pair: dict[tuple[str, str], list[NetworkPost]] = {}
    exchanges: set[tuple[str, str]] = set()
    for post in posts:
        if post.author_id != account_id or not is_reply_to_other(post, account_id, own_ids):
            continue
        if post.conversation_id is None or post.in_reply_to_account_id is None:
            continue
        pair = (post.conversation_id, post.in_reply_to_account_id)
        if post.conversation_id in own_ids and post.conversation_id != post.id:
            exchanges.add(pair)
        replies_by_pair.setdefault(pair, []).append(post)
    for pair, replies in replies_by_pair.items():
        if pair in exchanges or len(replies) < 2:
            continue
        own_reply_ids = [order for reply in replies if (order := _snowflake_order(reply.id)) is not None]
        if not own_reply_ids:
            continue
        first_own_reply = min(own_reply_ids)
        for reply in replies:
            answered = _snowflake_order(reply.replied_to_post_id)
            if answered is not None and answered > first_own_reply:
                exchanges.add(pair)
                break
    return len(exchanges)


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _summary(metrics_posts: int, per_day: float, reply_share: float, people: int, exchanges: int) -> str:
    if metrics_posts == 0:
        return "no posts in the window"
    rate = f"{per_day:.1f} posts/day" if per_day >= 1 else f"{per_day * 7:.1f} posts/week"
    parts = [rate, f"{reply_share:.0%} replies", f"{plural(people):person|people} engaged"]
    parts.append(f"{plural(exchanges):two-way exchange}")
    return " · ".join(parts)


def measure_activity(
    account_id: str,
    posts: Sequence[NetworkPost],
    *,
    now: datetime,
    thresholds: ActivityThresholds = ActivityThresholds(),
    handle: str | None = None,
) -> ActivityMetrics:
    """Activity and conversation metrics of one account from a page of its own timeline.

    ``posts`` may come in any order and may overlap (duplicate ids count once); posts by other authors are
    ignored. A post stamped after ``now`` (clock skew between X and us) is taken as posted at ``now``. Posts
    older than ``thresholds.max_window_days`` are left out. ``handle``, when given, keeps mentions of the
    account itself out of ``people_engaged`` (mentions may carry only a handle). ``now`` must be aware.
    """
    if now.tzinfo is None:
        raise ValueError("measure_activity needs an aware `now`")
    unique = {post.id: post for post in posts if post.author_id == account_id}
    oldest_allowed = now - timedelta(days=thresholds.max_window_days)
    in_window = [post for post in unique.values() if post.created_at >= oldest_allowed]
    reaches_past_window = len(in_window) < len(unique)
    own_ids = frozenset(unique)  # older own posts still tell a thread from a reply

    count = len(in_window)
    times = [min(post.created_at, now) for post in in_window]
    if count == 0:
        window_days = thresholds.max_window_days if reaches_past_window else 0.0
    elif reaches_past_window:
        window_days = thresholds.max_window_days
    else:
        window_days = min(thresholds.max_window_days, max(thresholds.min_window_days, _days(now - min(times))))
    per_day = count / window_days if window_days else 0.0
    last_post_at = max(times) if times else None

    replies = [post for post in in_window if is_reply_to_other(post, account_id, own_ids)]
    reply_ids = {post.id for post in replies}
    self_thread = sum(1 for post in in_window if is_self_thread(post, account_id, own_ids))
    reposts = sum(1 for post in in_window if post.is_repost)
    link_only = sum(1 for post in in_window if is_link_only(post, thresholds.link_only_max_words))
    questions = sum(1 for post in in_window if asks_something(post))

    people = _People(unique.values())
    engaged: set[str] = set()
    for post in in_window:
        if post.is_repost:
            continue
        engaged |= people.mentioned(post)
        if post.id in reply_ids and (target := people.reply_target(post)) is not None:
            engaged.add(target)
    engaged -= {f"id:{account_id}", people.key_for_id(account_id)}
    if handle:
        engaged.discard(f"@{handle.lstrip('@').lower()}")

    exchanges = two_way_exchanges(account_id, in_window, own_ids)
    reply_share = _share(len(replies), count)
    broadcast_share = _share(reposts + link_only, count)
    active = (
        count >= thresholds.min_posts
        and per_day * 7 >= thresholds.min_posts_per_week
        and last_post_at is not None
        and _days(now - last_post_at) <= thresholds.max_days_since_last_post
    )
    conversational = (
        count > 0
        and reply_share >= thresholds.min_reply_share
        and len(engaged) >= thresholds.min_people
        and broadcast_share <= thresholds.max_broadcast_share
    )
    return ActivityMetrics(
        account_id=account_id,
        posts=count,
        window_days=window_days,
        posts_per_day=per_day,
        reply_share=reply_share,
        self_thread_posts=self_thread,
        repost_share=_share(reposts, count),
        link_only_share=_share(link_only, count),
        broadcast_share=broadcast_share,
        people_engaged=len(engaged),
        two_way_exchanges=exchanges,
        questions=questions,
        active=active,
        conversational=conversational,
        summary=_summary(count, per_day, reply_share, len(engaged), exchanges),
        last_post_at=last_post_at,
        replies_to_others=len(replies),
        reposts=reposts,
        link_only_posts=link_only,
    )
