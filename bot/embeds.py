"""Discord rendering of the digest (plain data from bot.digest) and of decisions, within Discord's limits.

Everything from X (names, bios, posts) is markdown-escaped and cut to the embed limits; messages are sent with
mentions disabled, so nothing a stranger wrote can ping anyone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord.utils import escape_markdown, escape_mentions

from bot.formats import human_join, plural
from bot.inputs import strip_invisible
from bot.models import ActionKind, ActionState

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from bot.digest import Digest, DigestEntry
    from bot.lists.monitor import Conversation
    from bot.models import Action, XList

# https://discord.com/developers/docs/resources/message#embed-object-embed-limits
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000

BUTTON_URL_LIMIT = 512  # https://discord.com/developers/docs/components/reference#button
OPENER_BUTTONS = {"reply": "Reply on X", "hello": "Say hello on X", "share": "Quote on X"}

FOLLOW, LIST_ADD, DISMISS = "✅", "📋", "❌"
REACTIONS = (FOLLOW, LIST_ADD, DISMISS)
# Look-alikes people reach for count as the decision they look like: ✔️ and ☑️ (with or without the emoji
# variation selector U+FE0F) are a ✅, ❎ and ✖️ are a ❌.
LOOK_ALIKES = {"✔️": FOLLOW, "✔": FOLLOW, "☑️": FOLLOW, "☑": FOLLOW, "❎": DISMISS, "✖️": DISMISS, "✖": DISMISS}
REACTION_KINDS = {FOLLOW: ActionKind.FOLLOW, LIST_ADD: ActionKind.LIST_ADD, DISMISS: ActionKind.DISMISS}
REACTION_KINDS |= {emoji: REACTION_KINDS[meant] for emoji, meant in LOOK_ALIKES.items()}
COLOUR = discord.Colour.from_rgb(29, 155, 240)
NO_MENTIONS = discord.AllowedMentions.none()


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def safe(text: str, limit: int) -> str:
    """Text from X as inert Discord text: no markdown, no mentions, no bidi overrides or other invisible
    characters (a display name with U+202E would turn "(@handle)" around), within a limit."""
    return clip(escape_mentions(escape_markdown(strip_invisible(text).strip())), limit)


def _ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "unknown"
    return discord.utils.format_dt(moment, "R") if moment <= now else "just now"


def header_embed(digest: Digest, *, team_name: str) -> discord.Embed:
    count = len(digest.entries)
    if count:
        description = (
            f"**{plural(count):account} worth talking to**, picked from "
            f"{digest.candidates:,} that your seeds follow ({digest.shortlisted} looked at closely).\n"
            f"{digest.new_since_yesterday} new since the last digest.\n"
            f"React on an entry: {FOLLOW} follow · {LIST_ADD} add to the suggested List · {DISMISS} not interested."
        )
    elif digest.run_outcome in ("partial", "failed"):
        description = "Discovery stopped before it found anyone worth suggesting."
    else:
        description = "Nobody new worth suggesting today. Add more seeds with `/seed add` to widen the circle."
    embed = discord.Embed(
        title=clip(f"Circlebot digest · {digest.day.isoformat()}", TITLE_LIMIT),
        description=clip(description, DESCRIPTION_LIMIT),
        colour=COLOUR,
    )
    screened = ", ".join(f"{n} {reason.replace('_', ' ')}" for reason, n in digest.screened_out.items())
    if screened:
        embed.add_field(name="Screened out", value=clip(screened, FIELD_VALUE_LIMIT), inline=False)
    embed.add_field(name="X spend today", value=f"${digest.spend_today_dollars:.2f}", inline=True)
    embed.add_field(name="This month", value=f"${digest.spend_month_dollars:.2f}", inline=True)
    if digest.run_outcome in ("partial", "failed"):
        # Cut short: say so, and how the day gets completed (only new entries are posted then).
        embed.add_field(
            name="⚠ Partial digest",
            value=safe(
                f"{digest.run_errors[0] if digest.run_errors else 'Discovery did not finish.'}\n"
                "More accounts follow once it can go on: `/digest now` (after raising the cap, if it ran out) "
                "completes today's digest without repeating anyone.",
                FIELD_VALUE_LIMIT,
            ),
            inline=False,
        )
    if digest.run_errors[1:]:
        embed.add_field(name="Notes", value=safe("\n".join(digest.run_errors[1:4]), FIELD_VALUE_LIMIT), inline=False)
    embed.set_footer(text=clip(strip_invisible(team_name), FOOTER_LIMIT))
    return embed


OPENER_TITLES = {"reply": "Reply to their post", "hello": "Say hello", "share": "Share their post"}


def entry_embed(entry: DigestEntry, *, now: datetime, outcome: str | None = None) -> discord.Embed:
    embed = discord.Embed(
        # Embed titles render markdown: a handle like "__dave__" would show as an underlined "dave".
        title=clip(
            f"{entry.position}. {safe(entry.name, 100) or safe(entry.handle, 50)} (@{safe(entry.handle, 50)})",
            TITLE_LIMIT,
        ),
        url=entry.profile_url,
        description=safe(entry.bio, 600) if entry.bio else None,
        colour=COLOUR,
    )
    why = safe(entry.explanation, 300)
    if entry.follows_team:
        why += " · already follows you"
    embed.add_field(name="Why", value=why or "—", inline=False)
    where = f" · {safe(entry.location, 100)}" if entry.location else ""
    embed.add_field(
        name="Account",
        value=f"{plural(entry.followers_count):follower,} · follows {entry.following_count:,}{where}",
        inline=False,
    )
    embed.add_field(
        name="Activity",
        value=(
            f"{entry.posts_per_day:.1f} posts/day · {entry.reply_share:.0%} replies to others · "
            f"{plural(entry.people_engaged):person|people} engaged · "
            f"{plural(entry.two_way_exchanges):two-way exchange} · "
            f"{entry.broadcast_share:.0%} broadcast · last post {_ago(entry.last_post_at, now)}"
        ),
        inline=False,
    )
    for opener in entry.openers:
        lines = [f"*{safe(opener.why, 200)}*"] if opener.why else []
        if opener.post_excerpt:
            lines.append(f"> {safe(opener.post_excerpt, 200)}")
        if opener.post_url:
            lines.append(opener.post_url)
        lines.append(f"✎ {safe(opener.draft, 400)}")
        # Too long for a button, the intent goes in as a link, kept whole: clipping the field would cut the URL
        # and leave a dead link as raw text, so the text above it gives way, and a link longer than the field
        # itself is left out (the draft is still there to copy).
        link = f"[Open on X]({opener.intent_url})" if opener.intent_url else ""
        if len(opener.intent_url or "") <= BUTTON_URL_LIMIT or len(link) > FIELD_VALUE_LIMIT - 2:
            link = ""
        text = clip("\n".join(lines), FIELD_VALUE_LIMIT - len(link) - 1) if link else "\n".join(lines)
        embed.add_field(
            name=OPENER_TITLES.get(opener.kind, opener.kind),
            value=f"{text}\n{link}" if link else clip(text, FIELD_VALUE_LIMIT),
            inline=False,
        )
    if entry.suggested_list:
        matched = f" (matched: {safe(', '.join(entry.list_match), 200)})" if entry.list_match else ""
        embed.add_field(
            name="Suggested List", value=f"{LIST_ADD} {safe(entry.suggested_list, 100)}{matched}", inline=False
        )
    if outcome:
        embed.add_field(name="Decision", value=clip(outcome, FIELD_VALUE_LIMIT), inline=False)
    return _within_total(embed)


def _within_total(embed: discord.Embed) -> discord.Embed:
    """Drop fields from the end (the least important openers) until the embed fits Discord's total limit."""
    kept = {"Why", "Account", "Activity", "Suggested List", "Decision"}
    while len(embed) > EMBED_TOTAL_LIMIT:
        droppable = [index for index, field in enumerate(embed.fields) if field.name not in kept]
        if not droppable:
            break
        embed.remove_field(droppable[-1])
    return embed


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def describe_action(action: Action, approvers: list[str]) -> str:
    """One line about a decision and its outcome, for the entry's Decision field."""
    by = f" — approved by {human_join(approvers)}" if approvers else ""
    if action.kind == ActionKind.DISMISS:
        said = f" (said {human_join(approvers)})" if approvers else ""
        return f"{DISMISS} Not interested{said}. This account won't be suggested again."
    if action.kind == ActionKind.LIST_ADD:
        list_states = {
            ActionState.QUEUED: f"{LIST_ADD} List addition queued{by}.",
            ActionState.SENDING: f"{LIST_ADD} Adding to the List{by}.",
            ActionState.DONE: f"{LIST_ADD} {_sentence(action.result or 'added')}{by}.",
            ActionState.SKIPPED: f"{LIST_ADD} Not added: {action.result}{by}.",
            ActionState.UNKNOWN: f"{LIST_ADD} X did not confirm the List addition; check the List{by}.",
            ActionState.FAILED: f"{LIST_ADD} The List addition failed: {action.result}{by}.",
        }
        return list_states.get(action.state, f"{LIST_ADD} {action.state}{by}")
    states = {
        ActionState.QUEUED: f"{FOLLOW} Follow queued{by}; it is sent within the daily cap.",
        ActionState.SENDING: f"{FOLLOW} Follow being sent{by}.",
        ActionState.DONE: f"{FOLLOW} {action.result or 'Followed'}{by}.",
        ActionState.BY_HAND: f"{FOLLOW} X refused automated follows: follow by hand → {action.result}{by}",
        ActionState.UNKNOWN: f"{FOLLOW} X did not confirm the follow; check the profile before trying again{by}.",
        ActionState.FAILED: f"{FOLLOW} The follow failed: {action.result}{by}.",
    }
    return states.get(action.state, f"{FOLLOW} {action.state}{by}")


