"""What the ranker sees, read from the database: the seeds' following lists, follower counts, the team's
followers, and every account the team must not be shown (seeds, its own followings, dismissed, followed,
resting after a recent suggestion, protected)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import col, select

from bot.discovery.rank import RankInput
from bot.models import Account, FollowEdge, GuildAccount

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    from sqlmodel.ext.asyncio.session import AsyncSession

# Ids per IN (...) query: well under SQLite's and asyncpg's parameter limits.
ID_BATCH = 5000


async def load_rank_input(
    session: AsyncSession,
    *,
    guild_id: int,
    seed_weights: Mapping[str, float],
    team_id: str | None,
    resting_since: datetime,
) -> RankInput:
    """The ranker's input for one team; only the seeds' out-edges and the team's own lists are read."""
    seed_ids = list(seed_weights)
    edges = (
        await session.exec(
            select(FollowEdge.follower_id, FollowEdge.followee_id).where(col(FollowEdge.follower_id).in_(seed_ids))
        )
    ).all()
    seed_following: dict[str, list[str]] = {seed_id: [] for seed_id in seed_ids}
    for follower, followee in edges:
        seed_following[follower].append(followee)
    candidate_ids = list({followee for _, followee in edges})
    counts: dict[str, int] = {}
    protected: set[str] = set()
    for start in range(0, len(candidate_ids), ID_BATCH):
        rows = await session.exec(
            select(Account.id, Account.followers_count, Account.protected).where(
                col(Account.id).in_(candidate_ids[start : start + ID_BATCH])
            )
        )
        for account_id, followers, is_protected in rows.all():
            counts[account_id] = followers
            if is_protected:
                protected.add(account_id)
    team_followers: set[str] = set()
    team_following: set[str] = set()
    if team_id:
        team_followers = set(
            (await session.exec(select(FollowEdge.follower_id).where(FollowEdge.followee_id == team_id))).all()
        )
        team_following = set(
            (await session.exec(select(FollowEdge.followee_id).where(FollowEdge.follower_id == team_id))).all()
        )
    decided = set(
        (
            await session.exec(
                select(GuildAccount.account_id).where(
                    GuildAccount.guild_id == guild_id,
                    col(GuildAccount.dismissed_at).is_not(None)
                    | col(GuildAccount.followed_at).is_not(None)
                    | (col(GuildAccount.last_suggested_at) >= resting_since),
                )
            )
        ).all()
    )
    exclude = frozenset(seed_ids) | team_following | decided | protected | ({team_id} if team_id else set())
    return RankInput(
        seed_following=seed_following,
        seed_weights=dict(seed_weights),
        followers_count=counts,
        team_followers=frozenset(team_followers),
        exclude=exclude,
    )
