"""One discovery run for one team: Lists → seeds → crawl → rank → cheap checks → timelines for a shortlist →
metrics → openers → the day's suggestions. Every network call goes through the governor; the cheap steps come
first so that timelines (the costly reads) are fetched only for the few accounts that can still make the digest.

The run sits above bot/discovery and bot/lists (List members are extra seeds, and suggestions name the List an
account fits), so neither of those packages imports the other.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlmodel import col, delete, select

from bot import ledger
from bot.discovery import seeds as seed_service
from bot.discovery.activity import ActivityMetrics, ActivityThresholds, measure_activity
from bot.discovery.candidates import load_rank_input
from bot.discovery.checks import CheckResult, CheckThresholds, check_account
from bot.discovery.crawl import CrawlReport, crawl, fully_crawled
from bot.discovery.rank import RankedCandidate, RankInput, explain, rank_candidates
from bot.errors import BudgetExhausted, XError, XNoData
from bot.formats import plural
from bot.lists.matching import match_lists
from bot.lists.service import MEMBER_SYNC_EVERY, active_lists, list_seed_weights, profile, sync_members
from bot.models import (
    Account,
    CrawlDirection,
    DiscoveryRun,
    GuildAccount,
    GuildSettings,
    Seed,
    SentMessage,
    Suggestion,
    XList,
    utcnow,
)
from bot.openers import OpenerContext, OpenerWriter, template_openers
from bot.openers.templates import TemplateUse
from bot.openers.tone import sensitive_conversations, unwelcome_account
from bot.storage import account_from_row, newest_posts, post_from_row, upsert_accounts, upsert_posts
from bot.team import get_settings, team_account_id

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from sqlmodel.ext.asyncio.session import AsyncSession

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
    screened_reasons: dict[str, str] = field(default_factory=dict)
    """Account id -> why it was screened out after its timeline was read ("hostile: 3 of 4 recent posts …")."""
    shortlisted: int = 0
    suggested: int = 0
    cost_dollars: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def outcome(self) -> str:
        if not self.errors:
            return "ok"
        return "partial" if self.suggested else "failed"


class Discovery:
    """One run for one team: the database, the network (its spend recorded against the team), the team's
    settings, the report being filled in, and the run's moment. Each step is a method reading and writing
    these, in the order `run` calls them."""

    def __init__(
        self, db: Database, network: SocialNetwork, *, guild_id: int, writer: OpenerWriter, now: datetime, day: date
    ) -> None:
        self.db = db
        self.network = network.for_guild(guild_id)
        self.writer = writer
        self.now = now
        self.day = day
        self.report = DiscoveryReport(guild_id=guild_id)
        self.settings = GuildSettings(guild_id=guild_id)
        self.seeds: list[Seed] = []
        self.lists: list[XList] = []
        self.list_seeds: dict[str, tuple[float, str]] = {}  # List members as extra seeds: id -> (weight, List)
        self.team_id: str | None = None
        self._ledger_mark = 0

    async def run(self) -> DiscoveryReport:
        """Lists → seeds → crawl → rank → cheap checks → timelines → metrics → openers → suggestions. A network
        failure (the budget running out included) ends the run with what it has; the report says why."""
        await self.start()
        try:
            await self.sync_lists()
            await self.load_list_seeds()
            if self.seeds or self.list_seeds:
                await self.refresh_graph()
                data = await self.rank_input()
                shortlist = await self.shortlist(data)
                measured = await self.measure(shortlist)
                chosen = await self.choose(measured)
                await self.suggest(chosen)
        except XError as failure:
            self.report.errors.append(failure.message)
            log.warning("discovery for guild %s stopped: %s", self.report.guild_id, failure.message)
        finally:
            await self.finish()
        report = self.report
        log.info(
            "discovery for guild %s: %d candidates, %d shortlisted, %d suggested, $%.3f, %s",
            report.guild_id,
            report.candidates,
            report.shortlisted,
            report.suggested,
            report.cost_dollars,
            report.outcome,
        )
        return report

    async def start(self) -> None:
        """Read the team's settings and seeds, open the run's row, and mark the ledger: the run's spend is what
        the ledger records after this mark, whatever clock the governor keeps."""
        guild_id = self.report.guild_id
        async with self.db.session() as session, session.begin():
            self.settings = await get_settings(session, guild_id)
            self.seeds = await seed_service.active_seeds(session, guild_id=guild_id)
            run = DiscoveryRun(guild_id=guild_id, started_at=self.now)
            session.add(run)
            await session.flush()
            self.report.run_id = run.id
            self._ledger_mark = await ledger.last_call(session)
        self.report.seeds = len(self.seeds)
        self.team_id = team_account_id(self.settings, self.network)

    async def sync_lists(self) -> None:
        """Keep List membership as the network has it (daily): members removed there stop counting and are
        never re-added. A List that can't be read is reported and skipped; the budget running out ends the run."""
        async with self.db.session() as session:
            self.lists = await active_lists(session, guild_id=self.report.guild_id)
        for row in self.lists:
            if row.members_synced_at is not None and self.now - row.members_synced_at < MEMBER_SYNC_EVERY:
                continue
            try:
                await sync_members(self.db, self.network, row, now=self.now)
            except BudgetExhausted:
                raise
            except XError as error:
                self.report.errors.append(f"List {row.name}: {error.message}")

    async def load_list_seeds(self) -> None:
        """The members of the team's Lists that count as seeds (the team's own seeds keep their own weight)."""
        async with self.db.session() as session:
            weights = await list_seed_weights(session, guild_id=self.report.guild_id)
        seed_ids = {seed.account_id for seed in self.seeds}
        self.list_seeds = {account_id: support for account_id, support in weights.items() if account_id not in seed_ids}

    async def refresh_graph(self) -> None:
        """One lookup batch for fresh counts, then only the crawls those counts call for. List members come
        last: when the budget runs short, the team's own seeds have been refreshed first."""
        team_id = self.team_id
        ids = [seed.account_id for seed in self.seeds] + ([team_id] if team_id else []) + list(self.list_seeds)
        try:
            lookup = await self.network.lookup_accounts(ids)
        except XNoData as error:
            # X could not answer (not "these accounts are gone"): rank on the stored graph, crawl nothing today.
            self.report.errors.append(f"{error.message} Today's suggestions come from the follow lists already read.")
            return
        async with self.db.session() as session, session.begin():
            await upsert_accounts(session, lookup.found)
        fresh = {account.id: account for account in lookup.found}
        for missing in lookup.unavailable:
            self.report.errors.append(f"seed {missing.key} is {missing.reason.replace('_', ' ')} on X; it was skipped")
        for seed in self.seeds:
            account = fresh.get(seed.account_id)
            if account is None or account.protected:
                continue
            if not await self.crawl(account.id, CrawlDirection.FOLLOWING, account.following_count):
                return
        # A protected team account shows whom it follows only to itself (its own access token): read with the
        # app token X would refuse it every run. /settings budget says so; the team is still never suggested.
        readable_team = team_id in fresh and (not fresh[team_id].protected or team_id == self.network.me_id)
        if team_id and readable_team:
            team = fresh[team_id]
            directions = (
                (CrawlDirection.FOLLOWING, team.following_count),
                (CrawlDirection.FOLLOWERS, team.followers_count),
            )
            for direction, count in directions:
                if not await self.crawl(team_id, direction, count):
                    return
        await self.crawl_list_members([fresh[i] for i in self.list_seeds if i in fresh])

    async def crawl_list_members(self, members: list[NetworkAccount]) -> None:
        """Refresh the List members already crawled; start a few new ones per run, smallest following lists
        first (a member's first crawl costs $0.01 per account it follows, so a big List is covered over several
        days)."""
        async with self.db.session() as session:
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
            if not await self.crawl(member.id, CrawlDirection.FOLLOWING, member.following_count):
                return

    async def crawl(self, account_id: str, direction: CrawlDirection, count: int) -> bool:
        """Crawl one list; False when the budget ran out (go on with what is stored: the crawl resumes on the
        next run). Any other failure is reported and the run goes on with the next account."""
        result = await crawl(
            self.db,
            self.network,
            account_id=account_id,
            direction=direction,
            reported_count=count,
            full_every=timedelta(days=self.settings.full_crawl_days),
            now=self.now,
        )
        self.report.crawls.append(result)
        if result.failure is not None:
            self.report.errors.append(result.failure.message)
        return not isinstance(result.failure, BudgetExhausted)

    async def rank_input(self) -> RankInput:
        """The follow graph around the team's seeds and List members, as stored."""
        weights = {account_id: weight for account_id, (weight, _) in self.list_seeds.items()}
        weights.update({seed.account_id: seed.weight for seed in self.seeds})
        async with self.db.session() as session:
            data = await load_rank_input(
                session,
                guild_id=self.report.guild_id,
                seed_weights=weights,
                team_id=self.team_id,
                resting_since=self.now - timedelta(days=self.settings.suggestion_cooldown_days),
            )
        self.report.candidates = len(
            {account for follows in data.seed_following.values() for account in follows} - data.exclude
        )
        return data

    async def shortlist(self, data: RankInput) -> list[Candidate]:
        """Rank, then the cheap checks in rank order until the shortlist is full.

        Ranking is pure CPU work: off the event loop, so the bot keeps answering Discord meanwhile. The shortlist
        needs the top few dozen, so rank the top RANK_FIRST (0.6 s instead of 6 s for 200 seeds x 5000 follows)
        and everything only if the cheap checks drop nearly all of them."""
        ranked = await asyncio.to_thread(rank_candidates, data, k=RANK_FIRST)
        wanted = self.settings.digest_size * SHORTLIST_FACTOR
        shortlist = await self.screen(ranked, wanted=wanted)
        if len(shortlist) < wanted and len(ranked) == RANK_FIRST:
            everything = await asyncio.to_thread(rank_candidates, data, k=None)
            shortlist += await self.screen(everything[RANK_FIRST:], wanted=wanted - len(shortlist))
        self.report.shortlisted = len(shortlist)
        return shortlist

    async def screen(self, ranked: list[RankedCandidate], *, wanted: int) -> list[Candidate]:
        """Cheap checks on the snapshots already stored, in rank order, until ``wanted`` accounts passed."""
        thresholds = CheckThresholds(silence_days=self.settings.silence_days)
        shortlist: list[Candidate] = []
        async with self.db.session() as session:
            for start in range(0, len(ranked), 500):
                batch = ranked[start : start + 500]
                rows = await session.exec(select(Account).where(col(Account.id).in_([r.account for r in batch])))
                accounts = {row.id: account_from_row(row) for row in rows.all()}
                for candidate in batch:
                    account = accounts.get(candidate.account)
                    if account is None:
                        continue
                    verdict = check_account(account, now=self.now, thresholds=thresholds)
                    if not verdict.keep:
                        self.report.screened_out.update(verdict.reasons[:1])
                        continue
                    shortlist.append(Candidate(ranked=candidate, account=account, check=verdict))
                    if len(shortlist) >= wanted:
                        return shortlist
        return shortlist

    async def measure(self, shortlist: list[Candidate]) -> list[Candidate]:
        """Recent posts for the shortlist only (reusing what was read lately), then the activity metrics. Once
        the budget runs out no further timeline is asked for; the accounts measured so far still count."""
        thresholds = ActivityThresholds(
            min_posts_per_week=self.settings.min_posts_per_week,
            min_reply_share=self.settings.min_reply_share,
            max_days_since_last_post=float(self.settings.silence_days),
        )
        gate = asyncio.Semaphore(TIMELINE_CONCURRENCY)
        budget_gone = asyncio.Event()

        async def measure(candidate: Candidate) -> Candidate | None:
            async with gate:
                if budget_gone.is_set():
                    return None
                try:
                    posts = await self.recent_posts(candidate.account.id)
                except BudgetExhausted as error:
                    budget_gone.set()
                    self.report.errors.append(error.message)
                    return None
                except XError as error:
                    self.report.errors.append(f"@{candidate.account.handle}: {error.message}")
                    return None
            activity = measure_activity(
                candidate.account.id, posts, now=self.now, thresholds=thresholds, handle=candidate.account.handle
            )
            return Candidate(candidate.ranked, candidate.account, candidate.check, activity, posts)

        results = await asyncio.gather(*(measure(candidate) for candidate in shortlist))
        return [result for result in results if result is not None]

    async def recent_posts(self, account_id: str) -> tuple[NetworkPost, ...]:
        """The account's newest posts (up to POSTS_PER_ACCOUNT, newest first), read again only when the stored
        ones are older than POSTS_FRESH_FOR, and then only those after the newest stored one."""
        now = self.now
        async with self.db.session() as session:
            stored = await newest_posts(session, author_id=account_id, limit=POSTS_PER_ACCOUNT)
        newest_fetch = max((row.fetched_at for row in stored), default=None)
        if newest_fetch is not None and now - newest_fetch < POSTS_FRESH_FOR:
            return tuple(post_from_row(row) for row in stored)
        # Posts we already hold are not bought again: ask only for what came after the newest one.
        since_id = stored[0].id if stored else None
        fetched = await self.network.recent_posts(account_id, limit=POSTS_PER_ACCOUNT, since_id=since_id)
        async with self.db.session() as session, session.begin():
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

    async def choose(self, measured: list[Candidate]) -> list[Candidate]:
        """The day's accounts: the active, conversational ones that are not openly hostile, sexual or spam, best
        ranked first, at most the digest size. Their posts are scored by classifiers: CPU work, off the event loop."""
        passing = [candidate for candidate in measured if _passes(candidate)]
        unwelcome = await asyncio.to_thread(_unwelcome, passing)
        for account, (kind, why) in unwelcome.items():
            self.report.screened_out[kind] += 1
            self.report.screened_reasons[account] = f"{kind.replace('_', ' ')}: {why}"
        chosen = [candidate for candidate in passing if candidate.account.id not in unwelcome][
            : self.settings.digest_size
        ]
        self.report.screened_out.update(_activity_reasons(measured, chosen))
        return chosen

    async def suggest(self, chosen: list[Candidate]) -> None:
        """Draft openers and pick a fitting List for each chosen account, then store them as the suggestions of
        the run's day (replacing an earlier run's of the same day)."""
        settings, now, day = self.settings, self.now, self.day
        handles = {seed.account_id: seed.handle for seed in self.seeds}
        contexts = await asyncio.to_thread(
            opener_contexts, chosen, handles=handles, topics=settings.topics, language=settings.language
        )
        used = TemplateUse()  # one day's digest: no template twice while another fits
        # Templates read every post with the language models (CPU work): off the event loop, in digest order so
        # the day's template rotation is the same on every run; then the LLM, if any, rewords them concurrently.
        drafted = await asyncio.to_thread(lambda: [template_openers(c, now=now, used=used) for c in contexts])
        improved = await asyncio.gather(*(self.writer.improve(c, t) for c, t in zip(contexts, drafted, strict=True)))
        openers = [[asdict(opener) for opener in group] for group in improved]
        profiles = [profile(row) for row in self.lists]
        matches = [match_lists(candidate.account, candidate.posts, profiles) for candidate in chosen]
        async with self.db.session() as session, session.begin():
            # A run later the same day (completing a digest cut short) replaces the day's suggestions not posted
            # yet; those already posted stay as they are (their messages carry reactions and decisions) and are not
            # added again, and the new ones come after them. An entry whose message was claimed (maybe sent, not
            # yet recorded) is kept too: its resume finds it.
            day_rows = (
                await session.exec(
                    select(Suggestion.id, Suggestion.account_id, Suggestion.position, Suggestion.message_id).where(
                        Suggestion.guild_id == settings.guild_id, Suggestion.digest_day == day
                    )
                )
            ).all()
            keys = [f"digest-entry:{row[0]}" for row in day_rows]
            claimed = set((await session.exec(select(SentMessage.key).where(col(SentMessage.key).in_(keys)))).all())
            kept = [row for row in day_rows if row[3] is not None or f"digest-entry:{row[0]}" in claimed]
            stale = delete(Suggestion).where(
                col(Suggestion.guild_id) == settings.guild_id,
                col(Suggestion.digest_day) == day,
                col(Suggestion.id).not_in([row[0] for row in kept]),
            )
            await session.exec(stale)  # type: ignore[call-overload]
            shown = {row[1] for row in kept}
            fresh = [
                (candidate, drafted, fit)
                for candidate, drafted, fit in zip(chosen, openers, matches, strict=True)
                if candidate.account.id not in shown
            ][: max(0, settings.digest_size - len(kept))]
            first = max((row[2] for row in kept), default=0) + 1
            for position, (candidate, drafted, fit) in enumerate(fresh, start=first):
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
                        explanation=explain_support(candidate.ranked, handles, self.list_seeds),
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
        self.report.suggested = len(chosen)

    async def finish(self) -> None:
        """Close the run's row with its figures and its cost (the ledger's sum since the run's mark)."""
        report = self.report
        async with self.db.session() as session, session.begin():
            spent = await ledger.spent(session, guild_id=report.guild_id, after_call=self._ledger_mark)
            report.cost_dollars = ledger.dollars(spent)
            run = await session.get(DiscoveryRun, report.run_id)
            if run is None:
                return
            run.finished_at = utcnow()
            run.outcome = report.outcome
            run.cost_micros = spent
            run.seeds_crawled = sum(1 for crawl_report in report.crawls if crawl_report.pages)
            run.candidates = report.candidates
            run.screened_out = dict(report.screened_out)
            run.screened_reasons = dict(report.screened_reasons)
            run.shortlisted = report.shortlisted
            run.suggested = report.suggested
            run.errors = report.errors[:20]
            session.add(run)


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
    (the team's local date; UTC's by default). ``now``: the run's moment (aware; the current time by default)."""
    moment = now or utcnow()
    return await Discovery(db, network, guild_id=guild_id, writer=writer, now=moment, day=day or moment.date()).run()


