"""``python -m bot openers``: write Circlebot's openers for exported X data, to try its voice on your own posts.

Input: ``--posts`` and ``--users`` hold X API v2 post and user objects, one JSON object a line (``.gz`` is fine),
in either of X's vocabularies (``referenced_tweets``/``retweet_count``/``tweet_count`` or ``referenced_posts``/
``repost_count``/``post_count``). Posts are grouped by author; every author is one account. Output: one line per
account, ``{"account": ID, "screened_out": REASON|null, "language": CODE|null, "openers": [{"kind", "draft",
"post_id", "intent_url", "why"}]}``, in the order the accounts first appear.

Each account is judged as of its newest post (``--now`` fixes one moment for all instead), so an old export still
gets replies to its recent posts. Every input line is read and checked before anything is written: a bad line
gives a one-line error naming the file and line, exit code 2, and no output file. A ``username`` that is not an X
username (1–15 letters, digits or ``_``), or such a ``--seed``, is refused the same way: a draft mentions exactly
the account it names, never a cut or repaired spelling of it, which would be someone else.
"""

from __future__ import annotations

import gzip
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.errors import InvalidHandle
from bot.inputs import clean_for_message, parse_handle
from bot.networks.x import parse_account, parse_post, parse_time
from bot.openers.context import Opener, OpenerContext
from bot.openers.language import main_language
from bot.openers.templates import TemplateUse, template_openers
from bot.openers.tone import sensitive_conversations, unwelcome_account
from bot.text import is_username

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator, Sequence
    from datetime import datetime

    from bot.networks.base import NetworkAccount, NetworkPost

INPUT_ERROR = 2
# The post vocabulary's spellings -> the tweet vocabulary's, which the parsers read.
_POST_TO_TWEET_KEYS = {
    "referenced_posts": "referenced_tweets",
    "most_recent_post_id": "most_recent_tweet_id",
    "repost_count": "retweet_count",
    "post_count": "tweet_count",
}


class InputError(ValueError):
    """An input line that cannot be used; the message names the file and line."""


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
    parser.add_argument("--topics", default="", help="the team's topics, comma-separated")
    parser.add_argument("--follows-team", default="", help="ids of accounts that already follow the team")
    parser.add_argument("--language", default="en", help="the team's language (default en)")
    parser.add_argument("--now", default=None, help="judge every account at this ISO time (default: its newest post)")
    parser.add_argument("--out", required=True, type=Path, help="where to write the JSON lines")


def _normalized(value: Any) -> Any:
    if isinstance(value, dict):
        return {_POST_TO_TWEET_KEYS.get(key, key): _normalized(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalized(item) for item in value]
    return value


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        opened: TextIO = (
            gzip.open(path, "rt", encoding="utf-8")  # noqa: SIM115 - closed by the with below
            if path.suffix == ".gz"
            else path.open(encoding="utf-8")
        )
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None
    with opened:
        for number, line in enumerate(opened, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except ValueError:
                raise InputError(f"{path}:{number}: not a JSON object") from None
            if not isinstance(value, dict):
                raise InputError(f"{path}:{number}: not a JSON object")
            yield number, _normalized(value)


def read_posts(path: Path) -> list[NetworkPost]:
    """Every post of the file; raises :class:`InputError` for a line without ``id``/``author_id``/``text``."""
    posts: list[NetworkPost] = []
    for number, value in _lines(path):
        if not all(value.get(key) for key in ("id", "author_id")) or not isinstance(value.get("text"), str):
            raise InputError(f"{path}:{number}: a post needs id, author_id and text")
        if isinstance(value.get("mentions"), list) and "entities" not in value:
            value["entities"] = {"mentions": value["mentions"]}  # some exports flatten the entities
        try:
            posts.append(parse_post(value))
        except (ValueError, TypeError, KeyError) as error:
            raise InputError(f"{path}:{number}: {error}") from None
    return posts


def read_users(path: Path) -> dict[str, NetworkAccount]:
    """Every user of the file by id; raises :class:`InputError` for a line without ``id`` or whose ``username`` is
    not an X username (:func:`bot.text.is_username`)."""
    users: dict[str, NetworkAccount] = {}
    for number, value in _lines(path):
        if not value.get("id"):
            raise InputError(f"{path}:{number}: a user needs an id")
        username = value.get("username")
        if not username:
            raise InputError(f"{path}:{number}: a user needs a username (X allows 1–15 letters, digits or _)")
        if not isinstance(username, str) or not is_username(username):
            raise InputError(
                f"{path}:{number}: the username “{clean_for_message(str(username))}” is not an X username"
                " (X allows 1–15 letters, digits or _)"
            )
        try:
            users[str(value["id"])] = parse_account(value)
        except (ValueError, TypeError, KeyError) as error:
            raise InputError(f"{path}:{number}: {error}") from None
    return users


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
            why = f"the username “{clean_for_message(account.handle)}” is not an X username"
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
    """The command: read, write every line, or print one error and exit 2 without writing."""
    try:
        now = parse_time(args.now) if args.now else None
    except ValueError:
        print(f"--now: not an ISO time: {args.now}", file=sys.stderr)
        return INPUT_ERROR
    try:
        # The same rule as a seed added in Discord: @name, name or a profile link, and never a cut handle.
        seed = parse_handle(args.seed) if args.seed else None
    except InvalidHandle as error:
        print(f"--seed: {error.message}", file=sys.stderr)
        return INPUT_ERROR
    try:
        posts = read_posts(args.posts)
        users = read_users(args.users)
    except InputError as error:
        print(error, file=sys.stderr)
        return INPUT_ERROR
    results = write_openers(
        posts,
        users,
        seed=seed,
        topics=[topic.strip() for topic in args.topics.split(",") if topic.strip()],
        follows_team=frozenset(part.strip() for part in args.follows_team.split(",") if part.strip()),
        language=args.language,
        now=now,
    )
    with args.out.open("w", encoding="utf-8") as out:
        for result in results:
            out.write(json.dumps(result.as_json(), ensure_ascii=False) + "\n")
    screened = sum(1 for result in results if result.screened_out)
    drafts = sum(len(result.openers) for result in results)
    print(f"{len(results)} accounts, {screened} screened out, {drafts} drafts -> {args.out}", file=sys.stderr)
    return 0
