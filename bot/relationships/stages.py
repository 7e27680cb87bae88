"""Where a person stands with a team, derived from what happened — never set by hand.

The funnel is suggested → approved → followed → talked → answered → relationship. Each stage is reached at a
time taken from stored facts: the first suggestion, the first approval of a follow, and the events read from X
(``PersonEvent``: followed, talked, answered, followed_back, and their ends: unfollowed, unfollowed_back). A
*relationship* is Twitter's "quality follow"
turned into facts we can read: both sides engaged — the team talked and the person answered, or the person
answered and follows the team back (Goel et al., "WTF: The Who to Follow Service at Twitter", WWW 2013, measure
success by engagement on both sides, not by the follow). A person *goes quiet* after an exchange when neither
side has talked for ``quiet_weeks`` weeks.

The funnel counts who *reached* each stage, when: a follow that later ended was still a follow that week, so a
past week's report stays true and the weeks add up to "in all". Where someone stands *now* (``Progress.stage``,
``label``, the /people views) follows the current follow state: someone the team unfollowed no longer stands at
"followed", someone who stopped following back no longer "follows back", and a relationship that rested on a
follow-back only (no talk) ends with it.

Everything here is pure: it takes times, returns times and labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable


class EventKind(StrEnum):
    """What tracking reads from X (stored in ``PersonEvent.kind``)."""

    FOLLOWED = "followed"
    TALKED = "talked"
    ANSWERED = "answered"
    FOLLOWED_BACK = "followed_back"
    UNFOLLOWED = "unfollowed"
    """The team no longer follows them (a whole read of the team's following list missed them)."""
    UNFOLLOWED_BACK = "unfollowed_back"
    """They no longer follow the team (a whole read of the team's followers missed them)."""


FOLLOW_ENDS: dict[EventKind, EventKind] = {
    EventKind.FOLLOWED: EventKind.UNFOLLOWED,
    EventKind.FOLLOWED_BACK: EventKind.UNFOLLOWED_BACK,
}
"""Each follow kind and the event that ends it."""


class Stage(StrEnum):
    """The funnel, in order."""

    SUGGESTED = "suggested"
    APPROVED = "approved"
    FOLLOWED = "followed"
    TALKED = "talked"
    ANSWERED = "answered"
    RELATIONSHIP = "relationship"


FUNNEL: tuple[Stage, ...] = tuple(Stage)

STAGE_LABELS: dict[Stage, str] = {
    Stage.SUGGESTED: "suggested",
    Stage.APPROVED: "approved",
    Stage.FOLLOWED: "followed",
    Stage.TALKED: "talked",
    Stage.ANSWERED: "answered",
    Stage.RELATIONSHIP: "relationship",
}


class View(StrEnum):
    """What /people can show: a funnel stage (the furthest reached), or a situation worth acting on."""

    YOUR_TURN = "your_turn"
    FOLLOWED_BACK_NEVER_TALKED = "followed_back_never_talked"
    GONE_QUIET = "gone_quiet"
    STOPPED_FOLLOWING_BACK = "stopped_following_back"
    UNFOLLOWED = "unfollowed"
    RELATIONSHIP = "relationship"
    ANSWERED = "answered"
    TALKED = "talked"
    FOLLOWED = "followed"
    APPROVED = "approved"
    SUGGESTED = "suggested"
    EVERYONE = "everyone"


VIEW_LABELS: dict[View, str] = {
    View.YOUR_TURN: "answered — your turn",
    View.FOLLOWED_BACK_NEVER_TALKED: "followed back, never talked",
    View.GONE_QUIET: "gone quiet",
    View.STOPPED_FOLLOWING_BACK: "stopped following back",
    View.UNFOLLOWED: "unfollowed",
    View.RELATIONSHIP: "relationship",
    View.ANSWERED: "answered",
    View.TALKED: "talked",
    View.FOLLOWED: "followed",
    View.APPROVED: "approved, not followed yet",
    View.SUGGESTED: "suggested only",
    View.EVERYONE: "everyone",
}


@dataclass(frozen=True)
class Facts:
    """What is known about one person for one team, as times (all aware, UTC)."""

    suggested_at: datetime | None = None
    approved_at: datetime | None = None
    followed: tuple[datetime, ...] = ()
    talked: tuple[datetime, ...] = ()
    answered: tuple[datetime, ...] = ()
    followed_back: tuple[datetime, ...] = ()
    unfollowed: tuple[datetime, ...] = ()
    unfollowed_back: tuple[datetime, ...] = ()


@dataclass(frozen=True)
class Progress:
    """When each stage was first reached (None: not yet), and where the person stands now.

    ``following`` / ``follows_back``: whether the team follows them / they follow the team now (the latest
    follow is newer than the latest unfollow); ``unfollowed_at`` / ``stopped_following_back_at``: when the
    latest follow ended, if it did and none came after.
    """

    reached: dict[Stage, datetime] = field(default_factory=dict)
    last_talked_at: datetime | None = None
    last_answered_at: datetime | None = None
    followed_back_at: datetime | None = None
    gone_quiet: bool = False
    following: bool = False
    follows_back: bool = False
    unfollowed_at: datetime | None = None
    stopped_following_back_at: datetime | None = None

    def holds(self, stage: Stage) -> bool:
        """Whether ``stage`` was reached and still stands: a follow that ended no longer does, nor a
        relationship that rested on a follow-back only."""
        if stage not in self.reached:
            return False
        if stage is Stage.FOLLOWED:
            return self.following
        if stage is Stage.RELATIONSHIP:
            talked, answered = self.last_talked_at is not None, self.last_answered_at is not None
            return answered and (talked or self.follows_back)
        return True

    @property
    def stage(self) -> Stage:
        """The furthest stage that still stands (SUGGESTED for someone only suggested): someone the team
        unfollowed before talking to them is back at "approved"."""
        for stage in reversed(FUNNEL):
            if self.holds(stage):
                return stage
        return Stage.SUGGESTED

    @property
    def last_exchange_at(self) -> datetime | None:
        times = [t for t in (self.last_talked_at, self.last_answered_at) if t is not None]
        return max(times) if times else None

    @property
    def your_turn(self) -> bool:
        """They answered after the team last talked to them: the team owes a reply."""
        return self.last_answered_at is not None and (
            self.last_talked_at is None or self.last_answered_at > self.last_talked_at
        )

    def views(self) -> frozenset[View]:
        """Every /people view this person belongs to."""
        views = {View.EVERYONE}
        if self.your_turn:
            views.add(View.YOUR_TURN)
        if self.follows_back and self.last_talked_at is None:
            views.add(View.FOLLOWED_BACK_NEVER_TALKED)
        if self.gone_quiet:
            views.add(View.GONE_QUIET)
        if self.stopped_following_back_at is not None:
            views.add(View.STOPPED_FOLLOWING_BACK)
        if self.unfollowed_at is not None:
            views.add(View.UNFOLLOWED)
        views.add(View(self.stage.value))
        return frozenset(views)

    def label(self) -> str:
        """A short human label: the situation when there is one, else the stage."""
        situations = (
            View.YOUR_TURN,
            View.GONE_QUIET,
            View.STOPPED_FOLLOWING_BACK,
            View.UNFOLLOWED,
            View.FOLLOWED_BACK_NEVER_TALKED,
        )
        for view in situations:
            if view in self.views():
                return VIEW_LABELS[view]
        return STAGE_LABELS[self.stage]


def _first(times: Iterable[datetime]) -> datetime | None:
    ordered = sorted(times)
    return ordered[0] if ordered else None


def _last(times: Iterable[datetime]) -> datetime | None:
    ordered = sorted(times)
    return ordered[-1] if ordered else None


def progress(facts: Facts, *, now: datetime, quiet_weeks: int = 4) -> Progress:
    """Derive a person's progress from the facts, as seen at ``now`` (facts after ``now`` are ignored).

    A stage's time is the first time its fact was seen; approval without a suggestion (imported people) still
    counts. Relationship: the later of the first talk and first answer, or the first moment an answer and a
    follow-back that still stood met, whichever came first. Gone quiet: there was an exchange and none in the
    last ``quiet_weeks``.
    """
    seen = Facts(
        suggested_at=facts.suggested_at if facts.suggested_at and facts.suggested_at <= now else None,
        approved_at=facts.approved_at if facts.approved_at and facts.approved_at <= now else None,
        followed=tuple(t for t in facts.followed if t <= now),
        talked=tuple(t for t in facts.talked if t <= now),
        answered=tuple(t for t in facts.answered if t <= now),
        followed_back=tuple(t for t in facts.followed_back if t <= now),
        unfollowed=tuple(t for t in facts.unfollowed if t <= now),
        unfollowed_back=tuple(t for t in facts.unfollowed_back if t <= now),
    )
    reached: dict[Stage, datetime] = {}
    if seen.suggested_at is not None:
        reached[Stage.SUGGESTED] = seen.suggested_at
    if seen.approved_at is not None:
        reached[Stage.APPROVED] = seen.approved_at
    for stage, times in ((Stage.FOLLOWED, seen.followed), (Stage.TALKED, seen.talked), (Stage.ANSWERED, seen.answered)):
        if (first := _first(times)) is not None:
            reached[stage] = first
    first_talk, first_answer, first_back = _first(seen.talked), _first(seen.answered), _first(seen.followed_back)
    both_sides = [max(first_talk, first_answer)] if first_talk and first_answer else []
    if (answered_back := _answered_while_following_back(first_answer, seen)) is not None:
        both_sides.append(answered_back)
    if both_sides:
        reached[Stage.RELATIONSHIP] = min(both_sides)
    last_talked, last_answered = _last(seen.talked), _last(seen.answered)
    exchanges = [t for t in (last_talked, last_answered) if t is not None]
    quiet = bool(exchanges) and now - max(exchanges) > timedelta(weeks=quiet_weeks)
    following, unfollowed_at = _follow_now(seen.followed, seen.unfollowed)
    follows_back, stopped_at = _follow_now(seen.followed_back, seen.unfollowed_back)
    return Progress(
        reached=reached,
        last_talked_at=last_talked,
        last_answered_at=last_answered,
        followed_back_at=first_back,
        gone_quiet=quiet,
        following=following,
        follows_back=follows_back,
        unfollowed_at=unfollowed_at,
        stopped_following_back_at=stopped_at,
    )


def _answered_while_following_back(first_answer: datetime | None, seen: Facts) -> datetime | None:
    """The first moment an answer and a standing follow-back meet: for each follow-back, from its start to the
    end that followed it, the later of its start and the first answer, if that comes before the end. An answer
    given only after the follow-back ended (and none since) makes no relationship."""
    if first_answer is None:
        return None
    ends = sorted(seen.unfollowed_back)
    for start in sorted(seen.followed_back):
        end = next((moment for moment in ends if moment > start), None)
        meet = max(start, first_answer)
        if end is None or meet < end:
            return meet
    return None


def _follow_now(starts: tuple[datetime, ...], ends: tuple[datetime, ...]) -> tuple[bool, datetime | None]:
    """Whether a follow stands now (its latest start is newer than its latest end), and else when it ended."""
    start, end = _last(starts), _last(ends)
    if start is None:
        return False, None
    if end is None or start > end:
        return True, None
    return False, end


def funnel(
    people: Iterable[Progress], *, since: datetime | None = None, until: datetime | None = None
) -> dict[Stage, int]:
    """How many people reached each stage, counting a stage when its first time falls in [since, until)."""
    counts = dict.fromkeys(FUNNEL, 0)
    for person in people:
        for stage, at in person.reached.items():
            if (since is None or at >= since) and (until is None or at < until):
                counts[stage] += 1
    return counts
