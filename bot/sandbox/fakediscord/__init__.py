"""A local fake of Discord for tests and benchmarks: REST server, gateway payload builders, and a harness driving a
real client. It lives beside the fake X (``bot.sandbox.server``) and needs no pytest.

```python
async with FakeDiscord() as fake, DiscordHarness(fake, MyBot()) as h:
    result = await h.slash("seed", "add", options={"handles": "@a"})
    assert result.response.type == 5
```
"""

from __future__ import annotations

from bot.sandbox.fakediscord.harness import DiscordHarness, FakeGateway, SlashResult
from bot.sandbox.fakediscord.server import FakeDiscord, InteractionResponse, Recorded

__all__ = ["DiscordHarness", "FakeDiscord", "FakeGateway", "InteractionResponse", "Recorded", "SlashResult"]
