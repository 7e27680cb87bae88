"""The List conversation monitor: the pure ranking of conversations, and polling a watched List in the sandbox."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from sqlmodel import col, func, select

from bot.clock import utc_from_timestamp
from bot.lists.monitor import (
    MAX_PAGES_PER_POLL,
    Conversation,
    expected_page_size,
    find_conversations,
    mark_shown,
    poll_list,
    set_shown_message,
)
from bot.models import ApiCall, ListKind, ListMember, Post, ShownConversation, XList
from bot.networks.base import NetworkAccount, NetworkPost
from bot.openers import draft_problem
from bot.sandbox.world import SandboxList
from bot.snowflake import datetime_to_snowflake
from bot.storage import upsert_accounts
from bot.text import x_length
from tests.conftest import WORLD_NOW
from tests.networks.helpers import x_network, x_settings

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from bot.clock import FakeClock
    from bot.db import Database
    from bot.networks.x import XNetwork
    from bot.sandbox.server import SandboxServer
    from bot.sandbox.world import World

GUILD = 77
LIST_TWEETS = "GET /2/lists/:id/tweets"
NOW = WORLD_NOW

# -- pure: find_conversations ----------------------------------------------------------------------------------

HANDLES = {"1": "ana", "2": "ben", "3": "chloe", "4": "dmitri", "9": "outsider"}
MEMBERS = {"1", "2", "3", "4"}
_sequence = iter(range(1, 4096))


def post(
    author: str,
    text: str,
    *,
    hours_ago: float = 1.0,
    conversation: str | None = None,
    replying_to: NetworkPost | None = None,
    reposting: NetworkPost | None = None,
    reply_count: int = 0,
) -> NetworkPost:
    created_at = NOW - timedelta(hours=hours_ago)
    post_id = str(datetime_to_snowflake(created_at, next(_sequence)))
    if replying_to is not None:
        return NetworkPost(
            id=post_id,
            author_id=author,
            text=f"@{HANDLES[replying_to.author_id]} {text}",
            created_at=created_at,
            conversation_id=replying_to.conversation_id,
            in_reply_to_account_id=replying_to.author_id,
            replied_to_post_id=replying_to.id,
            mention_ids=(replying_to.author_id,),
            reply_count=reply_count,
        )
    if reposting is not None:
        return NetworkPost(
            id=post_id,
            author_id=author,
            text=f"RT @{HANDLES[reposting.author_id]}: {reposting.text}",
            created_at=created_at,
            conversation_id=post_id,
            reposted_post_id=reposting.id,
            mention_ids=(reposting.author_id,),
            reply_count=reposting.reply_count,
        )
    return NetworkPost(
        id=post_id,
        author_id=author,
        text=text,
        created_at=created_at,
        conversation_id=conversation or post_id,
        reply_count=reply_count,
    )


def find(
    posts: list[NetworkPost], *, shown: set[str] | None = None, topics: tuple[str, ...] = ()
) -> list[Conversation]:
    return find_conversations(
        posts, member_ids=MEMBERS, handles=HANDLES, already_shown=shown or set(), now=NOW, topics=topics
    )


def test_find_conversations_ranks_threads_of_several_members_first() -> None:
    root = post("1", "Spent the whole weekend on sourdough baking and I regret nothing.", hours_ago=3)
    thread = [
        root,
        post("2", "ha, this is so true, my starter failed twice", replying_to=root, hours_ago=2),
        post("3", "the crumb on the second loaf looks great", replying_to=root, hours_ago=1.5),
    ]
    asked = post("4", "Anyone have a good espresso grinder recommendation? Asking for a friend.", reply_count=5)

    found = find([asked, *thread])

    assert [c.conversation_id for c in found] == [root.id, asked.id]
    multi = found[0]
    assert multi.member_count == 3
    assert multi.speakers == ("ana", "ben", "chloe")
    assert multi.why.startswith("3 list members talking")
    assert set(multi.post_ids) == {p.id for p in thread}
    assert multi.best_post_url == f"https://x.com/ana/status/{root.id}", "the thread's start, not a reply in it"
    assert multi.newest_at == thread[2].created_at


def test_find_conversations_counts_a_member_answered_outside_the_new_posts() -> None:
    earlier_root = post("1", "Notes from today's typography meetup: people are great.", hours_ago=30)
    reply = post("2", "would love to chat about kerning sometime", replying_to=earlier_root)

    (conversation,) = find([reply])  # the root was read by an earlier poll

    assert conversation.member_count == 2
    assert conversation.speakers == ("ana", "ben")
    assert conversation.best_post_url == f"https://x.com/ben/status/{reply.id}"


def test_find_conversations_keeps_a_question_to_the_audience() -> None:
    asked = post("1", "What got you into woodworking? Genuinely curious.")

    (conversation,) = find([asked])

    assert conversation.questions == 1
    assert conversation.member_count == 1
    assert "a question" in conversation.why
    # Kept for the team to answer; no template has an answer, so none is suggested.
    assert conversation.suggested_reply == "" and conversation.suggested_reply_intent is None


def test_find_conversations_keeps_a_post_drawing_replies() -> None:
    popular = post("1", "Unpopular opinion: gardening is better when you keep it simple.", reply_count=12)

    (conversation,) = find([popular])

    assert conversation.replies == 12
    assert "12 replies" in conversation.why


def test_find_conversations_ignores_reposts() -> None:
    original = post("9", "Is it just me or has photography changed a lot this year?", hours_ago=5, reply_count=40)
    reposts = [post("1", "", reposting=original), post("2", "", reposting=original), post("3", "", reposting=original)]

    assert find(reposts) == [], "reposts repeat someone else's words: no conversation of ours"

    own = post("4", "Small cycling win today. Feels good.")
    answer = post("2", "congrats, well deserved!", replying_to=own)
    (conversation,) = find([*reposts, own, answer])
    assert conversation.conversation_id == own.id
    assert set(conversation.post_ids) == {own.id, answer.id}
    assert conversation.member_count == 2


def test_find_conversations_skips_conversations_already_shown() -> None:
    root = post("1", "Three things I wish I knew earlier about pottery 🧵")
    answer = post("2", "the glaze part especially, thanks for sharing", replying_to=root)
    other = post("3", "Anyone tried bouldering indoors this winter?")

    found = find([root, answer, other], shown={root.id})

    assert [c.conversation_id for c in found] == [other.id]


def test_find_conversations_stays_quiet_when_nothing_is_worth_joining() -> None:
    broadcast = post("1", "New post: what I learned from a year of running https://t.co/abc")
    own_thread = post("2", "Spent the whole weekend on chess and I regret nothing.", hours_ago=2)
    thread_reply = NetworkPost(
        id=str(datetime_to_snowflake(NOW - timedelta(hours=1), 4000)),
        author_id="2",
        text="2/ the part about openings surprised me most.",
        created_at=NOW - timedelta(hours=1),
        conversation_id=own_thread.id,
        in_reply_to_account_id="2",
        replied_to_post_id=own_thread.id,
    )
    cold = post("3", "What got you into baking? Genuinely curious.", hours_ago=72)
    two_replies = post("4", "Small knitting win today. Feels good.", reply_count=2)

    assert find([broadcast, own_thread, thread_reply, cold, two_replies]) == []
    assert find([]) == []


def test_find_conversations_drafts_are_safe_to_post() -> None:
    hostile = post(
        "1",
        "@everyone @here excited to share our new guide to <@123> and @someone's take on "
        + "a very long word " * 30
        + "! https://example.com/x",
        reply_count=7,
    )
    answer = post("2", "@here totally agree with this, ＠everyone should read it", replying_to=hostile)

    (conversation,) = find([hostile, answer])

    draft = conversation.suggested_reply
    assert draft and x_length(draft) <= 280
    assert draft_problem(draft, allowed_handles=(), allowed_url=None) is None
    assert "@" not in draft and "＠" not in draft
    for text in (conversation.best_post_excerpt, conversation.why, *conversation.speakers):
        assert "@everyone" not in text and "@here" not in text and "<@" not in text
    assert x_length(conversation.best_post_excerpt) <= 140


def test_find_conversations_explains_topics_and_uses_them_to_rank() -> None:
    plain = post("1", "Anyone have a good camera recommendation? Asking for a friend.", hours_ago=1)
    on_topic = post("2", "Anyone have a good rust crate recommendation? Asking for a friend.", hours_ago=1)

    found = find([plain, on_topic], topics=("rust",))

    assert [c.conversation_id for c in found] == [on_topic.id, plain.id]
    assert "on your topic “rust”" in found[0].why


def test_expected_page_size_clamps_and_adds_a_margin() -> None:
    assert expected_page_size(0.0, 2.0) == 5
    assert expected_page_size(10.0, 2.0) > 20
    assert expected_page_size(10.0, 2.0) < 30
    assert expected_page_size(500.0, 2.0) == 100


# -- service: poll_list against the sandbox ------------------------------------------------------------------

MEMBER_COUNT = 30
START = WORLD_NOW - timedelta(hours=8)  # the first poll; the world's posts run until WORLD_NOW


@pytest.fixture
async def network(sandbox: SandboxServer, db: Database, clock: FakeClock) -> AsyncIterator[XNetwork]:
    """The X client on the parametrized database (SQLite, and PostgreSQL when configured)."""
    settings = x_settings(sandbox.base_url, x_access_token=sandbox.config.access_token)
    async with x_network(settings, db, clock) as client:
        yield client


def community(world: World, size: int = MEMBER_COUNT) -> list[str]:
    """Active, visible, conversational accounts who all follow each other: their replies answer each other."""
    members = sorted(
        (
            user.id
            for user in world.users.values()
            if user.persona == "conversational"
            and not user.protected
            and not user.suspended
            and user.id != world.me_id
            and user.last_post_at is not None
            and user.last_post_at > WORLD_NOW - timedelta(hours=12)
        ),
        key=int,
    )[:size]
    assert len(members) == size
    for member in members:  # before any timeline is generated: replies are drawn from whom they follow
        world.following[member] = [other for other in members if other != member] + world.following.get(member, [])
    return members


@pytest.fixture
async def watched(sandbox: SandboxServer, db: Database, clock: FakeClock) -> int:
    """A public List of a community in the sandbox, watched by the team; its row id. The clock is set to START."""
    world = sandbox.world
    members = community(world)
    world.lists["1500000000000000001"] = SandboxList(
        id="1500000000000000001", owner_id=world.me_id, name="Makers", private=False, member_ids=members
    )
    clock.now = START.timestamp()
    async with db.session() as session, session.begin():
        row = XList(guild_id=GUILD, x_list_id="1500000000000000001", name="Makers", kind=ListKind.NICHE, private=False)
        session.add(row)
        await session.flush()
        assert row.id is not None
        session.add_all(ListMember(list_id=row.id, account_id=member) for member in members)
        # What a member sync would have stored: their handles.
        await upsert_accounts(
            session, [NetworkAccount(id=member, handle=world.users[member].username) for member in members]
        )
        return row.id


def posts_billed(sandbox: SandboxServer) -> int:
    return sandbox.billing.by_kind.get("post", 0)


def list_posts_between(world: World, start: datetime, end: datetime) -> set[str]:
    lst = world.lists["1500000000000000001"]
    return {post.id for member in lst.member_ids for post in world.posts_of(member) if start < post.created_at <= end}


def now_of(clock: FakeClock) -> datetime:
    return utc_from_timestamp(clock.now)


async def show(db: Database, list_row_id: int, conversations: list[Conversation], now: datetime) -> list[str]:
    """What the Discord side does: claim before posting, post, then record the message."""
    async with db.session() as session, session.begin():
        claimed = await mark_shown(session, list_row_id=list_row_id, conversations=conversations, now=now)
    async with db.session() as session, session.begin():
        ids = [c.conversation_id for c in claimed]
        await set_shown_message(session, list_row_id=list_row_id, conversation_ids=ids, message_id=4242)
    return [c.conversation_id for c in claimed]


async def list_row(db: Database, list_row_id: int) -> XList:
    async with db.session() as session:
        row = await session.get(XList, list_row_id)
        assert row is not None
        return row


async def test_poll_list_reads_only_new_posts_the_second_time(
    network: XNetwork, sandbox: SandboxServer, db: Database, clock: FakeClock, watched: int
) -> None:
    first = await poll_list(db, network, list_row_id=watched, now=now_of(clock))

    assert first.error is None and not first.gone
    assert first.new_posts == 100, "the first poll reads one full page"
    assert posts_billed(sandbox) == 100
    row = await list_row(db, watched)
    assert row.last_seen_post_id is not None and row.new_posts_per_hour and row.new_posts_per_hour > 0
    assert row.last_polled_at == START
    assert len(sandbox.requests_to(LIST_TWEETS)) == 1

    clock.now += 7200
    before = posts_billed(sandbox)
    appeared = list_posts_between(sandbox.world, START, now_of(clock))
    second = await poll_list(db, network, list_row_id=watched, now=now_of(clock))

    assert second.error is None
    assert second.new_posts == len(appeared) > 0
    assert posts_billed(sandbox) - before == len(appeared), "only the posts that appeared are billed"
    sizes = [int(request.params["max_results"]) for request in sandbox.requests_to(LIST_TWEETS)[1:]]
    assert sizes and all(size < 100 for size in sizes), "pages sized to what is new, not the largest"
    assert sum(sizes) <= len(appeared) + expected_page_size(0, 0) + 2 * max(sizes)
    async with db.session() as session:
        stored = set((await session.exec(select(Post.id).where(col(Post.id).in_(appeared)))).all())
        delivered = (await session.exec(select(func.sum(ApiCall.resources)))).one()
    assert stored == appeared
    assert delivered is not None and delivered - 100 <= len(appeared) + sizes[-1]
    row = await list_row(db, watched)
    assert row.last_seen_post_id == max(appeared, key=int)
    assert row.last_polled_at == now_of(clock)


async def test_poll_list_never_shows_a_conversation_twice_also_after_a_restart(
    network: XNetwork, sandbox: SandboxServer, db: Database, clock: FakeClock, watched: int
) -> None:
    shown: list[str] = []
    multi_member = 0
    for _ in range(3):
        result = await poll_list(db, network, list_row_id=watched, now=now_of(clock))
        assert result.error is None
        assert not {c.conversation_id for c in result.conversations} & set(shown)
        multi_member += sum(1 for c in result.conversations if c.member_count >= 2)
        shown += await show(db, watched, result.conversations, now_of(clock))
        clock.now += 7200
    assert shown and len(shown) == len(set(shown))
    assert multi_member > 0, "members who follow each other answer each other"

    # A restart: a new client, the same database. Still only new posts, still nothing shown again.
    settings = x_settings(sandbox.base_url, x_access_token=sandbox.config.access_token)
    async with x_network(settings, db, clock) as restarted:
        before = posts_billed(sandbox)
        appeared = list_posts_between(sandbox.world, now_of(clock) - timedelta(hours=2), now_of(clock))
        result = await poll_list(db, restarted, list_row_id=watched, now=now_of(clock))
        assert result.new_posts == len(appeared)
        assert posts_billed(sandbox) - before == len(appeared)
        assert not {c.conversation_id for c in result.conversations} & set(shown)

        # Even reading everything again from scratch brings back no conversation already shown.
        async with db.session() as session, session.begin():
            row = await session.get(XList, watched)
            assert row is not None
            row.last_seen_post_id = None
            session.add(row)
        again = await poll_list(db, restarted, list_row_id=watched, now=now_of(clock))
        assert again.error is None
        assert not {c.conversation_id for c in again.conversations} & set(shown)

    async with db.session() as session:
        rows = (await session.exec(select(ShownConversation).where(ShownConversation.list_id == watched))).all()
    assert sorted(r.conversation_id for r in rows) == sorted(shown)
    assert all(r.message_id == 4242 for r in rows)


async def test_mark_shown_claims_each_conversation_once(
    network: XNetwork, db: Database, clock: FakeClock, watched: int
) -> None:
    result = await poll_list(db, network, list_row_id=watched, now=now_of(clock))
    assert result.conversations

    first = await show(db, watched, result.conversations, now_of(clock))
    second = await show(db, watched, [*result.conversations, *result.conversations], now_of(clock))

    assert first == [c.conversation_id for c in result.conversations]
    assert second == [], "a second claim of the same conversations posts nothing"


async def test_poll_list_of_a_list_deleted_on_x_is_gone_not_an_exception(
    network: XNetwork, sandbox: SandboxServer, db: Database, clock: FakeClock, watched: int
) -> None:
    await poll_list(db, network, list_row_id=watched, now=now_of(clock))
    bookmark = (await list_row(db, watched)).last_seen_post_id
    sandbox.world.lists.pop("1500000000000000001")
    clock.now += 7200

    result = await poll_list(db, network, list_row_id=watched, now=now_of(clock))

    assert result.gone
    assert result.conversations == [] and result.new_posts == 0
    assert result.error and "deleted on X" in result.error
    row = await list_row(db, watched)
    assert row.watch_error == result.error
    assert row.last_seen_post_id == bookmark
    assert row.last_polled_at == START


async def test_poll_list_out_of_budget_records_the_error_and_writes_nothing_else(
    network: XNetwork, sandbox: SandboxServer, db: Database, clock: FakeClock, watched: int
) -> None:
    network.governor.daily_cap_micros = 100_000  # $0.10: less than a first page of 100 posts could cost

    refused = await poll_list(db, network, list_row_id=watched, now=now_of(clock))

    assert refused.error and "budget" in refused.error
    assert not refused.gone and refused.new_posts == 0
    assert posts_billed(sandbox) == 0
    row = await list_row(db, watched)
    assert row.watch_error and "budget" in row.watch_error
    assert row.last_seen_post_id is None and row.last_polled_at is None


async def test_poll_list_out_of_budget_mid_poll_keeps_no_half_read(
    network: XNetwork, sandbox: SandboxServer, db: Database, clock: FakeClock, watched: int
) -> None:
    await poll_list(db, network, list_row_id=watched, now=now_of(clock))
    bookmark = (await list_row(db, watched)).last_seen_post_id
    async with db.session() as session, session.begin():
        row = await session.get(XList, watched)
        assert row is not None
        row.new_posts_per_hour = 0.01  # a stale estimate: the first page (5 posts) falls short of what is new
        session.add(row)
    clock.now += 4 * 3600
    appeared = list_posts_between(sandbox.world, START, now_of(clock))
    assert len(appeared) > 10
    # Room for the first small page, not for the next one.
    network.governor.daily_cap_micros = await network.governor.spent_today_micros() + 5 * 5_000 + 4_000

    refused = await poll_list(db, network, list_row_id=watched, now=now_of(clock))

    assert refused.error and "budget" in refused.error
    assert len(sandbox.requests_to(LIST_TWEETS)) == 2, "the first page was read, the second refused"
    row = await list_row(db, watched)
    assert row.last_seen_post_id == bookmark, "no bookmark moved past posts never read"
    assert row.last_polled_at == START
    async with db.session() as session:
        assert not (await session.exec(select(Post.id).where(col(Post.id).in_(appeared)))).all()

    network.governor.daily_cap_micros = 100_000_000
    recovered = await poll_list(db, network, list_row_id=watched, now=now_of(clock))
    assert recovered.error is None
    assert recovered.new_posts == len(appeared), "the next poll covers the whole gap"
    assert (await list_row(db, watched)).watch_error is None
    assert len(sandbox.requests_to(LIST_TWEETS)) <= 2 + MAX_PAGES_PER_POLL


async def test_poll_list_stops_on_a_repeated_cursor_and_keeps_what_it_read(
    network: XNetwork, sandbox: SandboxServer, db: Database, clock: FakeClock, watched: int
) -> None:
    """Issue 9, kind of case 6: List posts."""
    await poll_list(db, network, list_row_id=watched, now=now_of(clock))
    async with db.session() as session, session.begin():
        row = await session.get(XList, watched)
        assert row is not None
        row.new_posts_per_hour = 0.01  # small first pages, so what is new spans several
        session.add(row)
    clock.now += 4 * 3600
    sandbox.config.repeat_cursor = frozenset({LIST_TWEETS})
    before = len(sandbox.requests_to(LIST_TWEETS))
    result = await poll_list(db, network, list_row_id=watched, now=now_of(clock))
    assert result.error is None and result.new_posts > 0
    assert len(sandbox.requests_to(LIST_TWEETS)) - before == 2, "stopped at the cursor X gave twice"
    row = await list_row(db, watched)
    assert row.last_polled_at == now_of(clock)


async def test_poll_list_answered_with_an_unrelated_error_and_no_data_is_not_gone(
    network: XNetwork, sandbox: SandboxServer, db: Database, clock: FakeClock, watched: int
) -> None:
    """X may answer 200 with ``errors`` and no ``data`` for reasons that are not about the List (the spec allows
    it): that is "try again", not "deleted on X", which stops the watch and clears its channel for good."""
    from bot.sandbox.server import LIST_TWEETS as LIST_TWEETS_KEY

    await poll_list(db, network, list_row_id=watched, now=now_of(clock))
    sandbox.config.answers_without_data.add(LIST_TWEETS_KEY)
    clock.now += 7200

    result = await poll_list(db, network, list_row_id=watched, now=now_of(clock))

    assert not result.gone, "the List still exists on X"
    assert result.error and "deleted on X" not in result.error
    assert "1500000000000000001" in sandbox.world.lists


def test_a_conversation_no_template_answers_is_shown_without_a_suggested_reply() -> None:
    # "would love to chat about kerning sometime" is a report we can't name (bot.openers.acts): no template fits it,
    # but two members talking is still worth showing; the team writes its own words, and no button is offered.
    earlier_root = post("1", "Notes from today's typography meetup: people are great.", hours_ago=30)
    reply = post("2", "would love to chat about kerning sometime", replying_to=earlier_root)

    (conversation,) = find([reply])

    assert conversation.suggested_reply == "" and conversation.suggested_reply_intent is None
    assert conversation.best_post_url == f"https://x.com/ben/status/{reply.id}"
