"""Openers over real posts: would a person send these drafts?

Runs the openers CLI's core (:func:`bot.openers.cli.write_openers`) over every real post in ../shared/data/tweets:
the RumourEval 2017 train/dev threads (v1.1-style JSON, converted here to X API v2 post and user objects; the data
stays where it is) and the academic v2 timelines. Every draft is written with its post to ``--drafts`` for a person
to read, and the figures are measured by checks written here, independent of the generator where possible:

* ``on_sensitive``: reply/share drafts whose post, or a post above it in its thread (followed through the dataset's
  own reply links), names death, violence, disaster, grief or an attack, judged with :data:`STRICT_SENSITIVE`, a
  stricter list than the generator's (it adds police, weapons, prayers, sadness ... words that mark a tragedy's
  thread but are too broad for the generator to drop posts by), or whose thread belongs to one of the tragedies the
  dataset itself names (:data:`TRAGEDY_EVENTS`, its ``event`` field): every thread of those counts, whatever its
  words.
* ``sensitive_topic_hellos``: hellos whose topic phrase occurs in one of the account's posts that list marks, or
  whose wording does.
* ``mixed_language``: drafts quoting a phrase from, or two adjacent words of, a post the *data* tags with another
  language than English (X's own ``lang``), or hellos whose phrase occurs only in such posts.
* ``raw_markup``: drafts with an HTML entity, a bare "amp", a hashtag, a link, or angle brackets.
* ``bad_phrases``: quoted phrases that are not whole words of their source, start or end with a closed-class word
  (:data:`CLOSED_CLASS`), end in a past-tense "-ed" form, hold a handle, link, hashtag or "amp", or have no letter;
  a name the source quotes whole (a title in quotation marks) counts only for the markup and handles.
* ``same_phrase_everywhere``: accounts with two or more openers that all quote the same phrase.
* ``max_template_share``: the largest share of all drafts with one skeleton (the draft with handles and the quoted
  phrase blanked out), measured on the drafts, not on the generator's template ids.

    python -m bench.openers [--data ../shared/data/tweets] [--drafts openers-drafts.jsonl]
"""

from __future__ import annotations

import argparse
import gzip
import html
import itertools
import json
import re
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.networks.x import parse_account, parse_post
from bot.openers import warm_up
from bot.openers.cli import write_openers

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from bot.networks.base import NetworkPost
    from bot.openers import Opener

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "tweets"
RUMOUREVAL = "rumoureval2017_traindev.tweets.jsonl.gz"
ACADEMIC_POSTS = "academictwitter_v2_tweets.jsonl.gz"
ACADEMIC_USERS = "academictwitter_v2_users.jsonl.gz"
V1_TIME = "%a %b %d %H:%M:%S %z %Y"
TRAGEDY_EVENTS = frozenset({"charliehebdo", "germanwings-crash", "ottawashooting", "sydneysiege", "ferguson"})
"""RumourEval's events that are attacks, crashes or deaths (the others are a concert rumour, Putin's absence and a
footballer's Ebola rumour)."""

