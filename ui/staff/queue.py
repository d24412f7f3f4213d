"""The queue console: the kiosk's outbox (counts per state, applications the server rejected
with its reason, retry) and the receipt printer (its kind, the receipts waiting for reprint,
print them). It shows what sync.adapters.queue_console.QueueConsole (`ports.queue`) says, read
on a worker thread; never sealed contents."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.messages import catalog
from ui.jobs import Jobs
from ui.staff.words import app_state_name
from ui.widgets.common import BigButton, Body, Card, Message, Subtitle

log = logging.getLogger("ui.staff")

STATE_ORDER = ("queued", "sending", "sealed", "rejected", "accepted")


class RejectedCard(Card):
    """One application the server refused: its tracking code, the reason, "Send again"."""

    def __init__(self, item: dict, panel: QueuePanel):
        super().__init__(panel.inner)
        self.item = item
        self.panel = panel
        row = QHBoxLayout()
        self.code = QLabel(item.get("tracking_code") or "", self)
        self.code.setObjectName("NikDisplay")
        row.addWidget(self.code)
        row.addStretch(1)
        self.box.addLayout(row)
        self.reason = Body("", self)
        self.box.addWidget(self.reason)
        self.retry = BigButton("", "primary", self)
        self.retry.setObjectName("QueueRetryButton")
        self.retry.clicked.connect(lambda _c=False: panel.retry(item["id"]))
        self.box.addWidget(self.retry)
        self.retranslate()

    def retranslate(self) -> None:
        code = self.item.get("reason_code") or ""
        # the catalog's words for the server's code, in the screen's language; else its own
        known = catalog(self.panel.controller.language).get(f"server.error.{code}")
        reason = known or self.item.get("reason") or ""
        self.reason.setText(
            self.tr("The server's reason: %1").replace(
                "%1", f"{reason} ({code})" if code else reason
            )
        )
        self.retry.setText(self.tr("Send again"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class QueuePanel(QWidget):
    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("StaffQueuePanel")
        self.controller = controller
        self.status: dict | None = None
        self.failed = False
        self.note: tuple[str, str] | None = None  # (kind, text) after retry or reprint
        self._jobs = Jobs(self, threads=1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.inner = QWidget()
        box = QVBoxLayout(self.inner)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(24)
        area.setWidget(self.inner)
        outer.addWidget(area)
        self.message = Message("", "info", self.inner)
        box.addWidget(self.message)
        self.queue_card = Card(self.inner)
        self.queue_head = Subtitle("", self.queue_card)
        self.counts = Body("", self.queue_card)
        self.queue_problem = Message("", "warning", self.queue_card)
        for widget in (self.queue_head, self.counts, self.queue_problem):
            self.queue_card.box.addWidget(widget)
        box.addWidget(self.queue_card)
        self.rejected_head = Subtitle("", self.inner)
        box.addWidget(self.rejected_head)
        self.rejected_box = QVBoxLayout()
        self.rejected_box.setSpacing(24)
        box.addLayout(self.rejected_box)
        self.rejected_cards: list[RejectedCard] = []
        self.printer_card = Card(self.inner)
        self.printer_head = Subtitle("", self.printer_card)
        self.printer_text = Body("", self.printer_card)
        self.reprint_button = BigButton("", "primary", self.printer_card)
        self.reprint_button.setObjectName("QueueReprintButton")
        self.reprint_button.clicked.connect(lambda _c=False: self.reprint())
        for widget in (self.printer_head, self.printer_text, self.reprint_button):
            self.printer_card.box.addWidget(widget)
        box.addWidget(self.printer_card)
        self.refresh_button = BigButton("", "secondary", self.inner)
        self.refresh_button.clicked.connect(lambda _c=False: self.refresh())
        box.addWidget(self.refresh_button)
        box.addStretch(1)
        self.retranslate()

    @property
    def console(self):
        return getattr(self.controller.ports, "queue", None)

    # ----- reading and acting (on a worker) ----------------------------------------------

    def refresh(self) -> None:
        console = self.console
        if console is None:
            self.status, self.failed = None, True
            self.retranslate()
            return
        self._jobs.run(console.status, self._answered, self._failed)

    def _answered(self, status: dict) -> None:
        self.status, self.failed = status, False
        self.retranslate()

    def _failed(self, exc: BaseException) -> None:
        log.error("queue console: %s", exc)
        self.status, self.failed = None, True
        self.retranslate()

    def retry(self, app_id: str) -> None:
        console = self.console
        if console is None:
            return

        def done(code: str) -> None:
            self.note = ("success", self.tr("%1 will be sent again.").replace("%1", code))
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.note = ("error", self.tr("It cannot be sent again: %1").replace("%1", str(exc)))
            self.refresh()

        self._jobs.run(lambda: console.retry(app_id), done, failed)

    def reprint(self) -> None:
        console = self.console
        if console is None:
            return

        def done(answer) -> None:
            printed, error = answer
            if error:
                self.note = (
                    "error",
                    self.tr("Printed: %n. The printer is still not available.", "", len(printed)),
                )
            else:
                self.note = ("success", self.tr("Printed: %n", "", len(printed)))
            self.refresh()

        self._jobs.run(console.reprint, done, self._failed)

    def stop(self, wait_ms: int = 0) -> None:
        if wait_ms:
            self._jobs.wait_idle(wait_ms)

    def clear(self) -> None:
        self.status, self.failed, self.note = None, False, None
        self.retranslate()

    # ----- showing -----------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.queue_head.setText(self.tr("Applications on this kiosk"))
        self.rejected_head.setText(self.tr("Rejected by the server"))
        self.printer_head.setText(self.tr("Receipt printer"))
        self.reprint_button.setText(self.tr("Print the waiting receipts"))
        self.refresh_button.setText(self.tr("Refresh"))
        if self.failed:
            self.message.show_message(self.tr("The queue cannot be read on this kiosk."), "error")
        elif self.note is not None:
            self.message.show_message(self.note[1], self.note[0])
        else:
            self.message.setText("")
        status = self.status or {}
        counts = status.get("counts") or {}
        self.counts.setText(
            "\n".join(f"{app_state_name(s)}: {counts.get(s, 0)}" for s in STATE_ORDER)
            if counts
            else ""
        )
        paused = status.get("paused")
        problem = ""
        if paused:
            problem = self.tr("Sending is paused: %1").replace("%1", str(paused.get("message", "")))
        elif status.get("last_error"):
            problem = self.tr("Last problem: %1").replace(
                "%1", str(status["last_error"].get("message", ""))
            )
        self.queue_problem.setText(problem)
        self._show_rejected(status.get("rejected") or [])
        self._show_printer(status.get("printer"))

    def _show_rejected(self, rejected: list[dict]) -> None:
        while self.rejected_box.count():
            item = self.rejected_box.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        self.rejected_cards = [RejectedCard(item, self) for item in rejected]
        for card in self.rejected_cards:
            self.rejected_box.addWidget(card)
        self.rejected_head.setVisible(bool(rejected))

    def _show_printer(self, printer: dict | None) -> None:
        if not printer:
            self.printer_text.setText("")
            self.reprint_button.hide()
            return
        if printer.get("has_printer"):
            kind = printer.get("kind", "")
            target = printer.get("target", "")
            line = self.tr("Printer: %1").replace("%1", f"{kind} {target}".strip())
        else:
            line = self.tr("No printer is set up on this kiosk.")
        queued = printer.get("queued") or []
        lines = [line, self.tr("Receipts waiting for reprint: %n", "", len(queued))]
        lines += [f"  {q['tracking_code']}" for q in queued]
        self.printer_text.setText("\n".join(lines))
        self.reprint_button.setVisible(bool(queued) and bool(printer.get("has_printer")))

    def rejected_reasons(self) -> list[str]:
        """The reasons on screen (for tests)."""
        return [card.reason.text() for card in self.rejected_cards]
