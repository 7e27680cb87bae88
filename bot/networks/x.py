"""`XNetwork`: the `SocialNetwork` protocol over tweepy's `AsyncClient`, every call through the governor."""

from __future__ import annotations

import functools
import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

import aiohttp
import tweepy.asynchronous
from yarl import URL

from bot.config import X_API_BASE_URL
from bot.errors import AccountUnavailable, ListUnavailable, SuspendedAccount, UnknownAccount
from bot.networks.base import (
    FollowResult,
    Lookup,
    NetworkAccount,
    NetworkList,
    NetworkPost,
    Page,
    Unavailable,
)
from bot.networks.governor import Answer, Auth, Endpoint, Governor
from bot.networks.paging import Pager
from bot.snowflake import creation_time

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from types import TracebackType

    from bot.clock import Clock
    from bot.config import Settings
    from bot.db import Database

log = logging.getLogger(__name__)

USER_FIELDS = (
    "created_at,description,location,most_recent_tweet_id,protected,public_metrics,url,verified,profile_image_url"
)
TWEET_FIELDS = "created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,entities,public_metrics"
FOLLOWING_PAGE = 1000  # the most X gives per page: fewer requests for the same resources
LOOKUP_BATCH = 100
TIMELINE_PAGE_MAX = 100
TIMELINE_PAGE_MIN = 5
LIST_PAGE = 100

FOLLOWING = Endpoint("GET /2/users/:id/following", "user")
FOLLOWERS = Endpoint("GET /2/users/:id/followers", "user")
USERS_BY_ID = Endpoint("GET /2/users", "user")
USERS_BY_USERNAME = Endpoint("GET /2/users/by", "user")
ME = Endpoint("GET /2/users/me", "owned")
USER_POSTS = Endpoint("GET /2/users/:id/tweets", "post")
MENTIONS = Endpoint("GET /2/users/:id/mentions", "post")
FOLLOW = Endpoint("POST /2/users/:id/following", "follow", write=True)
CREATE_LIST = Endpoint("POST /2/lists", "create_list", write=True)
ADD_LIST_MEMBER = Endpoint("POST /2/lists/:id/members", "list_member_add", write=True)
OWNED_LISTS = Endpoint("GET /2/users/:id/owned_lists", "free")
LIST_MEMBERS = Endpoint("GET /2/lists/:id/members", "user")
LIST_POSTS = Endpoint("GET /2/lists/:id/tweets", "post")


def _without_request_dumps(record: logging.LogRecord) -> bool:
    """tweepy logs each request's headers (the bearer token, OAuth header) at DEBUG: never let them out."""
    return record.levelno > logging.DEBUG


for _tweepy_logger in ("tweepy.asynchronous.client", "tweepy.client"):
    logging.getLogger(_tweepy_logger).addFilter(_without_request_dumps)

NOT_FOUND_TYPE = "https://api.twitter.com/2/problems/resource-not-found"
NOT_AUTHORIZED_TYPE = "https://api.twitter.com/2/problems/not-authorized-for-resource"


