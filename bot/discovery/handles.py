"""Turning what people type into X handles: @name, name, or an x.com / twitter.com profile link."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bot.errors import InvalidHandle

HANDLE = re.compile(r"[A-Za-z0-9_]{1,15}")
PROFILE_HOSTS = {"x.com", "twitter.com", "mobile.twitter.com", "mobile.x.com", "www.x.com", "www.twitter.com"}
# Paths on x.com that are pages, not profiles.
RESERVED = {"home", "explore", "search", "settings", "notifications", "messages", "i", "intent", "share", "hashtag"}
SEPARATORS = re.compile(r"[\s,;]+")


def parse_handle(raw: str) -> str:
    """Accept @name, name, or an x.com / twitter.com profile link; return the bare handle."""
    text = raw.strip().strip("<>")
    candidate = text
    if "/" in text or "." in text:
        url = text if "://" in text else f"https://{text}"
        try:
            parts = urlsplit(url)
        except ValueError:
            raise InvalidHandle(raw) from None
        if (parts.hostname or "").lower() not in PROFILE_HOSTS:
            raise InvalidHandle(raw)
        segments = [segment for segment in parts.path.split("/") if segment]
        if not segments or segments[0].lower() in RESERVED:
            raise InvalidHandle(raw)
        candidate = segments[0]
    candidate = candidate.removeprefix("@")
    if not HANDLE.fullmatch(candidate):
        raise InvalidHandle(raw)
    return candidate


def split_handles(raw: str) -> list[str]:
    """The separate entries of a free-text list (spaces, commas, semicolons or new lines)."""
    return [entry for entry in SEPARATORS.split(raw) if entry]
