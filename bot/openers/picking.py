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
import itertools
import math
import re
import statistics
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from bot.openers.acts import directed, discloses_own_health, greets, statement_act
from bot.openers.context import ScoredPost, authored_posts, post_url
from bot.openers.language import post_language, primary
from bot.openers.media import medium
from bot.openers.phrases import matching_topic
from bot.openers.tone import LAUGHTER, offensive, post_tone
from bot.text import (
    HASHTAG,
    MENTION,
    QUESTION_MARKS,
    collapse_whitespace,
    contains_url,
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
    r"(?:does|has|is|did|would|can) anyone(?!['’]s)|anyone (?:else|know|tried|here|using|have|got)|"
    r"curious (?:what|how|if|whether|to hear)|(?:would )?love to hear|let me know|"
    # "Tell me about …", not "my mama will tell me where …" (see _addressed_invitation) or the dismayed "Please
    # tell me that's not …", "Tell me why he …".
    r"tell me (?:about|your|what|how|which|where|who|more|a story|the story|something|everything)\b|"
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
    r"any\s+(?:[\w/-]+\s+){0,3}?(?:recommendations?|suggestions?|tips|advice|pointers|ideas)\b|"
    # "Is there an R equivalent package of …?", "Is there a way to …?", "Has anyone been able to …?": a tool or a
    # way is wanted, not an opinion.
    r"is\s+there\s+(?:a|an|any)\s+(?:[\w/-]+\s+){0,4}?(?:way|package|tool|app|library|equivalent|alternative|"
    r"resource|guide|plugin|extension|service|website|site)s?\b|"
    r"(?:has|have)\s+any\s*(?:one|body)\s+(?:here\s+)?(?:been\s+able|tried|used|found|managed|done|solved|fixed)\b|"
    r"what\s+do\s+i\s+do\b|what(?:'s|\s+is)\s+the\s+(?:verb|word|term|name)\s+for\b|"
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


# What follows tells a question that asks the reader from one that only has a question's form. Rhetorical questions
# "are in the form of a question, although they are not looking for a response" and "have the function of a
# statement" (Ranganath et al. 2016, "Identifying Rhetorical Questions in Social Media", ICWSM); Oraby et al. 2017
# ("Are you serious?: Rhetorical Questions and Sarcasm in Social Media Dialog", SIGDIAL) find them used on Twitter
# to persuade, mock or make a point, and collect them as questions their writer answers in the same post. Both
# lean on context we don't have (the user's previous posts, the thread); the rules here read the post's own words.

QUOTED = re.compile(r"“[^”\n]{0,240}”|\"[^\"\n]{0,240}\"|«[^»\n]{0,240}»|\([^()\n]{0,120}\)")
"""A quotation or a parenthesis: a question inside one is someone else's words ("“Is the monarchy racist?”") or
an aside ("jam (jelly?)", "my sweet seventeen (?)"), not what the post asks."""

RETWEET_OR_QUOTE = re.compile(r"(?i)(?<=\S)\s*\bRT\s+[@＠]\w+\s*:.*$|[“\"]\s*[@＠]\w+\s*:[^”\"]*[”\"]?", re.DOTALL)
"""An old-style retweet or quote after the post's own words ("Err, twist? RT @venue: …", "True? “@reporter: …”"):
those words are theirs. A post that is all retweet ("RT @venue: …") is read as the post it repeats."""

REPORTED_SPEECH = re.compile(
    r"(?i)\b(?:asked|asks|said|says|wrote|writes|texted|messaged|slipped\s+in\s+a\s+dm|tweeted|told\s+(?:me|us))"
    r"\b[^.!?\n:]{0,30}:.*$|^\s*[#＃]?\w+\s+to\s+[#＃@]?\w+\s*:.*$",
    re.DOTALL | re.MULTILINE,
)
"""Words the post reports, after a reporting verb and a colon ("somebody slipped in a DM: brother, how can you …")
or a dialogue label ("#HAN to #HYUNJIN: are you happy out there?"): a question in them was asked of someone else."""

SENTENCE_BREAK = re.compile(r"(?<=[.!?？؟…])\s+|\n+")
TERMINAL = re.compile(r"[.!?？؟…]+$")

RHETORICAL_OPENER = re.compile(
    r"(?i)^(?:\W*(?:and|but|so|ok|okay|oh|y'?all|wait|seriously|honestly)\W+)*(?:"
    # A hypothesis offered for fun ("What if this account … ended up with more followers than …?").
    r"what\s+if\b|"
    # Trivia and teasers answer themselves ("Did you know Dave Grohl & Jimmy used to co-star …?").
    r"did\s+(?:you|ya|y'?all)\s+know\b|(?:do|did)\s+you\s+know\s+what\b|guess\s+what\b|"
    # A news teaser asking whether a rumour it reports is true ("Is it true? Prince rumoured to be performing …").
    r"is\s+(?:it|this|that)\s+(?:true|real)\b|"
    # Outrage and mockery that expect no answer.
    r"how\s+(?:are|is|do|does|can)\s+(?:they|these\s+people|people|we|you)\s+still\b|"
    r"why\s+would\s+any\s*(?:one|body)\b|who\s+even\b|who\s+(?:cares|knew|asked)\b|since\s+when\b|"
    r"what\s+could\s+(?:possibly\s+)?go\s+wrong\b|what(?:'s|\s+is)\s+not\s+to\s+(?:love|like)\b|"
    r"are\s+you\s+(?:kidding|serious|joking|for\s+real)\b|how\s+about\s+(?!you\b|we\b|y'?all\b)[a-z]+\b|"
    r"what\s+gives\b)"
)
"""Question openers that don't ask: a "what if" joke, a "did you know" teaser, the outraged "how are they still
…?". An "Is it just me or …?" or "Am I the only one who …?" does want answers ("no, me too"), and stays a
question."""

RHETORICAL_ANYWHERE = re.compile(
    r"(?i)\b(?:how|what|why|who|where)\s+(?:on\s+earth|the\s+(?:hell|heck|fuck)|tf|in\s+the\s+world)\b|"
    r"\bhow\s+dare\b|\bwho\s+(?:does|says)\s+that\b|\bwhy\s+(?:is|are)\s+(?:it|this|that)\s+(?:always|so)\b"
)
"""Exasperation inside a question ("how on earth have we managed to pull Conte off??")."""

THINK_SO = re.compile(
    r"(?i)\b(?:do|does)\s+(?:you|anyone|anybody|they)\s+(?:really\s+|honestly\s+|seriously\s+|actually\s+|even\s+)?"
    r"(?:think|believe|expect|imagine)\s+(?!i\b|we\b|i'd\b|we'd\b)"
)
"""A "do you (really) think …" question; followed by the writer's own statement ("Do you think these cases are
going to rely on evidence? If they want you, they will take you.") it is answered in the post (Oraby et al.'s
self-answered question). "Do you think I could have …" is a request, and stays one."""

SELF_ANSWER = re.compile(
    r"(?i)^\W*(?:no|nope|nah|yes|yep|of\s+course|exactly|obviously|hell\s+no|didn'?t\s+think\s+so)\b"
)

CALL_TO_ACTION = re.compile(
    r"(?i)^\W*(?:find\s+out|learn\s+(?:more|and\s+earn)|read\s+more|discover|check\s+(?:it\s+|this\s+|them\s+)?out|"
    r"check\s+the|apply|register|sign\s+up|join\s+us|book\s+(?:now|your|here)|get\s+your|download|subscribe|"
    r"click|visit|tune\s+in|now\s+you\s+can)\b"
)
"""A sentence telling the reader what to do next: the post's questions ("Want to learn more about X?", "Are you a
doctoral student?") lead to it, a promotion's teaser, and its answer is the link."""

AUDIENCE_QUESTION = re.compile(
    r"(?i)\byour\b|\byours\b|\b(?:do|did|would|have|could|should)\s+(?:you|y'?all|ya|u)\b|"
    r"\bcan\s+(?:you|y'?all|u)\b|\b(?:is|are)\s+(?:this|that|these|those|it)\b|\bshould\s+(?:i|we)\b|\bwhich\b|"
    r"\b(?:my|our)\b|🤔"
)
"""In a lone question captioning a link, words that ask the reader's own view ("Which is your favourite?", "Is this
the right call? 🤔", "Which kid do you think would say …?") or about the writer's own thing ("Why does my plot …?")."""

TOPIC_LABEL = re.compile(r"^\W*[\w#+.-]+(?:\s+[\w#+.-]+){0,3}\s*:\s*\S")
"""A label before the question ("SCSS: why is it …?", "Question: if I ask you …"): a question put to the field."""

_CONTENT_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_TITLE_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "but",
        "or",
        "nor",
        "for",
        "so",
        "yet",
        "as",
        "at",
        "by",
        "in",
        "of",
        "off",
        "on",
        "per",
        "to",
        "up",
        "via",
        "with",
        "from",
        "into",
        "onto",
        "over",
        "than",
        "vs",
    ]
)
_QUESTION_WORD_INSIDE = re.compile(
    r"(?i:\b(?:for|on|of|about|titled|called|entitled|panel|talk|session|workshop|paper|book|article|episode|chapter|"
    r"keynote|webinar|podcast)\s)(?:Can|Could|Is|Are|Was|Were|Do|Does|Did|Will|Would|Should|What|Why|How|Who|Where|When|Which)\s+"
    r"(?:[\w'’-]+\s+){1,8}?[\w'’-]+\s*[?？]"
)
"""A capitalised question word mid-sentence ("… panel Can the Digital Do Justice?", "booking information for What
can we learn about love from lichen?"): the title of a talk, a panel, a book or an article."""

