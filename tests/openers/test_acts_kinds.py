"""Statement acts that got the wrong reply family (bot.openers.acts), by kind.

The texts are real posts from ../shared/data/tweets (the academic v2 timelines), shortened or paraphrased; each was
answered from the wrong family in the benchmark's drafts: "Congrats, this is great news!" to a card for sale, "What
kind of person would be a great fit?" to a call to share a thread, "Well put on College World Series" to cheering,
"Nice one on rainbow lane" to a walk, "Glad you posted this about term life insurance" to a health disclosure.
"""

from __future__ import annotations

import pytest

from bot.openers import wording
from bot.openers.acts import directed, statement_act
from tests.openers.test_attack_openers import _openers, _post


@pytest.mark.parametrize(
    "text",
    [
        # A product "available online and @ the cafe" is for sale, not their news.
        "Father's day approaching. Celebrate with a unique hand painted watercolour card 💫 Now available online and "
        "@ Islay Cafe #Teddington #handmade https://t.co/e8xgx7RL29",
        # A programme recruiting: free classes to sign up for.
        "1 in 3 U.S. adults has prediabetes. Find out by taking this one-minute risk test: https://t.co/bW0U82FNtS "
        "Sign up for FREE CLASSES! The next cohort for the group lifestyle balance program starts in September.",
        "Our candles are back in stock at the Hackney market stall — get yours before Sunday!",
    ],
)
def test_something_for_sale_is_an_advert(text: str) -> None:
    assert statement_act(text) == "advert"
    assert _openers(_post("1", text)).get("reply") is None


@pytest.mark.parametrize(
    "text",
    [
        "Hear it straight from the source! In this thread, the syringe access program sets the record straight "
        "about its services. Please share widely to counter misinformation! https://t.co/oG3e4kkSBX",
        "Sign on if you teach in the DMV area! https://t.co/wprtFHa3U1",
        "Folks, many early career presentations are only getting a few comments. Pls take some time today to help!",
        "Will you back the plan to protect the rights of the people of Hong Kong? Add your name here: https://t.co/W8",
        "Call your senator today and tell them to vote no on the bill.",
    ],
)
def test_a_call_to_spread_sign_or_lobby_is_canvassing_not_an_opportunity(text: str) -> None:
    # "Good to see this shared. What kind of person would be a great fit?" misread "Please share widely".
    assert statement_act(text) == "advert"


@pytest.mark.parametrize(
    "text",
    [
        "Comm faculty: There are still spots open at the NCA Institute for Faculty Development, to be held virtually "
        "July 19–23, 2021. Learn more and register by July 5. https://t.co/lqjTeyfD7w #CommTwitter",
        "Friends, please join us for an #ICA21 synchronous Blue Sky workshop on caregiving and the academy. "
        "https://t.co/1rGQI2HuzS",
        "I cannot wait to be in conversation with author @africamiranda on her IG Live on June 8 at 7pm! Please join "
        "us! https://t.co/Ly5ubqy58i",
        "“Intellectual Property: Innovations Ideas Inventions” with @phyllisr_taylor and Bryan Jimenez. Friday, 11 "
        "Jun at 4:00 PM CEST on @clubhouse! https://t.co/Vdnc4saxSc",
        "We're happy to announce our Online Mentoring Meet-Ups at #ICA21! Sign up as a mentor, mentee, or both by "
        "Monday. https://t.co/9k9zvFYsmM",
    ],
)
def test_an_event_to_join_is_an_event(text: str) -> None:
    # Not "Interesting one on Comm faculty. Does it match what you've seen?", nor a job's "Any tips for applying?".
    assert statement_act(text) == "event"
    reply = _openers(_post("1", text)).get("reply")
    events = (
        *wording.REPLY_EVENT,
        *wording.REPLY_EVENT_TITLED,
        *wording.REPLY_EVENT_WISHES,
        *wording.REPLY_EVENT_WISHES_TITLED,
    )
    assert reply is not None and reply.template in events, reply


def test_a_show_they_host_is_their_news_not_an_event() -> None:
    text = (
        "After a long time of podcasting I can say that I'm hosting a radio show about films and culture. Click "
        "here to listen RIGHT NOW!!! https://t.co/wFdJ918mkj"
    )
    # "Will it be recorded for anyone who can't make it?" misreads a radio show.
    assert statement_act(text) == "announcement"


@pytest.mark.parametrize(
    "text",
    [
        "We are cheering for students @JaidenFields and the entire @UGASoftball team as they play in the Women's "
        "College World Series starting tomorrow. Go Dawgs! https://t.co/YcyV5U6T07",
        "Fingers crossed for the lads tonight, come on you Irons!",
        "Rooting for everyone defending their thesis this week.",
        "Today at the Palace Theatre she did the matinee, ran down the road to do our concert and ran back for the "
        "evening show. Kind, happy and made zero fuss. Total legend",
    ],
)
def test_cheering_and_praise_are_a_wish_not_a_view(text: str) -> None:
    # "Well put on College World Series. Is there a longer version of this somewhere?"
    assert statement_act(text) == "personal"


