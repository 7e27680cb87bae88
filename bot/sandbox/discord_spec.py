"""Discord's rules for a fake Discord: its official OpenAPI spec, and the limits its server enforces.

A fake that accepts what Discord refuses lets tests pass where production fails (a 2,001-character reply, a
misspelt field, a thread name of 101 characters). :class:`DiscordSpec` checks a request the bot sent, and the
answer the fake gives, against Discord's own OpenAPI 3.1 description of API v10 (``discord/discord-api-spec``,
read from the shared data directory; it is never copied into this repository). :func:`limit_problems` checks what
the spec does not say but Discord's server enforces
(https://discord.com/developers/docs/resources/message#create-message, …#embed-object-embed-limits).

One known wrinkle, allowed on purpose: discord.py sends boolean query flags as ``1``/``0`` (``wait=1``,
``with_response=1``) where the spec says ``boolean``; Discord accepts them. Exactly ``true``, ``false``, ``1``
and ``0`` are accepted for a boolean query parameter, nothing else. The second, likewise: discord.py sends some
snowflakes in JSON bodies as integers (``recipient_id`` of a DM, an attachment's ``id`` of 0) where the spec says a
string of digits; Discord accepts both. Only a non-negative integer under a key named ``id``, ``…_id`` or
``…_ids`` (or in ``allowed_mentions``' ``users``/``roles``) is read as its string before checking.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

API_PREFIX = "/api/v10"
ORIGIN = "https://discord.com"
BOOLEAN_FLAGS = {"true", "false", "1", "0"}

# Discord's server-side limits (the spec's maxLength for message content is the Nitro-sized 4,000; a bot's
# message is refused above 2,000 characters).
CONTENT_LIMIT = 2000
EMBEDS_PER_MESSAGE = 10
EMBED_TOTAL_LIMIT = 6000
EMBED_LIMITS = {"title": 256, "description": 4096}
FIELDS_PER_EMBED = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
AUTHOR_NAME_LIMIT = 256
THREAD_NAME_LIMIT = 100


@dataclass(frozen=True)
class Violation:
    """One way a request or a response breaks Discord's spec or limits."""

    side: str  # "request" | "response" | "limit"
    method: str
    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.side} {self.method} {self.path}: {self.problem}"


def _embed_length(embed: Mapping[str, Any]) -> int:
    """Characters that count towards the 6,000 limit: title, description, field names and values, footer text
    and author name (Discord's rule)."""
    total = len(str(embed.get("title") or "")) + len(str(embed.get("description") or ""))
    for field in embed.get("fields") or ():
        total += len(str(field.get("name") or "")) + len(str(field.get("value") or ""))
    total += len(str((embed.get("footer") or {}).get("text") or ""))
    total += len(str((embed.get("author") or {}).get("name") or ""))
    return total


def limit_problems(body: Mapping[str, Any]) -> list[str]:
    """What Discord's server would refuse in a message-like JSON body (message, interaction response data,
    webhook message, thread): over-long content, too many or too large embeds, a thread name over 100.

    Returns plain sentences; [] when the body is within every limit."""
    problems: list[str] = []
    message = body.get("data") if isinstance(body.get("data"), dict) and "type" in body else body
    if not isinstance(message, dict):
        return problems
    content = message.get("content")
    if isinstance(content, str) and len(content) > CONTENT_LIMIT:
        problems.append(f"content has {len(content):,} characters (limit {CONTENT_LIMIT:,})")
    embeds = message.get("embeds") or []
    if len(embeds) > EMBEDS_PER_MESSAGE:
        problems.append(f"{len(embeds)} embeds (limit {EMBEDS_PER_MESSAGE})")
    total = 0
    for index, embed in enumerate(embeds):
        for key, limit in EMBED_LIMITS.items():
            if len(str(embed.get(key) or "")) > limit:
                problems.append(f"embed {index} {key} over {limit:,} characters")
        fields = embed.get("fields") or []
        if len(fields) > FIELDS_PER_EMBED:
            problems.append(f"embed {index} has {len(fields)} fields (limit {FIELDS_PER_EMBED})")
        for field in fields:
            if len(str(field.get("name") or "")) > FIELD_NAME_LIMIT:
                problems.append(f"embed {index} field name over {FIELD_NAME_LIMIT} characters")
            if len(str(field.get("value") or "")) > FIELD_VALUE_LIMIT:
                problems.append(f"embed {index} field value over {FIELD_VALUE_LIMIT:,} characters")
        if len(str((embed.get("footer") or {}).get("text") or "")) > FOOTER_LIMIT:
            problems.append(f"embed {index} footer over {FOOTER_LIMIT:,} characters")
        if len(str((embed.get("author") or {}).get("name") or "")) > AUTHOR_NAME_LIMIT:
            problems.append(f"embed {index} author name over {AUTHOR_NAME_LIMIT} characters")
        total += _embed_length(embed)
    if total > EMBED_TOTAL_LIMIT:
        problems.append(f"embeds hold {total:,} characters in all (limit {EMBED_TOTAL_LIMIT:,})")
    name = body.get("name")
    if isinstance(name, str) and "type" in body and len(name) > THREAD_NAME_LIMIT and "content" not in body:
        problems.append(f"thread name has {len(name)} characters (limit {THREAD_NAME_LIMIT})")
    return problems


