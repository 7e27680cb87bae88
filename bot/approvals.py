"""Approvals: who may decide, how many must agree (quorum), withdrawing an approval, and dismissing an account.

A reaction only records a decision (one `Action` row per team, account and kind: a unique constraint lets the
first decision through and no other); the executor (bot/executor.py) carries decided actions out later.

Decisions about one entry are serialised: in the process, reaction events on one message take a lock in the
order they arrived (``entry_lock``, taken before anything else is awaited); across processes, every decision's
transaction first writes the entry's row (``_serialise``), which holds the next one back until it commits, so a
withdrawal can never miss an approval still being committed. An entry ends with one decision: a follow or a List
addition excludes a dismissal and the other way round (the first decided wins; the later reaction is taken back).
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from bot.audit import audit
from bot.models import (
    Account,
    Action,
    ActionKind,
    ActionState,
    Approval,
    GuildAccount,
    GuildSettings,
    ReactionNote,
    Suggestion,
    utcnow,
)
from bot.storage import upsert

if TYPE_CHECKING:
    from collections.abc import AsyncIterator
    from datetime import datetime

    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.db import Database


@dataclass(frozen=True)
class Decider:
    """Who reacted or ran a command, as far as permissions go."""

    user_id: int
    can_manage_guild: bool
    role_ids: frozenset[int] = frozenset()


def may_decide(settings: GuildSettings, decider: Decider) -> bool:
    """Members with Manage Server, or the team's approver role, may change settings and approve."""
    if decider.can_manage_guild:
        return True
    return settings.approver_role_id is not None and settings.approver_role_id in decider.role_ids


@dataclass(frozen=True)
class ReactionOutcome:
    status: Literal[
        "not_an_entry",
        "not_allowed",
        "no_list",
        "conflict",  # the entry already has the opposite decision (dismissed, or a follow / List addition)
        "counted",
        "decided",
        "already_decided",
        "withdrawn",
        "too_late",
    ]
    suggestion: Suggestion | None = None
    action: Action | None = None
    approvals: int = 0
    needed: int = 1


# Reaction events on one digest message, one at a time (FIFO); dropped when no event holds or waits for it.
_entry_locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

# Decisions that exclude each other on one entry.
EXCLUDES: dict[ActionKind, tuple[ActionKind, ...]] = {
    ActionKind.FOLLOW: (ActionKind.DISMISS,),
    ActionKind.LIST_ADD: (ActionKind.DISMISS,),
    ActionKind.DISMISS: (ActionKind.FOLLOW, ActionKind.LIST_ADD),
}


@contextlib.asynccontextmanager
async def entry_lock(message_id: int) -> AsyncIterator[None]:
    """Hold the decisions about one entry (by its message) for the block. Take it before awaiting anything else
    in a reaction handler: discord.py starts handlers in the order Discord sent the events, and the lock keeps it."""
    lock = _entry_locks.get(message_id)
    if lock is None:
        lock = _entry_locks[message_id] = asyncio.Lock()
    async with lock:
        yield


async def serialise_entry(session: AsyncSession, suggestion_id: int) -> None:
    """Make this transaction the only one deciding about the entry until it commits, across processes: a write
    to the entry's row takes its row lock on PostgreSQL and the write lock on SQLite, so what is read after it
    includes everything the previous decision committed."""
    await session.exec(  # type: ignore[call-overload]
        update(Suggestion).where(col(Suggestion.id) == suggestion_id).values(id=suggestion_id)
    )


async def entry_for_message(session: AsyncSession, *, guild_id: int, message_id: int) -> Suggestion | None:
    rows = await session.exec(
        select(Suggestion).where(Suggestion.message_id == message_id, Suggestion.guild_id == guild_id)
    )
    return rows.first()


