"""The team's X Lists: create, import, remove, and keep membership in sync with X.

X forbids bulk or indiscriminate List additions, so every addition is a person's decision (a 📋 reaction or
/list add) and goes through the same executor and daily cap as follows (bot/executor.py `execute_list_adds`).
An account removed from a List on X is remembered and never added back by us.
"""

from __future__ import annotations

import logging
import unicodedata
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import col, func, select

from bot.audit import audit
from bot.errors import CirclebotError, WriteOutcomeUnknown, XError
from bot.inputs import (
    DISCORD_OPTION_LIMIT,
    LIST_DESCRIPTION_LIMIT,
    LIST_NAME_LIMIT,
    InvalidInput,
    check_choice,
    check_number,
    clean_text,
    parse_keywords,
)
from bot.lists.matching import ListProfile
from bot.models import Account, Action, ActionKind, ListClaim, ListKind, ListMember, XList, utcnow
from bot.networks.paging import Pager
from bot.storage import upsert, upsert_accounts
from bot.team import get_settings, report_problem, require_decider

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.approvals import Decider
    from bot.db import Database
    from bot.networks.base import NetworkAccount, NetworkList, SocialNetwork

log = logging.getLogger(__name__)

NAME_LIMIT = LIST_NAME_LIMIT  # X's limits for a List
DESCRIPTION_LIMIT = LIST_DESCRIPTION_LIMIT
MEMBER_SYNC_EVERY = timedelta(hours=24)
MAX_MEMBER_PAGES = 51  # 100 a page; X caps a List at 5,000 members
MAX_OWNED_LIST_PAGES = 11  # 100 a page; X caps an account at 1,000 Lists
MAX_SEED_WEIGHT = 10.0  # 5,000 members: X's own cap on a List


class InvalidList(InvalidInput):
    """A List request that can't be done as asked (a duplicate name, no keywords, …)."""


class ListCreationUnconfirmed(CirclebotError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"X did not confirm that the List “{name}” was created, and the team's Lists don't show it yet. It was "
            "not sent again; /list show lists it as not tracked here, and /list import adopts it if X made it."
        )
        self.name = name


class ListNotTracked(CirclebotError):
    """The List exists on X but the database write after creating it failed."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"The List “{name}” was created on X, but I could not save it here. Nothing is lost: `/list import` "
            "adopts it."
        )


class UnknownList(CirclebotError):
    def __init__(self, name: str) -> None:
        super().__init__(f"There is no List called “{name}”. See yours with /list show.")


def check_name(name: str) -> str:
    """A List name under the input policy (bot.inputs) and X's limit of 25 characters; raises InvalidInput."""
    return clean_text(name, label="The List name", limit=NAME_LIMIT)


def name_key(name: str) -> str:
    """What two List names must share to be one List: NFC then Python's ``casefold`` ("STRASSE" is "Straße").

    Compared here, never with SQL ``lower()``: SQLite's folds ASCII letters only and PostgreSQL's follows the
    database's character type (LC_CTYPE), so whether "ÉCOLE" and "école" were one List depended on the database."""
    return unicodedata.normalize("NFC", name).casefold()


def clean_imported_name(name: str, list_id: str) -> str:
    """An X List's name as kept when adopted: the same cleaning as ``/list create``'s (bot.inputs), so lookups
    find it as typed. A name X holds but our policy refuses (a control character, over 25 characters, only
    invisibles) is cleaned of what can't be shown and cut to X's limit rather than refused: it already exists."""
    try:
        return check_name(name)
    except InvalidInput:
        visible = "".join(" " if unicodedata.category(char) in {"Cc", "Cs"} else char for char in name)
        cleaned = clean_text(visible, label="The List name", limit=DISCORD_OPTION_LIMIT, required=False)
        return cleaned[:NAME_LIMIT].rstrip() or f"List {list_id}"[:NAME_LIMIT]


