"""The citizen's help request: raised on the server when the session enters STAFF_HELP, polled
until a staff member acknowledges it, closed when the citizen leaves the help screen.

The screen shows only what the server said (kiosk.staff.help_status_text): "calling" until the
server answered, "waiting, tell staff code X" while the request is open, "staff are on the way"
once acknowledged, and "staff cannot be reached, go to the counter" when the server cannot be
reached or the kiosk has no help desk. Nothing personal travels: the step and a reason code.

Takeover by hand-off code: when a poll says a staff member on another kiosk of the site takes
the session over (takeover_kiosk_id), this kiosk sends its session (Session.handoff_snapshot():
no face data, no token) and, once the server has it, wipes it here (Session.handed_over(): back
to welcome). A staff terminal that took a session over raises no request of its own
(taken_over()): the citizen's request was closed by the hand-off.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.nik import mask_nik
from kiosk.session.states import State
from kiosk.staff import POLL_S
from protocol.staff import HELP_REASONS, HELP_STEPS

log = logging.getLogger("ui.help_request")

CALLING = "calling"  # asked, no answer yet
OFFLINE = None  # the server could not be reached (help_status_text's None)
TAKEN_OVER = "taken_over"  # this staff terminal took the session over from another kiosk
LIVE = ("open", "acknowledged")


def audit(controller, action: str, subject: str, details: dict) -> None:
    """A row in the kiosk's audit log (ids, codes and a masked NIK only), when there is one."""
    store = getattr(controller.ports.staff, "store", None)
    if store is None:
        return
    try:
        store.audit.record("kiosk", action, subject, details)
    except Exception:  # the audit must not stop the hand-off; the log says it failed
        log.exception("could not write the audit row %s", action)


def masked(session) -> str:
    info = session.data.nik_info
    return mask_nik(info.nik) if info is not None else "-"


@dataclass(frozen=True)
class HelpView:
    """What the help screen shows: the request's state (open, acknowledged, closed, expired),
    CALLING, or OFFLINE; and the hand-off code once the server gave one."""

    state: str | None
    handoff_code: str = ""


class HelpRequester(QObject):
    """One help request at a time. changed(HelpView) on the main thread after every answer."""

    changed = Signal(object)

    def __init__(self, controller, poll_s: float = POLL_S):
        super().__init__(controller)
        self.controller = controller
        self.view = HelpView(OFFLINE)
        self._request_id: str | None = None
        self._generation = 0  # answers for an earlier request are dropped
        self._handing = False  # the session is on its way to a taking-over kiosk
        self._timer = QTimer(self)
        self._timer.setInterval(int(poll_s * 1000))
        self._timer.timeout.connect(self._poll)

    @property
    def desk(self):
        return self.controller.ports.help_desk

    def start(self, step: str, reason: str) -> None:
        """Raise a request for the help screen the session just entered."""
        self.stop()
        step = step if step in HELP_STEPS else "other"
        reason = reason if reason in HELP_REASONS else "other"
        desk = self.desk
        if desk is None:  # a kiosk without a server: the screen says to go to the counter
            self._show(HelpView(OFFLINE))
            return
        self._show(HelpView(CALLING))
        generation = self._generation
        self.controller.run_async(
            lambda: desk.raise_help(step, reason),
            lambda answer: self._answered(generation, answer),
            lambda exc: self._failed(generation, exc),
            guard=False,
        )

    def taken_over(self) -> None:
        """This staff terminal took a session over: no request of its own to raise."""
        self.stop()
        self._show(HelpView(TAKEN_OVER))

    def stop(self) -> None:
        """The citizen left the help screen: stop polling and close the request on the server
        (nobody is waiting at this kiosk any more)."""
        self._generation += 1
        self._timer.stop()
        handing, self._handing = self._handing, False
        request_id, self._request_id = self._request_id, None
        desk = self.desk
        # Acknowledged too: the staff member on the way sees it closed and need not come. Not
        # while the session is being handed over: the hand-off closes it on the server.
        if request_id is not None and desk is not None and self.view.state in LIVE and not handing:
            self.controller.run_async(
                lambda: desk.close(request_id),
                None,
                lambda exc: log.info("could not close help request: %s", type(exc).__name__),
                guard=False,
            )
        self.view = HelpView(OFFLINE)

    def _poll(self) -> None:
        desk, request_id, generation = self.desk, self._request_id, self._generation
        if desk is None or request_id is None:
            return
        self.controller.run_async(
            lambda: desk.poll(request_id),
            lambda answer: self._answered(generation, answer),
            lambda exc: self._failed(generation, exc),
            guard=False,
        )

    def _answered(self, generation: int, answer) -> None:
        if generation != self._generation:
            return
        self._request_id = answer.request_id
        self._show(HelpView(answer.state, answer.handoff_code))
        if answer.state in LIVE and answer.takeover_kiosk_id:
            self._hand_over(answer)
        elif answer.state in LIVE:  # acknowledged too: staff may still take the session over
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()  # closed or expired: nothing more will change

    def _hand_over(self, answer) -> None:
        """A staff member on another kiosk takes this session over: send it, then wipe it."""
        session, desk = self.controller.session, self.desk
        if self._handing or desk is None or session.state is not State.STAFF_HELP:
            return
        self._handing = True
        self._timer.stop()
        snapshot = session.handoff_snapshot()
        request_id, to_kiosk, generation = (
            answer.request_id,
            answer.takeover_kiosk_id,
            self._generation,
        )
        details = {"to_kiosk": to_kiosk, "staff_id": answer.takeover_by, "nik": masked(session)}

        def sent(_state) -> None:
            self._handing = False
            audit(self.controller, "help.session_sent", request_id, details)
            if generation != self._generation or session.state is not State.STAFF_HELP:
                return
            self._request_id = None  # closed by the hand-off: nothing for stop() to close
            log.info("session handed over to kiosk %s", to_kiosk)
            session.handed_over()

        def failed(exc: BaseException) -> None:
            self._handing = False
            log.warning("could not hand the session over (%s)", type(exc).__name__)
            if isinstance(exc, ValueError):
                return  # the session does not fit the contract: trying again cannot help
            if generation == self._generation and not self._timer.isActive():
                self._timer.start()  # the next poll tries again

        # not guarded by the session's run: `sent` checks the request and the screen itself
        self.controller.run_async(
            lambda: desk.send_session(request_id, snapshot), sent, failed, guard=False
        )

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        log.warning("help request: the server could not be reached (%s)", type(exc).__name__)
        if self._request_id is None:  # never raised: staff do not know
            self._timer.stop()
            self._show(HelpView(OFFLINE))
        # A poll that failed keeps what the server said last and tries again at the next tick.

    def _show(self, view: HelpView) -> None:
        self.view = view
        self.changed.emit(view)
