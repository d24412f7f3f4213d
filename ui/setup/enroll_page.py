"""Setup step 1: enroll the kiosk, from the server's enrollment QR code held up to the camera or
from the three values typed in. The code is forgiven its case, dashes and O/0, I/1 mix-ups
(kiosk.provisioning.normalize_code); the server's answer names the site, shown on success."""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kiosk.provisioning import normalize_code
from ui.camera_worker import QR, CameraWorker
from ui.setup.actions import Enrolled, SetupFailed
from ui.setup.preview import preview_size, retire, show_preview
from ui.setup.qr import parse_enrollment_qr
from ui.setup.words import failure_text
from ui.widgets.camera_view import CameraView
from ui.widgets.common import BigButton, Body, IconLabel, Message, Subtitle

log = logging.getLogger("ui.setup")

FIELD_MIN_PX = 72
RESTART_MS = 300  # a video file standing in for the camera plays again after this pause


def field(parent: QWidget, name: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setMinimumHeight(FIELD_MIN_PX)
    return edit


class EnrollPage(QWidget):
    """enrolled(Enrolled) once the server accepted the code; readyChanged() for the wizard."""

    enrolled = Signal(object)
    readyChanged = Signal()

    def __init__(self, wizard, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SetupEnroll")
        self.wizard = wizard
        self.result: Enrolled | None = None
        self.busy = False
        self.worker: CameraWorker | None = None
        self.scanning = False
        self.qr_seen: list[str] = []
        self.box = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(32)
        # the camera side
        scan = QWidget(self)
        scan_box = QVBoxLayout(scan)
        scan_box.setContentsMargins(0, 0, 0, 0)
        scan_box.setSpacing(16)
        self.scan_head = Subtitle("", scan)
        self.view = CameraView(scan, oval=False)
        self.view.setMinimumSize(320, 280)
        self.done_icon = IconLabel("check", 200, scan)  # instead of the preview once enrolled
        self.done_icon.hide()
        self.scan_hint = Body("", scan)
        scan_box.addWidget(self.scan_head)
        scan_box.addWidget(self.view, 1)
        scan_box.addWidget(self.done_icon, 1)
        scan_box.addWidget(self.scan_hint)
        # the typed side
        typed = QWidget(self)
        form = QVBoxLayout(typed)
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(12)
        self.typed_head = Subtitle("", typed)
        self.server_label = QLabel("", typed)
        self.server_input = field(typed, "SetupServer")
        self.code_label = QLabel("", typed)
        self.code_input = field(typed, "SetupCode")
        self.key_label = QLabel("", typed)
        self.key_input = field(typed, "SetupKeyId")
        self.enroll_button = BigButton("", "primary", typed)
        self.enroll_button.clicked.connect(lambda _c=False: self.submit())
        self.message = Message("", "info", typed)
        form.addWidget(self.typed_head)
        for label, edit in (
            (self.server_label, self.server_input),
            (self.code_label, self.code_input),
            (self.key_label, self.key_input),
        ):
            label.setWordWrap(True)
            label.setBuddy(edit)
            form.addWidget(label)
            form.addWidget(edit)
            edit.returnPressed.connect(self.submit)
        form.addSpacing(12)
        form.addWidget(self.enroll_button)
        form.addWidget(self.message)
        form.addStretch(1)
        self.box.addWidget(scan, 1)
        self.box.addWidget(typed, 1)
        self.restart = QTimer(self)
        self.restart.setSingleShot(True)
        self.restart.setInterval(RESTART_MS)
        self.restart.timeout.connect(self._start_scan)
        self.retranslate()

    # ----- wizard protocol ---------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Enroll this kiosk")

    def ready(self) -> bool:
        return self.result is not None

    def enter(self) -> None:
        if self.result is None:
            self.scanning = True
            self._start_scan()

    def leave(self) -> None:
        self.scanning = False
        self.restart.stop()
        self._stop_scan()

    def retranslate(self) -> None:
        self.scan_head.setText(self.tr("Scan the enrollment QR code"))
        self.scan_hint.setText(
            self.tr(
                "Hold the QR code printed by the server's enroll-code command in front of the "
                "camera."
            )
        )
        self.typed_head.setText(self.tr("Or type what the server printed"))
        self.server_label.setText(self.tr("Server address"))
        self.code_label.setText(self.tr("Enrollment code (12 letters and digits)"))
        self.key_label.setText(self.tr("Server key id"))
        self.server_input.setPlaceholderText("https://mpp.example.go.id")
        self.code_input.setPlaceholderText("ABCD-EFGH-JKMN")
        self.key_input.setPlaceholderText("server-…")
        self.enroll_button.setText(self.tr("Enroll"))
        self._show_result()

    def set_landscape(self, landscape: bool) -> None:
        directions = QBoxLayout.Direction
        self.box.setDirection(directions.LeftToRight if landscape else directions.TopToBottom)

    # ----- the QR code -------------------------------------------------------------------------

    def _start_scan(self) -> None:
        if not self.scanning or self.worker is not None or self.result is not None:
            return
        device = self.wizard.settings.get("camera.device", "0")
        worker = CameraWorker(
            lambda: self.wizard.actions.open_camera(device), mode=QR, max_seconds=24 * 3600.0
        )
        worker.set_preview_size(preview_size(self.view.size()))
        worker.previewReady.connect(self._preview)
        worker.qrFound.connect(self.qr_found)
        worker.failed.connect(self._camera_failed)
        worker.finished.connect(lambda w=worker: self._scan_ended(w))
        self.worker = worker
        worker.start()

    def _stop_scan(self) -> None:
        if self.worker is not None:
            worker, self.worker = self.worker, None
            retire(worker, worker.previewReady, worker.qrFound, worker.failed, worker.finished)

    def _preview(self) -> None:
        if self.worker is not None:
            show_preview(self.worker, self.view)

    def _scan_ended(self, worker: CameraWorker) -> None:
        """A video file ran out: play it again (a live camera does not end)."""
        if worker is not self.worker:
            return
        self.worker = None
        worker.deleteLater()
        if worker.frames > 0:
            self.restart.start()

    def _camera_failed(self, _reason: str) -> None:
        self.scanning = False
        self._stop_scan()
        self.view.clear()
        self.scan_hint.setText(
            self.tr(
                "The camera gives no picture: type the values instead, or choose the camera "
                "in the next step and come back."
            )
        )

    def qr_found(self, text: str) -> None:
        self.qr_seen.append(text)
        if self.busy or self.result is not None:
            return
        qr = parse_enrollment_qr(text)
        if qr is None:
            self.message.show_message(
                self.tr(
                    "This QR code is not an enrollment code. Show the QR code the server's "
                    "enroll-code command printed."
                ),
                "warning",
            )
            return
        self.server_input.setText(qr.server)
        self.code_input.setText(qr.code)
        self.key_input.setText(qr.key_id)
        self.submit()

    # ----- enrolling ---------------------------------------------------------------------------

    def problem(self) -> str | None:
        """What is wrong with the typed values (None: they can be sent)."""
        if not self.server_input.text().strip():
            return self.tr("Type the server address, e.g. https://mpp.example.go.id.")
        if normalize_code(self.code_input.text()) is None:
            return self.tr(
                "The enrollment code is 12 letters and digits, e.g. ABCD-EFGH-JKMN. Check it and "
                "type it again."
            )
        if not self.key_input.text().strip():
            return self.tr("Type the server key id; it starts with server-.")
        return None

    def submit(self) -> None:
        if self.busy or self.result is not None:
            return
        problem = self.problem()
        if problem:
            self.message.show_message(problem, "error")
            return
        server = self.server_input.text().strip().rstrip("/")
        code = normalize_code(self.code_input.text())
        key_id = self.key_input.text().strip()
        self.busy = True
        self._set_editable(False)
        self.message.show_message(self.tr("Enrolling with the server…"), "info")
        self.wizard.jobs.run(
            lambda: self.wizard.actions.enroll(server, code, key_id), self._done, self._failed
        )

    def _done(self, result: Enrolled) -> None:
        self.busy = False
        self.result = result
        self.leave()
        self._show_result()
        self.enrolled.emit(result)
        self.readyChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self._set_editable(True)
        kind = exc.kind if isinstance(exc, SetupFailed) else "other"
        log.warning("enrollment failed (%s): %s", kind, exc)
        self.message.show_message(failure_text(kind), "error")

    def _set_editable(self, editable: bool) -> None:
        for edit in (self.server_input, self.code_input, self.key_input):
            edit.setReadOnly(not editable)
        self.enroll_button.setEnabled(editable)

    def _show_result(self) -> None:
        if self.result is None:
            return
        self.view.hide()
        self.scan_hint.hide()
        self.done_icon.show()
        self._set_editable(False)
        self.message.show_message(
            self.tr("Enrolled: %1 (kiosk %2).")
            .replace("%1", self.result.site or "-")
            .replace("%2", self.result.kiosk_id),
            "success",
        )