_REACTIONS = frozenset(
    [
        "really",
        "seriously",
        "srsly",
        "huh",
        "eh",
        "err",
        "erm",
        "um",
        "umm",
        "wtf",
        "wth",
        "wat",
        "what",
        "wut",
        "allegedly",
        "twist",
        "again",
        "lol",
        "lmao",
        "oh",
        "okay",
        "ok",
        "sure",
        "no",
        "yes",
        "yeah",
        "yep",
        "yeah",
        "nope",
        "what's",
    ]
)
MOCKING_CASE = re.compile(r"\b[A-Za-z]{4,}\b")
_WORD_ONLY_ANSWERS = frozenset(
    # "Thoughts?", "Anyone?", "You?" ask; so may a lone "Why?" (though "Why? Because …" answers itself).
    [
        "thoughts",
        "anyone",
        "anybody",
        "ideas",
        "suggestions",
        "recommendations",
        "opinions",
        "advice",
        "tips",
        "agree",
        "disagree",
        "you",
        "yours",
        "why",
        "how",
        "what",
        "who",
        "where",
        "when",
        "which",
    ]
)


def _mocking(word: str) -> bool:
    """Alternating case ("HaPpY"), the mocking meme; camel case ("YouTube", "McDonald") alternates far less."""
    changes = sum(1 for left, right in itertools.pairwise(word) if left.isupper() != right.isupper())
    return changes >= 3 and changes >= 0.8 * (len(word) - 1)


