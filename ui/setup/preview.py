"""A live camera preview for the setup wizard that measures the frame rate it gets.

Reuses the kiosk's camera worker (ui/camera_worker.py): its pacing of video files, its
newest-frame-only preview and its stop handling; only the loop differs (no face models, no QR).
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QSize, Signal

from ui.camera_worker import QR, CameraSilent, CameraWorker

log = logging.getLogger("ui.setup")

FPS_WINDOW_S = 1.0  # the measured rate is given once per window
ASPECT = 16 / 9  # the kiosk's cameras (camera.width x camera.height, 1280x720 by default)


def preview_size(area: QSize) -> QSize:
    """The largest 16:9 picture in `area`: the whole camera frame, not a crop of it (the
    technician checks what the camera sees)."""
    width, height = area.width(), area.height()
    if height <= 0 or width <= 0:
        return QSize(640, 360)
    if width / height > ASPECT:
        return QSize(round(height * ASPECT), height)
    return QSize(width, round(width / ASPECT))


def show_preview(worker: CameraWorker, view) -> None:
    """The worker's newest frame into `view`, and the next one sized to it."""
    image = worker.take_preview()
    if image is not None:
        view.set_image(image)
    worker.set_preview_size(preview_size(view.size()))


def retire(worker: CameraWorker, *signals) -> None:
    """Stop a page's camera worker; its late signals must not reach the page."""
    for signal in signals:
        signal.disconnect()
    worker.stop()


class PreviewWorker(CameraWorker):
    """previewReady() as the camera worker; fpsMeasured(float) about once a second;
    failed("camera_unavailable") when the source cannot be opened or goes silent."""

    fpsMeasured = Signal(float)

    def __init__(self, source_factory, parent=None):
        super().__init__(source_factory, mode=QR, max_seconds=24 * 3600.0, parent=parent)
        self.setObjectName("camera-preview")

    def run(self) -> None:
        from camera.sources import SourceError

        try:
            source = self.source_factory()
        except (SourceError, OSError, ValueError) as exc:
            log.warning("camera cannot be opened: %s", exc)
            self.failed.emit("camera_unavailable")
            return
        try:
            window_start, count = None, 0
            for frame in self._frames(source):
                self._publish(frame.image)
                if window_start is None:  # timed from the first frame: opening is not capture
                    window_start = time.monotonic()
                    continue
                count += 1
                elapsed = time.monotonic() - window_start
                if elapsed >= FPS_WINDOW_S:
                    self.fpsMeasured.emit(count / elapsed)
                    window_start, count = time.monotonic(), 0
        except CameraSilent as exc:
            log.warning("camera gives no frames: %s", exc)
            if not self.isInterruptionRequested():
                self.failed.emit("camera_unavailable")
        except Exception:  # a preview must never take the wizard down
            log.exception("camera preview failed")
            if not self.isInterruptionRequested():
                self.failed.emit("camera_unavailable")
        finally:
            source.close()
