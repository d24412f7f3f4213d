"""The kiosk's durable store: one SQLite file, migrated by Alembic, one transaction per change."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.store import db
from kiosk.store.anchor import AnchorFile
from kiosk.store.audit import GENESIS, AuditLog

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest migration's revision: a database already there opens without loading Alembic
# (about a second of start-up for every `kiosk` command). A test keeps it equal to the head.
SCHEMA_HEAD = "0004"


def _alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def current_revisions(path: Path) -> set[str]:
    conn = db.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT version_num FROM alembic_version")}
    except sqlite3.OperationalError:
        return set()  # a new database: no version table yet
    finally:
        conn.close()


def migrate(path: Path) -> None:
    """Bring the database to the newest schema; refuse one made by a newer kiosk version."""
    if current_revisions(path) == {SCHEMA_HEAD}:
        return
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    config = _alembic_config()
    known = {rev.revision for rev in ScriptDirectory.from_config(config).walk_revisions()}
    engine = create_engine(
        "sqlite://", creator=lambda: db.connect(path, autocommit=False), poolclass=NullPool
    )
    try:
        with engine.begin() as conn:
            current = MigrationContext.configure(conn).get_current_heads()
            newer = [rev for rev in current if rev not in known]
            if newer:
                from kiosk import __version__

                raise db.StoreTooNew(
                    f"the kiosk database {path} was written by a newer kiosk version "
                    f"(schema {', '.join(newer)}; this version, {__version__}, reads up to "
                    f"{SCHEMA_HEAD}). It was left untouched: start that newer version again or "
                    "install it (`kiosk update status` lists the builds on this kiosk).",
                    screen_code="store.too_new",
                )
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except Exception as exc:  # SQLAlchemy wraps driver errors in its own
        orig = exc if isinstance(exc, sqlite3.Error) else getattr(exc, "orig", None)
        if isinstance(orig, sqlite3.Error) and db.translate(orig, path):
            raise db.translate(orig, path) from None
        raise
    finally:
        engine.dispose()


class Store:
    """Holds one connection; use `transaction()` for every change so each is atomic."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.anchor_file = AnchorFile(self.path)
        fresh = not self.path.exists() or self.path.stat().st_size == 0
        if fresh and self.anchor_file.exists():
            raise db.missing(self.path, self.anchor_file.read())
        self.conn = db.connect(self.path)
        try:
            if not fresh:  # once, before a migration could write to a damaged file
                db.quick_check(self.conn, self.path)
            migrate(self.path)
            db.check_tables(self.conn, self.path)
        except BaseException:
            self.conn.close()
            raise
        if fresh:
            self.anchor_file.write(0, GENESIS)
        self.audit = AuditLog(self)
        self._lock = threading.RLock()

    @classmethod
    def open(cls, data_dir: Path) -> Store:
        from kiosk.paths import database_file

        return cls(database_file(Path(data_dir)))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT; any error rolls back and leaves the database as it was."""
        with self._lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise (db.translate(exc, self.path) or exc) from None
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException as exc:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error) and db.translate(exc, self.path):
                    raise db.translate(exc, self.path) from None
                raise

    def read(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        with self._lock:
            cursor = self.conn.execute(sql, params)
            cursor.row_factory = sqlite3.Row
            return cursor.fetchall()

    def durability(self) -> dict[str, str]:
        """The PRAGMAs that make a commit durable, as set. Under the lock: a statement of another
        thread still stepping on this connection makes a COMMIT fail."""
        with self._lock:
            return db.pragma_values(self.conn)

    def quick_check(self) -> None:
        with self._lock:
            db.quick_check(self.conn, self.path)

    def get_state(self, key: str, default: str | None = None) -> str | None:
        rows = self.read("SELECT value FROM state WHERE key = ?", (key,))
        return rows[0]["value"] if rows else default

    def set_state(self, conn: sqlite3.Connection, key: str, value: str) -> None:
        conn.execute(
            "INSERT INTO state (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def checkpoint(self) -> None:
        with self._lock:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def compact(self) -> None:
        """VACUUM, then truncate the WAL. A purged application's row keeps the page its
        packet's first 4 KB filled (SQLite does not merge pages an UPDATE left nearly empty):
        rebuilding packs the rows that stay. Takes the write lock for as long as it runs."""
        with self._lock:
            try:
                self.conn.execute("VACUUM")
            except sqlite3.Error as exc:
                raise (db.translate(exc, self.path) or exc) from None
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        with self._lock:
            self.conn.close()
