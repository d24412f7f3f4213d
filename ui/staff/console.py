"""The staff console: the site's open help requests, and the kiosk's queue and printer.

Help requests come from HelpDesk.open_requests(), polled every POLL_S seconds on a worker
thread (ui.jobs.Jobs); "I'm on my way" acknowledges one with the signed-in staff id, "Done"
closes it. When the server cannot be reached the panel says so and shows no stale list.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.staff import POLL_S
from sync.errors import Offline
from ui.jobs import Jobs
from ui.staff.queue import QueuePanel
from ui.staff.words import reason_name, role_name, step_name
from ui.widgets.common import BigButton, Body, Card, Message, Subtitle, Title

log = logging.getLogger("ui.staff")

POLL_MS = int(POLL_S * 1000)


class Panel(QWidget):
    """A console part: retranslate() on every language change."""

    def retranslate(self) -> None:
        """Set the texts again."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def scroll_list(parent: QWidget) -> tuple[QScrollArea, QVBoxLayout]:
    """A vertical scrolling list (the area, and the layout to fill)."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    inner = QWidget()
    box = QVBoxLayout(inner)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(24)
    area.setWidget(inner)
    return area, box


def clear_layout(box: QVBoxLayout) -> None:
    while box.count():
        item = box.takeAt(0)
        if item.widget() is not None:
            item.widget().hide()
            item.widget().deleteLater()


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
        row = QHBoxLayout()
        row.setSpacing(32)
        row.addWidget(self.ack, 1)
        row.addWidget(self.done, 1)
        self.box.addLayout(row)
        self.ack.setVisible(request.state == "open")
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
        self.done.setText(self.tr("Done"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class HelpPanel(Panel):
    """Open help requests of the site, polled every POLL_MS while the console shows."""

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
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(24)
        self.head = Subtitle("", self)
        self.status = Message("", "info", self)
        box.addWidget(self.head)
        box.addWidget(self.status)
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
        self._show_status()

    # ----- polling -----------------------------------------------------------------------

    def start(self) -> None:
        self.refresh()
        self.timer.start()

    def stop(self, wait_ms: int = 0) -> None:
        self.timer.stop()
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

    def refresh_soon(self) -> None:
        QTimer.singleShot(0, self.refresh)

    # ----- showing -----------------------------------------------------------------------

    def _show_status(self) -> None:
        if self.offline:
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


class ConsolePage(Panel):
    """After sign-in: who is signed in, and the two parts of the console."""

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("StaffConsole")
        self.controller = controller
        self.session = None
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 32, 48, 32)
        box.setSpacing(24)
        self.head = Title("", self)
        self.who = Subtitle("", self)
        box.addWidget(self.head)
        box.addWidget(self.who)
        tabs = QHBoxLayout()
        tabs.setSpacing(24)
        self.help_tab = BigButton("", "secondary", self)
        self.queue_tab = BigButton("", "secondary", self)
        for index, tab in enumerate((self.help_tab, self.queue_tab)):
            tab.setCheckable(True)
            tab.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # touch tabs: no keyboard focus ring
            tab.clicked.connect(lambda _c=False, i=index: self.show_part(i))
            tabs.addWidget(tab, 1)
        box.addLayout(tabs)
        self.parts = QStackedWidget(self)
        self.help = HelpPanel(controller, self.staff_id, self.parts)
        self.queue = QueuePanel(controller, self.parts)
        self.parts.addWidget(self.help)
        self.parts.addWidget(self.queue)
        box.addWidget(self.parts, 1)
        self.retranslate()
        self.show_part(0)

    def staff_id(self) -> str | None:
        signin = self.controller.ports.staff
        session = signin.session if signin is not None else None
        return session.staff_id if session is not None else None

    def retranslate(self) -> None:
        self.head.setText(self.tr("Staff console"))
        self.help_tab.setText(self.tr("Help requests"))
        self.queue_tab.setText(self.tr("Queue and printer"))
        if self.session is not None:
            account = self.session.account
            self.who.setText(
                self.tr("Signed in: %1 (%2)")
                .replace("%1", account.name)
                .replace("%2", role_name(account.role))
            )

    def show_part(self, index: int) -> None:
        self.parts.setCurrentIndex(index)
        self.help_tab.setChecked(index == 0)
        self.queue_tab.setChecked(index == 1)
        if index == 1 and self.session is not None:
            self.queue.refresh()

    def begin(self, session) -> None:
        """A staff member signed in: show their console and start polling."""
        self.session = session
        self.retranslate()
        self.show_part(0)
        self.help.start()
        self.queue.refresh()

    def end(self, wait_ms: int = 0) -> None:
        """Signed out: stop polling and forget what was shown."""
        self.session = None
        self.who.setText("")
        self.help.stop(wait_ms)
        self.help.requests = None
        self.help.offline = False
        self.help._render()
        self.queue.clear()
        if wait_ms:
            self.queue.stop(wait_ms)
