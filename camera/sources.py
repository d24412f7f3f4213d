"""Frame sources: a webcam through OpenCV, a video file, a still image. All give RGB frames.

Live capture runs on its own thread and keeps only the newest frame, so a slow consumer never
builds a backlog. File sources can give every frame in order (tests, `kiosk liveness`), so
results do not depend on machine load. Each frame carries its timestamp: the stream's own for
files, the monotonic clock at capture for cameras.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kiosk.config import DEFAULTS

log = logging.getLogger(__name__)


# OpenCV's log levels (cv2.getLogLevel): 0 silent ... 3 warning (its default) ... 6 verbose
_CV_SILENT, _CV_WARNING = 0, 3
_probe_lock = threading.Lock()
_probes = 0
_saved_cv_level: int | None = None


@contextmanager
def opencv_quiet() -> Iterator[None]:
    """OpenCV's own lines while a camera is probed ("[ WARN:0@...] cap_v4l.cpp ... can't open
    camera by index", "[ERROR:...] obsensor ... index out of range", one per backend tried)
    stay off the terminal; our own status says what happened. The level is put back when the
    last probe (of any thread) ends; a level raised on purpose (OPENCV_LOG_LEVEL=INFO) is kept.
    """
    import cv2

    global _probes, _saved_cv_level
    with _probe_lock:
        if _probes == 0:
            level = cv2.getLogLevel()
            if level <= _CV_WARNING:
                cv2.setLogLevel(_CV_SILENT)
                _saved_cv_level = level
        _probes += 1
    try:
        yield
    finally:
        with _probe_lock:
            _probes -= 1
            if _probes == 0 and _saved_cv_level is not None:
                cv2.setLogLevel(_saved_cv_level)
                _saved_cv_level = None


def open_capture(device: int | str):
    """cv2.VideoCapture(device) with OpenCV's probing chatter silenced (opencv_quiet)."""
    import cv2

    with opencv_quiet():
        return cv2.VideoCapture(device)


class SourceError(Exception):
    """The source cannot be opened or read; the message says what to check."""


@dataclass(frozen=True)
class Frame:
    image: np.ndarray  # RGB uint8, H x W x 3
    timestamp: float  # seconds
    index: int


