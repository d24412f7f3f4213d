"""Cek status (states STATUS_CHECK and STATUS_LOOKUP): scan a receipt's QR code or type the code.

The camera reads QR codes on a CameraWorker thread (cv2.QRCodeDetector); the tracking code is
taken from the status address in the QR (kiosk.receipt.tracking_code_from_address) and sent to
the session like a typed one. The answer (from the server, or "still queued on this kiosk" from
the sync layer) is shown in the plain words kiosk.status gives it; an offline application whose
identity check failed later tells the citizen to visit a counter.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QLabel, QLineEdit, QVBoxLayout

from kiosk.receipt import format_local, site_time_zone, tracking_code_from_address
from kiosk.session.states import State
from kiosk.status import status_text
from ui.camera_worker import QR, CameraWorker
from ui.screens.base import Screen, follow_orientation
from ui.widgets.camera_view import CameraView
from ui.widgets.common import Body, Card, Message, Subtitle

log = logging.getLogger(__name__)

RESCAN_AFTER_S = 8.0  # the same QR code held up again is only looked up again after this


class StatusScreen(Screen):
    states = (State.STATUS_CHECK, State.STATUS_LOOKUP)
    realtime = True
    max_seconds = 300.0  # the camera stops after this; the screen times out anyway

    def build(self) -> None:
        self.worker: CameraWorker | None = None
        self._last_scan: tuple[str, float] = ("", 0.0)
        self.heading = self.title()
        self.intro = Subtitle("", self)
        self.layout_.addWidget(self.intro)

        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(24)
        scan = QVBoxLayout()
        scan.setSpacing(8)
        self.view = CameraView(self, oval=False)
        self.view.setMinimumSize(320, 240)
        self.scan_hint = Body("", self)
        self.scan_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scan.addWidget(self.view, 1)
        scan.addWidget(self.scan_hint)
        self.body.addLayout(scan, 1)

        self.card = Card(self)
        self.code_label = QLabel(self.card)
        self.code_label.setWordWrap(True)
        self.code_input = QLineEdit(self.card)
        self.code_input.setObjectName("TrackingCodeInput")
        self.code_input.setMaxLength(24)
        self.code_input.setPlaceholderText("MPP-XXXX-XXXX-XXX")
        self.code_input.setInputMethodHints(
            Qt.InputMethodHint.ImhPreferUppercase | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.code_input.setStyleSheet("font-size: 28pt; font-family: 'DejaVu Sans Mono';")
        self.code_input.returnPressed.connect(self.check)
        self.code_input.textEdited.connect(self._uppercase)
        self.check_button = self.button("", self.check, "primary", self.card)
        self.card.box.addWidget(self.code_label)
        self.card.box.addWidget(self.code_input)
        self.card.box.addWidget(self.check_button)
        self.result = Message("", "info", self.card)
        self.details = Body("", self.card)
        self.card.box.addWidget(self.result)
        self.card.box.addWidget(self.details)
        self.card.box.addStretch(1)
        self.body.addWidget(self.card, 1)
        self.layout_.addLayout(self.body, 1)
        self.nav_row(back=True, cancel=False)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Check your application status"))
        self.intro.setText(
            self.tr("Hold the QR code on your receipt up to the camera, or type the tracking code.")
        )
        self.scan_hint.setText(self.tr("Hold the receipt still, about a hand's width away."))
        self.code_label.setText(self.tr("Tracking code"))
        self.check_button.setText(self.tr("Check status"))
        self.retranslate_nav()

    # ----- session ---------------------------------------------------------------------------

    def render(self, session) -> None:
        self._orient()
        d = session.data
        busy = session.state is State.STATUS_LOOKUP
        self.check_button.setEnabled(not busy)
        self.code_input.setEnabled(not busy)
        if d.tracking_code and self.code_input.text() != d.tracking_code:
            self.code_input.setText(d.tracking_code)
        self.details.setText("")
        if busy:
            self.result.show_message(self.tr("Checking..."), "info")
        elif d.error is not None:
            kind = "warning" if d.error.code == "server_unreachable" else "error"
            self.result.show_message(self.pick(d.error.text_id, d.error.text_en), kind)
        elif d.status is not None:
            self._show_status(d.status)
        else:
            self.result.setText("")
        if session.state is State.STATUS_CHECK and self.isVisible() and self.worker is None:
            self.start_scanner()

    def _show_status(self, status) -> None:
        shown = status_text(status)  # the core's words for it (kiosk/status.py)
        self.result.show_message(self.pick(shown.text_id, shown.text_en), shown.kind)
        label = self.tr("Tracking code")
        lines = [f"{label}: {status.tracking_code}"]
        if status.updated_at is not None:
            zone = site_time_zone(self.controller.config)
            when = format_local(status.updated_at, zone, self.language)
            label = self.tr("Last update")
            lines.append(f"{label}: {when}")
        self.details.setText("\n".join(lines))

    def shown(self) -> None:
        if self.session.state is State.STATUS_CHECK:
            self.start_scanner()
        self.speak(
            "Tunjukkan kode QR pada tanda terima ke kamera, atau ketik kode pelacakan.",
            "Show the QR code on your receipt to the camera, or type the tracking code.",
        )

    def hidden(self) -> None:
        self.stop_scanner()
        self.view.clear()

    def clear(self) -> None:
        self.code_input.clear()
        self.result.setText("")
        self.details.setText("")
        self.view.clear()
        self._last_scan = ("", 0.0)

    # ----- input -----------------------------------------------------------------------------

    def check(self) -> None:
        text = self.code_input.text().strip()
        if not text:
            self.result.show_message(
                self.tr("Type the tracking code from your receipt first."), "error"
            )
            return
        self.citizen.enter_tracking_code(text)

    def _uppercase(self, text: str) -> None:
        # Codes are printed in capitals; typing in lower case works too, but looks the same.
        if text != text.upper():
            position = self.code_input.cursorPosition()
            self.code_input.setText(text.upper())
            self.code_input.setCursorPosition(position)

    def start_scanner(self) -> None:
        if self.worker is not None:
            return
        self.view.show()
        self.scan_hint.setText(self.tr("Hold the receipt still, about a hand's width away."))
        worker = CameraWorker(
            self.controller.camera_source,
            QR,
            max_seconds=self.max_seconds,
            realtime=self.realtime,
            parent=self,
        )
        worker.set_preview_size(self.view.size())
        worker.previewReady.connect(self._preview)
        worker.qrFound.connect(self._scanned)
        worker.failed.connect(self._camera_failed)
        worker.finished.connect(self._worker_done)
        self.worker = worker
        worker.start()

    def stop_scanner(self) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            for signal in (worker.previewReady, worker.qrFound, worker.failed, worker.finished):
                signal.disconnect()
            worker.stop()

    def _preview(self) -> None:
        if self.sender() is self.worker and self.worker is not None:
            self.view.set_image(self.worker.take_preview())
            self.worker.set_preview_size(self.view.size())

    def _scanned(self, text: str) -> None:
        if self.sender() is not self.worker:
            return
        code = tracking_code_from_address(text)
        last, when = self._last_scan
        if code == last and time.monotonic() - when < RESCAN_AFTER_S:
            return
        self._last_scan = (code, time.monotonic())
        self.controller.user_activity()
        self.code_input.setText(code)
        if self.session.state is State.STATUS_CHECK:
            self.citizen.enter_tracking_code(code)

    def _camera_failed(self, reason: str) -> None:
        # Typing still works; say so instead of leaving a black box.
        log.warning("status scanner camera: %s", reason)
        self.scan_hint.setText(self.tr("The camera is not available. Please type the code."))
        self.view.hide()

    def _worker_done(self) -> None:
        # The source ended or failed: the next state change tries again (no tight loop).
        if self.sender() is self.worker:
            self.stop_scanner()

    def _orient(self) -> None:
        follow_orientation(self.body, self.window())

    def resizeEvent(self, event) -> None:
        self._orient()
        super().resizeEvent(event)
