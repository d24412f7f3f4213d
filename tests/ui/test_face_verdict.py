"""One face verdict everywhere: the face screen, `kiosk liveness` and `kiosk camera test` read
the same clip with the same configuration file and must agree on the result and its reason.

The clips are the real ones in tests/data/video, plus a closer and a farther version of the
step-back clip written here (the person half a step nearer, two steps further back). The
expected verdicts are what a person sees in the clips: the close-up's face overflows the frame
(too close), the step-back clip and its farther version show one clear face blinking, the
film clip shows no deliberate blink.
"""

from __future__ import annotations

import json

import cv2
import pytest
from finish_support import NIK, SCREEN_SIZES, save_screenshot, translations_fixture
from PySide6.QtWidgets import QApplication
from real_support import SpokenPrompts

from kiosk.session import Session, State
from kiosk.session.rules import CatalogRules
from ui.layout_check import text_problems

translations = pytest.fixture(translations_fixture)

CONFIG = """
[liveness]
challenges = ["blink"]
count = 1

[session]
max_liveness_attempts = 3
"""

STEP_BACK = {"id": "Mundur sedikit", "en": "Step back a little"}
PASSED = {"passed": True, "reason": "ok"}
TOO_CLOSE = {"passed": False, "reason": "too_close"}


def _derived_clip(source, target, zoom: float, frames: int = 120):
    """The first `frames` of `source` seen from nearer (zoom > 1: the centre enlarged) or
    further away (zoom < 1: shrunk, the wall at the clip's edges carried outwards)."""
    reader = cv2.VideoCapture(str(source))
    fps = reader.get(cv2.CAP_PROP_FPS)
    w, h = int(reader.get(cv2.CAP_PROP_FRAME_WIDTH)), int(reader.get(cv2.CAP_PROP_FRAME_HEIGHT))
    writer = cv2.VideoWriter(str(target), cv2.VideoWriter_fourcc(*"mp4v"), fps, (w, h))
    for _ in range(frames):
        ok, bgr = reader.read()
        if not ok:
            break
        if zoom > 1:
            cw, ch = round(w / zoom), round(h / zoom)
            x, y = (w - cw) // 2, (h - ch) // 2
            bgr = cv2.resize(bgr[y : y + ch, x : x + cw], (w, h), interpolation=cv2.INTER_LINEAR)
        else:
            small = cv2.resize(
                bgr, (round(w * zoom), round(h * zoom)), interpolation=cv2.INTER_AREA
            )
            top, left = (h - small.shape[0]) // 2, (w - small.shape[1]) // 2
            bottom, right = h - small.shape[0] - top, w - small.shape[1] - left
            bgr = cv2.copyMakeBorder(small, top, bottom, left, right, cv2.BORDER_REPLICATE)
        writer.write(bgr)
    reader.release()
    writer.release()
    return target


