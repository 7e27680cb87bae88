"""A List's members act as extra seeds for its niche, and the suggestions say so."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlmodel import select

from bot.approvals import Decider
from bot.lists import service
from bot.models import Suggestion
from bot.openers import OpenerWriter
from bot.pipeline import LIST_MEMBER_CRAWLS_PER_RUN, run_discovery
from bot.sandbox.world import SandboxList
from tests.conftest import WORLD_NOW

if TYPE_CHECKING:
    from bot.db import Database
    from bot.networks.x import XNetwork
    from bot.sandbox.server import SandboxServer

GUILD = 41


async def test_list_members_seed_discovery_and_are_named_in_the_reason(
    db: Database, db_x: XNetwork, sandbox: SandboxServer
) -> None:
    world = sandbox.world
    world.lists["1700000000000000009"] = SandboxList(
        id="1700000000000000009", owner_id=world.me_id, name="Design folks", member_ids=list(world.seed_ids)
    )
    (row,) = await service.import_owned(db, db_x, guild_id=GUILD, decider=Decider(1, can_manage_guild=True))
    assert row.seed_weight == 0.5
    report = await run_discovery(db, db_x, guild_id=GUILD, writer=OpenerWriter(), now=WORLD_NOW)
    assert report.seeds == 0 and report.suggested > 0, report.errors
    crawled = {r.account_id for r in report.crawls if r.pages} - {world.me_id}
    assert crawled <= set(world.seed_ids) and len(crawled) <= LIST_MEMBER_CRAWLS_PER_RUN
    async with db.session() as session:
        chosen = (await session.exec(select(Suggestion))).all()
    assert chosen and all(
        re.fullmatch(r"followed by \d+ members? of Design folks", suggestion.explanation) for suggestion in chosen
    ), [suggestion.explanation for suggestion in chosen]
    assert all(suggestion.account_id not in world.seed_ids for suggestion in chosen), "members are not suggested"
