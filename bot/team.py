"""A team's settings: what can be changed, within which bounds, and who changed it."""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.approvals import Decider, may_decide
from bot.audit import audit
from bot.errors import CirclebotError
from bot.inputs import (
    InvalidInput,
    check_number,
    clean_for_message,
    parse_handle,
    parse_keywords,
    strip_invisible,
    timezone_key,
)
from bot.models import GuildSettings, utcnow
from bot.openers.language import LANGUAGE_NAMES, primary
from bot.storage import upsert_accounts

if TYPE_CHECKING:
    from datetime import datetime

    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.db import Database
    from bot.networks.base import NetworkAccount, SocialNetwork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Bound:
    """A setting a team may change, with its bounds and what it means."""

    label: str
    low: float
    high: float
    integer: bool
    meaning: str


SETTABLE: dict[str, Bound] = {
    "silence_days": Bound("Silence days", 1, 365, True, "an account with no post for this long is skipped"),
    "min_reply_share": Bound("Minimum reply share", 0, 1, False, "share of posts that reply to other people"),
    "min_posts_per_week": Bound("Minimum posts per week", 0, 200, False, "below this an account is not active"),
    "daily_follow_cap": Bound("Daily follow cap", 0, 400, True, "follows sent per day at most (X's old limit: 400)"),
    "approvals_needed": Bound("Approvals needed", 1, 10, True, "approving reactions before an action is decided"),
    "digest_size": Bound("Digest size", 1, 25, True, "accounts in each day's digest"),
    "suggestion_cooldown_days": Bound("Rest days", 1, 365, True, "days before a suggested account can come back"),
    "daily_list_add_cap": Bound("Daily List add cap", 0, 300, True, "List additions per day at most"),
}
MAX_TOPICS = 20


class NotAllowed(CirclebotError):
    def __init__(self) -> None:
        super().__init__("Only members with Manage Server or the team's approver role can do that.")


class InvalidSetting(InvalidInput):
    pass


class InvalidTimezone(CirclebotError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"“{name}” is not a time zone I know. Use an IANA name such as Europe/Berlin or America/New_York."
        )


async def get_settings(session: AsyncSession, guild_id: int) -> GuildSettings:
    """The team's settings; the defaults (not yet stored) for a team that never changed any.

    Reading never writes: a service may read the settings, then call X, and only then write (on SQLite a write
    would hold the database while X answers, and the X client's ledger would wait for it)."""
    return await session.get(GuildSettings, guild_id) or GuildSettings(guild_id=guild_id)


def require_decider(settings: GuildSettings, decider: Decider) -> None:
    if not may_decide(settings, decider):
        raise NotAllowed


def check_value(name: str, value: float) -> float | int:
    """``value`` within the setting's bounds (Discord's Range is checked by its clients only); raises
    InvalidInput naming the setting and its bounds."""
    bound = SETTABLE.get(name)
    if bound is None:
        raise InvalidSetting(f"There is no setting called “{name}”.")
    checked = check_number(value, label=bound.label, low=bound.low, high=bound.high, integer=bound.integer)
    return int(checked) if bound.integer else float(checked)


async def update(
    session: AsyncSession,
    *,
    guild_id: int,
    decider: Decider,
    changes: dict[str, float | int | None],
    approver_role_id: int | None = None,
    clear_approver_role: bool = False,
    language: str | None = None,
    now: datetime | None = None,
) -> GuildSettings:
    """Apply every change or none: all values are checked before anything is written. ``language`` is a language
    code such as "en" (see :data:`bot.openers.language.LANGUAGE_NAMES`). Topics have their own command and service
    (:func:`set_topics`), so that there is one way to set them, under one input policy."""
    settings = await get_settings(session, guild_id)
    require_decider(settings, decider)
    checked: dict[str, object] = {
        name: check_value(name, value) for name, value in changes.items() if value is not None
    }
    if language is not None:
        checked["language"] = parse_language(language)
    if not checked and approver_role_id is None and not clear_approver_role:
        raise InvalidSetting("Nothing to change: give at least one setting.")
    for name, value in checked.items():
        setattr(settings, name, value)
    if approver_role_id is not None:
        settings.approver_role_id = approver_role_id
    elif clear_approver_role:
        settings.approver_role_id = None
    settings.updated_at = now or utcnow()
    session.add(settings)
    audited = {
        **checked,
        **({"approver_role_id": settings.approver_role_id} if approver_role_id or clear_approver_role else {}),
    }
    await audit(session, guild_id=guild_id, event="settings", actor_id=decider.user_id, **audited)
    return settings


