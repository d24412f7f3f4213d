"""The first-run setup wizard against the real reference server over loopback.

The wizard gets the actions `kiosk run` wires (app.commands.setup.setup_actions): enrollment
with kiosk enroll's own code path, the kiosk's TOML file written as `kiosk provision` writes it,
a test receipt on a file printer. The camera is a video file: the blinking clip, or a clip of
the enrollment QR code made here. Also: every page rendered in both languages and both
orientations (setup_*.png for docs/screens), and `kiosk run` without a display.
"""

from __future__ import annotations

import json

import pytest
from finish_support import escpos_text
from journey_support import settle_layouts
from net_support import refused_port, refused_url
from setup_support import SITE, click, enroll_code, qr_video, type_into
from shell_journey import Kiosk, server_application
from shell_support import SIZES
from test_screens import out_dirs, translated_sources

from kiosk.config import load_config
from kiosk.session.states import State
from sync.enroll import enroll
from sync.kiosk_key import KioskKeyStore
from ui.layout_check import small_targets, text_problems, visible_texts

pytestmark = pytest.mark.timeout(300)

TOUCH_PX = 64


@pytest.fixture
def setup_wizard(qtbot, tmp_path, app_state):
    """setup_wizard(camera, size="portrait", language="id") -> (wizard, data dir, TOML path):
    the wizard with `kiosk run`'s actions for a kiosk of this test's own, closed after it."""
    from app.commands.setup import setup_actions
    from ui import theme, threads
    from ui.app import create_application
    from ui.setup import SetupWizard

    made = []

    def make(camera, size: str = "portrait", language: str = "id"):
        app = create_application()
        theme.apply(app)
        data_dir = tmp_path / "kiosk"
        data_dir.mkdir(exist_ok=True)
        config_path = tmp_path / "kiosk.toml"
        environ = {"MPP_KIOSK__CAMERA__DEVICE": str(camera)}
        config = load_config(config_path, data_dir, environ=environ)
        wizard = SetupWizard(setup_actions(data_dir, config_path, config), language=language)
        qtbot.addWidget(wizard)
        wizard.resize(*SIZES[size])
        wizard.show()
        qtbot.waitExposed(wizard)
        made.append(wizard)
        return wizard, data_dir, config_path

    yield make
    for wizard in made:
        wizard.close()
    qtbot.waitUntil(lambda: threads.pending() == 0, timeout=30000)


def _type_enrollment(qtbot, page, server: str, code: str, key_id: str) -> None:
    type_into(qtbot, page.server_input, server)
    type_into(qtbot, page.code_input, code)
    type_into(qtbot, page.key_input, key_id)
    click(qtbot, page.enroll_button)


def test_a_typed_code_enrolls_saves_and_the_kiosk_then_takes_an_application(
    setup_wizard, demo, qtbot, testdata, tmp_path, clip_template
):
    issued = enroll_code(demo, with_zero=True)
    typed = issued.replace("-", "").replace("0", "O").lower()  # as a hurried technician types
    wizard, data_dir, config_path = setup_wizard(testdata / "video" / "blinking_closeup.mp4")
    page = wizard.enroll_page
    assert not wizard.next_button.isEnabled()  # nothing goes on before the kiosk is enrolled
    _type_enrollment(qtbot, page, demo.url, typed, demo.ctx.keys.key_id)
    qtbot.waitUntil(lambda: page.result is not None, timeout=30000)
    identity = KioskKeyStore(data_dir).require()
    assert identity.site == SITE and page.result.kiosk_id == identity.kiosk_id
    assert page.message.text() == f"Terdaftar: {SITE} (kios {identity.kiosk_id})."

    click(qtbot, wizard.next_button)
    assert wizard.page() is wizard.camera_page
    qtbot.waitUntil(lambda: wizard.fps is not None, timeout=30000)
    assert "gambar per detik" in wizard.camera_page.fps_label.text()

    click(qtbot, wizard.next_button)
    printer = wizard.printer_page
    click(qtbot, printer.kinds.buttons["file"])
    assert not wizard.next_button.isEnabled()  # a file printer needs its file
    receipts = tmp_path / "receipts.bin"
    type_into(qtbot, printer.target_input, str(receipts))
    click(qtbot, printer.test_button)
    qtbot.waitUntil(lambda: printer.tested is not None, timeout=30000)
    assert printer.tested and printer.result.property("kind") == "success"
    assert "CONTOH" in escpos_text(receipts.read_bytes())

    click(qtbot, wizard.next_button)
    preferences = wizard.preferences_page
    click(qtbot, preferences.groups["ui.orientation"].buttons["portrait"])
    click(qtbot, preferences.groups["kiosk.mode"].buttons["assisted"])
    click(qtbot, wizard.next_button)
    assert wizard.page() is wizard.summary_page
    shown = wizard.summary_page.values()
    assert shown["site"] == SITE and "tanda terima uji tercetak" in shown["printer"]
    completed = []
    wizard.completed.connect(completed.append)
    click(qtbot, wizard.next_button)
    assert completed and wizard.done
    config = load_config(config_path, data_dir, environ={})
    expected = {
        "camera.device": str(testdata / "video" / "blinking_closeup.mp4"),
        "printer.kind": "file",
        "printer.target": str(receipts),
        "ui.orientation": "portrait",
        "kiosk.language": "id",
        "kiosk.mode": "assisted",
    }
    for key, value in expected.items():
        assert (config[key], config.source(key)) == (value, str(config_path))
    assert config["kiosk.site"] == SITE
    wizard.close()

    k = Kiosk(qtbot, demo, tmp_path, testdata, kiosk_dir=data_dir)
    try:
        k.identify(demo.citizen_nik)
        k.skip_the_camera(clip_template)
        assert k.wait_state(State.SERVICE, timeout=30000) is State.SERVICE
        k.fill_form("cetak-biodata", documents=False)
        k.confirm()
        row = server_application(demo, k.session.data.receipt.tracking_code)
        assert row["status"] == "received"
    finally:
        k.close()


