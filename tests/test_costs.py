"""Cost told up front: a new seed's first crawl, and the team account's reads owned or paid."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.approvals import Decider
from bot.clock import utc_from_timestamp
from bot.costs import first_crawl, team_reads, team_reads_of
from bot.discovery import seeds
from bot.models import GuildSettings
from bot.networks.base import NetworkAccount
from bot.team import set_team_account, team_account_id
from tests.networks.helpers import x_network, x_settings

if TYPE_CHECKING:
    from bot.clock import FakeClock
    from bot.db import Database
    from bot.networks.x import XNetwork
    from bot.sandbox.server import SandboxServer

GUILD = 12
ADMIN = Decider(user_id=1, can_manage_guild=True)


def test_a_first_crawl_larger_than_the_cap_says_when_the_rest_is_read() -> None:
    settings = x_settings("http://127.0.0.1:1", daily_spend_cap=25.0)
    ten_seeds = [NetworkAccount(id=str(n), handle=f"s{n}", following_count=830) for n in range(10)]
    estimate = first_crawl(ten_seeds, settings=settings, spent_today_dollars=5.0, owned_id=None)
    assert (estimate.accounts, estimate.dollars, estimate.fits_today_dollars, estimate.days) == (8300, 83.0, 20.0, 4)
    assert estimate.words == (
        "Their first crawl reads up to 8,300 accounts: up to $83.00. $20.00 of it fits under today's cap; the rest "
        "is read over the next 3 days (the cap of $25.00 renews at 00:00 UTC; raise DAILY_SPEND_CAP to go faster)."
    )
    small = first_crawl(ten_seeds[:1], settings=settings, spent_today_dollars=0.0, owned_id=None)
    assert small.words.endswith("It fits under today's cap ($25.00 left).")


async def test_seed_add_answers_with_the_first_crawl_cost(
    db: Database, sandbox: SandboxServer, clock: FakeClock
) -> None:
    world = sandbox.world
    settings = x_settings(sandbox.base_url, daily_spend_cap=2.0, x_access_token=sandbox.config.access_token)
    handles = " ".join(f"@{world.users[seed_id].username}" for seed_id in world.seed_ids)
    async with x_network(settings, db, clock) as x, db.session() as session, session.begin():
        result = await seeds.add(
            session,
            x,
            guild_id=GUILD,
            raw=handles,
            added_by=None,
            settings=settings,
            now=utc_from_timestamp(clock.time()),
        )
    counts = sum(world.following_count(seed_id) for seed_id in world.seed_ids)
    assert result.first_crawl is not None
    assert result.first_crawl.accounts == counts
    assert result.first_crawl.dollars == round(counts * 0.01, 2)
    lookup_cost = len(world.seed_ids) * 0.01  # the lookup that resolved the handles is already spent today
    assert result.first_crawl.fits_today_dollars == round(2.0 - lookup_cost, 2)
    assert "the rest is read over the next" in result.first_crawl.words


async def test_team_account_without_a_token_is_used_and_its_reads_are_paid(
    db: Database, sandbox: SandboxServer, clock: FakeClock, db_x: XNetwork
) -> None:
    world = sandbox.world
    team = world.users[world.me_id]
    settings = x_settings(sandbox.base_url, x_access_token=None, x_access_token_secret=None)
    async with x_network(settings, db, clock) as anonymous:
        account = await set_team_account(db, anonymous, guild_id=GUILD, decider=ADMIN, raw=f"@{team.username}")
        assert account.id == team.id
        async with db.session() as session:
            stored = await session.get(GuildSettings, GUILD)
            assert stored is not None
            assert team_account_id(stored, anonymous) == team.id, "used when there is no access token"
            paid = await team_reads_of(session, guild_id=GUILD, settings=settings, owned_id=anonymous.me_id)
            owned = await team_reads_of(session, guild_id=GUILD, settings=settings, owned_id=db_x.me_id)
    entries = team.extra_following + team.extra_followers + len(world.following.get(team.id, []))
    assert not paid.owned and paid.entries >= len(world.following.get(team.id, []))
    assert "are paid reads" in paid.words and "as owned reads with its own X_ACCESS_TOKEN" in paid.words
    assert owned.owned and "are owned reads" in owned.words
    assert paid.dollars == round(paid.entries * 0.01, 2) and owned.dollars == round(owned.entries * 0.001, 2)
    assert entries >= 0
    assert team_reads(None, settings=settings, owned_id=None).words.startswith("Team account: not known.")


def test_team_account_words_escape_the_handle_once() -> None:
    # The line goes into /settings budget and /settings team_account replies, which are markdown: the handle
    # "_dave_" showed as an italic "@dave", "__dave__" as an underlined one.
    from bot.costs import TeamReads

    for hidden, owned in ((False, True), (False, False), (True, False)):
        words = TeamReads(handle="__dave_", owned=owned, entries=3, dollars=0.0, owned_dollars=0.0, hidden=hidden).words
        assert "@\\_\\_dave\\_" in words, words
