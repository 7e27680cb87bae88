"""Picking the post to reply to and the post to share: pure, deterministic and explained.

Scores multiply independent factors so each reason can be read on its own:

* recency: halves every ``half_life`` days (conversations go cold; a reply to a stale post reads odd);
* invitation: a question or an explicit invitation to discuss is the easiest door to knock on;
* place in the conversation: their own posts and thread starts, not a reply deep in someone else's thread;
* engagement relative to *their* median, so a small account's good day counts as much as a big account's;
* the team's topics, when configured.
"""

from __future__ import annotations

import functools
import math
import re
import statistics
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from bot.openers.acts import directed, greets, statement_act
from bot.openers.context import ScoredPost, authored_posts, post_url
from bot.openers.language import post_language, primary
from bot.openers.phrases import matching_topic
from bot.openers.tone import post_tone
from bot.text import (
    MENTION,
    QUESTION_MARKS,
    collapse_whitespace,
    decode_entities,
    ends_with_question,
    has_question_mark,
    say_age,
    strip_urls,
    words,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from bot.networks.base import NetworkPost
    from bot.openers.context import OpenerContext

REPLY_HALF_LIFE_DAYS = 2.0
REPLY_MAX_AGE_DAYS = 14.0
SHARE_HALF_LIFE_DAYS = 7.0
SHARE_MAX_AGE_DAYS = 30.0
SHARE_MIN_ENGAGEMENT_RATIO = 1.5
SHARE_MIN_INTERACTIONS = 3  # below this, "did well" is noise (one like against a median of zero)
MIN_SUBSTANTIVE_WORDS = 3  # a bare link or a lone emoji gives a reply nothing to talk about

# A question or invitation is the easiest door to knock on; a question buried mid-post, less so.
INVITATION_WEIGHTS: dict[str | None, float] = {
    "help": 2.5,
    "question": 2.5,
    "invitation": 2.5,
    "inner_question": 1.5,
    None: 1.0,
}
TOPIC_WEIGHT = 1.5
ENGAGEMENT_WEIGHT_RANGE = (0.5, 2.0)  # sqrt of the ratio, clamped: engagement informs, it doesn't dominate
NOTABLE_ENGAGEMENT_RATIO = 1.5  # from here on the ratio is worth saying in `why`

# Place of a post in a conversation -> (weight, how `why` says it).
ROLE_WEIGHTS: dict[str, tuple[float, str]] = {
    "original": (1.0, "their own post"),
    "thread_start": (1.0, "starts their thread"),
    "quote": (0.9, "their own quote post"),
    "own_thread": (0.6, "inside their own thread"),
    "own_conversation": (0.45, "a reply in a conversation they started"),
    "others_conversation": (0.15, "a reply in someone else's conversation"),
}
INVITATION_PHRASES = re.compile(
    r"(?i)\b(?:what do (?:you|y'all|you all|folks|people) think|thoughts\s*\?|any thoughts|your thoughts|"
    r"(?:does|has|is|did|would|can) anyone|anyone (?:else|know|tried|here|using|have|got)|"
    r"curious (?:what|how|if|whether|to hear)|(?:would )?love to hear|let me know|tell me|"
    r"what(?:'s| is| are) your|how do you|how are you all|who else|recommendations?\s*\?|"
    r"ask me anything|\bama\b|open question|change my mind|agree or disagree)"
)


HELP_REQUEST = re.compile(
    r"(?i)\b(?:(?:can|could|does|do|would|will|has|have)\s+(?:any\s*(?:one|body)|some\s*(?:one|body)|you\s+all|y'?all|"
    r"folks|people)\s+(?:here\s+)?(?:please\s+)?(?:recommend|suggest|know|help|point|tell|share|advise|explain)|"
    # "Anyone have a good espresso grinder recommendation?": up to three words name what is wanted.
    r"(?:any\s*(?:one|body))\s+(?:know|recommend|suggest|"
    r"have\s+(?:a|any)\s+(?:[\w-]+\s+){0,3}?(?:recommendation|suggestion|tip|idea)s?\b)|"
    r"looking\s+for\s+(?:some\s+|any\s+)?(?:advice|recommendations?|suggestions?|tips|help|pointers|resources)|"
    r"any\s+(?:recommendations?|suggestions?|tips|advice|pointers|ideas)\b|"
    r"(?:need|want|could\s+use)\s+(?:some\s+|your\s+)?(?:help|advice|recommendations?|suggestions?|tips|pointers)|"
    r"\bhelp\s+(?:needed|wanted|please)|\bplease\s+help|how\s+do\s+(?:i|we)\b|"
    r"what(?:'s|\s+is)\s+the\s+best\s+(?:way|tool|app|book|resource|place|software|method)s?\b|recommend\s+me\b)"
)
"""A request for help or a recommendation: it wants an offer or a question about the details, not an opinion."""

PERSONAL_MILESTONE = re.compile(
    r"(?i)\b(?:(?:\d+|one|two|three|four|five|ten|twenty|thirty|forty|fifty)\s+years?\s+(?:of\s+)?"
    r"(?:marriage|married|together|wed)|(?:wedding|marriage)\s+anniversary|our\s+anniversary|"
    r"(?:my|our|his|her|their)\s+(?:[\w'’]+\s+)?birthday|birthday\s+(?:girl|boy|today)|"
    r"i(?:'m|\s+am)\s+\d{1,3}\s+today|(?:just\s+)?got\s+(?:married|engaged)|"
    r"(?:we(?:'re|\s+are)|i(?:'m|\s+am))\s+(?:engaged|expecting|pregnant)|"
    r"(?:welcomed?|meet)\s+(?:our|my)\s+(?:new\s+)?(?:baby|son|daughter|grandson|granddaughter))\b"
)
"""A personal milestone (a wedding anniversary, a birthday, an engagement, a birth): a stranger's template
answers it with a question fit for a topic ("What would you tell someone just starting out with it?" to 28
years of marriage), and sharing it is worse; such a post is no target, nor a hello's topic."""


def _as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _age_hours(post: NetworkPost, now: datetime) -> float:
    return max(0.0, (_as_utc(now) - _as_utc(post.created_at)).total_seconds() / 3600)


def engagement(post: NetworkPost) -> int:
    return post.like_count + post.reply_count + post.repost_count + post.quote_count


def engagement_norm(posts: Iterable[NetworkPost]) -> float:
    """Median engagement of their own posts; reposts are left out because they carry the original's counts."""
    counts = [engagement(post) for post in posts if not post.is_repost]
    return float(statistics.median(counts)) if counts else 0.0


def engagement_ratio(post: NetworkPost, norm: float) -> float:
    # +1 on both sides: a post with 3 likes against a median of 0 is good, not infinitely good.
    return (engagement(post) + 1) / (norm + 1)


def conversation_role(post: NetworkPost, own_posts: Sequence[NetworkPost]) -> str:
    """Where ``post`` sits in a conversation, one of :data:`ROLE_WEIGHTS`' keys (reposts are not handled)."""
    if not post.is_reply:
        continues_thread = any(
            other.is_reply and other.is_self_reply and other.conversation_id == post.id and other.id != post.id
            for other in own_posts
        )
        if continues_thread:
            return "thread_start"
        return "quote" if post.quoted_post_id is not None else "original"
    if post.is_self_reply:
        return "own_thread"
    own_roots = {other.id for other in own_posts if not other.is_reply}
    if post.conversation_id is not None and post.conversation_id in own_roots:
        return "own_conversation"
    return "others_conversation"


def _text_without_trailing_decoration(text: str) -> str:
    text = collapse_whitespace(MENTION.sub(" ", strip_urls(text)))
    text = re.sub(r"(?:\s*#\w+)+$", "", text)
    # Drop trailing emoji, quotes and brackets so "…agree? 🤔" still ends with its question mark.
    while text and not (text[-1].isalnum() or text[-1] in QUESTION_MARKS or text[-1] in ".!"):
        text = text[:-1].rstrip()
    return text


TAG_QUESTION = re.compile(
    r"(?i)(?:\b(?:is|are|was|were|do|does|did|has|have|had|can|could|would|will|should)n['’]?t\s+(?:it|they|you|he|she|"
    r"we|there|i|that|this)|\b(?:right|innit|eh|amirite)|\bor\s+what)\s*[?!？]+[\W_]*$"
)
"""A question tag closing a statement ("It's hard to tell, isn't it?!", "Best day ever, right?"): it asks for
agreement, not an answer; the post is a statement."""


@functools.lru_cache(maxsize=4096)
def invitation_kind(text: str) -> Literal["help", "question", "invitation", "inner_question"] | None:
    """Whether a post invites an answer: a request for help or a recommendation (:data:`HELP_REQUEST`, whether or
    not it ends with a question mark), a closing question, an explicit invitation, or a question inside it."""
    bare = _text_without_trailing_decoration(text)
    if HELP_REQUEST.search(decode_entities(bare)):
        return "help"
    if TAG_QUESTION.search(bare):
        return "invitation" if INVITATION_PHRASES.search(bare) else None
    if ends_with_question(bare):
        return "question"
    if INVITATION_PHRASES.search(bare):
        return "invitation"
    if has_question_mark(bare):
        return "inner_question"
    return None


def suitable(post: NetworkPost, context: OpenerContext) -> bool:
    """Whether an opener may answer, share or quote ``post``: in the team's language (the tone lists and
    classifiers read that language only), no personal milestone (:data:`PERSONAL_MILESTONE`), and neither sensitive
    nor hostile (see :mod:`bot.openers.tone`)."""
    if post_language(post) != primary(context.language):
        return False
    if PERSONAL_MILESTONE.search(decode_entities(post.text)):
        return False
    return post_tone(post, context.known_posts, context.sensitive_threads).ok


def _substantive(text: str) -> bool:
    cleaned = MENTION.sub(" ", strip_urls(text))
    return len(words(cleaned)) >= MIN_SUBSTANTIVE_WORDS


def _engagement_weight(ratio: float) -> float:
    low, high = ENGAGEMENT_WEIGHT_RANGE
    return min(high, max(low, math.sqrt(ratio)))


def _engagement_reason(ratio: float) -> str | None:
    if ratio >= NOTABLE_ENGAGEMENT_RATIO:
        return f"{ratio:.1f}× their usual engagement"
    return None


def pick_reply_post(context: OpenerContext, *, now: datetime) -> ScoredPost | None:
    """The recent post of theirs most worth replying to (the first of :func:`reply_posts`), or None."""
    return next(iter(reply_posts(context, now=now)), None)


def welcomes_a_stranger(post: NetworkPost, context: OpenerContext) -> bool:
    """Whether a stranger's reply or share fits what ``post`` does (:mod:`bot.openers.acts`): not when it is
    written to someone else (unless the team joins conversations, as in a List it watches), not when it is an
    advert, and not when it is a greeting, a wish, thanks or the author's own feelings and day, unless it asks the
    public something."""
    if directed(post.text, context.account.handle) and not context.joins_conversations:
        return False
    if greets(post.text):
        return False  # a greeting or a wish ("Happy birthday …") wants "happy birthday" back, not a question
    act = statement_act(post.text, context.account.handle)
    if act == "advert":
        return False  # a price, a follow-back call or "look no further" after its question: an ad, not a question
    invitation = invitation_kind(post.text)
    if invitation is not None and invitation != "inner_question":
        return True
    # A question inside a post about their day ("I finally have a surgery date after 14 months? 😭") is not asked.
    return act != "personal"


def reply_posts(context: OpenerContext, *, now: datetime) -> list[ScoredPost]:
    """Their recent posts worth replying to, best first; ``[]`` when none qualifies.

    Qualifies: theirs, not a repost, :func:`suitable`, :func:`welcomes_a_stranger`, at most
    :data:`REPLY_MAX_AGE_DAYS` old, a few words long. They are ordered by the product of recency, invitation, place
    in the conversation, relative engagement and topic; ties go to the newer post (the input order), so the order
    is deterministic. The caller takes the first it can write a fitting reply to.
    """
    own_posts = authored_posts(context)
    norm = engagement_norm(own_posts)
    ranked: list[ScoredPost] = []
    for post in own_posts:
        if post.is_repost or not _substantive(post.text) or not suitable(post, context):
            continue
        if not welcomes_a_stranger(post, context):
            continue
        age_hours = _age_hours(post, now)
        if age_hours > REPLY_MAX_AGE_DAYS * 24:
            continue
        recency = 0.5 ** (age_hours / 24 / REPLY_HALF_LIFE_DAYS)
        invitation = invitation_kind(post.text)
        invitation_weight = INVITATION_WEIGHTS[invitation]
        role = conversation_role(post, own_posts)
        if role == "others_conversation" and invitation is None and not context.joins_conversations:
            continue  # their aside in someone else's thread ("Yay!! Me too") is not ours to answer unless it asks
        role_weight, role_reason = ROLE_WEIGHTS[role]
        ratio = engagement_ratio(post, norm)
        topic = matching_topic(post.text, context.topics)
        score = recency * invitation_weight * role_weight * _engagement_weight(ratio) * (TOPIC_WEIGHT if topic else 1)

        opening = {
            "help": "asked for help",
            "question": "asked a question",
            "invitation": "invited discussion",
            "inner_question": "asked something",
        }.get(invitation or "", "posted")
        reasons = [f"{opening} {say_age(age_hours)}", role_reason]
        if (engagement_reason := _engagement_reason(ratio)) is not None:
            reasons.append(engagement_reason)
        if topic:
            reasons.append(f"on your topic “{topic}”")
        candidate = ScoredPost(
            post=post,
            url=post_url(context.account.handle, post.id),
            score=score,
            reasons=tuple(reasons),
            engagement_ratio=ratio,
            age_hours=age_hours,
            invites_conversation=invitation in {"help", "question", "invitation"},
            topic=topic,
        )
        ranked.append(candidate)
    # sorted() is stable: equal scores keep the input order, newest first.
    return sorted(ranked, key=lambda candidate: -candidate.score)


def pick_share_post(context: OpenerContext, *, now: datetime) -> ScoredPost | None:
    """Their own original post that did best against their norm, or None when nothing stands out.

    Qualifies: theirs, neither a reply nor a repost nor a question, :func:`suitable`, :func:`welcomes_a_stranger`,
    at most :data:`SHARE_MAX_AGE_DAYS` old, at least
    :data:`SHARE_MIN_ENGAGEMENT_RATIO` × their median engagement and :data:`SHARE_MIN_INTERACTIONS` interactions.
    """
    own_posts = authored_posts(context)
    norm = engagement_norm(own_posts)
    best: ScoredPost | None = None
    for post in own_posts:
        if post.is_repost or post.is_reply or not _substantive(post.text) or not suitable(post, context):
            continue
        if not welcomes_a_stranger(post, context) or invitation_kind(post.text) is not None:
            continue  # sharing a greeting, a message to someone else or a question ("Worth a read") reads as a bot
        age_hours = _age_hours(post, now)
        ratio = engagement_ratio(post, norm)
        if (
            age_hours > SHARE_MAX_AGE_DAYS * 24
            or ratio < SHARE_MIN_ENGAGEMENT_RATIO
            or engagement(post) < SHARE_MIN_INTERACTIONS
        ):
            continue
        recency = 0.5 ** (age_hours / 24 / SHARE_HALF_LIFE_DAYS)
        topic = matching_topic(post.text, context.topics)
        score = ratio * recency * (TOPIC_WEIGHT if topic else 1)
        reasons = [f"{ratio:.1f}× their usual engagement", f"posted {say_age(age_hours)}"]
        if topic:
            reasons.append(f"on your topic “{topic}”")
        candidate = ScoredPost(
            post=post,
            url=post_url(context.account.handle, post.id),
            score=score,
            reasons=tuple(reasons),
            engagement_ratio=ratio,
            age_hours=age_hours,
            invites_conversation=invitation_kind(post.text) in {"help", "question", "invitation"},
            topic=topic,
        )
        if best is None or candidate.score > best.score:
            best = candidate
    return best
