"""One discovery run for one team: seeds → crawl → rank → cheap checks → timelines for a shortlist → metrics →
openers → the day's suggestions. Every X call goes through the governor; the cheap steps come first so that
timelines (the costly reads) are fetched only for the few accounts that can still make the digest.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlmodel import col, delete, func, select

from bot.discovery import seeds as seed_service
from bot.discovery.activity import ActivityMetrics, ActivityThresholds, measure_activity
from bot.discovery.candidates import load_rank_input
from bot.discovery.checks import CheckResult, CheckThresholds, check_account
from bot.discovery.crawl import CrawlReport, crawl, fully_crawled
from bot.discovery.rank import RankedCandidate, RankInput, explain, rank_candidates
from bot.errors import BudgetExhausted, XError
from bot.formats import plural
from bot.lists.matching import match_lists
from bot.lists.service import MEMBER_SYNC_EVERY, active_lists, list_seed_weights, profile, sync_members
from bot.models import (
    Account,
    ApiCall,
    CrawlDirection,
    DiscoveryRun,
    GuildAccount,
    GuildSettings,
    Post,
    Seed,
    Suggestion,
    XList,
    utcnow,
)
from bot.openers import OpenerContext, OpenerWriter
from bot.storage import account_from_row, post_from_row, upsert_accounts, upsert_posts
from bot.team import get_settings

if TYPE_CHECKING:
    from bot.db import Database
    from bot.networks.base import NetworkAccount, NetworkPost, SocialNetwork

log = logging.getLogger(__name__)

SHORTLIST_FACTOR = 3  # timelines are read for about 3x the digest size: enough after the activity filter
POSTS_PER_ACCOUNT = 50  # one timeline page
POSTS_FRESH_FOR = timedelta(hours=20)  # posts read this recently are not read again
TIMELINE_CONCURRENCY = 4
RANK_FIRST = 1000  # candidates ranked before the cheap checks; all of them only if these run out
LIST_MEMBER_CRAWLS_PER_RUN = 5  # new List members whose following lists are first read in one run
LIST_MEMBER_MAX_FOLLOWING = 2000  # beyond, a member's follows say little about the niche and cost much


@dataclass(frozen=True)
class Candidate:
    """An account on its way through the run, with every number that decided its fate."""

    ranked: RankedCandidate
    account: NetworkAccount
    check: CheckResult
    activity: ActivityMetrics | None = None
    posts: tuple[NetworkPost, ...] = ()


@dataclass
class DiscoveryReport:
    guild_id: int
    run_id: int | None = None
    seeds: int = 0
    crawls: list[CrawlReport] = field(default_factory=list)
    candidates: int = 0
    screened_out: Counter[str] = field(default_factory=Counter)
    shortlisted: int = 0
    suggested: int = 0
    cost_dollars: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def outcome(self) -> str:
        if not self.errors:
            return "ok"
        return "partial" if self.suggested else "failed"


async def run_discovery(
    db: Database,
    network: SocialNetwork,
    *,
    guild_id: int,
    writer: OpenerWriter,
    now: datetime | None = None,
    day: date | None = None,
) -> DiscoveryReport:
    """Refresh what the seeds follow, pick the day's accounts and store them as the suggestions of ``day``
    (the team's local date; UTC's by default)."""
    moment = now or utcnow()
    day = day or moment.date()
    x = network.for_guild(guild_id)
    report = DiscoveryReport(guild_id=guild_id)
    async with db.session() as session, session.begin():
        settings = await get_settings(session, guild_id)
        active = await seed_service.active_seeds(session, guild_id=guild_id)
        run = DiscoveryRun(guild_id=guild_id, started_at=moment)
        session.add(run)
        await session.flush()
        report.run_id = run.id
        # The run's spend is what the ledger records after this row, whatever clock the governor keeps.
        ledger_mark = (await session.exec(select(func.coalesce(func.max(ApiCall.id), 0)))).one()
    report.seeds = len(active)
    team_id = settings.team_account_id or x.me_id
    try:
        async with db.session() as session:
            lists = await active_lists(session, guild_id=guild_id)
        await _sync_lists(db, x, lists, report, moment)
        async with db.session() as session:
            seed_ids = {seed.account_id for seed in active}
            list_seeds = {
                account_id: support
                for account_id, support in (await list_seed_weights(session, guild_id=guild_id)).items()
                if account_id not in seed_ids
            }
        if active or list_seeds:
            await _refresh_graph(db, x, active, list_seeds, team_id, settings, report, moment)
            data = await _rank_input(db, active, list_seeds, team_id, settings, moment)
            report.candidates = len(
                {account for follows in data.seed_following.values() for account in follows} - data.exclude
            )
            # Ranking is pure CPU work: off the event loop, so the bot keeps answering Discord meanwhile. The
            # shortlist needs the top few dozen, so rank the top RANK_FIRST (0.6 s instead of 6 s for 200 seeds x
            # 5000 follows) and everything only if the cheap checks drop nearly all of them.
            ranked = await asyncio.to_thread(rank_candidates, data, k=RANK_FIRST)
            wanted = settings.digest_size * SHORTLIST_FACTOR
            shortlist = await _screen(db, ranked, settings, report, moment, wanted=wanted)
            if len(shortlist) < wanted and len(ranked) == RANK_FIRST:
                everything = await asyncio.to_thread(rank_candidates, data, k=None)
                more = await _screen(
                    db, everything[RANK_FIRST:], settings, report, moment, wanted=wanted - len(shortlist)
                )
                shortlist += more
            report.shortlisted = len(shortlist)
            measured = await _measure(db, x, shortlist, settings, report, moment)
            chosen = [candidate for candidate in measured if _passes(candidate)][: settings.digest_size]
            report.screened_out.update(_activity_reasons(measured, chosen))
            await _suggest(db, chosen, active, list_seeds, lists, settings, writer, day=day, now=moment)
            report.suggested = len(chosen)
    except XError as error:
        report.errors.append(error.message)
        log.warning("discovery for guild %s stopped: %s", guild_id, error.message)
    finally:
        await _finish(db, report, ledger_mark=int(ledger_mark or 0))
    log.info(
        "discovery for guild %s: %d candidates, %d shortlisted, %d suggested, $%.3f, %s",
        guild_id,
        report.candidates,
        report.shortlisted,
        report.suggested,
        report.cost_dollars,
        report.outcome,
    )
    return report


async def _refresh_graph(
    db: Database,
    x: SocialNetwork,
    active: list[Seed],
    list_seeds: dict[str, tuple[float, str]],
    team_id: str | None,
    settings: GuildSettings,
    report: DiscoveryReport,
    now: datetime,
) -> None:
    """One lookup batch for fresh counts, then only the crawls those counts call for. List members come last:
    when the budget runs short, the team's own seeds have been refreshed first."""
    ids = [seed.account_id for seed in active] + ([team_id] if team_id else []) + list(list_seeds)
    lookup = await x.lookup_accounts(ids)
    async with db.session() as session, session.begin():
        await upsert_accounts(session, lookup.found)
    fresh = {account.id: account for account in lookup.found}
    for missing in lookup.unavailable:
        report.errors.append(f"seed {missing.key} is {missing.reason.replace('_', ' ')} on X; it was skipped")
    full_every = timedelta(days=settings.full_crawl_days)
    for seed in active:
        account = fresh.get(seed.account_id)
        if account is None or account.protected:
            continue
        result = await _crawl_within_budget(
            db, x, account.id, CrawlDirection.FOLLOWING, account.following_count, full_every, report, now
        )
        if result is None:
            return
    if team_id and team_id in fresh:
        team = fresh[team_id]
        directions: tuple[tuple[CrawlDirection, int], ...] = (
            (CrawlDirection.FOLLOWING, team.following_count),
            (CrawlDirection.FOLLOWERS, team.followers_count),
        )
        for direction, count in directions:
            if await _crawl_within_budget(db, x, team_id, direction, count, full_every, report, now) is None:
                return
    await _crawl_list_members(db, x, [fresh[i] for i in list_seeds if i in fresh], full_every, report, now)