def check_description(description: str) -> str:
    """A List description under the input policy and X's limit of 100 characters ("" when only blanks)."""
    return clean_text(description, label="The List description", limit=DESCRIPTION_LIMIT, required=False)


def check_kind(kind: str) -> ListKind:
    """``niche`` or ``city`` (Discord's choices are checked by its clients only); raises InvalidInput."""
    return ListKind(check_choice(kind, [member.value for member in ListKind], label="A List's kind"))


def default_description(kind: ListKind, keywords: tuple[str, ...]) -> str:
    lead = "People in " if kind == ListKind.CITY else "People talking about "
    text = lead + ", ".join(keywords)
    return text if len(text) <= DESCRIPTION_LIMIT else text[: DESCRIPTION_LIMIT - 1].rstrip(", ") + "…"


def profile(row: XList) -> ListProfile:
    assert row.id is not None
    return ListProfile(list_id=row.id, name=row.name, kind=row.kind, keywords=tuple(row.keywords))


async def active_lists(session: AsyncSession, *, guild_id: int) -> list[XList]:
    rows = await session.exec(
        select(XList).where(XList.guild_id == guild_id, col(XList.removed_at).is_(None)).order_by(col(XList.name))
    )
    return list(rows.all())


async def find(session: AsyncSession, *, guild_id: int, name: str) -> XList:
    # The name as typed goes through the input policy first: a control character or a lone surrogate can't even
    # be sent to the database (PostgreSQL refuses it, SQLite can't encode it), and a refusal says why.
    name = check_name(name)
    wanted = name_key(name)
    for row in await active_lists(session, guild_id=guild_id):
        if name_key(row.name) == wanted:
            return row
    raise UnknownList(name)


