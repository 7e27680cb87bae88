"""``python -m bot openers``: exported posts and users in, one line of openers per account out."""

from __future__ import annotations

import errno
import gzip
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from bot.__main__ import main
from bot.networks.base import NetworkAccount, NetworkPost
from bot.openers.cli import parse_language, parse_now, parse_topics, shown, write_openers
from bot.text import clean_handle

if TYPE_CHECKING:
    from collections.abc import Sequence

T = datetime(2026, 11, 29, 10, tzinfo=UTC)
USERS = [
    {"id": "1", "username": "ada_dev", "name": "Ada", "description": "Postgres internals and SQLite."},
    {"id": "2", "username": "grumpy", "name": "Grumpy"},
    {"id": "3", "username": "berlin_hanna", "name": "Hanna"},
]


def tweet_vocabulary() -> list[dict[str, Any]]:
    return [
        {
            "id": "101",
            "author_id": "1",
            "created_at": "2026-11-29T10:00:00.000Z",
            "conversation_id": "101",
            "lang": "en",
            "text": "Excited to share our new guide to SQLite &amp; Litestream for multi-tenant apps",
            "public_metrics": {"retweet_count": 1, "reply_count": 4, "like_count": 9, "quote_count": 0},
        },
        {
            "id": "102",
            "author_id": "1",
            "created_at": "2026-11-28T10:00:00.000Z",
            "conversation_id": "102",
            "lang": "en",
            "text": "Worth a read: lessons from a year of running SQLite in production https://t.co/abc",
            "public_metrics": {"retweet_count": 9, "reply_count": 9, "like_count": 90, "quote_count": 2},
        },
        *(
            {
                "id": f"20{n}",
                "author_id": "2",
                "created_at": f"2026-11-2{n}T10:00:00.000Z",
                "text": text,
                "in_reply_to_user_id": "9",
                "referenced_tweets": [{"type": "replied_to", "id": "900"}],
            }
            for n, text in enumerate(["@x delete your account", "@y I hope you die a slow death", "@z go to hell"])
        ),
        {
            "id": "301",
            "author_id": "3",
            "created_at": "2026-11-29T10:00:00.000Z",
            "lang": "de",
            "text": "Wo man jetzt konkret weitermachen kann: ein paar Tipps",
        },
    ]


def as_post_vocabulary(post: dict[str, Any]) -> dict[str, Any]:
    """The same post in X's newer spelling (referenced_posts, repost_count)."""
    renamed = dict(post)
    if "referenced_tweets" in renamed:
        renamed["referenced_posts"] = renamed.pop("referenced_tweets")
    if "public_metrics" in renamed:
        metrics = dict(renamed["public_metrics"])
        metrics["repost_count"] = metrics.pop("retweet_count")
        renamed["public_metrics"] = metrics
    return renamed


def write_lines(path: Path, items: list[dict[str, Any]]) -> Path:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as out:
        for item in items:
            out.write(json.dumps(item) + "\n")
    return path


# -- every refusal: exit 2, one polite line, no output file, an existing one left as it was ------------------------

KEPT = "an earlier run's openers\n"


def refuse(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    *,
    posts: Path | None = None,
    users: Path | None = None,
    options: Sequence[str] = (),
) -> str:
    """Run the command twice, without and then with an existing output file; assert each run exits 2 with one line
    on stderr, writes no file and leaves the existing one as it was. Returns the message."""
    posts = posts or write_lines(tmp_path / "posts.jsonl", tweet_vocabulary())
    users = users or write_lines(tmp_path / "users.jsonl", USERS)
    out = tmp_path / "openers.jsonl"
    argv = ["openers", "--posts", str(posts), "--users", str(users), *options, "--out", str(out)]
    messages: list[str] = []
    for existing in (False, True):
        if existing:
            out.write_text(KEPT)
        code = main(argv)
        captured = capsys.readouterr()
        assert code == 2, captured
        assert captured.out == "" and len(captured.err.strip().splitlines()) == 1, captured.err
        assert out.read_text() == KEPT if existing else not out.exists()
        messages.append(captured.err.strip())
    out.unlink()
    assert messages[0] == messages[1]
    return messages[0]


