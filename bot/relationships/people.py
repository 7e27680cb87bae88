"""Everyone a team was ever suggested, with their story: how we found them, what we decided, what happened.

Plain data read from the database (no X call): ``Suggestion`` rows say how and when someone was found, ``Action``
rows what the team decided, ``PersonEvent`` rows what tracking read from X, ``PersonNote`` rows the team's notes.
Only the asking team's rows are ever read (every query is keyed by ``guild_id``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlmodel import col, func, select

from bot.errors import CirclebotError
from bot.inputs import InvalidInput, clean_text, parse_handle
from bot.models import Account, Action, ActionKind, PersonEvent, PersonNote, Seed, Suggestion, XList
from bot.relationships.stages import EventKind, Facts, Progress, View, progress
from bot.relationships.tracking import get_state

if TYPE_CHECKING:
    from datetime import date, datetime

    from sqlmodel.ext.asyncio.session import AsyncSession

NOTE_MAX = 500
PEOPLE_PAGE = 15
"""People per /people page: one line each stays well inside an embed description's 4096 characters."""


class UnknownPerson(CirclebotError):
    def __init__(self, handle: str) -> None:
        super().__init__(f"Circlebot never suggested @{handle} to this team, so there is no story to show yet.")


class InvalidNote(InvalidInput):
    """A note the input policy refuses; the message says which rule (empty, too long, a control character)."""


@dataclass(frozen=True)
class Decision:
    kind: str  # follow | list_add | dismiss
    state: str
    approvers: tuple[int, ...]
    at: datetime
    executed_at: datetime | None
    result: str | None


@dataclass(frozen=True)
class Event:
    kind: EventKind
    at: datetime
    post_url: str


@dataclass(frozen=True)
class Note:
    author_id: int
    text: str
    at: datetime


@dataclass(frozen=True)
class Person:
    """One person's story with one team."""

    account_id: str
    handle: str
    name: str
    first_suggested_at: datetime | None
    suggested_days: tuple[date, ...]
    seed_ids: tuple[str, ...]
    seeds: tuple[str, ...]  # seed handles, strongest first
    list_id: int | None
    list_name: str | None
    explanation: str
    openers: tuple[dict[str, Any], ...]
    decisions: tuple[Decision, ...]
    events: tuple[Event, ...]
    progress: Progress
    notes: tuple[Note, ...] = field(default_factory=tuple)

    @property
    def profile_url(self) -> str:
        return f"https://x.com/{self.handle}"


async def load_people(
    session: AsyncSession,
    *,
    guild_id: int,
    now: datetime,
    account_ids: set[str] | None = None,
    with_notes: bool = False,
) -> list[Person]:
    """Everyone the team was suggested (or the given ``account_ids`` of them), first suggested first."""
    state = await get_state(session, guild_id)
    query = select(Suggestion).where(Suggestion.guild_id == guild_id)
    if account_ids is not None:
        query = query.where(col(Suggestion.account_id).in_(account_ids))
    suggestions = (await session.exec(query.order_by(col(Suggestion.created_at), col(Suggestion.id)))).all()
    by_person: dict[str, list[Suggestion]] = {}
    for suggestion in suggestions:
        by_person.setdefault(suggestion.account_id, []).append(suggestion)
    if not by_person:
        return []
    ids = list(by_person)
    accounts = {a.id: a for a in (await session.exec(select(Account).where(col(Account.id).in_(ids)))).all()}
    seed_handles = dict(
        (await session.exec(select(Seed.account_id, Seed.handle).where(Seed.guild_id == guild_id))).all()
    )
    list_names = dict((await session.exec(select(XList.id, XList.name).where(XList.guild_id == guild_id))).all())
    actions = (
        await session.exec(
            select(Action).where(Action.guild_id == guild_id, col(Action.account_id).in_(ids)).order_by(col(Action.id))
        )
    ).all()
    events = (
        await session.exec(
            select(PersonEvent)
            .where(PersonEvent.guild_id == guild_id, col(PersonEvent.account_id).in_(ids))
            .order_by(col(PersonEvent.at))
        )
    ).all()
    notes: list[PersonNote] = []
    if with_notes:
        notes = list(
            (
                await session.exec(
                    select(PersonNote)
                    .where(PersonNote.guild_id == guild_id, col(PersonNote.account_id).in_(ids))
                    .order_by(col(PersonNote.at))
                )
            ).all()
        )
    actions_of: dict[str, list[Action]] = {}
    for action in actions:
        actions_of.setdefault(action.account_id, []).append(action)
    events_of: dict[str, list[PersonEvent]] = {}
    for event in events:
        events_of.setdefault(event.account_id, []).append(event)
    notes_of: dict[str, list[PersonNote]] = {}
    for note in notes:
        notes_of.setdefault(note.account_id, []).append(note)

    people = []
    for account_id, found in by_person.items():
        first, latest = found[0], found[-1]
        account = accounts.get(account_id)
        mine = events_of.get(account_id, [])

        def times(kind: EventKind, mine: list[PersonEvent] = mine) -> tuple[datetime, ...]:
            return tuple(event.at for event in mine if event.kind == kind)

        follows = [a for a in actions_of.get(account_id, []) if a.kind == ActionKind.FOLLOW]
        facts = Facts(
            suggested_at=first.created_at,
            approved_at=min((a.created_at for a in follows), default=None),
            followed=times(EventKind.FOLLOWED),
            talked=times(EventKind.TALKED),
            answered=times(EventKind.ANSWERED),
            followed_back=times(EventKind.FOLLOWED_BACK),
            unfollowed=times(EventKind.UNFOLLOWED),
            unfollowed_back=times(EventKind.UNFOLLOWED_BACK),
        )
        list_id = next((s.suggested_list_id for s in reversed(found) if s.suggested_list_id), None)
        people.append(
            Person(
                account_id=account_id,
                handle=account.handle if account else account_id,
                name=account.name if account else "",
                first_suggested_at=first.created_at,
                suggested_days=tuple(sorted({s.digest_day for s in found})),
                seed_ids=tuple(first.followed_by),
                seeds=tuple(seed_handles.get(seed_id, seed_id) for seed_id in first.followed_by),
                list_id=list_id,
                list_name=list_names.get(list_id) if list_id else None,
                explanation=latest.explanation,
                openers=tuple(latest.openers),
                decisions=tuple(
                    Decision(
                        kind=a.kind,
                        state=a.state,
                        approvers=tuple(a.approvers),
                        at=a.created_at,
                        executed_at=a.executed_at,
                        result=a.result,
                    )
                    for a in actions_of.get(account_id, [])
                ),
                events=tuple(Event(kind=EventKind(e.kind), at=e.at, post_url=e.post_url) for e in mine),
                progress=progress(facts, now=now, quiet_weeks=state.quiet_weeks),
                notes=tuple(Note(author_id=n.author_id, text=n.text, at=n.at) for n in notes_of.get(account_id, [])),
            )
        )
    return people


