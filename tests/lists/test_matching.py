"""Matching accounts to the team's Lists: city by location, niche by bio and posts — on real profiles too."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from bot.inputs import fold
from bot.lists.matching import ListProfile, match_lists
from bot.models import ListKind
from bot.networks.base import NetworkAccount, NetworkPost
from bot.networks.x import parse_account
from tests.conftest import shared_path

BERLIN = ListProfile(1, "Berlin", ListKind.CITY, ("Berlin", "Berlín"))
LONDON = ListProfile(2, "London", ListKind.CITY, ("London",))
ZURICH = ListProfile(3, "Zürich", ListKind.CITY, ("Zürich",))
NEW_YORK = ListProfile(4, "NYC", ListKind.CITY, ("New York", "NYC"))
RUST = ListProfile(5, "Rust", ListKind.NICHE, ("rust", "rustlang", "cargo"))
SCIENCE = ListProfile(6, "Open science", ListKind.NICHE, ("open science", "preprint", "reproducibility"))
NOW = datetime(2026, 11, 1, tzinfo=UTC)


def account(location: str = "", bio: str = "") -> NetworkAccount:
    return NetworkAccount(id="1", handle="someone", location=location, bio=bio)


def post(text: str, *, repost: bool = False, number: int = 1) -> NetworkPost:
    return NetworkPost(
        id=str(number), author_id="1", text=text, created_at=NOW, reposted_post_id="9" if repost else None
    )


def test_city_lists_match_the_location_in_any_spelling() -> None:
    assert match_lists(account("Berlin, Germany"), [], [BERLIN, LONDON]).name == "Berlin"  # type: ignore[union-attr]
    assert match_lists(account("ZURICH"), [], [ZURICH]) is not None, "accents and case do not matter"
    assert match_lists(account("Brooklyn, New York"), [], [NEW_YORK]).matched == ("New York",)  # type: ignore[union-attr]
    assert match_lists(account("Londonderry"), [], [LONDON]) is None, "whole words only"
    assert match_lists(account("", bio="I moved away from Berlin"), [], [BERLIN]) is None, (
        "city Lists read the location"
    )


def test_niche_lists_match_bio_or_several_posts_but_not_reposts() -> None:
    assert match_lists(account(bio="Writing #rustlang at work"), [], [RUST]).matched == ("rustlang",)  # type: ignore[union-attr]
    one_post = [post("rust is neat")]
    assert match_lists(account(), one_post, [RUST]) is None, "one post is not a niche"
    two_posts = [post("new cargo release", number=1), post("cargo workspaces are great", number=2)]
    assert match_lists(account(), two_posts, [RUST]).matched == ("cargo",)  # type: ignore[union-attr]
    reposts = [post("cargo!", repost=True, number=n) for n in range(5)]
    assert match_lists(account(), reposts, [RUST]) is None, "someone else's words"
    links = [post("see https://example.com/rust/cargo", number=n) for n in range(3)]
    assert match_lists(account(), links, [RUST]) is None, "words inside links do not count"


def test_best_list_wins_and_plurals_match() -> None:
    both = account("Berlin", bio="preprints and reproducibility in open science")
    best = match_lists(both, [], [BERLIN, SCIENCE])
    assert best is not None and best.name == "Open science"
    assert set(best.matched) == {"open science", "preprint", "reproducibility"}
    assert "bio and posts" in best.why


def test_fold_drops_case_and_accents() -> None:
    assert fold("São Paulo") == "sao paulo"


@given(st.text(max_size=60), st.text(max_size=60))
def test_matching_never_fails_and_only_reports_keywords(location: str, bio: str) -> None:
    found = match_lists(account(location, bio), [post(bio)], [BERLIN, LONDON, RUST, SCIENCE])
    if found is not None:
        lists = {profile.list_id: profile for profile in (BERLIN, LONDON, RUST, SCIENCE)}
        assert set(found.matched) <= set(lists[found.list_id].keywords)


def test_real_profiles_from_x_match_their_cities() -> None:
    path = shared_path("data/tweets/academictwitter_v2_users.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        users = [parse_account(json.loads(line)) for line in lines]
    lists = [BERLIN, LONDON, ZURICH, NEW_YORK]
    matched = {profile.name: 0 for profile in lists}
    for user in users:
        found = match_lists(user, [], lists)
        if found is not None:
            matched[found.name] += 1
            assert any(fold(word) in fold(user.location) for word in found.matched)
    # Real locations: "London, England", "Berlin, Deutschland", "Zürich, Switzerland", "NYC"…
    assert matched["London"] >= 700 and matched["Berlin"] >= 150
    assert matched["Zürich"] >= 25, "Zürich and Zurich both"
    assert matched["NYC"] >= 200, "New York and NYC both"
    londonderry = [user for user in users if "londonderry" in fold(user.location)]
    assert all(match_lists(user, [], [LONDON]) is None for user in londonderry)


def test_real_bios_match_niche_lists_on_whole_words() -> None:
    path = shared_path("data/tweets/academictwitter_v2_users.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        users = [parse_account(json.loads(line)) for line in lines]
    academia = ListProfile(7, "Academia", ListKind.NICHE, ("PhD", "professor", "researcher", "postdoc"))
    matched = [(user, match_lists(user, [], [academia])) for user in users]
    hits = [(user, found) for user, found in matched if found is not None]
    # Real bios: "PhD candidate in…", "Professor of…", "Postdoc @…"; a few thousand of 14k academic-Twitter users.
    assert 1000 <= len(hits) <= 8000, len(hits)
    for user, found in hits:
        assert all(fold(word) in fold(user.bio) for word in found.matched)
    assert not any(found for user, found in matched if "phdemo" in fold(user.bio) and "phd " not in fold(user.bio))