SHOWN_PER_POST = 5  # conversations in one "Conversations to join" message


def conversations_embed(xlist: XList, conversations: list[Conversation]) -> discord.Embed:
    """One "Conversations to join" message: up to ``SHOWN_PER_POST`` conversations (who talks, why, a link) and a
    suggested reply to the best one that has one. ``conversations`` is non-empty, best first."""
    embed = discord.Embed(title=clip(f"Conversations to join · {safe(xlist.name, 100)}", 256), colour=COLOUR)
    for conversation in conversations[:SHOWN_PER_POST]:
        speakers = ", ".join(f"@{handle}" for handle in conversation.speakers[:5])
        lines = [f"*{safe(conversation.why, 200)}* — {safe(speakers, 200)}"]
        if conversation.best_post_excerpt:
            lines.append(f"> {safe(conversation.best_post_excerpt, 200)}")
        lines.append(conversation.best_post_url)
        embed.add_field(name="\u200b", value=clip("\n".join(lines), 1024), inline=False)
    shown = conversations[:SHOWN_PER_POST]
    if (answered := _first_with_reply(shown)) is not None:
        number, conversation = answered
        name = "Suggested reply to the first" if number == 1 else f"Suggested reply to no. {number}"
        embed.add_field(name=name, value=f"✎ {safe(conversation.suggested_reply, 600)}", inline=False)
    return embed


