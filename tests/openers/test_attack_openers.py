"""What an attack on the opener writer found, each kind fixed and each case shown here.

1. sensitive topics by word family and inside hashtags, on every thread of the tragedies in ../shared;
2. a team language other than English, for every template kind;
3. hashtags and "RT" never become phrases;
4. a hello never names the account as the seed it shares;
5. laughter after an insult, and hostility without profanity;
6. help requests answered as help requests; a label is not a topic;
7. CSV cells with a formula after leading whitespace, a tab or a CR are neutralised.

The real posts are read from ../shared/data/tweets (never copied here).
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from bench.openers import RUMOUREVAL, rumoureval_as_v2
from bot.networks.x import parse_account, parse_post
from bot.openers.cli import write_openers
from bot.openers.tone import hostility, sensitive_conversations, sensitive_term, tragedy_tags
from tests.conftest import shared_path

if TYPE_CHECKING:
    from bot.networks.base import NetworkAccount, NetworkPost

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
TRAGEDIES = ("charliehebdo", "germanwings-crash", "ottawashooting", "sydneysiege", "ferguson")


@functools.cache
def _rumoureval() -> tuple[list[NetworkPost], dict[str, NetworkAccount], dict[str, str]]:
    """The RumourEval posts, their users, and each thread's event (from the data's own ``event`` field)."""

    path = shared_path(f"data/tweets/{RUMOUREVAL}")
    raw_posts, raw_users, _ = rumoureval_as_v2(path)
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        events = {str(tweet["thread_id"]): tweet["event"] for tweet in map(json.loads, lines)}
    users = {key: parse_account(user) for key, user in raw_users.items()}
    return [parse_post(raw) for raw in raw_posts], users, events


@functools.cache
def _real_texts() -> tuple[str, ...]:
    """Every real post's text: RumourEval and the academic timelines."""
    with gzip.open(shared_path("data/tweets/academictwitter_v2_tweets.jsonl.gz"), "rt", encoding="utf-8") as lines:
        academic = [json.loads(line)["text"] for line in lines]
    return (*(post.text for post in _rumoureval()[0]), *academic)


# ---------------------------------------------------------------------------------------------------------------
# 1. Sensitive topics: the kind, by word family and inside hashtags


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Terrible accident on the M1 this morning", "accident"),
        ("Crash victims named by the airline", "crash"),
        ("The campus is now on lockdown.", "lockdown"),
        ("He overdosed last night, the family says", "overdose"),
        ("Reports of a shooting near the parliament", "shoot"),
        ("The funerals will be held on Friday", "funeral"),
        ("Sharing my cancer diagnosis with you all", "cancer"),
        ("A suicide note was found", "suicide"),
        ("Twelve years of war in the region", "war"),
        ("Earthquakes shook the coast", "earthquake"),
        ("Flooding closed the whole valley", "flood"),
        ("Hostages were seen at the window", "hostage"),
        ("Everyone died instantly", "die"),
        ("#PrayForParis", "pray"),
        ("#JeSuisCharlie", "je suis"),
        ("#RIPRobinWilliams", "rip"),
        ("#RIPxxx", "rip"),
        ("#ripmandela", "rip"),
        ("Full statement on #Sydneysiege", "siege"),
        ("Is he missing? #putindead", "dead"),
    ],
)
def test_a_tragedy_is_caught_by_its_word_family_and_inside_hashtags(text: str, family: str) -> None:
    assert sensitive_term(text) == family


@pytest.mark.parametrize(
    "text",
    [
        "Emerging technologies in the classroom: a thread",  # "emerging" shares the stem of "emergency"
        "Memory tracking in RStudio is incredible",  # "memory" shares the stem of "memorial"
        "The new policy paper is out",  # "policy" is not "police"
        "My arms hurt after the climbing session",  # "arms" is not "armed"
        "Celebrating 1000 citations! #AcademicTwitter #PhDLife #WomenInSTEM",
        "Planning a #tripadvisor review of the conference venue",
    ],
)
def test_ordinary_words_that_merely_look_alike_are_not_sensitive(text: str) -> None:
    assert sensitive_term(text) is None


def test_an_event_hashtag_is_learnt_from_the_posts_around_it() -> None:
    # "#Germanwings" and "#4U9525" say nothing to a lexicon; the posts that use them speak of the crash.
    posts, _, _ = _rumoureval()
    tags = tragedy_tags(posts)
    assert {"germanwings", "4u9525", "charliehebdo", "jesuischarlie", "sydneysiege", "ferguson"} <= tags
    assert sensitive_term("Names of pilots rumored - no formal confirmation yet. #germanwings") is None
    thread = next(post for post in posts if post.id == "581047170637381632")
    assert thread.conversation_id in sensitive_conversations(posts)


def test_every_thread_of_the_five_tragedies_is_a_sensitive_conversation() -> None:
    posts, _, events = _rumoureval()
    sensitive = sensitive_conversations(posts)
    missed = sorted(thread for thread, event in events.items() if event in TRAGEDIES and thread not in sensitive)
    assert missed == []
    assert sum(event in TRAGEDIES for event in events.values()) == 274


def test_no_reply_or_share_is_written_to_any_post_of_the_five_tragedies() -> None:
    posts, users, events = _rumoureval()
    results = write_openers(posts, users)
    thread_of = {post.id: post.conversation_id for post in posts}
    on_tragedy = [
        (result.account, opener.kind, opener.draft)
        for result in results
        for opener in result.openers
        if opener.post_id is not None and events.get(thread_of[opener.post_id] or "") in TRAGEDIES
    ]
    assert on_tragedy == []
    # Posts outside the tragedies (the Prince concert rumour) still get replies: the check is not a blanket ban.
    assert any(opener.kind == "reply" for result in results for opener in result.openers)


# ---------------------------------------------------------------------------------------------------------------
# 5. Hostility: laughter after an insult, and hostility without profanity


@pytest.mark.parametrize(
    "text",
    [
        "you idiot lol 😂",
        "@bob you are an idiot haha",
        "delete your account",
        "nobody asked",
        "who asked?",
        "@someone go away and never come back",
        "I hope you suffer",
        "hope u get cancer",
        "I wish you would die",
        "you deserve to rot",
    ],
)
def test_hostility_is_caught_with_laughter_and_without_profanity(text: str) -> None:
    assert hostility(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "I disagree with you, the data says otherwise",
        "You are wrong about this, and here is why",
        "I hope you have a great day",
        "I hope you don't suffer too much with the revisions",
        "Hope you all enjoy the rotation",
        "Who asked this question at the panel?",
        "This problem will not go away on its own",
        "Shut up, this is amazing!!",
    ],
)
def test_disagreement_and_kind_wishes_are_not_hostile(text: str) -> None:
    assert hostility(text) is None


def test_ordinary_disagreement_in_the_real_posts_is_not_flagged() -> None:
    # Every real post that disagrees in so many words (30 of them across RumourEval and the academic timelines):
    # disagreeing is how conversations start, not hostility.
    disagreement = re.compile(
        r"(?i)\b(?:disagree|you(?:'re| are) wrong|not true|incorrect|misleading|i doubt|doesn't mean|that's not)\b"
    )
    disagreeing = [text for text in _real_texts() if disagreement.search(text)]
    assert len(disagreeing) >= 25
    assert [text for text in disagreeing if hostility(text) is not None] == []
