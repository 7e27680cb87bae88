"""A hello's topic ("your posts on …") is what their posts are on, never a label for a person.

Found in the benchmark's drafts (../shared/data/tweets): "your posts on Video Game Music Composer" (the bio's label
for the author, sharing the word "music" with their posts), "… on media commentator", "… on winner", and phrases
of one post given as what all their posts are on ("your posts on border trips").
"""

from __future__ import annotations

import pytest

from bot.networks.base import NetworkAccount
from bot.openers import OpenerContext, template_openers
from bot.openers.phrases import as_they_write, declared_interest, head_words, names_people, noun_phrases
from tests.openers.test_attack_openers import NOW, _openers, _post


@pytest.mark.parametrize(
    ("phrase", "heads"),
    [
        ("Video Game Music Composer", {"composer"}),
        ("friends and family", {"friend", "family"}),
        ("marketing & events strategy", {"marketing", "strategy"}),
        ("", set()),
    ],
)
def test_the_head_of_a_noun_phrase_is_its_last_word(phrase: str, heads: set[str]) -> None:
    assert head_words(phrase) == heads


@pytest.mark.parametrize(
    "phrase",
    ["Video Game Music Composer", "media commentator", "grad student", "Labour MP", "winner", "volunteers", "person"],
)
def test_a_label_for_a_person_names_people(phrase: str) -> None:
    assert names_people(phrase)


@pytest.mark.parametrize(
    "phrase", ["Naomi Osaka", "Jimmy Fallon", "sociotechnical systems", "Middle East history", "Open Source", "HIV"]
)
def test_a_name_or_a_subject_does_not(phrase: str) -> None:
    assert not names_people(phrase)


def test_a_bio_label_for_the_author_is_not_the_topic_of_their_posts() -> None:
    openers = _openers(
        _post("1", "Finished the music for the forest level today, strings and a music box.", hours_ago=30),
        _post("2", "New music drop: the battle theme, all synths.", hours_ago=60),
        _post("3", "Writing music for a tiny puzzle game this month.", hours_ago=90),
        bio="Video Game Music Composer",
        seeds=(),
    )
    assert "Composer" not in openers["hello"].draft, openers["hello"].draft


def test_a_phrase_of_one_post_is_not_what_their_posts_are_on() -> None:
    openers = _openers(
        _post("1", "Once the border opens, will a test be needed on cross border trips of less than 72 hours?"),
        _post("2", "Lovely walk by the river this evening.", hours_ago=40),
        seeds=(),
    )
    assert "border trips" not in openers["hello"].draft, openers["hello"].draft


def test_a_phrase_only_their_posts_share_is_no_topic_but_their_bios_interest_is() -> None:
    # "Your posts on thesis defense", "… on birthday", "… on conference presentations": what several posts of a
    # week mention is as often an occasion as a subject (a blind grader passed 6 of 26 such topics).
    posts = (
        _post("1", "Teaching sociotechnical systems to first years this term."),
        _post("2", "Reading group on sociotechnical systems starts next week.", hours_ago=40),
        _post("3", "Our paper on sociotechnical systems in hospitals is out.", hours_ago=80),
    )
    assert "sociotechnical systems" not in _openers(*posts, seeds=())["hello"].draft
    declared = _openers(*posts, seeds=(), bio="Asst Prof researching sociotechnical systems and fairness.")
    assert "sociotechnical systems" in declared["hello"].draft, declared


@pytest.mark.parametrize(
    ("bio", "phrase"),
    [
        ("China's #1 Tech & DIY YouTuber\nOpen Source, 3D Printing & Digital Fabrication", "Open Source"),
        ("Historian @MIT • PhD in Middle East history • Author", "Middle East history"),
        ("Asst Prof of Rhetoric and Writing @UTSA", "Rhetoric"),
        ("Passionate about Local Councils and an Ambassador for Compassion in Politics.", "Local Councils"),
        ("Political Correspondent @itvnews. Investigating bad housing.", "housing"),
        ("The South China Morning Post brings you news and analysis about Hong Kong, China and Asia.", "Hong Kong"),
        (
            "We are a non-profit advocating for the fundamental human rights of LGBTQI+ Ugandans.",
            "fundamental human rights",
        ),
    ],
)
def test_a_bio_names_an_interest(bio: str, phrase: str) -> None:
    assert declared_interest(phrase, bio)


