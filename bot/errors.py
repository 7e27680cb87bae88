"""Domain errors. Each carries a polite message that can be shown to a person as it is."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime


class CirclebotError(Exception):
    """Base of every error whose message is meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotInServer(CirclebotError):
    """A command used in a direct message: Circlebot works for a team, in its server."""

    def __init__(self) -> None:
        super().__init__("Use Circlebot in a server: its commands work for a team, not in direct messages.")


class InvalidHandle(CirclebotError):
    def __init__(self, raw: str) -> None:
        # Nothing left to quote once control and invisible characters are taken out: "“” is not…" reads as a bug.
        shown = f"“{raw}”" if raw.strip() else "What you typed"
        super().__init__(f"{shown} is not an X handle or profile link (handles are 1–15 letters, digits or _).")
        self.raw = raw


class UnknownAccount(CirclebotError):
    def __init__(self, handle: str) -> None:
        super().__init__(f"@{handle} was not found on X. Check the spelling.")
        self.handle = handle


class SuspendedAccount(CirclebotError):
    def __init__(self, handle: str) -> None:
        super().__init__(f"@{handle} is suspended on X, so it can't be used.")
        self.handle = handle


class ProtectedAccount(CirclebotError):
    def __init__(self, handle: str) -> None:
        super().__init__(f"@{handle} is protected: its following list is private, so it can't be a seed.")
        self.handle = handle


class XError(CirclebotError):
    """X refused or failed a call in a way that retrying now will not fix."""


class BudgetExhausted(XError):
    def __init__(self, *, spent: float, cap: float, needed: float, endpoint: str) -> None:
        super().__init__(
            f"Today's X budget is used up: ${spent:.2f} of ${cap:.2f} spent, and {endpoint} could cost up to "
            f"${needed:.2f}. Raise DAILY_SPEND_CAP or wait for tomorrow (UTC)."
        )
        self.spent, self.cap, self.needed, self.endpoint = spent, cap, needed, endpoint


class UsageCapped(XError):
    def __init__(self, endpoint: str) -> None:
        super().__init__(
            f"X says the app's usage cap is reached ({endpoint}); waiting will not help until the cap resets "
            "or the plan changes."
        )
        self.endpoint = endpoint


class XUnauthorized(XError):
    def __init__(self, endpoint: str) -> None:
        super().__init__(f"X rejected our credentials ({endpoint}). Check the X_* settings in .env.")
        self.endpoint = endpoint


class XForbidden(XError):
    def __init__(self, endpoint: str, detail: str) -> None:
        super().__init__(f"X refused {endpoint}: {detail}")
        self.endpoint, self.detail = endpoint, detail


class MissingCredentials(XForbidden):
    """A call that must be made as the team's account, without its OAuth 1.0a credentials. Nothing was sent.

    A forbidden call like X's own refusal: an approved follow becomes a follow link for a person, a List
    addition fails with this message."""

    def __init__(self, endpoint: str, missing: tuple[str, ...]) -> None:
        detail = f"it must be sent as the team's X account: set {', '.join(missing)} in .env (see .env.example)"
        super().__init__(endpoint, detail)
        # Nothing reached X: say so rather than "X refused".
        self.message = f"Circlebot can't send {endpoint} yet: {detail}, then restart it."
        self.args = (self.message,)
        self.missing = missing


class XUnavailable(XError):
    """X kept failing (5xx, timeouts, dropped connections, bad bodies) after every retry."""

    def __init__(self, endpoint: str, attempts: int, last_problem: str) -> None:
        super().__init__(f"X did not answer {endpoint} after {attempts} attempts ({last_problem}); will try later.")
        self.endpoint, self.attempts, self.last_problem = endpoint, attempts, last_problem


class ListingCutShort(XError):
    """A listing was read only in part: X repeated a page cursor (``repeated``), or the run's page budget was
    spent. What was read is kept; a full crawl goes on from its stored cursor next run."""

    def __init__(self, message: str, *, repeated: bool) -> None:
        super().__init__(message)
        self.repeated = repeated


class RateLimited(XError):
    """X's rate-limit window for a call resets further ahead than is worth waiting for inside a job (a daily
    window, or any wait that would hold up other teams' work): the caller puts the work back until ``retry_at``."""

    def __init__(self, endpoint: str, retry_at: datetime) -> None:
        super().__init__(
            f"X's rate limit for {endpoint} resets at {retry_at:%Y-%m-%d %H:%M} UTC; it will be tried again then."
        )
        self.endpoint, self.retry_at = endpoint, retry_at


class WriteOutcomeUnknown(XError):
    """A write may or may not have reached X (timeout or dropped connection); it is not resent blindly."""

    def __init__(self, endpoint: str, problem: str) -> None:
        super().__init__(
            f"X did not confirm {endpoint} ({problem}); it was not resent, so it may need checking before a retry."
        )
        self.endpoint, self.problem = endpoint, problem


class XBadRequest(XError):
    def __init__(self, endpoint: str, detail: str, problem: dict[str, object] | None = None) -> None:
        super().__init__(f"X rejected the request to {endpoint}: {detail}")
        self.endpoint, self.detail = endpoint, detail
        self.problem: dict[str, object] = problem or {}
        """X's whole problem body (its ``errors`` name each refused parameter or value)."""


class XNoData(XError):
    """X answered a read with neither the object nor a reason we know (the spec allows a body without ``data``)."""

    def __init__(self, endpoint: str, detail: str) -> None:
        super().__init__(f"X answered {endpoint} without the data asked for ({detail}); try again later.")
        self.endpoint, self.detail = endpoint, detail


class AccountUnavailable(XError):
    """An account's listing could not be read (protected, suspended or gone)."""

    def __init__(self, account_id: str, reason: str) -> None:
        super().__init__(f"The X account {account_id} can't be read ({reason}).")
        self.account_id, self.reason = account_id, reason


class ListUnavailable(XError):
    """A List can't be read: deleted on X, or private to someone else."""

    def __init__(self, list_id: str, detail: str) -> None:
        super().__init__(f"The X List {list_id} can't be read: {detail}")
        self.list_id, self.detail = list_id, detail