@pytest.mark.parametrize(
    "text",
    [
        "Spotted this little rainbow lane in Acton. Celebrating #pride by being thankful of all the wonderful people "
        "in my life. https://t.co/tFVw8UjZjt",
        "Had the last few days off, was down seeing both sets grandparents for the first time in 18months. It's been "
        "amazing, we celebrated Christmas. Looking forward to getting back to streaming this afternoon though :)",
        "London, lego and lunch with my gorgeous Jasper today. Sunny and happy it was great @ London, United Kingdom "
        "https://t.co/aQ2BQ7jxLu",
        "ICONIC. LONDON. Love this view as we walked towards St Paul's on Saturday! @ Fleet Street https://t.co/EEZ",
        "First has to be NHO with these lovely ladies 💕 Seeing SF office, rooftop bars, it was amazing! https://t.co/L",
        "33 today, so throughout the day I will share things that I have learnt. 1) Let the meat come to room temp.",
        "A commission I drew for @Dexterthekobold. Max is always happy to help others transform! https://t.co/3pgr",
        "Privileged to have assisted, on this great Feast, in a Missa Solemnis. God is good. https://t.co/ubVMJMli4D",
        "Every year without fail my mama tells me where her water broke the day she was having me. I love that.",
        "As I attend #ica21 virtually, this is my 20th anniversary with ICA!! I have only missed when one child "
        "graduated from high school.",
        "Super excited to start watching all of the interesting panels at #ICA21 today! #CommTwitter",
        "Last week I handed in my notice to a school I was soooo excited to start at in September. My happiness has "
        "to come first.",
        ".....I am happy to have this cocktail, but leave off the tail. https://t.co/lkwf1ALxpM",
    ],
)
def test_the_authors_own_day_and_photos_are_personal(text: str) -> None:
    # "Nice one on rainbow lane. Where do you see it going next?", "Congratulations — looking forward to seeing
    # more of it." to someone about to watch panels.
    assert statement_act(text) == "personal"
    assert _openers(_post("1", text)).get("reply") is None


@pytest.mark.parametrize(
    "text",
    [
        "I had surgery on my knee yesterday, recovery is going to be long",
        "Three weeks into my chemo and the fatigue is real",
        "I have long covid and most days are a fight",
        "My anxiety has been through the roof this week, taking a break from here",
        "Just got diagnosed with ADHD at 34. So much makes sense now.",
        "Started therapy this month. It should have happened years ago.",
        "Every time I have prioritized my mental health in the workplace I have been punished. This shouldn't be the "
        "standard.",
        "I applied for term life insurance and was denied because I'm taking PrEP. https://t.co/hRCE2QGSH7",
        # Health news wins over the feelings and the announcement that come with it.
        "So excited to share that I finished my last round of chemo today!",
    ],
)
def test_the_authors_own_health_is_never_answered_or_shared(text: str) -> None:
    assert statement_act(text) == "personal"
    openers = _openers(_post("1", text))
    assert "reply" not in openers and "share" not in openers, openers


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("Our new paper on anxiety in adolescents is out now! https://t.co/x", "announcement"),
        (
            "I'm thrilled to share that my student and I just published a study of medication taking in care.",
            "announcement",
        ),
        (
            "#NaomiOsaka has reminded us that our mental health is far more important than what the world thinks.",
            "opinion",
        ),
    ],
)
def test_research_on_health_is_not_a_disclosure(text: str, act: str) -> None:
    assert statement_act(text) == act


@pytest.mark.parametrize(
    "text",
    [
        "🎉 @bob you're a star",
        "RT @bob you're a star",
        ".@bob you're a star",
        "Congrats @bob! Brilliant work on the launch",
        "So proud of @bob and the whole team for this!",
        "Sarah @sarah_x you absolutely nailed it today",
        "Great point, worth reading the whole thread. cc @alice @bob",
        "Hi @StephanieH408, I am wondering, is Cassandra non-blocking?",
    ],
)
def test_a_post_addressed_to_someone_is_directed(text: str) -> None:
    assert directed(text)
    assert statement_act(text) == "directed"


@pytest.mark.parametrize(
    "text",
    [
        # A community called on by its handle and hashtags asks the public.
        "Hey, @AcademicChatter, #AcademicTwitter, #CommTwitter: How do you track ongoing and future projects?",
        "Join @NatComm tomorrow for a panel on media literacy",
        "Happy to be at the conference with @bob today",
    ],
)
def test_a_handle_later_in_a_public_post_is_not_directed(text: str) -> None:
    assert not directed(text)


@pytest.mark.parametrize(
    "text",
    [
        "Important new book from my fellow series editor @Boydell_Africa https://t.co/c31egv5mWz",
        "Strong, important piece from @TheEconomist: https://t.co/UAEFT5YRpT We don't want to be like China.",
        "This #Pride Month, PR should live life through empathetic eyes: https://t.co/MWkcoOLs97 @TalkerTailor",
        "Getting enough sleep is important in helping prevent childhood obesity. Here are some tips to make sure your "
        "child is getting enough sleep. https://t.co/CnyW4R6coh",
    ],
)
def test_someone_elses_work_or_a_link_said_to_be_one_is_a_pointer(text: str) -> None:
    # "Congrats on this!" to the person who pointed at a colleague's book; "Really interesting take" to a health tip.
    assert statement_act(text) == "pointer"
    assert "reply" not in _openers(_post("1", text))


