from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlmodel import select

from bot.models import Account, FollowEdge, Post
from bot.networks.base import NetworkAccount, NetworkPost
from bot.snowflake import snowflake_to_datetime
from bot.storage import newest_posts, record_edges, upsert_accounts, upsert_posts

if TYPE_CHECKING:
    from bot.db import Database

SEEN = datetime(2026, 11, 1, tzinfo=UTC)


async def test_upsert_accounts_keeps_the_newest_snapshot(db: Database) -> None:
    async with db.session() as session, session.begin():
        await upsert_accounts(session, [NetworkAccount(id="1", handle="old", followers_count=5)])
    async with db.session() as session, session.begin():
        await upsert_accounts(
            session, [NetworkAccount(id="1", handle="new", followers_count=7), NetworkAccount(id="2", handle="b")]
        )
    async with db.session() as session:
        accounts = {a.id: a for a in (await session.exec(select(Account))).all()}
    assert accounts["1"].handle == "new" and accounts["1"].followers_count == 7
    assert set(accounts) == {"1", "2"}


async def test_record_edges_keeps_the_first_sighting(db: Database) -> None:
    async with db.session() as session, session.begin():
        await record_edges(session, [("a", "b"), ("a", "c"), ("a", "b")], seen_at=SEEN)
    async with db.session() as session, session.begin():
        await record_edges(session, [("a", "b")], seen_at=SEEN + timedelta(days=3))
    async with db.session() as session:
        edges = {(e.follower_id, e.followee_id): e for e in (await session.exec(select(FollowEdge))).all()}
    assert set(edges) == {("a", "b"), ("a", "c")}
    assert edges[("a", "b")].first_seen_at == SEEN
    assert edges[("a", "b")].last_seen_at == SEEN + timedelta(days=3)


async def test_upsert_many_rows_in_chunks(db: Database) -> None:
    pairs = [("seed", str(n)) for n in range(2_345)]
    async with db.session() as session, session.begin():
        await record_edges(session, pairs, seen_at=SEEN)
    async with db.session() as session:
        assert len((await session.exec(select(FollowEdge))).all()) == 2_345


async def test_upsert_posts_refreshes_metrics_and_keeps_mentions(db: Database) -> None:
    post = NetworkPost(id="9", author_id="1", text="hi @b 👋", created_at=SEEN, mention_ids=("2",), like_count=1)
    async with db.session() as session, session.begin():
        await upsert_posts(session, [post])
    async with db.session() as session, session.begin():
        await upsert_posts(
            session,
            [replace(post, like_count=4)],
        )
    async with db.session() as session:
        stored = (await session.exec(select(Post))).one()
    assert stored.like_count == 4 and stored.mention_ids == ["2"] and stored.text == "hi @b 👋"


# Across the 18 -> 19 digit boundary (mid-2018): as text, the 2017 id sorts after the 2024 one.
OLD_2017 = "870067366917046272"
NEW_2024 = "1796693139256246272"
NEWER_2024 = "1796693139256246273"


async def test_newest_posts_orders_ids_by_their_number(db: Database) -> None:
    ids = [OLD_2017, NEWER_2024, "999999999999999999", NEW_2024]
    posts = [NetworkPost(id=i, author_id="1", text="", created_at=snowflake_to_datetime(i)) for i in ids]
    async with db.session() as session, session.begin():
        await upsert_posts(session, posts)
    async with db.session() as session:
        newest = await newest_posts(session, author_id="1", limit=2)
        every = await newest_posts(session, author_id="1", limit=10)
    assert [post.id for post in newest] == [NEWER_2024, NEW_2024], "limit keeps the newest rows"
    assert [post.id for post in every] == [NEWER_2024, NEW_2024, "999999999999999999", OLD_2017]
