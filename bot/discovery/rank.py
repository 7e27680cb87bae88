"""Rank second-degree accounts (followed by the team's seeds) as people worth talking to.

The ranker sees only what the live bot can fetch: each seed's following list, the accounts that
follow the team, and each candidate's follower count. Everything here is pure and synchronous so
the bot, the offline CLI (:mod:`bot.discovery.rank_cli`) and the benchmark (``bench/linkpred.py``)
share one implementation.

Every method scores a candidate as ``multiplier(candidate) * sum(edge_weight(seed) for each seed
following it)``: the methods differ in how much one follow edge of a seed is worth (``count``: the
seed's trust; ``adamic_adar``: trust / log(following count); ``salsa`` and ``ppr``: random-walk mass
on the seeds → candidates graph) and in the per-candidate multiplier (a dampening for very popular
accounts, a boost for warm leads that already follow the team). Because a seed's edges all weigh the
same, "which seeds contribute most" is simply the seeds ordered by edge weight, so every result can
explain itself cheaply.

Cost: a few passes over the seed → following edge list using dict accumulation and C-level
helpers (``Counter``, ``map``): 200 seeds × 5,000 followings score in about half a second; building a
``RankedCandidate`` for each of the ~700k candidates (``k=None``) takes several more, so the pipeline asks for
the top 1,000 (``bench.scale`` measures both).
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING, Literal

from bot.formats import human_join

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

SeedWeighting = Literal["trust", "adamic_adar", "resource_allocation", "salsa", "ppr"]


@dataclass(frozen=True)
class RankInput:
    """What the ranker may know about one team at one moment."""

    seed_following: Mapping[str, Sequence[str]]
    """Seed id -> ids the seed follows (its whole following list; duplicates are ignored)."""
    seed_weights: Mapping[str, float] = field(default_factory=dict)
    """Trust weight per seed; seeds missing here weigh 1.0, weight 0 switches a seed off."""
    followers_count: Mapping[str, int] = field(default_factory=dict)
    """Candidate id -> follower count as X reports it (missing counts as 0)."""
    team_followers: frozenset[str] = frozenset()
    """Accounts that follow the team's account (warm leads)."""
    exclude: frozenset[str] = frozenset()
    """Accounts never to suggest: the team itself, accounts it follows, dismissed ones, ..."""


@dataclass(frozen=True)
class RankedCandidate:
    account: str
    score: float
    followed_by: tuple[str, ...]
    """Seeds that follow the account, strongest contribution first (ties by id)."""
    follows_team: bool


@dataclass(frozen=True)
class ScoringMethod:
    """One way to score candidates; see the module docstring for the shared shape."""

    name: str
    seed_weighting: SeedWeighting
    popularity_exponent: float = 0.0
    """Divide the score by followers_count ** exponent: 0 keeps popular accounts as they are."""
    warm_lead_boost: float = 0.0
    """Multiply the score of accounts that already follow the team by (1 + boost)."""
    walk_iterations: int = 3
    """Power iterations for ``salsa`` / ``ppr``; a few suffice because the walk restarts often."""
    restart_probability: float = 0.3
    """Probability that the ``salsa`` / ``ppr`` walk jumps back to the seeds (by trust) each step."""


# The methods are compared by bench/linkpred.py (hide 20% of a user's followees, use the rest as
# seeds and the user's followers as the team's followers, count the hidden ones that come back).
# recall@20, 300 users, seed 1:            hersheycareers  verizoncareers
#   count (= friends-of-friends)                 0.542          0.493
#   adamic_adar / salsa / ppr              0.539/0.547/0.533  0.491/0.496/0.478
#   adamic_adar_popularity (/ followers^0.2)     0.481          0.395
#   warm_adamic_adar (default)                   0.636          0.591   (+17% / +20% over count)
# The winner is the warm-lead boost: on Twitter a large share of follows are reciprocated, so
# "follows you and is followed by your seeds" is the strongest signal we can see. Adamic–Adar seed
# weights (a seed following thousands says less about each) tie with plain trust and with SALSA
# here; they are kept because they are the principled guard against indiscriminate followers on
# other graphs and cost nothing (SALSA costs ~4x). Dampening popular accounts lost everywhere:
# popular accounts are followed more, so follower count is only a tie-breaker.
WARM_LEAD_BOOST = 10.0
"""Large enough that a warm lead outranks any cold one with up to ~10x its seed support: the measured
optimum was flat between 5 and 30 (a one-off sweep over the four graphs in shared/, two samples
each); 10 sits in the middle of that plateau."""

