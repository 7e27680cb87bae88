"""The daily digest as plain data: what the Discord layer renders (and `demo` prints), and the steps that record its
posting (claim the day, record the header, record each entry's message, finish the day). No Discord here: the
publisher in `bot.publish` sends the messages and calls these between the sends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlmodel import col, select

from bot import ledger
from bot.leases import hold
from bot.ledger import start_of_day
from bot.models import Account, Action, Approval, DigestPost, DigestState, DiscoveryRun, Seed, Suggestion, XList, utcnow
from bot.storage import upsert
from bot.team import report_problem

if TYPE_CHECKING:
    from collections.abc import Sequence
    from contextlib import AbstractAsyncContextManager

    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.db import Database
    from bot.leases import Lease


@dataclass(frozen=True)
class OpenerView:
    kind: str  # reply | hello | share
    draft: str
    why: str
    post_url: str | None
    post_excerpt: str | None
    written_by: str
    intent_url: str | None = None  # X's web intent with the draft filled in (absent on openers stored before)


@dataclass(frozen=True)
class DigestEntry:
    suggestion_id: int
    position: int
    account_id: str
    handle: str
    name: str
    bio: str
    location: str
    profile_url: str
    followers_count: int
    following_count: int
    followed_by: tuple[str, ...]  # seed handles, strongest first
    explanation: str  # "followed by @a, @b and 3 more of your seeds"
    follows_team: bool
    score: float
    last_post_at: datetime | None
    posts_per_day: float
    reply_share: float
    people_engaged: int
    two_way_exchanges: int
    broadcast_share: float
    questions: int
    activity_summary: str
    check_summary: str
    openers: tuple[OpenerView, ...]
    suggested_list: str | None = None  # the team's List this account fits
    list_match: tuple[str, ...] = ()  # the words that matched (location for a city List, bio/posts for a niche)
    activity_signal: str = "timeline"
    """What screened the account as recently active before its timeline was read: ``last_post_id``,
    ``post_count_growth`` or ``timeline`` (no free signal; see `bot.discovery.checks.CheckResult`)."""


@dataclass(frozen=True)
class EntryDecisions:
    """What a digest entry's message shows under its numbers: the decisions taken and the approvals still short."""

    entry: DigestEntry
    channel_id: int
    message_id: int
    actions: tuple[Action, ...]
    waiting: dict[str, int]  # action kind -> standing approvals, for kinds not decided yet


@dataclass(frozen=True)
class Digest:
    guild_id: int
    day: date
    entries: tuple[DigestEntry, ...]
    spend_today_dollars: float
    spend_month_dollars: float
    candidates: int
    shortlisted: int
    screened_out: dict[str, int]
    new_since_yesterday: int  # entries never shown in an earlier digest
    run_outcome: str | None
    run_errors: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not self.entries


