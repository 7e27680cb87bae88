"""A quoted phrase is a whole noun phrase the post contains, in its own casing: each case read in bench.openers'
drafts or in ../shared/data/tweets (short quotes of real posts)."""

from __future__ import annotations

import pytest

from bot.openers.phrases import noun_phrases


@pytest.mark.parametrize(
    ("text", "glued"),
    [
        # A title starts a new phrase: the name of someone addressed, not part of the topic.
        ("She’s enjoyed her 3 months of being younger than me now back in the room Mrs F happy birthday", "room Mrs F"),
        # A common noun before a name is two phrases (an apposition or a vocative).
        ("Congrats to the girl Thuso Mbedu on her role", "girl Thuso Mbedu"),
        ("@AlbertEinstein's life advice in a letter to his son Eduard on 5 February 1930.", "son Eduard"),
        ("Wishing my sweet son Happy birthday need ur blessings", "son Happy birthday need"),
        ("Busy emotional day but finally found time for this weeks Kitman Clearout.", "weeks Kitman Clearout"),
        ("Ghana’s government continues to court Africans in the diaspora", "court Africans"),
        # A greeting before a name: the name is addressed, not talked about.
        ("@nadhimzahawi Happy Birthday Nadhim & thank you for this amazing year", "Birthday Nadhim"),
    ],
)
def test_a_noun_and_a_name_after_it_are_two_phrases(text: str, glued: str) -> None:
    assert glued not in noun_phrases(text)


def test_a_name_after_a_common_noun_stands_alone() -> None:
    assert "Thuso Mbedu" in noun_phrases("Congrats to the girl Thuso Mbedu on her role")


def test_a_place_word_before_a_name_stays_with_it() -> None:
    assert "downtown Sydney" in noun_phrases("Uber intros surge pricing in downtown Sydney during hostage siege")


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Post-doctoral fellowship for a scholar currently based in an African university - great opportunity",
         "African university"),
        ("With Portuguese rates similar to those in the UK it simply isn’t justified", "Portuguese rates"),
        ("Massive result for Hong Kong in the European Parliament!", "European Parliament"),
        ("Hostages fleeing #Sydney cafe held by Iranian gunman as explosions are heard", "Iranian gunman"),
    ],
)  # fmt: skip
def test_a_proper_adjective_keeps_its_capital(text: str, phrase: str) -> None:
    assert phrase in noun_phrases(text)
    assert phrase.lower() not in noun_phrases(text)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("@AwakenedOf Spike protein turns brain tissue spongy.", "spike protein"),
        ("Peer review is broken and everyone knows it", "peer review"),
    ],
)
def test_a_capital_that_only_starts_the_sentence_is_lowered(text: str, phrase: str) -> None:
    assert phrase in noun_phrases(text)


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        # Verbs the tagger reads as nouns: imperative, before an object, after a subject pronoun.
        ("Drink more water and sleep well", "drink more water"),
        ("The whole country thanks you and salutes you.", "country thanks"),
        ("R Markdown supports tikz chunks and converts them to PNG on the fly", "tikz chunks and converts"),
        ("We view pride as a celebration and a protest.", "view pride"),
        ("Emmerdale star Michelle Hardwick hits back at conspiracy theorist", "Michelle Hardwick hits"),
        ("your readers love Muslim multiculturalism so they can look forward to this", "readers love"),
        # A plural noun is not a modifier: an adjective or -ing form after it starts another phrase.
        ("not the correct way to do things poor kids can't use the field", "things poor kids"),
        ("Students loving placement? Is there anything better to read?", "students loving placement"),
    ],
)
def test_a_verb_is_never_part_of_a_phrase(text: str, wrong: str) -> None:
    assert wrong not in noun_phrases(text)


def test_an_object_pronoun_after_a_relative_noun_is_no_verb() -> None:
    assert "filter coffee" in noun_phrases("Can I ask if it was a filter coffee you had, or an espresso?")


@pytest.mark.parametrize(
    ("text", "pronoun"),
    [
        ("Does anybody answers my question about the grant", "anybody"),
        ("Hello, Everyone  Safesol Finance Airdrop is Live", "everyone"),
        ("@kfc nothing finger licking good here yet again!!!", "nothing"),
        ("Happy pride month everyone! 😄🌈", "everyone"),
        ("riptide capped so fast, i got in to rivals tho", "tho"),
    ],
)
def test_a_pronoun_or_chat_word_is_never_part_of_a_phrase(text: str, pronoun: str) -> None:
    assert not any(pronoun in phrase.casefold().split() for phrase in noun_phrases(text))


