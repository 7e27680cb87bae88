"""A post "asks" only when it asks the reader something: jokes, rhetorical questions, exclaimed questions,
headlines, teasers and reported questions are statements (:func:`bot.openers.picking.invitation_kind` returns None).

Texts are real posts that got a question reply ("Good question. What's your own answer so far?"), shortened or
paraphrased; links are placeholders.
"""

from __future__ import annotations

import pytest

from bot.openers.picking import invitation_kind


@pytest.mark.parametrize(
    "text",
    [
        # Jokes and memes: a lone question captioning a link or an image.
        "Will you tell him or shall I?\n\n https://t.co/x",
        "Why does Timothy Dalton get an extra gender? https://t.co/x",
        "Ya wanna see da real Big Ben? https://t.co/x",
        "How did this happen? https://t.co/x",
        "Bonus points for recognizing that academia is by definition colonial? https://t.co/x",
        "Are you happy out there? 🐿📻\n\n#straykids #straykidsfanart #han https://t.co/x",
        "my sweet seventeen (?) 👀 https://t.co/x",
        # "What if" for fun, with or without a link.
        "What if this account that is simply half an onion in a Ziploc bag ended up with more followers than "
        "@realDonaldTrump? https://t.co/x",
        "What if we kissed outside the KFC Taco Bell combo truckstop off the Bridgeport exit of I-95?",
        # Rhetorical questions inside a rant.
        "I added a space to the end of my name, but REALLY?!?!\n\nThere are millions of people with my last name "
        'alone! How are they still "not valid" or recognized?! In 2021!!!',
        "Seriously, you don't need to erase your social media history before NatSec law comes in. Do you think "
        "these cases are going to rely on evidence? If they want you, they will take you.",
        "I won't believe it until I see a here we go BUT how on earth have we managed to pull Conte off?? buzzing",
        "Some friends say it is weird to pronounce `rm -rf` as rim-raff. Are y'all really telling me you waste time "
        "pronouncing each character? No thank you. Get on board.",
        "Did you see him stand 30' away and get shot? No. A few people who have a problem with cops did.",
        "This entire setup made my body cringe 😬\nHow about go back in time and sort proper PPE out instead of this "
        "awkward photograph? https://t.co/x",
        # Exclaimed and shouted questions, reactions and echoes.
        "Y'ALL DID YOU KNOW that R Markdown supports tikz chunks and converts them to PNG on the fly?! Check out "
        "this fancy math. #rstats https://t.co/x",
        "Had some bubbles left over so toasting five years today - where has the time gone!? https://t.co/x",
        "WTF is going on in the world today?! https://t.co/x",
        "TWINS??? Really?? This all makes sense now 🤔 https://t.co/x",
        "Standing guard? Looks like a coffee break.",
        # Trivia teasers.
        "Did you know Dave Grohl & Jimmy used to co-star in commercials together back in the '90s? "
        "#FallonTonight https://t.co/x",
        "Today at the Palace Theatre she ran down the road to do our concert. And do you know what? She was kind, "
        "happy and made zero fuss. Total legend",
        # A headline or a title before a link.
        "Are There No Happy Gay People? Gay Twitter Says There Is!: That tweet then went viral ... View article... "
        "https://t.co/x",
        "Day 4 at #ica21 panel Can the Digital Do Justice? Care, Connectedness and Access w @a as discussants.",
        "Very excited to announce booking information for What can we learn about love from lichen? - 16-19 June!",
        # A promotion's teaser, answered by its call to action.
        "Want to learn more about infection control and obtain education credits? Now you can! Learn and earn with "
        "@CDC_Firstline: https://t.co/x",
        "Are you a Black ABD doctoral student? Do you want to come hang out with us at Queens in 2022?\nAPPLY! "
        "https://t.co/x",
        # Someone else's words: quoted, reported, or a dialogue line to a named third party.
        "“Is the British monarchy racist?” https://t.co/x",
        "My daughter: “Daddy, why is Sleeping Beauty's dress smaller?”\nMe: “I don't know. Maybe she's thinner.”",
        'somebody slipped in a DM: \n\nbrother, how can you get @Twitter to label you "state-affiliated media"? \n'
        "How did you accomplish that?",
        "#HAN to #HYUNJIN:\nare you HaPpY out there?\n\n#hyunsung @stray_kids https://t.co/x",
        "Err, twist? RT @venue: In response to inquiries, we can confirm the show is not happening tonight.",
        "This breach notice is very light on detail, even the casing of the name (did someone just copy and paste "
        "column names?) https://t.co/x",
        # An invitation phrase that isn't addressed to the reader.
        "Every year without fail my mama will tell me where her water broke in Peckham the day she was having "
        "me.... I love that she remembers every detail.... 🥰",
        "St. Louis Co Police tell me an officer shot a man at about 1 a.m. #ferguson",
        "A man asked me for directions on my way home. Tell me why he called me that when I said I'm not from here.",
        "Please tell me that's not Concordia.",
        "Happy world avocado MONTH (tho why they couldn't be happy with a day is anyone's guess)",
    ],
)
def test_a_post_that_asks_the_reader_nothing_is_a_statement(text: str) -> None:
    assert invitation_kind(text) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Question: if I ask you what's 24 x 16 what do you do in your head?", "question"),
        (
            "Hey #AcademicTwitter: How do you track/account for ongoing and future projects? What methods do you use?",
            "question",
        ),
        (
            "Today is National Donut Day!! We can't decide whether we prefer one or the other!\n\nSo, we're gonna "
            "get both and compare!!!\n\nWhich is your favourite? \n\n#nationaldonutday https://t.co/x",
            "question",
        ),
        ("what's your favorite published journal article about #qualitative methods?", "question"),
        ("SCSS: why is it “bad” to include a 0 in “0.5em”? https://t.co/x", "question"),
        ("What do you think?", "question"),
        ("Which is your favourite? https://t.co/x", "question"),
        ("Is this the right call? 🤔 #rust https://t.co/x", "question"),
        ("Which kid do you think would say “Thank you, nurse!”?\n#HeadScratcher https://t.co/x", "question"),
        ("What are your thoughts on #WhereIsPutin?", "question"),
        ("Is #Prince in #Toronto? Rumours fly of a surprise show... https://t.co/x", "inner_question"),
        ("@reporter source?", "question"),
        ("Why? Because queues are hard. Wrote it up", "inner_question"),
        (
            "Hey my sweet twitter fam ❤️ do you think I could have a Birthday message or two for my Nanny? She turns "
            "78 today",
            "inner_question",
        ),
        ("Is it just me or has synths changed a lot this year?", "question"),
        ("thanks Mark, Are you in Ottawa? Stay safe", "inner_question"),
        (
            "Scrolling through and found someone watching my talk! I hope you enjoy, let me know if you have "
            "questions! #ICA21 https://t.co/x",
            "invitation",
        ),
        ("Can you tell me where you got the picture?", "question"),
        ("Tell me about your favourite R package", "invitation"),
        ("Anyone have a good espresso grinder recommendation?", "help"),
        (
            "RT @journal: When students complete a program of study, what should they know? The new outcomes…",
            "inner_question",
        ),
    ],
)
def test_a_question_that_asks_the_reader_stays_one(text: str, kind: str) -> None:
    assert invitation_kind(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "Is there an R equivalent package of the Arcgis Network Analyst tool? Or has anyone been able to recreate it?",
        "Question for R users. Is there a way to live collaborate on R code with multiple people, like Overleaf?",
        "I'm an incoming sociology grad student - any summer reading recommendations? https://t.co/hqBx4uS5Th",
        "I find the filename with the manifest plugin, but it's hopelessly out of date and maybe broken. What do I do?",
        "What is the verb for ordering an open source hardware kit to assemble it yourself?",
    ],
)
def test_a_request_for_a_tool_a_way_or_a_reading_is_a_request_for_help(text: str) -> None:
    # These got "Good one to ask. What's your own take?": they want a pointer, not an opinion.
    assert invitation_kind(text) == "help"


def test_a_news_teaser_asking_if_a_rumour_is_true_does_not_ask_the_reader() -> None:
    # Got "Great question — what's yours, to get things started?".
    assert (
        invitation_kind("Is it true? Prince rumoured to be performing surprise show in Toronto http://t.co/x") is None
    )