def parse_language(raw: str) -> str:
    """A language code such as "en" or "de-AT" reduced to its primary tag; raises :class:`InvalidSetting` for a
    code that isn't one of :data:`bot.openers.language.LANGUAGE_NAMES`. An identifier under the input policy:
    NFKC (a full-width "ｄｅ" is "de") without invisible characters."""
    typed = strip_invisible(unicodedata.normalize("NFKC", raw)).strip()
    code = primary(typed)
    if code not in LANGUAGE_NAMES:
        raise InvalidSetting(
            f"Unknown language code “{clean_for_message(typed, 16)}”: use one such as en, de, fr or es."
        )
    return code


async def set_topics(
    session: AsyncSession, *, guild_id: int, decider: Decider, raw: str | None, now: datetime | None = None
) -> GuildSettings:
    """Replace the team's topics (comma-separated, under the keyword rules of bot.inputs) or clear them
    (``raw`` None). Topics rank openers and posts in discovery and the List monitor. Raises InvalidInput."""
    settings = await get_settings(session, guild_id)
    require_decider(settings, decider)
    topics = list(parse_keywords(raw, label="The topics")) if raw is not None else []
    if raw is not None and not topics:
        raise InvalidSetting("Give the topics your team talks about, separated by commas (e.g. rust, databases).")
    if len(topics) > MAX_TOPICS:
        raise InvalidSetting(f"Give at most {MAX_TOPICS} topics; that is {len(topics)}.")
    settings.topics = topics
    settings.updated_at = now or utcnow()
    session.add(settings)
    await audit(session, guild_id=guild_id, event="topics", actor_id=decider.user_id, topics=topics)
    return settings


def parse_timezone(name: str) -> ZoneInfo:
    """The IANA zone ``name`` spells, ignoring case and spaces for underscores ("europe/berlin");
    raises InvalidTimezone."""
    key = timezone_key(name, {*available_timezones(), "UTC"})
    if key is None:
        raise InvalidTimezone(clean_for_message(name))
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidTimezone(name) from None


def timezone_choices(typed: str, *, limit: int = 25) -> list[str]:
    """IANA names containing what was typed, for autocomplete."""
    needle = typed.strip().lower().replace(" ", "_")
    names = sorted(available_timezones())
    matches = [name for name in names if needle in name.lower()] if needle else ["UTC", *names]
    return matches[:limit]


async def set_team_account(
    db: Database, network: SocialNetwork, *, guild_id: int, decider: Decider, raw: str
) -> NetworkAccount:
    """``/settings team_account``: the team's X account by handle, resolved once and kept by id. It is used
    whenever X_ACCESS_TOKEN is absent (the token's account wins otherwise), so the accounts the team already
    follows, and the team itself, are never suggested. Raises `InvalidHandle`, `UnknownAccount`,
    `SuspendedAccount` or `NotAllowed`; X is asked outside any write transaction."""
    async with db.session() as session:
        require_decider(await get_settings(session, guild_id), decider)
    account = await network.resolve_handle(parse_handle(raw))
    async with db.session() as session, session.begin():
        settings = await get_settings(session, guild_id)
        settings.team_account_id, settings.team_account_handle = account.id, account.handle
        settings.updated_at = utcnow()
        session.add(settings)
        await upsert_accounts(session, [account])
        await audit(session, guild_id=guild_id, event="team_account", actor_id=decider.user_id, account_id=account.id)
    return account


def team_account_id(settings: GuildSettings, network: SocialNetwork) -> str | None:
    """The team's X account: the access token's (it acts, and its reads are owned reads), else the one set
    with /settings team_account."""
    return network.me_id or settings.team_account_id


async def set_digest_channel(
    session: AsyncSession, *, guild_id: int, decider: Decider, channel_id: int
) -> GuildSettings:
    settings = await get_settings(session, guild_id)
    require_decider(settings, decider)
    settings.digest_channel_id = channel_id
    settings.last_problem = None
    session.add(settings)
    await audit(session, guild_id=guild_id, event="digest_channel", actor_id=decider.user_id, channel_id=channel_id)
    return settings


async def set_digest_time(
    session: AsyncSession, *, guild_id: int, decider: Decider, hour: int, timezone: str
) -> GuildSettings:
    settings = await get_settings(session, guild_id)
    require_decider(settings, decider)
    check_number(hour, label="The hour", low=0, high=23, integer=True)
    zone = parse_timezone(timezone)
    settings.digest_hour, settings.digest_timezone = hour, zone.key
    session.add(settings)
    await audit(session, guild_id=guild_id, event="digest_time", actor_id=decider.user_id, hour=hour, timezone=zone.key)
    return settings


async def report_problem(session: AsyncSession, *, guild_id: int, problem: str, now: datetime | None = None) -> None:
    """Something the team must know (shown by /settings status): a digest that could not be posted, a refused token…"""
    settings = await get_settings(session, guild_id)
    settings.last_problem, settings.last_problem_at = problem[:500], now or utcnow()
    session.add(settings)
    log.warning("guild %s: %s", guild_id, problem)
