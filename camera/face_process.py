"""The face models in a separate process, so they never hold the UI process's GIL.

dlib's face encoding (and loading its models, and building a Face Mesh graph) runs for 100 ms
to seconds without releasing Python's GIL; in a thread of the UI process that freezes the
screen. So camera.capture.FaceCapture lives in one long-lived child process (started once,
reused for every citizen) and the camera worker thread (ui/camera_worker.py) sends it frames
and gets Guidance and the final CaptureOutcome back over a pipe. The frame source stays in the
UI process (so any camera.sources object or test source works). Nothing here imports Qt.

Protocol (request -> one reply): ("start", options) -> ("started",), options being FaceCapture
arguments (camera.capture.FaceCaptureSettings.capture_options); ("frame", Frame) ->
("guidance", Guidance); ("finish",) -> ("result", CaptureOutcome); ("abort",) -> ("aborted",);
("warm",) -> ("warm", seconds); any failure -> ("error", text).
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing as mp
import threading
import time

log = logging.getLogger(__name__)


class PipelineGone(Exception):
    """The face process died or did not answer in time; the capture cannot go on."""


class Cancelled(Exception):
    """The caller stopped waiting (the citizen left the screen); the reply is read later."""


def _warm_up() -> float:
    """Load every model once (Face Mesh graph, dlib's detector and encoder)."""
    import numpy as np

    from camera.capture import FaceCapture
    from camera.templates import FaceBox, encode_face

    started = time.perf_counter()
    FaceCapture(challenges=["blink"], make_template=False).close()
    try:
        encode_face(np.full((240, 240, 3), 128, np.uint8), FaceBox(60, 60, 180, 180))
    except Exception:  # nothing to encode in a grey square; the models are loaded anyway
        pass
    return time.perf_counter() - started


def _serve(conn) -> None:
    """The child process: one FaceCapture at a time, driven by the parent."""
    import os

    from kiosk.memory import release_free_memory

    os.environ.setdefault("GLOG_minloglevel", "2")
    try:
        os.nice(10)  # the touch screen comes first when both want the CPU
    except (AttributeError, OSError):
        pass
    capture = None
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            break
        kind = message[0]
        try:
            if kind == "frame":
                conn.send(("guidance", capture.process(message[1])))
            elif kind == "start":
                from camera.capture import FaceCapture

                if capture is not None:
                    capture.close()
                capture = FaceCapture(**message[1])
                conn.send(("started",))
            elif kind == "finish":
                outcome, capture = capture.finish(), None
                conn.send(("result", outcome))
                release_free_memory()  # the capture's graph and frames, freed between citizens
            elif kind == "abort":
                if capture is not None:
                    capture.close()
                capture = None
                conn.send(("aborted",))
                release_free_memory()
            elif kind == "warm":
                conn.send(("warm", _warm_up()))
                release_free_memory()
            elif kind == "quit":
                break
            else:
                conn.send(("error", f"unknown request {kind!r}"))
        except Exception as exc:  # report, keep serving
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
    if capture is not None:
        capture.close()


class FacePipeline:
    """Parent side. One capture at a time (`lock`); replies are awaited in small steps so a
    stop request is noticed, but every request still gets its reply read."""

    def __init__(self):
        ctx = mp.get_context("spawn")  # a clean interpreter: no Qt, no inherited threads
        self._conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(
            target=_serve, args=(child,), name="mpp-face-models", daemon=True
        )
        self.process.start()
        child.close()
        self.lock = threading.Lock()
        self._pending = 0  # replies to cancelled requests, still to be read

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    def request(self, message: tuple, timeout: float = 30.0, cancelled=None):
        """Send one request and return its reply. `cancelled()` is checked while waiting; when
        it says so, Cancelled is raised and the late reply is skipped by the next request."""
        try:
            self._drain()
            self._conn.send(message)
            deadline = time.monotonic() + timeout
            while not self._conn.poll(0.05):
                if cancelled is not None and cancelled():
                    self._pending += 1
                    raise Cancelled(message[0])
                if time.monotonic() > deadline:
                    self.kill()
                    raise PipelineGone(f"no answer to {message[0]!r} in {timeout:.0f} s")
            reply = self._conn.recv()
        except (EOFError, OSError) as exc:
            raise PipelineGone(f"face process gone: {exc}") from exc
        if reply[0] == "error":
            raise RuntimeError(reply[1])
        return reply

    def _drain(self, timeout: float = 120.0) -> None:
        while self._pending:
            if not self._conn.poll(timeout):
                self.kill()
                raise PipelineGone("the face process did not finish an earlier request")
            self._conn.recv()
            self._pending -= 1

    def kill(self) -> None:
        """A hung process is ended; shared() starts a fresh one next time."""
        if self.process.is_alive():
            self.process.terminate()

    def close(self, timeout: float = 2.0) -> None:
        try:
            self._conn.send(("quit",))
        except (OSError, BrokenPipeError):
            pass
        self.process.join(timeout)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout)
        self._conn.close()


_shared: FacePipeline | None = None
_shared_lock = threading.Lock()


def shared() -> FacePipeline:
    """The kiosk's face process, started (again) when needed."""
    global _shared
    with _shared_lock:
        if _shared is None or not _shared.alive:
            if _shared is not None:
                log.warning(
                    "face process ended (exit code %s); starting a new one",
                    _shared.process.exitcode,
                )
            _shared = FacePipeline()
        return _shared


def warm_up(background: bool = True) -> None:
    """Start the face process and load its models now (e.g. when the kiosk starts), so the
    first citizen does not wait for them. Runs on a plain thread: the UI is not blocked."""

    def run() -> None:
        try:
            pipeline = shared()
            with pipeline.lock:
                seconds = pipeline.request(("warm",), timeout=120.0)[1]
            log.info("face models ready in %.1f s", seconds)
        except Exception as exc:  # the first capture will report the problem
            log.warning("face models could not be warmed up: %s", exc)

    if background:
        threading.Thread(target=run, name="face-warm-up", daemon=True).start()
    else:
        run()


@atexit.register
def _stop_shared() -> None:
    if _shared is not None:
        _shared.close()