class OriginSession:
    """Sends tweepy's requests to another origin (a sandbox), leaving tweepy's own code in the path.

    tweepy hard-codes https://api.twitter.com and only calls ``session.request(...)`` as an async context
    manager, so rewriting the origin here keeps its auth, parameters and error handling unchanged.
    """

    def __init__(self, session: aiohttp.ClientSession, base_url: str) -> None:
        self._session = session
        self._base = URL(base_url)

    def request(self, method: str, url: str | URL, **kwargs: Any) -> Any:
        return self._session.request(method, self._rebase(url), **kwargs)

    def _rebase(self, url: str | URL) -> URL:
        target = url if isinstance(url, URL) else URL(url)
        if str(self._base) == X_API_BASE_URL:
            return target
        rebased = target.with_scheme(self._base.scheme).with_host(self._base.host or "127.0.0.1")
        return rebased.with_port(self._base.port)

    async def close(self) -> None:
        await self._session.close()


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def parse_account(user: dict[str, Any]) -> NetworkAccount:
    metrics = user.get("public_metrics") or {}
    recent_id = user.get("most_recent_tweet_id")
    return NetworkAccount(
        id=str(user["id"]),
        handle=str(user.get("username", "")),
        name=str(user.get("name", "")),
        bio=str(user.get("description") or ""),
        location=str(user.get("location") or ""),
        url=str(user.get("url") or ""),
        profile_image_url=str(user.get("profile_image_url") or ""),
        followers_count=int(metrics.get("followers_count", 0)),
        following_count=int(metrics.get("following_count", 0)),
        post_count=int(metrics.get("tweet_count", 0)),
        listed_count=int(metrics.get("listed_count", 0)),
        created_at=parse_time(user.get("created_at")),
        most_recent_post_id=str(recent_id) if recent_id else None,
        most_recent_post_at=creation_time(recent_id) if recent_id else None,
        protected=bool(user.get("protected", False)),
        verified=bool(user.get("verified", False)),
    )


def parse_post(tweet: dict[str, Any]) -> NetworkPost:
    references = {ref.get("type"): str(ref.get("id")) for ref in tweet.get("referenced_tweets") or []}
    mentions = (tweet.get("entities") or {}).get("mentions") or []
    metrics = tweet.get("public_metrics") or {}
    created = parse_time(tweet.get("created_at")) or creation_time(tweet["id"])
    if created is None:
        raise ValueError(f"post {tweet['id']} has no time")
    reply_to = tweet.get("in_reply_to_user_id")
    return NetworkPost(
        id=str(tweet["id"]),
        author_id=str(tweet.get("author_id", "")),
        text=str(tweet.get("text", "")),
        created_at=created,
        conversation_id=str(tweet["conversation_id"]) if tweet.get("conversation_id") else None,
        in_reply_to_account_id=str(reply_to) if reply_to else None,
        replied_to_post_id=references.get("replied_to"),
        quoted_post_id=references.get("quoted"),
        reposted_post_id=references.get("retweeted"),
        mention_ids=tuple(str(mention["id"]) for mention in mentions if mention.get("id")),
        mention_handles=tuple(str(mention["username"]) for mention in mentions if mention.get("username")),
        like_count=int(metrics.get("like_count", 0)),
        reply_count=int(metrics.get("reply_count", 0)),
        repost_count=int(metrics.get("retweet_count", 0)),
        quote_count=int(metrics.get("quote_count", 0)),
    )


def parse_unavailable(errors: Sequence[dict[str, Any]]) -> tuple[Unavailable, ...]:
    """X reports missing accounts inside a 200 answer; say why each one is missing."""
    missing = []
    for error in errors:
        key = str(error.get("value") or error.get("resource_id") or "")
        detail = str(error.get("detail", ""))
        if "suspended" in detail.lower():
            reason = "suspended"
        elif error.get("type") == NOT_AUTHORIZED_TYPE:
            reason = "protected"
        else:
            reason = "not_found"
        missing.append(Unavailable(key=key, reason=reason, detail=detail))
    return tuple(missing)


