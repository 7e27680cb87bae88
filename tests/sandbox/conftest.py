"""Fixtures: a small deterministic world served by an in-process SandboxServer."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import aiohttp
import pytest

from bot.sandbox.server import SandboxServer
from bot.sandbox.world import World

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

NOW = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)
SHARED = Path(__file__).resolve().parents[3] / "shared"
SPEC_PATH = SHARED / "x-api" / "openapi-v2.166.json"
POST_SPEC_PATH = SHARED / "x-api" / "openapi-v2.167.json"
EGO_GRAPH = SHARED / "data" / "follow_graphs" / "twitter_ego_12831.follows.tsv"


def small_world() -> World:
    return World.generate(seed=1, seeds=3, following_per_seed=50, now=NOW)


@pytest.fixture
def world() -> World:
    return small_world()


class FakeClock:
    """A controllable clock for rate-limit windows and billing days."""

    def __init__(self, start: float = NOW.timestamp()) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def server(world: World, clock: FakeClock) -> AsyncIterator[SandboxServer]:
    async with SandboxServer(world, clock=clock) as running:
        yield running


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def bearer(server: SandboxServer) -> dict[str, str]:
    return {"Authorization": f"Bearer {server.config.bearer_token}"}


@pytest.fixture
def oauth(server: SandboxServer) -> dict[str, str]:
    """A syntactically valid OAuth 1.0a header for the sandbox's own account (signature not checked)."""
    config = server.config
    return {
        "Authorization": (
            f'OAuth oauth_consumer_key="{config.consumer_key}", oauth_nonce="1", oauth_signature="sig%3D", '
            f'oauth_signature_method="HMAC-SHA1", oauth_timestamp="1", oauth_token="{config.access_token}", '
            'oauth_version="1.0"'
        )
    }


def plain_followees(world: World, seed_index: int = 0) -> list[str]:
    """Followees of a seed that are neither protected nor suspended, nor the team's own account."""
    return [
        uid
        for uid in world.following[world.seed_ids[seed_index]]
        if not world.users[uid].protected and not world.users[uid].suspended and uid != world.me_id
    ]
