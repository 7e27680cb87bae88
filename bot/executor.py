"""The executor: carries out the actions the team decided (follows, List additions) on the network.

A reaction or command only records a decision (bot/approvals.py); this module performs it later, one at a time,
within the team's daily cap. An action is sent at most once: one `Action` row per team, account and kind (a unique
constraint), and the row is claimed (queued → sending, committed) before the network is called, so neither
duplicate reactions nor two executors nor a crash mid-call can send it twice. An action whose answer was lost
stays "unknown" and is never resent by itself (`recover_interrupted` marks a crash's leftovers so).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, and_, exists, not_, or_, update
from sqlmodel import col, func, select

from bot.approvals import entry_lock, serialise_entry
from bot.audit import audit
from bot.errors import AccountUnavailable, ListUnavailable, WriteOutcomeUnknown, XError, XForbidden
from bot.ledger import start_of_day
from bot.lists.service import membership
from bot.models import (
    Action,
    ActionKind,
    ActionState,
    Approval,
    GuildAccount,
    GuildSettings,
    ListMember,
    Suggestion,
    XList,
    utcnow,
)
from bot.storage import upsert
from bot.team import get_settings

if TYPE_CHECKING:
    from datetime import datetime

    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.db import Database
    from bot.networks.base import SocialNetwork

log = logging.getLogger(__name__)

# What the daily cap counts: actions carried out or under way (an unknown one may have reached X).
COUNTED_STATES = (ActionState.SENDING, ActionState.DONE, ActionState.UNKNOWN)
STUCK_AFTER = timedelta(minutes=5)  # a "sending" claim older than this was left by a crash


def follow_link(handle: str) -> str:
    """X's follow intent for ``handle``: one click for a person to follow by hand."""
    return f"https://x.com/intent/follow?screen_name={handle}"


async def actions_sent_today(session: AsyncSession, *, guild_id: int, kind: ActionKind, now: datetime) -> int:
    """Actions of a kind carried out (or under way) since midnight UTC: what the daily cap counts."""
    total = await session.exec(
        select(func.count())
        .select_from(Action)
        .where(
            Action.guild_id == guild_id,
            Action.kind == kind,
            col(Action.state).in_(COUNTED_STATES),
            col(Action.executed_at) >= start_of_day(now.astimezone(UTC).date()),
        )
    )
    return int(total.one())


async def _claim(db: Database, queued: Action, now: datetime, *, needed: int) -> Action | None:
    """queued → sending, committed before X is called; only one claimant can win. Returns the claimed row as it
    now stands (what to carry out), or None when the claim failed.

    The same statement re-checks that the decision still stands (compare-and-set): an action from a digest entry
    needs ``needed`` standing approvals, and nothing is done for an account the team dismissed, so a withdrawal or
    a dismissal committed before the claim always wins over it. It also matches the row's account and kind, not
    only its id: SQLite hands a deleted row's id to the next insert, so between the executor's read of the queue
    and its claim, a withdrawn action's id can come back as another account's decision (the executor then
    followed the withdrawn account)."""
    action_id = queued.id
    async with db.session() as session, session.begin():
        if queued.suggestion_id is not None:
            await serialise_entry(session, queued.suggestion_id)  # after any reaction on it being committed
        claimed = await session.exec(  # type: ignore[call-overload]
            update(Action)
            .where(*_same_queued_action(queued), _stands(needed))
            .values(state=ActionState.SENDING, executed_at=now)
        )
        if not claimed.rowcount:
            return None
        session.expire_all()
        return await session.get(Action, action_id)


def _same_queued_action(queued: Action) -> tuple[ColumnElement[bool], ...]:
    """The row is still this queued action: its id, and its team, account and kind (an id SQLite handed again to
    another decision, of another kind for the same account included, does not match)."""
    return (
        col(Action.id) == queued.id,
        col(Action.guild_id) == queued.guild_id,
        col(Action.account_id) == queued.account_id,
        col(Action.kind) == queued.kind,
        col(Action.state) == ActionState.QUEUED,
    )


