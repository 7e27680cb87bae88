"""Snowflake id <-> time conversions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.snowflake import TWITTER_EPOCH_MS, creation_time, datetime_to_snowflake, snowflake_to_datetime

moments = st.datetimes(min_value=datetime(2010, 11, 5), max_value=datetime(2060, 1, 1), timezones=st.just(UTC)).map(
    lambda m: m.replace(microsecond=m.microsecond // 1000 * 1000)
)


def test_snowflake_known_value() -> None:
    # From tweepy's cassettes: a post created 2022-10-08T00:55:04.000Z or so; check the formula itself.
    snowflake = 1578522401263919106
    expected_ms = (snowflake >> 22) + TWITTER_EPOCH_MS
    assert snowflake_to_datetime(str(snowflake)) == datetime.fromtimestamp(expected_ms / 1000, tz=UTC)
    assert snowflake_to_datetime(snowflake).year == 2022


@given(moments, st.integers(min_value=0, max_value=4095))
def test_snowflake_round_trip(moment: datetime, sequence: int) -> None:
    snowflake = datetime_to_snowflake(moment, sequence)
    assert snowflake_to_datetime(snowflake) == moment
    assert snowflake & 0xFFF == sequence


@given(moments, moments)
def test_snowflake_order_follows_time(a: datetime, b: datetime) -> None:
    if a < b:
        assert datetime_to_snowflake(a, 4095) < datetime_to_snowflake(b, 0)


def test_snowflake_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="before"):
        datetime_to_snowflake(datetime(2009, 1, 1, tzinfo=UTC))
    with pytest.raises(ValueError, match="sequence"):
        datetime_to_snowflake(datetime(2020, 1, 1, tzinfo=UTC), 4096)
    naive = datetime(2020, 1, 1) + timedelta(milliseconds=5)
    assert snowflake_to_datetime(datetime_to_snowflake(naive)) == naive.replace(tzinfo=UTC)


def test_creation_time_of_a_real_post_id_and_a_pre_snowflake_id() -> None:
    # A real post from tweepy's recorded answers, which X dates 2022-10-05T18:40:30.000Z.
    posted = creation_time("1577730467436138524")
    assert posted is not None and posted.isoformat(timespec="seconds") == "2022-10-05T18:40:30+00:00"
    assert creation_time("783214") is None, "@Twitter's own 2007 user id predates snowflakes"