async def _crawl_list_members(
    db: Database,
    x: SocialNetwork,
    members: list[NetworkAccount],
    full_every: timedelta,
    report: DiscoveryReport,
    now: datetime,
) -> None:
    """Refresh the List members already crawled; start a few new ones per run, smallest following lists first
    (a member's first crawl costs $0.01 per account it follows, so a big List is covered over several days)."""
    async with db.session() as session:
        crawled = await fully_crawled(session, [member.id for member in members])
    fresh_starts = sorted(
        (
            m
            for m in members
            if m.id not in crawled and not m.protected and m.following_count <= LIST_MEMBER_MAX_FOLLOWING
        ),
        key=lambda member: member.following_count,
    )[:LIST_MEMBER_CRAWLS_PER_RUN]
    for member in [m for m in members if m.id in crawled and not m.protected] + fresh_starts:
        result = await _crawl_within_budget(
            db, x, member.id, CrawlDirection.FOLLOWING, member.following_count, full_every, report, now
        )
        if result is None:
            return


async def _sync_lists(
    db: Database, x: SocialNetwork, lists: list[XList], report: DiscoveryReport, now: datetime
) -> None:
    """Keep List membership as X has it (daily): members removed on X stop counting and are never re-added."""
    for row in lists:
        if row.members_synced_at is not None and now - row.members_synced_at < MEMBER_SYNC_EVERY:
            continue
        try:
            await sync_members(db, x, row, now=now)
        except BudgetExhausted:
            raise
        except XError as error:
            report.errors.append(f"List {row.name}: {error.message}")


