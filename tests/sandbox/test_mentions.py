"""GET /2/users/:id/mentions: served like X, validated against both shared X specs, read through tweepy."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from openapi_core import Config, OpenAPI

from bot.sandbox.script import Script, mentions_of
from bot.sandbox.vocabulary import TWEET
from tests.sandbox.conftest import SHARED
from tests.sandbox.test_spec import TWEET_FIELDS, call

if TYPE_CHECKING:
    import aiohttp

    from bot.sandbox.server import SandboxServer

# The tweet vocabulary's spec; tests/sandbox/test_spec.py checks mentions in every vocabulary against its spec.
SPECS = ("openapi-v2.166.json",)


@pytest.fixture(scope="module", params=SPECS)
def spec(request: pytest.FixtureRequest) -> OpenAPI:
    path = SHARED / "x-api" / request.param
    if not path.exists():
        pytest.skip(f"../shared not present: {path}")
    config = Config(
        extra_media_type_deserializers={"application/problem+json": json.loads},
        spec_validator_cls=None,  # pyright: ignore[reportArgumentType]
    )
    return OpenAPI.from_file_path(str(path), config=config)


async def test_mentions_match_both_specs_and_read_only_what_is_new(
    spec: OpenAPI, server: SandboxServer, http: aiohttp.ClientSession, bearer: dict[str, str], oauth: dict[str, str]
) -> None:
    world = server.world
    script = Script(world)
    someone = next(u for u in world.users.values() if u.id != world.me_id and not u.suspended and not u.protected)
    own = script.original(world.me_id, at=world.now + timedelta(minutes=1))
    reply = script.reply(someone.id, own, at=world.now + timedelta(minutes=2))
    mention = script.mention(someone.id, world.me_id, at=world.now + timedelta(minutes=3))
    me = world.me_id
    cases = [
        (f"/2/users/{me}/mentions", {"tweet.fields": TWEET_FIELDS, "max_results": "5"}, oauth),
        (
            f"/2/users/{me}/mentions",
            {"expansions": "author_id,referenced_tweets.id", "tweet.fields": TWEET_FIELDS},
            oauth,
        ),
        (f"/2/users/{me}/mentions", {"since_id": reply.id}, bearer),
        (f"/2/users/{me}/mentions", {"since_id": mention.id}, bearer),  # nothing new: an empty page
        (f"/2/users/{me}/mentions", {"max_results": "200"}, bearer),  # 400
        (f"/2/users/{me}/mentions", {"exclude": "replies"}, bearer),  # not a mentions parameter: 400
        ("/2/users/12345/mentions", {}, bearer),  # unknown user: 200 with errors
    ]
    bodies = []
    for path, params, headers in cases:
        request, response, body = await call(http, server, "GET", path, headers, params)
        result = spec.validate_response(request, response)  # raises on mismatch
        assert result is None or not getattr(result, "errors", None), (path, params, body)
        bodies.append(body)
    newest = [post["id"] for post in bodies[0]["data"]]
    assert newest[:2] == [mention.id, reply.id], "newest first"
    assert [post["id"] for post in bodies[2]["data"]] == [mention.id], "since_id: only what is newer"
    assert bodies[3] == {"meta": {"result_count": 0}}
    assert bodies[4]["title"] == "Invalid Request" and bodies[5]["title"] == "Invalid Request"


async def test_mentions_bill_owned_reads_to_the_account_itself(
    server: SandboxServer, http: aiohttp.ClientSession, bearer: dict[str, str], oauth: dict[str, str]
) -> None:
    world = server.world
    script = Script(world)
    someone = next(u for u in world.users.values() if u.id != world.me_id and not u.suspended and not u.protected)
    script.mention(someone.id, world.me_id, at=world.now + timedelta(minutes=1))
    found = len(mentions_of(world, world.me_id))
    await call(http, server, "GET", f"/2/users/{world.me_id}/mentions", oauth, {"max_results": "100"})
    assert server.billing.by_kind.get("owned_read") == min(found, 100)
    assert "post" not in server.billing.by_kind
    await call(http, server, "GET", f"/2/users/{world.me_id}/mentions", bearer, {"max_results": "100"})
    assert server.billing.by_kind.get("post") == min(found, 100), "read with the app token: the public price"


async def test_generated_conversations_prove_two_way_exchanges(server: SandboxServer) -> None:
    """People answer each other in the generated world, so "two-way exchanges" is not always 0."""
    from bot.discovery.activity import measure_activity
    from bot.networks.x import parse_post

    world = server.world
    conversational = [u for u in world.users.values() if u.persona == "conversational" and world.posts_of(u.id)]
    with_exchange = 0
    for user in conversational:
        posts = [
            parse_post(server._render_post(p, frozenset(TWEET_FIELDS.split(",")), TWEET))
            for p in world.posts_of(user.id)
        ]
        metrics = measure_activity(user.id, posts, now=world.now)
        with_exchange += metrics.two_way_exchanges > 0
    # Like real timelines (bench.exchanges: 50–60 %), most conversational accounts show one, not all.
    assert conversational and 0.4 < with_exchange / len(conversational) < 0.85


async def test_quote_posts_match_the_spec_and_hold_quotes_the_mentions_miss(
    spec: OpenAPI, server: SandboxServer, http: aiohttp.ClientSession, bearer: dict[str, str], oauth: dict[str, str]
) -> None:
    """GET /2/tweets/:id/quote_tweets: quotes carry no mention, so only this endpoint finds them; billed as posts."""
    world = server.world
    script = Script(world)
    someone = next(u for u in world.users.values() if u.id != world.me_id and not u.suspended and not u.protected)
    own = script.original(world.me_id, at=world.now + timedelta(minutes=1))
    first = script.quote(someone.id, own, at=world.now + timedelta(minutes=2))
    second = script.quote(someone.id, own, at=world.now + timedelta(minutes=3))
    cases = [
        (f"/2/tweets/{own.id}/quote_tweets", {"tweet.fields": TWEET_FIELDS, "max_results": "10"}, oauth),
        (f"/2/tweets/{own.id}/quote_tweets", {"max_results": "5"}, bearer),  # below X's minimum of 10: 400
        (f"/2/tweets/{own.id}/quote_tweets", {"since_id": first.id}, bearer),  # not a parameter here: 400
        ("/2/tweets/12345/quote_tweets", {}, bearer),  # unknown post: 200 with errors
    ]
    bodies = []
    for path, params, headers in cases:
        request, response, body = await call(http, server, "GET", path, headers, params)
        result = spec.validate_response(request, response)  # raises on mismatch
        assert result is None or not getattr(result, "errors", None), (path, params, body)
        bodies.append(body)
    assert [post["id"] for post in bodies[0]["data"]] == [second.id, first.id], "newest first"
    assert all({"type": "quoted", "id": own.id} in post["referenced_tweets"] for post in bodies[0]["data"])
    assert not {first.id, second.id} & {post.id for post in mentions_of(world, world.me_id)}
    assert bodies[1]["title"] == "Invalid Request" and bodies[2]["title"] == "Invalid Request"
    assert bodies[3]["errors"][0]["resource_id"] == "12345"
    assert server.billing.by_kind.get("post") == 2 and "owned_read" not in server.billing.by_kind
