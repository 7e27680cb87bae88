"""A second fresh attacker's findings (issue 12), each kind with its cases and controls: violent calls worded as
views, veiled threats, dehumanising and non-profane abuse, death wishes in other languages; spam and sexual
accounts; findings congratulated; someone else's news; hello topics claiming posts; events over; quote posts and
protected accounts shared."""

from __future__ import annotations

import pytest

from bot.networks.base import NetworkAccount
from bot.openers import OpenerContext, template_openers, wording
from bot.openers.acts import statement_act
from bot.openers.tone import hostility, sarcasm, spam, unwelcome_account
from tests.openers.test_attack20_templates import _drafts
from tests.openers.test_attack_openers import NOW, _openers, _post


@pytest.mark.parametrize(
    "text",
    [
        "Honestly landlords should all be lined up against a wall.",
        "Traitors like her should be strung up. Simple as.",
        "Fare dodgers should be thrown off the train while it's moving.",
        "Shoplifters should lose a hand. Harsh but fair.",
        "Someone should run that cyclist off the road, teach him a lesson.",
        "Would be a real shame if something happened to that little shop of yours.",
        "I'd pay good money to watch that man hang for what he did.",
        "Someone needs to take that MP out.",
        "I know which school your kids go to. Think about that.",
        "He deserves a bullet for that.",
        "Can't wait for the day she's six feet under.",
        "Honestly wish a bus would hit him.",
        "If I ever see you at the ground you're getting glassed, mate.",
        "Ojalá te mueras, basura.",
        "Ich hoffe, du verreckst.",
        "Sé dónde vives.",
    ],
)
def test_a_threat_or_a_call_for_violence_screens_the_account(text: str) -> None:
    assert hostility(text) is not None
    posts = [
        _post("1", text),
        _post("2", "Lovely morning for it", hours_ago=20),
        _post("3", "Cup of tea time", hours_ago=40),
    ]
    assert unwelcome_account(posts, "42") is not None


@pytest.mark.parametrize(
    "text",
    [
        "These people are vermin. Rats, the lot of them.",
        "Another boat of parasites landed at Dover. Absolute invasion.",
        "Subhuman filth, the lot of them.",
        "@x what an absolute bellend",
        "@y pipe down you pillock",
        "@x you are a disgusting human being",
        "@x get in the bin",
    ],
)
def test_dehumanising_and_non_profane_abuse_is_hostile(text: str) -> None:
    assert hostility(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "The painting should be hung in the hall.",
        "Our coats should be hung up by the door.",
        "We should all be lined up for the photo at 3pm.",
        "Someone should take that idea out for a spin!",
        "The band should be shot in black and white for the video.",
        "Someone should sort this out.",
        "Someone should take the bins out.",
        "I know which school is best for my kids.",
        "Rats are fascinating animals.",
        "Our signals group meets on Tuesdays to discuss traffic signals research.",
    ],
)
def test_the_same_words_said_harmlessly_are_not_hostile(text: str) -> None:
    assert hostility(text) is None and spam(text) is None


@pytest.mark.parametrize(
    "posts",
    [
        ["New pics up on my OF 💦", "Spicy content in bio 🍑 #nsfw", "Good morning x"],
        ["Bitcoin is going to 500k. Join my VIP signals group", "10k real followers for $19", "gm"],
        ["Earn $5,000 a week from home!!! DM me 'INFO'", "Hot singles in your area want to meet you", "hi"],
        ["Your account will be suspended. Verify your account here: https://t.co/x", "18+ only 🔞 50% off", "x"],
    ],
)
def test_an_account_mostly_selling_sex_coins_or_scams_is_screened(posts: list[str]) -> None:
    # Counted together: one post selling porn and one selling a coin make an unwelcome account.
    network_posts = [_post(str(n), text, hours_ago=10 * n) for n, text in enumerate(posts, 1)]
    screened = unwelcome_account(network_posts, "42")
    assert screened is not None and screened[0] in {"spam", "sexual_content"}, screened


@pytest.mark.parametrize(
    "text",
    [
        "Excited to announce I've been promoted to Chief Dishwasher by my toddler",
        "Reviewer 2 says my paper 'lacks novelty'. Anyway here's Wonderwall.",
    ],
)
def test_a_joke_announcement_is_sarcasm(text: str) -> None:
    assert sarcasm(text) is not None
    assert _drafts(text) == {}


