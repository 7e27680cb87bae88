"""A reply or a share quotes a phrase only when the post is on it (bot.openers.phrases.post_is_on).

Each case is a real post from ../shared/data/tweets, quoted short, whose draft quoted a phrase the post only
passed through: "Thanks for this on room temp" (a birthday thread's first tip), "Interesting one on UK" (a case
imported to the UK), "Thanks for sharing this on CDC" (the link's source), "Well put on Covid question" (a label).
"""

from __future__ import annotations

import pytest

from bot.networks.base import NetworkAccount, NetworkPost
from bot.openers.context import OpenerContext, ScoredPost
from bot.openers.phrases import post_is_on
from bot.openers.templates import _post_phrase  # pyright: ignore[reportPrivateUsage]
from tests.openers.test_attack_openers import _openers, _post

ON = [
    ("Naomi Osaka", "Naomi Osaka is demonstrating the power of refusal. To refuse work at the expense of our health."),
    ("Hong Kong", "Hong Kong is a pragmatic, not idealistic city. https://t.co/c9JJaIaPm1"),
    ("SCSS", "SCSS: why is it “bad” to include a 0 in “0.5em”? https://t.co/TBgFXn6Hqf"),
    ("Tourette Syndrome and Bullying", "Top story: Tourette Syndrome and Bullying | CDC https://t.co/61fXze4LMz"),
    ("mental health", "#MentalHealth at work: what helped you this year?"),
    ("mental health", "New task force on mental health. It will expand mental health research in the discipline."),
    ("Biden administration", "The Biden administration overreached and Democrats are running out of options"),
]
PASSING = [
    ("room temp", "33 today, so I will share things I have learnt. 1) Let the meat come to room temp first."),
    ("UK", "1/ A case of Monkeypox was imported to the UK in a traveller, & a close contact in the UK was infected."),
    ("CDC", "COVID-19 VaST Technical Report May 24, 2021 | CDC https://t.co/GFrUlXEYDR via @CDCgov"),
    ("Covid question", "Covid question! Once the border opens, will a negative test be required on short trips?"),
    ("Comm faculty", "Comm faculty: There are still spots open at the NCA Institute for Faculty Development."),
    ("media history", "Seriously, you don't need to erase your social media history before the law comes in."),
    ("Fleet Street", "ICONIC. LONDON. Love this view as we walked towards St Paul's on Saturday! @ Fleet Street"),
]


@pytest.mark.parametrize(("phrase", "text"), ON)
def test_a_post_is_on_its_subject_heading_or_hashtag(phrase: str, text: str) -> None:
    assert post_is_on(phrase, text)


@pytest.mark.parametrize(("phrase", "text"), PASSING)
def test_a_post_is_not_on_a_phrase_it_passes_through(phrase: str, text: str) -> None:
    assert not post_is_on(phrase, text)


def test_a_link_from_a_source_is_answered_without_naming_the_source() -> None:
    openers = _openers(
        _post("1", "Interview: why the new transit plan matters for the city | CDC https://t.co/a via @x")
    )
    assert "CDC" not in "".join(opener.draft for opener in openers.values())


def _scored(post: NetworkPost) -> ScoredPost:
    return ScoredPost(
        post=post,
        url="u",
        score=1.0,
        reasons=(),
        engagement_ratio=1.0,
        age_hours=1.0,
        invites_conversation=False,
        topic=None,
    )


def test_their_own_name_is_not_quoted_back_at_them() -> None:
    context = OpenerContext(
        account=NetworkAccount(id="42", handle="adalab", name="Ada Lab", bio=""),
        posts=[
            _post("1", "Ada Lab is hiring a new research engineer, and our guide is out https://t.co/a", like_count=30)
        ],
        shared_seed_handles=("seedling",),
    )
    assert _post_phrase(context, _scored(context.posts[0]), avoid=()) != "Ada Lab"


@pytest.mark.parametrize(
    "text", ["A newspaper article from 1963. https://t.co/BndK4a3uYV", "That Kaine piece is finished! https://t.co/x"]
)
def test_a_phrase_naming_the_medium_is_not_its_subject(text: str) -> None:
    openers = _openers(_post("1", text, like_count=30), _post("2", "quiet day", hours_ago=50))
    for opener in openers.values():
        assert opener.phrase is None or not opener.phrase.endswith(("article", "piece")), opener.draft


def test_what_a_short_sentence_says_of_its_subject_is_not_its_topic() -> None:
    # "Nice one on bigoted nonsense. Where do you see it going next?"
    assert not post_is_on("bigoted nonsense", "It's some bigoted nonsense. Same way they call all Muslim women Hajia.")


# "Fresh paper in PNAS shows …" was shared as "Research on PNAS worth a read": a journal, an outlet, a place or a
# source is where the post was said, not what it is on.
VENUES = [
    ("PNAS", "Fresh paper in PNAS shows heat waves cut crop yields https://t.co/a"),
    ("The Atlantic", "My piece in The Atlantic on why cities need more trees https://t.co/a"),
    ("Atlantic", "My piece in The Atlantic on why cities need more trees https://t.co/a"),
    ("Nature", "Out now in Nature: our study of coral bleaching https://t.co/a"),
    ("The Lancet", "Our latest study, out today in the latest issue of The Lancet https://t.co/a"),
    ("PyCon", "Great talk at PyCon on type hints"),
    ("ONS", "New figures via the ONS: rents up again"),
    ("Ed Yong", "A great thread by Ed Yong on long covid"),
    ("Guardian", "Fresh numbers from the Guardian's climate desk"),
    ("London", "In London, rents rose again this year"),
]
# The same words where the post is on them: its subject, a hashtag, named twice, or "on" and "in" before a field.
NOT_VENUES = [
    ("heat waves", "Fresh paper in PNAS shows heat waves cut crop yields https://t.co/a"),
    ("coral bleaching", "Out now in Nature: our study of coral bleaching https://t.co/a"),
    ("peer review", "New paper on peer review https://t.co/a"),
    ("cancer research", "Big advances in cancer research this year"),
    ("PNAS", "#PNAS Fresh paper in PNAS shows heat waves cut crop yields"),
    ("PNAS", "PNAS is changing how it reviews papers. Details in PNAS today"),
    ("Nature Climate Change", "Our paper in Nature Climate Change is out. Nature Climate Change keeps getting better"),
]


@pytest.mark.parametrize(("phrase", "text"), VENUES)
def test_a_venue_place_or_source_is_not_what_a_post_is_on(phrase: str, text: str) -> None:
    assert not post_is_on(phrase, text)


@pytest.mark.parametrize(("phrase", "text"), NOT_VENUES)
def test_a_subject_next_to_a_venue_or_a_venue_as_subject_is_still_on(phrase: str, text: str) -> None:
    assert post_is_on(phrase, text)


@pytest.mark.parametrize(
    ("text", "venue"),
    [
        ("Fresh paper in PNAS shows … https://t.co/a", "PNAS"),
        ("My new piece in The Atlantic https://t.co/a", "Atlantic"),
        ("Our latest study, out today in The Lancet https://t.co/a", "Lancet"),
    ],
)
def test_a_share_never_calls_the_journal_or_outlet_its_subject(text: str, venue: str) -> None:
    openers = _openers(_post("1", text, like_count=30), _post("2", "quiet day", hours_ago=50))
    assert "share" in openers
    assert all(venue not in opener.draft for opener in openers.values()), openers
