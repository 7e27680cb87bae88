"""`XNetwork`: the `SocialNetwork` protocol over tweepy's `AsyncClient`, every call through the governor."""

from __future__ import annotations

import functools
import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import aiohttp
import tweepy.asynchronous
from yarl import URL

from bot.config import X_API_BASE_URL
from bot.errors import (
    AccountUnavailable,
    ListUnavailable,
    MissingCredentials,
    SuspendedAccount,
    UnknownAccount,
    WriteOutcomeUnknown,
    XBadRequest,
    XNoData,
)
from bot.networks.base import (
    FollowResult,
    Lookup,
    NetworkAccount,
    NetworkList,
    NetworkPost,
    Page,
    Posts,
    Unavailable,
)
from bot.networks.governor import Answer, Auth, Endpoint, Governor
from bot.networks.paging import Pager
from bot.networks.vocabulary import (
    EndpointVocabulary,
    Vocabularies,
    Vocabulary,
    normalise_post,
    normalise_user,
    post_params,
    user_params,
)
from bot.snowflake import creation_time

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from types import TracebackType

    from bot.clock import Clock
    from bot.config import Settings
    from bot.db import Database

log = logging.getLogger(__name__)
T = TypeVar("T")

_TWEEPY_NAMES = {"user.fields": "user_fields", "tweet.fields": "tweet_fields"}
FOLLOWING_PAGE = 1000  # the most X gives per page: fewer requests for the same resources
LOOKUP_BATCH = 100
TIMELINE_PAGE_MAX = 100
TIMELINE_PAGE_MIN = 5
QUOTES_PAGE_MIN = 10  # X's quote-posts endpoint takes max_results from 10
LIST_PAGE = 100

FOLLOWING = Endpoint("GET /2/users/:id/following", "user")
FOLLOWERS = Endpoint("GET /2/users/:id/followers", "user")
USERS_BY_ID = Endpoint("GET /2/users", "user")
USERS_BY_USERNAME = Endpoint("GET /2/users/by", "user")
ME = Endpoint("GET /2/users/me", "owned")
USER_POSTS = Endpoint("GET /2/users/:id/tweets", "post")
MENTIONS = Endpoint("GET /2/users/:id/mentions", "post")
QUOTES = Endpoint("GET /2/tweets/:id/quote_tweets", "post")
FOLLOW = Endpoint("POST /2/users/:id/following", "follow", write=True)
CREATE_LIST = Endpoint("POST /2/lists", "create_list", write=True)
ADD_LIST_MEMBER = Endpoint("POST /2/lists/:id/members", "list_member_add", write=True)
OWNED_LISTS = Endpoint("GET /2/users/:id/owned_lists", "free")
LIST_MEMBERS = Endpoint("GET /2/lists/:id/members", "user")
LIST_POSTS = Endpoint("GET /2/lists/:id/tweets", "post")


def _without_request_dumps(record: logging.LogRecord) -> bool:
    """tweepy logs each request's headers (the bearer token, OAuth header) at DEBUG: never let them out.

    tweepy also warns "Unexpected parameter: post.fields" on every request in the post vocabulary (its methods
    know only the 2.166 names, but send any other name unchanged): that is intended, not worth a line each time.
    """
    if record.levelno <= logging.DEBUG:
        return False
    message = record.getMessage()
    return not (message.startswith("Unexpected parameter: ") and "." in message)


for _tweepy_logger in ("tweepy.asynchronous.client", "tweepy.client"):
    logging.getLogger(_tweepy_logger).addFilter(_without_request_dumps)

# Problem types end the same on both of X's hosts (api.twitter.com in spec 2.166, api.x.com in 2.167).
NOT_AUTHORIZED_PROBLEM = "/2/problems/not-authorized-for-resource"


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


def parse_time(value: object) -> datetime | None:
    """An X timestamp (ISO 8601, ``2022-10-05T18:40:30.000Z``) as an aware UTC datetime; None if absent or
    unreadable (the spec allows any string, and one bad time must not cost the rest of the page)."""
    if not value or not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _count(metrics: dict[str, Any], key: str) -> int:
    value = metrics.get(key)
    return value if isinstance(value, int) and value >= 0 else 0


class UnreadableObject(ValueError):
    """A user or post in X's answer without what we can't do without (an id; for a post, a time)."""