@pytest.mark.parametrize(
    ("bio", "phrase"),
    [
        # What the account is: "your posts on Liverpool Football Club" to @LFC.
        ("Official Twitter account of Liverpool Football Club 🔴", "Liverpool Football Club"),
        ("A cozy social online game by @NetspeakGames ✨ Join our Discord", "cozy social online game"),
        ("Touring Theatre Company | Based in Cornwall", "Theatre Company"),
        ("Co-founder Fennec London, love flowers, nature, art", "Co-founder Fennec London"),
        # What it does, or where it posts.
        ("We are a lung health company, providing software for clinicians to make the best decisions", "decisions"),
        ("We'd love to see you at our next meeting.", "next meeting"),
        ("A lot of my reviews are now over on Instagram: https://t.co/x", "Instagram"),
        ("please follow for smiles and retweet my pinned video", "smiles and retweet"),
        # The body a role belongs to: a blind grader found "your posts on Danish Parliament" his job title.
        ("Member of the Danish Parliament for the Independent Greens", "Danish Parliament"),
        ("Director of the National Trust for Scotland", "National Trust"),
    ],
)
def test_a_bio_describing_the_account_names_no_interest(bio: str, phrase: str) -> None:
    assert not declared_interest(phrase, bio)


PAST_AND_PRESENT_BIOS = [
    ("I used to cover climate policy; now I cover sports", "climate policy", "sports"),
    ("Formerly researching climate policy @LSE. Now researching urban housing.", "climate policy", "urban housing"),
    ("Former PhD in climate policy, now obsessed about beekeeping", "climate policy", "beekeeping"),
    ("Ex-researcher on climate policy. Passionate about beekeeping.", "climate policy", "beekeeping"),
    ("Previously: researching climate policy @LSE | Currently studying housing", "climate policy", "housing"),
    ("Retired from researching climate policy. Passionate about beekeeping.", "climate policy", "beekeeping"),
    ("Once covered climate policy for @AP. These days I cover sports.", "climate policy", "sports"),
    ("In a past life I was passionate about climate policy. Now into beekeeping.", "climate policy", "beekeeping"),
]


@pytest.mark.parametrize(("bio", "past", "current"), PAST_AND_PRESENT_BIOS)
def test_an_interest_the_bio_marks_as_past_is_none_but_the_current_one_is(bio: str, past: str, current: str) -> None:
    # "I used to cover climate policy; now I cover sports" gave "your posts on climate policy".
    assert not declared_interest(past, bio)
    assert declared_interest(current, bio)


def test_used_to_meaning_accustomed_marks_nothing_as_past() -> None:
    assert declared_interest("climate policy", "Reporter so used to deadlines, covering climate policy")
    assert declared_interest("climate policy", "I'm used to deadlines, covering climate policy since 2010")


def test_a_past_interest_in_the_bio_gives_the_hello_no_topic() -> None:
    posts = (
        _post("1", "Teaching climate policy to first years this term."),
        _post("2", "Reading group on climate policy starts next week.", hours_ago=40),
        _post("3", "Our piece on climate policy in cities is out.", hours_ago=80),
    )
    assert "climate policy" in _openers(*posts, seeds=(), bio="I cover climate policy.")["hello"].draft
    for bio, _, _ in PAST_AND_PRESENT_BIOS:
        hello = _openers(*posts, seeds=(), bio=bio)["hello"]
        assert "climate policy" not in hello.draft, (bio, hello.draft)
        # Nor when it is the team's topic: "bio mentions your topic" must be true of the bio as it stands.
        hello = _openers(*posts, seeds=(), bio=bio, topics=("climate policy",))["hello"]
        assert "bio mentions your topic" not in hello.why, (bio, hello.why)


