"""Runs document capture (camera/documents.py) on a QThread so the UI never waits on a camera.

The worker reads frames from a frame source, checks each with DocumentCapture, and sends the
UI a small preview (with the guide frame and the outline found drawn in) plus the instruction
code. When the document is sharp and steady, or when the citizen presses the shutter
(`shoot()`), it checks what was taken for the kind of document asked for (camera.documents.
refusal: a portrait photo has one face, a paper is no face) and sends the flattened JPEG, or
the reason it was refused, and stops.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QImage

from camera.documents import (
    PAPER,
    DocumentCapture,
    DocumentSettings,
    encode_jpeg,
    manual_image,
    refusal,
)
from camera.sources import CameraSource
from ui.threads import retire

log = logging.getLogger("ui.documents")

PREVIEW_WIDTH = 960
GUIDE = (255, 255, 255)
FOUND = (242, 169, 0)  # amber: found, not ready yet
READY = (60, 154, 82)  # green: captured


def to_qimage(rgb: np.ndarray) -> QImage:
    rgb = np.ascontiguousarray(rgb)
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


def preview(rgb: np.ndarray, quad: np.ndarray | None, ready: bool) -> QImage:
    """A downscaled frame with the guide rectangle and the detected outline."""
    scale = min(1.0, PREVIEW_WIDTH / rgb.shape[1])
    small = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    h, w = small.shape[:2]
    mx, my = int(w * 0.08), int(h * 0.08)
    cv2.rectangle(small, (mx, my), (w - mx, h - my), GUIDE, 2, cv2.LINE_AA)
    if quad is not None:
        pts = (quad * scale).astype(np.int32).reshape(-1, 1, 2)
        cv2.polylines(small, [pts], True, READY if ready else FOUND, 6, cv2.LINE_AA)
    return to_qimage(small)


class DocumentWorker(QThread):
    frameReady = Signal(QImage, str)
    captured = Signal(bytes, QImage)  # JPEG of the flattened document, its preview
    refused = Signal(str, QImage)  # camera.documents.REFUSALS code, the picture refused
    failed = Signal(str)  # the camera could not be opened or read (message for logs)
    ended = Signal()  # the source ran out of frames without a capture (video files)

    def __init__(
        self,
        source_factory: Callable[[], Any],
        settings: DocumentSettings | None = None,
        parent=None,
        kind: str = PAPER,
    ):
        super().__init__(parent)
        self.source_factory = source_factory
        self.settings = settings
        self.kind = kind  # the catalog document's kind: what the picture must be
        self._stop = False
        self._shoot = False

    def shoot(self) -> None:
        """The citizen pressed the shutter: take the next frame as it is."""
        self._shoot = True

    def stop(self, wait_ms: int = 3000) -> bool:
        """End capture; the thread is deleted once it has ended (ui/threads.py)."""
        self._stop = True
        return retire(self, wait_ms)

    def run(self) -> None:
        try:
            source = self.source_factory()
        except Exception as exc:  # no camera: the screen tells the citizen to ask staff
            log.warning("document camera unavailable: %s", exc)
            self.failed.emit(str(exc))
            return
        capture = DocumentCapture(self.settings, kind=self.kind)
        # Files and in-memory clips give frames as fast as they can be read: play them at their
        # own rate, like a camera, so the check sees real time and the UI is not flooded.
        paced = not isinstance(source, CameraSource)
        started = time.monotonic()
        first = None
        try:
            for frame in source.frames():
                if self._stop:
                    return
                if paced:
                    first = frame.timestamp if first is None else first
                    delay = started + (frame.timestamp - first) - time.monotonic()
                    if delay > 0:
                        self.msleep(int(delay * 1000))
                    if self._stop:
                        return
                check = capture.check(frame.image)
                self.frameReady.emit(preview(frame.image, check.quad, check.ready), check.code)
                if check.ready or self._shoot:
                    image = capture.image if check.ready else manual_image(frame.image, check.quad)
                    self._deliver(image)
                    return
            if not self._stop:
                self.ended.emit()
        except Exception as exc:
            log.exception("document capture failed")
            self.failed.emit(str(exc))
        finally:
            try:
                source.close()
            except Exception:
                log.exception("closing the document camera failed")

    def _deliver(self, image: np.ndarray) -> None:
        why = refusal(image, self.kind)
        if self._stop:
            return
        if why is not None:
            log.info("document capture refused: %s (kind %s)", why, self.kind)
            self.refused.emit(why, to_qimage(image))
        else:
            self.captured.emit(encode_jpeg(image), to_qimage(image))
