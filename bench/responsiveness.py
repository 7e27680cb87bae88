"""Does the bot keep answering Discord while a full discovery run is in progress? Print one line of figures.

    python -m bench.responsiveness [--seeds 50] [--following 1000] [--slash 200] [--reactions 200] [--spacing-ms 30]

The whole bot runs as in production (``CirclebotClient`` with its cogs, scheduler, database and X client), logged
in to the in-process fake Discord of ``bot/sandbox/fakediscord`` (light: a few aiohttp handlers on this event loop), and
talking over HTTP to a sandbox X served by **another process** (``python -m bot sandbox serve``), so the fake X's
own work never counts as the bot's loop lag. The database is a temporary SQLite file; every socket is checked to
go to 127.0.0.1.

Before the measurement, a small discovery run (the first five seeds) posts a digest, so there are digest entry
messages to react on; the other seeds are then added without being crawled. The measurement starts
``jobs.discovery_job`` (crawl of the new seeds' following lists, ranking, checks, timelines, openers) and at once
begins to feed, every ``--spacing-ms``, alternately a slash command (``/seed list``, ``/settings show|budget|
status``, ``/digest preview``, by the owner, approvers and plain members) and a reaction (✅ or ❌ on a digest
entry, by an approver or by a member who may not decide, each person reacting at most once per emoji and entry).

ack_ms: for a slash command, from feeding INTERACTION_CREATE to its callback reaching the fake Discord (Discord
allows 3000); for a reaction (no callback exists), from feeding MESSAGE_REACTION_ADD to the bot's listener having
finished, its REST calls (entry edit, reaction removal) included. p99_ack_ms: their 99th percentile.
max_loop_lag_ms: the most a 5 ms ``asyncio.sleep`` overslept, from the start of the discovery until the bot was
idle again. A watchdog thread samples the event loop thread's stack whenever the loop is late by more than
``--stall-ms``; stderr names where the longest stalls were spent.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import ipaddress
import itertools
import linecache
import logging
import math
import re
import signal
import socket
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import greenlet
from sqlmodel import col, select

from bot import jobs
from bot.client import CirclebotClient
from bot.config import load_settings
from bot.db import Database
from bot.discovery import seeds as seed_service
from bot.models import DiscoveryRun, utcnow
from bot.networks.x import XNetwork
from bot.openers import OpenerWriter
from bot.pipeline import run_discovery
from bot.sandbox.fakediscord import DiscordHarness, FakeDiscord, payloads
from bot.sandbox.world import World
from bot.team import get_settings

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from types import FrameType

    from bot.config import Settings
    from bot.models import GuildSettings
    from bot.sandbox.fakediscord.payloads import Payload

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parent.parent
FIRST_RUN_SEEDS = 5  # the small earlier run whose digest gives the reactions something to land on
MONITOR_INTERVAL = 0.005
WATCHDOG_POLL = 0.002
# Where the loop thread sits in a call that let go of the GIL (the poll, reading the wake-up pipe).
POLLING = {("selectors.py", "select"), ("selector_events.py", "_read_from_self")}
GIL_WAIT = "(loop thread back from select(), waiting for the GIL)"
APPROVER_ROLE = payloads.snowflake()
SLASH_COMMANDS = [("seed", "list"), ("settings", "show"), ("settings", "budget"), ("settings", "status")]
SLASH_COMMANDS += [("digest", "preview")]
ACK_TARGET_MS = 1000.0
LAG_TARGET_MS = 100.0


@dataclass(frozen=True)
class Options:
    seeds: int = 50
    following: int = 1000
    world_seed: int = 7
    slash: int = 200
    reactions: int = 200
    spacing_ms: float = 30.0
    stall_ms: float = 20.0
    people: int = 10  # approvers, and as many members who may not decide


# -- keeping everything on 127.0.0.1 --------------------------------------------------------------------------


def _is_loopback(address: object) -> bool:
    if isinstance(address, tuple) and address:
        host = str(address[0])
        if host == "localhost":
            return True
        with contextlib.suppress(ValueError):
            return ipaddress.ip_address(host).is_loopback
        return False
    return isinstance(address, (str, bytes))  # a Unix socket path never leaves the machine


@contextlib.contextmanager
def loopback_only() -> Iterator[None]:
    """Refuse any connection that would leave the machine (asyncio connects through ``socket.connect``)."""
    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex

    def guarded(method: Any) -> Any:
        def check(sock: socket.socket, address: Any) -> Any:
            if not _is_loopback(address):
                raise ConnectionRefusedError(f"the benchmark stays on 127.0.0.1; refused a connection to {address}")
            return method(sock, address)

        return check

    socket.socket.connect = guarded(connect)  # type: ignore[method-assign]
    socket.socket.connect_ex = guarded(connect_ex)  # type: ignore[method-assign]
    try:
        yield
    finally:
        socket.socket.connect, socket.socket.connect_ex = connect, connect_ex  # type: ignore[method-assign]


# -- the sandbox X in its own process ---------------------------------------------------------------------------


@dataclass
class SandboxProcess:
    process: asyncio.subprocess.Process
    base_url: str
    tokens: dict[str, str]
    seed_handles: list[str]
    summary: str = ""

    @classmethod
    async def start(cls, options: Options, folder: Path) -> SandboxProcess:
        world_file = folder / "world.json.gz"
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "sandbox",
            "serve",
            "--seed",
            str(options.world_seed),
            "--seeds",
            str(options.seeds),
            "--following-per-seed",
            str(options.following),
            "--port",
            "0",
            "--host",
            "127.0.0.1",
            "--follow-allowed",
            "--save-world",
            str(world_file),
            cwd=REPO,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,  # its request log: nobody reads it, and a full pipe would stall it
        )
        assert process.stdout is not None
        banner: list[str] = []
        while not banner or "Ctrl-C" not in banner[-1]:
            line = await asyncio.wait_for(process.stdout.readline(), timeout=120)
            if not line:
                raise RuntimeError("the sandbox X exited before serving:\n" + "".join(banner))
            banner.append(line.decode())
        text = "".join(banner)

        def grab(pattern: str) -> str:
            found = re.search(pattern, text)
            if found is None:
                raise RuntimeError(f"unexpected sandbox banner (no {pattern!r}):\n{text}")
            return found.group(1)

        tokens = {
            "x_bearer_token": grab(r"bearer token:\s+(\S+)"),
            "x_consumer_key": grab(r"consumer key/secret:\s+(\S+) /"),
            "x_consumer_secret": grab(r"consumer key/secret:\s+\S+ / (\S+)"),
            "x_access_token": grab(r"access token:\s+(\S+)"),
            "x_access_token_secret": grab(r"access secret:\s+(\S+)"),
        }
        # The saved world tells us the seeds' handles (the banner lists only ten). Only those are kept: the
        # world's hundred thousand objects would lengthen this process's garbage collections, the bot's pauses.
        seed_handles = await asyncio.to_thread(_seed_handles, world_file)
        return cls(
            process=process,
            base_url=grab(r"Sandbox X API: (http://127\.0\.0\.1:\d+)"),
            tokens=tokens,
            seed_handles=seed_handles,
        )

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGINT)
        try:
            out, _ = await asyncio.wait_for(self.process.communicate(), timeout=10)
            self.summary = out.decode().strip().splitlines()[-1] if out.strip() else ""
        except TimeoutError:
            self.process.kill()
            await self.process.wait()


def _seed_handles(world_file: Path) -> list[str]:
    world = World.open(world_file)
    return [world.users[seed_id].username for seed_id in world.seed_ids]


# -- measuring the loop -----------------------------------------------------------------------------------------

Frame = tuple[str, int, str]  # file (relative to the repo or site-packages), line, function


def _short(filename: str) -> str:
    path = filename.replace("\\", "/")
    for marker in ("/site-packages/", "/lib/python3"):
        if marker in path:
            return path.split(marker, 1)[1]
    with contextlib.suppress(ValueError):
        return str(Path(path).relative_to(REPO))
    return path


def _frames(frame: FrameType | None) -> tuple[Frame, ...]:
    """A stack, outermost first, cheaply (``traceback.extract_stack`` would read every source line)."""
    stack: list[Frame] = []
    while frame is not None:
        stack.append((frame.f_code.co_filename, frame.f_lineno or 0, frame.f_code.co_name))
        frame = frame.f_back
    return tuple(reversed(stack))


def _idle(stack: tuple[Frame, ...]) -> bool:
    """A thread parked on a lock, a queue, a poll or a child process (an idle pool worker, aiosqlite's thread
    waiting for work); a thread inside a C call that keeps the GIL looks the same as one waiting, alas."""
    if not stack:
        return True
    filename, line, function = stack[-1]
    if filename.endswith(("threading.py", "queue.py", "selectors.py")) or function == "_do_waitpid":
        return True
    return ".get(" in linecache.getline(filename, line)


def _is_ours(frame: Frame) -> bool:
    return _short(frame[0]).startswith(("bot/", "cogs/"))


@dataclass
class Stall:
    started: float  # perf_counter of the sleep that overslept
    lag_ms: float
    samples: list[tuple[Frame, ...]] = field(default_factory=list)

    def sites(self, top: int = 3) -> list[tuple[str, int]]:
        """Where the loop thread was, by the innermost frame of bot/ or cogs/ (else the innermost frame)."""
        counts: Counter[str] = Counter()
        for stack in self.samples:
            counts[_site(stack)] += 1
        return counts.most_common(top)


def _site(stack: tuple[Frame, ...]) -> str:
    if stack and stack[-1][0] == GIL_WAIT:
        return f"{GIL_WAIT}; {stack[-1][2]}"
    ours = [frame for frame in stack if _is_ours(frame)]
    inner = stack[-1] if stack else ("?", 0, "?")
    if not ours:
        return f"{_short(inner[0])}:{inner[2]}:{inner[1]}"
    own = ours[-1]
    where = f"{_short(own[0])}:{own[2]}:{own[1]}"
    return where if own == inner else f"{where} → {_short(inner[0])}:{inner[2]}"


class LoopMonitor:
    """Sleeps 5 ms in a loop and records how late it wakes; a watchdog thread samples the loop thread's stack
    while a wake-up is overdue, which says *what* held the loop (a task can't see that from inside the loop)."""

    def __init__(self, stall_ms: float) -> None:
        self.stall_seconds = stall_ms / 1000
        self.recording = False
        self.lags_ms: list[float] = []
        self.stalls: dict[float, Stall] = {}
        self._sleep_started = time.perf_counter()
        self._loop_thread = threading.get_ident()
        self._stop = threading.Event()
        self._watchdog = threading.Thread(target=self._watch, name="loop-watchdog", daemon=True)
        self._samples: dict[float, list[tuple[Frame, ...]]] = {}
        self._main_greenlet: greenlet.greenlet | None = None
        # Garbage collections stop every thread; a full one over a big heap is a stall no stack explains.
        self.collections: list[tuple[float, float, int]] = []  # (start, seconds, generation)
        self._collecting_since = 0.0

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._collecting_since = time.perf_counter()
        elif self.recording:
            self.collections.append(
                (self._collecting_since, time.perf_counter() - self._collecting_since, info["generation"])
            )

    def gc_during(self, stall: Stall) -> float:
        """Seconds of garbage collection within a stall."""
        end = stall.started + MONITOR_INTERVAL + stall.lag_ms / 1000
        return sum(
            max(0.0, min(end, start + seconds) - max(stall.started, start)) for start, seconds, _ in self.collections
        )

    async def run(self) -> None:
        self._main_greenlet = greenlet.getcurrent()
        self._watchdog.start()
        gc.callbacks.append(self._on_gc)
        try:
            while True:
                started = self._sleep_started = time.perf_counter()
                await asyncio.sleep(MONITOR_INTERVAL)
                lag = time.perf_counter() - started - MONITOR_INTERVAL
                samples = self._samples.pop(started, [])
                if self.recording:
                    self.lags_ms.append(lag * 1000)
                    if lag > self.stall_seconds:
                        self.stalls[started] = Stall(started, lag * 1000, samples)
        finally:
            gc.callbacks.remove(self._on_gc)
            self._stop.set()

    def _watch(self) -> None:
        while not self._stop.wait(WATCHDOG_POLL):
            started = self._sleep_started
            if not self.recording or time.perf_counter() - started < MONITOR_INTERVAL + self.stall_seconds:
                continue
            frames = sys._current_frames()
            frame = frames.pop(self._loop_thread, None)
            if frame is None:
                continue
            if (frame.f_code.co_filename.rsplit("/", 1)[-1], frame.f_code.co_name) in POLLING:
                # Back from the poll (or the wake-up pipe) but not running: waiting for the GIL, which a thread
                # running Python holds (to_thread work, the database driver's thread). Name the busy threads.
                frames.pop(threading.get_ident(), None)
                busy = sorted({_site(stack) for stack in map(_frames, frames.values()) if not _idle(stack)})
                waiting = (GIL_WAIT, 0, "busy threads: " + (", ".join(busy) or "none seen"))
                self._samples.setdefault(started, []).append((waiting,))
                continue
            # SQLAlchemy's async layer runs its sync code in a greenlet, whose frames don't lead back to the
            # coroutine that awaited it; the loop thread's main greenlet, suspended meanwhile, holds that part.
            outer = self._main_greenlet.gr_frame if self._main_greenlet is not None else None
            self._samples.setdefault(started, []).append(_frames(outer) + _frames(frame))

    def blocked_by_site(self) -> list[tuple[str, float]]:
        """Milliseconds of stalls, shared out over the sites their samples fell in; the most first."""
        total: dict[str, float] = {}
        for stall in self.stalls.values():
            if not stall.samples:
                total["(not sampled)"] = total.get("(not sampled)", 0.0) + stall.lag_ms
                continue
            share = stall.lag_ms / len(stall.samples)
            for stack in stall.samples:
                total[_site(stack)] = total.get(_site(stack), 0.0) + share
        return sorted(total.items(), key=lambda item: item[1], reverse=True)


# -- the team and the storm -------------------------------------------------------------------------------------


@dataclass
class Team:
    guild: Payload
    channel: Payload
    owner: Payload
    approvers: list[Payload]
    members: list[Payload]  # may not decide

    @property
    def guild_id(self) -> int:
        return int(self.guild["id"])

    @property
    def channel_id(self) -> int:
        return int(self.channel["id"])


def make_team(fake: FakeDiscord, people: int) -> Team:
    guild_id = payloads.snowflake()
    owner = payloads.member(fake.owner)
    approvers = [payloads.member(payloads.user(username=f"approver{i}"), roles=[APPROVER_ROLE]) for i in range(people)]
    members = [payloads.member(payloads.user(username=f"member{i}")) for i in range(people)]
    channel = payloads.text_channel(name="circle", guild_id=guild_id)
    guild = payloads.guild_create(
        guild_id,
        name="Circle Bench",
        owner_id=fake.owner["id"],
        channels=[channel],
        roles=[payloads.role(APPROVER_ROLE, name="approvers")],
        members=[owner, *approvers, *members],
    )
    return Team(guild=guild, channel=channel, owner=owner, approvers=approvers, members=members)


@dataclass
class Sent:
    kind: str  # the command ("/settings show") or the reaction ("✅ by an approver")
    dispatched_at: float
    during_discovery: bool
    interaction_id: int | None = None
    handler: asyncio.Future[Any] | None = None  # a reaction's listener tasks
    done_at: float | None = None

    def ack_ms(self, fake: FakeDiscord) -> float | None:
        if self.interaction_id is not None:
            answers = fake.interaction_responses.get(self.interaction_id, [])
            return (answers[0].received_at - self.dispatched_at) * 1000 if answers else None
        return (self.done_at - self.dispatched_at) * 1000 if self.done_at is not None else None


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def _everyone(team: Team) -> Iterator[Payload]:
    return itertools.cycle([team.owner, *itertools.chain.from_iterable(zip(team.approvers, team.members, strict=True))])


def _reactions(team: Team, entry_ids: list[int], count: int) -> list[tuple[int, str, Payload, str]]:
    """``count`` distinct reactions (entry, emoji, person, role): Discord sends one MESSAGE_REACTION_ADD per
    person, emoji and message. They alternate an approver and a member who may not decide, and go round the
    entries, so the first ✅ on an entry decides it and later ones meet a decided entry."""
    plan: list[tuple[int, str, Payload, str]] = []
    for approver, member in zip(team.approvers, team.members, strict=True):
        for emoji in ("✅", "❌"):
            for entry in entry_ids:
                plan += [(entry, emoji, approver, "approver"), (entry, emoji, member, "member")]
    if len(plan) < count:
        raise SystemExit(f"only {len(plan)} distinct reactions are possible; raise --people")
    return plan[:count]


def _settings(options: Options, sandbox: SandboxProcess, database_url: str) -> Settings:
    return load_settings(
        _env_file=None,
        discord_token="fake-bot-token",
        x_api_base_url=sandbox.base_url,
        database_url=database_url,
        daily_spend_cap=100_000.0,
        llm_base_url=None,  # template openers: no LLM endpoint (nothing may leave the machine)
        log_level="WARNING",
        **sandbox.tokens,
    )


async def _prepare(h: DiscordHarness, team: Team, client: CirclebotClient, handles: list[str]) -> list[int]:
    """Channel, approver role and seeds; a small earlier run posted as yesterday's digest. Returns its entries."""
    owner = team.owner
    for command, subcommand, options in [
        ("digest", "channel", {"channel": team.channel_id}),
        ("settings", "set", {"approver_role": APPROVER_ROLE}),
        # No scheduled discovery or digest may fire during the measurement: the digest hour is 12 h away.
        ("digest", "time", {"hour": (utcnow().hour + 12) % 24, "timezone": "UTC"}),
    ]:
        result = await h.slash(command, subcommand, options=options, user=owner)
        if result.response is None or result.errors:
            raise RuntimeError(f"/{command} {subcommand} failed during set-up: {result.errors}")
    network = client.network.for_guild(team.guild_id)

    async def add_seeds(batch: list[str]) -> None:
        # Through the service, not /seed add: the command starts crawling at once, which would run the crawl
        # before the measured discovery instead of inside it.
        for start in range(0, len(batch), seed_service.MAX_HANDLES_PER_CALL):
            async with client.db.session() as session, session.begin():
                raw = " ".join(batch[start : start + seed_service.MAX_HANDLES_PER_CALL])
                await seed_service.add(
                    session, network, guild_id=team.guild_id, raw=raw, added_by=int(owner["user"]["id"])
                )

    await add_seeds(handles[:FIRST_RUN_SEEDS])
    today = jobs.local_day(await _guild_settings(client, team.guild_id))
    yesterday = today - timedelta(days=1)
    # Yesterday's digest holds the entries reacted on (today's run replaces only today's suggestions); today's
    # small run gives /digest preview a full digest to render.
    for day in (yesterday, today):
        await run_discovery(client.db, client.network, guild_id=team.guild_id, writer=client.writer, day=day)
    outcome = await client.digests.publish(team.guild_id, yesterday)
    await add_seeds(handles[FIRST_RUN_SEEDS:])
    await h.settle(within=60)
    entries = [
        int(message["id"])
        for message in h.fake.messages_in(team.channel_id)
        if message["embeds"] and message["embeds"][0].get("url", "").startswith("https://x.com/")
    ]
    if not entries:
        raise RuntimeError(f"the earlier run posted no digest entries to react on: {outcome}")
    print(f"set-up: {len(handles)} seeds; yesterday's digest: {outcome} ({len(entries)} entries)", file=sys.stderr)
    return entries


async def _guild_settings(client: CirclebotClient, guild_id: int) -> GuildSettings:
    async with client.db.session() as session:
        return await get_settings(session, guild_id)


def _react(h: DiscordHarness, entry_id: int, emoji: str, person: Payload, guild_id: int, channel_id: int) -> None:
    """What ``DiscordHarness.react`` does, without waiting for the bot to finish (the storm doesn't wait)."""
    message = h.fake.messages[entry_id]
    user_id = int(person["user"]["id"])
    payload = payloads.reaction_add(
        guild_id=guild_id,
        channel_id=channel_id,
        message_id=entry_id,
        user_id=user_id,
        emoji_value=emoji,
        member=person,
        message_author_id=message["author"]["id"],
    )
    h.fake.record_reaction(entry_id, emoji, user_id)
    h.dispatch("MESSAGE_REACTION_ADD", payload)


async def _storm(
    h: DiscordHarness, team: Team, entries: list[int], discovery: asyncio.Task[None], options: Options
) -> list[Sent]:
    """Alternate slash commands and reactions, one every ``spacing_ms``, without waiting for any answer."""
    people = _everyone(team)
    slash_plan = [SLASH_COMMANDS[i % len(SLASH_COMMANDS)] for i in range(options.slash)]
    reaction_plan = _reactions(team, entries, options.reactions)
    events: list[tuple[str, Any]] = []
    for i in range(max(len(slash_plan), len(reaction_plan))):
        if i < len(slash_plan):
            events.append(("slash", slash_plan[i]))
        if i < len(reaction_plan):
            events.append(("reaction", reaction_plan[i]))
    sent: list[Sent] = []
    start = time.perf_counter()
    for index, (kind, what) in enumerate(events):
        delay = start + index * options.spacing_ms / 1000 - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        running = not discovery.done()
        if kind == "slash":
            command, subcommand = what
            payload = h.build_slash(command, subcommand, user=next(people))
            record = Sent(f"/{command} {subcommand}", time.perf_counter(), running, interaction_id=int(payload["id"]))
            h.dispatch("INTERACTION_CREATE", payload)
        else:
            entry_id, emoji, person, role = what
            before = asyncio.all_tasks()
            record = Sent(f"{emoji} by {'an approver' if role == 'approver' else 'a member'}", 0.0, running)
            record.dispatched_at = time.perf_counter()
            _react(h, entry_id, emoji, person, team.guild_id, team.channel_id)
            listeners = [
                task
                for task in asyncio.all_tasks() - before
                if task.get_name().startswith("discord.py: on_raw_reaction")
            ]
            if listeners:
                record.handler = asyncio.gather(*listeners, return_exceptions=True)
                record.handler.add_done_callback(lambda _, r=record: setattr(r, "done_at", time.perf_counter()))
        sent.append(record)
    return sent


async def benchmark(options: Options) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="circlebot-bench-") as folder, loopback_only():
        sandbox = await SandboxProcess.start(options, Path(folder))
        try:
            return await _measure(options, sandbox, f"sqlite+aiosqlite:///{Path(folder) / 'bot.sqlite3'}")
        finally:
            await sandbox.stop()
            print(f"sandbox X (separate process, pid {sandbox.process.pid}): {sandbox.summary}", file=sys.stderr)


