"""/settings show | set | budget | status."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands
from discord.utils import escape_markdown

from bot import ledger
from bot.client import CirclebotClient
from bot.costs import team_reads, team_reads_of
from bot.credentials import x_status_lines
from bot.embeds import NO_MENTIONS
from bot.formats import md, plural
from bot.inputs import check_bool, check_number
from bot.models import utcnow
from bot.openers.language import language_name
from bot.relationships.costs import TrackingCost, render_tracking_cost, tracking_cost
from bot.relationships.weekly import WEEKDAYS, describe_schedule, schedule_team, set_report
from bot.replies import fit_lines
from bot.reports import BudgetReport, StatusReport, budget_report, endpoint_words, status_report, stuck_lines
from bot.team import SETTABLE, get_settings, set_team_account, set_topics, update
from cogs._common import REPORT_PERMISSIONS, decider_of, guild_id_of, require_permissions

if TYPE_CHECKING:
    from collections.abc import Sequence

    from apscheduler.job import Job

    from bot.models import GuildSettings


def render_settings(settings: GuildSettings) -> str:
    lines = ["**Circlebot settings**"]
    for name, bound in SETTABLE.items():
        value = getattr(settings, name)
        shown = f"{value:.0%}" if name == "min_reply_share" else f"{value:g}"
        lines.append(f"{bound.label}: **{shown}** — {bound.meaning}")
    role = f"<@&{settings.approver_role_id}>" if settings.approver_role_id else "none (Manage Server only)"
    lines.append(f"Approver role: {role}")
    channel = f"<#{settings.digest_channel_id}>" if settings.digest_channel_id else "not set (use /digest channel)"
    lines.append(f"Digest: {channel} at {settings.digest_hour:02d}:00 {settings.digest_timezone}")
    if settings.topics:
        lines.append("Topics: " + escape_markdown(", ".join(settings.topics)))
    lines.append(f"Language: {language_name(settings.language)} ({settings.language})")
    return "\n".join(lines)


def render_budget(report: BudgetReport, tracking: TrackingCost | None = None) -> str:
    lines = [
        f"**X spend today:** ${report.today_dollars:.2f} (this team) · ${report.all_teams_today_dollars:.2f} of the "
        f"${report.daily_cap_dollars:.2f} daily cap used, ${report.cap_left_dollars:.2f} left",
        f"**This month:** ${report.month_dollars:.2f}",
    ]
    if report.today_by_endpoint:
        lines.append("**Today, by what was done:**")
        lines += [
            f"· {endpoint_words(endpoint)}: ${dollars:.2f}" for endpoint, dollars in report.today_by_endpoint.items()
        ]
    if tracking is not None:
        lines.append(render_tracking_cost(tracking))
    return "\n".join(lines)


# Scheduler job ids (bot.jobs) → what the job does, in words; "{}" is the List's name for a watch.
JOB_WORDS = {
    "discovery": "Finding new people (discovery)",
    "digest": "Daily digest",
    "executor": "Sending approved follows and List additions",
    "crawl": "Reading new seeds' follows",
    "monitor": "Watching the List {}",
}


def job_words(job_id: str, name: str) -> str:
    """A scheduler job in words ("digest:1576…" → "Daily digest"); its own name for a job we don't know."""
    kind = job_id.split(":", 1)[0]
    words = JOB_WORDS.get(kind)
    if words is None:
        return name
    return words.format(name.removeprefix("watch List ")) if "{}" in words else words


def problem_key(text: str) -> str:
    """Two reports of one problem share their first clause ("Today's X budget is used up: $5 … endpoint A" and
    "… endpoint B"), so a problem is listed once however many steps ran into it."""
    return text.split(":", 1)[0].split(";", 1)[0].strip().casefold()


