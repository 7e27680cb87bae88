"""What an attack on the opener writer found, each kind fixed and each case shown here.

1. sensitive topics by word family and inside hashtags, on every thread of the tragedies in ../shared;
2. a team language other than English, for every template kind;
3. hashtags and "RT" never become phrases;
4. a hello never names the account as the seed it shares;
5. laughter after an insult, and hostility without profanity;
6. help requests answered as help requests; a label is not a topic;
7. CSV cells with a formula after leading whitespace, a tab or a CR are neutralised.

The real posts are read from ../shared/data/tweets (never copied here).
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import itertools
import json
import re
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest

from bench.openers import RUMOUREVAL, rumoureval_as_v2
from bot.networks.base import NetworkAccount, NetworkPost
from bot.networks.x import parse_account, parse_post
from bot.openers import OpenerContext, template_openers, wording
from bot.openers.acts import statement_act
from bot.openers.cli import write_openers
from bot.openers.phrases import key_phrases, names_people, post_is_on, self_description
from bot.openers.picking import invitation_kind, reply_posts
from bot.openers.tone import hostility, sensitive_conversations, sensitive_term, tragedy_tags
from bot.relationships.export import neutralize_formula, to_csv
from tests.conftest import shared_path

if TYPE_CHECKING:
    from bot.openers import Opener

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
TRAGEDIES = ("charliehebdo", "germanwings-crash", "ottawashooting", "sydneysiege", "ferguson")


@functools.cache
def _rumoureval() -> tuple[list[NetworkPost], dict[str, NetworkAccount], dict[str, str]]:
    """The RumourEval posts, their users, and each thread's event (from the data's own ``event`` field)."""

    path = shared_path(f"data/tweets/{RUMOUREVAL}")
    raw_posts, raw_users, _ = rumoureval_as_v2(path)
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        events = {str(tweet["thread_id"]): tweet["event"] for tweet in map(json.loads, lines)}
    users = {key: parse_account(user) for key, user in raw_users.items()}
    return [parse_post(raw) for raw in raw_posts], users, events


@functools.cache
def _real_texts() -> tuple[str, ...]:
    """Every real post's text: RumourEval and the academic timelines."""
    with gzip.open(shared_path("data/tweets/academictwitter_v2_tweets.jsonl.gz"), "rt", encoding="utf-8") as lines:
        academic = [json.loads(line)["text"] for line in lines]
    return (*(post.text for post in _rumoureval()[0]), *academic)


# ---------------------------------------------------------------------------------------------------------------
# 1. Sensitive topics: the kind, by word family and inside hashtags


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Terrible accident on the M1 this morning", "accident"),
        ("Crash victims named by the airline", "crash"),
        ("The campus is now on lockdown.", "lockdown"),
        ("He overdosed last night, the family says", "overdose"),
        ("Reports of a shooting near the parliament", "shoot"),
        ("The funerals will be held on Friday", "funeral"),
        ("Sharing my cancer diagnosis with you all", "cancer"),
        ("A suicide note was found", "suicide"),
        ("Twelve years of war in the region", "war"),
        ("Earthquakes shook the coast", "earthquake"),
        ("Flooding closed the whole valley", "flood"),
        ("Hostages were seen at the window", "hostage"),
        ("Everyone died instantly", "die"),
        ("#PrayForParis", "pray"),
        ("#JeSuisCharlie", "je suis"),
        ("#RIPRobinWilliams", "rip"),
        ("#RIPxxx", "rip"),
        ("#ripmandela", "rip"),
        ("Full statement on #Sydneysiege", "siege"),
        ("Is he missing? #putindead", "dead"),
        # Lower-case compounds no dictionary knows, from the real posts the benchmark found.
        ("As we walk on the floodland. We forget.", "flood"),
        ("feminist killjoy pirate", "kill"),
        ("brutalist kfc", "brutal"),
    ],
)
def test_a_tragedy_is_caught_by_its_word_family_and_inside_hashtags(text: str, family: str) -> None:
    assert sensitive_term(text) == family


@pytest.mark.parametrize(
    "text",
    [
        "Emerging technologies in the classroom: a thread",  # "emerging" shares the stem of "emergency"
        "Memory tracking in RStudio is incredible",  # "memory" shares the stem of "memorial"
        "The new policy paper is out",  # "policy" is not "police"
        "My arms hurt after the climbing session",  # "arms" is not "armed"
        "Celebrating 1000 citations! #AcademicTwitter #PhDLife #WomenInSTEM",
        "Planning a #tripadvisor review of the conference venue",
    ],
)
def test_ordinary_words_that_merely_look_alike_are_not_sensitive(text: str) -> None:
    assert sensitive_term(text) is None


