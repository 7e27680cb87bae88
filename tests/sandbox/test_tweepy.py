"""tweepy's real AsyncClient, unmodified, against the sandbox."""

# tweepy annotates its results as Response | dict | ClientResponse; the default return type is Response.
# pyright: reportAttributeAccessIssue=false, reportOptionalMemberAccess=false, reportOptionalSubscript=false

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import tweepy
import tweepy.asynchronous

from bot.sandbox.server import FOLLOW, SandboxServer
from tests.sandbox.conftest import plain_followees
from tests.sandbox.tweepy_session import sandbox_client

if TYPE_CHECKING:
    import aiohttp


@pytest.fixture
def client(server: SandboxServer, http: aiohttp.ClientSession) -> tweepy.asynchronous.AsyncClient:
    return sandbox_client(server, http)


async def test_tweepy_get_users_following_paginates_to_the_end(
    server: SandboxServer, client: tweepy.asynchronous.AsyncClient
) -> None:
    seed = server.world.seed_ids[0]
    seen: list[str] = []
    token = None
    pages = 0
    while True:
        response = await client.get_users_following(
            seed, max_results=20, pagination_token=token, user_fields=["public_metrics", "most_recent_tweet_id"]
        )
        pages += 1
        seen += [user.id for user in response.data or []]
        token = response.meta.get("next_token")
        if token is None:
            break
    visible = [u for u in server.world.following[seed] if not server.world.users[u].suspended]
    assert [str(i) for i in seen] == visible
    assert pages == -(-len(visible) // 20)


async def test_tweepy_bearer_only_client_reads(server: SandboxServer, http: aiohttp.ClientSession) -> None:
    client = sandbox_client(server, http, user_auth=False)
    response = await client.get_users_following(server.world.seed_ids[1], max_results=5)
    assert len(response.data) == 5
    assert server.requests[-1].auth == "bearer"


async def test_tweepy_get_users_reports_unknown_and_suspended(
    server: SandboxServer, client: tweepy.asynchronous.AsyncClient
) -> None:
    world = server.world
    suspended = next(u for u in world.users.values() if u.suspended)
    known = world.users[world.seed_ids[0]]
    response = await client.get_users(
        usernames=[known.username.upper(), "no_such_user_1", suspended.username], user_fields=["created_at"]
    )
    assert [u.username for u in response.data] == [known.username]
    details = sorted(e["detail"] for e in response.errors)
    assert details == [
        "Could not find user with usernames: [no_such_user_1].",
        f"User has been suspended: [{suspended.username}].",
    ]
    by_id = await client.get_users(ids=["1", "2"])
    assert by_id.data is None
    assert len(by_id.errors) == 2


async def test_tweepy_get_users_tweets_and_me(server: SandboxServer, client: tweepy.asynchronous.AsyncClient) -> None:
    world = server.world
    author = next(u for u in plain_followees(world) if len(world.posts_of(u)) > 12)
    response = await client.get_users_tweets(
        author,
        max_results=5,
        tweet_fields=["created_at", "referenced_tweets", "entities", "conversation_id", "in_reply_to_user_id"],
        user_auth=True,
    )
    posts = world.posts_of(author)
    assert [t.id for t in response.data] == [int(p.id) for p in posts[:5]]
    assert response.data[0].created_at == posts[0].created_at
    assert response.meta["newest_id"] == posts[0].id
    assert "next_token" in response.meta
    second = await client.get_users_tweets(author, max_results=5, pagination_token=response.meta["next_token"])
    assert [t.id for t in second.data] == [int(p.id) for p in posts[5:10]]
    me = await client.get_me(user_fields=["public_metrics"])
    assert me.data.id == int(world.me_id)


async def test_tweepy_create_list_and_add_member(
    server: SandboxServer, client: tweepy.asynchronous.AsyncClient
) -> None:
    member = plain_followees(server.world)[0]
    created = await client.create_list("Warm intros", description="people to meet", private=True)
    list_id = created.data["id"]
    added = await client.add_list_member(list_id, member)
    assert added.data == {"is_member": True}
    hidden = await client.get_list_members(list_id)  # app-only auth cannot see a private List
    assert hidden.data is None
    assert hidden.errors[0]["type"].endswith("not-authorized-for-resource")
    members = await client.get_list_members(list_id, user_auth=True)
    assert [u.id for u in members.data] == [int(member)]
    lists = await client.get_owned_lists(server.world.me_id, user_auth=True)
    assert [str(lst.id) for lst in lists.data] == [list_id]
    assert server.billing.by_endpoint["POST /2/lists"] == pytest.approx(0.010)
    assert server.billing.by_endpoint["POST /2/lists/:id/members"] == pytest.approx(0.005)


async def test_tweepy_follow_is_forbidden_then_allowed(
    server: SandboxServer, client: tweepy.asynchronous.AsyncClient
) -> None:
    target = plain_followees(server.world, 1)[0]
    with pytest.raises(tweepy.Forbidden):
        await client.follow_user(target)
    assert server.follow_requests == []
    server.config.follow_forbidden = False
    response = await client.follow_user(target)
    assert response.data == {"following": True, "pending_follow": False}
    assert server.world.following[server.world.me_id][0] == target
    again = await client.follow_user(target)
    assert again.data["following"] is True
    assert server.follow_requests == [(server.world.me_id, target)] * 2
    assert server.billing.by_endpoint[FOLLOW] == pytest.approx(0.030)


async def test_tweepy_raises_its_own_errors_for_sandbox_failures(
    server: SandboxServer, client: tweepy.asynchronous.AsyncClient
) -> None:
    seed = server.world.seed_ids[0]
    server.faults.rate_limit = 1.0
    with pytest.raises(tweepy.TooManyRequests) as caught:
        await client.get_users_following(seed)
    assert caught.value.reset_time is not None
    server.faults.rate_limit = 0.0
    server.faults.server_error = 1.0
    with pytest.raises(tweepy.TwitterServerError):
        await client.get_users_following(seed)
    server.faults.server_error = 0.0
    with pytest.raises(tweepy.BadRequest):
        await client.get_users_following(seed, max_results=1001)
