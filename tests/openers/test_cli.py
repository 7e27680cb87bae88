"""``python -m bot openers``: exported posts and users in, one line of openers per account out."""

from __future__ import annotations

import gzip
import json
from typing import TYPE_CHECKING, Any

import pytest

from bot.__main__ import main

if TYPE_CHECKING:
    from pathlib import Path

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