async def create(
    db: Database,
    network: SocialNetwork,
    *,
    guild_id: int,
    decider: Decider,
    name: str,
    kind: ListKind,
    keywords: str,
    description: str | None = None,
    seed_weight: float = 0.5,
) -> XList:
    """Create a private List on X and keep it. Everything is checked before X is asked.

    X's write can't be undone by a failed database write, so it is bracketed by a :class:`ListClaim`: committed
    before X is asked, given X's List id as soon as X answers, and deleted in the transaction that stores the List.
    A claim left behind (the store failed, or the bot stopped in between) is an "exists on X, not tracked here"
    entry that :func:`untracked` lists for `/list show` and :func:`import_owned` adopts.

    ``seed_weight``: how much its members' follows count in discovery, next to a seed's 1 (0: not at all).
    Raises InvalidInput (bad input, a duplicate or an untracked List of that name), ListCreationUnconfirmed,
    ListNotTracked, and what X refused."""
    async with db.session() as session, session.begin():
        require_decider(await get_settings(session, guild_id), decider)
        network.require_user_credentials("POST /2/lists")
        clean_name = check_name(name)
        kind = check_kind(kind)
        words = parse_keywords(keywords)
        if not words:
            what = "place names and spellings" if kind == ListKind.CITY else "topic words"
            raise InvalidList(f"Give the {what} that put someone in this List, separated by commas.")
        clean_description = (check_description(description) if description else "") or default_description(kind, words)
        check_number(seed_weight, label="A List's seed weight", low=0, high=MAX_SEED_WEIGHT)
        lists = await active_lists(session, guild_id=guild_id)
        if any(name_key(row.name) == name_key(clean_name) for row in lists):
            raise InvalidList(f"You already have a List called “{clean_name}”.")
        if any(name_key(claim.name) == name_key(clean_name) for claim in await untracked(session, guild_id=guild_id)):
            # Asking X again would make a second List of that name (the "three tries, three Lists").
            raise InvalidList(
                f"A List called “{clean_name}” may already exist on X without being tracked here (see /list show); "
                "`/list import` adopts it."
            )
        known = {row.x_list_id for row in lists}
        claim = ListClaim(
            guild_id=guild_id,
            name=clean_name,
            kind=kind,
            keywords=list(words),
            description=clean_description,
            seed_weight=seed_weight,
            actor_id=decider.user_id,
        )
        session.add(claim)
        await session.flush()
        claim_id = claim.id
    mine = {"claim_id": claim_id, "guild_id": guild_id, "name": clean_name}
    async with db.session() as session, session.begin():
        # Two creates of one name by the same team, both past the checks above before either committed (possible
        # on PostgreSQL): the earlier claim goes on, this one steps back before X is asked.
        earlier = await session.exec(
            select(ListClaim.name).where(ListClaim.guild_id == guild_id, col(ListClaim.id) < claim_id)
        )
        second = any(name_key(other) == name_key(clean_name) for other in earlier.all())
        if second:
            stale = await _own_claim(session, **mine)
            if stale is not None:
                await session.delete(stale)
    if second:
        raise InvalidList(f"A List called “{clean_name}” is being created right now; see /list show in a moment.")
    try:
        created = await network.create_list(clean_name, description=clean_description, private=True)
    except WriteOutcomeUnknown:
        # X may have made it (the call is billed and logged ok): look for it among the team's Lists (a free read)
        # rather than sending it again, which could make two.
        try:
            created = await _find_owned(network, clean_name, known=known)
        except XError:
            created = None  # not found now: the claim stays, and /list import adopts it
        if created is None:
            raise ListCreationUnconfirmed(clean_name) from None  # the claim stays: /list show says so
        log.warning("X did not confirm List %s; adopted %s, found among the team's Lists", clean_name, created.id)
    except Exception:
        # X refused (or could not be reached before sending): nothing exists on X, so the claim goes.
        await _drop_claim(db, **mine)
        raise
    try:
        # Two transactions: the small one first, so that even if storing the List fails the claim knows X's id.
        async with db.session() as session, session.begin():
            stored_claim = await _own_claim(session, **mine)
            if stored_claim is not None:
                stored_claim.x_list_id = created.id
        async with db.session() as session, session.begin():
            row = XList(
                guild_id=guild_id,
                x_list_id=created.id,
                name=clean_name,
                kind=kind,
                keywords=list(words),
                description=clean_description,
                private=True,
                seed_weight=seed_weight,
            )
            session.add(row)
            await session.flush()
            await audit(
                session,
                guild_id=guild_id,
                event="list_create",
                actor_id=decider.user_id,
                list=clean_name,
                x_list=created.id,
            )
            stored_claim = await _own_claim(session, **mine)
            if stored_claim is not None:
                await session.delete(stored_claim)
    except SQLAlchemyError as error:
        # X already holds the List (and billed it): say so, and how to adopt it, instead of "something went wrong";
        # the claim left behind makes /list show list it until /list import adopts it.
        log.error("List %r was created on X as %s but could not be stored: %s", clean_name, created.id, error)
        raise ListNotTracked(clean_name) from None
    return row


async def _own_claim(session: AsyncSession, *, claim_id: int | None, guild_id: int, name: str) -> ListClaim | None:
    """The claim this create made, found by its id *and* team and name: an id alone can name another team's claim
    (SQLite hands a deleted row's id to the next insert, e.g. after /list import settled ours meanwhile)."""
    rows = await session.exec(
        select(ListClaim).where(ListClaim.id == claim_id, ListClaim.guild_id == guild_id, ListClaim.name == name)
    )
    return rows.first()


async def _drop_claim(db: Database, *, claim_id: int | None, guild_id: int, name: str) -> None:
    try:
        async with db.session() as session, session.begin():
            claim = await _own_claim(session, claim_id=claim_id, guild_id=guild_id, name=name)
            if claim is not None:
                await session.delete(claim)
    except SQLAlchemyError as error:
        # Left behind, it shows as "may exist on X" and the next /list import clears it: better than hiding X's
        # refusal behind this one.
        log.warning("could not drop the claim for a List X refused: %s", error)