@pytest.mark.parametrize("vocabulary", ["tweet", "post"])
def test_openers_cli_writes_one_line_per_account(tmp_path: Path, vocabulary: str) -> None:
    posts = tweet_vocabulary()
    if vocabulary == "post":
        posts = [as_post_vocabulary(post) for post in posts]
    out = tmp_path / "openers.jsonl"
    code = main(
        [
            "openers",
            "--posts",
            str(write_lines(tmp_path / "posts.jsonl.gz", posts)),
            "--users",
            str(write_lines(tmp_path / "users.jsonl", USERS)),
            "--seed",
            "@grace",
            "--topics",
            "sqlite, litestream",
            "--follows-team",
            "3",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    lines = {line["account"]: line for line in map(json.loads, out.read_text().splitlines())}
    assert list(lines) == ["1", "2", "3"]

    ada = lines["1"]
    assert ada["screened_out"] is None and ada["language"] == "en"
    kinds = {opener["kind"]: opener for opener in ada["openers"]}
    assert set(kinds) == {"reply", "hello", "share"}
    assert set(kinds["reply"]) == {"kind", "draft", "post_id", "intent_url", "why"}
    assert kinds["reply"]["post_id"] == "101" and "in_reply_to=101" in kinds["reply"]["intent_url"]
    assert "&amp;" not in kinds["reply"]["draft"] and "@grace" in kinds["hello"]["draft"]
    assert kinds["share"]["post_id"] == "102"

    grumpy = lines["2"]
    assert grumpy["openers"] == [] and grumpy["screened_out"].startswith("hostile: 3 of 3 recent posts hostile")

    hanna = lines["3"]
    assert hanna["language"] == "de"
    [hello] = hanna["openers"]
    assert hello["kind"] == "hello" and "follow" in hello["draft"] and "posts mostly in German" in hello["why"]
    assert "konkret" not in hello["draft"]


@pytest.mark.parametrize(
    ("posts_text", "message"),
    [
        ('{"id": "1", "author_id": "1", "text": "hi", "created_at": "2026-11-29T10:00:00Z"}\nnot json\n', ":2: not a"),
        ('{"id": "1", "text": "no author"}\n', ":1: a post needs id, author_id and text"),
        ('["a", "list"]\n', ":1: not a JSON object"),
    ],
)
def test_openers_cli_rejects_bad_input_and_writes_nothing(
    tmp_path: Path, posts_text: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_text(posts_text)
    assert message in refuse(tmp_path, capsys, posts=posts)


def test_openers_cli_names_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.jsonl"
    assert refuse(tmp_path, capsys, posts=missing).startswith(f"{missing}: cannot read (No such file or directory)")
    assert refuse(tmp_path, capsys, users=tmp_path).startswith(f"{tmp_path}: cannot read (Is a directory)")


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("abcdefghijklmnop", "the username “abcdefghijklmnop” is not an X username (X allows 1–15 letters"),
        ("ada.dev", "the username “ada.dev” is not an X username"),
        ("@ada_dev", "the username “@ada_dev” is not an X username"),
        ("", "a user needs a username"),
        (None, "a user needs a username"),
        (12345, "the username “12345” is not an X username"),
    ],
)
def test_openers_cli_refuses_a_username_x_does_not_allow_and_writes_nothing(
    tmp_path: Path, username: object, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # A 16-character handle came out cut to 15 in the drafts: "@abcdefghijklmno" is somebody else.
    users_path = write_lines(tmp_path / "users.jsonl", [USERS[0], {**USERS[1], "username": username}])
    got = refuse(tmp_path, capsys, users=users_path)
    assert got.startswith(f"{users_path}:2: {message}"), got


@pytest.mark.parametrize("seed", ["abcdefghijklmnop", "@abcdefghijklmnop", "https://x.com/abcdefghijklmnop", "a b"])
def test_openers_cli_refuses_a_seed_x_does_not_allow_and_writes_nothing(
    tmp_path: Path, seed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    err = refuse(tmp_path, capsys, options=["--seed", seed])
    assert err.startswith("--seed: ") and "is not an X handle" in err and "1–15 letters" in err, err


def test_openers_cli_mentions_fifteen_character_handles_whole(tmp_path: Path) -> None:
    users = [{**USERS[0], "username": "abcdefghijklmno"}]
    out = tmp_path / "openers.jsonl"
    posts = str(write_lines(tmp_path / "posts.jsonl", tweet_vocabulary()[:2]))
    args = ["--users", str(write_lines(tmp_path / "users.jsonl", users)), "--seed", "https://x.com/Grace_Hopper_12"]
    assert main(["openers", "--posts", posts, *args, "--out", str(out)]) == 0
    [line] = map(json.loads, out.read_text().splitlines())
    drafts = {opener["kind"]: opener["draft"] for opener in line["openers"]}
    assert "@Grace_Hopper_12" in drafts["hello"], drafts
    assert all("@abcdefghijklmno" in draft for kind, draft in drafts.items() if kind != "reply"), drafts


def test_a_handle_x_does_not_allow_is_never_cut_into_another_account() -> None:
    assert clean_handle(" @abcdefghijklmno ") == "abcdefghijklmno"
    assert clean_handle("abcdefghijklmnop") == "" and clean_handle("ada.dev") == ""
    post = NetworkPost(id="1", author_id="42", text="Lessons from a year of running SQLite in production", created_at=T)
    too_long = NetworkAccount(id="42", handle="abcdefghijklmnop")
    [result] = write_openers([post], {"42": too_long}, seed="ada")
    assert result.openers == () and result.screened_out == "the username “abcdefghijklmnop” is not an X username"
    # A seed X does not allow is never mentioned, cut or whole.
    [result] = write_openers([post], {"42": NetworkAccount(id="42", handle="ada")}, seed="seed_of_sixteen_")
    assert result.openers and not any("seed_of" in opener.draft for opener in result.openers), result.openers


@pytest.mark.parametrize(
    "now", ["yesterday", "2024-13-45T99:00:00Z", "next week", "nonsense", "0", "1715342400", "", " ", "2024-05-10Z+1"]
)
def test_openers_cli_refuses_a_now_that_is_no_iso_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], now: str
) -> None:
    # parse_time returns None for these: --now was dropped and every account judged at its newest post instead.
    message = refuse(tmp_path, capsys, options=["--now", now])
    assert message.startswith(f"--now: “{now}” is not an ISO 8601 time; give one such as 2024-05-10"), message


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2024-05-10", datetime(2024, 5, 10, tzinfo=UTC)),
        ("2024-05-10 12:00", datetime(2024, 5, 10, 12, tzinfo=UTC)),
        ("2024-05-10T12:00:00Z", datetime(2024, 5, 10, 12, tzinfo=UTC)),
        ("2024-05-10T12:00:00.000Z", datetime(2024, 5, 10, 12, tzinfo=UTC)),
        ("2024-05-10T14:00:00+02:00", datetime(2024, 5, 10, 12, tzinfo=UTC)),
        (" 2024-05-10T12:00Z ", datetime(2024, 5, 10, 12, tzinfo=UTC)),
    ],
)
def test_openers_cli_takes_an_iso_now_as_utc(tmp_path: Path, now: str, expected: datetime) -> None:
    assert parse_now(now) == expected
    _writes_every_account(tmp_path, "--now", now)