async def _crawl_within_budget(
    db: Database,
    x: SocialNetwork,
    account_id: str,
    direction: CrawlDirection,
    count: int,
    full_every: timedelta,
    report: DiscoveryReport,
    now: datetime,
) -> CrawlReport | None:
    result = await crawl(
        db,
        x,
        account_id=account_id,
        direction=direction,
        reported_count=count,
        full_every=full_every,
        now=now,  # type: ignore[arg-type]
    )
    report.crawls.append(result)
    if result.error:
        report.errors.append(result.error)
        if "budget" in result.error.lower():
            return None  # go on with what is stored; the crawl resumes on the next run
    return result


async def _rank_input(
    db: Database,
    active: list[Seed],
    list_seeds: dict[str, tuple[float, str]],
    team_id: str | None,
    settings: GuildSettings,
    now: datetime,
) -> RankInput:
    weights = {account_id: weight for account_id, (weight, _) in list_seeds.items()}
    weights.update({seed.account_id: seed.weight for seed in active})
    async with db.session() as session:
        return await load_rank_input(
            session,
            guild_id=settings.guild_id,
            seed_weights=weights,
            team_id=team_id,
            resting_since=now - timedelta(days=settings.suggestion_cooldown_days),
        )


async def _screen(
    db: Database,
    ranked: list[RankedCandidate],
    settings: GuildSettings,
    report: DiscoveryReport,
    now: datetime,
    *,
    wanted: int,
) -> list[Candidate]:
    """Cheap checks on the snapshots already stored, in rank order, until the shortlist is full."""
    thresholds = CheckThresholds(silence_days=settings.silence_days)
    shortlist: list[Candidate] = []
    async with db.session() as session:
        for start in range(0, len(ranked), 500):
            batch = ranked[start : start + 500]
            rows = await session.exec(select(Account).where(col(Account.id).in_([r.account for r in batch])))
            accounts = {row.id: account_from_row(row) for row in rows.all()}
            for candidate in batch:
                account = accounts.get(candidate.account)
                if account is None:
                    continue
                verdict = check_account(account, now=now, thresholds=thresholds)
                if not verdict.keep:
                    report.screened_out.update(verdict.reasons[:1])
                    continue
                shortlist.append(Candidate(ranked=candidate, account=account, check=verdict))
                if len(shortlist) >= wanted:
                    return shortlist
    return shortlist


