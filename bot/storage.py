"""Bulk writes of what X returned: account snapshots, follow edges, posts. Portable upserts (SQLite, PostgreSQL)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, case, func, null
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select

from bot.models import Account, FollowEdge, Post, utcnow
from bot.networks.base import NetworkAccount, NetworkPost

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from datetime import datetime

    from sqlmodel import SQLModel
    from sqlmodel.ext.asyncio.session import AsyncSession


# Rows per executemany: their parameters are processed on the event loop, so 250 at a time keeps each step
# short (1000 held the loop for 50–90 ms); a crawled page of 1000 accounts takes four.
CHUNK = 250


async def upsert(
    session: AsyncSession,
    model: type[SQLModel],
    rows: Sequence[dict[str, Any]],
    *,
    keys: Sequence[str],
    update: Sequence[str],
    computed: Callable[[Any, Any], dict[str, Any]] | None = None,
) -> None:
    """Insert rows, or update the ``update`` columns of rows whose ``keys`` already exist (with no ``update``
    columns, leave them as they are). ``computed(excluded, table)`` gives SQL expressions for other columns."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = model.__table__  # type: ignore[attr-defined]
    # One single-row statement executed for many parameter sets, not one statement with every row in VALUES:
    # SQLAlchemy compiles a multi-row VALUES anew for each call (the rows are part of the statement), which cost
    # far more than the database's work; the single-row statement compiles once and stays cached, and the
    # drivers' executemany (sqlite3's, asyncpg's pipelined one) sends the rows.
    statement = insert(table)
    if update:
        values = {name: statement.excluded[name] for name in update}
        values.update(computed(statement.excluded, table) if computed else {})
        statement = statement.on_conflict_do_update(index_elements=list(keys), set_=values)
    else:
        statement = statement.on_conflict_do_nothing(index_elements=list(keys))
    for start in range(0, len(rows), CHUNK):
        await session.exec(statement, params=list(rows[start : start + CHUNK]))  # type: ignore[call-overload]


def _account_row(account: NetworkAccount, fetched_at: datetime) -> dict[str, Any]:
    return {
        "id": account.id,
        "handle": account.handle,
        "name": account.name[:100],
        "bio": account.bio[:1000],
        "location": account.location[:200],
        "url": account.url[:500],
        "profile_image_url": account.profile_image_url[:500],
        "followers_count": account.followers_count,
        "following_count": account.following_count,
        "post_count": account.post_count,
        "listed_count": account.listed_count,
        "created_at": account.created_at,
        "most_recent_post_id": account.most_recent_post_id,
        "most_recent_post_at": account.most_recent_post_at,
        "posted_since": account.posted_since,
        "protected": account.protected,
        "verified": account.verified,
        "fetched_at": fetched_at,
    }


_LAST_POST = ("most_recent_post_id", "most_recent_post_at", "posted_since")
_COUNTS = ("followers_count", "following_count", "post_count", "listed_count")


def _last_post(excluded: Any, table: Any) -> dict[str, Any]:
    """A snapshot without a last-post id (X's post vocabulary sends none) keeps what was known, unless the post
    count grew since the stored read: then the account posted after that read, so its time (with no id) is the
    new lower bound (a free activity signal; `bot.discovery.checks.last_post_signal`)."""
    no_id = excluded.most_recent_post_id.is_(None)
    grew = and_(no_id, excluded.post_count > table.c.post_count)
    return {
        # A stale id says less than the growth does: it is dropped then.
        "most_recent_post_id": case(
            (grew, null()), else_=func.coalesce(excluded.most_recent_post_id, table.c.most_recent_post_id)
        ),
        "most_recent_post_at": case(
            (grew, null()), else_=func.coalesce(excluded.most_recent_post_at, table.c.most_recent_post_at)
        ),
        "posted_since": case((grew, table.c.fetched_at), (no_id, table.c.posted_since), else_=null()),
    }


async def upsert_accounts(session: AsyncSession, accounts: Iterable[NetworkAccount]) -> None:
    """Store the newest snapshot of each account (last-post signals as `_last_post` says).

    A snapshot without counts (``counts_known`` False) keeps the stored counts: taking its zeros would make the
    next real count look like post-count growth, a false "posted since" signal."""
    now = utcnow()
    latest = {account.id: account for account in accounts}
    for known in (True, False):
        rows = [_account_row(account, now) for account in latest.values() if account.counts_known is known]
        if not rows:
            continue
        kept = ("id", *_LAST_POST, *(() if known else _COUNTS))
        columns = [name for name in rows[0] if name not in kept]
        await upsert(session, Account, rows, keys=["id"], update=columns, computed=_last_post)