def _stands(needed: int) -> ColumnElement[bool]:
    """The action's decision stands: ``needed`` approvals of its kind on its entry (none needed without an entry),
    and its account not dismissed by the team."""
    standing = (
        select(func.count())
        .select_from(Approval)
        .where(col(Approval.suggestion_id) == col(Action.suggestion_id), col(Approval.kind) == col(Action.kind))
        .scalar_subquery()
    )
    dismissed = exists().where(
        col(GuildAccount.guild_id) == col(Action.guild_id),
        col(GuildAccount.account_id) == col(Action.account_id),
        col(GuildAccount.dismissed_at).is_not(None),
    )
    return and_(or_(col(Action.suggestion_id).is_(None), standing >= needed), ~dismissed)


async def _drop_unstanding(db: Database, queued: Action, now: datetime, *, needed: int) -> None:
    """A queued action whose approvals were withdrawn or whose account was dismissed is not carried out.

    Compare-and-set, like the claim: only the same action (id, team, account *and kind*: an action of another
    kind for the account is another decision) still queued, and only if its decision does not stand *now*, in
    the same statement. Call it holding the entry's lock: an approval given again since the failed claim keeps
    the action queued for the next run."""
    async with db.session() as session, session.begin():
        if queued.suggestion_id is not None:
            await serialise_entry(session, queued.suggestion_id)
        dropped = await session.exec(  # type: ignore[call-overload]
            update(Action)
            .where(*_same_queued_action(queued), not_(_stands(needed)))
            .values(state=ActionState.SKIPPED, result=UNSTANDING)
        )
        if not dropped.rowcount:
            return  # another executor took it, it stands again, or its id now belongs to another decision
        action = await session.get(Action, queued.id, populate_existing=True)
        assert action is not None
        await _audit_outcome(session, action, at=now, result=UNSTANDING)


UNSTANDING = "no longer approved (withdrawn or dismissed) before it ran"


async def _audit_outcome(session: AsyncSession, action: Action, *, at: datetime, **detail: object) -> None:
    """The audit row of an action reaching a state ("follow_done", "list_add_unknown", ...), done by the bot."""
    await audit(
        session,
        guild_id=action.guild_id,
        event=f"{action.kind}_{action.state}",
        actor_id=None,
        account_id=action.account_id,
        at=at,
        **detail,
    )


async def _settle(db: Database, action_id: int, *, state: ActionState, result: str, now: datetime) -> Action:
    async with db.session() as session, session.begin():
        action = await session.get(Action, action_id)
        assert action is not None
        action.state, action.result = state, result[:500]
        if state == ActionState.QUEUED:
            action.executed_at = None
        session.add(action)
        if state == ActionState.DONE and action.kind == ActionKind.FOLLOW:
            account = await session.get(GuildAccount, (action.guild_id, action.account_id))
            account = account or GuildAccount(guild_id=action.guild_id, account_id=action.account_id)
            account.followed_at = now
            session.add(account)
        if state != ActionState.QUEUED:
            await _audit_outcome(session, action, at=now, result=result, approvers=action.approvers)
        return action


Performer = Callable[[Action], Awaitable[tuple[ActionState, str]]]
"""Carries out one claimed action on X; returns (state, result). X refusals specific to the kind are handled
inside; a lost answer (WriteOutcomeUnknown) or a call X never acted on (budget, 429, 5xx) is left to the loop."""


async def execute_actions(
    db: Database, *, guild_id: int, kind: ActionKind, cap: int, perform: Performer, now: datetime | None = None
) -> list[Action]:
    """Carry out the team's queued actions of one kind, oldest first, within a daily cap."""
    moment = now or utcnow()
    async with db.session() as session:
        room = cap - await actions_sent_today(session, guild_id=guild_id, kind=kind, now=moment)
        queued = (
            await session.exec(
                select(Action)
                .where(Action.guild_id == guild_id, Action.kind == kind, Action.state == ActionState.QUEUED)
                .order_by(col(Action.created_at), col(Action.id))
                .limit(max(room, 0))
            )
        ).all()
        settings = await get_settings(session, guild_id)
        entry_ids = [action.suggestion_id for action in queued if action.suggestion_id is not None]
        messages = {
            suggestion_id: message_id
            for suggestion_id, message_id in (
                await session.exec(
                    select(Suggestion.id, Suggestion.message_id).where(col(Suggestion.id).in_(entry_ids))
                )
            ).all()
            if suggestion_id is not None and message_id is not None
        }
    changed: list[Action] = []
    for action in queued:
        assert action.id is not None
        # Reaction events already received for the entry are applied first (they hold its lock in arrival order).
        needed = max(1, settings.approvals_needed)
        async with entry_lock(messages.get(action.suggestion_id or 0, 0)):
            claimed = await _claim(db, action, moment, needed=needed)
            if claimed is None:
                # Under the same lock as the claim: no reaction on the entry lands between the two.
                await _drop_unstanding(db, action, moment, needed=needed)
        if claimed is None:
            continue  # another executor took it, or the decision no longer stands
        action = claimed
        assert action.id is not None
        try:
            state, result = await perform(action)
        except WriteOutcomeUnknown as lost:
            changed.append(await _settle(db, action.id, state=ActionState.UNKNOWN, result=lost.message, now=moment))
            continue
        except XError as error:  # BudgetExhausted included
            # Not done (refused before sending, or X said no without acting): try again on a later run.
            await _settle(db, action.id, state=ActionState.QUEUED, result=error.message, now=moment)
            log.warning("%s of %s postponed: %s", kind, action.handle, error.message)
            break
        changed.append(await _settle(db, action.id, state=state, result=result, now=moment))
    return changed


