"""A local fake of Discord for tests: REST server, gateway payload builders, and a harness driving a real client.

```python
async with FakeDiscord() as fake, DiscordHarness(fake, MyBot()) as h:
    result = await h.slash("seed", "add", options={"handles": "@a"})
    assert result.response.type == 5
```
"""

from __future__ import annotations

from tests.fakediscord.harness import DiscordHarness, FakeGateway, SlashResult
from tests.fakediscord.server import FakeDiscord, InteractionResponse, Recorded

__all__ = ["DiscordHarness", "FakeDiscord", "FakeGateway", "InteractionResponse", "Recorded", "SlashResult"]