async def _measure(
    db: Database,
    x: SocialNetwork,
    shortlist: list[Candidate],
    settings: GuildSettings,
    report: DiscoveryReport,
    now: datetime,
) -> list[Candidate]:
    """Recent posts for the shortlist only (reusing what was read lately), then the activity metrics."""
    thresholds = ActivityThresholds(
        min_posts_per_week=settings.min_posts_per_week,
        min_reply_share=settings.min_reply_share,
        max_days_since_last_post=float(settings.silence_days),
    )
    gate = asyncio.Semaphore(TIMELINE_CONCURRENCY)
    budget_gone = asyncio.Event()

    async def measure(candidate: Candidate) -> Candidate | None:
        async with gate:
            if budget_gone.is_set():
                return None
            try:
                posts = await _recent_posts(db, x, candidate.account.id, now=now)
            except BudgetExhausted as error:
                budget_gone.set()
                report.errors.append(error.message)
                return None
            except XError as error:
                report.errors.append(f"@{candidate.account.handle}: {error.message}")
                return None
        activity = measure_activity(
            candidate.account.id, posts, now=now, thresholds=thresholds, handle=candidate.account.handle
        )
        return Candidate(candidate.ranked, candidate.account, candidate.check, activity, posts)

    results = await asyncio.gather(*(measure(candidate) for candidate in shortlist))
    return [result for result in results if result is not None]


async def _recent_posts(db: Database, x: SocialNetwork, account_id: str, *, now: datetime) -> tuple[NetworkPost, ...]:
    async with db.session() as session:
        stored = (
            await session.exec(
                select(Post).where(Post.author_id == account_id).order_by(col(Post.id).desc()).limit(POSTS_PER_ACCOUNT)
            )
        ).all()
    newest_fetch = max((row.fetched_at for row in stored), default=None)
    if newest_fetch is not None and now - newest_fetch < POSTS_FRESH_FOR:
        return tuple(post_from_row(row) for row in stored)
    # Posts we already hold are not bought again: ask only for what came after the newest one.
    since_id = stored[0].id if stored else None
    fetched = await x.recent_posts(account_id, limit=POSTS_PER_ACCOUNT, since_id=since_id)
    async with db.session() as session, session.begin():
        await upsert_posts(session, fetched, fetched_at=now)
        if not fetched and stored:
            # Nothing new: mark the stored posts as checked now, so they are not asked for again today.
            for row in stored:
                row.fetched_at = now
                session.add(row)
    merged = {post.id: post for post in (post_from_row(row) for row in stored)}
    merged.update({post.id: post for post in fetched})
    newest_first = sorted(merged.values(), key=lambda post: int(post.id), reverse=True)
    return tuple(newest_first[:POSTS_PER_ACCOUNT])


def _passes(candidate: Candidate) -> bool:
    return candidate.activity is not None and candidate.activity.active and candidate.activity.conversational


def _activity_reasons(measured: list[Candidate], chosen: list[Candidate]) -> Counter[str]:
    reasons: Counter[str] = Counter()
    for candidate in measured:
        if candidate in chosen or candidate.activity is None:
            continue
        if not candidate.activity.active:
            reasons["not_active"] += 1
        elif not candidate.activity.conversational:
            reasons["not_conversational"] += 1
    return reasons


