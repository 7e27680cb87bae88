"""CSV exports of what a team may see: its people, its decisions, its suggestions. Never another team's rows.

Written with the standard ``csv`` module (RFC 4180 quoting, ``\\r\\n`` line ends, a header row). A cell that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return, also
after leading spaces or after a tab, CR or line break inside it) gets an apostrophe: strangers write bios and
posts, and their text must not run in the team's spreadsheet (OWASP, "CSV Injection").
"""

from __future__ import annotations

import csv
import io
import re
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlmodel import col, select

from bot.errors import CirclebotError
from bot.models import Account, Action, Approval, Seed, Suggestion, XList
from bot.relationships.people import load_people
from bot.relationships.stages import FUNNEL

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime

    from sqlmodel.ext.asyncio.session import AsyncSession

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportKind(StrEnum):
    PEOPLE = "people"
    DECISIONS = "decisions"
    SUGGESTIONS = "suggestions"


class ExportTooLarge(CirclebotError):
    """An export over Discord's upload limit even when zipped."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            f"That export is {size / 1_048_576:.1f} MB even zipped, over the {limit / 1_048_576:.0f} MB Discord "
            "accepts in this server. Nothing was sent; a server with boosts accepts larger files."
        )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return neutralize_formula(str(value))


_INNER_FORMULA = re.compile(r"([\t\r\n][ \u00a0]*)(?=[=+\-@])")


def neutralize_formula(text: str) -> str:
    """``text`` with every place a spreadsheet could read a formula made plain text by an apostrophe: its start,
    also after leading spaces (" =1+1" -> "' =1+1") or a leading tab or CR ("\\t=cmd" -> "'\\t=cmd"), and any
    formula after a tab, CR or line break inside it ("note\\t=cmd" -> "'note\\t'=cmd"), which a tab-split or
    line-split import would turn into a cell of its own."""
    inner = _INNER_FORMULA.sub(r"\1'", text)
    starts = text.startswith(FORMULA_STARTS) or text.lstrip(" \u00a0").startswith(FORMULA_STARTS)
    return "'" + inner if starts or inner != text else inner


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 CSV bytes with a header row."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


async def export(session: AsyncSession, *, guild_id: int, kind: ExportKind, now: datetime) -> tuple[str, bytes, int]:
    """(file name, CSV bytes, data rows) of one kind of the team's data."""
    if kind is ExportKind.PEOPLE:
        data = await _people(session, guild_id, now)
    elif kind is ExportKind.DECISIONS:
        data = await _decisions(session, guild_id)
    else:
        data = await _suggestions(session, guild_id)
    rows = len(list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))) - 1
    return f"circlebot-{kind.value}-{now:%Y-%m-%d}.csv", data, rows


async def _people(session: AsyncSession, guild_id: int, now: datetime) -> bytes:
    people = await load_people(session, guild_id=guild_id, now=now)
    header = [
        "handle",
        "account_id",
        "status",
        *(f"{stage.value}_at" for stage in FUNNEL),
        "followed_back_at",
        "unfollowed_at",
        "stopped_following_back_at",
        "last_exchange_at",
        "seeds",
        "list",
        "profile",
    ]
    rows = [
        [
            person.handle,
            person.account_id,
            person.progress.label(),
            *(person.progress.reached.get(stage) for stage in FUNNEL),
            person.progress.followed_back_at,
            person.progress.unfollowed_at,
            person.progress.stopped_following_back_at,
            person.progress.last_exchange_at,
            " ".join(person.seeds),
            person.list_name,
            person.profile_url,
        ]
        for person in people
    ]
    return to_csv(header, rows)


async def _decisions(session: AsyncSession, guild_id: int) -> bytes:
    approvals = (
        await session.exec(
            select(Approval, Suggestion.account_id)
            .join(Suggestion, col(Suggestion.id) == col(Approval.suggestion_id))
            .where(Approval.guild_id == guild_id)
            .order_by(col(Approval.created_at))
        )
    ).all()
    actions = (await session.exec(select(Action).where(Action.guild_id == guild_id).order_by(col(Action.id)))).all()
    handles = await _handles(session, {account_id for _, account_id in approvals})
    header = ["at", "what", "handle", "account_id", "kind", "by", "state", "executed_at", "result"]
    rows: list[list[Any]] = [
        [a.created_at, "reaction", handles.get(account_id, ""), account_id, a.kind, a.user_id, "", None, ""]
        for a, account_id in approvals
    ]
    rows += [
        [
            action.created_at,
            "decision",
            action.handle,
            action.account_id,
            action.kind,
            " ".join(str(user) for user in action.approvers),
            action.state,
            action.executed_at,
            action.result,
        ]
        for action in actions
    ]
    rows.sort(key=lambda row: row[0])
    return to_csv(header, rows)


async def _suggestions(session: AsyncSession, guild_id: int) -> bytes:
    suggestions = (
        await session.exec(
            select(Suggestion)
            .where(Suggestion.guild_id == guild_id)
            .order_by(col(Suggestion.digest_day), col(Suggestion.position))
        )
    ).all()
    handles = await _handles(session, {s.account_id for s in suggestions})
    seeds = dict((await session.exec(select(Seed.account_id, Seed.handle).where(Seed.guild_id == guild_id))).all())
    lists = dict((await session.exec(select(XList.id, XList.name).where(XList.guild_id == guild_id))).all())
    header = ["digest_day", "position", "handle", "account_id", "score", "seeds", "why", "list", "openers"]
    rows = [
        [
            s.digest_day,
            s.position,
            handles.get(s.account_id, ""),
            s.account_id,
            f"{s.score:.4f}",
            " ".join(seeds.get(seed_id, seed_id) for seed_id in s.followed_by),
            s.explanation,
            lists.get(s.suggested_list_id) if s.suggested_list_id else "",
            " | ".join(str(opener.get("kind", "")) for opener in s.openers),
        ]
        for s in suggestions
    ]
    return to_csv(header, rows)


async def _handles(session: AsyncSession, account_ids: set[str]) -> dict[str, str]:
    if not account_ids:
        return {}
    rows = await session.exec(select(Account.id, Account.handle).where(col(Account.id).in_(account_ids)))
    return dict(rows.all())