async def untracked(session: AsyncSession, *, guild_id: int) -> list[ListClaim]:
    """Lists this team asked X for that are not stored here (oldest first): ``x_list_id`` set means X made it and
    storing it failed; None means X's answer never arrived or was never recorded (the bot stopped, or X did not
    confirm), so it may or may not exist on X. `/list import` settles both."""
    rows = await session.exec(
        select(ListClaim).where(ListClaim.guild_id == guild_id).order_by(col(ListClaim.claimed_at))
    )
    return list(rows.all())


async def _find_owned(network: SocialNetwork, name: str, *, known: set[str]) -> NetworkList | None:
    """The team account's newest List called ``name`` that is not one of ``known`` (X List ids), if any."""
    if network.me_id is None:
        return None
    # Through a Pager like every cursor loop: a repeated cursor or the page budget ends the search (not found: the
    # claim stays, and /list import settles it).
    pager = Pager("team account's Lists", budget=MAX_OWNED_LIST_PAGES)
    cursor: str | None = None
    while True:
        page = await network.owned_lists(network.me_id, cursor=cursor)
        for item in page.items:
            if name_key(item.name) == name_key(name) and item.id not in known:
                return item  # X lists the newest first
        cursor = pager.advance(page)
        if cursor is None:
            return None


async def import_owned(
    db: Database, network: SocialNetwork, *, guild_id: int, decider: Decider, kind: ListKind = ListKind.NICHE
) -> list[XList]:
    """Adopt the team account's own Lists not tracked here. One this team created whose store failed (a
    :class:`ListClaim`) keeps the kind, keywords and seed weight it was created with; any other gets the words of its
    name as niche keywords (edit with /list edit). Once every page was read, claims for Lists X does not hold are
    dropped (X never made them). Returns the adopted rows."""
    async with db.session() as session, session.begin():
        require_decider(await get_settings(session, guild_id), decider)
        known = {row.x_list_id for row in await active_lists(session, guild_id=guild_id)}
    network.require_user_credentials("GET /2/users/:id/owned_lists")
    if network.me_id is None:
        raise InvalidList("Set X_ACCESS_TOKEN (the team's X account) to import its Lists.")
    owned: dict[str, NetworkList] = {}
    pager = Pager("team account's Lists", budget=MAX_OWNED_LIST_PAGES)
    cursor: str | None = None
    while True:
        page = await network.owned_lists(network.me_id, cursor=cursor)
        owned.update((item.id, item) for item in page.items if item.id not in known)
        cursor = pager.advance(page)
        if cursor is None:
            break
    adopted = []
    async with db.session() as session, session.begin():
        if pager.stopped is not None:
            # What was read is adopted; the rest can be imported again later.
            await report_problem(session, guild_id=guild_id, problem=f"List import: {pager.stopped.message}")
        claims = await untracked(session, guild_id=guild_id)
        for item in owned.values():
            claim = _claim_for(item, claims)
            if claim is not None:
                claims.remove(claim)
                await session.delete(claim)
                row = XList(
                    guild_id=guild_id,
                    x_list_id=item.id,
                    name=claim.name,
                    kind=claim.kind,
                    keywords=list(claim.keywords),
                    description=claim.description,
                    private=item.private,
                    seed_weight=claim.seed_weight,
                )
            else:
                name = clean_imported_name(item.name, item.id)
                row = XList(
                    guild_id=guild_id,
                    x_list_id=item.id,
                    name=name,
                    kind=kind,
                    keywords=list(parse_keywords(name.replace(" ", ","))),
                    description=item.description[:DESCRIPTION_LIMIT],
                    private=item.private,
                )
            session.add(row)
            adopted.append(row)
        if pager.stopped is None:
            for claim in claims:  # every owned List was read and none is this claim's: X never made it
                await session.delete(claim)
        await session.flush()
        await audit(
            session, guild_id=guild_id, event="list_import", actor_id=decider.user_id, lists=[r.name for r in adopted]
        )
    for row in adopted:
        await sync_members(db, network, row)
    return adopted


