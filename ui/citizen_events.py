"""What the screens send the citizen session, as typed calls, and the review's edit hand-over.

Both belong to the controller (`controller.citizen`, `controller.edit_focus`); they live here so
that ui/controller.py keeps to carrying the session's answers and the ports.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Container, Mapping
from typing import TYPE_CHECKING, Any

from kiosk.ports import FaceCaptureResult
from kiosk.session import InvalidTransition, Session
from kiosk.session.states import State

if TYPE_CHECKING:
    from ui.controller import KioskController

log = logging.getLogger("ui.controller")  # the name the "ignored: ..." lines always had


class CitizenEvents:
    """The citizen's input, as typed calls: `controller.citizen.enter_nik(text)`.

    One method per session event a screen may send, with the Session method's parameters. Each
    records user activity and sends the event; an event the state does not accept (a double tap
    after the screen moved on) is logged and ignored: it returns None instead of raising. The
    answers the kiosk feeds back itself (verification_result, submitted...) are not here: the
    controller sends those to the session directly."""

    def __init__(self, controller: KioskController):
        self._controller = controller

    def _send(self, event: Callable[..., State], *args: Any) -> State | None:
        """What every call does: a touch is activity; a refused event is logged, not raised."""
        self._session.user_activity()
        try:
            return event(*args)
        except InvalidTransition as exc:
            log.warning("ignored: %s", exc)
            return None

    @property
    def _session(self) -> Session:
        return self._controller.session

    # main flow
    def start(self) -> State | None:
        return self._send(self._session.start)

    def choose_language(self, language: str) -> State | None:
        return self._send(self._session.choose_language, language)

    def enter_nik(self, text: str) -> State | None:
        return self._send(self._session.enter_nik, text)

    def give_consent(self) -> State | None:
        return self._send(self._session.give_consent)

    def decline_consent(self) -> State | None:
        return self._send(self._session.decline_consent)

    def face_captured(self, capture: FaceCaptureResult) -> State | None:
        return self._send(self._session.face_captured, capture)

    def face_failed(self, reason: str, problem: str | None = None) -> State | None:
        return self._send(self._session.face_failed, reason, problem)

    def retry(self) -> State | None:
        return self._send(self._session.retry)

    def choose_service(self, service_id: str) -> State | None:
        return self._send(self._session.choose_service, service_id)

    def submit_form(self, values: Mapping[str, Any]) -> State | None:
        return self._send(self._session.submit_form, values)

    def document_captured(self, doc_id: str, image_ref: Any) -> State | None:
        return self._send(self._session.document_captured, doc_id, image_ref)

    def documents_done(self) -> State | None:
        return self._send(self._session.documents_done)

    def confirm(self, declaration: bool = True) -> State | None:
        return self._send(self._session.confirm, declaration)

    def finish(self) -> State | None:
        return self._send(self._session.finish)

    def survey_done(self, scores: Mapping[str, int] | None = None) -> State | None:
        return self._send(self._session.survey_done, scores)

    def staff_verified(self, approval: Mapping[str, Any]) -> State | None:
        """Sent by the staff override (ui/staff/override.py), not by the citizen: the
        supervisor's approval of a staff verification against the KTP-el."""
        return self._send(self._session.staff_verified, approval)

    # "Cek status" side flow
    def check_status(self) -> State | None:
        return self._send(self._session.check_status)

    def enter_tracking_code(self, text: str) -> State | None:
        return self._send(self._session.enter_tracking_code, text)

    # navigation available in many states
    def back(self) -> State | None:
        return self._send(self._session.back)

    def cancel(self) -> State | None:
        return self._send(self._session.cancel)

    def help(self) -> State | None:
        return self._send(self._session.help)


class EditFocus:
    """The review screen's "Change" / "Retake" hand-over: the form field to focus, or the
    document to photograph again, once the citizen is back on that screen.

    A UI focus hint, not session data. Its one owner is the controller (`controller.edit_focus`):
    the review screen asks (`ask_field` / `ask_document`) before going back, the form or
    documents screen takes it once (`take_field` / `take_document`) when it renders. A hint
    left from an earlier session (reset since it was asked) is never handed over."""

    def __init__(self, run_id: Callable[[], int]):
        self._run_id = run_id
        self._field: tuple[int, str] | None = None
        self._document: tuple[int, str] | None = None

    def ask_field(self, field_id: str) -> None:
        self._field = (self._run_id(), field_id)

    def ask_document(self, doc_id: str) -> None:
        self._document = (self._run_id(), doc_id)

    def take_field(self, among: Container[str]) -> str | None:
        """The field asked for, when it is one of `among` (then forgotten), else None."""
        self._field, field = self._take(self._field, among)
        return field

    def take_document(self, among: Container[str]) -> str | None:
        """The document asked for, when it is one of `among` (then forgotten), else None."""
        self._document, doc_id = self._take(self._document, among)
        return doc_id

    def _take(
        self, asked: tuple[int, str] | None, among: Container[str]
    ) -> tuple[tuple[int, str] | None, str | None]:
        if asked is None:
            return None, None
        run_id, target = asked
        if run_id != self._run_id():
            return None, None  # asked for another citizen's session: forget it
        if target not in among:
            return asked, None  # not on this screen (yet): keep it
        return None, target
