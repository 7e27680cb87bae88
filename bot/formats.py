"""Counted nouns and joined names, written once (after RoboDanny's ``cogs/utils/formats.py``).

```python
f"{plural(3):member}"            # "3 members"
f"{plural(1):person|people}"     # "1 person"
human_join(["@a", "@b", "@c"])   # "@a, @b and @c"
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence


class plural:  # lower case on purpose: it reads as a word inside an f-string
    """A count that formats with its noun: the format spec is ``singular`` or ``singular|plural``.

    ``f"{plural(n):member}"`` gives "1 member", "0 members", "3 members"; an irregular plural is spelled after a
    bar (``f"{plural(n):person|people}"``). Numbers of 1,000 and more keep their digits as they are ("1000 posts");
    a format spec ending in ``,`` (``f"{plural(n):follower,}"``) groups them ("1,000 followers").
    Source: RoboDanny ``cogs/utils/formats.py`` (``plural.__format__``).
    """

    __slots__ = ("value",)

    def __init__(self, value: int) -> None:
        self.value = value

    def __format__(self, format_spec: str) -> str:
        grouped = format_spec.endswith(",")
        singular, _, plural_form = format_spec.removesuffix(",").partition("|")
        if not singular:
            raise ValueError("plural needs a noun: f'{plural(n):member}'")
        number = f"{self.value:,}" if grouped else str(self.value)
        return f"{number} {singular if abs(self.value) == 1 else plural_form or singular + 's'}"


def human_join(items: Sequence[str], *, final: str = "and") -> str:
    """Names as a sentence says them: ``[]`` → "", ``["@a"]`` → "@a", ``["@a", "@b"]`` → "@a and @b",
    ``["@a", "@b", "@c"]`` → "@a, @b and @c" (no comma before the last, as everywhere in Circlebot's texts).
    ``final`` replaces "and" (e.g. "or"). Source: RoboDanny ``cogs/utils/formats.py`` (``human_join``)."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {final} {items[-1]}"


def md(name: str) -> str:
    """A handle or name as Discord shows it literally (handles have underscores, which italicise)."""
    return "".join(f"\\{char}" if char in "_*~`|>" else char for char in name)
