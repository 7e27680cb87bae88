"""One governor for every X call: budget, pacing, retries, and the usage ledger.

Every request to X goes through `Governor.call`, which
- refuses a call whose worst case would pass the daily spend cap (`BudgetExhausted`);
- paces per endpoint from the ``x-rate-limit-*`` headers X sends with every answer;
- on a window 429 waits for the reset X names (never tweepy's endless ``wait_on_rate_limit``), unless it is
  further ahead than the call's patience (15 minutes for reads, 2 for writes, which the executor sends for every
  team in turn): then it raises ``RateLimited`` with the reset, and the caller puts the work back until then;
- retries 5xx, timeouts, dropped connections and unreadable bodies with jittered backoff, a bounded number
  of times; a write is never resent after an answer that leaves its outcome unknown;
- stops at once on a usage-cap 429, 401 and 403, with an error a person can act on;
- writes one ledger row per attempt, with the resources returned and their cost. X bills each resource once
  per UTC day, so the ledger does too, and its sum is what X will bill.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Literal

import aiohttp
import tweepy
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col

from bot import ledger
from bot.clock import Clock, SystemClock
from bot.errors import (
    BudgetExhausted,
    RateLimited,
    UsageCapped,
    WriteOutcomeUnknown,
    XBadRequest,
    XForbidden,
    XUnauthorized,
    XUnavailable,
)
from bot.models import ApiCall, BilledResource

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Iterable

    from bot.config import Settings
    from bot.db import Database

log = logging.getLogger(__name__)

BillingKind = Literal["user", "post", "owned", "follow", "create_list", "list_member_add", "free"]
Auth = Literal["app", "user"]

# The same on both of X's hosts (api.twitter.com, api.x.com).
USAGE_CAPPED_PROBLEM = "/2/problems/usage-capped"
# Most windows last 15 minutes; some (follows, List additions, per-day app limits) last a day. A job waits for a
# reset at most this long: reads as long as a 15-minute window, writes briefly, since the executor sends every
# team's follows and List additions one after another. A later reset raises RateLimited instead.
LONGEST_WINDOW_SECONDS = 15 * 60 + 5
WRITE_PATIENCE_SECONDS = 120.0
# X's x-rate-limit-reset is whole epoch seconds (truncated), so the window may really reset up to a second after
# it; both the pacing wait and the 429 wait end this long after the named reset.
RESET_MARGIN_SECONDS = 1.0
# When fewer than this share of a window's calls remain, spread them evenly until the reset.
PACE_BELOW_SHARE = 0.2


@dataclass(frozen=True, slots=True)
class Endpoint:
    """An X endpoint: the key X's docs use, what it bills, and whether it changes anything."""

    key: str
    billing: BillingKind
    write: bool = False


@dataclass(frozen=True, slots=True)
class Prices:
    """Prices in micro-dollars per resource (reads) or per request (writes)."""

    user: int
    post: int
    owned: int
    follow: int
    create_list: int
    list_member_add: int

    @classmethod
    def from_settings(cls, settings: Settings) -> Prices:
        def micros(dollars: float) -> int:
            return round(dollars * 1_000_000)

        return cls(
            user=micros(settings.x_price_user),
            post=micros(settings.x_price_post),
            owned=micros(settings.x_price_owned_read),
            follow=micros(settings.x_price_follow),
            create_list=micros(settings.x_price_create_list),
            list_member_add=micros(settings.x_price_list_member_add),
        )

    def of(self, kind: BillingKind) -> int:
        return 0 if kind == "free" else getattr(self, kind)


@dataclass(slots=True)
class _Window:
    """What X last told us about one endpoint's rate-limit window."""

    limit: int | None = None
    remaining: int | None = None
    reset_at: float | None = None
    last_sent_at: float = 0.0


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: dict[str, Any]


class _Retry(Exception):
    """An attempt failed in a way worth another try."""

    def __init__(self, outcome: str, *, wait: float | None = None) -> None:
        super().__init__(outcome)
        self.outcome = outcome
        self.wait = wait


