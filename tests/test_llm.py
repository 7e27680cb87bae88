"""LlmClient against a local fake of the OpenAI-compatible chat-completions API (aiohttp on 127.0.0.1)."""

from __future__ import annotations

import asyncio
import logging
import traceback
from dataclasses import dataclass
from typing import TYPE_CHECKING

import aiohttp
import pytest
from pydantic import SecretStr

from bot.llm import LlmClient, LlmError
from tests.llm_fake import API_KEY, FakeAnswer, FakeChatApi

if TYPE_CHECKING:
    from collections.abc import AsyncIterator


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeChatApi]:
    async with FakeChatApi() as api:
        yield api


def client_for(api: FakeChatApi, *, key: str | None = API_KEY, timeout: float = 5.0) -> LlmClient:
    return LlmClient(api.base_url, "test-model", SecretStr(key) if key else None, timeout)


async def test_llm_complete_posts_an_openai_chat_request(fake_api: FakeChatApi) -> None:
    fake_api.then(FakeAnswer(content="Hi there"))
    async with client_for(fake_api) as llm:
        text = await llm.complete("be brief", "say hi", max_tokens=50)

    assert text == "Hi there"
    [request] = fake_api.requests
    assert request.path == "/v1/chat/completions"
    assert request.json["model"] == "test-model"
    assert request.json["messages"] == [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": "say hi"},
    ]
    assert request.json["max_tokens"] == 50
    assert isinstance(request.json["temperature"], float)


async def test_llm_base_url_trailing_slash_is_ignored(fake_api: FakeChatApi) -> None:
    async with LlmClient(fake_api.base_url + "/", "m", None, 5) as llm:
        assert await llm.complete("s", "u", max_tokens=5) == "hello"
    assert fake_api.requests[0].path == "/v1/chat/completions"


async def test_llm_sends_authorization_only_with_a_key(fake_api: FakeChatApi) -> None:
    async with client_for(fake_api, key=API_KEY) as llm:
        await llm.complete("s", "u", max_tokens=5)
    async with client_for(fake_api, key=None) as llm:
        await llm.complete("s", "u", max_tokens=5)
    async with client_for(fake_api, key="   ") as llm:  # a blank key in .env means "no key"
        await llm.complete("s", "u", max_tokens=5)

    with_key, without_key, blank_key = fake_api.requests
    assert with_key.headers["Authorization"] == f"Bearer {API_KEY}"
    assert "Authorization" not in without_key.headers
    assert "Authorization" not in blank_key.headers


async def test_llm_timeout_raises_llm_error(fake_api: FakeChatApi) -> None:
    fake_api.then(FakeAnswer(delay=10))
    async with client_for(fake_api, timeout=0.2) as llm:
        with pytest.raises(LlmError, match=r"did not answer within 0\.2 s"):
            await llm.complete("s", "u", max_tokens=5)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        pytest.param(FakeAnswer(status=500, body={"error": "boom"}), "HTTP 500", id="server-error"),
        pytest.param(FakeAnswer(status=429, body={"error": "slow down"}), "HTTP 429", id="rate-limited"),
        pytest.param(FakeAnswer(body="<html>gateway</html>"), "not JSON", id="not-json"),
        pytest.param(FakeAnswer(body={"choices": []}), "without choices", id="no-choices"),
        pytest.param(FakeAnswer(body={"object": "error"}), "without choices", id="missing-choices"),
        pytest.param(FakeAnswer(body={"choices": [{"message": {"content": None}}]}), "without message", id="null"),
        pytest.param(FakeAnswer(content="   "), "empty content", id="empty"),
    ],
)
async def test_llm_bad_answers_raise_llm_error(fake_api: FakeChatApi, answer: FakeAnswer, expected: str) -> None:
    fake_api.then(answer)
    async with client_for(fake_api) as llm:
        with pytest.raises(LlmError, match=expected) as caught:
            await llm.complete("s", "u", max_tokens=5)
    if answer.status >= 400:
        assert caught.value.status == answer.status


async def test_llm_connection_refused_raises_llm_error() -> None:
    # Bind then close a socket to get a loopback port nobody listens on.
    server = await asyncio.start_server(lambda _reader, _writer: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    async with LlmClient(f"http://127.0.0.1:{port}/v1", "m", SecretStr(API_KEY), 2) as llm:
        with pytest.raises(LlmError, match="failed") as caught:
            await llm.complete("s", "u", max_tokens=5)
    assert API_KEY not in str(caught.value)


async def test_llm_api_key_never_reaches_logs_or_errors(
    fake_api: FakeChatApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake_api.then(
        FakeAnswer(status=401, echo_authorization=True),
        FakeAnswer(status=200, echo_authorization=True),  # 200 with a non-JSON body that contains the key
        FakeAnswer(delay=10),
        FakeAnswer(content="fine"),
    )
    errors: list[LlmError] = []
    async with client_for(fake_api, timeout=0.3) as llm:
        for _ in range(3):
            try:
                await llm.complete("s", "u", max_tokens=5)
            except LlmError as error:
                errors.append(error)
        assert await llm.complete("s", "u", max_tokens=5) == "fine"

    assert len(errors) == 3
    assert "[redacted]" in str(errors[0])  # the echoed header was there, and was scrubbed
    for error in errors:
        assert API_KEY not in str(error)
        assert API_KEY not in repr(error)
        assert API_KEY not in "".join(traceback.format_exception(error))
    assert caplog.records, "the client logs its requests at DEBUG"
    assert API_KEY not in caplog.text
    assert API_KEY not in repr(llm.__dict__)


async def test_llm_url_credentials_stay_out_of_errors() -> None:
    server = await asyncio.start_server(lambda _reader, _writer: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    async with LlmClient(f"http://user:pa55word@127.0.0.1:{port}/v1?key=qk123", "m", None, 2) as llm:
        with pytest.raises(LlmError) as caught:
            await llm.complete("s", "u", max_tokens=5)
    assert "pa55word" not in str(caught.value)
    assert "qk123" not in str(caught.value)


async def test_llm_closes_only_its_own_session(fake_api: FakeChatApi) -> None:
    async with aiohttp.ClientSession() as shared:
        llm = LlmClient(fake_api.base_url, "m", None, 5, session=shared)
        await llm.complete("s", "u", max_tokens=5)
        await llm.close()
        assert not shared.closed

    owned = LlmClient(fake_api.base_url, "m", None, 5)
    await owned.complete("s", "u", max_tokens=5)
    session = owned._session
    assert session is not None
    await owned.close()
    assert session.closed
    await owned.close()  # closing twice is harmless


@dataclass(frozen=True)
class LlmOnlySettings:
    """The four fields of Settings that from_settings reads."""

    llm_base_url: str | None
    llm_model: str = "m"
    llm_api_key: SecretStr | None = None
    llm_timeout_seconds: float = 5.0


def test_llm_from_settings_needs_a_base_url() -> None:
    assert LlmClient.from_settings(LlmOnlySettings(llm_base_url=None)) is None

    configured = LlmOnlySettings("http://127.0.0.1:9/v1/", llm_api_key=SecretStr("k"), llm_timeout_seconds=7.0)
    llm = LlmClient.from_settings(configured)
    assert llm is not None
    assert llm.base_url == "http://127.0.0.1:9/v1"
    assert llm.timeout_seconds == 7.0
