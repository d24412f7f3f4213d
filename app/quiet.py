"""A quiet terminal: third-party libraries' chatter stays off it unless `kiosk -v` is given.

app.cli runs every subcommand inside `quiet_native_libraries(verbose)`. Each library is turned
down with its own switch, set before it loads (the subcommands import them inside their
handlers). The environment also reaches child processes, such as the face-model process of the
kiosk UI. When the subcommand returns, the environment and the warning filters are put back, so
a test that calls app.cli.main() in-process leaves no trace.

- OpenCV: OPENCV_LOG_LEVEL=ERROR (its "[ WARN:0@...] global cap_v4l.cpp ..." lines) and
  OPENCV_FFMPEG_LOGLEVEL=-8 (AV_LOG_QUIET: FFmpeg's "moov atom not found" and the like when a
  file cannot be read; our own error says so). camera.sources also leaves absent /dev/video*
  nodes alone instead of asking OpenCV.
- glog (linked into mediapipe): GLOG_minloglevel=2, errors only. mediapipe's absl lines have
  no such switch; camera.native_logs keeps them off fd 2 around the graph start.
- face_recognition_models: its import of pkg_resources raises setuptools' "pkg_resources is
  deprecated" UserWarning; ignored for that module only, here and, through PYTHONWARNINGS, in
  child interpreters.
- Qt: QT_LOGGING_RULES turns off qt.multimedia.symbolsresolver (optional libraries such as
  PipeWire or VA-API not installed) and the info lines of qt.multimedia.ffmpeg* (its version,
  FFmpeg's "Input #0 ..." dump of every prompt sound played).

Settings already in the environment win, so one library can be made talkative again (for
example OPENCV_LOG_LEVEL=DEBUG kiosk camera test). Python logging is not touched: the server
keeps its access and error logs.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

NATIVE_ENV = {
    "OPENCV_LOG_LEVEL": "ERROR",
    "OPENCV_FFMPEG_LOGLEVEL": "-8",
    "GLOG_minloglevel": "2",
}
QT_RULES = "qt.multimedia.symbolsresolver=false;qt.multimedia.ffmpeg*.info=false"
PKG_RESOURCES_MESSAGE = "pkg_resources is deprecated as an API"
PKG_RESOURCES_MODULE = "face_recognition_models"
CHILD_WARNING_FILTER = f"ignore:{PKG_RESOURCES_MESSAGE}:UserWarning:{PKG_RESOURCES_MODULE}"


@contextmanager
def quiet_native_libraries(verbose: bool) -> Iterator[None]:
    """Turn the libraries' own logging down while the block runs; with `verbose` leave
    everything as it is."""
    if verbose:
        yield
        return
    names = (*NATIVE_ENV, "QT_LOGGING_RULES", "PYTHONWARNINGS")
    saved = {name: os.environ.get(name) for name in names}
    with warnings.catch_warnings():
        for name, value in NATIVE_ENV.items():
            os.environ.setdefault(name, value)
        # Qt and Python let later rules override earlier ones: the user's come after ours.
        _prepend("QT_LOGGING_RULES", QT_RULES, ";")
        _prepend("PYTHONWARNINGS", CHILD_WARNING_FILTER, ",")
        warnings.filterwarnings(
            "ignore",
            message=PKG_RESOURCES_MESSAGE,
            category=UserWarning,
            module=re.escape(PKG_RESOURCES_MODULE) + r"\Z",
            append=True,  # after any -W / PYTHONWARNINGS filter the user gave
        )
        try:
            yield
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def _prepend(name: str, value: str, separator: str) -> None:
    current = os.environ.get(name, "")
    if value not in current:
        os.environ[name] = separator.join(v for v in (value, current) if v)
