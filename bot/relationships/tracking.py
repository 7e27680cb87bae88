"""Tracking: read from X what happened between the team and the people it was suggested, only what is new.

One run reads
- the team's own posts since the last one read (``since_id``): a reply to, a mention of, or a quote of a
  suggested person is *talked*;
- the team's mentions since the last one read (``since_id``): a post by a suggested person is *answered*;
- the quotes of the team's posts of the last ``QUOTE_WINDOW`` (X's quote-posts endpoint, one page per post): a
  quote carries no mention of the quoted author, so X's mentions never hold it, yet quoting the team answers
  it. Quotes are others' posts, billed at the ordinary post price ($0.005 each, once per UTC day) and nothing
  for a post nobody quoted; a failure there is logged and leaves the rest of the run standing;
- the newest pages of the team's following and followers lists (X lists them newest first), until a page holds
  nothing new: a suggested person in them is *followed* / *followed back*;
- once every ``WHOLE_LIST_EVERY`` (when a stored edge of the team has not been confirmed for that long), each of
  the two lists whole instead: only a whole list can show that someone is no longer in it. The edges it did not
  see are forgotten, and a suggested person whose follow stood but whose edge is gone gets an *unfollowed* /
  *unfollowed_back* event, timed when it was noticed. A whole read costs one owned read per account
  ($0.001; a team following 1,000 and followed by 1,500 pays $2.50 for it), so once a week keeps it the
  largest part of tracking but small; an unfollow then shows within a week. A list is read whole only while
  some suggested person's follow of that kind stands (no follow-back yet: the followers are never read whole).
  A whole read cut short (page budget, a repeated cursor) forgets nobody.

Every cursor walk goes through `bot.networks.paging.Pager` (the timelines inside `XNetwork`): a repeated
cursor or a spent page budget stops it, what was read is kept, and the stop is told in ``TrackingReport.cut_short``
and ``RelationshipState.tracking_error`` (for /settings status). A cut timeline (``Posts.cut_short``) leaves its
``since_id`` mark where it was, so the next run reads the stretch it never reached.

With the team's user token these are owned reads ($0.001 a resource); without one (a team account set by id)
the same reads go at the public price, and ``TrackingRun.paid_reads`` says so. Every event is stored once
(``uq_person_event_once``) with its post's link and time; stages are derived from the events later.
No write transaction is held while X answers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlmodel import col, delete, func, select

from bot.errors import XError
from bot.leases import LeaseBusy, hold
from bot.ledger import dollars, last_call, spent
from bot.models import (
    FollowEdge,
    GuildSettings,
    PersonEvent,
    Post,
    RelationshipState,
    Suggestion,
    TrackingRun,
    utcnow,
)
from bot.networks.paging import Pager
from bot.relationships.stages import FOLLOW_ENDS, EventKind
from bot.storage import record_edges, upsert, upsert_posts

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Iterable
    from datetime import datetime

    from sqlalchemy import ColumnElement
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.db import Database
    from bot.networks.base import NetworkAccount, NetworkPost, Page, Posts, SocialNetwork

log = logging.getLogger(__name__)

FIRST_READ_POSTS = 100
"""On a team's first run, how far back its own posts and mentions are read."""
MAX_NEW_POSTS = 3200
"""The most X serves of a timeline; a team posts far fewer between two runs."""
TRACKING_LEASE_TTL = timedelta(minutes=5)
"""How long a crashed tracking run keeps others out (the holder renews it while it runs)."""
TRACKING_LEASE_WAIT = timedelta(minutes=10)
"""How long a second run of the same team waits for the first before giving up (reported, tried next time)."""
QUOTE_WINDOW = timedelta(days=7)
"""How long after a team post its quotes are still looked for: quotes come within days of a post."""
QUOTE_POSTS_PER_RUN = 20
"""The most team posts whose quotes one run reads (the newest first): one request each."""
RELATION_PAGES = (20, 100, 1000)
"""Page sizes for following/followers, newest first: most runs find nothing new in the first 20."""
RELATION_PAGE_BUDGET = 100
"""The most pages of one list a run reads (100,000 accounts in pages of 1,000); it also ends a listing whose
cursor X keeps repeating, which the spend cap would not stop (X bills an account once a day)."""
WHOLE_LIST_EVERY = timedelta(days=7)
"""How often the team's following and followers lists are read whole, which alone shows an unfollow."""


