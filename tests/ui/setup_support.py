"""Helpers for the setup wizard tests (tests/ui/test_setup_wizard.py); no tests here.

The wizard is built with the real actions of `kiosk run` (app.commands.setup.setup_actions):
enrollment against the shared demo server over loopback, the kiosk's own TOML file in
tmp_path, a printer writing ESC/POS to a file. The camera is a video file (a webcam stand-in).
"""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import segno
from PySide6.QtCore import Qt

from app.demo import DEMO_REGION
from server.enrollment import create_enroll_code

SITE = "MPP Kota Bandung"


def enroll_code(demo, with_zero: bool = False) -> str:
    """A fresh one-time code for SITE (with a 0 in it when asked, to type it as an O)."""
    while True:
        code, _expires = create_enroll_code(demo.ctx, SITE, 600, DEMO_REGION)
        if not with_zero or "0" in code:
            return code


def qr_video(path: Path, payload: dict, frames: int = 30, fps: float = 15.0) -> Path:
    """A short clip of the enrollment QR code held in front of the camera (as
    `server admin enroll-code` prints it: compact JSON), written with OpenCV's mp4v codec."""
    text = json.dumps(payload, separators=(",", ":"))
    modules = np.array(segno.make(text, error="m").matrix, dtype=np.uint8)
    scale = 10
    qr = np.kron(1 - modules, np.ones((scale, scale), np.uint8)) * 255
    qr = np.pad(qr, 4 * scale, constant_values=255)
    canvas = np.full((720, 1280), 150, np.uint8)  # a grey room around a white sheet
    y, x = (720 - qr.shape[0]) // 2, (1280 - qr.shape[1]) // 2
    canvas[y : y + qr.shape[0], x : x + qr.shape[1]] = qr
    bgr = cv2.cvtColor(canvas, cv2.COLOR_GRAY2BGR)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (1280, 720))
    try:
        for _ in range(frames):
            writer.write(bgr)
    finally:
        writer.release()
    assert path.stat().st_size > 0, "OpenCV wrote no video"
    return path


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot, edit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)
