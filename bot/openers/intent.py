"""X web intents: links that open X's composer with a draft filled in, so the person posts it with one click.

X allows replies through the API only when the author summoned the replier, so Circlebot never posts an opener
itself: the digest shows each draft with its intent link (a Discord link button), and the person sends it.
Parameters from X's Web Intent documentation: ``text``, ``url`` (appended to the text; a post's URL makes a
quote post) and ``in_reply_to`` (the id of the post answered).
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

INTENT_BASE = "https://x.com/intent/post"


def intent_url(text: str, *, in_reply_to: str | None = None, url: str | None = None) -> str:
    """``https://x.com/intent/post?text=…[&url=…][&in_reply_to=…]``, every value percent-encoded (spaces as %20,
    which X's composer keeps as spaces)."""
    params = {"text": text}
    if url:
        params["url"] = url
    if in_reply_to:
        params["in_reply_to"] = in_reply_to
    return f"{INTENT_BASE}?{urlencode(params, quote_via=quote)}"


def opener_intent(kind: str, draft: str, *, post_id: str | None, post_url: str | None) -> str:
    """The intent for one opener: a reply answers its post, a share carries the post's link, a hello is a post."""
    if kind == "reply" and post_id:
        return intent_url(draft, in_reply_to=post_id)
    if kind == "share" and post_url:
        return intent_url(draft, url=post_url)
    return intent_url(draft)
