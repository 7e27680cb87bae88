"""Seed yields and bounded, audited learning; CSV cells that can't run as formulas; /people pages."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlmodel import select

from bot.models import AuditEvent, PersonEvent, Seed, Suggestion
from bot.relationships.export import to_csv
from bot.relationships.people import PEOPLE_PAGE, load_people, select_people
from bot.relationships.stages import View
from bot.relationships.yields import LEARN_MAX, MAX_STEP, SeedYield, learn_weights, proposed_weight, seed_yields
from bot.reports import SeedProgress
from cogs.seeds import render_list

if TYPE_CHECKING:
    from bot.db import Database

GUILD = 55
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


async def team_with_two_seeds(db: Database) -> None:
    """Seed "good" brought 10 people, 5 of them relationships; seed "meh" brought 10 and none."""
    async with db.session() as session, session.begin():
        session.add(Seed(guild_id=GUILD, account_id="100", handle="good"))
        session.add(Seed(guild_id=GUILD, account_id="200", handle="meh"))
        for n in range(20):
            person = str(1000 + n)
            seed = "100" if n < 10 else "200"
            when = NOW - timedelta(days=20 - n % 10)
            session.add(
                Suggestion(
                    guild_id=GUILD, digest_day=when.date(), account_id=person, position=n, score=1,
                    followed_by=[seed], created_at=when,
                )
            )  # fmt: skip
            if n < 5:
                session.add(PersonEvent(guild_id=GUILD, account_id=person, kind="talked", ref=f"t{n}", at=when))
                session.add(PersonEvent(guild_id=GUILD, account_id=person, kind="answered", ref=f"a{n}", at=when))


async def test_yields_and_learning_move_weights_within_bounds_and_audit_each_change(db: Database) -> None:
    await team_with_two_seeds(db)
    async with db.session() as session:
        yields = await seed_yields(session, guild_id=GUILD, now=NOW)
    assert (yields["100"].suggested, yields["100"].relationships) == (10, 5)
    assert (yields["200"].suggested, yields["200"].relationships) == (10, 0)
    text = render_list(
        (SeedProgress("good", 1.0, None, "complete", None), SeedProgress("meh", 1.0, None, "complete", None)), yields
    )
    assert "yield 5 of 10 (50%)" in text and "yield 0 of 10 (0%)" in text

    async with db.session() as session, session.begin():
        changes = await learn_weights(session, guild_id=GUILD, now=NOW)
    assert {c.handle: (c.old, c.new) for c in changes} == {"good": (1.0, 1.2), "meh": (1.0, 0.8)}, "±20% at most"
    async with db.session() as session:
        audits = (await session.exec(select(AuditEvent).where(AuditEvent.event == "seed_weight_learned"))).all()
        weights = dict((await session.exec(select(Seed.handle, Seed.weight))).all())
    assert weights == {"good": 1.2, "meh": 0.8}
    assert len(audits) == 2 and all("relationships from" in str(a.detail["reason"]) for a in audits)


def test_proposed_weight_is_bounded_and_needs_enough_suggestions() -> None:
    few = SeedYield("1", "a", 1.0, suggested=4, relationships=4)
    assert proposed_weight(few, team_yield=0.2) is None
    strong = SeedYield("1", "a", 2.9, suggested=50, relationships=50)
    assert proposed_weight(strong, team_yield=0.1) == LEARN_MAX
    assert proposed_weight(SeedYield("1", "a", 1.0, 50, 50), team_yield=0.1) == 1 + MAX_STEP
    assert proposed_weight(SeedYield("1", "a", 1.0, 50, 5), team_yield=0.1) is None, "on par: no change"


def test_csv_has_a_header_and_cells_never_run_as_formulas() -> None:
    data = to_csv(["handle", "bio"], [["ann", '=HYPERLINK("http://evil")'], ["bob", "line\nbreak, comma"]])
    rows = list(csv.reader(io.StringIO(data.decode())))
    assert rows == [["handle", "bio"], ["ann", '\'=HYPERLINK("http://evil")'], ["bob", "line\nbreak, comma"]]


async def test_people_pages_stay_within_discord_limits(db: Database) -> None:
    await team_with_two_seeds(db)
    async with db.session() as session:
        people = await load_people(session, guild_id=GUILD, now=NOW)
    first = select_people(people, view=View.EVERYONE)
    assert (first.page, first.pages, first.total, len(first.people)) == (1, 2, 20, PEOPLE_PAGE)
    last = select_people(people, view=View.EVERYONE, page=99)
    assert last.page == 2 and len(last.people) == 20 - PEOPLE_PAGE
    friends = select_people(people, view=View.RELATIONSHIP, seed_id="100")
    assert friends.total == 5 and select_people(people, view=View.RELATIONSHIP, seed_id="200").total == 0