def post_url(post_id: str) -> str:
    """A post's link that works without knowing its author's handle."""
    return f"https://x.com/i/status/{post_id}"


@dataclass
class TrackingReport:
    guild_id: int
    team_id: str | None = None
    posts_read: int = 0
    accounts_read: int = 0
    new_events: list[PersonEvent] = field(default_factory=list)
    cost_dollars: float = 0.0
    paid_reads: bool = False
    error: str | None = None
    whole_lists: tuple[str, ...] = ()
    """The lists read whole this run ("following", "followers"): unfollows could be told."""
    cut_short: tuple[str, ...] = ()
    """Why a listing was read only in part (a repeated cursor, the page budget); what was read is kept."""


@dataclass(frozen=True)
class _Seen:
    """What the run read from X, before anything is written."""

    own_posts: Posts
    mentions: Posts
    following: tuple[str, ...]
    followers: tuple[str, ...]
    quotes: tuple[NetworkPost, ...] = ()
    accounts_read: int = 0
    whole_following: bool = False
    """The team's following list was read to its end from its first page: edges it did not hold are gone."""
    whole_followers: bool = False
    cut_short: tuple[str, ...] = ()


async def get_state(session: AsyncSession, guild_id: int) -> RelationshipState:
    """The team's tracking marks and report settings (defaults until changed; not added to the session)."""
    return await session.get(RelationshipState, guild_id) or RelationshipState(guild_id=guild_id)


async def suggested_ids(session: AsyncSession, guild_id: int) -> set[str]:
    rows = await session.exec(select(Suggestion.account_id).where(Suggestion.guild_id == guild_id).distinct())
    return set(rows.all())


def talked_to(post: NetworkPost, team_id: str, quoted_authors: dict[str, str]) -> set[str]:
    """Whom a team post talks to: the account it replies to, everyone it mentions, the author of what it quotes.
    A repost talks to nobody (it copies its original's mentions)."""
    if post.is_repost:
        return set()
    people = set(post.mention_ids)
    if post.in_reply_to_account_id:
        people.add(post.in_reply_to_account_id)
    if post.quoted_post_id and post.quoted_post_id in quoted_authors:
        people.add(quoted_authors[post.quoted_post_id])
    people.discard(team_id)
    return people


def answers_team(post: NetworkPost, team_id: str, team_post_ids: set[str]) -> bool:
    """Whether ``post`` answers the team: it replies to the team or to one of its posts, mentions the team, or
    quotes one of its posts (``referenced_tweets``/``referenced_posts`` of type ``replied_to`` or ``quoted``,
    either vocabulary, as parsed by :func:`bot.networks.x.parse_post`). The team's own posts and reposts (which
    copy their original's mentions) answer nobody."""
    if post.author_id == team_id or post.is_repost:
        return False
    return (
        team_id in post.mention_ids
        or post.in_reply_to_account_id == team_id
        or post.replied_to_post_id in team_post_ids
        or post.quoted_post_id in team_post_ids
    )


