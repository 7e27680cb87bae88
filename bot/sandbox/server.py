"""A local fake of the X API v2, faithful enough that tweepy's real ``AsyncClient`` runs against it unchanged.

Fidelity choices (each mirrors how X behaves, or how a careful client must treat it):

* **Shapes.** Responses use X's envelope ``{"data", "includes", "errors", "meta"}`` with empty keys left out; an
  empty page is ``{"meta": {"result_count": 0}}``. Partial failures (unknown, suspended or protected users) are
  HTTP 200 with an ``errors`` array, exactly like X, because that is what trips naive clients. Whole-request
  failures are RFC 7807 problem bodies (``application/problem+json``, which tweepy's ``response.json()`` accepts).
  Every shape is validated against X's own OpenAPI spec in the tests.
* **Fields.** Only requested ``user.fields`` / ``tweet.fields`` are returned; ``id``/``name``/``username`` and
  ``id``/``text``/``edit_history_tweet_ids`` always are (tweepy requires the last one). Times have milliseconds.
* **Pagination.** Tokens are opaque but *stable* (they encode an offset or a post id, not a server session), so
  a crawl can store a token and resume after a restart, as on X.
* **Rate limits.** A fixed window per (endpoint, auth context) driven by the injectable ``clock``; every response
  carries ``x-rate-limit-*`` headers. Usage caps are a separate 429 type that waiting does not fix.
* **Faults** are drawn *before* any work: a faulted request does nothing and is never billed, so tests can
  assert that retries don't double-spend. A *slow* response does the work after the delay but is billed only if
  the client is still connected when the response is written: X bills what it delivers, and a client that gave
  up (timeout) must not be charged in the sandbox either, otherwise a timeout-and-retry policy would look twice as
  expensive as it is. Dropped connections and HTML bodies reproduce what proxies in front of X really do.
* **Billing** follows X's pay-per-use rules: per resource returned, de-duplicated per UTC day and resource, owned
  reads at the owned-read price, writes per request. Errors are free.
* **Auth.** Bearer tokens and OAuth 1.0a headers are checked for the configured credentials; signatures are only
  checked for presence (tweepy signs the original ``api.twitter.com`` URL, which the sandbox can't reproduce).
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import random
import re
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.sandbox.script import mentions_of
from bot.sandbox.vocabulary import TWEET, Dialect, Words, words_for
from bot.sandbox.world import SandboxList, SandboxPost, SandboxUser, World
from bot.snowflake import datetime_to_snowflake

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)

FOLLOWING = "GET /2/users/:id/following"
FOLLOWERS = "GET /2/users/:id/followers"
USERS = "GET /2/users"
USERS_BY = "GET /2/users/by"
USER_BY_USERNAME = "GET /2/users/by/username/:username"
ME = "GET /2/users/me"
USER_TWEETS = "GET /2/users/:id/tweets"
MENTIONS = "GET /2/users/:id/mentions"
QUOTE_TWEETS = "GET /2/tweets/:id/quote_tweets"
FOLLOW = "POST /2/users/:id/following"
CREATE_LIST = "POST /2/lists"
ADD_LIST_MEMBER = "POST /2/lists/:id/members"
REMOVE_LIST_MEMBER = "DELETE /2/lists/:id/members/:user_id"
GET_LIST = "GET /2/lists/:id"
LIST_TWEETS = "GET /2/lists/:id/tweets"
LIST_MEMBERS = "GET /2/lists/:id/members"
OWNED_LISTS = "GET /2/users/:id/owned_lists"
DELETE_LIST = "DELETE /2/lists/:id"

ENDPOINTS = (
    FOLLOWING,
    FOLLOWERS,
    USERS,
    USERS_BY,
    USER_BY_USERNAME,
    ME,
    USER_TWEETS,
    MENTIONS,
    QUOTE_TWEETS,
    FOLLOW,
    CREATE_LIST,
    ADD_LIST_MEMBER,
    REMOVE_LIST_MEMBER,
    GET_LIST,
    LIST_TWEETS,
    LIST_MEMBERS,
    OWNED_LISTS,
    DELETE_LIST,
)
USER_CONTEXT_ONLY = frozenset({ME, FOLLOW, CREATE_LIST, ADD_LIST_MEMBER, REMOVE_LIST_MEMBER, DELETE_LIST})

# Per 15-minute window. User-context limits (NOTES.md); app limits where they differ.
DEFAULT_RATE_LIMITS: dict[str, int] = {
    FOLLOWING: 300,
    FOLLOWERS: 300,
    USERS: 900,
    USERS_BY: 900,
    USER_BY_USERNAME: 900,
    ME: 75,
    USER_TWEETS: 900,
    MENTIONS: 300,
    QUOTE_TWEETS: 75,
    FOLLOW: 50,
    CREATE_LIST: 300,
    ADD_LIST_MEMBER: 300,
    REMOVE_LIST_MEMBER: 300,
    GET_LIST: 75,
    LIST_TWEETS: 900,
    LIST_MEMBERS: 900,
    OWNED_LISTS: 15,
    DELETE_LIST: 300,
}
DEFAULT_APP_RATE_LIMITS: dict[str, int] = {
    USERS: 300,
    USERS_BY: 300,
    USER_BY_USERNAME: 300,
    USER_TWEETS: 10_000,
    MENTIONS: 450,
    QUOTE_TWEETS: 75,
}

# A world in the "mixed" vocabulary: X renames endpoint by endpoint, so lookups and List reads already speak
# "post" while timelines, following lists and the account's own reads still speak "tweet".
MIXED_VOCABULARY: dict[str, Dialect] = {
    USERS: "post",
    USERS_BY: "post",
    USER_BY_USERNAME: "post",
    LIST_MEMBERS: "post",
    LIST_TWEETS: "post",
    GET_LIST: "post",
    OWNED_LISTS: "post",
}

# The 2.166 (tweet vocabulary) enums, kept under their old names; bot/sandbox/vocabulary.py has both.
USER_FIELDS = TWEET.user_fields
TWEET_FIELDS = TWEET.post_fields
LIST_FIELDS = frozenset(
    [
        "created_at",
        "description",
        "follower_count",
        "id",
        "member_count",
        "name",
        "owner_id",
        "private",
    ]
)
USER_EXPANSIONS = TWEET.user_expansions
TWEET_EXPANSIONS = TWEET.post_expansions
LIST_EXPANSIONS = frozenset({"owner_id"})
_OTHER_FIELDS = ("media.fields", "poll.fields", "place.fields")

_USER_QUERY = ("user.fields", "expansions", "tweet.fields")
_TWEET_QUERY = ("tweet.fields", "expansions", "media.fields", "poll.fields", "user.fields", "place.fields")
_LIST_QUERY = ("list.fields", "expansions", "user.fields")
ALLOWED_QUERY: dict[str, tuple[str, ...]] = {
    FOLLOWING: ("max_results", "pagination_token", *_USER_QUERY),
    FOLLOWERS: ("max_results", "pagination_token", *_USER_QUERY),
    USERS: ("ids", *_USER_QUERY),
    USERS_BY: ("usernames", *_USER_QUERY),
    USER_BY_USERNAME: _USER_QUERY,
    ME: _USER_QUERY,
    USER_TWEETS: (
        "since_id",
        "until_id",
        "max_results",
        "pagination_token",
        "exclude",
        "start_time",
        "end_time",
        *_TWEET_QUERY,
    ),
    MENTIONS: ("since_id", "until_id", "max_results", "pagination_token", "start_time", "end_time", *_TWEET_QUERY),
    QUOTE_TWEETS: ("max_results", "pagination_token", "exclude", *_TWEET_QUERY),
    FOLLOW: (),
    CREATE_LIST: (),
    ADD_LIST_MEMBER: (),
    REMOVE_LIST_MEMBER: (),
    GET_LIST: _LIST_QUERY,
    LIST_TWEETS: ("max_results", "pagination_token", *_TWEET_QUERY),
    LIST_MEMBERS: ("max_results", "pagination_token", *_USER_QUERY),
    OWNED_LISTS: ("max_results", "pagination_token", *_LIST_QUERY),
    DELETE_LIST: (),
}
# (minimum, maximum, default) for max_results.
PAGE_SIZES: dict[str, tuple[int, int, int]] = {
    FOLLOWING: (1, 1000, 100),
    FOLLOWERS: (1, 1000, 100),
    USER_TWEETS: (5, 100, 10),
    MENTIONS: (5, 100, 10),
    QUOTE_TWEETS: (10, 100, 10),
    LIST_TWEETS: (1, 100, 100),
    LIST_MEMBERS: (1, 100, 100),
    OWNED_LISTS: (1, 100, 100),
}
TIMELINE_DEPTH = 3200
LIST_TWEETS_DEPTH = 800
LIST_MEMBER_LIMIT = 5000

_ID = re.compile(r"^[0-9]{1,19}$")
_USERNAME = re.compile(r"^[A-Za-z0-9_]{1,15}$")
_PROBLEM = "application/problem+json"
_BRACKETED = re.compile(r"\[([^\]]*)\]")
PROBLEM_BASE = "https://api.twitter.com/2/problems/"


@dataclass
class Prices:
    """X's pay-per-use prices in dollars (NOTES.md)."""

    user: float = 0.010
    post: float = 0.005
    owned_read: float = 0.001
    follow: float = 0.015
    create_list: float = 0.010
    list_member_add: float = 0.005


