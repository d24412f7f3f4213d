"""KioskController: the bridge between the Qt screens and the Qt-free citizen session.

It owns the Session and the ports (kiosk/ports.py). Screens forward the citizen's input with
typed calls on `controller.citizen` (ui/citizen_events.py: one method per session event the UI
may send, e.g. `controller.citizen.enter_nik(text)`); when the session enters a state in which the
kiosk itself must do something (VERIFYING, SUBMITTING, STATUS_LOOKUP, a finished survey) the
controller calls the port on a QThreadPool worker and feeds the answer back as a session event
on the main thread. It also runs the inactivity clock (session.tick() every second; the window
shows the warning) and the language switch. `controller.edit_focus` (EditFocus) carries the
review screen's "Change" / "Retake" choice to the form and documents screens. No business rule
lives here: the session decides, the controller carries.
"""

from __future__ import annotations

import array
import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from kiosk.memory import release_free_memory
from kiosk.ports import (
    IdentityVerifier,
    Ports,
    PrinterUnavailable,
    ReceiptPrinter,
    ServerUnreachable,
    StatusLookup,
    SubmitFailed,
    Submitter,
    SurveySink,
)
from kiosk.session import Session
from kiosk.session.states import Event, State
from kiosk.updates import EXIT_RESTART
from ui.citizen_events import CitizenEvents, EditFocus
from ui.help_request import HelpRequester
from ui.jobs import Jobs

log = logging.getLogger("ui.controller")

TICK_MS = 1000
# A staged build is switched to after this long on the welcome screen without a touch.
IDLE_BEFORE_UPDATE_S = 60.0
# Memory a session freed goes back to the system once the welcome screen has been quiet this
# long (kiosk/memory.py): malloc otherwise keeps it and the resident size creeps up.
RELEASE_QUIET_S = 5.0


def _copy_template(template: Any) -> Any:
    if isinstance(template, array.array):
        return array.array(template.typecode, template)
    if isinstance(template, bytes | bytearray | memoryview):
        return bytes(template)
    return list(template)


