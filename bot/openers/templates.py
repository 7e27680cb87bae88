"""Template drafts: a reply, a hello and a share, worded from :mod:`bot.openers.wording` around the account's own
words.

The reply fits what the post does, and is written only where a template can fit it (their news, an event, an
opportunity; never a question, a view, a report or a link, which want a reply engaging with what they say); the
share comments on the post; the hello thanks a warm lead for following, or says how we found them. A phrase is a
whole noun phrase of theirs (:mod:`bot.openers.phrases`) or the team's topic, only ever from a post in the team's
language whose tone is fine (:func:`bot.openers.picking.suitable`), and one account's openers never all hinge on
the same phrase. Across a day's digest, :class:`TemplateUse` keeps any template from repeating while another of
its family fits.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from typing import TYPE_CHECKING

from bot.openers import wording
from bot.openers.acts import achievement, grim_subject, opens_with_question, statement_act
from bot.openers.context import MAX_DRAFT_LENGTH, Opener, authored_posts, seed_handles, strongest_seed
from bot.openers.intent import opener_intent
from bot.openers.language import language_name, looks_english, main_language, primary
from bot.openers.media import medium, quoted_title
from bot.openers.phrases import (
    as_they_write,
    current_bio,
    declared_interest,
    head_words,
    key_phrases,
    matching_topic,
    names_people,
    phrase_words,
    post_is_on,
    posts_mentioning,
    recurring_words,
    vocabularies,
)
from bot.openers.picking import invitation_kind, reply_posts, share_posts, suitable
from bot.openers.tone import bad_news_or_joke, post_tone, sensitive_term, tag_words
from bot.text import (
    MENTION,
    clean_excerpt,
    clean_handle,
    collapse_whitespace,
    neutralize_mentions,
    shorten,
    strip_urls,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime

    from bot.networks.base import NetworkPost
    from bot.openers.acts import Act
    from bot.openers.context import OpenerContext, OpenerKind, ScoredPost
    from bot.openers.media import Medium

EVENT_MAX_AGE_HOURS = 48
"""An event post older than this is neither answered nor shared: the event is likely over, and the post does not
say when it is ("It's not too late to join …" shared 13 days later)."""
WATCHABLE = re.compile(
    r"(?i)\b(?:scroll|skip|fast[-\s]forward)\s+to|\b(?:recording|recorded|replay|rewatch|catch\s+up|on\s+demand|"
    r"live\s*stream\w*|stream(?:ed|ing)?\s+(?:live|on)|watch\s+(?:it\s+)?(?:back|again|here|now|live|on))\b|"
    r"\b(?:post|share|upload|put\s+up)\w*\s+(?:the\s+)?(?:video|recording|slides)|"
    r"\b(?:video|recording|slides)\s+(?:and\s+\w+\s+)?will\s+be\s+(?:posted|shared|available|uploaded|online)"
)
"""An event the post says can be watched (streamed, recorded, "Scroll to the 7 hour mark to see my panel", "we'll
post the video afterwards"): every event reply asks whether it can be followed from afar, which the post already
answers."""
ONLINE = re.compile(
    r"(?i)\b(?:online|virtual(?:ly)?|webinars?|zoom|teams\s+link|livestream\w*|live\s*stream\w*|stream(?:ed|ing)?|"
    r"youtube|twitch|clubhouse|twitter\s+spaces?|(?:ig|instagram|facebook|linkedin)\s+live|hybrid|remote(?:ly)?|"
    r"dial[\s-]in|join\s+(?:us\s+)?(?:from\s+)?anywhere)\b|@clubhouse"
)
"""Words that give an event an online way in: only such an event, and only a :data:`TALK`, is asked whether it will
be recorded (:data:`bot.openers.wording.REPLY_EVENT`); any other gets good wishes (``REPLY_EVENT_WISHES``)."""
TALK = re.compile(
    r"(?i)\b(?:webinars?|talks?|panels?|keynotes?|lectures?|seminars?|colloqui(?:um|a)|"
    r"sessions?|presentations?|presenting|speaking|workshops?|discussions?|in\s+conversation|fireside\s+chats?|q\s*&\s*a|"
    r"ama|interview|masterclass|launch\s+event|book\s+launch|hear\s+(?:me|us|from))\b"
)
"""What makes an online event one people would watch again: a talk, a panel, a webinar, a workshop. A whole
conference is not one ("register for the #AEJMC21 virtual conference" is no session to record); a social
("Solopreneurs Happy Hour" on Clubhouse), a sign-up ("sign up as a mentor, mentee, or both") or a performance has
no recording to ask about, and asking read as a bot."""
SOCIAL = re.compile(
    r"(?i)\b(?:happy\s+hours?|meet-?ups?|mixers?|social\b(?!\s+media)|hangouts?|hang\s+out|drinks|party|parties|networking|"
    r"quiz|game\s+night|mentor(?:ing|s)?|mentees?|sign\s+up\s+as|volunteers?)\b"
)
"""A social or a sign-up: met, not watched, whatever the platform."""
EVENT_OVER = re.compile(
    r"(?i)\b(?:was|were)\s+(?:yesterday|last\s+(?:night|week|month|year)|(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|"
    r"sun)day)\b|\bwhat\s+a\s+(?:day|night|week|event|conference)\b|\bthanks\s+(?:to\s+)?(?:everyone|all)\s+who\s+"
    r"(?:came|joined|attended)|\b(?:was|were)\s+the\s+best\s+(?:event|conference|workshop|talk|session)"
    # Said on the day, after it: "Great to be on the panel at … this morning. Slides here", "Enjoyed the panel on
    # housing at the LSE this afternoon".
    r"|\b(?:great|good|lovely|fun|a\s+pleasure|an\s+honou?r|privileged|thrilled|delighted)\s+to\s+(?:have\s+)?"
    r"(?:be|been|speak|spoken|present|presented|join|joined|chat|talk|share)\b[^.!?\n]{0,100}?\b(?:this\s+(?:morning|"
    r"afternoon|evening)|earlier\s+today|today|yesterday|last\s+\w+)\b|\b(?:enjoyed|loved)\s+(?:the|our|my|being|"
    r"speaking|chatting|presenting)\b|\bslides\s+(?:are\s+)?(?:here|now\s+up|up|available|from)\b"
    # "Gave a webinar on … this morning", "Just finished my keynote".
    r"|\b(?:gave|delivered|presented|ran|hosted|chaired|moderated|finished)\s+(?:a|an|my|our|the)\b"
)
"""An event the post looks back on ("Our workshop on causal inference was yesterday in Boston. What a day!", "thanks
to everyone who came"): asking whether it can be followed is too late."""

TITLE_IN_DRAFT_WORDS = 6
TITLE_IN_DRAFT_CHARS = 40
"""A quoted name longer than this is not repeated in a draft: "Congratulations on “Factors associated with the belief
in COVID-19 related conspiracy theories in Pakistan”" and a long Clubhouse room's title read as pasted by a bot, a
blind grader found; "Congrats on “Le Passage”" reads as a person's."""

TEMPLATE_LANGUAGE = "en"
"""The language the templates are written in: phrases are quoted only when the team's language is this one."""


class TemplateUse(Counter[str]):
    """How often each template was used in one day's digest: the next draft takes a least-used template of its
    family, so none repeats while another fits. One per digest run; a fresh one (the default) per call otherwise."""


def _choose(templates: Sequence[str], account_id: str, kind: str, used: TemplateUse) -> str:
    fewest = min(used[template] for template in templates)
    fitting = [template for template in templates if used[template] == fewest]
    # hashlib, not hash(): Python salts str hashes per process, and the digest must not reshuffle on restart.
    digest = hashlib.sha256(f"{account_id}:{kind}".encode()).digest()
    chosen = fitting[int.from_bytes(digest[:8], "big") % len(fitting)]
    used[chosen] += 1
    return chosen


_DOUBLED_PERIOD = re.compile(r"(\b[A-Za-z]\.)\.(?=\s|$)")


def _finish(draft: str, *, allowed_handles: Iterable[str | None]) -> str:
    """The last guard every draft passes: one line, no mass mentions, no stray mentions, within X's length."""
    allowed = {handle.casefold() for handle in allowed_handles if handle}

    def keep_allowed(match: re.Match[str]) -> str:
        # A topic or phrase that happens to hold "@someone" must not tag a stranger: drop the at sign.
        return match.group(0) if match.group(1).casefold() in allowed else match.group(1)

    draft = MENTION.sub(keep_allowed, neutralize_mentions(draft))
    # A phrase ending in an abbreviation's period before the template's own ("on U.S..") keeps one period.
    draft = _DOUBLED_PERIOD.sub(r"\1", draft)
    return shorten(collapse_whitespace(draft), MAX_DRAFT_LENGTH)


def _quotes_allowed(context: OpenerContext) -> bool:
    return primary(context.language) == TEMPLATE_LANGUAGE


def _post_phrase(context: OpenerContext, picked: ScoredPost, avoid: Iterable[str]) -> str | None:
    """The team's topic the post is on, else its best noun phrase that the post is on (:func:`post_is_on`) and that
    labels no person, skipping phrases already used and their own name; None when there is none."""
    if not _quotes_allowed(context):
        return None
    # Their own name is no subject to quote back at them ("Interesting one on CDC" to the CDC).
    taken = {phrase.casefold() for phrase in (*avoid, context.account.handle, context.account.name) if phrase}
    candidates = [picked.topic] if picked.topic else []
    recurring = recurring_words(context)
    # A phrase the post is only passing through reads as a bot's misreading; the template without one is better.
    candidates += [
        phrase
        for phrase in key_phrases(picked.post.text, recurring)
        # Nor one that names the medium ("this piece on newspaper article"): what it passes on is no subject.
        if post_is_on(phrase, picked.post.text) and not names_people(phrase) and medium(phrase) is None
    ]
    return next((phrase for phrase in candidates if phrase and phrase.casefold() not in taken), None)


def _their_own_say(post: NetworkPost) -> bool:
    return not post.is_reply or post.is_self_reply


def _hello_topic(context: OpenerContext, avoid: Iterable[str], posts_language: str | None) -> tuple[str | None, str]:
    """A topic for the hello and where it came from: the team's topic in their bio or in one of their suitable
    posts, else a phrase of their bio that their posts speak of; never a phrase in ``avoid``, their own name (in any
    words) or a tragedy's words, and no bio phrase when ``posts_language`` (the language they mostly post in, see
    :func:`bot.openers.language.main_language`) is not the team's."""
    if not _quotes_allowed(context):
        return None, ""
    taken = {phrase.casefold() for phrase in avoid}
    # Their own name is no topic ("what you share about FallonTonight" to @FallonTonight, from its bio's hashtag).
    taken |= {name.casefold() for name in (context.account.handle, context.account.name) if name}
    # Nothing the account wrote about a tragedy gives the hello its topic, not even a word it shares with the bio.
    sensitive_texts = [
        post.text.casefold()
        for post in authored_posts(context)
        if post_tone(post, context.known_posts, context.sensitive_threads).sensitive is not None
    ]
    # In any inflection: a bio's "Webinars" is the "webinar on supporting students after a school shooting".
    sensitive_words = [phrase_words(text) for text in sensitive_texts]

    def in_sensitive_post(topic: str) -> bool:
        return any(phrase_words(topic) <= found for found in sensitive_words)

    taken |= {topic.casefold() for topic in context.topics if in_sensitive_post(topic)}
    bio = context.account.bio
    bio_usable = bool(bio) and sensitive_term(bio) is None and looks_english(bio)
    posts = [post for post in authored_posts(context) if not post.is_repost and suitable(post, context)]
    candidates: list[tuple[str | None, str]] = []
    # Not a topic the bio marks as past ("I used to cover climate policy; now I cover sports"), and only one their
    # posts are on too: every hello says "your posts on …", and a fresh attacker's "Enjoying your posts on open
    # science" went to accounts that had posted only "Cup of tea time" ("I don't care about open science", "Monty
    # Python fan").
    in_bio = matching_topic(current_bio(bio), context.topics) if bio_usable else None
    if in_bio is not None and any(matching_topic(post.text, [in_bio]) for post in posts):
        candidates.append((in_bio, "bio mentions your topic “{}”"))
    candidates += [(matching_topic(post.text, context.topics), "posts about your topic “{}”") for post in posts]
    # "Your posts on …" must be true, and a subject they chose. A phrase of the bio counts when the bio names it as
    # an interest (phrases.declared_interest: not "Official account of Liverpool Football Club", "A cozy social
    # online game", "see you at our next meeting"), what it names (its head noun) is in their posts too and it is no
    # label for a person: "Video Game Music Composer" shares "music" with their posts but names the author. A phrase
    # only their posts share is no topic: a blind grader passed 6 of 26 ("your posts on thesis defense", "… on
    # birthday", "… on conference presentations", "… on chords"): what several posts of a week mention is as often
    # an occasion as a subject.
    # What they post about: their own posts and threads, not their asides in others' conversations ("do you have a
    # link for that?" under five posts made "your posts on link").
    own_texts = [post.text for post in authored_posts(context) if not post.is_repost and _their_own_say(post)]
    own_vocabularies = vocabularies(own_texts)
    recurring = recurring_words(context)
    # "Your posts on sustainable finance" to someone who posts mostly in German claims what we could not have read.
    if bio_usable and posts_language in (None, primary(context.language)):
        # In their posts' casing: "your posts on Local Councils" read pasted from the bio (phrases.as_they_write).
        candidates += [
            (as_they_write(phrase, own_texts), "")
            for phrase in key_phrases(bio, recurring)
            if phrase_words(phrase) & recurring
            and not names_people(phrase)
            and declared_interest(phrase, bio)
            and all(posts_mentioning(head, own_vocabularies) for head in head_words(phrase))
        ]
    name_words = _name_words(context.account.handle, context.account.name)
    for topic, reason in candidates:
        if not topic or topic.casefold() in taken or in_sensitive_post(topic):
            continue
        if phrase_words(topic) <= name_words:
            continue  # their name in other words ("your posts on Grady College" to @UGAGrady, "UGA Grady College")
        return topic, reason.format(topic)
    return None, ""


def _name_words(*names: str | None) -> set[str]:
    """The words of a handle or a display name, camel case split (:func:`bot.openers.tone.tag_words`: "UGAGrady" ->
    uga, grady), casefolded."""
    return {part.casefold() for name in names if name for part in tag_words(name)}


# What answers a post that asks nothing, by its act, without a phrase: congratulations, interest and thanks need
# none, and the post's noun phrases are often not the news, the event or the role (see wording). Every other act
# gets no reply: a fitting one engages with what the post says, which a template can't. A view's replies ("Good
# point. Do you think it holds more widely?", "Has your view on it changed over time?") were stock questions a
# blind grader found sendable for 3 of 14 views; a report's ("What's your own read on it?", "What got you onto
# it?") fitted about one in six; a link's ("What's the main takeaway for you?", "Who do you think most needs to see
# it?") none of fourteen, asking aggregators what "their" piece meant. All of them may still be shared.
_STATEMENT_REPLIES: dict[Act, tuple[str, ...]] = {
    "announcement": wording.REPLY_ANNOUNCEMENT,
    "opportunity": wording.REPLY_OPPORTUNITY,
    # An event's family depends on whether it can be followed online (:data:`ONLINE`): see _fitting_templates.
}
# An announcement's share depends on whether it is an achievement and what it passes on: see _share_templates.
_SHARES: dict[Act, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "event": (wording.SHARE_EVENT, wording.SHARE_EVENT),
    "opportunity": (wording.SHARE_OPPORTUNITY, wording.SHARE_OPPORTUNITY),
}
# Anything else is shared by what it passes on; a view that passes on nothing, as a view when it says it is one
# (bot.openers.acts.states_a_view) or the share can name its subject. A report that passes on nothing is not
# shared: "Passing this along from @x" said nothing about it, and real ones were rumours and jokes.
_SHARES_BY_MEDIUM: dict[Medium, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "thread": (wording.SHARE_THREAD, wording.SHARE_THREAD_PLAIN),
    "video": (wording.SHARE_VIDEO, wording.SHARE_VIDEO_PLAIN),
    "audio": (wording.SHARE_AUDIO, wording.SHARE_AUDIO_PLAIN),
    "paper": (wording.SHARE_PAPER, wording.SHARE_PAPER_PLAIN),
    "article": (wording.SHARE_ARTICLE, wording.SHARE_ARTICLE_PLAIN),
    "figures": (wording.SHARE_FIGURES, ()),
}


# A family and its twin naming the work or event the post quotes (bot.openers.media.quoted_title); a family without
# one (a thread, figures, a call, good news that is no achievement) is used as it is.
_TITLED: dict[tuple[str, ...], tuple[str, ...]] = {
    wording.REPLY_ANNOUNCEMENT: wording.REPLY_ANNOUNCEMENT_TITLED,
    wording.REPLY_EVENT: wording.REPLY_EVENT_TITLED,
    wording.REPLY_EVENT_WISHES: wording.REPLY_EVENT_WISHES_TITLED,
    wording.SHARE_VIDEO_PLAIN: wording.SHARE_VIDEO_TITLED,
    wording.SHARE_AUDIO_PLAIN: wording.SHARE_AUDIO_TITLED,
    wording.SHARE_PAPER_PLAIN: wording.SHARE_PAPER_TITLED,
    wording.SHARE_ARTICLE_PLAIN: wording.SHARE_ARTICLE_TITLED,
    wording.SHARE_ANNOUNCEMENT: wording.SHARE_ANNOUNCEMENT_TITLED,
    wording.SHARE_ANNOUNCEMENT_PAPER: wording.SHARE_ANNOUNCEMENT_TITLED,
    wording.SHARE_ANNOUNCEMENT_ARTICLE: wording.SHARE_ANNOUNCEMENT_TITLED,
    wording.SHARE_ANNOUNCEMENT_VIDEO: wording.SHARE_ANNOUNCEMENT_TITLED,
    wording.SHARE_ANNOUNCEMENT_AUDIO: wording.SHARE_ANNOUNCEMENT_TITLED,
    wording.SHARE_EVENT: wording.SHARE_EVENT_TITLED,
}


_ACHIEVEMENT_SHARES_BY_MEDIUM: dict[Medium, tuple[str, ...]] = {
    "paper": wording.SHARE_ANNOUNCEMENT_PAPER,
    "article": wording.SHARE_ANNOUNCEMENT_ARTICLE,
    "video": wording.SHARE_ANNOUNCEMENT_VIDEO,
    "audio": wording.SHARE_ANNOUNCEMENT_AUDIO,
}


def _share_templates(text: str, act: Act) -> tuple[tuple[str, ...], tuple[str, ...]]:
    passed_on = medium(text)
    if act == "announcement":
        if not achievement(text):
            # Good news that is no achievement: shared by what it passes on, else welcomed, as its reply is.
            return _SHARES_BY_MEDIUM[passed_on] if passed_on else (wording.SHARE_GOOD_NEWS, wording.SHARE_GOOD_NEWS)
        if grim_subject(text):
            return wording.SHARE_ANNOUNCEMENT_SOBER, wording.SHARE_ANNOUNCEMENT_SOBER
        # Congratulations that say what it passes on, where they can (a thread or figures have no such wording).
        family = _ACHIEVEMENT_SHARES_BY_MEDIUM.get(passed_on, wording.SHARE_ANNOUNCEMENT) if passed_on else None
        return (family, family) if family else (wording.SHARE_ANNOUNCEMENT, wording.SHARE_ANNOUNCEMENT)
    if act in _SHARES:
        return _SHARES[act]
    if passed_on is not None:
        return _SHARES_BY_MEDIUM[passed_on]
    # A view is not shared: "Well put by @x" endorses what it says, and a fresh attacker's calls for violence worded
    # as views ("landlords should all be lined up against a wall") got exactly that.
    return (), ()


def _fitting_templates(
    context: OpenerContext, kind: OpenerKind, picked: ScoredPost, phrase: str | None, title: str | None = None
) -> Sequence[str] | None:
    """The template family that fits what the post does, naming the ``title`` it quotes when that family has a
    twin that does (:data:`_TITLED`), else with or without a phrase; None when none fits. A reply fits
    only an announcement, an event not over nor said to be recorded, or an opportunity (see
    :data:`_STATEMENT_REPLIES`); a question or a request for help wants an answer, which no template has. Nothing
    cheerful fits bad news, a complaint or a joke (:func:`bot.openers.tone.bad_news_or_joke`)."""
    text = picked.post.text
    invitation = invitation_kind(text)
    act = statement_act(text, context.account.handle)
    if act == "directed" and context.joins_conversations:
        # In a List the team watches, it joins conversations on purpose: what is said to someone is answered as
        # what it does ("@bob Excited to share our new guide, out today!" as their news).
        act = statement_act(MENTION.sub(" ", text), context.account.handle)
    if act == "event" and picked.age_hours > EVENT_MAX_AGE_HOURS and (kind == "share" or invitation is None):
        return None  # "worth joining if you can" to a session 13 days old: it is likely over
    if bad_news_or_joke(text):
        # Congratulations, interest, thanks and agreement are cheerful: "Congrats on this!" to "YouTube's shadow ban
        # of my new video" or to "Thrilled to announce that I have been laid off", "This looks great" to a talk on
        # activists' arrest, "Well put by @x" to a complaint. A post that laughs is a joke ("We are hiring … 10 years
        # of TikTok experience lol"): answered in earnest, it reads as a bot. Nor is bad news recommended in a share
        # ("Worth a watch" to "YouTube took down my video", "Research worth a read" to a retracted study).
        return None
    if act == "event" and EVENT_OVER.search(text):
        return None  # "Our workshop was yesterday. What a day!": "Is there a way to follow along?" is too late
    if kind == "share":
        with_phrase, plain = _share_templates(text, act)
    elif invitation == "help" or (invitation is not None and opens_with_question(text)):
        # A question or a request for help is answered by an answer, which no template has: every wording tried
        # ("Good question. What's your own answer so far?", "Following for the answers. What have you ruled out
        # already?") threw the question back, and a blind grader found none of eleven sendable. A question further
        # into a post ("IT'S PUBLICATION DAY! … What would yours be?") is answered as what the post does.
        return None
    elif act == "event":
        unlinked = strip_urls(text)
        if WATCHABLE.search(unlinked):
            return None
        watched = ONLINE.search(unlinked) and TALK.search(unlinked) and not SOCIAL.search(unlinked)
        with_phrase = plain = wording.REPLY_EVENT if watched else wording.REPLY_EVENT_WISHES
    elif act == "announcement" and not achievement(text):
        with_phrase = plain = wording.REPLY_GOOD_NEWS
    elif act == "announcement" and grim_subject(text):
        return wording.REPLY_ANNOUNCEMENT_SOBER  # no title either: "Congratulations on “…”!" is the cheer again
    else:
        with_phrase = plain = _STATEMENT_REPLIES.get(act, ())
    if title and plain in _TITLED:
        return _TITLED[plain]
    return (with_phrase if phrase else plain) or plain or None


def _post_opener(
    context: OpenerContext, kind: OpenerKind, picked: ScoredPost, phrase: str | None, used: TemplateUse
) -> Opener | None:
    them = clean_handle(context.account.handle)
    title = quoted_title(picked.post.text) if _quotes_allowed(context) else None
    if title and (len(title.split()) > TITLE_IN_DRAFT_WORDS or len(title) > TITLE_IN_DRAFT_CHARS):
        title = None  # a paper's whole title pasted into "Congratulations on “…”!" read as a bot's
    templates = _fitting_templates(context, kind, picked, phrase, title)
    if templates is None:
        return None
    template = _choose(templates, context.account.id, kind, used)
    # The one quoted name or phrase the draft holds, if any: a congratulation needs none (see wording).
    phrase = title if "{title}" in template else phrase if "{phrase}" in template else None
    draft = _finish(
        template.format(them=them, phrase=phrase, title=title), allowed_handles=(them,) if kind == "share" else ()
    )
    return Opener(
        kind=kind,
        draft=draft,
        post_id=picked.post.id,
        post_url=picked.url,
        post_excerpt=clean_excerpt(picked.post.text),
        why=picked.why,
        written_by="template",
        intent_url=opener_intent(kind, draft, post_id=picked.post.id, post_url=picked.url),
        template=template,
        phrase=phrase,
    )


def _hello_opener(context: OpenerContext, avoid: Sequence[str], used: TemplateUse) -> Opener:
    them = clean_handle(context.account.handle)
    seed = None if context.follows_team else strongest_seed(context)
    language = main_language(authored_posts(context))  # the language they mostly post in
    topic, topic_reason = _hello_topic(context, avoid, language)
    if context.follows_team:
        templates = wording.HELLO_WARM if topic else wording.HELLO_WARM_PLAIN
    elif seed:
        templates = wording.HELLO_SEED if topic else wording.HELLO_SEED_PLAIN
    else:
        templates = wording.HELLO_TOPIC if topic else wording.HELLO_BARE
    template = _choose(templates, context.account.id, "hello", used)
    draft = _finish(template.format(them=them, seed=seed, topic=topic), allowed_handles=(them, seed))

    reasons: list[str] = []
    if context.follows_team:
        reasons.append("already follows you")
    elif seed:
        others = len(seed_handles(context)) - 1
        reasons.append(f"followed by your seed @{seed}" + (f" and {others} more" if others > 0 else ""))
    else:
        reasons.append("no shared seed to mention")
    if topic_reason:
        reasons.append(topic_reason)
    if language is not None and language != primary(context.language):
        reasons.append(f"posts mostly in {language_name(language)}")
    return Opener(
        kind="hello",
        draft=draft,
        post_id=None,
        post_url=None,
        post_excerpt=None,
        why="; ".join(reasons),
        written_by="template",
        intent_url=opener_intent("hello", draft, post_id=None, post_url=None),
        template=template,
        phrase=topic,
    )


def best_reply(
    context: OpenerContext, *, now: datetime, used: TemplateUse | None = None
) -> tuple[ScoredPost, Opener] | None:
    """The best post of theirs that a template answers fittingly (:func:`bot.openers.picking.reply_posts`, in
    order) and its reply, or None: a post no template fits (see :func:`_fitting_templates`) is passed over for the
    next."""
    used = TemplateUse() if used is None else used
    for candidate in reply_posts(context, now=now):
        # No reply template takes a phrase (see wording): congratulations, interest and thanks need none.
        opener = _post_opener(context, "reply", candidate, None, used)
        if opener is not None:
            return candidate, opener
    return None


def template_openers(context: OpenerContext, *, now: datetime, used: TemplateUse | None = None) -> list[Opener]:
    """Openers from templates: a reply and a share when a suitable post qualifies and a template fits it, and
    always a hello (in that order). ``used`` is the day's :class:`TemplateUse`, updated with the templates chosen
    here."""
    used = TemplateUse() if used is None else used
    phrases: list[str] = []
    share_opener = None
    _, reply_opener = best_reply(context, now=now, used=used) or (None, None)
    # The best post a share can say something about: one that passes on nothing we can name is passed over.
    for share in share_posts(context, now=now):
        share_opener = _post_opener(context, "share", share, _post_phrase(context, share, avoid=phrases), used)
        if share_opener is not None:
            phrases += [share_opener.phrase] if share_opener.phrase else []
            break
    hello = _hello_opener(context, phrases, used)
    return [opener for opener in (reply_opener, hello, share_opener) if opener is not None]
