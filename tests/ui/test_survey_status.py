"""The satisfaction survey and "Cek status" (typed and scanned) against the reference server."""

from __future__ import annotations

import datetime as dt
import socket
import sys
from pathlib import Path

import pytest
from finish_support import (
    NIK,
    SCREEN_SIZES,
    RecordingSubmitter,
    drive_to_review,
    make_config,
    make_session,
    no_camera,
    save_screenshot,
    translations_fixture,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.ports import ApplicationStatus
from kiosk.receipt import build_receipt
from kiosk.session import State
from kiosk.session.data import SKM_ELEMENTS
from kiosk.tracking import new_code
from ui.layout_check import text_problems

LEFT = Qt.MouseButton.LeftButton

translations = pytest.fixture(translations_fixture)


class RecordingSink:
    """SurveySink keeping what it was sent (the HTTP sink belongs to sync/)."""

    def __init__(self):
        self.sent: list[dict] = []

    def send(self, scores):
        self.sent.append(dict(scores))


def open_kiosk(qtbot, translations, tmp_path, size="portrait", **ports):
    from ui import theme
    from ui.controller import KioskController, Ports
    from ui.window import KioskWindow

    theme.apply(QApplication.instance())
    camera = ports.pop("camera", no_camera)
    config = make_config(tmp_path, kiosk__timezone="Asia/Makassar")
    controller = KioskController(
        make_session(),
        Ports(**ports),
        config=config,
        camera_factory=camera,
        translator=translations,
    )
    window = KioskWindow(controller)
    qtbot.addWidget(window)
    window.resize(*SCREEN_SIZES[size])
    window.show()
    return controller, window


def reach_survey(qtbot, controller, language="id"):
    drive_to_review(controller.session, language)
    controller.citizen.confirm(True)
    qtbot.waitUntil(lambda: controller.session.state is State.SUBMITTED, timeout=10000)
    controller.citizen.finish()
    assert controller.session.state is State.SURVEY


# ----- survey --------------------------------------------------------------------------------


def test_survey_answers_are_sent_anonymously(qtbot, translations, tmp_path):
    sink = RecordingSink()
    controller, window = open_kiosk(
        qtbot, translations, tmp_path, submitter=RecordingSubmitter(), survey_sink=sink
    )
    reach_survey(qtbot, controller)
    screen = window.current_screen()
    assert type(screen).__name__ == "SurveyScreen"
    assert "Pertanyaan 1 dari 9" == screen.step.text()
    assert "lapor.go.id" in screen.lapor.text() and "1708" in screen.lapor.text()
    qtbot.mouseClick(screen.answers[3], LEFT)  # persyaratan: 4
    qtbot.mouseClick(screen.skip_one, LEFT)  # prosedur skipped
    qtbot.mouseClick(screen.answers[0], LEFT)  # waktu: 1
    qtbot.mouseClick(screen.previous, LEFT)  # change my mind about waktu
    assert screen.answers[0].isChecked()
    qtbot.mouseClick(screen.answers[1], LEFT)  # waktu: 2
    for _ in range(6):
        qtbot.mouseClick(screen.answers[2], LEFT)  # the six others: 3
    assert controller.session.state is State.WELCOME
    assert controller.wait_idle(5000)
    qtbot.waitUntil(lambda: bool(sink.sent), timeout=5000)
    (scores,) = sink.sent
    assert scores == {
        "persyaratan": 4,
        "waktu": 2,
        "biaya": 3,
        "produk": 3,
        "kompetensi": 3,
        "perilaku": 3,
        "pengaduan": 3,
        "sarana": 3,
    }
    assert set(scores) <= set(SKM_ELEMENTS)  # nothing about the citizen travels with it
    assert screen.index == 0 and not screen.scores  # nothing left for the next citizen


def test_skipping_the_survey_sends_nothing(qtbot, translations, tmp_path):
    sink = RecordingSink()
    controller, window = open_kiosk(
        qtbot, translations, tmp_path, submitter=RecordingSubmitter(), survey_sink=sink
    )
    reach_survey(qtbot, controller, "en")
    screen = window.current_screen()
    assert screen.question.text() == "Did the requirements fit this service?"
    qtbot.mouseClick(screen.answers[2], LEFT)
    qtbot.mouseClick(screen.skip_all, LEFT)
    assert controller.session.state is State.WELCOME
    controller.wait_idle(5000)
    qtbot.wait(50)
    assert sink.sent == []


# ----- status against the reference server ------------------------------------------------------


@pytest.fixture(scope="module")
def mpp_server(tmp_path_factory):
    """The reference server on loopback with two applications from an enrolled kiosk."""
    from server.app import BackgroundServer
    from server.models import Application
    from server.settings import ServerSettings

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))
    from server_kiosk_client import TestKiosk

    server = BackgroundServer(ServerSettings(data_dir=tmp_path_factory.mktemp("server"))).start()
    kiosk = TestKiosk.enroll(server)
    codes = {}
    for name in ("in_review", "visit_counter"):
        meta, sealed = kiosk.make_application(
            NIK, mode="offline", template=[0.01] * 128, service_id="cetak-kk"
        )
        answer = kiosk.submit(meta, sealed)
        assert answer.status_code in (200, 201), answer.text
        codes[name] = meta["tracking_code"]
    with server.app.state.ctx.db() as db:  # an officer picked up the first one
        app = db.query(Application).filter_by(tracking_code=codes["in_review"]).one()
        app.status = "in_review"
        db.commit()
    server.codes = codes
    yield server
    server.stop()