def _time(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


async def _entries(session: AsyncSession, *, guild_id: int, suggestions: Sequence[Suggestion]) -> list[DigestEntry]:
    """Digest entries for these suggestions of one team (those whose account snapshot is gone are left out)."""
    account_ids = [suggestion.account_id for suggestion in suggestions]
    accounts = {
        account.id: account
        for account in (await session.exec(select(Account).where(col(Account.id).in_(account_ids)))).all()
    }
    seed_handles = dict(
        (await session.exec(select(Seed.account_id, Seed.handle).where(Seed.guild_id == guild_id))).all()
    )
    list_names = dict((await session.exec(select(XList.id, XList.name).where(XList.guild_id == guild_id))).all())
    entries = []
    for suggestion in suggestions:
        account = accounts.get(suggestion.account_id)
        if account is None:
            continue
        activity = suggestion.activity
        entries.append(
            DigestEntry(
                suggestion_id=suggestion.id or 0,
                position=suggestion.position,
                account_id=account.id,
                handle=account.handle,
                name=account.name,
                bio=account.bio,
                location=account.location,
                profile_url=f"https://x.com/{account.handle}",
                followers_count=account.followers_count,
                following_count=account.following_count,
                followed_by=tuple(seed_handles.get(seed_id, seed_id) for seed_id in suggestion.followed_by),
                explanation=suggestion.explanation,
                follows_team=suggestion.follows_team,
                score=suggestion.score,
                last_post_at=_time(activity.get("last_post_at")) or account.most_recent_post_at,
                posts_per_day=float(activity.get("posts_per_day", 0.0)),
                reply_share=float(activity.get("reply_share", 0.0)),
                people_engaged=int(activity.get("people_engaged", 0)),
                two_way_exchanges=int(activity.get("two_way_exchanges", 0)),
                broadcast_share=float(activity.get("broadcast_share", 0.0)),
                questions=int(activity.get("questions", 0)),
                activity_summary=str(activity.get("summary", "")),
                check_summary=str(suggestion.check.get("explanation", "")),
                activity_signal=str(suggestion.check.get("last_post_signal", "timeline")),
                openers=tuple(
                    OpenerView(
                        kind=str(opener["kind"]),
                        draft=str(opener["draft"]),
                        why=str(opener.get("why", "")),
                        post_url=opener.get("post_url"),
                        post_excerpt=opener.get("post_excerpt"),
                        written_by=str(opener.get("written_by", "template")),
                        intent_url=opener.get("intent_url"),
                    )
                    for opener in suggestion.openers
                ),
                suggested_list=list_names.get(suggestion.suggested_list_id) if suggestion.suggested_list_id else None,
                list_match=tuple(suggestion.list_match),
            )
        )
    return entries


async def build_entry(session: AsyncSession, suggestion: Suggestion) -> DigestEntry | None:
    """One entry, to redraw its message after a decision without rebuilding the whole digest."""
    entries = await _entries(session, guild_id=suggestion.guild_id, suggestions=[suggestion])
    return entries[0] if entries else None


async def build_digest(session: AsyncSession, *, guild_id: int, day: date) -> Digest:
    """The day's suggestions of one team with every number behind them, its spend, and what changed."""
    suggestions = (
        await session.exec(
            select(Suggestion)
            .where(Suggestion.guild_id == guild_id, Suggestion.digest_day == day)
            .order_by(col(Suggestion.position))
        )
    ).all()
    entries = await _entries(session, guild_id=guild_id, suggestions=suggestions)
    run = (
        await session.exec(
            select(DiscoveryRun)
            .where(DiscoveryRun.guild_id == guild_id)
            .order_by(col(DiscoveryRun.started_at).desc(), col(DiscoveryRun.id).desc())
            .limit(1)
        )
    ).first()
    shown_before = set(
        (
            await session.exec(
                select(Suggestion.account_id).where(Suggestion.guild_id == guild_id, col(Suggestion.digest_day) < day)
            )
        ).all()
    )
    return Digest(
        guild_id=guild_id,
        day=day,
        entries=tuple(entries),
        spend_today_dollars=ledger.dollars(await ledger.spent(session, guild_id=guild_id, since=start_of_day(day))),
        spend_month_dollars=ledger.dollars(
            await ledger.spent(session, guild_id=guild_id, since=start_of_day(day.replace(day=1)))
        ),
        candidates=run.candidates if run else 0,
        shortlisted=run.shortlisted if run else 0,
        screened_out=dict(run.screened_out) if run else {},
        new_since_yesterday=sum(1 for entry in entries if entry.account_id not in shown_before),
        run_outcome=run.outcome if run else None,
        run_errors=tuple(run.errors) if run else (),
    )


# -- posting: the publisher's steps, each its own short transaction ------------------------------------------

# Without a finished run to go by, the first discovery is said to take about this long (a 10-seed team's first
# crawl and checks take well under a minute against X; later runs read only what changed).
DEFAULT_DISCOVERY_SECONDS = 60


async def has_suggestions(session: AsyncSession, *, guild_id: int, day: date) -> bool:
    """Whether discovery already stored suggestions for this team's digest of ``day``."""
    found = await session.exec(
        select(Suggestion.id).where(Suggestion.guild_id == guild_id, Suggestion.digest_day == day).limit(1)
    )
    return found.first() is not None


@dataclass(frozen=True)
class PostingPlan:
    """What asking for a day's digest now will do: nothing (already posted), or post it, after a discovery run
    of about ``discovery_seconds`` when the day has no suggestions yet."""

    day: date
    already_posted: bool
    discovery_first: bool
    discovery_seconds: int
    completing: bool = False  # the day was posted partially; only what is new gets posted


async def plan_posting(session: AsyncSession, *, guild_id: int, day: date) -> PostingPlan:
    """Read-only: whether the day's digest is already posted, and whether discovery must run before it can be."""
    state = (
        await session.exec(
            select(DigestPost.state).where(DigestPost.guild_id == guild_id, DigestPost.digest_day == day)
        )
    ).first()
    ready = await has_suggestions(session, guild_id=guild_id, day=day)
    # A day cut short (budget, failure) runs discovery again to complete it.
    first = not ready or state == DigestState.PARTIAL
    return PostingPlan(
        day=day,
        already_posted=state == DigestState.POSTED,
        discovery_first=first,
        discovery_seconds=await discovery_seconds(session, guild_id=guild_id) if first else 0,
        completing=state == DigestState.PARTIAL,
    )


async def discovery_seconds(session: AsyncSession, *, guild_id: int) -> int:
    """How long this team's last finished discovery run took, in whole seconds (at least 1); without one,
    ``DEFAULT_DISCOVERY_SECONDS``. Used to tell people how long `/digest now` will take."""
    run = (
        await session.exec(
            select(DiscoveryRun)
            .where(DiscoveryRun.guild_id == guild_id, col(DiscoveryRun.finished_at).is_not(None))
            .order_by(col(DiscoveryRun.started_at).desc(), col(DiscoveryRun.id).desc())
            .limit(1)
        )
    ).first()
    if run is None or run.finished_at is None:
        return DEFAULT_DISCOVERY_SECONDS
    return max(1, round((run.finished_at - run.started_at).total_seconds()))


# A team's day is prepared (discovery) and posted by one job at a time, across jobs and processes: the day's lease
# (bot/leases.py). Renewed every 40 s while held, so a crashed publisher's claim is taken over within two minutes;
# the next holder resumes from what was recorded (bot/outbox.py), never posting an entry twice.
DAY_LEASE_TTL = timedelta(minutes=2)
# A second job for the same day (the daily digest and `/digest now`) waits this long for the first, which may be
# running discovery, then finds the day posted. Longer than any discovery run within the daily caps.
DAY_LEASE_WAIT = timedelta(minutes=30)


def day_lease_name(guild_id: int, day: date) -> str:
    return f"digest:{guild_id}:{day.isoformat()}"


def hold_day(db: Database, *, guild_id: int, day: date) -> AbstractAsyncContextManager[Lease]:
    """Hold the team's day for preparing and posting its digest (``async with``). Waits up to
    :data:`DAY_LEASE_WAIT` for another holder; raises ``bot.leases.LeaseBusy`` if it is still held then. Check the
    lease (``lease.check()``, raising ``LeaseLost``) before each write: a holder that stalled past
    :data:`DAY_LEASE_TTL` has been replaced."""
    return hold(db, day_lease_name(guild_id, day), ttl=DAY_LEASE_TTL, wait=DAY_LEASE_WAIT)


async def claim_day(session: AsyncSession, *, guild_id: int, day: date) -> DigestPost | None:
    """The day's digest row, claimed for posting (state ``posting``); None when that day was already posted whole
    (a ``partial`` day is claimed again, to be completed). Call it only while holding the day (:func:`hold_day`):
    the lease, not this row, is what makes one publisher the only one.

    The row is unique per team and day, so a day is posted at most once; a failed or interrupted post (or one whose
    publisher crashed, its lease expired) is claimed again and resumes where it stopped (its header and entry
    messages are recorded, and messages sent but not recorded are found through their claims in bot/outbox.py)."""
    row = {"guild_id": guild_id, "digest_day": day, "state": DigestState.POSTING, "started_at": utcnow(), "entries": 0}
    await upsert(session, DigestPost, [row], keys=["guild_id", "digest_day"], update=[])
    post = (
        await session.exec(select(DigestPost).where(DigestPost.guild_id == guild_id, DigestPost.digest_day == day))
    ).one()
    if post.state == DigestState.POSTED:
        return None
    post.state = DigestState.POSTING
    session.add(post)
    return post


async def _post_row(session: AsyncSession, post_id: int) -> DigestPost:
    post = await session.get(DigestPost, post_id)
    if post is None:
        raise LookupError(f"digest post {post_id} does not exist")
    return post


async def record_header(session: AsyncSession, *, post_id: int, message_id: int, channel_id: int) -> None:
    """Remember the header message, so a resumed post does not send it again."""
    post = await _post_row(session, post_id)
    post.header_message_id, post.channel_id = message_id, channel_id
    session.add(post)


async def posted_entries(session: AsyncSession, *, guild_id: int, day: date) -> set[int]:
    """Ids of the day's suggestions whose message was already sent (a resumed post skips them)."""
    rows = await session.exec(
        select(Suggestion.id).where(
            Suggestion.guild_id == guild_id, Suggestion.digest_day == day, col(Suggestion.message_id).is_not(None)
        )
    )
    return {suggestion_id for suggestion_id in rows.all() if suggestion_id is not None}


async def record_entry_message(session: AsyncSession, *, suggestion_id: int, message_id: int, channel_id: int) -> None:
    """Map an entry to its message. Stored before the reactions are added: a reaction must find its entry."""
    suggestion = await session.get(Suggestion, suggestion_id)
    if suggestion is None:
        raise LookupError(f"suggestion {suggestion_id} does not exist")
    suggestion.message_id, suggestion.channel_id = message_id, channel_id
    session.add(suggestion)


async def finish_day(session: AsyncSession, *, post_id: int, entries: int, partial: str | None = None) -> None:
    """Mark the day posted (with how many entries); it is never posted again. With ``partial`` (why discovery
    stopped short), the day is ``partial`` instead: `/digest now` or the next digest job that day completes it,
    posting only the entries not posted yet."""
    post = await _post_row(session, post_id)
    post.posted_at, post.entries = utcnow(), entries
    post.state, post.error = (DigestState.PARTIAL, partial[:500]) if partial else (DigestState.POSTED, None)
    session.add(post)


def partial_reason(digest: Digest) -> str | None:
    """Why the day's digest is not whole (its discovery run stopped short: the budget, X failing…), or None."""
    if digest.run_outcome in (None, "ok", "running"):
        return None
    return digest.run_errors[0] if digest.run_errors else "discovery did not finish"


async def fail_day(session: AsyncSession, *, post_id: int, problem: str) -> None:
    """Mark the day's post failed with the reason people can act on, and report it in `/settings status`. The day can be
    claimed again (the next `/digest now` or the daily job resumes it)."""
    post = await _post_row(session, post_id)
    post.state, post.error = DigestState.FAILED, problem[:500]
    session.add(post)
    await report_problem(
        session, guild_id=post.guild_id, problem=f"The digest of {post.digest_day} was not posted: {problem}"
    )


async def entry_decisions(session: AsyncSession, *, suggestion_id: int) -> EntryDecisions | None:
    """A posted entry with its decisions and standing approvals; None when it has no message (or is gone)."""
    suggestion = await session.get(Suggestion, suggestion_id)
    if suggestion is None or suggestion.message_id is None or suggestion.channel_id is None:
        return None
    entry = await build_entry(session, suggestion)
    if entry is None:
        return None
    actions = (
        await session.exec(
            select(Action).where(Action.guild_id == suggestion.guild_id, Action.account_id == suggestion.account_id)
        )
    ).all()
    decided = {action.kind for action in actions}
    waiting: dict[str, int] = {}
    for approval in (await session.exec(select(Approval).where(Approval.suggestion_id == suggestion_id))).all():
        if approval.kind not in decided:
            waiting[approval.kind] = waiting.get(approval.kind, 0) + 1
    return EntryDecisions(
        entry=entry,
        channel_id=suggestion.channel_id,
        message_id=suggestion.message_id,
        actions=tuple(actions),
        waiting=waiting,
    )
