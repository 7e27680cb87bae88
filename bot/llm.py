"""A minimal client for OpenAI-compatible chat-completions APIs (OpenAI, OpenRouter, Ollama, vLLM, llama.cpp ...).

Circlebot only ever asks for wording, so one call is enough: ``complete(system, user, max_tokens=...)``.
Every failure becomes :class:`LlmError`, whose message is safe to log: it never contains the API key, even
when a server echoes request headers back in its error body.
"""

from __future__ import annotations

import json
import logging
import time
from typing import TYPE_CHECKING, Any, Protocol, Self

import aiohttp
from yarl import URL

if TYPE_CHECKING:
    from types import TracebackType

    from pydantic import SecretStr

log = logging.getLogger(__name__)

REDACTED = "[redacted]"
ERROR_BODY_EXCERPT_CHARS = 200


class LlmError(Exception):
    """The LLM call failed; the message names why and never contains the API key."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class LlmSettings(Protocol):
    """The settings fields :meth:`LlmClient.from_settings` reads (``Settings`` provides them)."""

    @property
    def llm_base_url(self) -> str | None: ...

    @property
    def llm_model(self) -> str: ...

    @property
    def llm_api_key(self) -> SecretStr | None: ...

    @property
    def llm_timeout_seconds(self) -> float: ...


class LlmClient:
    """POSTs ``{base_url}/chat/completions``; owns its aiohttp session unless one is passed in."""

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: SecretStr | None = None,
        timeout_seconds: float = 30.0,
        session: aiohttp.ClientSession | None = None,
        *,
        temperature: float = 0.7,
    ) -> None:
        self.base_url = base_url.strip().rstrip("/")
        self.model = model
        self.timeout_seconds = timeout_seconds
        self.temperature = temperature
        self._api_key = api_key
        self._session = session
        self._owns_session = session is None
        self._endpoint = f"{self.base_url}/chat/completions"
        # The address as it may appear in logs: no user:password, no query (some gateways take ?key=).
        self._endpoint_for_logs = str(URL(self._endpoint).with_user(None).with_query(None))

    @classmethod
    def from_settings(cls, settings: LlmSettings) -> LlmClient | None:
        """A client when ``LLM_BASE_URL`` is set, else None (openers then use their templates)."""
        if not settings.llm_base_url:
            return None
        return cls(
            settings.llm_base_url,
            settings.llm_model,
            settings.llm_api_key,
            settings.llm_timeout_seconds,
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the session this client created (a session passed in belongs to the caller)."""
        if self._owns_session and self._session is not None and not self._session.closed:
            await self._session.close()
        if self._owns_session:
            self._session = None

    async def complete(self, system: str, user: str, *, max_tokens: int) -> str:
        """The assistant's text for one system + user exchange; raises :class:`LlmError` on any failure."""
        payload: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
            "max_tokens": max_tokens,
            "temperature": self.temperature,
        }
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        key = self._key()
        if key:
            headers["Authorization"] = f"Bearer {key}"

        log.debug("LLM request to %s (model %s, max_tokens %d)", self._endpoint_for_logs, self.model, max_tokens)
        started = time.monotonic()
        session = self._ensure_session()
        timeout = aiohttp.ClientTimeout(total=self.timeout_seconds)
        # `from None` throughout: the original exception adds nothing a person needs, and dropping it keeps
        # anything request-shaped out of tracebacks.
        try:
            async with session.post(self._endpoint, json=payload, headers=headers, timeout=timeout) as response:
                status = response.status
                raw_body = await response.read()
        except TimeoutError:
            raise LlmError(f"{self._endpoint_for_logs} did not answer within {self.timeout_seconds:g} s") from None
        except aiohttp.ClientError as error:
            raise LlmError(
                f"request to {self._endpoint_for_logs} failed: {type(error).__name__}: {self._redact(str(error))}"
            ) from None
        body = raw_body.decode("utf-8", errors="replace")
        log.debug("LLM answered HTTP %d in %.2f s", status, time.monotonic() - started)

        if not 200 <= status < 300:
            excerpt = self._redact(" ".join(body.split()))[:ERROR_BODY_EXCERPT_CHARS]
            raise LlmError(f"{self._endpoint_for_logs} answered HTTP {status}: {excerpt}", status=status)
        return self._content(body, status)

    def _content(self, body: str, status: int) -> str:
        try:
            data = json.loads(body)
        except ValueError:
            raise LlmError(f"{self._endpoint_for_logs} answered HTTP {status} with a body that is not JSON") from None
        choices = data.get("choices") if isinstance(data, dict) else None
        if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
            raise LlmError(f"{self._endpoint_for_logs} answered without choices", status=status)
        message = choices[0].get("message")
        content = message.get("content") if isinstance(message, dict) else None
        if not isinstance(content, str):
            raise LlmError(f"{self._endpoint_for_logs} answered without message content", status=status)
        if not content.strip():
            raise LlmError(f"{self._endpoint_for_logs} answered with empty content", status=status)
        return content

    def _ensure_session(self) -> aiohttp.ClientSession:
        # Created lazily: an aiohttp session belongs to the running event loop, which __init__ may not have.
        if self._session is None or (self._owns_session and self._session.closed):
            self._session = aiohttp.ClientSession()
            self._owns_session = True
        return self._session

    def _key(self) -> str:
        return self._api_key.get_secret_value().strip() if self._api_key is not None else ""

    def _redact(self, text: str) -> str:
        key = self._key()
        return text.replace(key, REDACTED) if key else text