def _title_case(sentence: str) -> bool:
    """A headline or a title ("Are There No Happy Gay People?"): every word of three or more capitalised, small
    words aside, and not all capitals (shouting is told apart by :func:`_shouted`)."""
    found = [word for word in _CONTENT_WORD.findall(sentence) if word.casefold() not in _TITLE_SMALL_WORDS]
    return len(found) >= 4 and all(word[0].isupper() for word in found) and not _shouted(sentence)


def _shouted(sentence: str) -> bool:
    letters = [char for char in sentence if char.isalpha()]
    return len(letters) >= 4 and sum(char.isupper() for char in letters) >= 0.8 * len(letters)


def _statement_lines(text: str) -> str:
    """The post's own words: entities decoded, retweeted, quoted, reported and bracketed words, links, mentions and
    hashtags out; line breaks kept, since a post's lines are often its sentences."""
    text = decode_entities(text)
    text = RETWEET_OR_QUOTE.sub(" ", text)
    text = QUOTED.sub(" ", text)
    text = REPORTED_SPEECH.sub(" ", text)
    text = MENTION.sub(" ", strip_urls(text))
    text = re.sub(r"(?i)^\s*RT\s*:", " ", text)
    # Hashtags closing a line are labels ("#straykids #han"); inside a sentence they are words ("Is #Prince in …?").
    text = re.sub(r"(?m)(?:\s*(?<![\w#＃])[#＃]\w+)+(?=[^\w\n]*$)", " ", text)
    return re.sub(r"(?<![\w#＃])[#＃](?=\w)", "", text)


