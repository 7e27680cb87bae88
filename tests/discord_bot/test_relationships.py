"""One person through every stage, from real sandbox events read by tweepy, seen with /person in real discord.py."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlmodel import select

from bot.models import PersonEvent, Suggestion, utcnow
from bot.relationships.tracking import track
from bot.sandbox.script import Script
from tests.discord_bot.conftest import BotWorld, circlebot
from tests.discord_bot.test_end_to_end import content, entry_messages, set_up_team

if TYPE_CHECKING:
    from bot.sandbox.fakediscord import DiscordHarness, SlashResult


def card(result: SlashResult) -> dict[str, Any]:
    """The /person card (the embed of the ephemeral answer)."""
    assert result.response is not None and result.response.data, "answered"
    embeds = result.response.data.get("embeds") or []
    assert embeds, result.response.data
    embed = embeds[0]
    embed["title"] = embed["title"].replace("\\_", "_")  # handles are escaped for Discord's markdown
    return embed


def field(embed: dict[str, Any], name: str) -> str:
    return next(f["value"] for f in embed["fields"] if f["name"] == name)


async def person(bot: DiscordHarness, bot_world: BotWorld, handle: str, **options: Any) -> dict[str, Any]:
    result = await bot.slash("person", options={"handle": handle, **options}, user=bot_world.team.stranger)
    return card(result)


async def tracked(bot: DiscordHarness, guild_id: int) -> list[str]:
    client = circlebot(bot)
    report = await track(client.db, client.network, guild_id=guild_id)
    assert report.error is None, report.error
    return sorted(event.kind for event in report.new_events)


async def test_one_person_walks_every_stage_and_person_shows_each_step(bot_world: BotWorld) -> None:
    team, sandbox = bot_world.team, bot_world.sandbox
    world, script = sandbox.world, Script(sandbox.world)
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await bot.slash("digest", "now", user=team.owner)
        # The first read finds what already went on between the team and its suggestions (the generated world
        # has people replying to the team); the test follows someone with whom nothing happened yet.
        await tracked(bot, team.guild_id)
        async with circlebot(bot).db.session() as session:
            engaged = set((await session.exec(select(PersonEvent.account_id))).all())
            suggestions = (await session.exec(select(Suggestion).where(Suggestion.guild_id == team.guild_id))).all()
        suggestion = next(s for s in suggestions if s.account_id not in engaged)
        entry = next(e for e in entry_messages(bot_world) if int(e["id"]) == suggestion.message_id)
        target = world.users[suggestion.account_id]
        handle = target.username

        # Suggested: nothing happened yet, and tracking finds nothing new.
        assert await tracked(bot, team.guild_id) == []
        shown = await person(bot, bot_world, f"@{handle}")
        assert shown["title"].startswith(f"@{handle}") and shown["description"].startswith("**suggested**")
        assert "through @" in field(shown, "How we found them")
        assert field(shown, "What happened") == "nothing yet"

        # Approved and followed: a reaction decides, the executor follows on X, tracking reads the following list.
        await bot.react(int(entry["id"]), "✅", user=team.approver)
        await bot.settle()
        assert (world.me_id, target.id) in sandbox.follow_requests
        assert await tracked(bot, team.guild_id) == ["followed"]
        shown = await person(bot, bot_world, handle)
        assert shown["description"].startswith("**followed**")
        assert "approved" in shown["description"] and "follow: done" in field(shown, "Decisions")

        # They answer first (a reply to the team's post): "answered — your turn".
        # (X reads only what is newer than the last read, so the script writes in the present, in order.)
        team_post = script.original(world.me_id, at=utcnow(), text="Who is building small tools for teams?")
        answer = script.reply(target.id, team_post, at=utcnow())
        assert await tracked(bot, team.guild_id) == ["answered"]
        shown = await person(bot, bot_world, handle)
        assert shown["description"].startswith("**answered — your turn**")
        assert f"https://x.com/i/status/{answer.id}" in field(shown, "What happened")

        # The team talks back: both sides engaged, a relationship.
        talk = script.reply(world.me_id, answer, at=utcnow())
        assert await tracked(bot, team.guild_id) == ["talked"]
        shown = await person(bot, bot_world, handle)
        assert shown["description"].startswith("**relationship**")
        assert f"https://x.com/i/status/{talk.id}" in field(shown, "What happened")
        for stage in ("suggested", "approved", "followed", "talked", "answered", "relationship"):
            assert stage in shown["description"]

        # They follow back; a second read of the same posts adds nothing (since_id), nothing is stored twice.
        script.follow(target.id, world.me_id)
        assert await tracked(bot, team.guild_id) == ["followed_back"]
        assert await tracked(bot, team.guild_id) == []
        assert "they followed back" in field(await person(bot, bot_world, handle), "What happened")

        # A note for the team, kept on the card.
        shown = await person(bot, bot_world, handle, note="Met at the meetup; ask about their CLI")
        assert "ask about their CLI" in field(shown, "Notes")
        setting = await bot.slash("settings", "report", options={"quiet_weeks": 2}, user=team.owner)
        assert "after 2 weeks" in content(setting)
        assert "gone quiet" not in (await person(bot, bot_world, handle))["description"], "they just talked"

        # Gone quiet: three weeks without an exchange. The bot reads the real clock, so the weeks pass by moving
        # what was read from X three weeks into the past (every event of theirs, as if it had happened then).
        async with circlebot(bot).db.session() as session, session.begin():
            for event in (await session.exec(select(PersonEvent).where(PersonEvent.account_id == target.id))).all():
                event.at -= timedelta(weeks=3)
                session.add(event)
        shown = await person(bot, bot_world, handle)
        assert "gone quiet" in shown["description"], shown["description"]
        quiet = await bot.slash("people", options={"stage": "gone_quiet"}, user=team.stranger)
        assert quiet.response is not None and quiet.response.data
        assert handle.replace("_", "\\_") in quiet.response.data["embeds"][0]["description"]

        # /people finds them in the right views; /person refuses someone never suggested, politely.
        friends = await bot.slash("people", options={"stage": "relationship"}, user=team.stranger)
        assert friends.response is not None and friends.response.data
        assert handle.replace("_", "\\_") in friends.response.data["embeds"][0]["description"]
        waiting = await bot.slash("people", options={"stage": "your_turn"}, user=team.stranger)
        assert waiting.response is not None and waiting.response.data
        assert handle.replace("_", "\\_") not in waiting.response.data["embeds"][0]["description"]
        unknown = await bot.slash("person", options={"handle": "nobody_we_know"}, user=team.stranger)
        assert "never suggested @nobody\\_we\\_know" in content(unknown)
        bad = await bot.slash("person", options={"handle": "not a handle!"}, user=team.stranger)
        assert "is not an X handle" in content(bad)

        # /settings budget tells what tracking cost; /seed list what each seed's people came to.
        budget = await bot.slash("settings", "budget", user=team.stranger)
        assert "Tracking what came of it:" in content(budget) and "owned reads" in content(budget)
        seeds = await bot.slash("seed", "list", user=team.stranger)
        assert re.search(r"yield [1-9][0-9]* of [0-9]+ \([0-9]+%\)", content(seeds)), content(seeds)

        # A new exchange ends it: they reply again, and tracking reads it.
        again = script.reply(target.id, talk, at=utcnow())
        assert await tracked(bot, team.guild_id) == ["answered"]
        shown = await person(bot, bot_world, handle)
        assert "gone quiet" not in shown["description"] and f"https://x.com/i/status/{again.id}" in field(
            shown, "What happened"
        )

        async with circlebot(bot).db.session() as session:
            kinds = (await session.exec(select(PersonEvent.kind).where(PersonEvent.account_id == target.id))).all()
        assert sorted(kinds) == ["answered", "answered", "followed", "followed_back", "talked"]
        assert not bot.logged_errors


async def test_export_is_csv_of_the_asking_team_only(bot_world: BotWorld) -> None:
    team = bot_world.team
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await bot.slash("digest", "now", user=team.owner)
        client = circlebot(bot)
        async with client.db.session() as session, session.begin():
            ours = (await session.exec(select(Suggestion).where(Suggestion.guild_id == team.guild_id))).all()
            # Another team's suggestion of a person nobody in this team saw.
            other = Suggestion(
                guild_id=team.guild_id + 1, digest_day=ours[0].digest_day, account_id="999", position=0, score=1.0
            )
            session.add(other)
        for what in ("people", "decisions", "suggestions"):
            result = await bot.slash("export", options={"what": what}, user=team.stranger)
            assert result.response is not None and result.response.type == 5
            sent = bot_world.fake.requests_to("POST", "/webhooks/{app_id}/{token}")[-1]
            assert sent.files and sent.files[0].filename.endswith(".csv")
            rows = list(csv.reader(io.StringIO(sent.files[0].data.decode("utf-8"))))
            assert rows[0] and rows[0][0] in {"handle", "at", "digest_day"}, rows[0]
            assert all(len(row) == len(rows[0]) for row in rows)
            assert not any("999" in row for row in rows), "another team's row leaked"
            if what != "decisions":
                assert len(rows) - 1 == len(ours)
            assert result.followups[-1]["flags"] & 64, "ephemeral"


async def test_weekly_report_goes_to_discord_once_across_a_restart(bot_world: BotWorld) -> None:
    from bot.relationships.weekly import tracking_job, weekly_report_job

    team, fake = bot_world.team, bot_world.fake
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await bot.slash("digest", "now", user=team.owner)
        assert circlebot(bot).scheduler.get_job(f"tracking:{team.guild_id}") is not None
        before = len(fake.messages_in(team.channel_id))
        await weekly_report_job(team.guild_id)
        await weekly_report_job(team.guild_id)  # the trigger firing twice (coalesced runs, clock changes): once
        messages = fake.messages_in(team.channel_id)[before:]
        assert len(messages) == 1
        report = messages[0]
        assert report["content"].startswith("**What came of it") and "suggested →" in report["content"]
        assert [a["filename"] for a in report["attachments"]] == ["weekly-report.png"]
        upload = fake.requests_to("POST", "/channels/{cid}/messages")[-1]
        assert upload.files[0].data.startswith(b"\x89PNG") and upload.json["allowed_mentions"] == {"parse": []}
    async with bot_world.running_bot() as bot:  # a restart: the claim is in the database
        assert circlebot(bot).scheduler.get_job(f"weekly:{team.guild_id}") is not None
        await weekly_report_job(team.guild_id)
        await tracking_job(team.guild_id)  # its catch-up finds the week claimed
        assert len(fake.messages_in(team.channel_id)) == before + 1
        choices = await bot.autocomplete("person", focused="handle", options={"handle": ""}, user=team.stranger)
        assert choices, "autocomplete offers the people suggested to this team"
        assert not bot.logged_errors


async def test_weekly_report_is_scheduled_for_a_new_team_and_follows_its_time_zone(bot_world: BotWorld) -> None:
    team = bot_world.team
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)  # a team set up while the bot runs, no restart
        scheduler = circlebot(bot).scheduler
        job = scheduler.get_job(f"weekly:{team.guild_id}")
        assert job is not None, "the weekly report is scheduled when the team sets its digest channel"
        await bot.slash("digest", "time", options={"hour": 8, "timezone": "Asia/Tokyo"}, user=team.owner)
        job = scheduler.get_job(f"weekly:{team.guild_id}")
        assert job is not None and str(job.trigger.timezone) == "Asia/Tokyo", "the report follows the digest's zone"
        assert not bot.logged_errors


async def test_person_shows_an_unfollow_on_either_side_once_the_lists_are_read_whole(bot_world: BotWorld) -> None:
    from bot.models import FollowEdge
    from bot.relationships.tracking import WHOLE_LIST_EVERY

    team, sandbox = bot_world.team, bot_world.sandbox
    world, script = sandbox.world, Script(sandbox.world)
    async with bot_world.running_bot() as bot:
        await set_up_team(bot, bot_world)
        await bot.slash("digest", "now", user=team.owner)
        await tracked(bot, team.guild_id)
        db = circlebot(bot).db
        async with db.session() as session:
            engaged = set((await session.exec(select(PersonEvent.account_id))).all())
            suggestions = (await session.exec(select(Suggestion).where(Suggestion.guild_id == team.guild_id))).all()
        target = world.users[next(s.account_id for s in suggestions if s.account_id not in engaged)]
        script.follow(world.me_id, target.id)
        script.follow(target.id, world.me_id)
        assert await tracked(bot, team.guild_id) == ["followed", "followed_back"]
        assert (await person(bot, bot_world, target.username))["description"].startswith(
            "**followed back, never talked**"
        )

        script.unfollow(world.me_id, target.id)
        script.unfollow(target.id, world.me_id)
        assert await tracked(bot, team.guild_id) == [], "the newest pages cannot show someone leaving"
        # A week passes (the bot reads the real clock): every edge of the team was last confirmed a week ago, so
        # the next run reads both lists whole.
        async with db.session() as session, session.begin():
            for edge in (await session.exec(select(FollowEdge))).all():
                edge.last_seen_at -= WHOLE_LIST_EVERY
                session.add(edge)
        assert await tracked(bot, team.guild_id) == ["unfollowed", "unfollowed_back"]
        shown = await person(bot, bot_world, target.username)
        assert shown["description"].startswith("**stopped following back**"), shown["description"]
        happened = field(shown, "What happened")
        assert "you unfollowed" in happened and "they stopped following back" in happened
        for stage in ("followed", "unfollowed"):
            listed = await bot.slash("people", options={"stage": stage}, user=team.stranger)
            assert listed.response is not None and listed.response.data
            names = listed.response.data["embeds"][0]["description"]
            assert (target.username.replace("_", "\\_") in names) is (stage == "unfollowed"), (stage, names)
        assert not bot.logged_errors


async def test_export_of_a_big_team_fits_discords_upload_limit(bot_world: BotWorld) -> None:
    # Discord refuses an attachment over the size the interaction names (`attachment_size_limit`: 10 MiB in a
    # server without boosts) with 413 / 40005; the CSV was sent whatever its size, so a big team's export ended
    # in "Something went wrong". Here the limit is shrunk (Discord's and the interaction's alike) so that a few
    # thousand suggestions pass it, as years of a 25-a-day digest pass 10 MiB.
    import zipfile
    from datetime import date

    team, fake = bot_world.team, bot_world.fake
    limit = 96 * 1024
    fake.attachment_size_limit = limit
    async with bot_world.running_bot() as bot:
        async with circlebot(bot).db.session() as session, session.begin():
            session.add_all(
                Suggestion(
                    guild_id=team.guild_id,
                    digest_day=date(2025, 1, 1) + timedelta(days=index // 25),
                    account_id=str(10_000 + index),
                    position=index % 25,
                    score=1.0,
                    explanation=f"followed by @seed_{index % 7}, @other_{index % 5} and 3 more of your seeds",
                )
                for index in range(3000)
            )
        payload = bot.build_slash("export", options={"what": "suggestions"}, user=team.owner)
        payload["attachment_size_limit"] = limit
        result = await bot.interact(payload)
        assert not fake.refused_over_limit, fake.refused_over_limit
        assert not result.errors and "Something went wrong" not in content(result), content(result)
        sent = fake.requests_to("POST", "/webhooks/{app_id}/{token}")[-1]
        assert sent.files and len(sent.files[0].data) <= limit
        assert sent.files[0].filename.endswith(".zip"), sent.files[0].filename
        with zipfile.ZipFile(io.BytesIO(sent.files[0].data)) as archive:
            (name,) = archive.namelist()
            rows = list(csv.reader(io.StringIO(archive.read(name).decode("utf-8"))))
        assert name.endswith(".csv") and len(rows) == 3001
        assert "zip" in content(result).lower(), content(result)
