"""`kiosk store reset --confirm`: start an empty store when the old one is lost or beyond repair.

Nothing is deleted: whatever is left of the old database (and its -wal/-shm files) is renamed
aside (`kiosk.sqlite3.reset-<UTC time>`) for a technician to recover from. The new store's
first audit entry says what happened, and the server sees its audit sequence start again
(it flags the kiosk for staff).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kiosk.store.anchor import AnchorFile
from kiosk.store.store import Store


@dataclass(frozen=True)
class ResetReport:
    kept: tuple[Path, ...]  # the old files, renamed aside
    previous_anchor_seq: int | None  # the last audit entry the server had acknowledged


def reset_store(data_dir: Path, actor: str = "technician") -> ResetReport:
    from kiosk.paths import database_file

    database = database_file(Path(data_dir))
    anchor = AnchorFile(database)
    previous = anchor.read()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = []
    for suffix in ("", "-wal", "-shm"):
        path = database.with_name(database.name + suffix)
        if path.exists():
            target = path.with_name(f"{path.name}.reset-{stamp}")
            path.rename(target)
            kept.append(target)
    anchor.remove()
    store = Store(database)
    try:
        store.audit.record(
            actor,
            "store.reset",
            "",
            {
                "previous_anchor_seq": previous[0] if previous else None,
                "previous_anchor_hash": previous[1] if previous else None,
                "kept": [p.name for p in kept],
            },
        )
    finally:
        store.close()
    return ResetReport(tuple(kept), previous[0] if previous else None)
