"""What /settings budget and /settings status show, as plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlmodel import col, func, select

from bot import ledger
from bot.formats import plural
from bot.models import (
    Action,
    ActionKind,
    ActionState,
    CrawlDirection,
    CrawlState,
    DigestPost,
    DiscoveryRun,
    GuildSettings,
    Seed,
    XList,
)

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession


# X's endpoints in words a team reads (/settings budget), keyed like the usage ledger (bot.networks.x).
ENDPOINT_WORDS = {
    "GET /2/users/:id/following": "following lists read (crawls)",
    "GET /2/users/:id/followers": "follower lists read",
    "GET /2/users": "accounts looked up by id",
    "GET /2/users/by": "accounts looked up by handle",
    "GET /2/users/me": "the team account looked up",
    "GET /2/users/:id/tweets": "recent posts read (activity checks and openers)",
    "POST /2/users/:id/following": "follows sent",
    "POST /2/lists": "Lists created",
    "POST /2/lists/:id/members": "List members added",
    "GET /2/users/:id/owned_lists": "the team's Lists read",
    "GET /2/lists/:id/members": "List members read",
    "GET /2/lists/:id/tweets": "watched Lists' posts read",
}


def endpoint_words(endpoint: str) -> str:
    """What an X endpoint of the ledger does, in words ("GET /2/lists/:id/tweets" → "watched Lists' posts
    read"); the endpoint itself when it has no words yet."""
    return ENDPOINT_WORDS.get(endpoint, endpoint)


@dataclass(frozen=True)
class BudgetReport:
    today_dollars: float  # this team's X spend today (UTC)
    month_dollars: float
    today_by_endpoint: dict[str, float]
    all_teams_today_dollars: float  # the bot's whole spend today: the daily cap applies to it
    daily_cap_dollars: float

    @property
    def cap_left_dollars(self) -> float:
        return max(0.0, self.daily_cap_dollars - self.all_teams_today_dollars)


async def budget_report(session: AsyncSession, *, guild_id: int, now: datetime, daily_cap: float) -> BudgetReport:
    day_start = ledger.start_of_day(now.astimezone(UTC).date())
    month_start = day_start.replace(day=1)
    by_endpoint = await ledger.spent_by_endpoint(session, guild_id=guild_id, since=day_start)
    return BudgetReport(
        today_dollars=ledger.dollars(await ledger.spent(session, guild_id=guild_id, since=day_start)),
        month_dollars=ledger.dollars(await ledger.spent(session, guild_id=guild_id, since=month_start)),
        today_by_endpoint={endpoint: ledger.dollars(micros) for endpoint, micros in by_endpoint.items()},
        all_teams_today_dollars=ledger.dollars(await ledger.spent(session, since=day_start)),
        daily_cap_dollars=daily_cap,
    )


@dataclass(frozen=True)
class SeedProgress:
    handle: str
    weight: float
    following_known: int | None
    crawl: str  # "complete" | "in progress (N pages)" | "not crawled yet"
    last_error: str | None


@dataclass(frozen=True)
class StatusReport:
    seeds: tuple[SeedProgress, ...]
    last_run: DiscoveryRun | None
    last_digest: DigestPost | None
    queued_follows: int
    follows_by_hand: int
    stuck: tuple[Action, ...]  # follows and List additions in "sending" or "unknown": X may or may not have acted
    waiting: str | None  # why queued actions wait (e.g. a rate limit resetting at a given time), if they do
    last_problem: str | None
    last_problem_at: datetime | None
    watched_list_ids: tuple[int, ...] = ()
    list_problems: tuple[str, ...] = ()  # a watched List that can't be read or delivered, in words


async def seed_progress(session: AsyncSession, *, guild_id: int) -> tuple[SeedProgress, ...]:
    rows = await session.exec(
        select(Seed, CrawlState)
        .join(
            CrawlState,
            (col(CrawlState.account_id) == col(Seed.account_id))
            & (col(CrawlState.direction) == CrawlDirection.FOLLOWING),
            isouter=True,
        )
        .where(Seed.guild_id == guild_id, col(Seed.removed_at).is_(None))
        .order_by(col(Seed.handle))
    )
    progress = []
    for seed, state in rows.all():
        if state is None or (state.last_full_crawl_at is None and state.cursor is None):
            crawl = "not crawled yet"
        elif state.cursor is not None:
            crawl = f"in progress ({plural(state.pages_read):page} read)"
        else:
            crawl = "complete"
        progress.append(
            SeedProgress(
                handle=seed.handle,
                weight=seed.weight,
                following_known=state.known_count if state else None,
                crawl=crawl,
                last_error=state.last_error if state else None,
            )
        )
    return tuple(progress)


async def status_report(session: AsyncSession, *, guild_id: int) -> StatusReport:
    settings = await session.get(GuildSettings, guild_id)
    last_run = (
        await session.exec(
            select(DiscoveryRun).where(DiscoveryRun.guild_id == guild_id).order_by(col(DiscoveryRun.id).desc()).limit(1)
        )
    ).first()
    last_digest = (
        await session.exec(
            select(DigestPost).where(DigestPost.guild_id == guild_id).order_by(col(DigestPost.id).desc()).limit(1)
        )
    ).first()
    counts = dict(
        (
            await session.exec(
                select(Action.state, func.count())
                .where(Action.guild_id == guild_id, Action.kind == ActionKind.FOLLOW)
                .group_by(col(Action.state))
            )
        ).all()
    )
    stuck = (
        await session.exec(
            select(Action)
            .where(Action.guild_id == guild_id, col(Action.state).in_([ActionState.SENDING, ActionState.UNKNOWN]))
            .order_by(col(Action.executed_at))
        )
    ).all()
    # A queued action put back by the executor says why in its result (e.g. the rate-limit reset it waits for).
    waiting = (
        await session.exec(
            select(Action.result)
            .where(Action.guild_id == guild_id, Action.state == ActionState.QUEUED, col(Action.result).is_not(None))
            .order_by(col(Action.id).desc())
            .limit(1)
        )
    ).first()
    lists = (await session.exec(select(XList).where(XList.guild_id == guild_id, col(XList.removed_at).is_(None)))).all()
    return StatusReport(
        seeds=await seed_progress(session, guild_id=guild_id),
        watched_list_ids=tuple(row.id for row in lists if row.id is not None and row.watch_channel_id is not None),
        list_problems=tuple(f"List {row.name}: {row.watch_error}" for row in lists if row.watch_error),
        stuck=tuple(stuck),
        waiting=waiting,
        last_run=last_run,
        last_digest=last_digest,
        queued_follows=int(counts.get(ActionState.QUEUED, 0)),
        follows_by_hand=int(counts.get(ActionState.BY_HAND, 0)),
        last_problem=settings.last_problem if settings else None,
        last_problem_at=settings.last_problem_at if settings else None,
    )


def stuck_lines(stuck: tuple[Action, ...]) -> list[str]:
    """What to do about each action X may or may not have carried out (never resent by itself)."""
    lines = []
    for action in stuck:
        what = "follow of" if action.kind == ActionKind.FOLLOW else "List addition of"
        if action.state == ActionState.SENDING:
            lines.append(f"The {what} @{action.handle} is being sent (if this stays, the bot stopped mid-call).")
        else:
            lines.append(
                f"The {what} @{action.handle} may not have happened ({action.result or 'answer lost'}): check "
                f"x.com/{action.handle} and do it by hand if needed; Circlebot will not send it again."
            )
    return lines
