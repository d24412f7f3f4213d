"""The citizen session: a pure, Qt-free state machine from welcome to receipt and survey.

The Session holds the data and decides the next state; it does no I/O. The UI renders the state
(subscribe to changes) and a controller performs what a state asks for: in VERIFYING it calls the
IdentityVerifier with `verification_request()` and feeds back verification_result() or
server_unreachable(); in SUBMITTING it calls the Submitter with `packet()` and feeds back
submitted()/submit_failed(); in STATUS_LOOKUP it calls StatusLookup. The allowed moves are the
table in kiosk/session/states.py; an event that is not allowed in the current state raises
InvalidTransition and changes nothing.

Personal data is wiped (kiosk/session/data.py) on cancel, declined consent, inactivity reset and
at the end of the survey; the face template is wiped as soon as it has been verified, and the
application data as soon as the Submitter has queued it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk import tracking
from kiosk.catalog.fields import age_years
from kiosk.catalog.prefill import record_date
from kiosk.nik import NikError, parse_nik
from kiosk.ports import (
    FACE_FAILURE_REASONS,
    ApplicationStatus,
    FaceCaptureResult,
    Receipt,
    SubmissionPacket,
    VerificationResult,
)
from kiosk.session.core import InvalidTransition, Observer
from kiosk.session.data import (
    LANGUAGES,
    Problem,
    SessionConfig,
    own_image,
    own_template,
    validate_survey,
)
from kiosk.session.staff_steps import StaffSteps
from kiosk.session.states import TRANSITIONS, Event, State

__all__ = ["Event", "InvalidTransition", "Observer", "Session", "SessionConfig", "State"]


class Session(StaffSteps):
    """One kiosk's citizen session; reuse it for every citizen (it wipes itself)."""

    # ----- main flow -----------------------------------------------------------------------

    def start(self) -> State:
        self._require(Event.START)
        self._wipe(keep=("language",))
        return self._go(Event.START, State.NIK)

    def choose_language(self, language: str) -> State:
        """Switch language at any moment (ID / EN in the top bar): the screen stays."""
        self._require(Event.CHOOSE_LANGUAGE)
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
        self.data.language = language
        return self._go(Event.CHOOSE_LANGUAGE, self.state)

    def enter_nik(self, text: str) -> State:
        self._require(Event.ENTER_NIK)
        try:
            info = parse_nik(text, today=self._today())
        except NikError as exc:
            self.data.nik_info = None
            self.data.error = Problem(f"nik_{exc.code}", exc.message_id, exc.message_en)
            return self._go(Event.ENTER_NIK, State.NIK)
        self.data.nik_info = info
        self.data.error = None
        return self._go(Event.ENTER_NIK, State.CONSENT)

    def give_consent(self) -> State:
        self._require(Event.GIVE_CONSENT)
        self.data.consent_given = True
        return self._go(Event.GIVE_CONSENT, State.FACE)

    def decline_consent(self) -> State:
        self._require(Event.DECLINE_CONSENT)
        self._wipe(keep=("language",))
        self.data.end_reason = Problem.of("consent_declined")
        return self._go(Event.DECLINE_CONSENT, State.ENDED)

    def face_captured(self, capture: FaceCaptureResult) -> State:
        self._require(Event.FACE_CAPTURED)
        if not capture.liveness_passed:
            return self._face_problem(Event.FACE_CAPTURED, "liveness_failed")
        self.data.face_template = own_template(capture.template)
        self.data.liveness = dict(capture.liveness)
        self.data.error = None
        return self._go(Event.FACE_CAPTURED, State.VERIFYING)

    def face_failed(self, reason: str, problem: str | None = None) -> State:
        """reason: a FACE_FAILURE_REASONS code. problem: the capture-quality code that names
        what the citizen should fix (e.g. "too_close"); it goes into the error's details."""
        self._require(Event.FACE_FAILED)
        if reason not in FACE_FAILURE_REASONS:
            raise ValueError(f"reason must be one of {FACE_FAILURE_REASONS}, not {reason!r}")
        return self._face_problem(Event.FACE_FAILED, reason, (problem,) if problem else ())

    def _face_problem(self, event: Event, reason: str, details: tuple = ()) -> State:
        d, cfg = self.data, self.config
        if reason == "camera_unavailable":
            return self._staff_help(event, reason, forced=True)
        # One count and one limit for every failed face check, so the tries the screen shows
        # are the tries configured (session.max_liveness_attempts).
        d.face_failures += 1
        if d.face_failures >= cfg.max_liveness_attempts:
            return self._staff_help(event, reason, forced=True)
        return self._fail(event, State.FACE_FAILED, reason, details)

    def tries_left(self) -> int | None:
        """How many more face checks the citizen may try after the failure on screen: in
        FACE_FAILED for a liveness failure or a capture problem (no face, several faces, poor
        quality), in NO_MATCH for a face that did not match. None when no count applies. The
        limits are the session's config: max_liveness_attempts for every failed face check,
        max_match_attempts for no match."""
        d, cfg = self.data, self.config
        if self.state is State.NO_MATCH:
            return max(0, cfg.max_match_attempts - d.match_attempts)
        if self.state is not State.FACE_FAILED or d.error is None:
            return None
        if d.error.code in FACE_FAILURE_REASONS:
            return max(0, cfg.max_liveness_attempts - d.face_failures)
        return None

    def retry(self) -> State:
        """Try the face capture again (from FACE_FAILED or NO_MATCH)."""
        self._require(Event.RETRY)
        self.data.error = None
        return self._go(Event.RETRY, State.FACE)

    def verification_request(self) -> tuple[str, Any, Mapping[str, Any]]:
        """(nik, template, liveness) for IdentityVerifier.verify, in VERIFYING only."""
        if self.state is not State.VERIFYING:
            raise InvalidTransition(self.state, Event.VERIFICATION_RESULT, "nothing to verify")
        return self.data.nik_info.nik, self.data.face_template, self.data.liveness

    def verification_result(self, result: VerificationResult) -> State:
        self._require(Event.VERIFICATION_RESULT)
        d = self.data
        d.wipe_face()  # purpose fulfilled: the template is not kept after the answer
        if result.outcome == "match":
            d.verification_pending = False
            d.session_token = result.session_token
            d.prefill = dict(result.prefill or {})
            d.error = None
            return self._go(Event.VERIFICATION_RESULT, State.SERVICE)
        if result.outcome == "locked":
            return self._staff_help(Event.VERIFICATION_RESULT, "nik_locked", forced=True)
        d.match_attempts += 1
        if d.match_attempts >= self.config.max_match_attempts:
            return self._staff_help(Event.VERIFICATION_RESULT, "no_match", forced=True)
        return self._fail(Event.VERIFICATION_RESULT, State.NO_MATCH, "no_match")

    def server_unreachable(self) -> State:
        """The server did not answer: offline verification (VERIFYING) or status lookup."""
        self._require(Event.SERVER_UNREACHABLE)
        if self.state is State.STATUS_LOOKUP:
            return self._fail(Event.SERVER_UNREACHABLE, State.STATUS_CHECK, "server_unreachable")
        # Keep the template and liveness: they travel in the packet for a later verification.
        self.data.verification_pending = True
        self.data.error = Problem.of("verification_pending")
        return self._go(Event.SERVER_UNREACHABLE, State.SERVICE)

    def facts(self) -> dict[str, Any]:
        """What eligibility rules may look at: NIK-derived facts, then server prefill."""
        facts: dict[str, Any] = {"verification_pending": self.data.verification_pending}
        info = self.data.nik_info
        facts.update(self.data.prefill or {})
        if info is not None:
            # The population record's birth date wins: the NIK's two-digit year dates a
            # person aged 100 or more a century late.
            born = record_date((self.data.prefill or {}).get("birth_date")) or info.birth_date
            facts.update(
                birth_date=born,
                age=age_years(born, self._today()),
                sex=info.sex,
                province_code=info.region.province_code,
                regency_code=info.region.regency_code,
            )
        return facts

    def choose_service(self, service_id: str) -> State:
        self._require(Event.CHOOSE_SERVICE)
        try:
            reasons = list(self.rules.is_eligible(service_id, self.facts()))
        except KeyError:
            return self._fail(Event.CHOOSE_SERVICE, State.SERVICE, "unknown_service")
        if reasons:
            return self._fail(Event.CHOOSE_SERVICE, State.SERVICE, "not_eligible", reasons)
        d = self.data
        if d.service_id != service_id:
            d.wipe_application()  # values typed for another service do not carry over
        d.service_id = service_id
        d.error = None
        return self._go(Event.CHOOSE_SERVICE, State.FORM)

    def submit_form(self, values: Mapping[str, Any]) -> State:
        self._require(Event.SUBMIT_FORM)
        d = self.data
        d.form_values.clear()
        d.form_values.update(values)  # kept even when invalid, so the citizen can correct them
        problems = dict(self.rules.validate_form(d.service_id, d.form_values, self.facts()))
        d.form_errors.clear()
        d.form_errors.update(problems)
        if problems:
            return self._fail(Event.SUBMIT_FORM, State.FORM, "form_invalid")
        # Rules may look at the answers too (e.g. who reports a death): check them again.
        reasons = list(self.rules.is_eligible(d.service_id, {**self.facts(), **d.form_values}))
        if reasons:
            return self._fail(Event.SUBMIT_FORM, State.FORM, "not_eligible", reasons)
        # Which documents are needed can depend on the answers (e.g. a police report if lost).
        d.required_documents[:] = self.rules.required_documents(d.service_id, d.form_values)
        for doc_id in [doc for doc in d.documents if doc not in d.required_documents]:
            d.drop_document(doc_id)  # no longer needed: do not keep or send it
        d.not_brought[:] = [doc for doc in d.not_brought if doc in d.required_documents]
        d.error = None
        # Back from the review ("Change"): the photos still needed are kept, so the documents
        # step is shown again only for a document the new answers ask for (or still missing).
        target = State.DOCUMENTS if self.missing_documents() else State.REVIEW
        return self._go(Event.SUBMIT_FORM, target)

    def document_captured(self, doc_id: str, image_ref: Any) -> State:
        self._require(Event.DOCUMENT_CAPTURED)
        d = self.data
        if doc_id not in d.required_documents:
            raise ValueError(
                f"document {doc_id!r} is not required here; expected {d.required_documents}"
            )
        d.drop_document(doc_id)  # a rescan replaces the old image: zero it
        d.documents[doc_id] = own_image(image_ref)
        if doc_id in d.not_brought:
            d.not_brought.remove(doc_id)
        d.error = None
        return self._go(Event.DOCUMENT_CAPTURED, State.DOCUMENTS)

    def document_not_brought(self, doc_id: str) -> None:
        """The citizen says they do not have this required document with them: it stays
        missing (the application cannot be sent without it) and the screen says so. A change
        of data on the documents step, not a move."""
        if self.state is not State.DOCUMENTS:
            raise InvalidTransition(self.state, Event.DOCUMENT_CAPTURED, "not on documents")
        d = self.data
        if doc_id not in d.required_documents:
            raise ValueError(
                f"document {doc_id!r} is not required here; expected {d.required_documents}"
            )
        d.drop_document(doc_id)
        if doc_id not in d.not_brought:
            d.not_brought.append(doc_id)
        d.error = None
        self._last_activity = self._clock()
        self._notify(self.state, self.state)

    def missing_documents(self) -> list[str]:
        return [doc for doc in self.data.required_documents if doc not in self.data.documents]

    def documents_done(self) -> State:
        self._require(Event.DOCUMENTS_DONE)
        missing = self.missing_documents()
        if missing:
            return self._fail(Event.DOCUMENTS_DONE, State.DOCUMENTS, "documents_missing", missing)
        self.data.error = None
        return self._go(Event.DOCUMENTS_DONE, State.REVIEW)

    def confirm(self, declaration: bool = True) -> State:
        """The citizen declares the data true and sends the application."""
        self._require(Event.CONFIRM)
        if declaration is not True:
            return self._fail(Event.CONFIRM, State.REVIEW, "declaration_required")
        self.data.declaration = True
        self.data.error = None
        return self._go(Event.CONFIRM, State.SUBMITTING)

    def packet(self) -> SubmissionPacket:
        """What the controller hands the Submitter in SUBMITTING."""
        if self.state is not State.SUBMITTING:
            raise InvalidTransition(self.state, Event.SUBMITTED, "nothing to submit")
        d = self.data
        pending = d.verification_pending
        return SubmissionPacket(
            service_id=d.service_id,
            nik=d.nik_info.nik,
            values=d.form_values,
            documents=d.documents,
            language=d.language,
            verification_pending=pending,
            biometric_consent=d.consent_given,
            session_token=d.session_token,
            prefill=d.prefill,
            face_template=d.face_template if pending else None,
            liveness=d.liveness if pending else None,
            staff_approval=dict(d.staff_approval) if d.staff_verified else None,
        )

    def submitted(self, receipt: Receipt) -> State:
        self._require(Event.SUBMITTED)
        # The Submitter has queued the packet: nothing personal is needed beyond the receipt.
        self._wipe(keep=("language",))
        self.data.receipt = receipt
        return self._go(Event.SUBMITTED, State.SUBMITTED)

    def submit_failed(self, reason: str = "submit_failed") -> State:
        self._require(Event.SUBMIT_FAILED)
        return self._fail(Event.SUBMIT_FAILED, State.REVIEW, "submit_failed", (reason,))

    def finish(self) -> State:
        """Leave the receipt screen (to the survey) or the goodbye screen (to welcome)."""
        self._require(Event.FINISH)
        if self.state is State.ENDED:
            self._wipe()
            return self._go(Event.FINISH, State.WELCOME)
        return self._go(Event.FINISH, State.SURVEY)

    def survey_done(self, scores: Mapping[str, int] | None = None) -> State:
        """None when skipped. Valid scores stay in `data.survey` for the SurveySink."""
        self._require(Event.SURVEY_DONE)
        survey = validate_survey(scores) if scores is not None else None
        self._wipe()
        self.data.survey = survey
        return self._go(Event.SURVEY_DONE, State.WELCOME)

    # ----- "Cek status" side flow ------------------------------------------------------------

    def check_status(self) -> State:
        self._require(Event.CHECK_STATUS)
        self._wipe(keep=("language",))
        return self._go(Event.CHECK_STATUS, State.STATUS_CHECK)

    def enter_tracking_code(self, text: str) -> State:
        self._require(Event.ENTER_TRACKING_CODE)
        self.data.status = None
        try:
            code = tracking.normalize(text)
        except tracking.TrackingCodeError as exc:
            self.data.tracking_code = None
            self.data.error = Problem(f"tracking_{exc.code}", exc.message_id, exc.message_en)
            return self._go(Event.ENTER_TRACKING_CODE, State.STATUS_CHECK)
        self.data.tracking_code = code
        self.data.error = None
        return self._go(Event.ENTER_TRACKING_CODE, State.STATUS_LOOKUP)

    def status_result(self, status: ApplicationStatus | None) -> State:
        self._require(Event.STATUS_RESULT)
        self.data.status = status
        if status is None:
            return self._fail(Event.STATUS_RESULT, State.STATUS_CHECK, "tracking_code_unknown")
        self.data.error = None
        return self._go(Event.STATUS_RESULT, State.STATUS_CHECK)

    # ----- navigation available in many states ----------------------------------------------

    def back(self) -> State:
        self._require(Event.BACK)
        d, state = self.data, self.state
        if state is State.STAFF_HELP:
            if d.help_forced or d.help_return is None:
                raise InvalidTransition(state, Event.BACK, "staff help after a failure")
            target = d.help_return  # the screen (and its message) the citizen left
            d.help_reason, d.help_return = None, None
        else:
            if state is State.REVIEW:
                target = State.DOCUMENTS if d.required_documents else State.FORM
            else:
                target = TRANSITIONS[(state, Event.BACK)][0]
            d.error = None
        if state is State.FACE or state is State.FACE_FAILED:
            d.consent_given = False  # back at the consent screen, consent is asked again
        if target is State.WELCOME:
            self._wipe(keep=("language",))  # the same person is still there: keep the language
        return self._go(Event.BACK, target)

    def cancel(self) -> State:
        """Stop now: wipe everything and say goodbye."""
        self._require(Event.CANCEL)
        self._wipe(keep=("language",))
        self.data.end_reason = Problem.of("cancelled")
        return self._go(Event.CANCEL, State.ENDED)

    def help(self) -> State:
        """The citizen asks for staff; back returns to the same screen."""
        self._require(Event.HELP)
        code = self.data.error.code if self.data.error else "requested"
        if code not in ("no_face", "multiple_faces", "poor_quality", "liveness_failed", "no_match"):
            code = "requested"
        return self._staff_help(Event.HELP, code, forced=False)
