"""The audit trail: one `AuditEvent` row for every decision and every change made on X for a team.

Who approved, withdrew or decided what, which List was created or removed, and what the executor did with each
action (done, refused, unknown) are written here, in the caller's transaction, so the row exists exactly when
the change it describes was committed.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.models import AuditEvent, utcnow

if TYPE_CHECKING:
    from datetime import datetime

    from sqlmodel.ext.asyncio.session import AsyncSession

log = logging.getLogger(__name__)


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
    """Add one audit row to ``session`` (committed with the caller's transaction) and log it.

    ``event``: what happened ("approve_follow", "follow_done", "list_create", ...); ``actor_id``: the Discord
    user who did it (None: the bot itself); ``detail``: JSON-able facts about it (approvers, result, List name)."""
    session.add(
        AuditEvent(
            guild_id=guild_id, event=event, actor_id=actor_id, account_id=account_id, detail=detail, at=at or utcnow()
        )
    )
    log.info("guild %s: %s by %s on %s %s", guild_id, event, actor_id, account_id, detail or "")
