"""The satisfaction survey and "Cek status" (typed and scanned) against the reference server."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest
from finish_support import (
    NIK,
    SCREEN_SIZES,
    fresh_citizen,
    kiosk_id,
    make_config,
    no_camera,
    real_kiosk,
    save_screenshot,
    server_surveys,
    submit,
    surveys_waiting,
    translations_fixture,
    two_heartbeats_later,
    verified,
)
from journey_support import settle_layouts
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from real_support import FakeClock
from shell_journey import server_application

from kiosk.receipt import build_receipt
from kiosk.session import Session, State
from kiosk.session.rules import CatalogRules
from kiosk.tracking import new_code
from server.models import Citizen, SurveyResponse
from ui.layout_check import text_problems

LEFT = Qt.MouseButton.LeftButton
KK = "3171010101200001"  # a family card number as typed (offline: no prefill)

translations = pytest.fixture(translations_fixture)


def open_kiosk(qtbot, translations, tmp_path, size="portrait", **ports):
    from ui import theme
    from ui.controller import KioskController, Ports
    from ui.window import KioskWindow

    theme.apply(QApplication.instance())
    camera = ports.pop("camera", no_camera)
    config = make_config(tmp_path, kiosk__timezone="Asia/Makassar")
    controller = KioskController(
        Session(CatalogRules()),
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


# ----- survey: a kiosk on its real ports, the answers read back from the demo server ----------

# Surveys travel with the uploader's heartbeat: once a second here (no document pulls, which
# would put the configured heartbeat back).
SURVEY_SYNC = {"sync.heartbeat_s": "1", "sync.documents_s": "0"}


@pytest.fixture
def citizen(demo, clip_template) -> str:
    return fresh_citizen(demo, clip_template)


def reach_survey(qtbot, controller, nik, template, language="id", kk=None) -> str:
    """A citizen's application sent (verified when the server answers, else pending), the
    receipt screen left: the survey is on. Returns the tracking code."""
    assert verified(qtbot, controller, nik, template, language) is State.SERVICE
    submit(qtbot, controller, kk)
    code = controller.session.data.receipt.tracking_code
    controller.citizen.finish()
    assert controller.session.state is State.SURVEY
    return code


def test_survey_answers_reach_the_server_anonymously(
    qtbot, make_kiosk, real_ports, demo, kiosk_dir, citizen, clip_template
):
    """The whole chain: screen -> controller -> OutboxSurveySink -> uploader -> server."""
    controller, window, _ = real_kiosk(make_kiosk, real_ports, **SURVEY_SYNC)
    reach_survey(qtbot, controller, citizen, clip_template)
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
    # a thank-you, then the welcome screen (by itself after a few seconds, or "Done")
    assert controller.session.state is State.SURVEY and screen.thanking()
    assert screen.thanks_title.text() == "Terima kasih atas jawaban Anda"
    qtbot.mouseClick(screen.done_button, LEFT)
    assert controller.session.state is State.WELCOME
    assert screen.index == 0 and not screen.scores  # nothing left for the next citizen
    me = kiosk_id(kiosk_dir)
    qtbot.waitUntil(lambda: bool(server_surveys(demo, me)), timeout=20000)
    # persyaratan, prosedur (skipped), waktu, biaya, produk, kompetensi, perilaku, pengaduan,
    # sarana: the server's order of the nine SKM elements
    assert server_surveys(demo, me) == ["4,-,2,3,3,3,3,3,3"]
    # acknowledged, so deleted from the kiosk (right after the server's answer)
    qtbot.waitUntil(lambda: surveys_waiting(kiosk_dir) == 0, timeout=10000)
    with demo.ctx.db() as db:
        row = db.query(SurveyResponse).filter_by(kiosk_id=me).one()
        stored = " ".join(str(v) for v in vars(row).values())
        name = db.get(Citizen, citizen).name
    assert citizen not in stored and name.upper() not in stored.upper()  # nothing about them


def test_skipping_the_survey_sends_nothing(
    qtbot, make_kiosk, real_ports, demo, kiosk_dir, citizen, clip_template
):
    controller, window, _ = real_kiosk(make_kiosk, real_ports, "portrait", "en", **SURVEY_SYNC)
    code = reach_survey(qtbot, controller, citizen, clip_template, "en")
    screen = window.current_screen()
    assert screen.question.text() == "Did the requirements fit this service?"
    qtbot.mouseClick(screen.answers[2], LEFT)
    qtbot.mouseClick(screen.skip_all, LEFT)
    assert controller.session.state is State.WELCOME
    server_application(demo, code)  # the uploader delivered the application itself
    me = kiosk_id(kiosk_dir)
    two_heartbeats_later(qtbot, demo, me)  # and sent its waiting surveys since the skip
    assert server_surveys(demo, me) == [] and surveys_waiting(kiosk_dir) == 0


def test_a_survey_left_half_answered_times_out_to_welcome_and_is_not_sent(
    qtbot, make_kiosk, real_ports, demo, kiosk_dir, citizen, clip_template
):
    clock = FakeClock()
    controller, window, config = real_kiosk(make_kiosk, real_ports, clock=clock, **SURVEY_SYNC)
    reach_survey(qtbot, controller, citizen, clip_template)
    screen = window.current_screen()
    qtbot.mouseClick(screen.answers[3], LEFT)
    qtbot.mouseClick(screen.answers[2], LEFT)
    assert screen.step.text() == "Pertanyaan 3 dari 9"
    # the citizen walks away: the configured inactivity warning (45 s), then its countdown (15 s)
    assert (config["session.inactivity_warning_s"], config["session.inactivity_reset_s"]) == (
        45,
        15,
    )
    with qtbot.waitSignal(controller.warningChanged, timeout=5000) as warned:
        clock.advance(46)
        controller.tick()
    assert warned.args == [True] and controller.session.state is State.SURVEY
    assert window.overlay.isVisible()
    assert window.overlay.question.text() == "Apakah Anda masih di sana?"
    clock.advance(16)
    controller.tick()
    assert controller.session.state is State.WELCOME
    assert type(window.current_screen()).__name__ == "WelcomeScreen"
    assert not window.overlay.isVisible()
    assert screen.index == 0 and not screen.scores  # the half survey is gone
    me = kiosk_id(kiosk_dir)
    two_heartbeats_later(qtbot, demo, me)
    assert server_surveys(demo, me) == [] and surveys_waiting(kiosk_dir) == 0


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
    # the office's words: go to a counter with the ID card
    assert screen.result.text() == (
        "Silakan datang ke loket MPP dengan membawa KTP-el untuk melanjutkan permohonan ini."
    )
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
    assert screen.result.text() == "Kode pelacakan salah ketik: periksa kembali."

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller.ports.status_lookup = server_lookup(f"http://127.0.0.1:{port}", timeout=1)
    _type_and_check(qtbot, controller, screen, mpp_server.codes["in_review"])
    assert "Server sedang tidak tersedia" in screen.result.text()
    assert screen.result.property("kind") == "warning"


QUEUED = {
    "id": "Masih antre di kiosk ini. Permohonan akan dikirim ke kantor begitu koneksi tersambung "
    "kembali.",
    "en": "Still queued on this kiosk. It will be sent to the office as soon as the connection "
    "is back.",
}


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("size", ["portrait", "landscape"])
def test_status_and_survey_screenshots(
    qtbot, make_kiosk, real_ports, tmp_path, demo, clip_template, language, size, offline_port
):
    """A kiosk that cannot reach its server: the application waits in its outbox, and "Cek
    status" answers from there (sync.adapters.server_lookups.ServerStatusLookup)."""
    offline = {"server.url": f"http://127.0.0.1:{offline_port}", "server.timeout_s": "2"}
    controller, window, _ = real_kiosk(make_kiosk, real_ports, size, language, **offline)
    code = reach_survey(qtbot, controller, demo.citizen_nik, clip_template, language, KK)
    window.resize(*SCREEN_SIZES[size])
    settle_layouts()
    save_screenshot(window, tmp_path, f"survey_{language}_{size}")
    assert (window.width(), window.height()) == SCREEN_SIZES[size]
    assert text_problems(window) == []
    survey = window.current_screen()
    expected = {"id": "Bagaimana layanan kami?", "en": "How was our service?"}[language]
    assert survey.heading.text() == expected
    qtbot.mouseClick(survey.skip_all, LEFT)

    controller.set_language(language)  # the next visitor: the welcome screen is Indonesian
    screen = _status_screen(qtbot, controller, window)
    _type_and_check(qtbot, controller, screen, code)
    assert screen.result.text() == QUEUED[language]
    window.resize(*SCREEN_SIZES[size])
    settle_layouts()
    save_screenshot(window, tmp_path, f"status_{language}_{size}")
    assert (window.width(), window.height()) == SCREEN_SIZES[size]
    assert text_problems(window) == []  # no text elided or cut off