def test_a_name_after_a_pronoun_is_kept() -> None:
    assert "Safesol Finance Airdrop" in noun_phrases("Hello, Everyone  Safesol Finance Airdrop is Live")


@pytest.mark.parametrize(
    "text",
    [
        "Join Black Popular Culture III (2pm EST) to hear me talk",
        "This seminar, on digital health literacy, is from 11 am to 12 pm ET.",
        "I’m looking forward to delivering a keynote session at #PRCAAmericas tomorrow @ 11:15 CT.",
        "Stream date is June 5th! Tickets are free",
        "One day the world will look back at the early 21st century",
        "despite me already have driven several miles before realising the problem",
        "Rhode Island has had THREE 17 to 20yo males present with myocarditis",
        "90-year-old dykes for a free Palestine",
    ],
)
def test_times_dates_and_measures_are_no_topic(text: str) -> None:
    phrases = noun_phrases(text)
    assert not any(char.isdigit() for phrase in phrases for char in phrase), phrases
    assert not {"EST", "ET", "CT", "several miles", "century", "males"} & set(phrases), phrases


def test_a_decade_names_an_era() -> None:
    assert "90s music" in noun_phrases("I grew up on 90s music and still play it every day")


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        # The phrase runs on: a name cut short, a shared head, a particle, letters glued by a symbol.
        ("Program for the ISBA World Meeting this month looks fantastic!", "ISBA World"),
        ("there was a critical need to communicate vital health and safety information to the public.", "vital health"),
        ("When I took on my biggest marketing & events team to date", "biggest marketing"),
        ("CT&M will have a stellar line up of research papers and panels", "stellar line"),
        ("2021-22 Pre-Doctoral Fellowships for Black Studies Students/Queen's University", "Black Studies"),
        ("President-Elect Black Pig, I'm the first🇭🇰Hong Kong President in history", "Kong President"),
        ("Happy that there’s more visual representation of the LGBTQAI+ community", "LGBTQAI"),
    ],
)  # fmt: skip
def test_a_phrase_is_whole(text: str, cut: str) -> None:
    assert cut not in noun_phrases(text)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("We support you prioritizing your mental health and wellbeing!", "mental health"),
        ("@kfc I got undercooked and salty fries and pop corn.", "salty fries"),
        ("Uber trips out of the CBD today are free to help Sydneysiders get home safely.", "Uber trips"),
        ("several PhD positions open(ing) at the school", "PhD positions"),
        (
            "Win the ENTIRE #ColourPopxAnimalCrossing :New Horizons Collection + 2 plushies + an Isabelle dad hat!",
            "New Horizons Collection",
        ),
        ("A member of my troop lost a pair of >£2000 night vision goggles once.", "night vision goggles"),
        # An -ing verb before a phrase is mostly a verb with its object: the phrase stays.
        (
            "holding suicide prevention event and fundraiser for funeral costs",
            "suicide prevention event and fundraiser",
        ),
    ],
)
def test_a_whole_phrase_next_to_those_boundaries_is_kept(text: str, phrase: str) -> None:
    assert phrase in noun_phrases(text)


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("Same issue for as long as I can remember.", "same issue"),
        ("Hope you're never in the same situation.", "same situation"),
        ("Women--especially women of color--are constantly punished", "women--especially women"),
        ("First time back here since last summer earlier this afternoon, happy days", "last summer"),
    ],
)
def test_pointing_words_and_dashes_make_no_phrase(text: str, wrong: str) -> None:
    assert wrong.casefold() not in [phrase.casefold() for phrase in noun_phrases(text)]


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("Gave it one last chance, but I'll never be back to this location ever again.", "last chance"),
        ("I think we shall find a smoother way to do this", "smoother way"),
        ("The only reason I come to KFC in recent times.", "recent times"),
        ("Might Be At My Happiest In A Long Time!", "Long Time"),
        ("Admin stole my tweet ffs 😂 anywayyyy this is the best one yet", "tweet ffs"),
    ],
)
def test_a_light_noun_or_chat_word_makes_no_topic(text: str, wrong: str) -> None:
    assert wrong.casefold() not in [phrase.casefold() for phrase in noun_phrases(text)]


def test_a_word_mixing_scripts_is_no_phrase() -> None:
    # "Thanks for sharing this on Unιted Kingdom": a Greek iota among Latin letters, a spammer's look-alike spelling.
    from bot.openers.phrases import noun_phrases

    assert "Unιted Kingdom" not in noun_phrases("Happy new month to all my fans in the Unιted Kingdom and beyond")
    assert "Zürich office" in noun_phrases("We opened our new Zürich office on a rainy Monday")
