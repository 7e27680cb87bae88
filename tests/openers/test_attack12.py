"""attack12: the last check on issue 12, as a user and as an attacker.

Each test is a case read in the demo, in ``bench.openers``' drafts (real posts, quoted briefly) or written for this
attack, of a kind the issue names: a framing label taken for a topic, an entity split into letters, a recommendation
request asked for the author's own view, sarcasm, personal posts, calls and ads answered or shared, and the List
monitor's suggested reply. Each case was a defect found by the attack; all are fixed (the acts, tone and phrase rules).
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from bot.lists.monitor import find_conversations
from bot.networks.base import NetworkPost
from bot.openers import OpenerWriter, invitation_kind, wording
from bot.openers.phrases import key_phrases, noun_phrases
from tests.llm_fake import FakeAnswer, FakeChatApi
from tests.openers.test_attack_openers import NOW, _openers, _post

if TYPE_CHECKING:
    from bot.llm import LlmClient


# ---------------------------------------------------------------------------------------------------------------
# Phrases


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # The demo's digest: "Good point on unpopular opinion. What got you thinking about it?" (three accounts).
        ("Unpopular opinion: synths is better when you keep it simple.", "unpopular opinion"),
        ("Unpopular opinion: sourdough is better when you keep it simple.", "unpopular opinion"),
        # Written for this attack: a hello "Enjoying your posts on PSA."
        ("PSA: the library closes early on Friday for the staff training.", "PSA"),
        ("Hot take: tabs are better than spaces for accessibility.", "hot take"),
        ("Friendly reminder - the workshop on data curation starts at noon", "friendly reminder"),
    ],
)
def test_a_framing_label_before_a_colon_is_not_a_topic(text: str, label: str) -> None:
    phrases = key_phrases(text)
    assert not any(label.casefold() == phrase.casefold() for phrase in phrases), phrases
    assert all(label.casefold() not in opener.draft.casefold() for opener in _openers(_post("1", text)).values())


def test_an_ampersand_abbreviation_is_not_split_into_letters() -> None:
    # Written for this attack: "Glad this on D offsite came across our feed." and "Enjoying your posts on R."
    text = "Tea &amp; biscuits at the R &amp; D offsite &gt; coffee any day"
    phrases = noun_phrases(text)
    assert not any(phrase == "R" or phrase.startswith("D ") for phrase in phrases), phrases
    # In the real posts: "REJECT REJECT R&R", "Just as they did with J&J".
    found = noun_phrases("New Q&A format for the B & B sector, and R & D budgets")
    assert not any(len(word) == 1 for phrase in found for word in phrase.split()), found


# ---------------------------------------------------------------------------------------------------------------
# Templates that fit what the post does


def test_no_template_makes_a_verb_agree_with_the_phrase() -> None:
    # bench.openers' drafts: "If trans people is on your mind, …", "If EUR and Asian departments is on your mind, …".
    families = [value for name, value in vars(wording).items() if name.isupper() and isinstance(value, tuple)]
    templates = [template for family in families for template in family if isinstance(template, str)]
    assert templates
    assert not [template for template in templates if re.search(r"\{phrase\} (?:is|was|has)\b", template)]


@pytest.mark.parametrize(
    "text",
    [
        # The demo's digest, and the List monitor test's own example: "Following this one on F1 recommendation.
        # Curious what people say — where do you land yourself?" to someone asking for a recommendation.
        "Anyone have a good F1 recommendation? Asking for a friend.",
        "Anyone have a good espresso grinder recommendation? Asking for a friend.",
        "Does anyone have a decent podcast recommendation for long drives?",
    ],
)
def test_a_request_for_a_recommendation_is_a_help_request(text: str) -> None:
    # A help request wants an answer, which no template has: no template reply at all.
    assert invitation_kind(text) == "help"
    assert "reply" not in _openers(_post("1", text))


def test_love_how_irony_gets_no_cheerful_reply() -> None:
    # Written for this attack; it got "Glad this on rail network came across our feed. What got you onto it?".
    # No real post in ../shared says "love how", so the cue costs no real reply.
    text = "Love how my train got cancelled again. Truly the best rail network in Europe."
    assert "reply" not in _openers(_post("1", text))


@pytest.mark.parametrize(
    "text",
    [
        # bench.openers' drafts (shortened): their own day, and thanks to friends (the thanks is fixed on main).
        pytest.param(
            "I got up at 4 am to take my neighbour for her hip surgery, she's just phoned bright as a button and "
            "really perky. It's made my day. Large G&Ts tonight and picking her up tomorrow.",
            id="own-day",
        ),
        pytest.param(
            "Huge thanks to @alwaysbecomedy and @TimLewis_ for a fantastic birthday roast of our hero "
            "@JamesGillComedy.",
            id="thanks",
        ),
    ],
)
def test_a_personal_post_gets_no_reply(text: str) -> None:
    assert "reply" not in _openers(_post("1", text, mention_ids=("7",) if "@" in text else ()))


@pytest.mark.parametrize(
    "text",
    [
        "Sign on if you teach in the DMV area! https://t.co/wprtFHa3U1",
        "Feminist researchers in tech - please apply and lets have a conversation on gender and surveillance.",
    ],
)
def test_a_call_to_act_is_not_asked_for_a_view(text: str) -> None:
    reply = _openers(_post("1", text)).get("reply")
    assert reply is None or reply.template in wording.REPLY_OPPORTUNITY, reply


def test_a_rhetorical_question_answered_in_the_post_is_not_a_question() -> None:
    text = (
        "Need something to look forward to now that #ica21 is over? Look no further! CT&M will have a stellar "
        "line up of research papers and panels for #aejmc21!"
    )
    reply = _openers(_post("1", text)).get("reply")
    assert reply is None or "where do you land" not in reply.draft.casefold(), reply


# ---------------------------------------------------------------------------------------------------------------
# Tone: real posts of the academic timelines the screens miss


def test_a_medical_emergency_is_sensitive() -> None:
    text = (
        "Thread on #ChristianEriksen  Based on the tv coverage it is likely that Eriksen went into Ventricular "
        "Tachycardia/Fibrillation. This is a fast, irregular and highly unorganized electrical rhythm of the heart "
        "that precedes a cardiac arrest."
    )
    assert "reply" not in _openers(_post("1", text))


def test_disappeared_children_are_a_tragedy() -> None:
    text = (
        "There is no amount of reconciliation that will ever account for the thousands of Indigenous children that "
        "settler states have disappeared."
    )
    assert "reply" not in _openers(_post("1", text))


# ---------------------------------------------------------------------------------------------------------------
# The LLM path


def _question_context() -> list[NetworkPost]:
    # A question inside their news: answered as the news, and still a post that asks something.
    return [_post("q", "Excited to share our new Rust course for beginners! Which language did you start with?")]


@pytest.mark.parametrize(
    "bad_reply",
    [
        # The rule: a post that asks something never gets "interesting take".
        "Really interesting take on Rust. What led you to it?",
        # A draft in another language than the team's.
        "Gute Frage! Wir würden mit Rust anfangen, was meinst du dazu?",
    ],
)
async def test_an_llm_reply_breaking_a_template_rule_falls_back(
    fake_api: FakeChatApi, llm: LlmClient, bad_reply: str
) -> None:
    from bot.networks.base import NetworkAccount
    from bot.openers import OpenerContext

    context = OpenerContext(
        account=NetworkAccount(id="42", handle="ada", name="Ada"), posts=_question_context(), shared_seed_handles=()
    )
    fake_api.then(FakeAnswer(content=json.dumps({"reply": bad_reply, "hello": "Hi @ada, hello from us!"})))
    written = {opener.kind: opener for opener in await OpenerWriter(llm).write(context, now=NOW)}
    assert written["reply"].draft != bad_reply


# ---------------------------------------------------------------------------------------------------------------
# The List monitor's suggested reply


def _thread(*texts: str) -> list[NetworkPost]:
    root = NetworkPost(
        id="1000", author_id="1", text=texts[0], created_at=NOW - timedelta(hours=2), conversation_id="1000"
    )
    replies = [
        NetworkPost(
            id=str(1001 + index),
            author_id=str(2 + index),
            text=f"@ana {text}",
            created_at=NOW - timedelta(hours=1, minutes=index),
            conversation_id="1000",
            in_reply_to_account_id="1",
            replied_to_post_id="1000",
            mention_ids=("1",),
        )
        for index, text in enumerate(texts[1:])
    ]
    return [root, *replies]


def test_the_monitor_suggests_no_reply_in_a_tragedy_thread() -> None:
    # Written for this attack: the members' replies say nothing a lexicon knows; the root does.
    posts = _thread(
        "Two officers were shot and killed outside the station this morning. Still no word on the motive.",
        "Which way are you leaning on what happens next with the investigation?",
        "Anyone know if the press conference will be streamed?",
    )
    found = find_conversations(
        posts, member_ids={"1", "2", "3"}, handles={"1": "ana", "2": "ben", "3": "chloe"}, already_shown=set(), now=NOW
    )
    assert all(conversation.suggested_reply == "" for conversation in found), [c.suggested_reply for c in found]


def test_the_monitor_suggests_no_reply_to_a_sarcastic_complaint() -> None:
    posts = _thread(
        "Oh great, another Monday of grant rejections. Just what I needed 🙃",
        "Same here, reviewer 2 strikes again",
        "Anyone know a good template for the rebuttal letter?",
    )
    found = find_conversations(
        posts, member_ids={"1", "2", "3"}, handles={"1": "ana", "2": "ben", "3": "chloe"}, already_shown=set(), now=NOW
    )
    for conversation in found:
        assert "great" not in conversation.suggested_reply.casefold()


def test_template_openers_never_reply_to_a_post_addressed_to_a_brand() -> None:
    # Written for this attack (a complaint to a brand, as a reply would carry it).
    post = _post("1", "@AskBT my broadband has been down for three days, when will it be fixed?", mention_ids=("9",))
    context_openers = _openers(post)
    assert "reply" not in context_openers and "share" not in context_openers


# ---------------------------------------------------------------------------------------------------------------
# Shares: what a team would not quote to its followers (all from bench.openers' drafts, shortened)


def _share(text: str) -> str | None:
    filler = [
        _post(str(10 + index), f"Notes on field recording number {index} in the archive", hours_ago=30 + index)
        for index in range(6)
    ]
    share = _openers(_post("1", text, like_count=80, repost_count=20), *filler).get("share")
    return share.draft if share is not None and share.post_id == "1" else None


@pytest.mark.parametrize(
    "text",
    [
        "Met the best group of girls in London last weekend. They randomly approached me to say they'd all been "
        "staring and admiring my figure all night 🥺🥺 means a lot",
        "I went hunting for a second vaccination today. Got turned away from three places. I got their last one. "
        "I'm fully vaccinated.",
    ],
)
def test_a_personal_post_is_not_shared(text: str) -> None:
    assert _share(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Make it classic or spicy, for only $3.99.",
        "Who are next 11 followers from #ica21 who wants us to follow them back. If you are an early career or "
        "graduate student you have bonus points.",
    ],
)
def test_an_ad_or_a_follow_back_call_is_not_shared(text: str) -> None:
    assert _share(text) is None


def test_chat_shorthand_is_no_part_of_a_phrase() -> None:
    # Was "If Toronto smh is on your mind …" (fixed by main's phrase work, merged at 04:00).
    text = "People talking about stupid shit like government corruption and harassment when Prince is in Toronto smh"
    assert not any("smh" in phrase.casefold() for phrase in noun_phrases(text))


@pytest.mark.parametrize(
    "template", ["Worth a read from @{them} on {phrase}.", "Good question on {phrase}. What's your own answer?"]
)
def test_a_phrase_ending_in_an_abbreviation_gets_one_period(template: str) -> None:
    # bench.openers' drafts after the merge: "Worth a read from @HStarshot on U.S.." (two periods).
    from bot.openers.templates import _finish  # pyright: ignore[reportPrivateUsage]

    draft = _finish(template.format(them="ada", phrase="the U.S."), allowed_handles=("ada",))
    assert ".." not in draft, draft
    assert "U.S." in draft
    assert _finish("Wait for it...", allowed_handles=()) == "Wait for it..."


def test_a_reply_to_win_contest_gets_no_reply() -> None:
    text = (
        "We 💙 earning eBucks but we LOVE spending it even more!\nAt which of our 30 partner stores do you use to "
        "earn your eBucks & what do you spend it on? 🛍\n\n👇 𝗥𝗘𝗣𝗟𝗬 to this Tweet & COMMENT with #LoveFNB & stand a "
        "chance to 𝗪𝗜𝗡 gift vouchers"
    )
    assert "reply" not in _openers(_post("1", text))
