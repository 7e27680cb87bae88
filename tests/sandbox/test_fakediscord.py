"""The fake Discord harness, proven on a throwaway bot: real discord.py, a local REST fake, real gateway payloads."""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

import discord
import discord.http
import pytest
from discord import app_commands
from discord.ext import commands
from pytest_socket import SocketConnectBlockedError

from bot.sandbox.fakediscord import DiscordHarness, FakeDiscord, payloads
from tests.conftest import assert_within_discords_spec, discord_spec

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

REAL_BASE = "https://discord.com/api/v10"


class DemoBot(commands.Bot):
    """A minimal bot: one cog, loaded in ``setup_hook`` like Circlebot's extensions."""

    def __init__(self, intents: discord.Intents | None = None) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=intents or discord.Intents.default())
        self.setup_hook_ran = False
        self.reaction_events: list[discord.RawReactionActionEvent] = []
        self.errors: list[discord.HTTPException] = []

    async def setup_hook(self) -> None:
        await self.add_cog(DemoCog(self))
        self.setup_hook_ran = True


class DemoCog(commands.Cog):
    demo = app_commands.Group(name="demo", description="Demo commands.")

    def __init__(self, bot: DemoBot) -> None:
        self.bot = bot

    @demo.command(name="ping", description="Think, then answer.")
    async def ping(self, interaction: discord.Interaction[DemoBot]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.followup.send("pong", ephemeral=True)

    @demo.command(name="say", description="Post a message with an embed.")
    @app_commands.describe(text="What to post")
    async def say(self, interaction: discord.Interaction[DemoBot], text: str) -> None:
        await interaction.response.defer(ephemeral=True)
        assert isinstance(interaction.channel, discord.TextChannel)
        try:
            message = await interaction.channel.send(embed=discord.Embed(title="Said", description=text))
            await message.add_reaction("✅")
        except discord.Forbidden as error:
            self.bot.errors.append(error)
            await interaction.followup.send("I may not post here.", ephemeral=True)
            return
        await interaction.followup.send(f"Posted {message.id}", ephemeral=True)

    @demo.command(name="whois", description="Describe a member.")
    @app_commands.describe(member="Who")
    async def whois(self, interaction: discord.Interaction[DemoBot], member: discord.Member) -> None:
        await interaction.response.send_message(f"{member.name} {interaction.permissions.manage_guild}")

    @demo.command(name="pick", description="Pick a fruit.")
    @app_commands.describe(fruit="A fruit")
    async def pick(self, interaction: discord.Interaction[DemoBot], fruit: str) -> None:
        await interaction.response.send_message(fruit, ephemeral=True)

    @pick.autocomplete("fruit")
    async def pick_fruit(
        self, interaction: discord.Interaction[DemoBot], current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=f, value=f) for f in ("apple", "apricot", "banana") if f.startswith(current)]

    @commands.Cog.listener()
    async def on_raw_reaction_remove(self, payload: discord.RawReactionActionEvent) -> None:
        self.bot.reaction_events.append(payload)

    @commands.Cog.listener()
    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        self.bot.reaction_events.append(payload)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(spec=discord_spec()) as server:
        yield server
    assert_within_discords_spec(server)


@pytest.fixture
async def harness(fake: FakeDiscord) -> AsyncIterator[DiscordHarness]:
    async with DiscordHarness(fake, DemoBot()) as running:
        yield running
        if not running.expect_errors:
            assert [r.getMessage() for r in running.logged_errors] == []


def bot_of(harness: DiscordHarness) -> DemoBot:
    assert isinstance(harness.client, DemoBot)
    return harness.client


async def test_harness_login_runs_setup_hook_and_ready(harness: DiscordHarness, fake: FakeDiscord) -> None:
    bot = bot_of(harness)
    assert bot.setup_hook_ran
    assert bot.is_ready()
    assert bot.user is not None and bot.user.id == int(fake.bot_user["id"])
    assert bot.application_id == fake.application_id
    guild = bot.get_guild(int(harness.guild["id"]))
    assert guild is not None and guild.me is not None
    assert guild.default_role.id == guild.id
    assert [c.name for c in guild.text_channels] == ["general"]
    assert [r.path for r in fake.requests[:2]] == ["/users/@me", "/oauth2/applications/@me"]
    assert fake.requests[0].headers["Authorization"] == "Bot fake-bot-token"
    assert fake.base_url == discord.http.Route.BASE


async def test_harness_slash_defer_then_followup(harness: DiscordHarness, fake: FakeDiscord) -> None:
    result = await harness.slash("demo", "ping")

    assert result.response is not None
    assert result.response.type == 5
    assert result.response.ephemeral
    assert result.ack_ms is not None and 0 < result.ack_ms < 3000
    assert [m["content"] for m in result.followups] == ["pong"]
    # The first followup after a thinking defer replaces the loading message, as on Discord.
    assert result.original is not None and result.original["id"] == result.followups[0]["id"]
    assert result.original["flags"] == 64
    assert fake.messages_in(int(harness.channel["id"])) == []  # ephemeral: not in the channel