@pytest.mark.parametrize(
    "text",
    [
        "“This is a shock decision and a huge blow to those who are currently in Portugal. It simply isn't justified "
        "by the science” — easyJet CEO",
        "“Life is like riding a bicycle. To keep your balance, you must keep moving.” Einstein's life advice in a "
        "letter to his son in 1930. https://t.co/FMpmyUaxwy",
        "25 years ago, on this day he took oath as Prime Minister. The only former Prime Minister who is lucky to "
        "celebrate the Silver Jubilee of his swearing in! https://t.co/bbKosJQuM9",
        "Best. Feature. Ever. Memory status in Rstudio ! #RStats https://t.co/rsyfWlt2xt",
        # A headline: "Thanks for this on First Covid-19 Vaccine Dose. Do you think it holds more widely?"
        "Less Than Half The Adults In Five US States Have Received Their First Covid-19 Vaccine Dose "
        "https://t.co/azaNbGe0y0",
    ],
)
def test_a_quotation_history_or_a_headline_is_no_view_of_the_author(text: str) -> None:
    # "Nice one on shock decision. Where do you see it going next?" answered a CEO's words as the author's.
    assert statement_act(text) not in ("opinion", "pointer")


@pytest.mark.parametrize(
    ("text", "act"),
    [
        # Someone else's personal wins are not the author's news, nor a topic's contracts a job on offer.
        (
            "If you spend #Pride celebrating your personal wins without supporting those in the community who don't "
            "have the privileges you do: you have missed the point.",
            "announcement",
        ),
        (
            "If you're wondering about #IchbinHanna: learn about German universities, where widespread fixed-term "
            "contracts are branded as something positive.",
            "opportunity",
        ),
    ],
)
def test_what_only_looked_like_news_or_a_job(text: str, act: str) -> None:
    assert statement_act(text) != act


@pytest.mark.parametrize(
    "text",
    [
        "Happy to announce I'm working with the good folks at @resy to curate a monthly restaurant Hit List.",
        "I'm happy to announce I'll be joining the @UMN_AMIN faculty in 2022!",
        "I got a medal! So honoured to have won this award, huge thanks to my team",
    ],
)
def test_news_of_a_new_role_or_an_award_gets_a_question_that_fits_a_start(text: str) -> None:
    # "Well done! What surprised you most along the way?" to a new role; every announcement template now fits a
    # start as well as a finish.
    assert statement_act(text) == "announcement"
    reply = _openers(_post("1", text))["reply"]
    assert reply.template in wording.REPLY_ANNOUNCEMENT
    for template in wording.REPLY_ANNOUNCEMENT:
        assert not any(past in template for past in ("along the way", "in the works", "hardest part")), template


@pytest.mark.parametrize(
    "text",
    [
        "Thrilled to have been awarded a Marie Curie fellowship! Huge thanks to my supervisors.",
        "I won a scholarship to study in Edinburgh!!",
        "Sound Cadence Studios is happy to be providing dub production services for the new series! Catch the first "
        "episode this Sunday.",
        "We're happy to be working with @OCH_Foundation to give out 30 refurbished bikes today!",
    ],
)
def test_a_fellowship_won_or_a_new_collaboration_is_their_news(text: str) -> None:
    # Not "Good to see this shared. What kind of person would be a great fit?" to someone who won the fellowship.
    assert statement_act(text) == "announcement"


def test_scholarship_in_the_sense_of_study_is_no_opportunity() -> None:
    text = "A question for biblical scholars: in addition to scholarship in English, which languages do you read?"
    assert statement_act(text) != "opportunity"


@pytest.mark.parametrize(
    "text",
    [
        "MENTAL HEALTH TIP #1073:\n\nYour real life is way more important than your social media life.",
        "Be active in your health care by taking care of yourself and your family. Exercise, diet, sleep, and "
        "relaxation are important parts of staying healthy. https://t.co/QWrNXTBfWS",
        "you: thirteen pound pitchers at the queen's larder\n\nus: five pound aperol spritz happy hour with the "
        "bartender that tells us we need to drink more water",
        "One petty reason I refused to date someone was because he doesn't eat out.\n\nHim: I prefer to drop money "
        "for you, you'll go to the market then cook.\n\nWow. Bondage.",
        "Day 1 on ClubHouse: this app is amazing\n\nDay 2: a lot of these speakers are full of it\n\nDay 3: meh",
    ],
)
def test_advice_and_jokes_in_dialogue_are_no_view_to_ask_about(text: str) -> None:
    # "Nice one on health care. Where do you see it going next?", "Thanks for this on pound aperol spritz. Do you
    # think it holds more widely?"
    assert statement_act(text) == "report"


def test_covid_named_is_not_a_disclosure_but_having_it_is() -> None:
    assert statement_act("I tested positive for covid yesterday, staying home") == "personal"
    assert statement_act("I understand that covid has made things hard for restaurants") != "personal"