def test_short_lemmas_are_read_only_in_english() -> None:
    # The German article "die" and the German "war" (was) are no death and no war; a German post loses no reply.
    german = "Offene Begutachtung macht die Wissenschaft besser, das war schon immer so."
    assert sensitive_term(german) == "die"
    assert sensitive_term(german, english=False) is None
    assert sensitive_term("Der Anschlag: Terroristen nahmen Geiseln, terror im Zentrum", english=False) == "terror"


def test_an_event_hashtag_is_learnt_from_the_posts_around_it() -> None:
    # "#Germanwings" and "#4U9525" say nothing to a lexicon; the posts that use them speak of the crash.
    posts, _, _ = _rumoureval()
    tags = tragedy_tags(posts)
    assert {"germanwings", "4u9525", "charliehebdo", "jesuischarlie", "sydneysiege", "ferguson"} <= tags
    assert sensitive_term("Names of pilots rumored - no formal confirmation yet. #germanwings") is None
    thread = next(post for post in posts if post.id == "581047170637381632")
    assert thread.conversation_id in sensitive_conversations(posts)


def test_every_thread_of_the_five_tragedies_is_a_sensitive_conversation() -> None:
    posts, _, events = _rumoureval()
    sensitive = sensitive_conversations(posts)
    missed = sorted(thread for thread, event in events.items() if event in TRAGEDIES and thread not in sensitive)
    assert missed == []
    assert sum(event in TRAGEDIES for event in events.values()) == 274


def test_no_reply_or_share_is_written_to_any_post_of_the_five_tragedies() -> None:
    posts, users, events = _rumoureval()
    results = write_openers(posts, users)
    thread_of = {post.id: post.conversation_id for post in posts}
    on_tragedy = [
        (result.account, opener.kind, opener.draft)
        for result in results
        for opener in result.openers
        if opener.post_id is not None and events.get(thread_of[opener.post_id] or "") in TRAGEDIES
    ]
    assert on_tragedy == []
    # The check is not a blanket ban: most posts outside the tragedies (the Prince concert rumour, Putin's absence)
    # name nothing sensitive. (They get no reply for other reasons: rumour chatter, jokes and "Is it true?" teasers
    # ask the reader nothing and say nothing a reply could answer.)
    outside = [post for post in posts if events.get(thread_of[post.id] or "") not in TRAGEDIES]
    assert sum(sensitive_term(post.text) is None for post in outside) > 0.8 * len(outside)


# ---------------------------------------------------------------------------------------------------------------
# 5. Hostility: laughter after an insult, and hostility without profanity


@pytest.mark.parametrize(
    "text",
    [
        "you idiot lol 😂",
        "@bob you are an idiot haha",
        "delete your account",
        "nobody asked",
        "who asked?",
        "@someone go away and never come back",
        "I hope you suffer",
        "hope u get cancer",
        "I wish you would die",
        "you deserve to rot",
    ],
)
def test_hostility_is_caught_with_laughter_and_without_profanity(text: str) -> None:
    assert hostility(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "I disagree with you, the data says otherwise",
        "You are wrong about this, and here is why",
        "I hope you have a great day",
        "I hope you don't suffer too much with the revisions",
        "Hope you all enjoy the rotation",
        "Who asked this question at the panel?",
        "This problem will not go away on its own",
        "Shut up, this is amazing!!",
    ],
)
def test_disagreement_and_kind_wishes_are_not_hostile(text: str) -> None:
    assert hostility(text) is None


def test_ordinary_disagreement_in_the_real_posts_is_not_flagged() -> None:
    # Every real post that disagrees in so many words (30 of them across RumourEval and the academic timelines):
    # disagreeing is how conversations start, not hostility.
    disagreement = re.compile(
        r"(?i)\b(?:disagree|you(?:'re| are) wrong|not true|incorrect|misleading|i doubt|doesn't mean|that's not)\b"
    )
    disagreeing = [text for text in _real_texts() if disagreement.search(text)]
    assert len(disagreeing) >= 25
    assert [text for text in disagreeing if hostility(text) is not None] == []


# ---------------------------------------------------------------------------------------------------------------
# Helpers for the written openers


