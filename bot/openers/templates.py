"""Template drafts: a reply, a hello and a share, worded from fixed templates around the account's own words.

Every template asks or offers, never claims: nothing in a draft asserts a fact Circlebot doesn't know
(we know a seed follows them; we don't know the seed "speaks highly" of them). {phrase} comes from their
own words, {them}/{seed} are cleaned handles. No draft starts with "@": X would show it only to people who
follow both accounts, which defeats a hello or a share.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from bot.openers.context import MAX_DRAFT_LENGTH, Opener, authored_posts, strongest_seed
from bot.openers.phrases import key_phrase, matching_topic, recurring_words
from bot.openers.picking import pick_reply_post, pick_share_post
from bot.text import MENTION, clean_excerpt, clean_handle, collapse_whitespace, neutralize_mentions, shorten

if TYPE_CHECKING:
    import re
    from collections.abc import Iterable, Sequence
    from datetime import datetime

    from bot.openers.context import OpenerContext, ScoredPost

REPLY_QUESTION_TEMPLATES = (
    "Good question on {phrase}. Curious what got you thinking about it — are you leaning one way yet?",
    "Following this one on {phrase}. What's your own take so far?",
    "Interested in where this lands on {phrase}. What have you tried already?",
    "Great question. Is {phrase} something you're running into right now, or more of a long-standing itch?",
)
REPLY_QUESTION_TEMPLATES_PLAIN = (
    "Good question. Curious what got you thinking about it — are you leaning one way yet?",
    "Following this one. What's your own take so far?",
    "Interested in where this lands. What have you tried already?",
)
REPLY_STATEMENT_TEMPLATES = (
    "Really interesting take on {phrase}. What led you to it?",
    "Thanks for writing this up on {phrase}. What's the part people most often miss?",
    "Appreciate you sharing this about {phrase}. What would you add with more room?",
    "This on {phrase} got us thinking. How did you arrive at it?",
)
REPLY_STATEMENT_TEMPLATES_PLAIN = (
    "Really interesting take. What led you to it?",
    "Thanks for sharing this. What's the part people most often miss?",
    "Appreciate you putting this out there. What would you add with more room?",
)
HELLO_TEMPLATES = (
    "Hi @{them} — we found you through @{seed}, and what you share about {topic} caught our eye. Glad to connect!",
    "Hello @{them}! You came up via @{seed}, whose picks we trust. Enjoying your posts on {topic}.",
    "Hi @{them}, saying hello since @{seed} follows you and we value their taste. Looking forward to more on {topic}.",
    "Hey @{them} — @{seed} led us to you. Your thoughts on {topic} are right up our street; say hi anytime.",
)
HELLO_TEMPLATES_NO_TOPIC = (
    "Hi @{them} — we found you through @{seed} and wanted to say hello. Glad to be connected!",
    "Hello @{them}! You came up via @{seed}, whose picks we trust, so we wanted to say hi.",
    "Hey @{them} — @{seed} led us to you. Looking forward to following along.",
)
HELLO_TEMPLATES_NO_SEED = (
    "Hi @{them} — we've been enjoying what you share about {topic}. Glad to be connected!",
    "Hello @{them}! Your posts on {topic} caught our eye, so we wanted to say hi.",
)
HELLO_TEMPLATES_BARE = (
    "Hi @{them} — wanted to say hello. Glad to be connected!",
    "Hello @{them}! Looking forward to following along.",
)
SHARE_TEMPLATES = (
    "Worth a read from @{them} on {phrase}.",
    "From @{them} on {phrase} — worth your time.",
    "A clear take on {phrase} from @{them}.",
    "Sharing this from @{them} on {phrase}.",
)
SHARE_TEMPLATES_PLAIN = (
    "Worth a read from @{them}.",
    "Sharing this from @{them} — worth your time.",
    "A good one from @{them}.",
)


def _choose(templates: Sequence[str], account_id: str, kind: str) -> str:
    # hashlib, not hash(): Python salts str hashes per process, and the digest must not reshuffle on restart.
    digest = hashlib.sha256(f"{account_id}:{kind}".encode()).digest()
    return templates[int.from_bytes(digest[:8], "big") % len(templates)]


def _finish(draft: str, *, allowed_handles: Iterable[str | None]) -> str:
    """The last guard every draft passes: one line, no mass mentions, no stray mentions, within X's length."""
    allowed = {handle.casefold() for handle in allowed_handles if handle}

    def keep_allowed(match: re.Match[str]) -> str:
        # A topic or phrase that happens to hold "@someone" must not tag a stranger: drop the at sign.
        return match.group(0) if match.group(1).casefold() in allowed else match.group(1)

    draft = MENTION.sub(keep_allowed, neutralize_mentions(draft))
    return shorten(collapse_whitespace(draft), MAX_DRAFT_LENGTH)


