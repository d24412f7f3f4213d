"""The shell: controller, window, language switch, inactivity warning and reset, busy states."""

from __future__ import annotations

import pytest
from journey_support import settle_layouts
from net_support import refused_url
from PySide6.QtCore import Qt
from real_support import FakeClock, claim_nik, unknown_nik
from shell_support import NIK, drive, face_capture

from kiosk.session import Session
from kiosk.session.data import SessionConfig
from kiosk.session.rules import CatalogRules
from kiosk.session.states import State


def test_welcome_shows_and_tap_anywhere_starts(make_kiosk, qtbot):
    controller, window = make_kiosk()
    screen = window.current_screen()
    assert type(screen).__name__ == "WelcomeScreen"
    assert screen.start_button.text() == "Sentuh untuk mulai"
    qtbot.mouseClick(
        screen,
        Qt.MouseButton.LeftButton,
        pos=screen.rect().topLeft() + (screen.rect().center() - screen.rect().center()),
    )
    assert controller.session.state is State.NIK  # the language was picked on welcome
    assert type(window.current_screen()).__name__ == "NikScreen"


def test_a_double_tap_after_the_screen_moved_on_is_ignored(make_kiosk, caplog):
    controller, _ = make_kiosk()
    assert controller.citizen.start() is State.NIK
    with caplog.at_level("WARNING", logger="ui.controller"):
        assert controller.citizen.start() is None  # not allowed in NIK: logged, not raised
    assert controller.session.state is State.NIK
    assert any("ignored: event 'start'" in r.getMessage() for r in caplog.records)


def test_language_switch_mid_session_keeps_the_data_and_retranslates(make_kiosk, qtbot):
    controller, window = make_kiosk()
    drive(controller, State.NIK)
    nik_screen = window.current_screen()
    nik_screen.keypad.type_text(NIK[:10])
    assert nik_screen.head.text() == "Masukkan NIK Anda"
    qtbot.mouseClick(window.top.lang_en, Qt.MouseButton.LeftButton)
    assert controller.language == "en"
    assert controller.session.state is State.NIK
    assert nik_screen.head.text() == "Enter your NIK"
    assert nik_screen.keypad.text() == NIK[:10]  # what was typed stays
    assert window.top.help.text() == "Help"
    assert window.top.lang_en.isChecked() and not window.top.lang_id.isChecked()
    qtbot.mouseClick(window.top.lang_id, Qt.MouseButton.LeftButton)
    assert nik_screen.head.text() == "Masukkan NIK Anda"
    assert window.top.help.text() == "Bantuan"


def test_nik_screen_validates_live_and_moves_on(make_kiosk, qtbot):
    controller, window = make_kiosk()
    drive(controller, State.NIK)
    screen = window.current_screen()
    screen.keypad.type_text("99")
    assert screen.status.property("kind") == "error"
    assert "provinsi" in screen.status.text()
    assert not screen.keypad.keys["ok"].isEnabled()
    screen.keypad.press("clear")
    screen.keypad.type_text(NIK)
    assert screen.status.property("kind") == "success"
    status = screen.status.text()
    assert "Kota Administrasi Jakarta Pusat" in status and "15 Mei 1990" in status
    assert screen.display.text() == "3171 0155 0590 0001"
    qtbot.mouseClick(screen.keypad.keys["ok"], Qt.MouseButton.LeftButton)
    assert controller.session.state is State.CONSENT


def test_nik_with_an_impossible_birth_date_says_which_digits(make_kiosk):
    controller, window = make_kiosk(language="en")
    drive(controller, State.NIK)
    screen = window.current_screen()
    screen.keypad.type_text("3171019913900001")  # month 13
    assert screen.status.property("kind") == "error"
    assert "digits 7 to 12" in screen.status.text()


