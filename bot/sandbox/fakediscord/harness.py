"""Run a real ``discord.Client`` / ``commands.Bot`` against :class:`FakeDiscord`, feeding it gateway events by hand.

How the login works without a websocket (discord.py 2.7):

1. ``Route.BASE`` is pointed at the fake (``FakeDiscord.patch_routes``), so every REST and webhook call goes there.
2. ``await client.login(token)`` runs unchanged: it creates the HTTP session, calls ``GET /users/@me`` and
   ``GET /oauth2/applications/@me`` (which sets ``application_id``), then runs the bot's ``setup_hook``.
3. Instead of ``client.connect()`` (which would open the gateway websocket), ``client.ws`` is set to a
   :class:`FakeGateway` stub. discord.py reaches the websocket only through ``client.ws`` /
   ``ConnectionState._get_websocket`` (which returns ``client.ws``): for presence changes, member chunking and
   voice, and in ``close()``. The stub records what would have been sent and answers member-chunk requests from
   the fake's members, so bots with the members intent start too.
4. Gateway events are fed exactly as ``DiscordWebSocket.received_message`` does it: the parser from
   ``client._connection.parsers[EVENT]`` is called with the event's ``d`` payload. READY is followed by one
   GUILD_CREATE per guild, and ``guild_ready_timeout`` is shortened so ``on_ready`` fires in milliseconds instead
   of after discord.py's 2-second wait for more guilds.

Everything discord.py schedules in response (listener tasks named ``discord.py: …``, the command tree's
``CommandTree-invoker`` task, followups) runs on the test's event loop; :meth:`DiscordHarness.settle` waits for
those tasks to finish.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

import discord
from discord import app_commands

from bot.sandbox.fakediscord import payloads

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from contextlib import AbstractContextManager
    from types import TracebackType

    from bot.sandbox.fakediscord.payloads import Payload
    from bot.sandbox.fakediscord.server import FakeDiscord, InteractionResponse

log = logging.getLogger(__name__)

# Events the fake echoes back, and the intent without which Discord would not deliver them.
_ECHO_INTENTS: dict[str, Any] = {
    "MESSAGE_CREATE": lambda i, guild: i.guild_messages if guild else i.dm_messages,
    "MESSAGE_DELETE": lambda i, guild: i.guild_messages if guild else i.dm_messages,
    "MESSAGE_REACTION_ADD": lambda i, guild: i.guild_reactions if guild else i.dm_reactions,
    "MESSAGE_REACTION_REMOVE": lambda i, guild: i.guild_reactions if guild else i.dm_reactions,
}


class FakeGateway:
    """Stands in for ``DiscordWebSocket`` where discord.py touches ``client.ws``; records what would be sent."""

    def __init__(self, harness: DiscordHarness) -> None:
        self._harness = harness
        self.sent: list[Payload] = []  # gateway payloads ({"op", "d"}) the client would have sent
        self.open = True
        self.latency = 0.0
        self.shard_id: int | None = None
        self.session_id = "fake-session"
        self.sequence = 0

    def is_ratelimited(self) -> bool:
        return False

    async def change_presence(
        self, *, activity: discord.BaseActivity | None = None, status: str | None = None, since: float = 0.0
    ) -> None:
        activities = [activity.to_dict()] if activity is not None else []  # type: ignore[union-attr]
        self.sent.append({"op": 3, "d": {"activities": activities, "afk": False, "since": since, "status": status}})

    async def request_chunks(
        self,
        guild_id: int,
        query: str | None = None,
        *,
        limit: int,
        user_ids: list[int] | None = None,
        presences: bool = False,
        nonce: str | None = None,
    ) -> None:
        """Answer REQUEST_GUILD_MEMBERS (op 8) with one GUILD_MEMBERS_CHUNK built from the fake's members."""
        self.sent.append({"op": 8, "d": {"guild_id": guild_id, "query": query, "limit": limit, "nonce": nonce}})
        fake = self._harness.fake
        members = [m for (gid, _), m in fake.members.items() if gid == guild_id]
        if user_ids:
            members = [m for m in members if int(m["user"]["id"]) in user_ids]
        if query:
            members = [m for m in members if m["user"]["username"].lower().startswith(query.lower())]
        if limit:
            members = members[:limit]
        chunk = payloads.guild_members_chunk(guild_id, members, nonce=nonce)
        # Arrives "later", like a gateway message, after the request is registered.
        asyncio.get_running_loop().call_soon(self._harness.dispatch_nowait, "GUILD_MEMBERS_CHUNK", chunk)

    async def voice_state(self, *args: Any, **kwargs: Any) -> None:
        self.sent.append({"op": 4, "d": {"args": args, **kwargs}})

    async def close(self, code: int = 1000) -> None:
        self.open = False


