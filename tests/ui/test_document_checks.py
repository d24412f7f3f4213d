"""What the camera took is checked for what it is (camera/documents.py `refusal`): a pas foto
shows one face filling it, a paper document is not a face; on real face photos (tests/data/
faces) and paper pages rendered with text. The worker's own shutter (ui/forms/document_worker.py)
takes a picture the kiosk would not take by itself, and refuses a paper as the pas foto."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from document_support import FACES, held, paper_page, pas_foto
from journey_support import document_scene
from PySide6.QtGui import QImage

from camera.documents import PAPER, PHOTO, guide_crop, manual_image, refusal
from camera.photo import load_rgb
from camera.sources import ArraySource
from ui.forms.document_worker import DocumentWorker


@pytest.mark.parametrize("name", ["biden.jpg", "rose_leslie_img1.jpg", "obama.jpg"])
def test_a_pas_foto_is_accepted_as_the_photo_and_refused_as_a_paper(name):
    photo = pas_foto(name)
    assert refusal(photo, PHOTO) is None
    assert refusal(photo, PAPER) == "paper_is_face"


def test_a_paper_page_is_accepted_as_a_paper_and_refused_as_the_pas_foto():
    page = paper_page()
    assert refusal(page, PAPER) is None
    assert refusal(page, PHOTO) == "photo_no_face"


def test_a_photo_of_two_people_is_no_pas_foto():
    assert refusal(load_rgb(FACES / "two_people.jpg"), PHOTO) == "photo_several_faces"


def test_a_page_with_a_face_far_away_is_no_pas_foto():
    # the pas foto held at arm's length, lost in the middle of a big empty view
    frame = np.full((1500, 2400, 3), 235, np.uint8)
    photo = pas_foto("biden.jpg", width=260)
    frame[500 : 500 + photo.shape[0], 1070 : 1070 + photo.shape[1]] = photo
    assert refusal(frame, PHOTO) == "photo_face_small"


def test_the_manual_shot_keeps_the_document_found_or_the_inside_of_the_guide_frame():
    scene = document_scene()
    quad = np.array([[360, 180], [919, 180], [919, 539], [360, 539]], np.float32)
    flat = manual_image(scene, quad)
    assert flat.shape[1] == 1200 and 1.4 < flat.shape[1] / flat.shape[0] < 1.7
    assert flat.mean() > 200  # the white card, not the background
    inner = manual_image(scene, None)
    assert inner.shape[1] == 1200
    assert inner.shape[0] == pytest.approx(1200 * (720 - 2 * 57) / (1280 - 2 * 102), abs=2)
    assert np.array_equal(inner, guide_crop(scene))


def _run(qtbot, frames, kind, shoot=False):
    worker = DocumentWorker(lambda: ArraySource(frames, fps=15.0), kind=kind)
    got = {}
    worker.captured.connect(lambda jpeg, image: got.update(jpeg=jpeg, image=image))
    worker.refused.connect(lambda code, image: got.update(refused=code, image=image))
    if shoot:  # the citizen presses the shutter once the preview runs
        worker.frameReady.connect(lambda *_: worker.shoot())
    with qtbot.waitSignal(worker.finished, timeout=20000):
        worker.start()
    return got


def test_the_shutter_takes_a_blurred_document_the_kiosk_would_not_take(qtbot):
    frames = [document_scene(blur=4.0)] * 30
    assert _run(qtbot, frames, PAPER) == {}  # by itself: never sharp enough
    got = _run(qtbot, frames, PAPER, shoot=True)
    picture = QImage.fromData(got["jpeg"])
    assert picture.width() == 1200  # the card found, flattened
    assert picture.width() / picture.height() == pytest.approx(560 / 360, rel=0.05)


def test_a_paper_held_up_as_the_pas_foto_is_refused(qtbot):
    frames = [held(paper_page())] * 40
    got = _run(qtbot, frames, PHOTO, shoot=True)
    assert got.get("refused") == "photo_no_face" and "jpeg" not in got
    assert not got["image"].isNull()


def test_a_pas_foto_held_up_is_taken_as_the_pas_foto(qtbot):
    frames = [held(pas_foto("biden.jpg"))] * 40
    got = _run(qtbot, frames, PHOTO, shoot=True)
    assert "refused" not in got, got.get("refused")
    picture = QImage.fromData(got["jpeg"])
    assert picture.width() == 1200 and picture.height() > picture.width()  # upright portrait
    rgb = cv2.imdecode(np.frombuffer(got["jpeg"], np.uint8), cv2.IMREAD_COLOR)
    assert refusal(cv2.cvtColor(rgb, cv2.COLOR_BGR2RGB), PHOTO) is None
