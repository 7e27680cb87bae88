"""HTTP behaviour of the sandbox: rate limits, faults, billing, auth, validation, protected accounts."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest

from bot.sandbox.server import FOLLOWING, ME, USERS, Faults, SandboxServer
from tests.sandbox.conftest import FakeClock, plain_followees


async def get(
    http: aiohttp.ClientSession, server: SandboxServer, path: str, headers: dict[str, str], **params: str
) -> tuple[int, dict[str, str], Any]:
    async with http.get(server.base_url + path, params=params, headers=headers) as response:
        text = await response.text()
        body = await response.json(content_type=None) if "json" in response.content_type else text
        return response.status, dict(response.headers), body


async def test_server_rate_limit_headers_and_window(
    server: SandboxServer, http: aiohttp.ClientSession, bearer: dict[str, str], clock: FakeClock
) -> None:
    server.config.set_rate_limit(FOLLOWING, 2)
    path = f"/2/users/{server.world.seed_ids[0]}/following"
    statuses = []
    body: Any = None
    headers: dict[str, str] = {}
    for _ in range(3):
        status, headers, body = await get(http, server, path, bearer, max_results="1")
        statuses.append((status, headers["x-rate-limit-remaining"]))
    assert statuses == [(200, "1"), (200, "0"), (429, "0")]
    assert body == {"title": "Too Many Requests", "type": "about:blank", "status": 429, "detail": "Too Many Requests"}
    assert int(headers["x-rate-limit-reset"]) == int(clock.now + 900)
    clock.advance(901)
    status, headers, _ = await get(http, server, path, bearer, max_results="1")
    assert (status, headers["x-rate-limit-remaining"]) == (200, "1")


async def test_server_user_and_app_limits_are_separate(
    server: SandboxServer, http: aiohttp.ClientSession, bearer: dict[str, str], oauth: dict[str, str]
) -> None:
    _, app_headers, _ = await get(http, server, "/2/users", bearer, ids=server.world.seed_ids[0])
    _, user_headers, _ = await get(http, server, "/2/users", oauth, ids=server.world.seed_ids[0])
    assert (app_headers["x-rate-limit-limit"], user_headers["x-rate-limit-limit"]) == ("300", "900")
    assert app_headers["x-rate-limit-remaining"] == "299"
    assert user_headers["x-rate-limit-remaining"] == "899"


async def test_server_usage_cap_is_a_distinct_429(
    server: SandboxServer, http: aiohttp.ClientSession, bearer: dict[str, str]
) -> None:
    server.config.usage_capped = True
    status, headers, body = await get(http, server, f"/2/users/{server.world.seed_ids[0]}/following", bearer)
    assert status == 429
    assert "x-rate-limit-reset" in headers
    assert body["type"] == "https://api.twitter.com/2/problems/usage-capped"


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("rate_limit", 429), ("rate_limit_no_reset", 429), ("server_error", (500, 503)), ("bad_body", 200)],
)
async def test_server_fault_kinds_seen_by_a_client(
    server: SandboxServer, http: aiohttp.ClientSession, bearer: dict[str, str], kind: str, expected: Any
) -> None:
    server.faults = Faults()
    setattr(server.faults, kind, 1.0)
    status, headers, body = await get(http, server, f"/2/users/{server.world.seed_ids[0]}/following", bearer)
    assert status in (expected if isinstance(expected, tuple) else (expected,))
    if kind == "rate_limit":
        assert int(headers["x-rate-limit-reset"]) >= int(server.clock())
    if kind == "rate_limit_no_reset":
        assert "x-rate-limit-reset" not in headers
    if kind == "server_error":
        assert body["status"] == status
    if kind == "bad_body":
        assert isinstance(body, str)
        assert body.startswith("<html>")
    assert server.requests[-1].fault == kind
    assert server.billing.total_dollars == 0.0


async def test_server_drop_closes_the_connection(
    server: SandboxServer, http: aiohttp.ClientSession, bearer: dict[str, str]
) -> None:
    server.faults = Faults(drop=1.0)
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await get(http, server, f"/2/users/{server.world.seed_ids[0]}/following", bearer)
    assert server.billing.total_dollars == 0.0


async def test_server_slow_response_billed_only_when_delivered(
    server: SandboxServer, http: aiohttp.ClientSession, bearer: dict[str, str]
) -> None:
    server.faults = Faults(slow=1.0, slow_seconds=0.3)
    path = server.base_url + f"/2/users/{server.world.seed_ids[0]}/following"
    with pytest.raises(asyncio.TimeoutError):
        async with http.get(path, headers=bearer, timeout=aiohttp.ClientTimeout(total=0.1)) as response:
            await response.read()
    await asyncio.sleep(0.4)
    assert server.requests[-1].status == 499
    assert server.billing.total_dollars == 0.0
    async with http.get(path, params={"max_results": "3"}, headers=bearer) as response:
        assert response.status == 200
    assert server.billing.total_dollars == pytest.approx(0.03)


async def test_server_faults_are_reproducible_for_a_seed(world: Any, clock: FakeClock) -> None:
    async def kinds() -> list[str | None]:
        async with SandboxServer(world, faults=Faults(server_error=0.3, bad_body=0.2, seed=5), clock=clock) as srv:
            headers = {"Authorization": f"Bearer {srv.config.bearer_token}"}
            async with aiohttp.ClientSession() as session:
                for _ in range(20):
                    async with session.get(f"{srv.base_url}/2/users/me", headers=headers) as response:
                        await response.read()
            return [r.fault for r in srv.requests]

    first, second = await kinds(), await kinds()
    assert first == second
    assert {"server_error", "bad_body", None} <= set(first)


async def test_server_billing_dedups_per_utc_day(
    server: SandboxServer, http: aiohttp.ClientSession, bearer: dict[str, str], clock: FakeClock
) -> None:
    ids = ",".join(plain_followees(server.world)[:3])
    await get(http, server, "/2/users", bearer, ids=ids)
    await get(http, server, "/2/users", bearer, ids=ids)
    assert server.billing.total_dollars == pytest.approx(0.03)
    assert server.billing.resources == 3
    assert server.billing.requests == 2
    clock.advance(86_400)
    await get(http, server, "/2/users", bearer, ids=ids)
    assert server.billing.total_dollars == pytest.approx(0.06)
    assert server.billing.by_endpoint[USERS] == pytest.approx(0.06)


async def test_server_owned_reads_and_errors_pricing(
    server: SandboxServer, http: aiohttp.ClientSession, oauth: dict[str, str], bearer: dict[str, str]
) -> None:
    await get(http, server, "/2/users/me", oauth)
    assert server.billing.by_endpoint[ME] == pytest.approx(0.001)
    status, _, body = await get(http, server, f"/2/users/{server.world.me_id}/following", oauth)
    assert status == 200
    assert server.billing.by_endpoint[FOLLOWING] == pytest.approx(0.001 * len(body["data"]))
    before = server.billing.total_dollars
    await get(http, server, "/2/users", bearer, ids="1,2")  # only errors
    await get(http, server, "/2/users", bearer, ids="abc")  # 400
    assert server.billing.total_dollars == before


async def test_server_auth_errors(server: SandboxServer, http: aiohttp.ClientSession, bearer: dict[str, str]) -> None:
    path = f"/2/users/{server.world.seed_ids[0]}/following"
    unauthorized = {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}
    assert (await get(http, server, path, {}))[::2] == (401, unauthorized)
    assert (await get(http, server, path, {"Authorization": "Bearer wrong"}))[::2] == (401, unauthorized)
    bad_oauth = {"Authorization": 'OAuth oauth_consumer_key="nope", oauth_token="x", oauth_signature="s"'}
    assert (await get(http, server, path, bad_oauth))[0] == 401
    status, _, body = await get(http, server, "/2/users/me", bearer)
    assert status == 403
    assert body["type"] == "https://api.twitter.com/2/problems/unsupported-authentication"
    async with http.post(
        f"{server.base_url}/2/users/{server.world.seed_ids[0]}/following",
        json={"target_user_id": server.world.seed_ids[1]},
        headers={"Authorization": "OAuth " + _oauth_params(server)},
    ) as response:
        assert response.status == 403  # not the authenticated user
    assert server.follow_requests == []


def _oauth_params(server: SandboxServer) -> str:
    config = server.config
    return f'oauth_consumer_key="{config.consumer_key}", oauth_token="{config.access_token}", oauth_signature="s"'


@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        ("/2/users/{seed}/following", {"max_results": "1001"}, "is not between 1 and 1000"),
        ("/2/users/{seed}/tweets", {"max_results": "4"}, "is not between 5 and 100"),
        ("/2/users/{seed}/following", {"foo": "bar"}, "The query parameter [foo] is not one of"),
        ("/2/users/{seed}/following", {"user.fields": "nonsense"}, "`user.fields` query parameter value [nonsense]"),
        ("/2/users/123x/following", {}, "does not match ^[0-9]{1,19}$"),
        ("/2/users", {"ids": ",".join(str(i) for i in range(1, 102))}, "is not between 1 and 100"),
        ("/2/users/by", {"usernames": "way_too_long_username"}, "does not match"),
        ("/2/users/{seed}/tweets", {"exclude": "likes"}, "is not one of [replies,retweets]"),
    ],
)
async def test_server_bad_params_are_400(
    server: SandboxServer, http: aiohttp.ClientSession, bearer: dict[str, str], path: str, params: dict, message: str
) -> None:
    status, _, body = await get(http, server, path.format(seed=server.world.seed_ids[0]), bearer, **params)
    assert status == 400
    assert body["title"] == "Invalid Request"
    assert body["type"].endswith("/invalid-request")
    assert message in body["errors"][0]["message"]


async def test_server_protected_account_hidden_except_to_itself(
    server: SandboxServer, http: aiohttp.ClientSession, bearer: dict[str, str], oauth: dict[str, str]
) -> None:
    world = server.world
    protected = next(u for u in world.users.values() if u.protected and u.last_post_at is not None)
    status, _, lookup = await get(http, server, "/2/users", bearer, ids=protected.id, **{"user.fields": "protected"})
    assert lookup["data"][0]["protected"] is True
    status, _, body = await get(http, server, f"/2/users/{protected.id}/tweets", bearer)
    assert status == 200
    assert "data" not in body
    assert body["errors"][0]["type"] == "https://api.twitter.com/2/problems/not-authorized-for-resource"
    protected.protected = False  # the same account, now public: timeline visible
    status, _, body = await get(http, server, f"/2/users/{protected.id}/tweets", bearer)
    assert body["data"]
    me = world.users[world.me_id]
    me.protected = True
    status, _, body = await get(http, server, f"/2/users/{me.id}/following", oauth)
    assert "data" in body  # the account itself can see its own data


async def test_server_timeline_filters(
    server: SandboxServer, http: aiohttp.ClientSession, bearer: dict[str, str]
) -> None:
    world = server.world
    author = max(plain_followees(world), key=lambda u: len(world.posts_of(u)))
    posts = world.posts_of(author)
    path = f"/2/users/{author}/tweets"
    _, _, body = await get(http, server, path, bearer, max_results="100", exclude="retweets,replies")
    assert {p.kind for p in posts if p.id in {d["id"] for d in body["data"]}} <= {"original", "quote"}
    middle = posts[len(posts) // 2]
    _, _, newer = await get(http, server, path, bearer, max_results="100", since_id=middle.id)
    assert all(int(d["id"]) > int(middle.id) for d in newer["data"])
    _, _, older = await get(http, server, path, bearer, max_results="5", until_id=middle.id)
    assert older["meta"]["newest_id"] == posts[len(posts) // 2 + 1].id
    start = posts[3].created_at.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    _, _, recent = await get(http, server, path, bearer, max_results="100", start_time=start)
    assert [d["id"] for d in recent["data"]] == [p.id for p in posts[:4]]
    _, _, empty = await get(http, server, path, bearer, since_id=posts[0].id)
    assert empty == {"meta": {"result_count": 0}}


async def test_server_pagination_tokens_are_stable(
    server: SandboxServer, http: aiohttp.ClientSession, bearer: dict[str, str]
) -> None:
    path = f"/2/users/{server.world.seed_ids[0]}/following"
    _, _, first = await get(http, server, path, bearer, max_results="10")
    token = first["meta"]["next_token"]
    _, _, again = await get(http, server, path, bearer, max_results="10")
    assert again["meta"]["next_token"] == token
    _, _, second = await get(http, server, path, bearer, max_results="10", pagination_token=token)
    _, _, resumed = await get(http, server, path, bearer, max_results="10", pagination_token=token)
    assert second == resumed
    assert second["meta"]["previous_token"]
    _, _, back = await get(
        http, server, path, bearer, max_results="10", pagination_token=second["meta"]["previous_token"]
    )
    assert back["data"] == first["data"]


async def test_server_list_deleted_then_not_found(
    server: SandboxServer, http: aiohttp.ClientSession, oauth: dict[str, str]
) -> None:
    base = server.base_url
    async with http.post(f"{base}/2/lists", json={"name": "x"}, headers=oauth) as response:
        assert response.status == 201
        list_id = (await response.json())["data"]["id"]
    async with http.delete(f"{base}/2/lists/{list_id}", headers=oauth) as response:
        assert await response.json() == {"data": {"deleted": True}}
    status, _, body = await get(http, server, f"/2/lists/{list_id}", oauth)
    assert status == 200
    assert body["errors"][0]["type"].endswith("/resource-not-found")
    assert body["errors"][0]["resource_type"] == "list"
    async with http.post(f"{base}/2/lists", json={"name": "ok", "description": "d" * 101}, headers=oauth) as response:
        assert response.status == 400


async def test_server_follow_of_protected_account_is_pending(
    server: SandboxServer, http: aiohttp.ClientSession, oauth: dict[str, str]
) -> None:
    server.config.follow_forbidden = False
    world = server.world
    target = next(u for u in world.users.values() if u.protected and u.id not in world.following[world.me_id])
    async with http.post(
        f"{server.base_url}/2/users/{world.me_id}/following", json={"target_user_id": target.id}, headers=oauth
    ) as response:
        assert await response.json() == {"data": {"following": False, "pending_follow": True}}
    assert server.follow_requests == [(world.me_id, target.id)]


async def test_server_list_tweets_only_posted_by_the_clock(
    server: SandboxServer, http: aiohttp.ClientSession, bearer: dict[str, str], clock: FakeClock
) -> None:
    from bot.sandbox.world import SandboxList  # here, so this test only appends to the file

    world = server.world
    members = [uid for uid in plain_followees(world) if world.posts_of(uid)][:5]
    world.lists["7"] = SandboxList(id="7", owner_id=world.me_id, name="watched", member_ids=members)
    everything = sorted((post for uid in members for post in world.posts_of(uid)), key=lambda p: int(p.id))
    clock.now = everything[len(everything) // 2].created_at.timestamp()

    def ids_posted_by_now() -> list[str]:
        return [post.id for post in reversed(everything) if post.created_at.timestamp() <= clock.now][:100]

    _, _, earlier = await get(http, server, "/2/lists/7/tweets", bearer, max_results="100")
    assert [post["id"] for post in earlier["data"]] == ids_posted_by_now()
    assert all(int(post["id"]) <= int(everything[len(everything) // 2].id) for post in earlier["data"])

    clock.advance(everything[-1].created_at.timestamp() - clock.now)
    _, _, later = await get(http, server, "/2/lists/7/tweets", bearer, max_results="100")
    assert later["data"][0]["id"] == everything[-1].id, "posts appear as the clock reaches them"
    assert [post["id"] for post in later["data"]] == ids_posted_by_now()