def test_inactivity_warning_counts_down_then_wipes_everything(make_kiosk, qtbot):
    clock = FakeClock()
    session = Session(CatalogRules(), SessionConfig(warning_after=45, reset_after=15), clock=clock)
    controller, window = make_kiosk(session=session)
    drive(controller, State.NIK)
    nik_screen = window.current_screen()
    nik_screen.keypad.type_text(NIK)
    controller.citizen.enter_nik(NIK)
    assert session.state is State.CONSENT
    clock.now += 46
    controller.tick()
    assert window.overlay.isVisible()
    assert "Apakah Anda masih di sana?" == window.overlay.question.text()
    assert window.overlay.count.text() == "Sisa waktu: 15 detik"
    clock.now += 5
    controller.tick()
    assert window.overlay.count.text() == "Sisa waktu: 10 detik"
    # A touch keeps the session.
    qtbot.mouseClick(window.overlay.button, Qt.MouseButton.LeftButton)
    assert not window.overlay.isVisible()
    assert session.state is State.CONSENT
    # Then nobody comes back: warning, countdown, reset.
    clock.now += 46
    controller.tick()
    assert window.overlay.isVisible()
    clock.now += 16
    controller.tick()
    assert session.state is State.WELCOME
    assert not window.overlay.isVisible()
    assert session.data.nik_info is None
    assert nik_screen.keypad.text() == "" and "3171" not in nik_screen.display.text()


def test_offline_verification_continues_with_verification_pending(
    make_kiosk, real_ports, clip_template, qtbot
):
    """The kiosk's real verifier, its server's port bound by the test but not listening."""
    with refused_url() as url:
        ports, config = real_ports(**{"server.url": url, "server.timeout_s": "2"})
        controller, window = make_kiosk(ports=ports, config=config)
        drive(controller, State.FACE)
        controller.citizen.face_captured(face_capture(clip_template))
        qtbot.waitUntil(lambda: controller.session.state is not State.VERIFYING, timeout=20000)
    assert controller.session.state is State.SERVICE
    assert controller.session.data.verification_pending
    assert controller.session.data.error.code == "verification_pending"


def test_a_locked_nik_goes_to_staff_without_a_way_back(
    make_kiosk, real_ports, demo, clip_template, qtbot
):
    nik = claim_nik(demo, clip_template)
    ports, config = real_ports()
    wrong = [v + 0.5 for v in clip_template]
    for _ in range(5):  # the server's nik_lock_failures: someone tried and failed
        assert ports.verifier.verify(nik, wrong, {"passed": True}).outcome == "no_match"
    controller, window = make_kiosk(ports=ports, config=config)
    drive(controller, State.FACE, nik=nik)
    controller.citizen.face_captured(face_capture(clip_template))  # the right face, too late
    qtbot.waitUntil(lambda: controller.session.state is not State.VERIFYING, timeout=20000)
    assert controller.session.state is State.STAFF_HELP
    screen = window.current_screen()
    assert "tidak dapat menggunakan layanan mandiri" in screen.reason.text()
    assert not screen.back_button.isVisible()
    assert not window.top.help.isVisible()
    qtbot.mouseClick(screen.finish_button, Qt.MouseButton.LeftButton)
    assert controller.session.state is State.ENDED


def test_no_match_counts_tries_then_calls_staff(make_kiosk, real_ports, demo, clip_template, qtbot):
    """A NIK the server has no face for: the real server answers no match."""
    nik = unknown_nik(demo)
    ports, config = real_ports()
    controller, window = make_kiosk(ports=ports, config=config)
    drive(controller, State.FACE, nik=nik)
    for tries_left in (2, 1):
        controller.citizen.face_captured(face_capture(clip_template))
        qtbot.waitUntil(lambda: controller.session.state is not State.VERIFYING, timeout=20000)
        assert controller.session.state is State.NO_MATCH
        assert window.current_screen().tries.text() == f"Sisa {tries_left} kali percobaan"
        qtbot.mouseClick(window.current_screen().retry_button, Qt.MouseButton.LeftButton)
        assert controller.session.state is State.FACE
    controller.citizen.face_captured(face_capture(clip_template))
    qtbot.waitUntil(lambda: controller.session.state is not State.VERIFYING, timeout=20000)
    assert controller.session.state is State.STAFF_HELP


def test_declining_consent_ends_politely_with_the_counter(make_kiosk, qtbot):
    controller, window = make_kiosk(language="en")
    drive(controller, State.CONSENT)
    qtbot.mouseClick(window.current_screen().decline, Qt.MouseButton.LeftButton)
    screen = window.current_screen()
    assert controller.session.state is State.ENDED
    assert "counter" in screen.reason.text()
    qtbot.mouseClick(screen.home, Qt.MouseButton.LeftButton)
    assert controller.session.state is State.WELCOME


