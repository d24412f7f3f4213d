"""Helpers for the finish-screen tests (face, receipt, survey, status); holds no tests itself.

The receipt, survey and status tests run a kiosk on its real ports (tests/ui/conftest.py:
`real_ports`, the demo server on loopback): `real_kiosk`, then `verified` (the real identity
check of a NIK enrolled with the clip's face) and `submit` (the real outbox). The face tests
use a session with small real ServiceRules (as in tests/core). The configuration is the real
kiosk.config with overrides given as the environment variables a technician would set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PySide6.QtGui import QColor, QImage, QPainter

from kiosk.config import load_config
from kiosk.ports import FaceCaptureResult
from kiosk.session import Session, State

TODAY = dt.date(2026, 11, 27)
NIK = "3171234509900001"  # Jakarta Pusat, woman born 5 Sep 1990
FULL_NAME = "SITI RAHAYU"
SERVICE = "cetak-kk"  # a real catalog id: its name and processing time show on the receipt
SCREEN_SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


class OneServiceRules:
    """ServiceRules with one service that needs no document and accepts any form: kept for the
    face tests (test_face.py), whose sessions end at the identity check, before any form."""

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


def make_config(tmp_path: Path, **settings: str):
    """Real configuration; settings like printer__kind="file" become MPP_KIOSK__ variables."""
    environ = {f"MPP_KIOSK__{key.upper()}": str(value) for key, value in settings.items()}
    return load_config(config_file=None, data_dir=tmp_path, environ=environ)


def make_session() -> Session:
    return Session(OneServiceRules(), today=lambda: TODAY)


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


# ----- a kiosk on its real ports (tests/ui/conftest.py: demo, real_ports, make_kiosk) ---------

PHONE = "081234567890"
# after a data change: no document to photograph
FORM_KK_REPRINT = {"alasan_cetak": "perubahan_data", "nomor_hp": PHONE}


def fresh_citizen(demo, template) -> str:
    """An adult of the demo population with no reference face yet, now enrolled with
    `template` (what `kiosk-server enroll-face` stores): a NIK of this test's own, so the
    server's limit of 10 identity checks per NIK per minute never trips the suite."""
    from sqlalchemy import select

    from kiosk.nik import parse_nik
    from server.admin import store_reference
    from server.models import Citizen

    born_before = dt.date.today() - dt.timedelta(days=365 * 25)
    reserved = set(demo.sample_niks) | set(demo.demo_niks)
    with demo.ctx.db() as db:
        niks = db.scalars(
            select(Citizen.nik)
            .where(
                Citizen.reference_template.is_(None),
                Citizen.birth_date < born_before,
                Citizen.relationship.in_(("Kepala Keluarga", "Istri")),
            )
            .order_by(Citizen.nik.desc())
        ).all()
    nik = next((n for n in niks if n not in reserved), None)
    if nik is None:  # all taken: the least recently given out of this function's own
        assert _GIVEN, "the demo population has no adult without a reference face"
        nik = _GIVEN.pop(0)
    store_reference(demo.ctx, parse_nik(nik), template)
    _GIVEN.append(nik)
    return nik


_GIVEN: list[str] = []  # the NIKs fresh_citizen gave out, oldest first


def real_kiosk(
    make_kiosk, real_ports, size="portrait", language="id", clock=None, camera=no_camera, **settings
):
    """(controller, window, config): a kiosk window on the real ports of a kiosk of this
    test's own (`settings`: configuration keys such as "server.status_url"). `clock`: the
    session's monotonic clock (a FakeClock), else the real one."""
    from kiosk.catalog import default_catalog
    from kiosk.session import SessionConfig
    from kiosk.session.rules import CatalogRules

    holder = {}
    ports, config = real_ports(language=lambda: holder["controller"].language, **settings)
    options = {}
    if clock is not None:
        options["session"] = Session(CatalogRules(), SessionConfig.from_config(config), clock=clock)
    controller, window = make_kiosk(
        size,
        language,
        ports=ports,
        catalog=default_catalog(),
        config=config,
        camera_factory=camera,
        **options,
    )
    holder["controller"] = controller
    return controller, window, config


def verified(qtbot, controller, nik: str, template, language: str = "id") -> State:
    """WELCOME -> the state after the identity check, with the citizen's events: the face step
    gives a real template of the clip's person (the face screen has its own tests), which the
    verifier of the kiosk's ports checks (the server, or offline when it cannot be reached)."""
    citizen = controller.citizen
    citizen.start()
    citizen.choose_language(language)
    citizen.enter_nik(nik)
    citizen.give_consent()
    assert controller.session.state is State.FACE
    citizen.face_captured(FaceCaptureResult(list(template), {"passed": True, "method": "blink"}))
    qtbot.waitUntil(lambda: controller.session.state is not State.VERIFYING, timeout=20000)
    return controller.session.state


def submit(qtbot, controller, kk: str | None = None) -> None:
    """SERVICE -> SUBMITTED: a reprint of a damaged family card (no document to scan), the
    declaration ticked, queued in the kiosk's outbox."""
    citizen = controller.citizen
    citizen.choose_service("cetak-kk")
    prefill = controller.session.data.prefill or {}
    values = dict(FORM_KK_REPRINT, nomor_kk=kk or prefill["kk_number"])
    citizen.submit_form(values)
    assert controller.session.state is State.REVIEW, dict(controller.session.data.form_errors)
    citizen.confirm(True)
    qtbot.waitUntil(lambda: controller.session.state is State.SUBMITTED, timeout=20000)


def kiosk_id(kiosk_dir: Path) -> str:
    from sync.kiosk_key import KioskKeyStore

    return KioskKeyStore(kiosk_dir).require().kiosk_id


def server_surveys(demo, kiosk: str) -> list[str]:
    """The surveys the server received from one kiosk, as it stores them ("4,-,2,...")."""
    from sqlalchemy import select

    from server.models import SurveyResponse

    with demo.ctx.db() as db:
        return list(
            db.scalars(select(SurveyResponse.scores).where(SurveyResponse.kiosk_id == kiosk))
        )


def heartbeat_at(demo, kiosk: str):
    from server.models import Kiosk

    with demo.ctx.db() as db:
        return db.get(Kiosk, kiosk).heartbeat_at


def two_heartbeats_later(qtbot, demo, kiosk: str, timeout: int = 20000) -> None:
    """Wait until the server has had two heartbeats from the kiosk after now: the uploader sends
    its waiting surveys before each heartbeat, so the second one proves a survey round ran
    entirely after this call (needs a short "sync.heartbeat_s")."""
    seen = [heartbeat_at(demo, kiosk)]

    def newer() -> bool:
        latest = heartbeat_at(demo, kiosk)
        if latest is not None and (seen[-1] is None or latest > seen[-1]):
            seen.append(latest)
        return len(seen) >= 3

    qtbot.waitUntil(newer, timeout=timeout)


def surveys_waiting(kiosk_dir: Path) -> int:
    """How many surveys wait in the kiosk's own queue (sent, they are deleted from it)."""
    from kiosk.store import Store
    from kiosk.store.surveys import SurveyQueue

    store = Store.open(kiosk_dir)
    try:
        return SurveyQueue(store).count()
    finally:
        store.conn.close()