def test_the_enrollment_qr_held_to_the_camera_enrolls(setup_wizard, demo, qtbot, tmp_path):
    code = enroll_code(demo)
    payload = {"url": demo.url, "code": code, "server_key_id": demo.ctx.keys.key_id}
    clip = qr_video(tmp_path / "qr.mp4", payload)
    wizard, data_dir, _config_path = setup_wizard(clip)
    page = wizard.enroll_page
    qtbot.waitUntil(lambda: page.result is not None, timeout=60000)
    assert json.loads(page.qr_seen[0]) == payload  # decoded from the camera's frames
    assert (page.server_input.text(), page.code_input.text()) == (demo.url, code)
    assert KioskKeyStore(data_dir).require().site == SITE
    assert page.worker is None and "Terdaftar" in page.message.text()
    assert wizard.next_button.isEnabled()


MISTAKES = {
    "mistyped code": ("Kode pendaftaran terdiri dari 12 huruf dan angka", "abcd-efgh"),
    "unknown code": ("Server tidak mengenal kode pendaftaran ini", "ABCD-EFGH-JKMN"),
    "used code": ("Kode pendaftaran ini sudah pernah dipakai", None),
    "wrong key id": ("Kunci server tidak cocok dengan ID kunci", None),
    "server down": ("Server tidak dapat dihubungi", None),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_a_failed_enrollment_says_why_and_saves_nothing(
    setup_wizard, demo, qtbot, testdata, tmp_path, mistake
):
    words, code = MISTAKES[mistake]
    key_id = demo.ctx.keys.key_id
    if code is None:
        code = enroll_code(demo)
    if mistake == "used code":
        other = tmp_path / "other-kiosk"
        other.mkdir()
        enroll(other, demo.url, code, expected_key_id=key_id)
    if mistake == "wrong key id":
        key_id = "server-0000000000000000"
    wizard, data_dir, config_path = setup_wizard(testdata / "video" / "blinking_closeup.mp4")
    page = wizard.enroll_page
    with refused_url() as down:
        server = down if mistake == "server down" else demo.url
        _type_enrollment(qtbot, page, server, code, key_id)
        qtbot.waitUntil(lambda: not page.busy, timeout=30000)
    assert page.message.property("kind") == "error"
    assert page.message.text().startswith(words), page.message.text()
    assert page.result is None and not wizard.next_button.isEnabled()
    assert KioskKeyStore(data_dir).load() is None and not config_path.exists()
    assert not page.code_input.isReadOnly() and page.enroll_button.isEnabled()  # try again


def _shown_wizard():
    from PySide6.QtWidgets import QApplication

    from ui.setup import SetupWizard

    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, SetupWizard)]
    return next(w for w in shown if w.isVisible())


def test_kiosk_run_shows_the_wizard_until_its_settings_are_saved(
    demo, qtbot, testdata, tmp_path, app_state
):
    """`kiosk run`'s own step (app.commands.setup.run_setup_wizard): it returns once the
    settings are saved, and refuses to go on when the wizard is closed before that."""
    from PySide6.QtCore import QTimer

    from app.commands.setup import SetupNotFinished, run_setup_wizard
    from ui.app import create_application

    app = create_application()
    clip = str(testdata / "video" / "blinking_closeup.mp4")
    code = enroll_code(demo)

    def kiosk(name: str):
        data_dir, config_path = tmp_path / name, tmp_path / f"{name}.toml"
        data_dir.mkdir()
        environ = {"MPP_KIOSK__CAMERA__DEVICE": clip}
        return data_dir, config_path, load_config(config_path, data_dir, environ=environ)

    def enroll_and_save() -> None:
        wizard = _shown_wizard()
        page = wizard.enroll_page
        page.enrolled.connect(lambda _result: (wizard.go(4), wizard.forward()))
        page.server_input.setText(demo.url)
        page.code_input.setText(code)
        page.key_input.setText(demo.ctx.keys.key_id)
        page.submit()

    data_dir, config_path, config = kiosk("first")
    QTimer.singleShot(0, enroll_and_save)
    run_setup_wizard(app, data_dir, config_path, config, fullscreen=False)
    assert KioskKeyStore(data_dir).require().site == SITE
    saved = load_config(config_path, data_dir, environ={})
    assert (saved["camera.device"], saved.source("camera.device")) == (clip, str(config_path))

    data_dir, config_path, config = kiosk("second")
    QTimer.singleShot(0, lambda: _shown_wizard().close())
    with pytest.raises(SetupNotFinished, match="not enrolled"):
        run_setup_wizard(app, data_dir, config_path, config, fullscreen=False)
    assert KioskKeyStore(data_dir).load() is None and not config_path.exists()
    from ui import threads

    qtbot.waitUntil(lambda: threads.pending() == 0, timeout=30000)