@pytest.mark.parametrize(
    "text",
    [
        "New report: rents in Manchester up 9% in a year https://t.co/x",
        "Our new report finds 1 in 4 unpaid carers skip meals to get by https://t.co/x",
        "New study: microplastics found in every placenta we tested https://t.co/x",
        "New report out today on the state of UK bees: wild bee numbers down 30% since 2010 https://t.co/x",
    ],
)
def test_findings_are_passed_on_not_congratulated(text: str) -> None:
    assert statement_act(text) == "pointer"
    drafts = _drafts(text)
    assert "reply" not in drafts
    assert not any(word in draft.casefold() for draft in drafts.values() for word in ("congrat", "great news")), drafts


def test_a_paper_announced_with_its_subject_after_a_colon_is_still_their_news() -> None:
    assert statement_act("Excited to share our new paper: a survey of 3,000 teachers https://t.co/x") == "announcement"


@pytest.mark.parametrize(
    "text",
    [
        "My brother's first novel is out today and it's brilliant, go buy it",
        "Big news from my old lab: they just got a £2m Wellcome grant!",
        "Our intern Sam has been offered a full-time role, well deserved!",
        "Ecstatic: my partner got the job!!!",
    ],
)
def test_a_relatives_or_a_colleagues_news_is_not_theirs(text: str) -> None:
    drafts = _drafts(text)
    assert not any(word in draft.casefold() for draft in drafts.values() for word in ("congrat", "opportunit")), drafts


@pytest.mark.parametrize(
    "bio",
    [
        "I don't care about open science.",
        "Open Science Foundation official account.",
        "Gave up on open science after ten years of it.",
    ],
)
def test_a_team_topic_in_the_bio_alone_claims_no_posts(bio: str) -> None:
    posts = [_post("1", "Lovely morning for it"), _post("2", "Cup of tea time", hours_ago=30)]
    hello = _openers(*posts, seeds=(), bio=bio, topics=("open science",))["hello"]
    assert "open science" not in hello.draft.casefold(), hello.draft


def test_a_team_topic_in_the_bio_and_the_posts_is_still_named() -> None:
    posts = [_post("1", "Our open science workshop notes are up."), _post("2", "Cup of tea time", hours_ago=30)]
    hello = _openers(*posts, seeds=(), bio="Researcher. Open science advocate.", topics=("open science",))["hello"]
    assert "open science" in hello.draft.casefold(), hello.draft


def test_an_event_given_this_morning_is_over() -> None:
    drafts = _drafts("Gave a webinar on open data this morning, thanks all! Join us next time https://t.co/x")
    assert not any(w in d.casefold() for d in drafts.values() for w in ("recorded", "recording", "worth joining"))


def test_a_quote_post_is_not_shared_as_their_own() -> None:
    # Was "Good thread from @quote0." on a quote of someone else's thread.
    quote = _post("1", "Brilliant thread on river restoration 🧵", like_count=60, quoted_post_id="99")
    assert "share" not in _openers(quote, _post("2", "Cup of tea time", hours_ago=50))


def test_a_protected_accounts_posts_are_not_shared() -> None:
    post = _post("1", "Our new thread on river restoration 🧵", like_count=60)
    context = OpenerContext(
        account=NetworkAccount(id="42", handle="ada", name="Ada", bio="", protected=True),
        posts=[post, _post("2", "Cup of tea time", hours_ago=50)],
        shared_seed_handles=("seedling",),
    )
    assert "share" not in {opener.kind for opener in template_openers(context, now=NOW)}


@pytest.mark.parametrize(
    "text",
    [
        # A blind grader: "Congrats — this is wonderful to see!" here read as cheering the threats.
        "My article on emerging safety threats of journalist safety in Ethiopia just came out on @JournPractice "
        "https://t.co/qQUp4YL5Cr",
        "Excited to share our new paper on online threats to women journalists, out today https://t.co/x",
    ],
)
def test_an_achievement_on_a_grim_subject_is_congratulated_soberly(text: str) -> None:
    drafts = _drafts(text)
    assert drafts["reply"] in wording.REPLY_ANNOUNCEMENT_SOBER, drafts
    assert not any(word in draft.casefold() for draft in drafts.values() for word in ("wonderful", "great")), drafts


def test_an_achievement_on_a_happy_subject_keeps_its_cheer() -> None:
    assert _drafts("I got a medal! So honoured to have won this award")["reply"] in wording.REPLY_ANNOUNCEMENT