class KioskController(QObject):
    """Signals: stateChanged(old, new) after every session change (also same-state changes),
    languageChanged(lang), warningChanged(shown), countdownChanged(seconds_left),
    receiptPrinted(receipt, error_or_None), busyChanged(bool)."""

    stateChanged = Signal(object, object)
    languageChanged = Signal(str)
    # The citizen's session is over (completed, timed out, cancelled, handed over): settings
    # they chose (text size, contrast) go back to the kiosk's own before the next citizen.
    citizenLeft = Signal()
    warningChanged = Signal(bool)
    countdownChanged = Signal(int)
    receiptPrinted = Signal(object, object)
    busyChanged = Signal(bool)

    def __init__(
        self,
        session: Session,
        ports: Ports | None = None,
        catalog: Any = None,
        config: Any = None,
        camera_factory: Callable[[], Any] | None = None,
        speech: Any = None,
        translator: Any = None,
        tick_ms: int = TICK_MS,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.session = session
        self.ports = ports or Ports()
        self.catalog = catalog
        self.config = config
        self._camera_factory = camera_factory
        self._speech = speech
        self._translator = translator  # ui.i18n.Translations or None (tests without .qm)
        self._window = None
        self._jobs = Jobs(self)
        self._jobs.busyChanged.connect(self.busyChanged)
        self._busy = False
        self.busyChanged.connect(self._set_busy)
        self._warning_shown = False
        self._last_touch = time.monotonic()
        self._release_due = False  # a citizen left: free memory at the next quiet moment
        self.release_quiet_s = RELEASE_QUIET_S
        self._language = session.data.language
        self._unsubscribe = session.subscribe(self._on_session_change)
        self.citizen = CitizenEvents(self)
        self.help = HelpRequester(self)  # the help request of the STAFF_HELP screen
        self.edit_focus = EditFocus(lambda: self.session.run_id)
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.tick)
        if translator is not None:
            translator.install(self._language)

    # ----- ports as attributes (for screens) -------------------------------------------------

    @property
    def verifier(self) -> IdentityVerifier | None:
        return self.ports.verifier

    @property
    def submitter(self) -> Submitter | None:
        return self.ports.submitter

    @property
    def status_lookup(self) -> StatusLookup | None:
        return self.ports.status_lookup

    @property
    def printer(self) -> ReceiptPrinter | None:
        return self.ports.printer

    @property
    def survey_sink(self) -> SurveySink | None:
        return self.ports.survey_sink

    @property
    def language(self) -> str:
        return self.session.data.language

    def attach_window(self, window) -> None:
        self._window = window

    def current_screen(self):
        """The screen on display (None before a window is attached)."""
        return self._window.current_screen() if self._window is not None else None

    def start(self) -> None:
        """Start the inactivity clock (the window calls this when shown)."""
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self._jobs.wait_idle(5000)

    # ----- input from screens ----------------------------------------------------------------

    def user_activity(self) -> None:
        self._last_touch = time.monotonic()
        self.session.user_activity()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy

    def is_idle(self, quiet_s: float = IDLE_BEFORE_UPDATE_S) -> bool:
        """No one at the kiosk: the welcome screen, nothing running in the background, no staff
        screen open and no touch for `quiet_s` seconds (a fleet update may restart it then)."""
        if self.session.state is not State.WELCOME or self._busy:
            return False
        for name in ("staff", "override"):  # the window's staff overlays
            overlay = getattr(self._window, name, None)
            if overlay is not None and overlay.isVisible():
                return False
        return time.monotonic() - self._last_touch >= quiet_s

    def switch_update_if_idle(self, quiet_s: float = IDLE_BEFORE_UPDATE_S) -> str | None:
        """Switch to a staged build when idle and end the event loop with EXIT_RESTART, so
        systemd starts the new build; never in a citizen's session. Returns the version."""
        updates = self.ports.updates
        if updates is None or not self.is_idle(quiet_s) or updates.staged() is None:
            return None
        try:
            version = updates.switch()
        except Exception as exc:  # another updater busy, a full disk: try again later
            log.warning("update not switched: %s", exc)
            return None
        log.info("restarting on release %s", version)
        QCoreApplication.exit(EXIT_RESTART)
        return version

    def set_language(self, language: str) -> None:
        """Switch language at any moment (the session keeps everything)."""
        if language == self.session.data.language:
            return
        self.citizen.choose_language(language)

    def speak(self, text_id: str, text_en: str) -> None:
        """Say the prompt in the current language (no-op without a speech backend)."""
        if self._speech is not None:
            self._speech.speak(text_id, text_en, self.language)

    def camera_source(self):
        """A new frame source: the camera_factory given, or the configured [camera]
        (camera.sources.source_from_config; `--camera` arrives as camera.device)."""
        if self._camera_factory is not None:
            return self._camera_factory()
        from camera.sources import source_from_config

        return source_from_config(self.config)

    # ----- background work --------------------------------------------------------------------

    def run_async(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        guard: bool = True,
    ) -> None:
        """Run fn() on a worker thread; on_done(result) / on_error(exc) run on the main thread.

        guard: drop the answer when the session was reset in the meantime (another citizen may
        stand at the kiosk by then)."""
        run_id = self.session.run_id

        def wrap(callback):
            if callback is None:
                return None

            def deliver(value):
                if guard and self.session.run_id != run_id:
                    log.info("dropped a late answer for an earlier session")
                    return
                callback(value)

            return deliver

        def default_error(exc: BaseException) -> None:
            log.error("background task failed: %s", exc)

        self._jobs.run(fn, wrap(on_done), wrap(on_error or default_error))

    def wait_idle(self, timeout_ms: int = 30000) -> bool:
        """For tests and shutdown: wait for every worker job to finish."""
        return self._jobs.wait_idle(timeout_ms)

    # ----- what the kiosk does in busy states -------------------------------------------------

    def _on_session_change(self, old: State, new: State) -> None:
        if self.session.data.language != self._language:
            self._language = self.session.data.language
            if self._translator is not None:
                self._translator.install(self._language)
            self.languageChanged.emit(self._language)
        if self.session.warning != self._warning_shown:
            self._warning_shown = self.session.warning
            self.warningChanged.emit(self._warning_shown)
        self.stateChanged.emit(old, new)
        if new is old:
            return
        self._last_touch = time.monotonic()
        if new is State.WELCOME and self.session.history[-1][1] is not Event.BACK:
            self.citizenLeft.emit()  # "back" to welcome: the same person is still there
            self._release_due = True
        if old is State.STAFF_HELP:
            self.help.stop()
        if new is State.STAFF_HELP and self.session.data.taken_over_from:
            self.help.taken_over()  # a staff terminal: the citizen's request was handed over
        elif new is State.STAFF_HELP:
            reason = self.session.data.help_reason
            self.help.start(old.value, reason.code if reason else "requested")
        elif new is State.VERIFYING:
            self._verify()
        elif new is State.SUBMITTING:
            self._submit()
        elif new is State.STATUS_LOOKUP:
            self._lookup()
        elif new is State.SUBMITTED:
            self.print_receipt(self.session.data.receipt)
        elif new is State.WELCOME and old is State.SURVEY:
            self._send_survey()

    def _verify(self) -> None:
        verifier = self.ports.verifier
        nik, template, liveness = self.session.verification_request()
        if verifier is None:
            QTimer.singleShot(0, self._offline_if(State.VERIFYING))
            return
        # The worker gets copies: the session zeroes its own buffers after the answer.
        template, liveness = _copy_template(template), dict(liveness or {})

        def failed(exc: BaseException) -> None:
            if self.session.state is not State.VERIFYING:
                return
            if not isinstance(exc, ServerUnreachable):
                log.error("verification failed unexpectedly: %s", type(exc).__name__)
            self.session.server_unreachable()

        def answered(result) -> None:
            if self.session.state is State.VERIFYING:
                self.session.verification_result(result)

        self.run_async(lambda: verifier.verify(nik, template, liveness), answered, failed)

    def _offline_if(self, state: State) -> Callable[[], None]:
        def go() -> None:
            if self.session.state is state:
                self.session.server_unreachable()

        return go

    def _submit(self) -> None:
        submitter = self.ports.submitter
        packet = self.session.packet()

        def failed(exc: BaseException) -> None:
            if self.session.state is State.SUBMITTING:
                reason = exc.reason if isinstance(exc, SubmitFailed) else "submit_failed"
                if not isinstance(exc, SubmitFailed):
                    log.error("submission failed unexpectedly: %s", exc)
                self.session.submit_failed(reason)

        def answered(receipt) -> None:
            if self.session.state is State.SUBMITTING:
                self.session.submitted(receipt)

        if submitter is None:
            QTimer.singleShot(0, lambda: failed(SubmitFailed("no_submitter")))
            return
        self.run_async(lambda: submitter.submit(packet), answered, failed)

    def _lookup(self) -> None:
        lookup = self.ports.status_lookup
        code = self.session.data.tracking_code
        if lookup is None:
            QTimer.singleShot(0, self._offline_if(State.STATUS_LOOKUP))
            return

        def failed(exc: BaseException) -> None:
            if self.session.state is State.STATUS_LOOKUP:
                if not isinstance(exc, ServerUnreachable):
                    log.error("status lookup failed unexpectedly: %s", type(exc).__name__)
                self.session.server_unreachable()

        def answered(status) -> None:
            if self.session.state is State.STATUS_LOOKUP:
                self.session.status_result(status)

        self.run_async(lambda: lookup.status(code), answered, failed)

    def print_receipt(self, receipt) -> None:
        """Print (again) on a worker; emits receiptPrinted(receipt, None | exception)."""
        printer = self.ports.printer
        if receipt is None:
            return
        if printer is None:
            self.receiptPrinted.emit(receipt, PrinterUnavailable("no printer configured"))
            return
        self.run_async(
            lambda: printer.print(receipt),
            lambda _none: self.receiptPrinted.emit(receipt, None),
            lambda exc: self.receiptPrinted.emit(receipt, exc),
            guard=False,
        )

    def _send_survey(self) -> None:
        scores, sink = self.session.data.survey, self.ports.survey_sink
        if not scores or sink is None:
            return
        scores = dict(scores)
        self.session.data.survey = None  # anonymous and sent once
        self.run_async(lambda: sink.send(scores), None, None, guard=False)

    # ----- inactivity -------------------------------------------------------------------

    @Slot()
    def tick(self) -> None:
        self.session.tick()
        if self.switch_update_if_idle():
            return
        if self._release_due and self.is_idle(self.release_quiet_s):
            self._release_due = False
            release_free_memory()  # UI thread: the only one that collects cycles
        left = self.session.seconds_until_reset()
        if left is not None:
            self.countdownChanged.emit(int(round(left)))