def test_voluntary_help_returns_to_the_same_screen(make_kiosk, qtbot):
    controller, window = make_kiosk()
    drive(controller, State.CONSENT)
    qtbot.mouseClick(window.top.help, Qt.MouseButton.LeftButton)
    assert controller.session.state is State.STAFF_HELP
    screen = window.current_screen()
    assert screen.back_button.isVisible()
    qtbot.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)
    assert controller.session.state is State.CONSENT


def test_a_late_answer_for_an_earlier_citizen_is_dropped(make_kiosk, qtbot):
    controller, _ = make_kiosk()
    got = []
    controller.citizen.start()
    # busyChanged(False): the last answer was delivered (to the callback, or dropped)
    with qtbot.waitSignal(
        controller.busyChanged, check_params_cb=lambda busy: busy is False, timeout=5000
    ):
        controller.run_async(lambda: "late", got.append)
        controller.citizen.cancel()  # wipes: run_id changes before the answer is delivered
    assert got == []
    controller.run_async(lambda: "fresh", got.append)
    qtbot.waitUntil(lambda: got == ["fresh"], timeout=5000)


@pytest.mark.parametrize("mode", ["large_text", "high_contrast"])
def test_accessibility_modes_restyle_every_screen(make_kiosk, qtbot, mode):
    controller, window = make_kiosk()
    title = window.current_screen().head
    before_size, before_color = title.font().pointSize(), title.palette().windowText().color()
    button = window.top.large if mode == "large_text" else window.top.contrast
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.isChecked()
    if mode == "large_text":
        assert title.font().pointSize() > before_size
    else:
        assert title.palette().windowText().color() != before_color


def test_the_virtual_keyboard_types_indonesian_or_english(qapp, monkeypatch):
    """PySide6-Addons ships Qt Virtual Keyboard with the id_ID layout; the kiosk selects it."""
    from ui.app import set_keyboard_language, virtual_keyboard_available

    assert virtual_keyboard_available()
    monkeypatch.setenv("QT_IM_MODULE", "qtvirtualkeyboard")
    assert set_keyboard_language("id") == "id_ID"
    assert set_keyboard_language("en") == "en_GB"


