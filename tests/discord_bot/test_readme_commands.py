"""README's command table names exactly the slash commands that exist (and their descriptions are the in-Discord
help), so a team never types a command the README invented."""

from __future__ import annotations

import re
from pathlib import Path

from tests.discord_bot.conftest import BotWorld, circlebot

README = Path(__file__).resolve().parents[2] / "README.md"
COMMAND = re.compile(r"`/([a-z_]+(?: [a-z_]+(?![a-z_:]))?)")  # "/person handle:" names /person


def readme_usage_table() -> list[str]:
    """The rows of the "Using it" table, which must be one unbroken markdown table."""
    text = README.read_text(encoding="utf-8")
    section = text.split("### Using it", 1)[1]
    lines = section.strip().splitlines()
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break  # the table ends at its first non-row line: a blank line inside it would cut it here
        rows.append(line)
    return rows


def test_readme_command_table_is_one_table() -> None:
    rows = readme_usage_table()
    section = README.read_text(encoding="utf-8").split("### Using it", 1)[1]
    assert len(rows) == sum(1 for line in section.split("\n\n*Managers*", 1)[0].splitlines() if line.startswith("|"))
    assert any("/list create" in row for row in rows), "the /list rows belong to the table"


async def test_readme_names_exactly_the_commands_that_exist(bot_world: BotWorld) -> None:
    named = {match.group(1) for row in readme_usage_table() for match in COMMAND.finditer(row)}
    async with bot_world.running_bot() as bot:
        existing = {
            command.qualified_name
            for command in circlebot(bot).tree.walk_commands()
            if not hasattr(command, "walk_commands")  # groups are not commands one types alone
        }
    assert named == existing, f"README only: {sorted(named - existing)}; commands only: {sorted(existing - named)}"


def test_readme_invite_link_grants_what_the_channel_checks_ask_for() -> None:
    """/digest channel, /settings report and /list watch refuse a channel without these permissions: the invite
    link a team follows must grant them all (it lacked Attach Files, which the weekly report's chart needs)."""
    import discord

    from cogs._common import DIGEST_PERMISSIONS, PERMISSIONS, REPORT_PERMISSIONS
    from cogs.lists import watch_permissions

    found = re.search(r"permissions=(\d+)", README.read_text(encoding="utf-8"))
    assert found is not None
    granted = discord.Permissions(int(found.group(1)))
    needed = {
        *DIGEST_PERMISSIONS,
        *REPORT_PERMISSIONS,
        *watch_permissions(thread=True),
        *watch_permissions(thread=False),
    }
    assert [name for name in sorted(needed) if not getattr(granted, PERMISSIONS[name])] == []