def billable_ids(body: dict[str, Any], kind: BillingKind) -> list[tuple[str, str]]:
    """The (billing kind, id) of every resource an answer returned, as X counts them.

    ``body`` is X's JSON answer; ``kind`` the endpoint's billing kind. Writes and free endpoints return nothing;
    in an owned read every returned resource, ``data`` and ``includes`` alike, is an owned read. Never raises."""
    if kind in {"free", "follow", "create_list", "list_member_add"}:
        return []
    data = body.get("data")
    items: Iterable[Any] = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
    found = [(kind, str(item["id"])) for item in items if isinstance(item, dict) and "id" in item]
    includes = body.get("includes") or {}
    # X prices an owned-read endpoint (its {id} is the authenticated user) at the owned rate per resource it
    # returns, expansions included (docs.x.com, "Owned Reads"); the sandbox bills the same way.
    user_kind: BillingKind = "owned" if kind == "owned" else "user"
    post_kind: BillingKind = "owned" if kind == "owned" else "post"
    found += [(user_kind, str(user["id"])) for user in includes.get("users", []) if "id" in user]
    # Both spellings: an endpoint still in the tweet vocabulary answers ``includes.tweets``.
    for key in ("tweets", "posts"):
        found += [
            (post_kind, str(post["id"])) for post in includes.get(key) or [] if isinstance(post, dict) and "id" in post
        ]
    return found