STRICT_SENSITIVE = re.compile(
    r"(?i)\b(?:dead|death|deaths|die|died|dies|dying|kill\w*|murder\w*|slain|massacre\w*|genocide|suicide|fatal\w*|"
    r"deadly|funeral\w*|rip|condolence\w*|mourn\w*|grie\w*|tragic\w*|traged\w*|shoot\w*|shot|shots|guns?|gunm[ae]n|"
    r"gunfire|gunshots?|gunned|"
    r"armed|weapon\w*|stab|stabb\w*|bomb\w*|explo(?:de|ded|sions?|sives?)|attack\w*|terror\w*|hostage\w*|siege|jihad\w*|isis|extremis\w*|"
    r"militant\w*|soldier\w*|war|wounded|injur\w*|casualt\w*|victim\w*|survivors?|abus\w*|rape\w*|assault\w*|"
    r"violen\w*|brutal\w*|riot\w*|tear ?gas|police|cops?|police officers?|suspects|the suspect|crash\w*|wreck\w*|"
    r"earthquake\w*|tsunami|hurricane\w*|flood\w*|wildfire\w*|disaster\w*|ebola|epidemic\w*|pandemic\w*|cancer|"
    r"overdose\w*|pray\w*|heartbr\w*|horrif\w*|horrible|devastat\w*|sad|sadly|rest in peace|passed away)\b"
)
FOREIGN_HOMOGRAPHS = frozenset({"die", "dies", "war", "rip", "sad", "gun", "guns", "cop", "cops", "shot", "armed"})
_CLOSED_CLASS_TEXT = """
    a an the this that these those my your his her its our their me you him us them i we he she it they and or but
    nor so yet if of in on at by for with about from to into onto over under than as is are was were be been being am
    do does did have has had will would can could should may might must not no very just really also too still
    already earlier later here there now then what which who whom whose when where why how some any all each every
    much many more most few
"""
CLOSED_CLASS = frozenset(_CLOSED_CLASS_TEXT.split())
MARKUP = re.compile(r"(?i)&(?:[a-z]{2,8}|#\d+);|\bamp\b|(?<![\w&])#\w|https?://|www\.|[<>]")
HANDLE = re.compile(r"@\w{1,15}")


def _read(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def rumoureval_as_v2(path: Path) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]], dict[str, str]]:
    """RumourEval tweets as X API v2 post and user objects, and each post's thread source id."""
    tweets = list(_read(path))
    replies = Counter(str(tweet["in_reply_to_status_id"]) for tweet in tweets if tweet.get("in_reply_to_status_id"))
    posts: list[dict[str, Any]] = []
    users: dict[str, dict[str, Any]] = {}
    threads: dict[str, str] = {}
    for tweet in tweets:
        user = tweet["user"]
        created = datetime.strptime(tweet["created_at"], V1_TIME).isoformat().replace("+00:00", "Z")
        post: dict[str, Any] = {
            "id": str(tweet["id"]),
            "author_id": str(user["id_str"]),
            "created_at": created,
            "conversation_id": str(tweet["thread_id"]),
            "text": tweet["text"],
            "lang": tweet.get("lang"),
            "public_metrics": {
                "retweet_count": tweet.get("retweet_count", 0),
                "like_count": tweet.get("favorite_count", 0),
                "reply_count": replies[str(tweet["id"])],
                "quote_count": 0,
            },
            "entities": {"mentions": [{"id": m["id"], "username": m["screen_name"]} for m in tweet["mentions"]]},
        }
        if tweet.get("in_reply_to_status_id"):
            post["referenced_tweets"] = [{"type": "replied_to", "id": str(tweet["in_reply_to_status_id"])}]
            post["in_reply_to_user_id"] = str(tweet["in_reply_to_user_id"])
        posts.append(post)
        threads[post["id"]] = str(tweet["thread_id"])
        users[str(user["id_str"])] = {
            "id": str(user["id_str"]),
            "username": user["screen_name"],
            "name": user["screen_name"],
            "created_at": datetime.strptime(user["created_at"], V1_TIME).isoformat().replace("+00:00", "Z"),
            "verified": user.get("verified", False),
            "public_metrics": {
                "followers_count": user.get("followers_count", 0),
                "following_count": user.get("friends_count", 0),
                "tweet_count": user.get("statuses_count", 0),
                "listed_count": user.get("listed_count", 0),
            },
        }
    return posts, users, threads


def tragedy_threads(path: Path) -> frozenset[str]:
    """Thread ids of the RumourEval threads whose ``event`` is one of :data:`TRAGEDY_EVENTS`."""
    return frozenset(str(tweet["thread_id"]) for tweet in _read(path) if tweet.get("event") in TRAGEDY_EVENTS)