@pytest.fixture
def config_file(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def _clip(testdata, tmp_path, name: str):
    video = testdata / "video"
    if name == "closer":  # half a step nearer than the step-back clip: the face overflows
        return _derived_clip(video / "blinking_step_back.mp4", tmp_path / "closer.mp4", 1.6)
    if name == "farther":  # two steps further back: smaller, still clear
        return _derived_clip(video / "blinking_step_back.mp4", tmp_path / "farther.mp4", 0.4)
    path = video / name
    assert path.is_file(), f"missing test data: {path}"
    return path


def _kiosk_liveness(clip, config_file, tmp_path, capsys) -> dict:
    from app.cli import main

    argv = ["--config", str(config_file), "--data-dir", str(tmp_path / "cli")]
    code = main([*argv, "liveness", "--source", str(clip), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == (0 if out["passed"] else 1)
    return {"passed": out["passed"], "reason": out["reason"]}


def _screen(qtbot, translations, tmp_path, config_file, clip, speech=None):
    """The face screen of a kiosk on the configuration file, the clip as its camera; runs the
    capture to its end. Returns (controller, window, face screen, prompts shown meanwhile)."""
    from camera.sources import VideoFileSource
    from kiosk.config import load_config
    from ui import theme
    from ui.controller import KioskController
    from ui.window import KioskWindow

    theme.apply(QApplication.instance())
    config = load_config(config_file, tmp_path / "screen")
    session = Session(CatalogRules())
    controller = KioskController(
        session,
        None,
        config=config,
        camera_factory=lambda: VideoFileSource(clip),
        translator=translations,
        speech=speech,
    )
    window = KioskWindow(controller)
    qtbot.addWidget(window)
    window.resize(*SCREEN_SIZES["portrait"])
    window.show()
    session.start()
    session.choose_language("id")
    session.enter_nik(NIK)
    face = window.screen_for(State.FACE)
    face.realtime = False  # as fast as the models go; liveness runs on the clip's timestamps
    controller.citizen.give_consent()
    prompts: list[str] = []
    face.worker.guidance.connect(lambda _g: prompts.append(face.prompt.text()))
    qtbot.waitUntil(lambda: face.verdict is not None, timeout=120000)
    return controller, window, face, prompts


@pytest.mark.parametrize(
    "name,expected",
    [
        ("blinking_closeup.mp4", TOO_CLOSE),
        ("blinking_step_back.mp4", PASSED),
        ("short_hamilton_clip.mp4", {"passed": False, "reason": "action_not_seen"}),
        ("closer", TOO_CLOSE),
        ("farther", PASSED),
    ],
)
def test_face_screen_and_kiosk_liveness_agree(
    qtbot, translations, tmp_path, testdata, config_file, capsys, name, expected
):
    clip = _clip(testdata, tmp_path, name)
    assert _kiosk_liveness(clip, config_file, tmp_path, capsys) == expected
    speech = SpokenPrompts()
    controller, window, face, prompts = _screen(
        qtbot, translations, tmp_path, config_file, clip, speech
    )
    assert face.verdict == expected
    # a capture that passed shows "done" for a moment, then hands the face to the session
    qtbot.waitUntil(lambda: controller.session.state is not State.FACE, timeout=10000)
    state = controller.session.state
    if expected["passed"]:
        assert state not in (State.FACE, State.FACE_FAILED, State.STAFF_HELP)
        assert "Mundur sedikit" not in prompts
        assert ("id", "Kedipkan mata") in speech.said
    else:
        assert state is State.FACE_FAILED
    controller.citizen.cancel()


def test_too_close_is_said_as_camera_test_says_it(
    qtbot, translations, tmp_path, testdata, config_file, capsys
):
    """The close-up: the screen tells the citizen to step back (never "find more light"),
    while capturing and after, with the tries the configuration allows; `kiosk camera test`
    names the same problem."""
    from app.cli import main

    clip = testdata / "video" / "blinking_closeup.mp4"
    argv = ["--config", str(config_file), "camera", "test", "--device", str(clip)]
    assert main([*argv, "--seconds", "2"]) == 0
    out = capsys.readouterr().out
    assert "quality: too_close" in out and "verdict: too_close" in out

    speech = SpokenPrompts()
    controller, window, face, prompts = _screen(
        qtbot, translations, tmp_path, config_file, clip, speech
    )
    assert prompts and set(prompts) == {STEP_BACK["id"]}  # one instruction, the real one
    assert ("id", STEP_BACK["id"]) in speech.said  # and said
    assert ("id", "Kedipkan mata") not in speech.said  # no blink asked of a face too close
    qtbot.waitUntil(lambda: controller.session.state is State.FACE_FAILED, timeout=10000)
    failed = window.current_screen()
    assert failed.problem.text() == STEP_BACK["id"]
    assert failed.tries.text() == "Sisa 2 kali percobaan"  # 3 configured, 1 used
    save_screenshot(window, tmp_path, "face_failed_too_close_id")
    assert text_problems(window) == []
    controller.set_language("en")
    qtbot.wait(50)  # the new words are laid out
    assert failed.problem.text() == STEP_BACK["en"]
    assert failed.tries.text() == "Tries left: 2"
    save_screenshot(window, tmp_path, "face_failed_too_close_en")
    assert [str(p) for p in text_problems(window)] == []
    controller.citizen.cancel()


def test_the_step_back_instruction_fits_on_the_face_screen(
    qtbot, translations, tmp_path, testdata, config_file
):
    """While the close-up plays, the face screen shows "Mundur sedikit" in full, the oval
    warns (its colour follows the quality verdict)."""
    clip = testdata / "video" / "blinking_closeup.mp4"
    controller, window, face, prompts = _screen(qtbot, translations, tmp_path, config_file, clip)
    # Try again with the clip at its own speed, to look at the screen during the capture.
    face.realtime = True
    qtbot.waitUntil(lambda: controller.session.state is State.FACE_FAILED, timeout=10000)
    controller.citizen.retry()
    qtbot.waitUntil(lambda: face.prompt.text() == STEP_BACK["id"], timeout=30000)
    assert face.view.state == "warn"
    save_screenshot(window, tmp_path, "face_step_back_id")
    assert text_problems(window) == []
    controller.citizen.cancel()
