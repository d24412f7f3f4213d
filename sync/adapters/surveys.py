"""Anonymous SKM satisfaction surveys: kept in the store's survey queue, sent in batches.

The SurveySink port stores each complete survey durably (no personal data: nine scores, a
random id and the time); `flush_surveys` sends up to 500 per request and deletes what the
server acknowledged (duplicates count as acknowledged: the survey id makes resends safe).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable, Mapping

from kiosk.session.data import SKM_ELEMENTS, validate_survey
from kiosk.store import Store
from kiosk.store.surveys import SurveyQueue
from sync.backoff import next_delay
from sync.client import ServerClient
from sync.errors import SyncError

log = logging.getLogger(__name__)
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
        SurveyQueue(self.store).add(payload)


def flush_surveys(
    client: ServerClient,
    store: Store,
    cap_s: float = 300.0,
    clock: Callable[[], float] = time.time,
) -> int:
    """Send due surveys; returns how many the server acknowledged. Raises nothing on network
    trouble (the rows wait with backoff) but lets KioskProblem through. clock(): epoch seconds
    for what is due and for the backoff."""
    from sync.errors import KioskProblem

    queue = SurveyQueue(store)
    due = queue.due(BATCH, clock())
    if not due:
        return 0
    ids = [survey.id for survey in due]
    try:
        client.json("POST", "/surveys", body={"results": [survey.payload for survey in due]})
    except KioskProblem:
        raise
    except SyncError as exc:
        attempts = max(survey.attempts for survey in due) + 1
        wait = next_delay(attempts, cap_s, getattr(exc, "retry_after", None))
        queue.defer(ids, clock() + wait, exc.code)
        return 0
    queue.remove(ids)
    return len(ids)
