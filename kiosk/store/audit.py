"""Hash-chained audit log: each entry stores the previous entry's hash, so any edited, inserted
or deleted row breaks the chain. The newest entries are covered by an anchor (sequence number and
hash) that the server acknowledged: deleting the tail is caught too.

Entries never hold personal data in clear: subjects are application ids or masked NIKs.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.store import Store

GENESIS = "0" * 64
ANCHOR_KEY = "audit_anchor"


def entry_hash(
    seq: int, ts: float, actor: str, action: str, subject: str, details: str, prev_hash: str
) -> str:
    canonical = json.dumps(
        [seq, repr(ts), actor, action, subject, details, prev_hash],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass
class Problem:
    seq: int
    kind: str  # edited, broken_link, missing, tail_missing
    message: str


@dataclass
class Verification:
    entries: int = 0
    last_seq: int = 0
    last_hash: str = GENESIS
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class AuditLog:
    def __init__(self, store: Store):
        self.store = store

    def append(
        self,
        conn: sqlite3.Connection,
        actor: str,
        action: str,
        subject: str = "",
        details: dict | None = None,
    ) -> tuple[int, str]:
        """Add one entry inside the caller's transaction; returns (seq, hash)."""
        row = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
        ts = time.time()
        text = json.dumps(details or {}, sort_keys=True, ensure_ascii=False)
        digest = entry_hash(seq, ts, actor, action, subject, text, prev)
        conn.execute(
            "INSERT INTO audit_log (seq, ts, actor, action, subject, details, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, ts, actor, action, subject, text, prev, digest),
        )
        return seq, digest

    def record(
        self, actor: str, action: str, subject: str = "", details: dict | None = None
    ) -> tuple[int, str]:
        """Append in a transaction of its own."""
        with self.store.transaction() as conn:
            return self.append(conn, actor, action, subject, details)

    def head(self) -> tuple[int, str]:
        rows = self.store.read("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        return (rows[0]["seq"], rows[0]["hash"]) if rows else (0, GENESIS)

    def set_anchor(self, seq: int, digest: str) -> None:
        """Remember the newest (seq, hash) the server acknowledged, in the database and in the
        anchor file beside it (which outlives a deleted database)."""
        with self.store.transaction() as conn:
            self.store.set_state(conn, ANCHOR_KEY, json.dumps({"seq": seq, "hash": digest}))
        self.store.anchor_file.write(seq, digest)

    def anchor(self) -> tuple[int, str] | None:
        """The newest acknowledged (seq, hash): the database's or the anchor file's, whichever
        is further (an old database put back in place has the older one)."""
        raw = self.store.get_state(ANCHOR_KEY)
        found = []
        if raw:
            value = json.loads(raw)
            found.append((int(value["seq"]), str(value["hash"])))
        outside = self.store.anchor_file.read()
        if outside is not None and outside[0] > 0:
            found.append(outside)
        return max(found) if found else None

    def verify(self) -> Verification:
        result = Verification()
        expected_seq, prev = 1, GENESIS
        hashes: dict[int, str] = {}
        rows = self.store.read(
            "SELECT seq, ts, actor, action, subject, details, prev_hash, hash FROM audit_log "
            "ORDER BY seq"
        )
        for row in rows:
            seq = row["seq"]
            if seq != expected_seq:
                result.problems.append(
                    Problem(
                        seq, "missing", f"entries {expected_seq}..{seq - 1} are missing (deleted)"
                    )
                )
            if row["prev_hash"] != prev:
                result.problems.append(
                    Problem(
                        seq,
                        "broken_link",
                        f"entry {seq} does not follow the entry before it (inserted or reordered)",
                    )
                )
            recomputed = entry_hash(
                seq,
                row["ts"],
                row["actor"],
                row["action"],
                row["subject"],
                row["details"],
                row["prev_hash"],
            )
            if recomputed != row["hash"]:
                result.problems.append(Problem(seq, "edited", f"entry {seq} was edited"))
            hashes[seq] = row["hash"]
            prev, expected_seq = row["hash"], seq + 1
            result.entries += 1
            result.last_seq, result.last_hash = seq, row["hash"]
        anchor = self.anchor()
        if anchor is not None:
            seq, digest = anchor
            if seq not in hashes:
                result.problems.append(
                    Problem(
                        seq,
                        "tail_missing",
                        f"entry {seq}, acknowledged by the server, is gone "
                        "(newest entries deleted)",
                    )
                )
            elif hashes[seq] != digest:
                result.problems.append(
                    Problem(
                        seq,
                        "tail_missing",
                        f"entry {seq} differs from the hash the server acknowledged (rewritten)",
                    )
                )
        return result