class _ErrorLog(logging.Handler):
    """Collects ERROR records logged while the harness runs: discord.py only *logs* exceptions raised in
    commands (``CommandTree.on_error``), listeners (``Client.on_error``) and views, so tests would miss them."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class SlashResult:
    """What a bot did with one interaction, as seen by the fake."""

    interaction_id: int
    token: str
    payload: Payload  # the INTERACTION_CREATE that was fed in
    dispatched_at: float
    responses: list[InteractionResponse]
    followups: list[Payload]
    original: Payload | None  # the original response message after all edits (None for 6/8/9 or no answer)
    requests: list[Any] = field(default_factory=list)  # every request made while the interaction was handled
    errors: list[logging.LogRecord] = field(default_factory=list)  # ERROR logs while it was handled

    @property
    def response(self) -> InteractionResponse | None:
        return self.responses[0] if self.responses else None

    @property
    def ack_ms(self) -> float | None:
        """Milliseconds from dispatching the interaction to its callback reaching the fake (Discord allows 3000)."""
        if not self.responses:
            return None
        return (self.responses[0].received_at - self.dispatched_at) * 1000


class DiscordHarness:
    """Log a client in against a :class:`FakeDiscord` and drive it with gateway payloads.

    ``guilds`` are GUILD_CREATE payloads; without any, one standard guild is built (see :meth:`standard_guild`)
    and exposed as ``guild`` / ``channel`` / ``member`` / ``owner``. The bot's own member is added to every guild
    that lacks it, with a managed bot role carrying ``bot_permissions``.
    """

    def __init__(
        self,
        fake: FakeDiscord,
        client: discord.Client,
        *,
        token: str = "fake-bot-token",
        guilds: Sequence[Payload] | None = None,
        bot_permissions: discord.Permissions = payloads.DEFAULT_BOT_PERMISSIONS,
        echo_gateway_events: bool = True,
        settle_timeout: float = 5.0,
    ) -> None:
        self.fake = fake
        self.client = client
        self.token = token
        self.bot_permissions = bot_permissions
        self.echo_gateway_events = echo_gateway_events
        self.settle_timeout = settle_timeout
        self.expect_errors = False  # for tests' own teardown checks of ``logged_errors``
        self.gateway = FakeGateway(self)
        self.dispatched: list[tuple[str, Payload]] = []
        self.guild: Payload
        self.channel: Payload
        self.owner: Payload
        self.member: Payload
        if guilds is None:
            guilds = [self.standard_guild()]
        self.guilds: list[Payload] = [self._with_bot_member(g) for g in guilds]
        self.guild = self.guilds[0]
        self.channel = self.guild["channels"][0] if self.guild["channels"] else {}
        if not hasattr(self, "owner"):
            owners = [m for m in self.guild["members"] if m["user"]["id"] == str(self.guild["owner_id"])]
            self.owner = owners[0] if owners else self.guild["members"][0]
        if not hasattr(self, "member"):
            self.member = next(
                (m for m in self.guild["members"] if not m["user"].get("bot") and m is not self.owner), self.owner
            )
        self._command_ids: dict[tuple[str, int | None], int] = {}
        self._routes: AbstractContextManager[None] | None = None
        self._baseline: set[asyncio.Task[Any]] = set()
        self._error_log = _ErrorLog()

    @property
    def logged_errors(self) -> list[logging.LogRecord]:
        """ERROR records (with tracebacks, if any) logged anywhere since the harness started."""
        return self._error_log.records

    # setting up the world

    def standard_guild(self) -> Payload:
        """A guild with a #general channel, an owner and one ordinary member (stored as ``owner``/``member``)."""
        guild_id = payloads.snowflake()
        self.owner = payloads.member(self.fake.owner)
        self.member = payloads.member(payloads.user(username="alice"))
        return payloads.guild_create(
            guild_id,
            name="Circle Test",
            owner_id=self.fake.owner["id"],
            channels=[payloads.text_channel(name="general", guild_id=guild_id)],
            members=[self.owner, self.member],
        )

    def _with_bot_member(self, guild: Payload) -> Payload:
        bot_id = int(self.fake.bot_user["id"])
        if any(int(m["user"]["id"]) == bot_id for m in guild["members"]):
            return guild
        bot_role = payloads.bot_role(bot_id, permissions=self.bot_permissions)
        bot_member = payloads.member(self.fake.bot_user, roles=[bot_role])
        members = [*guild["members"], bot_member]
        count = max(int(guild.get("member_count") or 0), len(members))
        return {**guild, "roles": [*guild["roles"], bot_role], "members": members, "member_count": count}

    def _as_gateway_sends(self, guild: Payload) -> Payload:
        """A large guild's GUILD_CREATE lists only the bot's member; the rest come by chunking (the fake has all)."""
        if not guild.get("large"):
            return guild
        bot_id = self.fake.bot_user["id"]
        return {**guild, "members": [m for m in guild["members"] if m["user"]["id"] == bot_id]}

    @staticmethod
    def _find_member(guild: Payload, user_id: int) -> Payload:
        for member in guild["members"]:
            if int(member["user"]["id"]) == user_id:
                return member
        raise LookupError(f"user {user_id} is not a member of guild {guild['id']}")

    # lifecycle

    async def __aenter__(self) -> Self:
        logging.getLogger().addHandler(self._error_log)
        self._routes = self.fake.patch_routes()
        self._routes.__enter__()
        try:
            await self.connect()
        except BaseException:
            await self.close()
            raise
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def connect(self) -> None:
        """Login over REST (runs ``setup_hook``), then READY and the GUILD_CREATEs; returns once ``on_ready`` ran."""
        for guild in self.guilds:
            self.fake.add_guild(guild)
        self.fake.gateway_listener = self._on_fake_event
        # READY waits this long after the last GUILD_CREATE before firing; all of ours are fed at once.
        self.client._connection.guild_ready_timeout = 0.01
        self._baseline = set(asyncio.all_tasks())
        await self.client.login(self.token)
        self.client.ws = self.gateway  # type: ignore[assignment]  # see the module docstring, step 3
        self.dispatch("READY", payloads.ready(self.fake.bot_user, self.fake.application_id, self.guilds))
        for guild in self.guilds:
            self.dispatch("GUILD_CREATE", self._as_gateway_sends(guild))
        await asyncio.wait_for(self.client.wait_until_ready(), timeout=self.settle_timeout)
        await self.settle()

    async def close(self) -> None:
        try:
            if not self.client.is_closed():
                await self.client.close()
        finally:
            logging.getLogger().removeHandler(self._error_log)
            self.fake.gateway_listener = None
            if self._routes is not None:
                self._routes.__exit__(None, None, None)
                self._routes = None

    # feeding events

    def dispatch_nowait(self, event: str, data: Payload) -> None:
        """Feed one gateway DISPATCH to the client, as ``DiscordWebSocket.received_message`` does."""
        if event == "INTERACTION_CREATE":
            self.fake.register_interaction(data)
        elif event == "GUILD_CREATE" and not data.get("unavailable") and int(data["id"]) not in self.fake.guilds:
            self.fake.add_guild(data)
        self.dispatched.append((event, data))
        self.gateway.sequence += 1
        self.client.dispatch("socket_event_type", event)
        self.client._connection.parsers[event](data)

    def dispatch(self, event: str, data: Payload) -> None:
        """Feed an event; the listeners and commands it triggers run when the test next awaits (see ``settle``)."""
        self.dispatch_nowait(event, data)

    def _on_fake_event(self, event: str, data: Payload) -> None:
        """The fake reports what Discord would echo over the gateway; deliver it if the bot's intents ask for it."""
        if not self.echo_gateway_events:
            return
        wanted = _ECHO_INTENTS.get(event)
        if wanted is not None and not wanted(self.client.intents, "guild_id" in data):
            return
        # Arrives after the REST answer that caused it, as over a real gateway.
        asyncio.get_running_loop().call_soon(self.dispatch_nowait, event, data)

    async def settle(self, *, within: float | None = None) -> None:
        """Wait until every task started since the harness connected has finished (listeners, commands, followups).

        Long-lived tasks are ignored: aiohttp's server tasks (the fake's side) and ``View`` timeout timers.
        Raises ``TimeoutError`` naming the tasks still pending.
        """
        deadline = time.monotonic() + (self.settle_timeout if within is None else within)
        quiet_rounds = 0
        while quiet_rounds < 3:  # a few empty rounds, so call_soon'd gateway echoes get their turn
            await asyncio.sleep(0)
            pending = self._pending_tasks()
            if not pending:
                quiet_rounds += 1
                continue
            quiet_rounds = 0
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                names = ", ".join(sorted(t.get_name() for t in pending))
                raise TimeoutError(f"tasks still running after settle timeout: {names}")
            await asyncio.wait(pending, timeout=remaining)

    def _pending_tasks(self) -> set[asyncio.Task[Any]]:
        current = asyncio.current_task()
        return {t for t in asyncio.all_tasks() - self._baseline if t is not current and not t.done() and _tracked(t)}

    # interactions

    def _command_id(self, name: str, guild_id: int | None) -> int:
        synced = self.fake.command_id(name, guild_id)
        if synced is not None:
            return synced
        # Never synced: invent a stable id per command and scope, as Discord would have assigned one.
        return self._command_ids.setdefault((name, guild_id), payloads.snowflake())

    def _resolve_member(self, user: Payload | int | None, guild_id: int) -> Payload:
        if user is None:
            return self.member if guild_id == int(self.guild["id"]) else self._first_human(guild_id)
        if isinstance(user, int):
            return self._find_member(self.fake.guilds[guild_id], user)
        return user if "user" in user else self._find_member(self.fake.guilds[guild_id], int(user["id"]))

    def _first_human(self, guild_id: int) -> Payload:
        return next(m for m in self.fake.guilds[guild_id]["members"] if not m["user"].get("bot"))

    def _find_app_command(
        self, name: str, guild_id: int, path: Sequence[str]
    ) -> tuple[app_commands.Command[Any, ..., Any] | None, bool]:
        """The tree's command for ``name`` + subcommand path, and whether it is registered for the guild."""
        tree = getattr(self.client, "tree", None)
        if tree is None:
            return None, False
        node = tree.get_command(name, guild=discord.Object(guild_id))
        guild_scoped = node is not None
        if node is None:
            node = tree.get_command(name)
        for part in path:
            if not isinstance(node, app_commands.Group):
                return None, guild_scoped
            node = node.get_command(part)
        return (node if isinstance(node, app_commands.Command) else None), guild_scoped

    def _typed_options(
        self, values: Mapping[str, Any], command: app_commands.Command[Any, ..., Any] | None, guild_id: int
    ) -> tuple[list[Payload], Payload]:
        """Options with their Discord types (from the command's parameters) and the ``resolved`` data they need."""
        types = {p.display_name: p.type for p in command.parameters} if command is not None else {}
        options: list[Payload] = []
        resolved: dict[str, dict[str, Payload]] = {}
        for name, value in values.items():
            kind = types.get(name)
            if kind in (discord.AppCommandOptionType.user, discord.AppCommandOptionType.mentionable):
                member = self._resolve_member(value if isinstance(value, (int, dict)) else int(value), guild_id)
                uid = member["user"]["id"]
                resolved.setdefault("users", {})[uid] = member["user"]
                resolved.setdefault("members", {})[uid] = {
                    **{k: v for k, v in member.items() if k != "user"},
                    "permissions": str(self.fake.member_permissions(guild_id, int(uid)).value),
                }
                options.append(payloads.option(name, uid, kind.value))
            elif kind == discord.AppCommandOptionType.channel:
                channel = self.fake.channels[int(value["id"] if isinstance(value, dict) else value)]
                resolved.setdefault("channels", {})[channel["id"]] = payloads.interaction_channel(
                    channel, discord.Permissions.all()
                )
                options.append(payloads.option(name, channel["id"], kind.value))
            elif kind == discord.AppCommandOptionType.role:
                role_id = str(value["id"] if isinstance(value, dict) else value)
                role = next(r for r in self.fake.guilds[guild_id]["roles"] if r["id"] == role_id)
                resolved.setdefault("roles", {})[role_id] = role
                options.append(payloads.option(name, role_id, kind.value))
            else:
                options.append(payloads.option(name, value, kind.value if kind is not None else None))
        return options, resolved

    def build_slash(
        self,
        command: str,
        subcommand: str | None = None,
        *,
        group: str | None = None,
        options: Mapping[str, Any] | None = None,
        user: Payload | int | None = None,
        guild: Payload | int | None = None,
        channel: Payload | int | None = None,
        autocomplete: str | None = None,
    ) -> Payload:
        """The INTERACTION_CREATE payload :meth:`slash` would dispatch (for tests that want to tweak it)."""
        guild_id = (
            int(guild["id"] if isinstance(guild, dict) else guild) if guild is not None else int(self.guild["id"])
        )
        guild_payload = self.fake.guilds[guild_id]
        if channel is None:
            channel_payload = self.channel if guild_id == int(self.guild["id"]) else guild_payload["channels"][0]
        else:
            channel_payload = self.fake.channels[int(channel["id"] if isinstance(channel, dict) else channel)]
        member = self._resolve_member(user, guild_id)
        user_id = int(member["user"]["id"])
        permissions = self.fake.member_permissions(guild_id, user_id)
        path = [p for p in (group, subcommand) if p is not None]
        app_command, guild_scoped = self._find_app_command(command, guild_id, path)
        typed, resolved = self._typed_options(options or {}, app_command, guild_id)
        if autocomplete is not None:
            typed = [{**o, "focused": True} if o["name"] == autocomplete else o for o in typed]
        channel_data = {k: v for k, v in channel_payload.items() if k != "guild_id"}
        channel_data["guild_id"] = str(guild_id)
        return payloads.slash_command_interaction(
            interaction_type=4 if autocomplete is not None else 2,
            guild_id=guild_id,
            channel=payloads.interaction_channel(channel_data, permissions),
            member={**member, "permissions": str(permissions.value)},
            command_name=command,
            command_id=self._command_id(command, guild_id if guild_scoped else None),
            command_guild_id=guild_id if guild_scoped else None,
            application_id=self.fake.application_id,
            options=typed,
            subcommand=subcommand,
            group=group,
            resolved=resolved or None,
            app_permissions=self.fake.member_permissions(guild_id, int(self.fake.bot_user["id"])),
            guild_locale=guild_payload.get("preferred_locale", "en-US"),
        )

    async def slash(
        self,
        command: str,
        subcommand: str | None = None,
        *,
        group: str | None = None,
        options: Mapping[str, Any] | None = None,
        user: Payload | int | None = None,
        guild: Payload | int | None = None,
        channel: Payload | int | None = None,
    ) -> SlashResult:
        """Invoke a slash command as ``user`` (a member payload or user id; default ``self.member``) and settle.

        Option types come from the command's parameters in ``client.tree`` (users, members, channels and roles
        get ``resolved`` data); the command id is the one the fake assigned at sync, else a stable invented one.
        """
        payload = self.build_slash(
            command, subcommand, group=group, options=options, user=user, guild=guild, channel=channel
        )
        return await self.interact(payload)

    async def autocomplete(
        self,
        command: str,
        subcommand: str | None = None,
        *,
        focused: str,
        options: Mapping[str, Any],
        group: str | None = None,
        user: Payload | int | None = None,
    ) -> list[Payload]:
        """Send an autocomplete interaction with ``focused`` as the option being typed; return the choices."""
        payload = self.build_slash(command, subcommand, group=group, options=options, user=user, autocomplete=focused)
        result = await self.interact(payload)
        response = result.response
        assert response is not None and response.type == 8, f"no autocomplete answer: {result.responses}"
        return list((response.data or {}).get("choices", []))

    async def interact(self, payload: Payload) -> SlashResult:
        """Dispatch any INTERACTION_CREATE payload, settle, and collect what reached the fake."""
        first_request = len(self.fake.requests)
        first_error = len(self.logged_errors)
        dispatched_at = time.perf_counter()
        self.dispatch("INTERACTION_CREATE", payload)
        await self.settle()
        context = self.fake.interactions[int(payload["id"])]
        original = self.fake.messages.get(context.original_id) if context.original_id is not None else None
        return SlashResult(
            interaction_id=context.id,
            token=context.token,
            payload=payload,
            dispatched_at=dispatched_at,
            responses=list(context.responses),
            followups=[self.fake.messages[i] for i in context.followup_ids if i in self.fake.messages],
            original=original,
            requests=self.fake.requests[first_request:],
            errors=self.logged_errors[first_error:],
        )

    # reactions

    def _reaction_target(self, message_id: int, channel_id: int | None) -> tuple[int, int | None]:
        if channel_id is None:
            message = self.fake.messages.get(int(message_id))
            if message is None:
                raise LookupError(f"message {message_id} is unknown to the fake: pass channel_id")
            channel_id = int(message["channel_id"])
        channel = self.fake.channels.get(channel_id)
        guild_id = channel.get("guild_id") if channel is not None else None
        return channel_id, int(guild_id) if guild_id is not None else None

    async def react(
        self,
        message_id: int,
        emoji: str = "✅",
        *,
        user: Payload | int | None = None,
        channel_id: int | None = None,
    ) -> Payload:
        """A user adds a reaction: record it at the fake, feed MESSAGE_REACTION_ADD, settle. Returns the payload.

        For a message the fake never saw (sent before a restart), pass ``channel_id``.
        """
        channel_id, guild_id = self._reaction_target(message_id, channel_id)
        member = self._resolve_member(user, guild_id) if guild_id is not None else None
        user_id = int(member["user"]["id"]) if member is not None else int(user if isinstance(user, int) else 0)
        message = self.fake.messages.get(int(message_id))
        payload = payloads.reaction_add(
            guild_id=guild_id,
            channel_id=channel_id,
            message_id=message_id,
            user_id=user_id,
            emoji_value=emoji,
            member=member,
            message_author_id=message["author"]["id"] if message else None,
        )
        self.fake.record_reaction(message_id, _emoji_key(emoji), user_id)
        self.dispatch("MESSAGE_REACTION_ADD", payload)
        await self.settle()
        return payload

    async def unreact(
        self,
        message_id: int,
        emoji: str = "✅",
        *,
        user: Payload | int | None = None,
        channel_id: int | None = None,
    ) -> Payload:
        """A user removes a reaction (MESSAGE_REACTION_REMOVE carries no member, as on Discord)."""
        channel_id, guild_id = self._reaction_target(message_id, channel_id)
        member = self._resolve_member(user, guild_id) if guild_id is not None else None
        user_id = int(member["user"]["id"]) if member is not None else int(user if isinstance(user, int) else 0)
        payload = payloads.reaction_remove(
            guild_id=guild_id, channel_id=channel_id, message_id=message_id, user_id=user_id, emoji_value=emoji
        )
        self.fake.record_reaction(message_id, _emoji_key(emoji), user_id, add=False)
        self.dispatch("MESSAGE_REACTION_REMOVE", payload)
        await self.settle()
        return payload


def _emoji_key(value: str) -> str:
    """How the fake keys an emoji: the unicode character, or ``name:id`` for a custom emoji (as in the REST path)."""
    partial = discord.PartialEmoji.from_str(value)
    return partial.name if partial.id is None else f"{partial.name}:{partial.id}"


def _tracked(task: asyncio.Task[Any]) -> bool:
    """Whether ``settle`` should wait for a task: not the fake server's own, not a View's timeout timer."""
    coro = task.get_coro()
    code = getattr(coro, "cr_code", None)
    if code is not None:
        if "aiohttp" in code.co_filename and "web_" in code.co_filename:
            return False
        if code.co_name.endswith("__timeout_task_impl"):
            return False
    return True
