"""/person, /people and /export — thin adapters over bot.relationships."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import CirclebotClient
from bot.discovery.seeds import active_seeds
from bot.embeds import COLOUR, FIELD_VALUE_LIMIT, NO_MENTIONS, OPENER_TITLES, _within_total, safe
from bot.formats import human_join, plural
from bot.inputs import InvalidInput, check_choice, check_number, parse_handle
from bot.lists import service as lists_service
from bot.models import utcnow
from bot.relationships import people as people_service
from bot.relationships.export import ExportKind, ExportTooLarge, export
from bot.relationships.stages import FUNNEL, STAGE_LABELS, VIEW_LABELS, EventKind, View
from cogs._common import guild_id_of
from cogs.seeds import seed_choices

if TYPE_CHECKING:
    from datetime import datetime

    from bot.relationships.people import PeoplePage, Person

EVENT_LABELS = {
    EventKind.FOLLOWED: "you followed",
    EventKind.TALKED: "you talked",
    EventKind.ANSWERED: "they answered",
    EventKind.FOLLOWED_BACK: "they followed back",
    EventKind.UNFOLLOWED: "you unfollowed",
    EventKind.UNFOLLOWED_BACK: "they stopped following back",
}
DECISION_LABELS = {"follow": "follow", "list_add": "add to List", "dismiss": "not interested"}
NOTE_SHOWN = FIELD_VALUE_LIMIT - 80
"""Room for one note in a field, after its author, date and ``_lines_within``'s margin."""
VIEW_CHOICES = [app_commands.Choice(name=VIEW_LABELS[view], value=view.value) for view in View]


def _day(moment: datetime | None) -> str:
    return discord.utils.format_dt(moment, "d") if moment else "—"


def _lines_within(lines: list[str], limit: int = FIELD_VALUE_LIMIT) -> str:
    """As many whole lines as fit, newest last, with a count of what was left out."""
    kept: list[str] = []
    for line in reversed(lines):
        if sum(len(k) + 1 for k in kept) + len(line) + 20 > limit:
            kept.append(f"… {len(lines) - len(kept)} earlier")
            break
        kept.append(line)
    return "\n".join(reversed(kept)) or "—"


def person_embed(person: Person) -> discord.Embed:
    """The story as a compact card: where they stand, how we found them, decisions, openers, what happened."""
    progress = person.progress
    path = " → ".join(
        f"{STAGE_LABELS[stage]} {_day(progress.reached[stage])}" for stage in FUNNEL if stage in progress.reached
    )
    title = f"@{person.handle}" + (f" · {person.name}" if person.name else "")
    embed = discord.Embed(
        title=safe(title, 256), url=person.profile_url, colour=COLOUR, description=f"**{progress.label()}**\n{path}"
    )
    found = [f"through {human_join(['@' + seed for seed in person.seeds]) or 'no seed'}"]
    if person.list_name:
        found.append(f"fits the List {person.list_name}")
    days = person.suggested_days
    found.append(f"suggested {len(days)}× since {days[0]:%Y-%m-%d}" if days else "")
    embed.add_field(name="How we found them", value=safe(" · ".join(f for f in found if f), 1000), inline=False)
    decisions = [
        f"{DECISION_LABELS.get(d.kind, d.kind)}: {d.state} {_day(d.executed_at or d.at)}"
        + (f" (by {human_join([f'<@{user}>' for user in d.approvers])})" if d.approvers else "")
        for d in person.decisions
    ]
    embed.add_field(name="Decisions", value=_lines_within(decisions) if decisions else "none yet", inline=False)
    openers = [
        f"{OPENER_TITLES.get(str(o.get('kind')), str(o.get('kind')))}: {safe(str(o.get('draft', '')), 120)}"
        for o in person.openers
    ]
    if openers:
        embed.add_field(name="Openers we offered", value=_lines_within(openers), inline=False)
    happened = [
        f"{EVENT_LABELS[e.kind]} {_day(e.at)}" + (f" — [post]({e.post_url})" if e.post_url else "")
        for e in person.events
    ]
    embed.add_field(name="What happened", value=_lines_within(happened) if happened else "nothing yet", inline=False)
    if person.notes:
        # A note is shown whole (notes are kept nowhere else the team can read); older ones give way to newer.
        notes = [f"<@{n.author_id}> {_day(n.at)}: {safe(n.text, NOTE_SHOWN)}" for n in person.notes]
        embed.add_field(name="Notes", value=_lines_within(notes), inline=False)
    return _within_total(embed)