def _hello_topic(context: OpenerContext, reply: ScoredPost | None) -> tuple[str | None, str | None]:
    """A topic for the hello and where it came from: the team's topic in their bio or posts, else their bio."""
    bio = context.account.bio
    if (topic := matching_topic(bio, context.topics)) is not None:
        return topic, f"bio mentions your topic “{topic}”"
    for post in authored_posts(context):
        if not post.is_repost and (topic := matching_topic(post.text, context.topics)) is not None:
            return topic, f"posts about your topic “{topic}”"
    recurring = recurring_words(context)
    if (phrase := key_phrase(bio, recurring)) is not None:
        return phrase, None
    if reply is not None and (phrase := key_phrase(reply.post.text, recurring)) is not None:
        return phrase, None
    return None, None


def _reply_opener(context: OpenerContext, picked: ScoredPost) -> Opener:
    phrase = picked.topic or key_phrase(picked.post.text, recurring_words(context))
    if picked.invites_conversation:
        templates = REPLY_QUESTION_TEMPLATES if phrase else REPLY_QUESTION_TEMPLATES_PLAIN
    else:
        templates = REPLY_STATEMENT_TEMPLATES if phrase else REPLY_STATEMENT_TEMPLATES_PLAIN
    draft = _choose(templates, context.account.id, "reply").format(phrase=phrase)
    return Opener(
        kind="reply",
        draft=_finish(draft, allowed_handles=()),
        post_id=picked.post.id,
        post_url=picked.url,
        post_excerpt=clean_excerpt(picked.post.text),
        why=picked.why,
        written_by="template",
    )


def _hello_opener(context: OpenerContext, reply: ScoredPost | None) -> Opener:
    them = clean_handle(context.account.handle)
    seed = strongest_seed(context)
    topic, topic_reason = _hello_topic(context, reply)
    if seed and topic:
        templates = HELLO_TEMPLATES
    elif seed:
        templates = HELLO_TEMPLATES_NO_TOPIC
    elif topic:
        templates = HELLO_TEMPLATES_NO_SEED
    else:
        templates = HELLO_TEMPLATES_BARE
    draft = _choose(templates, context.account.id, "hello").format(them=them, seed=seed, topic=topic)

    reasons: list[str] = []
    if seed:
        others = sum(1 for handle in context.shared_seed_handles if clean_handle(handle)) - 1
        reasons.append(f"followed by your seed @{seed}" + (f" and {others} more" if others > 0 else ""))
    else:
        reasons.append("no shared seed to mention")
    if topic_reason:
        reasons.append(topic_reason)
    return Opener(
        kind="hello",
        draft=_finish(draft, allowed_handles=(them, seed)),
        post_id=None,
        post_url=None,
        post_excerpt=None,
        why="; ".join(reasons),
        written_by="template",
    )


def _share_opener(context: OpenerContext, picked: ScoredPost) -> Opener:
    them = clean_handle(context.account.handle)
    phrase = picked.topic or key_phrase(picked.post.text, recurring_words(context))
    templates = SHARE_TEMPLATES if phrase else SHARE_TEMPLATES_PLAIN
    draft = _choose(templates, context.account.id, "share").format(them=them, phrase=phrase)
    return Opener(
        kind="share",
        draft=_finish(draft, allowed_handles=(them,)),
        post_id=picked.post.id,
        post_url=picked.url,
        post_excerpt=clean_excerpt(picked.post.text),
        why=picked.why,
        written_by="template",
    )


def template_openers(context: OpenerContext, *, now: datetime) -> list[Opener]:
    """Openers from templates: a reply and a share when a post qualifies, and always a hello (in that order)."""
    reply = pick_reply_post(context, now=now)
    share = pick_share_post(context, now=now)
    openers: list[Opener] = []
    if reply is not None:
        openers.append(_reply_opener(context, reply))
    openers.append(_hello_opener(context, reply))
    if share is not None:
        openers.append(_share_opener(context, share))
    return openers
