"""The camera pipeline on its own QThread, so the UI thread never waits for a frame or a model.

One worker per capture: it opens the frame source, runs either the per-citizen face pipeline
(camera.capture.FaceCapture: tracking, quality guidance, liveness, template) or a QR reader
(cv2.QRCodeDetector for "Cek status"), and talks to the UI only through queued signals:

- previewReady(): a new mirrored preview QImage is waiting; the view takes it with
  `take_preview()`. Only the newest image is kept, so a busy UI thread never builds a backlog.
- guidance(object): camera.capture.Guidance for every processed frame (face mode).
- captured(object): camera.capture.CaptureOutcome of a usable capture (live, with a template).
- failed(str): a kiosk.ports.FACE_FAILURE_REASONS code: "camera_unavailable" when the camera or
  the pipeline fails, otherwise the capture's own CaptureOutcome.failure_reason();
  `outcome` then holds that CaptureOutcome (its verdict() and problem name what went wrong).
- qrFound(str): the text of a QR code (qr mode; scanning goes on until stopped).

The worker converts and scales images itself (QImage is safe off the UI thread; QPixmap is not).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QSize, QThread, Signal
from PySide6.QtGui import QImage

from ui.threads import retire

log = logging.getLogger(__name__)

FACE, QR = "face", "qr"


def to_qimage(rgb: np.ndarray, mirror: bool = True, fit: QSize | None = None) -> QImage:
    """RGB array -> QImage that owns its pixels, mirrored like a mirror, centre-cropped to the
    aspect of `fit` and scaled to exactly `fit`. OpenCV does the work and releases the GIL
    meanwhile; only the visible part is scaled."""
    import cv2

    height, width = rgb.shape[:2]
    if fit is not None and fit.width() > 0 and fit.height() > 0:
        scale = max(fit.width() / width, fit.height() / height)
        crop_w = min(width, round(fit.width() / scale))
        crop_h = min(height, round(fit.height() / scale))
        x, y = (width - crop_w) // 2, (height - crop_h) // 2
        rgb = rgb[y : y + crop_h, x : x + crop_w]
        size = (fit.width(), fit.height())
        if size != (crop_w, crop_h):
            rgb = cv2.resize(rgb, size, interpolation=cv2.INTER_LINEAR)
    if mirror:
        rgb = cv2.flip(rgb, 1)
    rgb = np.ascontiguousarray(rgb)
    height, width = rgb.shape[:2]
    return QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


def _lower_priority(step: int = 5) -> None:
    """Let the UI thread win the CPU when both want it (Linux: nice value per thread)."""
    import os

    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), step)
    except (AttributeError, OSError):
        pass


class CameraSilent(Exception):
    """The camera opened (or is retrying) but gives no frames."""


class CameraWorker(QThread):
    previewReady = Signal()
    guidance = Signal(object)
    captured = Signal(object)
    failed = Signal(str)
    qrFound = Signal(str)

    def __init__(
        self,
        source_factory: Callable[[], Any],
        mode: str = FACE,
        face_options: dict | None = None,
        max_seconds: float = 45.0,
        realtime: bool = True,
        qr_every: int = 3,
        parent=None,
    ):
        """source_factory() -> camera.sources.FrameSource. face_options go to FaceCapture
        (camera.capture.FaceCaptureSettings.capture_options()). max_seconds: give up (no_face) when
        no result came in that time. realtime: play files at their own speed (as a camera)."""
        super().__init__(parent)
        if mode not in (FACE, QR):
            raise ValueError(f"mode must be {FACE!r} or {QR!r}, not {mode!r}")
        self.source_factory = source_factory
        self.mode = mode
        self.face_options = dict(face_options or {})
        self.max_seconds = max_seconds
        self.realtime = realtime
        self.qr_every = max(1, qr_every)
        self._lock = threading.Lock()
        self._preview: QImage | None = None
        self._preview_size = QSize(640, 480)
        self.no_frame_s = 6.0
        self.frames = 0
        self.process_ms: list[float] = []  # time per frame in the pipeline (for bench/)
        self.outcome = None  # camera.capture.CaptureOutcome once the capture has ended
        self.setObjectName(f"camera-{mode}")

    # ----- called from the UI thread -----------------------------------------------------------

    def set_preview_size(self, size: QSize) -> None:
        with self._lock:
            self._preview_size = QSize(size)

    def take_preview(self) -> QImage | None:
        with self._lock:
            image, self._preview = self._preview, None
        return image

    def stop(self, wait_ms: int = 100) -> bool:
        """Ask the thread to end and let it go (ui/threads.py deletes it once it has ended);
        True when it ended within wait_ms. A thread busy in a request to the face process
        notices the stop within ~50 ms, or ends when that request does; the UI does not wait."""
        return retire(self, wait_ms)

    # ----- worker thread -----------------------------------------------------------------------

    def run(self) -> None:
        from camera.face_process import Cancelled
        from camera.sources import SourceError

        _lower_priority()

        try:
            source = self.source_factory()
        except (SourceError, OSError, ValueError) as exc:
            log.warning("camera cannot be opened: %s", exc)
            self.failed.emit("camera_unavailable")
            return
        try:
            if self.mode == FACE:
                self._run_face(source)
            else:
                self._run_qr(source)
        except Cancelled:
            pass  # the screen was left: nothing to report
        except CameraSilent as exc:
            log.warning("camera gives no frames: %s", exc)
            if not self.isInterruptionRequested():
                self.failed.emit("camera_unavailable")
        except Exception:  # the pipeline must never take the kiosk down with it
            log.exception("camera pipeline failed")
            if not self.isInterruptionRequested():
                self.failed.emit("camera_unavailable")
        finally:
            source.close()

    def _frames(self, source):
        """Frames in order; a file source is paced to its timestamps when realtime is set.
        A live camera that gives no frame for `no_frame_s` raises CameraSilent."""
        started = time.monotonic()
        if hasattr(source, "latest") and hasattr(source, "events"):  # camera.sources.CameraSource
            frames = self._live_frames(source)
        else:
            frames = self._paced(source.frames(), started)
        for frame in frames:
            if self.isInterruptionRequested():
                return
            self.frames += 1
            yield frame
            if time.monotonic() - started > self.max_seconds:
                return

    def _live_frames(self, source):
        last = time.monotonic()
        while not self.isInterruptionRequested():
            frame = source.latest(timeout=0.2)  # short waits: a stop request is seen quickly
            if frame is not None:
                last = time.monotonic()
                yield frame
            elif time.monotonic() - last > self.no_frame_s:
                raise CameraSilent(f"no frame for {self.no_frame_s:.0f} s")

    def _paced(self, frames, started: float):
        first_ts = None
        for frame in frames:
            if self.realtime:
                if first_ts is None:
                    first_ts = frame.timestamp
                delay = (frame.timestamp - first_ts) - (time.monotonic() - started)
                if delay > 0:
                    self.msleep(int(delay * 1000))
            yield frame

    def _publish(self, rgb: np.ndarray) -> None:
        with self._lock:
            size = QSize(self._preview_size)
        image = to_qimage(rgb, mirror=True, fit=size)
        with self._lock:
            fresh = self._preview is None
            self._preview = image
        if fresh:  # otherwise the UI has not taken the previous one yet: it gets the newest
            self.previewReady.emit()

    def _run_face(self, source) -> None:
        # The models run in the face process (camera/face_process.py): dlib holds the GIL for
        # 100+ ms per encoding, which would freeze the UI if it ran in this thread.
        from camera.face_process import PipelineGone, shared

        stop = self.isInterruptionRequested
        pipeline = shared()
        with pipeline.lock:
            finished = False
            try:
                pipeline.request(("start", self.face_options), timeout=120.0, cancelled=stop)
                for frame in self._frames(source):
                    t0 = time.perf_counter()
                    guidance = pipeline.request(("frame", frame), cancelled=stop)[1]
                    self.process_ms.append((time.perf_counter() - t0) * 1000)
                    self._publish(frame.image)
                    self.guidance.emit(guidance)
                    if guidance.done:
                        break
                if self.isInterruptionRequested():
                    return
                # Also when the frames ran out first: the outcome tells why (e.g. no face).
                outcome = pipeline.request(("finish",))[1]
                finished = True
            finally:
                if not finished:
                    try:
                        pipeline.request(("abort",))
                    except (PipelineGone, RuntimeError):
                        pass  # a new process is started for the next capture
        if self.isInterruptionRequested():
            return
        self.outcome = outcome
        reason = outcome.failure_reason()
        if reason is None:
            self.captured.emit(outcome)
        else:
            self.failed.emit(reason)

    def _run_qr(self, source) -> None:
        import cv2

        detector = cv2.QRCodeDetector()
        last, last_at = "", 0.0
        for frame in self._frames(source):
            self._publish(frame.image)
            if (self.frames - 1) % self.qr_every:
                continue
            t0 = time.perf_counter()
            text, _points, _ = detector.detectAndDecode(frame.image)
            self.process_ms.append((time.perf_counter() - t0) * 1000)
            # Keep scanning (the next receipt); repeat the same code at most once a second.
            if text and (text != last or time.monotonic() - last_at > 1.0):
                last, last_at = text, time.monotonic()
                self.qrFound.emit(text)
