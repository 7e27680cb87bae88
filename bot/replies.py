"""Every reply fits: messages and embeds clipped to Discord's limits, saying how much was left out.

Discord refuses a message over 2,000 characters and embeds over 6,000 characters in one message
(https://discord.com/developers/docs/resources/message#create-message and …#embed-object-embed-limits); a
refused reply would leave the person with "Something went wrong" although the command did its work. So replies
are built from lines (or embeds) and cut at a whole line, ending "…and N more" with what was left out.

Markdown: callers escape what *they* put into markdown (a name inside ``**…**``), once; these helpers never
escape, so nothing is escaped twice. The one exception is :func:`plain`, for text that is not markdown at all (a
domain error's message, which names Lists and handles as people typed them).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from discord.utils import escape_markdown

from bot.embeds import EMBED_TOTAL_LIMIT

if TYPE_CHECKING:
    from collections.abc import Sequence

    import discord

MESSAGE_LIMIT = 2000


_INLINE_CODE = re.compile(r"(`[^`\n]+`)")


def plain(text: str) -> str:
    """``text`` (plain words, e.g. a `CirclebotError` message) made safe to send as Discord markdown: every
    markdown character escaped, so "@alice_b is already in Rust_Berlin_Devs" is not shown in italics, except
    inside `inline code` spans, which messages use on purpose for command names (`/list import`) and where
    Discord shows a backslash as it is."""
    parts = _INLINE_CODE.split(text)
    return "".join(part if index % 2 else escape_markdown(part) for index, part in enumerate(parts))


def more(count: int, what: str = "more") -> str:
    return f"…and {count:,} {what}"


def fit_lines(
    lines: Sequence[str], *, header: str | None = None, limit: int = MESSAGE_LIMIT, what: str = "more"
) -> str:
    """``header`` and as many whole ``lines`` as fit in ``limit`` characters, then "…and N more" for the
    N lines left out (``what`` names them: "more seeds"). A single line longer than the limit is cut with "…".

    Returns at most ``limit`` characters, joined by new lines."""
    head = [header] if header else []
    kept: list[str] = []
    used = sum(len(line) + 1 for line in head)
    for index, line in enumerate(lines):
        left = len(lines) - index - 1
        tail = len(more(left, what)) + 1 if left else 0
        if used + len(line) + 1 + tail > limit:
            omitted = len(lines) - index
            if not kept and not head:  # one huge first line: show its start rather than nothing
                room = limit - len(more(omitted - 1, what)) - 2 if omitted > 1 else limit
                kept.append(line[: max(0, room - 1)] + "…")
                omitted -= 1
            if omitted:
                kept.append(more(omitted, what))
            break
        kept.append(line)
        used += len(line) + 1
    text = "\n".join(head + kept)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fit_embeds(embeds: Sequence[discord.Embed], *, limit: int = EMBED_TOTAL_LIMIT) -> tuple[list[discord.Embed], int]:
    """The first embeds whose characters together stay within Discord's 6,000 per message, and how many were
    left out (the caller says so: "…and 5 more")."""
    kept: list[discord.Embed] = []
    used = 0
    for embed in embeds[:10]:  # Discord's 10 embeds per message
        size = len(embed)
        if used + size > limit:
            break
        kept.append(embed)
        used += size
    return kept, len(embeds) - len(kept)
