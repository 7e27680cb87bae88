"""Digest embeds stay within Discord's limits and can never ping anyone, whatever strangers wrote."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.digest import Digest, DigestEntry, OpenerView
from bot.embeds import EMBED_TOTAL_LIMIT, FIELD_VALUE_LIMIT, TITLE_LIMIT, describe_action, entry_embed, header_embed
from bot.models import Action, ActionKind, ActionState, ListKind

if TYPE_CHECKING:
    from bot.lists.monitor import Conversation

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)


def entry(**overrides: object) -> DigestEntry:
    values: dict[str, object] = {
        "suggestion_id": 1,
        "position": 1,
        "account_id": "42",
        "handle": "someone",
        "name": "Some One",
        "bio": "builds things",
        "location": "Lisbon",
        "profile_url": "https://x.com/someone",
        "followers_count": 1200,
        "following_count": 300,
        "followed_by": ("a", "b"),
        "explanation": "followed by @a, @b and 3 more of your seeds",
        "follows_team": False,
        "score": 1.0,
        "last_post_at": NOW,
        "posts_per_day": 3.2,
        "reply_share": 0.41,
        "people_engaged": 9,
        "two_way_exchanges": 2,
        "broadcast_share": 0.1,
        "questions": 3,
        "activity_summary": "",
        "check_summary": "",
        "openers": (OpenerView("hello", "Hi @someone!", "followed by your seed @a", None, None, "template"),),
    }
    values.update(overrides)
    return DigestEntry(**values)  # type: ignore[arg-type]


def test_entry_embed_escapes_markdown_and_mass_mentions() -> None:
    embed = entry_embed(entry(bio="**free** @everyone and @here <@&123>", name="_evil_"), now=NOW)
    assert "@everyone" not in (embed.description or "") and "@here" not in (embed.description or "")
    assert "\\*\\*free\\*\\*" in (embed.description or "")
    assert embed.title is not None and "\\_evil\\_" in embed.title


@settings(max_examples=50)
@given(
    bio=st.text(max_size=3000),
    name=st.text(max_size=400),
    draft=st.text(max_size=2000),
    why=st.text(max_size=2000),
)
def test_entry_embed_always_fits_discord_limits(bio: str, name: str, draft: str, why: str) -> None:
    openers = tuple(
        OpenerView(kind, draft, why, "https://x.com/someone/status/1", why, "template")
        for kind in ("reply", "hello", "share")
    )
    embed = entry_embed(
        entry(bio=bio, name=name, openers=openers, list_match=("x" * 500,), suggested_list="L"), now=NOW, outcome=why
    )
    assert len(embed) <= EMBED_TOTAL_LIMIT
    assert embed.title is not None and len(embed.title) <= TITLE_LIMIT
    assert all(len(field.value or "") <= FIELD_VALUE_LIMIT for field in embed.fields)
    assert "Decision" in [field.name for field in embed.fields] or not why.strip()


def test_header_embed_says_what_changed_and_the_spend() -> None:
    digest = Digest(
        guild_id=1,
        day=date(2026, 11, 26),
        entries=(entry(),),
        spend_today_dollars=3.5,
        spend_month_dollars=40.25,
        candidates=7265,
        shortlisted=30,
        screened_out={"silent": 4},
        new_since_yesterday=1,
        run_outcome="ok",
        run_errors=(),
    )
    embed = header_embed(digest, team_name="Team")
    text = str(embed.to_dict())
    assert "1 account worth talking to" in text and "7,265" in text and "1 new since the last digest" in text
    assert "$3.50" in text and "$40.25" in text and "4 silent" in text


def test_entry_embed_counts_one_follower_person_and_exchange_in_the_singular() -> None:
    embed = entry_embed(entry(followers_count=1, people_engaged=1, two_way_exchanges=1), now=NOW)
    fields = {field.name: field.value or "" for field in embed.fields}
    assert fields["Account"].startswith("1 follower · follows 300")
    assert "1 person engaged · 1 two-way exchange · " in fields["Activity"]
    many = {field.name: field.value or "" for field in entry_embed(entry(), now=NOW).fields}
    assert many["Account"].startswith("1,200 followers")
    assert "9 people engaged · 2 two-way exchanges" in many["Activity"]


def test_describe_action_says_each_state_of_a_follow_and_a_list_addition() -> None:
    follow = Action(guild_id=1, account_id="42", handle="someone", kind=ActionKind.FOLLOW, state=ActionState.BY_HAND)
    follow.result = "https://x.com/intent/follow?screen_name=someone"
    assert describe_action(follow, ["<@1>"]).startswith("✅ X refused automated follows: follow by hand → https://")
    added = Action(guild_id=1, account_id="42", handle="someone", kind=ActionKind.LIST_ADD, state=ActionState.SKIPPED)
    added.result = "was removed from Rust on X; not added back"
    assert describe_action(added, []) == "📋 Not added: was removed from Rust on X; not added back."


def test_bidi_overrides_in_x_names_are_neutralised_in_every_title_and_field() -> None:
    # U+202E would show "Mallory (@mallory)" as "Mallory ()yrollam@" and can fake another handle.
    trap = "Mallory\u202e\u2066"
    embed = entry_embed(
        entry(name=trap, bio=f"bio {trap}", location=trap, suggested_list=trap, list_match=(trap,)), now=NOW
    )
    texts = [embed.title or "", embed.description or ""] + [f"{f.name}{f.value}" for f in embed.fields]
    assert embed.title == "1. Mallory (@someone)"
    assert not any(char in text for text in texts for char in "\u202e\u2066")
    header = header_embed(
        Digest(
            guild_id=1,
            day=NOW.date(),
            entries=(),
            candidates=0,
            shortlisted=0,
            new_since_yesterday=0,
            screened_out={},
            spend_today_dollars=0,
            spend_month_dollars=0,
            run_outcome=None,
            run_errors=(),
        ),
        team_name="Team\u202e",
    )
    assert header.footer.text == "Team"


def test_a_long_intent_link_is_shown_whole_or_not_at_all() -> None:
    # A Japanese (or emoji-heavy) draft's intent URL passes a button's 512 characters; the entry then shows it as a
    # markdown link in the field. Clipping the field to 1,024 characters cut that link in the middle: a dead link
    # whose "[Open on X](https://x.com/intent/post?text=%E3…" showed as raw text.
    from bot.openers.intent import opener_intent

    for draft in ("こんにちは、投稿を拝見しました。" * 4, "こんにちは、投稿を拝見しました。" * 9):
        url = opener_intent("reply", draft, post_id="123", post_url=None)
        opener = OpenerView("reply", draft, "w" * 300, "https://x.com/someone/status/123", "p" * 300, "template", url)
        embed = entry_embed(entry(openers=(opener,)), now=NOW)
        value = next(field.value or "" for field in embed.fields if field.name == "Reply to their post")
        assert len(value) <= FIELD_VALUE_LIMIT
        if "[Open on X](" in value:
            assert f"[Open on X]({url})" in value, value[-200:]
        else:
            assert len(url) > FIELD_VALUE_LIMIT - 20, "a link that fits the field is shown"


def _conversation(**fields: Any) -> Conversation:
    """A List conversation in post "1", newest now, scored 1; ``fields`` set the rest."""
    from bot.lists.monitor import Conversation

    return Conversation(**{"conversation_id": "1", "post_ids": ("1",), "newest_at": NOW, "score": 1.0, **fields})


def test_handles_and_list_names_in_embed_titles_are_escaped_once() -> None:
    # Embed titles render markdown: "@__dave__" showed as an underlined "dave", a List "Rust_*Berlin*" in italics.
    from bot.embeds import conversations_embed
    from bot.models import XList

    embed = entry_embed(entry(handle="__dave__", name="Dave"), now=NOW)
    assert embed.title == "1. Dave (@\\_\\_dave\\_\\_)"
    xlist = XList(guild_id=1, x_list_id="9", name="Rust_*Berlin*", kind=ListKind.NICHE)
    conversation = _conversation(
        speakers=("__dave__",),
        member_count=2,
        questions=1,
        replies=3,
        best_post_url="https://x.com/__dave__/status/1",
        best_post_excerpt="what do you think?",
        why="2 list members talking",
        suggested_reply="Good question.",
    )
    titled = conversations_embed(xlist, [conversation])
    assert titled.title == "Conversations to join · Rust\\_\\*Berlin\\*"


async def test_the_suggested_reply_shown_is_the_best_conversations_that_has_one() -> None:
    # A conversation no template answers fittingly has no suggested reply (bot.openers.acts): the message shows the
    # next one's reply, says which it answers, and its button opens that one (it needs a running loop: async test).
    from dataclasses import replace

    from bot.embeds import conversations_embed, conversations_view
    from bot.models import XList

    xlist = XList(guild_id=1, x_list_id="9", name="Community", kind=ListKind.NICHE)
    busy = _conversation(
        speakers=("ana", "ben", "chloe"),
        member_count=3,
        questions=0,
        replies=9,
        score=3.0,
        best_post_url="https://x.com/ana/status/1",
        best_post_excerpt="Spent the whole weekend on sourdough baking",
        why="3 list members talking",
        suggested_reply="",
    )
    asked = replace(
        busy,
        conversation_id="2",
        score=1.0,
        best_post_url="https://x.com/ben/status/2",
        suggested_reply="Happy to help think this through.",
        suggested_reply_intent="https://x.com/intent/post?text=Happy&in_reply_to=2",
    )
    embed = conversations_embed(xlist, [busy, asked])
    assert embed.fields[-1].name == "Suggested reply to no. 2"
    assert "Happy to help" in str(embed.fields[-1].value)
    view = conversations_view([busy, asked])
    assert view is not None
    [button] = view.children
    assert getattr(button, "url", None) == asked.suggested_reply_intent
    assert conversations_view([busy]) is None
