"""Credentials checked at start-up and in /settings status; missing ones refuse at once, never late."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from bot import executor
from bot.config import SettingsError, load_settings
from bot.credentials import capabilities, x_status_lines
from bot.errors import MissingCredentials
from bot.lists import service
from bot.models import ListKind
from bot.networks.vocabulary import EndpointVocabulary
from tests.networks.helpers import x_network, x_settings
from tests.test_approvals import ADMIN, GUILD, make_entry, react

if TYPE_CHECKING:
    from bot.clock import FakeClock
    from bot.db import Database
    from bot.sandbox.server import SandboxServer

WORLD_TOKEN_SECRET = "s3cr3t-value-never-shown"


def test_the_minimum_reads_and_names_what_follows_and_lists_need() -> None:
    settings = load_settings(_env_file=None, discord_token="d", x_bearer_token="b")
    lines = [item.line for item in capabilities(settings)]
    assert lines[0].startswith("✅ Read")
    assert lines[1] == (
        "❌ Follow: set X_CONSUMER_KEY, X_CONSUMER_SECRET, X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET in .env to follow "
        "accounts on X"
    )
    assert lines[2].startswith("❌ Lists: set X_CONSUMER_KEY")
    learned = [EndpointVocabulary("GET /2/users/by", "post", learned_from="most_recent_tweet_id")]
    status = x_status_lines(settings, learned)
    assert status[:4] == ["**X**", *lines]
    assert status[-1] == "· GET /2/users/by: post (X refused most_recent_tweet_id)"


@pytest.mark.parametrize("token", ["foo", f"foo-{WORLD_TOKEN_SECRET}", f"-{WORLD_TOKEN_SECRET}", "123-"])
def test_an_access_token_must_be_user_id_dash_secret_and_is_never_echoed(token: str) -> None:
    with pytest.raises(SettingsError) as refused:
        load_settings(_env_file=None, x_access_token=token)
    message = str(refused.value)
    assert message.startswith("X_ACCESS_TOKEN is invalid: must look like <user id>-<secret>")
    assert "\n" not in message and WORLD_TOKEN_SECRET not in message and "foo" not in message
    assert load_settings(_env_file=None, x_access_token=f"123-{WORLD_TOKEN_SECRET}").x_access_token is not None


async def test_lists_without_write_credentials_refuse_at_once(
    sandbox: SandboxServer, sqlite_db: Database, clock: FakeClock
) -> None:
    settings = x_settings(sandbox.base_url, x_access_token=None, x_access_token_secret=None)
    async with x_network(settings, sqlite_db, clock) as x:
        with pytest.raises(MissingCredentials, match=r"set X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET in \.env"):
            await service.create(
                sqlite_db, x, guild_id=GUILD, decider=ADMIN, name="Rust", kind=ListKind.NICHE, keywords="rust"
            )
        with pytest.raises(MissingCredentials):
            await service.import_owned(sqlite_db, x, guild_id=GUILD, decider=ADMIN)
    assert sandbox.requests == [], "nothing was sent to X"


async def test_an_approved_follow_without_credentials_becomes_a_follow_link_not_stuck_sending(
    sandbox: SandboxServer, sqlite_db: Database, clock: FakeClock
) -> None:
    world = sandbox.world
    target = next(u for u in world.following[world.seed_ids[0]] if not world.users[u].protected)
    handle = world.users[target].username
    await make_entry(sqlite_db, target)
    await react(sqlite_db, ADMIN, handle=handle)
    settings = x_settings(sandbox.base_url, x_consumer_key=None, x_consumer_secret=None)
    async with x_network(settings, sqlite_db, clock) as x:
        (action,) = await executor.execute_follows(sqlite_db, x, guild_id=GUILD)
    assert action.state == "by_hand"
    assert action.result == f"https://x.com/intent/follow?screen_name={handle}"
    assert sandbox.follow_requests == [] and sandbox.requests_to("POST /2/users/:id/following") == []
