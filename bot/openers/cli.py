"""``python -m bot openers``: write Circlebot's openers for exported X data, to try its voice on your own posts.

Input: ``--posts`` and ``--users`` hold X API v2 post and user objects, one JSON object a line (``.gz`` is fine),
in either of X's vocabularies (``referenced_tweets``/``retweet_count``/``tweet_count`` or ``referenced_posts``/
``repost_count``/``post_count``). Posts are grouped by author; every author is one account. Output: one line per
account, ``{"account": ID, "screened_out": REASON|null, "language": CODE|null, "openers": [{"kind", "draft",
"post_id", "intent_url", "why"}]}``, in the order the accounts first appear.

Each account is judged as of its newest post (``--now`` fixes one moment for all instead), so an old export still
gets replies to its recent posts. Every option and every input line is read and checked before anything is written:
a bad one gives a one-line error (naming the file and line), exit code 2, and no output file (an existing one is
left as it was). Refused: a line that is not UTF-8 or not a JSON object (a byte order mark is fine), a ``.gz`` that
is not gzip, an id that is not an X id (digits), a field of the wrong JSON type (``public_metrics`` a string), a
``created_at`` or ``--now`` that is no ISO 8601 time, a ``--language`` that is no language code (``en``, ``de-AT``
and ``cy`` are), a ``--follows-team`` entry that is not an X
id, a ``--topics`` entry that is empty or a handle, hashtag or link (topics are words), and an ``--out`` that is a
directory, in a missing directory, or one of the input files. A ``username`` that is not an X username (1–15
letters, digits or ``_``), or such a ``--seed``, is refused the same way: a draft mentions exactly the account it
names, never a cut or repaired spelling of it, which would be someone else. Messages show invisible characters as
escapes (``good\\u200buser``), so a name that only looks valid is seen for what it is.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.errors import InvalidHandle
from bot.inputs import INVISIBLE, InvalidInput, parse_handle, parse_keywords
from bot.networks.x import parse_account, parse_post, parse_time
from bot.openers.context import Opener, OpenerContext
from bot.openers.language import main_language
from bot.openers.templates import TemplateUse, template_openers
from bot.openers.tone import sensitive_conversations, unwelcome_account
from bot.text import BARE_DOMAIN, HASHTAG, MENTION, URL, is_username

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator, Mapping, Sequence
    from datetime import datetime
    from io import BufferedIOBase

    from bot.networks.base import NetworkAccount, NetworkPost

INPUT_ERROR = 2
# The post vocabulary's spellings -> the tweet vocabulary's, which the parsers read.
_POST_TO_TWEET_KEYS = {
    "referenced_posts": "referenced_tweets",
    "most_recent_post_id": "most_recent_tweet_id",
    "repost_count": "retweet_count",
    "post_count": "tweet_count",
}
X_ID = re.compile(r"[0-9]{1,19}")
"""An X id as text: digits only (a 64-bit number; X API v2's ``UserId`` and ``TweetId`` are ``^[0-9]{1,19}$``)."""
LANGUAGE_CODE = re.compile(r"(?P<primary>[A-Za-z]{2,3})(?:[-_][A-Za-z]{4})?(?:[-_](?:[A-Za-z]{2}|[0-9]{3}))?")
"""A BCP 47 language tag as far as the CLI takes one: a primary subtag, then optionally a script and a region
("en", "en-GB", "zh-Hant-TW", "es-419")."""
_ID = (str, int)
# The fields of X's objects the parsers read besides id/author_id/text/username, and the JSON types each may have
# (null counts as absent). One of another type is refused rather than read as something it is not.
_POST_FIELDS: dict[str, tuple[type, ...]] = {
    "created_at": (str,),
    "lang": (str,),
    "conversation_id": _ID,
    "in_reply_to_user_id": _ID,
    "referenced_tweets": (list,),
    "entities": (dict,),
    "mentions": (list,),
    "public_metrics": (dict,),
}
_USER_FIELDS: dict[str, tuple[type, ...]] = {
    "name": (str,),
    "description": (str,),
    "location": (str,),
    "url": (str,),
    "profile_image_url": (str,),
    "created_at": (str,),
    "most_recent_tweet_id": _ID,
    "protected": (bool,),
    "verified": (bool,),
    "public_metrics": (dict,),
}
_JSON_TYPE_NAMES = {
    dict: "an object",
    list: "a list",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true or false",
}
PATH_LIMIT = 4096  # a path is quoted whole (Linux's PATH_MAX)
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


class InputError(ValueError):
    """An option or input line that cannot be used; the message names the option, or the file and line."""


def shown(raw: object, limit: int = 60) -> str:
    """``raw`` (a string, or anything else as ``str()`` gives it) to quote in a message, every character that
    draws nothing or moves the text (controls, format characters such as U+200B, blank fillers, spaces other than
    " ") written as an escape: "good\\u200buser" rather than a "gooduser" that looks like a valid name. At most
    ``limit`` characters."""
    text = raw if isinstance(raw, str) else str(raw)
    parts: list[str] = []
    for char in text:
        if char == " " or (char.isprintable() and char not in INVISIBLE):
            parts.append(char)
        else:
            parts.append(
                _ESCAPES.get(char) or (f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
            )
    joined = "".join(parts)
    return joined if len(joined) <= limit else joined[: limit - 1] + "…"


def _path(path: Path) -> str:
    """A path to quote in a message: whole, invisible characters as escapes (:func:`shown`)."""
    return shown(path, limit=PATH_LIMIT)


def _field(name: str) -> str:
    """A field as messages name it: in both of X's spellings where they differ ("referenced_tweets" ->
    "referenced_tweets/referenced_posts"), since the lines were read in either."""
    post_spelling = next((post for post, tweet in _POST_TO_TWEET_KEYS.items() if tweet == name), None)
    return f"“{name}/{post_spelling}”" if post_spelling else f"“{name}”"


def _json_type(value: object) -> str:
    return next((name for kind, name in reversed(_JSON_TYPE_NAMES.items()) if isinstance(value, kind)), "null")


def _has_type(value: object, kinds: tuple[type, ...]) -> bool:
    # JSON's true and false are no numbers, though Python's bool is an int.
    return isinstance(value, kinds) and (bool in kinds or not isinstance(value, bool))


def _is_x_id(value: object) -> bool:
    return _has_type(value, _ID) and X_ID.fullmatch(str(value)) is not None


def _not_an_id(where: str, field: str, value: object) -> InputError:
    return InputError(f"{where}: the {field} “{shown(value)}” is not an X id (X ids are digits, such as 2244994945)")


def _check_fields(value: Mapping[str, Any], fields: Mapping[str, tuple[type, ...]], where: str) -> None:
    """Raise :class:`InputError` for a field of ``fields`` whose value has another JSON type, or a ``created_at``
    that is no ISO 8601 time (one given but unreadable is a broken export, not a missing time)."""
    for field, kinds in fields.items():
        item = value.get(field)
        if item is None:
            continue
        if not _has_type(item, kinds):
            wanted = " or ".join(dict.fromkeys(_JSON_TYPE_NAMES[kind] for kind in kinds))
            raise InputError(f"{where}: {_field(field)} should be {wanted}, not {_json_type(item)}")
    created = value.get("created_at")
    if isinstance(created, str) and parse_time(created) is None:
        raise InputError(f"{where}: “created_at” “{shown(created)}” is not an ISO 8601 time")


@dataclass(frozen=True)
class AccountOpeners:
    """One output line: the account, why it was screened out (or None), its main language, its openers."""

    account: str
    screened_out: str | None
    language: str | None
    openers: tuple[Opener, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "screened_out": self.screened_out,
            "language": self.language,
            "openers": [
                {
                    "kind": opener.kind,
                    "draft": opener.draft,
                    "post_id": opener.post_id,
                    "intent_url": opener.intent_url,
                    "why": opener.why,
                }
                for opener in self.openers
            ],
        }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--posts", required=True, type=Path, help="X API v2 post objects, one a line (.gz ok)")
    parser.add_argument("--users", required=True, type=Path, help="X API v2 user objects, one a line (.gz ok)")
    parser.add_argument("--seed", default=None, help="a seed handle to mention in hellos (name, @name or profile link)")
    parser.add_argument(
        "--topics", default="", help="the team's topics, comma-separated words (not handles, hashtags or links)"
    )
    parser.add_argument(
        "--follows-team", default="", help="X ids (digits) of accounts that already follow the team, comma-separated"
    )
    parser.add_argument("--language", default="en", help="the team's language code, such as en or de-AT (default en)")
    parser.add_argument(
        "--now", default=None, help="judge every account at this ISO 8601 time (default: its newest post)"
    )
    parser.add_argument("--out", required=True, type=Path, help="where to write the JSON lines")


# -- options -------------------------------------------------------------------------------------------------------


def parse_now(raw: str) -> datetime:
    """``--now``: an ISO 8601 date or time ("2024-05-10", "2024-05-10 12:00", "2024-05-10T12:00:00Z"), UTC when it
    names no offset. Raises :class:`InputError` for anything else, "" included."""
    now = parse_time(raw.strip())
    if now is None:
        raise InputError(
            f"--now: “{shown(raw)}” is not an ISO 8601 time; give one such as 2024-05-10, 2024-05-10 12:00 or"
            " 2024-05-10T12:00:00Z"
        )
    return now


def parse_seed(raw: str) -> str:
    """``--seed``: the same rule as a seed added in Discord (@name, name or a profile link, never a cut handle)."""
    try:
        return parse_handle(raw)
    except InvalidHandle as error:
        raise InputError(f"--seed: {error.message}") from None


def parse_language(raw: str) -> str:
    """``--language``: a language code (:data:`LANGUAGE_CODE`), as its primary subtag ("en-GB" -> "en", "cy" ->
    "cy"); raises :class:`InputError` for a name ("english"), a number or "". Any well-formed ISO 639 code is taken,
    named or not in :data:`~bot.openers.language.LANGUAGE_NAMES`: X tags posts in languages no short list holds
    (a fresh attacker's Welsh, Irish, Tamil and Swahili were refused when only named ones were taken)."""
    match = LANGUAGE_CODE.fullmatch(raw.strip())
    if match is None:
        raise InputError(
            f"--language: “{shown(raw)}” is not a language code; give one such as en, de, fr, es, cy or en-GB"
        )
    return match["primary"].casefold()


def parse_follows_team(raw: str) -> frozenset[str]:
    """``--follows-team``: comma-separated X ids (digits); "" is none. Raises :class:`InputError` for an empty entry
    or one that is not an X id (a handle would silently match nobody)."""
    if not raw.strip():
        return frozenset()
    ids: set[str] = set()
    for number, part in enumerate(raw.split(","), start=1):
        entry = part.strip()
        if not entry:
            raise InputError(f"--follows-team: entry {number} is empty; separate X ids with single commas")
        if X_ID.fullmatch(entry) is None:
            raise InputError(
                f"--follows-team: “{shown(entry)}” is not an X id; give the accounts' ids (digits, such as"
                " 2244994945), not their handles or names"
            )
        ids.add(entry)
    return frozenset(ids)


def parse_topics(raw: str) -> tuple[str, ...]:
    """``--topics``: comma-separated words under the keyword rules of :func:`bot.inputs.parse_keywords`; "" is none.
    Raises :class:`InputError` for an empty entry, or one that is or holds a handle, a hashtag or a link: a topic
    is matched against the words of posts, and "@ODI_Leeds" would make a handle a phrase of a draft."""
    if not raw.strip():
        return ()
    for number, part in enumerate(raw.split(","), start=1):
        topic = " ".join(part.split())
        if not topic:
            raise InputError(f"--topics: topic {number} is empty; separate topics with single commas")
        found = MENTION.search(topic) or HASHTAG.search(topic) or URL.search(topic) or BARE_DOMAIN.search(topic)
        if found is not None:
            kind = "a handle" if found.re is MENTION else "a hashtag" if found.re is HASHTAG else "a link"
            what = f"is {kind}" if found.group(0) == topic else f"holds {kind} ({shown(found.group(0))})"
            raise InputError(
                f"--topics: “{shown(topic)}” {what}; topics are words your team talks about (such as open data),"
                " not handles, hashtags or links"
            )
        if not any(char.isalnum() for char in topic):
            raise InputError(f"--topics: “{shown(topic)}” has no letter or digit")
    try:
        return parse_keywords(raw, label="--topics")
    except InvalidInput as error:
        message = error.message
        raise InputError(message if message.startswith("--topics") else f"--topics: {message}") from None


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:  # either is missing or unreadable: then they are not one file we could overwrite
        return False


def check_out(out: Path, inputs: Mapping[str, Path]) -> None:
    """Raise :class:`InputError` unless ``out`` can be written without losing anything: not a directory, in one
    that exists and may be written, and none of ``inputs`` (option -> path), which it would overwrite."""
    if out.is_dir():
        raise InputError(
            f"--out: {_path(out)} is a directory; give a file to write, such as {_path(out / 'openers.jsonl')}"
        )
    if not out.parent.is_dir():
        raise InputError(f"--out: the directory {_path(out.parent)} does not exist; create it or write elsewhere")
    for option, path in inputs.items():
        if _same_file(out, path):
            raise InputError(f"--out: {_path(out)} is the {option} file; writing there would overwrite it")
    if not os.access(out.parent, os.W_OK | os.X_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise InputError(f"--out: {_path(out)} cannot be written (permission denied)")


# -- input files ---------------------------------------------------------------------------------------------------


def _normalized(value: Any) -> Any:
    if isinstance(value, dict):
        return {_POST_TO_TWEET_KEYS.get(key, key): _normalized(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalized(item) for item in value]
    return value


def _text_lines(path: Path) -> Iterator[tuple[int, str]]:
    """The file's lines as text, numbered from 1; raises :class:`InputError` for a file that cannot be read, a
    ``.gz`` that is not gzip or is cut short, or a line that is not UTF-8. A byte order mark is skipped."""
    try:
        opened: BufferedIOBase = gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")  # noqa: SIM115
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None
    with opened:
        lines = iter(opened)
        number = 0
        while True:
            number += 1
            try:
                raw = next(lines, None)
            except gzip.BadGzipFile:
                raise InputError(f"{path}: not a gzip file, though its name ends in .gz") from None
            except (EOFError, zlib.error):
                raise InputError(f"{path}:{number}: the gzip file is cut short or damaged") from None
            except OSError as error:
                raise InputError(f"{path}: cannot read ({error.strerror or error})") from None
            if raw is None:
                return
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                raise InputError(
                    f"{path}:{number}: not UTF-8 text (byte {error.start + 1} of the line); save the file as UTF-8"
                ) from None
            yield number, text.removeprefix("\ufeff") if number == 1 else text


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in _text_lines(path):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError:
            raise InputError(f"{path}:{number}: not a JSON object") from None
        if not isinstance(value, dict):
            raise InputError(f"{path}:{number}: not a JSON object")
        yield number, _normalized(value)


def _check_objects(items: object, field: str, where: str) -> None:
    if items is not None and not (isinstance(items, list) and all(isinstance(item, dict) for item in items)):
        raise InputError(f"{where}: {_field(field)} should be a list of objects")


def read_posts(path: Path) -> list[NetworkPost]:
    """Every post of the file; raises :class:`InputError` for a line without ``id``/``author_id``/``text``, with an
    id that is not an X id, or with a field of the wrong type (:data:`_POST_FIELDS`)."""
    posts: list[NetworkPost] = []
    for number, value in _lines(path):
        where = f"{path}:{number}"
        if not all(value.get(key) for key in ("id", "author_id")) or not isinstance(value.get("text"), str):
            raise InputError(f"{where}: a post needs id, author_id and text")
        for field in ("id", "author_id"):
            if not _is_x_id(value[field]):
                raise _not_an_id(where, field, value[field])
        _check_fields(value, _POST_FIELDS, where)
        _check_objects(value.get("referenced_tweets"), "referenced_tweets", where)
        for reference in value.get("referenced_tweets") or []:
            if not isinstance(reference.get("type"), str) or not _is_x_id(reference.get("id")):
                raise InputError(f"{where}: each of {_field('referenced_tweets')} needs a type and an X id")
        _check_objects(value.get("mentions"), "mentions", where)
        _check_objects((value.get("entities") or {}).get("mentions"), "entities.mentions", where)
        if isinstance(value.get("mentions"), list) and "entities" not in value:
            value["entities"] = {"mentions": value["mentions"]}  # some exports flatten the entities
        try:
            posts.append(parse_post(value))
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise InputError(f"{where}: {error}") from None
    return posts


def read_users(path: Path) -> dict[str, NetworkAccount]:
    """Every user of the file by id; raises :class:`InputError` for a line without ``id``, with an id that is not an
    X id, whose ``username`` is not an X username (:func:`bot.text.is_username`) or with a field of the wrong type
    (:data:`_USER_FIELDS`)."""
    users: dict[str, NetworkAccount] = {}
    for number, value in _lines(path):
        where = f"{path}:{number}"
        if not value.get("id"):
            raise InputError(f"{where}: a user needs an id")
        if not _is_x_id(value["id"]):
            raise _not_an_id(where, "id", value["id"])
        username = value.get("username")
        if not username:
            raise InputError(f"{where}: a user needs a username (X allows 1–15 letters, digits or _)")
        if not isinstance(username, str) or not is_username(username):
            raise InputError(
                f"{where}: the username “{shown(username)}” is not an X username (X allows 1–15 letters, digits or _)"
            )
        _check_fields(value, _USER_FIELDS, where)
        try:
            users[str(value["id"])] = parse_account(value)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise InputError(f"{where}: {error}") from None
    return users


# -- openers -------------------------------------------------------------------------------------------------------


def write_openers(
    posts: Sequence[NetworkPost],
    users: dict[str, NetworkAccount],
    *,
    seed: str | None = None,
    topics: Sequence[str] = (),
    follows_team: frozenset[str] = frozenset(),
    language: str = "en",
    now: datetime | None = None,
) -> list[AccountOpeners]:
    """The openers for every author in ``posts`` (see the module docstring), one :class:`TemplateUse` for all. An
    author whose handle is not an X username gets none, with that reason: no draft may name a cut or repaired
    spelling of it. A ``seed`` that is not one is never mentioned (:func:`bot.text.clean_handle`)."""
    by_author: dict[str, list[NetworkPost]] = {}
    for post in posts:
        by_author.setdefault(post.author_id, []).append(post)
    known = {post.id: post for post in posts}
    sensitive_threads = sensitive_conversations(posts)
    used = TemplateUse()
    results: list[AccountOpeners] = []
    for author_id, own in by_author.items():
        newest_first = sorted(own, key=lambda post: (post.created_at, int(post.id) if post.id.isdigit() else 0))[::-1]
        account = users.get(author_id)
        language_seen = main_language(newest_first)
        if account is None:
            results.append(AccountOpeners(author_id, "no user object for this account", language_seen, ()))
            continue
        if not is_username(account.handle):
            # read_users refuses these; a caller passing accounts in gets no draft that names someone else.
            why = f"the username “{shown(account.handle)}” is not an X username"
            results.append(AccountOpeners(author_id, why, language_seen, ()))
            continue
        if (unwelcome := unwelcome_account(newest_first, author_id)) is not None:
            kind, why = unwelcome
            results.append(AccountOpeners(author_id, f"{kind.replace('_', ' ')}: {why}", language_seen, ()))
            continue
        context = OpenerContext(
            account=account,
            posts=newest_first,
            shared_seed_handles=[seed] if seed else [],
            topics=topics,
            follows_team=author_id in follows_team,
            language=language,
            known_posts=known,
            sensitive_threads=sensitive_threads,
        )
        openers = template_openers(context, now=now or newest_first[0].created_at, used=used)
        results.append(AccountOpeners(author_id, None, language_seen, tuple(openers)))
    return results


def run(args: argparse.Namespace) -> int:
    """The command: check every option and input, then write every line; or print one error and exit 2 without
    writing (an existing ``--out`` is left as it was)."""
    try:
        now = parse_now(args.now) if args.now is not None else None
        seed = parse_seed(args.seed) if args.seed is not None else None
        language = parse_language(args.language)
        topics = parse_topics(args.topics)
        follows_team = parse_follows_team(args.follows_team)
        check_out(args.out, {"--posts": args.posts, "--users": args.users})
        posts = read_posts(args.posts)
        users = read_users(args.users)
    except InputError as error:
        print(error, file=sys.stderr)
        return INPUT_ERROR
    results = write_openers(
        posts, users, seed=seed, topics=topics, follows_team=follows_team, language=language, now=now
    )
    text = "".join(json.dumps(result.as_json(), ensure_ascii=False) + "\n" for result in results)
    existed = args.out.exists()
    try:
        args.out.write_text(text, encoding="utf-8")
    except OSError as error:
        if not existed:
            with contextlib.suppress(OSError):
                args.out.unlink()
        print(f"--out: cannot write {_path(args.out)} ({error.strerror or error})", file=sys.stderr)
        return INPUT_ERROR
    screened = sum(1 for result in results if result.screened_out)
    drafts = sum(len(result.openers) for result in results)
    print(f"{len(results)} accounts, {screened} screened out, {drafts} drafts -> {args.out}", file=sys.stderr)
    return 0
