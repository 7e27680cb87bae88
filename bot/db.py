"""The database: one async engine, sessions per interaction or job, migrations applied at start-up.

Rule for callers: never hold a write transaction open while waiting on X. The X client writes its usage
ledger in its own short transactions, and on SQLite a second writer waits for the first: call X first,
then write what it returned in one short transaction.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")


# A password inside any URL ("scheme://user:password@host"), whatever the configured URL is.
URL_PASSWORD = re.compile(r"(\w[\w+.-]*://[^:/@\s]*:)[^@\s]+@")
# Words of drivers' errors for a connection that is gone or can't be made (SQLite's file, PostgreSQL's server).
CONNECTION_WORDS = ("connect", "connection", "closed", "unable to open", "database is locked", "disk i/o")
CONNECTING_MODULES = ("sqlalchemy.pool", "asyncpg.connect_utils")


def database_unreachable(error: BaseException) -> bool:
    """Whether ``error`` means the database can't be reached now (rather than a bug in a query): a failure while
    connecting (refused, unknown host, timeout, rejected credentials, a missing SQLite file or directory), a
    connection that dropped, or a database locked past the busy timeout."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, OperationalError | InterfaceError) and any(
        word in str(error.orig).lower() for word in CONNECTION_WORDS
    ):
        return True
    if isinstance(error, OSError | TimeoutError | DBAPIError):
        # Raised on the way through SQLAlchemy's pool or the driver's connect: the connection was never made.
        frame = error.__traceback__
        while frame is not None:
            if str(frame.tb_frame.f_globals.get("__name__", "")).startswith(CONNECTING_MODULES):
                return True
            frame = frame.tb_next
    return False


def redact(text: str, url: str) -> str:
    """``text`` without the password of ``url`` (the configured DATABASE_URL) or of any URL written in it."""
    text = URL_PASSWORD.sub(r"\1***@", text)
    try:
        password = make_url(url).password
    except ArgumentError:
        password = None
    if password:
        text = text.replace(str(password), "***")
    return text


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers proceed while a job writes; the busy timeout makes a second writer wait, not fail.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_engine(url: str, **engine_options: Any) -> AsyncEngine:
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[1] if ":///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, **engine_options)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(url, pool_pre_ping=True, **engine_options)


class Database:
    """Owns the engine. ``async with Database(url) as db`` migrates, and disposes of it on exit."""

    def __init__(self, url: str, **engine_options: Any) -> None:
        self.url = url
        self.engine = create_engine(url, **engine_options)
        self._sessions = async_sessionmaker(self.engine, class_=AsyncSession, expire_on_commit=False)

    def session(self) -> AsyncSession:
        """A new session; use ``async with db.session() as session, session.begin():``."""
        return self._sessions()

    async def migrate(self) -> None:
        """Bring the schema to the newest migration (idempotent)."""
        async with self.engine.begin() as connection:
            await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), "head"))
        log.info("database schema is up to date")

    async def close(self) -> None:
        await self.engine.dispose()

    async def __aenter__(self) -> Database:
        await self.migrate()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()
