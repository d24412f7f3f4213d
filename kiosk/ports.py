"""The small interfaces the core needs from the outside world, and the data they exchange.

The session state machine (kiosk/session/) never does I/O. A controller in the UI calls these
ports when the session is in a state that needs them (VERIFYING -> IdentityVerifier, SUBMITTING ->
Submitter, STATUS_LOOKUP -> StatusLookup, SUBMITTED -> ReceiptPrinter, survey -> SurveySink) and
feeds the answer back as a session event. camera/, sync/ and printing/ implement them and the
app package (app/compose.py) wires them into `Ports`; the core imports none of them.
Everything here is plain Python so tests can write tiny real implementations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from kiosk.messages import pair

# A face template as the camera produces it: raw bytes (e.g. float32 array) or a float vector.
Template = bytes | bytearray | Sequence[float]

# Why a face capture did not give a usable template. The session maps each to a screen.
FACE_FAILURE_REASONS = (
    "no_face",  # nobody in front of the camera
    "multiple_faces",  # more than one face: ask the others to step aside
    "poor_quality",  # blur, dark, face too small or turned away
    "liveness_failed",  # looked like a photo, a screen or a replayed video
    "camera_unavailable",  # hardware problem: only staff can fix it
)

VerificationOutcome = Literal["match", "no_match", "locked"]
_OUTCOMES = ("match", "no_match", "locked")


class ServerUnreachable(Exception):
    """The server did not answer in time (or at all). The kiosk continues offline."""


class SubmitFailed(Exception):
    """The packet could not even be queued locally (e.g. disk full); `reason` is a stable code."""

    def __init__(self, reason: str = "submit_failed"):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class FaceCaptureResult:
    """What the camera hands the session after a successful capture.

    liveness: summary of the liveness check, at least {"passed": bool}; may add "method"
    ("blink", "head_turn", ...) and "score". quality: 0..1 from the camera's quality gate.
    """

    template: Template
    liveness: Mapping[str, Any]
    quality: float = 1.0

    @property
    def liveness_passed(self) -> bool:
        return bool(self.liveness.get("passed"))


@dataclass(frozen=True)
class VerificationResult:
    """The identity server's answer to a 1:1 face check against the NIK's registered photo.

    outcome: "match", "no_match" or "locked" (the NIK may not use self-service, e.g. after too
    many failed checks elsewhere). prefill: population data to pre-fill forms (match only).
    session_token: proof of the verification to attach to the submission (match only).
    reason: the server's stable code for a no_match/locked answer, if it gives one.
    """

    outcome: VerificationOutcome
    prefill: Mapping[str, Any] | None = None
    session_token: str | None = None
    reason: str | None = None

    def __post_init__(self) -> None:
        if self.outcome not in _OUTCOMES:
            raise ValueError(f"outcome must be one of {_OUTCOMES}, not {self.outcome!r}")


@runtime_checkable
class IdentityVerifier(Protocol):
    def verify(
        self, nik: str, template: Template, liveness: Mapping[str, Any]
    ) -> VerificationResult:
        """Check the face against the NIK. Raises ServerUnreachable on timeout/no network.

        The template buffer belongs to the session, which zeroes it afterwards: do not keep it.
        """
        ...


@dataclass(frozen=True)
class SubmissionPacket:
    """One application, as the session hands it to the Submitter.

    documents maps a document id (e.g. "ktp", "pas_foto") to image bytes or a reference the
    camera layer understands. face_template and liveness are only set when verification is
    pending (server was unreachable), so the server can verify later. The byte buffers belong to
    the session and are zeroed once `submitted` is called: the Submitter must persist (encrypt
    into its queue) before returning.
    """

    service_id: str
    nik: str
    values: Mapping[str, Any]
    documents: Mapping[str, Any]
    language: str
    verification_pending: bool
    biometric_consent: bool = False  # explicit consent given before the face capture
    session_token: str | None = None
    prefill: Mapping[str, Any] | None = None
    face_template: Template | None = None
    liveness: Mapping[str, Any] | None = None
    # A supervisor's approval of a staff verification (sync.adapters.staff.approve_staff_
    # verification): the application is sealed with identity_mode "staff" under the approval's
    # application id. None for self-service.
    staff_approval: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Receipt:
    """What the citizen takes home. tracking_code is what "Cek status" asks for later."""

    tracking_code: str
    service_id: str
    verification_pending: bool
    masked_nik: str = ""
    submitted_at: dt.datetime | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    # sealed with identity_mode "staff": staff checked the KTP-el, no face check was made
    staff_verified: bool = False

    @property
    def verification_note(self) -> tuple[str, str] | None:
        """(Indonesian, English) line to print when the face check must still happen, or
        that staff (not the face check) verified the identity."""
        if self.staff_verified:
            return pair("receipt.staff_verified")
        if not self.verification_pending:
            return None
        return pair("receipt.verification_pending")


@runtime_checkable
class Submitter(Protocol):
    def submit(self, packet: SubmissionPacket) -> Receipt:
        """Queue (and, when online, send) the packet. Raises SubmitFailed if it cannot queue."""
        ...


@dataclass(frozen=True)
class ApplicationStatus:
    """The answer to "Cek status". status is a stable code: the server's (protocol.contract
    ApplicationStatus: "received", "in_review", "completed", "rejected", "visit_counter") or
    "queued" while the application is still in this kiosk's outbox (kiosk/status.py says what
    each means to the citizen); note_id/note_en are the office's message in both languages."""

    tracking_code: str
    status: str
    updated_at: dt.datetime | None = None
    note_id: str = ""
    note_en: str = ""


