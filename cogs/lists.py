"""/list create | import | show | remove | members | add | watch | unwatch (the monitor job posts the "conversations to
join" through `bot.publish.ConversationPublisher`)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import jobs
from bot.client import CirclebotClient
from bot.embeds import NO_MENTIONS, clip
from bot.formats import human_join, plural
from bot.inputs import check_bool, check_number, parse_handle
from bot.lists import service
from bot.models import ListKind
from bot.replies import fit_lines
from bot.team import get_settings, require_decider
from cogs._common import decider_of, guild_id_of, require_permissions

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.models import ListClaim, XList

log = logging.getLogger(__name__)

KINDS = [
    app_commands.Choice(name="niche (topic words)", value=ListKind.NICHE.value),
    app_commands.Choice(name="city", value=ListKind.CITY.value),
]


def render_untracked(claim: ListClaim) -> str:
    """One "exists on X, not tracked here" line for `/list show`."""
    name = discord.utils.escape_markdown(claim.name)
    if claim.x_list_id is not None:
        return f"⚠ **{name}** exists on X but is not tracked here (saving it failed): `/list import` adopts it."
    return (
        f"⚠ **{name}** may exist on X but is not tracked here (X's answer never arrived): `/list import` adopts "
        "it if X made it."
    )


def render_lists(rows: list[XList], counts: dict[int, int], claims: Sequence[ListClaim] = ()) -> str:
    if not rows and not claims:
        return "No Lists yet. Create one with `/list create` or adopt your X account's with `/list import`."
    lines = [render_untracked(claim) for claim in claims]
    for row in rows:
        assert row.id is not None
        watching = f" · watched in <#{row.watch_thread_id or row.watch_channel_id}>" if row.watch_channel_id else ""
        problem = f" · ⚠ {row.watch_error}" if row.watch_error else ""
        keywords = discord.utils.escape_markdown(", ".join(row.keywords)) or "no keywords"
        lines.append(
            f"**{discord.utils.escape_markdown(row.name)}** ({row.kind}) · {plural(counts.get(row.id, 0)):member} · "
            f"{keywords}{watching}{discord.utils.escape_markdown(problem)}"
        )
    return fit_lines(lines, what="more Lists")


def watch_permissions(*, thread: bool) -> tuple[str, ...]:
    """The permissions (Discord's names) the bot needs to post conversations in a channel or a thread of it."""
    if thread:
        return ("View Channel", "Embed Links", "Create Public Threads", "Send Messages in Threads")
    return ("View Channel", "Embed Links", "Send Messages")


@app_commands.guild_only()
class ListsCog(commands.GroupCog, group_name="list", group_description="X Lists by niche and city."):
    def __init__(self, client: CirclebotClient) -> None:
        self.client = client
        super().__init__()

    # -- commands --------------------------------------------------------------------------------------------

    @app_commands.command(name="create", description="Create a private X List for a niche or a city.")
    @app_commands.describe(
        name="The List's name on X (at most 25 characters)",
        kind="A niche (topic words) or a city (place names)",
        keywords="Comma-separated: topic words for a niche, place names and spellings for a city",
        description="Optional description on X (at most 100 characters)",
        seed_weight="How much its members' follows count in discovery, next to a seed's 1 (0 = not at all)",
    )
    @app_commands.choices(kind=KINDS)
    async def create(
        self,
        interaction: discord.Interaction[CirclebotClient],
        name: app_commands.Range[str, 1, 100],
        kind: app_commands.Choice[str],
        keywords: app_commands.Range[str, 1, 500],
        description: app_commands.Range[str, 1, 300] | None = None,
        seed_weight: app_commands.Range[float, 0.0, 10.0] = 0.5,
    ) -> None:
        guild_id = guild_id_of(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        row = await service.create(
            self.client.db,
            self.client.network.for_guild(guild_id),
            guild_id=guild_id,
            decider=decider_of(interaction),
            name=name,
            kind=ListKind(kind.value),
            keywords=keywords,
            description=description,
            seed_weight=seed_weight,
        )
        await interaction.followup.send(
            f"Created the private X List **{discord.utils.escape_markdown(row.name)}** ({row.kind}: "
            f"{', '.join(row.keywords)}). Digest entries that fit it get {chr(0x1F4CB)} to add them.",
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @app_commands.command(name="import", description="Adopt the Lists your team's X account already owns.")
    async def import_(self, interaction: discord.Interaction[CirclebotClient]) -> None:
        guild_id = guild_id_of(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        adopted = await service.import_owned(
            self.client.db,
            self.client.network.for_guild(guild_id),
            guild_id=guild_id,
            decider=decider_of(interaction),
        )
        names = human_join([row.name for row in adopted]) or "none (all were already here)"
        await interaction.followup.send(
            f"Imported {plural(len(adopted)):List}: {discord.utils.escape_markdown(names)}. Their keywords are the "
            "words of their names; set better ones (and the kind: niche or city) with `/list edit`.",
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @app_commands.command(name="edit", description="Change a List's keywords or kind (nothing changes on X).")
    @app_commands.describe(
        list="The List",
        keywords="Comma-separated: topic words for a niche, place names and spellings for a city",
        kind="A niche (topic words) or a city (place names)",
    )
    @app_commands.choices(kind=KINDS)
    async def edit(
        self,
        interaction: discord.Interaction[CirclebotClient],
        list: app_commands.Range[str, 1, 25],
        keywords: app_commands.Range[str, 1, 1000] | None = None,
        kind: app_commands.Choice[str] | None = None,
    ) -> None:
        guild_id = guild_id_of(interaction)
        async with self.client.db.session() as session, session.begin():
            row = await service.edit(
                session,
                guild_id=guild_id,
                decider=decider_of(interaction),
                name=list,
                keywords=keywords,
                kind=kind.value if kind else None,
            )
        words = discord.utils.escape_markdown(", ".join(row.keywords))
        await interaction.response.send_message(
            f"**{discord.utils.escape_markdown(row.name)}** is now a {row.kind} List: {words}.",
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @app_commands.command(name="show", description="Your Lists, their members and what is watched.")
    async def show(self, interaction: discord.Interaction[CirclebotClient]) -> None:
        guild_id = guild_id_of(interaction)
        async with self.client.db.session() as session:
            rows = await service.active_lists(session, guild_id=guild_id)
            counts = await service.member_counts(session, list_row_ids=[row.id for row in rows if row.id is not None])
            claims = await service.untracked(session, guild_id=guild_id)
        await interaction.response.send_message(
            render_lists(rows, counts, claims), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @app_commands.command(name="remove", description="Stop using a List here (it stays on X).")
    @app_commands.describe(list="The List")
    async def remove(
        self, interaction: discord.Interaction[CirclebotClient], list: app_commands.Range[str, 1, 25]
    ) -> None:
        guild_id = guild_id_of(interaction)
        async with self.client.db.session() as session, session.begin():
            row = await service.remove(session, guild_id=guild_id, decider=decider_of(interaction), name=list)
        assert row.id is not None
        jobs.unschedule_watch(self.client.scheduler, row.id)
        await interaction.response.send_message(
            f"Stopped using **{discord.utils.escape_markdown(row.name)}** (it is untouched on X).", ephemeral=True
        )

    @app_commands.command(name="members", description="Who is in a List.")
    @app_commands.describe(list="The List")
    async def members(
        self, interaction: discord.Interaction[CirclebotClient], list: app_commands.Range[str, 1, 25]
    ) -> None:
        guild_id = guild_id_of(interaction)
        async with self.client.db.session() as session:
            row = await service.find(session, guild_id=guild_id, name=list)
            assert row.id is not None
            rows = await service.members(session, list_row_id=row.id)
        present = [
            f"@{account.handle if account else member.account_id}"
            for member, account in rows
            if member.removed_on_x_at is None
        ]
        gone = [
            f"@{account.handle if account else member.account_id}" for member, account in rows if member.removed_on_x_at
        ]
        # Only the names are escaped (handles hold underscores): the bold around the List's name must stay bold.
        escape = discord.utils.escape_markdown
        header = f"**{escape(row.name)}**: {plural(len(present)):member}"
        lines = [escape(", ".join(present[start : start + 10])) for start in range(0, len(present), 10)]
        if gone:
            lines.append(f"Removed on X (never re-added): {escape(', '.join(gone))}")
        await interaction.response.send_message(
            fit_lines(lines, header=header, what="more lines of members"), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @app_commands.command(
        name="add", description="Add an account to a List (a manager's decision; done within the cap)."
    )
    @app_commands.describe(handle="The @handle or profile link", list="The List")
    async def add(
        self,
        interaction: discord.Interaction[CirclebotClient],
        handle: app_commands.Range[str, 1, 100],
        list: app_commands.Range[str, 1, 25],
    ) -> None:
        guild_id = guild_id_of(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        decider = decider_of(interaction)
        async with self.client.db.session() as session, session.begin():
            require_decider(await get_settings(session, guild_id), decider)
            row = await service.find(session, guild_id=guild_id, name=list)
        network = self.client.network.for_guild(guild_id)
        network.require_user_credentials("POST /2/lists/:id/members")  # refuse now, not in the executor
        account = await network.resolve_handle(parse_handle(handle))
        async with self.client.db.session() as session, session.begin():
            await service.queue_addition(session, guild_id=guild_id, decider=decider, account=account, list_name=list)
        jobs.run_soon(self.client.scheduler, "executor")
        # The List as stored, not as typed ("rust berlin" finds "Rust Berlin", and the reply names that).
        escape = discord.utils.escape_markdown
        await interaction.followup.send(
            f"{escape('@' + account.handle)} will be added to **{escape(row.name)}** shortly.",
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @app_commands.command(name="watch", description="Post the conversations worth joining in a List to a channel.")
    @app_commands.describe(
        list="The List",
        channel="Where to post (default: here)",
        thread="Use a thread for this List",
        every_hours="How often to read the List (each post read costs $0.005); default 2",
    )
    async def watch(
        self,
        interaction: discord.Interaction[CirclebotClient],
        list: app_commands.Range[str, 1, 25],
        channel: discord.TextChannel | None = None,
        thread: bool = False,
        every_hours: app_commands.Range[float, 0.5, 48.0] = 2.0,
    ) -> None:
        guild_id = guild_id_of(interaction)
        # Answer first: creating a thread can wait on Discord's rate limit past the 3-second deadline.
        await interaction.response.defer(ephemeral=True, thinking=True)
        check_number(every_hours, label="Hours between reads", low=0.5, high=48)
        thread = check_bool(thread, label="Thread")
        target = channel or interaction.channel
        if not isinstance(target, discord.TextChannel):
            raise service.InvalidList("Pick a text channel to watch the List in.")
        async with self.client.db.session() as session:
            require_decider(await get_settings(session, guild_id), decider_of(interaction))
            row = await service.find(session, guild_id=guild_id, name=list)
        require_permissions(target, watch_permissions(thread=thread))
        thread_id = None
        if thread:
            try:
                created = await target.create_thread(
                    name=clip(f"Conversations · {row.name}", 100), type=discord.ChannelType.public_thread
                )
            except discord.Forbidden:
                raise service.InvalidList(
                    f"Discord did not let me create a thread in {target.mention} (Create Public Threads). "
                    "Nothing was changed."
                ) from None
            except discord.HTTPException as error:
                raise service.InvalidList(
                    f"Discord could not create the thread in {target.mention} ({error.status}); try again in a "
                    "minute. Nothing was changed."
                ) from None
            thread_id = created.id
        # Saved only once the destination exists, so a refusal above leaves the watch as it was.
        async with self.client.db.session() as session, session.begin():
            stored = await service.find(session, guild_id=guild_id, name=list)
            stored.watch_channel_id, stored.watch_thread_id, stored.watch_error = target.id, thread_id, None
            stored.watch_every_hours = every_hours
            session.add(stored)
        jobs.schedule_watch(self.client.scheduler, stored)
        await interaction.followup.send(
            f"Watching **{discord.utils.escape_markdown(row.name)}** every {every_hours:g} h in "
            f"{target.mention}{' (in a thread)' if thread else ''}. Quiet when nothing is worth joining.",
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @app_commands.command(name="unwatch", description="Stop posting a List's conversations.")
    @app_commands.describe(list="The List")
    async def unwatch(
        self, interaction: discord.Interaction[CirclebotClient], list: app_commands.Range[str, 1, 25]
    ) -> None:
        guild_id = guild_id_of(interaction)
        async with self.client.db.session() as session, session.begin():
            require_decider(await get_settings(session, guild_id), decider_of(interaction))
            row = await service.find(session, guild_id=guild_id, name=list)
            row.watch_channel_id = row.watch_thread_id = None
            session.add(row)
        assert row.id is not None
        jobs.unschedule_watch(self.client.scheduler, row.id)
        await interaction.response.send_message(
            f"Stopped watching **{discord.utils.escape_markdown(row.name)}**.", ephemeral=True
        )

    @edit.autocomplete("list")
    @remove.autocomplete("list")
    @members.autocomplete("list")
    @add.autocomplete("list")
    @watch.autocomplete("list")
    @unwatch.autocomplete("list")
    async def list_names(
        self, interaction: discord.Interaction[CirclebotClient], current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        async with self.client.db.session() as session:
            rows = await service.active_lists(session, guild_id=interaction.guild_id)
        typed = service.name_key(current)
        return [
            app_commands.Choice(name=row.name, value=row.name) for row in rows if typed in service.name_key(row.name)
        ][:25]


async def setup(client: CirclebotClient) -> None:
    await client.add_cog(ListsCog(client))
