"""Messages claimed before they are sent, so a resumed post never sends one twice (no Discord here).

A publisher claims a message by key (``claim``), sends it with the claim's nonce, then records the message id
(``record``). If it dies in between, the next attempt finds the claim without a message id and must find out
whether the message went out: within :data:`NONCE_TRUSTED` of the claim, sending again with the same nonce is
safe (Discord's ``enforce_nonce`` returns the message already created with it); after that, the channel's history
is searched first (see ``bot.publish``).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.models import SentMessage, utcnow
from bot.storage import upsert

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

# Discord checks a nonce's uniqueness "in the past few minutes" (Create Message, enforce_nonce); trust less.
NONCE_TRUSTED = timedelta(minutes=2)


async def claim(session: AsyncSession, *, key: str, channel_id: int, now: datetime | None = None) -> SentMessage:
    """The claim for message ``key`` (made now with a fresh nonce, or the one made earlier). Commit it before
    sending. A claim made for another channel (the team changed it) is moved to the new one with a new nonce."""
    moment = now or utcnow()
    fresh = {"key": key, "channel_id": channel_id, "nonce": str(secrets.randbits(63)), "claimed_at": moment}
    await upsert(session, SentMessage, [fresh], keys=["key"], update=[])
    row = await session.get(SentMessage, key, populate_existing=True)
    assert row is not None
    if row.message_id is None and row.channel_id != channel_id:
        row.channel_id, row.nonce, row.claimed_at = channel_id, fresh["nonce"], moment
        session.add(row)
    return row


def nonce_trusted(row: SentMessage, now: datetime | None = None) -> bool:
    """Whether sending again with the claim's nonce is sure to return the message if it was created."""
    return (now or utcnow()) - row.claimed_at < NONCE_TRUSTED


async def record(session: AsyncSession, *, key: str, message_id: int) -> None:
    """The message claimed as ``key`` was sent (or found) as ``message_id``."""
    row = await session.get(SentMessage, key)
    if row is None:
        raise LookupError(f"no message was claimed as {key}")
    row.message_id = message_id
    session.add(row)