@runtime_checkable
class StatusLookup(Protocol):
    def status(self, tracking_code: str) -> ApplicationStatus | None:
        """None when the code is unknown. Raises ServerUnreachable."""
        ...


class PrinterUnavailable(Exception):
    """Out of paper, jammed or disconnected: the screen still shows the tracking code."""


@runtime_checkable
class ReceiptPrinter(Protocol):
    def print(self, receipt: Receipt) -> None:
        """Print the receipt or raise PrinterUnavailable."""
        ...


@runtime_checkable
class SurveySink(Protocol):
    def send(self, scores: Mapping[str, int]) -> None:
        """Store/forward one anonymous satisfaction survey (SKM element code -> 1..4)."""
        ...


@runtime_checkable
class ServiceRules(Protocol):
    """What the session needs from the service catalog (kiosk/session/rules.py adapts it)."""

    def validate_form(
        self, service_id: str, values: Mapping[str, Any], facts: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Field id -> problem; empty when the form is fine. facts: as for is_eligible."""
        ...

    def required_documents(self, service_id: str, values: Mapping[str, Any]) -> list[str]:
        """Ids of the documents the citizen must scan, given the (valid) form values: a
        document may depend on an answer (e.g. a police report when the KK was lost)."""
        ...

    def is_eligible(self, service_id: str, facts: Mapping[str, Any]) -> list[Any]:
        """Reasons the citizen may not use this service; empty when eligible.

        KeyError for unknown services. facts: see Session.facts().
        """
        ...


@dataclass
class Ports:
    """The outside world, as the kiosk sees it. None means "not available on this kiosk"."""

    verifier: IdentityVerifier | None = None
    submitter: Submitter | None = None
    status_lookup: StatusLookup | None = None
    printer: ReceiptPrinter | None = None
    survey_sink: SurveySink | None = None
    health_workers: Any = None  # lookup(nik) -> record | None, for SIP forms (optional)
    # sync.adapters.staff.HelpDesk: raise_help(step, reason) and poll(id) -> a request state
    # (.request_id, .handoff_code, .state), open_requests(), acknowledge(), close(); raises a
    # SyncError (HelpOffline) when the server cannot be reached
    help_desk: Any = None
    staff: Any = None  # kiosk.staff.StaffSignIn over the site's signed staff document
    queue: Any = None  # sync.adapters.queue_console.QueueConsole, for the staff console
    # the enrolled kiosk's id: a supervisor's approval is bound to it (the server checks)
    kiosk_id: str | None = None
    # `kiosk doctor`'s checks (app/doctor.py run_doctor), for the technician's maintenance
    # screen: returns kiosk.doctor.CheckResult's, slow (camera, server), run on a worker
    doctor: Callable[[], list[Any]] | None = None
    # fleet updates (kiosk.updates.Updates): a staged build is switched to when the kiosk is
    # idle (ui/controller.py); None where the kiosk does not update itself
    updates: Any = None
