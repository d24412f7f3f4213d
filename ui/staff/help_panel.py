"""The staff console's help part: the site's open help requests.

Help requests come from HelpDesk.open_requests(), polled every POLL_S seconds on a worker
thread (ui.jobs.Jobs); "I'm on my way" acknowledges one with the signed-in staff id, "Done"
closes it. When the server cannot be reached the panel says so and shows no stale list.

"Take over" (on another kiosk's request, or by typing the hand-off code the citizen reads out)
asks the server for the citizen's session; the citizen's kiosk sends it on its next poll and
returns to welcome, this terminal fetches it (every FETCH_MS, at most FETCH_TRIES times) and opens
it on its help screen (Session.take_over), with the step and the reason: sessionTaken() then.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kiosk.session import InvalidTransition
from kiosk.session.states import Event
from kiosk.staff import POLL_S
from protocol.staff import HANDOFF_ALPHABET
from sync.errors import Offline
from ui.help_request import LIVE, audit, masked
from ui.jobs import Jobs
from ui.staff.panel import Panel, clear_layout, scroll_list
from ui.staff.words import reason_name, step_name
from ui.widgets.common import BigButton, Body, Card, Message, Subtitle

log = logging.getLogger("ui.staff")

POLL_MS = int(POLL_S * 1000)
FETCH_MS = 1000  # the citizen's kiosk sends its session at its next poll (<= 3 s)
FETCH_TRIES = 30


class RequestCard(Card):
    """One help request: hand-off code, kiosk, step, reason, age; acknowledge and close."""

    def __init__(self, request, own_kiosk: str | None, panel: HelpPanel):
        super().__init__(panel.list_widget)
        self.setObjectName("Card")
        self.request = request
        top = QHBoxLayout()
        self.code = QLabel(request.handoff_code, self)
        self.code.setObjectName("NikDisplay")
        self.code.setAccessibleName("handoff_code")
        self.state = Subtitle("", self)
        self.state.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.code)
        top.addWidget(self.state, 1)
        self.box.addLayout(top)
        self.details = Body("", self)
        self.box.addWidget(self.details)
        self.ack = BigButton("", "primary", self)
        self.ack.setObjectName("HelpAckButton")
        self.ack.clicked.connect(lambda _c=False: panel.acknowledge(request.request_id))
        self.done = BigButton("", "secondary", self)
        self.done.setObjectName("HelpCloseButton")
        self.done.clicked.connect(lambda _c=False: panel.close_request(request.request_id))
        self.take = BigButton("", "secondary", self)
        self.take.setObjectName("HelpTakeoverButton")
        self.take.clicked.connect(lambda _c=False: panel.take_over(request.request_id))
        row = QHBoxLayout()
        row.setSpacing(32)
        row.addWidget(self.ack, 1)
        row.addWidget(self.take, 1)
        row.addWidget(self.done, 1)
        self.box.addLayout(row)
        self.ack.setVisible(request.state == "open")
        # another kiosk's citizen only (a kiosk cannot take over its own session)
        self.take.setVisible(request.state in LIVE and request.kiosk_id != own_kiosk)
        self._own = own_kiosk
        self.retranslate()

    def retranslate(self) -> None:
        r = self.request
        if r.state == "acknowledged":
            who = r.acknowledged_by_name or r.acknowledged_by or ""
            self.state.setText(self.tr("On the way: %1").replace("%1", who))
        else:
            self.state.setText(self.tr("Waiting for staff"))
        kiosk = r.kiosk_id
        if self._own and kiosk == self._own:
            kiosk = self.tr("%1 (this kiosk)").replace("%1", kiosk)
        minutes = max(0, int((dt.datetime.now(dt.UTC) - r.created_at).total_seconds() // 60))
        age = self.tr("Asked %n min ago", "", minutes) if minutes else self.tr("Asked just now")
        lines = [
            self.tr("Kiosk: %1").replace("%1", kiosk),
            self.tr("Step: %1").replace("%1", step_name(r.step)),
            self.tr("Reason: %1").replace("%1", reason_name(r.reason)),
            age,
        ]
        self.details.setText("\n".join(lines))
        self.ack.setText(self.tr("I'm on my way"))
        self.take.setText(self.tr("Take over"))
        self.done.setText(self.tr("Done"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class HelpPanel(Panel):
    """Open help requests of the site, polled every POLL_MS while the console shows.
    sessionTaken() once a citizen's session was taken over and opened on this terminal."""

    sessionTaken = Signal()

    def __init__(self, controller, staff_id: Callable[[], str | None], parent: QWidget):
        super().__init__(parent)
        self.setObjectName("StaffHelpPanel")
        self.controller = controller
        self.staff_id = staff_id
        self.requests: list | None = None  # None: not known (offline or not asked yet)
        self.offline = False
        self.refused: str | None = None
        self._asking = False
        self._jobs = Jobs(self, threads=1)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.refresh)
        self.taking: str | None = None  # the request whose session this terminal waits for
        self.takeover_problem: str | None = None
        self._fetching = False
        self._fetch_tries = 0
        self.fetch_timer = QTimer(self)
        self.fetch_timer.setInterval(FETCH_MS)
        self.fetch_timer.timeout.connect(self._fetch)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(24)
        self.head = Subtitle("", self)
        self.status = Message("", "info", self)
        box.addWidget(self.head)
        box.addWidget(self.status)
        code_row = QHBoxLayout()
        code_row.setSpacing(24)
        self.code_input = QLineEdit(self)
        self.code_input.setObjectName("HandoffCodeInput")
        self.code_input.setMaxLength(4)
        self.code_input.returnPressed.connect(self.take_over_code)
        self.code_button = BigButton("", "secondary", self)
        self.code_button.setObjectName("HandoffCodeButton")
        self.code_button.clicked.connect(lambda _c=False: self.take_over_code())
        code_row.addWidget(self.code_input, 1)
        code_row.addWidget(self.code_button, 1)
        box.addLayout(code_row)
        self.area, self.list_box = scroll_list(self)
        self.list_widget = self.area.widget()
        box.addWidget(self.area, 1)
        self.cards: list[RequestCard] = []
        self.retranslate()

    @property
    def desk(self):
        return self.controller.ports.help_desk

    def retranslate(self) -> None:
        self.head.setText(self.tr("Open help requests at this site"))
        self.code_input.setPlaceholderText(self.tr("Hand-off code"))
        self.code_button.setText(self.tr("Take over by code"))
        self._show_status()

    # ----- polling -----------------------------------------------------------------------

    def start(self) -> None:
        self.refresh()
        self.timer.start()

    def stop(self, wait_ms: int = 0) -> None:
        self.timer.stop()
        self.fetch_timer.stop()
        self.taking = None
        if wait_ms:
            self._jobs.wait_idle(wait_ms)

    def refresh(self) -> None:
        """Ask the server for the open requests (one question at a time, on a worker)."""
        desk = self.desk
        if desk is None:
            self._offline()
            return
        if self._asking:
            return
        self._asking = True
        self._jobs.run(desk.open_requests, self._answered, self._failed)

    def _answered(self, requests) -> None:
        self._asking = False
        if not self.timer.isActive():
            return  # the console closed in the meantime
        self.offline = False
        self.requests = list(requests)
        self._render()

    def _failed(self, exc: BaseException) -> None:
        self._asking = False
        if not self.timer.isActive():
            return
        if not isinstance(exc, Offline):
            log.error("help requests: %s", exc)
        self._offline()

    def _offline(self) -> None:
        self.offline = True
        self.requests = None  # never show a list the server may no longer hold
        self._render()

    # ----- acting ------------------------------------------------------------------------

    def acknowledge(self, request_id: str) -> None:
        staff_id = self.staff_id()
        if staff_id is None or self.desk is None:
            return
        desk = self.desk
        self._act(lambda: desk.acknowledge(request_id, staff_id))

    def close_request(self, request_id: str) -> None:
        staff_id = self.staff_id()
        if staff_id is None or self.desk is None:
            return
        desk = self.desk
        self._act(lambda: desk.close(request_id, staff_id))

    def _act(self, call) -> None:
        def done(_state) -> None:
            self.refused = None
            self.refresh_soon()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, Offline):
                self._offline()
                return
            log.warning("help action refused: %s", getattr(exc, "code", exc))
            self.refused = getattr(exc, "code", "refused")
            self._show_status()
            self.refresh_soon()

        self._jobs.run(call, done, failed)

    # ----- takeover by hand-off code -------------------------------------------------------

    def take_over_code(self) -> None:
        """The code the citizen reads out, typed: take over that request of the list."""
        code = self.code_input.text().strip().upper()
        found = [r for r in self.requests or [] if r.handoff_code == code and r.state in LIVE]
        if len(code) != 4 or any(c not in HANDOFF_ALPHABET for c in code) or not found:
            self._takeover_failed("unknown_code")
            return
        self.code_input.clear()
        self.take_over(found[0].request_id)

    def take_over(self, request_id: str) -> None:
        staff_id, desk = self.staff_id(), self.desk
        if staff_id is None or desk is None or self.taking is not None:
            return
        if not self.controller.session.can(Event.TAKE_OVER):  # a citizen is served here
            self._takeover_failed("terminal_busy")
            return
        self.taking, self.takeover_problem = request_id, None
        self._show_status()

        def done(state) -> None:
            audit(
                self.controller,
                "staff.takeover_requested",
                request_id,
                {"staff_id": staff_id, "from_kiosk": state.kiosk_id},
            )
            self._fetch_tries = 0
            self.fetch_timer.start()

        def failed(exc: BaseException) -> None:
            self.taking = None
            log.warning("takeover refused: %s", getattr(exc, "code", type(exc).__name__))
            self._takeover_failed(getattr(exc, "code", "refused"))
            self.refresh_soon()

        self._jobs.run(lambda: desk.take_over(request_id, staff_id), done, failed)

    def _fetch(self) -> None:
        request_id, desk = self.taking, self.desk
        if request_id is None or desk is None or self._fetching:
            return
        self._fetch_tries += 1
        if self._fetch_tries > FETCH_TRIES:
            self.fetch_timer.stop()
            self.taking = None
            self._takeover_failed("not_sent")
            return
        self._fetching = True
        self._jobs.run(lambda: desk.fetch_session(request_id), self._fetched, self._fetch_failed)

    def _fetch_failed(self, exc: BaseException) -> None:
        self._fetching = False
        if isinstance(exc, Offline):
            return  # try again at the next tick
        self.fetch_timer.stop()
        self.taking = None
        log.warning("takeover: the session could not be fetched (%s)", getattr(exc, "code", exc))
        self._takeover_failed(getattr(exc, "code", "refused"))

    def _fetched(self, answer) -> None:
        self._fetching = False
        request_id = self.taking
        if answer is None or request_id is None:
            return  # not sent yet (or the console closed)
        self.fetch_timer.stop()
        self.taking = None
        session = self.controller.session
        try:
            session.take_over(answer.snapshot, answer.from_kiosk_id)
        except (InvalidTransition, ValueError) as exc:
            log.warning("takeover: the session was refused (%s)", type(exc).__name__)
            audit(
                self.controller, "staff.takeover_refused", request_id, {"staff_id": self.staff_id()}
            )
            self._takeover_failed("session_refused")
            return
        audit(
            self.controller,
            "staff.takeover_received",
            request_id,
            {
                "staff_id": self.staff_id(),
                "from_kiosk": answer.from_kiosk_id,
                "nik": masked(session),
            },
        )
        self.sessionTaken.emit()

    def _takeover_failed(self, code: str) -> None:
        self.takeover_problem = code
        self._show_status()

    def refresh_soon(self) -> None:
        QTimer.singleShot(0, self.refresh)

    # ----- showing -----------------------------------------------------------------------

    def _show_status(self) -> None:
        if self.taking is not None:
            self.status.show_message(
                self.tr("Taking the session over: waiting for the citizen's kiosk…"), "info"
            )
        elif self.takeover_problem:
            self.status.show_message(self._takeover_words(self.takeover_problem), "warning")
        elif self.offline:
            self.status.show_message(
                self.tr(
                    "The server cannot be reached: help requests cannot be shown. "
                    "Check the network; the list comes back by itself."
                ),
                "error",
            )
        elif self.refused:
            self.status.show_message(
                self.tr("The server did not accept this (%1). The list is up to date.").replace(
                    "%1", self.refused
                ),
                "warning",
            )
        elif self.requests is None:
            self.status.show_message(self.tr("Asking the server…"), "info")
        elif not self.requests:
            self.status.show_message(self.tr("No citizen is waiting for help."), "success")
        else:
            self.status.show_message(
                self.tr("Citizens waiting for help: %n", "", len(self.requests)), "warning"
            )

    def _takeover_words(self, code: str) -> str:
        words = {
            "unknown_code": self.tr("No waiting citizen has this hand-off code."),
            "terminal_busy": self.tr("Finish the session on this terminal first."),
            "not_sent": self.tr(
                "The citizen's kiosk did not send the session. Ask the citizen to wait at it "
                "and try again."
            ),
            "session_refused": self.tr("The session could not be opened on this terminal."),
        }
        return words.get(code) or self.tr("The server did not accept the takeover (%1).").replace(
            "%1", code
        )

    def _render(self) -> None:
        self._show_status()
        clear_layout(self.list_box)
        self.cards = []
        own = getattr(getattr(self.desk, "client", None), "kiosk_id", None)
        for request in self.requests or []:
            card = RequestCard(request, own if isinstance(own, str) else None, self)
            self.list_box.addWidget(card)
            self.cards.append(card)
        self.list_box.addStretch(1)

    def handoff_codes(self) -> list[str]:
        """The codes on screen (for tests)."""
        return [card.request.handoff_code for card in self.cards]
