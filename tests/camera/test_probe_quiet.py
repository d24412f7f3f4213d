"""Probing a camera that is not there prints nothing of OpenCV's own (its "[ WARN:0@...]
cap_v4l.cpp ... can't open camera by index" and "[ERROR...] obsensor ..." lines), even with
`kiosk -v` (app.quiet sets nothing then) and no OPENCV_LOG_LEVEL in the environment.

Each run is a fresh process, the way a technician sees the terminal. The first test shows that
this machine's OpenCV does print those lines for an absent device, so the others can fail.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
OPENCV_LINE = re.compile(r"^\[ ?(?:WARN|ERROR|INFO)[:\]]", re.MULTILINE)
QUIET_VARIABLES = ("OPENCV_LOG_LEVEL", "OPENCV_FFMPEG_LOGLEVEL")


def _absent_index() -> int:
    index = next(i for i in range(40, 64) if not Path(f"/dev/video{i}").exists())
    return index


def _python(code: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in QUIET_VARIABLES}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="V4L2 device indexes (Linux kiosks)"
)


def test_opencv_itself_warns_about_an_absent_camera():
    run = _python("import sys, cv2; cv2.VideoCapture(int(sys.argv[1]))", str(_absent_index()))
    assert run.returncode == 0, run.stderr
    assert OPENCV_LINE.search(run.stderr), run.stderr


def test_probing_an_absent_camera_prints_no_opencv_line_and_restores_the_level():
    code = (
        "import sys, cv2\n"
        "from camera.sources import open_capture\n"
        "before = cv2.getLogLevel()\n"
        "cap = open_capture(int(sys.argv[1]))\n"
        "print(cap.isOpened(), before, cv2.getLogLevel())\n"
    )
    run = _python(code, str(_absent_index()))
    assert run.returncode == 0, run.stderr
    assert OPENCV_LINE.search(run.stderr) is None, run.stderr
    assert run.stdout.split() == ["False", "3", "3"]  # not opened; warning level put back


def test_a_level_raised_on_purpose_is_kept():
    code = (
        "import sys, cv2\n"
        "from camera.sources import open_capture\n"
        "cv2.setLogLevel(4)\n"
        "open_capture(int(sys.argv[1]))\n"
    )
    run = _python(code, str(_absent_index()))
    assert OPENCV_LINE.search(run.stderr), run.stderr  # OPENCV_LOG_LEVEL=INFO still talks


def test_kiosk_camera_test_verbose_prints_no_opencv_line(tmp_path):
    index = str(_absent_index())
    run = _python(
        "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))",
        "-v",
        "--data-dir",
        str(tmp_path),
        "camera",
        "test",
        "--device",
        index,
        "--seconds",
        "1",
    )
    assert run.returncode == 0, run.stderr
    assert OPENCV_LINE.search(run.stderr) is None, run.stderr
    assert f"camera {index}: no frame (unavailable)" in run.stdout