def parse_account(raw: dict[str, Any]) -> NetworkAccount:
    """A user object in either vocabulary (``most_recent_tweet_id`` or ``most_recent_post_id``, ``tweet_count``
    or ``post_count``) as a `NetworkAccount`. Raises `UnreadableObject` without a numeric id."""
    user = normalise_user(raw)
    if not str(user.get("id", "")).isdecimal():
        raise UnreadableObject(f"a user without an id: {sorted(user)}")
    metrics = user.get("public_metrics") or {}
    recent_id = user.get("most_recent_post_id")
    recent_id = str(recent_id) if recent_id and str(recent_id).isdecimal() else None
    return NetworkAccount(
        id=str(user["id"]),
        handle=str(user.get("username", "")),
        name=str(user.get("name", "")),
        bio=str(user.get("description") or ""),
        location=str(user.get("location") or ""),
        url=str(user.get("url") or ""),
        profile_image_url=str(user.get("profile_image_url") or ""),
        followers_count=_count(metrics, "followers_count"),
        following_count=_count(metrics, "following_count"),
        post_count=_count(metrics, "post_count"),
        listed_count=_count(metrics, "listed_count"),
        created_at=parse_time(user.get("created_at")),
        most_recent_post_id=recent_id,
        most_recent_post_at=creation_time(recent_id) if recent_id else None,
        protected=bool(user.get("protected", False)),
        verified=bool(user.get("verified", False)),
        counts_known=isinstance(user.get("public_metrics"), dict),
    )


def parse_post(raw: dict[str, Any], *, author_id: str | None = None) -> NetworkPost:
    """A post object in either vocabulary (``referenced_tweets``/``referenced_posts``, ``retweet_count``/
    ``repost_count``) as a `NetworkPost`. ``author_id``: whose timeline it came from, when X leaves it out.

    Raises `UnreadableObject` without a numeric id, or with neither a readable ``created_at`` nor a snowflake id
    that carries the time."""
    post = normalise_post(raw)
    post_id = str(post.get("id", ""))
    if not post_id.isdecimal():
        raise UnreadableObject(f"a post without an id: {sorted(post)}")
    created = parse_time(post.get("created_at")) or creation_time(post_id)
    if created is None:
        raise UnreadableObject(f"post {post_id} has no usable time")
    references = {
        ref.get("type"): str(ref.get("id"))
        for ref in post.get("referenced_posts") or []
        if isinstance(ref, dict) and ref.get("id")
    }
    mentions = [m for m in (post.get("entities") or {}).get("mentions") or [] if isinstance(m, dict)]
    metrics = post.get("public_metrics") or {}
    reply_to = post.get("in_reply_to_user_id")
    return NetworkPost(
        id=post_id,
        author_id=str(post.get("author_id") or author_id or ""),
        text=str(post.get("text", "")),
        created_at=created,
        conversation_id=str(post["conversation_id"]) if post.get("conversation_id") else None,
        in_reply_to_account_id=str(reply_to) if reply_to else None,
        replied_to_post_id=references.get("replied_to"),
        quoted_post_id=references.get("quoted"),
        reposted_post_id=references.get("retweeted"),
        mention_ids=tuple(str(mention["id"]) for mention in mentions if mention.get("id")),
        mention_handles=tuple(str(mention["username"]) for mention in mentions if mention.get("username")),
        like_count=_count(metrics, "like_count"),
        reply_count=_count(metrics, "reply_count"),
        repost_count=_count(metrics, "repost_count"),
        quote_count=_count(metrics, "quote_count"),
        lang=str(post["lang"]) if post.get("lang") else None,
    )


