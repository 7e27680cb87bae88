"""The governor, call by call: pacing, 429s, usage cap, retries, timeouts, budget and the ledger."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from sqlmodel import select

from bot.clock import FakeClock
from bot.errors import (
    BudgetExhausted,
    RateLimited,
    UsageCapped,
    WriteOutcomeUnknown,
    XForbidden,
    XUnauthorized,
    XUnavailable,
)
from bot.models import ApiCall
from tests.networks.helpers import x_network, x_settings
from tests.networks.scripted import Reply, ScriptedX

if TYPE_CHECKING:
    from bot.db import Database

USERS_PAGE = {
    "data": [{"id": "11", "name": "Ada", "username": "ada"}, {"id": "12", "name": "Bo", "username": "bo"}],
    "meta": {"result_count": 2},
}
WINDOW_429 = {"title": "Too Many Requests", "type": "about:blank", "status": 429, "detail": "Too Many Requests"}
USAGE_CAPPED = {
    "title": "UsageCapExceeded",
    "type": "https://api.twitter.com/2/problems/usage-capped",
    "detail": "Usage cap exceeded: Monthly product cap",
    "status": 429,
}
SERVER_ERROR = {"title": "Service Unavailable", "type": "about:blank", "status": 503, "detail": "Service Unavailable"}


def limits(remaining: int, reset: float, limit: int = 15) -> dict[str, str]:
    return {
        "x-rate-limit-limit": str(limit),
        "x-rate-limit-remaining": str(remaining),
        "x-rate-limit-reset": str(int(reset)),
    }


async def ledger(db: Database) -> list[ApiCall]:
    async with db.session() as session:
        return list((await session.exec(select(ApiCall).order_by(ApiCall.id))).all())  # type: ignore[arg-type]


async def test_governor_window_429_waits_for_the_reset_then_succeeds(sqlite_db: Database) -> None:
    clock = FakeClock(start=1_800_000_000)
    async with ScriptedX() as fake:
        fake.then(
            Reply(429, WINDOW_429, limits(0, clock.now + 120)),
            Reply(200, USERS_PAGE, limits(14, clock.now + 900)),
        )
        async with x_network(x_settings(fake.base_url), sqlite_db, clock) as x:
            page = await x.following("2244994945")
    assert [account.handle for account in page.items] == ["ada", "bo"]
    assert len(fake.requests) == 2
    assert 120 <= sum(clock.slept) <= 125, "waited for the named reset, not longer"
    assert [row.outcome for row in await ledger(sqlite_db)] == ["rate_limited", "ok"]


async def test_governor_429_without_reset_backs_off_and_is_bounded(sqlite_db: Database) -> None:
    clock = FakeClock()
    async with ScriptedX(default=Reply(429, WINDOW_429)) as fake:
        settings = x_settings(fake.base_url, x_max_retries=3)
        async with x_network(settings, sqlite_db, clock) as x:
            with pytest.raises(XUnavailable, match="after 4 attempts"):
                await x.following("2244994945")
    assert len(fake.requests) == 4, "one try plus three retries, never an endless loop"
    assert len(clock.slept) == 3 and all(delay > 0 for delay in clock.slept)


async def test_governor_usage_cap_stops_at_once(sqlite_db: Database) -> None:
    async with (
        ScriptedX(default=Reply(429, USAGE_CAPPED, limits(10, time.time() + 900))) as fake,
        x_network(x_settings(fake.base_url), sqlite_db) as x,
    ):
        with pytest.raises(UsageCapped, match="usage cap"):
            await x.following("2244994945")
    assert len(fake.requests) == 1
    assert [row.outcome for row in await ledger(sqlite_db)] == ["usage_capped"]


@pytest.mark.parametrize(
    ("status", "error"),
    [(401, XUnauthorized), (403, XForbidden)],
)
async def test_governor_auth_refusals_stop_and_report(sqlite_db: Database, status: int, error: type[Exception]) -> None:
    body = {"title": "Forbidden", "type": "about:blank", "status": status, "detail": "Not allowed for this app"}
    async with ScriptedX(default=Reply(status, body)) as fake, x_network(x_settings(fake.base_url), sqlite_db) as x:
        with pytest.raises(error):
            await x.following("2244994945")
    assert len(fake.requests) == 1


async def test_governor_retries_server_errors_bad_bodies_and_drops(sqlite_db: Database) -> None:
    async with ScriptedX() as fake:
        # aiohttp itself resends an idempotent request once after a dropped connection; the second drop is ours.
        fake.then(
            Reply(drop=True),
            Reply(drop=True),
            Reply(503, SERVER_ERROR),
            Reply(200, "<html>Over capacity</html>"),
            Reply(500, "<html>Internal error</html>"),
            Reply(200, USERS_PAGE),
        )
        async with x_network(x_settings(fake.base_url), sqlite_db) as x:
            page = await x.following("2244994945")
            assert x.governor.retries == 4
    assert len(page.items) == 2
    outcomes = [row.outcome for row in await ledger(sqlite_db)]
    assert outcomes == ["connection_error", "server_error", "bad_body", "bad_body", "ok"]


async def test_governor_retries_a_timeout(sqlite_db: Database) -> None:
    async with ScriptedX() as fake:
        fake.then(Reply(200, USERS_PAGE, delay=1.0), Reply(200, USERS_PAGE))
        async with x_network(x_settings(fake.base_url, x_timeout_seconds=0.2), sqlite_db) as x:
            page = await x.following("2244994945")
    assert len(page.items) == 2
    assert [row.outcome for row in await ledger(sqlite_db)] == ["timeout", "ok"]


async def test_governor_never_resends_a_write_whose_outcome_is_unknown(sqlite_db: Database) -> None:
    async with ScriptedX() as fake:
        fake.then(Reply(503, SERVER_ERROR), Reply(200, {"data": {"following": True, "pending_follow": False}}))
        async with x_network(x_settings(fake.base_url), sqlite_db) as x:
            with pytest.raises(WriteOutcomeUnknown):
                await x.follow("17874544")
    assert [request[0] for request in fake.requests] == ["POST"], "the follow was sent once"


async def test_governor_resends_a_write_after_a_window_429(sqlite_db: Database) -> None:
    clock = FakeClock()
    async with ScriptedX() as fake:
        fake.then(
            Reply(429, WINDOW_429, limits(0, clock.now + 60, limit=50)),
            Reply(200, {"data": {"following": True, "pending_follow": False}}),
        )
        async with x_network(x_settings(fake.base_url), sqlite_db, clock) as x:
            result = await x.follow("17874544")
    assert result.following
    assert len(fake.requests) == 2, "X did not act on a 429, so sending it again is safe"


async def test_governor_paces_when_the_window_runs_low(sqlite_db: Database) -> None:
    clock = FakeClock(start=1_800_000_000)
    async with ScriptedX() as fake:
        # 100 allowed per window: after the first answer only 2 are left, 300 s before the reset.
        fake.then(
            Reply(200, USERS_PAGE, limits(2, clock.now + 300, limit=100)),
            Reply(200, USERS_PAGE, limits(1, clock.now + 300, limit=100)),
            Reply(200, USERS_PAGE, limits(0, clock.now + 300, limit=100)),
            Reply(200, USERS_PAGE, limits(99, clock.now + 1200, limit=100)),
        )
        async with x_network(x_settings(fake.base_url), sqlite_db, clock) as x:
            for _ in range(4):
                await x.following("2244994945")
    assert len(fake.requests) == 4
    assert clock.now >= 1_800_000_000 + 300, "the fourth call waited for the window to reset"
    assert clock.slept[0] >= 100, "the remaining calls were spread over the window"


async def test_governor_refuses_a_call_that_could_pass_the_daily_cap(
    sqlite_db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    # A full following page could return 1000 users: $10 worst case against a $5 cap.
    async with (
        ScriptedX(default=Reply(200, USERS_PAGE)) as fake,
        x_network(x_settings(fake.base_url, daily_spend_cap=5.0), sqlite_db) as x,
    ):
        with pytest.raises(BudgetExhausted) as refused:
            await x.following("2244994945")
        page = await x.following("2244994945", page_size=100)  # $1 worst case fits
    assert fake.requests and len(fake.requests) == 1
    assert "$5.00" in refused.value.message and "DAILY_SPEND_CAP" in refused.value.message
    assert len(page.items) == 2
    assert "refused GET /2/users/:id/following" in caplog.text


async def test_governor_budget_counts_what_was_spent_today(sqlite_db: Database) -> None:
    async with (
        ScriptedX(default=Reply(200, USERS_PAGE)) as fake,
        x_network(x_settings(fake.base_url, daily_spend_cap=0.05), sqlite_db) as x,
    ):
        await x.lookup_accounts(["11", "12"])  # $0.02
        assert await x.governor.spent_today_micros() == 20_000
        await x.lookup_accounts(["11", "12"])  # the same users again today: X does not bill them twice
        assert await x.governor.spent_today_micros() == 20_000
        with pytest.raises(BudgetExhausted):
            await x.lookup_accounts([str(n) for n in range(13, 17)])  # up to $0.04 more: over the cap


async def test_governor_ledger_has_no_secret(sqlite_db: Database, caplog: pytest.LogCaptureFixture) -> None:
    async with ScriptedX(default=Reply(200, USERS_PAGE)) as fake:
        with caplog.at_level(logging.DEBUG):
            async with x_network(x_settings(fake.base_url), sqlite_db) as x:
                await x.following("2244994945")
    assert "sandbox-bearer" not in caplog.text
    assert "sandbox-consumer-secret" not in caplog.text


async def test_governor_waits_a_whole_second_past_a_truncated_reset_on_both_paths(sqlite_db: Database) -> None:
    """x-rate-limit-reset is whole seconds, truncated: a window that really resets at 1_800_000_010.7 says
    1_800_000_010. Pacing after a used-up window and the 429 wait both end at the named reset + 1 s, after the
    real reset, so the next call can't land just before it and take a 429."""
    start = 1_800_000_000.6
    real_reset = start + 10.1
    named = int(real_reset)
    assert named < real_reset
    clock = FakeClock(start=start)
    async with ScriptedX(default=Reply(200, USERS_PAGE, limits(14, named + 900))) as fake:
        fake.then(Reply(200, USERS_PAGE, limits(0, named)))
        async with x_network(x_settings(fake.base_url), sqlite_db, clock) as x:
            await x.following("2244994945")  # uses the window up
            await x.following("2244994945")  # paced until the reset
            paced_at = clock.now
        fake.then(Reply(429, WINDOW_429, limits(0, named + 900)))
        async with x_network(x_settings(fake.base_url), sqlite_db, clock) as x:
            before_429 = clock.now
            await x.following("2244994945")
            waited_after_429 = clock.now - before_429
    assert paced_at >= real_reset and paced_at == pytest.approx(named + 1.0, abs=0.01)
    assert waited_after_429 == pytest.approx((named + 900) - before_429 + 1.0, abs=0.01), (
        "the same margin on the 429 path"
    )