GOOD_POST = tweet_vocabulary()[0]
GOOD_USER = USERS[0]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("public_metrics", "x", "“public_metrics” should be an object, not a string"),
        ("public_metrics", [1], "“public_metrics” should be an object, not a list"),
        ("entities", "x", "“entities” should be an object, not a string"),
        ("entities", {"mentions": "x"}, "“entities.mentions” should be a list of objects"),
        ("mentions", ["ada_dev"], "“mentions” should be a list of objects"),
        ("referenced_tweets", "oops", "“referenced_tweets/referenced_posts” should be a list, not a string"),
        ("referenced_tweets", [{"type": "replied_to"}], "each of “referenced_tweets/referenced_posts” needs a type"),
        (
            "referenced_posts",
            [{"type": "quoted", "id": "x1"}],
            "each of “referenced_tweets/referenced_posts” needs a type and an X id",
        ),
        ("lang", 5, "“lang” should be a string, not a number"),
        ("conversation_id", {"a": 1}, "“conversation_id” should be a string or a number, not an object"),
        ("in_reply_to_user_id", ["x"], "“in_reply_to_user_id” should be a string or a number, not a list"),
        ("in_reply_to_user_id", True, "“in_reply_to_user_id” should be a string or a number, not true or false"),
        ("created_at", "last tuesday", "“created_at” “last tuesday” is not an ISO 8601 time"),
        ("created_at", "", "“created_at” “” is not an ISO 8601 time"),
        ("id", "abc", "the id “abc” is not an X id (X ids are digits, such as 2244994945)"),
        ("id", "1e5", "the id “1e5” is not an X id"),
        ("author_id", "ada_dev", "the author_id “ada_dev” is not an X id"),
        ("author_id", 1.5, "the author_id “1.5” is not an X id"),
    ],
)
def test_openers_cli_refuses_a_post_field_of_the_wrong_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str, value: object, message: str
) -> None:
    # public_metrics/entities as a string crashed with AttributeError; the others were read as something else.
    posts = write_lines(tmp_path / "posts.jsonl", [GOOD_POST, {**GOOD_POST, "id": "103", field: value}])
    got = refuse(tmp_path, capsys, posts=posts)
    assert got.startswith(f"{posts}:2: {message}"), got


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("public_metrics", "lots", "“public_metrics” should be an object, not a string"),
        ("description", 123, "“description” should be a string, not a number"),
        ("protected", "no", "“protected” should be true or false, not a string"),
        ("most_recent_post_id", {"id": 1}, "“most_recent_tweet_id/most_recent_post_id” should be a string or a"),
        ("created_at", "yesterday", "“created_at” “yesterday” is not an ISO 8601 time"),
        ("id", "abc", "the id “abc” is not an X id (X ids are digits, such as 2244994945)"),
        ("id", -3, "the id “-3” is not an X id"),
        ("id", ["1"], "the id “['1']” is not an X id"),
        ("username", "good\u200buser", "the username “good\\u200buser” is not an X username (X allows 1–15"),
        ("username", "good_user\n", "the username “good_user\\n” is not an X username"),
        ("username", "good\u00a0user", "the username “good\\u00a0user” is not an X username"),
        ("username", "\u3164", "the username “\\u3164” is not an X username"),
    ],
)
def test_openers_cli_refuses_a_user_field_of_the_wrong_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str, value: object, message: str
) -> None:
    # A zero-width space was removed from the message ("gooduser"), so the name looked valid; a non-numeric id
    # read "a user without an id: [...]".
    users = write_lines(tmp_path / "users.jsonl", [GOOD_USER, {**USERS[1], field: value}])
    got = refuse(tmp_path, capsys, users=users)
    assert got.startswith(f"{users}:2: {message}"), got