def _thread_posts(post: NetworkPost, by_id: Mapping[str, NetworkPost], threads: Mapping[str, str]) -> list[NetworkPost]:
    """The post and the posts above it: its reply chain in the data, and its thread's source post."""
    posts = [post]
    parent_id, seen = post.replied_to_post_id or post.quoted_post_id, {post.id}
    while parent_id and parent_id in by_id and parent_id not in seen:
        seen.add(parent_id)
        posts.append(by_id[parent_id])
        parent_id = by_id[parent_id].replied_to_post_id or by_id[parent_id].quoted_post_id
    source = threads.get(post.id)
    if source is not None and source in by_id:
        posts.append(by_id[source])
    return posts


def _strictly_sensitive(text: str, lang: str | None = None) -> bool:
    """Whether :data:`STRICT_SENSITIVE` finds a word in ``text``; in a post the data tags with another language,
    the short words that are other words there (:data:`FOREIGN_HOMOGRAPHS`: the German article "die") don't count."""
    foreign = lang not in (None, "en", "und")
    return any(
        not (foreign and found.group(0).casefold() in FOREIGN_HOMOGRAPHS)
        for found in STRICT_SENSITIVE.finditer(html.unescape(text))
    )


def _bad_phrase(phrase: str, sources: list[str]) -> bool:
    words = phrase.split()
    decoded = [" ".join(html.unescape(text).casefold().split()) for text in sources]
    if not any(re.search(r"(?<!\w)" + re.escape(phrase.casefold()) + r"(?!\w)", text) for text in decoded):
        return True
    quotation = re.compile(r"[“\"«]\s*" + re.escape(phrase.casefold()) + r"\s*[”\"»]")
    if any(quotation.search(text) for text in decoded):
        # A name the post quotes whole (a title: "How Dare You Want More") may start or end on any word.
        return bool(MARKUP.search(phrase) or HANDLE.search(phrase))
    if words[0].casefold() in CLOSED_CLASS or words[-1].casefold() in CLOSED_CLASS:
        return True
    if len(words[-1]) > 4 and words[-1].casefold().endswith("ed"):
        return True
    return bool(MARKUP.search(phrase) or HANDLE.search(phrase) or not any(char.isalpha() for char in phrase))


def _skeleton(draft: str, phrase: str | None) -> str:
    if phrase:
        draft = draft.replace(phrase, "{P}")
    return HANDLE.sub("@X", draft)