def _post(post_id: str, text: str, *, lang: str = "en", hours_ago: float = 2, **fields: Any) -> NetworkPost:
    return NetworkPost(
        id=post_id,
        author_id="42",
        text=text,
        created_at=NOW - timedelta(hours=hours_ago),
        conversation_id=post_id,
        lang=lang,
        **fields,
    )


def _openers(*posts: NetworkPost, handle: str = "ada", bio: str = "", **context: Any) -> dict[str, Opener]:
    ctx = OpenerContext(
        account=NetworkAccount(id="42", handle=handle, name="Ada", bio=bio),
        posts=list(posts),
        shared_seed_handles=context.pop("seeds", ("seedling",)),
        **context,
    )
    return {opener.kind: opener for opener in template_openers(ctx, now=NOW)}


def _adjacent_pairs(text: str) -> set[tuple[str, str]]:
    return set(itertools.pairwise(re.findall(r"\w+", text.casefold())))


# ---------------------------------------------------------------------------------------------------------------
# 2. The language rule, for every template kind

GERMAN = {
    "question": "Was haltet ihr von offener Begutachtung in der Wissenschaft?",
    "help": "Kann jemand eine gute Literaturverwaltung empfehlen? Does anyone know Zotero alternatives?",
    "statement": "Offene Begutachtung macht die Wissenschaft besser und transparenter.",
}


@pytest.mark.parametrize("kind", sorted(GERMAN))
@pytest.mark.parametrize("follows_team", [False, True])
@pytest.mark.parametrize("seeds", [(), ("seedling",)])
def test_a_german_team_gets_every_kind_without_a_quoted_phrase(
    kind: str, follows_team: bool, seeds: tuple[str, ...]
) -> None:
    # The templates are English: for a team whose language is German, a German post may be answered or shared, but
    # no word of it is wrapped in an English template, whatever the kind (reply, share, any hello).
    post = _post("1", GERMAN[kind], lang="de", like_count=30)
    older = _post("2", "Ein ruhiger Tag im Labor, viel geschrieben.", lang="de", hours_ago=40, like_count=1)
    openers = _openers(
        post, older, bio="Wissenschaftlerin, Begutachtung", language="de", follows_team=follows_team, seeds=seeds
    )
    # A German remark reads to the English act patterns as a report: it is neither answered nor shared (a share
    # says what the post passes on, and this one names nothing). A question or a request for help wants an answer,
    # which no template has: no reply, and no share as a read.
    assert set(openers) == {"hello"}
    for opener in openers.values():
        assert opener.phrase is None, opener
        assert not _adjacent_pairs(opener.draft) & _adjacent_pairs(GERMAN[kind]), opener.draft
        assert not {"begutachtung", "wissenschaft", "literaturverwaltung"} & set(
            re.findall(r"\w+", opener.draft.casefold())
        )


@pytest.mark.parametrize("kind", sorted(GERMAN))
def test_an_english_team_never_quotes_a_german_post(kind: str) -> None:
    post = _post("1", GERMAN[kind], lang="de", like_count=30)
    openers = _openers(post, _post("2", "Ein ruhiger Tag im Labor.", lang="de", hours_ago=40), language="en")
    assert set(openers) == {"hello"}
    assert openers["hello"].phrase is None
    assert "posts mostly in German" in openers["hello"].why


def test_the_german_academic_timelines_give_no_quoted_phrase_to_a_german_team() -> None:
    with gzip.open(shared_path("data/tweets/academictwitter_v2_tweets.jsonl.gz"), "rt", encoding="utf-8") as lines:
        german = [parse_post(raw) for raw in map(json.loads, lines) if raw.get("lang") == "de"]
    users = {post.author_id: NetworkAccount(id=post.author_id, handle=f"u{post.author_id}") for post in german}
    results = write_openers(german, users, language="de")
    drafts = [opener for result in results for opener in result.openers]
    assert {opener.kind for opener in drafts} == {"reply", "share", "hello"}
    by_id = {post.id: post for post in german}
    for opener in drafts:
        assert opener.phrase is None
        if opener.post_id is not None:
            assert not _adjacent_pairs(opener.draft) & _adjacent_pairs(by_id[opener.post_id].text), opener.draft


