"""Approvals: team members decide about digest entries (by reacting), and a job carries the decisions out.

A reaction only records a decision; the executor performs follows later, one at a time, within the team's daily
cap. A follow is sent at most once: one `Action` row per team, account and kind (a unique constraint), and the
row is claimed (queued → sending, committed) before X is called, so neither duplicate reactions nor two
executors nor a crash mid-call can send it twice. An action whose answer was lost stays "unknown" and is never
resent by itself.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Literal

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, func, select

from bot.errors import BudgetExhausted, WriteOutcomeUnknown, XError, XForbidden
from bot.models import Action, Approval, AuditEvent, GuildAccount, GuildSettings, Suggestion, utcnow
from bot.storage import upsert

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.db import Database
    from bot.networks.base import SocialNetwork

log = logging.getLogger(__name__)

ActionKind = Literal["follow", "list_add", "dismiss"]
ACTION_KINDS: tuple[ActionKind, ...] = ("follow", "list_add", "dismiss")


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


def follow_link(handle: str) -> str:
    return f"https://x.com/intent/follow?screen_name={handle}"


@dataclass(frozen=True)
class ReactionOutcome:
    status: Literal[
        "not_an_entry", "not_allowed", "no_list", "counted", "decided", "already_decided", "withdrawn", "too_late"
    ]
    suggestion: Suggestion | None = None
    action: Action | None = None
    approvals: int = 0
    needed: int = 1


async def audit(
    session: AsyncSession,
    *,
    guild_id: int,
    event: str,
    actor_id: int | None,
    account_id: str | None = None,
    at: datetime | None = None,
    **detail: object,
) -> None:
    session.add(
        AuditEvent(
            guild_id=guild_id, event=event, actor_id=actor_id, account_id=account_id, detail=detail, at=at or utcnow()
        )
    )
    log.info("guild %s: %s by %s on %s %s", guild_id, event, actor_id, account_id, detail or "")


async def entry_for_message(session: AsyncSession, *, guild_id: int, message_id: int) -> Suggestion | None:
    rows = await session.exec(
        select(Suggestion).where(Suggestion.message_id == message_id, Suggestion.guild_id == guild_id)
    )
    return rows.first()


async def _approvers(session: AsyncSession, suggestion_id: int, kind: str) -> list[int]:
    rows = await session.exec(
        select(Approval.user_id)
        .where(Approval.suggestion_id == suggestion_id, Approval.kind == kind)
        .order_by(col(Approval.created_at), col(Approval.id))
    )
    return list(rows.all())


async def _existing_action(session: AsyncSession, guild_id: int, account_id: str, kind: str) -> Action | None:
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
    if kind == "list_add" and suggestion.suggested_list_id is None:
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
        target=str(suggestion.suggested_list_id) if kind == "list_add" else None,
    )
    if kind == "dismiss":
        # Nothing to do on X: the account is never shown to this team again.
        action.state, action.executed_at, action.result = "done", moment, "not interested"
    try:
        # Reactions deciding at the same moment: the unique (team, account, kind) row lets only one through.
        async with session.begin_nested():
            session.add(action)
    except IntegrityError:
        existing = await _existing_action(session, guild_id, suggestion.account_id, kind)
        return ReactionOutcome("already_decided", suggestion, existing, approvals=len(approvers), needed=needed)
    if kind == "dismiss":
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
    if action is not None and action.state != "queued":
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


# -- the executor ----------------------------------------------------------------------------------------------


async def actions_sent_today(session: AsyncSession, *, guild_id: int, kind: ActionKind, now: datetime) -> int:
    """Actions of a kind carried out (or under way) since midnight UTC: what the daily cap counts."""
    start = datetime.combine(now.astimezone(UTC).date(), time.min, tzinfo=UTC)
    total = await session.exec(
        select(func.count())
        .select_from(Action)
        .where(
            Action.guild_id == guild_id,
            Action.kind == kind,
            col(Action.state).in_(["sending", "done", "unknown"]),
            col(Action.executed_at) >= start,
        )
    )
    return int(total.one())


async def _claim(db: Database, action_id: int, now: datetime) -> bool:
    """queued → sending, committed before X is called; only one claimant can win."""
    async with db.session() as session, session.begin():
        claimed = await session.exec(  # type: ignore[call-overload]
            update(Action)
            .where(col(Action.id) == action_id, col(Action.state) == "queued")
            .values(state="sending", executed_at=now)
        )
        return bool(claimed.rowcount)


async def _settle(db: Database, action_id: int, *, state: str, result: str, now: datetime) -> Action:
    async with db.session() as session, session.begin():
        action = await session.get(Action, action_id)
        assert action is not None
        action.state, action.result = state, result[:500]
        if state == "queued":
            action.executed_at = None
        session.add(action)
        if state == "done" and action.kind == "follow":
            account = await session.get(GuildAccount, (action.guild_id, action.account_id))
            account = account or GuildAccount(guild_id=action.guild_id, account_id=action.account_id)
            account.followed_at = now
            session.add(account)
        if state != "queued":
            await audit(
                session,
                guild_id=action.guild_id,
                event=f"{action.kind}_{state}",
                actor_id=None,
                account_id=action.account_id,
                at=now,
                result=result,
                approvers=action.approvers,
            )
        return action


Performer = Callable[[Action], Awaitable[tuple[str, str]]]
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
                .where(Action.guild_id == guild_id, Action.kind == kind, Action.state == "queued")
                .order_by(col(Action.created_at), col(Action.id))
                .limit(max(room, 0))
            )
        ).all()
    changed: list[Action] = []
    for action in queued:
        assert action.id is not None
        if not await _claim(db, action.id, moment):
            continue  # another executor took it
        try:
            state, result = await perform(action)
        except WriteOutcomeUnknown as lost:
            changed.append(await _settle(db, action.id, state="unknown", result=lost.message, now=moment))
            continue
        except (BudgetExhausted, XError) as error:
            # Not done (refused before sending, or X said no without acting): try again on a later run.
            await _settle(db, action.id, state="queued", result=error.message, now=moment)
            log.warning("%s of %s postponed: %s", kind, action.handle, error.message)
            break
        changed.append(await _settle(db, action.id, state=state, result=result, now=moment))
    return changed


async def execute_follows(
    db: Database, network: SocialNetwork, *, guild_id: int, now: datetime | None = None
) -> list[Action]:
    """Send the team's queued follows within its daily follow cap. Returns the actions that changed."""

    async def follow(action: Action) -> tuple[str, str]:
        try:
            result = await network.follow(action.account_id)
        except XForbidden as refusal:
            # Self-serve API tiers may not follow (2026-04): the approver follows by hand, with one click.
            log.info("X refused to follow %s (%s); follow by hand", action.handle, refusal.detail)
            return "by_hand", follow_link(action.handle)
        return "done", "follow requested (protected account)" if result.pending else "followed"

    async with db.session() as session:
        settings = await session.get(GuildSettings, guild_id)
    cap = (settings or GuildSettings(guild_id=guild_id)).daily_follow_cap
    return await execute_actions(db, guild_id=guild_id, kind="follow", cap=cap, perform=follow, now=now)


async def recover_interrupted(db: Database, *, now: datetime | None = None) -> int:
    """Actions left "sending" by a crash may or may not have reached X: mark them unknown, never resend."""
    moment = now or utcnow()
    stale_before = moment - timedelta(minutes=5)
    async with db.session() as session, session.begin():
        stuck = (
            await session.exec(select(Action).where(Action.state == "sending", col(Action.executed_at) < stale_before))
        ).all()
        for action in stuck:
            action.state, action.result = "unknown", "interrupted while sending; check on X before retrying"
            session.add(action)
            await audit(
                session,
                guild_id=action.guild_id,
                event=f"{action.kind}_unknown",
                actor_id=None,
                account_id=action.account_id,
                at=moment,
                result=action.result,
            )
    return len(stuck)