def render_status(report: StatusReport, jobs: Sequence[Job], guild_id: int, x_lines: Sequence[str] = ()) -> str:
    """The status message; ``jobs`` are the scheduler's (this team's are picked by id)."""
    lines = [*x_lines, "**Jobs**"]
    ours = {f"digest:{guild_id}", f"discovery:{guild_id}", "executor", f"crawl:{guild_id}"}
    ours |= {f"monitor:{list_id}" for list_id in report.watched_list_ids}
    for job in jobs:
        if job.id in ours:
            when = discord.utils.format_dt(job.next_run_time, "R") if job.next_run_time else "paused"
            lines.append(f"· {escape_markdown(job_words(job.id, job.name))}: next {when}")
    problems: dict[str, str] = {}
    run = report.last_run
    if run is not None:
        # The run's cost is the ledger's sum of everything the run called, crawls included (bot/pipeline.py).
        lines.append(
            f"Last discovery: {discord.utils.format_dt(run.started_at, 'R')} — {run.outcome}, {run.suggested} "
            f"suggested from {plural(run.candidates):candidate,}, ${ledger.dollars(run.cost_micros):.2f} spent on X"
        )
        for error in run.errors:
            problems.setdefault(problem_key(error), error)
    digest = report.last_digest
    if digest is not None:
        lines.append(f"Last digest: {digest.digest_day} — {digest.state}")
        if digest.error:
            problems.setdefault(problem_key(digest.error), digest.error)
    lines.append(f"Follows queued: {report.queued_follows} · to follow by hand: {report.follows_by_hand}")
    if report.waiting:
        lines.append(f"  ⏳ {escape_markdown(report.waiting)}")
    lines += [f"⚠ {escape_markdown(line)}" for line in stuck_lines(report.stuck)]
    if report.last_problem:
        problems.setdefault(problem_key(report.last_problem), report.last_problem)
    for seed in report.seeds:
        if seed.last_error and seed.crawl != "complete":
            problems.setdefault(problem_key(seed.last_error), f"@{seed.handle}: {seed.last_error}")
    for problem in report.list_problems:
        problems.setdefault(problem_key(problem), problem)
    if problems:
        # Problems are plain words that name handles and Lists ("List Rust_Berlin: …"): escaped here, once.
        lines.append("**Problems**")
        lines += [f"⚠ {escape_markdown(problem)}" for problem in problems.values()]
    lines.append("**Seeds**")
    lines += [escape_markdown(f"· @{seed.handle}: {seed.crawl}") for seed in report.seeds]
    return fit_lines(lines, what="more seeds")