def _first_with_reply(conversations: list[Conversation]) -> tuple[int, Conversation] | None:
    """The best conversation with a suggested reply and its place (1-based), or None: a conversation no template
    answers fittingly has none (the team writes its own words), and the next one's reply is shown."""
    return next(
        ((number, c) for number, c in enumerate(conversations, 1) if c.suggested_reply and c.suggested_reply_intent),
        None,
    )


def _link_view(links: Iterable[tuple[str, str | None]]) -> discord.ui.View | None:
    """Link buttons (label, url) under a message; None when there is none. Link buttons open the URL in the
    browser and send Discord no interaction, so nothing has to handle them and they work after a restart."""
    view = discord.ui.View(timeout=None)
    for label, url in links:
        if url and len(url) <= BUTTON_URL_LIMIT:
            view.add_item(discord.ui.Button(style=discord.ButtonStyle.link, label=label, url=url))
    return view if view.children else None


def entry_view(entry: DigestEntry) -> discord.ui.View | None:
    """One button per opener under a digest entry, opening X with the draft filled in. Needs a running event loop
    (discord.py's View does)."""
    return _link_view((OPENER_BUTTONS.get(opener.kind, "Open on X"), opener.intent_url) for opener in entry.openers)


def conversations_view(conversations: list[Conversation]) -> discord.ui.View | None:
    """A button that opens on X the suggested reply the message shows (:func:`conversations_embed`)."""
    answered = _first_with_reply(conversations[:SHOWN_PER_POST])
    return _link_view([("Reply on X", answered[1].suggested_reply_intent)] if answered else [])