async def _approvers(session: AsyncSession, suggestion_id: int, kind: ActionKind) -> list[int]:
    rows = await session.exec(
        select(Approval.user_id)
        .where(Approval.suggestion_id == suggestion_id, Approval.kind == kind)
        .order_by(col(Approval.created_at), col(Approval.id))
    )
    return list(rows.all())


async def _existing_action(session: AsyncSession, guild_id: int, account_id: str, kind: ActionKind) -> Action | None:
    rows = await session.exec(
        select(Action).where(Action.guild_id == guild_id, Action.account_id == account_id, Action.kind == kind)
    )
    return rows.first()


async def approve(
    session: AsyncSession,
    *,
    guild_id: int,
    message_id: int,
    kind: ActionKind,
    decider: Decider,
    handle: str,
    settings: GuildSettings,
    now: datetime | None = None,
) -> ReactionOutcome:
    """Record one member's approval; once enough members approved, the action is decided (and queued)."""
    moment = now or utcnow()
    suggestion = await entry_for_message(session, guild_id=guild_id, message_id=message_id)
    if suggestion is None or suggestion.id is None:
        return ReactionOutcome("not_an_entry")
    needed = max(1, settings.approvals_needed)
    if not may_decide(settings, decider):
        return ReactionOutcome("not_allowed", suggestion, needed=needed)
    if kind == ActionKind.LIST_ADD and suggestion.suggested_list_id is None:
        return ReactionOutcome("no_list", suggestion, needed=needed)
    await serialise_entry(session, suggestion.id)
    for other in EXCLUDES[kind]:
        opposite = await _existing_action(session, guild_id, suggestion.account_id, other)
        if opposite is not None:
            return ReactionOutcome("conflict", suggestion, opposite, needed=needed)
    existing = await _existing_action(session, guild_id, suggestion.account_id, kind)
    if existing is not None:
        return ReactionOutcome("already_decided", suggestion, existing, needed=needed)
    # Duplicate reaction events (gateway resends, double clicks) insert nothing the second time.
    row = {"guild_id": guild_id, "suggestion_id": suggestion.id, "kind": kind, "user_id": decider.user_id}
    await upsert(
        session, Approval, [{**row, "created_at": moment}], keys=["suggestion_id", "kind", "user_id"], update=[]
    )
    approvers = await _approvers(session, suggestion.id, kind)
    await audit(
        session,
        guild_id=guild_id,
        event=f"approve_{kind}",
        actor_id=decider.user_id,
        account_id=suggestion.account_id,
        at=moment,
        approvals=len(approvers),
        needed=needed,
    )
    if len(approvers) < needed:
        return ReactionOutcome("counted", suggestion, approvals=len(approvers), needed=needed)

    action = Action(
        guild_id=guild_id,
        account_id=suggestion.account_id,
        handle=handle,
        kind=kind,
        suggestion_id=suggestion.id,
        approvers=approvers,
        created_at=moment,
        target=str(suggestion.suggested_list_id) if kind == ActionKind.LIST_ADD else None,
    )
    if kind == ActionKind.DISMISS:
        # Nothing to do on X: the account is never shown to this team again.
        action.state, action.executed_at, action.result = ActionState.DONE, moment, "not interested"
    try:
        # Reactions deciding at the same moment: the unique (team, account, kind) row lets only one through.
        async with session.begin_nested():
            session.add(action)
    except IntegrityError:
        existing = await _existing_action(session, guild_id, suggestion.account_id, kind)
        return ReactionOutcome("already_decided", suggestion, existing, approvals=len(approvers), needed=needed)
    if kind == ActionKind.DISMISS:
        state = await session.get(GuildAccount, (guild_id, suggestion.account_id))
        state = state or GuildAccount(guild_id=guild_id, account_id=suggestion.account_id)
        state.dismissed_at = moment
        session.add(state)
    await audit(
        session,
        guild_id=guild_id,
        event=f"decide_{kind}",
        actor_id=decider.user_id,
        account_id=suggestion.account_id,
        at=moment,
        approvers=approvers,
    )
    return ReactionOutcome("decided", suggestion, action, approvals=len(approvers), needed=needed)


