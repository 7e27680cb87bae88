"""/export with two teams in one database: each team's CSV holds only its own rows, also about a shared person."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.models import (
    Account,
    Action,
    ActionKind,
    ActionState,
    Approval,
    ListKind,
    PersonEvent,
    Seed,
    Suggestion,
    XList,
)
from bot.relationships.export import ExportKind, export

if TYPE_CHECKING:
    from bot.db import Database

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
SHARED = "500"
"""One account suggested to both teams: the case where a query keyed by account alone would leak."""
TEAMS = {
    # guild: (its own person, its seed's handle for the same seed account, its List, its approver, its event)
    801: ("501", "alphaseed", "Alpha Lisbon", 9001, "talked"),
    802: ("502", "betaseed", "Beta Rustaceans", 9002, "answered"),
}
HEADERS = {
    ExportKind.PEOPLE: "handle",
    ExportKind.DECISIONS: "at",
    ExportKind.SUGGESTIONS: "digest_day",
}


async def two_teams(db: Database) -> None:
    async with db.session() as session, session.begin():
        for account_id in (SHARED, *(own for own, *_ in TEAMS.values())):
            session.add(Account(id=account_id, handle=f"person{account_id}", name=f"Person {account_id}"))
    for guild, (own, seed_handle, list_name, approver, event) in TEAMS.items():
        async with db.session() as session, session.begin():
            session.add(Seed(guild_id=guild, account_id="77", handle=seed_handle))
            x_list = XList(guild_id=guild, x_list_id=f"l{guild}", name=list_name, kind=ListKind.NICHE)
            session.add(x_list)
            await session.flush()
            for position, person in enumerate((SHARED, own)):
                suggestion = Suggestion(
                    guild_id=guild, digest_day=NOW.date(), account_id=person, position=position, score=1.0,
                    followed_by=["77"], explanation=f"why for {guild}", suggested_list_id=x_list.id,
                    created_at=NOW - timedelta(days=3),
                )  # fmt: skip
                session.add(suggestion)
                await session.flush()
                assert suggestion.id is not None
                # A fixed time: a wall-clock one's microseconds ("…:17.501270") held the other team's person id
                # "501" and failed the leak check below, at random.
                session.add(
                    Approval(
                        guild_id=guild, suggestion_id=suggestion.id, kind=ActionKind.FOLLOW, user_id=approver,
                        created_at=NOW - timedelta(days=2),
                    )
                )  # fmt: skip
                session.add(
                    Action(
                        guild_id=guild, account_id=person, handle=f"person{person}", kind=ActionKind.FOLLOW,
                        suggestion_id=suggestion.id, state=ActionState.DONE, approvers=[approver],
                        created_at=NOW - timedelta(days=2), result=f"done for {guild}",
                    )
                )  # fmt: skip
            session.add(
                PersonEvent(guild_id=guild, account_id=SHARED, kind=event, ref=f"p{guild}", at=NOW - timedelta(days=1))
            )


async def test_each_teams_export_holds_only_its_own_rows_as_csv_with_a_header(db: Database) -> None:
    await two_teams(db)
    for guild, (own, seed_handle, list_name, approver, event) in TEAMS.items():
        other = next(g for g in TEAMS if g != guild)
        other_own, other_seed, other_list, other_approver, _ = TEAMS[other]
        for kind in ExportKind:
            async with db.session() as session:
                _, data, count = await export(session, guild_id=guild, kind=kind, now=NOW)
            table = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
            header, rows = table[0], table[1:]
            assert header[0] == HEADERS[kind] and len(set(header)) == len(header), header
            assert all(len(row) == len(header) for row in rows) and count == len(rows)
            text = data.decode("utf-8")
            for leak in (
                other_own,
                other_seed,
                other_list,
                str(other_approver),
                f"done for {other}",
                f"why for {other}",
            ):
                assert leak not in text, (guild, kind, leak)
            ids = {row[header.index("account_id")] for row in rows}
            assert ids == {SHARED, own}, (guild, kind, ids)
            if kind is ExportKind.PEOPLE:
                shared = next(row for row in rows if row[header.index("account_id")] == SHARED)
                # The shared person's status is this team's story: its own event, not the other team's.
                assert shared[header.index(f"{event}_at")] != ""
                other_event = "answered" if event == "talked" else "talked"
                assert shared[header.index(f"{other_event}_at")] == "", "the other team's event leaked"
                assert shared[header.index("seeds")] == seed_handle and shared[header.index("list")] == list_name
            if kind is ExportKind.DECISIONS:
                assert len(rows) == 4, "two reactions and two decisions of this team"
                assert {row[header.index("by")] for row in rows} == {str(approver)}
            if kind is ExportKind.SUGGESTIONS:
                assert {row[header.index("list")] for row in rows} == {list_name}
