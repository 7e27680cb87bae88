"""A fresh attacker's findings on what the templates answer (issue 12), each kind with its cases.

The attacker ran about 400 crafted accounts through ``python -m bot openers``; these are the findings about what a
reply or a share does (someone else's news, bad news shared, an event already over, media words that name things,
their own achievements missed or good news congratulated in a share) and about hello topics (a topic from a
tragedy post in another inflection, a name or the account's own description as a topic).
"""

from __future__ import annotations

import pytest

from bot.openers import wording
from bot.openers.acts import achievement, statement_act
from bot.openers.media import medium
from bot.openers.phrases import declared_interest, matching_topic, proper_name
from tests.openers.test_attack_openers import _openers, _post

QUIET = ("quiet day in the lab", "What got you into this? Genuinely curious.")


def _drafts(text: str) -> dict[str, str]:
    posts = [_post("1", text, like_count=60), *(_post(str(n), q, hours_ago=50 + n) for n, q in enumerate(QUIET, 2))]
    return {kind: opener.draft for kind, opener in _openers(*posts).items() if kind != "hello"}


@pytest.mark.parametrize(
    "text",
    [
        "Big news for Sheffield Uni: they've been awarded £5m for a new climate centre.",
        "My colleague Dr Sam Ortiz has just published a brilliant book on river restoration. Out today!",
        "My friend and colleague Tom Hale has a new book out today on the history of Leeds markets. Go buy it!",
        "My dear friend Amal Haddad has won the Forward Prize for best first collection!",
        "Our friends at Hebe Works have just launched their new co-working space in Kirkgate!",
        "Pleased to announce that Dr Jo Smith has joined our lab as a postdoc! Welcome, Jo!",
        "We're pleased to announce that 12 new organisations have joined our National Portfolio this year.",
        "She has just been appointed chief executive of the trust.",
    ],
)
def test_someone_elses_news_gets_no_congratulations(text: str) -> None:
    assert statement_act(text) == "report"
    assert not any("congrat" in draft.casefold() for draft in _drafts(text).values())


@pytest.mark.parametrize(
    "text",
    [
        "My latest release “Le Passage” is out tomorrow on all platforms.",
        "We won Best Small Business at the Leeds Business Awards last night!",
        "I'm joining the University of Glasgow as a Lecturer in September!",
        "Our new game “Moss Valley” launches on Steam today!",
        "My article on emerging safety threats to journalists just came out on @JournPractice https://t.co/q",
    ],
)
def test_their_own_achievement_said_plainly_is_congratulated(text: str) -> None:
    assert statement_act(text) == "announcement" and achievement(text)
    assert "congrat" in _drafts(text)["reply"].casefold()


@pytest.mark.parametrize(
    "text",
    [
        "my cat is out in the garden again",
        "I'm hosting friends for dinner tonight",
        "We're starting to feel better after a long week",
        "I'm joining you in spirit today",
    ],
)
def test_first_person_words_of_an_achievement_without_one_are_no_announcement(text: str) -> None:
    assert statement_act(text) != "announcement"
    assert "reply" not in _drafts(text)


@pytest.mark.parametrize(
    "text",
    [
        "Our new podcast studio is now available to hire by the hour.",
        "Our new video game corner opens this weekend!",
        "Our new website is live! Apply for loans online.",
    ],
)
def test_their_good_news_that_is_no_achievement_is_welcomed_in_the_reply_and_the_share(text: str) -> None:
    assert statement_act(text) == "announcement" and not achievement(text)
    drafts = _drafts(text)
    assert drafts, drafts
    assert not any("congrat" in draft.casefold() for draft in drafts.values()), drafts


def test_their_achievement_that_passes_something_on_is_shared_by_what_it_is() -> None:
    # Was "Congratulations, @amp_paper!" to their new paper: the share said nothing of it.
    share = _openers(
        _post(
            "1",
            "Excited to share our new paper on bees and wildflower margins, out today! https://t.co/x",
            like_count=60,
        ),
        _post("2", QUIET[0], hours_ago=50),
    )["share"]
    assert share.template in wording.SHARE_ANNOUNCEMENT_PAPER, share.draft


@pytest.mark.parametrize(
    "text",
    [
        "YouTube took down my video on repair cafés for 'spam'. Two months of work, gone. https://t.co/x",
        "Our study on sleep and memory has been retracted because of a coding error. I'm so sorry. https://t.co/x",
        "Paper rejected again. Third journal. Reviewer 2 wants a different paper entirely. https://t.co/x",
    ],
)
def test_bad_news_is_not_recommended_in_a_share(text: str) -> None:
    assert "share" not in _drafts(text)


@pytest.mark.parametrize(
    "text",
    [
        "Great to be on the panel at the Open Science Conference this morning. Slides here: https://t.co/x",
        "Great to speak at the Urban Futures conference this morning. Slides here: https://t.co/x",
        "Enjoyed the panel on housing at the LSE this afternoon, lively debate. Join us next time!",
    ],
)
def test_an_event_said_to_be_over_gets_no_wishes_or_invitation(text: str) -> None:
    drafts = _drafts(text)
    assert not any(
        word in draft.casefold() for draft in drafts.values() for word in ("turnout", "goes well", "worth joining")
    ), drafts


