"""Build an XNetwork for tests: real tweepy, real aiohttp, pointed at a local server, with a fake clock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.clock import FakeClock
from bot.config import Settings, load_settings
from bot.networks.x import XNetwork

if TYPE_CHECKING:
    from bot.db import Database

TEST_ACCESS_TOKEN = "1000000000000000001-sandboxtoken"


def x_settings(base_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "x_api_base_url": base_url,
        "x_bearer_token": "sandbox-bearer",
        "x_consumer_key": "sandbox-consumer-key",
        "x_consumer_secret": "sandbox-consumer-secret",
        "x_access_token": TEST_ACCESS_TOKEN,
        "x_access_token_secret": "sandbox-access-secret",
        # Generous: on a loaded machine a 1 s timeout made the sandbox's slow answers look like X timing out,
        # and the retry added a request that tests counting requests then saw. Timeout tests set their own.
        "x_timeout_seconds": 10.0,
        "daily_spend_cap": 100.0,
        "_env_file": None,
    }
    values.update(overrides)
    return load_settings(**values)


def x_network(settings: Settings, db: Database, clock: FakeClock | None = None) -> XNetwork:
    network = XNetwork.from_settings(settings, db, clock=clock or FakeClock())
    network.governor.backoff_seconds = 0.01
    return network
