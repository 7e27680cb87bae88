"""Entry points that own resources: settings in, exit code out."""

from __future__ import annotations

import asyncio
import logging
import sys

from bot.config import SettingsError, load_settings, setup_logging
from bot.db import Database

log = logging.getLogger(__name__)


def migrate_from_environment() -> int:
    """``python -m bot migrate``: bring the configured database to the newest schema."""
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"circlebot: {error}", file=sys.stderr)
        return 2
    setup_logging(settings.log_level)

    async def migrate() -> None:
        database = Database(settings.database_url)
        try:
            await database.migrate()
        finally:
            await database.close()

    asyncio.run(migrate())
    return 0
