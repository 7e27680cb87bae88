"""/seed add | remove | list | weight — thin adapters over bot.discovery.seeds."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands
from discord.utils import escape_markdown

from bot import jobs
from bot.client import CirclebotClient
from bot.discovery import seeds
from bot.embeds import NO_MENTIONS
from bot.formats import human_join, plural
from bot.inputs import check_bool
from bot.models import utcnow
from bot.relationships.weekly import set_learning
from bot.relationships.yields import LEARN_MAX, LEARN_MIN, seed_yields
from bot.replies import fit_lines
from bot.reports import SeedProgress, seed_progress
from bot.team import get_settings, require_decider
from cogs._common import decider_of, guild_id_of

if TYPE_CHECKING:
    from bot.discovery.seeds import SeedAddResult
    from bot.models import Seed
    from bot.relationships.yields import SeedYield


def _names(seeds: list[Seed], limit: int = 600) -> str:
    """@handles as a sentence, cut at a whole name ("@a, @b and 40 more"; escaped: handles hold underscores)."""
    shown: list[str] = []
    for index, seed in enumerate(seeds):
        name = escape_markdown(f"@{seed.handle}")
        if sum(len(n) + 2 for n in shown) + len(name) > limit:
            return human_join([*shown, f"{len(seeds) - index} more"])
        shown.append(name)
    return human_join(shown)


def render_add(result: SeedAddResult) -> str:
    """What /seed add did, within Discord's 2,000 characters: what was added comes first (so a long list of
    refusals never hides it), then what was already there, then each refusal with its reason."""
    head = []
    if result.added:
        head.append(f"Added {plural(len(result.added)):seed}: {_names(result.added)}. Crawling their follows now.")
        if result.first_crawl is not None:
            head.append(result.first_crawl.words)
    if result.already:
        head.append(f"Already seeds: {_names(result.already)}.")
    refusals = [f"Not added — {escape_markdown(refusal.reason)}" for refusal in result.refused]
    if not head and not refusals:
        return "Nothing to add."
    return fit_lines(refusals, header="\n".join(head) or None, what="more not added")


def render_yield(seed_yield: SeedYield | None) -> str:
    """E.g. " · yield 2 of 9 (22%)": relationships per suggestion, what the seed's people came to."""
    if seed_yield is None or not seed_yield.suggested:
        return ""
    return f" · yield {seed_yield.relationships} of {seed_yield.suggested} ({seed_yield.yield_:.0%})"


def render_list(progress: tuple[SeedProgress, ...], yields: dict[str, SeedYield] | None = None) -> str:
    if not progress:
        return "No seeds yet. Add the accounts your team knows and trusts with `/seed add`."
    by_handle = {y.handle.lower(): y for y in (yields or {}).values()}
    lines = []
    for seed in progress:
        known = f" · follows {seed.following_known:,}" if seed.following_known is not None else ""
        problem = f" · ⚠ {seed.last_error}" if seed.last_error else ""
        yielded = render_yield(by_handle.get(seed.handle.lower()))
        lines.append(
            escape_markdown(f"@{seed.handle} · weight {seed.weight:g} · {seed.crawl}{known}{yielded}{problem}")
        )
    return fit_lines(lines, header=f"**{plural(len(progress)):seed}**", what="more seeds")