async def withdraw(
    session: AsyncSession,
    *,
    guild_id: int,
    message_id: int,
    kind: ActionKind,
    user_id: int,
    settings: GuildSettings,
    now: datetime | None = None,
) -> ReactionOutcome:
    """A removed reaction withdraws that approval, and the decision with it while the action has not run."""
    suggestion = await entry_for_message(session, guild_id=guild_id, message_id=message_id)
    if suggestion is None or suggestion.id is None:
        return ReactionOutcome("not_an_entry")
    needed = max(1, settings.approvals_needed)
    await serialise_entry(session, suggestion.id)
    approval = (
        await session.exec(
            select(Approval).where(
                Approval.suggestion_id == suggestion.id, Approval.kind == kind, Approval.user_id == user_id
            )
        )
    ).first()
    if approval is None:
        return ReactionOutcome("not_allowed", suggestion, needed=needed)  # it never counted
    action = await _existing_action(session, guild_id, suggestion.account_id, kind)
    if action is not None and action.state != ActionState.QUEUED:
        return ReactionOutcome("too_late", suggestion, action, needed=needed)
    approvers = [user for user in await _approvers(session, suggestion.id, kind) if user != user_id]
    if action is not None and len(approvers) < needed:
        # Compare-and-set: only a decision still queued is taken back; one an executor claimed meanwhile stands.
        taken_back = await session.exec(  # type: ignore[call-overload]
            delete(Action).where(col(Action.id) == action.id, col(Action.state) == ActionState.QUEUED)
        )
        if not taken_back.rowcount:
            return ReactionOutcome("too_late", suggestion, action, needed=needed)
        session.expunge(action)
        action = None
    await session.delete(approval)
    await audit(
        session,
        guild_id=guild_id,
        event=f"withdraw_{kind}",
        actor_id=user_id,
        account_id=suggestion.account_id,
        at=now,
        approvals=len(approvers),
    )
    return ReactionOutcome("withdrawn", suggestion, action, approvals=len(approvers), needed=needed)


async def react(
    db: Database,
    *,
    guild_id: int,
    message_id: int,
    kind: ActionKind,
    added: bool,
    decider: Decider,
    now: datetime | None = None,
) -> ReactionOutcome:
    """One reaction event on a digest entry (``added`` or removed), applied in the order events arrived for that
    entry (``entry_lock``) and in one transaction serialised with every other decision about it."""
    async with entry_lock(message_id), db.session() as session, session.begin():
        # The team's settings as bot.team.get_settings reads them (bot.team imports this module).
        settings = await session.get(GuildSettings, guild_id) or GuildSettings(guild_id=guild_id)
        if not added:
            return await withdraw(
                session,
                guild_id=guild_id,
                message_id=message_id,
                kind=kind,
                user_id=decider.user_id,
                settings=settings,
                now=now,
            )
        entry = await entry_for_message(session, guild_id=guild_id, message_id=message_id)
        account = await session.get(Account, entry.account_id) if entry is not None else None
        return await approve(
            session,
            guild_id=guild_id,
            message_id=message_id,
            kind=kind,
            decider=decider,
            handle=account.handle if account else (entry.account_id if entry else ""),
            settings=settings,
            now=now,
        )


async def first_telling(db: Database, *, guild_id: int, user_id: int, reason: str) -> bool:
    """Record that member ``user_id`` is told why a reaction of theirs does nothing (``reason``: "not_allowed",
    "no_list", "conflict"). True the first time for this guild, member and reason, False ever after, across
    restarts; two reactions at once can't both be first (the primary key decides)."""
    try:
        async with db.session() as session, session.begin():
            if await session.get(ReactionNote, (guild_id, user_id, reason)) is not None:
                return False
            session.add(ReactionNote(guild_id=guild_id, user_id=user_id, reason=reason))
    except IntegrityError:
        return False
    return True
