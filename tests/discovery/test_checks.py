"""Cheap account checks: each drop reason, the bot score's weak signals, and sanity on real user objects."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.discovery.checks import (
    BROADCAST_MACHINE,
    LIKELY_BOT,
    NEVER_POSTED,
    PROTECTED,
    SILENT,
    TOO_NEW,
    CheckThresholds,
    bot_signals,
    check_account,
)
from bot.networks.base import NetworkAccount
from bot.networks.x import parse_account
from bot.snowflake import datetime_to_snowflake

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
TWEETS = SHARED / "data" / "tweets"
NOW = datetime(2026, 9, 1, 12, tzinfo=UTC)
# The academictwitteR users were fetched in spring 2022 (the newest account was made 2022-04-19).
ACADEMIC_SNAPSHOT = datetime(2022, 5, 1, tzinfo=UTC)
V1_TIME = "%a %b %d %H:%M:%S %z %Y"


def person(**changes: Any) -> NetworkAccount:
    """An ordinary, active person: 8 years old, posts a few times a day, a filled-in profile."""
    base = NetworkAccount(
        id="100",
        handle="ada_writes",
        name="Ada",
        bio="Writing about distributed systems and bread.",
        location="Lisbon",
        url="https://ada.example",
        followers_count=850,
        following_count=600,
        post_count=9000,
        created_at=NOW - timedelta(days=8 * 365),
        most_recent_post_at=NOW - timedelta(hours=5),
    )
    return replace(base, **changes)


def obvious_bot() -> NetworkAccount:
    return NetworkAccount(
        id="666",
        handle="deals83749261",
        followers_count=20,
        following_count=5000,
        post_count=40_000,
        created_at=NOW - timedelta(days=60),
        most_recent_post_at=NOW - timedelta(minutes=3),
        profile_image_url="https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png",
    )


def test_check_account_keeps_an_active_person() -> None:
    result = check_account(person(), now=NOW)
    assert result.keep
    assert result.reasons == ()
    assert result.bot_score < 0.2
    assert result.lifetime_posts_per_day == pytest.approx(9000 / (8 * 365))
    assert "last post today" in result.explanation


def test_check_account_drops_a_silent_account_and_says_how_long() -> None:
    result = check_account(person(most_recent_post_at=NOW - timedelta(days=23)), now=NOW)
    assert not result.keep
    assert result.reasons == (SILENT,)
    assert "last post 23 days ago" in result.explanation


def test_check_account_silence_boundary_is_the_threshold() -> None:
    thresholds = CheckThresholds(silence_days=14)
    just_in = check_account(person(most_recent_post_at=NOW - timedelta(days=14)), now=NOW, thresholds=thresholds)
    just_out = check_account(
        person(most_recent_post_at=NOW - timedelta(days=14, minutes=1)), now=NOW, thresholds=thresholds
    )
    assert just_in.keep
    assert just_out.reasons == (SILENT,)


def test_check_account_decodes_the_last_post_time_from_the_snowflake_id() -> None:
    posted = NOW - timedelta(days=30)
    account = person(most_recent_post_at=None, most_recent_post_id=str(datetime_to_snowflake(posted)))
    result = check_account(account, now=NOW)
    assert result.last_post_at is not None
    assert abs(result.last_post_at - posted) < timedelta(seconds=1)
    assert result.reasons == (SILENT,)


def test_check_account_unknown_last_post_is_not_silence() -> None:
    result = check_account(person(most_recent_post_at=None), now=NOW)
    assert result.keep
    assert result.last_post_at is None


def test_check_account_never_posted() -> None:
    result = check_account(person(post_count=0, most_recent_post_at=None), now=NOW)
    assert result.reasons == (NEVER_POSTED,)
    assert "never posted" in result.explanation


def test_check_account_protected() -> None:
    result = check_account(person(protected=True), now=NOW)
    assert result.reasons == (PROTECTED,)


def test_check_account_too_new() -> None:
    result = check_account(person(created_at=NOW - timedelta(days=12), post_count=40), now=NOW)
    assert result.reasons == (TOO_NEW,)
    assert "account 12 days old" in result.explanation


def test_check_account_counts_one_day_and_one_follower_in_the_singular() -> None:
    result = check_account(person(created_at=NOW - timedelta(days=1), post_count=3), now=NOW)
    assert "account 1 day old" in result.explanation
    unheard = person(followers_count=1, post_count=5000, created_at=NOW - timedelta(days=1))
    words = {signal.code: signal.words for signal in bot_signals(unheard, now=NOW)}
    assert words["unheard"] == "5,000 posts, 1 follower"
    assert words["new_and_prolific"] == "5,000 posts in 1 day"


def test_check_account_broadcast_machine_by_lifetime_rate() -> None:
    account = person(created_at=datetime(2019, 3, 1, tzinfo=UTC), post_count=410 * 2741)
    result = check_account(account, now=datetime(2026, 9, 1, tzinfo=UTC))
    assert BROADCAST_MACHINE in result.reasons
    assert "posts 410 times a day since 2019" in result.explanation


def test_check_account_flags_an_obvious_bot_from_several_signals() -> None:
    result = check_account(obvious_bot(), now=NOW)
    assert LIKELY_BOT in result.reasons
    assert result.bot_score >= 0.9
    assert {"follow_ratio", "extreme_rate", "new_and_prolific", "generated_handle"} <= set(result.bot_signals)
    assert "follows 5,000, followed by 20" in result.explanation


def test_check_account_a_default_profile_alone_is_not_a_bot() -> None:
    lurker = person(
        handle="maria19830412", bio="", location="", url="", profile_image_url="x/default_profile_images/y.png"
    )
    result = check_account(lurker, now=NOW)
    assert result.keep
    assert 0 < result.bot_score < CheckThresholds().likely_bot_score


def test_check_account_one_behavioural_signal_alone_is_not_a_bot() -> None:
    follows_many = person(following_count=5000, followers_count=20)
    assert check_account(follows_many, now=NOW).keep


def test_check_account_needs_an_aware_now() -> None:
    with pytest.raises(ValueError, match="aware"):
        check_account(person(), now=datetime(2026, 1, 1))


def test_check_account_a_post_after_now_is_not_negative_silence() -> None:
    result = check_account(person(most_recent_post_at=NOW + timedelta(minutes=2)), now=NOW)
    assert result.keep


@given(
    followers=st.integers(0, 10**8),
    following=st.integers(0, 10**6),
    posts=st.integers(0, 10**7),
    age_days=st.floats(0, 7000),
    handle=st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,14}", fullmatch=True),
    bio=st.sampled_from(["", "hi"]),
)
def test_check_account_bot_score_is_a_bounded_sum_of_listed_signals(
    followers: int, following: int, posts: int, age_days: float, handle: str, bio: str
) -> None:
    account = NetworkAccount(
        id="1",
        handle=handle,
        bio=bio,
        followers_count=followers,
        following_count=following,
        post_count=posts,
        created_at=NOW - timedelta(days=age_days),
    )
    result = check_account(account, now=NOW)
    assert 0.0 <= result.bot_score <= 1.0
    assert (result.bot_score > 0) == bool(result.bot_signals)
    assert result.keep == (not result.reasons)
    assert result.lifetime_posts_per_day >= 0


# -- real user objects -------------------------------------------------------------------------------------


def _data(name: str) -> Path:
    path = TWEETS / name
    if not path.exists():
        pytest.skip(f"../shared/data/tweets/{name} not present")
    return path


def _academic_users() -> list[NetworkAccount]:
    with gzip.open(_data("academictwitter_v2_users.jsonl.gz"), "rt", encoding="utf-8") as lines:
        # One record is only id/username/name (reduced): it has no counts to judge.
        return [parse_account(user) for line in lines if "public_metrics" in (user := json.loads(line))]


def _rumoureval_users() -> list[tuple[NetworkAccount, datetime]]:
    """Each author's v1.1 user stats as of their tweet (the last one seen); no bio or location in this data."""
    accounts: dict[str, tuple[NetworkAccount, datetime]] = {}
    with gzip.open(_data("rumoureval2017_traindev.tweets.jsonl.gz"), "rt", encoding="utf-8") as lines:
        for line in lines:
            tweet = json.loads(line)
            user = tweet["user"]
            account = NetworkAccount(
                id=user["id_str"],
                handle=user["screen_name"],
                followers_count=user["followers_count"],
                following_count=user["friends_count"],
                post_count=user["statuses_count"],
                listed_count=user["listed_count"],
                created_at=datetime.strptime(user["created_at"], V1_TIME),
                verified=bool(user["verified"]),
            )
            accounts[account.id] = (account, datetime.strptime(tweet["created_at"], V1_TIME))
    return list(accounts.values())


def test_real_academic_users_are_mostly_not_bots() -> None:
    users = _academic_users()
    assert len(users) > 14_000
    results = [check_account(user, now=ACADEMIC_SNAPSHOT) for user in users]
    flagged = sum(LIKELY_BOT in result.reasons for result in results)
    # Measured 4 of 14,188 (0.03%); these are real people, organisations and a few feeds.
    assert flagged / len(results) <= 0.02
    assert sum(result.keep for result in results) / len(results) >= 0.9


def test_real_rumoureval_users_are_mostly_not_bots() -> None:
    users = _rumoureval_users()
    assert len(users) > 3000
    results = [check_account(account, now=seen_at) for account, seen_at in users]
    flagged = sum(LIKELY_BOT in result.reasons for result in results)
    # Measured 41 of 3,085 (1.3%) while every profile here looks default (the data has no bio or location).
    assert flagged / len(results) <= 0.03


def test_real_users_score_below_an_obvious_bot() -> None:
    scores = sorted(check_account(user, now=ACADEMIC_SNAPSHOT).bot_score for user in _academic_users())
    bot = check_account(obvious_bot(), now=NOW)
    assert LIKELY_BOT in bot.reasons
    assert bot.bot_score > scores[int(0.999 * len(scores))]
