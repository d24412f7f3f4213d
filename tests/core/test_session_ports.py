"""The ports in kiosk/ports.py, satisfied by tiny real implementations and driven by a controller
loop the way the UI will drive them: the state says which port to call, the answer is an event."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Any

import pytest
from test_session_support import (
    DOCS_SERVICE,
    FORM_VALUES,
    PREFILL,
    SCAN,
    TEMPLATE,
    TinyRules,
    good_capture,
    make_session,
)

from kiosk import tracking
from kiosk.ports import (
    ApplicationStatus,
    IdentityVerifier,
    PrinterUnavailable,
    Receipt,
    ReceiptPrinter,
    ServerUnreachable,
    ServiceRules,
    StatusLookup,
    SubmissionPacket,
    SubmitFailed,
    Submitter,
    SurveySink,
    VerificationResult,
)
from kiosk.session import Session, State

NIK = "3171234509900001"


class EnrolledVerifier:
    """Matches the template byte-for-byte against one enrolled template per NIK."""

    def __init__(self, enrolled: dict[str, bytes], online: bool = True):
        self.enrolled, self.online = enrolled, online

    def verify(self, nik: str, template: Any, liveness: Mapping[str, Any]) -> VerificationResult:
        if not self.online:
            raise ServerUnreachable("no route to the identity server")
        known = self.enrolled.get(nik)
        if known is not None and liveness.get("passed") and hmac.compare_digest(known, template):
            return VerificationResult("match", prefill=PREFILL, session_token="tok-" + nik[-4:])
        return VerificationResult("no_match")


class MemoryQueue:
    """Submitter + StatusLookup over a list; copies the packet as a real queue would persist it."""

    def __init__(self, full: bool = False):
        self.items: list[dict[str, Any]] = []
        self.full = full

    def submit(self, packet: SubmissionPacket) -> Receipt:
        if self.full:
            raise SubmitFailed("disk_full")
        code = tracking.new_code()
        self.items.append(
            {
                "code": code,
                "nik": packet.nik,
                "values": dict(packet.values),
                "documents": {k: bytes(v) for k, v in packet.documents.items()},
                "template": bytes(packet.face_template) if packet.face_template else None,
                "pending": packet.verification_pending,
            }
        )
        return Receipt(code, packet.service_id, packet.verification_pending, "3171********0001")

    def status(self, tracking_code: str) -> ApplicationStatus | None:
        for item in self.items:
            if item["code"] == tracking_code:
                return ApplicationStatus(tracking_code, "received")
        return None


class PaperPrinter:
    def __init__(self, paper: int = 1):
        self.paper, self.printed = paper, []

    def print(self, receipt: Receipt) -> None:
        if self.paper <= 0:
            raise PrinterUnavailable("out of paper")
        self.paper -= 1
        self.printed.append(receipt.tracking_code)


class ListSink:
    def __init__(self):
        self.sent: list[Mapping[str, int]] = []

    def send(self, scores: Mapping[str, int]) -> None:
        self.sent.append(dict(scores))


def controller_step(s: Session, verifier, queue) -> None:
    """What the UI controller does on entering a busy state."""
    run = s.run_id
    if s.state is State.VERIFYING:
        try:
            result = verifier.verify(*s.verification_request())
        except ServerUnreachable:
            s.server_unreachable()
            return
        if s.run_id == run:  # the citizen did not cancel meanwhile
            s.verification_result(result)
    elif s.state is State.SUBMITTING:
        try:
            s.submitted(queue.submit(s.packet()))
        except SubmitFailed as exc:
            s.submit_failed(exc.reason)
    elif s.state is State.STATUS_LOOKUP:
        s.status_result(queue.status(s.data.tracking_code))


def _apply(s: Session, verifier, queue) -> Session:
    s.start()
    s.choose_language("id")
    s.enter_nik(NIK)
    s.give_consent()
    s.face_captured(good_capture())
    controller_step(s, verifier, queue)
    s.choose_service(DOCS_SERVICE)
    s.submit_form(FORM_VALUES[DOCS_SERVICE])
    for doc in s.data.required_documents:
        s.document_captured(doc, SCAN)
    s.documents_done()
    s.confirm()
    controller_step(s, verifier, queue)
    return s


def test_tiny_implementations_satisfy_the_protocols():
    assert isinstance(EnrolledVerifier({}), IdentityVerifier)
    assert isinstance(MemoryQueue(), Submitter) and isinstance(MemoryQueue(), StatusLookup)
    assert isinstance(PaperPrinter(), ReceiptPrinter) and isinstance(ListSink(), SurveySink)
    assert isinstance(TinyRules(), ServiceRules)


@pytest.mark.parametrize("online", [True, False], ids=["online", "offline"])
def test_controller_journey_then_status_check(online: bool):
    verifier, queue, printer, sink = (
        EnrolledVerifier({NIK: TEMPLATE}, online),
        MemoryQueue(),
        PaperPrinter(),
        ListSink(),
    )
    s = _apply(make_session(), verifier, queue)
    assert s.state is State.SUBMITTED
    (item,) = queue.items
    assert item["nik"] == NIK and item["values"] == FORM_VALUES[DOCS_SERVICE]
    assert item["documents"] == {"surat_keterangan_lahir": SCAN, "kk": SCAN}
    assert item["pending"] is (not online)
    assert item["template"] == (None if online else TEMPLATE)  # kept only to verify later
    receipt = s.data.receipt
    assert receipt.verification_pending is (not online)
    assert (receipt.verification_note is None) is online
    printer.print(receipt)
    assert printer.printed == [item["code"]]
    with pytest.raises(PrinterUnavailable):
        printer.print(receipt)  # the screen keeps showing the code: nothing else to do
    s.finish()
    s.survey_done({"waktu": 4, "sarana": 2})
    sink.send(s.data.survey)
    assert sink.sent == [{"waktu": 4, "sarana": 2}]

    s.check_status()
    s.enter_tracking_code(item["code"].lower().replace("-", " "))
    controller_step(s, verifier, queue)
    assert s.state is State.STATUS_CHECK and s.data.status.status == "received"


def test_unknown_face_and_full_queue():
    queue = MemoryQueue(full=True)
    s = make_session()
    s.start()
    s.choose_language("en")
    s.enter_nik(NIK)
    s.give_consent()
    s.face_captured(good_capture())
    controller_step(s, EnrolledVerifier({NIK: b"someone else"}), queue)
    assert s.state is State.NO_MATCH
    s = _apply(make_session(), EnrolledVerifier({NIK: TEMPLATE}), queue)
    assert s.state is State.REVIEW and s.data.error.details == ("disk_full",)
    assert queue.items == []


def test_verification_result_rejects_unknown_outcomes():
    with pytest.raises(ValueError, match="outcome must be one of"):
        VerificationResult("maybe")
