"""The face screen with a video-file camera: preview, prompts, liveness, template, failures."""

from __future__ import annotations

import pytest
from finish_support import (
    NIK,
    SCREEN_SIZES,
    FurtherAwaySource,
    make_config,
    make_session,
    save_screenshot,
    translations_fixture,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.facematch import face_distance, is_match
from kiosk.ports import VerificationResult
from kiosk.session import State
from ui.layout_check import text_problems

translations = pytest.fixture(translations_fixture)


class TemplateVerifier:
    """IdentityVerifier doing the real 1:1 comparison against one reference template."""

    def __init__(self, reference):
        self.reference = reference
        self.seen: list[tuple[str, list[float], dict]] = []

    def verify(self, nik, template, liveness):
        probe = [float(v) for v in template]
        self.seen.append((nik, probe, dict(liveness)))
        if is_match(probe, self.reference):
            return VerificationResult("match", prefill={}, session_token="t")
        return VerificationResult("no_match", reason="distance")


@pytest.fixture(scope="module")
def clip_reference(testdata):
    """The clip's person, from one still frame (as the demo enrolls from a video)."""
    from camera.templates import template_from_image

    source = FurtherAwaySource(testdata / "video" / "blinking_closeup.mp4", limit=6)
    frames = list(source.frames())
    source.close()
    return template_from_image(frames[5].image)


@pytest.fixture(scope="module")
def obama_reference(testdata):
    from camera.templates import template_from_photo

    return template_from_photo(testdata / "faces" / "obama.jpg")


def open_kiosk(
    qtbot,
    translations,
    tmp_path,
    source_factory,
    verifier=None,
    size="portrait",
    challenges="blink",
    language="id",
):
    from ui import theme
    from ui.controller import KioskController, Ports
    from ui.window import KioskWindow

    theme.apply(QApplication.instance())
    config = make_config(
        tmp_path, liveness__challenges=challenges, liveness__count=str(len(challenges.split(",")))
    )
    session = make_session()
    controller = KioskController(
        session,
        Ports(verifier=verifier),
        config=config,
        camera_factory=source_factory,
        translator=translations,
    )
    window = KioskWindow(controller)
    qtbot.addWidget(window)
    window.resize(*SCREEN_SIZES[size])
    window.show()
    session.start()
    session.choose_language(language)
    session.enter_nik(NIK)
    face = window.screen_for(State.FACE)
    face.realtime = False  # the clip as fast as the models go; liveness uses frame timestamps
    face.max_seconds = 30.0
    return controller, window, face


def test_live_capture_passes_and_matches(qtbot, translations, tmp_path, testdata, clip_reference):
    clip = testdata / "video" / "blinking_closeup.mp4"
    verifier = TemplateVerifier(clip_reference)
    controller, window, face = open_kiosk(
        qtbot, translations, tmp_path, lambda: FurtherAwaySource(clip), verifier
    )
    prompts, speech, handed = [], [], []
    controller.speak = lambda text_id, text_en: speech.append(text_id)
    face_captured = controller.session.face_captured
    controller.session.face_captured = lambda capture: (
        handed.append(capture.quality),
        face_captured(capture),
    )[1]
    controller.citizen.give_consent()
    assert window.current_screen() is face and face.worker is not None
    face.worker.guidance.connect(lambda g: prompts.append(face.prompt.text()))
    qtbot.waitUntil(lambda: face.view.image is not None, timeout=20000)
    assert face.view.image.width() >= face.view.width() * 0.9  # scaled to the view
    qtbot.waitUntil(lambda: controller.session.state is not State.FACE, timeout=60000)
    assert controller.wait_idle(20000)
    qtbot.waitUntil(lambda: controller.session.state is State.SERVICE, timeout=20000)
    nik, probe, liveness = verifier.seen[0]
    assert nik == NIK and len(probe) == 128 and face_distance(probe, clip_reference) < 0.4
    assert liveness == {"passed": True, "method": "blink"}  # no score: the check has none
    # The capture's own figure (share of frames through the quality gate), not a made-up 1.0:
    # the frames with the eyes shut during the blink fail the gate.
    assert len(handed) == 1 and 0.0 < handed[0] < 1.0
    assert (
        "Mundur sedikit" in prompts
        or "Hadapkan wajah Anda ke kamera" in prompts
        or "Kedipkan mata" in prompts
    )
    assert "Kedipkan mata" in prompts and "Kedipkan mata" in speech  # written and spoken
    assert face.worker is None and face.view.image is None  # camera off, preview wiped


def test_someone_else_reaches_no_match(qtbot, translations, tmp_path, testdata, obama_reference):
    clip = testdata / "video" / "blinking_closeup.mp4"
    verifier = TemplateVerifier(obama_reference)  # the NIK's registered face is Obama's
    controller, window, face = open_kiosk(
        qtbot, translations, tmp_path, lambda: FurtherAwaySource(clip), verifier, language="en"
    )
    controller.citizen.give_consent()
    qtbot.waitUntil(lambda: controller.session.state is State.NO_MATCH, timeout=60000)
    assert controller.session.data.error.code == "no_match"


def test_a_held_up_photo_fails_liveness(qtbot, translations, tmp_path, testdata):
    from camera.sources import StillImageSource

    photo = testdata / "faces" / "obama.jpg"
    controller, window, face = open_kiosk(
        qtbot, translations, tmp_path, lambda: StillImageSource(photo, repeat=150, fps=25)
    )
    controller.citizen.give_consent()
    qtbot.waitUntil(lambda: controller.session.state is State.FACE_FAILED, timeout=60000)
    assert controller.session.data.error.code == "liveness_failed"
    assert face.worker is None


def test_nobody_in_front_of_the_camera(qtbot, translations, tmp_path):
    import numpy as np

    from camera.sources import ArraySource

    empty = [np.full((480, 640, 3), 90, np.uint8)] * 60
    controller, window, face = open_kiosk(qtbot, translations, tmp_path, lambda: ArraySource(empty))
    controller.citizen.give_consent()
    qtbot.waitUntil(lambda: controller.session.state is State.FACE_FAILED, timeout=30000)
    assert controller.session.data.error.code == "no_face"


def test_missing_camera_calls_staff(qtbot, translations, tmp_path):
    from camera.sources import VideoFileSource

    controller, window, face = open_kiosk(
        qtbot, translations, tmp_path, lambda: VideoFileSource(tmp_path / "no-such-camera.mp4")
    )
    controller.citizen.give_consent()
    qtbot.waitUntil(lambda: controller.session.state is State.STAFF_HELP, timeout=10000)
    assert controller.session.data.help_reason.code == "camera_unavailable"


def test_cancel_during_capture_stops_the_camera(qtbot, translations, tmp_path, testdata):
    clip = testdata / "video" / "blinking_closeup.mp4"
    controller, window, face = open_kiosk(
        qtbot, translations, tmp_path, lambda: FurtherAwaySource(clip)
    )
    face.realtime = True  # keep it running while we cancel
    controller.citizen.give_consent()
    worker = face.worker
    qtbot.waitUntil(lambda: face.view.image is not None, timeout=20000)
    qtbot.mouseClick(face._nav["cancel"], Qt.MouseButton.LeftButton)
    assert controller.session.state is State.ENDED
    assert face.worker is None
    qtbot.waitUntil(worker.isFinished, timeout=10000)  # it ends on its own, off the UI thread
    assert face.view.image is None and face.prompt.text() != "Kedipkan mata"


def test_face_screenshots(qtbot, translations, tmp_path, testdata):
    """Both languages and orientations during one capture; the challenge (a head turn) is one
    the clip never performs, so the prompt stays on screen while we look."""
    clip = testdata / "video" / "blinking_closeup.mp4"
    controller, window, face = open_kiosk(
        qtbot, translations, tmp_path, lambda: FurtherAwaySource(clip), challenges="turn_left"
    )
    face.realtime = True
    controller.citizen.give_consent()
    qtbot.waitUntil(lambda: face._challenge is not None, timeout=30000)
    prompts = {"id": "Tolehkan kepala ke kiri", "en": "Turn your head to your left"}
    headings = {"id": "Lihat ke kamera", "en": "Look at the camera"}
    for size in ("portrait", "landscape"):
        window.resize(*SCREEN_SIZES[size])
        for language in ("id", "en"):
            controller.set_language(language)
            qtbot.wait(400)  # a few frames: the preview follows the new size
            assert controller.session.state is State.FACE
            save_screenshot(window, tmp_path, f"face_{language}_{size}")
            assert (window.width(), window.height()) == SCREEN_SIZES[size]
            assert face.prompt.text() == prompts[language]
            assert face.heading.text() == headings[language]
            assert face.view.image is not None and face.icon.action == "turn_left"
            assert text_problems(window) == []  # no text elided or cut off
    controller.citizen.cancel()
