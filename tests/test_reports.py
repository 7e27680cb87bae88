"""/settings status and /settings budget read plainly: jobs and endpoints in words, one warning per problem, and
a discovery's cost that is the ledger's (crawls included)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.models import DiscoveryRun
from bot.reports import BudgetReport, SeedProgress, StatusReport
from cogs.settings import render_budget, render_status

GUILD = 1576975667394772993
BUDGET = "Today's X budget is used up: $25.00 of $25.00 spent, and {} could cost up to $0.10. Raise DAILY_SPEND_CAP."


@dataclass
class Job:
    id: str
    name: str
    next_run_time: datetime | None = None


def report(**overrides: Any) -> StatusReport:
    values: dict[str, Any] = {
        "seeds": (),
        "last_run": None,
        "last_digest": None,
        "queued_follows": 0,
        "follows_by_hand": 0,
        "last_problem": None,
        "last_problem_at": None,
        "stuck": (),
        "waiting": None,
    }
    values.update(overrides)
    return StatusReport(**values)


def test_status_names_jobs_in_words_not_ids() -> None:
    scheduler = [
        Job(f"discovery:{GUILD}", f"discovery for guild {GUILD}"),
        Job(f"digest:{GUILD}", f"digest for guild {GUILD}"),
        Job("executor", "action executor"),
        Job("monitor:7", "watch List Rust Berlin"),
        Job("discovery:42", "discovery for guild 42"),  # another team's
    ]
    text = render_status(report(watched_list_ids=(7,)), scheduler, GUILD)  # type: ignore[arg-type]
    assert str(GUILD) not in text and "guild 42" not in text
    assert "Finding new people (discovery): next paused" in text
    assert "Daily digest" in text and "Sending approved follows" in text and "Watching the List Rust Berlin" in text


def test_status_lists_one_warning_per_problem() -> None:
    run = DiscoveryRun(
        guild_id=GUILD,
        started_at=datetime(2026, 11, 30, 9, tzinfo=UTC),
        outcome="partial",
        errors=[BUDGET.format("GET /2/users/:id/tweets"), BUDGET.format("GET /2/users/:id/following")],
    )
    seeds = (
        SeedProgress("alice", 1.0, 100, "complete", BUDGET.format("GET /2/users/:id/following")),
        SeedProgress("bob", 1.0, None, "in progress (2 pages read)", BUDGET.format("GET /2/users/:id/following")),
    )
    text = render_status(report(last_run=run, seeds=seeds, last_problem=BUDGET.format("GET /2/users")), [], GUILD)
    assert text.count("budget is used up") == 1
    assert "complete ⚠" not in text and "@alice: complete" in text


def test_budget_names_endpoints_in_words() -> None:
    text = render_budget(
        BudgetReport(
            today_dollars=1.5,
            month_dollars=3,
            today_by_endpoint={"GET /2/users/:id/following": 1.0, "GET /2/lists/:id/tweets": 0.5},
            all_teams_today_dollars=1.5,
            daily_cap_dollars=25,
        )
    )
    assert "/2/" not in text
    assert "following lists read (crawls): $1.00" in text and "watched Lists' posts read: $0.50" in text