# ---------------------------------------------------------------------------------------------------------------
# 3. Hashtags and "RT" are never phrases


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("RT @bob: new results on protein structure prediction", ["protein structure prediction"]),
        ("RT this if you agree about open science", ["open science"]),
        ("Great talk on graph theory via @bob", ["graph theory"]),
        ("#AcademicTwitter", []),
        ("#AcademicTwitter #PhDLife #OpenScience", []),
        ("Loving the new #AcademicTwitter community", []),
        ("#OpenScience is the future of research", []),
        ("RT RT RT", []),
    ],
)
def test_hashtags_and_repost_marks_never_become_phrases(text: str, phrases: list[str]) -> None:
    assert key_phrases(text) == phrases


def test_a_hashtag_only_post_gives_no_phrase_to_any_opener() -> None:
    openers = _openers(_post("1", "#AcademicTwitter #AcademicChatter #PhDLife", like_count=30))
    for opener in openers.values():
        assert opener.phrase is None
        assert "Academic" not in opener.draft and "PhDLife" not in opener.draft and "#" not in opener.draft


# ---------------------------------------------------------------------------------------------------------------
# 4. A hello never names the account as its own seed


@pytest.mark.parametrize("seeds", [("ada",), ("@Ada",), ("ADA", "ada")])
def test_an_account_that_is_its_own_seed_gets_no_seed_hello(seeds: tuple[str, ...]) -> None:
    hello = _openers(_post("1", "Small sourdough win today. Feels good."), seeds=seeds)["hello"]
    assert "through @ada" not in hello.draft.casefold() and "via @ada" not in hello.draft.casefold()
    assert hello.draft.casefold().count("@ada") == 1
    assert "followed by your seed" not in hello.why
    assert hello.template in {*wording.HELLO_TOPIC, *wording.HELLO_BARE}


def test_its_own_seed_is_skipped_for_the_next_one() -> None:
    hello = _openers(_post("1", "Small sourdough win today."), seeds=("ada", "grace", "ada"))["hello"]
    assert "@grace" in hello.draft
    assert "followed by your seed @grace" in hello.why and "more" not in hello.why


def test_the_cli_seed_equal_to_the_author_gives_no_seed_hello() -> None:
    post = _post("1", "Small sourdough win today. Feels good.")
    [result] = write_openers([post], {"42": NetworkAccount(id="42", handle="ada")}, seed="ada")
    hello = next(opener for opener in result.openers if opener.kind == "hello")
    assert hello.draft.casefold().count("@ada") == 1


# ---------------------------------------------------------------------------------------------------------------
# 6. Help requests and questions are left to the team; a label is not a topic


@pytest.mark.parametrize(
    "text",
    [
        "Can anyone recommend a good reference manager for a thesis?",
        "Does anyone know how to fix citation styles in Zotero",
        "Looking for advice on grant applications for a first postdoc.",
        "Any tips for podcast editing? Starting a lab podcast next month",
        "What's the best way to archive lab notebooks?",
    ],
)
def test_a_help_request_gets_no_template_reply(text: str) -> None:
    # Only an answer helps, and no template has one: "Following for the answers. What have you ruled out already?"
    # threw the request back (a blind grader: none of the help replies sendable).
    assert invitation_kind(text) == "help"
    openers = _openers(_post("1", text))
    assert "reply" not in openers and "hello" in openers, openers


def test_an_opinion_question_is_still_a_question_and_gets_no_template_reply() -> None:
    text = "What do you think about open peer review?"
    assert invitation_kind(text) == "question"
    assert "reply" not in _openers(_post("1", text))


@pytest.mark.parametrize(
    ("text", "label", "topic"),
    [
        ("As a PhD student, I find peer review exhausting", "PhD student", "peer review"),
        ("I am a first-year PhD student and the imposter syndrome is real", "PhD student", "imposter syndrome"),
        ("PhD student here: which reference manager do you use?", "PhD student", "reference manager"),
        ("Fellow science communicators, any tips for podcast editing?", "science communicators", "podcast editing"),
        ("PhD student at UCL working on peer review", "PhD student", "peer review"),
        ("Mum of two, full-time researcher, surviving on coffee", "researcher", None),
    ],
)
def test_a_label_or_self_description_is_not_a_topic(text: str, label: str, topic: str | None) -> None:
    phrases = key_phrases(text)
    assert not any(label.casefold() in phrase.casefold() for phrase in phrases), phrases
    assert (phrases[0] if phrases else None) == topic
    assert self_description(text, label) or label not in text


