"""Shared helpers for the session tests (this module holds no tests of its own).

TinyRules is a small real ServiceRules implementation; FakeClock a settable monotonic clock;
reach(state) drives a fresh session along real events into any state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from kiosk.nik import KkError, parse_kk
from kiosk.ports import (
    ApplicationStatus,
    FaceCaptureResult,
    Receipt,
    VerificationResult,
)
from kiosk.session import Session, SessionConfig, State
from kiosk.tracking import check_symbol, format_code

TODAY = dt.date(2026, 11, 27)
VALID_NIK = "3171234509900001"  # Jakarta Pusat, woman born 5 Sep 1990
MINOR_NIK = "3171230105150001"  # Jakarta Pusat, man born 1 May 2015
VALID_KK = "3171230101100001"
TEMPLATE = bytes(range(1, 129))  # stands in for a 128-byte face template
SCAN = b"\xff\xd8 scanned image bytes"
PREFILL = {"full_name": "SITI RAHAYU", "family_status": "istri"}

DOCS_SERVICE = "akta_kelahiran"  # needs two scanned documents
PLAIN_SERVICE = "cetak_kk"  # needs no document
ADULT_SERVICE = "sip_dokter"  # only for adults


class TinyRules:
    """Three services with real rules, enough to exercise every branch of the session."""

    documents = {
        DOCS_SERVICE: ["surat_keterangan_lahir", "kk"],
        PLAIN_SERVICE: [],  # a police report only when the KK was lost
        ADULT_SERVICE: ["str"],
    }

    def _known(self, service_id: str) -> None:
        if service_id not in self.documents:
            raise KeyError(service_id)

    def validate_form(
        self, service_id: str, values: Mapping[str, Any], facts: Mapping[str, Any]
    ) -> dict[str, Any]:
        self._known(service_id)
        assert facts["birth_date"] and "verification_pending" in facts
        problems: dict[str, Any] = {}
        if service_id == PLAIN_SERVICE:
            try:
                parse_kk(str(values.get("kk_number", "")), today=TODAY)
            except KkError as exc:
                problems["kk_number"] = exc.code
        elif service_id == DOCS_SERVICE:
            if not str(values.get("child_name", "")).strip():
                problems["child_name"] = "required"
        return problems

    def required_documents(self, service_id: str, values: Mapping[str, Any]) -> list[str]:
        self._known(service_id)
        if service_id == PLAIN_SERVICE and values.get("alasan_cetak") == "hilang":
            return ["surat_kehilangan"]
        return list(self.documents[service_id])

    def is_eligible(self, service_id: str, facts: Mapping[str, Any]) -> list[Any]:
        self._known(service_id)
        if service_id == ADULT_SERVICE and facts.get("age", 0) < 18:
            return ["min_age_18"]
        if service_id == DOCS_SERVICE and facts.get("hubungan_pelapor") == "bukan_keluarga":
            return ["reported-by-family"]  # a fact the citizen gives in the form
        return []


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now


def good_capture() -> FaceCaptureResult:
    return FaceCaptureResult(TEMPLATE, {"passed": True, "method": "blink", "score": 0.97}, 0.9)


def spoof_capture() -> FaceCaptureResult:
    return FaceCaptureResult(TEMPLATE, {"passed": False, "method": "blink", "score": 0.1}, 0.9)


MATCH = VerificationResult("match", prefill=PREFILL, session_token="tok-123")
NO_MATCH = VerificationResult("no_match", reason="distance_too_large")
LOCKED = VerificationResult("locked", reason="too_many_failures")
TRACKING_CODE = format_code("ABCD2345XY" + check_symbol("ABCD2345XY"))
# What sync.adapters.staff.approve_staff_verification gives (the MAC is the server's business).
APPROVAL = {
    "application_id": "0b6f4f2e-7c1a-4c55-9d7e-3f1f6f0a2b11",
    "kiosk_id": "KIOSK-TEST",
    "staff_id": "ST-PTGS0001",
    "supervisor_id": "ST-SPV00001",
    "reason_code": "face_check_failed",
    "reason_text": "Wajah dicocokkan dengan KTP-el asli oleh petugas.",
    "approved_at": "2026-11-27T03:00:00+00:00",
    "mac": "A" * 43 + "=",
}
RECEIPT = Receipt(TRACKING_CODE, DOCS_SERVICE, False, masked_nik="3171********0001")
STATUS = ApplicationStatus(TRACKING_CODE, "in_review", note_id="Diproses", note_en="In review")
FORM_VALUES = {
    DOCS_SERVICE: {"child_name": "Budi", "birth_place": "Jakarta"},
    PLAIN_SERVICE: {"kk_number": VALID_KK},
    ADULT_SERVICE: {},
}


def make_session(config: SessionConfig | None = None, clock: FakeClock | None = None) -> Session:
    return Session(TinyRules(), config=config, clock=clock or FakeClock(), today=lambda: TODAY)


def reach(
    state: State,
    session: Session | None = None,
    service: str = DOCS_SERVICE,
    online: bool = True,
) -> Session:
    """A session driven by real events from WELCOME into `state`."""
    s = session or make_session()
    if state is State.WELCOME:
        return s
    if state in (State.STATUS_CHECK, State.STATUS_LOOKUP):
        s.check_status()
        if state is State.STATUS_LOOKUP:
            s.enter_tracking_code(TRACKING_CODE.lower())
        return s
    if state is State.STAFF_HELP:
        reach(State.FACE, s).help()
        return s
    if state is State.ENDED:
        reach(State.CONSENT, s).decline_consent()
        return s
    order = [
        (State.NIK, lambda: s.start()),
        (State.CONSENT, lambda: s.enter_nik(VALID_NIK)),
        (State.FACE, lambda: s.give_consent()),
    ]
    if state is State.FACE_FAILED:
        order.append((State.FACE_FAILED, lambda: s.face_failed("no_face")))
    else:
        order.append((State.VERIFYING, lambda: s.face_captured(good_capture())))
    if state is State.NO_MATCH:
        order.append((State.NO_MATCH, lambda: s.verification_result(NO_MATCH)))
    elif online:
        order.append((State.SERVICE, lambda: s.verification_result(MATCH)))
    else:
        order.append((State.SERVICE, lambda: s.server_unreachable()))
    order += [
        (State.FORM, lambda: s.choose_service(service)),
        (State.DOCUMENTS, lambda: s.submit_form(FORM_VALUES[service])),
        (State.REVIEW, lambda: scan_all_and_finish(s)),
        (State.SUBMITTING, lambda: s.confirm(True)),
        (State.SUBMITTED, lambda: s.submitted(RECEIPT)),
        (State.SURVEY, lambda: s.finish()),
    ]
    for step_state, step in order:
        if s.state is state:
            break
        step()
        # A service without documents skips the DOCUMENTS screen.
        assert s.state in (step_state, State.REVIEW), (step_state, s.state)
    assert s.state is state, (state, s.state)
    return s


def scan_all_and_finish(s: Session) -> None:
    if s.state is State.DOCUMENTS:
        for doc in s.data.required_documents:
            s.document_captured(doc, SCAN)
        s.documents_done()
