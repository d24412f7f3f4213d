"""The real `kiosk` command prints only its own output: no mediapipe/absl, TensorFlow Lite,
OpenCV or FFmpeg lines and no pkg_resources warning unless `-v` is given.

Each test runs `python -m app` in a fresh process with stderr merged into stdout, the way a
technician sees it on the terminal.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# What app.quiet sets: left out, so each run shows what the command does on its own.
QUIET_VARIABLES = (
    "OPENCV_LOG_LEVEL",
    "OPENCV_FFMPEG_LOGLEVEL",
    "GLOG_minloglevel",
    "QT_LOGGING_RULES",
    "PYTHONWARNINGS",
)
FOREIGN = re.compile(
    r"^(?:\[ ?(?:WARN|ERROR|INFO)|[IWEF]\d{4} |INFO: |WARNING: All log messages"
    r"|\[mov,|.*UserWarning|.*pkg_resources)",
    re.MULTILINE,
)


def _kiosk(*argv: str, timeout: float = 240) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in QUIET_VARIABLES}
    return subprocess.run(
        [sys.executable, "-m", "app", *argv],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
    )


def test_liveness_json_is_the_whole_output(testdata):
    clip = testdata / "video" / "blinking_step_back.mp4"
    run = _kiosk("liveness", "--source", str(clip), "--challenge", "blink", "--json")
    out = json.loads(run.stdout)  # one JSON document and nothing else, stderr included
    assert run.returncode == 0, run.stdout
    assert out["passed"] is True and out["frames"] > 20


def test_verify_face_json_is_the_whole_output(testdata):
    faces = testdata / "faces"
    run = _kiosk("verify-face", str(faces / "obama.jpg"), str(faces / "obama2.jpg"), "--json")
    out = json.loads(run.stdout)
    assert run.returncode == 0, run.stdout
    assert out["match"] is True


def test_verbose_run_still_succeeds(testdata):
    """With -v the libraries may talk (and debug logs show); the command works the same."""
    clip = testdata / "video" / "blinking_step_back.mp4"
    env = {k: v for k, v in os.environ.items() if k not in QUIET_VARIABLES}
    run = subprocess.run(
        [sys.executable, "-m", "app", "-v", "liveness", "--source", str(clip)]
        + ["--challenge", "blink", "--json"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["passed"] is True


def test_errors_still_reach_the_terminal(tmp_path):
    """Quiet is not mute: our own error shows, FFmpeg's "moov atom not found" does not."""
    bad = tmp_path / "broken.mp4"
    bad.write_bytes(b"not a video")
    run = _kiosk("liveness", "--source", str(bad), "--json")
    assert run.returncode == 1
    assert run.stdout == "error: cannot open video file broken.mp4 (unknown format?)\n"


def test_camera_test_without_a_camera_says_so_plainly():
    """A missing device node is reported by the command, not by OpenCV's probing."""
    run = _kiosk("camera", "test", "--device", "/dev/video-missing", "--seconds", "1")
    assert run.returncode == 0, run.stdout
    assert FOREIGN.search(run.stdout) is None, run.stdout
    assert "camera /dev/video-missing: unavailable" in run.stdout
    assert "achieved: 0.0 fps" in run.stdout


def test_the_native_log_scope_keeps_our_own_lines():
    """camera.native_logs drops mediapipe's info/warning lines written to fd 2 inside its
    scope, and writes back everything else, even a traceback raised inside it."""
    probe = (
        "import os, sys\n"
        "from camera.native_logs import native_logs_muted\n"
        "with native_logs_muted():\n"
        "    os.write(2, b'INFO: Created TensorFlow Lite XNNPACK delegate for CPU.\\n')\n"
        "    os.write(2, b'W0000 00:00:1796064025.039737    4995 x_manager.cc:114] noise\\n')\n"
        "    os.write(2, b'E0000 00:00:1796064025.039737    4995 x_calculator.cc:9] broken\\n')\n"
        "    print('error: ours', file=sys.stderr)\n"
        "with native_logs_muted():\n"
        "    raise RuntimeError('boom')\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert "INFO: Created" not in run.stdout and "noise" not in run.stdout
    assert "x_calculator.cc:9] broken\n" in run.stdout  # native errors are not noise
    assert "error: ours\n" in run.stdout
    assert "Traceback" in run.stdout and "RuntimeError: boom" in run.stdout