def gzip_bytes(text: str) -> bytes:
    return gzip.compress(text.encode())


@pytest.mark.parametrize("which", ["--posts", "--users"])
@pytest.mark.parametrize(
    ("name", "content", "packing", "message"),
    [
        (
            "in.jsonl",
            b"GOOD\n\xff\xfe garbage\n",
            "",
            ":2: not UTF-8 text (byte 1 of the line); save the file as UTF-8",
        ),
        ("in.jsonl", "GOOD\n".encode("utf-16"), "", ":1: not UTF-8 text (byte 1 of the line)"),
        ("in.jsonl", b'GOOD\n{"id": "1", "text": "caf\xe9"}\n', "", ":2: not UTF-8 text (byte 25 of the line)"),
        ("in.jsonl.gz", b"GOOD\n\xe9\n", "gzip", ":2: not UTF-8 text (byte 1 of the line)"),
        ("in.jsonl.gz", b"GOOD\n", "", ": not a gzip file, though its name ends in .gz"),
        ("in.jsonl.gz", b"GOOD\n" * 300, "cut gzip", ": the gzip file is cut short or damaged"),
        ("in.jsonl", b"\xef\xbb\xbf\xef\xbb\xbfGOOD\n", "", ":1: not a JSON object"),
        ("in.jsonl", b"GOOD\n\xef\xbb\xbfGOOD\n", "", ":2: not a JSON object"),
    ],
)
def test_openers_cli_refuses_a_file_that_is_not_utf8_json_lines(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    which: str,
    name: str,
    content: bytes,
    packing: str,
    message: str,
) -> None:
    # A non-UTF-8 file crashed with UnicodeDecodeError, a .gz that is not gzip with BadGzipFile.
    good = json.dumps(GOOD_POST if which == "--posts" else GOOD_USER).encode()
    content = content.replace(b"GOOD", good)
    if packing:
        content = gzip.compress(content)
        content = content[: len(content) // 2] if packing == "cut gzip" else content
    bad = tmp_path / name
    bad.write_bytes(content)
    got = refuse(tmp_path, capsys, posts=bad if which == "--posts" else None, users=bad if which == "--users" else None)
    assert got.startswith(f"{bad}:") and message in got, got


@pytest.mark.parametrize("compressed", [False, True])
def test_openers_cli_reads_files_with_a_byte_order_mark(tmp_path: Path, compressed: bool) -> None:
    # Windows tools save UTF-8 with a BOM: the first line read "not a JSON object".
    suffix = ".jsonl.gz" if compressed else ".jsonl"
    paths = {}
    for name, items in (("posts", tweet_vocabulary()), ("users", USERS)):
        text = "\ufeff" + "".join(json.dumps(item) + "\n" for item in items)
        paths[name] = tmp_path / f"{name}{suffix}"
        paths[name].write_bytes(gzip_bytes(text) if compressed else text.encode())
    out = tmp_path / "openers.jsonl"
    assert main(["openers", "--posts", str(paths["posts"]), "--users", str(paths["users"]), "--out", str(out)]) == 0
    assert [json.loads(line)["account"] for line in out.read_text().splitlines()] == ["1", "2", "3"]


@pytest.mark.parametrize("language", ["english", "", " ", "1", "e", "en-", "en-GB-x", "ｅｎ", "en\u200b"])
def test_openers_cli_refuses_what_is_no_language_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], language: str
) -> None:
    # Any value was taken: "english" matched no post's language, so no phrase was ever quoted.
    message = refuse(tmp_path, capsys, options=["--language", language])
    assert message.startswith("--language: “") and "is not a language code" in message, message
    assert "such as en, de, fr, es, cy or en-GB" in message