def test_letters_styled_as_maths_are_no_phrase() -> None:
    assert noun_phrases("Loving the new 𝑅𝓊𝓃𝓃𝒾𝓃𝑔 𝐿𝒾𝓀𝑒 𝒯𝒽𝒶𝓉 single from the band") == [
        phrase for phrase in noun_phrases("Loving the new 𝑅𝓊𝓃𝓃𝒾𝓃𝑔 𝐿𝒾𝓀𝑒 𝒯𝒽𝒶𝓉 single from the band") if phrase.isascii()
    ]


def test_asides_in_other_peoples_conversations_are_not_what_their_posts_are_on() -> None:
    # The demo's "Enjoying your posts on link", from "do you have a link for that?" under five people's posts.
    asides = [
        _post(
            f"r{n}",
            "do you have a link for that?",
            hours_ago=10 + n,
            replied_to_post_id=f"x{n}",
            in_reply_to_account_id=f"other{n}",
        )
        for n in range(5)
    ]
    openers = _openers(_post("1", "Quiet day at the bench, good coffee."), *asides, seeds=())
    assert openers["hello"].phrase is None, openers["hello"].draft


def test_their_own_name_in_other_words_is_no_topic() -> None:
    # A blind grader: "Hey @UGAGrady — your posts on Grady College are right up our street" said to Grady College.
    posts = [
        _post("1", "Grady College students won three regional journalism awards this spring."),
        _post("2", "Welcome to Grady College, class of 2025!", hours_ago=40),
        _post("3", "Grady College alumni panel on local news tonight.", hours_ago=80),
    ]
    account = NetworkAccount(id="42", handle="UGAGrady", name="UGA Grady College")
    openers = template_openers(OpenerContext(account=account, posts=posts, shared_seed_handles=()), now=NOW)
    [hello] = [opener for opener in openers if opener.kind == "hello"]
    assert "Grady College" not in hello.draft, hello.draft


@pytest.mark.parametrize(
    ("phrase", "posts", "written"),
    [
        # A bio's capitals are a label's; their posts say how they write it.
        (
            "Local Councils",
            ["Our local councils need more money.", "Three local councils met today."],
            "local councils",
        ),
        ("Rhetoric", ["Teaching rhetoric to first years.", "Why rhetoric matters"], "rhetoric"),
        # A title-case label their posts never use mid-sentence names a field: lowercase; a name keeps its capitals.
        ("Rhetoric", ["#RSTM preconference CFP is out!"], "rhetoric"),
        ("Hong Kong", ["Our latest edition is out."], "Hong Kong"),
        # A name keeps its capitals, and so does a word their posts never use mid-sentence.
        ("Middle East history", ["New course on the Middle East this term."], "Middle East history"),
        ("Urban Housing", ["Housing is a right."], "Urban Housing"),
        # A word capitalised mid-sentence even once is written as a name.
        ("Open Source", ["We love open source.", "Our Open Source office is hiring."], "Open Source"),
    ],
)
def test_a_bio_phrase_is_written_as_their_posts_write_it(phrase: str, posts: list[str], written: str) -> None:
    assert as_they_write(phrase, posts) == written


def test_a_hello_topic_from_the_bio_is_not_pasted_in_with_its_capitals() -> None:
    # A blind grader: "… what you share on Local Councils" read as machine-filled.
    posts = (
        _post("1", "Our local councils need proper funding this year."),
        _post("2", "Three local councils have now signed the pledge.", hours_ago=40),
        _post("3", "Spoke to local councils about transparency.", hours_ago=80),
    )
    hello = _openers(*posts, seeds=(), bio="Passionate about Local Councils and compassion in politics.")["hello"]
    assert "local councils" in hello.draft and "Local Councils" not in hello.draft, hello.draft
