"""Every answer X's spec allows is handled: no data, errors alone, unreadable posts, silent lookups."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from sqlmodel import select

from bot.approvals import Decider
from bot.discovery import seeds
from bot.errors import WriteOutcomeUnknown, XNoData
from bot.lists import service
from bot.models import ApiCall, ListKind, XList
from bot.sandbox.server import (
    CREATE_LIST,
    FOLLOWERS,
    FOLLOWING,
    LIST_MEMBERS,
    LIST_TWEETS,
    ME,
    MENTIONS,
    OWNED_LISTS,
    USER_TWEETS,
    USERS,
    USERS_BY,
)
from bot.sandbox.world import SandboxList

if TYPE_CHECKING:
    from bot.db import Database
    from bot.networks.x import XNetwork
    from bot.sandbox.server import SandboxServer
    from bot.sandbox.world import SandboxPost

GUILD = 8
MANAGER = Decider(user_id=1, can_manage_guild=True)


async def test_me_without_data_is_a_domain_error_not_a_key_error(x: XNetwork, sandbox: SandboxServer) -> None:
    sandbox.config.answers_without_data.add(ME)
    with pytest.raises(XNoData, match="without the data"):
        await x.me()


async def test_a_list_created_without_an_answer_is_outcome_unknown(
    x: XNetwork, sandbox: SandboxServer, sqlite_db: Database
) -> None:
    sandbox.config.answers_without_data.add(CREATE_LIST)
    with pytest.raises(WriteOutcomeUnknown):
        await x.create_list("Rust Berlin")
    assert [lst.name for lst in sandbox.world.lists.values()] == ["Rust Berlin"], "X made it all the same"
    async with sqlite_db.session() as session:
        call = (await session.exec(select(ApiCall).where(ApiCall.endpoint == "POST /2/lists"))).one()
    assert call.outcome == "ok" and call.cost_micros == 10_000, "billed like X bills it"


async def create(db: Database, x: XNetwork) -> XList:
    return await service.create(
        db, x, guild_id=GUILD, decider=MANAGER, name="Rust Berlin", kind=ListKind.NICHE, keywords="rust, cargo"
    )


async def test_list_create_adopts_the_list_x_made_without_saying_so(
    db: Database, db_x: XNetwork, sandbox: SandboxServer
) -> None:
    sandbox.config.answers_without_data.add(CREATE_LIST)
    row = await create(db, db_x)
    assert row.x_list_id in sandbox.world.lists
    assert row.keywords == ["rust", "cargo"], "adopted with what the team asked for"
    assert len(sandbox.requests_to("POST /2/lists")) == 1, "never sent twice"


async def test_an_unconfirmed_list_is_adopted_by_the_next_import(
    db: Database, db_x: XNetwork, sandbox: SandboxServer
) -> None:
    sandbox.config.answers_without_data |= {CREATE_LIST, OWNED_LISTS}
    with pytest.raises(service.ListCreationUnconfirmed, match="/list import adopts it"):
        await create(db, db_x)
    async with db.session() as session:
        assert (await session.exec(select(XList))).all() == []
    sandbox.config.answers_without_data.clear()
    adopted = await service.import_owned(db, db_x, guild_id=GUILD, decider=MANAGER)
    assert [row.name for row in adopted] == ["Rust Berlin"]
    assert len(sandbox.requests_to("POST /2/lists")) == 1


async def test_an_unreadable_post_is_skipped_and_counted_not_the_page(
    x: XNetwork, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = sandbox.world
    account = next(u for u in world.following[world.seed_ids[0]] if len(world.posts_of(u)) > 20)
    no_id, odd = world.posts_of(account)[2].id, world.posts_of(account)[4]
    odd_time = odd.id
    render = sandbox._render_post

    def damaged(post: SandboxPost, *args: Any, **kwargs: Any) -> dict[str, Any]:
        data = render(post, *args, **kwargs)
        if post.id == no_id:
            del data["id"]
        if post.id == odd_time:
            data["created_at"] = "Tuesday, late"  # not ISO 8601: the snowflake id still gives the time
        return data

    monkeypatch.setattr(sandbox, "_render_post", damaged)
    posts = await x.recent_posts(account, limit=20)
    assert len(posts) == 20 and no_id not in {post.id for post in posts}, "the rest of the page, then the next"
    assert next(post for post in posts if post.id == odd_time).created_at == odd.created_at
    assert x.skipped_objects == 1
    pages = sandbox.requests_to(USER_TWEETS)
    assert [r.status for r in pages] == [200, 200] and "pagination_token" in pages[1].params, "no page read twice"


async def test_every_handle_ends_found_or_not_found_even_when_x_says_nothing(
    db: Database, db_x: XNetwork, sandbox: SandboxServer
) -> None:
    """X's emulator answers an unknown name with nothing at all and matches names case-sensitively."""
    sandbox.config.emulator_lookups = True
    world = sandbox.world
    typed, wrong_case = (world.users[seed_id].username for seed_id in world.seed_ids[:2])
    lookup = await db_x.resolve_handles([typed, wrong_case.swapcase(), "nobody_here_123"])
    assert [account.handle for account in lookup.found] == [typed]
    assert {(missing.key, missing.reason) for missing in lookup.unavailable} == {
        (wrong_case.swapcase(), "not_found"),
        ("nobody_here_123", "not_found"),
    }
    async with db.session() as session, session.begin():
        result = await seeds.add(session, db_x, guild_id=GUILD, raw=f"@{typed} @nobody_here_123", added_by=None)
    assert [seed.handle for seed in result.added] == [typed]
    assert [refusal.entry for refusal in result.refused] == ["@nobody_here_123"], "reported, not gone"


