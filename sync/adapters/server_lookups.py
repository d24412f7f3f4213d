"""Online services the session calls through kiosk.ports: identity check and status lookup.

Nothing looked up here is written to disk or logged in clear: the prefill data goes back to
the session (memory only) and NIKs appear in logs masked.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from kiosk.nik import mask_nik
from kiosk.ports import ApplicationStatus, Template, VerificationResult
from kiosk.store import Store
from kiosk.store.applications import PENDING, Applications
from protocol.contract import IdentityVerifyResponse, LivenessSummary, StatusResponse
from protocol.packets import PacketError, template_floats
from sync.client import ServerClient
from sync.errors import ApplicationRejected, ServerBusy

log = logging.getLogger(__name__)
_LIVENESS_KEYS = set(LivenessSummary.model_fields)


class ServerIdentityVerifier:
    """kiosk.ports.IdentityVerifier over POST /v1/identity/verify.

    Raises ServerUnreachable (sync.errors.Offline) when the server cannot answer: the session
    then goes on with verification pending. KioskProblem is raised as is (staff must act).
    """

    def __init__(self, client: ServerClient):
        self.client = client

    def verify(
        self, nik: str, template: Template, liveness: Mapping[str, Any]
    ) -> VerificationResult:
        try:
            values = template_floats(template)
        except PacketError as exc:
            raise ValueError(str(exc)) from None
        body = {
            "nik": nik,
            "template": values,
            "liveness": {k: v for k, v in liveness.items() if k in _LIVENESS_KEYS},
        }
        try:
            answer = self.client.json("POST", "/identity/verify", body=body)
        except ApplicationRejected as exc:
            log.info("identity check for %s refused: %s", mask_nik(nik), exc.code)
            outcome = "locked" if exc.code == "nik_locked" else "no_match"
            return VerificationResult(outcome=outcome, reason=exc.code)
        finally:
            values.clear()
        try:
            parsed = IdentityVerifyResponse.model_validate(answer)
        except ValueError:
            raise ServerBusy("bad_answer", "the identity answer is malformed") from None
        if not parsed.match:
            return VerificationResult(outcome="no_match")
        prefill = parsed.citizen.model_dump(mode="json") if parsed.citizen else None
        return VerificationResult(
            outcome="match", prefill=prefill, session_token=parsed.session_token
        )


class ServerStatusLookup:
    """kiosk.ports.StatusLookup over GET /v1/status/{code} (public route).

    With the kiosk's store, an application still in this kiosk's outbox answers "queued"
    without asking the server (which does not know it yet), also when the server is down.
    """

    def __init__(self, client: ServerClient, store: Store | None = None):
        self.client = client
        self.store = store

    def status(self, tracking_code: str) -> ApplicationStatus | None:
        from kiosk.tracking import TrackingCodeError, normalize

        try:
            code = normalize(tracking_code)
        except TrackingCodeError:
            return None
        local = Applications(self.store).by_tracking_code(code) if self.store else None
        if local is not None and local.state in PENDING:
            return ApplicationStatus(
                tracking_code=code,
                status="queued",
                updated_at=dt.datetime.fromtimestamp(local.updated_at, dt.UTC),
                note_id="Permohonan masih antre di kiosk ini dan akan dikirim otomatis.",
                note_en="The application is still queued on this kiosk and will be sent "
                "automatically.",
            )
        try:
            answer = self.client.json("GET", f"/status/{code}", signed=False)
        except ApplicationRejected as exc:
            if exc.code in ("not_found", "invalid_tracking_code"):
                return None
            raise
        try:
            parsed = StatusResponse.model_validate(answer)
        except ValueError:
            raise ServerBusy("bad_answer", "the status answer is malformed") from None
        updated = parsed.updated_at
        if updated.tzinfo is None:
            updated = updated.replace(tzinfo=dt.UTC)
        return ApplicationStatus(
            tracking_code=parsed.tracking_code,
            status=parsed.status,
            updated_at=updated,
            note_id=parsed.message_id,
            note_en=parsed.message_en,
        )
