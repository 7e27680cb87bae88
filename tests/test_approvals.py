"""Approvals (bot/approvals.py) and the executor (bot/executor.py), without Discord: quorum, withdrawal,
dismissal, and a follow sent at most once."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from sqlmodel import select

from bot import approvals, executor
from bot.approvals import Decider
from bot.models import Action, ActionKind, ActionState, Approval, AuditEvent, GuildAccount, GuildSettings, Suggestion
from bot.sandbox.server import Faults, SandboxServer
from tests.conftest import WORLD_NOW
from tests.networks.helpers import x_network, x_settings

if TYPE_CHECKING:
    from bot.clock import FakeClock
    from bot.db import Database
    from bot.networks.x import XNetwork

GUILD = 5
MESSAGE = 9001
ADMIN = Decider(user_id=1, can_manage_guild=True)
APPROVER_ROLE = 444
HELPER = Decider(user_id=2, can_manage_guild=False, role_ids=frozenset({APPROVER_ROLE}))
STRANGER = Decider(user_id=3, can_manage_guild=False, role_ids=frozenset({999}))


async def make_entry(db: Database, account_id: str, *, message_id: int = MESSAGE, needed: int = 1) -> Suggestion:
    async with db.session() as session, session.begin():
        session.add(GuildSettings(guild_id=GUILD, approvals_needed=needed, approver_role_id=APPROVER_ROLE))
        suggestion = Suggestion(
            guild_id=GUILD,
            digest_day=WORLD_NOW.date(),
            account_id=account_id,
            position=1,
            score=1.0,
            channel_id=77,
            message_id=message_id,
        )
        session.add(suggestion)
    return suggestion


async def react(
    db: Database, decider: Decider, kind: ActionKind = ActionKind.FOLLOW, handle: str = "someone"
) -> approvals.ReactionOutcome:
    async with db.session() as session, session.begin():
        settings = await session.get(GuildSettings, GUILD)
        assert settings is not None
        return await approvals.approve(
            session,
            guild_id=GUILD,
            message_id=MESSAGE,
            kind=kind,
            decider=decider,
            handle=handle,
            settings=settings,
            now=WORLD_NOW,
        )


async def unreact(db: Database, user_id: int, kind: ActionKind = ActionKind.FOLLOW) -> approvals.ReactionOutcome:
    async with db.session() as session, session.begin():
        settings = await session.get(GuildSettings, GUILD)
        assert settings is not None
        return await approvals.withdraw(
            session, guild_id=GUILD, message_id=MESSAGE, kind=kind, user_id=user_id, settings=settings, now=WORLD_NOW
        )


async def actions(db: Database) -> list[Action]:
    async with db.session() as session:
        return list((await session.exec(select(Action))).all())


async def test_approval_needs_an_allowed_member(db: Database) -> None:
    await make_entry(db, "42")
    assert (await react(db, STRANGER)).status == "not_allowed"
    assert await actions(db) == []
    assert (await react(db, HELPER)).status == "decided", "the approver role may decide"


async def test_approval_quorum_and_withdrawal(db: Database) -> None:
    await make_entry(db, "42", needed=2)
    first = await react(db, ADMIN)
    assert (first.status, first.approvals, first.needed) == ("counted", 1, 2)
    assert (await react(db, ADMIN)).status == "counted", "a duplicate reaction event counts once"
    assert await actions(db) == []
    decided = await react(db, HELPER)
    assert decided.status == "decided" and decided.action is not None
    assert decided.action.approvers == [ADMIN.user_id, HELPER.user_id]
    withdrawn = await unreact(db, HELPER.user_id)
    assert withdrawn.status == "withdrawn" and withdrawn.approvals == 1
    assert await actions(db) == [], "below the quorum again before it ran: no follow"
    assert (await react(db, HELPER)).status == "decided"
    assert len(await actions(db)) == 1


async def test_dismissal_is_immediate_and_for_good(db: Database) -> None:
    await make_entry(db, "42")
    outcome = await react(db, ADMIN, ActionKind.DISMISS)
    assert outcome.status == "decided" and outcome.action is not None and outcome.action.state == "done"
    async with db.session() as session:
        state = await session.get(GuildAccount, (GUILD, "42"))
        events = (await session.exec(select(AuditEvent.event))).all()
    assert state is not None and state.dismissed_at is not None
    assert (await unreact(db, ADMIN.user_id, ActionKind.DISMISS)).status == "too_late"
    assert {"approve_dismiss", "decide_dismiss"} <= set(events)


async def test_reaction_on_another_message_is_not_an_entry(db: Database) -> None:
    await make_entry(db, "42", message_id=123)
    assert (await react(db, ADMIN)).status == "not_an_entry"


@pytest.fixture
async def follow_target(sandbox: SandboxServer) -> str:
    world = sandbox.world
    return next(
        uid for uid in world.following[world.seed_ids[0]] if uid != world.me_id and not world.users[uid].protected
    )


async def test_executor_sends_a_follow_once_even_with_concurrent_executors(
    x: XNetwork, sandbox: SandboxServer, sqlite_db: Database, follow_target: str
) -> None:
    sandbox.config.follow_forbidden = False
    await make_entry(sqlite_db, follow_target)
    await asyncio.gather(react(sqlite_db, ADMIN), react(sqlite_db, ADMIN))
    results = await asyncio.gather(
        executor.execute_follows(sqlite_db, x, guild_id=GUILD, now=WORLD_NOW),
        executor.execute_follows(sqlite_db, x, guild_id=GUILD, now=WORLD_NOW),
    )
    assert sandbox.follow_requests == [(sandbox.world.me_id, follow_target)]
    assert sum(len(changed) for changed in results) == 1
    await executor.execute_follows(sqlite_db, x, guild_id=GUILD, now=WORLD_NOW + timedelta(hours=1))
    assert len(sandbox.follow_requests) == 1, "a done follow is never sent again"
    (action,) = await actions(sqlite_db)
    assert action.state == "done" and action.result == "followed"
    async with sqlite_db.session() as session:
        state = await session.get(GuildAccount, (GUILD, follow_target))
    assert state is not None and state.followed_at is not None


async def test_executor_turns_a_refused_follow_into_a_follow_link(
    x: XNetwork, sandbox: SandboxServer, sqlite_db: Database, follow_target: str
) -> None:
    handle = sandbox.world.users[follow_target].username
    await make_entry(sqlite_db, follow_target)
    await react(sqlite_db, ADMIN, handle=handle)
    (action,) = await executor.execute_follows(sqlite_db, x, guild_id=GUILD, now=WORLD_NOW)
    assert action.state == "by_hand"
    assert action.result == f"https://x.com/intent/follow?screen_name={handle}"


async def test_executor_never_resends_a_follow_whose_answer_was_lost(
    sandbox: SandboxServer, sqlite_db: Database, clock: FakeClock, follow_target: str
) -> None:
    sandbox.config.follow_forbidden = False
    await make_entry(sqlite_db, follow_target)
    await react(sqlite_db, ADMIN)
    sandbox.faults = Faults(server_error=1.0)
    async with x_network(
        x_settings(sandbox.base_url, x_access_token=sandbox.config.access_token), sqlite_db, clock
    ) as x:
        (action,) = await executor.execute_follows(sqlite_db, x, guild_id=GUILD, now=WORLD_NOW)
        assert action.state == "unknown"
        sandbox.faults = Faults()
        assert await executor.execute_follows(sqlite_db, x, guild_id=GUILD, now=WORLD_NOW) == []
    assert len(sandbox.requests_to("POST /2/users/:id/following")) == 1


async def test_executor_respects_the_daily_cap(x: XNetwork, sandbox: SandboxServer, sqlite_db: Database) -> None:
    sandbox.config.follow_forbidden = False
    world = sandbox.world
    targets = [uid for uid in world.following[world.seed_ids[0]] if uid != world.me_id][:3]
    async with sqlite_db.session() as session, session.begin():
        session.add(GuildSettings(guild_id=GUILD, daily_follow_cap=2))
        for index, target in enumerate(targets):
            session.add(
                Action(
                    guild_id=GUILD,
                    account_id=target,
                    handle=world.users[target].username,
                    kind=ActionKind.FOLLOW,
                    created_at=WORLD_NOW + timedelta(seconds=index),
                )
            )
    first = await executor.execute_follows(sqlite_db, x, guild_id=GUILD, now=WORLD_NOW)
    assert [action.account_id for action in first] == targets[:2]
    assert await executor.execute_follows(sqlite_db, x, guild_id=GUILD, now=WORLD_NOW) == []
    tomorrow = await executor.execute_follows(sqlite_db, x, guild_id=GUILD, now=WORLD_NOW + timedelta(days=1))
    assert [action.account_id for action in tomorrow] == targets[2:]


async def test_interrupted_sends_become_unknown_not_resent(sqlite_db: Database) -> None:
    async with sqlite_db.session() as session, session.begin():
        session.add(
            Action(
                guild_id=GUILD,
                account_id="42",
                handle="x",
                kind=ActionKind.FOLLOW,
                state=ActionState.SENDING,
                executed_at=WORLD_NOW,
            )
        )
    assert await executor.recover_interrupted(sqlite_db, now=WORLD_NOW + timedelta(hours=1)) == 1
    (action,) = await actions(sqlite_db)
    assert action.state == "unknown"


async def test_executor_follow_of_an_account_x_says_is_gone_fails_not_unknown(
    x: XNetwork, sandbox: SandboxServer, sqlite_db: Database, follow_target: str
) -> None:
    """X answers 200 with a not-found error naming the account (suspended or deleted since the digest): the
    follow certainly did not happen, so it is failed with X's reason, not "unknown, check before a retry"."""
    sandbox.config.follow_forbidden = False
    sandbox.world.users[follow_target].suspended = True
    await make_entry(sqlite_db, follow_target)
    await react(sqlite_db, ADMIN)
    (action,) = await executor.execute_follows(sqlite_db, x, guild_id=GUILD, now=WORLD_NOW)
    assert action.state == "failed", action.result
    assert action.result and "can't be read" in action.result
    assert await executor.execute_follows(sqlite_db, x, guild_id=GUILD, now=WORLD_NOW + timedelta(days=1)) == []
    assert sandbox.follow_requests == []