@app_commands.guild_only()
class SeedCog(commands.GroupCog, group_name="seed", group_description="The accounts your team knows and trusts."):
    def __init__(self, client: CirclebotClient) -> None:
        self.client = client
        super().__init__()

    @app_commands.command(name="add", description="Add accounts your team knows and trusts.")
    @app_commands.describe(handles="One or more @handles or x.com profile links, separated by spaces or commas")
    async def add(
        self, interaction: discord.Interaction[CirclebotClient], handles: app_commands.Range[str, 1, 4000]
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild_id = guild_id_of(interaction)
        decider = decider_of(interaction)
        async with self.client.db.session() as session, session.begin():
            require_decider(await get_settings(session, guild_id), decider)
        async with self.client.db.session() as session, session.begin():
            result = await seeds.add(
                session,
                self.client.network.for_guild(guild_id),
                guild_id=guild_id,
                raw=handles,
                added_by=interaction.user.id,
                settings=self.client.settings,
            )
        if result.added:
            jobs.schedule_crawl_now(self.client.scheduler, guild_id)
        await interaction.followup.send(render_add(result), ephemeral=True, allowed_mentions=NO_MENTIONS)

    @app_commands.command(name="remove", description="Stop using a seed (its history is kept).")
    @app_commands.describe(handle="The seed to remove")
    async def remove(
        self, interaction: discord.Interaction[CirclebotClient], handle: app_commands.Range[str, 1, 100]
    ) -> None:
        guild_id = guild_id_of(interaction)
        async with self.client.db.session() as session, session.begin():
            require_decider(await get_settings(session, guild_id), decider_of(interaction))
            seed = await seeds.remove(session, guild_id=guild_id, raw=handle)
        await interaction.response.send_message(
            f"{escape_markdown('@' + seed.handle)} is no longer a seed.", ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @app_commands.command(name="weight", description="How much a seed's follows count (default 1).")
    @app_commands.describe(handle="The seed", weight="Trust weight from 0.1 to 10")
    async def weight(
        self,
        interaction: discord.Interaction[CirclebotClient],
        handle: app_commands.Range[str, 1, 100],
        weight: app_commands.Range[float, 0.1, 10.0],
    ) -> None:
        guild_id = guild_id_of(interaction)
        async with self.client.db.session() as session, session.begin():
            require_decider(await get_settings(session, guild_id), decider_of(interaction))
            seed = await seeds.set_weight(session, guild_id=guild_id, raw=handle, weight=weight)
        await interaction.response.send_message(
            f"{escape_markdown('@' + seed.handle)} now weighs {seed.weight:g}.",
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @app_commands.command(name="list", description="Your seeds, their weights and crawl progress.")
    async def list_seeds(self, interaction: discord.Interaction[CirclebotClient]) -> None:
        guild_id = guild_id_of(interaction)
        async with self.client.db.session() as session:
            progress = await seed_progress(session, guild_id=guild_id)
            yields = await seed_yields(session, guild_id=guild_id, now=utcnow())
        await interaction.response.send_message(
            render_list(progress, yields), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @app_commands.command(name="learn", description="Let seeds' yields adjust their weights, within bounds (audited).")
    @app_commands.describe(enabled="On: each week, seeds that bring relationships count a little more (±20% at most)")
    async def learn(self, interaction: discord.Interaction[CirclebotClient], enabled: bool) -> None:
        guild_id = guild_id_of(interaction)
        enabled = check_bool(enabled, label="Enabled")
        async with self.client.db.session() as session, session.begin():
            await set_learning(session, guild_id=guild_id, decider=decider_of(interaction), enabled=enabled)
        await interaction.response.send_message(
            "Seed weights will now learn from yields each week (by at most 20% a week, between "
            f"{LEARN_MIN:g} and {LEARN_MAX:g}; every change is in the weekly report and the audit log)."
            if enabled
            else "Seed weights stay as you set them.",
            ephemeral=True,
        )

    @remove.autocomplete("handle")
    @weight.autocomplete("handle")
    async def seed_handles(
        self, interaction: discord.Interaction[CirclebotClient], current: str
    ) -> list[app_commands.Choice[str]]:
        return await seed_choices(self.client, interaction, current)


async def seed_choices(
    client: CirclebotClient, interaction: discord.Interaction[CirclebotClient], current: str
) -> list[app_commands.Choice[str]]:
    """The team's active seeds whose handle contains what was typed (autocomplete for every seed option)."""
    if interaction.guild_id is None:
        return []
    async with client.db.session() as session:
        active = await seeds.active_seeds(session, guild_id=interaction.guild_id)
    typed = current.lstrip("@").lower()
    return [
        app_commands.Choice(name=f"@{seed.handle}", value=seed.handle)
        for seed in active
        if typed in seed.handle.lower()
    ][:25]


async def setup(client: CirclebotClient) -> None:
    await client.add_cog(SeedCog(client))