class FrameSource:
    """Common interface. `frames()` yields frames until the source ends or close() is called;
    `latest(timeout)` returns the newest frame not yet returned (live sources) or None."""

    fps: float = 0.0

    def frames(self) -> Iterator[Frame]:
        raise NotImplementedError

    def latest(self, timeout: float = 1.0) -> Frame | None:
        return next(iter(self.frames()), None)

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _to_rgb(bgr: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


class StillImageSource(FrameSource):
    """One image, given `repeat` times at `fps` (a photo held still in front of a camera)."""

    def __init__(self, image_or_path, repeat: int = 1, fps: float = 30.0):
        if isinstance(image_or_path, str | Path):
            from camera.photo import PhotoTooLarge, load_rgb

            try:
                image = load_rgb(Path(image_or_path))
            except PhotoTooLarge as exc:
                raise SourceError(f"{Path(image_or_path).name}: {exc}") from None
            if image is None:
                raise SourceError(f"cannot read image {Path(image_or_path).name}")
        else:
            image = np.asarray(image_or_path)
        self.image, self.repeat, self.fps = image, max(1, repeat), fps

    def frames(self) -> Iterator[Frame]:
        for i in range(self.repeat):
            yield Frame(self.image, i / self.fps, i)


class ArraySource(FrameSource):
    """Frames made in memory (RGB arrays) at a fixed frame rate; used for generated clips."""

    def __init__(self, images, fps: float = 30.0):
        self.images, self.fps = list(images), fps

    def frames(self) -> Iterator[Frame]:
        for i, image in enumerate(self.images):
            yield Frame(image, i / self.fps, i)


class VideoFileSource(FrameSource):
    """Every frame of a video file, in order, with the stream's own timestamps."""

    def __init__(self, path):
        import cv2

        self.path = Path(path)
        if not self.path.is_file():
            raise SourceError(f"video file not found: {self.path}")
        self._cap = cv2.VideoCapture(str(self.path))
        if not self._cap.isOpened():
            raise SourceError(f"cannot open video file {self.path.name} (unknown format?)")
        self.fps = float(self._cap.get(cv2.CAP_PROP_FPS) or 0.0) or 30.0

    def frames(self) -> Iterator[Frame]:
        import cv2

        index = 0
        while self._cap is not None:
            ok, bgr = self._cap.read()
            if not ok:
                return
            msec = self._cap.get(cv2.CAP_PROP_POS_MSEC)
            ts = msec / 1000.0 if msec > 0 or index == 0 else index / self.fps
            yield Frame(_to_rgb(bgr), ts, index)
            index += 1

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None


class CameraSource(FrameSource):
    """A webcam (device index or path) read on a background thread, newest frame only.

    When reading fails (unplugged) it reports `disconnected`, retries opening every
    `retry_interval` seconds and reports `reconnected` when frames come again. `on_status` is
    called from the capture thread with "connected", "disconnected" or "reconnected".
    """

    def __init__(
        self,
        device: int | str,
        width: int = DEFAULTS["camera.width"],
        height: int = DEFAULTS["camera.height"],
        fps: float = DEFAULTS["camera.fps"],
        retry_interval: float = 1.0,
        on_status: Callable[[str], None] | None = None,
    ):
        self.device, self.width, self.height, self.fps = device, width, height, fps
        self.retry_interval = retry_interval
        self.on_status = on_status
        self.status = "starting"
        self.events: list[tuple[float, str]] = []
        self._cond = threading.Condition()
        self._frame: Frame | None = None
        self._delivered = -1
        self._count = 0
        self._stop = threading.Event()
        # A regular file given as the device (tests, demos) is paced like a live camera.
        self._paced = isinstance(device, str | Path) and Path(device).is_file()
        self._thread = threading.Thread(target=self._run, name="camera-capture", daemon=True)
        self._thread.start()

    def _open(self):
        if device_node_missing(self.device):
            return None  # unplugged: OpenCV would only print warnings, every retry
        import cv2

        cap = open_capture(self.device)
        if not cap.isOpened():
            cap.release()
            return None
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        cap.set(cv2.CAP_PROP_FPS, self.fps)
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # drivers that honour it keep no stale frames
        return cap

    def _report(self, status: str) -> None:
        self.status = status
        self.events.append((time.monotonic(), status))
        log.warning("camera %s: %s", self.device, status) if status == "disconnected" else log.info(
            "camera %s: %s", self.device, status
        )
        if self.on_status:
            try:
                self.on_status(status)
            except Exception:  # a broken listener must not stop capture
                log.exception("camera status listener failed")

    def _run(self) -> None:
        cap, ever_connected, next_due = None, False, time.monotonic()
        while not self._stop.is_set():
            if cap is None:
                cap = self._open()
                if cap is None:
                    if self.status not in ("disconnected", "unavailable"):
                        self._report("disconnected" if ever_connected else "unavailable")
                    self._stop.wait(self.retry_interval)
                    continue
            ok, bgr = cap.read()
            if not ok or bgr is None:  # unplugged, or a device that opens but gives nothing
                cap.release()
                cap = None
                lost = "disconnected" if ever_connected else "unavailable"
                if self.status != lost:
                    self._report(lost)
                self._stop.wait(self.retry_interval)
                continue
            if self.status not in ("connected", "reconnected"):
                self._report("reconnected" if ever_connected else "connected")
                ever_connected = True
            if self._paced:  # a file standing in for a camera delivers at the camera's rate
                next_due = max(next_due + 1.0 / self.fps, time.monotonic() - 0.1)
                self._stop.wait(max(0.0, next_due - time.monotonic()))
            frame = Frame(_to_rgb(bgr), time.monotonic(), self._count)
            self._count += 1
            with self._cond:
                self._frame = frame
                self._cond.notify_all()
        if cap is not None:
            cap.release()

    def latest(self, timeout: float = 1.0) -> Frame | None:
        """The newest frame not returned before, waiting up to `timeout` s; None if none."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._frame is None or self._frame.index == self._delivered:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._stop.is_set():
                    return None
                self._cond.wait(remaining)
            self._delivered = self._frame.index
            return self._frame

    def frames(self) -> Iterator[Frame]:
        while not self._stop.is_set():
            frame = self.latest(timeout=self.retry_interval)
            if frame is not None:
                yield frame

    def close(self) -> None:
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        self._thread.join(timeout=5)


def device_node_missing(device: int | str | Path) -> bool:
    """True for a Linux camera whose /dev node does not exist (index N is /dev/videoN).

    OpenCV would try its backends one by one and print a warning for each; without the node
    there is nothing any of them could open.
    """
    if not is_device(device):
        return False  # a file standing in for a camera
    device = camera_device(device)
    if isinstance(device, int):
        return sys.platform.startswith("linux") and not Path(f"/dev/video{device}").exists()
    return not Path(device).exists()


def list_cameras(max_index: int = 5) -> list[dict]:
    """Cameras that open, as {"device", "width", "height"}.

    On Linux only the /dev/video* nodes that exist are tried (no node: no camera, and OpenCV
    is not asked); elsewhere the indexes 0 .. max_index-1.
    """
    if sys.platform.startswith("linux"):
        candidates: list[int | str] = sorted(str(p) for p in Path("/dev").glob("video*"))
    else:
        candidates = list(range(max_index))
    if not candidates:
        return []
    found = []
    for device in candidates:
        cap = open_capture(device)
        try:
            if cap.isOpened():
                with opencv_quiet():  # a metadata node (UVC's second /dev/video) warns here
                    ok, bgr = cap.read()
                if ok and bgr is not None:
                    found.append({"device": device, "width": bgr.shape[1], "height": bgr.shape[0]})
        finally:
            cap.release()
    return found


def is_device(spec: str | int | Path) -> bool:
    """Does `spec` name a camera (an index such as 0 or "0", or a /dev/ path) rather than a
    video or photo file?"""
    if isinstance(spec, int):
        return True
    text = str(spec)
    return text.isdigit() or text.startswith("/dev/")


def camera_device(spec: str | int | Path) -> int | str:
    """What OpenCV opens for a camera spec: the index as a number, a device path as it is."""
    text = str(spec)
    return int(text) if text.isdigit() else text


def open_source(
    spec: str,
    width: int = DEFAULTS["camera.width"],
    height: int = DEFAULTS["camera.height"],
    fps: float = DEFAULTS["camera.fps"],
) -> FrameSource:
    """'0' or '/dev/video0' -> camera; a video file -> every frame; an image -> still."""
    if is_device(spec):
        return CameraSource(camera_device(spec), width, height, fps)
    path = Path(spec)
    if path.suffix.lower() in (".jpg", ".jpeg", ".png", ".bmp", ".webp"):
        return StillImageSource(path)
    return VideoFileSource(path)


def source_from_config(config=None, device: str | None = None) -> FrameSource:
    """The frame source named by the configuration's [camera] table (None: the defaults);
    `device` (e.g. --camera) replaces camera.device."""

    def setting(key: str):
        return DEFAULTS[key] if config is None else config[key]

    return open_source(
        str(device if device is not None else setting("camera.device")),
        int(setting("camera.width")),
        int(setting("camera.height")),
        float(setting("camera.fps")),
    )
