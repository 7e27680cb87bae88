"""Seeds: the accounts a team already knows, likes and trusts. Their following lists are the raw material."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC
from typing import TYPE_CHECKING

from sqlmodel import col, func, select

from bot import ledger
from bot.costs import CrawlEstimate, first_crawl
from bot.errors import CirclebotError, InvalidHandle, ProtectedAccount, SuspendedAccount, UnknownAccount
from bot.inputs import parse_handle, split_handles
from bot.models import Seed, utcnow
from bot.storage import upsert_accounts

if TYPE_CHECKING:
    from datetime import datetime

    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.config import Settings
    from bot.networks.base import SocialNetwork

log = logging.getLogger(__name__)

MAX_SEEDS_PER_GUILD = 200
MAX_HANDLES_PER_CALL = 100
MIN_WEIGHT, MAX_WEIGHT = 0.1, 10.0


class SeedLimitReached(CirclebotError):
    def __init__(self, limit: int, active: int, asked: int) -> None:
        super().__init__(
            f"A team can have at most {limit} seeds: you have {active} and asked for {asked} more. "
            "Remove some with /seed remove first."
        )


class TooManyHandles(CirclebotError):
    def __init__(self, count: int) -> None:
        super().__init__(f"That is {count} handles; add at most {MAX_HANDLES_PER_CALL} at a time.")


class NotASeed(CirclebotError):
    def __init__(self, handle: str) -> None:
        super().__init__(f"@{handle} is not one of your seeds.")


class InvalidWeight(CirclebotError):
    def __init__(self, weight: float) -> None:
        super().__init__(f"A trust weight must be between {MIN_WEIGHT} and {MAX_WEIGHT}; {weight} is not.")


@dataclass(frozen=True)
class Refusal:
    entry: str
    reason: str


@dataclass(frozen=True)
class SeedAddResult:
    added: list[Seed] = field(default_factory=list)
    already: list[Seed] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    first_crawl: CrawlEstimate | None = None
    """What reading the added seeds' following lists costs, and how much of it fits today (with ``settings``)."""


async def active_seeds(session: AsyncSession, *, guild_id: int) -> list[Seed]:
    rows = await session.exec(
        select(Seed).where(Seed.guild_id == guild_id, col(Seed.removed_at).is_(None)).order_by(col(Seed.handle))
    )
    return list(rows.all())


async def add(
    session: AsyncSession,
    network: SocialNetwork,
    *,
    guild_id: int,
    raw: str,
    added_by: int | None,
    weight: float = 1.0,
    settings: Settings | None = None,
    now: datetime | None = None,
) -> SeedAddResult:
    """Add every handle in ``raw``; refuse, with the reason, those that can't be seeds. X is asked first,
    the database written after, so nothing is half-written when X fails. With ``settings`` (prices and the
    daily cap), the result also tells what the new seeds' first crawl costs (`bot.costs.first_crawl`), against
    what was spent on the UTC day of ``now`` (default: the wall clock)."""
    if not MIN_WEIGHT <= weight <= MAX_WEIGHT:
        raise InvalidWeight(weight)
    entries = split_handles(raw)
    if len(entries) > MAX_HANDLES_PER_CALL:
        raise TooManyHandles(len(entries))
    refused: list[Refusal] = []
    handles: dict[str, str] = {}  # lower-case handle -> what was typed
    for entry in entries:
        try:
            handles.setdefault(parse_handle(entry).lower(), entry)
        except InvalidHandle as error:
            refused.append(Refusal(entry, error.message))
    if not handles:
        return SeedAddResult(refused=refused)

    existing = {seed.handle.lower(): seed for seed in await _all_seeds(session, guild_id=guild_id)}
    already = [existing[h] for h in handles if h in existing and existing[h].removed_at is None]
    wanted = [h for h in handles if h not in existing or existing[h].removed_at is not None]
    active = sum(1 for seed in existing.values() if seed.removed_at is None)
    if active + len(wanted) > MAX_SEEDS_PER_GUILD:
        raise SeedLimitReached(MAX_SEEDS_PER_GUILD, active, len(wanted))
    if not wanted:
        return SeedAddResult(already=already, refused=refused)

    # As typed: X's own emulator matches names case-sensitively (X itself does not).
    lookup = await network.resolve_handles([parse_handle(handles[handle]) for handle in wanted])
    for missing in lookup.unavailable:
        entry = handles.get(missing.key.lower(), missing.key)
        error = SuspendedAccount(missing.key) if missing.reason == "suspended" else UnknownAccount(missing.key)
        refused.append(Refusal(entry, error.message))

    by_account = {seed.account_id: seed for seed in existing.values()}
    added: list[Seed] = []
    usable = []
    for account in lookup.found:
        entry = handles.get(account.handle.lower(), account.handle)
        if account.protected:
            refused.append(Refusal(entry, ProtectedAccount(account.handle).message))
            continue
        usable.append(account)
        previous = by_account.get(account.id)
        if previous is not None and previous.removed_at is None:
            previous.handle = account.handle  # the seed renamed itself on X
            session.add(previous)
            already.append(previous)
            continue
        seed = previous or Seed(guild_id=guild_id, account_id=account.id, handle=account.handle)
        seed.handle, seed.weight = account.handle, weight
        seed.removed_at, seed.added_by, seed.added_at = None, added_by, utcnow()
        session.add(seed)
        added.append(seed)
    await upsert_accounts(session, usable)
    await session.flush()
    log.info("guild %s added seeds %s", guild_id, [seed.handle for seed in added])
    estimate = None
    if settings is not None and added:
        new_ids = {seed.account_id for seed in added}
        spent_today = ledger.dollars(
            await ledger.spent(session, since=ledger.start_of_day((now or utcnow()).astimezone(UTC).date()))
        )
        estimate = first_crawl(
            [account for account in usable if account.id in new_ids],
            settings=settings,
            spent_today_dollars=spent_today,
            owned_id=network.me_id,
        )
    return SeedAddResult(added=added, already=already, refused=refused, first_crawl=estimate)


async def remove(session: AsyncSession, *, guild_id: int, raw: str) -> Seed:
    """Stop a seed's influence; its history (edges, past suggestions) stays."""
    seed = await _find(session, guild_id=guild_id, raw=raw)
    seed.removed_at = utcnow()
    session.add(seed)
    log.info("guild %s removed seed %s", guild_id, seed.handle)
    return seed


async def set_weight(session: AsyncSession, *, guild_id: int, raw: str, weight: float) -> Seed:
    if not MIN_WEIGHT <= weight <= MAX_WEIGHT:
        raise InvalidWeight(weight)
    seed = await _find(session, guild_id=guild_id, raw=raw)
    seed.weight = weight
    session.add(seed)
    log.info("guild %s set seed %s weight to %s", guild_id, seed.handle, weight)
    return seed


async def count_active(session: AsyncSession, *, guild_id: int) -> int:
    total = await session.exec(
        select(func.count()).select_from(Seed).where(Seed.guild_id == guild_id, col(Seed.removed_at).is_(None))
    )
    return int(total.one())


async def _find(session: AsyncSession, *, guild_id: int, raw: str) -> Seed:
    handle = parse_handle(raw)
    rows = await session.exec(
        select(Seed).where(
            Seed.guild_id == guild_id, func.lower(Seed.handle) == handle.lower(), col(Seed.removed_at).is_(None)
        )
    )
    seed = rows.first()
    if seed is None:
        raise NotASeed(handle)
    return seed


async def _all_seeds(session: AsyncSession, *, guild_id: int) -> list[Seed]:
    return list((await session.exec(select(Seed).where(Seed.guild_id == guild_id))).all())
