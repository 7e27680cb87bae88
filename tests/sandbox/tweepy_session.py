"""Point tweepy's real AsyncClient at the sandbox by rewriting the hard-coded API origin."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import tweepy.asynchronous

if TYPE_CHECKING:
    import aiohttp

    from bot.sandbox.server import SandboxServer

TWITTER_ORIGIN = "https://api.twitter.com"


class RewritingSession:
    """The one method tweepy's AsyncClient calls on ``self.session``, with the origin swapped."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str) -> None:
        self._session = session
        self._base_url = base_url.rstrip("/")

    def request(self, method: str, url: Any, **kwargs: Any) -> Any:
        if isinstance(url, str):
            url = url.replace(TWITTER_ORIGIN, self._base_url, 1)
        else:  # yarl.URL, already encoded by tweepy for OAuth 1.0a requests
            url = type(url)(str(url).replace(TWITTER_ORIGIN, self._base_url, 1), encoded=True)
        return self._session.request(method, url, **kwargs)


def sandbox_client(
    server: SandboxServer, session: aiohttp.ClientSession, *, user_auth: bool = True
) -> tweepy.asynchronous.AsyncClient:
    config = server.config
    client = tweepy.asynchronous.AsyncClient(
        bearer_token=config.bearer_token,
        consumer_key=config.consumer_key if user_auth else None,
        consumer_secret=config.consumer_secret if user_auth else None,
        access_token=config.access_token if user_auth else None,
        access_token_secret=config.access_token_secret if user_auth else None,
    )
    client.session = RewritingSession(session, server.base_url)  # type: ignore[assignment]
    return client