@pytest.mark.parametrize("endpoint", [FOLLOWING, FOLLOWERS, USER_TWEETS, MENTIONS, LIST_MEMBERS, LIST_TWEETS])
async def test_a_read_answered_with_unrelated_errors_alone_is_no_data_not_gone(
    x: XNetwork, sandbox: SandboxServer, endpoint: str
) -> None:
    """200 with ``errors`` about nothing we asked for (the spec allows it) is "try again", not "the account is
    unavailable" nor "the List was deleted on X" (which stops a List's watch for good)."""
    world = sandbox.world
    world.lists["1500000000000000001"] = SandboxList(
        id="1500000000000000001", owner_id=world.me_id, name="Makers", private=False, member_ids=world.seed_ids[:3]
    )
    seed = world.seed_ids[0]
    reads = {
        FOLLOWING: lambda: x.following(seed),
        FOLLOWERS: lambda: x.followers(seed),
        USER_TWEETS: lambda: x.recent_posts(seed),
        MENTIONS: lambda: x.mentions(world.me_id),
        LIST_MEMBERS: lambda: x.list_members("1500000000000000001"),
        LIST_TWEETS: lambda: x.list_posts("1500000000000000001"),
    }
    sandbox.config.answers_without_data.add(endpoint)
    with pytest.raises(XNoData):
        await reads[endpoint]()


@pytest.mark.parametrize("endpoint", [USERS, USERS_BY])
async def test_a_lookup_answered_with_unrelated_errors_alone_calls_no_account_not_found(
    db: Database, db_x: XNetwork, sandbox: SandboxServer, endpoint: str
) -> None:
    """X could not answer: that says nothing about whether the accounts exist, so /seed add must not refuse a
    real handle as unknown (nor a lookup by id drop accounts as not found)."""
    world = sandbox.world
    seed = world.users[world.seed_ids[0]]
    sandbox.config.answers_without_data.add(endpoint)
    lookup = db_x.lookup_accounts([seed.id]) if endpoint == USERS else db_x.resolve_handles([seed.username])
    with pytest.raises(XNoData):
        await lookup


async def test_list_import_answered_with_errors_alone_is_try_again_not_nothing_to_import(
    db: Database, db_x: XNetwork, sandbox: SandboxServer
) -> None:
    """``GET /2/users/:id/owned_lists`` with errors and no data read as "the team owns no Lists": /list import
    said it adopted nothing while the team's Lists were there."""
    world = sandbox.world
    world.lists["1500000000000000001"] = SandboxList(
        id="1500000000000000001", owner_id=world.me_id, name="Makers", private=True, member_ids=[]
    )
    sandbox.config.answers_without_data.add(OWNED_LISTS)
    with pytest.raises(XNoData):
        await service.import_owned(db, db_x, guild_id=GUILD, decider=MANAGER)