def test_every_spoken_prompt_has_its_audio_file():
    """build/make_sounds.py was run after the last prompt change (files are committed)."""
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, str(repo / "build" / "make_sounds.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_speech_plays_the_prompt_file_in_the_current_language(qapp):
    from ui.speech import Speech, sound_file

    speech = Speech(prefer_tts=False)
    speech.speak("Masukkan NIK Anda.", "Enter your NIK.", "id")
    assert speech.last == ("id", "Masukkan NIK Anda.")
    assert speech.played == sound_file("id", "Masukkan NIK Anda.") and speech.played.exists()
    speech.speak("Masukkan NIK Anda.", "Enter your NIK.", "en")
    assert speech.played == sound_file("en", "Enter your NIK.")
    speech.stop()


def test_the_layout_check_sees_cut_off_text(qapp):
    """The screenshot test relies on this check: it must flag what a person would see cut."""
    from PySide6.QtWidgets import QLabel, QPushButton, QWidget

    from ui.layout_check import text_problems

    root = QWidget()
    root.resize(300, 300)
    narrow = QLabel("Pemeriksaan keaktifan wajah gagal sama sekali", root)
    narrow.setGeometry(0, 0, 120, 30)
    wrapped = QLabel("Kata " * 40, root)
    wrapped.setWordWrap(True)
    wrapped.setGeometry(0, 40, 200, 40)
    button = QPushButton("Selesai dan hapus data saya", root)
    button.setGeometry(0, 100, 60, 40)
    outside = QLabel("Lanjut", root)
    outside.setGeometry(260, 280, 100, 40)
    fine = QLabel("OK", root)
    fine.setGeometry(0, 150, 100, 40)
    root.show()
    problems = {p.text: p.why for p in text_problems(root)}
    assert set(problems) == {narrow.text(), wrapped.text(), button.text(), outside.text()}
    assert "cut off" in problems["Lanjut"]


def test_kiosk_run_on_a_kiosk_that_is_not_enrolled_opens_setup_and_says_what_to_do(
    app_state, qapp, tmp_path, capsys, cli_logging
):
    """Not enrolled: `kiosk run` opens the first-run setup; closed unfinished, it exits 1
    and says how to go on (the wizard itself: tests/ui/test_setup_wizard.py)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.cli import main
    from ui.setup import SetupWizard

    seen = []

    def close_the_wizard():
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, SetupWizard)]
        shown = [w for w in shown if w.isVisible()]
        if not shown:
            QTimer.singleShot(100, close_the_wizard)
            return
        seen.append(shown[0])
        shown[0].close()

    QTimer.singleShot(0, close_the_wizard)
    assert main(["--data-dir", str(tmp_path), "run", "--windowed"]) == 1
    assert seen, "kiosk run did not show the setup wizard"
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "the kiosk is not enrolled" in err
    assert "kiosk provision --file" in err and "Traceback" not in err


def test_kiosk_demo_with_a_missing_camera_file_says_how_to_pass_one(
    app_state, tmp_path, capsys, cli_logging
):
    from app.cli import main

    missing = tmp_path / "nothing.mp4"
    assert main(["--data-dir", str(tmp_path), "demo", "--camera", str(missing)]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err and "camera number" in err


def test_kiosk_demo_rejects_an_unknown_challenge(capsys):
    from app.cli import main

    with pytest.raises(SystemExit):
        main(["demo", "--challenge", "blink,wink"])
    assert "unknown challenge wink" in capsys.readouterr().err


def test_the_touch_check_sees_small_buttons(qapp):
    from PySide6.QtWidgets import QPushButton, QWidget

    from ui.layout_check import small_targets
    from ui.widgets.common import BigButton

    root = QWidget()
    root.resize(600, 400)
    tiny = QPushButton("x", root)
    tiny.setGeometry(0, 0, 30, 30)
    big = BigButton("Lanjut", "primary", root)
    big.setGeometry(0, 100, 300, 80)
    root.show()
    found = small_targets(root, minimum=48)
    assert len(found) == 1 and "30x30" in found[0]


def test_the_camera_is_not_opened_before_consent(kiosk, demo, testdata, qtbot):
    """WELCOME, NIK and CONSENT never open a camera: the first frame source is made
    on the face screen, after "agree"."""
    from PySide6.QtCore import QThread

    from camera.sources import StillImageSource

    opened: list[State] = []  # the session's state each time the kiosk opened a camera

    def camera():
        opened.append(k.session.state)
        return StillImageSource(testdata / "faces" / "obama.jpg", repeat=100000)

    k = kiosk(face_source=camera)

    def no_camera_yet(state: State) -> None:
        assert k.session.state is state
        assert opened == [], opened
        assert k.window.findChildren(QThread) == []  # no camera worker on any screen

    no_camera_yet(State.WELCOME)
    k.click(k.screen().start_button)
    no_camera_yet(State.NIK)
    nik_screen = k.screen()
    for digit in demo.citizen_nik:
        k.click(nik_screen.keypad.keys[digit])
    k.click(nik_screen.keypad.keys["ok"])
    no_camera_yet(State.CONSENT)
    k.click(k.screen().agree)
    assert k.session.state is State.FACE
    face = k.window.screen_for(State.FACE)
    assert face.worker is not None and k.window.findChildren(QThread) == [face.worker]
    qtbot.waitUntil(lambda: bool(opened), timeout=20000)
    assert opened == [State.FACE]
    k.controller.citizen.cancel()


def test_an_unknown_region_code_is_a_warning_and_the_citizen_may_go_on(make_kiosk, qtbot, shots):
    controller, window = make_kiosk()
    drive(controller, State.NIK)
    screen = window.current_screen()
    screen.keypad.type_text("3199015505900001")  # a region code not in Kepmendagri's list
    assert screen.status.property("kind") == "warning"
    assert screen.status.text().startswith("Kode wilayah tidak dikenal")
    assert "Provinsi: Daerah Khusus Ibukota Jakarta" in screen.status.text()
    assert screen.keypad.keys["ok"].isEnabled()  # the server decides, not the kiosk
    settle_layouts()
    window.grab().save(str(shots / "nik_unknown_region.png"))
    qtbot.mouseClick(screen.keypad.keys["ok"], Qt.MouseButton.LeftButton)
    assert controller.session.state is State.CONSENT