def _chunks(items: Sequence[str], size: int) -> list[Sequence[str]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def _raise_if_list_missing(list_id: str, answer: Answer) -> None:
    if "data" in answer.body or not answer.body.get("errors"):
        return
    error = answer.body["errors"][0]
    raise ListUnavailable(list_id, str(error.get("detail") or error.get("title") or "not found"))


class XNetwork:
    """X API v2 through tweepy. Reads use the bearer token; writes and reads of our own account, OAuth 1.0a."""

    def __init__(
        self,
        client: tweepy.asynchronous.AsyncClient,
        governor: Governor,
        *,
        session: OriginSession,
        guild_id: int | None = None,
    ) -> None:
        self.client = client
        self.governor = governor
        self.session = session
        self.guild_id = guild_id
        token = client.access_token
        # tweepy reads the user id from the access token the same way; it saves a request.
        self.me_id: str | None = token.partition("-")[0] if token else None

    @classmethod
    def from_settings(cls, settings: Settings, db: Database, *, clock: Clock | None = None) -> XNetwork:
        def secret(value: Any) -> str | None:
            return value.get_secret_value() if value is not None else None

        client = tweepy.asynchronous.AsyncClient(
            bearer_token=secret(settings.x_bearer_token),
            consumer_key=secret(settings.x_consumer_key),
            consumer_secret=secret(settings.x_consumer_secret),
            access_token=secret(settings.x_access_token),
            access_token_secret=secret(settings.x_access_token_secret),
            return_type=aiohttp.ClientResponse,  # pyright: ignore[reportArgumentType] - tweepy documents this
            wait_on_rate_limit=False,
        )
        timeout = aiohttp.ClientTimeout(total=settings.x_timeout_seconds)
        session = OriginSession(aiohttp.ClientSession(timeout=timeout), settings.x_api_base_url)
        client.session = session  # pyright: ignore[reportAttributeAccessIssue]
        return cls(client, Governor.from_settings(settings, db, clock=clock), session=session)

    def for_guild(self, guild_id: int | None) -> XNetwork:
        """The same client and governor, with its spend recorded against a guild."""
        return XNetwork(self.client, self.governor, session=self.session, guild_id=guild_id)

    async def close(self) -> None:
        await self.session.close()

    async def __aenter__(self) -> XNetwork:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    # -- plumbing ----------------------------------------------------------------------------------------

    def _read_auth(self, account_id: str | None = None) -> Auth:
        """Our own account's data is an owned read (cheaper) with user context; the rest uses the app token."""
        if account_id is not None and account_id == self.me_id:
            return "user"
        return "app" if self.client.bearer_token else "user"

    async def _call(
        self,
        endpoint: Endpoint,
        method: Callable[..., Any],
        *args: Any,
        auth: Auth,
        worst_case: int = 1,
        owned: bool = False,
        **params: Any,
    ) -> Answer:
        async def send() -> aiohttp.ClientResponse:
            return await method(*args, user_auth=auth == "user", **params)

        return await self.governor.call(
            endpoint, send, auth=auth, worst_case_resources=worst_case, owned=owned, guild_id=self.guild_id
        )

    # -- accounts ----------------------------------------------------------------------------------------

    async def me(self) -> NetworkAccount:
        answer = await self._call(ME, self.client.get_me, auth="user", owned=True, user_fields=USER_FIELDS)
        return parse_account(answer.body["data"])

    async def resolve_handles(self, handles: Sequence[str]) -> Lookup:
        unique = list(dict.fromkeys(handle.lower() for handle in handles))
        return await self._lookup(USERS_BY_USERNAME, unique, by="usernames")

    async def lookup_accounts(self, account_ids: Sequence[str]) -> Lookup:
        return await self._lookup(USERS_BY_ID, list(dict.fromkeys(account_ids)), by="ids")

    async def resolve_handle(self, handle: str) -> NetworkAccount:
        """One account by handle, or the domain error that says why not."""
        lookup = await self.resolve_handles([handle])
        if lookup.found:
            return lookup.found[0]
        reason = lookup.unavailable[0].reason if lookup.unavailable else "not_found"
        raise SuspendedAccount(handle) if reason == "suspended" else UnknownAccount(handle)

    async def _lookup(self, endpoint: Endpoint, keys: list[str], *, by: Literal["ids", "usernames"]) -> Lookup:
        found: list[NetworkAccount] = []
        unavailable: list[Unavailable] = []
        for batch in _chunks(keys, LOOKUP_BATCH):
            get_batch = functools.partial(self.client.get_users, **{by: list(batch)})
            answer = await self._call(
                endpoint, get_batch, auth=self._read_auth(), worst_case=len(batch), user_fields=USER_FIELDS
            )
            found += [parse_account(user) for user in answer.body.get("data", [])]
            unavailable += parse_unavailable(answer.body.get("errors", []))
        return Lookup(found=tuple(found), unavailable=tuple(unavailable))

    async def following(
        self, account_id: str, *, cursor: str | None = None, page_size: int | None = None
    ) -> Page[NetworkAccount]:
        return await self._account_page(FOLLOWING, self.client.get_users_following, account_id, cursor, page_size)

    async def followers(
        self, account_id: str, *, cursor: str | None = None, page_size: int | None = None
    ) -> Page[NetworkAccount]:
        return await self._account_page(FOLLOWERS, self.client.get_users_followers, account_id, cursor, page_size)

    async def _account_page(
        self,
        endpoint: Endpoint,
        method: Callable[..., Any],
        account_id: str,
        cursor: str | None,
        page_size: int | None,
    ) -> Page[NetworkAccount]:
        size = max(1, min(page_size or FOLLOWING_PAGE, FOLLOWING_PAGE))
        params: dict[str, Any] = {"max_results": size, "user_fields": USER_FIELDS}
        if cursor:
            params["pagination_token"] = cursor
        auth = self._read_auth(account_id)
        answer = await self._call(
            endpoint, method, account_id, auth=auth, worst_case=size, owned=account_id == self.me_id, **params
        )
        self._raise_if_unreadable(account_id, answer)
        accounts = tuple(parse_account(user) for user in answer.body.get("data", []))
        return Page(items=accounts, next_cursor=answer.body.get("meta", {}).get("next_token"))

    @staticmethod
    def _raise_if_unreadable(account_id: str, answer: Answer) -> None:
        if "data" in answer.body or not answer.body.get("errors"):
            return
        reason = parse_unavailable(answer.body["errors"])[0].reason
        raise AccountUnavailable(account_id, reason)

    # -- posts -------------------------------------------------------------------------------------------

    async def recent_posts(
        self, account_id: str, *, limit: int = 50, since_id: str | None = None
    ) -> tuple[NetworkPost, ...]:
        return await self._timeline(USER_POSTS, self.client.get_users_tweets, account_id, limit, since_id)

    async def _timeline(
        self, endpoint: Endpoint, method: Callable[..., Any], account_id: str, limit: int, since_id: str | None
    ) -> tuple[NetworkPost, ...]:
        """Pages of a timeline, newest first, until ``limit`` posts or the end (everything after ``since_id``)."""
        posts: list[NetworkPost] = []
        cursor: str | None = None
        pager = Pager(f"posts of account {account_id}", budget=-(-limit // TIMELINE_PAGE_MIN) + 1)
        while len(posts) < limit:
            size = max(TIMELINE_PAGE_MIN, min(TIMELINE_PAGE_MAX, limit - len(posts)))
            params: dict[str, Any] = {"max_results": size, "tweet_fields": TWEET_FIELDS}
            if since_id:
                params["since_id"] = since_id
            if cursor:
                params["pagination_token"] = cursor
            answer = await self._call(
                endpoint,
                method,
                account_id,
                auth=self._read_auth(account_id),
                worst_case=size,
                owned=account_id == self.me_id,
                **params,
            )
            self._raise_if_unreadable(account_id, answer)
            posts += [parse_post(tweet) for tweet in answer.body.get("data", [])]
            cursor = pager.advance(Page(items=(), next_cursor=answer.body.get("meta", {}).get("next_token")))
            if not cursor:
                break
        return tuple(posts[:limit])

    async def mentions(
        self, account_id: str, *, limit: int = 100, since_id: str | None = None
    ) -> tuple[NetworkPost, ...]:
        """Up to ``limit`` of the newest posts mentioning ``account_id`` (replies to it included), newer than
        ``since_id``; the team's own mentions are an owned read."""
        return await self._timeline(MENTIONS, self.client.get_users_mentions, account_id, limit, since_id)

    # -- writes ------------------------------------------------------------------------------------------

    async def follow(self, target_id: str) -> FollowResult:
        answer = await self._call(FOLLOW, self.client.follow_user, target_id, auth="user")
        data = answer.body.get("data", {})
        log.info("followed %s on X (pending=%s)", target_id, data.get("pending_follow"))
        return FollowResult(following=bool(data.get("following")), pending=bool(data.get("pending_follow")))

    async def create_list(self, name: str, *, description: str = "", private: bool = True) -> NetworkList:
        answer = await self._call(
            CREATE_LIST, self.client.create_list, name, auth="user", description=description, private=private
        )
        data = answer.body["data"]
        log.info("created X List %s (%s)", data["id"], name)
        return NetworkList(
            id=str(data["id"]), name=str(data.get("name", name)), description=description, private=private
        )

    async def add_list_member(self, list_id: str, account_id: str) -> bool:
        answer = await self._call(ADD_LIST_MEMBER, self.client.add_list_member, list_id, account_id, auth="user")
        log.info("added %s to X List %s", account_id, list_id)
        return bool(answer.body.get("data", {}).get("is_member"))

    # -- lists -------------------------------------------------------------------------------------------

    async def owned_lists(self, account_id: str, *, cursor: str | None = None) -> Page[NetworkList]:
        params: dict[str, Any] = {
            "max_results": LIST_PAGE,
            "list_fields": "description,private,member_count",
        }
        if cursor:
            params["pagination_token"] = cursor
        answer = await self._call(
            OWNED_LISTS, self.client.get_owned_lists, account_id, auth=self._read_auth(account_id), **params
        )
        lists = tuple(
            NetworkList(
                id=str(item["id"]),
                name=str(item.get("name", "")),
                description=str(item.get("description") or ""),
                private=bool(item.get("private", False)),
                member_count=item.get("member_count"),
            )
            for item in answer.body.get("data", [])
        )
        return Page(items=lists, next_cursor=answer.body.get("meta", {}).get("next_token"))

    async def list_members(
        self, list_id: str, *, cursor: str | None = None, as_owner: bool = False
    ) -> Page[NetworkAccount]:
        """One page of a List's members; ``as_owner`` reads as the team's account (needed for its private Lists)."""
        params: dict[str, Any] = {"max_results": LIST_PAGE, "user_fields": USER_FIELDS}
        if cursor:
            params["pagination_token"] = cursor
        answer = await self._call(
            LIST_MEMBERS,
            self.client.get_list_members,
            list_id,
            auth="user" if as_owner else self._read_auth(),
            worst_case=LIST_PAGE,
            **params,
        )
        _raise_if_list_missing(list_id, answer)
        members = tuple(parse_account(user) for user in answer.body.get("data", []))
        return Page(items=members, next_cursor=answer.body.get("meta", {}).get("next_token"))

    async def list_posts(
        self, list_id: str, *, cursor: str | None = None, page_size: int = LIST_PAGE, as_owner: bool = False
    ) -> Page[NetworkPost]:
        """One page of a List's posts, newest first; ``as_owner`` reads as the team's account (private Lists)."""
        size = max(1, min(page_size, LIST_PAGE))
        params: dict[str, Any] = {"max_results": size, "tweet_fields": TWEET_FIELDS}
        if cursor:
            params["pagination_token"] = cursor
        answer = await self._call(
            LIST_POSTS,
            self.client.get_list_tweets,
            list_id,
            auth="user" if as_owner else self._read_auth(),
            worst_case=size,
            **params,
        )
        _raise_if_list_missing(list_id, answer)
        posts = tuple(parse_post(tweet) for tweet in answer.body.get("data", []))
        return Page(items=posts, next_cursor=answer.body.get("meta", {}).get("next_token"))
