"""What the ranker sees, read from the database: the seeds' following lists, follower counts, the team's
followers, and every account the team must not be shown (seeds, its own followings, dismissed, followed,
resting after a recent suggestion, protected).

200 seeds following 5,000 accounts each are a million edges and ~700,000 candidates, read on every run. Read
row by row, most of the time goes to making a million result rows in Python, not to the database. So each list
comes back as *one* string per seed, joined by the database (``group_concat`` / ``string_agg``) and split in C by
``str.split``; the candidates' counts likewise, as ``id, count, id, count, ...``. A separator that somehow
occurs inside an id is noticed (the pieces don't add up) and that read falls back to plain rows.
"""

from __future__ import annotations

from itertools import compress
from typing import TYPE_CHECKING

from sqlalchemy import String, case, cast
from sqlmodel import col, func, select

from bot.discovery.rank import RankInput
from bot.models import Account, FollowEdge, GuildAccount

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from datetime import datetime

    from sqlalchemy import ColumnElement
    from sqlalchemy.orm import Mapped
    from sqlmodel.ext.asyncio.session import AsyncSession

# Ids per IN (...) query: well under SQLite's and asyncpg's parameter limits.
ID_BATCH = 5000
# Joins the values the database concatenates; X ids are digits, so the unit separator never occurs in one.
SEPARATOR = "\x1f"
# Reading the whole account table in order beats looking candidates up one by one (a B-tree descent each) as
# long as the table holds at most this many accounts per candidate: measured on SQLite with 700,000 candidates,
# a scan reads ~0.3 µs per account and a lookup ~1.5 µs per candidate.
SCAN_WHEN_TABLE_WITHIN = 4


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
    seed_following = await _seed_following(session, seed_ids)
    candidate_ids = set().union(*seed_following.values())
    counts, protected = await _counts_and_protected(session, candidate_ids)
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


def _joined(values: ColumnElement[str] | Mapped[str]) -> ColumnElement[str]:
    return func.aggregate_strings(values, SEPARATOR)  # group_concat on SQLite, string_agg on PostgreSQL


def _split(joined: str | None) -> list[str]:
    return joined.split(SEPARATOR) if joined else []


async def _seed_following(session: AsyncSession, seed_ids: Sequence[str]) -> dict[str, list[str]]:
    """Each seed's stored following list, one joined string per seed."""
    seed_following: dict[str, list[str]] = {seed_id: [] for seed_id in seed_ids}
    if not seed_ids:
        return seed_following
    rows = await session.exec(
        select(FollowEdge.follower_id, func.count(), _joined(col(FollowEdge.followee_id)))
        .where(col(FollowEdge.follower_id).in_(seed_ids))
        .group_by(col(FollowEdge.follower_id))
    )
    for follower, edges, joined in rows.all():
        followees = _split(joined)
        if len(followees) != edges:  # a separator inside an id: read this list row by row
            query = select(FollowEdge.followee_id).where(FollowEdge.follower_id == follower)
            followees = list((await session.exec(query)).all())
        seed_following[follower] = followees
    return seed_following


async def _counts_and_protected(session: AsyncSession, candidate_ids: set[str]) -> tuple[dict[str, int], set[str]]:
    """Follower counts of the candidates, and which of them are protected."""
    if not candidate_ids:
        return {}, set()
    table_size = int((await session.exec(select(func.count()).select_from(Account))).one())
    if table_size <= SCAN_WHEN_TABLE_WITHIN * len(candidate_ids):
        read = await _account_numbers(session, None, keep=candidate_ids)
        if read is not None:
            return read
    counts: dict[str, int] = {}
    protected: set[str] = set()
    ids = list(candidate_ids)
    for start in range(0, len(ids), ID_BATCH):
        batch = ids[start : start + ID_BATCH]
        read = await _account_numbers(session, batch)
        if read is None:
            read = await _account_rows(session, batch)
        counts.update(read[0])
        protected |= read[1]
    return counts, protected


async def _account_numbers(
    session: AsyncSession, account_ids: Sequence[str] | None, *, keep: set[str] | None = None
) -> tuple[dict[str, int], set[str]] | None:
    """(counts, protected) of the given accounts, or of the stored accounts in ``keep`` when ``account_ids`` is
    None (a scan), read as two joined strings; None when the pieces don't add up (a separator inside an id)."""
    pairs = col(Account.id) + SEPARATOR + cast(col(Account.followers_count), String)
    query = select(func.count(), _joined(pairs), _joined(case((col(Account.protected), col(Account.id)))))
    if account_ids is not None:
        query = query.where(col(Account.id).in_(account_ids))
    rows, joined_pairs, joined_protected = (await session.exec(query)).one()
    pieces = _split(joined_pairs)
    if len(pieces) != 2 * rows:
        return None
    ids = pieces[0::2]
    pairs_read = zip(ids, map(int, pieces[1::2]), strict=True)
    protected = set(_split(joined_protected))
    if keep is None:
        return dict(pairs_read), protected
    # One pass that stays in C (compress, map, set lookups): a comprehension over 700,000 ids costs more than
    # the scan itself.
    return dict(compress(pairs_read, map(keep.__contains__, ids))), protected & keep


async def _account_rows(session: AsyncSession, account_ids: Sequence[str]) -> tuple[dict[str, int], set[str]]:
    rows = await session.exec(
        select(Account.id, Account.followers_count, Account.protected).where(col(Account.id).in_(account_ids))
    )
    counts: dict[str, int] = {}
    protected: set[str] = set()
    for account_id, followers, is_protected in rows.all():
        counts[account_id] = followers
        if is_protected:
            protected.add(account_id)
    return counts, protected
