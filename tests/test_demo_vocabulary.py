"""The whole demo pipeline against an X that speaks only the post vocabulary (spec 2.167)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from rich.console import Console

from bot.demo import demo_digest
from bot.embeds import OPENER_BUTTONS
from bot.openers.intent import opener_intent
from bot.sandbox.world import World


async def test_the_digest_comes_out_of_a_post_vocabulary_x_that_refuses_most_recent_tweet_id() -> None:
    world = World.generate(seed=5, seeds=4, following_per_seed=150, now=datetime.now(UTC) - timedelta(minutes=1))
    world.vocabulary = "post"
    out = io.StringIO()
    digest = await demo_digest(world, console=Console(file=out, width=2000), label="post")  # wide: URLs unwrapped
    printed = out.getvalue()
    assert digest.entries, printed
    # X refused the tweet words (most_recent_tweet_id, tweet.fields) and the client learned the post words.
    assert "X refused most_recent_tweet_id: GET /2/users/by speaks the post vocabulary" in printed
    assert "X refused tweet.fields: GET /2/users/:id/tweets speaks the post vocabulary" in printed
    # No last-post id ever came back, so every entry was screened by its timeline read, and says so.
    assert {entry.activity_signal for entry in digest.entries} == {"timeline"}
    assert all(entry.last_post_at is not None and entry.posts_per_day > 0 for entry in digest.entries)
    # Every opener shows its intent link, labelled like the Discord link button under the entry, and it is the
    # intent bot.openers.intent builds from the draft and its post (a reply answers it, a share carries its link).
    openers = [opener for entry in digest.entries for opener in entry.openers]
    assert openers
    for opener in openers:
        post_id = opener.post_url.rsplit("/", 1)[-1] if opener.post_url else None
        assert opener.intent_url == opener_intent(opener.kind, opener.draft, post_id=post_id, post_url=opener.post_url)
        assert f"[{OPENER_BUTTONS[opener.kind]}] {opener.intent_url}" in printed
    assert any("in_reply_to=" in (opener.intent_url or "") for opener in openers if opener.kind == "reply")
