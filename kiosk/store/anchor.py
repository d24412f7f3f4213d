"""The audit anchor kept beside the database, outside it: proof that a store existed.

`rm kiosk.sqlite3*` on an enrolled kiosk would otherwise give a fresh, empty, "intact" store
and queued applications would vanish without a word. The file holds the newest audit
(seq, hash) the server acknowledged (seq 0 when the store was made); while it exists a missing
or emptied database is refused (`kiosk store reset --confirm` is the technician's way out).
"""

from __future__ import annotations

import json
import os
from pathlib import Path


class AnchorFile:
    def __init__(self, database: Path):
        self.path = Path(database).with_name(Path(database).name + ".anchor")

    def exists(self) -> bool:
        return self.path.exists()

    def read(self) -> tuple[int, str] | None:
        """(seq, hash), or None when there is none or it cannot be read."""
        try:
            value = json.loads(self.path.read_text(encoding="utf-8"))
            return int(value["seq"]), str(value["hash"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write(self, seq: int, digest: str) -> None:
        """Atomically (temporary file, fsync, rename): a power cut leaves the old or the new."""
        tmp = self.path.with_name(self.path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({"seq": seq, "hash": digest}, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        directory = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)
