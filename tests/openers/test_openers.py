"""Openers: the pure pickers, the templates, their safety properties, and the LLM writer against a fake API."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.networks.base import NetworkAccount, NetworkPost
from bot.openers import (
    MAX_DRAFT_LENGTH,
    Opener,
    OpenerContext,
    OpenerWriter,
    draft_problem,
    invitation_kind,
    key_phrase,
    pick_reply_post,
    pick_share_post,
    template_openers,
    wording,
)
from bot.text import (
    MAX_EXCERPT_LENGTH,
    clean_excerpt,
    clean_handle,
    mentioned_handles,
    neutralize_mentions,
    shorten,
    x_length,
)
from tests.llm_fake import API_KEY, FakeAnswer, FakeChatApi

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.llm import LlmClient

NOW = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)
THEM = "ada_dev"
THEM_ID = "42"


def account(**overrides: Any) -> NetworkAccount:
    fields: dict[str, Any] = {"id": THEM_ID, "handle": THEM, "name": "Ada", "bio": "Postgres internals and SQLite."}
    fields.update(overrides)
    return NetworkAccount(**fields)


def post(post_id: str, text: str, hours_ago: float = 1.0, **overrides: Any) -> NetworkPost:
    fields: dict[str, Any] = {
        "id": post_id,
        "author_id": THEM_ID,
        "text": text,
        "created_at": NOW - timedelta(hours=hours_ago),
        "conversation_id": post_id,
    }
    fields.update(overrides)
    return NetworkPost(**fields)


def reply_to_other(post_id: str, text: str, hours_ago: float = 1.0, **overrides: Any) -> NetworkPost:
    """A reply to another user in a conversation someone else started."""
    return post(
        post_id,
        text,
        hours_ago,
        in_reply_to_account_id="7",
        replied_to_post_id="900",
        conversation_id="899",
        **overrides,
    )


def context(
    posts: Sequence[NetworkPost] = (),
    *,
    seeds: Sequence[str] = ("grace",),
    topics: Sequence[str] = (),
    **account_overrides: Any,
) -> OpenerContext:
    return OpenerContext(account=account(**account_overrides), posts=posts, shared_seed_handles=seeds, topics=topics)


# Plain posts with ordinary engagement, so the norm is known: median 4 (likes) in every test that adds them.
def filler(count: int = 3, *, start_hours: float = 100.0) -> list[NetworkPost]:
    return [post(f"f{i}", f"Notes on vacuum tuning part {i}", start_hours + i, like_count=4) for i in range(count)]


# ---------------------------------------------------------------------------------------------------------------
# pick_reply_post


def test_pick_reply_question_beats_plain_statement() -> None:
    posts = [
        post("statement", "Shipped our logical replication guide", 2, like_count=4),
        post("question", "How do you handle logical replication lag?", 2, like_count=4),
    ]
    picked = pick_reply_post(context(posts), now=NOW)
    assert picked is not None
    assert picked.post.id == "question"
    assert picked.invites_conversation
    assert picked.why.startswith("asked a question 2 h ago")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("What do you think about the new async runtime?", "question"),
        ("Is this the right call? 🤔 #rust https://t.co/abc", "question"),
        ("Postgres or SQLite for a side project, thoughts?", "question"),
        ("Anyone tried pgvector at scale. Would love to hear", "invitation"),
        ("New post on queues, what do you think", "invitation"),
        ("Why? Because queues are hard. Wrote it up", "inner_question"),
        ("Wrote up our queue design", None),
    ],
)
def test_invitation_kind_recognises_questions_and_invitations(text: str, kind: str | None) -> None:
    assert invitation_kind(text) == kind


def test_pick_reply_invitation_without_question_mark_counts() -> None:
    posts = [
        post("statement", "Our queue design is finally written up", 1),
        post("invitation", "Wrote up our queue design, what do you think", 1),
    ]
    picked = pick_reply_post(context(posts), now=NOW)
    assert picked is not None
    assert picked.post.id == "invitation"
    assert picked.why.startswith("invited discussion")


def test_pick_reply_own_post_beats_reply_deep_in_someone_elses_thread() -> None:
    posts = [
        reply_to_other("deep", "Which index would you use for this query?", 1, like_count=4),
        post("own", "Which index would you use for time-series data?", 6, like_count=4),
    ]
    picked = pick_reply_post(context(posts), now=NOW)
    assert picked is not None
    assert picked.post.id == "own"
    assert "their own post" in picked.reasons

    only_deep = pick_reply_post(context(posts[:1]), now=NOW)
    assert only_deep is not None  # still a way in when it's all there is, but it says where it sits
    assert "a reply in someone else's conversation" in only_deep.reasons
    assert only_deep.score < picked.score


def test_pick_reply_thread_start_outranks_its_continuation_and_replies_in_own_conversation() -> None:
    start = post("t1", "A thread on Postgres partitioning strategies", 3)
    continuation = post(
        "t2", "Second: partition by tenant first", 3, in_reply_to_account_id=THEM_ID, conversation_id="t1"
    )
    continuation = replace(continuation, replied_to_post_id="t1")
    own_conversation = post(
        "t3",
        "Thanks, range partitioning worked for us",
        3,
        in_reply_to_account_id="7",
        replied_to_post_id="r7",  # someone's reply under their thread
        conversation_id="t1",
    )
    picked = pick_reply_post(context([own_conversation, continuation, start]), now=NOW)
    assert picked is not None
    assert picked.post.id == "t1"
    assert "starts their thread" in picked.reasons

    without_start = pick_reply_post(context([own_conversation, continuation]), now=NOW)
    assert without_start is not None
    assert without_start.post.id == "t2"


def test_pick_reply_never_picks_a_repost() -> None:
    repost = post("rt", "What do you think about Postgres 17?", 0.5, reposted_post_id="77", like_count=5000)
    assert pick_reply_post(context([repost]), now=NOW) is None
    assert pick_share_post(context([repost]), now=NOW) is None

    plain = post("plain", "Wrote up our Postgres upgrade notes", 30)
    picked = pick_reply_post(context([repost, plain]), now=NOW)
    assert picked is not None
    assert picked.post.id == "plain"


def test_pick_reply_reposts_do_not_inflate_the_engagement_norm() -> None:
    # A repost carries the original's counts; if it joined the median, their own good post would look ordinary.
    reposts = [
        post(f"rt{i}", "RT big news about databases", 1, reposted_post_id=f"o{i}", like_count=900) for i in range(5)
    ]
    own = post("own", "Our notes on database migrations", 2, like_count=12)
    picked = pick_reply_post(context([*reposts, own, *filler()]), now=NOW)
    assert picked is not None
    assert picked.post.id == "own"
    assert picked.engagement_ratio == pytest.approx(13 / 5)


def test_pick_reply_engagement_is_relative_to_their_own_norm() -> None:
    small = context([post("small", "Notes on database migrations", 2, like_count=12), *filler()])  # median 4
    big_filler = [post(f"b{i}", f"Launch notes {i}", 100 + i, like_count=1000) for i in range(3)]
    big = context([post("big", "Notes on database migrations", 2, like_count=500), *big_filler])  # median 1000

    small_pick = pick_reply_post(small, now=NOW)
    big_pick = pick_reply_post(big, now=NOW)
    assert small_pick is not None
    assert big_pick is not None
    assert small_pick.engagement_ratio == pytest.approx(13 / 5)
    assert big_pick.engagement_ratio == pytest.approx(501 / 1001)
    assert small_pick.score > big_pick.score  # 12 likes on a good day beats 500 on a slow one
    assert "2.6× their usual engagement" in small_pick.reasons
    assert not any("×" in reason for reason in big_pick.reasons)


def test_pick_reply_above_norm_post_beats_an_ordinary_one() -> None:
    posts = [
        post("ordinary", "Notes on index bloat", 2, like_count=4),
        post("hit", "Notes on index design", 2, like_count=40),
    ]
    picked = pick_reply_post(context([*posts, *filler()]), now=NOW)
    assert picked is not None
    assert picked.post.id == "hit"


def test_pick_reply_recency_decays() -> None:
    fresh = post("fresh", "How do you test database migrations?", 2)
    stale = post("stale", "How do you test database migrations?", 50)
    picked = pick_reply_post(context([stale, fresh]), now=NOW)
    assert picked is not None
    assert picked.post.id == "fresh"

    fresh_score = pick_reply_post(context([fresh]), now=NOW)
    stale_score = pick_reply_post(context([stale]), now=NOW)
    assert fresh_score is not None
    assert stale_score is not None
    assert stale_score.score / fresh_score.score == pytest.approx(0.5 ** (48 / 48))  # a two-day half-life

    too_old = post("old", "How do you test database migrations?", 24 * 15)
    assert pick_reply_post(context([too_old]), now=NOW) is None


def test_pick_reply_future_timestamps_count_as_now() -> None:
    early = post("early", "How do you test database migrations?", -2)  # clocks disagree by a little
    picked = pick_reply_post(context([early]), now=NOW)
    assert picked is not None
    assert picked.age_hours == 0


def test_pick_reply_topic_match_wins_when_configured() -> None:
    posts = [
        post("cooking", "Anyone got a good sourdough starter recipe?", 1),
        post("startups", "Anyone got advice for early startups hiring engineers?", 1),
    ]
    without_topics = pick_reply_post(context(posts), now=NOW)
    assert without_topics is not None
    assert without_topics.post.id == "cooking"  # a tie goes to the newer post, i.e. the first

    with_topics = pick_reply_post(context(posts, topics=["startup", "developer tools"]), now=NOW)
    assert with_topics is not None
    assert with_topics.post.id == "startups"  # "startup" meets "startups"
    assert with_topics.topic == "startup"
    assert "on your topic “startup”" in with_topics.reasons


def test_pick_reply_multi_word_topic_needs_all_its_words() -> None:
    posts = [post("tools", "New power tools for the garden", 1), post("other", "Anything else on my mind today", 1)]
    assert pick_reply_post(context(posts[:1], topics=["developer tools"]), now=NOW).topic is None  # type: ignore[union-attr]
    devtools = [post("dev", "Developer tools we rely on every day", 1)]
    assert pick_reply_post(context(devtools, topics=["developer tools"]), now=NOW).topic == "Developer tools"  # type: ignore[union-attr]


def test_pick_reply_skips_posts_with_nothing_to_talk_about_and_other_authors() -> None:
    posts = [
        post("link", "https://t.co/abc", 1),
        post("emoji", "🔥🔥", 1),
        post("stranger", "How do you test database migrations?", 1, author_id="999"),
    ]
    assert pick_reply_post(context(posts), now=NOW) is None


# ---------------------------------------------------------------------------------------------------------------
# pick_share_post


def test_pick_share_takes_their_best_original_relative_to_their_norm() -> None:
    posts = [
        post("good", "Our guide to zero-downtime Postgres upgrades", 20, like_count=30),
        post("better", "Lessons from a year of running SQLite in production", 30, like_count=60),
        reply_to_other("reply", "This is the way to do connection pooling", 2, like_count=500),
        post("quote", "Exactly this on logical replication", 2, quoted_post_id="q1", like_count=10),
        *filler(),
    ]
    picked = pick_share_post(context(posts), now=NOW)
    assert picked is not None
    assert picked.post.id == "better"  # the reply did better still, but a reply in someone's thread isn't theirs
    assert picked.engagement_ratio == pytest.approx(61 / 11)  # median of 30, 60, 500, 10, 4, 4, 4 is 10
    assert picked.why.startswith("5.5× their usual engagement")
    assert picked.url == f"https://x.com/{THEM}/status/better"


def test_pick_share_needs_a_post_that_did_well_for_them() -> None:
    average = [post("a", "Our guide to Postgres upgrades", 2, like_count=4), *filler()]
    assert pick_share_post(context(average), now=NOW) is None

    big_filler = [post(f"b{i}", f"Launch notes {i}", 100 + i, like_count=1000) for i in range(3)]
    big_slow_day = [post("big", "Our guide to Postgres upgrades", 2, like_count=500), *big_filler]
    assert pick_share_post(context(big_slow_day), now=NOW) is None

    lone_like = [post("one", "Our guide to Postgres upgrades", 2, like_count=1), post("z", "zero engagement here", 3)]
    assert pick_share_post(context(lone_like), now=NOW) is None  # 1 like against 0 is noise

    small_good_day = [post("small", "Our guide to Postgres upgrades", 2, like_count=12), *filler()]
    picked = pick_share_post(context(small_good_day), now=NOW)
    assert picked is not None
    assert picked.post.id == "small"


# ---------------------------------------------------------------------------------------------------------------
# Text helpers


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("What do you think about the new async runtime?", "async runtime"),
        ("Anyone tried Postgres logical replication in production?", "Postgres logical replication"),
        ("So into #rustlang", None),  # a hashtag is a label, never a phrase (attack finding 3)
        ("@bob @carol yes", None),
        ("🔥🔥 https://t.co/abc", None),
        # A verb is not a phrase (issue 12: "synths changed", "knew earlier"); the tagger reads "AI" here as a verb.
        ("AI is eating the world", None),
    ],
)
def test_key_phrase_takes_the_longest_run_of_content_words(text: str, phrase: str | None) -> None:
    assert key_phrase(text) == phrase


@pytest.mark.parametrize(
    "raw",
    ["@everyone", "@here", "@@everyone", "＠here", "@@@HERE", "@Everyone!", "<@&123>", "<@123>", "@e@everyoneveryone"],
)
def test_neutralize_mentions_defuses_mass_and_raw_mentions(raw: str) -> None:
    cleaned = neutralize_mentions(raw)
    assert "@everyone" not in cleaned.lower()
    assert "@here" not in cleaned.lower()
    assert "＠here" not in cleaned.lower()
    assert "<@" not in cleaned


def test_shorten_cuts_on_a_word_boundary_with_an_ellipsis() -> None:
    assert shorten("short enough", 20) == "short enough"
    assert shorten("one two three four five", 15) == "one two three…"  # X counts "…" as 2
    assert shorten("one two three four five", 14) == "one two…"
    assert x_length(shorten("漢字" * 200, 140)) <= 140  # X counts CJK characters twice


def test_clean_excerpt_strips_urls_and_collapses_whitespace() -> None:
    excerpt = clean_excerpt("Read this:\n\n https://example.com/a?b=c  now @everyone")
    assert excerpt == "Read this: now everyone"


# ---------------------------------------------------------------------------------------------------------------
# template_openers


def test_template_openers_always_include_a_hello() -> None:
    openers = template_openers(context([], seeds=()), now=NOW)
    assert [opener.kind for opener in openers] == ["hello"]
    [hello] = openers
    assert f"@{THEM}" in hello.draft
    assert hello.post_id is None
    assert hello.written_by == "template"


def test_template_openers_reply_hello_share_with_links_and_reasons() -> None:
    posts = [
        post("q", "Excited to share our new guide to SQLite for multi-tenant apps https://t.co/x", 3, like_count=30),
        post("hit", "Lessons from a year of running SQLite in production 🧵", 20, like_count=60),
        *filler(),
    ]
    openers = template_openers(context(posts, seeds=("grace", "linus"), topics=["sqlite"]), now=NOW)
    by_kind = {opener.kind: opener for opener in openers}
    assert [opener.kind for opener in openers] == ["reply", "hello", "share"]

    reply = by_kind["reply"]
    assert reply.post_id == "q"
    assert reply.post_url == f"https://x.com/{THEM}/status/q"
    assert reply.post_excerpt == "Excited to share our new guide to SQLite for multi-tenant apps"
    assert reply.template in wording.REPLY_ANNOUNCEMENT  # their news is congratulated
    assert reply.why.startswith("posted 3 h ago") and "on your topic “SQLite”" in reply.why

    hello = by_kind["hello"]
    assert mentioned_handles(hello.draft) == [THEM, "grace"]  # the strongest seed only
    assert "followed by your seed @grace and 1 more" in hello.why

    share = by_kind["share"]
    assert share.post_id == "hit"
    assert share.post_url == f"https://x.com/{THEM}/status/hit"
    assert "their usual engagement" in share.why


def test_template_openers_vary_across_accounts_and_repeat_for_one() -> None:
    drafts: dict[str, set[str]] = {"reply": set(), "hello": set()}
    for number in range(40):
        posts = [
            post("q", "Excited to share our new guide to testing database migrations!", 2, author_id=f"acct{number}")
        ]
        ctx = context(posts, id=f"acct{number}", handle=f"user{number}")
        openers = template_openers(ctx, now=NOW)
        assert openers == template_openers(ctx, now=NOW)
        for opener in openers:
            drafts[opener.kind].add(opener.draft.replace(f"@user{number}", "@them"))
    assert len(drafts["reply"]) >= 3
    assert len(drafts["hello"]) >= 3


def test_template_openers_clean_hostile_text_from_x() -> None:
    hostile = "@everyone free money at scam.example.com https://t.co/x <@&1> thoughts?"
    ctx = context(
        [post("p", hostile, 1, like_count=50), *filler()],
        seeds=("@here", "grace"),
        bio="@here DM me @everyone",
        name="@everyone",
        handle="everyone_fan",
    )
    for opener in template_openers(ctx, now=NOW):
        assert "@everyone" not in opener.draft.lower()
        assert "@here" not in opener.draft.lower()
        assert "<@" not in opener.draft
        assert "https://" not in opener.draft
        if opener.post_excerpt is not None:
            assert "@everyone" not in opener.post_excerpt.lower()
            assert "https://" not in opener.post_excerpt


# ---------------------------------------------------------------------------------------------------------------
# Properties

ODD_FRAGMENTS = [
    "@everyone",
    "@here",
    "@@everyone",
    "＠here",
    "@HeRe",
    "<@&123>",
    "@bob",
    "https://t.co/abc",
    "example.com",
    "?",
    "what do you think",
    "#rust",
    "🤔",
    "👩‍👩‍👧‍👦",
    "漢字" * 30,
    "\u200b",
    "\u202e",
    "e\u0301",
    "\n\n",
    "Postgres",
    "x" * 300,
]
odd_text = st.lists(st.one_of(st.text(max_size=40), st.sampled_from(ODD_FRAGMENTS)), max_size=12).map(" ".join)
handles = st.one_of(st.from_regex(r"[A-Za-z0-9_]{1,15}", fullmatch=True), odd_text)


@st.composite
def contexts(draw: st.DrawFn) -> OpenerContext:
    them = draw(handles)
    posts = [
        NetworkPost(
            id=str(index),
            author_id=THEM_ID,
            text=draw(odd_text),
            created_at=NOW - timedelta(hours=draw(st.floats(min_value=-5, max_value=24 * 40))),
            conversation_id=draw(st.sampled_from([None, "0", str(index)])),
            in_reply_to_account_id=draw(st.sampled_from([None, THEM_ID, "7"])),
            replied_to_post_id=draw(st.sampled_from([None, "0", "900"])),
            quoted_post_id=draw(st.sampled_from([None, "q"])),
            reposted_post_id=draw(st.sampled_from([None, None, "r"])),
            like_count=draw(st.integers(0, 10_000)),
            reply_count=draw(st.integers(0, 500)),
        )
        for index in range(draw(st.integers(0, 6)))
    ]
    return OpenerContext(
        account=account(handle=them, name=draw(odd_text), bio=draw(odd_text)),
        posts=posts,
        shared_seed_handles=draw(st.lists(handles, max_size=3)),
        topics=draw(st.lists(odd_text, max_size=3)),
    )


def assert_safe(opener: Opener, ctx: OpenerContext) -> None:
    assert 0 < len(opener.draft) <= MAX_DRAFT_LENGTH
    assert not opener.draft.startswith(("@", "＠"))  # X hides posts that start with a mention
    assert x_length(opener.draft) <= MAX_DRAFT_LENGTH
    lowered = opener.draft.lower()
    assert "@everyone" not in lowered
    assert "@here" not in lowered
    # The strongest seed that is not the account itself: a hello never introduces an account through itself.
    own = clean_handle(ctx.account.handle).lower()
    seed = next((h for h in map(clean_handle, ctx.shared_seed_handles) if h and h.lower() != own), "")
    allowed = {own, seed.lower()}
    assert {handle.lower() for handle in mentioned_handles(opener.draft)} <= allowed
    assert len(mentioned_handles(opener.draft)) <= 2
    if opener.post_excerpt is not None:
        assert x_length(opener.post_excerpt) <= MAX_EXCERPT_LENGTH
        assert "@everyone" not in opener.post_excerpt.lower()
        assert "@here" not in opener.post_excerpt.lower()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contexts())
def test_template_openers_are_safe_and_deterministic_for_any_text(ctx: OpenerContext) -> None:
    openers = template_openers(ctx, now=NOW)
    assert openers == template_openers(ctx, now=NOW)
    assert sum(opener.kind == "hello" for opener in openers) == 1
    for opener in openers:
        assert_safe(opener, ctx)


@given(odd_text, st.integers(1, 300))
def test_shorten_never_exceeds_the_limit(text: str, limit: int) -> None:
    assert x_length(shorten(text, limit)) <= limit


@given(odd_text)
def test_neutralize_mentions_is_complete(text: str) -> None:
    cleaned = neutralize_mentions(text).lower()
    assert "@everyone" not in cleaned
    assert "@here" not in cleaned


# ---------------------------------------------------------------------------------------------------------------
# draft_problem (what LLM drafts must pass)


@pytest.mark.parametrize(
    ("draft", "problem"),
    [
        ("Hi @ada_dev, @grace pointed us your way!", None),
        ("Worth a read: https://x.com/ada_dev/status/1", None),
        ("", "empty"),
        (None, "not a string"),
        ("x" * 281, "too long"),
        ("Hey @everyone look", "mass or raw mention"),
        ("Hi @ada_dev and @stranger", "other than the target"),
        # A longer run is another name, not the allowed handle with a letter after it.
        ("Hi @ada_devX, glad to connect", "other than the target"),
        ("Hi @ada_dev_is_a_long_name!", "other than the target"),
        ("See https://spam.example/offer", "link other than"),
        ("See spam.io for more", "link other than"),
        # An LLM draft passes the same screens as a post (bot.openers.tone): sexual content and promotional spam too.
        ("Hi @ada_dev, love the #nsfw art, so thicc", "markup"),
        ("Hi @ada_dev, love the art, so thicc and sexy 💦", "sexual content"),
        ("Hi @ada_dev! Join our airdrop and claim free tokens today", "promotional spam"),
    ],
)
def test_draft_problem(draft: object, problem: str | None) -> None:
    found = draft_problem(draft, allowed_handles=("ada_dev", "grace"), allowed_url="https://x.com/ada_dev/status/1")
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert problem in found


# ---------------------------------------------------------------------------------------------------------------
# OpenerWriter against the fake OpenAI-compatible API


def full_context() -> OpenerContext:
    posts = [
        post("q", "Excited to share our new guide to SQLite for multi-tenant apps", 3, like_count=30),
        post("hit", "Lessons from a year of running SQLite in production 🧵", 20, like_count=60),
        *filler(),
    ]
    return context(posts, seeds=("grace", "linus"), topics=["sqlite"])


LLM_DRAFTS = {
    "reply": "We went per-tenant files with SQLite and never looked back. What's your biggest worry?",
    "hello": "Hi @ada_dev! We found you through @grace and love your SQLite notes.",
    "share": "Solid lessons on SQLite in production from @ada_dev.",
}


def drafts_answer(**changes: Any) -> FakeAnswer:
    drafts = {**LLM_DRAFTS, **changes}
    return FakeAnswer(content=json.dumps({kind: text for kind, text in drafts.items() if text is not None}))


async def test_writer_without_llm_uses_templates() -> None:
    ctx = full_context()
    assert await OpenerWriter().write(ctx, now=NOW) == template_openers(ctx, now=NOW)


async def test_writer_uses_llm_wording_and_keeps_the_picked_posts(fake_api: FakeChatApi, llm: LlmClient) -> None:
    fake_api.then(drafts_answer())
    ctx = full_context()
    openers = await OpenerWriter(llm).write(ctx, now=NOW)
    templates = template_openers(ctx, now=NOW)

    assert [opener.written_by for opener in openers] == ["llm", "llm", "llm"]
    assert {opener.kind: opener.draft for opener in openers} == LLM_DRAFTS
    for written, template in zip(openers, templates, strict=True):
        assert (written.kind, written.post_id, written.post_url, written.why) == (
            template.kind,
            template.post_id,
            template.post_url,
            template.why,
        )

    [request] = fake_api.requests
    system, user = (message["content"] for message in request.json["messages"])
    assert '"reply", "hello", "share"' in system
    assert "our new guide to SQLite for multi-tenant apps" in user  # the facts: post text, bio, seed
    assert "Postgres internals" in user
    assert '"shared_seed": "grace"' in user
    # The rules the templates follow travel with the prompt (issue 12).
    assert "Write in English" in system and "Never mention death, violence" in system
    assert "whole noun phrase" in system and "engages with what it" in system
    assert '"asks_something": false' in user
    # What the shared post does travels too, so the LLM congratulates news and calls only a view a "take".
    assert '"post_does": "announces an achievement of theirs"' in user
    assert "post_does` says what the post does" in system
    assert "welcome other good news without congratulations" in system
    # An LLM draft gets its own intent link.
    assert all(opener.intent_url and "text=" in opener.intent_url for opener in openers)


async def test_writer_accepts_fenced_json(fake_api: FakeChatApi, llm: LlmClient) -> None:
    fake_api.then(FakeAnswer(content="```json\n" + json.dumps(LLM_DRAFTS) + "\n```"))
    openers = await OpenerWriter(llm).write(full_context(), now=NOW)
    assert all(opener.written_by == "llm" for opener in openers)


async def test_writer_asks_only_for_the_openers_that_exist(fake_api: FakeChatApi, llm: LlmClient) -> None:
    fake_api.then(FakeAnswer(content=json.dumps({"hello": "Hi @ada_dev, hello from us!"})))
    openers = await OpenerWriter(llm).write(context([]), now=NOW)
    assert [(opener.kind, opener.written_by) for opener in openers] == [("hello", "llm")]
    system = fake_api.requests[0].json["messages"][0]["content"]
    assert '"hello"' in system
    assert '"reply"' not in system


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(FakeAnswer(delay=10), id="timeout"),
        pytest.param(FakeAnswer(status=500, body={"error": "boom"}), id="http-500"),
        pytest.param(FakeAnswer(status=401, echo_authorization=True), id="http-401-echoing-the-key"),
        pytest.param(FakeAnswer(body="<html>bad gateway</html>"), id="body-not-json"),
        pytest.param(FakeAnswer(content="Sure! Here are your drafts: reply: hi"), id="content-not-json"),
        pytest.param(FakeAnswer(content='["reply", "hello"]'), id="content-not-an-object"),
        pytest.param(FakeAnswer(body={"choices": []}), id="no-choices"),
    ],
)
async def test_writer_falls_back_to_templates_on_llm_failure(
    fake_api: FakeChatApi, llm: LlmClient, answer: FakeAnswer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake_api.then(answer)
    ctx = full_context()
    openers = await OpenerWriter(llm).write(ctx, now=NOW)

    assert openers == template_openers(ctx, now=NOW)
    warnings = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert warnings
    assert f"account {THEM_ID}" in warnings[0].getMessage()
    assert API_KEY not in caplog.text


@pytest.mark.parametrize(
    ("kind", "bad_draft"),
    [
        pytest.param("reply", "Great question @everyone, what do you all think?", id="everyone"),
        pytest.param("hello", "Hi @ada_dev! @HERE is someone worth following.", id="here"),
        pytest.param("share", "So good. " * 40, id="too-long"),
        pytest.param("hello", "Hi @ada_dev, @grace and @linus both follow you!", id="second-seed"),
        pytest.param("share", "Read it at https://scam.example.com/win", id="foreign-link"),
        pytest.param("reply", "", id="empty"),
        pytest.param("share", None, id="missing"),
        # Issue 12: the LLM obeys the same tone and markup rules as the templates.
        pytest.param("reply", "So sad to hear about the victims. How are you holding up?", id="sensitive"),
        pytest.param("hello", "Hi @ada_dev, delete your account", id="hostile"),
        pytest.param("share", "Read this on SQLite &amp; Postgres from @ada_dev", id="html-entity"),
        pytest.param("share", "Solid lessons from @ada_dev #sqlite #databases", id="hashtags"),
    ],
)
async def test_writer_replaces_a_bad_llm_draft_with_its_template(
    fake_api: FakeChatApi, llm: LlmClient, kind: str, bad_draft: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    fake_api.then(drafts_answer(**{kind: bad_draft}))
    ctx = full_context()
    openers = {opener.kind: opener for opener in await OpenerWriter(llm).write(ctx, now=NOW)}
    templates = {opener.kind: opener for opener in template_openers(ctx, now=NOW)}

    assert openers[kind] == templates[kind]
    for other in {"reply", "hello", "share"} - {kind}:
        assert openers[other].written_by == "llm"
    assert any(f"LLM {kind} draft for account {THEM_ID} rejected" in record.getMessage() for record in caplog.records)


async def test_writer_allows_the_post_link_in_a_share(fake_api: FakeChatApi, llm: LlmClient) -> None:
    share = f"Lessons worth reading from @ada_dev: https://x.com/{THEM}/status/hit"
    fake_api.then(drafts_answer(share=share))
    openers = {opener.kind: opener for opener in await OpenerWriter(llm).write(full_context(), now=NOW)}
    assert openers["share"].draft == share
    assert openers["share"].written_by == "llm"


def test_key_phrase_prefers_what_the_account_keeps_talking_about() -> None:
    from bot.openers import key_phrase, recurring_words

    text = "Spent the whole weekend on astronomy and I regret nothing."
    assert key_phrase(text) != "astronomy"
    assert key_phrase(text, prefer={"astronomy"}) == "astronomy"
    posts = [
        NetworkPost(id=str(n), author_id="7", text=text_, created_at=datetime(2026, 11, 1, tzinfo=UTC))
        for n, text_ in enumerate(
            ["Astronomy night again", "Three astronomy apps I like", "My telescope arrived, astronomy time", "lunch"]
        )
    ]
    context = OpenerContext(
        account=NetworkAccount(id="7", handle="sky", bio="Sometimes chess."), posts=posts, shared_seed_handles=["a"]
    )
    words = recurring_words(context)
    assert "astronomy" in words and "lunch" not in words and "sometime" not in words


async def test_writer_asks_for_a_thank_you_when_they_already_follow_the_team(
    fake_api: FakeChatApi, llm: LlmClient
) -> None:
    fake_api.then(FakeAnswer(content=json.dumps({"hello": "Thanks for following us, @ada_dev!"})))
    ctx = replace(context([]), follows_team=True)
    [hello] = await OpenerWriter(llm).write(ctx, now=NOW)
    assert hello.written_by == "llm" and hello.draft == "Thanks for following us, @ada_dev!"
    user = fake_api.requests[0].json["messages"][1]["content"]
    assert "thanks them for following the team" in user and "grace" not in user


def question_context() -> OpenerContext:
    # Their best post asks something: no template answers it (only an answer would).
    posts = [post("q", "Anyone using SQLite in production for multi-tenant apps?", 3, like_count=10), *filler()]
    return context(posts, seeds=("grace",))


async def test_writer_asks_the_llm_for_the_reply_no_template_can_write(fake_api: FakeChatApi, llm: LlmClient) -> None:
    ctx = question_context()
    assert "reply" not in {opener.kind for opener in template_openers(ctx, now=NOW)}
    fake_api.then(drafts_answer(share=None))
    openers = {opener.kind: opener for opener in await OpenerWriter(llm).write(ctx, now=NOW)}

    reply = openers["reply"]
    assert (reply.written_by, reply.draft, reply.post_id) == ("llm", LLM_DRAFTS["reply"], "q")
    assert reply.intent_url and "in_reply_to=q" in reply.intent_url and reply.template is None
    [request] = fake_api.requests
    user = request.json["messages"][1]["content"]
    assert "Anyone using SQLite in production" in user and '"asks_something": true' in user


@pytest.mark.parametrize(
    "answer",
    [
        # The rule: a question is never answered as a "take"; the check rejects it, and there is no reply.
        pytest.param(drafts_answer(reply="Really interesting take on SQLite. What led you to it?"), id="take"),
        pytest.param(drafts_answer(reply=None), id="missing"),
        pytest.param(FakeAnswer(status=500, body={"error": "boom"}), id="http-500"),
    ],
)
async def test_a_reply_only_the_llm_could_write_is_dropped_when_it_fails(
    fake_api: FakeChatApi, llm: LlmClient, answer: FakeAnswer
) -> None:
    ctx = question_context()
    fake_api.then(answer)
    openers = await OpenerWriter(llm).write(ctx, now=NOW)
    assert "reply" not in {opener.kind for opener in openers}
    assert all(opener.draft for opener in openers)
    assert [opener.kind for opener in openers] == [opener.kind for opener in template_openers(ctx, now=NOW)]


async def test_the_llm_is_not_asked_to_reply_to_bad_news(fake_api: FakeChatApi, llm: LlmClient) -> None:
    # No template cheers "Thrilled to announce that I have been laid off"; the LLM is not asked to either.
    posts = [post("b", "Thrilled to announce that I have been laid off after 12 years at the lab.", 3), *filler()]
    ctx = context(posts, seeds=("grace",))
    fake_api.then(drafts_answer(share=None))
    openers = await OpenerWriter(llm).write(ctx, now=NOW)
    assert all(opener.post_id != "b" for opener in openers), openers
    [request] = fake_api.requests
    assert "laid off" not in request.json["messages"][1]["content"]


def test_the_llm_is_told_good_news_from_an_achievement() -> None:
    # As the templates do (acts.achievement): the LLM congratulates a medal, and welcomes a giveaway.
    from bot.openers.writer import POST_DOES, _post_does  # pyright: ignore[reportPrivateUsage]

    medal = "I got a medal! So honoured to have won this award https://t.co/PFJrb2k0uj"
    bikes = "We’re happy to be working with @OCH_LCO to give out 30 refurbished bikes today! https://t.co/tKx93fcbI5"
    assert POST_DOES[_post_does(medal, "me")] == "announces an achievement of theirs"
    assert POST_DOES[_post_does(bikes, "me")] == "shares good news of theirs that is no achievement of theirs"
