"""What reading X will cost, told before it happens: a new seed's first crawl, and the team account's reads.

X bills pay-per-use: each account returned by a following read costs ``X_PRICE_USER`` ($0.010), or
``X_PRICE_OWNED_READ`` ($0.001) when it is the team's own account read with its own access token; each resource
once per UTC day (X's pricing page, quoted in the shared NOTES). The crawler reads a following list 1,000 per
page and resumes from the stored cursor, so a crawl larger than what the daily cap leaves goes on the next days.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.formats import md, plural
from bot.models import Account, GuildSettings
from bot.storage import account_from_row

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.config import Settings
    from bot.networks.base import NetworkAccount


@dataclass(frozen=True, slots=True)
class CrawlEstimate:
    """The first crawl of some accounts' following lists, in dollars and days."""

    accounts: int  # following entries to read: the sum of the following counts X reports
    dollars: float  # at most (an account followed by two seeds is billed once a day)
    fits_today_dollars: float  # what the daily cap leaves today
    daily_cap_dollars: float

    @property
    def days(self) -> int:
        """Days until every list is read: today, then a full cap a day (nothing else spent)."""
        rest = self.dollars - self.fits_today_dollars
        if rest <= 0:
            return 1
        return 1 + (math.ceil(rest / self.daily_cap_dollars) if self.daily_cap_dollars > 0 else 0)

    @property
    def words(self) -> str:
        """E.g. "Their first crawl reads up to 9,800 accounts: up to $98.00. $25.00 of it fits under today's cap;
        the rest is read over the next 3 days (the cap renews at 00:00 UTC)."""
        head = f"Their first crawl reads up to {plural(self.accounts):account,}: up to ${self.dollars:.2f}."
        if self.dollars <= self.fits_today_dollars:
            return f"{head} It fits under today's cap (${self.fits_today_dollars:.2f} left)."
        if self.daily_cap_dollars <= 0:
            return f"{head} DAILY_SPEND_CAP is $0, so nothing will be read until it is raised."
        later = self.days - 1
        return (
            f"{head} ${self.fits_today_dollars:.2f} of it fits under today's cap; the rest is read over the next "
            f"{plural(later):day} (the cap of ${self.daily_cap_dollars:.2f} renews at 00:00 UTC; raise "
            "DAILY_SPEND_CAP to go faster)."
        )


def first_crawl(
    accounts: Sequence[NetworkAccount], *, settings: Settings, spent_today_dollars: float, owned_id: str | None
) -> CrawlEstimate:
    """The cost of reading every following list of ``accounts`` once, from the counts X reported.

    ``owned_id``: the account the access token belongs to (its own lists are owned reads)."""
    dollars = 0.0
    total = 0
    for account in accounts:
        price = settings.x_price_owned_read if account.id == owned_id else settings.x_price_user
        total += account.following_count
        dollars += account.following_count * price
    cap = settings.daily_spend_cap
    return CrawlEstimate(
        accounts=total,
        dollars=round(dollars, 2),
        fits_today_dollars=round(max(0.0, cap - spent_today_dollars), 2),
        daily_cap_dollars=cap,
    )


@dataclass(frozen=True, slots=True)
class TeamReads:
    """How the team account's following and followers are read, and what that costs per full read."""

    handle: str | None
    owned: bool  # the access token is the team account's: owned reads
    entries: int  # following + followers
    dollars: float  # one full read at the price that applies
    owned_dollars: float  # the same read as owned reads
    hidden: bool = False  # protected, and not the access token's: X shows its lists only to the account itself

    @property
    def words(self) -> str:
        """One line of Discord markdown (the handle escaped once: "_dave_" would show as an italic "dave")."""
        handle = md(self.handle) if self.handle is not None else None
        if handle is None:
            return (
                "Team account: not known. Set /settings team_account (or X_ACCESS_TOKEN) so the accounts your "
                "team already follows are never suggested."
            )
        if self.hidden:
            return (
                f"Team account @{handle} is protected: X shows whom it follows only to the account itself, so "
                "Circlebot can't read it and may suggest accounts your team already follows. Set its X_ACCESS_TOKEN "
                "(and the other X_ values) to read them as owned reads."
            )
        entries = f"{plural(self.entries):following/follower entry|following/follower entries,}"
        if self.owned:
            return f"Team account @{handle}: its {entries} are owned reads, ${self.dollars:.2f} a full read."
        return (
            f"Team account @{handle}: its {entries} are paid reads, "
            f"${self.dollars:.2f} a full read (${self.owned_dollars:.2f} as owned reads with its own X_ACCESS_TOKEN)."
        )


def team_reads(account: NetworkAccount | None, *, settings: Settings, owned_id: str | None) -> TeamReads:
    """What reading the team account's following and followers costs, owned or paid."""
    if account is None:
        return TeamReads(handle=None, owned=False, entries=0, dollars=0.0, owned_dollars=0.0)
    entries = account.following_count + account.followers_count
    owned = account.id == owned_id
    price = settings.x_price_owned_read if owned else settings.x_price_user
    return TeamReads(
        handle=account.handle,
        owned=owned,
        entries=entries,
        dollars=round(entries * price, 2),
        owned_dollars=round(entries * settings.x_price_owned_read, 2),
        hidden=account.protected and not owned,
    )


async def team_reads_of(session: AsyncSession, *, guild_id: int, settings: Settings, owned_id: str | None) -> TeamReads:
    """`team_reads` for a team: its account is the access token's, else the one /settings team_account set."""
    team = await session.get(GuildSettings, guild_id)
    account_id = owned_id or (team.team_account_id if team else None)
    row = await session.get(Account, account_id) if account_id else None
    return team_reads(account_from_row(row) if row else None, settings=settings, owned_id=owned_id)
