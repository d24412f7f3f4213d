"""camera/documents.py on synthetic camera frames: a white card with printed text on a darker
background, moved across frames (not steady), held still (captured), blurred (not sharp)."""

from __future__ import annotations

import cv2
import numpy as np
from journey_support import document_scene

from camera.documents import (
    INSTRUCTIONS,
    DocumentCapture,
    DocumentSettings,
    find_document,
    order_corners,
    sharpness,
)


def test_the_card_is_found_where_it_was_drawn():
    quad = find_document(document_scene())
    assert quad is not None
    expected = np.array([[360, 180], [919, 180], [919, 539], [360, 539]], np.float32)
    assert np.abs(quad - expected).max() < 8


def test_a_tilted_card_is_found_and_flattened_upright():
    frame = document_scene()
    h, w = frame.shape[:2]
    rotation = cv2.getRotationMatrix2D((w / 2, h / 2), 12, 1.0)
    tilted = cv2.warpAffine(frame, rotation, (w, h), borderMode=cv2.BORDER_REFLECT)
    capture = DocumentCapture(DocumentSettings(steady_frames=2))
    checks = [capture.check(tilted) for _ in range(4)]
    assert checks[-1].ready, [c.code for c in checks]
    flat = capture.image
    assert flat.shape[1] == 1200
    assert 1.4 < flat.shape[1] / flat.shape[0] < 1.7  # the card's own 560 x 360 shape
    assert flat.mean() > 200  # mostly the white card, not the background


def test_a_moving_card_is_not_captured_until_it_is_held_still():
    capture = DocumentCapture(DocumentSettings(steady_frames=6))
    moving = [capture.check(document_scene(dx=25 * i)) for i in range(10)]
    assert {c.code for c in moving} == {"moving"}
    assert all(c.quad is not None for c in moving)
    still = [capture.check(document_scene(dx=250)) for _ in range(10)]
    codes = [c.code for c in still]
    assert "ready" in codes
    first_ready = codes.index("ready")
    # the first still frame still moved from the last moving one; then enough still frames
    assert first_ready == 6
    assert capture.jpeg()[:2] == b"\xff\xd8"


def test_a_blurred_card_is_refused_as_not_sharp():
    capture = DocumentCapture(DocumentSettings(min_sharpness=80.0))
    checks = [capture.check(document_scene(blur=4.0)) for _ in range(12)]
    assert checks[-1].code == "blurry"
    assert capture.image is None
    sharp = sharpness(cv2.resize(document_scene(), (1200, 675)))
    assert checks[-1].sharpness < 80.0 < sharp


def test_no_document_and_a_document_cut_by_the_frame_edge():
    capture = DocumentCapture()
    empty = capture.check(np.full((720, 1280, 3), 60, np.uint8))
    assert empty.code == "no_document" and empty.quad is None
    cut = capture.check(document_scene(dx=800))  # the card runs off the right edge
    assert cut.code == "not_in_frame"  # found, but touching the edge of the view
    assert cut.quad is not None and cut.quad[:, 0].max() >= 1270
    small = document_scene(size=(1080, 1920))  # the same card further away: 10 % of the view
    assert DocumentCapture().check(small).code == "too_small"


def test_every_instruction_tells_the_citizen_what_to_do():
    assert INSTRUCTIONS == {
        "no_document": (
            "Pegang dokumen di depan kamera, di dalam bingkai",
            "Hold the document up to the camera, inside the frame",
        ),
        "too_small": ("Dekatkan dokumen ke kamera", "Bring the document closer to the camera"),
        "not_in_frame": (
            "Seluruh dokumen harus terlihat di dalam bingkai",
            "The whole document must be inside the frame",
        ),
        "moving": ("Tahan dokumen, jangan bergerak", "Hold the document still"),
        "blurry": (
            "Gambar kurang tajam: tahan dokumen diam sebentar",
            "The picture is not sharp: hold the document still for a moment",
        ),
        "ready": ("Bagus! Dokumen sudah difoto", "Good! The document has been photographed"),
    }


def test_corners_are_ordered_clockwise_from_top_left():
    points = np.array([[10, 90], [90, 10], [10, 10], [90, 90]], np.float32)
    assert order_corners(points).tolist() == [[10, 10], [90, 10], [90, 90], [10, 90]]