async def test_a_withdrawn_actions_id_reused_by_another_decision_is_not_carried_out_for_the_withdrawn_account(
    db: Database,
) -> None:
    """Seen in the end-to-end withdrawal race: the executor read action 1 (account A) from the queue, A was
    withdrawn (row deleted), SQLite gave id 1 to B's new decision, and the claim by id alone followed A."""
    await make_entry(db, "100")
    assert (await react(db, ADMIN)).status == "decided"
    performed: list[str] = []

    async def perform(action: Action) -> tuple[ActionState, str]:
        performed.append(action.account_id)
        return ActionState.DONE, "followed"

    async with approvals.entry_lock(MESSAGE):  # the executor reads the queue, then waits here for the entry
        run = asyncio.create_task(
            executor.execute_actions(db, guild_id=GUILD, kind=ActionKind.FOLLOW, cap=10, perform=perform)
        )
        for _ in range(50):
            await asyncio.sleep(0.01)
        assert (await unreact(db, ADMIN.user_id)).status == "withdrawn"
        async with db.session() as session, session.begin():
            # B's decision takes the freed id, as SQLite's next insert does (PostgreSQL's sequence never would).
            session.add(Action(id=1, guild_id=GUILD, account_id="200", handle="b", kind=ActionKind.FOLLOW))
    await run
    assert performed == [], "A was withdrawn; B was not in the queue this run read"
    (left,) = await actions(db)
    assert (left.account_id, left.state) == ("200", ActionState.QUEUED), "B waits for the next run, untouched"