def server_lookup(url: str, timeout: float = 5.0):
    from sync.adapters.server_lookups import ServerStatusLookup
    from sync.client import ServerClient

    return ServerStatusLookup(ServerClient(url, timeout=timeout))


def _status_screen(qtbot, controller, window):
    controller.citizen.check_status()
    screen = window.current_screen()
    assert type(screen).__name__ == "StatusScreen"
    return screen


def _type_and_check(qtbot, controller, screen, code):
    screen.code_input.setText(code)
    qtbot.mouseClick(screen.check_button, LEFT)
    qtbot.waitUntil(lambda: controller.session.state is State.STATUS_CHECK, timeout=10000)


def test_typed_code_shows_the_server_status(qtbot, translations, tmp_path, mpp_server):
    controller, window = open_kiosk(
        qtbot, translations, tmp_path, status_lookup=server_lookup(mpp_server.url)
    )
    screen = _status_screen(qtbot, controller, window)
    code = mpp_server.codes["in_review"]
    qtbot.keyClicks(screen.code_input, code.lower().replace("-", " "))  # as typed, loosely
    assert screen.code_input.text() == code.replace("-", " ")  # shown in capitals
    qtbot.keyClick(screen.code_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.session.state is State.STATUS_CHECK, timeout=10000)
    assert screen.result.text() == "Permohonan sedang diperiksa petugas."  # the office's words
    assert code in screen.details.text() and "WITA" in screen.details.text()
    controller.set_language("en")
    assert screen.result.text() == "Being reviewed by an officer."
    assert "Last update" in screen.details.text()


def test_scanned_receipt_of_a_failed_offline_check(qtbot, translations, tmp_path, mpp_server):
    from finish_support import qimage_to_rgb

    from camera.sources import StillImageSource
    from ui.receipt_render import render_image

    code = mpp_server.codes["visit_counter"]
    receipt = build_receipt(
        __import__("kiosk.ports", fromlist=["Receipt"]).Receipt(code, "cetak-kk", True),
        status_url="https://mpp.go.id/status/",
    )
    photo = qimage_to_rgb(render_image(receipt, 576))
    controller, window = open_kiosk(
        qtbot,
        translations,
        tmp_path,
        status_lookup=server_lookup(mpp_server.url),
        camera=lambda: StillImageSource(photo),
    )
    screen = _status_screen(qtbot, controller, window)
    qtbot.waitUntil(lambda: screen.code_input.text() == code, timeout=15000)
    qtbot.waitUntil(
        lambda: (
            controller.session.state is State.STATUS_CHECK
            and controller.session.data.status is not None
        ),
        timeout=10000,
    )
    assert "Verifikasi identitas gagal" in screen.result.text()
    assert "loket" in screen.result.text()  # "please visit a counter"
    assert screen.result.property("kind") == "error"