async def _measure(options: Options, sandbox: SandboxProcess, database_url: str) -> dict[str, Any]:
    settings = _settings(options, sandbox, database_url)
    monitor = LoopMonitor(options.stall_ms)
    # Started before the harness connects, so the harness's settle() does not wait for it.
    monitor_task = asyncio.create_task(monitor.run(), name="bench: loop monitor")
    try:
        async with (
            FakeDiscord() as fake,
            Database(settings.database_url) as db,
            XNetwork.from_settings(settings, db) as network,
        ):
            team = make_team(fake, options.people)
            client = CirclebotClient(settings, db=db, network=network, writer=OpenerWriter())
            async with DiscordHarness(fake, client, guilds=[team.guild], settle_timeout=120.0) as h:
                entries = await _prepare(h, team, client, sandbox.seed_handles)
                gc.collect()  # start from the bot's own heap, without the set-up's garbage
                monitor.recording = True
                began = time.perf_counter()
                discovery = asyncio.create_task(jobs.discovery_job(team.guild_id), name="bench: discovery_job")
                discovery_ended: list[float] = []
                discovery.add_done_callback(lambda _: discovery_ended.append(time.perf_counter()))
                sent = await _storm(h, team, entries, discovery, options)
                storm_ended = time.perf_counter()
                await discovery
                await h.settle(within=120)
                monitor.recording = False
                ended = time.perf_counter()
                async with db.session() as session:
                    run = (
                        await session.exec(
                            select(DiscoveryRun)
                            .where(DiscoveryRun.guild_id == team.guild_id)
                            .order_by(col(DiscoveryRun.id).desc())
                        )
                    ).first()
                errors = [record.getMessage() for record in h.logged_errors]
                acks = [(record, record.ack_ms(fake)) for record in sent]
    finally:
        monitor_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await monitor_task
    return _report(
        options,
        acks=acks,
        monitor=monitor,
        run=run,
        errors=errors,
        discovery_s=discovery_ended[0] - began,
        storm_s=storm_ended - began,
        total_s=ended - began,
    )