async def test_a_member_is_told_once_per_reason_even_when_two_reactions_race(db: Database) -> None:
    """Reaction notes (issue 10): once per guild, member and reason, stored, so a restart (a new process reading
    the same database) does not tell again; two refusals at once can't both be first."""
    told = await asyncio.gather(
        *(approvals.first_telling(db, guild_id=GUILD, user_id=7, reason="not_allowed") for _ in range(3))
    )
    assert sorted(told) == [False, False, True]
    assert await approvals.first_telling(db, guild_id=GUILD, user_id=7, reason="not_allowed") is False
    assert await approvals.first_telling(db, guild_id=GUILD, user_id=7, reason="no_list") is True
    assert await approvals.first_telling(db, guild_id=GUILD + 1, user_id=7, reason="not_allowed") is True


async def test_a_failed_claim_never_drops_an_action_of_another_kind_for_the_same_account(db: Database) -> None:
    """The claim matched id, account and kind, but the drop after a failed claim matched id and account only: when
    the withdrawn follow's id came back as a List addition for the same account (standing, approved), the follow
    run marked that List addition skipped."""
    entry = await make_entry(db, "100")
    assert (await react(db, ADMIN)).status == "decided"

    async def perform(action: Action) -> tuple[ActionState, str]:
        raise AssertionError(f"nothing should be carried out, not {action.kind} of {action.account_id}")

    async with approvals.entry_lock(MESSAGE):  # the executor reads the queue, then waits here for the entry
        run = asyncio.create_task(
            executor.execute_actions(db, guild_id=GUILD, kind=ActionKind.FOLLOW, cap=10, perform=perform)
        )
        for _ in range(50):
            await asyncio.sleep(0.01)
        assert (await unreact(db, ADMIN.user_id)).status == "withdrawn"
        async with db.session() as session, session.begin():
            # The same account's List addition takes the freed id (SQLite's next insert does), approved and standing.
            session.add(Approval(guild_id=GUILD, suggestion_id=entry.id, kind=ActionKind.LIST_ADD, user_id=1))  # type: ignore[arg-type]
            session.add(
                Action(
                    id=1,
                    guild_id=GUILD,
                    account_id="100",
                    handle="someone",
                    kind=ActionKind.LIST_ADD,
                    suggestion_id=entry.id,
                    target="7",
                )
            )
    await run
    (left,) = await actions(db)
    assert (left.kind, left.state) == (ActionKind.LIST_ADD, ActionState.QUEUED), "the List addition still stands"


async def test_dropping_an_unstanding_action_rechecks_that_it_does_not_stand(db: Database) -> None:
    """The drop is a compare-and-set: an action approved again since its claim failed stays queued; one whose
    approval is gone is skipped and audited."""
    await make_entry(db, "100")
    assert (await react(db, ADMIN)).status == "decided"
    (queued,) = await actions(db)
    await executor._drop_unstanding(db, queued, WORLD_NOW, needed=1)  # pyright: ignore[reportPrivateUsage]
    (still,) = await actions(db)
    assert still.state == ActionState.QUEUED, "it stands: not dropped"
    assert (await unreact(db, ADMIN.user_id)).status == "withdrawn"
    async with db.session() as session, session.begin():
        # A queued action whose approvals are gone, as a racing executor sees it.
        session.add(Action(**queued.model_dump()))
    await executor._drop_unstanding(db, queued, WORLD_NOW, needed=1)  # pyright: ignore[reportPrivateUsage]
    (dropped,) = await actions(db)
    assert dropped.state == ActionState.SKIPPED and dropped.result == executor.UNSTANDING
    async with db.session() as session:
        events = (await session.exec(select(AuditEvent.event).where(AuditEvent.account_id == "100"))).all()
    assert "follow_skipped" in events