def _flags(
    opener: Opener,
    target: NetworkPost | None,
    own: list[NetworkPost],
    bio: str,
    by_id: Mapping[str, NetworkPost],
    threads: Mapping[str, str],
    data_lang: Mapping[str, str | None],
    tragedies: frozenset[str] = frozenset(),
) -> list[str]:
    """The measured faults of one draft (names of the figures it counts towards), see the module docstring."""
    flags: list[str] = []
    if MARKUP.search(HANDLE.sub(" ", opener.draft)):
        flags.append("raw_markup")
    if target is not None:
        in_tragedy = threads.get(target.id) in tragedies
        above = _thread_posts(target, by_id, threads)
        if in_tragedy or any(_strictly_sensitive(post.text, data_lang.get(post.id)) for post in above):
            flags.append("on_sensitive")
        foreign = data_lang.get(target.id) not in (None, "en", "und")
        if foreign and (opener.phrase or _adjacent_pair_shared(opener.draft, target.text)):
            flags.append("mixed_language")
    if opener.kind == "hello":
        holding = [p for p in own if opener.phrase and opener.phrase.casefold() in html.unescape(p.text).casefold()]
        holding_sensitive = any(_strictly_sensitive(p.text, data_lang.get(p.id)) for p in holding)
        if _strictly_sensitive(HANDLE.sub(" ", opener.draft)) or holding_sensitive:
            flags.append("sensitive_topic_hellos")
        only_foreign = all(data_lang.get(p.id) not in (None, "en", "und") for p in holding)
        if holding and only_foreign and opener.phrase and opener.phrase.casefold() not in bio.casefold():
            flags.append("mixed_language")
    if opener.phrase:
        sources = [target.text] if target is not None else [bio, *(p.text for p in own)]
        if _bad_phrase(opener.phrase, sources):
            flags.append("bad_phrases")
    return flags


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Openers over real posts: would a person send these drafts?")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the folder with the tweets files")
    parser.add_argument("--drafts", type=Path, default=Path("openers-drafts.jsonl"), help="where to write drafts")
    args = parser.parse_args(argv)
    warm_up()  # the models' one-off import is not part of the figures
    started = time.perf_counter()

    rumour_posts, rumour_users, threads = rumoureval_as_v2(args.data / RUMOUREVAL)
    tragedies = tragedy_threads(args.data / RUMOUREVAL)
    raw_posts = [*rumour_posts, *_read(args.data / ACADEMIC_POSTS)]
    for raw in raw_posts:
        if isinstance(raw.get("mentions"), list) and "entities" not in raw:
            raw["entities"] = {"mentions": raw["mentions"]}
    data_lang = {str(raw["id"]): raw.get("lang") for raw in raw_posts}
    posts = [parse_post(raw) for raw in raw_posts]
    users = {user["id"]: parse_account(user) for user in _read(args.data / ACADEMIC_USERS)}
    users.update({key: parse_account(user) for key, user in rumour_users.items()})
    by_id = {post.id: post for post in posts}

    results = write_openers(posts, users)

    counts: Counter[str] = Counter()
    skeletons: Counter[str] = Counter()
    by_author: dict[str, list[NetworkPost]] = {}
    for post in posts:
        by_author.setdefault(post.author_id, []).append(post)
    with args.drafts.open("w", encoding="utf-8") as out:
        for result in results:
            counts["screened_out"] += result.screened_out is not None
            own = by_author[result.account]
            bio = users[result.account].bio if result.account in users else ""
            for opener in result.openers:
                counts["drafts"] += 1
                counts[opener.kind] += 1
                skeletons[_skeleton(opener.draft, opener.phrase)] += 1
                target = by_id.get(opener.post_id or "")
                flags = _flags(opener, target, own, bio, by_id, threads, data_lang, tragedies)
                counts.update(flags)
                record = {
                    "account": result.account,
                    "handle": users[result.account].handle,
                    "kind": opener.kind,
                    "draft": opener.draft,
                    "phrase": opener.phrase,
                    "why": opener.why,
                    "post": html.unescape(target.text) if target is not None else None,
                    "intent_url": opener.intent_url,
                    "flags": flags,
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            phrases = [opener.phrase for opener in result.openers]
            if len(phrases) >= 2 and phrases[0] and len(set(phrases)) == 1:
                counts["same_phrase_everywhere"] += 1

    drafts = counts["drafts"]
    share = max(skeletons.values()) / drafts if drafts else 0.0
    print(
        f"posts={len(posts)} replies={counts['reply']} hellos={counts['hello']} shares={counts['share']} "
        f"screened_out={counts['screened_out']} skeletons={len(skeletons)} "
        f"seconds={time.perf_counter() - started:.1f} drafts_file={args.drafts}",
        file=sys.stderr,
    )
    print(
        f"accounts={len(results)} drafts={drafts} on_sensitive={counts['on_sensitive']} "
        f"sensitive_topic_hellos={counts['sensitive_topic_hellos']} mixed_language={counts['mixed_language']} "
        f"raw_markup={counts['raw_markup']} bad_phrases={counts['bad_phrases']} "
        f"same_phrase_everywhere={counts['same_phrase_everywhere']} max_template_share={share:.3f}"
    )
    return 0


def _adjacent_pair_shared(draft: str, source: str) -> bool:
    source_words = re.findall(r"\w+", html.unescape(source).casefold())
    pairs = set(itertools.pairwise(source_words))
    draft_words = re.findall(r"\w+", draft.casefold())
    return any(pair in pairs for pair in itertools.pairwise(draft_words))


if __name__ == "__main__":
    sys.exit(main())