def test_a_self_description_never_reaches_a_draft() -> None:
    text = "As a PhD student, I find peer review fascinating"
    openers = _openers(_post("1", text, like_count=40), _post("2", "quiet day", hours_ago=50, like_count=1))
    assert all("PhD student" not in opener.draft for opener in openers.values())
    # What the post is on is the phrase a draft may quote; the label for its author is not (a view is not shared, so
    # this is checked on the phrases themselves).
    assert post_is_on("peer review", text) and names_people("PhD student")


# ---------------------------------------------------------------------------------------------------------------
# 7. CSV cells: a formula after leading whitespace, a tab or a CR is neutralised


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        (" =1+1", "' =1+1"),
        ("\t=cmd", "'\t'=cmd"),
        ("\r@x", "'\r'@x"),
        ("  +SUM(A1)", "'  +SUM(A1)"),
        ("note\t=cmd|' /C calc'!A0", "'note\t'=cmd|' /C calc'!A0"),
        ("first line\n-2+3", "'first line\n'-2+3"),
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("PhD student, 3 papers", "PhD student, 3 papers"),
        ("line\nbreak, comma", "line\nbreak, comma"),
    ],
)
def test_a_csv_cell_never_runs_as_a_formula(cell: str, written: str) -> None:
    assert neutralize_formula(cell) == written
    [[read]] = list(csv.reader(io.StringIO(to_csv(["x"], [[cell]]).decode("utf-8"), newline="")))[1:]
    assert read == written


def test_a_deictic_time_word_is_never_part_of_a_phrase() -> None:
    # From the benchmark's drafts: "Thanks for this on Celebrating today."
    phrases = key_phrases("Celebrating today with thanksgiving #CorpusChristi - happy feast day")
    assert phrases == ["feast day"]


# ---------------------------------------------------------------------------------------------------------------
# Sarcasm: no library ships a sarcasm model; a conservative cue rule (ironic praise next to a setback, or the
# writer's "/s") catches these, see tests/openers/test_tone_screening.py for what it measured on the real posts.


@pytest.mark.parametrize(
    "text",
    [
        "Oh great, another Monday of grant rejections. Just what I needed 🙃",
        "Wow, reviewer 2 really loved our paper. Only asked for three new experiments. Fantastic.",
    ],
)
def test_a_sarcastic_complaint_gets_no_cheerful_reply(text: str) -> None:
    from bot.openers.tone import post_tone

    assert post_tone(_post("1", text)).sarcastic is not None
    reply = _openers(_post("1", text)).get("reply")
    cheerful = {
        *wording.REPLY_ANNOUNCEMENT,
        *wording.REPLY_ANNOUNCEMENT_TITLED,
        *wording.REPLY_GOOD_NEWS,
        *wording.REPLY_EVENT,
        *wording.REPLY_EVENT_TITLED,
        *wording.REPLY_EVENT_WISHES,
        *wording.REPLY_EVENT_WISHES_TITLED,
    }
    assert reply is None or reply.template not in cheerful


def test_the_digest_reads_the_days_posts_together_so_a_tragedy_thread_gets_no_reply_from_anyone() -> None:
    # The digest's accounts are read together, as the CLI reads a file: a reply in the Germanwings threads that
    # says nothing a lexicon knows ("Which way are you leaning?" to a question about the pilots) is still in a
    # tragedy thread, known from the other posts of the day. Read one account at a time, as the digest did, 38
    # drafts landed in those threads.
    from bot.discovery.checks import CheckResult
    from bot.discovery.rank import RankedCandidate
    from bot.pipeline import Candidate, opener_contexts

    posts, users, events = _rumoureval()
    germanwings = [post for post in posts if events.get(post.conversation_id or "") == "germanwings-crash"]
    authors = sorted({post.author_id for post in germanwings} & set(users))
    chosen = [
        Candidate(
            ranked=RankedCandidate(account=author, score=1.0, followed_by=(), follows_team=False),
            account=users[author],
            check=CheckResult(author, True, (), "", bot_score=0.0, last_post_at=None, lifetime_posts_per_day=1.0),
            posts=tuple(sorted((p for p in germanwings if p.author_id == author), key=lambda p: int(p.id))[::-1]),
        )
        for author in authors
    ]

    def on_threads(contexts: list[OpenerContext]) -> list[str]:
        # "now" is each account's newest post, as if the digest ran that day (posts from 2015).
        return [
            opener.draft
            for context in contexts
            for opener in template_openers(context, now=context.posts[0].created_at)
            if opener.post_id is not None
        ]

    assert on_threads(opener_contexts(chosen, handles={}, topics=(), language="en")) == []
    one_at_a_time = [
        OpenerContext(account=candidate.account, posts=list(candidate.posts), shared_seed_handles=[])
        for candidate in chosen
    ]
    # Read one at a time, the picker would take posts in those threads (a template may or may not answer them).
    assert any(reply_posts(context, now=context.posts[0].created_at) for context in one_at_a_time), (
        "without the day's posts, the tragedy's threads look like posts to answer"
    )


