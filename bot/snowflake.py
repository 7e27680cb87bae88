"""X ids are snowflakes: the top 41 bits are milliseconds since X's epoch, so an id tells its own time."""

from __future__ import annotations

from datetime import UTC, datetime

TWITTER_EPOCH_MS = 1288834974657
# Ids minted before snowflakes (late 2010) are plain counters and carry no time.
FIRST_SNOWFLAKE = 29_700_859_247


def snowflake_to_datetime(snowflake: int | str) -> datetime | None:
    """The creation time encoded in a snowflake id, or None for a pre-snowflake id."""
    value = int(snowflake)
    if value < FIRST_SNOWFLAKE:
        return None
    milliseconds = (value >> 22) + TWITTER_EPOCH_MS
    return datetime.fromtimestamp(milliseconds / 1000, tz=UTC)


def datetime_to_snowflake(moment: datetime, sequence: int = 0) -> int:
    """The smallest snowflake minted at ``moment`` (plus a 12-bit sequence number)."""
    if moment.tzinfo is None:
        raise ValueError("datetime_to_snowflake needs an aware datetime")
    milliseconds = round(moment.timestamp() * 1000) - TWITTER_EPOCH_MS
    if milliseconds < 0:
        raise ValueError("snowflakes start in November 2010")
    return (milliseconds << 22) | (sequence & 0xFFF)