async def execute_follows(
    db: Database, network: SocialNetwork, *, guild_id: int, now: datetime | None = None
) -> list[Action]:
    """Send the team's queued follows within its daily follow cap. Returns the actions that changed."""

    async def follow(action: Action) -> tuple[ActionState, str]:
        try:
            result = await network.follow(action.account_id)
        except XForbidden as refusal:
            # Self-serve API tiers may not follow (2026-04): the approver follows by hand, with one click.
            log.info("X refused to follow %s (%s); follow by hand", action.handle, refusal.detail)
            return ActionState.BY_HAND, follow_link(action.handle)
        except AccountUnavailable as gone:
            # X named the account as not found or suspended: nothing was followed, and retrying won't change it.
            return ActionState.FAILED, gone.message
        return ActionState.DONE, "follow requested (protected account)" if result.pending else "followed"

    async with db.session() as session:
        settings = await session.get(GuildSettings, guild_id)
    cap = (settings or GuildSettings(guild_id=guild_id)).daily_follow_cap
    return await execute_actions(db, guild_id=guild_id, kind=ActionKind.FOLLOW, cap=cap, perform=follow, now=now)


async def recover_interrupted(db: Database, *, now: datetime | None = None) -> int:
    """Actions left "sending" by a crash may or may not have reached X: mark them unknown, never resend."""
    moment = now or utcnow()
    stale_before = moment - STUCK_AFTER
    async with db.session() as session, session.begin():
        stuck = (
            await session.exec(
                select(Action).where(Action.state == ActionState.SENDING, col(Action.executed_at) < stale_before)
            )
        ).all()
        for action in stuck:
            action.state, action.result = ActionState.UNKNOWN, "interrupted while sending; check on X before retrying"
            session.add(action)
            await _audit_outcome(session, action, at=moment, result=action.result)
    return len(stuck)


async def execute_list_adds(
    db: Database, network: SocialNetwork, *, guild_id: int, now: datetime | None = None
) -> list[Action]:
    """Add the accounts the team approved to their Lists, within the daily cap for List additions."""
    moment = now or utcnow()

    async def add(action: Action) -> tuple[ActionState, str]:
        async with db.session() as session:
            row = await session.get(XList, int(action.target)) if action.target else None
            member = (
                await membership(session, list_row_id=row.id, account_id=action.account_id) if row and row.id else None
            )
        if row is None or row.id is None or row.removed_at is not None:
            return ActionState.FAILED, "that List is no longer used here"
        if member is not None and member.removed_on_x_at is not None:
            return ActionState.SKIPPED, f"was removed from {row.name} on X; not added back"
        if member is not None:
            return ActionState.DONE, f"already in {row.name}"
        try:
            await network.add_list_member(row.x_list_id, action.account_id)
        except (XForbidden, ListUnavailable, AccountUnavailable) as refusal:
            return ActionState.FAILED, refusal.message
        async with db.session() as session, session.begin():
            await upsert(
                session,
                ListMember,
                [{"list_id": row.id, "account_id": action.account_id, "added_at": moment, "added_by_us": True}],
                keys=["list_id", "account_id"],
                update=[],
            )
        return ActionState.DONE, f"added to {row.name}"

    async with db.session() as session:
        cap = (await get_settings(session, guild_id)).daily_list_add_cap
    return await execute_actions(db, guild_id=guild_id, kind=ActionKind.LIST_ADD, cap=cap, perform=add, now=moment)
