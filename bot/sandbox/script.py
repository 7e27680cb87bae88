"""The other side of a relationship, scripted: the team's own posts, people's answers and follows, over time.

A `Script` writes into a `World` what would happen on X while Circlebot runs: the team replies to or mentions
someone it was suggested, that person answers (a reply to the team's post, a mention, or a quote), follows the
team back, or the team follows them. Posts get snowflake ids from their time, so X's ``since_id`` reading works
on them like on real posts. Tests and ``bench.relationships`` play simulated weeks with it and know the truth
they scripted.

``mentions_of`` is what ``GET /2/users/:id/mentions`` serves: every known post that mentions the account or
replies to it, newest first.
"""

from __future__ import annotations

import hashlib
import random
from typing import TYPE_CHECKING

from bot.sandbox.world import SandboxPost
from bot.snowflake import datetime_to_snowflake

if TYPE_CHECKING:
    from datetime import datetime

    from bot.sandbox.world import SandboxUser, World


def _sequence(*parts: object) -> int:
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") & 0x3FFFFF


def post_id_at(moment: datetime, *salt: object) -> str:
    """A snowflake for a post made at ``moment`` (the low bits from ``salt``, so two posts rarely collide)."""
    return str(datetime_to_snowflake(moment) | _sequence(*salt))


class Script:
    """Writes scripted events into a world. Every method returns what it made, for the test to check against."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.team_id = world.me_id
        self._count = 0

    def _new_post(
        self,
        author_id: str,
        *,
        at: datetime,
        text: str,
        reply_to: SandboxPost | None = None,
        mention_ids: tuple[str, ...] = (),
        quote_of: SandboxPost | None = None,
        in_timeline: bool = True,
    ) -> SandboxPost:
        self._count += 1
        mentions = list(dict.fromkeys(([reply_to.author_id] if reply_to else []) + list(mention_ids)))
        mentions = [m for m in mentions if m != author_id or (reply_to is not None and m == reply_to.author_id)]
        prefix = "".join(f"@{self.world.users[m].username} " for m in mentions)
        referenced: list[tuple[str, str]] = []
        if reply_to is not None:
            referenced.append(("replied_to", reply_to.id))
        if quote_of is not None:
            referenced.append(("quoted", quote_of.id))
        post = SandboxPost(
            id=post_id_at(at, "script", self.world.seed, author_id, self._count),
            author_id=author_id,
            text=(prefix + text).strip(),
            created_at=at,
            conversation_id=reply_to.conversation_id if reply_to is not None else "",
            in_reply_to_user_id=reply_to.author_id if reply_to is not None else None,
            referenced=referenced,
            mentions=mentions,
        )
        if reply_to is None:
            post.conversation_id = post.id
        self.world.add_post(post, in_timeline=in_timeline)
        return post

    def original(self, author_id: str, *, at: datetime, text: str = "What are you building this week?") -> SandboxPost:
        """A post that starts a conversation."""
        return self._new_post(author_id, at=at, text=text)

    def reply(self, author_id: str, to: SandboxPost, *, at: datetime, text: str = "Good point, thanks!") -> SandboxPost:
        """``author_id`` replies to the post ``to``."""
        return self._new_post(author_id, at=at, text=text, reply_to=to)

    def mention(self, author_id: str, whom: str, *, at: datetime, text: str = "worth following") -> SandboxPost:
        """``author_id`` mentions ``whom`` in a new post."""
        return self._new_post(author_id, at=at, text=text, mention_ids=(whom,))

    def quote(self, author_id: str, post: SandboxPost, *, at: datetime, text: str = "This.") -> SandboxPost:
        """``author_id`` quotes ``post`` (X puts no mention in a quote)."""
        return self._new_post(author_id, at=at, text=text, quote_of=post)

    def latest_original(self, author_id: str) -> SandboxPost:
        """The author's newest original post (someone to reply to), generated or scripted."""
        for post in self.world.posts_of(author_id):
            if post.kind == "original":
                return post
        raise LookupError(f"user {author_id} has no original post")

    def follow(self, source_id: str, target_id: str) -> None:
        """``source_id`` follows ``target_id`` now (the team following someone, or someone following back)."""
        self.world.follow(source_id, target_id)

    def unfollow(self, source_id: str, target_id: str) -> None:
        """``source_id`` stops following ``target_id`` now (the team unfollowing someone, or someone leaving)."""
        self.world.unfollow(source_id, target_id)

    # The team's side, named as a test reads it.

    def team_talks_to(self, person_id: str, *, at: datetime) -> SandboxPost:
        """The team replies to the person's newest original post (or mentions them if they never posted one)."""
        try:
            original = self.latest_original(person_id)
        except LookupError:
            return self.mention(self.team_id, person_id, at=at, text="would love to hear what you're building")
        return self.reply(self.team_id, original, at=at, text="Loved this, tell me more?")

    def person_answers(self, person_id: str, *, at: datetime) -> SandboxPost:
        """The person replies to the team's newest post (or mentions the team if it never posted)."""
        own = [p for p in self.world.posts_of(self.team_id) if p.kind != "retweet"]
        if own:
            return self.reply(person_id, own[0], at=at, text="Thanks! Happy to chat.")
        return self.mention(person_id, self.team_id, at=at)

    def person_quotes(self, person_id: str, *, at: datetime) -> SandboxPost:
        """The person quotes the team's newest post (no mention: only X's quote-posts endpoint shows it), or
        mentions the team if it never posted."""
        own = [p for p in self.world.posts_of(self.team_id) if p.kind != "retweet"]
        if own:
            return self.quote(person_id, own[0], at=at, text="Worth reading, this.")
        return self.mention(person_id, self.team_id, at=at)