def _claim_for(item: NetworkList, claims: list[ListClaim]) -> ListClaim | None:
    """The claim ``item`` answers: by X's List id when it was recorded, else by name (the newest List first)."""
    for claim in claims:
        if claim.x_list_id == item.id:
            return claim
    for claim in claims:
        if claim.x_list_id is None and name_key(claim.name) == name_key(item.name):
            return claim
    return None


async def edit(
    session: AsyncSession,
    *,
    guild_id: int,
    decider: Decider,
    name: str,
    keywords: str | None = None,
    kind: str | None = None,
) -> XList:
    """Change what puts someone in a List here: its keywords and/or its kind (nothing on X changes, so an
    imported List can be tuned too). Everything is checked before anything is written; raises InvalidInput."""
    require_decider(await get_settings(session, guild_id), decider)
    row = await find(session, guild_id=guild_id, name=name)
    new_kind = check_kind(kind) if kind is not None else row.kind
    words = parse_keywords(keywords) if keywords is not None else tuple(row.keywords)
    if keywords is not None and not words:
        what = "place names and spellings" if new_kind == "city" else "topic words"
        raise InvalidList(f"Give the {what} that put someone in this List, separated by commas.")
    if keywords is None and kind is None:
        raise InvalidList("Nothing to change: give new keywords, a kind, or both.")
    row.kind, row.keywords = new_kind, list(words)
    session.add(row)
    await audit(
        session,
        guild_id=guild_id,
        event="list_edit",
        actor_id=decider.user_id,
        list=row.name,
        kind=new_kind,
        keywords=list(words),
    )
    return row


async def remove(session: AsyncSession, *, guild_id: int, decider: Decider, name: str) -> XList:
    """Stop using a List here (it stays on X, untouched) and stop watching it."""
    require_decider(await get_settings(session, guild_id), decider)
    row = await find(session, guild_id=guild_id, name=name)
    row.removed_at = utcnow()
    row.watch_channel_id = row.watch_thread_id = None
    session.add(row)
    await audit(session, guild_id=guild_id, event="list_remove", actor_id=decider.user_id, list=row.name)
    return row


async def members(session: AsyncSession, *, list_row_id: int) -> list[tuple[ListMember, Account | None]]:
    rows = await session.exec(
        select(ListMember, Account)
        .join(Account, col(Account.id) == col(ListMember.account_id), isouter=True)
        .where(ListMember.list_id == list_row_id)
        .order_by(col(ListMember.added_at).desc())
    )
    return list(rows.all())


async def member_counts(session: AsyncSession, *, list_row_ids: list[int]) -> dict[int, int]:
    """Current members per List (those removed on X not counted), in one query."""
    if not list_row_ids:
        return {}
    rows = await session.exec(
        select(ListMember.list_id, func.count())
        .where(col(ListMember.list_id).in_(list_row_ids), col(ListMember.removed_on_x_at).is_(None))
        .group_by(col(ListMember.list_id))
    )
    return {list_id: int(count) for list_id, count in rows.all()}