def test_unknown_mistyped_and_offline(qtbot, translations, tmp_path, mpp_server):
    controller, window = open_kiosk(
        qtbot, translations, tmp_path, status_lookup=server_lookup(mpp_server.url)
    )
    screen = _status_screen(qtbot, controller, window)
    _type_and_check(qtbot, controller, screen, new_code())  # well-formed, never submitted
    assert screen.result.text() == "Kode pelacakan tidak ditemukan."
    typo = mpp_server.codes["in_review"][:-1] + (
        "0" if mpp_server.codes["in_review"][-1] != "0" else "1"
    )
    _type_and_check(qtbot, controller, screen, typo)
    assert "salah ketik" in screen.result.text() or "tidak dipakai" in screen.result.text()

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller.ports.status_lookup = server_lookup(f"http://127.0.0.1:{port}", timeout=1)
    _type_and_check(qtbot, controller, screen, mpp_server.codes["in_review"])
    assert "Server sedang tidak tersedia" in screen.result.text()
    assert screen.result.property("kind") == "warning"


class QueuedFirstLookup:
    """StatusLookup answering "queued" for codes still in this kiosk's outbox, else the server
    (what the sync layer's lookup does; the outbox here is a set of codes)."""

    def __init__(self, queued: set[str], server):
        self.queued, self.server = queued, server

    def status(self, tracking_code):
        if tracking_code in self.queued:
            return ApplicationStatus(tracking_code, "queued", dt.datetime.now(dt.UTC))
        return self.server.status(tracking_code)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("size", ["portrait", "landscape"])
def test_status_and_survey_screenshots(qtbot, translations, tmp_path, mpp_server, language, size):
    code = new_code()
    controller, window = open_kiosk(
        qtbot,
        translations,
        tmp_path,
        size,
        submitter=RecordingSubmitter(),
        survey_sink=RecordingSink(),
        status_lookup=QueuedFirstLookup({code}, server_lookup(mpp_server.url)),
    )
    controller.set_language(language)
    screen = _status_screen(qtbot, controller, window)
    _type_and_check(qtbot, controller, screen, code)
    expected = {"id": "Masih antre di kiosk ini", "en": "Still queued on this kiosk"}[language]
    assert screen.result.text().startswith(expected)
    window.resize(*SCREEN_SIZES[size])
    qtbot.wait(30)
    save_screenshot(window, tmp_path, f"status_{language}_{size}")
    assert (window.width(), window.height()) == SCREEN_SIZES[size]
    assert text_problems(window) == []  # no text elided or cut off

    controller.citizen.back()
    reach_survey(qtbot, controller, language)
    window.resize(*SCREEN_SIZES[size])
    qtbot.wait(30)
    save_screenshot(window, tmp_path, f"survey_{language}_{size}")
    assert (window.width(), window.height()) == SCREEN_SIZES[size]
    assert text_problems(window) == []
    survey = window.current_screen()
    if language == "id":
        assert survey.heading.text() == "Bagaimana layanan kami?"


def test_full_survey_reaches_the_server_without_personal_data(
    qtbot, translations, tmp_path, mpp_server, monkeypatch
):
    """The whole chain: screen -> controller -> OutboxSurveySink (SQLite) -> flush -> server."""
    from kiosk.store import Store
    from server.enrollment import create_enroll_code
    from server.models import SurveyResponse
    from sync.adapters.surveys import OutboxSurveySink, flush_surveys
    from sync.client import ServerClient
    from sync.enroll import enroll

    monkeypatch.setenv("MPP_KIOSK_NO_KEYRING", "1")  # CI has no keyring: key file instead
    data_dir = tmp_path / "kiosk"
    code, _ = create_enroll_code(mpp_server.app.state.ctx, "MPP Test")
    enroll(data_dir, mpp_server.url, code)
    store = Store.open(data_dir)
    controller, window = open_kiosk(
        qtbot,
        translations,
        tmp_path,
        submitter=RecordingSubmitter(),
        survey_sink=OutboxSurveySink(store),
    )
    reach_survey(qtbot, controller)
    screen = window.current_screen()
    for score in (4, 3, 4, 2, 3, 4, 4, 1, 3):
        qtbot.mouseClick(screen.answers[score - 1], LEFT)
    assert controller.session.state is State.WELCOME
    assert controller.wait_idle(5000)
    client = ServerClient.for_kiosk(data_dir)
    try:
        assert flush_surveys(client, store) == 1
    finally:
        client.close()
    with mpp_server.app.state.ctx.db() as db:
        rows = db.query(SurveyResponse).all()
    assert [row.scores for row in rows] == ["4,3,4,2,3,4,4,1,3"]
    stored = " ".join(str(v) for row in rows for v in vars(row).values())
    assert NIK not in stored and "SITI" not in stored.upper()
