"""The daily digest as plain data: what the Discord layer renders (and `demo` prints). No Discord here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from sqlmodel import col, func, select

from bot.models import Account, ApiCall, DiscoveryRun, Seed, Suggestion, XList

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlmodel.ext.asyncio.session import AsyncSession


@dataclass(frozen=True)
class OpenerView:
    kind: str  # reply | hello | share
    draft: str
    why: str
    post_url: str | None
    post_excerpt: str | None
    written_by: str


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


async def spend_since(session: AsyncSession, *, guild_id: int | None, since: datetime) -> float:
    query = select(func.coalesce(func.sum(ApiCall.cost_micros), 0)).where(col(ApiCall.at) >= since)
    if guild_id is not None:
        query = query.where(ApiCall.guild_id == guild_id)
    return int((await session.exec(query)).one()) / 1_000_000


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
                openers=tuple(
                    OpenerView(
                        kind=str(opener["kind"]),
                        draft=str(opener["draft"]),
                        why=str(opener.get("why", "")),
                        post_url=opener.get("post_url"),
                        post_excerpt=opener.get("post_excerpt"),
                        written_by=str(opener.get("written_by", "template")),
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
    start_of_day = datetime.combine(day, time.min, tzinfo=UTC)
    start_of_month = datetime.combine(day.replace(day=1), time.min, tzinfo=UTC)
    return Digest(
        guild_id=guild_id,
        day=day,
        entries=tuple(entries),
        spend_today_dollars=await spend_since(session, guild_id=guild_id, since=start_of_day),
        spend_month_dollars=await spend_since(session, guild_id=guild_id, since=start_of_month),
        candidates=run.candidates if run else 0,
        shortlisted=run.shortlisted if run else 0,
        screened_out=dict(run.screened_out) if run else {},
        new_since_yesterday=sum(1 for entry in entries if entry.account_id not in shown_before),
        run_outcome=run.outcome if run else None,
        run_errors=tuple(run.errors) if run else (),
    )
