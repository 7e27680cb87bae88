"""Lists against the sandbox X: create with X's limits, import, membership sync, additions that respect X."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import pytest
from sqlmodel import col, select

from bot import executor
from bot.approvals import Decider
from bot.inputs import InvalidInput
from bot.lists import service
from bot.models import Action, ActionKind, GuildSettings, ListKind, ListMember, XList
from bot.sandbox.world import SandboxList
from tests.conftest import WORLD_NOW

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.db import Database
    from bot.networks.x import XNetwork
    from bot.sandbox.server import SandboxServer

GUILD = 31
MANAGER = Decider(user_id=1, can_manage_guild=True)
MEMBER = Decider(user_id=2, can_manage_guild=False)


async def create(db: Database, x: XNetwork, **overrides: object) -> XList:
    values: dict[str, object] = {"name": "Rust Berlin", "kind": "niche", "keywords": "rust, cargo, rustlang"}
    values.update(overrides)
    return await service.create(db, x, guild_id=GUILD, decider=MANAGER, **values)  # type: ignore[arg-type]


async def test_list_create_makes_a_private_list_on_x(db: Database, db_x: XNetwork, sandbox: SandboxServer) -> None:
    row = await create(db, db_x)
    on_x = sandbox.world.lists[row.x_list_id]
    assert on_x.name == "Rust Berlin" and on_x.private
    assert on_x.description == "People talking about rust, cargo, rustlang"
    assert row.keywords == ["rust", "cargo", "rustlang"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "A name far longer than twenty-five"}, "at most 25 characters"),
        ({"description": "x" * 101}, "at most 100 characters"),
        ({"keywords": " , ,"}, "topic words"),
        ({"kind": "city", "keywords": ""}, "place names"),
        # The examples: a NUL byte (PostgreSQL can't store it; X was asked first), a name of zero-width
        # spaces, separators alone as keywords, a kind outside the choices, 10,000 characters of keywords.
        ({"name": "Rust\x00Berlin"}, "U\\+0000"),
        ({"name": "\u200b\u200b\u200b"}, "can't be empty"),
        ({"keywords": ",,, ;"}, "topic words"),
        ({"kind": "planet"}, "must be one of"),
        ({"keywords": "k" * 10_000}, "at most 1,000 characters"),
        ({"seed_weight": float("nan")}, "seed weight"),
    ],
)
async def test_list_create_bad_input_is_refused_and_x_is_not_asked(
    db: Database, db_x: XNetwork, sandbox: SandboxServer, overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        await create(db, db_x, **overrides)
    assert sandbox.requests_to("POST /2/lists") == []
    async with db.session() as session:
        assert (await session.exec(select(XList))).all() == []


async def test_list_create_needs_a_manager_and_a_new_name(db: Database, db_x: XNetwork, sandbox: SandboxServer) -> None:
    with pytest.raises(service.CirclebotError, match="Manage Server"):
        await service.create(db, db_x, guild_id=GUILD, decider=MEMBER, name="L", kind=ListKind.NICHE, keywords="a")
    await create(db, db_x)
    with pytest.raises(service.InvalidList, match="already have a List"):
        await create(db, db_x, name="rust berlin")
    assert len(sandbox.requests_to("POST /2/lists")) == 1


async def test_list_import_adopts_owned_lists_with_their_members(
    db: Database, db_x: XNetwork, sandbox: SandboxServer
) -> None:
    world = sandbox.world
    members = [uid for uid in world.following[world.seed_ids[0]] if not world.users[uid].suspended][:7]
    world.lists["1700000000000000001"] = SandboxList(
        id="1700000000000000001", owner_id=world.me_id, name="Design folks", member_ids=members
    )
    adopted = await service.import_owned(db, db_x, guild_id=GUILD, decider=MANAGER)
    assert [row.name for row in adopted] == ["Design folks"]
    assert adopted[0].keywords == ["Design", "folks"]
    async with db.session() as session:
        stored = (await session.exec(select(ListMember))).all()
    assert {member.account_id for member in stored} == set(members)
    again = await service.import_owned(db, db_x, guild_id=GUILD, decider=MANAGER)
    assert again == [], "a List is adopted once"


async def test_list_member_removed_on_x_is_never_added_back(
    db: Database, db_x: XNetwork, sandbox: SandboxServer
) -> None:
    row = await create(db, db_x)
    on_x = sandbox.world.lists[row.x_list_id]
    world = sandbox.world
    kept, removed = [uid for uid in world.following[world.seed_ids[0]] if not world.users[uid].suspended][:2]
    on_x.member_ids.extend([kept, removed])
    await service.sync_members(db, db_x, row, now=WORLD_NOW)
    on_x.member_ids.remove(removed)  # someone removed it on X
    await service.sync_members(db, db_x, row, now=WORLD_NOW)
    async with db.session() as session, session.begin():
        assert row.id is not None
        member = await service.membership(session, list_row_id=row.id, account_id=removed)
        assert member is not None and member.removed_on_x_at is not None
        session.add(
            Action(
                guild_id=GUILD,
                account_id=removed,
                handle="gone",
                kind=ActionKind.LIST_ADD,
                target=str(row.id),
                approvers=[1],
            )
        )
    (action,) = await executor.execute_list_adds(db, db_x, guild_id=GUILD, now=WORLD_NOW)
    assert action.state == "skipped" and "not added back" in (action.result or "")
    assert removed not in on_x.member_ids
    assert sandbox.requests_to("POST /2/lists/:id/members") == []


async def test_list_additions_are_sent_once_within_the_cap(
    db: Database, db_x: XNetwork, sandbox: SandboxServer
) -> None:
    row = await create(db, db_x)
    world = sandbox.world
    accounts = [uid for uid in world.following[world.seed_ids[0]] if not world.users[uid].suspended][:3]
    async with db.session() as session, session.begin():
        settings = await service.get_settings(session, GUILD)
        settings.daily_list_add_cap = 2
        session.add(settings)
        for account_id in accounts:
            session.add(
                Action(guild_id=GUILD, account_id=account_id, handle="h", kind=ActionKind.LIST_ADD, target=str(row.id))
            )
    done = await executor.execute_list_adds(db, db_x, guild_id=GUILD, now=WORLD_NOW)
    assert [action.state for action in done] == ["done", "done"]
    assert await executor.execute_list_adds(db, db_x, guild_id=GUILD, now=WORLD_NOW) == []
    assert set(sandbox.world.lists[row.x_list_id].member_ids) == set(accounts[:2])
    assert len(sandbox.requests_to("POST /2/lists/:id/members")) == 2


async def test_list_member_sync_stops_on_a_repeated_cursor_and_marks_no_one_removed(
    db: Database, db_x: XNetwork, sandbox: SandboxServer
) -> None:
    """Issue 9, kind of case 6: List members. Members not read must not be taken for removed on X."""
    world = sandbox.world
    row = await create(db, db_x)
    on_x = world.lists[row.x_list_id]
    on_x.member_ids.extend([uid for uid in world.users if not world.users[uid].suspended][:250])
    assert await service.sync_members(db, db_x, row, now=WORLD_NOW) == 250
    sandbox.config.repeat_cursor = frozenset({"GET /2/lists/:id/members"})
    before = len(sandbox.requests_to("GET /2/lists/:id/members"))
    read = await asyncio.wait_for(service.sync_members(db, db_x, row, now=WORLD_NOW), timeout=30)
    assert read == 200 and len(sandbox.requests_to("GET /2/lists/:id/members")) - before == 2
    async with db.session() as session:
        assert row.id is not None
        gone = (
            await session.exec(
                select(ListMember).where(ListMember.list_id == row.id, col(ListMember.removed_on_x_at).is_not(None))
            )
        ).all()
        settings = await session.get(GuildSettings, GUILD)
    assert gone == []
    assert settings is not None and settings.last_problem is not None
    assert "repeated a page cursor of the members of List Rust Berlin" in settings.last_problem


async def test_list_import_stops_on_a_repeated_cursor_and_adopts_what_it_read(
    db: Database, db_x: XNetwork, sandbox: SandboxServer
) -> None:
    """Issue 9, kind of case 6: owned Lists."""
    world = sandbox.world
    for number in range(150):
        list_id = str(1_800_000_000_000_000_000 + number)
        world.lists[list_id] = SandboxList(id=list_id, owner_id=world.me_id, name=f"Topic {number}", member_ids=[])
    sandbox.config.repeat_cursor = frozenset({"GET /2/users/:id/owned_lists"})
    adopted = await asyncio.wait_for(service.import_owned(db, db_x, guild_id=GUILD, decider=MANAGER), timeout=60)
    assert len(sandbox.requests_to("GET /2/users/:id/owned_lists")) == 2
    assert len(adopted) == len({row.x_list_id for row in adopted}) == 150, "two pages read, each List adopted once"
    async with db.session() as session:
        settings = await session.get(GuildSettings, GUILD)
    assert settings is not None and settings.last_problem is not None and "List import" in settings.last_problem


def refuse_inserts_into(db: Database, table: str) -> Callable[[], None]:
    """Make the database refuse every INSERT into ``table`` as PostgreSQL refused the NUL byte of issue 10
    ("invalid byte sequence for encoding UTF8"); returns the function that lifts the refusal."""
    from sqlalchemy import event
    from sqlalchemy.exc import DataError

    def refuse(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().upper().startswith(f"INSERT INTO {table.upper()} "):
            raise DataError(statement, {}, Exception("invalid byte sequence for encoding UTF8: 0x00"))

    engine = db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", refuse)
    return lambda: event.remove(engine, "before_cursor_execute", refuse)


async def test_a_database_failure_after_x_created_the_list_leaves_a_visible_untracked_list_import_adopts(
    db: Database, db_x: XNetwork, sandbox: SandboxServer
) -> None:
    """Issue 10: the List was made (and billed) on X, then the database refused the row; `/list show` said "No Lists
    yet" and three tries made three Lists. Now the claim written before X was asked stays, with X's id."""
    lift = refuse_inserts_into(db, "x_list")
    with pytest.raises(service.ListNotTracked, match="/list import"):
        await create(db, db_x, keywords="rust, cargo", kind="city", seed_weight=2.0)
    with pytest.raises(service.InvalidList, match="may already exist on X"):
        await create(db, db_x)  # a second try does not make a second List on X
    assert len(sandbox.requests_to("POST /2/lists")) == 1
    async with db.session() as session:
        assert (await session.exec(select(XList))).all() == [], "nothing half-written here"
        [claim] = await service.untracked(session, guild_id=GUILD)
    assert claim.name == "Rust Berlin" and claim.x_list_id in sandbox.world.lists
    lift()
    adopted = await service.import_owned(db, db_x, guild_id=GUILD, decider=MANAGER)
    assert [(row.name, row.kind, row.keywords, row.seed_weight) for row in adopted] == [
        ("Rust Berlin", ListKind.CITY, ["rust", "cargo"], 2.0)
    ], "adopted as it was created, not with the words of its name"
    async with db.session() as session:
        assert await service.untracked(session, guild_id=GUILD) == []