def derive_events(
    seen: _Seen,
    *,
    team_id: str,
    suggested: set[str],
    quoted_authors: dict[str, str],
    edge_times: dict[tuple[str, str], datetime],
    team_post_ids: set[str] | None = None,
    follow_history: dict[tuple[str, str], list[datetime]] | None = None,
    now: datetime | None = None,
) -> list[dict[str, object]]:
    """Event rows (for ``person_event``) from what was read, for suggested people only.

    A post in the team's mentions answers the team (X put it there for mentioning or replying to the team); a
    quote read from the quote-posts endpoint answers when :func:`answers_team` says so for ``team_post_ids`` (the
    team's post ids known, the ones just read included).

    Follows come from the stored edges against the stored follow events: ``edge_times`` holds when each follow
    edge between the team and a suggested person was first seen (by this run or any earlier read), keyed
    (follower, followee); ``follow_history`` the times of each person's stored follow events, keyed (account id,
    kind). An edge while no follow stands starts one (*followed* / *followed_back* at the edge's first sighting);
    a standing follow without its edge (forgotten by a whole read of the list) ends (*unfollowed* /
    *unfollowed_back* at ``now``). The first follow of a kind has ``ref`` "" (one per person), later ones and
    every end the moment's Unix seconds, so a re-follow is a new event and a repeated read adds none.
    """
    rows: list[dict[str, object]] = []

    def add(account_id: str, kind: EventKind, at: datetime, ref: str = "", url: str | None = None) -> None:
        rows.append(
            {
                "account_id": account_id,
                "kind": kind.value,
                "ref": ref,
                "post_url": (post_url(ref) if ref else "") if url is None else url,
                "at": at,
            }
        )

    for post in seen.own_posts:
        for person in talked_to(post, team_id, quoted_authors) & suggested:
            add(person, EventKind.TALKED, post.created_at, post.id)
    team_posts = {post.id for post in seen.own_posts} | (team_post_ids or set())
    answers = [post for post in seen.mentions if post.author_id != team_id and not post.is_repost]
    answers += [post for post in seen.quotes if answers_team(post, team_id, team_posts)]
    for post in {post.id: post for post in answers}.values():  # a quote that also mentions the team counts once
        if post.author_id in suggested:
            add(post.author_id, EventKind.ANSWERED, post.created_at, post.id)
    history = follow_history or {}
    for person in sorted(suggested):
        for start, edge in ((EventKind.FOLLOWED, (team_id, person)), (EventKind.FOLLOWED_BACK, (person, team_id))):
            starts, ends = history.get((person, start), []), history.get((person, FOLLOW_ENDS[start]), [])
            standing = bool(starts) and (not ends or max(starts) > max(ends))
            first_seen = edge_times.get(edge)
            if first_seen is not None and not standing:
                add(person, start, first_seen, f"{int(first_seen.timestamp())}" if starts else "", url="")
            elif first_seen is None and standing and now is not None:
                add(person, FOLLOW_ENDS[start], now, f"{int(now.timestamp())}", url="")
    return rows


async def _relations(
    read: Callable[..., Awaitable[Page[NetworkAccount]]],
    team_id: str,
    known: set[str],
    *,
    what: str,
    whole: bool,
) -> tuple[list[str], int, Pager]:
    """Read a newest-first list page by page (growing pages) until a page brings nothing new, or the end; with
    ``whole``, to its end. Returns the accounts to record (new ones; with ``whole``, every one read), how many
    were read, and the walk (``complete``: read to the end; ``stopped``: why not)."""
    found: list[str] = []
    cursor: str | None = None
    read_count = 0
    pager = Pager(f"{what} of the team account {team_id}", budget=RELATION_PAGE_BUDGET)
    sizes = iter((*RELATION_PAGES, *([RELATION_PAGES[-1]] * RELATION_PAGE_BUDGET)))
    while True:
        page = await read(team_id, cursor=cursor, page_size=RELATION_PAGES[-1] if whole else next(sizes))
        ids = [account.id for account in page.items]
        read_count += len(ids)
        new = [account_id for account_id in ids if account_id not in known]
        found += ids if whole else new
        cursor = pager.advance(page)
        if cursor is None or (not new and not whole):
            break
    return found, read_count, pager


async def track(db: Database, network: SocialNetwork, *, guild_id: int, now: datetime | None = None) -> TrackingReport:
    """Read what is new on the team's X account and store the events for suggested people.

    Returns what was read, the new events and what it cost. Nothing is read for a team that has suggested
    nobody yet. X errors end the run with ``report.error`` set (also kept in ``RelationshipState``); what was
    read before the error is not stored, and the ``since_id`` marks stay, so the next run reads it again.
    """
    # One run per team at a time, across jobs (the tracking interval and the weekly report can meet) and
    # processes: the second run then starts from the marks the first stored, and counts only its own spend.
    try:
        async with hold(db, f"tracking:{guild_id}", ttl=TRACKING_LEASE_TTL, wait=TRACKING_LEASE_WAIT):
            return await _track(db, network, guild_id=guild_id, now=now)
    except LeaseBusy as busy:
        report = TrackingReport(guild_id=guild_id)
        report.error = busy.message
        return report