async def find_person(session: AsyncSession, *, guild_id: int, raw: str, now: datetime) -> Person:
    """One person's story by handle (``@name``, ``name`` or a profile link); ``UnknownPerson`` if never suggested
    to this team, ``InvalidHandle`` for something that is no handle."""
    handle = parse_handle(raw)
    ids = set(
        (
            await session.exec(
                select(Suggestion.account_id)
                .join(Account, col(Account.id) == col(Suggestion.account_id))
                .where(Suggestion.guild_id == guild_id, func.lower(Account.handle) == handle.lower())
            )
        ).all()
    )
    people = await load_people(session, guild_id=guild_id, now=now, account_ids=ids, with_notes=True) if ids else []
    if not people:
        raise UnknownPerson(handle)
    return people[0]


def clean_note(text: str) -> str:
    """The note as kept, under the one input policy (``bot.inputs.clean_text``, free text so NFC): a control
    character or a lone surrogate is refused (NUL can't even be stored by PostgreSQL), format characters removed
    (bidi overrides flip how the rest of the card reads; zero-width spaces draw nothing), spaces collapsed within
    lines, at most NOTE_MAX characters. Raises InvalidNote saying which rule, e.g. for a note of only zero-width
    spaces."""
    try:
        return clean_text(text, label="A note", limit=NOTE_MAX, multiline=True)
    except InvalidInput as refused:
        raise InvalidNote(refused.message) from None


async def add_note(session: AsyncSession, *, guild_id: int, account_id: str, author_id: int, text: str) -> PersonNote:
    """Keep a team member's note about a person (``clean_note``). Raises ``InvalidNote`` for empty or too long
    text, or a control character."""
    text = clean_note(text)
    note = PersonNote(guild_id=guild_id, account_id=account_id, author_id=author_id, text=text)
    session.add(note)
    return note


@dataclass(frozen=True)
class PeoplePage:
    people: tuple[Person, ...]
    page: int
    pages: int
    total: int


def select_people(
    people: list[Person],
    *,
    view: View = View.EVERYONE,
    seed_id: str | None = None,
    list_id: int | None = None,
    page: int = 1,
    per_page: int = PEOPLE_PAGE,
) -> PeoplePage:
    """The people in a view (optionally found through one seed or fitting one List), most recent exchange first,
    one page of them (``page`` is clamped to the pages there are)."""
    chosen = [
        person
        for person in people
        if view in person.progress.views()
        and (seed_id is None or seed_id in person.seed_ids)
        and (list_id is None or person.list_id == list_id)
    ]

    def recency(person: Person) -> float:
        last = person.progress.last_exchange_at or person.first_suggested_at
        return -last.timestamp() if last else 0.0

    chosen.sort(key=recency)
    pages = max(1, -(-len(chosen) // per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    return PeoplePage(people=tuple(chosen[start : start + per_page]), page=page, pages=pages, total=len(chosen))


async def suggested_handles(session: AsyncSession, *, guild_id: int, typed: str, limit: int = 25) -> list[str]:
    """Handles of people suggested to the team that contain ``typed`` (for autocomplete)."""
    query = (
        select(Account.handle)
        .join(Suggestion, col(Account.id) == col(Suggestion.account_id))
        .where(Suggestion.guild_id == guild_id)
        .distinct()
        .order_by(col(Account.handle))
        .limit(limit)
    )
    typed = typed.lstrip("@").strip()
    if typed:
        # Handles contain "_", a LIKE wildcard: escape it so it matches itself.
        escaped = typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(col(Account.handle).ilike(f"%{escaped}%", escape="\\"))
    return list((await session.exec(query)).all())