def _question_asks(sentence: str, following: str | None) -> bool:
    """Whether one question sentence (its final ``?`` included) asks the reader something; ``following`` is the
    post's next sentence, if any."""
    bare_sentence = _text_without_trailing_decoration(sentence)
    ending = TERMINAL.search(bare_sentence)
    terminal = ending.group(0) if ending else ""
    found = _CONTENT_WORD.findall(bare_sentence)
    if INVITATION_PHRASES.search(bare_sentence) and "!" not in terminal:
        return True
    if "!" in terminal:  # "How are they still "not valid"?!", "DID YOU KNOW that …?!": exclaimed, not asked
        return False
    if len(found) <= 2:
        words_said = {word.casefold().replace("’", "'") for word in found}
        if words_said <= _REACTIONS:
            return False  # a reaction ("Really??", "Err, twist?", "Allegedly?", ", no?")
        if following is not None and not has_question_mark(following) and not words_said & _WORD_ONLY_ANSWERS:
            return False  # an echo the writer comments on ("Standing guard? Looks like a coffee break.")
    if _shouted(bare_sentence) or _title_case(bare_sentence) or _QUESTION_WORD_INSIDE.search(bare_sentence):
        return False
    if any(_mocking(word) for word in MOCKING_CASE.findall(bare_sentence)):
        return False
    if RHETORICAL_OPENER.search(bare_sentence) or RHETORICAL_ANYWHERE.search(bare_sentence):
        return False
    answered = following is not None and not has_question_mark(following) and bool(following.strip(" \t.…"))
    if answered and THINK_SO.search(bare_sentence):
        return False
    return not (following is not None and SELF_ANSWER.match(following))


def _asked_sentences(text: str) -> tuple[list[str], list[str]]:
    """The post's sentences and, of them, the questions that ask the reader something (see :func:`_question_asks`
    and the post-wide rules: a promotion's teasers, a lone question captioning a link)."""
    sentences = [part.strip() for part in SENTENCE_BREAK.split(_statement_lines(text)) if part and part.strip()]
    sentences = [part for part in sentences if _CONTENT_WORD.search(part) or has_question_mark(part)]
    questions = [(index, sentence) for index, sentence in enumerate(sentences) if has_question_mark(sentence)]
    asked = [
        sentence
        for index, sentence in questions
        if _question_asks(sentence, sentences[index + 1] if index + 1 < len(sentences) else None)
    ]
    if any(CALL_TO_ACTION.match(sentence) for sentence in sentences):
        asked = [sentence for sentence in asked if INVITATION_PHRASES.search(sentence)]
    statements = [sentence for sentence in sentences if not has_question_mark(sentence)]
    short = sum(len(_CONTENT_WORD.findall(sentence)) for sentence in sentences) <= 14
    if asked and contains_url(text) and short and not statements:
        # A lone question captioning a link or an image is mostly a joke or a comment on it ("Will you tell him or
        # shall I?", "Why does Timothy Dalton get an extra gender?"), unless it asks the reader's own view.
        asked = [
            sentence
            for sentence in asked
            if AUDIENCE_QUESTION.search(sentence) or TOPIC_LABEL.match(sentence) or INVITATION_PHRASES.search(sentence)
        ]
    return sentences, asked