class Governor:
    def __init__(
        self,
        db: Database,
        prices: Prices,
        *,
        daily_cap_dollars: float,
        max_retries: int = 5,
        backoff_seconds: float = 1.0,
        backoff_cap_seconds: float = 60.0,
        max_window_waits: int = 4,
        clock: Clock | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.db = db
        self.prices = prices
        self.daily_cap_micros = round(daily_cap_dollars * 1_000_000)
        self.max_retries = max_retries
        self.backoff_seconds = backoff_seconds
        self.backoff_cap_seconds = backoff_cap_seconds
        self.max_window_waits = max_window_waits
        self.clock = clock or SystemClock()
        self.rng = rng or random.Random()
        self.retries = 0
        self._windows: dict[tuple[str, Auth], _Window] = {}
        self._window_locks: dict[tuple[str, Auth], asyncio.Lock] = {}
        self._budget_lock = asyncio.Lock()
        self._ledger_lock = asyncio.Lock()
        self._reserved_micros = 0

    @classmethod
    def from_settings(cls, settings: Settings, db: Database, *, clock: Clock | None = None) -> Governor:
        return cls(
            db,
            Prices.from_settings(settings),
            daily_cap_dollars=settings.daily_spend_cap,
            max_retries=settings.x_max_retries,
            clock=clock,
        )

    # -- money -------------------------------------------------------------------------------------------

    def today(self) -> date:
        return datetime.fromtimestamp(self.clock.time(), tz=UTC).date()

    async def spent_today_micros(self) -> int:
        """Micro-dollars every team spent today (UTC, by the governor's clock): what the daily cap limits."""
        async with self.db.session() as session:
            return await ledger.spent(session, since=ledger.start_of_day(self.today()))

    async def _reserve(self, endpoint: Endpoint, worst_case_micros: int) -> None:
        async with self._budget_lock:
            spent = await self.spent_today_micros()
            if spent + self._reserved_micros + worst_case_micros > self.daily_cap_micros:
                log.warning(
                    "refused %s: spent %d + reserved %d + up to %d micro-dollars passes the cap %d",
                    endpoint.key,
                    spent,
                    self._reserved_micros,
                    worst_case_micros,
                    self.daily_cap_micros,
                )
                raise BudgetExhausted(
                    spent=(spent + self._reserved_micros) / 1_000_000,
                    cap=self.daily_cap_micros / 1_000_000,
                    needed=worst_case_micros / 1_000_000,
                    endpoint=endpoint.key,
                )
            self._reserved_micros += worst_case_micros

    # -- pacing ------------------------------------------------------------------------------------------

    async def _pace(self, slot: tuple[str, Auth], patience: float) -> None:
        """Wait as X's last headers ask, then count this call against the window. A used-up window resetting more
        than ``patience`` seconds ahead raises ``RateLimited`` without calling X."""
        window = self._windows.setdefault(slot, _Window())
        lock = self._window_locks.setdefault(slot, asyncio.Lock())
        async with lock:
            now = self.clock.time()
            # The named reset is truncated: until it + the margin has passed, the window may not have reset yet.
            if (
                window.reset_at is not None
                and window.remaining is not None
                and window.reset_at + RESET_MARGIN_SECONDS > now
            ):
                if window.remaining <= 0:
                    if window.reset_at - now > patience:
                        raise RateLimited(slot[0], datetime.fromtimestamp(window.reset_at, tz=UTC))
                    log.info("pacing %s: window used up, waiting %.1fs for the reset", slot[0], window.reset_at - now)
                    await self.clock.sleep(window.reset_at - now + RESET_MARGIN_SECONDS)
                    window.remaining = None
                elif window.limit and window.remaining < window.limit * PACE_BELOW_SHARE:
                    time_left = min(max(window.reset_at - now, 0.0), LONGEST_WINDOW_SECONDS)
                    gap = time_left / window.remaining
                    wait = min(window.last_sent_at + gap - now, patience)
                    if wait > 0:
                        log.debug("pacing %s: %d calls left, waiting %.2fs", slot[0], window.remaining, wait)
                        await self.clock.sleep(wait)
            if window.remaining is not None:
                window.remaining -= 1
            window.last_sent_at = self.clock.time()

    def _observe(self, slot: tuple[str, Auth], headers: Any) -> None:
        if headers is None:
            return
        window = self._windows.setdefault(slot, _Window())
        try:
            if "x-rate-limit-limit" in headers:
                window.limit = int(headers["x-rate-limit-limit"])
            if "x-rate-limit-remaining" in headers:
                window.remaining = int(headers["x-rate-limit-remaining"])
            if "x-rate-limit-reset" in headers:
                window.reset_at = float(headers["x-rate-limit-reset"])
        except ValueError:
            log.warning("unreadable rate-limit headers from %s", slot[0])

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self.backoff_cap_seconds, self.backoff_seconds * 2 ** (attempt - 1))
        return ceiling * self.rng.uniform(0.5, 1.0)

    # -- the call ----------------------------------------------------------------------------------------

    async def call(
        self,
        endpoint: Endpoint,
        send: Callable[[], Awaitable[aiohttp.ClientResponse]],
        *,
        auth: Auth,
        worst_case_resources: int = 1,
        owned: bool = False,
        guild_id: int | None = None,
    ) -> Answer:
        """Send one logical request (retrying as needed) and return X's JSON answer."""
        # Reads of the team's own account (its followers, its posts, its mentions) are owned reads.
        kind: BillingKind = "owned" if owned and endpoint.billing in {"user", "owned", "post"} else endpoint.billing
        worst_case = self.prices.of(kind) * (1 if endpoint.write else worst_case_resources)
        await self._reserve(endpoint, worst_case)
        try:
            return await self._attempts(endpoint, send, auth=auth, kind=kind, guild_id=guild_id)
        finally:
            async with self._budget_lock:
                self._reserved_micros -= worst_case

    async def _attempts(
        self,
        endpoint: Endpoint,
        send: Callable[[], Awaitable[aiohttp.ClientResponse]],
        *,
        auth: Auth,
        kind: BillingKind,
        guild_id: int | None,
    ) -> Answer:
        slot = (endpoint.key, auth)
        patience = _patience(endpoint)
        failures = 0
        window_waits = 0
        attempt = 0
        while True:
            attempt += 1
            await self._pace(slot, patience)
            try:
                return await self._attempt(endpoint, send, slot=slot, kind=kind, guild_id=guild_id, attempt=attempt)
            except _Retry as retry:
                if retry.outcome == "rate_limited" and retry.wait is not None:
                    window_waits += 1
                    if window_waits > self.max_window_waits:
                        raise XUnavailable(endpoint.key, attempt, "still rate limited") from None
                    log.info("%s rate limited; waiting %.1fs for the window to reset", endpoint.key, retry.wait)
                    await self.clock.sleep(retry.wait)
                    continue
                failures += 1
                if failures > self.max_retries:
                    raise XUnavailable(endpoint.key, attempt, retry.outcome) from None
                self.retries += 1
                delay = self._backoff(failures)
                log.info("%s failed (%s); retry %d in %.2fs", endpoint.key, retry.outcome, failures, delay)
                await self.clock.sleep(delay)

    async def _attempt(
        self,
        endpoint: Endpoint,
        send: Callable[[], Awaitable[aiohttp.ClientResponse]],
        *,
        slot: tuple[str, Auth],
        kind: BillingKind,
        guild_id: int | None,
        attempt: int,
    ) -> Answer:
        async def record(outcome: str, status: int | None, body: dict[str, Any] | None = None) -> None:
            await self._record(endpoint, kind, outcome, status, body, guild_id=guild_id, attempt=attempt)

        try:
            response = await send()
        except tweepy.TooManyRequests as error:
            self._observe(slot, error.response.headers)
            problem = await _problem(error)
            capped = str(problem.get("type", "")).endswith(USAGE_CAPPED_PROBLEM)
            await record("usage_capped" if capped else "rate_limited", 429)
            if capped:
                raise UsageCapped(endpoint.key) from None
            if error.reset_time is None:
                # No reset named: back off like any transient failure.
                raise _Retry("rate_limited_no_reset") from None
            wait = max(error.reset_time - self.clock.time(), 0.0) + RESET_MARGIN_SECONDS
            if wait > _patience(endpoint):
                # X did nothing (a 429 is a refusal), so the caller can safely try again after the reset.
                raise RateLimited(endpoint.key, datetime.fromtimestamp(error.reset_time, tz=UTC)) from None
            raise _Retry("rate_limited", wait=wait) from None
        except tweepy.Unauthorized as error:
            self._observe(slot, error.response.headers)
            await record("unauthorized", 401)
            raise XUnauthorized(endpoint.key) from None
        except tweepy.Forbidden as error:
            self._observe(slot, error.response.headers)
            await record("forbidden", 403)
            raise XForbidden(endpoint.key, await _detail(error)) from None
        except (tweepy.BadRequest, tweepy.NotFound) as error:
            self._observe(slot, error.response.headers)
            await record("bad_request", error.response.status)
            raise XBadRequest(endpoint.key, await _detail(error), await _problem(error)) from None
        except tweepy.TwitterServerError as error:
            self._observe(slot, error.response.headers)
            await record("server_error", error.response.status)
            self._raise_unless_safe_to_resend(endpoint, f"HTTP {error.response.status}")
            raise _Retry("server_error") from None
        except TimeoutError:
            await record("timeout", None)
            self._raise_unless_safe_to_resend(endpoint, "timeout")
            raise _Retry("timeout") from None
        except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as error:
            await record("connection_error", None)
            self._raise_unless_safe_to_resend(endpoint, type(error).__name__)
            raise _Retry("connection_error") from None
        except (aiohttp.ContentTypeError, json.JSONDecodeError):
            # An error status with a body that is not JSON (tweepy parses error bodies itself).
            await record("bad_body", None)
            self._raise_unless_safe_to_resend(endpoint, "unreadable error body")
            raise _Retry("bad_body") from None
        except tweepy.HTTPException as error:
            self._observe(slot, error.response.headers)
            await record("http_error", error.response.status)
            raise XBadRequest(endpoint.key, await _detail(error)) from None

        self._observe(slot, response.headers)
        try:
            body = await response.json(content_type=None)
        except (json.JSONDecodeError, UnicodeDecodeError):
            body = None
        if not isinstance(body, dict):
            await record("bad_body", response.status)
            self._raise_unless_safe_to_resend(endpoint, "unreadable answer")
            raise _Retry("bad_body")
        await record("ok", response.status, body)
        return Answer(status=response.status, body=body)

    @staticmethod
    def _raise_unless_safe_to_resend(endpoint: Endpoint, problem: str) -> None:
        """A write whose answer was lost may have happened: report it instead of sending it again."""
        if endpoint.write:
            raise WriteOutcomeUnknown(endpoint.key, problem)

    async def _record(
        self,
        endpoint: Endpoint,
        kind: BillingKind,
        outcome: str,
        status: int | None,
        body: dict[str, Any] | None,
        *,
        guild_id: int | None,
        attempt: int,
    ) -> None:
        """Write the ledger row for one attempt; only a delivered success costs money."""
        resources = billed = cost = 0
        async with self._ledger_lock, self.db.session() as session, session.begin():
            if outcome == "ok":
                if endpoint.write:
                    resources = billed = 1
                    cost = self.prices.of(kind)
                elif body is not None:
                    returned = billable_ids(body, kind)
                    resources = len(returned)
                    fresh = await self._first_billing_today(session, returned)
                    billed = len(fresh)
                    cost = sum(self.prices.of(fresh_kind) for fresh_kind, _ in fresh)  # type: ignore[arg-type]
            session.add(
                ApiCall(
                    guild_id=guild_id,
                    endpoint=endpoint.key,
                    status=status,
                    outcome=outcome,
                    resources=resources,
                    billed_resources=billed,
                    cost_micros=cost,
                    attempt=attempt,
                    at=datetime.fromtimestamp(self.clock.time(), tz=UTC),
                )
            )
        log.debug("ledger %s %s status=%s resources=%d cost=%d", endpoint.key, outcome, status, resources, cost)

    async def _first_billing_today(self, session: Any, returned: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """The resources not yet billed today, now marked as billed.

        One INSERT … ON CONFLICT DO NOTHING … RETURNING: a row comes back only for a resource this call marked,
        so two processes recording the same resource at once bill it once, never both and never with an error
        (a read-then-insert did both)."""
        if not returned:
            return []
        day = self.today()
        unique = list(dict.fromkeys(returned))
        dialect = session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = (
            insert(BilledResource)
            .on_conflict_do_nothing(index_elements=["day", "kind", "resource_id"])
            .returning(col(BilledResource.kind), col(BilledResource.resource_id))
        )
        # Plain rows in one executemany, not ORM objects: a page bills up to 1000 resources, and building and
        # flushing 1000 objects held the event loop for a tenth of a second or more.
        rows = [{"day": day, "kind": kind, "resource_id": resource_id} for kind, resource_id in unique]
        result = await session.exec(statement, params=rows)
        marked = {(kind, resource_id) for kind, resource_id in result.all()}
        return [item for item in unique if item in marked]


def _patience(endpoint: Endpoint) -> float:
    """How long a call may wait for a rate-limit reset, in seconds."""
    return WRITE_PATIENCE_SECONDS if endpoint.write else LONGEST_WINDOW_SECONDS


async def _problem(error: tweepy.HTTPException) -> dict[str, Any]:
    """X's JSON problem body of an error answer (already read by tweepy), or {}."""
    try:
        body = await error.response.json(content_type=None)
    except (json.JSONDecodeError, UnicodeDecodeError, aiohttp.ClientError):
        return {}
    return body if isinstance(body, dict) else {}


async def _detail(error: tweepy.HTTPException) -> str:
    """X's own explanation of a refusal, without anything from our request."""
    body = await _problem(error)
    detail = body.get("detail") or body.get("title")
    if not detail and error.api_messages:
        detail = "; ".join(error.api_messages)
    return str(detail or f"HTTP {error.response.status}")