@pytest.mark.parametrize(
    ("language", "code"),
    [("en", "en"), ("EN", "en"), ("en-GB", "en"), ("en_gb", "en"), ("de-AT", "de"), ("zh-Hant-TW", "zh"),
     ("es-419", "es"), (" fr ", "fr"), ("cy", "cy"), ("ga", "ga"), ("ta", "ta"), ("sw", "sw")],
)  # fmt: skip
def test_openers_cli_takes_a_bcp47_language_code(tmp_path: Path, language: str, code: str) -> None:
    assert parse_language(language) == code
    _writes_every_account(tmp_path, "--language", language)


def _writes_every_account(tmp_path: Path, *options: str) -> None:
    """The CLI run on the sample posts and users with ``options`` succeeds and writes one line per account."""
    out = tmp_path / "openers.jsonl"
    posts = str(write_lines(tmp_path / "posts.jsonl", tweet_vocabulary()))
    users = str(write_lines(tmp_path / "users.jsonl", USERS))
    assert main(["openers", "--posts", posts, "--users", users, *options, "--out", str(out)]) == 0
    assert len(out.read_text().splitlines()) == 3


@pytest.mark.parametrize(
    ("follows_team", "message"),
    [
        ("good_user", "--follows-team: “good_user” is not an X id; give the accounts' ids (digits, such as"),
        ("@berlin_hanna", "--follows-team: “@berlin_hanna” is not an X id"),
        ("3, berlin_hanna", "--follows-team: “berlin_hanna” is not an X id"),
        ("3.0", "--follows-team: “3.0” is not an X id"),
        ("\u0663", "--follows-team: “\u0663” is not an X id"),
        ("3,,1", "--follows-team: entry 2 is empty; separate X ids with single commas"),
        ("3,", "--follows-team: entry 2 is empty"),
    ],
)
def test_openers_cli_refuses_follows_team_entries_that_are_not_x_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], follows_team: str, message: str
) -> None:
    # A handle matched no id and was ignored: the warm lead got no thank-you.
    assert refuse(tmp_path, capsys, options=["--follows-team", follows_team]).startswith(message)


@pytest.mark.parametrize(
    ("topics", "message"),
    [
        ("@ODI_Leeds,NHSEngland funding", "“@ODI_Leeds” is a handle; topics are words your team talks about"),
        ("sqlite, ＠ODI_Leeds", "“＠ODI_Leeds” is a handle"),
        ("funding for @NHSEngland", "“funding for @NHSEngland” holds a handle (@NHSEngland); topics are words"),
        ("#OpenData", "“#OpenData” is a hashtag; topics are words your team talks about (such as open data), not"),
        ("open data #leeds", "“open data #leeds” holds a hashtag (#leeds)"),
        ("https://odileeds.org", "“https://odileeds.org” is a link"),
        ("odileeds.org/events", "“odileeds.org/events” is a link"),
        ("www.odileeds", "“www.odileeds” is a link"),
        ("sqlite,,litestream", "topic 2 is empty; separate topics with single commas"),
        ("sqlite, ", "topic 2 is empty"),
        (",sqlite", "topic 1 is empty"),
        ("sqlite, !!!", "“!!!” has no letter or digit"),
        ("sqlite\x07", "--topics contains an invisible control character (U+0007)"),
        ("x" * 51, "A keyword can be at most 50 characters"),
    ],
)
def test_openers_cli_refuses_topics_that_are_not_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], topics: str, message: str
) -> None:
    # "@ODI_Leeds" as a topic made "Worth a watch: @hashtag_handle on ODI_Leeds." of a post tagging @ODI_Leeds.
    got = refuse(tmp_path, capsys, options=["--topics", topics])
    assert got.startswith("--topics") and message in got, got


