"""Seeds learn from outcomes: each seed's yield (relationships per suggestion), and, for teams that opt in, a
bounded weekly adjustment of seed weights towards the seeds that bring relationships, each change audited.

The adjustment is deliberately slow and bounded, so a lucky week can't take over discovery:
- only seeds with at least ``MIN_SUGGESTIONS`` suggestions move;
- a seed's yield is smoothed towards the team's (``PRIOR_SUGGESTIONS`` pseudo-suggestions at the team's yield,
  additive smoothing) before it is compared with the team's;
- a weight changes by at most ``MAX_STEP`` (20 %) a week, and learning never takes it out of
  ``[LEARN_MIN, LEARN_MAX]`` (a weight the team set outside them only moves back towards them).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import col, select

from bot.audit import audit
from bot.models import Seed
from bot.relationships.people import load_people
from bot.relationships.stages import Stage

if TYPE_CHECKING:
    from datetime import datetime

    from sqlmodel.ext.asyncio.session import AsyncSession

log = logging.getLogger(__name__)

MIN_SUGGESTIONS = 5
PRIOR_SUGGESTIONS = 5
MAX_STEP = 0.2
LEARN_MIN, LEARN_MAX = 0.5, 3.0


@dataclass(frozen=True)
class SeedYield:
    seed_id: str
    handle: str
    weight: float
    suggested: int
    relationships: int

    @property
    def yield_(self) -> float:
        return self.relationships / self.suggested if self.suggested else 0.0


@dataclass(frozen=True)
class WeightChange:
    handle: str
    old: float
    new: float
    reason: str


async def seed_yields(session: AsyncSession, *, guild_id: int, now: datetime) -> dict[str, SeedYield]:
    """Every active seed's yield, keyed by the seed's account id."""
    seeds = (await session.exec(select(Seed).where(Seed.guild_id == guild_id, col(Seed.removed_at).is_(None)))).all()
    people = await load_people(session, guild_id=guild_id, now=now)
    suggested: dict[str, int] = {}
    formed: dict[str, int] = {}
    for person in people:
        for seed_id in person.seed_ids:
            suggested[seed_id] = suggested.get(seed_id, 0) + 1
            if Stage.RELATIONSHIP in person.progress.reached:
                formed[seed_id] = formed.get(seed_id, 0) + 1
    return {
        seed.account_id: SeedYield(
            seed_id=seed.account_id,
            handle=seed.handle,
            weight=seed.weight,
            suggested=suggested.get(seed.account_id, 0),
            relationships=formed.get(seed.account_id, 0),
        )
        for seed in seeds
    }


def proposed_weight(seed: SeedYield, team_yield: float) -> float | None:
    """The seed's next weight, or None when it should not move (too few suggestions, or no real change)."""
    if seed.suggested < MIN_SUGGESTIONS or team_yield <= 0:
        return None
    smoothed = (seed.relationships + PRIOR_SUGGESTIONS * team_yield) / (seed.suggested + PRIOR_SUGGESTIONS)
    factor = min(1 + MAX_STEP, max(1 - MAX_STEP, smoothed / team_yield))
    # The bounds limit what learning does, never what the team set: a weight the team put above LEARN_MAX is
    # not raised further nor pulled down by a good yield; one below LEARN_MIN is not lowered further.
    moved = seed.weight * factor
    if factor >= 1:
        new = round(min(moved, max(LEARN_MAX, seed.weight)), 2)
    else:
        new = round(max(moved, min(LEARN_MIN, seed.weight)), 2)
    return new if abs(new - seed.weight) >= 0.01 else None


async def learn_weights(session: AsyncSession, *, guild_id: int, now: datetime) -> list[WeightChange]:
    """Move seed weights towards their yields (within the bounds above); one audit row per change, explained."""
    yields = await seed_yields(session, guild_id=guild_id, now=now)
    total_suggested = sum(y.suggested for y in yields.values())
    team_yield = sum(y.relationships for y in yields.values()) / total_suggested if total_suggested else 0.0
    changes = []
    for seed_yield in yields.values():
        new = proposed_weight(seed_yield, team_yield)
        if new is None:
            continue
        seed = (
            await session.exec(select(Seed).where(Seed.guild_id == guild_id, Seed.account_id == seed_yield.seed_id))
        ).one()
        direction = "more" if new > seed.weight else "less"
        reason = (
            f"@{seed.handle} brought {seed_yield.relationships} relationships from {seed_yield.suggested} suggestions "
            f"({seed_yield.yield_:.0%}) against the team's {team_yield:.0%}: it counts {direction} now"
        )
        changes.append(WeightChange(seed.handle, seed.weight, new, reason))
        await audit(
            session,
            guild_id=guild_id,
            event="seed_weight_learned",
            actor_id=None,
            account_id=seed.account_id,
            at=now,
            handle=seed.handle,
            old=seed.weight,
            new=new,
            seed_yield=round(seed_yield.yield_, 4),
            team_yield=round(team_yield, 4),
            suggested=seed_yield.suggested,
            relationships=seed_yield.relationships,
            reason=reason,
        )
        seed.weight = new
        session.add(seed)
    return changes
