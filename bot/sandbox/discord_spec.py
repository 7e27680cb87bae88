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


@functools.cache
def _template_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile(
        "".join(f"(?P<{_group(part[1:-1])}>[^/]+)" if part.startswith("{") else re.escape(part) for part in parts)
    )


class DiscordSpec:
    """Discord's OpenAPI spec, loaded once (under a second), checking requests and responses.

    OpenAPI 3.1's schemas are JSON Schema 2020-12, so each operation's parameter, request-body and response schemas
    are compiled once into :mod:`jsonschema` validators (resolving ``$ref`` against the whole document) and kept:
    a check costs about half a millisecond, where going through openapi-core's generic request model cost 5-10 ms
    a request, which made every test using the fake Discord about a fifth slower."""

    def __init__(self, spec_file: Path) -> None:
        from jsonschema import Draft202012Validator

        self.document: dict[str, Any] = json.loads(spec_file.read_text(encoding="utf-8"))
        # The spec itself is Discord's; checking it against the metaschema costs time and finds nothing.
        self._root = Draft202012Validator(self.document)
        self._templates = [(template, _template_pattern(template)) for template in self.document["paths"]]

    @classmethod
    @functools.cache
    def load(cls, spec_file: Path) -> DiscordSpec:
        return cls(spec_file)

    @functools.cache  # noqa: B019 - the spec lives for the whole process (see load)
    def _validator(self, pointer: str) -> Any:
        """The compiled validator of the schema at JSON pointer ``pointer`` of the document."""
        schema: Any = self.document
        for part in pointer.strip("/").split("/"):
            key = part.replace("~1", "/").replace("~0", "~")
            schema = schema[int(key)] if isinstance(schema, list) else schema[key]
        return self._root.evolve(schema=schema)

    @functools.cache  # noqa: B019
    def template_of(self, path: str) -> str | None:
        """The spec's path template for a concrete path (``/channels/1/messages`` → ``/channels/{channel_id}/…``);
        literal templates win over parameterised ones (``/users/@me`` over ``/users/{user_id}``)."""
        matches = [template for template, pattern in self._templates if pattern.fullmatch(path)]
        if not matches:
            return None
        return min(matches, key=lambda template: template.count("{"))

    def _parameters(self, template: str, method: str) -> list[tuple[int | None, dict[str, Any]]]:
        """(index in the operation's list or None for the path item's, parameter) for path and query parameters."""
        item = self.document["paths"][template]
        operation = item.get(method.lower(), {})
        found = [(None, parameter) for parameter in item.get("parameters", [])]
        found += list(enumerate(operation.get("parameters", [])))
        return [(index, parameter) for index, parameter in found if parameter.get("in") in {"path", "query"}]

    def _boolean_flags(self, template: str, method: str) -> set[str]:
        return {
            parameter["name"]
            for _, parameter in self._parameters(template, method)
            if parameter.get("in") == "query" and (parameter.get("schema") or {}).get("type") == "boolean"
        }

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
        """Ways a request breaks the spec (``path`` without the ``/api/v10`` prefix); [] when it conforms: the
        operation exists, its path and query parameters fit their schemas (required ones given), and a JSON body
        fits the request body's schema. ``headers`` are not checked (the fake checks the bot token itself)."""
        template = self.template_of(path)
        verb = method.lower()
        if template is None or verb not in self.document["paths"][template]:
            return [f"{method} {path} is not an operation of Discord's API"]
        problems = []
        flags = self._boolean_flags(template, method)
        normalised: dict[str, Any] = dict(query)
        for name in flags & set(query):
            if query[name] not in BOOLEAN_FLAGS:
                problems.append(f"query flag {name}={query[name]!r} is not true/false (or discord.py's 1/0)")
            normalised[name] = query[name] in {"true", "1"}
        match = _template_pattern(template).fullmatch(path)
        path_values = match.groupdict() if match else {}
        for index, parameter in self._parameters(template, method):
            name, where = parameter["name"], parameter["in"]
            given = path_values.get(_group(name)) if where == "path" else normalised.get(name)
            if given is None:
                if parameter.get("required"):
                    problems.append(f"InvalidParameter: the required {where} parameter {name} is missing")
                continue
            pointer = (
                f"/paths/{_escape(template)}/parameters"
                if index is None
                else f"/paths/{_escape(template)}/{verb}/parameters"
            )
            pointer += f"/{index if index is not None else self._path_index(template, name)}/schema"
            value = _typed(given, self._validator(pointer).schema)
            errors = list(self._validator(pointer).iter_errors(value))
            if errors:
                problems.append(f"InvalidParameter: {where} {name}: {_reasons(errors)}")
        request_body = self.document["paths"][template][verb].get("requestBody")
        if body and request_body is not None:
            if "application/json" not in request_body["content"]:
                takes = ", ".join(request_body["content"])
                problems.append(f"InvalidRequestBody: JSON sent where Discord takes {takes}")
                return problems
            try:
                # discord.py's integer snowflakes are read as the strings the spec names (see the module docstring).
                instance = _snowflakes_as_strings(json.loads(body))
            except ValueError:
                return [*problems, "InvalidRequestBody: the body is not JSON"]
            pointer = f"/paths/{_escape(template)}/{verb}/requestBody/content/application~1json/schema"
            errors = list(self._validator(pointer).iter_errors(instance))
            if errors:
                problems.append(f"InvalidRequestBody: {_reasons(errors)}")
        elif not body and request_body is not None and request_body.get("required"):
            problems.append("InvalidRequestBody: the operation requires a body and none was sent")
        return problems

    def _path_index(self, template: str, name: str) -> int:
        parameters = self.document["paths"][template].get("parameters", [])
        return next(index for index, parameter in enumerate(parameters) if parameter["name"] == name)

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
        """Ways the answer to a request breaks the spec: a status the operation does not document, or a JSON body
        outside the documented schema; [] when it conforms (a 204 has no body to check)."""
        template = self.template_of(path)
        verb = method.lower()
        if status == 204 or template is None or verb not in self.document["paths"][template]:
            return []
        responses = self.document["paths"][template][verb]["responses"]
        key = next((key for key in (str(status), f"{status // 100}XX", "default") if key in responses), None)
        if key is None:
            return [f"InvalidResponse: status {status} is not one this operation answers"]
        content = responses[key].get("content") or {}
        if "application/json" not in content or "schema" not in content["application/json"]:
            return []
        try:
            instance = json.loads(body or b"null")
        except ValueError:
            return ["InvalidData: the answer is not JSON"]
        pointer = f"/paths/{_escape(template)}/{verb}/responses/{key}/content/application~1json/schema"
        errors = list(self._validator(pointer).iter_errors(instance))
        return [f"InvalidData: {_reasons(errors)}"] if errors else []


def _escape(template: str) -> str:
    return template.replace("~", "~0").replace("/", "~1")


def _group(name: str) -> str:
    return re.sub(r"\W", "_", name)


def _typed(value: Any, schema: Mapping[str, Any]) -> Any:
    """A path or query value (text on the wire) as the type its schema names, when it reads as one."""
    types = schema.get("type")
    kinds = set(types) if isinstance(types, list) else {types}
    if isinstance(value, str):
        try:
            if "integer" in kinds and re.fullmatch(r"-?\d+", value):
                return int(value)
            if "number" in kinds:
                return float(value)
        except ValueError:
            return value
    return value


def _reasons(errors: list[Any]) -> str:
    """The first schema errors in one readable line (the deepest reason of a oneOf/anyOf included)."""
    from jsonschema.exceptions import best_match

    best = best_match(errors)
    reasons = [str(best.message).splitlines()[0][:200]] if best is not None else []
    reasons += [str(error.message).splitlines()[0][:200] for error in errors[:3] if error is not best]
    return "; ".join(reasons[:3])