@dataclass
class Faults:
    """Per-request fault probabilities, drawn from ``random.Random(seed)`` in this order."""

    rate_limit: float = 0.0
    rate_limit_no_reset: float = 0.0
    server_error: float = 0.0
    slow: float = 0.0
    drop: float = 0.0
    bad_body: float = 0.0
    seed: int = 0
    reset_after_seconds: float = 1.0
    slow_seconds: float = 2.0

    _KINDS = ("rate_limit", "rate_limit_no_reset", "server_error", "slow", "drop", "bad_body")

    def total(self) -> float:
        return sum(getattr(self, kind) for kind in self._KINDS)

    @classmethod
    def uniform(cls, rate: float, *, seed: int = 0, **kwargs: Any) -> Faults:
        """Spread a total fault ``rate`` evenly over every kind."""
        share = rate / len(cls._KINDS)
        return cls(**dict.fromkeys(cls._KINDS, share), seed=seed, **kwargs)


@dataclass
class SandboxConfig:
    bearer_token: str = "sandbox-bearer"
    consumer_key: str = "sandbox-consumer-key"
    consumer_secret: str = "sandbox-consumer-secret"
    access_token: str | None = None
    """Defaults to ``f"{world.me_id}-sandboxtoken"`` (tweepy reads the user id from the prefix)."""
    access_token_secret: str = "sandbox-access-secret"
    rate_limits: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_RATE_LIMITS))
    """Per endpoint key: the user-context limit, and the app limit unless ``app_rate_limits`` has the key."""
    app_rate_limits: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_APP_RATE_LIMITS))
    window_seconds: float = 900.0
    follow_forbidden: bool = True
    """Self-serve tiers lost API following on 2026-04-16; False behaves like Enterprise access."""
    usage_capped: bool = False
    prices: Prices = field(default_factory=Prices)
    emulator_lookups: bool = False
    """Answer batch lookups like X's local emulator: an unknown account gets neither data nor an ``errors``
    entry, and usernames match case-sensitively."""
    answers_without_data: set[str] = field(default_factory=set)
    """Endpoint keys whose successful answers carry ``errors`` and no ``data`` (X's spec allows it). The work is
    done and billed all the same: a List is created, a follow happens."""
    repeat_cursor: frozenset[str] = frozenset()
    """Endpoint keys whose pages, once asked with a ``pagination_token``, answer that same token as
    ``meta.next_token`` forever (an X fault: a listing that never ends)."""

    def set_rate_limit(self, endpoint: str, limit: int) -> None:
        """Set one endpoint's limit for both user and app context."""
        self.rate_limits[endpoint] = limit
        self.app_rate_limits[endpoint] = limit

    def limit_for(self, endpoint: str, auth: str) -> int:
        if auth == "bearer" and endpoint in self.app_rate_limits:
            return self.app_rate_limits[endpoint]
        return self.rate_limits.get(endpoint, 900)


@dataclass
class RecordedRequest:
    method: str
    path: str
    """The route key, e.g. ``"GET /2/users/:id/following"`` (or the raw path for unknown routes)."""
    params: dict[str, str]
    status: int = 0
    fault: str | None = None
    auth: str | None = None
    timestamp: float = 0.0
    url_path: str = ""
    json: Any = None
    billed: float = 0.0
    # Real arrival time (time.perf_counter()), unlike ``timestamp`` which follows the sandbox's clock: lets a test
    # order X requests against what the fake Discord received in the same process.
    received_at: float = field(default_factory=time.perf_counter)


class Billing:
    """X-style pay-per-use counter: per resource returned, de-duplicated per (UTC day, kind, id)."""

    def __init__(self, prices: Prices) -> None:
        self.prices = prices
        self.total_dollars = 0.0
        self.requests = 0
        self.resources = 0
        self.by_endpoint: dict[str, float] = {}
        self.by_kind: dict[str, int] = {}
        self._seen: set[tuple[str, str, str]] = set()

    def charge(self, endpoint: str, *, resources: Iterable[tuple[str, str]], write: float = 0.0, when: float) -> float:
        """Charge one delivered request; ``resources`` are (kind, id) with kind user|post|owned_read."""
        day = datetime.fromtimestamp(when, tz=UTC).date().isoformat()
        price_of = {"user": self.prices.user, "post": self.prices.post, "owned_read": self.prices.owned_read}
        amount = write
        for kind, resource_id in resources:
            key = (day, kind, resource_id)
            if key in self._seen:
                continue
            self._seen.add(key)
            amount += price_of[kind]
            self.resources += 1
            self.by_kind[kind] = self.by_kind.get(kind, 0) + 1
        self.requests += 1
        self.total_dollars = round(self.total_dollars + amount, 6)
        self.by_endpoint[endpoint] = round(self.by_endpoint.get(endpoint, 0.0) + amount, 6)
        return amount


@dataclass
class _Auth:
    kind: str  # "bearer" | "oauth1"
    user_id: str | None = None

    @property
    def context(self) -> str:
        return f"user:{self.user_id}" if self.kind == "oauth1" else "app"