@pytest.mark.parametrize(
    ("text", "passes_on"),
    [
        ("Our paper straws are now fully compostable and stocked in every branch.", None),
        ("We've switched to recycled paper bags in all three of our shops.", None),
        ("This week the kids made papier-mâché masks and paper lanterns.", None),
        ("We now install video doorbells for elderly residents free of charge.", None),
        ("Our free hearing checks help you listen to the world again.", None),
        ("We now stock podcast microphones from Rode and Shure.", None),
        # The works themselves still are.
        ("Our new paper on bees is out https://t.co/x", "paper"),
        ("Listen to the full episode here https://t.co/x", "audio"),
        ("New video: how to fix a kettle that won't switch off https://t.co/x", "video"),
        ("New post: what I learned from a year of trail running https://t.co/x", "article"),
    ],
)
def test_a_medium_word_that_names_a_thing_passes_nothing_on(text: str, passes_on: str | None) -> None:
    assert medium(text) == passes_on


def test_a_topic_in_a_tragedy_post_is_no_hello_topic_in_any_inflection() -> None:
    # Was "glad we found your posts on Webinars" from a bio's "Webinars" and one post on a school-shooting webinar.
    post = _post(
        "1", "Join our webinar on supporting students after a school shooting, Thursday 4pm on Zoom https://t.co/x"
    )
    hello = _openers(post, seeds=(), bio="Supporting teachers and schools. Webinars, guides, training.")["hello"]
    assert "ebinar" not in hello.draft, hello.draft


@pytest.mark.parametrize(
    ("phrase", "bio", "declared"),
    [
        # What the account is, or where: the bio's opening, a place, whom a role serves.
        ("Roller rink", "Roller rink, Bradford. Skating for all ages.", False),
        ("Bradford", "Roller rink, Bradford. Skating for all ages.", False),
        ("Young Composer Award", "Young Composer Award, run by the Leeds Music Trust.", False),
        ("Leeds Kirkgate Market", "Toy shop, Leeds Kirkgate Market.", False),
        ("Halifax", "Coffee shop in the Piece Hall, Halifax.", False),
        ("Armley", "Councillor for Armley.", False),
        ("Roundhay Park", "Friends of Roundhay Park. Volunteers caring for the park.", False),
        ("Lithuania", "Ambassador of Lithuania to the United Kingdom", False),
        # A name the bio says they follow, and fields and lists of interests, still are.
        ("Hong Kong", "News and analysis about Hong Kong, China and the rest of Asia.", True),
        ("Southern India", "I cover Southern India for Network18.", True),
        ("Rhetoric", "Asst Prof of Rhetoric and Writing | Science, technology", True),
        ("sustainable finance", "Postdoc. Democracy/capitalism, sustainable finance, history of 1970s.", True),
    ],
)
def test_a_hello_topic_is_an_interest_not_what_or_where_the_account_is(phrase: str, bio: str, declared: bool) -> None:
    assert declared_interest(phrase, bio) is declared


@pytest.mark.parametrize(
    ("phrase", "name"),
    [("Lithuania", True), ("Armley", True), ("Hong Kong", True), ("Local Councils", False), ("Open Source", False)],
)
def test_a_name_is_told_from_capitalised_common_nouns(phrase: str, name: bool) -> None:
    assert proper_name(phrase) is name


def test_a_handle_in_a_post_is_not_the_teams_topic() -> None:
    # Was "Good thread from @thr_handle on NHSEngland funding." from "Thread 🧵 on @NHSEngland funding".
    assert matching_topic("Thread 🧵 on @NHSEngland funding cuts and what they mean", ["NHSEngland funding"]) is None
    assert matching_topic("Thread 🧵 on NHSEngland funding cuts", ["NHSEngland funding"]) == "NHSEngland funding"


def test_a_long_quoted_title_is_not_pasted_into_a_draft() -> None:
    # A blind grader: "Congratulations on “Factors associated with … in Pakistan” — great to see this!" read as a bot.
    text = (
        '📢Publication Alert📢 It needed 10mon, 3 RRs &amp; courage to see it published: "Factors associated with the '
        'belief in COVID-19 related conspiracy theories in Pakistan" https://t.co/Qr6uA6guG8'
    )
    drafts = _drafts(text)
    assert "congrat" in drafts["reply"].casefold()
    assert not any("Factors" in draft for draft in drafts.values()), drafts


def test_no_hello_topic_claims_posts_in_another_language() -> None:
    # "We've been enjoying what you share about sustainable finance" to someone who posts mostly in German.
    posts = [
        _post(str(n), text, lang="de", hours_ago=10 * n)
        for n, text in enumerate(
            [
                "Nachhaltige Finanzen sind das Thema unserer neuen Studie.",
                "Heute Vortrag über nachhaltige Finanzen und Demokratie in Berlin.",
                "Die Geschichte der 1970er Jahre erklärt viel über sustainable finance.",
            ],
            1,
        )
    ]
    hello = _openers(*posts, seeds=(), bio="Postdoc. Democracy/capitalism, sustainable finance, history of 1970s.")
    assert "sustainable finance" not in hello["hello"].draft, hello["hello"].draft
    assert "posts mostly in German" in hello["hello"].why
