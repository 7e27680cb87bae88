"""``sandbox serve`` starts, prints its URL and tokens, answers, and stops on SIGTERM."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import aiohttp

REPO = Path(__file__).resolve().parents[2]


def _command() -> list[str]:
    args = ["--seed", "3", "--seeds", "2", "--following-per-seed", "20", "--port", "0"]
    if importlib.util.find_spec("bot.discovery.rank_cli") is not None:
        return [sys.executable, "-m", "bot", "sandbox", "serve", *args]
    return [sys.executable, "-m", "bot.sandbox.cli", *args]  # the ranker's CLI isn't there yet


async def test_cli_serve_starts_and_answers() -> None:
    process = subprocess.Popen(  # noqa: ASYNC220 - a child process we poll by lines
        _command(), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(5)]
        url = re.search(r"(http://127\.0\.0\.1:\d+)", lines[0])
        bearer = re.search(r"bearer token:\s+(\S+)", lines[1])
        assert url, lines
        assert bearer, lines
        assert re.search(r"access token:\s+\d+-sandboxtoken", lines[3])
        async with (
            aiohttp.ClientSession() as session,
            session.get(
                url.group(1) + "/2/users/by/username/nobody", headers={"Authorization": f"Bearer {bearer.group(1)}"}
            ) as response,
        ):
            assert response.status == 200
            assert (await response.json())["errors"][0]["title"] == "Not Found Error"
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
