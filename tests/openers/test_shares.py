"""A share comments on the post: it says what the post passes on, and it is only drafted for a post the team would
put its name to.

The drafts these replace said nothing about the post ("From @X on Y — worth your time", "Passing this along from
@X" on every kind of post), and shared jokes and swearing. The texts are real posts from ../shared/data/tweets,
quoted short.
"""

from __future__ import annotations

import pytest

from bot.openers import wording
from bot.openers.media import medium, quoted_title
from bot.openers.picking import worth_passing_on
from tests.openers.test_attack_openers import _openers, _post


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Three things I learned running a newsroom on a budget 🧵", "thread"),
        ("In this thread, the syringe access program sets the record straight", "thread"),
        ("Watch the full performance ▶️ https://t.co/u", "video"),
        ("New episode of our podcast: listen here https://t.co/u", "audio"),
        ("In a recent study, researchers found that some Americans over-estimate their ability", "paper"),
        ("64.3% of adults in the U.S. have had at least one dose", "figures"),
        ("#Infographic: 15 cool facts about #MachineLearning", "figures"),
        ("A good read on why transit projects run over budget https://t.co/u", "article"),
        # Words that name a medium in another sense name none.
        ("ok #ica21 i challenge you to a DANCE OFF, let's keep the thread going", None),
        ("Leading sporting figures back tennis superstar Naomi Osaka after her withdrawal", None),
        ("At a basic level, whitewashing in film and television is when characters of color are played by white", None),
        ("Learn to spot these symptoms in yourself. Watch for other people, too.", None),
        ("Program for the ISBA World Meeting this month looks fantastic! #rstats #statistics #datascience", None),
    ],
)
def test_what_a_post_passes_on(text: str, expected: str | None) -> None:
    assert medium(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Apparently it’s rude to call khebab sellers abochi 😭😭",
        "People talking about stupid shit like government corruption and harassment when Prince is in Toronto smh",
        "It's lit! #PhDLife #RStats #Coding https://t.co/fJr3nGTpdU",
        "Prince is playing a secret show in Toronto tonight. I will also be playing a secret show lol",
    ],
)
def test_a_joke_swearing_or_a_post_that_says_nothing_is_not_passed_on(text: str) -> None:
    assert not worth_passing_on(text)
    openers = _openers(_post("1", text, like_count=60), _post("2", "quiet day in the lab", hours_ago=50))
    assert "share" not in openers, openers


def test_a_thread_is_shared_as_a_thread() -> None:
    post = _post("1", "Three things I learned running a small newsroom on a budget 🧵 https://t.co/u", like_count=60)
    share = _openers(post, _post("2", "quiet day in the lab", hours_ago=50))["share"]
    assert share.template in (*wording.SHARE_THREAD, *wording.SHARE_THREAD_PLAIN), share.draft


@pytest.mark.parametrize(
    "text",
    [
        "I think it should be fine to say you are not interested in hanging out, and not be called rude for it.",
        # A fresh attacker's calls for violence worded as views got "Well put by @hv1." and "Well said by @hv3.".
        "Honestly landlords should all be lined up against a wall.",
        "Fare dodgers should be thrown off the train while it's moving.",
        "Shoplifters should lose a hand. Harsh but fair.",
    ],
)
def test_a_view_is_never_shared(text: str) -> None:
    # Sharing a view endorses it: no first contact endorses a stranger's view.
    openers = _openers(_post("1", text, like_count=60), _post("2", "quiet day in the lab", hours_ago=50))
    assert "share" not in openers, openers


def test_a_report_that_passes_on_nothing_is_not_shared() -> None:
    text = "Prince is playing a secret show in Toronto tonight, the promoter told the local radio station."
    openers = _openers(_post("1", text, like_count=60), _post("2", "quiet day in the lab", hours_ago=50))
    assert "share" not in openers, openers


