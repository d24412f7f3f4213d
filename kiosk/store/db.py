"""SQLite connections for the kiosk's durable store, with the durability settings on each one.

WAL + synchronous=FULL: a committed transaction survives power loss. secure_delete: deleted rows
(sealed blobs past retention) are overwritten rather than left in free pages.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from kiosk.errors import KioskError

PRAGMAS = (
    ("journal_mode", "wal"),
    ("synchronous", "2"),  # FULL
    ("secure_delete", "1"),
    ("foreign_keys", "1"),
)


class StoreError(KioskError):
    pass


class StoreCorrupted(StoreError):
    exit_code = 4


class StoreTooNew(StoreError):
    exit_code = 4


class StoreFull(StoreError):
    exit_code = 5


class StoreMissing(StoreError):
    """The database is gone or empty but a store existed here (its anchor file says so)."""

    exit_code = 4


# Every table the newest schema has: one missing (dropped by hand) is damage, not a new store.
TABLES = frozenset(
    {"alembic_version", "applications", "attachments", "audit_log", "state", "survey_outbox"}
)


def quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """PRAGMA quick_check: every page and index readable and consistent; StoreCorrupted
    otherwise. Run before a migration could write to a damaged file."""
    try:
        rows = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        raise corrupted(path, exc) from None
    if rows != ["ok"]:
        raise corrupted(path, "; ".join(str(r) for r in rows[:3]))


def check_tables(conn: sqlite3.Connection, path: Path) -> None:
    """Every table of the schema present (one dropped by hand is damage); StoreCorrupted
    otherwise, before anything is written."""
    try:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    except sqlite3.DatabaseError as exc:
        raise corrupted(path, exc) from None
    missing = TABLES - tables
    if missing:
        raise corrupted(path, f"tables missing: {', '.join(sorted(missing))}")


def missing(path: Path, anchor: tuple[int, str] | None) -> StoreMissing:
    seq = anchor[0] if anchor else "?"
    return StoreMissing(
        f"the kiosk database {path} is missing or empty, but a store existed here (audit entry "
        f"{seq} was acknowledged): queued applications may be lost. Restore the database from "
        "a backup; only if that is impossible, start an empty one with "
        "`kiosk store reset --confirm` (recorded in the audit log and seen by the server).",
        screen_code="store.missing",
    )


def connect(path: Path, autocommit: bool = True) -> sqlite3.Connection:
    """Open the database with every durability PRAGMA applied; raise StoreCorrupted if damaged.

    `autocommit` connections leave transactions to the caller (BEGIN IMMEDIATE ... COMMIT);
    the other kind is for SQLAlchemy/Alembic, which manage transactions through the driver.
    """
    try:
        conn = sqlite3.connect(
            path,
            timeout=30,
            isolation_level=None if autocommit else "DEFERRED",
            check_same_thread=False,
        )
        conn.execute("PRAGMA busy_timeout = 30000")
        for name, value in PRAGMAS:
            conn.execute(f"PRAGMA {name} = {value}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise corrupted(path, exc) from None
    return conn


def pragma_values(conn: sqlite3.Connection) -> dict[str, str]:
    return {name: str(conn.execute(f"PRAGMA {name}").fetchone()[0]).lower() for name, _ in PRAGMAS}


def corrupted(path: Path, exc: Exception | str) -> StoreCorrupted:
    return StoreCorrupted(
        f"the kiosk database {path} is damaged ({exc}). It was left untouched: do not delete it; "
        "stop the kiosk and call a technician to restore it or recover its queued applications.",
        screen_code="store.corrupted",
    )


def translate(exc: sqlite3.Error, path: Path) -> StoreError | None:
    """Turn a full disk or a damaged file into an error that says what to do; None otherwise."""
    text = str(exc).lower()
    if isinstance(exc, sqlite3.OperationalError) and ("disk is full" in text or "disk i/o" in text):
        return full(path)
    if isinstance(exc, sqlite3.DatabaseError) and (
        "malformed" in text or "not a database" in text or "no such" in text
    ):
        return corrupted(path, exc)  # "no such table/column": the schema was tampered with
    return None


def full(path: Path) -> StoreFull:
    return StoreFull(
        f"the disk holding {path} is full: nothing was saved by this step and everything saved "
        "before is intact. Free space on the kiosk's disk, then try again.",
        screen_code="store.full",
    )


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EFBIG)