async def _track(db: Database, network: SocialNetwork, *, guild_id: int, now: datetime | None) -> TrackingReport:
    moment = now or utcnow()
    x = network.for_guild(guild_id)
    report = TrackingReport(guild_id=guild_id)
    async with db.session() as session:
        settings = await session.get(GuildSettings, guild_id)
        state = await get_state(session, guild_id)
        suggested = await suggested_ids(session, guild_id)
        team_id = x.me_id or (settings.team_account_id if settings else None)
        ledger_mark = await last_call(session)
        history = await _follow_history(session, guild_id)
    report.team_id = team_id
    if not suggested:
        return report
    if team_id is None:
        report.error = (
            "Circlebot doesn't know the team's X account: name it with /settings team_account (or set X_ACCESS_TOKEN)."
        )
        await _save_error(db, guild_id, report.error)
        return report
    report.paid_reads = team_id != x.me_id
    try:
        seen = await _read(db, x, team_id, state, now=moment, standing=_standing(history))
    except XError as error:
        report.error = error.message
        log.warning("tracking for guild %s stopped: %s", guild_id, error.message)
        await _save_error(db, guild_id, error.message)
        return report
    report.posts_read = len(seen.own_posts) + len(seen.mentions) + len(seen.quotes)
    report.accounts_read = seen.accounts_read
    report.cut_short = seen.cut_short
    report.whole_lists = tuple(
        name for name, whole in (("following", seen.whole_following), ("followers", seen.whole_followers)) if whole
    )
    await _store(db, seen, report, team_id=team_id, suggested=suggested, state=state, now=moment, mark=ledger_mark)
    return report


def _standing(history: dict[tuple[str, str], list[datetime]]) -> set[EventKind]:
    """The follow kinds (followed, followed_back) that stand now for at least one suggested person."""
    found: set[EventKind] = set()
    for start, end in FOLLOW_ENDS.items():
        for (account_id, kind), starts in history.items():
            ends = history.get((account_id, end.value), [])
            if kind == start.value and (not ends or max(starts) > max(ends)):
                found.add(start)
                break
    return found


async def _read(
    db: Database,
    x: SocialNetwork,
    team_id: str,
    state: RelationshipState,
    *,
    now: datetime,
    standing: set[EventKind],
) -> _Seen:
    async with db.session() as session:
        stored_recent = (
            await session.exec(
                select(Post.id).where(
                    Post.author_id == team_id,
                    col(Post.created_at) >= now - QUOTE_WINDOW,
                    col(Post.reposted_post_id).is_(None),
                )
            )
        ).all()
        following_edges = dict(
            (
                await session.exec(
                    select(FollowEdge.followee_id, FollowEdge.last_seen_at).where(FollowEdge.follower_id == team_id)
                )
            ).all()
        )
        follower_edges = dict(
            (
                await session.exec(
                    select(FollowEdge.follower_id, FollowEdge.last_seen_at).where(FollowEdge.followee_id == team_id)
                )
            ).all()
        )
    own = await x.recent_posts(
        team_id, limit=MAX_NEW_POSTS if state.last_own_post_id else FIRST_READ_POSTS, since_id=state.last_own_post_id
    )
    mentions = await x.mentions(
        team_id, limit=MAX_NEW_POSTS if state.last_mention_id else FIRST_READ_POSTS, since_id=state.last_mention_id
    )
    recent = {post.id for post in own if not post.is_repost and post.created_at >= now - QUOTE_WINDOW}
    recent.update(stored_recent)
    quotes = await _quotes(x, sorted(recent, key=int, reverse=True)[:QUOTE_POSTS_PER_RUN])
    # A list is read whole when one of its stored edges has gone unconfirmed for WHOLE_LIST_EVERY (a whole read
    # confirms every edge it sees; the newest pages only the newest ones), and only while some suggested person's
    # follow of that kind stands: no one can be seen leaving a list no one we track is in (a team followed by
    # thousands, none of them suggested people, pays nothing for its followers). An empty store needs no whole
    # read: the newest-first walk then reads everything anyway.
    stale = now - WHOLE_LIST_EVERY
    whole_following = EventKind.FOLLOWED in standing and any(t <= stale for t in following_edges.values())
    whole_followers = EventKind.FOLLOWED_BACK in standing and any(t <= stale for t in follower_edges.values())
    following, read_following, following_walk = await _relations(
        x.following, team_id, set(following_edges), what="following", whole=whole_following
    )
    followers, read_followers, followers_walk = await _relations(
        x.followers, team_id, set(follower_edges), what="followers", whole=whole_followers
    )
    walks = (following_walk, followers_walk)
    return _Seen(
        own_posts=own,
        mentions=mentions,
        quotes=quotes,
        following=tuple(following),
        followers=tuple(followers),
        accounts_read=read_following + read_followers,
        whole_following=whole_following and following_walk.complete,
        whole_followers=whole_followers and followers_walk.complete,
        cut_short=tuple(walk.stopped.message for walk in walks if walk.stopped is not None)
        + tuple(timeline.cut_short for timeline in (own, mentions) if timeline.cut_short is not None),
    )


