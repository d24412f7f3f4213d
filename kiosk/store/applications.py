"""Sealed applications on the kiosk: what is stored about each one and how its state moves.

Only the sealed blob and non-personal metadata are stored. Every state change is one SQLite
transaction together with its audit entry.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from kiosk.errors import KioskError
from kiosk.store import Store

SEALED, QUEUED, SENDING, ACCEPTED, REJECTED = "sealed", "queued", "sending", "accepted", "rejected"
STATES = (SEALED, QUEUED, SENDING, ACCEPTED, REJECTED)
PENDING = (SEALED, QUEUED, SENDING)

# Which state may follow which. sending -> queued is a retry after a failed attempt;
# rejected -> queued is staff asking for another try.
STATUS_TRANSITIONS = {
    SEALED: {QUEUED},
    QUEUED: {SENDING},
    SENDING: {QUEUED, ACCEPTED, REJECTED},
    REJECTED: {QUEUED},
    ACCEPTED: set(),
}

_FIELDS = (
    "id, tracking_code, service_id, catalog_version, state, size, digest, verification_pending, "
    "created_at, updated_at, accepted_at, server_reference, reason_code, reason, attempts, "
    "next_attempt_at, parts_sent"
)


class TransitionError(KioskError):
    pass


@dataclass(frozen=True)
class StoredApplication:
    id: str
    tracking_code: str
    service_id: str
    catalog_version: str
    state: str
    size: int
    digest: str
    verification_pending: bool
    created_at: float
    updated_at: float
    accepted_at: float | None
    server_reference: str | None
    reason_code: str | None
    reason: str | None
    attempts: int
    next_attempt_at: float
    parts_sent: int


def digest_of(blob: bytes) -> str:
    return "sha256:" + hashlib.sha256(blob).hexdigest()


class Applications:
    def __init__(self, store: Store):
        self.store = store

    def add(
        self,
        app_id: str,
        tracking_code: str,
        service_id: str,
        catalog_version: str,
        sealed: bytes,
        verification_pending: bool = False,
        queue: bool = True,
        identity_mode: str | None = None,
        audit_details: dict | None = None,
    ) -> None:
        """Store a sealed application; with `queue` it is durable in the outbox on return.
        identity_mode: "staff" for a supervisor-approved staff verification (None: online, or
        offline when verification_pending). audit_details: more for its audit entry (ids only,
        never personal data)."""
        now = time.time()
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT INTO applications (id, tracking_code, service_id, catalog_version, state, "
                "sealed, size, digest, verification_pending, created_at, updated_at, "
                "identity_mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    app_id,
                    tracking_code,
                    service_id,
                    catalog_version,
                    SEALED,
                    sealed,
                    len(sealed),
                    digest_of(sealed),
                    int(verification_pending),
                    now,
                    now,
                    identity_mode,
                ),
            )
            self.store.audit.append(
                conn,
                "kiosk",
                "application.sealed",
                app_id,
                {"service_id": service_id, "size": len(sealed), **(audit_details or {})},
            )
            if queue:
                self.move(conn, app_id, SEALED, QUEUED, {})

    def transition(self, app_id: str, to_state: str, actor: str = "kiosk", **fields) -> None:
        """Move one application to `to_state`, updating `fields`, in one transaction."""
        with self.store.transaction() as conn:
            row = conn.execute("SELECT state FROM applications WHERE id = ?", (app_id,)).fetchone()
            if row is None:
                raise TransitionError(f"no application with id {app_id}")
            self.move(conn, app_id, row[0], to_state, fields, actor)

    def move(
        self, conn, app_id: str, from_state: str, to_state: str, fields: dict, actor: str = "kiosk"
    ) -> None:
        """One state change inside the caller's transaction (so several can share a commit)."""
        if to_state not in STATUS_TRANSITIONS[from_state]:
            raise TransitionError(f"application {app_id}: {from_state} -> {to_state} not allowed")
        fields = dict(fields, state=to_state, updated_at=time.time())
        if to_state == ACCEPTED:
            fields.setdefault("accepted_at", fields["updated_at"])
        assignments = ", ".join(f"{name} = ?" for name in fields)
        conn.execute(
            f"UPDATE applications SET {assignments} WHERE id = ?", (*fields.values(), app_id)
        )
        details = {"from": from_state, "to": to_state}
        for key in ("server_reference", "reason_code"):
            if fields.get(key):
                details[key] = fields[key]
        self.store.audit.append(conn, actor, f"application.{to_state}", app_id, details)

    def get(self, app_id: str) -> StoredApplication | None:
        rows = self.store.read(f"SELECT {_FIELDS} FROM applications WHERE id = ?", (app_id,))
        return _row(rows[0]) if rows else None

    def by_tracking_code(self, code: str) -> StoredApplication | None:
        rows = self.store.read(
            f"SELECT {_FIELDS} FROM applications WHERE tracking_code = ?", (code,)
        )
        return _row(rows[0]) if rows else None

    def sealed_blob(self, app_id: str) -> bytes | None:
        rows = self.store.read("SELECT sealed FROM applications WHERE id = ?", (app_id,))
        return rows[0]["sealed"] if rows else None

    def list(self, state: str | None = None) -> list[StoredApplication]:
        if state is None:
            rows = self.store.read(f"SELECT {_FIELDS} FROM applications ORDER BY created_at")
        else:
            rows = self.store.read(
                f"SELECT {_FIELDS} FROM applications WHERE state = ? ORDER BY created_at", (state,)
            )
        return [_row(r) for r in rows]

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATES, 0)
        for row in self.store.read("SELECT state, count(*) AS n FROM applications GROUP BY state"):
            counts[row["state"]] = row["n"]
        return counts

    def oldest_pending_seconds(self, now: float | None = None) -> float | None:
        rows = self.store.read(
            "SELECT min(created_at) AS t FROM applications WHERE state IN (?, ?, ?)", PENDING
        )
        oldest = rows[0]["t"]
        return None if oldest is None else max(0.0, (now or time.time()) - oldest)

    def purge_sealed(self, retention_days: float, now: float | None = None) -> int:
        """Delete sealed blobs of applications accepted longer ago than the retention period."""
        cutoff = (now or time.time()) - retention_days * 86400
        with self.store.transaction() as conn:
            ids = [
                r[0]
                for r in conn.execute(
                    "SELECT id FROM applications WHERE state = ? AND accepted_at < ? "
                    "AND sealed IS NOT NULL",
                    (ACCEPTED, cutoff),
                )
            ]
            for app_id in ids:
                conn.execute("UPDATE applications SET sealed = NULL WHERE id = ?", (app_id,))
                conn.execute(
                    "UPDATE attachments SET sealed = NULL WHERE application_id = ?", (app_id,)
                )
            if ids:
                self.store.audit.append(
                    conn,
                    "kiosk",
                    "application.purged",
                    "",
                    {"count": len(ids), "retention_days": retention_days},
                )
        return len(ids)


def _row(row) -> StoredApplication:
    values = dict(row)
    values["verification_pending"] = bool(values["verification_pending"])
    return StoredApplication(**values)