async def test_harness_slash_posts_embed_and_reacts(harness: DiscordHarness, fake: FakeDiscord) -> None:
    bot = bot_of(harness)
    result = await harness.slash("demo", "say", options={"text": "hello circle"})

    posted = fake.last_message(int(harness.channel["id"]))
    assert posted is not None
    assert posted["author"]["id"] == fake.bot_user["id"]
    [embed] = posted["embeds"]
    assert (embed["type"], embed["title"], embed["description"]) == ("rich", "Said", "hello circle")
    assert fake.reactions_on(int(posted["id"])) == {("✅", int(fake.bot_user["id"]))}
    assert result.followups[0]["content"] == f"Posted {posted['id']}"
    # Discord echoes the bot's own reaction over the gateway; handlers must ignore it.
    assert [(e.user_id, str(e.emoji)) for e in bot.reaction_events] == [(int(fake.bot_user["id"]), "✅")]


async def test_harness_user_reaction_reaches_raw_listener(harness: DiscordHarness, fake: FakeDiscord) -> None:
    bot = bot_of(harness)
    await harness.slash("demo", "say", options={"text": "vote"})
    posted = fake.last_message(int(harness.channel["id"]))
    assert posted is not None
    bot.reaction_events.clear()

    await harness.react(int(posted["id"]), "✅", user=harness.member)

    [event] = bot.reaction_events
    assert event.user_id == int(harness.member["user"]["id"])
    assert event.message_id == int(posted["id"])
    assert event.channel_id == int(harness.channel["id"])
    assert event.guild_id == int(harness.guild["id"])
    assert str(event.emoji) == "✅"
    assert event.member is not None and event.member.name == "alice"
    assert ("✅", event.user_id) in fake.reactions_on(int(posted["id"]))


async def test_harness_reaction_on_message_the_client_never_saw(harness: DiscordHarness) -> None:
    bot = bot_of(harness)
    old_message_id = payloads.snowflake()  # sent before a restart: neither cached nor known to the fake

    await harness.react(old_message_id, "👍", channel_id=int(harness.channel["id"]))

    [event] = bot.reaction_events
    assert event.message_id == old_message_id
    assert str(event.emoji) == "👍"
    assert bot._connection._get_message(old_message_id) is None


async def test_harness_forbidden_surfaces_in_the_bot(harness: DiscordHarness, fake: FakeDiscord) -> None:
    bot = bot_of(harness)
    fake.fail_next("POST", "/channels/{channel_id}/messages", 403, 50013, "Missing Permissions")

    result = await harness.slash("demo", "say", options={"text": "nope"})

    [error] = bot.errors
    assert isinstance(error, discord.Forbidden)
    assert (error.status, error.code, error.text) == (403, 50013, "Missing Permissions")
    assert result.followups[0]["content"] == "I may not post here."
    assert fake.messages_in(int(harness.channel["id"])) == []


async def test_harness_rate_limit_is_retried(harness: DiscordHarness, fake: FakeDiscord) -> None:
    fake.fail_next("POST", "/channels/*/messages", status=429, retry_after=0.01)

    await harness.slash("demo", "say", options={"text": "eventually"})

    assert len(fake.requests_to("POST", "/channels/{channel_id}/messages")) == 2
    assert len(fake.messages_in(int(harness.channel["id"]))) == 1


async def test_harness_sync_records_commands_and_slash_uses_their_ids(
    harness: DiscordHarness, fake: FakeDiscord
) -> None:
    bot = bot_of(harness)
    guild = discord.Object(int(harness.guild["id"]))
    bot.tree.copy_global_to(guild=guild)

    synced = await bot.tree.sync(guild=guild)

    [(scope, sent)] = fake.command_syncs
    assert scope == guild.id
    [demo] = sent
    assert demo["name"] == "demo"
    assert sorted(o["name"] for o in demo["options"]) == ["pick", "ping", "say", "whois"]
    say = next(o for o in demo["options"] if o["name"] == "say")
    assert say["options"][0] == {**say["options"][0], "name": "text", "type": 3, "required": True}
    assert [c.id for c in synced] == [fake.command_id("demo", guild.id)]

    result = await harness.slash("demo", "ping")
    assert result.payload["data"]["id"] == str(synced[0].id)
    assert result.payload["data"]["guild_id"] == str(guild.id)


async def test_harness_member_option_is_resolved(harness: DiscordHarness) -> None:
    result = await harness.slash("demo", "whois", options={"member": harness.owner}, user=harness.owner)

    assert result.response is not None and result.response.type == 4
    assert result.original is not None
    assert result.original["content"] == f"{harness.owner['user']['username']} True"


