"""The ledger of X calls (`ApiCall` rows, written by the governor): what was spent, asked one way everywhere.

The governor's daily cap, the digest header, /settings budget, /settings status and a discovery run's cost all
read it through `spent`, so "what did we spend" has one definition: the sum of ``cost_micros`` of the calls that match.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import TYPE_CHECKING

from sqlmodel import col, func, select

from bot.models import ApiCall

if TYPE_CHECKING:
    from datetime import date

    from sqlalchemy import ColumnElement
    from sqlmodel.ext.asyncio.session import AsyncSession

MICROS_PER_DOLLAR = 1_000_000


def dollars(micros: int) -> float:
    """Micro-dollars (the ledger's unit) as dollars."""
    return micros / MICROS_PER_DOLLAR


def start_of_day(day: date) -> datetime:
    """Midnight UTC of ``day``: the ledger's days (and X's billing days) are UTC days."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def _matching(*, guild_id: int | None, since: datetime | None, after_call: int | None) -> list[ColumnElement[bool]]:
    """The filters of a ledger question; one left None is not applied."""
    filters: list[ColumnElement[bool]] = []
    if since is not None:
        filters.append(col(ApiCall.at) >= since)
    if guild_id is not None:
        filters.append(col(ApiCall.guild_id) == guild_id)
    if after_call is not None:
        filters.append(col(ApiCall.id) > after_call)
    return filters


async def spent(
    session: AsyncSession,
    *,
    guild_id: int | None = None,
    since: datetime | None = None,
    after_call: int | None = None,
) -> int:
    """Micro-dollars spent on the calls recorded at or after ``since`` (an aware datetime), by one team
    (``guild_id``; None: every team and the bot's own calls), after the ledger row ``after_call`` (see
    `last_call`). Each filter left None is not applied."""
    filters = _matching(guild_id=guild_id, since=since, after_call=after_call)
    total = (await session.exec(select(func.coalesce(func.sum(ApiCall.cost_micros), 0)).where(*filters))).one()
    return int(total or 0)


async def spent_by_endpoint(
    session: AsyncSession, *, guild_id: int | None = None, since: datetime | None = None
) -> dict[str, int]:
    """The same sum as `spent`, per endpoint key ("GET /2/users/:id/following"), largest first; endpoints that
    cost nothing are left out."""
    filters = _matching(guild_id=guild_id, since=since, after_call=None)
    query = select(ApiCall.endpoint, func.sum(ApiCall.cost_micros)).where(*filters).group_by(col(ApiCall.endpoint))
    rows = (await session.exec(query)).all()
    costs = {endpoint: int(micros or 0) for endpoint, micros in rows if micros}
    return dict(sorted(costs.items(), key=lambda item: -item[1]))


async def last_call(session: AsyncSession) -> int:
    """The newest ledger row's id (0 when the ledger is empty): a mark to count the spend of what follows."""
    return int((await session.exec(select(func.coalesce(func.max(ApiCall.id), 0)))).one() or 0)
