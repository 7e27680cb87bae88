"""``python -m bot demo``: the main job, offline: seeds → crawl → rank → checks → openers → digest, against a
generated sandbox X world, printed in the terminal."""

from __future__ import annotations

import logging
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from bot.db import Database
from bot.digest import Digest, DigestEntry, OpenerView, build_digest
from bot.discovery import seeds
from bot.embeds import OPENER_BUTTONS, OPENER_TITLES
from bot.formats import plural
from bot.networks.x import XNetwork
from bot.openers import OpenerWriter
from bot.openers.intent import opener_intent
from bot.pipeline import run_discovery, screened_reasons
from bot.sandbox.server import SandboxServer
from bot.sandbox.weeks import simulate
from bot.sandbox.world import World
from bot.team import get_settings
from bot.text import say_age

DEMO_GUILD = 1
DEMO_SEEDS = 8
DEMO_FOLLOWING = 400
DEMO_TOPICS = ["python", "open source", "design", "startups"]


def _ago(moment: datetime | None, now: datetime) -> str:
    return "unknown" if moment is None else say_age((now - moment).total_seconds() / 3600)


def render_entry(entry: DigestEntry, now: datetime) -> Panel:
    lines: list[Text | str] = []
    if entry.bio:
        lines.append(Text(entry.bio, style="italic"))
    place = f" · {escape(entry.location)}" if entry.location else ""
    lines.append(f"[dim]{plural(entry.followers_count):follower,} · following {entry.following_count:,}{place}[/]")
    warm = " · [green]already follows you[/]" if entry.follows_team else ""
    lines.append(f"[bold]Why:[/] {escape(entry.explanation)}{warm}")
    lines.append(
        f"[bold]Activity:[/] {entry.posts_per_day:.1f} posts/day · {entry.reply_share:.0%} replies to others · "
        f"{plural(entry.people_engaged):person|people} engaged · {plural(entry.two_way_exchanges):two-way exchange} · "
        f"{entry.broadcast_share:.0%} broadcast · last post {_ago(entry.last_post_at, now)}"
    )
    for opener in entry.openers:
        lines.append("")
        title = OPENER_TITLES.get(opener.kind, opener.kind)
        lines.append(f"[bold cyan]{title}[/] [dim]({escape(opener.why)})[/]")
        if opener.post_excerpt:
            lines.append(Text(f"  “{opener.post_excerpt}”", style="dim"))
        if opener.post_url:
            lines.append(f"  [link={opener.post_url}]{opener.post_url}[/link]")
        lines.append(Text(f"  ✎ {opener.draft}"))
        # The terminal's stand-in for the Discord link button under the entry: the same label and intent URL.
        button = OPENER_BUTTONS.get(opener.kind, "Open on X")
        url = opener_link(opener)
        lines.append(Text.assemble("  ", (f"[{button}]", "bold"), " ", (url, f"link {url}")))
    title = f"{entry.position}. {escape(entry.name)} [link={entry.profile_url}]@{entry.handle}[/link]"
    return Panel(Group(*lines), title=title, title_align="left")


def opener_link(opener: OpenerView) -> str:
    """The opener's X web intent (the URL its Discord link button opens): the stored one, or for an opener
    stored before intents were kept, built now by :func:`bot.openers.intent.opener_intent` from its draft and
    post link (``https://x.com/HANDLE/status/ID``)."""
    if opener.intent_url:
        return opener.intent_url
    post_id = opener.post_url.rstrip("/").rsplit("/", 1)[-1] if opener.post_url else None
    return opener_intent(opener.kind, opener.draft, post_id=post_id, post_url=opener.post_url)


