"""The survey queue: anonymous SKM surveys waiting to be sent, in the `survey_outbox` table.

A row holds one survey's JSON (nine scores, a random id, the time: no personal data). Rows are
sent in batches; what the server acknowledged is deleted, a failed batch waits with backoff.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from kiosk.store.store import Store

KIND = "survey"


@dataclass(frozen=True)
class QueuedSurvey:
    id: int
    payload: dict[str, Any]
    attempts: int


class SurveyQueue:
    def __init__(self, store: Store):
        self.store = store

    def add(self, payload: dict[str, Any]) -> None:
        """Keep one survey durably (one commit)."""
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT INTO survey_outbox (kind, payload, created_at) VALUES (?, ?, ?)",
                (KIND, json.dumps(payload).encode(), time.time()),
            )

    def due(self, limit: int, now: float | None = None) -> list[QueuedSurvey]:
        """The oldest surveys whose wait is over, at most `limit`."""
        now = time.time() if now is None else now
        rows = self.store.read(
            "SELECT id, payload, attempts FROM survey_outbox "
            "WHERE kind = ? AND next_attempt_at <= ? ORDER BY id LIMIT ?",
            (KIND, now, limit),
        )
        return [QueuedSurvey(r["id"], json.loads(r["payload"]), r["attempts"]) for r in rows]

    def count(self) -> int:
        return self.store.read("SELECT count(*) AS n FROM survey_outbox")[0]["n"]

    def defer(self, ids: list[int], until: float, error_code: str) -> None:
        """A batch failed: count the attempt and wait until `until`."""
        marks = ",".join("?" for _ in ids)
        with self.store.transaction() as conn:
            conn.execute(
                f"UPDATE survey_outbox SET attempts = attempts + 1, next_attempt_at = ?, "
                f"last_error = ? WHERE id IN ({marks})",
                (until, error_code, *ids),
            )

    def remove(self, ids: list[int]) -> None:
        """The server acknowledged these."""
        marks = ",".join("?" for _ in ids)
        with self.store.transaction() as conn:
            conn.execute(f"DELETE FROM survey_outbox WHERE id IN ({marks})", ids)