async def _suggest(
    db: Database,
    chosen: list[Candidate],
    active: list[Seed],
    list_seeds: dict[str, tuple[float, str]],
    lists: list[XList],
    settings: GuildSettings,
    writer: OpenerWriter,
    *,
    day: date,
    now: datetime,
) -> None:
    handles = {seed.account_id: seed.handle for seed in active}

    async def openers_for(candidate: Candidate) -> list[dict[str, object]]:
        context = OpenerContext(
            account=candidate.account,
            posts=candidate.posts,
            shared_seed_handles=[handles[s] for s in candidate.ranked.followed_by if s in handles],
            topics=settings.topics,
        )
        return [asdict(opener) for opener in await writer.write(context, now=now)]

    openers = await asyncio.gather(*(openers_for(candidate) for candidate in chosen))
    profiles = [profile(row) for row in lists]
    matches = [match_lists(candidate.account, candidate.posts, profiles) for candidate in chosen]
    async with db.session() as session, session.begin():
        # A run later the same day replaces the day's suggestions (the digest is built from the newest run).
        stale = delete(Suggestion).where(
            col(Suggestion.guild_id) == settings.guild_id, col(Suggestion.digest_day) == day
        )
        await session.exec(stale)  # type: ignore[call-overload]
        for position, (candidate, drafted, fit) in enumerate(zip(chosen, openers, matches, strict=True), start=1):
            assert candidate.activity is not None
            session.add(
                Suggestion(
                    guild_id=settings.guild_id,
                    digest_day=day,
                    account_id=candidate.account.id,
                    position=position,
                    score=candidate.ranked.score,
                    followed_by=list(candidate.ranked.followed_by),
                    follows_team=candidate.ranked.follows_team,
                    explanation=explain_support(candidate.ranked, handles, list_seeds),
                    check=_jsonable(asdict(candidate.check)),
                    activity=_jsonable(asdict(candidate.activity)),
                    openers=drafted,
                    created_at=now,
                    suggested_list_id=fit.list_id if fit else None,
                    list_match=list(fit.matched) if fit else [],
                )
            )
            state = await session.get(GuildAccount, (settings.guild_id, candidate.account.id))
            state = state or GuildAccount(guild_id=settings.guild_id, account_id=candidate.account.id)
            state.last_suggested_at = now
            session.add(state)


def explain_support(
    candidate: RankedCandidate, seed_handles: dict[str, str], list_seeds: dict[str, tuple[float, str]]
) -> str:
    """ "followed by @a, @b and 3 more of your seeds; by 4 members of Rust Berlin"."""
    seeds_part = RankedCandidate(
        account=candidate.account,
        score=candidate.score,
        followed_by=tuple(s for s in candidate.followed_by if s in seed_handles),
        follows_team=False,
    )
    parts = [explain(seeds_part, seed_handles)] if seeds_part.followed_by else []
    by_list = Counter(list_seeds[s][1] for s in candidate.followed_by if s in list_seeds and s not in seed_handles)
    for name, count in by_list.most_common():
        parts.append(f"{'followed ' if not parts else ''}by {plural(count):member} of {name}")
    return "; ".join(parts)


def _jsonable(value: dict[str, object]) -> dict[str, object]:
    """Datetimes as ISO text, tuples as lists: what a JSON column can hold."""

    def convert(item: object) -> object:
        if isinstance(item, datetime):
            return item.isoformat()
        if isinstance(item, (tuple, list)):
            return [convert(element) for element in item]
        if isinstance(item, dict):
            return {str(key): convert(element) for key, element in item.items()}
        return item

    return {key: convert(item) for key, item in value.items()}


async def _finish(db: Database, report: DiscoveryReport, *, ledger_mark: int) -> None:
    async with db.session() as session, session.begin():
        spent = (
            await session.exec(
                select(func.coalesce(func.sum(ApiCall.cost_micros), 0)).where(
                    ApiCall.guild_id == report.guild_id, col(ApiCall.id) > ledger_mark
                )
            )
        ).one()
        report.cost_dollars = int(spent) / 1_000_000
        run = await session.get(DiscoveryRun, report.run_id)
        if run is None:
            return
        run.finished_at = utcnow()
        run.outcome = report.outcome
        run.cost_micros = int(spent)
        run.seeds_crawled = sum(1 for crawl_report in report.crawls if crawl_report.pages)
        run.candidates = report.candidates
        run.screened_out = dict(report.screened_out)
        run.shortlisted = report.shortlisted
        run.suggested = report.suggested
        run.errors = report.errors[:20]
        session.add(run)