async def test_a_stop_between_x_and_the_database_leaves_a_claim_import_settles(
    db: Database, db_x: XNetwork, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bot stops (here: the task is cancelled) after X made the List, before anything else is written."""
    real_create = db_x.create_list

    async def create_then_stop(*args: object, **kwargs: object) -> object:
        await real_create(*args, **kwargs)  # type: ignore[arg-type]
        raise asyncio.CancelledError

    monkeypatch.setattr(db_x, "create_list", create_then_stop)
    with pytest.raises(asyncio.CancelledError):
        await create(db, db_x, name="Go Paris")
    monkeypatch.undo()
    async with db.session() as session:
        [claim] = await service.untracked(session, guild_id=GUILD)
    assert claim.name == "Go Paris" and claim.x_list_id is None, "X's answer never reached the database"
    # X holds no such List after all (deleted there): the next import settles the claim.
    sandbox.world.lists.clear()
    adopted = await service.import_owned(db, db_x, guild_id=GUILD, decider=MANAGER)
    assert adopted == []
    async with db.session() as session:
        assert await service.untracked(session, guild_id=GUILD) == [], "X holds no such List: the claim is settled"


async def test_a_claim_with_x_made_list_is_adopted_by_name(
    db: Database, db_x: XNetwork, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_create = db_x.create_list

    async def create_then_stop(*args: object, **kwargs: object) -> object:
        await real_create(*args, **kwargs)  # type: ignore[arg-type]
        raise asyncio.CancelledError

    monkeypatch.setattr(db_x, "create_list", create_then_stop)
    with pytest.raises(asyncio.CancelledError):
        await create(db, db_x, name="Go Paris", keywords="golang")
    monkeypatch.undo()
    adopted = await service.import_owned(db, db_x, guild_id=GUILD, decider=MANAGER)
    assert [(row.name, row.keywords) for row in adopted] == [("Go Paris", ["golang"])]


async def test_a_list_x_refuses_leaves_no_claim(
    db: Database, db_x: XNetwork, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.errors import XForbidden

    async def refused(*args: object, **kwargs: object) -> object:
        raise XForbidden("POST /2/lists", "not permitted")

    monkeypatch.setattr(db_x, "create_list", refused)
    with pytest.raises(XForbidden):
        await create(db, db_x)
    async with db.session() as session:
        assert await service.untracked(session, guild_id=GUILD) == [], "nothing exists on X: nothing to adopt"
    monkeypatch.undo()
    assert (await create(db, db_x)).name == "Rust Berlin", "and a new try is not blocked"


@pytest.mark.parametrize("typed", ["\ud800", "Rust\x00"])
async def test_finding_a_list_by_a_name_the_database_cant_hold_is_a_clear_refusal(db: Database, typed: str) -> None:
    async with db.session() as session:
        with pytest.raises(InvalidInput, match="control character"):
            await service.find(session, guild_id=GUILD, name=typed)


async def test_a_list_addition_to_a_list_deleted_on_x_or_of_a_gone_account_fails_not_unknown(
    db: Database, db_x: XNetwork, sandbox: SandboxServer
) -> None:
    """X answers 200 with a not-found error naming the List (deleted on X) or the account (suspended): the
    addition did not happen. It was "unknown, check before a retry", though the executor means such answers to
    fail the action with X's reason."""
    row = await create(db, db_x)
    world = sandbox.world
    kept, gone = [uid for uid in world.following[world.seed_ids[0]] if not world.users[uid].suspended][:2]
    world.users[gone].suspended = True
    async with db.session() as session, session.begin():
        session.add(
            Action(guild_id=GUILD, account_id=gone, handle="gone", kind=ActionKind.LIST_ADD, target=str(row.id))
        )
    (action,) = await executor.execute_list_adds(db, db_x, guild_id=GUILD, now=WORLD_NOW)
    assert action.state == "failed" and "can't be read" in (action.result or ""), action.result
    world.lists.pop(row.x_list_id)
    async with db.session() as session, session.begin():
        session.add(
            Action(guild_id=GUILD, account_id=kept, handle="kept", kind=ActionKind.LIST_ADD, target=str(row.id))
        )
    (action,) = await executor.execute_list_adds(db, db_x, guild_id=GUILD, now=WORLD_NOW)
    assert action.state == "failed" and "Could not find list" in (action.result or ""), action.result


async def test_a_create_finds_its_own_claim_by_id_team_and_name_not_by_an_id_another_team_got(
    db: Database, db_x: XNetwork, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While X created the List, this team's claim was settled (deleted) and SQLite gave its id to another team's
    claim of the same name: the create used to record X's id on, then delete, the other team's claim."""
    from bot.models import ListClaim

    real_create = db_x.create_list

    async def create_while_the_id_is_reused(*args: object, **kwargs: object) -> object:
        async with db.session() as session, session.begin():
            (ours,) = await service.untracked(session, guild_id=GUILD)
            other = ListClaim(id=ours.id, guild_id=GUILD + 1, name=ours.name, kind=ListKind.NICHE, actor_id=9)
            await session.delete(ours)
            await session.flush()
            session.add(other)
        return await real_create(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(db_x, "create_list", create_while_the_id_is_reused)
    row = await create(db, db_x)
    assert row.name == "Rust Berlin"
    async with db.session() as session:
        (theirs,) = await service.untracked(session, guild_id=GUILD + 1)
    assert theirs.x_list_id is None, "the other team's claim is not given our List"


async def test_two_creates_of_one_name_make_one_list_per_team(
    db: Database, db_x: XNetwork, sandbox: SandboxServer
) -> None:
    """At once: the same team twice (one List on X, the other refused before X is asked), and two teams (one each)."""
    async with db.session() as session, session.begin():
        session.add(GuildSettings(guild_id=GUILD + 1))
    same_team = await asyncio.gather(create(db, db_x), create(db, db_x), return_exceptions=True)
    made = [result for result in same_team if isinstance(result, XList)]
    refused = [result for result in same_team if isinstance(result, service.InvalidList)]
    assert len(made) == 1 and len(refused) == 1, same_team
    assert len(sandbox.requests_to("POST /2/lists")) == 1, "one List on X"
    other_team = await service.create(
        db, db_x, guild_id=GUILD + 1, decider=MANAGER, name="Rust Berlin", kind=ListKind.NICHE, keywords="rust"
    )
    assert other_team.x_list_id != made[0].x_list_id
    async with db.session() as session:
        assert await service.untracked(session, guild_id=GUILD) == []
        assert await service.untracked(session, guild_id=GUILD + 1) == []


async def test_looking_for_an_unconfirmed_list_stops_on_a_repeated_cursor(
    db: Database, db_x: XNetwork, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 9, case 6's kind: the search of the team's Lists after X did not confirm a create followed cursors
    with a bare page count (51 pages of a cursor X repeats); it goes through a Pager now and keeps the claim."""
    from bot.errors import WriteOutcomeUnknown

    world = sandbox.world
    for number in range(150):
        list_id = str(1_800_000_000_000_000_000 + number)
        world.lists[list_id] = SandboxList(id=list_id, owner_id=world.me_id, name=f"Topic {number}", member_ids=[])
    sandbox.config.repeat_cursor = frozenset({"GET /2/users/:id/owned_lists"})

    async def unconfirmed(*args: object, **kwargs: object) -> object:
        raise WriteOutcomeUnknown("POST /2/lists", "timed out")

    monkeypatch.setattr(db_x, "create_list", unconfirmed)
    with pytest.raises(service.ListCreationUnconfirmed):
        await asyncio.wait_for(create(db, db_x), timeout=60)
    assert len(sandbox.requests_to("GET /2/users/:id/owned_lists")) == 2, "stopped at the repeated cursor"
    async with db.session() as session:
        [claim] = await service.untracked(session, guild_id=GUILD)
    assert claim.name == "Rust Berlin", "the claim stays for /list import"