@dataclass
class _Result:
    status: int
    body: dict[str, Any]
    resources: list[tuple[str, str]] = field(default_factory=list)
    write: float = 0.0
    content_type: str = "application/json"


class _Reject(Exception):
    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(body.get("detail") or body.get("title"))
        self.status = status
        self.body = body


Handler = Callable[[web.Request, _Auth], Awaitable[_Result]]


class _Query(dict[str, str]):
    """A validated query string, with the vocabulary its endpoint speaks (to render the answer in)."""

    def __init__(self, values: dict[str, str], words: Words) -> None:
        super().__init__(values)
        self.words = words

    def fields(self, name: str) -> frozenset[str]:
        """A comma-separated parameter as a set; ``post_fields`` means the vocabulary's tweet.fields/post.fields."""
        if name == "post_fields":
            name = self.words.post_fields_param
        return frozenset(self[name].split(",")) if name in self else frozenset()


class SandboxServer:
    """The fake X API over HTTP. See the module docstring for the fidelity choices."""

    def __init__(
        self,
        world: World,
        config: SandboxConfig | None = None,
        faults: Faults | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.world = world
        self.config = config or SandboxConfig()
        if self.config.access_token is None:
            self.config.access_token = f"{world.me_id}-sandboxtoken"
        self.faults = faults or Faults()
        self.clock = clock
        self.billing = Billing(self.config.prices)
        self.requests: list[RecordedRequest] = []
        self.follow_requests: list[tuple[str, str]] = []
        self.base_url = ""
        self._fault_rng = random.Random(self.faults.seed)
        self._fault_seed = self.faults.seed
        self._windows: dict[tuple[str, str], list[float]] = {}  # (endpoint, context) -> [reset_at, used]
        self._runner: web.AppRunner | None = None
        self._list_sequence = 0

    # ------------------------------------------------------------- lifecycle

    def app(self) -> web.Application:
        app = web.Application()
        routes: list[tuple[str, str, Handler]] = [
            ("GET", "/2/users/me", self._me),
            ("GET", "/2/users/by/username/{username}", self._user_by_username),
            ("GET", "/2/users/by", self._users_by),
            ("GET", "/2/users", self._users),
            ("GET", "/2/users/{id}/following", self._following),
            ("POST", "/2/users/{id}/following", self._follow),
            ("GET", "/2/users/{id}/followers", self._followers),
            ("GET", "/2/users/{id}/tweets", self._user_tweets),
            ("GET", "/2/users/{id}/mentions", self._mentions),
            ("GET", "/2/tweets/{id}/quote_tweets", self._quote_tweets),
            ("GET", "/2/users/{id}/owned_lists", self._owned_lists),
            ("POST", "/2/lists", self._create_list),
            ("GET", "/2/lists/{id}", self._get_list),
            ("DELETE", "/2/lists/{id}", self._delete_list),
            ("GET", "/2/lists/{id}/tweets", self._list_tweets),
            ("GET", "/2/lists/{id}/members", self._list_members),
            ("POST", "/2/lists/{id}/members", self._add_list_member),
            ("DELETE", "/2/lists/{id}/members/{user_id}", self._remove_list_member),
        ]
        for method, path, handler in routes:
            key = f"{method} " + re.sub(r"\{(\w+)\}", r":\1", path)
            app.router.add_route(method, path, self._wrap(key, handler))
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        self._runner = web.AppRunner(self.app(), access_log=None, handler_cancellation=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound_host, bound_port = self._runner.addresses[0][:2]
        self.base_url = f"http://{bound_host}:{bound_port}"
        log.info("sandbox X API listening on %s (users=%s)", self.base_url, len(self.world.users))
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> SandboxServer:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def client_settings(self, **overrides: object) -> Settings:
        """Circlebot settings that point the X client at this sandbox, with its fake tokens (no .env read)."""
        from bot.config import load_settings

        values: dict[str, object] = {
            "_env_file": None,
            "x_api_base_url": self.base_url,
            "x_bearer_token": self.config.bearer_token,
            "x_consumer_key": self.config.consumer_key,
            "x_consumer_secret": self.config.consumer_secret,
            "x_access_token": self.config.access_token,
            "x_access_token_secret": self.config.access_token_secret,
        }
        values.update(overrides)
        return load_settings(**values)

    def requests_to(self, endpoint: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == endpoint]

    # --------------------------------------------------------------- pipeline

    def _wrap(self, key: str, handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def pipeline(request: web.Request) -> web.StreamResponse:
            return await self._pipeline(key, handler, request)

        return pipeline

    async def _pipeline(self, key: str, handler: Handler, request: web.Request) -> web.StreamResponse:
        now = self.clock()
        record = RecordedRequest(
            method=request.method,
            path=key,
            params=dict(request.query),
            timestamp=now,
            url_path=request.path,
        )
        self.requests.append(record)
        auth = self._authenticate(request)
        record.auth = auth.kind if auth else None

        fault = self._draw_fault()
        record.fault = fault
        if fault is not None and fault != "slow":
            return await self._fault_response(key, auth, fault, request, record)
        if fault == "slow":
            await asyncio.sleep(self.faults.slow_seconds)
            now = self.clock()

        if auth is None:
            return self._respond(record, 401, _problem("Unauthorized", "Unauthorized", 401), headers={})
        headers = self._rate_headers(key, auth, now, consume=False)
        if key in USER_CONTEXT_ONLY and auth.kind != "oauth1":
            body = {
                "title": "Unsupported Authentication",
                "detail": "Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  "
                "Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].",
                "type": PROBLEM_BASE + "unsupported-authentication",
                "status": 403,
            }
            return self._respond(record, 403, body, headers=headers)
        limit = self.config.limit_for(key, auth.kind)
        window = self._window(key, auth, now)
        if window[1] >= limit:
            headers = self._rate_headers(key, auth, now, consume=False)
            body = _problem("Too Many Requests", "Too Many Requests", 429)
            return self._respond(record, 429, body, headers=headers)
        window[1] += 1
        headers = self._rate_headers(key, auth, now, consume=False)
        if self.config.usage_capped and request.method == "GET":
            body = {
                "title": "UsageCapExceeded",
                "detail": "Usage cap exceeded: Monthly product cap",
                "type": PROBLEM_BASE + "usage-capped",
                "period": "Monthly",
                "scope": "Product",
            }
            return self._respond(record, 429, body, headers=headers)

        try:
            result = await handler(request, auth)
        except _Reject as reject:
            return self._respond(record, reject.status, reject.body, headers=headers)

        if request.transport is None or request.transport.is_closing():
            # The client gave up (e.g. timed out during a slow response): nothing is delivered or billed.
            record.status = 499
            log.debug("sandbox: client gone before %s response, not billing", key)
            return _abort(request)
        token = request.query.get("pagination_token")
        if key in self.config.repeat_cursor and token and isinstance(result.body.get("meta"), dict):
            result.body["meta"]["next_token"] = token
        if 200 <= result.status < 300 and (result.resources or result.write):
            record.billed = self.billing.charge(key, resources=result.resources, write=result.write, when=now)
        if 200 <= result.status < 300 and key in self.config.answers_without_data:
            detail = "The response could not be fully assembled."
            result.body = {"errors": [{"title": "Service Unavailable", "detail": detail, "type": "about:blank"}]}
        return self._respond(record, result.status, result.body, headers=headers, content_type=result.content_type)

    def _respond(
        self,
        record: RecordedRequest,
        status: int,
        body: dict[str, Any],
        *,
        headers: dict[str, str],
        content_type: str | None = None,
    ) -> web.Response:
        record.status = status
        if record.path in ALLOWED_QUERY:
            body = self.words(record.path).problems(body)
        if content_type is None:
            content_type = "application/json" if 200 <= status < 300 else _PROBLEM
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        return web.Response(
            status=status,
            text=text,
            headers={**headers, "Content-Type": f"{content_type}; charset=utf-8"},
        )

    def _draw_fault(self) -> str | None:
        if self.faults.seed != self._fault_seed:
            self._fault_rng = random.Random(self.faults.seed)
            self._fault_seed = self.faults.seed
        if self.faults.total() <= 0:
            return None
        draw = self._fault_rng.random()
        for kind in Faults._KINDS:
            probability = getattr(self.faults, kind)
            if draw < probability:
                return kind
            draw -= probability
        return None

    async def _fault_response(
        self, key: str, auth: _Auth | None, fault: str, request: web.Request, record: RecordedRequest
    ) -> web.StreamResponse:
        now = self.clock()
        limit = self.config.limit_for(key, auth.kind if auth else "bearer")
        if fault == "rate_limit":
            headers = {
                "x-rate-limit-limit": str(limit),
                "x-rate-limit-remaining": "0",
                "x-rate-limit-reset": str(int(now + self.faults.reset_after_seconds + 0.999)),
            }
            return self._respond(record, 429, _problem("Too Many Requests", "Too Many Requests", 429), headers=headers)
        if fault == "rate_limit_no_reset":
            body = _problem("Too Many Requests", "Too Many Requests", 429)
            return self._respond(record, 429, body, headers={})
        if fault == "server_error":
            status = self._fault_rng.choice((500, 503))
            title = "Internal Server Error" if status == 500 else "Service Unavailable"
            return self._respond(record, status, _problem(title, title, status), headers={})
        if fault == "drop":
            record.status = 0
            return _abort(request)
        # bad_body
        record.status = 200
        html = "<html><head><title>Over capacity</title></head><body><h1>Something went wrong.</h1></body></html>"
        return web.Response(status=200, text=html, content_type="text/html")

    def _authenticate(self, request: web.Request) -> _Auth | None:
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            return _Auth("bearer") if header[7:] == self.config.bearer_token else None
        if header.startswith("OAuth "):
            params = dict(re.findall(r'(\w+)="([^"]*)"', header[6:]))
            if (
                params.get("oauth_consumer_key") == self.config.consumer_key
                and params.get("oauth_token") == self.config.access_token
                and params.get("oauth_signature")
            ):
                return _Auth("oauth1", self.world.me_id)
        return None

    def _window(self, key: str, auth: _Auth, now: float) -> list[float]:
        window = self._windows.get((key, auth.context))
        if window is None or now >= window[0]:
            window = [now + self.config.window_seconds, 0]
            self._windows[(key, auth.context)] = window
        return window

    def _rate_headers(self, key: str, auth: _Auth, now: float, *, consume: bool) -> dict[str, str]:
        limit = self.config.limit_for(key, auth.kind)
        window = self._window(key, auth, now)
        if consume:
            window[1] += 1
        return {
            "x-rate-limit-limit": str(limit),
            "x-rate-limit-remaining": str(max(0, limit - int(window[1]))),
            # Whole epoch seconds, truncated as X sends them: the window really resets up to a second later.
            "x-rate-limit-reset": str(int(window[0])),
        }

    async def _not_found(self, request: web.Request) -> web.Response:
        record = RecordedRequest(
            request.method, request.path, dict(request.query), timestamp=self.clock(), url_path=request.path
        )
        self.requests.append(record)
        body = {"errors": [{"message": "Sorry, that page does not exist", "code": 34}]}
        return self._respond(record, 404, body, headers={}, content_type="application/json")

    # ------------------------------------------------------------ validation

    def words(self, key: str) -> Words:
        """The vocabulary ``key`` speaks in this world (see bot/sandbox/vocabulary.py)."""
        return words_for(self.world.vocabulary, key, MIXED_VOCABULARY)

    def _query(self, request: web.Request, key: str) -> _Query:
        """The query, validated as X does for the endpoint's vocabulary: unknown names and values are a 400."""
        words = self.words(key)
        allowed = tuple(words.post_fields_param if name == "tweet.fields" else name for name in ALLOWED_QUERY[key])
        query = {k: request.query.getone(k) for k in request.query}
        errors = []
        for name, value in query.items():
            if name not in allowed:
                errors.append(
                    _param_error(name, value, f"The query parameter [{name}] is not one of [{','.join(allowed)}]")
                )
        for name, known in (
            ("user.fields", words.user_fields),
            (words.post_fields_param, words.post_fields),
            ("list.fields", LIST_FIELDS),
        ):
            if name in query and name in allowed:
                for item in query[name].split(","):
                    if item not in known:
                        message = (
                            f"The `{name}` query parameter value [{item}] is not one of [{','.join(sorted(known))}]"
                        )
                        errors.append(_param_error(name, query[name], message))
        if "expansions" in query and "expansions" in allowed:
            known = (
                words.user_expansions
                if "ids" in allowed
                or "usernames" in allowed
                or key in (FOLLOWING, FOLLOWERS, ME, LIST_MEMBERS)
                or key == USER_BY_USERNAME
                else LIST_EXPANSIONS
                if key in (GET_LIST, OWNED_LISTS)
                else words.post_expansions
            )
            for item in query["expansions"].split(","):
                if item not in known:
                    message = (
                        f"The `expansions` query parameter value [{item}] is not one of [{','.join(sorted(known))}]"
                    )
                    errors.append(_param_error("expansions", query["expansions"], message))
        if key in PAGE_SIZES and "max_results" in query:
            low, high, _ = PAGE_SIZES[key]
            raw = query["max_results"]
            if not raw.lstrip("-").isdigit() or not low <= int(raw) <= high:
                message = f"The `max_results` query parameter value [{raw}] is not between {low} and {high}"
                errors.append(_param_error("max_results", raw, message))
        if errors:
            # 2.167's InvalidRequestProblem names the first refused parameter and value at the top level too.
            first_name = next(iter(errors[0]["parameters"]))
            first_value = _BRACKETED.search(errors[0]["message"])
            problem = _invalid_request(errors)
            problem["parameter"] = first_name
            problem["value"] = first_value.group(1) if first_value else errors[0]["parameters"][first_name][0]
            raise _Reject(400, problem)
        return _Query(query, words)

    def _page_size(self, query: dict[str, str], key: str) -> int:
        return int(query["max_results"]) if "max_results" in query else PAGE_SIZES[key][2]

    # ----------------------------------------------------------- rendering

    def _render_user(
        self, user: SandboxUser, fields: frozenset[str], words: Words, expansions: frozenset[str] = frozenset()
    ) -> dict[str, Any]:
        """A user object in ``words``' vocabulary, with the requested fields only (the one place users are drawn)."""
        data: dict[str, Any] = {"id": user.id, "name": user.name, "username": user.username}
        if "created_at" in fields:
            data["created_at"] = _timestamp(user.created_at)
        if "description" in fields:
            data["description"] = user.description
        if "location" in fields and user.location:
            data["location"] = user.location
        if words.most_recent in fields or words.most_recent in expansions:
            newest = self.world.most_recent_post_id(user.id)
            if newest is not None:
                data[words.most_recent] = newest
        if "protected" in fields:
            data["protected"] = user.protected
        if "public_metrics" in fields:
            data["public_metrics"] = {
                "followers_count": self.world.followers_count(user.id),
                "following_count": self.world.following_count(user.id),
                words.post_count: user.tweet_count,
                "listed_count": user.listed_count,
            }
        if "url" in fields:
            data["url"] = user.url
        if "verified" in fields:
            data["verified"] = user.verified
        if "profile_image_url" in fields:
            data["profile_image_url"] = user.profile_image_url
        return data

    def _render_post(
        self, post: SandboxPost, fields: frozenset[str], words: Words, expansions: frozenset[str] = frozenset()
    ) -> dict[str, Any]:
        """A post object in ``words``' vocabulary (the one place posts are drawn). In the post vocabulary the
        author, the reply target and the references come with their expansions, as in X's spec 2.167."""
        data: dict[str, Any] = {"id": post.id, "text": post.text, words.edit_history: [post.id]}
        if "created_at" in fields:
            data["created_at"] = _timestamp(post.created_at)
        if words.shows_author(fields, expansions):
            data["author_id"] = post.author_id
        if "conversation_id" in fields:
            data["conversation_id"] = post.conversation_id
        if words.shows_reply_target(fields, expansions) and post.in_reply_to_user_id:
            data["in_reply_to_user_id"] = post.in_reply_to_user_id
        if words.shows_references(fields, expansions) and post.referenced:
            data[words.referenced] = [{"type": t, "id": i} for t, i in post.referenced]
        if "entities" in fields:
            mentions = self._mention_entities(post)
            if mentions:
                data["entities"] = {"mentions": mentions}
        if "public_metrics" in fields:
            data["public_metrics"] = {
                words.repost_count: post.retweet_count,
                "reply_count": post.reply_count,
                "like_count": post.like_count,
                "quote_count": post.quote_count,
                "bookmark_count": post.like_count // 20,
                "impression_count": post.like_count * 37 + post.reply_count * 11 + int(post.id[-2:]),
            }
        if "lang" in fields:
            data["lang"] = "en"
        return data

    def _mention_entities(self, post: SandboxPost) -> list[dict[str, Any]]:
        entities = []
        for user_id in post.mentions:
            user = self.world.users.get(user_id)
            if user is None:
                continue
            handle = "@" + user.username
            start = post.text.find(handle)
            if start < 0:
                continue
            entities.append({"start": start, "end": start + len(handle), "username": user.username, "id": user.id})
        return sorted(entities, key=lambda e: e["start"])

    def _render_list(self, lst: SandboxList, fields: frozenset[str]) -> dict[str, Any]:
        data: dict[str, Any] = {"id": lst.id, "name": lst.name}
        if "created_at" in fields:
            data["created_at"] = _timestamp(lst.created_at)
        if "description" in fields:
            data["description"] = lst.description
        if "follower_count" in fields:
            data["follower_count"] = 0
        if "member_count" in fields:
            data["member_count"] = len(lst.member_ids)
        if "owner_id" in fields:
            data["owner_id"] = lst.owner_id
        if "private" in fields:
            data["private"] = lst.private
        return data

    def _users_payload(
        self,
        users: list[SandboxUser],
        query: _Query,
        *,
        kind: str = "user",
        single: bool = False,
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """``data`` (+ ``includes``) for users, and the billable resources."""
        words = query.words
        fields = query.fields("user.fields")
        expansions = query.fields("expansions")
        rendered = [self._render_user(u, fields, words, expansions) for u in users]
        body: dict[str, Any] = {}
        if rendered:
            body["data"] = rendered[0] if single else rendered
        resources = [(kind, u.id) for u in users]
        if words.most_recent in expansions:
            post_fields = query.fields("post_fields")
            newest = []
            for user in users:
                posts = self.world.posts_of(user.id) if self._can_see(user, None) else []
                if posts:
                    newest.append(self._render_post(posts[0], post_fields, words))
                    # An owned read's expansions are owned reads too (see ``charge``).
                    resources.append(("owned_read" if kind == "owned_read" else "post", posts[0].id))
            if newest:
                body["includes"] = {words.includes_posts: newest}
        return body, resources

    def _posts_payload(self, posts: list[SandboxPost], query: _Query) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        words = query.words
        fields = query.fields("post_fields")
        expansions = query.fields("expansions")
        body: dict[str, Any] = {}
        resources: list[tuple[str, str]] = [("post", p.id) for p in posts]
        if posts:
            body["data"] = [self._render_post(p, fields, words, expansions) for p in posts]
        include_users: dict[str, None] = {}
        include_posts: dict[str, SandboxPost] = {}
        for post in posts:
            if "author_id" in expansions:
                include_users[post.author_id] = None
            if "in_reply_to_user_id" in expansions and post.in_reply_to_user_id:
                include_users[post.in_reply_to_user_id] = None
            if "entities.mentions.username" in expansions:
                for mention in post.mentions:
                    include_users[mention] = None
            if words.expands_references(expansions):
                for _, ref_id in post.referenced:
                    ref = self.world.post(ref_id)
                    if ref is not None:
                        include_posts[ref.id] = ref
                        if "referenced_tweets.id.author_id" in expansions:
                            include_users[ref.author_id] = None
        includes: dict[str, Any] = {}
        users = [self.world.users[u] for u in include_users if u in self.world.users]
        if users:
            user_fields = query.fields("user.fields")
            includes["users"] = [self._render_user(u, user_fields, words) for u in users]
            resources += [("user", u.id) for u in users]
        if include_posts:
            includes[words.includes_posts] = [self._render_post(p, fields, words) for p in include_posts.values()]
            resources += [("post", p) for p in include_posts]
        if includes:
            body["includes"] = includes
        return body, resources

    # -------------------------------------------------------------- lookups

    def _path_id(self, request: web.Request, name: str = "id") -> str:
        value = request.match_info[name]
        if not _ID.match(value):
            message = f"The `{name}` query parameter value [{value}] does not match ^[0-9]{{1,19}}$"
            raise _Reject(400, _invalid_request([_param_error(name, value, message)]))
        return value

    def _lookup_user(self, user_id: str, parameter: str = "id") -> SandboxUser:
        """The user, or a 200 ``errors`` reply (unknown / suspended) like X."""
        user = self.world.users.get(user_id)
        if user is None:
            raise _Reject(200, {"errors": [_not_found(user_id, parameter, "user", "id")]})
        if user.suspended:
            raise _Reject(200, {"errors": [_suspended(user_id, parameter)]})
        return user

    def _can_see(self, user: SandboxUser, auth: _Auth | None) -> bool:
        if not user.protected:
            return True
        if auth is None or auth.user_id is None:
            return False
        return auth.user_id == user.id or user.id in self.world.following.get(auth.user_id, ())

    def _require_visible(self, user: SandboxUser, auth: _Auth) -> None:
        if not self._can_see(user, auth):
            raise _Reject(
                200,
                {
                    "errors": [
                        {
                            "value": user.id,
                            "detail": f"Sorry, you are not authorized to see the user with id: [{user.id}].",
                            "title": "Authorization Error",
                            "resource_type": "user",
                            "parameter": "id",
                            "resource_id": user.id,
                            "section": "data",
                            "type": PROBLEM_BASE + "not-authorized-for-resource",
                        }
                    ]
                },
            )

    async def _users(self, request: web.Request, auth: _Auth) -> _Result:
        query = self._query(request, USERS)
        return self._lookup(query, "ids", _ID, "^[0-9]{1,19}$", self.world.users.get)

    async def _users_by(self, request: web.Request, auth: _Auth) -> _Result:
        query = self._query(request, USERS_BY)
        return self._lookup(query, "usernames", _USERNAME, "^[A-Za-z0-9_]{1,15}$", self.world.user_by_username)

    def _lookup(
        self,
        query: _Query,
        parameter: str,
        pattern: re.Pattern[str],
        pattern_text: str,
        find: Callable[[str], SandboxUser | None],
    ) -> _Result:
        """A batch lookup as X answers it: 400 for a bad list, else 200 with the found users and an error each
        for the unknown and the suspended."""
        raw = query.get(parameter, "")
        keys = [key for key in raw.split(",") if key] if raw else []
        if not keys:
            message = f"The `{parameter}` query parameter can not be empty"
            raise _Reject(400, _invalid_request([_param_error(parameter, raw, message)]))
        bad = [key for key in keys if not pattern.match(key)]
        if bad:
            message = f"The `{parameter}` query parameter value [{bad[0]}] does not match {pattern_text}"
            raise _Reject(400, _invalid_request([_param_error(parameter, raw, message)]))
        if len(keys) > 100:
            message = (
                f"The number of values in the `{parameter}` query parameter list [{len(keys)}] is not between 1 and 100"
            )
            raise _Reject(400, _invalid_request([_param_error(parameter, raw, message)]))
        found, errors = [], []
        emulator = self.config.emulator_lookups
        for key in dict.fromkeys(keys):
            user = find(key)
            if emulator and user is not None and parameter == "usernames" and user.username != key:
                user = None  # X's emulator matches names case-sensitively
            if user is None:
                if not emulator:  # X's emulator says nothing at all about an unknown name
                    errors.append(_not_found(key, parameter, "user", parameter))
            elif user.suspended:
                errors.append(_suspended(key, parameter))
            else:
                found.append(user)
        body, resources = self._users_payload(found, query)
        if errors:
            body["errors"] = errors
        return _Result(200, body, resources)

    async def _user_by_username(self, request: web.Request, auth: _Auth) -> _Result:
        query = self._query(request, USER_BY_USERNAME)
        name = request.match_info["username"]
        if not _USERNAME.match(name):
            message = f"The `username` query parameter value [{name}] does not match ^[A-Za-z0-9_]{{1,15}}$"
            raise _Reject(400, _invalid_request([_param_error("username", name, message)]))
        user = self.world.user_by_username(name)
        if user is None:
            return _Result(200, {"errors": [_not_found(name, "username", "user", "username")]})
        if user.suspended:
            return _Result(200, {"errors": [_suspended(name, "username")]})
        body, resources = self._users_payload([user], query, single=True)
        return _Result(200, body, resources)

    async def _me(self, request: web.Request, auth: _Auth) -> _Result:
        query = self._query(request, ME)
        body, resources = self._users_payload([self.world.users[self.world.me_id]], query, single=True)
        resources = [("owned_read", rid) for _, rid in resources]
        return _Result(200, body, resources)

    async def _relations(self, request: web.Request, auth: _Auth, key: str) -> _Result:
        user_id = self._path_id(request)
        query = self._query(request, key)
        user = self._lookup_user(user_id)
        self._require_visible(user, auth)
        ids = self.world.following.get(user_id, []) if key == FOLLOWING else self.world.followers_of(user_id)
        users = [self.world.users[i] for i in ids if i in self.world.users and not self.world.users[i].suspended]
        page, meta = self._offset_page(users, query, key)
        owned = auth.user_id is not None and auth.user_id == user_id
        body, resources = self._users_payload(page, query, kind="owned_read" if owned else "user")
        body["meta"] = meta
        return _Result(200, body, resources)

    async def _following(self, request: web.Request, auth: _Auth) -> _Result:
        return await self._relations(request, auth, FOLLOWING)

    async def _followers(self, request: web.Request, auth: _Auth) -> _Result:
        return await self._relations(request, auth, FOLLOWERS)

    def _offset_page(self, items: list[Any], query: dict[str, str], key: str) -> tuple[list[Any], dict[str, Any]]:
        size = self._page_size(query, key)
        offset = 0
        if "pagination_token" in query:
            offset = _decode_token(query["pagination_token"], b"of")
        page = items[offset : offset + size]
        meta: dict[str, Any] = {"result_count": len(page)}
        if offset > 0:
            meta["previous_token"] = _encode_token(b"of", max(0, offset - size))
        if offset + size < len(items):
            meta["next_token"] = _encode_token(b"of", offset + size)
        return page, meta

    async def _user_tweets(self, request: web.Request, auth: _Auth) -> _Result:
        return await self._timeline(request, auth, USER_TWEETS)

    async def _mentions(self, request: web.Request, auth: _Auth) -> _Result:
        return await self._timeline(request, auth, MENTIONS)

    async def _timeline(self, request: web.Request, auth: _Auth, key: str) -> _Result:
        """A user's posts, or the posts mentioning them (``MENTIONS``), newest first, with X's filters."""
        user_id = self._path_id(request)
        query = self._query(request, key)
        for name in ("since_id", "until_id"):
            if name in query and not _ID.match(query[name]):
                message = f"The `{name}` query parameter value [{query[name]}] does not match ^[0-9]{{1,19}}$"
                raise _Reject(400, _invalid_request([_param_error(name, query[name], message)]))
        excluded = set(query["exclude"].split(",")) if "exclude" in query else set()
        if excluded - {"replies", "retweets"}:
            message = f"The `exclude` query parameter value [{query['exclude']}] is not one of [replies,retweets]"
            raise _Reject(400, _invalid_request([_param_error("exclude", query["exclude"], message)]))
        times = {}
        for name in ("start_time", "end_time"):
            if name in query:
                try:
                    times[name] = datetime.fromisoformat(query[name].replace("Z", "+00:00"))
                except ValueError:
                    message = f"The `{name}` query parameter value [{query[name]}] is not a valid timestamp"
                    raise _Reject(400, _invalid_request([_param_error(name, query[name], message)])) from None
        user = self._lookup_user(user_id)
        self._require_visible(user, auth)
        posts = (mentions_of(self.world, user_id) if key == MENTIONS else self.world.posts_of(user_id))[:TIMELINE_DEPTH]
        if "retweets" in excluded:
            posts = [p for p in posts if p.kind != "retweet"]
        if "replies" in excluded:
            posts = [p for p in posts if p.kind != "reply"]
        if "since_id" in query:
            posts = [p for p in posts if int(p.id) > int(query["since_id"])]
        elif "start_time" in times:
            posts = [p for p in posts if p.created_at >= times["start_time"]]
        if "until_id" in query:
            posts = [p for p in posts if int(p.id) < int(query["until_id"])]
        elif "end_time" in times:
            posts = [p for p in posts if p.created_at < times["end_time"]]
        size = self._page_size(query, key)
        page, meta = _id_page(posts, size, query.get("pagination_token"))
        body, resources = self._posts_payload(page, query)
        if auth.user_id is not None and auth.user_id == user_id:
            # The account's own posts and mentions, read with its own token, are owned reads: X prices the
            # endpoint, so every resource it returns (expansions included) is billed at the owned rate.
            resources = [("owned_read", rid) for _, rid in resources]
        body["meta"] = meta
        return _Result(200, body, resources)

    async def _quote_tweets(self, request: web.Request, auth: _Auth) -> _Result:
        """The posts quoting one post, newest first (X's quote-posts endpoint; no ``since_id``). Quotes are others'
        posts: billed as ordinary post reads, whoever asks."""
        post_id = self._path_id(request)
        query = self._query(request, QUOTE_TWEETS)
        excluded = set(query["exclude"].split(",")) if "exclude" in query else set()
        if excluded - {"replies", "retweets"}:
            message = f"The `exclude` query parameter value [{query['exclude']}] is not one of [replies,retweets]"
            raise _Reject(400, _invalid_request([_param_error("exclude", query["exclude"], message)]))
        if self.world.post(post_id) is None:
            raise _Reject(200, {"errors": [_not_found(post_id, "id", "tweet", "id", title_kind="Post")]})
        quotes = [
            post
            for post in self.world.known_posts()
            if ("quoted", post_id) in post.referenced and not (post.kind == "reply" and "replies" in excluded)
        ]
        quotes.sort(key=lambda post: int(post.id), reverse=True)
        page, meta = _id_page(quotes, self._page_size(query, QUOTE_TWEETS), query.get("pagination_token"))
        body, resources = self._posts_payload(page, query)
        body["meta"] = meta
        return _Result(200, body, resources)

    # ---------------------------------------------------------------- writes

    async def _follow(self, request: web.Request, auth: _Auth) -> _Result:
        user_id = self._path_id(request)
        self._query(request, FOLLOW)
        if user_id != auth.user_id:
            raise _Reject(
                403,
                _problem("Forbidden", "You are not permitted to perform this action on behalf of another user.", 403),
            )
        payload = await _json_body(request)
        target_id = payload.get("target_user_id")
        if not isinstance(target_id, str) or not _ID.match(target_id):
            message = "The `target_user_id` field is required and must be a user id"
            raise _Reject(400, _invalid_request([_param_error("target_user_id", str(target_id), message)]))
        if self.config.follow_forbidden:
            detail = (
                "You currently have access to a subset of X API V2 endpoints and limited v1.1 endpoints only. "
                "Following via the API requires Enterprise access."
            )
            raise _Reject(403, _problem("Forbidden", detail, 403))
        target = self.world.users.get(target_id)
        if target is None or target.suspended:
            raise _Reject(200, {"errors": [_not_found(target_id, "target_user_id", "user", "id")]})
        if target_id == user_id:
            raise _Reject(
                400, _invalid_request([_param_error("target_user_id", target_id, "You can't follow yourself")])
            )
        self.follow_requests.append((user_id, target_id))
        pending = target.protected and target_id not in self.world.following.get(user_id, ())
        if not pending:
            self.world.follow(user_id, target_id)
        log.info("sandbox: %s follows %s (pending=%s)", user_id, target_id, pending)
        return _Result(
            200, {"data": {"following": not pending, "pending_follow": pending}}, write=self.config.prices.follow
        )

    async def _create_list(self, request: web.Request, auth: _Auth) -> _Result:
        self._query(request, CREATE_LIST)
        payload = await _json_body(request)
        name = payload.get("name")
        description = payload.get("description", "")
        private = payload.get("private", False)
        errors = []
        if not isinstance(name, str) or not 1 <= len(name) <= 25:
            errors.append(_param_error("name", str(name), "The `name` field must be between 1 and 25 characters"))
        if not isinstance(description, str) or len(description) > 100:
            message = "The `description` field must be at most 100 characters"
            errors.append(_param_error("description", str(description), message))
        if not isinstance(private, bool):
            errors.append(_param_error("private", str(private), "The `private` field must be a boolean"))
        if errors:
            raise _Reject(400, _invalid_request(errors))
        assert isinstance(name, str)
        created = datetime.fromtimestamp(self.clock(), tz=UTC)
        self._list_sequence = (self._list_sequence + 1) % 4096
        list_id = str(datetime_to_snowflake(created, self._list_sequence))
        while list_id in self.world.lists:
            list_id = str(int(list_id) + 1)
        owner = auth.user_id or self.world.me_id
        self.world.lists[list_id] = SandboxList(
            id=list_id, owner_id=owner, name=name, description=description, private=private, created_at=created
        )
        log.info("sandbox: list %s created by %s", list_id, owner)
        return _Result(201, {"data": {"id": list_id, "name": name}}, write=self.config.prices.create_list)

    def _lookup_list(self, list_id: str, auth: _Auth) -> SandboxList:
        lst = self.world.lists.get(list_id)
        if lst is None:
            raise _Reject(200, {"errors": [_not_found(list_id, "id", "list", "id", title_kind="list")]})
        if lst.private and lst.owner_id != auth.user_id:
            raise _Reject(
                200,
                {
                    "errors": [
                        {
                            "value": list_id,
                            "detail": f"Sorry, you are not authorized to see the list with id: [{list_id}].",
                            "title": "Authorization Error",
                            "resource_type": "list",
                            "parameter": "id",
                            "resource_id": list_id,
                            "section": "data",
                            "type": PROBLEM_BASE + "not-authorized-for-resource",
                        }
                    ]
                },
            )
        return lst

    def _owned_list(self, list_id: str, auth: _Auth) -> SandboxList:
        lst = self._lookup_list(list_id, auth)
        if lst.owner_id != auth.user_id:
            raise _Reject(403, _problem("Forbidden", "You are not allowed to manage this List.", 403))
        return lst

    async def _add_list_member(self, request: web.Request, auth: _Auth) -> _Result:
        list_id = self._path_id(request)
        self._query(request, ADD_LIST_MEMBER)
        payload = await _json_body(request)
        user_id = payload.get("user_id")
        if not isinstance(user_id, str) or not _ID.match(user_id):
            message = "The `user_id` field is required and must be a user id"
            raise _Reject(400, _invalid_request([_param_error("user_id", str(user_id), message)]))
        lst = self._owned_list(list_id, auth)
        user = self.world.users.get(user_id)
        if user is None or user.suspended:
            raise _Reject(200, {"errors": [_not_found(user_id, "user_id", "user", "id")]})
        if user_id not in lst.member_ids:
            if len(lst.member_ids) >= LIST_MEMBER_LIMIT:
                raise _Reject(403, _problem("Forbidden", "This List has reached its member limit.", 403))
            lst.member_ids.insert(0, user_id)
        log.info("sandbox: %s added to list %s", user_id, list_id)
        return _Result(200, {"data": {"is_member": True}}, write=self.config.prices.list_member_add)

    async def _remove_list_member(self, request: web.Request, auth: _Auth) -> _Result:
        list_id = self._path_id(request)
        user_id = self._path_id(request, "user_id")
        self._query(request, REMOVE_LIST_MEMBER)
        lst = self._owned_list(list_id, auth)
        if user_id in lst.member_ids:
            lst.member_ids.remove(user_id)
        return _Result(200, {"data": {"is_member": False}})

    async def _delete_list(self, request: web.Request, auth: _Auth) -> _Result:
        list_id = self._path_id(request)
        self._query(request, DELETE_LIST)
        self._owned_list(list_id, auth)
        del self.world.lists[list_id]
        log.info("sandbox: list %s deleted", list_id)
        return _Result(200, {"data": {"deleted": True}})

    # ----------------------------------------------------------- list reads

    async def _get_list(self, request: web.Request, auth: _Auth) -> _Result:
        list_id = self._path_id(request)
        query = self._query(request, GET_LIST)
        lst = self._lookup_list(list_id, auth)
        body: dict[str, Any] = {"data": self._render_list(lst, query.fields("list.fields"))}
        resources: list[tuple[str, str]] = []
        if "owner_id" in query.fields("expansions") and lst.owner_id in self.world.users:
            owner = self.world.users[lst.owner_id]
            body["includes"] = {"users": [self._render_user(owner, query.fields("user.fields"), query.words)]}
            resources.append(("user", owner.id))
        return _Result(200, body, resources)

    async def _owned_lists(self, request: web.Request, auth: _Auth) -> _Result:
        user_id = self._path_id(request)
        query = self._query(request, OWNED_LISTS)
        self._lookup_user(user_id)
        lists = [
            lst
            for lst in self.world.lists.values()
            if lst.owner_id == user_id and (not lst.private or auth.user_id == user_id)
        ]
        lists.sort(key=lambda lst: int(lst.id), reverse=True)
        page, meta = self._offset_page(lists, query, OWNED_LISTS)
        fields = query.fields("list.fields")
        body: dict[str, Any] = {}
        if page:
            body["data"] = [self._render_list(lst, fields) for lst in page]
        resources: list[tuple[str, str]] = []
        if page and "owner_id" in query.fields("expansions"):
            owner = self.world.users[user_id]
            body["includes"] = {"users": [self._render_user(owner, query.fields("user.fields"), query.words)]}
            resources.append(("user", owner.id))
        body["meta"] = meta
        return _Result(200, body, resources)

    async def _list_members(self, request: web.Request, auth: _Auth) -> _Result:
        list_id = self._path_id(request)
        query = self._query(request, LIST_MEMBERS)
        lst = self._lookup_list(list_id, auth)
        users = [self.world.users[u] for u in lst.member_ids if u in self.world.users]
        users = [u for u in users if not u.suspended]
        page, meta = self._offset_page(users, query, LIST_MEMBERS)
        body, resources = self._users_payload(page, query)
        body["meta"] = meta
        return _Result(200, body, resources)

    async def _list_tweets(self, request: web.Request, auth: _Auth) -> _Result:
        list_id = self._path_id(request)
        query = self._query(request, LIST_TWEETS)
        lst = self._lookup_list(list_id, auth)
        # Only what has been posted by the sandbox's clock: a simulation that advances time sees posts appear.
        now = datetime.fromtimestamp(self.clock(), tz=UTC)
        posts: list[SandboxPost] = []
        for member_id in lst.member_ids:
            member = self.world.users.get(member_id)
            if member is None or member.suspended or not self._can_see(member, auth):
                continue
            posts.extend(post for post in self.world.posts_of(member_id) if post.created_at <= now)
        posts.sort(key=lambda p: int(p.id), reverse=True)
        posts = posts[:LIST_TWEETS_DEPTH]
        page, meta = self._offset_page(posts, query, LIST_TWEETS)
        body, resources = self._posts_payload(page, query)
        body["meta"] = meta
        return _Result(200, body, resources)


# ------------------------------------------------------------------ helpers


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _problem(title: str, detail: str, status: int) -> dict[str, Any]:
    return {"title": title, "type": "about:blank", "status": status, "detail": detail}


def _param_error(name: str, value: str, message: str) -> dict[str, Any]:
    return {"parameters": {name: [value]}, "message": message}


def _invalid_request(errors: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "errors": errors,
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": PROBLEM_BASE + "invalid-request",
    }


def _not_found(
    value: str, parameter: str, resource_type: str, noun: str, *, title_kind: str = "user"
) -> dict[str, Any]:
    return {
        "value": value,
        "detail": f"Could not find {title_kind} with {noun}: [{value}].",
        "title": "Not Found Error",
        "resource_type": resource_type,
        "parameter": parameter,
        "resource_id": value,
        "type": PROBLEM_BASE + "resource-not-found",
    }


def _suspended(value: str, parameter: str) -> dict[str, Any]:
    return {
        "value": value,
        "detail": f"User has been suspended: [{value}].",
        "title": "Forbidden",
        "resource_type": "user",
        "parameter": parameter,
        "resource_id": value,
        "type": PROBLEM_BASE + "resource-not-found",
    }


def _encode_token(prefix: bytes, value: int) -> str:
    return base64.b32encode(prefix + value.to_bytes(8, "big")).decode().rstrip("=").lower()


def _decode_token(token: str, prefix: bytes) -> int:
    try:
        raw = base64.b32decode(token.upper() + "=" * (-len(token) % 8))
    except (ValueError, TypeError):
        raw = b""
    if len(raw) != len(prefix) + 8 or not raw.startswith(prefix):
        message = f"The `pagination_token` query parameter value [{token}] is not valid"
        raise _Reject(400, _invalid_request([_param_error("pagination_token", token, message)]))
    return int.from_bytes(raw[len(prefix) :], "big")


def _id_page(posts: list[SandboxPost], size: int, token: str | None) -> tuple[list[SandboxPost], dict[str, Any]]:
    """Timeline paging by post id: ``nx`` tokens mean "ids <= v", ``pv`` tokens "the page just newer than v"."""
    if token is None:
        start = 0
    else:
        try:
            pivot = _decode_token(token, b"nx")
            start = next((i for i, p in enumerate(posts) if int(p.id) <= pivot), len(posts))
        except _Reject:
            pivot = _decode_token(token, b"pv")
            newer = [i for i, p in enumerate(posts) if int(p.id) > pivot]
            start = max(0, len(newer) - size)
    page = posts[start : start + size]
    meta: dict[str, Any] = {"result_count": len(page)}
    if page:
        meta["newest_id"] = page[0].id
        meta["oldest_id"] = page[-1].id
    if start + size < len(posts):
        meta["next_token"] = _encode_token(b"nx", int(posts[start + size].id))
    if start > 0 and page:
        meta["previous_token"] = _encode_token(b"pv", int(page[0].id))
    return page, meta


def _abort(request: web.Request) -> web.Response:
    """Close the connection without an HTTP response (aiohttp ignores the write to the closed transport)."""
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=499)


async def _json_body(request: web.Request) -> dict[str, Any]:
    try:
        payload = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        payload = None
    if not isinstance(payload, dict):
        raise _Reject(400, _invalid_request([{"parameters": {}, "message": "Request body must be a JSON object"}]))
    return payload