@pytest.mark.parametrize(
    ("topics", "expected"),
    [
        ("", ()),
        (" ", ()),
        ("sqlite, litestream", ("sqlite", "litestream")),
        ("NHSEngland funding,  open   data ", ("NHSEngland funding", "open data")),
        ("node.js, e.g. ml, C++", ("node.js", "e.g. ml", "C++")),
        ("SQLite, sqlite", ("SQLite",)),
    ],
)
def test_openers_cli_takes_topics_as_comma_separated_words(topics: str, expected: tuple[str, ...]) -> None:
    assert parse_topics(topics) == expected


def test_openers_cli_refuses_an_empty_seed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # "" was taken for "no seed", like --now "": an empty value is a mistake, not an absent option.
    assert refuse(tmp_path, capsys, options=["--seed", ""]).startswith("--seed: What you typed is not an X handle")


@pytest.mark.parametrize("target", ["posts", "users", "posts via ./", "users via a link"])
def test_openers_cli_refuses_to_write_over_its_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    posts = write_lines(tmp_path / "posts.jsonl", tweet_vocabulary())
    users = write_lines(tmp_path / "users.jsonl", USERS)
    before = {posts: posts.read_bytes(), users: users.read_bytes()}
    out = {
        "posts": posts,
        "users": users,
        "posts via ./": tmp_path / "." / "posts.jsonl",
        "users via a link": tmp_path / "link.jsonl",
    }[target]
    if target == "users via a link":
        out.symlink_to(users)
    code = main(["openers", "--posts", str(posts), "--users", str(users), "--out", str(out)])
    err = capsys.readouterr().err
    option = "--posts" if target.startswith("posts") else "--users"
    assert code == 2
    assert err.strip() == f"--out: {out} is the {option} file; writing there would overwrite it", err
    assert {path: path.read_bytes() for path in before} == before


@pytest.mark.parametrize("where", ["a directory", "in a missing directory", "under a file"])
def test_openers_cli_refuses_an_out_it_cannot_write_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    # These crashed with IsADirectoryError / FileNotFoundError after all the work was done.
    posts = str(write_lines(tmp_path / "posts.jsonl", tweet_vocabulary()))
    users = write_lines(tmp_path / "users.jsonl", USERS)
    out, message = {
        "a directory": (tmp_path, f"--out: {tmp_path} is a directory; give a file to write, such as"),
        "in a missing directory": (
            tmp_path / "nope" / "o.jsonl",
            f"--out: the directory {tmp_path / 'nope'} does not exist; create it or write elsewhere",
        ),
        "under a file": (users / "o.jsonl", f"--out: the directory {users} does not exist"),
    }[where]
    # The posts file is unreadable too: --out is checked first, so the mistake shows before any work.
    code = main(["openers", "--posts", posts + ".missing", "--users", str(users), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith(message) and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "nope").exists() and tmp_path.is_dir() and users.is_file()


def test_openers_cli_leaves_no_half_written_file_when_writing_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    posts = str(write_lines(tmp_path / "posts.jsonl", tweet_vocabulary()))
    users = str(write_lines(tmp_path / "users.jsonl", USERS))
    out = tmp_path / "openers.jsonl"

    def disk_full(self: Path, data: str, encoding: str | None = None) -> int:
        self.write_bytes(data.encode()[:10])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", disk_full)
    assert main(["openers", "--posts", posts, "--users", users, "--out", str(out)]) == 2
    assert capsys.readouterr().err.strip() == f"--out: cannot write {out} (No space left on device)"
    assert not out.exists()


def test_messages_show_invisible_characters_as_escapes() -> None:
    assert shown("good\u200buser") == "good\\u200buser"
    assert shown("a\u202eb\tc\n") == "a\\u202eb\\tc\\n"
    assert shown("gööd ｇｏｏｄ 🙂") == "gööd ｇｏｏｄ 🙂"
    assert shown("\U000e0041") == "\\U000e0041"
    assert shown(12345) == "12345" and shown("x" * 100, limit=5) == "xxxx…"
