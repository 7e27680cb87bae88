"""A local fake of the OpenAI-compatible chat-completions API (aiohttp on 127.0.0.1), shared by the LLM tests."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

API_KEY = "sk-test-SECRET-0123456789abcdef"


@dataclass
class FakeAnswer:
    """One scripted answer of the fake API."""

    status: int = 200
    body: str | dict[str, Any] | None = None  # dict -> JSON; str -> sent as it is; None -> a completion of `content`
    content: str = "hello"
    delay: float = 0.0  # seconds to hold the answer (released early when the fake shuts down)
    echo_authorization: bool = False  # put the request's Authorization header in the body, as careless servers do


@dataclass
class RecordedRequest:
    path: str
    headers: dict[str, str]
    json: Any


def completion(content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
    }


@dataclass
class FakeChatApi:
    """Answers POST /v1/chat/completions from a script (or the default) and remembers every request."""

    default: FakeAnswer = field(default_factory=FakeAnswer)
    script: deque[FakeAnswer] = field(default_factory=deque)
    requests: list[RecordedRequest] = field(default_factory=list)
    base_url: str = ""
    _runner: web.AppRunner | None = None
    _release: asyncio.Event = field(default_factory=asyncio.Event)

    def then(self, *answers: FakeAnswer) -> FakeChatApi:
        self.script.extend(answers)
        return self

    async def _handle(self, request: web.Request) -> web.Response:
        raw = await request.text()
        try:
            payload: Any = json.loads(raw)
        except ValueError:
            payload = raw
        self.requests.append(RecordedRequest(request.path, dict(request.headers), payload))
        answer = self.script.popleft() if self.script else self.default
        if answer.delay:
            # Waiting on an event rather than sleeping lets teardown end the hold at once.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._release.wait(), answer.delay)
        if answer.echo_authorization:
            text = f"bad request; you sent Authorization: {request.headers.get('Authorization', '')}"
            return web.Response(status=answer.status, text=text, content_type="text/plain")
        if isinstance(answer.body, str):
            return web.Response(status=answer.status, text=answer.body, content_type="text/plain")
        body = completion(answer.content) if answer.body is None else answer.body
        return web.Response(status=answer.status, text=json.dumps(body), content_type="application/json")

    async def __aenter__(self) -> FakeChatApi:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}/v1"
        return self

    async def __aexit__(self, *_exc: object) -> None:
        self._release.set()
        assert self._runner is not None
        await self._runner.cleanup()
