"""Replies a blind grader found unsendable, by kind, and what the templates do instead.

The texts are real posts from ../shared/data/tweets (the academic v2 timelines), shortened where long. A strict grader
who saw none of the code read 69 drafts of the benchmark: no reply to a question or a request for help (0 of 14)
and no reply to a link passed on (0 of 14) was something a person would send; congratulations on bad news,
interest in an event already recorded, agreement with a complaint or a rhetorical question, and a "should" that
weighs nothing were the other misfits.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from bot.openers import wording
from bot.openers.acts import achievement, statement_act, states_a_view
from bot.openers.picking import invitation_kind
from bot.openers.tone import sensitive_term
from tests.openers.test_attack_openers import _openers, _post

if TYPE_CHECKING:
    from bot.openers import Opener


def _reply(text: str) -> Opener | None:
    return _openers(_post("1", text, like_count=5)).get("reply")


@pytest.mark.parametrize(
    "text",
    [
        # Audience questions: "Curious to see the answers on this one. What's your own?" threw them back.
        "Question: if I ask you what’s 24 x 16 what do you do in your head?",
        "Hey #AcademicTwitter, what's your favorite published journal article about #qualitative methods? Links "
        "welcomed and appreciated.",
        "You ever put on music to get work done but then you're too into the music to actually do anything?",
        # Questions for information: "Good one to ask. What's your own take?" to "What show is this?".
        "What is the verb for ordering an open source hardware project bom and pcb to assemble it yourself?",
        "OmG that’s my girl Thuso Mbedu?! Been a huge fan since etv Rhythm City. What show is this?",
        # Requests for help or recommendations: "Good ask. What have you looked at so far, so nobody repeats it?".
        "I'm an incoming demography/sociology grad student - any summer reading recommendations?",
        "Question for R users. Is there a way to live collaborate on R code with multiple people?",
    ],
)
def test_a_question_or_a_request_gets_no_template_reply(text: str) -> None:
    assert invitation_kind(text) is not None
    assert _reply(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Interview with brilliant intellectual historian @Ada_Palmer on how censorship is a form of power projection. "
        "https://t.co/Drg29lUq0Y",
        "How to undertake a literature review https://t.co/Rf4crC2Fv4 https://t.co/WiDrXEpzRl",
        "Today's #volunteersweek post is from Thomas, who explains the impact volunteering has had: "
        "https://t.co/PUK49GrSxb",
    ],
)
def test_a_link_passed_on_gets_no_reply(text: str) -> None:
    # "Glad you shared this. Who do you think most needs to see it?" fits any link.
    assert statement_act(text) == "pointer"
    assert _reply(text) is None


@pytest.mark.parametrize(
    ("misfit", "act", "fitting", "family"),
    [
        # Bad news: was "Congrats on this! What are you hoping comes of it?".
        (
            "This is going to be an important thread. We need to talk about YouTube. This thread was prompted by "
            "YouTube’s shadow ban of my new video, but that’s really just a minor inconvenience.",
            "announcement",
            "Excited to share our new paper on open peer review, out today in PLOS ONE!",
            wording.REPLY_ANNOUNCEMENT,
        ),
        # Already recorded: was "Thanks for putting the word out. Will there be a recording for anyone who can't
        # join live?".
        (
            "Join us at Benzinga’s Cannabis Capital Conference today. Scroll to the 7 hour mark to see my panel with "
            "@FabianMonaco7. https://t.co/auWwY27TZm",
            "event",
            "Join us June 10 for a webinar on genetic digital health literacy https://t.co/uvbM7B459E",
            wording.REPLY_EVENT,
        ),
    ],
)
def test_news_or_an_event_its_family_does_not_fit_gets_no_reply(
    misfit: str, act: str, fitting: str, family: tuple[str, ...]
) -> None:
    assert statement_act(misfit) == act == statement_act(fitting)
    assert _reply(misfit) is None
    reply = _reply(fitting)
    assert reply is not None and reply.template in family, reply


@pytest.mark.parametrize(
    "text",
    [
        # Regret, not a view: was "Fair point, and well made. What would you add with more room?".
        "This Tuesday feels forced. We should have had today off as well.",
        # A "should" inside a question they report: was "Good point. Do you think it holds more widely?".
        "excited for this week in iranians tomorrow! let @Jason know what he should ask me.",
    ],
)
def test_a_should_that_weighs_nothing_is_no_view(text: str) -> None:
    assert not states_a_view(text)
    assert _reply(text) is None


def test_what_they_learned_today_is_a_report() -> None:
    # Was: "Fair point, and well made. What would you add with more room?".
    text = "TIL about repeat loop. Seems I know less than what I think I know about #RStats 😅 https://t.co/eB6ZNpsMz4"
    assert statement_act(text) == "report"
    assert _reply(text) is None


def test_no_reply_asks_where_a_view_came_from_or_whom_to_ask() -> None:
    # "What led you to it?" asked posts that said so; "Who's the best person to ask about it?" asked the journal
    # that posted its own call; "What's next after this?" brushed aside a launch on its day.
    replies = (
        *wording.REPLY_ANNOUNCEMENT,
        *wording.REPLY_EVENT,
        *wording.REPLY_EVENT_WISHES,
        *wording.REPLY_OPPORTUNITY,
    )
    origin = re.compile(r"(?i)what led you|got you thinking|how did you arrive|best person to ask|what's next")
    assert not [template for template in replies if origin.search(template)]


def test_an_event_about_arrests_gets_no_cheerful_interest() -> None:
    # Was: "This looks great. Will it be recorded for anyone who can't make it?" to a talk on activists' arrest.
    text = (
        "The arrest of the 21 LGBT+ activists in Ho is reminiscent of the state's dedication to violating the "
        "freedoms of LGBT+ people.\n\nJoin us for these conversations."
    )
    assert sensitive_term(text) is not None
    assert _reply(text) is None


@pytest.mark.parametrize(
    "text",
    [
        # A funder naming its grantee: was "Congrats, this is great news! What are you most excited about with it?".
        "We're happy to announce that our newest open source developer grant recipient is #Bitcoin Core contributor "
        "João Barbosa (@promag)!  https://t.co/qHALTczUrf",
        "We are happy to announce that @real_mercyeke will be starring in our new TV series TRIPS.",
        # Someone's work named with their handle: was "Congrats — this is wonderful to see!" to the network relaying it.
        'Alexander Dhoest\'s (@ADhoest) "Homonationalism and Media" has been published online: https://t.co/d2YCJH8t0H',
        "Jo Smith (@jsmith)'s new book is out today!",
    ],
)
def test_someone_elses_news_is_not_congratulated_as_the_authors(text: str) -> None:
    assert statement_act(text) == "report"
    assert _reply(text) is None


def test_booking_information_announces_an_event_and_one_in_person_gets_good_wishes() -> None:
    # Was: "Congrats, this is great news! What are you most excited about with it?" to an event's booking details.
    text = (
        "Very excited to announce full details and booking information for What can we learn about love from "
        "lichen? - 16-19 June in Skye! https://t.co/A7kKoU5yVH"
    )
    assert statement_act(text) == "event"
    # An art weekend on Skye, with no online way in: good wishes, not "Will it be recorded?".
    reply = _reply(text)
    assert reply is not None and reply.template in wording.REPLY_EVENT_WISHES, reply


@pytest.mark.parametrize(
    "text",
    [
        # A fresh attacker's cases: the opening formula outweighed the news for VADER ("Great news,
        # congratulations!" to each).
        "Thrilled to announce that I have been laid off after 12 years at the lab.",
        "Happy to share that our startup is shutting down after four years.",
        "Pleased to announce my book is out of print and the publisher went bankrupt.",
        "Delighted to announce our lab has been evicted from the building.",
        "Our grant was rejected for the third time. Excited to announce we are starting over.",
        "Happy to announce we just lost the lawsuit.",
        # A joke: the post laughs.
        "We are hiring a social media manager. Requirements: 10 years of TikTok experience lol",
        # An event looked back on, or one the post says will be recorded.
        "Our workshop on causal inference was yesterday in Boston. What a day! Join us next year.",
        "Join us: our seminar on urban heat is tomorrow at 4pm; we'll post the video afterwards.",
        # Someone else's news.
        "Big news: my former student won the best paper award at CHI this year.",
        "Just published: the WHO's new guidelines on air quality https://t.co/e",
        "Big news: Apple just announced a new MacBook. Thoughts?",
        # A complaint: was "Good point on email inbox. Do you think it holds more widely?".
        "I am losing at (personal) email inbox. It's become 95% spam, Terms of Service update emails, newsletters, "
        "receipts and other high entropy content.",
        # A rhetorical question: was "Good one to ask. What's your own take?".
        "WAIT, WHAT?\nSince we had a BLACK President, we should shut up and be happy? https://t.co/VxAyzJtFKM",
        "Have KFC ever done an ad campaign with the colonel saying never skip leg day? Seems like a missed opportunity",
    ],
)
def test_no_cheerful_reply_to_bad_news_a_joke_a_past_event_or_someone_elses_news(text: str) -> None:
    assert _reply(text) is None


@pytest.mark.parametrize(
    ("text", "act"),
    [
        # A graded misfit: "Congrats, this is great news!" to a routine episode.
        (
            "Episode 24 is now live! Marie Hardin is the Dean of the Bellisario College of Communications. Full "
            "episode: https://t.co/O2egeIEFFi",
            "pointer",
        ),
        ("Issue #12 of our newsletter is out now https://t.co/x", "pointer"),
        # A first one is a launch, and stays news.
        ("Our new podcast is out! Episode 1: why sleep matters https://t.co/x", "announcement"),
    ],
)
def test_a_numbered_instalment_is_no_news_to_congratulate(text: str, act: str) -> None:
    assert statement_act(text) == act
    reply = _reply(text)
    assert (reply is not None and reply.template in wording.REPLY_ANNOUNCEMENT) is (act == "announcement"), reply


@pytest.mark.parametrize(
    "text",
    [
        # Their service at work, a thing now running, a playful reveal: was "Congratulations — great to see this!".
        "We’re happy to be working with @OCH_LCO and @OCH_Foundation to give out 30 refurbished bikes today! "
        "https://t.co/tKx93fcbI5",
        "happy to update you all with news that the community safety CCTV camera is now live on Hanworth Park. This "
        "is on a 3 month rental agreement. https://t.co/KfhaZcaohH",
        "Let me introduce to you: the new #rstats pipe emoji https://t.co/8zDx5dskfp",
        'Sound Cadence Studios is happy to be providing dub production services for "Dragon Goes House-Hunting"! '
        "https://t.co/royu9NXNq7",
    ],
)
def test_good_news_that_is_no_achievement_is_welcomed_not_congratulated(text: str) -> None:
    assert statement_act(text) == "announcement"
    assert not achievement(text)
    reply = _reply(text)
    assert reply is not None and reply.template in wording.REPLY_GOOD_NEWS, reply
    assert "congrat" not in reply.draft.casefold()


@pytest.mark.parametrize(
    "text",
    [
        "I got a medal! So honoured to have won this award https://t.co/PFJrb2k0uj",
        "Alhamdulilah my work just received 100 citations. #AcademicTwitter https://t.co/PDxEgdqrAu",
        "I'm happy to announce I'll be joining @UMN_AMIN faculty in 2022!",
        "This thing called Reflection is out now! Ft @novascotiatruth @BATHSmusic @Le3bLACK  Thank you to everyone 😊❤️ "
        "https://t.co/cTSeXaS60s",
        "I wrote an article for my school’s magazine! Check it out - https://t.co/FiA64FgQE2",
        "Really happy to announce that me and @James_SWilson are now hosting a film/tv/Culture show on @radioharrow.",
    ],
)
def test_an_achievement_is_congratulated(text: str) -> None:
    assert achievement(text)
    reply = _reply(text)
    assert reply is not None and reply.template in wording.REPLY_ANNOUNCEMENT, reply


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # A sign-up and a social online: was "Sounds worthwhile. Is there a way to follow along if we can't be there?"
        # and "Looks great! Will there be a recording for anyone who can't join live?".
        (
            "We're happy to announce the organization of #ICA_LGBTQ Online Mentoring Meet-Ups at #ICA21! Sign up as a "
            "mentor, mentee, or both by Monday, May 3. https://t.co/9k9zvFYsmM",
            wording.REPLY_EVENT_WISHES,
        ),
        (
            "I'm discussing “Solopreneurs Happy Hour” with Sophie Adams and @PaulH. Today, Jun 4 at 5:00 PM GMT on "
            "@clubhouse. Join us! https://t.co/C9rM9nyzkB",
            wording.REPLY_EVENT_WISHES_TITLED,
        ),
        # A talk online is asked about a recording, even when the post mentions "our socials" (its accounts).
        (
            "We're hosting a Zoom panel to help you prepare for the job hub! 11 a.m. central Monday--watch our socials "
            "for the link info later this week! https://t.co/MlN1ZyllwT",
            wording.REPLY_EVENT,
        ),
        (
            "Join us June 10 for a webinar on genetic digital health literacy https://t.co/uvbM7B459E",
            wording.REPLY_EVENT,
        ),
        # A whole conference is no session to record: was "Looks great! Will there be a recording for anyone who
        # can't join live?" to a registration reminder.
        (
            "Take advantage of the low rates & register for the #AEJMC21 virtual conference easily and securely online "
            "here: https://t.co/PiObfHJz5T - also check your spam folder for a registration email.",
            wording.REPLY_EVENT_WISHES,
        ),
    ],
)
def test_only_a_talk_online_is_asked_about_a_recording(text: str, family: tuple[str, ...]) -> None:
    assert statement_act(text) == "event"
    reply = _reply(text)
    assert reply is not None and reply.template in family, reply


def test_event_wishes_fit_a_workshop_and_a_festival() -> None:
    # "This looks lovely — hope it's a great day!" was flat for a workshop or a talk, and wrong for a four-day event.
    assert not [template for template in wording.REPLY_EVENT_WISHES if re.search(r"(?i)lovely|a great day", template)]