async def screened_reasons(session: AsyncSession, *, guild_id: int) -> list[tuple[str, str]]:
    """Why the team's latest finished run screened accounts out after reading their timelines: ``(handle,
    reason)`` pairs, handles as stored (the id when the account is unknown), e.g. ``("grim", "hostile: 3 of 4
    recent posts hostile: says “delete your account”")``. Empty before any run."""
    run = (
        await session.exec(
            select(DiscoveryRun)
            .where(DiscoveryRun.guild_id == guild_id, col(DiscoveryRun.finished_at).is_not(None))
            .order_by(col(DiscoveryRun.id).desc())
            .limit(1)
        )
    ).first()
    if run is None or not run.screened_reasons:
        return []
    rows = await session.exec(select(Account.id, Account.handle).where(col(Account.id).in_(run.screened_reasons)))
    handles = dict(rows.all())
    return sorted((handles.get(account, account), reason) for account, reason in run.screened_reasons.items())


def opener_contexts(
    chosen: Sequence[Candidate], *, handles: Mapping[str, str], topics: Sequence[str], language: str
) -> list[OpenerContext]:
    """One `OpenerContext` per chosen account, in order. ``handles`` maps seed account ids to handles.

    The day's posts are read together, as ``python -m bot openers`` does: a conversation in which any of them
    speaks of a death or an attack, or carries a hashtag several of them use for a tragedy
    (`bot.openers.tone.sensitive_conversations`), is no place for a cheerful reply, whoever's post it is. CPU work
    (the tone lexicon): call it off the event loop."""
    day_posts = [post for candidate in chosen for post in candidate.posts]
    known_posts = {post.id: post for post in day_posts}
    sensitive_threads = sensitive_conversations(day_posts)
    return [
        OpenerContext(
            account=candidate.account,
            posts=candidate.posts,
            shared_seed_handles=[handles[s] for s in candidate.ranked.followed_by if s in handles],
            topics=topics,
            follows_team=candidate.ranked.follows_team,
            language=language,
            known_posts=known_posts,
            sensitive_threads=sensitive_threads,
        )
        for candidate in chosen
    ]


def _passes(candidate: Candidate) -> bool:
    return candidate.activity is not None and candidate.activity.active and candidate.activity.conversational


def _unwelcome(candidates: list[Candidate]) -> dict[str, tuple[str, str]]:
    """Accounts whose recent posts are mostly hostile, sexual content or spam
    (:func:`bot.openers.tone.unwelcome_account`), with the reason code and the reason: the digest counts them
    ("screened out: 2 hostile, 1 spam") like bots, and the run keeps each reason (``DiscoveryRun.screened_reasons``,
    shown by :func:`screened_reasons`)."""
    reasons: dict[str, tuple[str, str]] = {}
    for candidate in candidates:
        if (unwelcome := unwelcome_account(candidate.posts, candidate.account.id)) is not None:
            reasons[candidate.account.id] = unwelcome
            log.info("screened out @%s as %s: %s", candidate.account.handle, *unwelcome)
    return reasons


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