def test_a_share_the_best_post_cannot_carry_falls_to_the_next() -> None:
    report = _post(
        "1", "Prince is playing a secret show in Toronto tonight, the promoter told the radio.", like_count=90
    )
    read = _post("2", "A good read on why transit projects run over budget https://t.co/u", hours_ago=20, like_count=60)
    quiet = [_post(str(n), "quiet day in the lab", hours_ago=50 + n) for n in range(3, 6)]
    share = _openers(report, read, *quiet)["share"]
    assert share.post_id == "2" and share.template in (*wording.SHARE_ARTICLE, *wording.SHARE_ARTICLE_PLAIN)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "🧊 #FallonTonight Tunes 🧊  @twentyonepilots perform “Shy Away” from their new album  Watch the full "
            "performance ▶️ https://t.co/u1j18Smhv2",
            "Shy Away",
        ),
        (
            '📢Publication Alert📢 It needed 10mon, 3 RRs &amp; courage to see it published:  "Factors associated with '
            'the belief in COVID-19 related conspiracy theories in Pakistan" https://t.co/Qr6uA6guG8',
            "Factors associated with the belief in COVID-19 related conspiracy theories in Pakistan",
        ),
        ("Really happy to announce that my latest release “ Le Passage” is out tomorrow 🎶", "Le Passage"),
        # Speech, not a name: first or second person, a sentence's period, a lowercase start, two quotations.
        ("She told us “I will never go back there” and left.", None),
        ("The sign said “Closed for the season.” So we went home.", None),
        ("They call it “the new normal” these days https://t.co/u", None),
        ("Two new songs, “Blue” and “Green”, out now https://t.co/u", None),
        ("“Check out @someone and #this” https://t.co/u", None),
        ("Watch the full performance https://t.co/u", None),
        # Curly single quotes too, but not an apostrophe.
        ("Our new game ‘Moss Valley’ launches on Steam today!", "Moss Valley"),
        ("I’m so proud of the artists’ work this year", None),
        ("Join us to hear me talk about how Disney presents ‘Blackness’ as genre.", None),
    ],
)
def test_the_name_of_the_work_a_post_quotes(text: str, title: str | None) -> None:
    assert quoted_title(text) == title


def test_a_share_names_the_work_the_post_quotes() -> None:
    # Was "A good watch, shared by @FallonTonight.": a blind grader found it said nothing about the post.
    text = (
        "🧊 #FallonTonight Tunes 🧊  @twentyonepilots perform “Shy Away” from their new album #ScaledAndIcy   Watch "
        "the full performance ▶️ https://t.co/u1j18Smhv2"
    )
    share = _openers(_post("1", text, like_count=60), _post("2", "quiet day in the lab", hours_ago=50))["share"]
    assert share.template in wording.SHARE_VIDEO_TITLED and "“Shy Away”" in share.draft, share.draft
    assert share.phrase == "Shy Away"


def test_a_reply_congratulates_on_the_work_by_name() -> None:
    text = (
        "Hello People! Really happy to announce to you that my latest release “ Le Passage” is out tomorrow 🎶🎶 "
        "https://t.co/8lTrwM3uhB"
    )
    reply = _openers(_post("1", text, like_count=5))["reply"]
    assert reply.template in wording.REPLY_ANNOUNCEMENT_TITLED and "“Le Passage”" in reply.draft, reply.draft


def test_no_title_in_another_language_or_for_good_news_that_is_no_achievement() -> None:
    # Good news welcomed (wording.REPLY_GOOD_NEWS) has no twin that names the work: the quoted name is not theirs.
    text = (
        'Sound Cadence Studios is happy to be providing dub production services for "Dragon Goes House-Hunting"! '
        "https://t.co/royu9NXNq7"
    )
    reply = _openers(_post("1", text, like_count=5))["reply"]
    assert reply.template in wording.REPLY_GOOD_NEWS and "Dragon" not in reply.draft, reply.draft


def test_figures_are_shared_only_with_what_they_are_about() -> None:
    # "Useful numbers from @HStarshot." said nothing of what the numbers are (graded twice as empty).
    text = (
        "64.3% of adults in the U.S. that have had at least one dose of the COVID-19 vaccine. Please ask at least one "
        "person you to know to #GetVaccinated. https://t.co/gXAo8ZC3RQ"
    )
    assert medium(text) == "figures"
    openers = _openers(_post("1", text, like_count=60), _post("2", "quiet day in the lab", hours_ago=50))
    share = openers.get("share")
    assert share is None or share.phrase is not None, share


def test_a_titled_share_credits_by_via_not_shared_by() -> None:
    # "“Shy Away” is a good watch, shared by @FallonTonight" read as if the show had reshared its own performance.
    assert not [template for template in wording.SHARE_VIDEO_TITLED if "shared by" in template]
    assert all("via @{them}" in template for template in wording.SHARE_VIDEO_TITLED)
