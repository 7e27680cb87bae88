"""``python -m bot openers``: exported posts and users in, one line of openers per account out."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pytest

from bot.__main__ import main
from bot.networks.base import NetworkAccount, NetworkPost
from bot.openers.cli import write_openers
from bot.text import clean_handle

if TYPE_CHECKING:
    from pathlib import Path

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
    out = tmp_path / "openers.jsonl"
    code = main(
        ["openers", "--posts", str(posts), "--users", str(write_lines(tmp_path / "u.jsonl", USERS)), "--out", str(out)]
    )
    assert code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_openers_cli_names_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["openers", "--posts", str(tmp_path / "nope.jsonl"), "--users", str(tmp_path / "u"), "--out", "x"])
    assert code == 2 and "nope.jsonl: cannot read" in capsys.readouterr().err


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
    users = [USERS[0], {**USERS[1], "username": username}]
    users_path = write_lines(tmp_path / "users.jsonl", users)
    out = tmp_path / "openers.jsonl"
    posts = str(write_lines(tmp_path / "posts.jsonl", tweet_vocabulary()))
    code = main(["openers", "--posts", posts, "--users", str(users_path), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{users_path}:2: {message}" in err and len(err.strip().splitlines()) == 1, err
    assert not out.exists()


@pytest.mark.parametrize("seed", ["abcdefghijklmnop", "@abcdefghijklmnop", "https://x.com/abcdefghijklmnop", "a b"])
def test_openers_cli_refuses_a_seed_x_does_not_allow_and_writes_nothing(
    tmp_path: Path, seed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "openers.jsonl"
    posts = str(write_lines(tmp_path / "posts.jsonl", tweet_vocabulary()))
    users = str(write_lines(tmp_path / "users.jsonl", USERS))
    code = main(["openers", "--posts", posts, "--users", users, "--seed", seed, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("--seed: ") and "is not an X handle" in err and "1–15 letters" in err, err
    assert not out.exists()


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