@pytest.mark.parametrize(
    "text",
    [
        # Read in bench.openers' drafts: this got "Really interesting take on Stonewall Diversity programme. What
        # led you to it?" The curse is aimed at a third party (no "you", no handle), so it was not "aimed at
        # someone", and "fuck off" was not among the dismissals.
        "Yesterday: Liz Truss urges government departments to withdraw from the Stonewall Diversity programme.\n\n"
        "Today: Equalities Department tweets Happy Pride month.\n\n"
        "This government needs to fuck off & then fuck off some more!",
        "The minister can fuck off",
        "fuck you and your stupid take",
    ],
)
def test_telling_anyone_to_fuck_off_is_hostile(text: str) -> None:
    assert hostility(text) is not None


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        # Read in bench.openers' drafts: "Hi @clairo! Looking forward to more of what you share on next week."
        ("Can't wait for next week, the workshop on regional hubs is going to be great", "next week"),
        ("Last month was a blur of marking and grant reports", "last month"),
        ("This weekend the choir sings in Leeds", "this weekend"),
    ],
)
def test_a_relative_time_is_no_topic(text: str, phrase: str) -> None:
    from bot.openers.phrases import noun_phrases

    assert phrase not in [found.casefold() for found in noun_phrases(text)]


def test_a_noun_and_the_name_after_it_are_not_one_phrase() -> None:
    from bot.openers.phrases import noun_phrases

    text = "She’s enjoyed her 3 months of being younger than me now back in the room Mrs F happy birthday"
    assert "room Mrs F" not in noun_phrases(text)


def test_a_proper_adjective_keeps_its_capital() -> None:
    from bot.openers.phrases import noun_phrases

    text = "Post-doctoral fellowship for a scholar currently based in an African university - great opportunity"
    assert "african university" not in noun_phrases(text)


def test_a_post_tagged_as_sexual_content_gets_no_reply_or_share() -> None:
    # It got "Thanks for writing this up on Angel Devis and Devil Talia. What's the part people most often miss?"
    # (read in bench.openers' drafts) before the sexual-content lexicon read its hashtags.
    post = _post(
        "1",
        "Angel Devis and Devil Talia! Happy birthday to me lmao 😆🌝👌 #originalcharacters #sexy #thicc #oppai "
        "#pinup #halloween #sketchbook #copicmarkers #prismacolormarkers",
    )
    openers = _openers(post)
    assert "reply" not in openers and "share" not in openers, openers


@pytest.mark.parametrize(
    "text",
    [
        "Celebrating 28 years of marriage today by going #outout to lunch later with T..🥰",
        "Happy wedding anniversary to my wonderful husband, best decision I ever made",
        "I'm 37 today! I'd like to have some fun so please type in “Happy birthday, I wish you...”",
        "We're engaged!!! Still can't quite believe it, what a weekend in the Lake District",
        "Please welcome our new baby daughter Ada, born Tuesday morning, everyone doing well",
        "It's my daughter's birthday and she asked for a dinosaur cake, wish me luck with the icing",
    ],
)
def test_a_personal_milestone_gets_no_post_based_opener(text: str) -> None:
    # "What would you tell someone just starting out with it?" to 28 years of marriage (bench.openers' drafts):
    # no template fits a stranger's milestone, so it is neither answered, shared nor a hello's topic.
    openers = _openers(_post("1", text))
    assert "reply" not in openers and "share" not in openers, openers
    hello = openers.get("hello")
    assert hello is None or hello.phrase is None, hello


def test_ordinary_posts_that_mention_years_or_birthdays_in_passing_still_get_replies() -> None:
    # Not a milestone: a project's age, a birthday paradox.
    for text in (
        "Ten years of open source maintenance taught me that documentation is the product",
        "The birthday paradox is the best way to teach probability: one chart of shared birthdays in a class",
    ):
        assert statement_act(text) != "personal", text
