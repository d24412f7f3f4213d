"""The face screen with a video-file camera: preview, prompts, liveness, template, failures."""

from __future__ import annotations

import pytest
from finish_support import (
    NIK,
    SCREEN_SIZES,
    FurtherAwaySource,
    make_config,
    save_screenshot,
    translations_fixture,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from real_support import SpokenPrompts, claim_nik
from server_records import verify_attempts

from kiosk.session import Session, State
from kiosk.session.rules import CatalogRules
from ui.layout_check import text_problems

translations = pytest.fixture(translations_fixture)


@pytest.fixture(scope="module")
def obama_reference(testdata):
    from camera.templates import template_from_photo

    return template_from_photo(testdata / "faces" / "obama.jpg")


def open_kiosk(
    qtbot,
    translations,
    tmp_path,
    source_factory,
    ports=None,
    config=None,
    nik=NIK,
    size="portrait",
    challenges="blink",
    language="id",
    speech=None,
):
    """The face screen of a kiosk at CONSENT. ports/config: the kiosk's real ones (real_ports)
    for the tests that reach the identity check; without, the face step is the last."""
    from ui import theme
    from ui.controller import KioskController
    from ui.window import KioskWindow

    theme.apply(QApplication.instance())
    if config is None:
        config = make_config(
            tmp_path,
            liveness__challenges=challenges,
            liveness__count=str(len(challenges.split(","))),
        )
    session = Session(CatalogRules())
    controller = KioskController(
        session,
        ports,
        config=config,
        camera_factory=source_factory,
        translator=translations,
        speech=speech,
    )
    window = KioskWindow(controller)
    qtbot.addWidget(window)
    window.resize(*SCREEN_SIZES[size])
    window.show()
    session.start()
    session.choose_language(language)
    session.enter_nik(nik)
    face = window.screen_for(State.FACE)
    face.realtime = False  # the clip as fast as the models go; liveness uses frame timestamps
    face.max_seconds = 30.0
    return controller, window, face


def test_live_capture_passes_and_matches(
    qtbot, translations, tmp_path, testdata, demo, real_ports, clip_template
):
    """The clip through the real face pipeline, the template checked by the reference server
    against the NIK's reference face (the clip's person) over the kiosk's real verifier."""
    clip = testdata / "video" / "blinking_closeup.mp4"
    nik = claim_nik(demo, clip_template)
    ports, config = real_ports()
    speech = SpokenPrompts()
    controller, window, face = open_kiosk(
        qtbot,
        translations,
        tmp_path,
        lambda: FurtherAwaySource(clip),
        ports,
        config,
        nik=nik,
        speech=speech,
    )
    prompts = []
    controller.citizen.give_consent()
    assert window.current_screen() is face and face.worker is not None
    worker = face.worker  # keeps its outcome (a slot connected here is cut by the screen's
    # stop_capture(), which disconnects every slot of the worker's signals)
    face.worker.guidance.connect(lambda g: prompts.append(face.prompt.text()))
    qtbot.waitUntil(lambda: face.view.image is not None, timeout=20000)
    assert face.view.image.width() >= face.view.width() * 0.9  # scaled to the view
    qtbot.waitUntil(lambda: controller.session.state is not State.FACE, timeout=60000)
    qtbot.waitUntil(lambda: controller.session.state is not State.VERIFYING, timeout=20000)
    assert controller.session.state is State.SERVICE, controller.session.data.error
    assert verify_attempts(demo.ctx, nik) == [True]  # the server compared and matched, once
    assert not controller.session.data.verification_pending
    # The capture's own figures: the frames with the eyes shut during the blink fail the
    # quality gate, so fewer frames passed it than were seen (not a made-up 1.0).
    assert worker.outcome is not None and worker.outcome.failure_reason() is None
    quality = worker.outcome.quality
    assert 0 < quality["quality_frames"] < quality["frames"], quality
    assert "Kedipkan mata" in prompts  # written
    assert ("id", "Kedipkan mata") in speech.said  # and spoken
    assert face.worker is None and face.view.image is None  # camera off, preview wiped


def test_someone_else_reaches_no_match(
    qtbot, translations, tmp_path, testdata, demo, real_ports, obama_reference
):
    clip = testdata / "video" / "blinking_closeup.mp4"
    nik = claim_nik(demo, obama_reference)  # the NIK's registered face is Obama's
    ports, config = real_ports()
    controller, window, face = open_kiosk(
        qtbot,
        translations,
        tmp_path,
        lambda: FurtherAwaySource(clip),
        ports,
        config,
        nik=nik,
        language="en",
    )
    controller.citizen.give_consent()
    qtbot.waitUntil(lambda: controller.session.state is State.NO_MATCH, timeout=60000)
    assert controller.session.data.error.code == "no_match"
    assert verify_attempts(demo.ctx, nik) == [False]


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
            for _ in range(3):  # a few frames: the preview follows the new size
                with qtbot.waitSignal(face.worker.previewReady, timeout=10000):
                    pass
            assert controller.session.state is State.FACE
            save_screenshot(window, tmp_path, f"face_{language}_{size}")
            assert (window.width(), window.height()) == SCREEN_SIZES[size]
            assert face.prompt.text() == prompts[language]
            assert face.heading.text() == headings[language]
            assert face.view.image is not None and face.icon.action == "turn_left"
            assert text_problems(window) == []  # no text elided or cut off
    controller.citizen.cancel()