METHODS: dict[str, ScoringMethod] = {
    method.name: method
    for method in (
        ScoringMethod("count", "trust"),
        ScoringMethod("adamic_adar", "adamic_adar"),
        ScoringMethod("resource_allocation", "resource_allocation"),
        ScoringMethod("salsa", "salsa"),
        ScoringMethod("ppr", "ppr", restart_probability=0.15, walk_iterations=10),
        ScoringMethod("adamic_adar_popularity", "adamic_adar", popularity_exponent=0.2),
        ScoringMethod("warm_count", "trust", warm_lead_boost=WARM_LEAD_BOOST),
        ScoringMethod("warm_salsa", "salsa", warm_lead_boost=WARM_LEAD_BOOST),
        ScoringMethod("warm_adamic_adar", "adamic_adar", warm_lead_boost=WARM_LEAD_BOOST),
    )
}
DEFAULT_METHOD = "warm_adamic_adar"


class UnknownMethod(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown ranking method {name!r}; choose one of {', '.join(METHODS)}")


def rank_candidates(
    data: RankInput, *, k: int | None = 20, method: str | ScoringMethod = DEFAULT_METHOD
) -> list[RankedCandidate]:
    """Return the ``k`` best candidates (all of them when ``k`` is None), best first.

    Candidates are accounts followed by at least one seed of positive weight, minus seeds and
    ``exclude``. Order: score desc, then followers_count desc, then id, so equal inputs always give
    equal outputs whatever the mappings' order.
    """
    scoring = _resolve(method)
    if k is not None and k < 0:
        raise ValueError(f"k must be >= 0, got {k}")
    following = _active_seed_following(data)
    if not following or k == 0:
        return []
    edge_weight = _seed_edge_weights(scoring, following)
    scores = _accumulate(following, edge_weight)
    for account in chain(data.seed_following, data.exclude):
        scores.pop(account, None)
    _apply_candidate_multipliers(scores, scoring, data)
    chosen = _top(scores, data.followers_count, k)
    followed_by = _followed_by(chosen, following, edge_weight)
    return [
        RankedCandidate(
            account=account,
            score=scores[account],
            followed_by=tuple(followed_by[account]),
            follows_team=account in data.team_followers,
        )
        for account in chosen
    ]


def explain(candidate: RankedCandidate, handles: Mapping[str, str], *, shown: int = 2) -> str:
    """One line for a digest: "followed by @a, @b and 3 more of your seeds"; ids stand in for
    handles that are unknown."""
    if shown < 1:
        raise ValueError(f"shown must be >= 1, got {shown}")
    names = [f"@{handles.get(seed, seed)}" for seed in candidate.followed_by]
    if not names:
        text = "followed by none of your seeds"
    elif len(names) <= shown:
        text = f"followed by {human_join(names)}"
    else:
        text = f"followed by {human_join([*names[:shown], f'{len(names) - shown} more of your seeds'])}"
    if candidate.follows_team:
        text += "; already follows you"
    return text


def _resolve(method: str | ScoringMethod) -> ScoringMethod:
    if isinstance(method, ScoringMethod):
        return method
    try:
        return METHODS[method]
    except KeyError:
        raise UnknownMethod(method) from None


def _active_seed_following(data: RankInput) -> dict[str, tuple[float, list[str]]]:
    """Seed -> (trust weight, deduplicated following list), for seeds that count, in id order.

    Iterating seeds in id order makes float sums, and so tie-breaks, independent of the order in
    which the caller built its mappings.
    """
    active: dict[str, tuple[float, list[str]]] = {}
    for seed in sorted(data.seed_following):
        weight = data.seed_weights.get(seed, 1.0)
        if not math.isfinite(weight) or weight < 0:
            raise ValueError(f"seed weight must be a finite number >= 0, got {weight!r} for {seed!r}")
        accounts = list(dict.fromkeys(data.seed_following[seed]))
        if weight > 0 and accounts:
            active[seed] = (weight, accounts)
    return active


def _seed_edge_weights(scoring: ScoringMethod, following: dict[str, tuple[float, list[str]]]) -> dict[str, float]:
    """How much one follow edge of each seed adds to the followed account's score."""
    match scoring.seed_weighting:
        case "trust":
            return {seed: weight for seed, (weight, _) in following.items()}
        case "adamic_adar":
            # +1 keeps a seed that follows a single account finite (log 1 = 0); log base is irrelevant.
            return {seed: weight / math.log(len(accounts) + 1) for seed, (weight, accounts) in following.items()}
        case "resource_allocation":
            return {seed: weight / len(accounts) for seed, (weight, accounts) in following.items()}
        case "salsa":
            return _salsa_edge_weights(scoring, following)
        case "ppr":
            return _ppr_edge_weights(scoring, following)


def _restart_distribution(following: dict[str, tuple[float, list[str]]]) -> dict[str, float]:
    total = sum(weight for weight, _ in following.values())
    return {seed: weight / total for seed, (weight, _) in following.items()}


def _salsa_edge_weights(scoring: ScoringMethod, following: dict[str, tuple[float, list[str]]]) -> dict[str, float]:
    """Personalized SALSA on the bipartite seeds (hubs) → followed accounts (authorities) graph.

    A walker alternates seed → followed account → another seed following that account, jumping
    back to a seed (by trust) with the restart probability. An account followed by the seeds that
    share many followings with other seeds ("central" seeds) gains; a seed's edge weight is its hub
    mass spread over its followings.
    """
    restart = _restart_distribution(following)
    seeds_following = Counter(chain.from_iterable(accounts for _, accounts in following.values()))
    hub = dict(restart)
    for _ in range(scoring.walk_iterations):
        authority: dict[str, float] = {}
        get = authority.get
        for seed, (_, accounts) in following.items():
            share = hub[seed] / len(accounts)
            for account in accounts:
                authority[account] = get(account, 0.0) + share
        back_share = {account: mass / seeds_following[account] for account, mass in authority.items()}
        hub = {
            seed: scoring.restart_probability * restart[seed]
            + (1 - scoring.restart_probability) * sum(map(back_share.__getitem__, accounts))
            for seed, (_, accounts) in following.items()
        }
    return {seed: hub[seed] / len(accounts) for seed, (_, accounts) in following.items()}


def _ppr_edge_weights(scoring: ScoringMethod, following: dict[str, tuple[float, list[str]]]) -> dict[str, float]:
    """Personalized PageRank from the team over the known edges only.

    Known edges: team → seeds (by trust) and seeds → their followings. Walk mass that reaches a
    non-seed has no known way on and returns to the team, so only seed → seed edges need iterating;
    with none, this is resource allocation (trust / following count).
    """
    restart = _restart_distribution(following)
    seed_to_seeds = {
        seed: [other for other in accounts if other in following and other != seed]
        for seed, (_, accounts) in following.items()
    }
    degree = {seed: len(accounts) for seed, (_, accounts) in following.items()}
    damping = 1 - scoring.restart_probability
    mass = dict(restart)
    for _ in range(scoring.walk_iterations):
        inflow = dict.fromkeys(following, 0.0)
        for seed, others in seed_to_seeds.items():
            share = mass[seed] / degree[seed]
            for other in others:
                inflow[other] += share
        mass = {seed: restart[seed] + damping * inflow[seed] for seed in following}
    return {seed: mass[seed] / degree[seed] for seed in following}


def _accumulate(following: dict[str, tuple[float, list[str]]], edge_weight: Mapping[str, float]) -> dict[str, float]:
    scores: dict[str, float] = {}
    get = scores.get
    for seed, (_, accounts) in following.items():
        weight = edge_weight[seed]
        for account in accounts:
            scores[account] = get(account, 0.0) + weight
    return scores


def _apply_candidate_multipliers(scores: dict[str, float], scoring: ScoringMethod, data: RankInput) -> None:
    if scoring.popularity_exponent:
        exponent = scoring.popularity_exponent
        counts = data.followers_count
        for account, score in scores.items():
            # Accounts with 0 or unknown followers are treated as having one: no division by zero.
            scores[account] = score / max(counts.get(account, 0), 1) ** exponent
    if scoring.warm_lead_boost:
        boost = 1 + scoring.warm_lead_boost
        for account in data.team_followers:
            if account in scores:
                scores[account] *= boost


def _top(scores: dict[str, float], followers_count: Mapping[str, int], k: int | None) -> list[str]:
    def order(account: str) -> tuple[float, int, str]:
        return (-scores[account], -followers_count.get(account, 0), account)

    if k is None or k >= len(scores):
        return sorted(scores, key=order)
    # Only accounts scoring at least the k-th best score can be in the top k; sorting just those by
    # the full key avoids building a tuple per candidate when there are hundreds of thousands.
    threshold = heapq.nlargest(k, scores.values())[-1]
    contenders = [account for account, score in scores.items() if score >= threshold]
    return sorted(contenders, key=order)[:k]


def _followed_by(
    chosen: Iterable[str], following: dict[str, tuple[float, list[str]]], edge_weight: Mapping[str, float]
) -> dict[str, list[str]]:
    followed_by: dict[str, list[str]] = {account: [] for account in chosen}
    strongest_first = sorted(following, key=lambda seed: (-edge_weight[seed], seed))
    for seed in strongest_first:
        for account in filter(followed_by.__contains__, following[seed][1]):
            followed_by[account].append(seed)
    return followed_by
