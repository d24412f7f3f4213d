"""Anonymous SKM satisfaction surveys: kept in the store's `outbox` table, sent in batches.

The SurveySink port stores each complete survey durably (no personal data: nine scores, a
random id and the time); `flush_surveys` sends up to 500 per request and deletes what the
server acknowledged (duplicates count as acknowledged: the survey id makes resends safe).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import uuid
from collections.abc import Mapping

from kiosk.session_data import SKM_ELEMENTS, validate_survey
from kiosk.store import Store
from sync.backoff import next_delay
from sync.client import ServerClient
from sync.errors import SyncError

log = logging.getLogger(__name__)
KIND = "survey"
BATCH = 500


class OutboxSurveySink:
    """kiosk.ports.SurveySink. Skipped questions travel as null; an empty survey is not sent."""

    def __init__(self, store: Store, service_id: str | None = None):
        self.store = store
        self.service_id = service_id

    def send(self, scores: Mapping[str, int]) -> None:
        clean = validate_survey(scores)
        if not clean:
            return  # nothing answered: nothing to send
        payload = {
            "survey_id": str(uuid.uuid4()),
            "service_id": self.service_id,
            "submitted_at": dt.datetime.now(dt.UTC).isoformat(),
            "scores": [clean.get(key) for key in SKM_ELEMENTS],
        }
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT INTO outbox (kind, payload, created_at) VALUES (?, ?, ?)",
                (KIND, json.dumps(payload).encode(), time.time()),
            )


def flush_surveys(client: ServerClient, store: Store, cap_s: float = 300.0) -> int:
    """Send due surveys; returns how many the server acknowledged. Raises nothing on network
    trouble (the rows wait with backoff) but lets KioskProblem through."""
    from sync.errors import KioskProblem

    rows = store.read(
        "SELECT id, payload, attempts FROM outbox WHERE kind = ? AND next_attempt_at <= ? "
        "ORDER BY id LIMIT ?",
        (KIND, time.time(), BATCH),
    )
    if not rows:
        return 0
    ids = [r["id"] for r in rows]
    results = [json.loads(r["payload"]) for r in rows]
    marks = ",".join("?" for _ in ids)
    try:
        client.json("POST", "/surveys", body={"results": results})
    except KioskProblem:
        raise
    except SyncError as exc:
        attempts = max(r["attempts"] for r in rows) + 1
        wait = next_delay(attempts, cap_s, getattr(exc, "retry_after", None))
        with store.transaction() as conn:
            conn.execute(
                f"UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, "
                f"last_error = ? WHERE id IN ({marks})",
                (time.time() + wait, exc.code, *ids),
            )
        return 0
    with store.transaction() as conn:
        conn.execute(f"DELETE FROM outbox WHERE id IN ({marks})", ids)
    return len(ids)