def mentions_of(world: World, user_id: str) -> list[SandboxPost]:
    """Posts by others that mention ``user_id`` or reply to it, newest first (what X's mentions timeline holds).

    The world generates timelines lazily, so the timelines of the account's followers (who reply to it most) are
    generated first; posts of anyone else count once they exist.
    """
    for follower in world.followers_of(user_id):
        world.posts_of(follower)
    found = [
        post
        for post in world.known_posts()
        if post.author_id != user_id
        and post.kind != "retweet"
        and (user_id in post.mentions or post.in_reply_to_user_id == user_id)
    ]
    return sorted(found, key=lambda post: int(post.id), reverse=True)


# -- people answering each other in generated timelines -------------------------------------------------------

EXCHANGE_SHARE = {"conversational": 0.3, "quiet": 0.15}
"""Share of a persona's replies that continue an exchange (someone answered, and the account answers back)."""
EXCHANGERS = 0.6
"""Share of accounts that ever answer back. On real timelines (``python -m bench.exchanges``) about half to
three fifths of conversational accounts show a provable exchange; the others reply but never continue."""


def answer_back(
    world: World,
    seed: int,
    user: SandboxUser,
    slot_id: str,
    at: datetime,
    friends: list[str],
    earlier: list[SandboxPost],
) -> SandboxPost | None:
    """Maybe turn a generated reply into the next turn of an exchange, as real conversations go.

    Either someone replied to one of the account's own recent posts and the account answers them there, or
    someone answered one of its replies and it answers back. The other person's post is made too (placed
    between the two posts of the account, in the post index and the mentions, not in their generated timeline),
    so ``two_way_exchanges`` can prove the exchange from the account's own timeline, as it would on X.
    ``None``: this reply stays as generated (decided from its own random stream, so other posts don't change).
    """
    if random.Random(f"exchanger:{seed}:{user.id}").random() >= EXCHANGERS:
        return None
    rng = random.Random(f"exchange:{seed}:{slot_id}")
    if rng.random() >= EXCHANGE_SHARE.get(user.persona, 0.0):
        return None
    recent = [p for p in earlier[-12:] if p.kind != "retweet" and (at - p.created_at).total_seconds() < 4 * 86_400]
    own_roots = [p for p in recent if p.kind == "original"]
    replies_to_others = [p for p in recent if p.kind == "reply" and p.in_reply_to_user_id not in (None, user.id)]
    if replies_to_others and (not own_roots or rng.random() < 0.5):
        ours = replies_to_others[-1]
        other_id = str(ours.in_reply_to_user_id)
        conversation = ours.conversation_id
    elif own_roots and friends:
        ours = own_roots[-1]
        other_id = friends[rng.randrange(min(len(friends), 6))]
        conversation = ours.id
    else:
        return None
    other = world.users.get(other_id)
    if other is None or other.suspended or other.id == user.id:
        return None
    gap = (at - ours.created_at).total_seconds()
    if gap < 120:
        return None
    their_time = ours.created_at + (at - ours.created_at) * rng.uniform(0.2, 0.8)
    theirs = _reply(
        post_id_at(their_time, "answer", seed, slot_id),
        other.id,
        ours,
        their_time,
        conversation,
        f"@{user.username} " + rng.choice(("Fair point!", "Agreed, and then?", "Thanks, trying it.", "Ha, yes.")),
    )
    world.add_post(theirs, in_timeline=False)
    return _reply(
        slot_id,
        user.id,
        theirs,
        at,
        conversation,
        f"@{other.username} " + rng.choice(("Exactly!", "Thanks for asking.", "Will do.", "Good one.")),
    )


def _reply(post_id: str, author_id: str, to: SandboxPost, at: datetime, conversation: str, text: str) -> SandboxPost:
    """``author_id``'s reply to the post ``to`` in ``conversation`` (the replied-to author is the one mention)."""
    return SandboxPost(
        id=post_id,
        author_id=author_id,
        text=text,
        created_at=at,
        conversation_id=conversation,
        in_reply_to_user_id=to.author_id,
        referenced=[("replied_to", to.id)],
        mentions=[to.author_id],
    )
