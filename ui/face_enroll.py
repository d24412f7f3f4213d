"""The demo's "Enroll my face" dialog: a live webcam preview and one button.

Only the demo uses it (app/demo.py hands in what enrolling means); a production kiosk never
stores reference faces.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout

from camera.sources import open_source
from ui.widgets.common import BigButton, Body, Title


def enroll_face_dialog(
    niks: list[str],
    spec: str,
    enroll_frames: Callable[[Iterator], object],
    errors: tuple[type[Exception], ...] = (),
) -> object | None:
    """A live preview from the webcam `spec`; the visitor presses the button and
    enroll_frames(frames) makes the first good frame the reference of `niks`. Returns what
    enroll_frames returned, or None when skipped; an exception in `errors` is shown and the
    visitor may try again."""

    class Relay(QObject):
        finished = Signal(object)

    dialog = QDialog()
    dialog.setWindowTitle("MPP Kiosk demo")
    box = QVBoxLayout(dialog)
    box.addWidget(Title("Enroll my face / Daftarkan wajah saya", dialog))
    shown = ", ".join(niks)
    box.addWidget(
        Body(
            f"Demo NIK: {shown}\nYour face becomes the registered photo of these demo NIKs, "
            "so you can "
            "verify as yourself. Look at the camera and press the button.\n"
            "Wajah Anda menjadi foto terdaftar NIK demo ini.",
            dialog,
        )
    )
    preview = QLabel(dialog)
    preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
    preview.setMinimumSize(640, 360)
    box.addWidget(preview, 1)
    status = Body("", dialog)
    box.addWidget(status)
    row = QHBoxLayout()
    go = BigButton("Enroll my face", "primary", dialog)
    skip = BigButton("Skip", "secondary", dialog)
    row.addWidget(go)
    row.addWidget(skip)
    box.addLayout(row)
    source = open_source(spec)
    result: dict[str, object] = {}
    relay = Relay()

    def show_frame() -> None:
        frame = source.latest(timeout=0.0)
        if frame is None:
            return
        rgb = np.ascontiguousarray(frame.image[:, ::-1])  # mirrored, like a mirror
        h, w = rgb.shape[:2]
        image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
        preview.setPixmap(
            QPixmap.fromImage(image).scaled(preview.size(), Qt.AspectRatioMode.KeepAspectRatio)
        )

    def frames():
        while True:
            frame = source.latest(timeout=1.0)
            if frame is not None:
                yield frame

    def work() -> None:
        try:
            relay.finished.emit(enroll_frames(frames()))
        except errors as exc:
            relay.finished.emit(exc)

    def done(outcome) -> None:
        go.setEnabled(True)
        if isinstance(outcome, Exception):
            status.setText(str(outcome))
            return
        result["enrollment"] = outcome
        dialog.accept()

    def start() -> None:
        go.setEnabled(False)
        status.setText("Looking for your face… / Mencari wajah Anda…")
        threading.Thread(target=work, daemon=True).start()

    relay.finished.connect(done)
    go.clicked.connect(start)
    skip.clicked.connect(dialog.reject)
    timer = QTimer(dialog)
    timer.timeout.connect(show_frame)
    timer.start(60)
    try:
        dialog.resize(900, 800)
        dialog.exec()
    finally:
        timer.stop()
        source.close()
    return result.get("enrollment")  # type: ignore[return-value]
