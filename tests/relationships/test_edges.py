"""Edge cases of /people, notes, the weekly report's retries and seed learning that a team meets in real use."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from sqlmodel import select

from bot.models import PersonEvent, PersonNote, Suggestion
from bot.relationships.people import InvalidNote, PeoplePage, Person, add_note, find_person
from bot.relationships.stages import Facts, progress
from bot.relationships.weekly import post_weekly_report, report_is_due
from bot.relationships.yields import SeedYield, proposed_weight
from cogs.people import people_embed, person_embed
from tests.relationships.test_weekly import GUILD, Sink, team

if TYPE_CHECKING:
    from bot.db import Database

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def someone(handle: str, notes: tuple[str, ...] = ()) -> Person:
    from bot.relationships.people import Note

    return Person(
        account_id="1",
        handle=handle,
        name="",
        first_suggested_at=NOW,
        suggested_days=(NOW.date(),),
        seed_ids=(),
        seeds=(),
        list_id=None,
        list_name=None,
        explanation="",
        openers=(),
        decisions=(),
        events=(),
        progress=progress(Facts(suggested_at=NOW), now=NOW),
        notes=tuple(Note(author_id=7, text=text, at=NOW) for text in notes),
    )


def test_people_shows_a_full_handle_with_underscores() -> None:
    # X handles are up to 15 characters; escaping "_" for Discord must not cut the handle.
    handle = "a_b_c_d_e_f_g_h"
    embed = people_embed(PeoplePage(people=(someone(handle),), page=1, pages=1, total=1), title="Everyone")
    assert embed.description is not None
    assert "[@a\\_b\\_c\\_d\\_e\\_f\\_g\\_h](https://x.com/a_b_c_d_e_f_g_h)" in embed.description


def test_person_card_shows_a_whole_note() -> None:
    note = "x" * 480 + " the end"
    embed = person_embed(someone("ann", notes=(note,)))
    notes = next(f.value for f in embed.fields if f.name == "Notes")
    assert notes is not None and "the end" in notes, "a note the team wrote is shown whole"


async def test_a_note_goes_through_the_input_policy(db: Database) -> None:
    """Invisible format characters (a bidi override, zero-width spaces) are dropped; a control character or a
    lone surrogate is refused, as is a note of only zero-width spaces or one over 500 characters."""
    async with db.session() as session, session.begin():
        session.add(Suggestion(guild_id=GUILD, digest_day=NOW.date(), account_id="1", position=0, score=1.0))
        kept = await add_note(session, guild_id=GUILD, account_id="1", author_id=7, text="ask\u200b about  CLI\u202e")
    assert kept.text == "ask about CLI"
    for raw, says in (
        ("ask\x00 about", "U+0000"),
        ("ask \ud800 about", "U+D800"),
        ("\x1b[31m", "U+001B"),
        ("\u200b\u200b\u200b", "can't be empty"),
        ("\u200b\u2060\ufeff \u3164", "can't be empty"),
        ("y" * 501, "at most 500"),
    ):
        async with db.session() as session, session.begin():
            with pytest.raises(InvalidNote) as refused:
                await add_note(session, guild_id=GUILD, account_id="1", author_id=7, text=raw)
            assert says in refused.value.message, raw
    async with db.session() as session:
        rows = (await session.exec(select(PersonNote.text))).all()
    assert rows == ["ask about CLI"], "nothing refused was kept"


async def test_person_handles_with_like_wildcards_match_only_themselves(db: Database) -> None:
    from bot.models import Account
    from bot.relationships.people import UnknownPerson

    async with db.session() as session, session.begin():
        session.add(Account(id="1", handle="ab_c"))
        session.add(Suggestion(guild_id=GUILD, digest_day=NOW.date(), account_id="1", position=0, score=1.0))
    async with db.session() as session:
        assert (await find_person(session, guild_id=GUILD, raw="@AB_C", now=NOW)).account_id == "1"
        with pytest.raises(UnknownPerson):
            await find_person(session, guild_id=GUILD, raw="abxc", now=NOW)
        with pytest.raises(UnknownPerson):
            await find_person(session, guild_id=GUILD + 1, raw="ab_c", now=NOW)


async def test_a_failed_report_is_posted_by_the_next_tracking_run(db: Database) -> None:
    # The scheduled job fires once a week; only the tracking job's catch-up can retry a failed send.
    await team(db)
    sink = Sink()
    sink.fail = True
    monday = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
    assert (await post_weekly_report(db, sink, guild_id=GUILD, now=monday)).state == "failed"
    later = monday + timedelta(hours=6)
    assert await report_is_due(db, guild_id=GUILD, now=later), "a failed week is due again"
    assert (await post_weekly_report(db, sink, guild_id=GUILD, now=later)).state == "posted"
    assert not await report_is_due(db, guild_id=GUILD, now=later + timedelta(hours=6))
    assert len(sink.sent) == 1


def test_learning_never_pulls_a_team_set_weight_the_wrong_way() -> None:
    # A team trusts a seed at 10 (allowed by /seed weight); it brings the most relationships. Learning must not
    # cut it to the learning bound of 3 (a 70% drop "because it brings relationships").
    best = SeedYield("1", "best", 10.0, suggested=50, relationships=40)
    assert proposed_weight(best, team_yield=0.1) is None
    poor = SeedYield("2", "poor", 10.0, suggested=50, relationships=0)
    assert proposed_weight(poor, team_yield=0.1) == 8.0, "down by at most 20% a week"
    low = SeedYield("3", "low", 0.2, suggested=50, relationships=0)
    assert proposed_weight(low, team_yield=0.1) is None, "never pushed up by a poor yield"


async def test_the_charts_in_all_line_counts_relationships_older_than_the_chart(db: Database) -> None:
    # The chart shows 12 weeks; its "in all" line must still end at the all-time count, as the funnel says.
    from bot.relationships.chart import relationships_over_time
    from bot.relationships.report import HISTORY_WEEKS, build_report
    from bot.relationships.stages import Stage

    await team(db)
    monday = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    async with db.session() as session, session.begin():
        for number, weeks_ago in enumerate((HISTORY_WEEKS + 8, HISTORY_WEEKS + 4, 1)):
            when = monday - timedelta(weeks=weeks_ago)
            account = str(number + 1)
            session.add(
                Suggestion(
                    guild_id=GUILD, digest_day=when.date(), account_id=account, position=number, score=1.0,
                    created_at=when - timedelta(days=1),
                )
            )  # fmt: skip
            session.add(PersonEvent(guild_id=GUILD, account_id=account, kind="talked", ref=f"t{number}", at=when))
            session.add(PersonEvent(guild_id=GUILD, account_id=account, kind="answered", ref=f"a{number}", at=when))
    async with db.session() as session:
        data = await build_report(session, guild_id=GUILD, moment=monday, timezone="Europe/Berlin")
    assert data.in_all[Stage.RELATIONSHIP] == 3
    weeks, formed, running = relationships_over_time(data)
    assert len(weeks) == len(formed) == len(running) <= HISTORY_WEEKS
    assert sum(formed) == 1 and running[-1] == 3, (formed, running)


async def test_export_of_an_empty_team_is_a_header_row_only(db: Database) -> None:
    import csv
    import io

    from bot.relationships.export import ExportKind, export

    async with db.session() as session, session.begin():  # another team's row, never ours
        session.add(Suggestion(guild_id=GUILD + 1, digest_day=NOW.date(), account_id="9", position=0, score=1.0))
    for kind in ExportKind:
        async with db.session() as session:
            name, data, rows = await export(session, guild_id=GUILD, kind=kind, now=NOW)
        table = list(csv.reader(io.StringIO(data.decode("utf-8"))))
        assert rows == 0 and len(table) == 1 and table[0], (kind, table)
        assert name == f"circlebot-{kind.value}-2026-11-30.csv"
