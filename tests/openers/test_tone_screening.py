"""Posts a team would be embarrassed to answer or share: sexual content, promotional spam, sarcasm; and the accounts
made mostly of the first two, screened out like hostile ones.

Real posts are read from ../shared/data/tweets (never copied here); short quotes of them are the cases below.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from typing import TYPE_CHECKING

import pytest

from bench.openers import ACADEMIC_POSTS, RUMOUREVAL, rumoureval_as_v2
from bot.networks.base import NetworkAccount, NetworkPost
from bot.networks.x import parse_post
from bot.openers import OpenerContext, template_openers
from bot.openers.cli import write_openers
from bot.openers.tone import adult_content, post_tone, sarcasm, spam, unwelcome_account
from tests.conftest import shared_path
from tests.openers.test_real_posts import NOW, _post

if TYPE_CHECKING:
    from bot.openers import Opener


@functools.cache
def _real_posts() -> tuple[NetworkPost, ...]:
    """Every real post, one per distinct text: RumourEval and the academic timelines."""
    raw, _, _ = rumoureval_as_v2(shared_path(f"data/tweets/{RUMOUREVAL}"))
    with gzip.open(shared_path(f"data/tweets/{ACADEMIC_POSTS}"), "rt", encoding="utf-8") as lines:
        raw += [json.loads(line) for line in lines]
    by_text = {post.text: post for post in map(parse_post, raw)}
    return tuple(by_text.values())


def _english(post: NetworkPost) -> bool:
    return post.lang in {None, "", "en", "und", "qme", "zxx"}


def _openers(*posts: NetworkPost) -> dict[str, Opener]:
    context = OpenerContext(
        account=NetworkAccount(id="42", handle="ada", name="Ada"),
        posts=list(posts),
        shared_seed_handles=["seedling"],
    )
    return {opener.kind: opener for opener in template_openers(context, now=NOW)}


# ---------------------------------------------------------------------------------------------------------------
# Sexual content


@pytest.mark.parametrize(
    ("text", "why"),
    [
        # Real posts.
        (
            "Angel Devis and Devil Talia! Happy birthday to me lmao #originalcharacters #sexy #thicc #oppai #pinup",
            "thicc",
        ),
        ("Buff was very excited to present himself to you! #furryartist #bara #pride #nsfw #donutday", "nsfw"),
        ("Starting off the weekend right in my teeny pink bikini all slippery 💦 🙃 happy Friday guys 😝", "bikini"),
        ("SEND ME MONEY so I can eat  \nFindom sellingcontent onlyfans", "findom"),
        ("Siehst du in meine Augen? #TikTok #fyp #girl #beauty #model #sexy #curve", "sexy"),
        ("If I was your flatmate you could walk into this and suck me off 😈", "suck me off"),
        (
            "Happy Friday babes.\nEnjoy 25% off in honor of Pride Month💚\nDo you like this view of my ass?",
            "view of my",
        ),
        # The kind: explicit words alone, in compound hashtags, a suggestive word as a hashtag of its own.
        ("New set up, link below 🔞", "🔞"),
        ("Weekend mood #thiccgirls", "thicc"),
        ("Sunday art dump #PinupGirl #vintage", "pinup"),
        ("My new lingerie haul, do you like it? 🍑", "lingerie"),
    ],
)
def test_sexual_content_is_read_in_words_emoji_and_hashtags(text: str, why: str) -> None:
    assert (reason := adult_content(text)) is not None and why in reason, reason
    assert not post_tone(_post("1", text)).ok


@pytest.mark.parametrize(
    "text",
    [
        # Decided: a suggestive word alone is not sexual content, outside a hashtag of its own.
        "Bayes' theorem is the sexiest result in statistics, fight me",
        "We used athymic nude mice for the xenograft experiments",
        "Visible to the naked eye tonight: Jupiter and Saturn",
        "Blue tits and great tits are nesting in the box again",
        "Lunch was incredible #foodporn",
        # Real posts: "sex" and "sexual" are research topics; a handle is a name.
        'Kami Kosenko\'s "Queer Safer Sex Communication" is available online',
        'Madeleine Holland\'s "Sexual Satisfaction in LGB Relationships" is available now.',
        "In 2014, gay, bisexual, and other men who have sex with men accounted for 83% of all primary",
        "On international sex workers day I want to thank all the sex workers whose work pushed me",
        "Sex differences in academic promotion: evidence from 40 universities",
        "Have a great weekend and remember #bekind #besafe #besexy #behave #beyou",
        "RT @Porno_Studie: ein besonders absurder Aspekt des WissZeitVG sollte nicht unerwähnt bleiben",
        "@RealSexyCyborg Physics with Chinese characteristics.",
        "“I was pretty much going down, doing my little sexy dropdown, and boom, I feel air!”",
    ],
)
def test_sexual_words_in_research_names_and_figures_of_speech_are_not_sexual_content(text: str) -> None:
    assert adult_content(text) is None


def test_no_real_post_speaking_of_sex_or_sexuality_is_read_as_sexual_content() -> None:
    # Measured on every real post (9,313 distinct texts): "sex", "sexual", "sexuality", "bisexual" appear in
    # research, public health and pride posts; none carries an explicit word, so none may be flagged.
    about_sex = [post.text for post in _real_posts() if re.search(r"(?i)\b(?:bi|homo)?sex(?:ual|uality)?\b", post.text)]
    assert len(about_sex) >= 10
    assert [text for text in about_sex if adult_content(text) is not None] == []


def test_sexual_content_flags_few_real_posts_and_only_true_ones() -> None:
    # Read all 14: the pin-up sketch, an NSFW furry drawing, the bikini post, "view of my ass" with a discount, a
    # findom/OnlyFans sale, a TikTok girl tagged #sexy, "suck me off 😈" (several also as a retweet), and crude
    # insults ("suck my dick", "sluts", "hard cock"): all embarrassing to touch. Still missed: "Daddy really knows
    # how to make me happy 😈🔥🔥🔥" with two links (one cue only).
    flagged = sorted(post.text[:30] for post in _real_posts() if adult_content(post.text, english=_english(post)))
    assert len(flagged) == 14, flagged


# ---------------------------------------------------------------------------------------------------------------
# Promotional spam


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Real posts.
        ("Hello, Everyone  Safesol Finance Airdrop is Live  Join our airdrop by clicking on", "crypto"),
        ("Earn $PANDA tokens by completing tasks on this form 👇", "crypto"),
        ("We are happy to announce $TURBOTRIX FINANCE(TTF) now listed on Bilaxy exchange.", "crypto"),
        ("#SHIBTOKEN  is like getting into $btc 12yrs ago. Make yourself a millionaire by Christmas", "crypto"),
        ("🚨📣 #GIVEAWAY 📣🚨 Win the ENTIRE Collection! How to enter: ✨ Follow @colourpop ✨Like and RT", "giveaway"),
        ("It's Free Shirt Friday!\n\nReply to this tweet for a chance to win a #LetsGoBucs tee.", "giveaway"),
        ("DM us to claim your Day 8 $HAPPY Billion! 💛", "self-promotion"),
        ("Happy Pride Month.  \n\nDM me for your unique looks XXX ❤️⭐🌈", "self-promotion"),
        ("Use code MIDWEEK10 and save 10% off orders over £30", "self-promotion"),
        ("Don't forget to check out my hot content on https://t.co/QbV39KrHfe", "self-promotion"),
        ("@cnni For Only $9 You Can Buy 3K Followers http://t.co/XQiCCTJWOe", "follow-for-follow"),
        ("🍓HAPPY BIRTHDAY🎂 @royz1200 follow &amp; RT お誕生日リプ", "follow-for-follow"),
        # The kind.
        ("RT & follow to win a signed copy!", "giveaway"),
        ("New drop is live, link in bio 💋", "self-promotion"),
        ("Follow back everyone who follows me today #F4F", "follow-for-follow"),
        ("#CryptoGiveaway 500 USDT to one lucky winner", "giveaway"),
    ],
)
def test_promotional_spam_is_read_by_kind(text: str, kind: str) -> None:
    assert (reason := spam(text)) is not None and reason.endswith(f"({kind})"), reason
    assert not post_tone(_post("1", text)).ok


@pytest.mark.parametrize(
    "text",
    [
        # Real posts.
        "Happy 8th Anniversay Jin! We love you to the moon and back!🌙👑💜",
        "@SkyNews It is right thing.Burkha would deliberately spk to victims to give away positions of police.",
        "@ArmedResearch What media account did you get this photo from? DM me please",
        "We'll be promoting resources, strategies, and events which support our LGBTQ+ colleagues and scholars!",
        "Ich bin Lukas, Historiker. Ich promoviere zur Geschichte der Kritik an nuklearer Abschreckung.",
        "Your chances to buy under $600 is becoming more and more a thing of the distant past.",
        # Research words near the patterns.
        "Our preprint is under embargo until Friday, DM me for a copy of the paper",
        "Our tokenizer keeps 50k tokens, all listed in the appendix.",
        "Responses were coded, and the giving away of seats was rare.",
    ],
)
def test_ordinary_posts_near_the_spam_patterns_are_not_spam(text: str) -> None:
    assert spam(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Join us Thursday 4pm ET to talk peer review! Zoom link in bio",
        "Registration link in my bio, free for students",
        "Sign-up link in bio 👇",
        "RSVP link in bio",
        "Petition link in bio, please sign and share",
        "Event link in bio",
        "Webinar link in the bio",
        "Ticket link in bio for Saturday's reading",
        "Google Form link in bio",
        "Our new paper on soil carbon is out! Paper link in bio",
        "Survey link in bio: 10 minutes on remote work",
        "Link in bio to sign the petition",
        "link in bio to register",
        "Link in bio for the survey",
    ],
)
def test_a_link_in_bio_to_a_meeting_sign_up_cause_or_paper_is_not_self_promotion(text: str) -> None:
    # "Zoom link in bio" screened an account out as spam: a link named by what it leads to is no sale.
    assert spam(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "link in bio",
        "Link in my bio 💋",
        "New collection just dropped, shop link in bio",
        "link in bio for 20% off",
        "Link in bio to join my exclusive club",
        "Zoom link in bio. DM me for prices",
    ],
)
def test_a_link_in_bio_to_anything_else_is_still_self_promotion(text: str) -> None:
    assert (reason := spam(text)) is not None and reason.endswith("(self-promotion)"), reason


def test_spam_flags_few_real_posts_and_only_promotional_ones() -> None:
    # Read all 34 (distinct texts): airdrops and coin shilling, giveaways and contests, discount codes, "DM us to
    # claim", "send me money", "Buy 3K Followers", "my hot content": every one a sale, a contest or a scam.
    # Ordinary English posts hit before the patterns were narrowed: "give away positions", "love you to the moon
    # and back" (now 0).
    flagged = [post.text for post in _real_posts() if spam(post.text)]
    assert len(flagged) == 34, len(flagged)


# ---------------------------------------------------------------------------------------------------------------
# Sarcasm


@pytest.mark.parametrize(
    "text",
    [
        "Oh great, another Monday of grant rejections. Just what I needed 🙃",
        "Wow, reviewer 2 really loved our paper. Only asked for three new experiments. Fantastic.",
        "Thanks a lot, the deadline moved up a week",
        "Love it when the cluster is broken the night before the deadline",
        # Real posts: the writer's own marker.
        "@MoMo_MCMLXXVII @GFPhilosophy Thanks for being constructive. /s",
        "@RT_com Crazy Jews! #sarcasm",
    ],
)
def test_ironic_praise_about_a_setback_or_a_marker_reads_as_sarcasm(text: str) -> None:
    assert sarcasm(text) is not None
    assert "reply" not in _openers(_post("1", text))


@pytest.mark.parametrize(
    "text",
    [
        "Wow! Our paper was accepted at ICA, so happy",
        "Great, see you all at the workshop on Friday!",
        "Our paper was rejected. Onwards to the next journal.",
        "Fantastic talk by @ada on deadlines and delays in peer review",
        "Yay! Thanks community. We have 1300 followers now.",
        "Yas! Good morning queen! Happy Pride 🌈 Month 🙃",
        "What a delay, but the results are great.",
    ],
)
def test_praise_alone_or_a_setback_alone_is_not_sarcasm(text: str) -> None:
    assert sarcasm(text) is None


def test_the_sarcasm_cues_hit_no_sincere_real_post() -> None:
    # Measured on the 8,290 distinct real English texts: ironic praise alone occurs in 10, a setback word in 107,
    # both together in none; the 5 posts hit all carry the writer's "/s" or "#sarcasm" and all read as sarcastic.
    # The rule is conservative: it misses unmarked sarcasm without a setback word ("... state news company. Great").
    flagged = [post.text for post in _real_posts() if _english(post) and sarcasm(post.text)]
    assert len(flagged) == 5, flagged
    assert all(re.search(r"(?:/s|#sarcasm)\s*$", text.strip()) for text in flagged), flagged


# ---------------------------------------------------------------------------------------------------------------
# Replies and shares, and accounts


def test_spam_and_sexual_posts_get_no_reply_or_share_but_the_accounts_other_posts_do() -> None:
    openers = _openers(
        _post("1", "Dear community, we are happy to announce DOLPHINS FINANCE! with an airdrop campaign!"),
        _post("2", "Starting off the weekend right in my teeny pink bikini all slippery 💦", hours_ago=3),
        _post("3", "Excited to share our guide to running SQLite in production: WAL mode and backups", hours_ago=4),
    )
    assert openers["reply"].post_id == "3", openers["reply"]
    assert "share" not in openers or openers["share"].post_id == "3", openers["share"]


def test_an_account_of_mostly_spam_or_sexual_posts_is_screened_out_with_its_reason() -> None:
    airdrops = [
        _post("1", "Safesol Finance Airdrop is Live! Join our airdrop"),
        _post("2", "RT @promotionfairy: DOLPHINS FINANCE! with an airdrop campaign!", reposted_post_id="900"),
        _post("3", "Good morning everyone", hours_ago=5),
    ]
    assert unwelcome_account(airdrops, "42") == ("spam", "2 of 3 recent posts spam: says “airdrop” (crypto)")
    sexual = [_post("1", "New set for you #nsfw #lewd"), _post("2", "hi")]
    assert unwelcome_account(sexual, "42") is None, "half is not most"
    sexual.append(_post("3", "Weekend mood #thiccgirls"))
    assert unwelcome_account(sexual, "42") == ("sexual_content", "2 of 3 recent posts sexual content: “nsfw”")
    one_sale = [_post("1", "Our new book is out, use code ICA21 for 30% off"), _post("2", "Great keynote today")]
    one_sale.append(_post("3", "Reading group at 4pm: chapter 2"))
    assert unwelcome_account(one_sale, "42") is None, "one promotion among ordinary posts is no spam account"
    hostile = [_post("1", "@someone delete your account"), _post("2", "@someone I hope you die a slow death")]
    assert unwelcome_account(hostile, "42") == (
        "hostile",
        "2 of 2 recent posts hostile: says “delete your account” (dismissal)",
    )


def test_the_cli_screens_out_a_spam_account_with_its_reason() -> None:
    posts = [
        _post("1", "DM us to claim your Day 8 $HAPPY Billion! 💛", author="7"),
        _post("2", "RT @the_happy_coin: DM us to claim your Day 8 $HAPPY Billion!", author="7", reposted_post_id="900"),
    ]
    users = {"7": NetworkAccount(id="7", handle="happy", name="Happy")}
    [result] = write_openers(posts, users)
    assert result.screened_out == "spam: 2 of 2 recent posts spam: says “dm us to claim” (self-promotion)"
    assert result.openers == ()


def test_the_digest_screens_out_a_sexual_content_account_with_its_reason_code() -> None:
    from bot.discovery.checks import CheckResult
    from bot.discovery.rank import RankedCandidate
    from bot.pipeline import Candidate, _unwelcome  # pyright: ignore[reportPrivateUsage]

    def candidate(account_id: str, texts: list[str]) -> Candidate:
        return Candidate(
            ranked=RankedCandidate(account=account_id, score=1.0, followed_by=(), follows_team=False),
            account=NetworkAccount(id=account_id, handle=f"h{account_id}", name="N"),
            check=CheckResult(account_id, True, (), "", bot_score=0.0, last_post_at=None, lifetime_posts_per_day=1.0),
            posts=tuple(_post(str(n), text, author=account_id) for n, text in enumerate(texts)),
        )

    screened = _unwelcome(
        [
            candidate("1", ["Happy Donut Day! #furryartist #nsfw", "New commission #lewd #nsfw", "hi"]),
            candidate("2", ["Sex differences in academic promotion: our new paper", "Seminar at 4pm"]),
        ]
    )
    assert screened == {"1": ("sexual_content", "2 of 3 recent posts sexual content: “nsfw”")}


@pytest.mark.parametrize(
    "text",
    [
        # attack12, read in bench.openers' drafts: a collapse on the pitch described clinically, and an atrocity
        # told without a lexicon word.
        "Eriksen went into Ventricular Tachycardia/Fibrillation, a highly unorganized electrical rhythm of the heart "
        "that precedes a cardiac arrest.",
        "There is no amount of reconciliation that will ever account for the thousands of Indigenous children that "
        "settler states have disappeared.",
    ],
)
def test_a_medical_emergency_or_people_disappeared_is_sensitive(text: str) -> None:
    from bot.openers.tone import sensitive_term

    assert sensitive_term(text) is not None