async def test_harness_late_ack_is_unknown_interaction(harness: DiscordHarness, fake: FakeDiscord) -> None:
    fake.interaction_deadline = 0.0  # every callback now arrives "after 3 seconds"
    harness.expect_errors = True

    result = await harness.slash("demo", "ping")

    assert result.responses == []
    [error] = result.errors
    assert error.exc_info is not None and "10062" in str(error.exc_info[1])
    [callback] = fake.requests_to("POST", "/interactions/{interaction_id}/{token}/callback")
    assert callback.json["type"] == 5


async def test_fake_unknown_route_is_discord_404(harness: DiscordHarness, fake: FakeDiscord) -> None:
    with pytest.raises(discord.NotFound) as caught:
        await harness.client.http.request(discord.http.Route("GET", "/nowhere"))
    assert (caught.value.code, caught.value.text) == (0, "404: Not Found")
    # The spec check names it too; taken back here, since this test sends it on purpose.
    assert [str(violation) for violation in fake.spec_violations] == [
        "request GET /nowhere: GET /nowhere is not an operation of Discord's API"
    ]
    fake.spec_violations.clear()

    with pytest.raises(discord.NotFound) as unknown_channel:
        await harness.client.http.get_channel(1)
    assert unknown_channel.value.code == 10003


async def test_harness_close_restores_route_base(fake: FakeDiscord) -> None:
    bot = DemoBot()
    async with DiscordHarness(fake, bot) as harness:
        assert fake.base_url == discord.http.Route.BASE
        assert harness.gateway.open
    assert discord.http.Route.BASE == REAL_BASE
    assert bot.is_closed()
    assert all(r.headers["Host"].startswith("127.0.0.1:") for r in fake.requests)


def test_nothing_outside_loopback_is_reachable() -> None:
    # pytest-socket (``--allow-hosts`` in pyproject) must refuse anything but loopback.
    with pytest.warns(UserWarning, match="162.159.128.233"), pytest.raises(SocketConnectBlockedError):
        socket.create_connection(("162.159.128.233", 443), timeout=1)  # a discord.com address


async def test_harness_autocomplete_returns_choices(harness: DiscordHarness) -> None:
    choices = await harness.autocomplete("demo", "pick", focused="fruit", options={"fruit": "ap"})

    assert choices == [{"name": "apple", "value": "apple"}, {"name": "apricot", "value": "apricot"}]


async def test_harness_unreact_reaches_listener(harness: DiscordHarness, fake: FakeDiscord) -> None:
    bot = bot_of(harness)
    await harness.slash("demo", "say", options={"text": "vote"})
    posted = fake.last_message(int(harness.channel["id"]))
    assert posted is not None
    await harness.react(int(posted["id"]), "✅")
    bot.reaction_events.clear()

    await harness.unreact(int(posted["id"]), "✅")

    [event] = bot.reaction_events
    assert (event.event_type, event.user_id, event.member) == (
        "REACTION_REMOVE",
        int(harness.member["user"]["id"]),
        None,
    )
    assert fake.reactions_on(int(posted["id"])) == {("✅", int(fake.bot_user["id"]))}


async def test_harness_members_intent_bot_gets_its_chunk(fake: FakeDiscord) -> None:
    bot = DemoBot(intents=discord.Intents.default() | discord.Intents(members=True))
    owner = payloads.member(fake.owner)
    people = [owner, *(payloads.member(payloads.user(username=f"member{i}")) for i in range(300))]
    big = payloads.guild_create(owner_id=fake.owner["id"], channels=[payloads.text_channel()], members=people)
    assert big["large"]
    async with DiscordHarness(fake, bot, guilds=[big]) as harness:
        guild = bot.get_guild(int(big["id"]))
        assert guild is not None and guild.chunked
        assert guild.member_count == len(guild.members) == 302
        assert [sent["op"] for sent in harness.gateway.sent] == [8]


async def test_harness_small_guild_needs_no_chunk(fake: FakeDiscord) -> None:
    bot = DemoBot(intents=discord.Intents.default() | discord.Intents(members=True))
    async with DiscordHarness(fake, bot) as harness:
        guild = bot.get_guild(int(harness.guild["id"]))
        assert guild is not None and guild.chunked
        assert harness.gateway.sent == []
        assert sorted(m.name for m in guild.members) == ["alice", "circlebot", "owner"]


async def test_fake_dm_and_threads(harness: DiscordHarness, fake: FakeDiscord) -> None:
    client = harness.client
    user = await client.fetch_user(int(harness.member["user"]["id"]))
    dm = await user.create_dm()
    await dm.send("hello in private")
    last_dm = fake.last_message(dm.id)
    assert last_dm is not None and last_dm["content"] == "hello in private"

    channel = client.get_channel(int(harness.channel["id"]))
    assert isinstance(channel, discord.TextChannel)
    thread = await channel.create_thread(name="plans", type=discord.ChannelType.public_thread)
    assert (thread.name, thread.parent_id) == ("plans", channel.id)
    root = await channel.send("root")
    from_message = await root.create_thread(name="replies")
    assert from_message.id == root.id  # a thread started from a message takes the message's id