async def sync_members(db: Database, network: SocialNetwork, row: XList, *, now: datetime | None = None) -> int:
    """Read the List's members from X: record newcomers, and mark those removed on X (never re-added by us).

    Only a walk read to its end marks removals; one stopped by a repeated cursor or the page budget keeps the
    newcomers it read and reports the stop (/status). Returns how many members were read."""
    moment = now or utcnow()
    assert row.id is not None
    on_x: dict[str, NetworkAccount] = {}
    pager = Pager(f"members of List {row.name}", budget=MAX_MEMBER_PAGES)
    cursor: str | None = None
    while True:
        page = await network.list_members(row.x_list_id, cursor=cursor, as_owner=True)
        on_x.update((account.id, account) for account in page.items)
        cursor = pager.advance(page)
        if cursor is None:
            break
    present = set(on_x)
    async with db.session() as session, session.begin():
        await upsert_accounts(session, list(on_x.values()))
        stored = {member.account_id: member for member, _ in await members(session, list_row_id=row.id)}
        if pager.stopped is not None:
            # Members not read are not known to be gone: marking them would bar them from the List for good.
            await report_problem(
                session, guild_id=row.guild_id, problem=f"{pager.stopped.message}; no one was marked as removed"
            )
        for account_id, member in stored.items():
            if account_id not in present and member.removed_on_x_at is None and pager.complete:
                member.removed_on_x_at = moment
                session.add(member)
                log.info("%s was removed from List %s on X; it will not be added back", account_id, row.name)
            elif account_id in present and member.removed_on_x_at is not None:
                member.removed_on_x_at = None  # someone re-added it on X themselves
                session.add(member)
        newcomers = [
            {"list_id": row.id, "account_id": account_id, "added_at": moment, "added_by_us": False}
            for account_id in present
            if account_id not in stored
        ]
        await upsert(session, ListMember, newcomers, keys=["list_id", "account_id"], update=[])
        stored_row = await session.get(XList, row.id)
        if stored_row is not None:
            stored_row.members_synced_at = moment
            session.add(stored_row)
    return len(present)


async def membership(session: AsyncSession, *, list_row_id: int, account_id: str) -> ListMember | None:
    return await session.get(ListMember, (list_row_id, account_id))


async def list_seed_weights(session: AsyncSession, *, guild_id: int) -> dict[str, tuple[float, str]]:
    """List members that act as extra seeds: account id -> (weight, List name). The strongest List wins."""
    rows = await session.exec(
        select(ListMember.account_id, XList.seed_weight, XList.name)
        .join(XList, col(XList.id) == col(ListMember.list_id))
        .where(
            XList.guild_id == guild_id,
            col(XList.removed_at).is_(None),
            col(XList.seed_weight) > 0,
            col(ListMember.removed_on_x_at).is_(None),
        )
    )
    weights: dict[str, tuple[float, str]] = {}
    for account_id, weight, name in rows.all():
        if account_id not in weights or weight > weights[account_id][0]:
            weights[account_id] = (weight, name)
    return weights


async def queue_addition(
    session: AsyncSession, *, guild_id: int, decider: Decider, account: NetworkAccount, list_name: str
) -> Action:
    """/list add: a manager's explicit decision to add one account to one List (then the executor does it)."""
    require_decider(await get_settings(session, guild_id), decider)
    row = await find(session, guild_id=guild_id, name=list_name)
    assert row.id is not None
    member = await membership(session, list_row_id=row.id, account_id=account.id)
    if member is not None and member.removed_on_x_at is not None:
        raise InvalidList(f"@{account.handle} was removed from {row.name} on X; I won't add them back.")
    if member is not None:
        raise InvalidList(f"@{account.handle} is already in {row.name}.")
    await upsert_accounts(session, [account])
    existing = (
        await session.exec(
            select(Action).where(
                Action.guild_id == guild_id, Action.account_id == account.id, Action.kind == ActionKind.LIST_ADD
            )
        )
    ).first()
    if existing is not None:
        raise InvalidList(f"Adding @{account.handle} to a List was already decided ({existing.state}).")
    action = Action(
        guild_id=guild_id,
        account_id=account.id,
        handle=account.handle,
        kind=ActionKind.LIST_ADD,
        approvers=[decider.user_id],
        target=str(row.id),
    )
    session.add(action)
    await session.flush()
    await audit(
        session,
        guild_id=guild_id,
        event="decide_list_add",
        actor_id=decider.user_id,
        account_id=account.id,
        list=row.name,
    )
    return action
