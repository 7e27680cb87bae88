"""Messages claimed before sending, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot import outbox
from bot.models import utcnow

if TYPE_CHECKING:
    from bot.db import Database


async def test_a_claim_keeps_its_nonce_until_the_message_is_recorded(db: Database) -> None:
    async with db.session() as session, session.begin():
        first = await outbox.claim(session, key="digest-entry:1", channel_id=10)
    async with db.session() as session, session.begin():
        again = await outbox.claim(session, key="digest-entry:1", channel_id=10)
    assert again.nonce == first.nonce and again.message_id is None, "a resume sends with the same nonce"
    assert len(first.nonce) <= 25 and outbox.nonce_trusted(first)
    assert not outbox.nonce_trusted(first, utcnow() + outbox.NONCE_TRUSTED + timedelta(seconds=1))
    async with db.session() as session, session.begin():
        await outbox.record(session, key="digest-entry:1", message_id=555)
        moved = await outbox.claim(session, key="digest-entry:1", channel_id=11)
    assert moved.message_id == 555 and moved.channel_id == 10, "a sent message stays where it was sent"
    async with db.session() as session, session.begin():
        nonce = (await outbox.claim(session, key="digest-entry:2", channel_id=10)).nonce
        elsewhere = await outbox.claim(session, key="digest-entry:2", channel_id=12)
    assert elsewhere.channel_id == 12 and elsewhere.nonce != nonce, "an unsent claim follows the new channel"
