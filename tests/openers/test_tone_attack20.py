"""attack20: a death told by euphemism or by a tragedy's name, abusive accounts that were not screened out, sarcastic
"announcements" and setbacks that name an opportunity (findings 1, 2, 3 and 5a of /tmp/attack20/findings.md).

Each kind has the attacker's cases, more of the same kind written here, and controls that must stay unflagged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from bot.networks.base import NetworkAccount
from bot.openers import OpenerContext, template_openers
from bot.openers.cli import write_openers
from bot.openers.tone import (
    bad_news_or_joke,
    hostile_account,
    hostility,
    sarcasm,
    sensitive_term,
    setback,
    unwelcome_account,
)
from tests.openers.test_real_posts import NOW, _post

if TYPE_CHECKING:
    from bot.networks.base import NetworkPost
    from bot.openers import Opener


def _openers(*posts: NetworkPost, topics: tuple[str, ...] = ()) -> dict[str, Opener]:
    context = OpenerContext(
        account=NetworkAccount(id="42", handle="ada", name="Ada"),
        posts=list(posts),
        shared_seed_handles=["seedling"],
        topics=topics,
    )
    return {opener.kind: opener for opener in template_openers(context, now=NOW)}


def _answered(text: str) -> set[str]:
    """The kinds of opener that answer or share ``text`` itself, posted among three plain questions (as the attacker
    did, so that a share is possible and the post is the one picked)."""
    fillers = [
        _post("2", "Does anyone know if the Tuesday market is on this week?", hours_ago=30),
        _post("3", "Anyone have a good recommendation for a sturdy umbrella?", hours_ago=50),
        _post("4", "Is there a way to get the bus app to show live times again?", hours_ago=70),
    ]
    openers = _openers(_post("1", text, like_count=60, repost_count=12), *fillers)
    return {kind for kind, opener in openers.items() if opener.post_id == "1"}


@pytest.mark.parametrize(
    "text",
    [
        "Our new EP is out today. Every song is for my dad.",
        "New video: my grandmother's interview about growing up in 1940s Leeds.",
        "Thrilled to share my new paper on family memory, out today in Memory Studies!",
        "Honoured to have won the Forward Prize for best first collection!",
        "Thrilled to announce I have been promoted to Senior Lecturer!",
        "Applications for the PhD studentship are open until 1 March. Apply here!",
    ],
)
def test_the_same_posts_without_the_death_the_joke_or_the_setback_are_answered(text: str) -> None:
    # The controls of the tests below: what they take away is the death, the joke or the setback, not a reply.
    assert _answered(text) == {"reply", "share"}


# ---------------------------------------------------------------------------------------------------------------
# 1. A death told by euphemism, or a tragedy by its name

EUPHEMISMS = [
    # The attacker's cases.
    "Our new single “Forever 17” is out today, for Jamie. Gone too soon. 💔",
    "New video: my grandmother's last interview before she passed, about growing up in 1940s Leeds. https://t.co/g",
    "Our new EP is out today, in memory of my dad, who passed in March. Every song is his.",
    "New single out now: “Angel Wings”, for my little sister, taken from us far too soon. 💔",
    "My debut novel is out today. It's dedicated to Mum, who is no longer with us. I wish she could see it.",
    "Delighted to share our new exhibition, opening Friday: portraits of the 72 lives lost in the tower.",
    "New thread: remembering the 96 who went to a football match and never came home. 1/",
    "We're hiring a family liaison officer to support the relatives of those lost at sea. Apply by Friday",
    # More of the kind.
    "Our scholarship opens today, in memory of Professor Jane Hale, who passed last spring.",
    "Tonight's gig is for my best friend Kai, taken too soon.",
    "She passed peacefully at home on Sunday. Our new album is dedicated to her.",
    "Since Mum's passing, I've been writing again. The book is out today!",
    "Launching the Amira Fund today, in loving memory of our daughter.",
    "We've launched a fundraiser in Ollie's memory. He'd have turned 21 today.",
    "New podcast: the families of those we lost in the fire tell their story.",
    "Ten fishermen were lost at sea off Whitby in 1953; our new book tells their story.",
    "A new book of my late husband's letters is out today.",
    "We lost our son in 2019. His charity run is on Sunday, come along!",
    "Our memorial garden opens Friday for everyone we've lost this year.",
]
NAMED_TRAGEDIES = [
    # The attacker's cases.
    "Thrilled to share my new paper on the Holocaust and family memory, out today in Memory Studies!",
    "Sending all our love to Dunblane today. Our new report on school safety is out now: https://t.co/r",
    "New thread on what happened at Hillsborough in 1989 and the 97 who never came home. 🧵 1/20",
    # More of the kind.
    "New documentary on the children of Aberfan, out Friday.",
    "Thrilled to share our podcast series on Srebrenica, 30 years on.",
    "My new essay on the Shoah and my grandmother's silence is out in Granta.",
    "Our concert for the Sandy Hook families is on Saturday.",
    "Proud of our students' Columbine remembrance project.",
    "#Parkland students have launched a new campaign today.",
    "Remembering the 22 at the Manchester Arena, seven years on. Our choir sings tonight.",
    "New exhibition: 9/11 and the families who waited.",
    "Our Grenfell oral history project launches today.",
    "Uvalde, two years on: our new report is out.",
]


@pytest.mark.parametrize("text", EUPHEMISMS + NAMED_TRAGEDIES)
def test_a_death_told_by_euphemism_or_a_tragedy_by_its_name_is_sensitive(text: str) -> None:
    assert sensitive_term(text) is not None
    assert _answered(text) == set(), "no reply or share to a post about a death"


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("before she passed, about growing up", "she passed"),
        ("in memory of my dad, who passed in March", "in memory of my dad"),
        ("It's dedicated to Mum, who is no longer with us.", "no longer with us"),
        ("the relatives of those lost at sea", "those lost at sea"),
        ("my new paper on the Holocaust", "holocaust"),
        ("#SandyHook ten years on", "sandy hook"),
    ],
)
def test_the_sensitive_term_names_what_was_read(text: str, term: str) -> None:
    assert sensitive_term(text) == term


@pytest.mark.parametrize(
    "text",
    [
        "I passed my driving test!!",
        "The bill passed its second reading on Tuesday.",
        "Time has passed so quickly since the launch.",
        "We passed 10,000 members today!",
        "She passed the ball to Kelly, who scored.",
        "Students who passed in March can enrol now.",
        "Her passing game was superb tonight.",
        "The memory of the model is the bottleneck here.",
        "Flash attention keeps the activations in memory of each GPU.",
        "Lost at chess again, to my daughter this time.",
        "I felt totally lost at sea in my first week of the PhD.",
        "We lost our way in the Dales but found a great pub.",
        "Our new parkland trail opens Saturday.",
        "Columbines are flowering in the wildflower meadow.",
        "Hillsborough County schools reopen Monday.",
        "Deadline: 9/11/2024, apply early.",
        "Sandy Hook Beach is open for the summer.",
    ],
)
def test_words_that_look_like_a_death_or_a_tragedy_are_not_sensitive(text: str) -> None:
    assert sensitive_term(text) is None


def test_a_euphemism_in_another_language_is_not_read_but_a_tragedys_name_is() -> None:
    # "he passed" is English; "Holocaust" is the same name in German.
    assert sensitive_term("He passed. Wir vermissen ihn.", english=False) is None
    assert sensitive_term("Neues Buch über den Holocaust und die Familie", english=False) == "holocaust"


def test_a_post_about_a_death_gives_the_hello_no_topic() -> None:
    text = "Our new folk music EP is out today, for Mum, who is no longer with us."
    hello = _openers(_post("1", text), topics=("folk music",))["hello"]
    assert "folk music" not in hello.draft.casefold()
    # The same post without the death gives the hello its topic, so the test above tests something.
    cheerful = _openers(_post("1", "Our new folk music EP is out today!"), topics=("folk music",))["hello"]
    assert "folk music" in cheerful.draft.casefold()


# ---------------------------------------------------------------------------------------------------------------
# 2. Abusive accounts are screened out

# Every recent post of each account is abuse (the attacker's accounts; all replies to someone but the first three).
ABUSIVE_ACCOUNTS = {
    "slowdeath_wish": [
        "I hope you die slowly and alone.",
        "People like you deserve everything coming to them.",
        "Enjoy your little bubble while it lasts, idiot.",
        "Nobody will miss you when you're gone.",
    ],
    "rage_poster": [
        "You're a fucking idiot and everyone knows it.",
        "Shut the fuck up, you worthless moron.",
        "What a brain-dead take from a brain-dead loser.",
        "Go cry about it, snowflake.",
    ],
    "polite_hater": [
        "Nobody wants you here. Crawl back under your rock.",
        "You are a parasite on this city and we all see it.",
        "Your kind ruins everything you touch.",
        "Go back to wherever you came from.",
    ],
    "gammon_rage": [
        "@cllr_jenny you're a disgusting excuse for a human being",
        "@cllr_jenny resign you useless waste of space",
        "@BBCNews absolute liars the lot of you, hope you all get sacked",
        "@cllr_jenny everyone in this ward despises you",
    ],
    "burn_it_all": [
        "@mayor_tom I hope your house burns down with you in it",
        "@mayor_tom someone should put you in your place permanently",
        "@mayor_tom I know where your office is. See you soon.",
        "@mayor_tom you'll get what's coming to you",
    ],
    "anon_x8812": [
        "@drsarah_m you absolute waste of oxygen",
        "@drsarah_m stick to cooking love, science isn't for you",
        "@drsarah_m ugly inside and out",
        "@drsarah_m no wonder you're single",
    ],
    "realtalk_dave": [
        "@the_guardian you're all traitors and you'll hang for it",
        "@the_guardian enemies of the people",
        "@SadiqKhan go back to your own country",
        "@the_guardian hope your building gets what it deserves",
    ],
    "cringe_police": [
        "@artist_lu this is the worst thing I've ever seen, quit art forever",
        "@artist_lu embarrassing. just stop posting.",
        "@artist_lu imagine thinking this is talent lmao",
        "@artist_lu you're a joke and so is your 'career'",
    ],
    "bitter_ex_prof": [
        "@phd_amy your thesis is garbage and you should be ashamed",
        "@phd_amy talentless hack, how did you even get in",
        "@phd_amy nobody will ever cite this trash",
        "@phd_amy quit now and save us all the embarrassment",
    ],
    "slowdeath_2": [
        "@MPjones wishing you a slow and painful death",
        "@MPjones may you suffer as we have",
        "@MPjones the day you die will be a national holiday",
        "@MPjones rot",
    ],
    "racist_rick": [
        "@footballer_k go back to Africa monkey",
        "@footballer_k you people ruin the game",
        "@footballer_k banana boy lol",
        "@footballer_k not welcome here",
    ],
    "doxx_threat": [
        "@journo_li found your address. nice house.",
        "@journo_li be careful walking home tonight",
        "@journo_li we're watching you",
        "@journo_li your kids go to St Mary's right?",
    ],
    "kys_troll": [
        "kys nobody would care",
        "just end it already, nobody reads your garbage",
        "you should just disappear, loser",
        "ratio + you're ugly + no one likes you",
    ],
}


@pytest.mark.parametrize("handle", ABUSIVE_ACCOUNTS)
def test_an_account_whose_recent_posts_are_abuse_is_screened_out(handle: str) -> None:
    posts = [_post(str(n), text, hours_ago=n) for n, text in enumerate(ABUSIVE_ACCOUNTS[handle], start=1)]
    screened = unwelcome_account(posts, "42")
    assert screened is not None and screened[0] == "hostile", screened


def test_the_cli_screens_out_a_doxxing_account_with_a_clear_reason() -> None:
    posts = [_post(str(n), text, author="7", hours_ago=n) for n, text in enumerate(ABUSIVE_ACCOUNTS["doxx_threat"], 1)]
    [result] = write_openers(posts, {"7": NetworkAccount(id="7", handle="doxx_threat", name="D")})
    assert result.screened_out == "hostile: 4 of 4 recent posts hostile: says “found your address” (threat)"
    assert result.openers == ()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Wishes of death or harm: the attacker's and more of the kind.
        ("@MPjones wishing you a slow and painful death", "wish of harm"),
        ("@MPjones may you suffer as we have", "wish of harm"),
        ("@MPjones the day you die will be a national holiday", "wish of harm"),
        ("I hope you die slowly and alone.", "wish of harm"),
        ("Nobody will miss you when you're gone.", "wish of harm"),
        ("@mayor_tom I hope your house burns down with you in it", "wish of harm"),
        ("kys nobody would care", "wish of harm"),
        ("@bob I hope your family suffers for this", "wish of harm"),
        ("@bob may you rot", "wish of harm"),
        ("@bob nobody would miss you if you vanished", "wish of harm"),
        ("@bob when you die we'll celebrate", "wish of harm"),
        ("@bob people like you deserve what's coming", "wish of harm"),
        ("@bob just go kill yourself", "wish of harm"),
        ("@bob drop dead", "wish of harm"),
        ("I Hope You Die", "wish of harm"),
        ("I HOPE YOU SUFFER", "wish of harm"),
        # Threats and intimidation.
        ("@mayor_tom I know where your office is. See you soon.", "threat"),
        ("@journo_li be careful walking home tonight", "threat"),
        ("@journo_li we're watching you", "threat"),
        ("@journo_li found your address. nice house.", "threat"),
        ("@journo_li your kids go to St Mary's right?", "threat"),
        ("@mayor_tom you'll get what's coming to you", "threat"),
        ("@mayor_tom someone should put you in your place permanently", "threat"),
        ("@the_guardian you're all traitors and you'll hang for it", "threat"),
        ("@bob we know where you live", "threat"),
        ("@bob we know where your kids go to school", "threat"),
        ("@bob posted your home address for everyone", "threat"),
        ("@bob watch your back", "threat"),
        ("@bob I'm going to hurt you", "threat"),
        ("@bob someone should shut you up permanently", "threat"),
        ("@bob what's coming to you won't be pretty", "threat"),
        # Racist or dehumanising abuse, misogyny, insults aimed at someone.
        ("@footballer_k go back to Africa monkey", "racist or dehumanising"),
        ("@footballer_k you people ruin the game", "racist or dehumanising"),
        ("@footballer_k banana boy lol", "racist or dehumanising"),
        ("@bob go back to where you came from", "racist or dehumanising"),
        ("@bob you lot are a plague on this country", "racist or dehumanising"),
        ("@drsarah_m stick to cooking love, science isn't for you", "insult"),
        ("@drsarah_m no wonder you're single", "insult"),
        ("@jane get back in the kitchen", "insult"),
        ("Go cry about it, snowflake.", "dismissal"),
        ("Thanks for nothing, snowflake.", "insult"),
        ("@bob brain-dead clown", "insult"),
        ("@bob you pathetic little snowflake", "insult"),
        ("@cllr_jenny resign you useless waste of space", "insult"),
        ("@phd_amy talentless hack, how did you even get in", "insult"),
        ("@artist_lu you're a joke and so is your 'career'", "insult"),
        ("@artist_lu embarrassing. just stop posting.", "dismissal"),
    ],
)
def test_threats_wishes_of_harm_and_abuse_are_hostile_by_kind(text: str, kind: str) -> None:
    assert (reason := hostility(text)) is not None and reason.endswith(f"({kind})"), reason


@pytest.mark.parametrize(
    "text",
    [
        # Kind words that look like a wish of harm or a threat.
        "I hope you don't suffer too much with the revisions",
        "May you never suffer the way we did",
        "Don't kill yourself over it, the deadline can move",
        "Try not to kill yourself laughing at this one",
        "I hope you die laughing at this",
        "She looked drop dead gorgeous at the premiere",
        "The slow death of the high street, a thread",
        "What happens to your accounts the day you die? Our guide explains",
        "I'll find you a seat at the front",
        "You'll hang out with us after the talk, right?",
        "Skip sleep now and you'll pay for it later",
        "We have your address on file, please confirm it",
        "Make sure you know where your nearest fire exit is",
        "Good luck tonight, we're watching you!",
        "Be careful walking home tonight, the pavements are icy",
        "Lift with your knees and watch your back!",
        "You deserve everything coming your way, congratulations!",
        "I hope your paper gets accepted",
        "We're coming for you, Champions League! See you in Madrid",
        # A title: a real bio.
        "Nathan from I Hope You Suffer Podcast. Bad horror movie watcher.",
        # Words that look like an insult or abuse.
        "Nobody wants you to fail, we're all rooting for you",
        "Quit smoking forever with our free app",
        "Back to the kitchen to finish the bread",
        "I can't wait to go back to Africa next year",
        "Use the back button to go back to where you came from",
        "You people are amazing, thank you",
        "Your kind words mean so much",
        "You lucky cow, enjoy Rome!",
        "You cheeky monkey",
        "@bob Fraud detection with graph networks is my talk today",
        "This car park is a waste of space",
        "Word of the day: snowflake.",
        "Lover of comics, movies, games, people, monkeys.",
        # Criticism of policy, however sharp.
        "This housing policy is a disaster for renters and the minister knows it.",
        "The council's cuts to youth services are shameful.",
        "@cllr_jenny I disagree: the data say the bus lane worked.",
    ],
)
def test_kind_words_and_criticism_that_look_like_abuse_are_not_hostile(text: str) -> None:
    assert hostility(text) is None


def test_a_threat_or_a_wish_of_harm_alone_screens_an_account() -> None:
    posts = [
        _post("1", "Lovely walk along the canal this morning.", hours_ago=1),
        _post("2", "@journo_li I know where you live. See you soon.", hours_ago=2),
        *(_post(str(n), "Our book club meets on Thursdays at the library.", hours_ago=n) for n in range(3, 8)),
    ]
    assert hostile_account(posts, "42") == "1 of 7 recent posts hostile: says “i know where you live” (threat)"


def test_half_of_the_recent_posts_abusive_screens_an_account_but_one_insult_does_not() -> None:
    # @rage_poster had 2 of 4 detected and passed: "more than half" let an abusive account through.
    insults = [_post("1", "Go cry about it, snowflake."), _post("2", "@bob you worthless moron")]
    nice = [_post("3", "Sowed the runner beans today."), _post("4", "Allotment open day on Saturday!")]
    assert hostile_account(insults + nice, "42") == "2 of 4 recent posts hostile: says “go cry about it” (dismissal)"
    assert hostile_account(insults[:1] + nice, "42") is None, "one angry post is a bad day"
    assert hostile_account(insults[:1] + nice + [_post("5", "Good morning all")], "42") is None


def test_one_swear_word_or_sharp_criticism_does_not_screen_an_account() -> None:
    posts = [
        _post("1", "This paper is fucking great, read it"),
        _post("2", "The council's cuts to youth services are shameful."),
        _post("3", "This housing policy is a disaster for renters."),
        _post("4", "Our reading group meets at 4pm."),
    ]
    assert unwelcome_account(posts, "42") is None


def test_a_hostile_job_ad_gets_no_reply() -> None:
    assert hostility("We're hiring! No lazy idiots or snowflakes need apply. Apply by Friday") is not None
    assert _answered("We're hiring! No lazy idiots or snowflakes need apply. Apply by Friday") == set()


# ---------------------------------------------------------------------------------------------------------------
# 3. Sarcastic "announcements"

MOCK_ANNOUNCEMENTS = [
    # The attacker's cases.
    "Thrilled to announce I have been selected for jury duty. Again. Third time in four years.",
    "Thrilled to announce I've received my third parking ticket this month. Truly honoured.",
    "Delighted to announce our landlord has raised the rent by 30%. What a time to be alive.",
    "Proud to announce our office roof is now a water feature. Architecture, baby.",
    "Excited to share that I've reached 4,000 unread emails. A new personal best.",
    "Big news: after 15 years I am officially retiring from washing the dishes. Announcing my successor, the "
    "dishwasher.",
    "I'm pleased to announce that I have been promoted to Head of Snacks at home. My kids voted.",
    "Honoured to have won the award for Most Times Saying 'You're on mute' in a single meeting.",
    "My new paper is out: 'On the impossibility of finding a matching sock'. Peer reviewed by my cat.",
    # More of the kind.
    "Delighted to share that I've been called up for jury service for the second time this year.",
    "Proud to announce I got a speeding fine on the way to my driving lesson.",
    "Excited to announce our bathroom is now a swimming pool. Plumber arrives Tuesday.",
    "Thrilled to report the kitchen tap has started leaking again.",
    "Honoured to have been voted Best Parent by my toddler. Bribed with biscuits.",
    "Pleased to announce I have been appointed Chief Laundry Officer at home.",
    "Excited to share that my inbox has hit 10k unread. Send help.",
    "Big news: I have locked myself out of my own flat.",
    "Honoured to receive the award for most cups of tea drunk in a single meeting.",
    "Thrilled to announce the train is late. Again.",
    "Delighted to report my landlord put up the rent. Living the dream.",
]


@pytest.mark.parametrize("text", MOCK_ANNOUNCEMENTS)
def test_a_celebration_of_a_mundane_misfortune_or_a_joke_credential_is_sarcasm(text: str) -> None:
    assert sarcasm(text) is not None
    assert bad_news_or_joke(text)
    assert _answered(text) == set(), "no congratulations on a joke"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (MOCK_ANNOUNCEMENTS[0], "“thrilled to announce” about “jury duty”"),
        (MOCK_ANNOUNCEMENTS[2], "“delighted to announce” closed by “what a time to be alive”"),
        (MOCK_ANNOUNCEMENTS[8], "a joke: “peer reviewed by my cat”"),
    ],
)
def test_the_sarcasm_reason_names_its_cues(text: str, why: str) -> None:
    assert sarcasm(text) == why


@pytest.mark.parametrize(
    "text",
    [
        "Honoured to have won the Forward Prize for best first collection!",
        "Thrilled to announce I've been promoted to Senior Lecturer!",
        "Thrilled to be named Teacher of the Year. Again!",
        "Delighted to announce the polluter was fined £2m for the spill.",
        "Thrilled to share our new report on rent increases and what councils can do.",
        "Excited to share our guide to avoiding parking fines in Leeds.",
        "Proud to share I ran 10k in 45 minutes. A new personal best.",
        "Delighted to announce our new water feature in Roundhay Park is open!",
        "Pleased to announce our laundry service now collects on Sundays.",
        "Nominated by my students for a teaching award, so touched.",
        "Excited to share that our leak detection startup has raised £2m.",
        "Proud to announce we've cleared the planning backlog.",
        "Delighted to announce that Dr Mei Chen has joined the lab as a research fellow!",
    ],
)
def test_a_real_achievement_is_no_sarcasm(text: str) -> None:
    assert sarcasm(text) is None


# ---------------------------------------------------------------------------------------------------------------
# 4. Setbacks that name an opportunity, or a medium

SETBACK_POSTS = [
    # The attacker's cases: an opportunity missed or withdrawn ...
    ("Not selected for the fellowship this year. On to the next one, I suppose.", "not selected"),
    ("Didn't get the PhD studentship. Back to applications, I guess.", "didn't get the phd studentship"),
    ("Our talk wasn't accepted for PyCon this year. On to the next CFP.", "wasn't accepted"),
    ("The fellowship I was relying on has been withdrawn. No explanation.", "has been withdrawn"),
    # ... and bad news that names a medium, shared until now.
    ("YouTube took down my video on repair cafés for 'spam'. Two months of work, gone.", "took down my video"),
    ("Our study on sleep and memory has been retracted because of a coding error. I'm so sorry.", "retracted"),
    ("Our paper on urban bees was desk rejected for the fourth time.", "desk rejected"),
    ("Spent six months on this video and it got 40 views. Not sure I'll keep making them, honestly.", "got 40 views"),
    ("Thread: why we've had to close our food bank after nine years.", "had to close"),
    ("Our annual report is out: budget cuts mean we will support 3,000 fewer families next year.", "budget cuts"),
    ("Our new report is out today and shows 180 libraries have closed.", "have closed"),
    ("Our app will be discontinued on June 30. Export your data from Settings before then.", "discontinued"),
    # More of the kind.
    ("We weren't shortlisted for the Turner Prize this year.", "weren't shortlisted"),
    ("Not accepted for the artist residency this year. Maybe next time.", "not accepted"),
    ("Our bid was unsuccessful this time.", "was unsuccessful"),
    ("Didn't get the postdoc position. Onwards.", "didn't get the postdoc position"),
    ("We failed to secure funding for next year's festival.", "failed"),
    ("We were finalists but didn't win Small Business of the Year.", "didn't win"),
    ("The scholarship offer has been withdrawn after the budget review.", "has been withdrawn"),
    ("Instagram took down our post about the protest.", "took down our post"),
    ("The new episode got 12 listens. Twelve.", "got 12 listens"),
    ("We've had to cancel the summer school this year.", "had to cancel"),
    ("No internship this summer. 60 applications, zero offers.", "zero offers"),
]


@pytest.mark.parametrize(("text", "found"), SETBACK_POSTS)
def test_a_setback_that_names_an_opportunity_or_a_medium_is_bad_news(text: str, found: str) -> None:
    assert setback(text) == found
    assert bad_news_or_joke(text)


@pytest.mark.parametrize(
    "text",
    [
        "Not selected for the fellowship this year. On to the next one, I suppose.",
        "Didn't get the PhD studentship. Back to applications, I guess.",
        "Our talk wasn't accepted for PyCon this year. On to the next CFP.",
        "The fellowship I was relying on has been withdrawn. No explanation.",
    ],
)
def test_a_missed_opportunity_is_not_thanked_as_an_opportunity(text: str) -> None:
    assert "reply" not in _answered(text)


@pytest.mark.parametrize(
    "text",
    [
        "We're hiring a postdoc: 3-year fellowship, apply by 20 May.",
        "Applications for the PhD studentship are open until 1 March.",
        "Late submissions will not be accepted. Apply by Friday!",
        "Applicants not shortlisted will not be contacted.",
        "You won't get a better chance to join the fellowship.",
        "Our funding has been renewed for another three years!",
        "Our video got 40,000 views in a day!",
        "Call for papers: deadline 1 June, decisions by July.",
        "Selected for the fellowship! So grateful.",
    ],
)
def test_an_opportunity_or_good_news_is_no_setback(text: str) -> None:
    assert setback(text) is None