async def record_edges(
    session: AsyncSession, pairs: Iterable[tuple[str, str]], *, seen_at: datetime | None = None
) -> None:
    """Record that each (follower, followee) pair was seen now; keep when it was first seen."""
    moment = seen_at or utcnow()
    rows = [
        {"follower_id": follower, "followee_id": followee, "first_seen_at": moment, "last_seen_at": moment}
        for follower, followee in dict.fromkeys(pairs)
    ]
    await upsert(session, FollowEdge, rows, keys=["follower_id", "followee_id"], update=["last_seen_at"])


def _post_row(post: NetworkPost, fetched_at: datetime) -> dict[str, Any]:
    return {
        "id": post.id,
        "author_id": post.author_id,
        "text": post.text[:4000],
        "created_at": post.created_at,
        "conversation_id": post.conversation_id,
        "in_reply_to_account_id": post.in_reply_to_account_id,
        "replied_to_post_id": post.replied_to_post_id,
        "quoted_post_id": post.quoted_post_id,
        "reposted_post_id": post.reposted_post_id,
        "mention_ids": list(post.mention_ids),
        "mention_handles": list(post.mention_handles),
        "like_count": post.like_count,
        "reply_count": post.reply_count,
        "repost_count": post.repost_count,
        "quote_count": post.quote_count,
        "lang": post.lang,
        "fetched_at": fetched_at,
    }


async def upsert_posts(
    session: AsyncSession, posts: Iterable[NetworkPost], *, fetched_at: datetime | None = None
) -> None:
    """Store posts; ``fetched_at`` is when they were read (the run's clock, so "read recently" agrees with it)."""
    now = fetched_at or utcnow()
    rows = list({post.id: _post_row(post, now) for post in posts}.values())
    metrics = ["like_count", "reply_count", "repost_count", "quote_count", "fetched_at"]
    await upsert(session, Post, rows, keys=["id"], update=metrics)


def newest_first(column: Any) -> tuple[Any, Any]:
    """ORDER BY terms that sort X ids (decimal strings) by their number, newest first, on every database.

    Ids are stored as text, and text order is wrong across a change of length: ``'870067366917046272'`` (2017,
    18 digits) sorts after ``'1796693139256246272'`` (2024, 19 digits). Snowflakes have no leading zeros, so the
    longer id is the larger: length first, then text, is numeric order (and needs no cast that a stray
    non-numeric id could break)."""
    return func.length(column).desc(), column.desc()


async def newest_posts(session: AsyncSession, *, author_id: str, limit: int) -> list[Post]:
    """The account's ``limit`` newest stored posts by id (X's ids grow with time), newest first."""
    rows = await session.exec(
        select(Post).where(Post.author_id == author_id).order_by(*newest_first(col(Post.id))).limit(limit)
    )
    return list(rows.all())


def account_from_row(row: Account) -> NetworkAccount:
    """The stored snapshot as the domain sees accounts."""
    return NetworkAccount(
        id=row.id,
        handle=row.handle,
        name=row.name,
        bio=row.bio,
        location=row.location,
        url=row.url,
        profile_image_url=row.profile_image_url,
        followers_count=row.followers_count,
        following_count=row.following_count,
        post_count=row.post_count,
        listed_count=row.listed_count,
        created_at=row.created_at,
        most_recent_post_id=row.most_recent_post_id,
        most_recent_post_at=row.most_recent_post_at,
        posted_since=row.posted_since,
        protected=row.protected,
        verified=row.verified,
    )


def post_from_row(row: Post) -> NetworkPost:
    return NetworkPost(
        id=row.id,
        author_id=row.author_id,
        text=row.text,
        created_at=row.created_at,
        conversation_id=row.conversation_id,
        in_reply_to_account_id=row.in_reply_to_account_id,
        replied_to_post_id=row.replied_to_post_id,
        quoted_post_id=row.quoted_post_id,
        reposted_post_id=row.reposted_post_id,
        mention_ids=tuple(row.mention_ids),
        mention_handles=tuple(row.mention_handles),
        like_count=row.like_count,
        reply_count=row.reply_count,
        repost_count=row.repost_count,
        quote_count=row.quote_count,
        lang=row.lang,
    )