_IMPERATIVE_LEAD = frozenset(
    [
        "please",
        "pls",
        "plz",
        "kindly",
        "so",
        "just",
        "and",
        "or",
        "then",
        "do",
        "also",
        "now",
        "someone",
        "somebody",
        "anyone",
        "anybody",
        "you",
        "y'all",
        "ya",
        "guys",
        "folks",
        "friends",
        "everyone",
        "all",
    ]
)
_CURIOUS_LEAD = frozenset(
    [
        "i'm",
        "im",
        "i’m",
        "am",
        "i",
        "we're",
        "we",
        "are",
        "so",
        "really",
        "genuinely",
        "just",
        "very",
        "also",
        "always",
        "still",
    ]
)
_REPORTING_LEAD = frozenset(
    [
        "asked",
        "ask",
        "asks",
        "asking",
        "wonder",
        "wondered",
        "know",
        "knew",
        "remember",
        "remembered",
        "told",
        "said",
        "says",
    ]
)


def _addressed_invitation(text: str) -> bool:
    """Whether :data:`INVITATION_PHRASES` finds an invitation addressed to the reader: "let me know" and "tell me"
    as a request (at a sentence's start, or after "please", "so", "can you" …, not "my mama will tell me"),
    "curious what" said by the writer ("I'm curious what …", not "she was curious what …"), and none reported
    ("he asked what's your name")."""
    for found in INVITATION_PHRASES.finditer(text):
        phrase = found.group(0).casefold()
        before = re.findall(r"[\w'’]+", text[: found.start()].split("\n")[-1])
        lead = before[-1].casefold() if before and not re.search(r"[.!?,:;—–-]\s*$", text[: found.start()]) else ""
        if phrase.startswith(("let me", "tell me")) and lead and lead not in _IMPERATIVE_LEAD:
            continue
        if phrase.startswith("curious") and lead and lead not in _CURIOUS_LEAD:
            continue
        if lead in _REPORTING_LEAD:
            continue
        return True
    return False


def _question_form(text: str) -> bool:
    """Whether the post has a question's form, asked or not: a question mark in its own words (a closing question
    tag aside, :data:`TAG_QUESTION`)."""
    bare = _text_without_trailing_decoration(text)
    return has_question_mark(bare) and not TAG_QUESTION.search(bare)


@functools.lru_cache(maxsize=4096)
def invitation_kind(text: str) -> Literal["help", "question", "invitation", "inner_question"] | None:
    """Whether a post invites an answer: a request for help or a recommendation (:data:`HELP_REQUEST`, whether or
    not it ends with a question mark), a closing question, an explicit invitation, or a question inside it.

    Only questions that ask the reader count (:func:`_asked_sentences`): a joke captioning a link, a "what if", a
    rhetorical or exclaimed question, a headline, a teaser answered by its call to action, and someone else's
    quoted or reported question make a statement (None), which :func:`bot.openers.acts.statement_act` reads."""
    bare = _text_without_trailing_decoration(text)
    if HELP_REQUEST.search(decode_entities(bare)):
        return "help"
    if TAG_QUESTION.search(bare):
        return "invitation" if INVITATION_PHRASES.search(bare) else None
    sentences, asked = _asked_sentences(text)
    if asked and asked[-1] is sentences[-1] and ends_with_question(bare):
        return "question"
    own_sentences = "\n".join(
        sentence for sentence in sentences if sentence in asked or not has_question_mark(sentence)
    )
    if _addressed_invitation(own_sentences):
        return "invitation"
    if asked:
        return "inner_question"
    return None


HASHTAG_STUFFING = 8
"""A post with this many hashtags or more is written for search, not people ("Data Structures for #Python
CheatSheet #BigData #Analytics #DataScience #AI …"): no opener answers, shares or quotes it. X's own advice is one
or two hashtags a post."""


def suitable(post: NetworkPost, context: OpenerContext) -> bool:
    """Whether an opener may answer, share or quote ``post``: in the team's language (the tone lists and
    classifiers read that language only), no personal milestone (:data:`PERSONAL_MILESTONE`) nor the author's own
    health (:func:`bot.openers.acts.discloses_own_health`), not stuffed with hashtags (:data:`HASHTAG_STUFFING`),
    and neither sensitive nor hostile (see :mod:`bot.openers.tone`)."""
    if post_language(post) != primary(context.language):
        return False
    if PERSONAL_MILESTONE.search(decode_entities(post.text)) or discloses_own_health(post.text):
        return False  # even when it asks something ("I have long covid. Can anyone recommend …?")
    if len(HASHTAG.findall(post.text)) >= HASHTAG_STUFFING:
        return False
    return post_tone(post, context.known_posts, context.sensitive_threads).ok