def _data_list(body: dict[str, Any]) -> list[dict[str, Any]]:
    data = body.get("data")
    return [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []


def parse_accounts(body: dict[str, Any], endpoint: str) -> tuple[tuple[NetworkAccount, ...], int]:
    """Every readable user in ``data``, and how many were skipped (logged) as unreadable."""
    accounts: list[NetworkAccount] = []
    skipped = 0
    for raw in _data_list(body):
        try:
            accounts.append(parse_account(raw))
        except UnreadableObject as error:
            skipped += 1
            log.warning("skipped an unreadable user in %s: %s", endpoint, error)
    return tuple(accounts), skipped


def parse_posts(
    body: dict[str, Any], endpoint: str, *, author_id: str | None = None
) -> tuple[tuple[NetworkPost, ...], int]:
    """Every readable post in ``data``, and how many were skipped (logged) as unreadable: one bad post never
    costs the page it came in (which X has billed already)."""
    posts: list[NetworkPost] = []
    skipped = 0
    for raw in _data_list(body):
        try:
            posts.append(parse_post(raw, author_id=author_id))
        except UnreadableObject as error:
            skipped += 1
            log.warning("skipped an unreadable post in %s: %s", endpoint, error)
    return tuple(posts), skipped


def parse_unavailable(errors: Sequence[dict[str, Any]]) -> tuple[Unavailable, ...]:
    """X reports missing accounts inside a 200 answer; say why each one is missing."""
    missing = []
    for error in errors:
        key = str(error.get("value") or error.get("resource_id") or "")
        detail = str(error.get("detail", ""))
        if "suspended" in detail.lower():
            reason = "suspended"
        elif str(error.get("type", "")).endswith(NOT_AUTHORIZED_PROBLEM):
            reason = "protected"
        else:
            reason = "not_found"
        missing.append(Unavailable(key=key, reason=reason, detail=detail))
    return tuple(missing)


def _chunks(items: Sequence[str], size: int) -> list[Sequence[str]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


_RESOURCE_PROBLEMS = ("/2/problems/resource-not-found", NOT_AUTHORIZED_PROBLEM)


def _error_about(errors: object, resource_id: str) -> dict[str, Any] | None:
    """The first error of a 200 answer that says ``resource_id`` itself can't be had (not found, suspended, not
    authorised), or None when X's errors are about something else. The spec lets X answer any read with errors
    and no ``data`` (e.g. "The response could not be fully assembled"): that is "try again later", never "gone"."""
    for error in errors if isinstance(errors, list) else []:
        if not isinstance(error, dict):
            continue
        about_a_resource = str(error.get("type", "")).endswith(_RESOURCE_PROBLEMS)
        if not about_a_resource and "suspended" not in str(error.get("detail", "")).lower():
            continue
        named = {str(error[key]) for key in ("resource_id", "value") if error.get(key) is not None}
        if not named or resource_id in named:
            return error
    return None


def _raise_if_no_data(endpoint: Endpoint, answer: Answer) -> None:
    """Raise `XNoData` when X answered a read with errors and no ``data`` for a reason not about what was read."""
    if "data" not in answer.body and answer.body.get("errors"):
        raise XNoData(endpoint.key, _error_detail(answer.body) or "no data")


def _raise_if_list_missing(endpoint: Endpoint, list_id: str, answer: Answer) -> None:
    if "data" in answer.body or not answer.body.get("errors"):
        return
    error = _error_about(answer.body["errors"], list_id)
    if error is None:
        _raise_if_no_data(endpoint, answer)
        return
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
        vocabularies: Vocabularies | None = None,
    ) -> None:
        self.client = client
        self.governor = governor
        self.session = session
        self.guild_id = guild_id
        self.vocabularies = vocabularies or Vocabularies()
        self.skipped_objects = 0
        """Users and posts X sent that could not be read (no id, no usable time): skipped, counted, logged."""
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
        return cls(
            client,
            Governor.from_settings(settings, db, clock=clock),
            session=session,
            vocabularies=Vocabularies(settings.x_vocabulary),
        )

    def for_guild(self, guild_id: int | None) -> XNetwork:
        """The same client and governor, with its spend recorded against a guild."""
        return XNetwork(
            self.client, self.governor, session=self.session, guild_id=guild_id, vocabularies=self.vocabularies
        )

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
        if auth == "user":
            self.require_user_credentials(endpoint.key)

        async def send() -> aiohttp.ClientResponse:
            return await method(*args, user_auth=auth == "user", **params)

        return await self.governor.call(
            endpoint, send, auth=auth, worst_case_resources=worst_case, owned=owned, guild_id=self.guild_id
        )

    async def _read(
        self,
        endpoint: Endpoint,
        method: Callable[..., Any],
        *args: Any,
        words: Callable[[Vocabulary], dict[str, str]],
        auth: Auth,
        worst_case: int = 1,
        owned: bool = False,
        **params: Any,
    ) -> Answer:
        """A read whose fields are named in the endpoint's vocabulary (``words`` builds them). When X refuses a
        name of that vocabulary with a 400, the other vocabulary is tried once and remembered for the endpoint."""
        vocabulary = self.vocabularies.of(endpoint.key)
        tried: set[Vocabulary] = set()
        while True:
            tried.add(vocabulary)
            # tweepy maps its own names (user_fields -> user.fields) and sends others unchanged (post.fields).
            query = {**params, **{_TWEEPY_NAMES.get(name, name): value for name, value in words(vocabulary).items()}}
            try:
                return await self._call(endpoint, method, *args, auth=auth, worst_case=worst_case, owned=owned, **query)
            except XBadRequest as error:
                other = self.vocabularies.learn(endpoint.key, vocabulary, error.problem)
                if other is None or other in tried:
                    raise
                vocabulary = other

    def require_user_credentials(self, endpoint: str = CREATE_LIST.key) -> None:
        """Raise `MissingCredentials` (naming the settings to add) unless calls as the team's account can be made.

        tweepy fails late and obscurely without them ("Only unicode objects are escapable. Got None"), so services
        check first and refuse at once; every user-context call checks again before anything is sent."""
        values = {
            "X_CONSUMER_KEY": self.client.consumer_key,
            "X_CONSUMER_SECRET": self.client.consumer_secret,
            "X_ACCESS_TOKEN": self.client.access_token,
            "X_ACCESS_TOKEN_SECRET": self.client.access_token_secret,
        }
        missing = tuple(name for name, value in values.items() if not value)
        if missing:
            raise MissingCredentials(endpoint, missing)

    def learned_vocabularies(self) -> tuple[EndpointVocabulary, ...]:
        return self.vocabularies.status()

    def _count_skipped(self, skipped: int) -> None:
        self.skipped_objects += skipped

    # -- accounts ----------------------------------------------------------------------------------------

    async def me(self) -> NetworkAccount:
        """The team's account. Raises `XNoData` when X answers without it (the spec allows that)."""
        answer = await self._read(ME, self.client.get_me, words=user_params, auth="user", owned=True)
        data = answer.body.get("data")
        try:
            return parse_account(data if isinstance(data, dict) else {})
        except UnreadableObject:
            raise XNoData(ME.key, _error_detail(answer.body) or "no data") from None

    async def resolve_handles(self, handles: Sequence[str]) -> Lookup:
        """Accounts by handle. Every handle asked for ends in ``found`` or ``unavailable`` (``not_found`` when X
        says nothing about it), compared case-insensitively; each is sent as first spelled, since X's emulator
        matches names case-sensitively."""
        unique = list({handle.lower(): handle for handle in reversed(handles)}.values())[::-1]
        return await self._lookup(USERS_BY_USERNAME, unique, by="usernames")

    async def lookup_accounts(self, account_ids: Sequence[str]) -> Lookup:
        """Accounts by id; every id ends in ``found`` or ``unavailable`` like `resolve_handles`."""
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
            answer = await self._read(
                endpoint, get_batch, words=user_params, auth=self._read_auth(), worst_case=len(batch)
            )
            accounts, skipped = parse_accounts(answer.body, endpoint.key)
            self._count_skipped(skipped)
            asked = {key.lower(): key for key in batch}
            answered: set[str] = set()
            for account in accounts:
                key = (account.handle if by == "usernames" else account.id).lower()
                if key in asked:
                    found.append(account)
                    answered.add(key)
            for missing in parse_unavailable(answer.body.get("errors") or []):
                key = missing.key.lower()
                if key in asked and key not in answered:
                    unavailable.append(Unavailable(key=asked[key], reason=missing.reason, detail=missing.detail))
                    answered.add(key)
            if not answered and "data" not in answer.body and answer.body.get("errors"):
                # Errors about none of the keys asked for (the spec allows them alone): X could not answer, which
                # says nothing about whether the accounts exist, so no key is called not found.
                raise XNoData(endpoint.key, _error_detail(answer.body) or "no data")
            # X's emulator answers an unknown name with neither the account nor an error: never lose a key.
            unavailable += [
                Unavailable(key=key, reason="not_found", detail="X said nothing about it")
                for lowered, key in asked.items()
                if lowered not in answered
            ]
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
        params: dict[str, Any] = {"max_results": size}
        if cursor:
            params["pagination_token"] = cursor
        auth = self._read_auth(account_id)
        answer = await self._read(
            endpoint,
            method,
            account_id,
            words=user_params,
            auth=auth,
            worst_case=size,
            owned=account_id == self.me_id,
            **params,
        )
        self._raise_if_unreadable(endpoint, account_id, answer)
        return self._page(answer, *parse_accounts(answer.body, endpoint.key))

    def _page(self, answer: Answer, items: tuple[T, ...], skipped: int) -> Page[T]:
        self._count_skipped(skipped)
        meta = answer.body.get("meta")
        token = meta.get("next_token") if isinstance(meta, dict) else None
        return Page(items=items, next_cursor=str(token) if token else None, skipped=skipped)

    @staticmethod
    def _raise_if_unreadable(endpoint: Endpoint, account_id: str, answer: Answer) -> None:
        if "data" in answer.body or not answer.body.get("errors"):
            return
        error = _error_about(answer.body["errors"], account_id)
        if error is None:
            _raise_if_no_data(endpoint, answer)
            return
        raise AccountUnavailable(account_id, parse_unavailable([error])[0].reason)

    # -- posts -------------------------------------------------------------------------------------------

    async def recent_posts(self, account_id: str, *, limit: int = 50, since_id: str | None = None) -> Posts:
        return await self._timeline(USER_POSTS, self.client.get_users_tweets, account_id, limit, since_id)

    async def _timeline(
        self, endpoint: Endpoint, method: Callable[..., Any], account_id: str, limit: int, since_id: str | None
    ) -> Posts:
        """Pages of a timeline, newest first, until ``limit`` posts or the end (everything after ``since_id``);
        a walk the `Pager` stops (repeated cursor, page budget) keeps its posts and says so in ``cut_short``."""
        posts: list[NetworkPost] = []
        cursor: str | None = None
        what = "posts" if endpoint is USER_POSTS else "mentions"
        pager = Pager(f"{what} of account {account_id}", budget=-(-limit // TIMELINE_PAGE_MIN) + 1)
        while len(posts) < limit:
            size = max(TIMELINE_PAGE_MIN, min(TIMELINE_PAGE_MAX, limit - len(posts)))
            params: dict[str, Any] = {"max_results": size}
            if since_id:
                params["since_id"] = since_id
            if cursor:
                params["pagination_token"] = cursor
            answer = await self._read(
                endpoint,
                method,
                account_id,
                words=post_params,
                auth=self._read_auth(account_id),
                worst_case=size,
                owned=account_id == self.me_id,
                **params,
            )
            self._raise_if_unreadable(endpoint, account_id, answer)
            # A user's own timeline may leave author_id out (it is the account's); mentions are written by others.
            author = account_id if endpoint is USER_POSTS else None
            page = self._page(answer, *parse_posts(answer.body, endpoint.key, author_id=author))
            posts += page.items
            cursor = pager.advance(page)
            if not cursor:
                break
        return Posts(posts[:limit], cut_short=pager.stopped.message if pager.stopped is not None else None)

    async def mentions(self, account_id: str, *, limit: int = 100, since_id: str | None = None) -> Posts:
        """Up to ``limit`` of the newest posts mentioning ``account_id`` (replies to it included), newer than
        ``since_id``; the team's own mentions are an owned read."""
        return await self._timeline(MENTIONS, self.client.get_users_mentions, account_id, limit, since_id)

    async def quotes(self, post_id: str, *, limit: int = 100) -> tuple[NetworkPost, ...]:
        """Up to ``limit`` of the newest posts quoting ``post_id`` (X puts no mention in a quote, so the team's
        mentions miss them). One page of X's quote-posts endpoint (10 to 100); others' posts, so billed at the
        ordinary post price ($0.005 each) and nothing when there is none. Raises `XError` as any read does."""
        size = max(QUOTES_PAGE_MIN, min(TIMELINE_PAGE_MAX, limit))
        answer = await self._read(
            QUOTES,
            self.client.get_quote_tweets,
            post_id,
            words=post_params,
            auth=self._read_auth(),
            worst_case=size,
            max_results=size,
        )
        if "data" not in answer.body and answer.body.get("errors"):
            return ()  # the post is gone (deleted): nothing quotes it any more
        return self._page(answer, *parse_posts(answer.body, QUOTES.key)).items[:limit]

    # -- writes ------------------------------------------------------------------------------------------

    @staticmethod
    def _written(
        endpoint: Endpoint, answer: Answer, *, account_id: str | None = None, list_id: str | None = None
    ) -> dict[str, Any]:
        """A write's ``data``. Without it (the spec allows errors alone): an error naming the target account or
        List as not found or not visible means the write did not happen (`AccountUnavailable`,
        `ListUnavailable`); otherwise X may still have done it, so the outcome is unknown, never a KeyError."""
        data = answer.body.get("data")
        if isinstance(data, dict):
            return data
        errors = answer.body.get("errors")
        if list_id is not None and (error := _error_about(errors, list_id)) is not None:
            raise ListUnavailable(list_id, str(error.get("detail") or error.get("title") or "not found"))
        if account_id is not None and (error := _error_about(errors, account_id)) is not None:
            raise AccountUnavailable(account_id, parse_unavailable([error])[0].reason)
        raise WriteOutcomeUnknown(endpoint.key, _error_detail(answer.body) or "answered without data")

    async def follow(self, target_id: str) -> FollowResult:
        answer = await self._call(FOLLOW, self.client.follow_user, target_id, auth="user")
        data = self._written(FOLLOW, answer, account_id=target_id)
        log.info("followed %s on X (pending=%s)", target_id, data.get("pending_follow"))
        return FollowResult(following=bool(data.get("following")), pending=bool(data.get("pending_follow")))

    async def create_list(self, name: str, *, description: str = "", private: bool = True) -> NetworkList:
        """Create a List. Raises `WriteOutcomeUnknown` when X's answer does not name the List (it may exist:
        `bot.lists.service` adopts it on the next import or sync)."""
        answer = await self._call(
            CREATE_LIST, self.client.create_list, name, auth="user", description=description, private=private
        )
        data = self._written(CREATE_LIST, answer)
        if not str(data.get("id", "")).isdecimal():
            raise WriteOutcomeUnknown(CREATE_LIST.key, "answered without the new List's id")
        log.info("created X List %s (%s)", data["id"], name)
        return NetworkList(
            id=str(data["id"]), name=str(data.get("name", name)), description=description, private=private
        )

    async def add_list_member(self, list_id: str, account_id: str) -> bool:
        answer = await self._call(ADD_LIST_MEMBER, self.client.add_list_member, list_id, account_id, auth="user")
        data = self._written(ADD_LIST_MEMBER, answer, account_id=account_id, list_id=list_id)
        log.info("added %s to X List %s", account_id, list_id)
        return bool(data.get("is_member"))

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
        self._raise_if_unreadable(OWNED_LISTS, account_id, answer)  # errors alone are not "owns no Lists"
        lists = tuple(
            NetworkList(
                id=str(item["id"]),
                name=str(item.get("name", "")),
                description=str(item.get("description") or ""),
                private=bool(item.get("private", False)),
                member_count=item.get("member_count"),
            )
            for item in _data_list(answer.body)
            if str(item.get("id", "")).isdecimal()
        )
        return self._page(answer, lists, len(_data_list(answer.body)) - len(lists))

    async def list_members(
        self, list_id: str, *, cursor: str | None = None, as_owner: bool = False
    ) -> Page[NetworkAccount]:
        """One page of a List's members; ``as_owner`` reads as the team's account (needed for its private Lists)."""
        params: dict[str, Any] = {"max_results": LIST_PAGE}
        if cursor:
            params["pagination_token"] = cursor
        answer = await self._read(
            LIST_MEMBERS,
            self.client.get_list_members,
            list_id,
            words=user_params,
            auth="user" if as_owner else self._read_auth(),
            worst_case=LIST_PAGE,
            **params,
        )
        _raise_if_list_missing(LIST_MEMBERS, list_id, answer)
        return self._page(answer, *parse_accounts(answer.body, LIST_MEMBERS.key))

    async def list_posts(
        self, list_id: str, *, cursor: str | None = None, page_size: int = LIST_PAGE, as_owner: bool = False
    ) -> Page[NetworkPost]:
        """One page of a List's posts, newest first; ``as_owner`` reads as the team's account (private Lists)."""
        size = max(1, min(page_size, LIST_PAGE))
        params: dict[str, Any] = {"max_results": size}
        if cursor:
            params["pagination_token"] = cursor
        answer = await self._read(
            LIST_POSTS,
            self.client.get_list_tweets,
            list_id,
            words=post_params,
            auth="user" if as_owner else self._read_auth(),
            worst_case=size,
            **params,
        )
        _raise_if_list_missing(LIST_POSTS, list_id, answer)
        return self._page(answer, *parse_posts(answer.body, LIST_POSTS.key))


def _error_detail(body: dict[str, Any]) -> str:
    """The first error X gave in a 200 answer, in its own words ("" when there is none)."""
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("detail") or errors[0].get("title") or "")
    return ""
