"""X snowflake ids: 41 bits of milliseconds since X's epoch, 10 machine bits, 12 sequence bits.

``ms since the Unix epoch = (id >> 22) + TWITTER_EPOCH_MS``, so an id alone tells when it was minted: a user's
``most_recent_tweet_id`` gives their last-post time with no extra request. The sandbox mints every id with
these functions so that id order is time order, as on X.
"""

from __future__ import annotations

from datetime import UTC, datetime

TWITTER_EPOCH_MS = 1288834974657
# Ids minted before snowflakes (late 2010) are plain counters and carry no time.
FIRST_SNOWFLAKE = 29_700_859_247
_SEQUENCE_BITS = 12
_TIME_SHIFT = 22
_MAX_SEQUENCE = (1 << _SEQUENCE_BITS) - 1


def snowflake_to_datetime(snowflake: int | str) -> datetime:
    """The UTC time encoded in a snowflake id (millisecond precision)."""
    value = int(snowflake)
    if value < 0:
        raise ValueError(f"snowflake ids are non-negative, got {value}")
    ms = (value >> _TIME_SHIFT) + TWITTER_EPOCH_MS
    return datetime.fromtimestamp(ms // 1000, tz=UTC).replace(microsecond=(ms % 1000) * 1000)


def creation_time(x_id: int | str) -> datetime | None:
    """When an X id was minted, or None for a pre-snowflake id (which carries no time)."""
    value = int(x_id)
    return snowflake_to_datetime(value) if value >= FIRST_SNOWFLAKE else None


def datetime_to_snowflake(moment: datetime, sequence: int = 0) -> int:
    """The smallest id (for ``sequence`` 0) minted at ``moment``; machine bits are 0.

    Naive datetimes are taken as UTC. Sub-millisecond precision is dropped.
    """
    if not 0 <= sequence <= _MAX_SEQUENCE:
        raise ValueError(f"sequence must be in 0..{_MAX_SEQUENCE}, got {sequence}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    ms = _datetime_to_ms(moment) - TWITTER_EPOCH_MS
    if ms < 0:
        raise ValueError(f"{moment.isoformat()} is before the Twitter snowflake epoch")
    return (ms << _TIME_SHIFT) | sequence


def _datetime_to_ms(moment: datetime) -> int:
    delta = moment - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000
