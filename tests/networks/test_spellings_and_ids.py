"""A sceptical reader's cases of issue 11: spellings X may send alone or together, read the same way."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from bot import ledger
from bot.networks.governor import billable_ids
from bot.networks.vocabulary import normalise_includes
from bot.networks.x import parse_account, parse_post
from bot.relationships.tracking import _newest_id  # pyright: ignore[reportPrivateUsage]

if TYPE_CHECKING:
    from bot.db import Database
    from bot.networks.base import NetworkPost
    from bot.networks.x import XNetwork
    from bot.sandbox.server import SandboxServer

OLD_2017 = "870067366917046272"
NEW_2024 = "1796693139256246272"


def test_a_user_with_both_last_post_ids_reads_the_current_one() -> None:
    account = parse_account(
        {"id": "1", "username": "a", "most_recent_tweet_id": OLD_2017, "most_recent_post_id": NEW_2024}
    )
    assert account.most_recent_post_id == NEW_2024
    account = parse_account(
        {"id": "1", "username": "a", "most_recent_post_id": NEW_2024, "most_recent_tweet_id": OLD_2017}
    )
    assert account.most_recent_post_id == NEW_2024, "key order does not matter"


def test_a_post_with_referenced_posts_only_keeps_its_references() -> None:
    post = parse_post(
        {
            "id": NEW_2024,
            "text": "x",
            "referenced_posts": [{"type": "replied_to", "id": "5"}, {"type": "quoted", "id": "6"}],
        },
        author_id="1",
    )
    assert (post.replied_to_post_id, post.quoted_post_id) == ("5", "6")


def test_includes_with_posts_only_are_read_and_billed() -> None:
    includes = normalise_includes({"posts": [{"id": "7", "text": "x", "referenced_posts": []}]})
    assert [post["id"] for post in includes["posts"]] == ["7"]
    body = {"data": [{"id": "8", "text": "y"}], "includes": {"posts": [{"id": "7"}], "users": [{"id": "3"}]}}
    assert sorted(billable_ids(body, "post")) == [("post", "7"), ("post", "8"), ("user", "3")]


def test_newest_since_id_across_the_18_to_19_digit_boundary() -> None:
    def post(post_id: str) -> NetworkPost:
        return parse_post({"id": post_id, "text": "x"}, author_id="1")

    assert _newest_id([post(OLD_2017)], NEW_2024) == NEW_2024
    assert _newest_id([post(NEW_2024), post(OLD_2017)], None) == NEW_2024


async def test_the_teams_own_timeline_in_the_post_vocabulary_is_billed_as_x_bills_it(
    x: XNetwork, sandbox: SandboxServer, sqlite_db: Database
) -> None:
    sandbox.world.vocabulary = "post"  # 2.167 asks for the author and references as expansions: includes
    assert x.me_id is not None
    await x.recent_posts(x.me_id, limit=50)
    async with sqlite_db.session() as session:
        ours = ledger.dollars(await ledger.spent(session))
    assert ours == pytest.approx(sandbox.billing.total_dollars, abs=1e-9)


def test_an_owned_read_bills_its_expansions_at_the_owned_rate_in_both_spellings() -> None:
    for key in ("tweets", "posts"):
        body = {"data": [{"id": "8"}], "includes": {key: [{"id": "7"}], "users": [{"id": "3"}]}}
        assert sorted(billable_ids(body, "owned")) == [("owned", "3"), ("owned", "7"), ("owned", "8")]


def test_includes_in_both_spellings_keep_every_post_and_the_current_copy_wins() -> None:
    includes = normalise_includes(
        {
            "posts": [{"id": "7", "text": "current", "edit_history_post_ids": ["7"]}],
            "tweets": [{"id": "7", "text": "legacy"}, {"id": "9", "text": "only here"}],
        }
    )
    assert [(post["id"], post["text"]) for post in includes["posts"]] == [("7", "current"), ("9", "only here")]
