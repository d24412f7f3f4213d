"""mediapipe's start-up chatter kept off the terminal, without hiding anything else.

mediapipe's C++ threads write straight to file descriptor 2 when a graph starts ("INFO: Created
TensorFlow Lite XNNPACK delegate for CPU.", "WARNING: All log messages before
absl::InitializeLog() is called are written to STDERR", "W0000 ... inference_feedback_manager")
and once per process at the first face it projects ("W0000 ... landmark_projection_calculator").
This build logs through absl, reads no environment switch for it (GLOG_minloglevel does
nothing for these lines) and exports no function to set absl's level. So `native_logs_muted()`
points fd 2 at a temporary file around exactly those calls, restores fd 2 in a finally, then
writes back every captured line that is not such an info or warning line: our own messages,
Python warnings and tracebacks from other threads, native errors. With debug logging on
(`kiosk -v`) it redirects nothing and the lines show as they come.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)

# Lines dropped from the capture; anything else is written back to fd 2.
NOISE = re.compile(
    rb"^(?:[IW]\d{4} \d\d:\d\d:[\d.]+ +\d+ [\w.-]+:\d+\] "  # absl/glog info and warnings
    rb"|INFO: \S"  # TensorFlow Lite's info lines (uvicorn pads its "INFO:" with spaces)
    rb"|WARNING: All log messages before absl::InitializeLog\(\) is called)"
)

_lock = threading.Lock()
_depth = 0  # scopes open in any thread: fd 2 is restored when the last one closes
_saved_fd: int | None = None
_capture = None


def _flush_python_stderr() -> None:
    for stream in (sys.stderr, sys.__stderr__):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass


def _enter() -> None:
    global _depth, _saved_fd, _capture
    with _lock:
        if _depth == 0:
            _flush_python_stderr()
            try:
                capture = tempfile.TemporaryFile()
            except OSError:
                capture = None
            saved = None
            if capture is not None:
                try:
                    saved = os.dup(2)
                    os.dup2(capture.fileno(), 2)
                except OSError:  # no fd 2 at all: nothing to keep clean
                    if saved is not None:
                        os.close(saved)
                    saved = None
                    capture.close()
            if saved is not None:
                _saved_fd, _capture = saved, capture
        _depth += 1


def _exit() -> None:
    global _depth, _saved_fd, _capture
    with _lock:
        _depth -= 1
        if _depth or _saved_fd is None:
            return
        _flush_python_stderr()
        saved, capture = _saved_fd, _capture
        _saved_fd = _capture = None
        try:
            os.dup2(saved, 2)
        finally:
            os.close(saved)
        try:
            capture.seek(0)
            kept = b"".join(line for line in capture if not NOISE.match(line))
        finally:
            capture.close()
        view = memoryview(kept)
        while view:
            view = view[os.write(2, view) :]


@contextmanager
def native_logs_muted(active: bool = True) -> Iterator[None]:
    """Keep mediapipe's native info and warning lines off fd 2 while the block runs."""
    if not active or log.isEnabledFor(logging.DEBUG):
        yield
        return
    _enter()
    try:
        yield
    finally:
        _exit()


def wait_until_started(solution) -> None:
    """Block until a mediapipe solution's graph has opened every calculator (loaded its
    models), so the lines that start-up prints from mediapipe's threads come now, inside the
    caller's `native_logs_muted()`, instead of at some later moment outside it."""
    graph = getattr(solution, "_graph", None)
    if graph is not None and hasattr(graph, "wait_until_idle"):
        graph.wait_until_idle()
