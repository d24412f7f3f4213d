"""The citizen's help request: raised on the server when the session enters STAFF_HELP, polled
until a staff member acknowledges it, closed when the citizen leaves the help screen.

The screen shows only what the server said (kiosk.staff.help_status_text): "calling" until the
server answered, "waiting, tell staff code X" while the request is open, "staff are on the way"
once acknowledged, and "staff cannot be reached, go to the counter" when the server cannot be
reached or the kiosk has no help desk. Nothing personal travels: the step and a reason code.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.staff import POLL_S
from protocol.staff import HELP_REASONS, HELP_STEPS

log = logging.getLogger("ui.help_request")

CALLING = "calling"  # asked, no answer yet
OFFLINE = None  # the server could not be reached (help_status_text's None)


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

    def stop(self) -> None:
        """The citizen left the help screen: stop polling and close the request on the server
        (nobody is waiting at this kiosk any more)."""
        self._generation += 1
        self._timer.stop()
        request_id, self._request_id = self._request_id, None
        desk = self.desk
        if request_id is not None and desk is not None and self.view.state == "open":
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
        if answer.state == "open":
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()  # acknowledged, closed or expired: nothing more will change

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