def people_embed(page: PeoplePage, *, title: str) -> discord.Embed:
    lines = []
    for person in page.people:
        last = person.progress.last_exchange_at
        when = f" · last exchange {_day(last)}" if last else ""
        # Escaped whole: a handle is at most 15 characters, but its escaped underscores are not, and a clip would
        # cut the handle (and could leave a lone backslash escaping the ellipsis).
        handle = discord.utils.escape_markdown(person.handle)
        lines.append(f"[@{handle}]({person.profile_url}) — {person.progress.label()}{when}")
    embed = discord.Embed(title=title, colour=COLOUR, description="\n".join(lines) or "Nobody here yet.")
    if page.pages > 1:
        embed.set_footer(
            text=f"Page {page.page} of {page.pages} · {plural(page.total):person|people} · use page: to see more"
        )
    else:
        embed.set_footer(text=f"{plural(page.total):person|people}")
    return embed


class PeopleCog(commands.Cog):
    def __init__(self, client: CirclebotClient) -> None:
        self.client = client

    @app_commands.command(name="person", description="The story of someone Circlebot suggested: what came of it.")
    @app_commands.describe(
        handle="Their @handle or profile link", note="Add a note for your team (up to 500 characters)"
    )
    @app_commands.guild_only()  # top-level commands: discord.py honours it here
    async def person(
        self,
        interaction: discord.Interaction[CirclebotClient],
        handle: app_commands.Range[str, 1, 100],
        note: app_commands.Range[str, 1, 500] | None = None,
    ) -> None:
        guild_id = guild_id_of(interaction)
        async with self.client.db.session() as session, session.begin():
            found = await people_service.find_person(session, guild_id=guild_id, raw=handle, now=utcnow())
            if note is not None:
                await people_service.add_note(
                    session,
                    guild_id=guild_id,
                    account_id=found.account_id,
                    author_id=interaction.user.id,
                    text=note,
                )
        if note is not None:
            async with self.client.db.session() as session:
                found = await people_service.find_person(session, guild_id=guild_id, raw=handle, now=utcnow())
        await interaction.response.send_message(
            "Note saved." if note is not None else None,
            embed=person_embed(found),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @person.autocomplete("handle")
    async def person_handles(
        self, interaction: discord.Interaction[CirclebotClient], current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        async with self.client.db.session() as session:
            handles = await people_service.suggested_handles(session, guild_id=interaction.guild_id, typed=current)
        return [app_commands.Choice(name=f"@{handle}", value=handle) for handle in handles]

    @app_commands.command(name="people", description="Who is where: answered and waiting, gone quiet, relationships…")
    @app_commands.describe(
        stage="Which people (default: everyone)",
        seed="Only people found through this seed",
        list="Only people who fit this List",
        page="Page of the results (15 a page)",
    )
    @app_commands.choices(stage=VIEW_CHOICES)
    @app_commands.guild_only()  # top-level commands: discord.py honours it here
    async def people(
        self,
        interaction: discord.Interaction[CirclebotClient],
        stage: app_commands.Choice[str] | None = None,
        seed: app_commands.Range[str, 1, 100] | None = None,
        list: app_commands.Range[str, 1, 100] | None = None,
        page: app_commands.Range[int, 1, 1000] = 1,
    ) -> None:
        guild_id = guild_id_of(interaction)
        # Every filter goes through the input policy (bot.inputs): Discord's choices and ranges are its clients'
        # checks, a seed is a handle (NFKC, pasted links), a List is found as /list finds it (casefold).
        view = (
            View(check_choice(stage.value, [v.value for v in View], label="Which people")) if stage else View.EVERYONE
        )
        page = int(check_number(page, label="The page", low=1, high=1000, integer=True))
        wanted = parse_handle(seed) if seed is not None else None
        async with self.client.db.session() as session:
            seed_id = list_id = None
            seed_name = list_name = ""
            if wanted is not None:
                found = [
                    s
                    for s in await active_seeds(session, guild_id=guild_id)
                    if s.handle.casefold() == wanted.casefold()
                ]
                if not found:
                    raise InvalidInput(f"@{wanted} is not one of your seeds (see /seed list).")
                seed_id, seed_name = found[0].account_id, found[0].handle
            if list is not None:
                row = await lists_service.find(session, guild_id=guild_id, name=list)
                list_id, list_name = row.id, row.name
            everyone = await people_service.load_people(session, guild_id=guild_id, now=utcnow())
        chosen = people_service.select_people(everyone, view=view, seed_id=seed_id, list_id=list_id, page=page)
        # The names as stored, not as typed; safe() escapes the title's markdown once.
        title = (
            VIEW_LABELS[view].capitalize()
            + (f" · via @{seed_name}" if seed_name else "")
            + (f" · {list_name}" if list_name else "")
        )
        await interaction.response.send_message(
            embed=people_embed(chosen, title=safe(title, 256)), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @people.autocomplete("seed")
    async def seed_names(
        self, interaction: discord.Interaction[CirclebotClient], current: str
    ) -> list[app_commands.Choice[str]]:
        return await seed_choices(self.client, interaction, current)

    @people.autocomplete("list")
    async def list_names(
        self, interaction: discord.Interaction[CirclebotClient], current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        async with self.client.db.session() as session:
            rows = await lists_service.active_lists(session, guild_id=interaction.guild_id)
        typed = lists_service.name_key(current)
        return [
            app_commands.Choice(name=row.name, value=row.name)
            for row in rows
            if typed in lists_service.name_key(row.name)
        ][:25]

    @app_commands.command(name="export", description="Download your team's people, decisions or suggestions as CSV.")
    @app_commands.describe(what="Which table to export")
    @app_commands.choices(what=[app_commands.Choice(name=kind.value, value=kind.value) for kind in ExportKind])
    @app_commands.guild_only()  # top-level commands: discord.py honours it here
    async def export(self, interaction: discord.Interaction[CirclebotClient], what: app_commands.Choice[str]) -> None:
        guild_id = guild_id_of(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with self.client.db.session() as session:
            name, data, rows = await export(session, guild_id=guild_id, kind=ExportKind(what.value), now=utcnow())
        # Discord refuses a file over the server's upload limit (10 MiB without boosts; the interaction says
        # which): a big team's CSV goes zipped (CSV shrinks about tenfold), and one too big even then is refused
        # in words instead of failing at Discord.
        limit = interaction.filesize_limit
        note = ""
        if len(data) > limit:
            name, data, note = f"{name}.zip", zipped(name, data), " (zipped: too big for Discord as it is)"
        if len(data) > limit:
            raise ExportTooLarge(len(data), limit)
        await interaction.followup.send(
            f"{plural(rows):row} of your team's {what.value}{note}.",
            file=discord.File(io.BytesIO(data), filename=name),
            ephemeral=True,
        )


def zipped(name: str, data: bytes) -> bytes:
    """``data`` as the one file ``name`` in a deflated ZIP archive (every system opens these without tools)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


async def setup(client: CirclebotClient) -> None:
    await client.add_cog(PeopleCog(client))