async def _quotes(x: SocialNetwork, post_ids: list[str]) -> tuple[NetworkPost, ...]:
    """The quotes of the team's recent posts (ids newest first). X refusing the quote-posts endpoint (or the
    budget running out) stops reading quotes only: mentions and follows are still tracked, the quotes are looked
    for again next run."""
    found: list[NetworkPost] = []
    for post_id in post_ids:
        try:
            found += await x.quotes(post_id, limit=100)
        except XError as error:
            log.warning("quotes of the team's posts not read this run: %s", error.message)
            break
    return tuple(found)


def _newest_id(posts: Iterable[NetworkPost], current: str | None) -> str | None:
    ids = [int(post.id) for post in posts if post.id.isdecimal()]
    if current is not None and current.isdecimal():
        ids.append(int(current))
    return str(max(ids)) if ids else current


async def _store(
    db: Database,
    seen: _Seen,
    report: TrackingReport,
    *,
    team_id: str,
    suggested: set[str],
    state: RelationshipState,
    now: datetime,
    mark: int,
) -> None:
    async with db.session() as session, session.begin():
        await record_edges(
            session, [(team_id, a) for a in seen.following] + [(a, team_id) for a in seen.followers], seen_at=now
        )
        await upsert_posts(session, (*seen.own_posts, *seen.mentions, *seen.quotes), fetched_at=now)
        # A list read whole holds every edge it has: those it did not confirm are unfollows (whoever stored them).
        if seen.whole_following:
            await _forget_unseen(session, col(FollowEdge.follower_id) == team_id, before=now)
        if seen.whole_followers:
            await _forget_unseen(session, col(FollowEdge.followee_id) == team_id, before=now)
        quoted = [post.quoted_post_id for post in seen.own_posts if post.quoted_post_id]
        quoted_authors = dict(
            (await session.exec(select(Post.id, Post.author_id).where(col(Post.id).in_(quoted)))).all()
            if quoted
            else []
        )
        # Follow facts come from the stored edges, whoever read them (discovery reads the team's following too).
        edges = (
            await session.exec(
                select(FollowEdge.follower_id, FollowEdge.followee_id, FollowEdge.first_seen_at).where(
                    (col(FollowEdge.follower_id) == team_id) & col(FollowEdge.followee_id).in_(suggested)
                    | (col(FollowEdge.followee_id) == team_id) & col(FollowEdge.follower_id).in_(suggested)
                )
            )
        ).all()
        answered_ids = [p.replied_to_post_id or p.quoted_post_id for p in (*seen.mentions, *seen.quotes)]
        wanted = [post_id for post_id in answered_ids if post_id]
        team_posts = set(
            (await session.exec(select(Post.id).where(Post.author_id == team_id, col(Post.id).in_(wanted)))).all()
            if wanted
            else []
        )
        rows = derive_events(
            seen,
            team_post_ids=team_posts,
            team_id=team_id,
            suggested=suggested,
            quoted_authors=quoted_authors,
            edge_times={(follower, followee): first for follower, followee, first in edges},
            follow_history=await _follow_history(session, report.guild_id),
            now=now,
        )
        before = await _event_keys(session, report.guild_id)
        fresh = [row for row in rows if (row["account_id"], row["kind"], row["ref"]) not in before]
        for row in fresh:
            row.update(guild_id=report.guild_id, detected_at=now)
        await upsert(session, PersonEvent, fresh, keys=["guild_id", "account_id", "kind", "ref"], update=[])
        report.new_events = [PersonEvent.model_validate(row) for row in fresh]
        row_state = await session.get(RelationshipState, report.guild_id)
        if row_state is None:
            row_state = RelationshipState(guild_id=report.guild_id)
            session.add(row_state)
        # A cut-short timeline walk read the newest posts but not the ones between them and the mark: the mark
        # stays, so the next run reads that stretch again (what was read twice is stored once, events are keyed).
        if seen.own_posts.cut_short is None:
            row_state.last_own_post_id = _newest_id(seen.own_posts, state.last_own_post_id)
        if seen.mentions.cut_short is None:
            row_state.last_mention_id = _newest_id(seen.mentions, state.last_mention_id)
        row_state.tracked_at = now
        # A listing cut short is worth a line in /settings status (what was read is stored all the same).
        row_state.tracking_error = "; ".join(seen.cut_short)[:500] or None
        cost = await spent(session, guild_id=report.guild_id, after_call=mark)
        report.cost_dollars = dollars(cost)
        session.add(
            TrackingRun(
                guild_id=report.guild_id,
                at=now,
                posts_read=report.posts_read,
                accounts_read=report.accounts_read,
                events=len(fresh),
                cost_micros=cost,
                paid_reads=report.paid_reads,
            )
        )
    log.info(
        "tracking for guild %s: %d posts and %d accounts read, %d new events, $%.3f",
        report.guild_id,
        report.posts_read,
        report.accounts_read,
        len(report.new_events),
        report.cost_dollars,
    )


