"""The cursor walk every listing goes through: it ends on the last page, a repeated cursor or its page budget."""

from __future__ import annotations

import pytest

from bot.networks.base import Page
from bot.networks.paging import Pager


def page(cursor: str | None) -> Page[int]:
    return Page(items=(1,), next_cursor=cursor)


def test_pager_follows_fresh_cursors_to_the_last_page() -> None:
    pager = Pager("following of account 1", budget=10)
    assert [pager.advance(page(c)) for c in ("a", "b", None)] == ["a", "b", None]
    assert pager.complete and pager.stopped is None and pager.pages == 3


def test_pager_stops_on_a_cursor_it_followed_before_also_the_one_it_resumed_at() -> None:
    looping = Pager("following of account 1", budget=10)
    assert [looping.advance(page(c)) for c in ("a", "b", "a")] == ["a", "b", None]
    assert looping.repeated and not looping.complete
    assert (
        looping.stopped is not None
        and looping.stopped.message
        == "X repeated a page cursor of the following of account 1 after 3 pages; stopped there"
    )
    resumed = Pager("following of account 1", budget=10, start="s")
    assert resumed.advance(page("s")) is None and resumed.repeated


def test_pager_stops_at_its_budget_without_calling_it_a_repeat() -> None:
    pager = Pager("members of List L", budget=2)
    assert [pager.advance(page(c)) for c in ("a", "b")] == ["a", None]
    assert not pager.repeated and not pager.complete
    assert (
        pager.stopped is not None
        and pager.stopped.message == "the members of List L is longer than 2 pages; read that many this time"
    )
    with pytest.raises(ValueError, match="at least 1"):
        Pager("x", budget=0)
