"""Engine, sessions and schema migrations (Alembic, run programmatically at start)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, make_url
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def normalize_url(url: str) -> str:
    """Accept plain postgresql:// URLs and use the installed psycopg 3 driver for them."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def sqlite_file(url) -> str | None:
    """The database file of a SQLite URL (text or URL); None for another backend or memory."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return parsed.database


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    if url.startswith("sqlite"):
        # A pool as large as the requests in flight: a connection opened beyond it is closed
        # on return, and opening one (with its PRAGMAs) costs more than the query it serves.
        pool = {"pool_size": 20, "max_overflow": 20} if sqlite_file(url) else {}
        engine = create_engine(
            url, connect_args={"timeout": 30, "check_same_thread": False}, **pool
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            # WAL lets readers run beside the writer. FULL: a kiosk deletes nothing on the
            # strength of a confirmation, so a confirmed commit must survive a power cut
            # (NORMAL can lose the last transactions).
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    # No pre-ping (one more round trip per checkout); connections are recycled instead, and
    # a request that meets a dropped connection fails once and the kiosk retries it.
    return create_engine(url, pool_size=10, max_overflow=10, pool_recycle=1800)


def make_sessionmaker(engine: Engine) -> sessionmaker:
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def migrate(engine: Engine, keys=None) -> None:
    """Bring the schema to the latest revision (idempotent; safe at every start). `keys`
    (server.keys.ServerKeys) let a migration encrypt personal data already stored."""
    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        cfg.attributes["keys"] = keys
        command.upgrade(cfg, "head")
