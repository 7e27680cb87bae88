"""Following a listing's cursors without going round in circles.

X bills a resource once per UTC day, so a listing whose ``meta.next_token`` repeats (an X fault seen in the
wild: the same token on every page) costs nothing after the first pass and the spend cap never stops it. Every
cursor loop therefore goes through a :class:`Pager`: it stops when X gives a cursor it already followed in this
walk, or after a page budget, and says why, so the caller keeps what it read and reports the stop.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.errors import ListingCutShort

if TYPE_CHECKING:
    from bot.networks.base import Page

log = logging.getLogger(__name__)


@dataclass
class Pager:
    """The cursor walk of one listing (``what``, e.g. ``"following of 12"``), at most ``budget`` pages.

    ``start`` is the cursor the walk resumes at (``None`` for the first page). After each page read,
    :meth:`advance` gives the cursor to read next, or ``None`` to stop; then :attr:`complete` says whether the
    listing was read to its end and :attr:`stopped` why it was not (a ``ListingCutShort`` whose message is for logs
    and /status).
    """

    what: str
    budget: int
    start: str | None = None
    pages: int = 0
    complete: bool = False
    stopped: ListingCutShort | None = None
    _seen: set[str] = field(default_factory=set[str])

    def __post_init__(self) -> None:
        if self.budget < 1:
            raise ValueError(f"a page budget must be at least 1, not {self.budget}")
        if self.start is not None:
            self._seen.add(self.start)

    def advance(self, page: Page[Any]) -> str | None:
        """Count ``page``; return the cursor of the next page, or ``None`` when the walk must stop."""
        self.pages += 1
        cursor = page.next_cursor
        if cursor is None:
            self.complete = True
            return None
        if cursor in self._seen:
            text = f"X repeated a page cursor of the {self.what} after {self.pages} pages; stopped there"
            self.stopped = ListingCutShort(text, repeated=True)
        elif self.pages >= self.budget:
            text = f"the {self.what} is longer than {self.budget} pages; read that many this time"
            self.stopped = ListingCutShort(text, repeated=False)
        if self.stopped is not None:
            log.warning("%s (what was read is kept)", self.stopped.message)
            return None
        self._seen.add(cursor)
        return cursor

    @property
    def repeated(self) -> bool:
        """Whether the walk stopped on a cursor X had already given (not on the budget)."""
        return self.stopped is not None and self.stopped.repeated
