"""``python -m bot demo``: the main job, offline, against a generated sandbox X world."""

from __future__ import annotations

import logging
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlmodel import col, func, select

from bot.config import load_settings
from bot.db import Database
from bot.discovery.crawl import crawl
from bot.models import Account, ApiCall, FollowEdge
from bot.networks.x import XNetwork
from bot.sandbox.server import SandboxServer
from bot.sandbox.world import World

DEMO_SEEDS = 3


def _ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never posted"
    hours = (now - moment).total_seconds() / 3600
    return f"{hours:.0f} h ago" if hours < 48 else f"{hours / 24:.0f} days ago"


async def run_demo(*, seed: int = 7) -> int:
    console = Console()
    logging.basicConfig(level=logging.WARNING)
    world = World.generate(seed=seed, seeds=DEMO_SEEDS, following_per_seed=300)
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as folder:
        async with (
            SandboxServer(world) as sandbox,
            Database(f"sqlite+aiosqlite:///{Path(folder) / 'demo.sqlite3'}") as db,
        ):
            settings = load_settings(
                _env_file=None,
                x_api_base_url=sandbox.base_url,
                x_bearer_token=sandbox.config.bearer_token,
                x_consumer_key=sandbox.config.consumer_key,
                x_consumer_secret=sandbox.config.consumer_secret,
                x_access_token=sandbox.config.access_token,
                x_access_token_secret=sandbox.config.access_token_secret,
            )
            console.print(f"[bold]Circlebot demo[/] — sandbox X world {seed} at {sandbox.base_url}")
            async with XNetwork.from_settings(settings, db) as x:
                lookup = await x.lookup_accounts(world.seed_ids)
                for account in lookup.found:
                    report = await crawl(db, x, account_id=account.id, reported_count=account.following_count)
                    console.print(
                        f"crawled @{account.handle}'s following: {report.accounts_seen} accounts "
                        f"in {report.pages} page(s)"
                    )
            async with db.session() as session:
                accounts = (
                    await session.exec(
                        select(Account, func.count(col(FollowEdge.follower_id)))
                        .join(FollowEdge, col(FollowEdge.followee_id) == col(Account.id))
                        .group_by(col(Account.id))
                        .order_by(func.count(col(FollowEdge.follower_id)).desc(), col(Account.followers_count).desc())
                        .limit(15)
                    )
                ).all()
                spend = (await session.exec(select(func.sum(ApiCall.cost_micros), func.count()))).one()
    table = Table(title="Accounts the seeds follow (most shared first)")
    for column in ("account", "seeds", "followers", "posts", "last post (from the snowflake)"):
        table.add_column(column)
    for account, seeds in accounts:
        table.add_row(
            f"{account.name} (@{account.handle})",
            str(seeds),
            f"{account.followers_count:,}",
            f"{account.post_count:,}",
            _ago(account.most_recent_post_at, now),
        )
    console.print(table)
    dollars = int(spend[0] or 0) / 1e6
    console.print(
        f"X spend: ${dollars:.2f} in {spend[1]} requests (sandbox bill: ${sandbox.billing.total_dollars:.2f})"
    )
    return 0
