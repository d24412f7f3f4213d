"""Helpers for the shell, screen and journey tests: drive a real kiosk with real session events.

No tests here. Tiny real port implementations (GateVerifier, GateSubmitter) hold a busy state
open until the test lets them answer."""

from __future__ import annotations

import threading
from collections.abc import Callable

from kiosk.nik import mask_nik
from kiosk.ports import FaceCaptureResult, VerificationResult
from kiosk.session.states import State

NIK = "3171015505900001"  # Kota Jakarta Selatan, a woman born 15 May 1990
SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
TEMPLATE = bytes(range(1, 129))
# A service whose form needs one scanned document when the KK was lost (see the catalog).
DOC_SERVICE = "cetak-kk"
DOC_VALUES = {"nomor_kk": "3171010101200001", "alasan_cetak": "hilang", "nomor_hp": "081234567890"}
DOC_SCAN = bytes(64)


class GateVerifier:
    """An IdentityVerifier that answers only when the test opens the gate (so the waiting
    screen can be looked at). A real implementation of the port, not a mock."""

    def __init__(self, result: VerificationResult | None = None):
        self.result = result or VerificationResult("match", prefill={}, session_token="t")
        self.gate = threading.Event()
        self.calls = 0

    def verify(self, nik, template, liveness):
        self.calls += 1
        if not self.gate.wait(30):
            raise TimeoutError("gate never opened")
        return self.result


def face_capture() -> FaceCaptureResult:
    return FaceCaptureResult(TEMPLATE, {"passed": True, "method": "blink"}, 0.9)


def drive(controller, target: State, qtbot=None, language: str | None = None) -> None:
    """From WELCOME to `target` with real session events (through controller.citizen, as the
    screens do). States after VERIFYING need a verifier that answers (or none: offline)."""
    citizen = controller.citizen
    s = controller.session
    if language:
        controller.set_language(language)  # a reset brings the next citizen Indonesian
    if target is State.WELCOME:
        return
    if target in (State.STATUS_CHECK, State.STATUS_LOOKUP):
        citizen.check_status()
        if target is State.STATUS_LOOKUP:
            from kiosk.tracking import check_symbol, format_code

            citizen.enter_tracking_code(format_code("ABCD2345XY" + check_symbol("ABCD2345XY")))
        return
    steps: list[tuple[State, Callable[[], object]]] = [
        (State.LANGUAGE, lambda: citizen.start()),
        (State.NIK, lambda: citizen.choose_language(language or s.data.language)),
        (State.CONSENT, lambda: citizen.enter_nik(NIK)),
    ]
    if target is State.ENDED:
        steps.append((State.ENDED, lambda: citizen.decline_consent()))
    else:
        steps.append((State.FACE, lambda: citizen.give_consent()))
    if target is State.STAFF_HELP:
        steps.append((State.STAFF_HELP, lambda: citizen.help()))
    elif target is State.FACE_FAILED:
        steps.append((State.FACE_FAILED, lambda: citizen.face_failed("no_face")))
    else:
        steps.append((State.VERIFYING, lambda: citizen.face_captured(face_capture())))
    if target is State.NO_MATCH:
        steps.append(
            (State.NO_MATCH, lambda: s.verification_result(VerificationResult("no_match")))
        )
    steps += [
        (State.SERVICE, lambda: _wait_for(controller, State.SERVICE, qtbot)),
        (State.FORM, lambda: citizen.choose_service(DOC_SERVICE)),
        (State.DOCUMENTS, lambda: citizen.submit_form(dict(DOC_VALUES))),
        (State.REVIEW, lambda: _scan_all(controller)),
        (State.SUBMITTING, lambda: citizen.confirm(True)),
        (State.SUBMITTED, lambda: _wait_for(controller, State.SUBMITTED, qtbot)),
        (State.SURVEY, lambda: citizen.finish()),
    ]
    for state, step in steps:
        if s.state is target:
            break
        step()
        assert s.state is state, f"expected {state}, got {s.state} (error {s.data.error})"
    assert s.state is target, (target, s.state)


def _scan_all(controller) -> None:
    for doc in controller.session.data.required_documents:
        controller.citizen.document_captured(doc, DOC_SCAN)
    controller.citizen.documents_done()


def _wait_for(controller, state: State, qtbot) -> None:
    """The controller answers busy states on its worker: wait until the session moves on."""
    if qtbot is None:
        raise RuntimeError("pass qtbot to drive() beyond the busy states")
    port = controller.ports.submitter if state is State.SUBMITTED else controller.ports.verifier
    gate = getattr(port, "gate", None)
    if gate is not None:
        gate.set()
    qtbot.waitUntil(lambda: controller.session.state is state, timeout=20000)


class GateSubmitter:
    """A Submitter that answers with a receipt once the gate is open (tiny real port)."""

    def __init__(self):
        self.gate = threading.Event()
        self.packets = []

    def submit(self, packet):
        import datetime as dt

        if not self.gate.wait(30):
            raise TimeoutError("gate never opened")
        self.packets.append(packet)
        return receipt_for(packet, dt.datetime.now(dt.UTC))


def receipt_for(packet, when):
    """The receipt a submitter answers for `packet`: a fresh tracking code, the NIK masked."""
    from kiosk.ports import Receipt
    from kiosk.tracking import new_code

    return Receipt(
        new_code(),
        packet.service_id,
        packet.verification_pending,
        masked_nik=mask_nik(packet.nik),
        submitted_at=when,
    )


class GateStatusLookup:
    """A StatusLookup that answers "in review" once the gate is open (tiny real port)."""

    def __init__(self):
        self.gate = threading.Event()

    def status(self, tracking_code):
        from kiosk.ports import ApplicationStatus

        if not self.gate.wait(30):
            raise TimeoutError("gate never opened")
        return ApplicationStatus(
            tracking_code, "in_review", note_id="Sedang diproses", note_en="Being processed"
        )


def open_gates(controller) -> None:
    _set_gates(controller, True)


def close_gates(controller) -> None:
    _set_gates(controller, False)


def _set_gates(controller, is_open: bool) -> None:
    for port in (
        controller.ports.verifier,
        controller.ports.submitter,
        controller.ports.status_lookup,
    ):
        gate = getattr(port, "gate", None)
        if gate is None:
            continue
        if is_open:
            gate.set()
        else:
            gate.clear()


def back_to_welcome(controller, qtbot) -> None:
    """Leave whatever state with real events (cancel, finish, skip the survey...)."""
    s = controller.session
    for _ in range(6):
        state = s.state
        if state is State.WELCOME:
            return
        if state in (State.VERIFYING, State.SUBMITTING, State.STATUS_LOOKUP):
            open_gates(controller)
            qtbot.waitUntil(lambda st=state: s.state is not st, timeout=20000)
        elif state is State.SUBMITTED:
            controller.citizen.finish()
        elif state is State.SURVEY:
            controller.citizen.survey_done(None)
        elif state is State.ENDED:
            controller.citizen.finish()
        elif state is State.STATUS_CHECK:
            controller.citizen.back()
        else:
            controller.citizen.cancel()
    raise AssertionError(f"could not get back to welcome from {s.state}")
