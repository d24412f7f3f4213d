"""Helpers for the finish-screen tests (face, receipt, survey, status); holds no tests itself.

The session runs with small real ServiceRules (as in tests/core) so a test can reach the receipt
without filling a whole catalog form; the configuration is the real kiosk.config with
overrides given as the environment variables a technician would set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PySide6.QtGui import QColor, QImage, QPainter
from shell_support import receipt_for

from kiosk.config import load_config
from kiosk.ports import FaceCaptureResult, Receipt, SubmissionPacket, VerificationResult
from kiosk.session import Session, State

TODAY = dt.date(2026, 11, 27)
NIK = "3171234509900001"  # Jakarta Selatan, woman born 5 Sep 1990
FULL_NAME = "SITI RAHAYU"
SERVICE = "cetak-kk"  # a real catalog id: its name and processing time show on the receipt
SCREEN_SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


class OneServiceRules:
    """ServiceRules with one service that needs no document and accepts any form."""

    def validate_form(self, service_id: str, values: Mapping[str, Any], facts=None) -> dict:
        if service_id != SERVICE:
            raise KeyError(service_id)
        return {}

    def required_documents(self, service_id: str, values: Mapping[str, Any]) -> list[str]:
        return []

    def is_eligible(self, service_id: str, facts: Mapping[str, Any]) -> list[Any]:
        if service_id != SERVICE:
            raise KeyError(service_id)
        return []


class RecordingSubmitter:
    """A Submitter that keeps packets in memory and answers with a fresh receipt."""

    def __init__(self, when: dt.datetime | None = None):
        self.packets: list[SubmissionPacket] = []
        self.when = when or dt.datetime(2026, 11, 27, 23, 5, tzinfo=dt.UTC)

    def submit(self, packet: SubmissionPacket) -> Receipt:
        self.packets.append(packet)
        return receipt_for(packet, self.when)


def closed_port() -> int:
    """A loopback port nobody listens on: a network printer that is offline."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_config(tmp_path: Path, **settings: str):
    """Real configuration; settings like printer__kind="file" become MPP_KIOSK__ variables."""
    environ = {f"MPP_KIOSK__{key.upper()}": str(value) for key, value in settings.items()}
    return load_config(config_file=None, data_dir=tmp_path, environ=environ)


def make_session() -> Session:
    return Session(OneServiceRules(), today=lambda: TODAY)


def drive_to_review(session: Session, language: str = "id") -> None:
    session.start()
    session.choose_language(language)
    session.enter_nik(NIK)
    session.give_consent()
    session.face_captured(FaceCaptureResult(bytes(range(128)), {"passed": True}))
    session.verification_result(
        VerificationResult("match", prefill={"full_name": FULL_NAME}, session_token="t")
    )
    session.choose_service(SERVICE)
    session.submit_form({"alasan_cetak": "rusak"})
    assert session.state is State.REVIEW


def qimage_to_rgb(image: QImage) -> np.ndarray:
    if image.hasAlphaChannel():  # e.g. a rendered PDF page: put it on white paper
        paper = QImage(image.size(), QImage.Format.Format_RGB32)
        paper.fill(QColor("white"))
        painter = QPainter(paper)
        painter.drawImage(0, 0, image)
        painter.end()
        image = paper
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    data = np.frombuffer(image.constBits(), np.uint8, count=stride * height)
    return data.reshape(height, stride)[:, : width * 3].reshape(height, width, 3).copy()


def decode_qr(rgb_or_gray: np.ndarray) -> str:
    """The text of the QR code in the picture ("" when none is found)."""
    image = rgb_or_gray
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    text, _points, _ = cv2.QRCodeDetector().detectAndDecode(image)
    return text


def raster_images(data: bytes) -> list[np.ndarray]:
    """The bitmaps of every ESC/POS "GS v 0" raster command in a byte stream (0 = black)."""
    images = []
    start = 0
    while (i := data.find(b"\x1dv0", start)) >= 0:
        x_bytes = data[i + 4] | data[i + 5] << 8
        rows = data[i + 6] | data[i + 7] << 8
        body = np.frombuffer(data, np.uint8, count=x_bytes * rows, offset=i + 8)
        bits = np.unpackbits(body.reshape(rows, x_bytes), axis=1)
        images.append(np.where(bits == 1, 0, 255).astype(np.uint8))
        start = i + 8 + x_bytes * rows
    return images


def escpos_text(data: bytes) -> str:
    """The printable characters of an ESC/POS stream with raster data cut out."""
    out, start = [], 0
    while (i := data.find(b"\x1dv0", start)) >= 0:
        out.append(data[start:i])
        start = i + 8 + (data[i + 4] | data[i + 5] << 8) * (data[i + 6] | data[i + 7] << 8)
    out.append(data[start:])
    return b"".join(out).decode("ascii", "replace")


def save_screenshot(widget, folder: Path, name: str) -> Path:
    """Save widget.grab() under `folder` (and under $MPP_SCREENSHOT_DIR when set, to look at)."""
    import os

    image = widget.grab()
    path = folder / f"{name}.png"
    assert image.save(str(path)), path
    extra = os.environ.get("MPP_SCREENSHOT_DIR")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        image.save(str(Path(extra) / f"{name}.png"))
    return path


class FurtherAwaySource:
    """The close-up clip as if the person stood further back (as tests/camera do): every frame
    shrunk into a grey 1280x720 frame, with the clip's own timestamps."""

    def __init__(self, path: Path, scale: float = 0.45, limit: int | None = None):
        from camera.sources import VideoFileSource

        self.source = VideoFileSource(path)
        self.scale, self.limit = scale, limit
        self.fps = self.source.fps

    def frames(self):
        from camera.sources import Frame

        for frame in self.source.frames():
            if self.limit is not None and frame.index >= self.limit:
                return
            image = frame.image
            small = cv2.resize(
                image, None, fx=self.scale, fy=self.scale, interpolation=cv2.INTER_AREA
            )
            out = np.full((720, 1280, 3), 120, np.uint8)
            y, x = (720 - small.shape[0]) // 2, (1280 - small.shape[1]) // 2
            out[y : y + small.shape[0], x : x + small.shape[1]] = small
            yield Frame(out, frame.timestamp, frame.index)

    def close(self) -> None:
        self.source.close()


def no_camera():
    """Camera factory for tests that pass the face step by session events: no webcam probing."""
    from camera.sources import SourceError

    raise SourceError("no camera in this test")


def translations_fixture(app_state):
    """ui.i18n.Translations for one test; its translators are removed afterwards and app_state
    puts back the locale and theme (the tests apply ui.theme) as found, so a test that ends in
    Indonesian does not leave the next one half translated. Test modules use it as
    `translations = pytest.fixture(translations_fixture)`."""
    from ui.i18n import Translations

    translations = Translations()
    yield translations
    translations.install("en")