SNOWFLAKE_LISTS = {"users", "roles"}


def _snowflakes_as_strings(value: Any, key: str = "") -> Any:
    """``value`` with integer snowflakes (by their key, see the module docstring) as strings, the rest unchanged."""
    snowflake_key = key == "id" or key.endswith(("_id", "_ids")) or key in SNOWFLAKE_LISTS
    if isinstance(value, dict):
        return {name: _snowflakes_as_strings(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_snowflakes_as_strings(item, key if snowflake_key else "") for item in value]
    if snowflake_key and isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return str(value)
    return value


def _template_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile("".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts))


class DiscordSpec:
    """Discord's OpenAPI spec, loaded once (about two seconds), checking requests and responses."""

    def __init__(self, spec_file: Path) -> None:
        from openapi_core import Config, OpenAPI

        self.document: dict[str, Any] = json.loads(spec_file.read_text(encoding="utf-8"))
        # The spec itself is Discord's; validating it again on every start costs seconds and finds nothing.
        self.api = OpenAPI.from_dict(self.document, config=Config(spec_validator_cls=None))  # pyright: ignore[reportArgumentType]
        self._templates = [(template, _template_pattern(template)) for template in self.document["paths"]]

    @classmethod
    @functools.cache
    def load(cls, spec_file: Path) -> DiscordSpec:
        return cls(spec_file)

    def template_of(self, path: str) -> str | None:
        """The spec's path template for a concrete path (``/channels/1/messages`` → ``/channels/{channel_id}/…``);
        literal templates win over parameterised ones (``/users/@me`` over ``/users/{user_id}``)."""
        matches = [template for template, pattern in self._templates if pattern.fullmatch(path)]
        if not matches:
            return None
        return min(matches, key=lambda template: template.count("{"))

    def _boolean_flags(self, template: str, method: str) -> set[str]:
        operation = self.document["paths"][template].get(method.lower(), {})
        parameters = [*self.document["paths"][template].get("parameters", []), *operation.get("parameters", [])]
        return {
            parameter["name"]
            for parameter in parameters
            if parameter.get("in") == "query" and (parameter.get("schema") or {}).get("type") == "boolean"
        }

    def _request(
        self,
        method: str,
        path: str,
        query: Mapping[str, str],
        headers: Mapping[str, str],
        body: bytes | None,
        content_type: str | None,
    ) -> Any:
        from openapi_core.testing import MockRequest

        return MockRequest(
            ORIGIN,
            method.lower(),
            API_PREFIX + path,
            args=dict(query),
            headers=dict(headers),
            data=body or None,
            content_type=(content_type or "application/json").split(";", 1)[0],
        )

    def request_problems(
        self,
        *,
        method: str,
        path: str,
        query: Mapping[str, str],
        headers: Mapping[str, str],
        body: bytes | None,
        content_type: str | None,
    ) -> list[str]:
        """Ways a request breaks the spec (``path`` without the ``/api/v10`` prefix); [] when it conforms."""
        from openapi_core.exceptions import OpenAPIError

        template = self.template_of(path)
        if template is None or method.lower() not in self.document["paths"][template]:
            return [f"{method} {path} is not an operation of Discord's API"]
        problems = []
        flags = self._boolean_flags(template, method)
        normalised = dict(query)
        for name in flags & set(query):
            if query[name] not in BOOLEAN_FLAGS:
                problems.append(f"query flag {name}={query[name]!r} is not true/false (or discord.py's 1/0)")
            normalised[name] = "true" if query[name] in {"true", "1"} else "false"
        if body and (content_type or "application/json").startswith("application/json"):
            with contextlib.suppress(ValueError):  # not JSON after all: the spec check below says so
                body = json.dumps(_snowflakes_as_strings(json.loads(body))).encode()
        try:
            self.api.validate_request(self._request(method, path, normalised, headers, body, content_type))
        except OpenAPIError as error:
            problems.append(_describe(error))
        return problems

    def response_problems(
        self,
        *,
        method: str,
        path: str,
        query: Mapping[str, str],
        headers: Mapping[str, str],
        status: int,
        body: bytes,
        content_type: str | None,
    ) -> list[str]:
        """Ways the answer to a request breaks the spec; [] when it conforms (a 204 has no body to check)."""
        from openapi_core.exceptions import OpenAPIError
        from openapi_core.testing import MockResponse

        if status == 204 or self.template_of(path) is None:
            return []
        flags = {
            name: "true" if value in {"true", "1"} else "false" for name, value in query.items() if value in {"1", "0"}
        }
        request = self._request(method, path, {**query, **flags}, headers, None, content_type)
        response = MockResponse(body, status_code=status, content_type=(content_type or "application/json"))
        try:
            self.api.validate_response(request, response)
        except OpenAPIError as error:
            return [_describe(error)]
        return []


def _describe(error: Exception) -> str:
    """openapi-core's error in one readable line: the first schema errors, not the whole schema dump."""
    cause = error.__cause__
    details = getattr(cause, "schema_errors", None) or ()
    reasons = "; ".join(str(getattr(detail, "message", detail)).splitlines()[0][:200] for detail in list(details)[:3])
    return f"{type(error).__name__}: {reasons or str(error).splitlines()[0][:300]}"
