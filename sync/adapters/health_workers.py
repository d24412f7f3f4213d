"""SATUSEHAT SDMK-like health-worker lookup, to prefill SIP forms.

The server answers only for a verified session (its token); nothing looked up is stored.
"""

from __future__ import annotations

import logging

from kiosk.nik import mask_nik
from protocol.contract import HealthWorkerLookupResponse
from sync.client import ServerClient
from sync.errors import ApplicationRejected, ServerBusy

log = logging.getLogger(__name__)


class ServerHealthWorkers:
    """lookup(nik, session_token) -> dict with profession_code, profession, str_number,
    str_status, str_valid_until; None when there is no record or no verified session."""

    def __init__(self, client: ServerClient):
        self.client = client

    def lookup(self, nik: str, session_token: str | None = None) -> dict | None:
        if not session_token:
            return None  # offline or unverified session: the citizen types the STR number
        try:
            answer = self.client.json(
                "POST", "/health-workers/lookup", body={"session_token": session_token}
            )
        except ApplicationRejected as exc:
            log.info("health-worker lookup for %s refused: %s", mask_nik(nik), exc.code)
            return None
        try:
            parsed = HealthWorkerLookupResponse.model_validate(answer)
        except ValueError:
            raise ServerBusy("bad_answer", "the health-worker answer is malformed") from None
        if not parsed.found or parsed.worker is None:
            return None
        return parsed.worker.model_dump(mode="json")
