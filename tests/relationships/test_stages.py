"""Stages are derived from facts: the funnel, relationships, "your turn", gone quiet."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.relationships.stages import FUNNEL, Facts, Stage, View, funnel, progress

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
NOW = T0 + timedelta(days=10)


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def test_relationship_needs_both_sides() -> None:
    talked_only = progress(Facts(suggested_at=at(0), talked=(at(1),)), now=NOW)
    assert talked_only.stage is Stage.TALKED and Stage.RELATIONSHIP not in talked_only.reached
    both = progress(Facts(suggested_at=at(0), talked=(at(1),), answered=(at(5),)), now=NOW)
    assert both.stage is Stage.RELATIONSHIP and both.reached[Stage.RELATIONSHIP] == at(5)
    follow_back = progress(Facts(suggested_at=at(0), answered=(at(2),), followed_back=(at(3),)), now=NOW)
    assert follow_back.reached[Stage.RELATIONSHIP] == at(3)


def test_your_turn_until_the_team_answers() -> None:
    waiting = progress(Facts(suggested_at=at(0), talked=(at(1),), answered=(at(2),)), now=NOW)
    assert View.YOUR_TURN in waiting.views() and waiting.label() == "answered — your turn"
    answered_back = progress(Facts(suggested_at=at(0), talked=(at(1), at(3)), answered=(at(2),)), now=NOW)
    assert View.YOUR_TURN not in answered_back.views() and answered_back.label() == "relationship"


def test_followed_back_never_talked_and_gone_quiet() -> None:
    back = progress(Facts(suggested_at=at(0), followed=(at(1),), followed_back=(at(2),)), now=NOW)
    assert back.label() == "followed back, never talked"
    exchange = Facts(suggested_at=at(0), talked=(at(1), at(3)), answered=(at(2),))
    assert not progress(exchange, now=at(3) + timedelta(weeks=3), quiet_weeks=4).gone_quiet
    quiet = progress(exchange, now=at(3) + timedelta(weeks=5), quiet_weeks=4)
    assert quiet.gone_quiet and quiet.label() == "gone quiet"
    assert not progress(Facts(suggested_at=at(0)), now=NOW + timedelta(weeks=52)).gone_quiet, "never talked"


def test_facts_after_now_are_not_seen() -> None:
    later = progress(Facts(suggested_at=at(0), talked=(NOW + timedelta(hours=1),)), now=NOW)
    assert later.stage is Stage.SUGGESTED


times = st.lists(st.integers(min_value=0, max_value=500).map(at), max_size=3).map(tuple)


@given(suggested=st.booleans(), talked=times, answered=times, followed=times, back=times)
def test_funnel_counts_each_person_once_per_stage_and_this_week_is_within_all(
    suggested: bool, talked: tuple[datetime, ...], answered: tuple[datetime, ...], followed: tuple, back: tuple
) -> None:
    facts = Facts(
        suggested_at=at(0) if suggested else None,
        talked=talked,
        answered=answered,
        followed=followed,
        followed_back=back,
    )
    person = progress(facts, now=at(600))
    everything = funnel([person])
    week = funnel([person], since=at(100), until=at(268))
    assert all(everything[stage] in (0, 1) for stage in FUNNEL)
    assert all(week[stage] <= everything[stage] for stage in FUNNEL)
    assert (everything[Stage.RELATIONSHIP] == 1) == (bool(answered) and bool(talked or back))


def test_an_ended_follow_no_longer_stands_but_still_counts_in_the_funnel() -> None:
    dropped = progress(Facts(suggested_at=at(0), approved_at=at(1), followed=(at(2),), unfollowed=(at(30),)), now=NOW)
    assert dropped.stage is Stage.APPROVED and not dropped.following and dropped.unfollowed_at == at(30)
    assert dropped.label() == "unfollowed" and View.FOLLOWED not in dropped.views()
    assert funnel([dropped])[Stage.FOLLOWED] == 1, "they were followed, that week"
    before = progress(Facts(suggested_at=at(0), followed=(at(2),), unfollowed=(at(30),)), now=at(10))
    assert before.following and before.stage is Stage.FOLLOWED, "seen as it stood then"
    again = progress(Facts(suggested_at=at(0), followed=(at(2), at(40)), unfollowed=(at(30),)), now=NOW)
    assert again.following and again.unfollowed_at is None and again.stage is Stage.FOLLOWED

    # A relationship that rested on the follow-back alone ends with it; one with talk on both sides stays.
    left = Facts(suggested_at=at(0), answered=(at(2),), followed_back=(at(3),), unfollowed_back=(at(50),))
    gone = progress(left, now=NOW)
    assert gone.stage is Stage.ANSWERED and Stage.RELATIONSHIP in gone.reached and not gone.follows_back
    assert View.STOPPED_FOLLOWING_BACK in gone.views() and View.FOLLOWED_BACK_NEVER_TALKED not in gone.views()
    assert funnel([gone])[Stage.RELATIONSHIP] == 1
    talked = progress(Facts(**{**left.__dict__, "talked": (at(4),)}), now=NOW)
    assert talked.stage is Stage.RELATIONSHIP and talked.label() == "stopped following back"


def test_an_answer_after_the_follow_back_ended_makes_no_relationship_until_it_stands_again() -> None:
    # They followed back, stopped (noticed at 50), then answered at 60 without the team ever talking: at no moment
    # did an answer and a standing follow-back meet, so no relationship was formed — not in the funnel either.
    lapsed = Facts(suggested_at=at(0), followed_back=(at(3),), unfollowed_back=(at(50),), answered=(at(60),))
    seen = progress(lapsed, now=NOW)
    assert Stage.RELATIONSHIP not in seen.reached and seen.stage is Stage.ANSWERED
    assert funnel([seen])[Stage.RELATIONSHIP] == 0
    # They follow back again at 100: the answer and the follow-back now stand together, from 100 on.
    again = progress(Facts(**{**lapsed.__dict__, "followed_back": (at(3), at(100))}), now=NOW)
    assert again.reached[Stage.RELATIONSHIP] == at(100) and again.stage is Stage.RELATIONSHIP
    # An answer while the follow-back stood still counts from the later of the two, as before.
    stood = progress(
        Facts(suggested_at=at(0), followed_back=(at(3),), unfollowed_back=(at(50),), answered=(at(20),)), now=NOW
    )
    assert stood.reached[Stage.RELATIONSHIP] == at(20)
