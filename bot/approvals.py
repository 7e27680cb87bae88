"""Approvals: who may decide, how many must agree (quorum), withdrawing an approval, and dismissing an account.

A reaction only records a decision (one `Action` row per team, account and kind: a unique constraint lets the
first decision through and no other); the executor (bot/executor.py) carries decided actions out later.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from bot.audit import audit
from bot.models import Action, ActionKind, ActionState, Approval, GuildAccount, GuildSettings, Suggestion, utcnow
from bot.storage import upsert

if TYPE_CHECKING:
    from datetime import datetime

    from sqlmodel.ext.asyncio.session import AsyncSession


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
        "not_an_entry", "not_allowed", "no_list", "counted", "decided", "already_decided", "withdrawn", "too_late"
    ]
    suggestion: Suggestion | None = None
    action: Action | None = None
    approvals: int = 0
    needed: int = 1


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
    await session.delete(approval)
    await session.flush()
    approvers = await _approvers(session, suggestion.id, kind)
    if action is not None and len(approvers) < needed:
        await session.delete(action)
        action = None
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