@app_commands.guild_only()
class SettingsCog(commands.GroupCog, group_name="settings", group_description="Circlebot's thresholds and rules."):
    def __init__(self, client: CirclebotClient) -> None:
        self.client = client
        super().__init__()

    @app_commands.command(name="show", description="Show this team's settings.")
    async def show(self, interaction: discord.Interaction[CirclebotClient]) -> None:
        guild_id = guild_id_of(interaction)
        async with self.client.db.session() as session, session.begin():
            settings = await get_settings(session, guild_id)
        await interaction.response.send_message(render_settings(settings), ephemeral=True, allowed_mentions=NO_MENTIONS)

    @app_commands.command(name="set", description="Change one or more thresholds (Manage Server or approver role).")
    @app_commands.describe(
        silence_days="Skip accounts with no post for this many days (1–365)",
        min_reply_share="Share of posts that must reply to other people (0–1)",
        min_posts_per_week="Posts per week to count as active (0–200)",
        daily_follow_cap="Follows sent per day at most (0–400)",
        approver_role="Members with this role may approve and change settings",
        approvals_needed="Approving reactions needed before an action is decided (1–10)",
        language="The team's language code (e.g. en, de, fr): openers answer and quote only posts in it",
        rest_days="Days before an account suggested once can be suggested again (1–365)",
        daily_list_add_cap="List additions sent per day at most (0–300)",
    )
    async def set_(
        self,
        interaction: discord.Interaction[CirclebotClient],
        silence_days: app_commands.Range[int, 1, 365] | None = None,
        min_reply_share: app_commands.Range[float, 0.0, 1.0] | None = None,
        min_posts_per_week: app_commands.Range[float, 0.0, 200.0] | None = None,
        daily_follow_cap: app_commands.Range[int, 0, 400] | None = None,
        approver_role: discord.Role | None = None,
        approvals_needed: app_commands.Range[int, 1, 10] | None = None,
        language: app_commands.Range[str, 2, 16] | None = None,
        rest_days: app_commands.Range[int, 1, 365] | None = None,
        daily_list_add_cap: app_commands.Range[int, 0, 300] | None = None,
    ) -> None:
        guild_id = guild_id_of(interaction)
        changes: dict[str, float | int | None] = {
            "silence_days": silence_days,
            "min_reply_share": min_reply_share,
            "min_posts_per_week": min_posts_per_week,
            "daily_follow_cap": daily_follow_cap,
            "approvals_needed": approvals_needed,
            "suggestion_cooldown_days": rest_days,
            "daily_list_add_cap": daily_list_add_cap,
        }
        async with self.client.db.session() as session, session.begin():
            settings = await update(
                session,
                guild_id=guild_id,
                decider=decider_of(interaction),
                changes=changes,
                approver_role_id=approver_role.id if approver_role else None,
                language=language,
            )
        await interaction.response.send_message(
            "Saved.\n" + render_settings(settings), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @app_commands.command(name="topics", description="What your team talks about (ranks openers and posts).")
    @app_commands.describe(
        topics="Comma-separated topics, e.g. rust, databases, open source (leave out to see the current ones)",
        clear="Remove every topic",
    )
    async def topics(
        self,
        interaction: discord.Interaction[CirclebotClient],
        topics: app_commands.Range[str, 1, 1000] | None = None,
        clear: bool = False,
    ) -> None:
        guild_id = guild_id_of(interaction)
        clear = check_bool(clear, label="Clear")
        async with self.client.db.session() as session, session.begin():
            if topics is None and not clear:
                settings = await get_settings(session, guild_id)
                words = ", ".join(settings.topics) or "none yet"
                answer = f"Topics: {discord.utils.escape_markdown(words)}. Set them with `/settings topics topics:`."
            else:
                settings = await set_topics(
                    session, guild_id=guild_id, decider=decider_of(interaction), raw=None if clear else topics
                )
                shown = discord.utils.escape_markdown(", ".join(settings.topics))
                answer = f"Topics set: {shown}." if settings.topics else "Topics cleared."
        await interaction.response.send_message(answer, ephemeral=True, allowed_mentions=NO_MENTIONS)

    @app_commands.command(name="budget", description="Today's and this month's X spend, by endpoint.")
    async def budget(self, interaction: discord.Interaction[CirclebotClient]) -> None:
        guild_id = guild_id_of(interaction)
        async with self.client.db.session() as session:
            report = await budget_report(
                session, guild_id=guild_id, now=utcnow(), daily_cap=self.client.settings.daily_spend_cap
            )
            team = await team_reads_of(
                session,
                guild_id=guild_id,
                settings=self.client.settings,
                owned_id=self.client.network.me_id,
            )
            tracking = await tracking_cost(session, guild_id=guild_id, now=utcnow())
        await interaction.response.send_message(render_budget(report, tracking) + "\n" + team.words, ephemeral=True)

    @app_commands.command(name="report", description="When and where the weekly report of what came of it goes.")
    @app_commands.describe(
        weekday="Day of the week (local time, the digest's time zone)",
        hour="Hour of the day, 0–23",
        channel="Where it goes (default: the digest channel)",
        quiet_weeks="Someone has gone quiet after this many weeks without an exchange (1–52)",
    )
    @app_commands.choices(weekday=[app_commands.Choice(name=day, value=i) for i, day in enumerate(WEEKDAYS)])
    async def report(
        self,
        interaction: discord.Interaction[CirclebotClient],
        weekday: app_commands.Choice[int] | None = None,
        hour: app_commands.Range[int, 0, 23] | None = None,
        channel: discord.TextChannel | None = None,
        quiet_weeks: app_commands.Range[int, 1, 52] | None = None,
    ) -> None:
        guild_id = guild_id_of(interaction)
        # Discord's Range and integer type are its clients' checks: a crafted 0.0001 hour passed the service's
        # bounds and broke the schedule ("Something went wrong"), so whole numbers are checked here, as they run.
        if hour is not None:
            hour = int(check_number(hour, label="The hour", low=0, high=23, integer=True))
        if quiet_weeks is not None:
            quiet_weeks = int(check_number(quiet_weeks, label="Gone quiet after", low=1, high=52, integer=True))
        if channel is not None:
            require_permissions(channel, REPORT_PERMISSIONS)  # before anything is saved
        async with self.client.db.session() as session, session.begin():
            state, settings = await set_report(
                session,
                guild_id=guild_id,
                decider=decider_of(interaction),
                weekday=weekday.value if weekday else None,
                hour=hour,
                channel_id=channel.id if channel else None,
                quiet_weeks=quiet_weeks,
            )
        schedule_team(
            self.client.scheduler,
            guild_id=guild_id,
            weekday=state.report_weekday,
            hour=state.report_hour,
            timezone=settings.digest_timezone,
        )
        await interaction.response.send_message(
            describe_schedule(state, settings), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @app_commands.command(name="team_account", description="Your team's X account, when X_ACCESS_TOKEN is not set.")
    @app_commands.describe(handle="The team's @handle or profile link")
    async def team_account(
        self, interaction: discord.Interaction[CirclebotClient], handle: app_commands.Range[str, 1, 100]
    ) -> None:
        guild_id = guild_id_of(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        network = self.client.network.for_guild(guild_id)
        account = await set_team_account(
            self.client.db, network, guild_id=guild_id, decider=decider_of(interaction), raw=handle
        )
        reads = team_reads(account, settings=self.client.settings, owned_id=network.me_id)
        used = "" if network.me_id in (None, account.id) else " X_ACCESS_TOKEN's account is used while it is set."
        await interaction.followup.send(
            f"Saved: the team is @{md(account.handle)}; accounts it follows are never suggested.{used}\n{reads.words}",
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @app_commands.command(name="status", description="Jobs, crawl progress per seed, and the last problems.")
    async def status(self, interaction: discord.Interaction[CirclebotClient]) -> None:
        guild_id = guild_id_of(interaction)
        async with self.client.db.session() as session:
            report = await status_report(session, guild_id=guild_id)
        await interaction.response.send_message(
            render_status(
                report,
                self.client.scheduler.get_jobs(),
                guild_id,
                x_status_lines(self.client.settings, self.client.network.learned_vocabularies()),
            ),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )


async def setup(client: CirclebotClient) -> None:
    await client.add_cog(SettingsCog(client))