def own_words(text: str) -> list[str]:
    """The words of ``text`` that are the author's own: links and @handles left out."""
    return words(MENTION.sub(" ", strip_urls(text)))


def _substantive(text: str) -> bool:
    return len(own_words(text)) >= MIN_SUBSTANTIVE_WORDS


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
    """Their own original post that did best against their norm (the first of :func:`share_posts`), or None when
    nothing stands out."""
    return next(iter(share_posts(context, now=now)), None)


def share_posts(context: OpenerContext, *, now: datetime) -> list[ScoredPost]:
    """Their own original posts worth sharing, best first (relative engagement × recency × topic; ties to the
    newer); ``[]`` when nothing stands out.

    Qualifies (none for a protected account): theirs, neither a reply, a repost, a quote of another post nor a
    question, :func:`suitable`, :func:`welcomes_a_stranger`,
    :func:`worth_passing_on`, at most :data:`SHARE_MAX_AGE_DAYS` old, at least
    :data:`SHARE_MIN_ENGAGEMENT_RATIO` × their median engagement and :data:`SHARE_MIN_INTERACTIONS` interactions.
    The caller takes the first it can write a fitting share for.
    """
    if context.account.protected:
        return []  # a protected account's posts can't be quoted for anyone outside its followers
    own_posts = authored_posts(context)
    norm = engagement_norm(own_posts)
    ranked: list[ScoredPost] = []
    for post in own_posts:
        if post.is_repost or post.is_reply or not _substantive(post.text) or not suitable(post, context):
            continue
        if post.quoted_post_id is not None:
            # A quote's words are often about the post it quotes: "Good thread from @x" credited them with another's.
            continue
        if (
            not welcomes_a_stranger(post, context)
            or invitation_kind(post.text) is not None
            or _question_form(post.text)
        ):
            # Sharing a greeting, a message to someone else or a question, even one that asks nothing ("Worth a
            # read" to "You ever put on music to get work done …?"), reads as a bot.
            continue
        if not worth_passing_on(post.text) or _credited_elsewhere(post.text, context.account.handle):
            continue
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
        ranked.append(candidate)
    # sorted() is stable: equal scores keep the input order, newest first.
    return sorted(ranked, key=lambda candidate: -candidate.score)


_VIA = re.compile(r"(?i)(?:\bvia|\bh/t|\bht|\bcredit:?|\bcourtesy)\s+[@＠](\w{1,15})")


def _credited_elsewhere(text: str, own_handle: str | None) -> bool:
    """Whether the post credits another account for what it passes on ("… via @ingliguori"): a share crediting the
    poster ("Useful numbers from @MAj33dullah") would misattribute it."""
    own = (own_handle or "").casefold().lstrip("@")
    return any(handle.casefold() != own for handle in _VIA.findall(decode_entities(text)))


SHARE_MIN_WORDS = 8
"""A post shared from the team's account says something: "It's lit!" with a photo does not."""


def worth_passing_on(text: str) -> bool:
    """Whether a post is one the team would put its name to by sharing it: at least :data:`SHARE_MIN_WORDS` words
    of its own or a named thing it passes on (:func:`bot.openers.media.medium`: "Our guide to Postgres upgrades"),
    no laughter or crying-laughing (:data:`bot.openers.tone.LAUGHTER`: a joke shared by a stranger
    falls flat, "Apparently it's rude to call khebab sellers abochi 😭😭"), and no offensive language (the
    profanity model, :func:`bot.openers.tone.offensive`: "People talking about stupid shit like …")."""
    own = collapse_whitespace(MENTION.sub(" ", strip_urls(decode_entities(text))))
    if len(own_words(decode_entities(text))) < SHARE_MIN_WORDS and medium(text) is None:
        return False
    if LAUGHTER.search(own) or "😭" in own:
        return False
    return not offensive(own)