async def _forget_unseen(session: AsyncSession, edges: ColumnElement[bool], *, before: datetime) -> int:
    """Forget the team's edges (``edges``) a whole read did not see (last seen before it); returns how many."""
    gone = await session.exec(
        select(func.count()).select_from(FollowEdge).where(edges, col(FollowEdge.last_seen_at) < before)
    )
    count = int(gone.one())
    if count:
        await session.exec(  # type: ignore[call-overload]
            delete(FollowEdge).where(edges, col(FollowEdge.last_seen_at) < before)  # pyright: ignore[reportArgumentType]
        )
        log.info("tracking: %d of the team's follow edges are gone (a whole list read did not hold them)", count)
    return count


async def _follow_history(session: AsyncSession, guild_id: int) -> dict[tuple[str, str], list[datetime]]:
    """The times of the team's stored follow events, keyed (account id, kind)."""
    kinds = [kind.value for pair in FOLLOW_ENDS.items() for kind in pair]
    rows = await session.exec(
        select(PersonEvent.account_id, PersonEvent.kind, PersonEvent.at).where(
            PersonEvent.guild_id == guild_id, col(PersonEvent.kind).in_(kinds)
        )
    )
    history: dict[tuple[str, str], list[datetime]] = {}
    for account_id, kind, at in rows.all():
        history.setdefault((account_id, kind), []).append(at)
    return history


async def _event_keys(session: AsyncSession, guild_id: int) -> set[tuple[object, ...]]:
    rows = await session.exec(
        select(PersonEvent.account_id, PersonEvent.kind, PersonEvent.ref).where(PersonEvent.guild_id == guild_id)
    )
    return {tuple(row) for row in rows.all()}


async def _save_error(db: Database, guild_id: int, message: str) -> None:
    async with db.session() as session, session.begin():
        row = await session.get(RelationshipState, guild_id)
        if row is None:
            row = RelationshipState(guild_id=guild_id)
            session.add(row)
        row.tracking_error = message[:500]
