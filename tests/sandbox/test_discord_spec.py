"""The fake Discord's referee: Discord's OpenAPI spec (with discord.py's 1/0 flags) and its server's limits."""

from __future__ import annotations

import json

import pytest

from bot.sandbox.discord_spec import DiscordSpec, limit_problems
from tests.conftest import shared_path

AUTH = {"Authorization": "Bot fake"}


@pytest.fixture(scope="module")
def spec() -> DiscordSpec:
    return DiscordSpec.load(shared_path("discord-api/openapi.json"))


def test_spec_accepts_what_discord_py_sends_including_1_0_flags(spec: DiscordSpec) -> None:
    body = json.dumps({"type": 5, "data": {"flags": 64}}).encode()
    for flag in ("1", "0", "true", "false"):
        assert (
            spec.request_problems(
                method="POST",
                path="/interactions/1/tok/callback",
                query={"with_response": flag},
                headers={},
                body=body,
                content_type="application/json",
            )
            == []
        )


def test_spec_refuses_other_flag_spellings_unknown_routes_and_bad_bodies(spec: DiscordSpec) -> None:
    body = json.dumps({"type": 5, "data": {"flags": 64}}).encode()
    yes = spec.request_problems(
        method="POST",
        path="/interactions/1/tok/callback",
        query={"with_response": "yes"},
        headers={},
        body=body,
        content_type="application/json",
    )
    assert yes and "with_response" in yes[0]
    assert spec.request_problems(method="POST", path="/nowhere/1", query={}, headers=AUTH, body=None, content_type=None)
    bad = spec.request_problems(
        method="POST",
        path="/interactions/1/tok/callback",
        query={},
        headers={},
        body=json.dumps({"type": 5, "data": {"flags": "x"}}).encode(),
        content_type="application/json",
    )
    assert bad and "InvalidRequestBody" in bad[0]


def test_spec_checks_responses(spec: DiscordSpec) -> None:
    thin_user = json.dumps({"id": "1", "username": "x"}).encode()
    problems = spec.response_problems(
        method="GET",
        path="/users/@me",
        query={},
        headers=AUTH,
        status=200,
        body=thin_user,
        content_type="application/json",
    )
    assert problems and "required" in problems[0]


def test_limits_are_discords_not_the_specs() -> None:
    assert limit_problems({"content": "x" * 2000}) == []
    assert limit_problems({"content": "x" * 2001}) == ["content has 2,001 characters (limit 2,000)"]
    embeds = [{"title": "t", "description": "d" * 4000, "fields": [{"name": "n", "value": "v" * 1000}]}] * 2
    assert "embeds hold 10,004 characters in all (limit 6,000)" in limit_problems({"embeds": embeds})
    response = {"type": 4, "data": {"content": "x" * 2500}}
    assert limit_problems(response) == ["content has 2,500 characters (limit 2,000)"]


def test_integer_snowflakes_are_discords_wrinkle_but_other_integers_are_not() -> None:
    """discord.py sends a DM's recipient_id and an upload's attachment id as integers; Discord accepts them. A
    number where the spec wants text is still a violation."""
    spec = DiscordSpec.load(shared_path("discord-api/openapi.json"))

    def problems(path: str, body: dict[str, object]) -> list[str]:
        return spec.request_problems(
            method="POST", path=path, query={}, headers=AUTH, body=json.dumps(body).encode(), content_type=None
        )

    assert problems("/users/@me/channels", {"recipient_id": 1577064112972629995}) == []
    attachment = {"content": "csv", "attachments": [{"id": 0, "filename": "people.csv"}]}
    assert problems("/channels/1/messages", attachment) == []
    assert problems("/channels/1/messages", {"content": 5}) != []


def test_path_parameters_and_undocumented_statuses_are_checked(spec: DiscordSpec) -> None:
    """The compiled validators check what openapi-core checked: a path id that is no snowflake, a status the
    operation never answers, and an answer without a required field."""
    message = json.dumps({"content": "hi"}).encode()
    assert (
        spec.request_problems(
            method="POST", path="/channels/1/messages", query={}, headers=AUTH, body=message, content_type=None
        )
        == []
    )
    bad_id = spec.request_problems(
        method="POST", path="/channels/abc/messages", query={}, headers=AUTH, body=message, content_type=None
    )
    assert bad_id and "channel_id" in bad_id[0]
    teapot = spec.response_problems(
        method="GET", path="/users/@me", query={}, headers=AUTH, status=302, body=b"{}", content_type=None
    )
    assert teapot and "302" in teapot[0]
