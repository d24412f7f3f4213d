"""Store-side outbox logic: which applications are due, and their state changes in batches.

Every state change is one audit entry; several changes may share one SQLite transaction
(batched commits), which keeps the uploader fast with synchronous=FULL. The queue-wide
pause (kiosk-level errors) and the last error live in the store's key-value state.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
from dataclasses import dataclass

from kiosk.store import Store
from kiosk.store.applications import (
    ACCEPTED,
    QUEUED,
    REJECTED,
    SENDING,
    Applications,
    digest_of,
)

PAUSE_KEY = "sync.paused"
LAST_ERROR_KEY = "sync.last_error"


@dataclass(frozen=True)
class Due:
    """What the uploader needs to send one application (the blob is read separately)."""

    id: str
    tracking_code: str
    service_id: str
    catalog_version: str
    size: int
    created_at: float
    verification_pending: bool
    attempts: int
    part_size: int | None = None  # the upload plan: 0 inline, N parts of N bytes, None undecided
    identity_mode: str | None = None  # "staff"; None: online or offline (verification_pending)

    @property
    def created_iso(self) -> str:
        return dt.datetime.fromtimestamp(self.created_at, dt.UTC).isoformat()


@dataclass(frozen=True)
class Damaged:
    """A stored sealed packet that fails its digest check."""

    stored_digest: str
    actual_digest: str


def upload_plan(size: int, part_size: int) -> int:
    """0 to send a packet of `size` bytes inline, else the part size to split it by."""
    return 0 if size <= part_size else part_size


@dataclass(frozen=True)
class Outcome:
    """The result of one send: accepted, rejected, or retry (at `next_attempt_at`)."""

    app_id: str
    state: str  # ACCEPTED, REJECTED or QUEUED
    server_reference: str | None = None
    reason_code: str | None = None
    reason: str | None = None
    next_attempt_at: float = 0.0


class Outbox:
    def __init__(self, store: Store):
        self.store = store
        self.apps = Applications(store)

    # ------------------------------------------------------------ reading

    def due(self, limit: int, now: float | None = None) -> list[Due]:
        now = time.time() if now is None else now
        rows = self.store.read(
            "SELECT id, tracking_code, service_id, catalog_version, size, created_at, "
            "verification_pending, attempts, part_size, identity_mode FROM applications "
            "WHERE state = ? AND next_attempt_at <= ? ORDER BY created_at LIMIT ?",
            (QUEUED, now, limit),
        )
        return [
            Due(**{**dict(r), "verification_pending": bool(r["verification_pending"])})
            for r in rows
        ]

    def sealed_blobs(self, items: list[Due]) -> dict[str, bytes | Damaged]:
        """The sealed packets of `items`, by application id (a missing one is left out). A
        packet whose bytes no longer match the digest stored with it is `Damaged`: bit rot
        on the kiosk's disk, which must not be sent and then blamed on the server."""
        marks = ",".join("?" for _ in items)
        rows = self.store.read(
            f"SELECT id, sealed, digest FROM applications WHERE id IN ({marks})",
            [i.id for i in items],
        )
        found: dict[str, bytes | Damaged] = {}
        for r in rows:
            blob = r["sealed"]
            if blob is not None and digest_of(blob) != r["digest"]:
                found[r["id"]] = Damaged(r["digest"], digest_of(blob))
            else:
                found[r["id"]] = blob
        return found

    def next_due_at(self) -> float | None:
        rows = self.store.read(
            "SELECT min(next_attempt_at) AS t FROM applications WHERE state = ?", (QUEUED,)
        )
        return rows[0]["t"]

    def pending_count(self) -> int:
        rows = self.store.read(
            "SELECT count(*) AS n FROM applications WHERE state IN (?, ?, 'sealed')",
            (QUEUED, SENDING),
        )
        return rows[0]["n"]

    # ------------------------------------------------------------ state changes

    def recover(self) -> int:
        """After a restart: `sending` rows were in flight when the process died; requeue them
        (the Idempotency-Key makes the resend safe) and queue any `sealed` leftovers."""
        rows = self.store.read(
            "SELECT id, state FROM applications WHERE state IN (?, 'sealed')", (SENDING,)
        )
        if rows:
            with self.store.transaction() as conn:
                for row in rows:
                    self.apps.move(conn, row["id"], row["state"], QUEUED, {"next_attempt_at": 0})
        return len(rows)

    def claim(self, items: list[Due], part_size: int) -> list[Due]:
        """queued -> sending for a batch, in one transaction. An application's first claim also
        fixes its upload plan (inline, or parts of `part_size`); later claims keep that plan,
        so a retry repeats the first request even if the configured part size changed."""
        claimed = []
        with self.store.transaction() as conn:
            for item in items:
                plan = item.part_size
                if plan is None:
                    plan = upload_plan(item.size, part_size)
                fields = {"attempts": item.attempts + 1, "part_size": plan}
                self.apps.move(conn, item.id, QUEUED, SENDING, fields)
                claimed.append(dataclasses.replace(item, part_size=plan))
        return claimed

    def finish(self, outcomes: list[Outcome]) -> None:
        """sending -> accepted / rejected / queued for a batch, in one transaction."""
        if not outcomes:
            return
        with self.store.transaction() as conn:
            for out in outcomes:
                if out.state == ACCEPTED:
                    fields = {
                        "server_reference": out.server_reference,
                        "reason_code": None,
                        "reason": None,
                    }
                elif out.state == REJECTED:
                    fields = {"reason_code": out.reason_code, "reason": out.reason}
                else:
                    fields = {
                        "next_attempt_at": out.next_attempt_at,
                        "reason_code": out.reason_code,
                        "reason": out.reason,
                    }
                self.apps.move(conn, out.app_id, SENDING, out.state, fields)

    def retry(self, app_id: str, actor: str = "staff") -> None:
        """Staff retry of a rejected (or waiting) application: send it as soon as possible."""
        app = self.apps.get(app_id)
        if app is None:
            from kiosk.store.applications import TransitionError

            raise TransitionError(f"no application with id {app_id}")
        if app.state == QUEUED:
            with self.store.transaction() as conn:
                conn.execute("UPDATE applications SET next_attempt_at = 0 WHERE id = ?", (app_id,))
            return
        self.apps.transition(app_id, QUEUED, actor=actor, next_attempt_at=0)

    def send_all_now(self) -> None:
        with self.store.transaction() as conn:
            conn.execute("UPDATE applications SET next_attempt_at = 0 WHERE state = ?", (QUEUED,))
            conn.execute("DELETE FROM state WHERE key = ?", (PAUSE_KEY,))

    # ------------------------------------------------------------ queue-wide state

    def pause(self, code: str, message: str, message_id: str, until: float) -> None:
        value = {
            "code": code,
            "message": message,
            "message_id": message_id,
            "at": time.time(),
            "until": until,
        }
        with self.store.transaction() as conn:
            self.store.set_state(conn, PAUSE_KEY, json.dumps(value))
            self.store.set_state(conn, LAST_ERROR_KEY, json.dumps(value))
            self.store.audit.append(conn, "kiosk", "queue.paused", "", {"code": code})

    def paused(self) -> dict | None:
        raw = self.store.get_state(PAUSE_KEY)
        return json.loads(raw) if raw else None

    def resume(self) -> None:
        with self.store.transaction() as conn:
            if conn.execute("DELETE FROM state WHERE key = ?", (PAUSE_KEY,)).rowcount:
                self.store.audit.append(conn, "kiosk", "queue.resumed", "", {})

    def set_last_error(self, code: str, message: str) -> None:
        value = {"code": code, "message": message, "at": time.time()}
        with self.store.transaction() as conn:
            self.store.set_state(conn, LAST_ERROR_KEY, json.dumps(value))

    def last_error(self) -> dict | None:
        raw = self.store.get_state(LAST_ERROR_KEY)
        return json.loads(raw) if raw else None
