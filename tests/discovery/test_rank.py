"""Pure ranking core: examples, hypothesis properties, explanations and a speed guard."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.discovery.rank import (
    DEFAULT_METHOD,
    METHODS,
    RankedCandidate,
    RankInput,
    UnknownMethod,
    explain,
    rank_candidates,
)

# Methods whose score is a weighted sum over seeds, so one seed's weight moves only its own candidates.
LINEAR_METHODS = ["count", "adamic_adar", "resource_allocation", "adamic_adar_popularity", "warm_count"]
LINEAR_METHODS.append(DEFAULT_METHOD)


def _input(**overrides: object) -> RankInput:
    fields: dict[str, object] = {
        "seed_following": {"s1": ["a", "b", "c"], "s2": ["a", "b", "s1"], "s3": ["a", "d"]},
        "followers_count": {"a": 10, "b": 500, "c": 5, "d": 7, "s1": 1000},
    }
    fields.update(overrides)
    return RankInput(**fields)  # type: ignore[arg-type]


def test_rank_count_orders_by_support_then_followers_then_id() -> None:
    ranked = rank_candidates(_input(), method="count", k=None)
    assert [candidate.account for candidate in ranked] == ["a", "b", "d", "c"]
    assert [candidate.score for candidate in ranked] == [3.0, 2.0, 1.0, 1.0]


def test_rank_never_returns_seeds_or_excluded() -> None:
    ranked = rank_candidates(_input(exclude=frozenset({"b"})), k=None)
    assert {candidate.account for candidate in ranked} == {"a", "c", "d"}


def test_rank_followed_by_lists_strongest_seed_first() -> None:
    # s3 follows two accounts, s1 three: with Adamic–Adar a seed's single follow weighs more when
    # it follows fewer accounts, so s3 explains "a" first.
    ranked = rank_candidates(_input(), method="adamic_adar", k=1)
    assert ranked[0].account == "a"
    assert ranked[0].followed_by == ("s3", "s1", "s2")


def test_rank_trust_weight_orders_followed_by() -> None:
    ranked = rank_candidates(_input(seed_weights={"s2": 5.0}), method="count", k=1)
    assert ranked[0].followed_by[0] == "s2"


def test_rank_warm_lead_beats_equally_supported_cold_candidate() -> None:
    data = _input(team_followers=frozenset({"c"}))
    ranked = rank_candidates(data, k=None)
    assert ranked[0].account == "c"
    assert ranked[0].follows_team
    assert not any(candidate.follows_team for candidate in ranked[1:])


def test_rank_unknown_and_zero_weight_seeds_contribute_nothing() -> None:
    baseline = rank_candidates(_input(), k=None)
    following = {**_input().seed_following, "ghost": [], "muted": ["zzz", "a"]}
    ranked = rank_candidates(_input(seed_following=following, seed_weights={"muted": 0.0}), k=None)
    assert ranked == baseline


def test_rank_ignores_duplicate_follows() -> None:
    doubled = {seed: [*accounts, *accounts] for seed, accounts in _input().seed_following.items()}
    assert rank_candidates(_input(seed_following=doubled), k=None) == rank_candidates(_input(), k=None)


def test_rank_empty_and_zero_k() -> None:
    assert rank_candidates(RankInput(seed_following={})) == []
    assert rank_candidates(_input(), k=0) == []


def test_rank_rejects_bad_arguments() -> None:
    with pytest.raises(UnknownMethod, match="unknown ranking method"):
        rank_candidates(_input(), method="magic")
    with pytest.raises(ValueError, match="k must be"):
        rank_candidates(_input(), k=-1)
    with pytest.raises(ValueError, match="seed weight"):
        rank_candidates(_input(seed_weights={"s1": -1.0}))
    with pytest.raises(ValueError, match="seed weight"):
        rank_candidates(_input(seed_weights={"s1": float("nan")}))


@pytest.mark.parametrize("method", list(METHODS))
def test_rank_every_method_returns_positive_scores(method: str) -> None:
    ranked = rank_candidates(_input(team_followers=frozenset({"d"})), method=method, k=None)
    assert {candidate.account for candidate in ranked} == {"a", "b", "c", "d"}
    assert all(candidate.score > 0 for candidate in ranked)


def test_rank_walks_favour_accounts_followed_by_central_seeds() -> None:
    # Seed "hub" is followed by the other seeds, so random walks reach it more often than "loner"
    # even though both follow one account and have equal trust.
    following = {"hub": ["x"], "loner": ["y"], "s1": ["hub", "z"], "s2": ["hub", "w"]}
    ranked = rank_candidates(RankInput(seed_following=following), method="ppr", k=None)
    scores = {candidate.account: candidate.score for candidate in ranked}
    assert scores["x"] > scores["y"]


# --- properties -----------------------------------------------------------------------------------

ACCOUNTS = [f"u{number}" for number in range(12)]


@st.composite
def rank_inputs(draw: st.DrawFn) -> RankInput:
    seeds = draw(st.lists(st.sampled_from(ACCOUNTS), unique=True, max_size=6))
    following = {seed: draw(st.lists(st.sampled_from(ACCOUNTS), max_size=8)) for seed in seeds}
    weights = {seed: draw(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0])) for seed in seeds if draw(st.booleans())}
    counts = {account: draw(st.integers(0, 5)) for account in ACCOUNTS if draw(st.booleans())}
    team_followers = frozenset(draw(st.lists(st.sampled_from(ACCOUNTS), max_size=4)))
    exclude = frozenset(draw(st.lists(st.sampled_from(ACCOUNTS), max_size=3)))
    return RankInput(following, weights, counts, team_followers, exclude)


def _active_followers(data: RankInput, account: str) -> set[str]:
    return {
        seed
        for seed, accounts in data.seed_following.items()
        if account in accounts and data.seed_weights.get(seed, 1.0) > 0
    }


@given(rank_inputs(), st.sampled_from(list(METHODS)), st.one_of(st.none(), st.integers(0, 15)))
def test_property_results_are_valid_candidates(data: RankInput, method: str, k: int | None) -> None:
    ranked = rank_candidates(data, method=method, k=k)
    expected = {
        account
        for account in ACCOUNTS
        if _active_followers(data, account) and account not in data.seed_following and account not in data.exclude
    }
    accounts = [candidate.account for candidate in ranked]
    assert len(accounts) == len(set(accounts)) == (len(expected) if k is None else min(k, len(expected)))
    assert set(accounts) <= expected
    for candidate in ranked:
        assert set(candidate.followed_by) == _active_followers(data, candidate.account)
        assert len(candidate.followed_by) == len(set(candidate.followed_by))
        assert candidate.follows_team == (candidate.account in data.team_followers)
        assert candidate.score > 0


@given(rank_inputs(), st.sampled_from(list(METHODS)))
def test_property_order_is_score_then_followers_then_id(data: RankInput, method: str) -> None:
    ranked = rank_candidates(data, method=method, k=None)
    keys = [(-c.score, -data.followers_count.get(c.account, 0), c.account) for c in ranked]
    assert keys == sorted(keys)


@given(rank_inputs(), st.sampled_from(list(METHODS)), st.randoms(use_true_random=False))
def test_property_deterministic_whatever_the_mapping_order(data: RankInput, method: str, rng: random.Random) -> None:
    seeds = list(data.seed_following)
    rng.shuffle(seeds)
    shuffled = RankInput(
        {seed: data.seed_following[seed] for seed in seeds},
        dict(reversed(list(data.seed_weights.items()))),
        data.followers_count,
        data.team_followers,
        data.exclude,
    )
    assert rank_candidates(shuffled, method=method, k=None) == rank_candidates(data, method=method, k=None)


@given(rank_inputs(), st.integers(0, 15))
def test_property_top_k_is_prefix_of_full_ranking(data: RankInput, k: int) -> None:
    assert rank_candidates(data, k=k) == rank_candidates(data, k=None)[:k]


@settings(max_examples=60)
@given(rank_inputs(), st.sampled_from(LINEAR_METHODS), st.data())
def test_property_raising_a_seed_weight_lifts_only_its_candidates(
    data: RankInput, method: str, draw: st.DataObject
) -> None:
    if not data.seed_following:
        return
    seed = draw.draw(st.sampled_from(sorted(data.seed_following)))
    heavier = RankInput(
        data.seed_following,
        {**data.seed_weights, seed: data.seed_weights.get(seed, 1.0) + 1.0},
        data.followers_count,
        data.team_followers,
        data.exclude,
    )
    before = {c.account: c.score for c in rank_candidates(data, method=method, k=None)}
    after = {c.account: c.score for c in rank_candidates(heavier, method=method, k=None)}
    assert set(before) <= set(after)
    for account, score in before.items():
        if account in data.seed_following[seed]:
            assert after[account] > score
        else:
            assert after[account] == pytest.approx(score)


# --- explanations ---------------------------------------------------------------------------------


def _candidate(followed_by: tuple[str, ...], *, follows_team: bool = False) -> RankedCandidate:
    return RankedCandidate(account="x", score=1.0, followed_by=followed_by, follows_team=follows_team)


@pytest.mark.parametrize(
    ("followed_by", "expected"),
    [
        ((), "followed by none of your seeds"),
        (("1",), "followed by @ann"),
        (("1", "2"), "followed by @ann and @bob"),
        (("1", "2", "3"), "followed by @ann, @bob and 1 more of your seeds"),
        (("1", "2", "3", "4", "5"), "followed by @ann, @bob and 3 more of your seeds"),
    ],
)
def test_explain_names_the_strongest_seeds(followed_by: tuple[str, ...], expected: str) -> None:
    handles = {"1": "ann", "2": "bob", "3": "cid", "4": "dee"}
    assert explain(_candidate(followed_by), handles) == expected


def test_explain_falls_back_to_ids_and_mentions_warm_leads() -> None:
    text = explain(_candidate(("1", "99"), follows_team=True), {"1": "ann"}, shown=3)
    assert text == "followed by @ann and @99; already follows you"


def test_explain_rejects_nothing_shown() -> None:
    with pytest.raises(ValueError, match="shown"):
        explain(_candidate(("1",)), {}, shown=0)


# --- speed ----------------------------------------------------------------------------------------


def test_rank_200_seeds_by_5000_followings_ranks_the_worst_case() -> None:
    """The live bot's worst case (1M follow edges) ranks in one pass; its speed is measured by bench.scale,
    not here (a timed assertion fails on a loaded machine and proves nothing on a fast one)."""
    rng = random.Random(7)
    universe = [str(number) for number in range(300_000)]
    following = {f"seed{number}": rng.sample(universe, 5000) for number in range(200)}
    counts = {account: rng.randrange(10**6) for account in universe}
    data = RankInput(following, {}, counts, frozenset(universe[:3000]), frozenset(universe[-3000:]))
    ranked = rank_candidates(data, k=20)
    assert len(ranked) == 20
    assert not set(universe[-3000:]) & {candidate.account for candidate in ranked}
    assert [candidate.score for candidate in ranked] == sorted((candidate.score for candidate in ranked), reverse=True)
