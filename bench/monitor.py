"""A week of watching one List's conversations in the sandbox; print one line of figures.

    python -m bench.monitor [--members 200] [--days 7] [--every-hours 2] [--show 5] [--seed 11]

A sandbox world whose ``--members`` active accounts form a community (each follows 15–30 of the others, so their
replies answer each other) and sit on one public List the team watches. The clock starts ``--days`` before the
world's ``now`` and moves ``--every-hours`` at a time; the sandbox serves only posts created by the clock, so posts
appear as the week goes by. Each step runs ``poll_list``, then the "show" step the Discord side does: claim the
best ``--show`` conversations with ``mark_shown`` (what would be posted in the List's thread).

posts_read: posts the sandbox billed (X bills a post once per UTC day); dollars: our usage ledger's sum (checked
against the sandbox's bill); conversations: conversations shown; duplicates: conversations offered or shown after
they had been shown (must be 0); multi_member_share: share of the shown conversations with ≥ 2 List members.
Details on stderr: the posts that appeared during the week, the over-read ratio, pages, polls with nothing shown.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import col, func, select

from bot import ledger
from bot.clock import FakeClock, utc_from_timestamp
from bot.db import Database
from bot.lists.monitor import mark_shown, poll_list
from bot.models import ApiCall, ListKind, ListMember, Post, XList
from bot.networks.base import NetworkAccount
from bot.networks.x import XNetwork
from bot.sandbox.server import LIST_TWEETS, SandboxServer
from bot.sandbox.world import ACTIVE_PERSONAS, SandboxList, World
from bot.storage import upsert_accounts

LIST_ID = "1600000000000000001"
GUILD = 1
WORLD_NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # fixed, so every run sees the same week


def build_community(world: World, size: int, rng: random.Random, start_of_week: datetime) -> list[str]:
    """``size`` visible, active accounts that follow 15–30 of each other (before any timeline is generated)."""
    eligible = sorted(
        (
            user.id
            for user in world.users.values()
            if user.persona in ACTIVE_PERSONAS
            and not user.protected
            and not user.suspended
            and user.id != world.me_id
            and user.id not in world.seed_ids  # a seed follows a thousand others: its replies would go elsewhere
            and user.last_post_at is not None
            and user.last_post_at > start_of_week
        ),
        key=int,
    )
    if len(eligible) < size:
        raise SystemExit(f"the world has only {len(eligible)} active accounts; ask for fewer --members")
    members = rng.sample(eligible, size)
    for member in members:
        others = [other for other in members if other != member]
        circle = rng.sample(others, rng.randint(15, 30))
        world.following[member] = circle + [f for f in world.following.get(member, []) if f not in circle]
    world.lists[LIST_ID] = SandboxList(id=LIST_ID, owner_id=world.me_id, name="Community", member_ids=members)
    return members


async def run(members_wanted: int, days: int, every_hours: float, show: int, seed: int) -> str:
    world = World.generate(seed=seed, seeds=10, following_per_seed=400, now=WORLD_NOW)
    end = world.now
    start = end - timedelta(days=days)
    members = build_community(world, members_wanted, random.Random(seed), start)
    appeared = {
        post.id: post for member in members for post in world.posts_of(member) if start < post.created_at <= end
    }
    clock = FakeClock(start=start.timestamp())
    polls = round(days * 24 / every_hours)

    offered_again = 0
    shown: Counter[str] = Counter()
    multi_member = 0
    quiet_polls = 0
    found_per_poll: list[int] = []
    found_multi_member = 0
    pages_per_poll: list[int] = []
    errors: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        async with (
            SandboxServer(world, clock=clock.time) as sandbox,
            Database(f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}") as db,
        ):
            settings = sandbox.client_settings(daily_spend_cap=100.0)
            async with db.session() as session, session.begin():
                row = XList(guild_id=GUILD, x_list_id=LIST_ID, name="Community", kind=ListKind.NICHE, private=False)
                session.add(row)
                await session.flush()
                assert row.id is not None
                list_row_id = row.id
                # What the member sync would have stored already; not part of the watching cost.
                session.add_all(ListMember(list_id=list_row_id, account_id=member) for member in members)
                await upsert_accounts(session, [NetworkAccount(id=m, handle=world.users[m].username) for m in members])

            async with XNetwork.from_settings(settings, db, clock=clock).for_guild(GUILD) as x:
                for _ in range(polls):
                    clock.now += every_hours * 3600
                    now = utc_from_timestamp(clock.now)
                    requests_before = len(sandbox.requests_to(LIST_TWEETS))
                    result = await poll_list(db, x, list_row_id=list_row_id, now=now)
                    pages_per_poll.append(len(sandbox.requests_to(LIST_TWEETS)) - requests_before)
                    if result.error:
                        errors.append(result.error)
                    found_per_poll.append(len(result.conversations))
                    found_multi_member += sum(1 for c in result.conversations if c.member_count >= 2)
                    offered = result.conversations[:show]
                    offered_again += sum(1 for c in offered if c.conversation_id in shown)
                    async with db.session() as session, session.begin():
                        claimed = await mark_shown(session, list_row_id=list_row_id, conversations=offered, now=now)
                    shown.update(c.conversation_id for c in claimed)
                    multi_member += sum(1 for c in claimed if c.member_count >= 2)
                    quiet_polls += not claimed

            async with db.session() as session:
                dollars = ledger.dollars(await ledger.spent(session))
                delivered = int((await session.exec(select(func.sum(ApiCall.resources)))).one() or 0)
                stored = set((await session.exec(select(Post.id).where(col(Post.id).in_(list(appeared))))).all())
            billed_by_sandbox = sandbox.billing.total_dollars
            posts_read = sandbox.billing.by_kind.get("post", 0)
            sizes = [int(r.params.get("max_results", 0)) for r in sandbox.requests_to(LIST_TWEETS)]

    duplicates = offered_again + sum(count - 1 for count in shown.values())
    conversations = len(shown)
    share = multi_member / conversations if conversations else 0.0
    print(
        f"members={len(members)} polls={polls} posts_in_list_during_week={len(appeared)} "
        f"posts_read={posts_read} posts_delivered={delivered} "
        f"over_read_ratio={posts_read / max(1, len(appeared)):.3f} "
        f"delivered_ratio={delivered / max(1, len(appeared)):.3f} missed={len(set(appeared) - stored)}",
        file=sys.stderr,
    )
    print(
        f"requests={len(sizes)} pages_per_poll={dict(sorted(Counter(pages_per_poll).items()))} "
        f"page_size_median={statistics.median(sizes):.0f} first_page=100 "
        f"conversations_found_per_poll_median={statistics.median(found_per_poll):.0f} "
        f"found_multi_member_share={found_multi_member / max(1, sum(found_per_poll)):.2f} "
        f"polls_with_nothing_shown={quiet_polls} errors={len(errors)} "
        f"ledger_matches_sandbox={'yes' if abs(dollars - billed_by_sandbox) < 1e-9 else 'no'} "
        f"(ledger ${dollars:.3f}, sandbox ${billed_by_sandbox:.3f})",
        file=sys.stderr,
    )
    if abs(dollars - billed_by_sandbox) >= 1e-9:
        print("WARNING: our ledger and the sandbox's bill differ", file=sys.stderr)
    return (
        f"posts_read={posts_read} dollars={dollars:.3f} conversations={conversations} "
        f"duplicates={duplicates} multi_member_share={share:.2f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--every-hours", type=float, default=2.0)
    parser.add_argument("--show", type=int, default=5, help="conversations posted per poll at most")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    started = time.perf_counter()
    line = asyncio.run(run(args.members, args.days, args.every_hours, args.show, args.seed))
    print(f"elapsed_s={time.perf_counter() - started:.1f}", file=sys.stderr)
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
