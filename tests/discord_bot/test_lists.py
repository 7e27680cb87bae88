"""Lists through Discord: /list commands, the 📋 reaction end to end, and watched conversations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from sqlmodel import select

from bot import jobs
from bot.db import Database
from bot.models import ShownConversation, XList
from bot.sandbox.world import SandboxList, SandboxPost
from bot.snowflake import datetime_to_snowflake
from tests.discord_bot.conftest import circlebot, digest_now, on_both_databases
from tests.discord_bot.test_end_to_end import content, entry_messages, set_up_team

if TYPE_CHECKING:
    from bot.sandbox.fakediscord import DiscordHarness
    from tests.discord_bot.conftest import BotWorld

# Every city the sandbox gives people, so that most digest entries fit the List.
CITIES = (
    "Lagos, Berlin, São Paulo, Toronto, Bengaluru, London, Mexico City, Nairobi, Tokyo, Seoul, Melbourne, "
    "Brooklyn, San Francisco, Austin, Paris, Krakow, Istanbul, Accra, Manila, Dublin, Stockholm, Cape Town, "
    "Buenos Aires, Jakarta, Montreal, Edinburgh, Seattle, Chicago, Amsterdam, Lisbon"
)


async def create_city_list(bot: DiscordHarness, bot_world: BotWorld, name: str = "Our cities") -> dict[str, Any]:
    created = await bot.slash(
        "list", "create", options={"name": name, "kind": "city", "keywords": CITIES}, user=bot_world.team.owner
    )
    assert "Created the private X List" in content(created), content(created)
    return created.followups[-1]


async def test_list_create_limits_and_show(bot_world: BotWorld) -> None:
    team, sandbox = bot_world.team, bot_world.sandbox
    async with bot_world.running_bot() as bot:
        too_long = await bot.slash(
            "list", "create", options={"name": "x" * 26, "kind": "niche", "keywords": "a"}, user=team.owner
        )
        assert "at most 25 characters" in content(too_long)
        refused = await bot.slash(
            "list", "create", options={"name": "Ok", "kind": "niche", "keywords": "a"}, user=team.stranger
        )
        assert "Only members with Manage Server" in content(refused)
        assert sandbox.requests_to("POST /2/lists") == []
        await create_city_list(bot, bot_world)
        shown = await bot.slash("list", "show", user=team.stranger)
        assert "**Our cities** (city) · 0 members" in content(shown)
        choices = await bot.autocomplete("list", "members", focused="list", options={"list": "our"})
        assert [choice["value"] for choice in choices] == ["Our cities"]
        (on_x,) = sandbox.world.lists.values()
        assert on_x.private and on_x.name == "Our cities"


async def test_clipboard_reaction_adds_the_entry_to_its_suggested_list_once(bot_world: BotWorld) -> None:
    team, fake, sandbox = bot_world.team, bot_world.fake, bot_world.sandbox
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await create_city_list(bot, bot_world)
        await digest_now(bot, team.owner)
        fitting = [
            message
            for message in entry_messages(bot_world)
            if any(field["name"] == "Suggested List" for field in message["embeds"][0]["fields"])
        ]
        assert fitting, "entries from the List's cities say which List they fit"
        target = fitting[0]
        await bot.react(int(target["id"]), "📋", user=team.approver)
        await bot.react(int(target["id"]), "📋", user=team.owner)
        await bot.settle()
        (on_x,) = sandbox.world.lists.values()
        account_id = target["embeds"][0]["url"].rsplit("/", 1)[1]
        handles = {sandbox.world.users[uid].username for uid in on_x.member_ids}
        assert handles == {account_id}
        assert len(sandbox.requests_to("POST /2/lists/:id/members")) == 1
        decision = next(
            field["value"]
            for field in fake.edits_of(int(target["id"]))[-1]["embeds"][0]["fields"]
            if field["name"] == "Decision"
        )
        assert decision.startswith("📋 Added to Our cities — approved by")


def talking_community(bot_world: BotWorld) -> tuple[str, list[str]]:
    """A List on X of 40 people who follow each other, so they talk to each other: (List id, members)."""
    world = bot_world.sandbox.world
    community = [uid for uid in world.following[world.seed_ids[0]] if not world.users[uid].suspended][:40]
    for member in community:
        for other in community[:15]:
            if other != member:
                world.follow(member, other)
    list_id = "1800000000000000001"
    world.lists[list_id] = SandboxList(id=list_id, owner_id=world.me_id, name="Community", member_ids=community)
    # An event members talk about: a conversation a template answers ("Sounds worthwhile. Is there a way to follow
    # along …?"), so the message suggests a reply whichever generated conversations rank beside it. A question or
    # a view is shown without one.
    posted_at = datetime.fromtimestamp(bot_world.clock.now - 3600, UTC)
    # X's ids are snowflakes: the time in their high bits, so the poll reads the posts as an hour old.
    event_id = str(datetime_to_snowflake(posted_at))
    world.add_post(
        SandboxPost(
            id=event_id,
            author_id=community[0],
            text="Join us Thursday for a community garden workshop, 6pm at the library. All welcome!",
            created_at=posted_at,
            conversation_id=event_id,
            reply_count=3,
            like_count=30,
        )
    )
    for number, member in enumerate(community[1:4], 1):
        world.add_post(
            SandboxPost(
                id=str(datetime_to_snowflake(posted_at + timedelta(minutes=10 * number))),
                author_id=member,
                text="count me in, see you there",
                created_at=posted_at + timedelta(minutes=10 * number),
                conversation_id=event_id,
                in_reply_to_user_id=community[0],
                referenced=[("replied_to", event_id)],
            )
        )
    return list_id, community


async def test_watched_list_posts_conversations_once_and_stays_quiet(bot_world: BotWorld) -> None:
    team, fake, sandbox = bot_world.team, bot_world.fake, bot_world.sandbox
    world = sandbox.world
    list_id, community = talking_community(bot_world)
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        imported = await bot.slash("list", "import", user=team.owner)
        assert "Imported 1 List" in content(imported)
        listed = await bot.slash("list", "show", user=team.owner)
        assert f"**Community** (niche) · {len(community)} members" in content(listed)
        watched = await bot.slash(
            "list", "watch", options={"list": "Community", "channel": team.channel_id}, user=team.owner
        )
        assert "Watching **Community**" in content(watched)
        async with circlebot(bot).db.session() as session:
            row = (await session.exec(XList.__table__.select())).first()  # type: ignore[attr-defined]
        list_row_id = int(row.id)
        await bot.settle()  # watching starts with a poll at once (the scheduler runs it)

        def conversation_posts() -> list[dict[str, Any]]:
            return [
                message
                for message in fake.messages_in(team.channel_id)
                if message["embeds"] and message["embeds"][0]["title"].startswith("Conversations to join")
            ]

        (posted,) = conversation_posts()
        async with circlebot(bot).db.session() as session:
            shown = (await session.exec(ShownConversation.__table__.select())).all()  # type: ignore[attr-defined]
        assert shown and all(row.message_id == int(posted["id"]) for row in shown)
        assert len(posted["embeds"][0]["fields"]) >= 2, "conversations and a suggested reply"
        (button,) = [button for row in posted["components"] for button in row["components"]]
        assert button["label"] == "Reply on X" and button["style"] == 5
        assert button["url"].startswith("https://x.com/intent/post?text=") and "&in_reply_to=" in button["url"]

        await jobs.monitor_job(list_row_id)  # nothing new since: quiet
        await jobs.monitor_job(list_row_id)
        assert len(conversation_posts()) == 1, "never the same conversation twice, and no empty messages"

        world.lists.pop(list_id)  # deleted on X while watched
        bot_world.clock.now += 7200
        await jobs.monitor_job(list_row_id)
        notice = fake.messages_in(team.channel_id)[-1]
        assert "can no longer be read" in notice["content"]
        assert circlebot(bot).scheduler.get_job(f"monitor:{list_row_id}") is None, "no crash loop: polling stopped"
        await jobs.monitor_job(list_row_id)
        assert fake.messages_in(team.channel_id)[-1]["id"] == notice["id"], "told once"
        shown_list = await bot.slash("list", "show", user=team.owner)
        assert "⚠" in content(shown_list)


class Died(Exception):
    """The process stopped here."""


def conversation_posts(bot_world: BotWorld) -> list[dict[str, Any]]:
    return [
        message
        for message in bot_world.fake.messages_in(bot_world.team.channel_id)
        if message["embeds"] and message["embeds"][0]["title"].startswith("Conversations to join")
    ]


@on_both_databases
@pytest.mark.parametrize("dies", ["after Discord created the message", "before sending"])
async def test_restart_mid_post_shows_each_conversation_once(
    bot_world: BotWorld, monkeypatch: pytest.MonkeyPatch, dies: str
) -> None:
    """Issue 9: conversations are claimed before sending, like digest entries. The bot dies between the claim and
    the record (the message sent, or not yet); after the restart the conversations are shown exactly once and
    every claim points at the message that shows it."""
    import bot.publish

    team = bot_world.team
    talking_community(bot_world)
    if dies == "before sending":
        original = bot.publish.send_once

        async def die(*args: Any, **kwargs: Any) -> int:
            if kwargs["key"].startswith("list-conversations:"):
                raise Died
            return await original(*args, **kwargs)

        monkeypatch.setattr(bot.publish, "send_once", die)
    else:

        async def die_recording(*args: Any, **kwargs: Any) -> None:
            raise Died

        monkeypatch.setattr(bot.publish, "set_shown_message", die_recording)
    async with bot_world.running_bot() as harness:
        await set_up_team(harness, bot_world)
        await harness.slash("list", "import", user=team.owner)
        watched = await harness.slash(
            "list", "watch", options={"list": "Community", "channel": team.channel_id}, user=team.owner
        )
        assert "Watching **Community**" in content(watched)
        await harness.settle()  # the first poll claims conversations, then the bot dies
        async with circlebot(harness).db.session() as session:
            list_row_id = (await session.exec(select(XList.id))).one()
            claimed = (await session.exec(select(ShownConversation))).all()
        assert list_row_id is not None
        assert claimed and all(row.message_id is None for row in claimed), "claimed, never recorded"
    monkeypatch.undo()
    sent_before = len(conversation_posts(bot_world))
    assert sent_before == (1 if dies == "after Discord created the message" else 0)

    async with bot_world.running_bot() as restarted:
        await restarted.settle()
        await jobs.monitor_job(list_row_id)  # the next poll: nothing new on X, the interrupted post is resolved
        await jobs.monitor_job(list_row_id)
        await restarted.settle()
    (posted,) = conversation_posts(bot_world)
    async with Database(bot_world.database_url) as db, db.session() as session:
        shown = (await session.exec(select(ShownConversation))).all()
    assert shown, "the conversations are shown"
    assert all(row.message_id == int(posted["id"]) for row in shown), "nothing marked shown that was not shown"
    urls = {line for field in posted["embeds"][0]["fields"] for line in field["value"].split("\n")}
    assert len(list(shown)) == len([url for url in urls if url.startswith("https://x.com/")])


async def test_list_members_counts_one_member_in_the_singular(bot_world: BotWorld) -> None:
    team, world = bot_world.team, bot_world.sandbox.world
    member_id = next(uid for uid in world.following[world.seed_ids[0]] if not world.users[uid].suspended)
    handle = world.users[member_id].username
    list_id = "1800000000000000002"
    world.lists[list_id] = SandboxList(id=list_id, owner_id=world.me_id, name="Solo_List", member_ids=[member_id])
    async with bot_world.running_bot() as bot:
        imported = await bot.slash("list", "import", user=team.owner)
        assert "Imported 1 List:" in content(imported), content(imported)
        shown = await bot.slash("list", "show", user=team.owner)
        assert "(niche) · 1 member · " in content(shown), content(shown)
        members = await bot.slash("list", "members", options={"list": "Solo_List"}, user=team.stranger)
        escaped = handle.replace("_", "\\_")
        assert content(members) == f"**Solo\\_List**: 1 member\n@{escaped}", "bold kept, names escaped"


async def watched_state(bot: DiscordHarness, name: str) -> tuple[int | None, int | None, float]:
    async with circlebot(bot).db.session() as session:
        row = (await session.exec(select(XList).where(XList.name == name))).one()
    return row.watch_channel_id, row.watch_thread_id, row.watch_every_hours


async def test_watch_in_a_thread_answers_first_even_when_thread_creation_is_rate_limited(
    bot_world: BotWorld,
) -> None:
    team, fake = bot_world.team, bot_world.fake
    async with bot_world.running_bot() as bot:
        await create_city_list(bot, bot_world)
        fake.fail_next("POST", "/channels/{cid}/threads", status=429, code=0, message="rate limited", retry_after=3.2)
        watched = await bot.slash(
            "list", "watch", options={"list": "Our cities", "channel": team.channel_id, "thread": True}, user=team.owner
        )
        assert watched.response is not None and watched.response.type == 5, "deferred before the thread"
        assert "(in a thread)" in content(watched)
        channel_id, thread_id, _ = await watched_state(bot, "Our cities")
        assert channel_id == team.channel_id and thread_id is not None


async def test_watch_without_thread_permission_is_refused_and_saves_nothing(bot_world: BotWorld) -> None:
    team, fake = bot_world.team, bot_world.fake
    async with bot_world.running_bot() as bot:
        await create_city_list(bot, bot_world)
        fake.fail_next("POST", "/channels/{cid}/threads", status=403, code=50013, message="Missing Permissions")
        refused = await bot.slash(
            "list", "watch", options={"list": "Our cities", "channel": team.channel_id, "thread": True}, user=team.owner
        )
        assert "Create Public Threads" in content(refused) and "Nothing was changed" in content(refused)
        assert refused.errors == []
        assert await watched_state(bot, "Our cities") == (None, None, 2.0)


@pytest.mark.parametrize("every_hours", [-1, 0, 100])
async def test_watch_checks_every_hours_when_the_command_runs(bot_world: BotWorld, every_hours: float) -> None:
    team = bot_world.team
    async with bot_world.running_bot() as bot:
        await create_city_list(bot, bot_world)
        refused = await bot.slash(
            "list", "watch", options={"list": "Our cities", "every_hours": every_hours}, user=team.owner
        )
        assert "Hours between reads must be between 0.5 and 48" in content(refused)
        assert await watched_state(bot, "Our cities") == (None, None, 2.0)


@pytest.mark.parametrize(("status", "code"), [(404, 10003), (403, 50013)])
async def test_a_watched_list_whose_channel_is_gone_stops_and_is_flagged(
    bot_world: BotWorld, status: int, code: int
) -> None:
    team, fake, sandbox = bot_world.team, bot_world.fake, bot_world.sandbox
    talking_community(bot_world)
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await bot.slash("list", "import", user=team.owner)
        fake.fail_next("POST", "/channels/{cid}/messages", status=status, code=code, message="gone or forbidden")
        watched = await bot.slash(
            "list", "watch", options={"list": "Community", "channel": team.channel_id}, user=team.owner
        )
        assert "Watching **Community**" in content(watched)
        await bot.settle()  # the first poll runs at once, and its post is refused
        async with circlebot(bot).db.session() as session:
            row = (await session.exec(select(XList).where(XList.name == "Community"))).one()
            shown = (await session.exec(select(ShownConversation))).all()
        assert shown == [], "nothing marked shown that was not shown"
        assert row.watch_channel_id is None and row.watch_error
        reads = len(sandbox.requests_to("GET /2/lists/:id/tweets"))
        assert reads == 1
        assert row.id is not None
        await jobs.monitor_job(row.id)
        assert len(sandbox.requests_to("GET /2/lists/:id/tweets")) == reads, "no more posts read and paid for"
        assert circlebot(bot).scheduler.get_job(f"monitor:{row.id}") is None
        assert "⚠" in content(await bot.slash("list", "show", user=team.owner))
        status_text = content(await bot.slash("settings", "status", user=team.owner))
        assert "List Community:" in status_text


async def test_an_imported_list_gets_its_keywords_and_kind_with_list_edit(bot_world: BotWorld) -> None:
    team, sandbox = bot_world.team, bot_world.sandbox
    talking_community(bot_world)
    async with bot_world.running_bot() as bot:
        imported = await bot.slash("list", "import", user=team.owner)
        assert "/list edit" in content(imported) and "creating them again" not in content(imported)
        edited = await bot.slash(
            "list", "edit", options={"list": "Community", "keywords": "rust, cargo", "kind": "city"}, user=team.owner
        )
        assert content(edited) == "**Community** is now a city List: rust, cargo."
        for options in ({"keywords": ",,, ;"}, {"kind": "planet"}, {}):
            refused = await bot.slash("list", "edit", options={"list": "Community", **options}, user=team.owner)
            assert refused.errors == [] and "is now" not in content(refused), options
        stranger = await bot.slash("list", "edit", options={"list": "Community", "kind": "niche"}, user=team.stranger)
        assert "Only members with Manage Server" in content(stranger)
        async with circlebot(bot).db.session() as session:
            row = (await session.exec(select(XList).where(XList.name == "Community"))).one()
        assert (row.kind, row.keywords) == ("city", ["rust", "cargo"])
    assert sandbox.requests_to("POST /2/lists") == [], "nothing changes on X"


async def test_a_list_x_made_but_the_database_refused_is_shown_and_adopted(bot_world: BotWorld) -> None:
    """Issue 10's example through Discord: X made (and billed) the List, the database refused the row; the user
    was told "Something went wrong", `/list show` said "No Lists yet", and three tries made three Lists."""
    from tests.lists.test_service import refuse_inserts_into

    team, sandbox = bot_world.team, bot_world.sandbox
    async with bot_world.running_bot() as bot:
        lift = refuse_inserts_into(circlebot(bot).db, "x_list")
        options = {"name": "Rust", "kind": "city", "keywords": "Berlin, Munich"}
        first = await bot.slash("list", "create", options=options, user=team.owner)
        assert "was created on X, but I could not save it here" in content(first)
        assert [error.getMessage()[:25] for error in first.errors] == ["List 'Rust' was created o"], "logged once"
        again = await bot.slash("list", "create", options=options, user=team.owner)
        assert "may already exist on X" in content(again)
        assert len(sandbox.requests_to("POST /2/lists")) == 1, "one List on X, not one a try"
        shown = content(await bot.slash("list", "show", user=team.stranger))
        assert "**Rust** exists on X but is not tracked here" in shown and "`/list import` adopts it" in shown
        lift()
        await bot.slash("list", "import", user=team.owner)
        shown = content(await bot.slash("list", "show", user=team.stranger))
        assert shown.startswith("**Rust** (city)") and "Berlin, Munich" in shown and "not tracked" not in shown
