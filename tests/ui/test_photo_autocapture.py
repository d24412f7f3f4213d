"""A pas foto held up to the camera is taken by itself (no shutter), through the worker the
documents screen runs (ui/forms/document_worker.py): frames of a real clip (the citizen at a
kiosk's distance, tests/data/video/blinking_step_back.mp4) with a real face photo (tests/data/
faces) held beside their face, slightly out of focus and shaking by a pixel. A blurred paper
document on the same frames is still not taken by itself."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from document_support import paper_page, pas_foto

from camera.documents import PAPER, PHOTO, DocumentCapture, refusal, sharpness
from camera.sources import ArraySource
from ui.forms.document_worker import DocumentWorker

CLIP = Path(__file__).resolve().parents[1] / "data" / "video" / "blinking_step_back.mp4"


def clip_frames(count: int = 45) -> list[np.ndarray]:
    """The clip's first frames as a 1280x720 webcam gives them (RGB)."""
    video = cv2.VideoCapture(str(CLIP))
    frames = []
    try:
        while len(frames) < count:
            ok, frame = video.read()
            if not ok:
                break
            frame = cv2.resize(frame, (1280, 720), interpolation=cv2.INTER_AREA)
            frames.append(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))
    finally:
        video.release()
    assert len(frames) == count
    return frames


def held_up(card: np.ndarray, height: int, x: int, blur: float) -> list[np.ndarray]:
    """`card` held at (x, middle) on each clip frame, `height` px tall, out of focus by `blur`
    (Gaussian sigma) and shaking one pixel up and down."""
    scaled = cv2.resize(
        card,
        (int(round(height * card.shape[1] / card.shape[0])), height),
        interpolation=cv2.INTER_AREA,
    )
    if blur:
        scaled = cv2.GaussianBlur(scaled, (0, 0), blur)
    frames = []
    for index, frame in enumerate(clip_frames()):
        frame = frame.copy()
        y = (frame.shape[0] - height) // 2 + index % 2
        frame[y : y + height, x : x + scaled.shape[1]] = scaled
        frames.append(frame)
    return frames


def run_worker(qtbot, frames, kind) -> dict:
    worker = DocumentWorker(lambda: ArraySource(frames, fps=15.0), kind=kind)
    got: dict = {"codes": []}
    worker.frameReady.connect(lambda _image, code: got["codes"].append(code))
    worker.captured.connect(lambda jpeg, _image: got.update(jpeg=jpeg))
    worker.refused.connect(lambda code, _image: got.update(refused=code))
    with qtbot.waitSignal(worker.finished, timeout=60000):
        worker.start()
    return got


@pytest.mark.parametrize("name", ["biden.jpg", "rose_leslie_img1.jpg"])
def test_a_pas_foto_held_up_is_taken_by_itself(qtbot, name):
    frames = held_up(pas_foto(name, width=600), height=330, x=990, blur=1.2)
    # a text document's sharpness floor would never take it
    capture = DocumentCapture()
    assert not any(capture.check(f).ready for f in frames)
    got = run_worker(qtbot, frames, PHOTO)
    assert "refused" not in got and "jpeg" in got, got["codes"]
    assert got["codes"][-1] == "ready"
    rgb = cv2.imdecode(np.frombuffer(got["jpeg"], np.uint8), cv2.IMREAD_COLOR)
    photo = cv2.cvtColor(rgb, cv2.COLOR_BGR2RGB)
    assert photo.shape[0] > photo.shape[1]  # the upright portrait, cut out
    assert refusal(photo, PHOTO) is None  # its one face


def test_a_blurred_paper_is_still_not_taken_by_itself(qtbot):
    page = paper_page()
    sharp = run_worker(qtbot, held_up(page, height=560, x=860, blur=0.0), PAPER)
    assert "jpeg" in sharp, sharp["codes"]  # the same frames, in focus: taken
    blurred = held_up(page, height=560, x=860, blur=3.0)
    got = run_worker(qtbot, blurred, PAPER)
    assert "jpeg" not in got and "refused" not in got
    assert "blurry" in got["codes"] and "ready" not in got["codes"]


def test_a_blurred_paper_is_not_taken_as_the_pas_foto(qtbot):
    got = run_worker(qtbot, held_up(paper_page(), height=560, x=860, blur=3.0), PHOTO)
    assert "jpeg" not in got and "ready" not in got["codes"]


def test_the_photo_floor_is_below_a_sharp_photo_and_the_paper_floor_above_it():
    photo = pas_foto("biden.jpg", width=600)
    from camera.documents import DocumentSettings

    settings = DocumentSettings()
    assert sharpness(photo) < settings.min_sharpness  # why a photo needs its own
    assert sharpness(cv2.GaussianBlur(photo, (0, 0), 1.2)) > settings.min_sharpness_photo
