"""A deterministic, synthetic X "world": accounts, a follow graph, Lists, and lazily generated posts.

The world is the sandbox server's database. Everything is derived from one integer seed (and the world's
``now``), so the same seed always yields the same accounts, graph and timelines. Posts are not stored: a user's
timeline is generated on first use from ``(seed, user id)`` and cached, which keeps a 10 x 1000 world cheap to
build and small to save.

Timelines are generated in two stages so that replies can point at other users' posts without recursion: the
*skeleton* of a timeline (ids, times and kinds) depends only on the user, and the *originals* (posts that are
neither replies, retweets nor quotes) only on the skeleton. Replies, retweets and quotes then reference other
users' originals.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import itertools
import json
import logging
import math
import random
import string
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.snowflake import TWITTER_EPOCH_MS, datetime_to_snowflake, snowflake_to_datetime

log = logging.getLogger(__name__)

PERSONAS = ("conversational", "broadcaster", "quiet", "silent", "bot")
PERSONA_WEIGHTS = (0.35, 0.20, 0.20, 0.15, 0.10)
ACTIVE_PERSONAS = ("conversational", "broadcaster", "quiet")
DEFAULT_PROFILE_IMAGE = "https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png"
ACTIVE_WINDOW = timedelta(days=30)
FORMAT = "circlebot-sandbox-world"
FORMAT_VERSION = 1

# Posts per day for the active personas: (median, spread of the log-normal).
_DAILY_RATE = {
    "conversational": (4.0, 0.5),
    "broadcaster": (5.0, 0.5),
    "quiet": (0.35, 0.4),
    "bot": (30.0, 0.4),
}
# Kind mix per persona. Kinds: original, question, link, reply, thread, retweet, quote.
_KIND_WEIGHTS: dict[str, dict[str, float]] = {
    "conversational": {
        "original": 0.17,
        "question": 0.08,
        "link": 0.04,
        "reply": 0.46,
        "thread": 0.08,
        "retweet": 0.12,
        "quote": 0.05,
    },
    "broadcaster": {"original": 0.1, "link": 0.5, "retweet": 0.28, "quote": 0.07, "reply": 0.03, "thread": 0.02},
    "quiet": {"original": 0.45, "question": 0.05, "link": 0.1, "reply": 0.2, "retweet": 0.2},
    "bot": {"link": 0.55, "original": 0.05, "retweet": 0.4},
    "silent": {"original": 0.5, "link": 0.1, "reply": 0.15, "retweet": 0.25},
}
_ORIGINAL_KINDS = frozenset({"original", "question", "link"})


@dataclass
class SandboxUser:
    id: str
    username: str
    name: str
    description: str
    location: str
    created_at: datetime
    protected: bool = False
    suspended: bool = False
    verified: bool = False
    url: str = ""
    profile_image_url: str = DEFAULT_PROFILE_IMAGE
    tweet_count: int = 0
    listed_count: int = 0
    persona: str = "quiet"
    last_post_at: datetime | None = None
    extra_followers: int = 0
    """Followers outside the world (counts are heavy-tailed beyond the generated graph)."""
    extra_following: int = 0
    """Followees outside the world."""
    topics: list[str] = field(default_factory=list)


@dataclass
class SandboxPost:
    id: str
    author_id: str
    text: str
    created_at: datetime
    conversation_id: str
    in_reply_to_user_id: str | None = None
    referenced: list[tuple[str, str]] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    like_count: int = 0
    reply_count: int = 0
    retweet_count: int = 0
    quote_count: int = 0

    @property
    def kind(self) -> str:
        """``original``, ``reply``, ``retweet`` or ``quote``."""
        for ref_type, _ in self.referenced:
            if ref_type == "retweeted":
                return "retweet"
            if ref_type == "replied_to":
                return "reply"
            if ref_type == "quoted":
                return "quote"
        return "original"


@dataclass
class SandboxList:
    id: str
    owner_id: str
    name: str
    description: str = ""
    private: bool = False
    member_ids: list[str] = field(default_factory=list)
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass(frozen=True)
class _Slot:
    id: str
    created_at: datetime
    kind: str


class World:
    """Users, the follow graph, Lists and (lazily) posts. See the module docstring."""

    def __init__(
        self,
        *,
        seed: int,
        now: datetime,
        users: dict[str, SandboxUser],
        following: dict[str, list[str]],
        me_id: str,
        seed_ids: list[str],
        lists: dict[str, SandboxList] | None = None,
        vocabulary: str = "tweet",
    ) -> None:
        if vocabulary not in ("tweet", "post", "mixed"):
            raise ValueError(f"a world speaks tweet, post or mixed, not {vocabulary!r}")
        self.seed = seed
        self.vocabulary = vocabulary
        """Which of X's vocabularies the sandbox speaks: tweet (spec 2.166), post (2.167) or mixed (per endpoint;
        see bot/sandbox/vocabulary.py)."""
        self.now = now if now.tzinfo else now.replace(tzinfo=UTC)
        self.users = users
        self.following = following
        self.me_id = me_id
        self.seed_ids = seed_ids
        self.lists: dict[str, SandboxList] = lists if lists is not None else {}
        self._followers: dict[str, list[str]] | None = None
        self._skeletons: dict[str, list[_Slot]] = {}
        self._originals: dict[str, tuple[list[_Slot], list[float]]] = {}
        self._timelines: dict[str, list[SandboxPost]] = {}
        self._posts: dict[str, SandboxPost] = {}
        self._posting_ids: list[str] | None = None
        self._by_username: dict[str, str] | None = None

    # ------------------------------------------------------------------ graph

    def followers_of(self, user_id: str) -> list[str]:
        """Ids of the world users following ``user_id``, newest first (derived index)."""
        if self._followers is None:
            index: dict[str, list[tuple[int, str]]] = {}
            for follower, followees in self.following.items():
                for position, followee in enumerate(followees):
                    index.setdefault(followee, []).append((position, follower))
            # Approximate "newest first": the earlier a follow is in the follower's list, the newer it is.
            self._followers = {
                followee: [f for _, f in sorted(entries, key=lambda e: (e[0], e[1]))]
                for followee, entries in index.items()
            }
        return list(self._followers.get(user_id, []))

    def follow(self, source_id: str, target_id: str) -> None:
        """``source_id`` follows ``target_id`` now: the target moves to the front of the following list."""
        followees = self.following.setdefault(source_id, [])
        if target_id in followees:
            followees.remove(target_id)
        followees.insert(0, target_id)
        self._followers = None

    def unfollow(self, source_id: str, target_id: str) -> None:
        """``source_id`` stops following ``target_id`` now (nothing happens if it did not follow)."""
        followees = self.following.get(source_id, [])
        if target_id in followees:
            followees.remove(target_id)
        self._followers = None

    def followers_count(self, user_id: str) -> int:
        return len(self.followers_of(user_id)) + self.users[user_id].extra_followers

    def following_count(self, user_id: str) -> int:
        return len(self.following.get(user_id, ())) + self.users[user_id].extra_following

    def user_by_username(self, username: str) -> SandboxUser | None:
        """Case-insensitive handle lookup."""
        if self._by_username is None or len(self._by_username) != len(self.users):
            self._by_username = {u.username.lower(): u.id for u in self.users.values()}
        user_id = self._by_username.get(username.lower())
        return self.users.get(user_id) if user_id else None

    # ------------------------------------------------------------------ posts

    def posts_of(self, user_id: str) -> list[SandboxPost]:
        """The user's generated timeline, newest first (deterministic, cached)."""
        timeline = self._timelines.get(user_id)
        if timeline is None:
            timeline = self._build_timeline(user_id)
            self._timelines[user_id] = timeline
        return list(timeline)

    def post(self, post_id: str) -> SandboxPost | None:
        """A post generated so far (timelines are generated on demand)."""
        return self._posts.get(str(post_id))

    def add_post(self, post: SandboxPost, *, in_timeline: bool = True) -> None:
        """Add a post made outside generation (a scripted one, or the other side of an exchange): into the
        post index, and by default into its author's timeline in id order (see ``bot.sandbox.script``)."""
        self._posts[post.id] = post
        if not in_timeline:
            return
        timeline = self._timelines.get(post.author_id)
        if timeline is None:
            timeline = self._build_timeline(post.author_id)
        timeline = [p for p in timeline if p.id != post.id] + [post]
        timeline.sort(key=lambda p: int(p.id), reverse=True)
        self._timelines[post.author_id] = timeline
        author = self.users[post.author_id]
        author.tweet_count += 1
        if author.last_post_at is None or post.created_at > author.last_post_at:
            author.last_post_at = post.created_at

    def known_posts(self) -> list[SandboxPost]:
        """Every post generated or added so far."""
        return list(self._posts.values())

    def most_recent_post_id(self, user_id: str) -> str | None:
        user = self.users.get(user_id)
        if user is None or user.last_post_at is None or user.tweet_count <= 0:
            return None
        sequence = _digest("newest", self.seed, user_id) & 0xFFF
        return str(((_to_ms(user.last_post_at) - TWITTER_EPOCH_MS) << 22) | sequence)

    # ------------------------------------------------------------ persistence

    def to_json(self) -> dict[str, Any]:
        def user_json(user: SandboxUser) -> dict[str, Any]:
            data = asdict(user)
            data["created_at"] = _iso(user.created_at)
            data["last_post_at"] = _iso(user.last_post_at) if user.last_post_at else None
            return data

        def list_json(lst: SandboxList) -> dict[str, Any]:
            data = asdict(lst)
            data["created_at"] = _iso(lst.created_at)
            return data

        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "seed": self.seed,
            "now": _iso(self.now),
            "me_id": self.me_id,
            "seed_ids": self.seed_ids,
            "users": [user_json(u) for u in self.users.values()],
            "following": self.following,
            "lists": [list_json(lst) for lst in self.lists.values()],
            "vocabulary": self.vocabulary,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> World:
        if data.get("format") != FORMAT:
            raise ValueError("not a Circlebot sandbox world file")
        users = {}
        for raw in data["users"]:
            raw = dict(raw)
            raw["created_at"] = _parse_iso(raw["created_at"])
            raw["last_post_at"] = _parse_iso(raw["last_post_at"]) if raw.get("last_post_at") else None
            users[raw["id"]] = SandboxUser(**raw)
        lists = {}
        for raw in data.get("lists", []):
            raw = dict(raw)
            raw["created_at"] = _parse_iso(raw["created_at"])
            lists[raw["id"]] = SandboxList(**raw)
        return cls(
            seed=int(data["seed"]),
            now=_parse_iso(data["now"]),
            users=users,
            following={k: list(v) for k, v in data["following"].items()},
            me_id=data["me_id"],
            seed_ids=list(data["seed_ids"]),
            lists=lists,
            vocabulary=str(data.get("vocabulary", "tweet")),
        )

    def save(self, path: str | Path) -> None:
        """Write the world as JSON (gzip-compressed when the name ends in ``.gz``). Posts are regenerated."""
        path = Path(path)
        payload = json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")).encode()
        if path.suffix == ".gz":
            path.write_bytes(gzip.compress(payload, mtime=0))
        else:
            path.write_bytes(payload)

    @classmethod
    def load(cls, path: str | Path) -> World:
        path = Path(path)
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        return cls.from_json(json.loads(raw))

    @classmethod
    def open(cls, path: str | Path) -> World:
        """``.json``/``.json.gz`` -> :meth:`load`; ``.tsv``/``.tsv.gz``/``.txt`` -> :meth:`from_follow_graph`."""
        name = Path(path).name.lower()
        if name.endswith((".json", ".json.gz")):
            return cls.load(path)
        if name.endswith((".tsv", ".tsv.gz", ".txt", ".txt.gz")):
            return cls.from_follow_graph(path)
        raise ValueError(f"don't know how to open {path}: expected .json[.gz] or .tsv[.gz]/.txt")

    # ------------------------------------------------------------- generation

    @classmethod
    def generate(
        cls,
        seed: int,
        *,
        seeds: int = 10,
        following_per_seed: int = 1000,
        overlap: float = 0.3,
        now: datetime | None = None,
    ) -> World:
        """A synthetic world: ``seeds`` seed accounts each following ``following_per_seed`` accounts.

        A fraction ``overlap`` of each seed's followees comes from a shared pool with Zipf-like popularity, so
        the number of seeds following a candidate varies from 1 to ``seeds``.
        """
        if seeds < 1 or following_per_seed < 1 or not 0.0 <= overlap <= 1.0:
            raise ValueError("seeds and following_per_seed must be >= 1 and overlap in [0, 1]")
        now = _utc_ms(now or datetime.now(UTC))
        rng = random.Random(_digest("world", seed))
        factory = _ProfileFactory(seed, now)

        shared_per_seed = round(following_per_seed * overlap)
        unique_per_seed = following_per_seed - shared_per_seed
        pool_size = max(shared_per_seed, round(shared_per_seed * 2.5)) if shared_per_seed else 0

        users: dict[str, SandboxUser] = {}

        def add(persona: str | None = None, *, active: bool = False) -> str:
            user = factory.make(rng, persona=persona, allow_hidden=not active)
            users[user.id] = user
            return user.id

        seed_ids = [add(rng.choice(ACTIVE_PERSONAS), active=True) for _ in range(seeds)]
        pool = [add() for _ in range(pool_size)]
        weights = [1.0 / (rank + 1) ** 0.8 for rank in range(pool_size)]

        following: dict[str, list[str]] = {}
        candidates: list[str] = list(pool)
        for seed_id in seed_ids:
            shared: list[str] = []
            if shared_per_seed:
                # Weighted sampling without replacement (Efraimidis-Spirakis keys).
                keyed = sorted(
                    ((rng.random() ** (1.0 / w), uid) for uid, w in zip(pool, weights, strict=True)),
                    reverse=True,
                )
                shared = [uid for _, uid in keyed[:shared_per_seed]]
            unique = [add() for _ in range(unique_per_seed)]
            candidates.extend(unique)
            followees = shared + unique
            rng.shuffle(followees)
            following[seed_id] = followees

        # Seeds sometimes follow each other.
        for seed_id in seed_ids:
            for other in seed_ids:
                if other != seed_id and rng.random() < 0.3:
                    following[seed_id].insert(rng.randrange(len(following[seed_id]) + 1), other)

        # Cheap following lists for some candidates, so followers_of() is meaningful inside the world.
        for uid in candidates:
            if rng.random() < 0.25:
                picks = {candidates[int(len(candidates) * rng.random() ** 2)] for _ in range(rng.randint(1, 6))}
                picks.discard(uid)
                if picks:
                    following[uid] = sorted(picks, key=lambda _: rng.random())

        me = factory.make(rng, persona="quiet", allow_hidden=False, own_account=True)
        users[me.id] = me
        followed_by_me = list(seed_ids)
        followed_candidates = [uid for uid in candidates if rng.random() < 0.02]
        followed_by_me.extend(followed_candidates)
        rng.shuffle(followed_by_me)
        following[me.id] = followed_by_me
        for uid in seed_ids + [c for c in candidates if rng.random() < 0.01]:
            if rng.random() < 0.6:
                following.setdefault(uid, []).insert(0, me.id)

        world = cls(seed=seed, now=now, users=users, following=following, me_id=me.id, seed_ids=seed_ids)
        log.debug("generated sandbox world seed=%s users=%s", seed, len(users))
        return world

    @classmethod
    def from_follow_graph(
        cls,
        path: str | Path,
        *,
        seed: int = 0,
        seeds: int = 10,
        now: datetime | None = None,
    ) -> World:
        """A world on a real follow graph (``follower<TAB>followee`` lines); profiles and posts are generated."""
        path = Path(path)
        opener = gzip.open if path.suffix == ".gz" else open
        edges: list[tuple[str, str]] = []
        with opener(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                parts = line.split()
                if len(parts) < 2:
                    continue
                edges.append((parts[0], parts[1]))

        raw_ids = {a for a, _ in edges} | {b for _, b in edges}
        numeric = all(r.isdigit() and len(r) <= 19 for r in raw_ids)
        mapping = {r: (str(int(r)) if numeric else _numeric_id(r)) for r in raw_ids}

        following: dict[str, list[str]] = {}
        seen: set[tuple[str, str]] = set()
        for a, b in edges:
            edge = (mapping[a], mapping[b])
            if edge in seen or edge[0] == edge[1]:
                continue
            seen.add(edge)
            following.setdefault(edge[0], []).append(edge[1])

        now = _utc_ms(now or datetime.now(UTC))
        factory = _ProfileFactory(seed, now)
        ids = sorted({i for e in seen for i in e}, key=lambda i: (len(i), i))
        users: dict[str, SandboxUser] = {}
        for uid in ids:
            user_rng = random.Random(_digest("graph-user", seed, uid))
            users[uid] = factory.make(user_rng, user_id=uid)

        seed_ids = sorted(following, key=lambda u: (-len(following[u]), len(u), u))[:seeds]
        for sid in seed_ids:
            user = users[sid]
            user.protected = user.suspended = False
            if user.persona not in ACTIVE_PERSONAS:
                factory.repersona(random.Random(_digest("seed-persona", seed, sid)), user, "conversational")

        rng = random.Random(_digest("graph-me", seed))
        me = factory.make(rng, persona="quiet", allow_hidden=False, own_account=True)
        while me.id in users:
            me = factory.make(rng, persona="quiet", allow_hidden=False, own_account=True)
        users[me.id] = me
        others = [u for u in ids if u not in seed_ids]
        following[me.id] = list(seed_ids) + [u for u in others if rng.random() < 0.03]
        for uid in seed_ids:
            if rng.random() < 0.6:
                following.setdefault(uid, []).insert(0, me.id)
        return cls(seed=seed, now=now, users=users, following=following, me_id=me.id, seed_ids=seed_ids)

    # ------------------------------------------------------ timeline internals

    def _skeleton(self, user_id: str) -> list[_Slot]:
        cached = self._skeletons.get(user_id)
        if cached is not None:
            return cached
        user = self.users.get(user_id)
        slots: list[_Slot] = []
        if user is not None and user.last_post_at is not None:
            rng = random.Random(_digest("skeleton", self.seed, user_id))
            kinds = _KIND_WEIGHTS.get(user.persona, _KIND_WEIGHTS["quiet"])
            kind_names = list(kinds)
            cum_weights = list(itertools.accumulate(kinds.values()))
            total_weight = cum_weights[-1]
            moment_ms = _to_ms(user.last_post_at)
            if user.persona == "silent":
                count_cap = rng.randint(1, 12)
                horizon_ms = moment_ms - 365 * _DAY_MS
                mean_gap_ms = 9.0 * _DAY_MS
            else:
                median, spread = _DAILY_RATE.get(user.persona, _DAILY_RATE["quiet"])
                mean_gap_ms = _DAY_MS / (median * math.exp(rng.gauss(0.0, spread)))
                horizon_ms = _to_ms(self.now - ACTIVE_WINDOW)
                count_cap = user.tweet_count
            limit = min(count_cap, user.tweet_count, 3200)
            # The newest id is derivable without the rest of the timeline (most_recent_post_id).
            sequence = _digest("newest", self.seed, user_id) & 0xFFF
            previous_id = None
            while moment_ms > horizon_ms and len(slots) < limit:
                snowflake = ((moment_ms - TWITTER_EPOCH_MS) << 22) | sequence
                if previous_id is not None and snowflake >= previous_id:
                    snowflake = previous_id - 1
                previous_id = snowflake
                kind = kind_names[bisect.bisect(cum_weights, rng.random() * total_weight)]
                slots.append(_Slot(str(snowflake), _from_ms(moment_ms), kind))
                moment_ms -= max(int(rng.expovariate(1.0) * mean_gap_ms), 20_000)
                sequence = rng.getrandbits(12)
        self._skeletons[user_id] = slots
        return slots

    def _original_slots(self, user_id: str) -> tuple[list[_Slot], list[float]]:
        """The user's original (non-reply, non-retweet) slots newest first, with negated timestamps for bisect."""
        cached = self._originals.get(user_id)
        if cached is None:
            slots = [slot for slot in self._skeleton(user_id) if slot.kind in _ORIGINAL_KINDS]
            cached = (slots, [-slot.created_at.timestamp() for slot in slots])
            self._originals[user_id] = cached
        return cached

    def _original_post(self, user_id: str, slot: _Slot) -> SandboxPost:
        post = self._posts.get(slot.id)
        if post is None:
            user = self.users[user_id]
            rng = random.Random(_digest("text", self.seed, slot.id))
            post = SandboxPost(
                id=slot.id,
                author_id=user_id,
                text=_original_text(rng, user, slot.kind),
                created_at=slot.created_at,
                conversation_id=slot.id,
            )
            _fill_metrics(rng, post, user)
            self._posts[post.id] = post
        return post

    def _friends(self, user_id: str) -> list[str]:
        followees = [
            u
            for u in self.following.get(user_id, [])[:200]
            if u in self.users and self.users[u].last_post_at is not None and not self.users[u].suspended
        ]
        rng = random.Random(_digest("friends", self.seed, user_id))
        if len(followees) < 5:
            if self._posting_ids is None:
                self._posting_ids = sorted(
                    (
                        u.id
                        for u in self.users.values()
                        if u.last_post_at is not None and not u.suspended and u.persona != "bot"
                    ),
                    key=lambda i: (len(i), i),
                )
            pool = [u for u in self._posting_ids if u != user_id]
            followees += rng.sample(pool, min(len(pool), 8))
        circle = rng.sample(followees, min(len(followees), rng.randint(3, 6)))
        return circle + [f for f in followees if f not in circle]

    def _pick_target(self, rng: random.Random, friends: list[str], before: datetime) -> SandboxPost | None:
        for _ in range(4):
            if not friends:
                return None
            # Mostly the inner circle (the first few friends), sometimes anyone followed.
            span = len(friends) if rng.random() < 0.3 else min(len(friends), 6)
            friend = friends[rng.randrange(span)]
            slots, keys = self._original_slots(friend)
            start = bisect.bisect_right(keys, -before.timestamp())
            if start < len(slots):
                index = min(len(slots) - 1, start + int(rng.expovariate(0.5)))
                return self._original_post(friend, slots[index])
        return None

    def _build_timeline(self, user_id: str) -> list[SandboxPost]:
        user = self.users.get(user_id)
        if user is None:
            return []
        skeleton = self._skeleton(user_id)
        needs_friends = any(slot.kind not in _ORIGINAL_KINDS for slot in skeleton)
        friends = self._friends(user_id) if needs_friends else []
        timeline: list[SandboxPost] = []  # oldest first while building
        for slot in reversed(skeleton):
            if slot.kind in _ORIGINAL_KINDS:
                timeline.append(self._original_post(user_id, slot))
                continue
            post = self._posts.get(slot.id)
            if post is None:
                rng = random.Random(_digest("post", self.seed, slot.id))
                post = self._derived_post(rng, user, slot, friends, timeline)
                _fill_metrics(rng, post, user)
                self._posts[post.id] = post
            timeline.append(post)
        timeline.reverse()
        return timeline

    def _derived_post(
        self,
        rng: random.Random,
        user: SandboxUser,
        slot: _Slot,
        friends: list[str],
        earlier: list[SandboxPost],
    ) -> SandboxPost:
        kind = slot.kind
        if kind == "thread":
            parents = [p for p in earlier[-5:] if p.kind != "retweet"]
            if parents:
                parent = parents[-1]
                mentions = [m for m in parent.mentions if m != user.id] if parent.kind == "reply" else []
                prefix = "".join(f"@{self.users[m].username} " for m in mentions[:1])
                return SandboxPost(
                    id=slot.id,
                    author_id=user.id,
                    text=prefix + _thread_text(rng, user),
                    created_at=slot.created_at,
                    conversation_id=parent.conversation_id,
                    in_reply_to_user_id=user.id,
                    referenced=[("replied_to", parent.id)],
                    mentions=mentions[:1],
                )
            kind = "reply"
        if kind == "reply":
            from bot.sandbox.script import answer_back  # the script module builds on this one

            exchange = answer_back(self, self.seed, user, slot.id, slot.created_at, friends, earlier)
            if exchange is not None:
                return exchange
        target = self._pick_target(rng, friends, slot.created_at)
        if target is None:
            return SandboxPost(
                id=slot.id,
                author_id=user.id,
                text=_original_text(rng, user, "original"),
                created_at=slot.created_at,
                conversation_id=slot.id,
            )
        author = self.users[target.author_id]
        if kind == "reply":
            mentions = [author.id]
            extra = ""
            if rng.random() < 0.15 and len(friends) > 1:
                other = friends[rng.randrange(len(friends))]
                if other not in (author.id, user.id):
                    mentions.append(other)
                    extra = f"@{self.users[other].username} "
            return SandboxPost(
                id=slot.id,
                author_id=user.id,
                text=f"@{author.username} {extra}{_reply_text(rng, user)}",
                created_at=slot.created_at,
                conversation_id=target.conversation_id,
                in_reply_to_user_id=author.id,
                referenced=[("replied_to", target.id)],
                mentions=mentions,
            )
        if kind == "retweet":
            body = target.text if len(target.text) <= 110 else target.text[:109] + "…"
            return SandboxPost(
                id=slot.id,
                author_id=user.id,
                text=f"RT @{author.username}: {body}",
                created_at=slot.created_at,
                conversation_id=slot.id,
                referenced=[("retweeted", target.id)],
                mentions=[author.id] + [m for m in target.mentions if m != author.id],
            )
        return SandboxPost(  # quote
            id=slot.id,
            author_id=user.id,
            text=f"{rng.choice(_QUOTE_LINES)} https://t.co/{_code(rng)}",
            created_at=slot.created_at,
            conversation_id=slot.id,
            referenced=[("quoted", target.id)],
        )


# ---------------------------------------------------------------------- profiles

_FIRST = [
    "Ana",
    "Ben",
    "Chloé",
    "Dmitri",
    "Emeka",
    "Fatima",
    "Giulia",
    "Hiroshi",
    "Ines",
    "Jamal",
    "Kavya",
    "Lars",
    "Mei",
    "Nia",
    "Olu",
    "Priya",
    "Quentin",
    "Rosa",
    "Sven",
    "Tomás",
    "Uma",
    "Vikram",
    "Wen",
    "Xavier",
    "Yara",
    "Zeynep",
    "Aiko",
    "Bilal",
    "Camila",
    "Diego",
    "Elif",
    "Farah",
    "Gabriel",
    "Hana",
    "Ivan",
    "Julia",
    "Kofi",
    "Leila",
    "Mateo",
    "Noor",
    "Oscar",
    "Paula",
    "Rahul",
    "Sofia",
    "Tariq",
    "Valentina",
    "Wei",
    "Yusuf",
    "Zoe",
    "Amara",
    "Björn",
    "Carmen",
    "Dara",
    "Ebony",
    "Finn",
    "Grace",
    "Hugo",
    "Isla",
    "Jonas",
    "Kenji",
    "Lucía",
    "Marek",
    "Nadia",
    "Omar",
    "Pia",
    "Rui",
    "Sara",
    "Theo",
    "Ulla",
    "Vera",
    "Will",
    "Ximena",
    "Yuki",
    "Zara",
    "Alex",
    "Sam",
    "Jordan",
    "Taylor",
    "Morgan",
    "Riley",
    "Casey",
    "Jamie",
    "Robin",
    "Kim",
]
_LAST = [
    "Okafor",
    "Nguyen",
    "Schmidt",
    "García",
    "Rossi",
    "Tanaka",
    "Kowalski",
    "Haddad",
    "Silva",
    "Johansson",
    "Patel",
    "O'Brien",
    "Dubois",
    "Kim",
    "Müller",
    "Novak",
    "Ivanova",
    "Mensah",
    "Costa",
    "Andersen",
    "Yilmaz",
    "Fernández",
    "Chen",
    "Walker",
    "Murphy",
    "Adeyemi",
    "Sato",
    "Larsen",
    "Moreau",
    "Kaur",
    "Hassan",
    "Lopez",
    "Park",
    "Byrne",
    "Fischer",
    "Popescu",
    "Nakamura",
    "Osei",
    "Ricci",
    "Svensson",
    "Wright",
    "Zhang",
    "Ahmed",
    "Bauer",
    "Castillo",
    "Duarte",
    "Eriksen",
    "Fontaine",
    "Gupta",
    "Horvat",
    "Ito",
    "Jansen",
    "Khan",
    "Lindqvist",
]
_ODD_NAMES = (
    "✨ luna ✨",
    "Ｄａｎｉｅｌ",
    "𝕸𝖆𝖗𝖎𝖆",
    "Mårten Ødegård",
    "Zoë 🌱",
    "ℭ𝔞𝔯𝔩𝔬𝔰",
    "Ana 🇧🇷🏳️‍🌈",
    "김민준",
    "محمد علي",
    "Дмитрий",
    "王芳",
    "Sheryl \U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "jo (she/her) 🦊",
    "Prof. Ngozi A.",
    "Ωmega",
)
_CITIES = (
    "Lagos, Nigeria",
    "Berlin",
    "São Paulo, Brasil",
    "Toronto, ON",
    "Bengaluru, India",
    "London, England",
    "Mexico City",
    "Nairobi, Kenya",
    "Tokyo",
    "Seoul, South Korea",
    "Melbourne, Victoria",
    "Brooklyn, NY",
    "San Francisco, CA",
    "Austin, TX",
    "Paris, France",
    "Kraków, Polska",
    "Istanbul",
    "Accra, Ghana",
    "Manila",
    "Dublin, Ireland",
    "Stockholm",
    "Cape Town",
    "Buenos Aires",
    "Jakarta, Indonesia",
    "Montréal",
    "Edinburgh, Scotland",
    "Seattle, WA",
    "Chicago",
    "Amsterdam",
    "Lisbon",
)
_ODD_LOCATIONS = ("Earth 🌍", "the internet", "somewhere over the rainbow", "🏠", "localhost", "Mars (eventually)")
_TOPICS = (
    "coffee",
    "Rust",
    "Python",
    "climate policy",
    "jazz",
    "bouldering",
    "typography",
    "urban gardening",
    "open source",
    "cycling",
    "sourdough",
    "ML papers",
    "local politics",
    "birding",
    "retro games",
    "F1",
    "marathon training",
    "poetry",
    "synths",
    "film photography",
    "public transit",
    "startups",
    "chess",
    "UX research",
    "astronomy",
    "football",
    "data viz",
    "knitting",
)
_ROLES = (
    "engineer",
    "designer",
    "researcher",
    "writer",
    "teacher",
    "founder",
    "PhD student",
    "nurse",
    "product manager",
    "journalist",
    "artist",
    "data scientist",
    "community organizer",
    "developer advocate",
)
_BROADCAST_BIOS = (
    "Daily news and analysis on {t0} and {t1}. Tips: {h}@example.com",
    "The latest on {t0}. Follow for updates.",
    "Official account. {t0} | {t1} | events",
    "Curating the best of {t0} since {y}.",
)
_BIOS = (
    "{role} into {t0} & {t1}. opinions my own.",
    "{role} @ a small company. {t0} nerd. she/her",
    "I write about {t0}. Sometimes {t1}. Mostly coffee.",
    "{role}. {t0}, {t1}, and bad puns. {city_short}",
    "Trying to get better at {t0} ✨",
    "{role} | {t0} | {t1} | he/him",
    "ex-{role}, now doing {t0} full time",
    "",
)
_QUOTE_LINES = (
    "This is worth a read.",
    "Strongly agree with this thread.",
    "Hard disagree, but good points.",
    "Saving this for later 👇",
    "Yes! More of this.",
)


class _ProfileFactory:
    def __init__(self, seed: int, now: datetime) -> None:
        self.seed = seed
        self.now = now
        self.handles: set[str] = set()
        self.ids: set[str] = set()

    def make(
        self,
        rng: random.Random,
        *,
        persona: str | None = None,
        allow_hidden: bool = True,
        own_account: bool = False,
        user_id: str | None = None,
    ) -> SandboxUser:
        persona = persona or rng.choices(PERSONAS, PERSONA_WEIGHTS)[0]
        if user_id is not None:
            created_at = _created_from_id(rng, user_id, self.now)
        else:
            earliest = datetime(2008, 1, 1, tzinfo=UTC)
            latest = self.now - timedelta(days=45 if persona != "bot" else 40)
            span = (latest - earliest).total_seconds()
            created_at = _utc_ms(earliest + timedelta(seconds=span * rng.random() ** 0.7))
            user_id = self._mint_id(rng, created_at)
        self.ids.add(user_id)

        is_bot = persona == "bot"
        if is_bot:
            first = rng.choice(_FIRST)
            name = first
            username = self._unique_handle(rng, f"{first}{rng.randrange(10**7, 10**8)}")
        else:
            if rng.random() < 0.04:
                name = rng.choice(_ODD_NAMES)
                base = rng.choice(_FIRST).lower() + rng.choice(("", "_", "x", "xo"))
            else:
                first, last = rng.choice(_FIRST), rng.choice(_LAST)
                name = f"{first} {last}"
                base = rng.choice(
                    (f"{first}{last}", f"{first}_{last}", f"{first[0]}{last}", f"the{first}", f"{first}_{last[:3]}")
                )
            username = self._unique_handle(rng, base)

        topics: list[str] = rng.sample(_TOPICS, 2)
        city = rng.choice(_CITIES)
        location = "" if is_bot else rng.choice((city, city, city, "", rng.choice(_ODD_LOCATIONS)))
        if is_bot:
            description = rng.choice(("", "", f"Automated {topics[0]} updates."))
        elif persona == "broadcaster":
            description = rng.choice(_BROADCAST_BIOS).format(
                t0=topics[0], t1=topics[1], h=username.lower(), y=created_at.year
            )
        else:
            description = rng.choice(_BIOS).format(
                role=rng.choice(_ROLES), t0=topics[0], t1=topics[1], city_short=city.split(",")[0]
            )
        user = SandboxUser(
            id=user_id,
            username=username,
            name=name,
            description=description,
            location=location,
            created_at=created_at,
            protected=allow_hidden and rng.random() < 0.03,
            suspended=allow_hidden and rng.random() < 0.01,
            url="" if is_bot or rng.random() < 0.6 else f"https://t.co/{_code(rng)}",
            profile_image_url=DEFAULT_PROFILE_IMAGE
            if is_bot or rng.random() < 0.03
            else f"https://pbs.twimg.com/profile_images/{user_id}/{_code(rng)}_normal.jpg",
            persona=persona,
            topics=topics,
        )
        self.repersona(rng, user, persona)
        if own_account:
            user.extra_followers = rng.randint(20, 300)
        return user

    def repersona(self, rng: random.Random, user: SandboxUser, persona: str) -> None:
        """(Re)derive the persona-dependent counts and last-post time."""
        user.persona = persona
        mu_followers = {"broadcaster": 8.0, "bot": 2.5, "silent": 4.0}.get(persona, 5.5)
        user.extra_followers = int(rng.lognormvariate(mu_followers, 1.8))
        user.extra_following = int(rng.lognormvariate(7.5 if persona == "bot" else 5.5, 1.0))
        user.verified = (persona == "broadcaster" and rng.random() < 0.25) or rng.random() < 0.02
        user.listed_count = int(user.extra_followers * rng.uniform(0.001, 0.02))
        history = int(rng.lognormvariate(7.0 if persona != "bot" else 10.0, 1.2))
        if persona == "silent":
            if rng.random() < 0.2:
                user.last_post_at = None
                user.tweet_count = 0
                return
            user.last_post_at = _utc_ms(self.now - timedelta(days=rng.uniform(31, 400)))
            user.tweet_count = max(12, history)
            return
        median, _ = _DAILY_RATE[persona]
        gap_days = min(rng.expovariate(median), ACTIVE_WINDOW.days - 1)
        user.last_post_at = _utc_ms(self.now - timedelta(days=gap_days) - timedelta(seconds=rng.randint(1, 600)))
        user.tweet_count = history + int(median * ACTIVE_WINDOW.days * 4) + 20
        if user.last_post_at <= user.created_at:
            user.last_post_at = None
            user.tweet_count = 0

    def _mint_id(self, rng: random.Random, created_at: datetime) -> str:
        while True:
            if created_at < datetime(2013, 1, 1, tzinfo=UTC):
                candidate = str(rng.randrange(10**6, 1_100_000_000))
            else:
                candidate = str(datetime_to_snowflake(created_at, rng.getrandbits(12)))
            if candidate not in self.ids:
                return candidate
            created_at += timedelta(milliseconds=1)

    def _unique_handle(self, rng: random.Random, base: str) -> str:
        cleaned = "".join(ch for ch in base if ch in _HANDLE_CHARS)[:15] or "user"
        handle = cleaned
        while handle.lower() in self.handles:
            suffix = str(rng.randrange(1, 10_000))
            handle = cleaned[: 15 - len(suffix)] + suffix
        self.handles.add(handle.lower())
        return handle


_HANDLE_CHARS = frozenset(string.ascii_letters + string.digits + "_")


# ------------------------------------------------------------------------- text


def _original_text(rng: random.Random, user: SandboxUser, kind: str) -> str:
    topic = rng.choice(user.topics or list(_TOPICS))
    if kind == "question":
        return rng.choice(
            (
                f"Anyone have a good {topic} recommendation? Asking for a friend.",
                f"What got you into {topic}? Genuinely curious.",
                f"Is it just me or has {topic} changed a lot this year?",
                f"Hot take request: what's the most overrated thing about {topic}?",
            )
        )
    if kind == "link":
        return rng.choice(
            (
                f"New post: what I learned from a year of {topic} https://t.co/{_code(rng)}",
                f"{topic.capitalize()} roundup for this week 👇 https://t.co/{_code(rng)}",
                f"Breaking: big changes coming to {topic} https://t.co/{_code(rng)}",
                f"Read this on {topic}, worth your time https://t.co/{_code(rng)}",
            )
        )
    return rng.choice(
        (
            f"Spent the whole weekend on {topic} and I regret nothing.",
            f"Small {topic} win today. Feels good.",
            f"Unpopular opinion: {topic} is better when you keep it simple.",
            f"Notes from today's {topic} meetup: people are great.",
            f"Three things I wish I knew earlier about {topic} 🧵",
            f"{topic.capitalize()} update: still at it.",
            f"Excited to share our new {topic} guide, out today!",
            f"Join us Thursday for a {topic} workshop, 6pm at the library. All welcome!",
        )
    )


def _reply_text(rng: random.Random, user: SandboxUser) -> str:
    topic = rng.choice(user.topics or list(_TOPICS))
    return rng.choice(
        (
            "totally agree with this",
            "ha, this is so true 😂",
            "do you have a link for that?",
            "congrats!! 🎉 well deserved",
            "I had the same problem last week, fixed it by starting over",
            "interesting. what made you change your mind?",
            f"this reminds me of {topic} in a good way",
            "thanks for sharing, bookmarked",
            "would love to chat about this sometime",
            "wait, really? since when?",
        )
    )


def _thread_text(rng: random.Random, user: SandboxUser) -> str:
    topic = rng.choice(user.topics or list(_TOPICS))
    return rng.choice(
        (
            "Also: I should add some context here.",
            f"2/ the part about {topic} surprised me most.",
            "Edit: fixed a typo above, sorry!",
            "Update: it worked 🙌",
            "(more on this later)",
        )
    )


def _fill_metrics(rng: random.Random, post: SandboxPost, user: SandboxUser) -> None:
    scale = math.log1p(user.extra_followers)
    if post.kind == "retweet":
        return
    post.like_count = int(rng.lognormvariate(scale * 0.5, 1.0)) if scale else 0
    post.reply_count = int(post.like_count * rng.uniform(0.0, 0.15))
    post.retweet_count = int(post.like_count * rng.uniform(0.0, 0.3))
    post.quote_count = int(post.retweet_count * rng.uniform(0.0, 0.2))


def _code(rng: random.Random) -> str:
    return "".join(rng.choices(_CODE_CHARS, k=10))


_CODE_CHARS = string.ascii_letters + string.digits


# ------------------------------------------------------------------------ utils


def _digest(*parts: object) -> int:
    return int.from_bytes(hashlib.blake2b(repr(parts).encode(), digest_size=8).digest(), "big")


def _numeric_id(raw: str) -> str:
    """A deterministic numeric id (< 2**63) for a non-numeric identifier."""
    return str(int.from_bytes(hashlib.sha256(raw.encode()).digest()[:8], "big") >> 1)


def _created_from_id(rng: random.Random, user_id: str, now: datetime) -> datetime:
    value = int(user_id)
    if value >= 1 << 32:
        try:
            moment = snowflake_to_datetime(value)
        except (ValueError, OverflowError):
            moment = None
        if moment is not None and datetime(2010, 11, 4, tzinfo=UTC) < moment < now - timedelta(days=1):
            return moment
    start = datetime(2007, 1, 1, tzinfo=UTC)
    return _utc_ms(start + timedelta(days=rng.uniform(0, 6 * 365)))


_DAY_MS = 86_400_000
_UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _to_ms(moment: datetime) -> int:
    delta = moment - _UNIX_EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000


def _from_ms(ms: int) -> datetime:
    return _UNIX_EPOCH + timedelta(milliseconds=ms)


def _utc_ms(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _parse_iso(raw: str) -> datetime:
    return datetime.fromisoformat(raw.replace("Z", "+00:00"))