def _report(
    options: Options,
    *,
    acks: list[tuple[Sent, float | None]],
    monitor: LoopMonitor,
    run: DiscoveryRun | None,
    errors: list[str],
    discovery_s: float,
    storm_s: float,
    total_s: float,
) -> dict[str, Any]:
    answered = [ack for _, ack in acks if ack is not None]
    missing = [record.kind for record, ack in acks if ack is None]
    during = sum(record.during_discovery for record, _ in acks)
    first_during = bool(acks) and acks[0][0].during_discovery
    out = sys.stderr
    print(
        f"world: {options.seeds} seeds x {options.following} followings; fake Discord in-process, sandbox X in "
        f"its own process; SQLite in a temporary folder",
        file=out,
    )
    if run is not None:
        print(
            f"discovery: {run.outcome} in {discovery_s:.1f}s — {run.seeds_crawled} seeds crawled, {run.candidates:,} "
            f"candidates, {run.shortlisted} shortlisted, {run.suggested} suggested, ${run.cost_micros / 1e6:.2f}"
            + (f"; errors: {run.errors[:3]}" if run.errors else ""),
            file=out,
        )
    print(
        f"sent {len(acks)} events in {storm_s:.1f}s ({options.slash} slash, {options.reactions} reactions); "
        f"{during} while discovery ran (first one during it: {first_during}); idle again after {total_s:.1f}s",
        file=out,
    )
    by_kind: dict[str, list[float]] = {}
    for record, ack in acks:
        if ack is not None:
            by_kind.setdefault(record.kind, []).append(ack)
    for kind, values in sorted(by_kind.items()):
        print(
            f"  {kind:<22} n={len(values):<3} p50={_percentile(values, 0.5):7.1f} ms  "
            f"p99={_percentile(values, 0.99):7.1f} ms  max={max(values):7.1f} ms",
            file=out,
        )
    if missing:
        print(f"  NOT ANSWERED: {len(missing)}: {Counter(missing).most_common()}", file=out)
    if errors:
        print(f"  errors logged by the bot: {len(errors)}; first: {errors[0]}", file=out)
    lags = monitor.lags_ms
    print(
        f"loop lag: {len(lags)} samples, p50={_percentile(lags, 0.5):.1f} ms, p99={_percentile(lags, 0.99):.1f} ms, "
        f"max={max(lags, default=math.nan):.1f} ms; {len(monitor.stalls)} stalls over {options.stall_ms:g} ms",
        file=out,
    )
    longest = sorted(monitor.stalls.values(), key=lambda stall: stall.lag_ms, reverse=True)[:8]
    for stall in longest:
        sites = "; ".join(f"{site} ({n})" for site, n in stall.sites()) or "(not sampled)"
        collecting = monitor.gc_during(stall) * 1000
        garbage = f" [{collecting:.0f} ms of it garbage collection]" if collecting >= 1 else ""
        print(f"  stall {stall.lag_ms:6.1f} ms{garbage}: {sites}", file=out)
    full = [seconds * 1000 for _, seconds, generation in monitor.collections if generation == 2]
    print(
        f"garbage collections: {len(monitor.collections)}, {sum(s for _, s, _ in monitor.collections) * 1000:.0f} ms "
        f"in all; {len(full)} full ones, longest {max(full, default=0):.0f} ms",
        file=out,
    )
    blocked = monitor.blocked_by_site()[:8]
    if blocked:
        print("blocked time by site (all stalls):", file=out)
        for site, ms in blocked:
            print(f"  {ms:8.1f} ms  {site}", file=out)
    max_ack = max(answered, default=math.nan) if not missing else math.inf
    return {
        "max_ack_ms": max_ack,
        "p99_ack_ms": _percentile(answered, 0.99) if not missing else math.inf,
        "max_loop_lag_ms": max(lags, default=math.nan),
        "during_discovery": during,
        "events": len(acks),
        "missing": len(missing),
        "errors": len(errors),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.responsiveness", description=(__doc__ or "").split("\n")[0])
    defaults = Options()
    parser.add_argument("--seeds", type=int, default=defaults.seeds, help="Seeds in the sandbox world.")
    parser.add_argument("--following", type=int, default=defaults.following, help="Followings per seed.")
    parser.add_argument("--world-seed", type=int, default=defaults.world_seed, help="Random seed of the world.")
    parser.add_argument("--slash", type=int, default=defaults.slash, help="Slash commands to send.")
    parser.add_argument("--reactions", type=int, default=defaults.reactions, help="Reactions to send.")
    parser.add_argument("--spacing-ms", type=float, default=defaults.spacing_ms, help="Time between two events.")
    parser.add_argument("--stall-ms", type=float, default=defaults.stall_ms, help="Lag worth sampling the stack.")
    parser.add_argument("--people", type=int, default=defaults.people, help="Approvers (and as many members).")
    args = parser.parse_args(argv)
    options = Options(
        seeds=args.seeds,
        following=args.following,
        world_seed=args.world_seed,
        slash=args.slash,
        reactions=args.reactions,
        spacing_ms=args.spacing_ms,
        stall_ms=args.stall_ms,
        people=args.people,
    )
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("discord").setLevel(logging.ERROR)
    # "executor skipped: maximum number of running instances reached" each time an approval brings it forward.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    figures = asyncio.run(benchmark(options))
    print(
        f"max_ack_ms={figures['max_ack_ms']:.1f} p99_ack_ms={figures['p99_ack_ms']:.1f} "
        f"max_loop_lag_ms={figures['max_loop_lag_ms']:.1f}",
        flush=True,
    )
    if figures["during_discovery"] < 0.8 * figures["events"]:
        print(
            f"warning: only {figures['during_discovery']}/{figures['events']} events were sent while discovery "
            "ran; use a bigger world (--seeds/--following) or a smaller --spacing-ms",
            file=sys.stderr,
        )
        return 2
    met = figures["max_ack_ms"] < ACK_TARGET_MS and figures["max_loop_lag_ms"] < LAG_TARGET_MS
    return 0 if met and not figures["missing"] else 1


if __name__ == "__main__":
    sys.exit(main())
