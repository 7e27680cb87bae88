"""A local fake of Discord's REST API (aiohttp on 127.0.0.1), faithful enough for real discord.py to run against it.

Point discord.py at it with :meth:`FakeDiscord.patch_routes` (``discord.http.Route.BASE``: every REST and webhook
call in discord.py 2.7 builds its URL from that class attribute when the ``Route`` is created).

Fidelity choices, each because production code depends on it:

* **Shapes.** Answers are complete objects built by :mod:`bot.sandbox.fakediscord.payloads` (ids as strings, the keys
  Discord always sends), so discord.py builds real ``Message``/``Guild``/``AppCommand`` objects from them.
* **Errors** use Discord's JSON error shape (``{"message", "code"}``) and codes: 10003 Unknown Channel, 10008
  Unknown Message, 10062 Unknown Interaction, 40060 already acknowledged …, so discord.py raises the same
  ``NotFound``/``Forbidden``/``HTTPException`` it raises in production. :meth:`FakeDiscord.fail_next` injects them.
* **Interactions.** A callback must arrive within 3 s of the interaction (else 10062, like Discord), once (else
  40060). After a deferred "thinking" response the first followup *replaces* the loading message, as on Discord.
* **Rate limits.** Every answer carries ``X-RateLimit-*`` headers with a per-route bucket, never exhausted, so
  discord.py's limiter runs its real code path without sleeping; a 429 can be injected with ``fail_next``.
* **Gateway echo.** Discord tells the bot about its own writes over the gateway (MESSAGE_CREATE for its messages,
  MESSAGE_REACTION_ADD for its reactions). The fake reports those to ``gateway_listener`` (the harness feeds them to
  the client), because handlers that forget to ignore the bot's own reactions are a classic bug.

Not modelled: permission checks (use ``fail_next``), channel permission overwrites, the CDN, audit logs, pagination
beyond a simple ``limit``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

import discord.http
from aiohttp import web

from bot.sandbox.discord_spec import DiscordSpec, Violation, limit_problems
from bot.sandbox.fakediscord import payloads

if TYPE_CHECKING:
    from types import TracebackType

    from bot.sandbox.fakediscord.payloads import Payload

log = logging.getLogger(__name__)

EPHEMERAL = 1 << 6
LOADING = 1 << 7
INTERACTION_CALLBACK_DEADLINE = 3.0  # seconds Discord gives a bot to answer an interaction
NONCE_WINDOW_SECONDS = 300.0  # how long a nonce is remembered for enforce_nonce ("the past few minutes")
FOLLOWUP_WINDOW = 15 * 60.0  # seconds an interaction token stays valid for follow-ups and edits
RATE_LIMIT = 5


@dataclass(frozen=True)
class RecordedFile:
    """A file part of a multipart request."""

    field_name: str
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Recorded:
    """One request as the fake received it. ``path`` is relative to the API base and URL-decoded."""

    method: str
    path: str
    json: Any
    headers: dict[str, str]
    query: dict[str, str]
    files: list[RecordedFile]
    received_at: float  # time.perf_counter()


@dataclass(frozen=True)
class InteractionResponse:
    """An interaction callback (``POST /interactions/{id}/{token}/callback``)."""

    interaction_id: int
    type: int  # 4 message, 5 deferred, 6 deferred update, 7 update, 8 autocomplete, 9 modal
    data: Payload | None
    received_at: float  # time.perf_counter()

    @property
    def ephemeral(self) -> bool:
        return bool(((self.data or {}).get("flags") or 0) & EPHEMERAL)


@dataclass
class InteractionContext:
    """What the fake knows about an interaction the gateway delivered (registered by the harness)."""

    id: int
    token: str
    application_id: int
    type: int
    guild_id: int | None
    channel_id: int
    user: Payload
    registered_at: float
    message_id: int | None = None  # the component's message, for types 6/7
    responses: list[InteractionResponse] = field(default_factory=list)
    original_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)


@dataclass
class Failure:
    """A scripted failure for the next matching request(s)."""

    method: str
    pattern: re.Pattern[str]
    status: int
    code: int
    message: str
    times: int
    retry_after: float


class DiscordError(Exception):
    """Raised inside handlers; becomes Discord's JSON error answer."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def _not_found(what: str, code: int) -> DiscordError:
    return DiscordError(404, code, f"Unknown {what}")


def _template_regex(template: str) -> re.Pattern[str]:
    """``/channels/{channel_id}/messages`` → a full-match regex; ``*`` matches anything (for ``fail_next``)."""
    parts = re.split(r"(\{[a-z_]+\}|\*)", template)
    regex = ""
    for part in parts:
        if part == "*":
            regex += ".*"
        elif part.startswith("{") and part.endswith("}"):
            regex += f"(?P<{part[1:-1]}>[^/]+)"
        else:
            regex += re.escape(part)
    return re.compile(regex + r"/?")


def _truthy(value: str | None) -> bool:
    """A boolean query parameter: discord.py sends ``wait=1``, other clients ``wait=true``."""
    return (value or "").lower() in ("1", "true")


def _json_response(body: Any, status: int, headers: dict[str, str]) -> web.Response:
    # Exactly "application/json", as Discord sends it: discord.py's json_or_text compares the header verbatim, so
    # aiohttp's default "application/json; charset=utf-8" would hand the bot a str instead of parsed JSON.
    return web.Response(
        body=json.dumps(body).encode(), status=status, headers={**headers, "Content-Type": "application/json"}
    )