def render_digest(console: Console, digest: Digest, now: datetime) -> None:
    screened = ", ".join(f"{count} {reason.replace('_', ' ')}" for reason, count in digest.screened_out.items())
    console.print(
        Panel(
            f"[bold]{plural(len(digest.entries)):account} to talk to[/] from {plural(digest.candidates):candidate,} · "
            f"{plural(digest.shortlisted):timeline} read · screened out: {screened or 'none'}\n"
            f"X spend today ${digest.spend_today_dollars:.2f} · this month ${digest.spend_month_dollars:.2f}",
            title=f"Circlebot digest · {digest.day.isoformat()}",
            style="bold",
        )
    )
    for entry in digest.entries:
        console.print(render_entry(entry, now))
    for error in digest.run_errors:
        console.print(f"[yellow]note:[/] {escape(error)}")


async def run_demo(*, seed: int = 7, vocabulary: str = "tweet") -> int:
    """The demo in the terminal; ``vocabulary``: what the sandbox X speaks (tweet, post or mixed)."""
    logging.basicConfig(level=logging.WARNING)
    world = World.generate(seed=seed, seeds=DEMO_SEEDS, following_per_seed=DEMO_FOLLOWING)
    world.vocabulary = vocabulary
    console = Console()
    await demo_digest(world, console=console, label=f"{seed}")
    await render_weeks(console)
    return 0


async def demo_digest(world: World, *, console: Console, label: str = "") -> Digest:
    """Add the world's seeds, run discovery once against the world served by a sandbox, and print the digest.

    Returns the digest (``Digest``), so a test can run the whole demo against any world."""
    started = time.perf_counter()
    now = datetime.now(UTC)
    handles = " ".join(f"@{world.users[seed_id].username}" for seed_id in world.seed_ids)
    with tempfile.TemporaryDirectory() as folder:
        async with (
            SandboxServer(world) as sandbox,
            Database(f"sqlite+aiosqlite:///{Path(folder) / 'demo.sqlite3'}") as db,
            XNetwork.from_settings(sandbox.client_settings(daily_spend_cap=100.0), db) as x,
        ):
            console.print(f"[dim]Sandbox X world {label} ({world.vocabulary} vocabulary) at {sandbox.base_url}[/]")
            console.print(f"/seed add {handles}")
            async with db.session() as session, session.begin():
                settings = await get_settings(session, DEMO_GUILD)
                settings.topics = DEMO_TOPICS
                session.add(settings)
            async with db.session() as session, session.begin():
                added = await seeds.add(
                    session, x.for_guild(DEMO_GUILD), guild_id=DEMO_GUILD, raw=handles, added_by=None
                )
            console.print(f"[dim]{plural(len(added.added)):seed} added; crawling, ranking and checking…[/]")
            await run_discovery(db, x, guild_id=DEMO_GUILD, writer=OpenerWriter(), now=now)
            async with db.session() as session:
                digest = await build_digest(session, guild_id=DEMO_GUILD, day=now.date())
            render_digest(console, digest, now)
            async with db.session() as session:
                for handle, reason in await screened_reasons(session, guild_id=DEMO_GUILD):
                    console.print(f"[dim]screened out @{escape(handle)}: {escape(reason)}[/]")
            for learned in x.vocabularies.status():
                console.print(
                    f"[dim]X refused {learned.learned_from}: {learned.endpoint} speaks the {learned.vocabulary} "
                    "vocabulary[/]"
                )
            console.print(
                f"[dim]{len(sandbox.requests)} requests to X, sandbox bill ${sandbox.billing.total_dollars:.2f}, "
                f"{time.perf_counter() - started:.1f} s[/]"
            )
    return digest


async def render_weeks(console: Console) -> None:
    """Two simulated weeks of what came of the suggestions, ending with the weekly report and its chart."""
    console.print("\n[dim]Two simulated weeks: the team follows, talks, people answer and follow back…[/]")
    folder = Path(tempfile.mkdtemp(prefix="circlebot-demo-report-"))
    result = await simulate(folder, weeks=2)
    last = result.reports[-1]
    console.print(Panel(Text(last.text), title="Weekly report (posted in the digest channel)", title_align="left"))
    console.print(f"Chart: {result.chart_paths[-1]}")