async def test_governor_waits_past_a_truncated_reset_the_clock_has_just_passed(sqlite_db: Database) -> None:
    """The named reset (whole seconds, truncated) can already be behind the clock while the real one is not:
    at 1_800_000_010.3 a used-up window named 1_800_000_010 may reset at .9. The next call must still wait until
    the named reset + 1 s, not go at once and take a 429."""
    named = 1_800_000_010
    clock = FakeClock(start=named - 5.0)
    async with ScriptedX(default=Reply(200, USERS_PAGE, limits(14, named + 900))) as fake:
        fake.then(Reply(200, USERS_PAGE, limits(0, named)))
        async with x_network(x_settings(fake.base_url), sqlite_db, clock) as x:
            await x.following("2244994945")  # uses the window up
            clock.now = named + 0.3  # past the named reset, maybe not the real one
            await x.following("2244994945")
            sent_at = clock.now
    # (pytest.approx alone is relative: at 1.8e9 s it would accept an error of half an hour.)
    assert sent_at == pytest.approx(named + 1.0, abs=0.01), "the same margin however late the next call comes"


async def test_governor_never_waits_hours_for_a_window_it_says_when_to_retry(sqlite_db: Database) -> None:
    """Issue 9, case 8: a 429 resetting two hours ahead made one call wait for it inside the executor job."""
    clock = FakeClock(start=1_800_000_000)
    far = Reply(429, WINDOW_429, limits(0, clock.now + 7200, limit=400))
    async with ScriptedX(default=far) as fake, x_network(x_settings(fake.base_url), sqlite_db, clock) as x:
        with pytest.raises(RateLimited) as raised:
            await x.follow("17874544")
        assert raised.value.retry_at == datetime.fromtimestamp(clock.now + 7200, tz=UTC)
        assert "tried again" in raised.value.message
        # The next call on that window is refused at once, without asking X.
        with pytest.raises(RateLimited):
            await x.follow("783214")
        # Reads wait for a 15-minute window but not for one hours away either.
        with pytest.raises(RateLimited):
            await x.following("2244994945")
    assert sum(clock.slept) < 1, "nothing waited for the reset"
    assert [request[0] for request in fake.requests] == ["POST", "GET"]