Handler = Callable[[Recorded, dict[str, str]], Awaitable[tuple[int, Any]]]


class FakeDiscord:
    """The fake Discord REST API. Use as ``async with FakeDiscord() as fake:``; see the module docstring."""

    def __init__(
        self,
        *,
        bot_user: Payload | None = None,
        application_id: int | None = None,
        owner: Payload | None = None,
        expected_token: str | None = None,
        interaction_deadline: float = INTERACTION_CALLBACK_DEADLINE,
        nonce_window: float = NONCE_WINDOW_SECONDS,
        followup_window: float = FOLLOWUP_WINDOW,
        spec: DiscordSpec | None = None,
    ) -> None:
        self.bot_user: Payload = bot_user or payloads.user(username="circlebot", bot=True)
        # For bots created since 2016 the application id equals the bot user's id.
        self.application_id: int = application_id or int(self.bot_user["id"])
        self.owner: Payload = owner or payloads.user(username="owner")
        self.expected_token = expected_token
        self.interaction_deadline = interaction_deadline
        self.followup_window = followup_window
        # Discord's OpenAPI spec: every request, and every answer of the fake, is checked against it when given.
        self.spec = spec
        self.spec_violations: list[Violation] = []
        self.refused_over_limit: list[Violation] = []  # requests Discord's limits refused (400 50035, 413 40005)
        # Discord's upload limit per file: 10 MiB in a server without boosts, what interactions name as their
        # `attachment_size_limit` (payloads.py); a file over it is refused with 413 / 40005.
        self.attachment_size_limit: int = payloads.ATTACHMENT_SIZE_LIMIT

        self.requests: list[Recorded] = []
        self.users: dict[int, Payload] = {int(self.bot_user["id"]): self.bot_user, int(self.owner["id"]): self.owner}
        self.guilds: dict[int, Payload] = {}
        self.channels: dict[int, Payload] = {}
        self.members: dict[tuple[int, int], Payload] = {}
        self.messages: dict[int, Payload] = {}
        self.edits: dict[int, list[Payload]] = {}
        self.deleted_messages: list[int] = []
        self.reactions: dict[int, set[tuple[str, int]]] = {}
        self.interactions: dict[int, InteractionContext] = {}
        self.interaction_responses: dict[int, list[InteractionResponse]] = {}
        self.commands: dict[int | None, list[Payload]] = {}  # guild id (None = global) → synced commands
        self.command_syncs: list[tuple[int | None, list[Payload]]] = []  # every PUT, as sent
        self.gateway_listener: Callable[[str, Payload], None] | None = None
        # enforce_nonce: (author id, nonce) -> (message id, time.monotonic() when it was created)
        self.nonce_window = nonce_window
        self.nonces: dict[tuple[int, str], tuple[int, float]] = {}

        self._failures: list[Failure] = []
        self._dm_channels: dict[int, int] = {}
        self._routes: list[tuple[str, str, re.Pattern[str], Handler]] = []
        self._register_routes()
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    # lifecycle

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """Where ``Route.BASE`` must point; the API version follows discord.py's ``INTERNAL_API_VERSION``."""
        assert self.port is not None, "FakeDiscord is not started"
        return f"http://127.0.0.1:{self.port}/api/v{discord.http.INTERNAL_API_VERSION}"

    @contextlib.contextmanager
    def patch_routes(self) -> Iterator[None]:
        """Point discord.py's REST and webhook calls at this fake, and restore the real base afterwards.

        Routes built before entering keep their old URL (``Route.__init__`` bakes ``BASE`` into ``url``).
        """
        previous = discord.http.Route.BASE
        discord.http.Route.BASE = self.base_url
        try:
            yield
        finally:
            discord.http.Route.BASE = previous

    # world set-up (the harness calls these so the fake and the client agree)

    def add_user(self, user: Payload) -> None:
        self.users[int(user["id"])] = user

    def add_guild(self, guild: Payload) -> None:
        """Learn a guild from its GUILD_CREATE payload: channels, roles, members and threads."""
        gid = int(guild["id"])
        self.guilds[gid] = guild
        for channel in [*guild.get("channels", []), *guild.get("threads", [])]:
            self.channels[int(channel["id"])] = {**channel, "guild_id": str(gid)}
        for member in guild.get("members", []):
            self.add_member(gid, member)

    def add_member(self, guild_id: int, member: Payload) -> None:
        user = member["user"]
        self.add_user(user)
        self.members[(guild_id, int(user["id"]))] = {k: v for k, v in member.items() if k != "permissions"}

    def add_message(self, message: Payload) -> None:
        """Seed a message that exists on Discord (e.g. sent before the bot restarted)."""
        self.messages[int(message["id"])] = message

    def register_interaction(self, data: Payload) -> InteractionContext:
        """Remember an INTERACTION_CREATE so callbacks and followups for it are accepted."""
        user = data["member"]["user"] if "member" in data else data["user"]
        message = data.get("message")
        context = InteractionContext(
            id=int(data["id"]),
            token=data["token"],
            application_id=int(data["application_id"]),
            type=int(data["type"]),
            guild_id=int(data["guild_id"]) if "guild_id" in data else None,
            channel_id=int(data["channel_id"]),
            user=user,
            registered_at=time.perf_counter(),
            message_id=int(message["id"]) if message else None,
        )
        self.interactions[context.id] = context
        return context

    def fail_next(
        self,
        method: str,
        path_pattern: str,
        status: int = 403,
        code: int = 50013,
        message: str = "Missing Permissions",
        *,
        times: int = 1,
        retry_after: float = 0.05,
    ) -> None:
        """Answer the next ``times`` requests matching ``method`` and ``path_pattern`` with an error.

        ``path_pattern`` is a path relative to the API base with ``{placeholders}`` or ``*`` wildcards, e.g.
        ``/channels/{channel_id}/messages``. Common pairs: 403/50013 Missing Permissions, 404/10003 Unknown
        Channel, 404/10008 Unknown Message, 429 (a real rate-limit answer; discord.py sleeps ``retry_after`` and
        retries). The failed request does nothing.
        """
        failure = Failure(method.upper(), _template_regex(path_pattern), status, code, message, times, retry_after)
        self._failures.append(failure)

    # convenience queries

    def requests_to(self, method: str, path_pattern: str) -> list[Recorded]:
        pattern = _template_regex(path_pattern)
        return [r for r in self.requests if r.method == method.upper() and pattern.fullmatch(r.path)]

    def messages_in(self, channel_id: int, *, include_ephemeral: bool = False) -> list[Payload]:
        """Messages currently in a channel (not deleted), oldest first.

        Ephemeral interaction replies are left out unless asked for: only their invoker ever sees them.
        """
        found = [
            m
            for m in self.messages.values()
            if int(m["channel_id"]) == int(channel_id) and (include_ephemeral or not m["flags"] & EPHEMERAL)
        ]
        return sorted(found, key=lambda m: int(m["id"]))

    def last_message(self, channel_id: int, *, include_ephemeral: bool = False) -> Payload | None:
        found = self.messages_in(channel_id, include_ephemeral=include_ephemeral)
        return found[-1] if found else None

    def edits_of(self, message_id: int) -> list[Payload]:
        """Each edit of a message, as the message looked after it."""
        return self.edits.get(int(message_id), [])

    def reactions_on(self, message_id: int) -> set[tuple[str, int]]:
        """(emoji, user id) pairs on a message; emoji are ``✅`` for unicode and ``name:id`` for custom ones."""
        return set(self.reactions.get(int(message_id), set()))

    def responses_to(self, interaction_id: int) -> list[InteractionResponse]:
        return self.interaction_responses.get(int(interaction_id), [])

    def member_permissions(self, guild_id: int, user_id: int) -> discord.Permissions:
        """Guild-level permissions of a member: owner and administrators get all; otherwise the OR of its roles."""
        guild = self.guilds[int(guild_id)]
        if int(guild["owner_id"]) == int(user_id):
            return discord.Permissions.all()
        member = self.members.get((int(guild_id), int(user_id)))
        role_ids = {str(guild_id), *(member["roles"] if member else [])}
        value = 0
        for role in guild["roles"]:
            if role["id"] in role_ids:
                value |= int(role["permissions"])
        permissions = discord.Permissions(value)
        return discord.Permissions.all() if permissions.administrator else permissions

    # request plumbing

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        received_at = time.perf_counter()
        match = re.match(r"/api/v\d+(/.*)$", request.path)
        if match is None:
            return self._answer(404, {"message": "404: Not Found", "code": 0}, "unknown")
        path = match.group(1)
        body, files = await self._read_body(request)
        recorded = Recorded(
            method=request.method,
            path=path,
            json=body,
            headers=dict(request.headers),
            query=dict(request.query),
            files=files,
            received_at=received_at,
        )
        self.requests.append(recorded)
        log.debug("fake discord: %s %s %s", request.method, path, body)

        failure = self._take_failure(recorded)
        if failure is not None:
            return self._failure_answer(failure)
        too_big = [f for f in files if len(f.data) > self.attachment_size_limit]
        if too_big:
            problem = f"{too_big[0].filename}: {len(too_big[0].data)} bytes over {self.attachment_size_limit}"
            self.refused_over_limit.append(Violation("limit", request.method, path, problem))
            return self._answer(413, {"message": "Request entity too large", "code": 40005}, "limits")
        over = limit_problems(body) if isinstance(body, dict) else []
        if over:
            # Discord refuses the whole request (50035 Invalid Form Body); so does the fake.
            self.refused_over_limit += [Violation("limit", request.method, path, problem) for problem in over]
            errors = {"body": {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": problem} for problem in over]}}
            return self._answer(400, {"message": "Invalid Form Body", "code": 50035, "errors": errors}, "limits")
        if self.spec is not None:
            problems = self.spec.request_problems(
                method=request.method,
                path=path,
                query=recorded.query,
                headers=recorded.headers,
                body=json.dumps(body).encode() if body is not None else None,
                content_type="application/json" if body is not None else None,
            )
            self.spec_violations += [Violation("request", request.method, path, problem) for problem in problems]
        answer = await self._route(request, recorded, path)
        if self.spec is not None and answer.status < 400:
            problems = self.spec.response_problems(
                method=request.method,
                path=path,
                query=recorded.query,
                headers=recorded.headers,
                status=answer.status,
                body=answer.body if isinstance(answer.body, bytes) else b"",
                content_type=answer.content_type,
            )
            self.spec_violations += [Violation("response", request.method, path, problem) for problem in problems]
        return answer

    async def _route(self, request: web.Request, recorded: Recorded, path: str) -> web.Response:
        for method, template, pattern, handler in self._routes:
            params = pattern.fullmatch(path)
            if params is None or method != request.method:
                continue
            if self._needs_auth(template) and not self._authorized(request):
                return self._answer(401, {"message": "401: Unauthorized", "code": 0}, template)
            try:
                status, answer = await handler(recorded, params.groupdict())
            except DiscordError as error:
                return self._answer(error.status, {"message": error.message, "code": error.code}, template)
            return self._answer(status, answer, template)
        return self._answer(404, {"message": "404: Not Found", "code": 0}, "unknown")

    @staticmethod
    async def _read_body(request: web.Request) -> tuple[Any, list[RecordedFile]]:
        """JSON, or multipart with ``payload_json`` plus ``files[n]`` parts (how discord.py uploads files)."""
        if not request.can_read_body:
            return None, []
        if request.content_type == "multipart/form-data":
            body: Any = None
            files: list[RecordedFile] = []
            form = await request.post()
            for name, value in form.items():
                if isinstance(value, web.FileField):
                    files.append(RecordedFile(name, value.filename, value.content_type, value.file.read()))
                elif name == "payload_json":
                    body = json.loads(value)
            return body, files
        raw = await request.read()
        return (json.loads(raw) if raw else None), []

    def _needs_auth(self, template: str) -> bool:
        # Interaction callbacks and webhook calls authenticate with the token in the URL, not a bot token.
        return not template.startswith(("/interactions/", "/webhooks/"))

    def _authorized(self, request: web.Request) -> bool:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bot "):
            return False
        return self.expected_token is None or header == f"Bot {self.expected_token}"

    def _take_failure(self, recorded: Recorded) -> Failure | None:
        for failure in self._failures:
            if failure.method == recorded.method and failure.pattern.fullmatch(recorded.path):
                failure.times -= 1
                if failure.times <= 0:
                    self._failures.remove(failure)
                return failure
        return None

    def _failure_answer(self, failure: Failure) -> web.Response:
        if failure.status == 429:
            body = {"message": "You are being rate limited.", "retry_after": failure.retry_after, "global": False}
            headers = {
                # discord.py treats a 429 without Via as a Cloudflare ban; Discord's own 429s come through its proxy.
                "Via": "1.1 google",
                "Retry-After": str(max(1, round(failure.retry_after))),
                "X-RateLimit-Scope": "user",
            }
            return _json_response(body, 429, headers)
        return self._answer(failure.status, {"message": failure.message, "code": failure.code}, failure.pattern.pattern)

    @staticmethod
    def _answer(status: int, body: Any, bucket_key: str) -> web.Response:
        reset_after = 1.0
        headers = {
            "X-RateLimit-Limit": str(RATE_LIMIT),
            "X-RateLimit-Remaining": str(RATE_LIMIT - 1),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": hashlib.sha1(bucket_key.encode()).hexdigest()[:32],
        }
        if status == 204 or body is None:
            return web.Response(status=204, headers=headers)
        return _json_response(body, status, headers)

    def _emit(self, event: str, data: Payload) -> None:
        if self.gateway_listener is not None:
            self.gateway_listener(event, data)

    # route table

    def _register_routes(self) -> None:
        routes: list[tuple[str, str, Handler]] = [
            ("GET", "/users/@me", self._get_me),
            ("GET", "/oauth2/applications/@me", self._get_application),
            ("GET", "/applications/@me", self._get_application),
            ("GET", "/gateway", self._get_gateway),
            ("GET", "/gateway/bot", self._get_gateway),
            ("GET", "/applications/{app_id}/commands", self._get_commands),
            ("PUT", "/applications/{app_id}/commands", self._put_commands),
            ("GET", "/applications/{app_id}/guilds/{guild_id}/commands", self._get_commands),
            ("PUT", "/applications/{app_id}/guilds/{guild_id}/commands", self._put_commands),
            ("POST", "/interactions/{interaction_id}/{token}/callback", self._interaction_callback),
            ("POST", "/webhooks/{app_id}/{token}", self._followup),
            ("GET", "/webhooks/{app_id}/{token}/messages/{message_id}", self._get_webhook_message),
            ("PATCH", "/webhooks/{app_id}/{token}/messages/{message_id}", self._edit_webhook_message),
            ("DELETE", "/webhooks/{app_id}/{token}/messages/{message_id}", self._delete_webhook_message),
            ("POST", "/channels/{channel_id}/messages", self._create_message),
            ("GET", "/channels/{channel_id}/messages", self._history),
            ("GET", "/channels/{channel_id}/messages/{message_id}", self._get_message),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self._edit_message),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self._delete_message),
            ("PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", self._add_reaction),
            (
                "DELETE",
                "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/{user_id}",
                self._remove_reaction,
            ),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}", self._clear_emoji),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions", self._clear_emoji),
            ("POST", "/channels/{channel_id}/typing", self._typing),
            ("POST", "/channels/{channel_id}/threads", self._create_thread),
            ("POST", "/channels/{channel_id}/messages/{message_id}/threads", self._create_thread),
            ("GET", "/channels/{channel_id}", self._get_channel),
            ("GET", "/guilds/{guild_id}", self._get_guild),
            ("GET", "/guilds/{guild_id}/channels", self._get_guild_channels),
            ("GET", "/guilds/{guild_id}/roles", self._get_roles),
            ("GET", "/guilds/{guild_id}/members/{user_id}", self._get_member),
            ("GET", "/users/{user_id}", self._get_user),
            ("POST", "/users/@me/channels", self._create_dm),
        ]
        for method, template, handler in routes:
            self._routes.append((method, template, _template_regex(template), handler))

    # lookups that raise Discord's errors

    def _channel(self, channel_id: str | int) -> Payload:
        channel = self.channels.get(int(channel_id))
        if channel is None:
            raise _not_found("Channel", 10003)
        return channel

    def _message(self, channel_id: str | int, message_id: str | int) -> Payload:
        found = self.messages.get(int(message_id))
        if found is None or int(found["channel_id"]) != int(channel_id):
            raise _not_found("Message", 10008)
        return found

    def _guild(self, guild_id: str | int) -> Payload:
        guild = self.guilds.get(int(guild_id))
        if guild is None:
            raise _not_found("Guild", 10004)
        return guild

    def _interaction_by_token(self, token: str) -> InteractionContext:
        for context in self.interactions.values():
            if context.token == token:
                if time.perf_counter() - context.registered_at > self.followup_window:
                    raise DiscordError(401, 50027, "Invalid Webhook Token")  # the token lives 15 minutes
                return context
        raise _not_found("Webhook", 10015)

    # handlers: identity

    async def _get_me(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        # GET /users/@me answers a private user object (UserPIIResponse in Discord's spec).
        return 200, {"mfa_enabled": False, "locale": "en-US", "verified": True, "email": None, **self.bot_user}

    async def _get_application(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        application = payloads.application_info(self.application_id, self.bot_user, self.owner)
        # Fields Discord's spec requires of PrivateApplicationResponse.
        extra = {
            "flags_new": "0",
            "approximate_user_install_count": 0,
            "approximate_user_authorization_count": 0,
            "explicit_content_filter": 0,
            "eligible_oauth2_scopes": ["bot", "applications.commands"],
        }
        return 200, {**extra, **application}

    async def _get_gateway(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        # Harmless: the harness never opens a websocket, and the URL can't resolve if something tries.
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return 200, {"url": "wss://gateway-fake.invalid", "shards": 1, "session_start_limit": limit}

    async def _get_user(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        user = self.users.get(int(params["user_id"]))
        if user is None:
            raise _not_found("User", 10013)
        return 200, user

    # handlers: application commands

    async def _get_commands(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        guild_id = int(params["guild_id"]) if "guild_id" in params else None
        return 200, self.commands.get(guild_id, [])

    async def _put_commands(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        """Bulk overwrite: like Discord, a command keeps its id when one of the same name and type existed."""
        if int(params["app_id"]) != self.application_id:
            raise DiscordError(403, 50001, "Missing Access")
        guild_id = int(params["guild_id"]) if "guild_id" in params else None
        if guild_id is not None:
            self._guild(guild_id)
        sent: list[Payload] = request.json or []
        self.command_syncs.append((guild_id, sent))
        existing = {(c["name"], c.get("type", 1)): c["id"] for c in self.commands.get(guild_id, [])}
        stored: list[Payload] = []
        for command in sent:
            kind = command.get("type", 1)
            entry: Payload = {
                "id": existing.get((command["name"], kind)) or str(payloads.snowflake()),
                "application_id": str(self.application_id),
                "version": str(payloads.snowflake()),
                "type": kind,
                "description": "",
                "options": [],
                "default_member_permissions": None,
                "nsfw": False,
                "contexts": None,
                "integration_types": [0],
                **_without_nulls(command),
            }
            if guild_id is not None:
                entry["guild_id"] = str(guild_id)
            stored.append(entry)
        self.commands[guild_id] = stored
        return 200, stored

    def command_id(self, name: str, guild_id: int | None = None) -> int | None:
        """The id a synced command got (guild first, then global), or ``None`` if never synced."""
        for scope in (guild_id, None) if guild_id is not None else (None,):
            for command in self.commands.get(scope, []):
                if command["name"] == name and command.get("type", 1) == 1:
                    return int(command["id"])
        return None

    # handlers: interactions and their webhook

    def _new_interaction_message(self, context: InteractionContext, data: Payload, *, flags: int, kind: int) -> Payload:
        message = payloads.message(
            channel_id=context.channel_id,
            guild_id=context.guild_id,
            author=self.bot_user,
            content=data.get("content") or "",
            embeds=self._rich_embeds(data.get("embeds")),
            components=numbered_components(data.get("components")),
            flags=flags,
            message_type=kind,
            webhook_id=context.application_id,
            application_id=context.application_id,
            interaction_metadata={
                "id": str(context.id),
                "type": context.type,
                "user": context.user,
                "authorizing_integration_owners": {"0": str(context.guild_id or context.user["id"])},
            },
        )
        self.messages[int(message["id"])] = message
        if not flags & EPHEMERAL:
            self._emit_message_create(message)
        return message

    async def _interaction_callback(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        context = self.interactions.get(int(params["interaction_id"]))
        if context is None or context.token != params["token"]:
            raise _not_found("interaction", 10062)
        if context.responses:
            raise DiscordError(400, 40060, "Interaction has already been acknowledged.")
        if request.received_at - context.registered_at > self.interaction_deadline:
            raise _not_found("interaction", 10062)
        body: Payload = request.json or {}
        kind = int(body.get("type", 0))
        data: Payload | None = body.get("data")
        if kind not in (4, 5, 6, 7, 8, 9):
            raise DiscordError(400, 50035, "Invalid Form Body")
        response = InteractionResponse(context.id, kind, data, request.received_at)
        context.responses.append(response)
        self.interaction_responses.setdefault(context.id, []).append(response)

        flags = int((data or {}).get("flags") or 0)
        interaction: Payload = {
            "id": str(context.id),
            "type": context.type,
            "response_message_loading": kind == 5,
            "response_message_ephemeral": bool(flags & EPHEMERAL),
        }
        answer: Payload = {"interaction": interaction}
        message: Payload | None = None
        if kind == 4:
            message = self._new_interaction_message(context, data or {}, flags=flags & EPHEMERAL, kind=20)
        elif kind == 5:
            message = self._new_interaction_message(context, {}, flags=LOADING | (flags & EPHEMERAL), kind=20)
        elif kind == 7 and context.message_id is not None and context.message_id in self.messages:
            message = self._apply_edit(self.messages[context.message_id], data or {})
        if message is not None:
            if kind in (4, 5):
                context.original_id = int(message["id"])
            interaction["response_message_id"] = message["id"]
            if kind in (4, 7):  # Discord's spec: a resource only for a message sent or updated, not a deferral
                answer["resource"] = {"type": kind, "message": message}
        elif kind in (6, 7) and context.message_id is not None:
            context.original_id = context.message_id
        return 200, answer

    async def _followup(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        context = self._interaction_by_token(params["token"])
        if not context.responses:
            raise _not_found("Webhook", 10015)  # Discord refuses followups before the interaction is acknowledged
        data: Payload = request.json or {}
        flags = int(data.get("flags") or 0)
        original = self.messages.get(context.original_id or 0)
        if original is not None and original["flags"] & LOADING:
            # The first followup after a "thinking" defer replaces the loading message, keeping its ephemerality.
            message = self._apply_edit(original, data)
            message["flags"] = original["flags"] & ~LOADING
            if not message["flags"] & EPHEMERAL:
                self._emit_message_create(message)
        else:
            message = self._new_interaction_message(context, data, flags=flags & EPHEMERAL, kind=20)
        self._attach_files(message, request)
        context.followup_ids.append(int(message["id"]))
        return (200, message) if _truthy(request.query.get("wait")) else (204, None)

    def _webhook_message(self, params: dict[str, str]) -> Payload:
        context = self._interaction_by_token(params["token"])
        message_id = context.original_id if params["message_id"] == "@original" else int(params["message_id"])
        found = self.messages.get(message_id or 0)
        if found is None:
            raise _not_found("Message", 10008)
        return found

    async def _get_webhook_message(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        return 200, self._webhook_message(params)

    async def _edit_webhook_message(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        message = self._apply_edit(self._webhook_message(params), request.json or {})
        message["flags"] &= ~LOADING
        self._attach_files(message, request)
        return 200, message

    async def _delete_webhook_message(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        message = self._webhook_message(params)
        self._drop_message(message)
        return 204, None

    # handlers: channel messages

    @staticmethod
    def _rich_embeds(embeds: list[Payload] | None) -> list[Payload]:
        # Discord echoes embeds with their type filled in.
        return [{"type": "rich", **embed} for embed in embeds or []]

    def _attach_files(self, message: Payload, request: Recorded) -> None:
        for index, file in enumerate(request.files):
            message["attachments"].append(
                {
                    "id": str(payloads.snowflake()),
                    "filename": file.filename,
                    "size": len(file.data),
                    "url": f"https://cdn.discordapp.invalid/attachments/{message['channel_id']}/{index}/{file.filename}",
                    "proxy_url": f"https://media.discordapp.invalid/attachments/{message['channel_id']}/{file.filename}",
                    "content_type": file.content_type,
                }
            )

    def _emit_message_create(self, message: Payload) -> None:
        event = dict(message)
        guild_id = message.get("guild_id")
        if guild_id is not None:
            member = self.members.get((int(guild_id), int(message["author"]["id"])))
            if member is not None:
                event["member"] = {k: v for k, v in member.items() if k != "user"}
        self._emit("MESSAGE_CREATE", event)

    async def _create_message(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        channel = self._channel(params["channel_id"])
        data: Payload = request.json or {}
        if not (
            data.get("content")
            or data.get("embeds")
            or data.get("components")
            or request.files
            or data.get("sticker_ids")
        ):
            raise DiscordError(400, 50006, "Cannot send an empty message")
        nonce = data.get("nonce")
        if nonce is not None and data.get("enforce_nonce"):
            # Create Message: "If true and nonce is present, it will be checked for uniqueness in the past few
            # minutes. If another message was created by the same author with the same nonce, that message will be
            # returned and no new message will be created."
            seen = self.nonces.get((int(self.bot_user["id"]), str(nonce)))
            if seen is not None and seen[0] in self.messages and time.monotonic() - seen[1] < self.nonce_window:
                return 200, {**self.messages[seen[0]], "nonce": str(nonce)}
        reference = data.get("message_reference")
        message = payloads.message(
            channel_id=channel["id"],
            guild_id=channel.get("guild_id"),
            author=self.bot_user,
            content=data.get("content") or "",
            embeds=self._rich_embeds(data.get("embeds")),
            components=numbered_components(data.get("components")),
            flags=int(data.get("flags") or 0),
            tts=bool(data.get("tts")),
            message_type=19 if reference else 0,
            message_reference={"type": 0, "channel_id": channel["id"], **reference} if reference else None,
        )
        message.pop("guild_id", None)  # REST answers carry no guild_id; MESSAGE_CREATE does
        self._attach_files(message, request)
        self.messages[int(message["id"])] = message
        if nonce is not None:
            # The nonce comes back in the answer (and MESSAGE_CREATE), not later in the channel's history.
            self.nonces[int(self.bot_user["id"]), str(nonce)] = (int(message["id"]), time.monotonic())
        channel["last_message_id"] = message["id"]
        echoed = {**message, "nonce": str(nonce)} if nonce is not None else message
        self._emit_message_create({**echoed, "guild_id": channel["guild_id"]} if "guild_id" in channel else echoed)
        return 200, echoed

    async def _history(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        self._channel(params["channel_id"])
        limit = int(request.query.get("limit", "50"))
        newest_first = list(reversed(self.messages_in(int(params["channel_id"]))))  # history hides ephemerals
        return 200, newest_first[:limit]

    async def _get_message(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        self._channel(params["channel_id"])
        return 200, self._message(params["channel_id"], params["message_id"])

    def _apply_edit(self, message: Payload, data: Payload) -> Payload:
        for key in ("content", "components", "flags"):
            if key in data and data[key] is not None:
                message[key] = numbered_components(data[key]) if key == "components" else data[key]
        if data.get("attachments") is not None:
            # The payload names the attachments to keep (by id) and describes new uploads; Discord keeps the named
            # ones, and the uploaded files are added from the multipart parts.
            keep = {str(attachment.get("id")) for attachment in data["attachments"]}
            message["attachments"] = [a for a in message["attachments"] if str(a["id"]) in keep]
        if "embeds" in data and data["embeds"] is not None:
            message["embeds"] = self._rich_embeds(data["embeds"])
        message["edited_timestamp"] = payloads.iso_now()
        self.edits.setdefault(int(message["id"]), []).append(json.loads(json.dumps(message)))
        return message

    async def _edit_message(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        message = self._message(params["channel_id"], params["message_id"])
        if int(message["author"]["id"]) != int(self.bot_user["id"]) and set(request.json or {}) - {"flags"}:
            raise DiscordError(403, 50005, "Cannot edit a message authored by another user")
        self._apply_edit(message, request.json or {})
        self._attach_files(message, request)
        return 200, message

    def _drop_message(self, message: Payload) -> None:
        del self.messages[int(message["id"])]
        self.deleted_messages.append(int(message["id"]))
        event: Payload = {"id": message["id"], "channel_id": message["channel_id"]}
        channel = self.channels.get(int(message["channel_id"]))
        if channel is not None and "guild_id" in channel:
            event["guild_id"] = channel["guild_id"]
        self._emit("MESSAGE_DELETE", event)

    async def _delete_message(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        self._drop_message(self._message(params["channel_id"], params["message_id"]))
        return 204, None

    async def _typing(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        self._channel(params["channel_id"])
        return 204, None

    # handlers: reactions

    def _sync_reaction_summary(self, message: Payload) -> None:
        """Keep the message's ``reactions`` array (what GET returns) in step with the recorded set."""
        bot_id = int(self.bot_user["id"])
        counts: dict[str, list[int]] = {}
        for name, user_id in sorted(self.reactions.get(int(message["id"]), set())):
            counts.setdefault(name, []).append(user_id)
        message["reactions"] = [
            {
                "emoji": payloads.emoji(name if ":" not in name else f"<:{name}>"),
                "count": len(users),
                "count_details": {"burst": 0, "normal": len(users)},
                "burst_colors": [],
                "me": bot_id in users,
                "me_burst": False,
            }
            for name, users in counts.items()
        ]

    def _reaction_event(self, event: str, message: Payload, emoji_name: str, user_id: int) -> None:
        channel = self.channels.get(int(message["channel_id"]))
        guild_id = channel.get("guild_id") if channel else None
        emoji_value = emoji_name if ":" not in emoji_name else f"<:{emoji_name}>"
        common = {
            "guild_id": guild_id,
            "channel_id": message["channel_id"],
            "message_id": message["id"],
            "user_id": user_id,
            "emoji_value": emoji_value,
        }
        if event == "MESSAGE_REACTION_ADD":
            member = self.members.get((int(guild_id), user_id)) if guild_id else None
            data = payloads.reaction_add(**common, member=member, message_author_id=message["author"]["id"])
        else:
            data = payloads.reaction_remove(**common)
        self._emit(event, data)

    def record_reaction(self, message_id: int, emoji_name: str, user_id: int, *, add: bool = True) -> None:
        """Record a reaction made outside the bot (the harness calls this when a user reacts)."""
        reactions = self.reactions.setdefault(int(message_id), set())
        if add:
            reactions.add((emoji_name, int(user_id)))
        else:
            reactions.discard((emoji_name, int(user_id)))
        message = self.messages.get(int(message_id))
        if message is not None:
            self._sync_reaction_summary(message)

    async def _add_reaction(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        message = self._message(params["channel_id"], params["message_id"])
        emoji_name = params["emoji"]
        if not emoji_name or emoji_name.count(":") > 1:
            raise DiscordError(400, 10014, "Unknown Emoji")
        bot_id = int(self.bot_user["id"])
        already = (emoji_name, bot_id) in self.reactions.get(int(message["id"]), set())
        self.record_reaction(int(message["id"]), emoji_name, bot_id)
        if not already:  # Discord only emits for a new reaction
            self._reaction_event("MESSAGE_REACTION_ADD", message, emoji_name, bot_id)
        return 204, None

    async def _remove_reaction(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        message = self._message(params["channel_id"], params["message_id"])
        user_id = int(self.bot_user["id"]) if params["user_id"] == "@me" else int(params["user_id"])
        emoji_name = params["emoji"]
        present = (emoji_name, user_id) in self.reactions.get(int(message["id"]), set())
        self.record_reaction(int(message["id"]), emoji_name, user_id, add=False)
        if present:
            self._reaction_event("MESSAGE_REACTION_REMOVE", message, emoji_name, user_id)
        return 204, None

    async def _clear_emoji(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        message = self._message(params["channel_id"], params["message_id"])
        emoji_name = params.get("emoji")
        reactions = self.reactions.get(int(message["id"]), set())
        self.reactions[int(message["id"])] = {r for r in reactions if emoji_name is not None and r[0] != emoji_name}
        self._sync_reaction_summary(message)
        return 204, None

    # handlers: channels, guilds, members, DMs, threads

    async def _get_channel(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        return 200, self._channel(params["channel_id"])

    async def _get_guild(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        guild = self._guild(params["guild_id"])
        gateway_only = {
            "joined_at", "large", "unavailable", "lazy", "member_count", "voice_states", "members", "channels",
            "threads", "presences", "stage_instances", "guild_scheduled_events", "soundboard_sounds",
            "embedded_activities", "activity_instances", "application_command_counts",
        }  # fmt: skip
        answer = {k: v for k, v in guild.items() if k not in gateway_only}
        if _truthy(request.query.get("with_counts")):
            answer["approximate_member_count"] = guild.get("member_count", 0)
            answer["approximate_presence_count"] = 0
        return 200, answer

    async def _get_guild_channels(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        self._guild(params["guild_id"])
        found = [
            c
            for c in self.channels.values()
            if c.get("guild_id") == params["guild_id"] and c["type"] not in (10, 11, 12)
        ]
        return 200, found

    async def _get_roles(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        return 200, self._guild(params["guild_id"])["roles"]

    async def _get_member(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        self._guild(params["guild_id"])
        member = self.members.get((int(params["guild_id"]), int(params["user_id"])))
        if member is None:
            raise _not_found("Member", 10007)
        return 200, member

    async def _create_dm(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        recipient_id = int((request.json or {})["recipient_id"])
        recipient = self.users.get(recipient_id)
        if recipient is None:
            raise _not_found("User", 10013)
        channel_id = self._dm_channels.get(recipient_id)
        if channel_id is None:
            channel = payloads.dm_channel(recipient)
            channel_id = int(channel["id"])
            self._dm_channels[recipient_id] = channel_id
            self.channels[channel_id] = channel
        return 200, self.channels[channel_id]

    async def _create_thread(self, request: Recorded, params: dict[str, str]) -> tuple[int, Any]:
        parent = self._channel(params["channel_id"])
        if "guild_id" not in parent:
            raise DiscordError(400, 50024, "Cannot execute action on this channel type")
        data: Payload = request.json or {}
        thread_id = None
        thread_type = int(data.get("type") or 11)
        if "message_id" in params:
            # A thread started from a message takes the message's id (and is always public).
            self._message(params["channel_id"], params["message_id"])
            thread_id = int(params["message_id"])
            thread_type = 11
        thread = payloads.thread_channel(
            thread_id,
            guild_id=parent["guild_id"],
            parent_id=parent["id"],
            owner_id=self.bot_user["id"],
            name=data.get("name") or "thread",
            thread_type=thread_type,
            auto_archive_duration=int(data.get("auto_archive_duration") or 1440),
        )
        self.channels[int(thread["id"])] = thread
        return 201, thread


def numbered_components(components: list[Payload] | None) -> list[Payload]:
    """The components as Discord answers them: every component carries an ``id`` (Discord numbers those the
    request left out 1, 2, 3 … in reading order; its spec requires the id in responses)."""
    numbered: list[Payload] = []
    counter = 0

    def number(component: Payload) -> Payload:
        nonlocal counter
        counter += 1
        copy = {**component, "id": component.get("id", counter)}
        if isinstance(component.get("components"), list):
            copy["components"] = [number(child) for child in component["components"]]
        return copy

    for component in components or []:
        numbered.append(number(component))
    return numbered


# Fields Discord answers as null in a command object; any other null a bot sends (discord.py sends
# "integration_types": null and "choices": null, for "not given") is left out of Discord's answer.
NULLABLE_COMMAND_FIELDS = {
    "default_member_permissions",
    "contexts",
    "name_localizations",
    "description_localizations",
}


def _without_nulls(command: Payload) -> Payload:
    """A command as Discord stores it: nulls the spec does not allow dropped, in its options too."""
    cleaned: Payload = {}
    for key, value in command.items():
        if value is None and key not in NULLABLE_COMMAND_FIELDS:
            continue
        if key == "options" and isinstance(value, list):
            value = [_without_nulls(option) if isinstance(option, dict) else option for option in value]
        cleaned[key] = value
    return cleaned
