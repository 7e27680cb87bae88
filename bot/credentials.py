"""What the configured X credentials let Circlebot do: read, follow, Lists. Checked at start-up and in
``/settings status``; a command that needs a missing capability refuses at once and says what to set.

Reads take the app bearer token (or the OAuth 1.0a user credentials); follows and Lists are written as the
team's account, which takes all four OAuth 1.0a values (X's authentication docs; tweepy's ``AsyncClient``).
The access token's shape (``<user id>-<secret>``) is checked in `bot.config`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import SecretStr

from bot.errors import CirclebotError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.config import Settings
    from bot.networks.vocabulary import EndpointVocabulary

log = logging.getLogger(__name__)

CapabilityName = Literal["read", "follow", "lists"]
OAUTH_SETTINGS = ("x_consumer_key", "x_consumer_secret", "x_access_token", "x_access_token_secret")
_WHAT = {"read": "read X", "follow": "follow accounts on X", "lists": "create and fill X Lists"}


@dataclass(frozen=True, slots=True)
class Capability:
    name: CapabilityName
    ok: bool
    missing: tuple[str, ...]  # the environment variables to set, when not ok

    @property
    def line(self) -> str:
        """One line for a person: ``✅ read: works`` or ``❌ Lists: set X_CONSUMER_KEY, X_ACCESS_TOKEN``."""
        label = {"read": "Read", "follow": "Follow", "lists": "Lists"}[self.name]
        if self.ok:
            return f"✅ {label}: works with what is configured"
        return f"❌ {label}: set {', '.join(self.missing)} in .env to {_WHAT[self.name]}"


class MissingCapability(CirclebotError):
    def __init__(self, capability: Capability) -> None:
        super().__init__(
            f"Circlebot can't {_WHAT[capability.name]} with the credentials it has: set "
            f"{', '.join(capability.missing)} in its .env (see .env.example) and restart it."
        )
        self.capability = capability


def _missing(settings: Settings, names: tuple[str, ...]) -> tuple[str, ...]:
    def empty(value: object) -> bool:
        return value is None or (isinstance(value, SecretStr) and not value.get_secret_value().strip())

    return tuple(name.upper() for name in names if empty(getattr(settings, name)))


def capabilities(settings: Settings) -> tuple[Capability, ...]:
    """Read, follow and Lists, each working or with the variables it lacks (never a secret's value)."""
    oauth_missing = _missing(settings, OAUTH_SETTINGS)
    bearer_missing = _missing(settings, ("x_bearer_token",))
    read_ok = not bearer_missing or not oauth_missing
    return (
        Capability("read", read_ok, () if read_ok else bearer_missing),
        Capability("follow", not oauth_missing, oauth_missing),
        Capability("lists", not oauth_missing, oauth_missing),
    )


def capability(settings: Settings, name: CapabilityName) -> Capability:
    return next(item for item in capabilities(settings) if item.name == name)


def require(settings: Settings, name: CapabilityName) -> None:
    """Raise `MissingCapability` (a polite message naming what to set) unless ``name`` works."""
    found = capability(settings, name)
    if not found.ok:
        raise MissingCapability(found)


def log_capabilities(settings: Settings) -> None:
    """At start-up: one log line per capability."""
    for item in capabilities(settings):
        (log.info if item.ok else log.warning)("X credentials: %s", item.line)


def x_status_lines(settings: Settings, learned: Sequence[EndpointVocabulary]) -> list[str]:
    """``/settings status``'s X section: one line per capability, then the vocabulary each endpoint speaks."""
    lines = ["**X**", *(item.line for item in capabilities(settings))]
    lines.append(f"Vocabulary: {settings.x_vocabulary} (X_VOCABULARY) for every endpoint X has not refused it on")
    lines += [f"· {item.endpoint}: {item.vocabulary} (X refused {item.learned_from})" for item in learned]
    return lines
