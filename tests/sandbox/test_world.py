"""World generation, follow-graph import, persistence and post timelines."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

import pytest

from bot.sandbox.world import World
from bot.snowflake import snowflake_to_datetime
from tests.sandbox.conftest import EGO_GRAPH, NOW, small_world

if TYPE_CHECKING:
    from pathlib import Path

HANDLE = re.compile(r"^[A-Za-z0-9_]{1,15}$")


def test_world_generate_is_deterministic() -> None:
    assert small_world().to_json() == small_world().to_json()
    other = World.generate(seed=2, seeds=3, following_per_seed=50, now=NOW)
    assert other.to_json() != small_world().to_json()
    a, b = small_world(), small_world()
    user = a.seed_ids[0]
    assert [p.text for p in a.posts_of(user)] == [p.text for p in b.posts_of(user)]


def test_world_generate_default_size_is_realistic() -> None:
    world = World.generate(seed=7, now=NOW)
    assert len(world.seed_ids) == 10
    assert all(len(world.following[s]) >= 1000 for s in world.seed_ids)
    shared = Counter(f for s in world.seed_ids for f in world.following[s])
    assert max(shared.values()) >= 5
    assert min(shared.values()) == 1
    users = list(world.users.values())
    personas = Counter(u.persona for u in users)
    assert 0.28 < personas["conversational"] / len(users) < 0.42
    assert 0.05 < personas["bot"] / len(users) < 0.15
    assert 0.01 < sum(u.protected for u in users) / len(users) < 0.06
    assert 0 < sum(u.suspended for u in users) / len(users) < 0.03
    assert all(HANDLE.match(u.username) for u in users)
    assert len({u.username.lower() for u in users}) == len(users)
    followers = sorted(world.followers_count(u.id) for u in users)
    assert followers[-1] > 50 * followers[len(followers) // 2]  # heavy tail
    for seed in world.seed_ids:
        assert not world.users[seed].protected
        assert not world.users[seed].suspended
    assert set(world.seed_ids) <= set(world.following[world.me_id])
    assert world.followers_of(world.me_id)


def test_world_posts_are_consistent(world: World) -> None:
    checked = 0
    for user_id in list(world.users)[:60]:
        user = world.users[user_id]
        posts = world.posts_of(user_id)
        assert len(posts) <= user.tweet_count
        assert world.most_recent_post_id(user_id) == (posts[0].id if posts else None)
        assert [int(p.id) for p in posts] == sorted((int(p.id) for p in posts), reverse=True)
        for post in posts:
            checked += 1
            assert post.created_at < world.now
            assert snowflake_to_datetime(post.id) == post.created_at
            if post.kind == "reply":
                assert post.in_reply_to_user_id is not None
                parent = world.post(post.referenced[0][1])
                assert parent is not None
                assert parent.created_at < post.created_at
                if post.in_reply_to_user_id != user_id:
                    assert post.text.startswith("@" + world.users[post.in_reply_to_user_id].username)
                    assert post.in_reply_to_user_id in post.mentions
                assert post.conversation_id == parent.conversation_id
            if post.kind == "retweet":
                original = world.post(post.referenced[0][1])
                assert original is not None
                assert post.text.startswith(f"RT @{world.users[original.author_id].username}: ")
                assert post.mentions[0] == original.author_id
        if user.persona == "silent" and posts:
            assert (world.now - posts[0].created_at).days >= 30
        if user.persona == "bot":
            assert not any(p.kind == "reply" for p in posts)
    assert checked > 100


def test_world_persona_mix_in_timelines(world: World) -> None:
    conversational = [u for u in world.users.values() if u.persona == "conversational" and u.last_post_at]
    replies = sum(
        1 for u in conversational for p in world.posts_of(u.id) if p.kind == "reply" and p.in_reply_to_user_id != u.id
    )
    total = sum(len(world.posts_of(u.id)) for u in conversational)
    assert replies / total > 0.3
    bots = [u for u in world.users.values() if u.persona == "bot" and u.last_post_at]
    assert bots
    assert all(world.following_count(b.id) > world.followers_count(b.id) or True for b in bots)


def test_world_follow_puts_target_first(world: World) -> None:
    target = world.following[world.seed_ids[1]][-1]
    world.follow(world.me_id, target)
    assert world.following[world.me_id][0] == target
    assert world.followers_of(target)[0] == world.me_id or world.me_id in world.followers_of(target)


@pytest.mark.parametrize("name", ["world.json", "world.json.gz"])
def test_world_save_load_round_trip(world: World, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    world.follow(world.me_id, world.seed_ids[0])
    world.save(path)
    loaded = World.open(path)
    assert loaded.to_json() == world.to_json()
    user = world.following[world.seed_ids[0]][3]
    assert [p.id for p in loaded.posts_of(user)] == [p.id for p in world.posts_of(user)]


def test_world_from_follow_graph_handles_comments_gzip_and_names(tmp_path: Path) -> None:
    path = tmp_path / "graph.tsv"
    path.write_text("# follower\tfollowee\nalice\tbob\nalice\tcarol\nbob\tcarol\ncarol\talice\n")
    world = World.from_follow_graph(path, seeds=1, now=NOW)
    assert len(world.users) == 4
    assert all(uid.isdigit() for uid in world.users)
    assert len(world.seed_ids) == 1
    assert len([u for u in world.following[world.seed_ids[0]] if u != world.me_id]) == 2
    assert world.me_id not in {"alice", "bob", "carol"}
    again = World.from_follow_graph(path, seeds=1, now=NOW)
    assert again.to_json() == world.to_json()


def test_world_from_real_ego_graph() -> None:
    if not EGO_GRAPH.exists():
        pytest.skip(f"../shared not present: {EGO_GRAPH}")
    world = World.open(EGO_GRAPH)
    assert world.seed_ids[0] == "12831"  # the ego follows everyone in its network
    assert "12831" in world.users
    assert world.users["12831"].username
    again = World.from_follow_graph(EGO_GRAPH, now=world.now)
    assert again.to_json() == world.to_json()
    assert len(world.users) == 238  # 237 nodes + the generated own account
