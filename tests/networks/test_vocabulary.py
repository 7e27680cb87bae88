"""Both of X's vocabularies: read in either spelling, spoken per endpoint, learned from X's 400."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlmodel import select

from bot.discovery.checks import check_account
from bot.models import Account
from bot.networks.base import NetworkAccount, NetworkPost
from bot.networks.vocabulary import Vocabularies, normalise_post, normalise_user, refused_names
from bot.networks.x import parse_account, parse_post
from bot.storage import upsert_accounts
from tests.networks.helpers import x_network, x_settings

if TYPE_CHECKING:
    import pytest

    from bot.clock import FakeClock
    from bot.db import Database
    from bot.networks.x import XNetwork
    from bot.sandbox.server import SandboxServer

USER_READ = "GET /2/users/:id/following"
TIMELINE = "GET /2/users/:id/tweets"


def test_both_spellings_are_read_and_the_current_one_wins() -> None:
    legacy = {"id": "1", "most_recent_tweet_id": "11", "public_metrics": {"tweet_count": 5}}
    current = {"id": "1", "most_recent_post_id": "12", "public_metrics": {"post_count": 6}}
    both = {**legacy, **current, "public_metrics": {"tweet_count": 5, "post_count": 6}}
    assert normalise_user(legacy) == {"id": "1", "most_recent_post_id": "11", "public_metrics": {"post_count": 5}}
    assert normalise_user(both) == current
    post = normalise_post(
        {
            "id": "9",
            "referenced_tweets": [{"type": "quoted", "id": "1"}],
            "referenced_posts": [{"type": "replied_to", "id": "2"}],
            "public_metrics": {"retweet_count": 3, "repost_count": 4},
            "edit_history_tweet_ids": ["9"],
        }
    )
    assert post["referenced_posts"] == [{"type": "replied_to", "id": "2"}]
    assert post["public_metrics"] == {"repost_count": 4}
    assert post["edit_history_post_ids"] == ["9"]
    account = parse_account({"id": "1", "username": "a", "most_recent_tweet_id": "1796693139256246272"})
    assert account.most_recent_post_at is not None
    assert (
        parse_post({"id": "1796693139256246272", "text": "x", "public_metrics": {"repost_count": 7}}).repost_count == 7
    )


def test_refused_names_are_the_first_item_x_names() -> None:
    sandbox_style = {
        "errors": [
            {
                "parameters": {"user.fields": ["created_at,most_recent_tweet_id"]},
                "message": "The `user.fields` query parameter value [most_recent_tweet_id] is not one of [a,b]",
            }
        ],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
    }
    assert refused_names(sandbox_style) == {"most_recent_tweet_id"}
    assert refused_names({"detail": "invalid value 'most_recent_tweet_id'"}) == {"most_recent_tweet_id"}
    unknown_parameter = {"errors": [{"message": "The query parameter [post.fields] is not one of [tweet.fields]"}]}
    assert refused_names(unknown_parameter) == {"post.fields"}
    book = Vocabularies("tweet")
    assert book.learn(USER_READ, "tweet", {"detail": "The `max_results` query parameter value [0] is bad"}) is None
    assert book.of(USER_READ) == "tweet"


async def test_a_post_vocabulary_x_is_learned_once_per_endpoint(
    x: XNetwork, sandbox: SandboxServer, caplog: pytest.LogCaptureFixture
) -> None:
    """X's emulator under spec 2.167 refuses every user read that names most_recent_tweet_id: the client
    switches that endpoint to the post vocabulary (logged once, shown in the status) instead of failing."""
    world = sandbox.world
    world.vocabulary = "post"
    caplog.set_level(logging.WARNING, logger="bot.networks.vocabulary")
    seed = world.seed_ids[0]
    first = await x.following(seed, page_size=20)
    second = await x.following(seed, cursor=first.next_cursor, page_size=20)
    assert len(first.items) == len(second.items) == 20
    assert all(account.most_recent_post_id is None for account in first.items), "2.167 sends no last-post id"
    assert any(account.post_count for account in first.items), "post_count is read"
    refused = [r for r in sandbox.requests_to(USER_READ) if r.status == 400]
    assert len(refused) == 1, "one 400 taught the endpoint; the next page went straight to the post vocabulary"
    assert "most_recent_tweet_id" in refused[0].params["user.fields"]
    switches = [record for record in caplog.records if USER_READ in record.getMessage()]
    assert len(switches) == 1
    status = {entry.endpoint: entry for entry in x.vocabularies.status()}
    assert status[USER_READ].vocabulary == "post"
    assert status[USER_READ].learned_from == "most_recent_tweet_id"
    # Another client for another team shares what was learned.
    assert x.for_guild(5).vocabularies.of(USER_READ) == "post"


async def test_timelines_read_the_same_in_every_vocabulary(
    sandbox: SandboxServer, sqlite_db: Database, clock: FakeClock
) -> None:
    world = sandbox.world
    account = next(u for u in world.following[world.seed_ids[0]] if len(world.posts_of(u)) > 30)
    read: dict[str, tuple[NetworkPost, ...]] = {}
    for vocabulary in ("tweet", "post", "mixed"):
        world.vocabulary = vocabulary
        async with x_network(x_settings(sandbox.base_url), sqlite_db, clock) as network:
            read[vocabulary] = await network.recent_posts(account, limit=30)
            members_read = await network.lookup_accounts([account])
        assert members_read.found[0].id == account
    assert read["tweet"] == read["post"] == read["mixed"]
    kinds = {(post.is_reply, post.is_repost, post.quoted_post_id is not None) for post in read["post"]}
    assert len(kinds) > 1, "replies, reposts and quotes are told apart in the post vocabulary too"
    posted = [r for r in sandbox.requests_to(TIMELINE) if r.status == 200 and "post.fields" in r.params]
    assert posted and "tweet.fields" not in posted[0].params


async def test_a_client_configured_for_post_speaks_it_first(
    sandbox: SandboxServer, sqlite_db: Database, clock: FakeClock
) -> None:
    sandbox.world.vocabulary = "post"
    async with x_network(x_settings(sandbox.base_url, x_vocabulary="post"), sqlite_db, clock) as network:
        await network.following(sandbox.world.seed_ids[0], page_size=5)
        assert network.vocabularies.status() == ()
    assert all(request.status == 200 for request in sandbox.requests)


def _snapshot(post_count: int, *, recent_id: str | None = None) -> NetworkAccount:
    from bot.snowflake import creation_time

    return NetworkAccount(
        id="42",
        handle="someone",
        post_count=post_count,
        created_at=datetime(2015, 1, 1, tzinfo=UTC),
        most_recent_post_id=recent_id,
        most_recent_post_at=creation_time(recent_id) if recent_id else None,
    )


async def stored(db: Database) -> Account:
    async with db.session() as session:
        return (await session.exec(select(Account).where(Account.id == "42"))).one()


async def test_post_count_growth_is_the_free_signal_without_a_last_post_id(db: Database) -> None:
    old_id = "870067366917046272"  # mid-2017: long silent by its id
    async with db.session() as session, session.begin():
        await upsert_accounts(session, [_snapshot(100, recent_id=old_id)])
    first = await stored(db)
    # A read in the post vocabulary: no id, same count: what was known stays.
    async with db.session() as session, session.begin():
        await upsert_accounts(session, [_snapshot(100)])
    same = await stored(db)
    assert same.most_recent_post_id == old_id
    # The count grew: it posted after the first read.
    async with db.session() as session, session.begin():
        await upsert_accounts(session, [_snapshot(103)])
    grown = await stored(db)
    assert grown.most_recent_post_id is None
    assert grown.posted_since == same.fetched_at, "it posted after the read before this one"
    from bot.storage import account_from_row

    now = first.fetched_at + timedelta(days=40)
    verdict = check_account(account_from_row(grown), now=now)
    assert verdict.last_post_signal == "post_count_growth"
    assert "silent" not in verdict.reasons, "a lower bound is evidence of activity, never of silence"
    assert check_account(_snapshot(100, recent_id=old_id), now=now).last_post_signal == "last_post_id"
    assert check_account(_snapshot(100), now=now).last_post_signal == "timeline"


async def test_a_read_without_public_metrics_is_not_taken_for_post_count_growth(db: Database) -> None:
    async with db.session() as session, session.begin():
        await upsert_accounts(session, [_snapshot(100)])
    # X left public_metrics out this time (optional in both specs): nothing is known about the count.
    async with db.session() as session, session.begin():
        await upsert_accounts(session, [parse_account({"id": "42", "username": "someone", "name": "S"})])
    async with db.session() as session, session.begin():
        await upsert_accounts(session, [_snapshot(100)])
    again = await stored(db)
    assert again.posted_since is None, "the same 100 posts as two reads ago: no sign of a new post"


async def test_a_read_without_public_metrics_keeps_the_stored_counts(db: Database) -> None:
    async with db.session() as session, session.begin():
        await upsert_accounts(session, [_snapshot(100)])
        await upsert_accounts(session, [parse_account({"id": "42", "username": "someone", "name": "Renamed"})])
    again = await stored(db)
    assert (again.post_count, again.name) == (100, "Renamed"), "the name is news, the missing counts are not zeros"
