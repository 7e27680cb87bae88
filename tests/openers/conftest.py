"""Fixtures shared by the opener tests: the fake OpenAI-compatible API and an LLM client talking to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from pydantic import SecretStr

from bot.llm import LlmClient
from tests.llm_fake import API_KEY, FakeChatApi

if TYPE_CHECKING:
    from collections.abc import AsyncIterator


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeChatApi]:
    async with FakeChatApi() as api:
        yield api


@pytest.fixture
async def llm(fake_api: FakeChatApi) -> AsyncIterator[LlmClient]:
    async with LlmClient(fake_api.base_url, "test-model", SecretStr(API_KEY), 0.5) as client:
        yield client
