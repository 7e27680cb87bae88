"""What tracking costs a team, for /settings budget: its share of the X spend this week, and how it reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlmodel import col, func, select

from bot.models import TrackingRun

if TYPE_CHECKING:
    from datetime import datetime

    from sqlmodel.ext.asyncio.session import AsyncSession


@dataclass(frozen=True)
class TrackingCost:
    week_dollars: float  # the last 7 days
    runs: int
    posts_read: int
    accounts_read: int
    paid_reads: bool  # the last run read the team's own data at the public price (no user token)


async def tracking_cost(session: AsyncSession, *, guild_id: int, now: datetime) -> TrackingCost | None:
    """Tracking's spend over the 7 days before ``now``; None when the team was never tracked."""
    since = now - timedelta(days=7)
    total = (
        await session.exec(
            select(
                func.count(),
                func.coalesce(func.sum(TrackingRun.cost_micros), 0),
                func.coalesce(func.sum(TrackingRun.posts_read), 0),
                func.coalesce(func.sum(TrackingRun.accounts_read), 0),
            ).where(TrackingRun.guild_id == guild_id, col(TrackingRun.at) >= since)
        )
    ).one()
    last = (
        await session.exec(
            select(TrackingRun.paid_reads)
            .where(TrackingRun.guild_id == guild_id)
            .order_by(col(TrackingRun.at).desc())
            .limit(1)
        )
    ).first()
    if last is None:
        return None
    runs, micros, posts, accounts = total
    return TrackingCost(
        week_dollars=int(micros) / 1_000_000,
        runs=int(runs),
        posts_read=int(posts),
        accounts_read=int(accounts),
        paid_reads=bool(last),
    )


def render_tracking_cost(cost: TrackingCost) -> str:
    """One line for /settings budget."""
    how = (
        "paid reads: no user token, so the team's own posts cost $0.005 and accounts $0.01 each"
        if cost.paid_reads
        else "owned reads with the team's token, $0.001 each"
    )
    how += "; others' quotes of its posts $0.005 each; its following and followers read whole once a week (unfollows)"
    return (
        f"**Tracking what came of it:** ${cost.week_dollars:.2f} in the last 7 days ({cost.runs} runs, "
        f"{cost.posts_read} posts and {cost.accounts_read} accounts read; {how})"
    )