def test_display_problem_names_what_is_missing():
    from app.commands.setup import display_problem

    message = display_problem({}, "linux")
    assert message.startswith("no display:") and "DISPLAY" in message
    assert display_problem({"QT_QPA_PLATFORM": "xcb"}, "linux").startswith("no display:")
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    for platform in ("offscreen", "eglfs", "linuxfb"):  # Qt draws without a display server
        assert display_problem({"QT_QPA_PLATFORM": platform}, "linux") is None
    assert display_problem({}, "win32") is None


@pytest.mark.parametrize("command", [["run"], ["demo", "--no-enroll"]])
def test_kiosk_run_and_demo_without_a_display_say_so_and_exit(
    command, monkeypatch, tmp_path, capsys, cli_logging, testdata
):
    from app.cli import main

    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    clip = ["--camera", str(testdata / "video" / "blinking_closeup.mp4")]
    extra = clip if command[0] == "demo" else []
    assert main(["--data-dir", str(tmp_path / "data"), *command, *extra]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: no display:"), err
    assert "xcb" not in err  # not Qt's message about plugins


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("language", ["id", "en"])
def test_every_setup_page_renders_and_fits(
    setup_wizard, demo, qtbot, testdata, tmp_path, shots, language, size
):
    """setup_<page>-<language>-<size>.png (docs/screens through build/screenshots.py): no text
    cut off, touch targets of 64 px or more, no text of the other language."""
    wizard, _data_dir, _config_path = setup_wizard(
        testdata / "video" / "blinking_closeup.mp4", size, language
    )
    wrong = translated_sources("source" if language == "id" else "translation")
    problems: list[str] = []

    def shot(name: str) -> None:
        settle_layouts()
        assert (wizard.width(), wizard.height()) == SIZES[size], "the window grew"
        image = wizard.grab()
        for folder in out_dirs(shots):
            image.save(str(folder / f"setup_{name}-{language}-{size}.png"))
        problems.extend(f"{name}: {p}" for p in text_problems(wizard))
        problems.extend(f"{name}: {s}" for s in small_targets(wizard, TOUCH_PX))
        for text in visible_texts(wizard):
            if any(pattern.match(text) for pattern in wrong):
                problems.append(f"{name}: {text!r} is not in the screen's language")

    page = wizard.enroll_page
    qtbot.waitUntil(lambda: page.view.image is not None, timeout=30000)
    shot("enroll")
    _type_enrollment(qtbot, page, demo.url, "ABCD-EFGH-JKMN", demo.ctx.keys.key_id)
    qtbot.waitUntil(lambda: not page.busy, timeout=30000)
    shot("enroll_refused")
    type_into(qtbot, page.code_input, enroll_code(demo))
    click(qtbot, page.enroll_button)
    qtbot.waitUntil(lambda: page.result is not None, timeout=30000)
    shot("enrolled")
    click(qtbot, wizard.next_button)
    qtbot.waitUntil(lambda: wizard.fps is not None and page.worker is None, timeout=30000)
    shot("camera")
    click(qtbot, wizard.next_button)
    printer = wizard.printer_page
    click(qtbot, printer.kinds.buttons["network"])
    with refused_port() as port:  # a network printer that is switched off
        type_into(qtbot, printer.target_input, f"127.0.0.1:{port}")
        click(qtbot, printer.test_button)
        qtbot.waitUntil(lambda: printer.tested is not None, timeout=30000)
    assert printer.tested is False and printer.result.property("kind") == "error"
    shot("printer_failed")
    click(qtbot, printer.kinds.buttons["file"])
    type_into(qtbot, printer.target_input, str(tmp_path / "receipts.bin"))
    click(qtbot, printer.test_button)
    qtbot.waitUntil(lambda: printer.tested is not None, timeout=30000)
    assert printer.tested
    shot("printer")
    click(qtbot, wizard.next_button)
    shot("preferences")
    click(qtbot, wizard.next_button)
    shot("summary")
    assert not problems, "\n".join(problems)
