"""Quality gate: thresholds from configuration, instructions, and verdicts on real frames."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from camera.quality import INSTRUCTIONS, QualityThresholds, check_face, instruction
from camera.tracker import FaceTracker

# The gate's failure codes and the words the citizen sees (Bahasa Indonesia, English), written
# out here as the message catalog words them (assets/messages/id.json, en.json).
EXPECTED_INSTRUCTIONS = {
    "no_face": ("Hadapkan wajah Anda ke kamera", "Face the camera"),
    "several_faces": ("Hanya satu orang di depan kamera", "Only one person in front of the camera"),
    "too_close": ("Mundur sedikit", "Step back a little"),
    "face_not_in_frame": ("Posisikan wajah di dalam oval", "Put your face inside the oval"),
    "face_too_small": ("Mendekatlah ke kamera", "Come closer"),
    "pose": ("Hadap lurus ke kamera", "Look straight at the camera"),
    "too_dark": ("Cari tempat yang lebih terang", "Find more light"),
    "too_bright": ("Hindari cahaya yang terlalu terang", "Avoid bright light"),
    "blurry": ("Tahan posisi, jangan bergerak", "Hold still"),
    "eyes_closed": ("Buka mata Anda", "Open your eyes"),
}


def test_thresholds_defaults_and_from_dict():
    t = QualityThresholds()
    assert (t.min_eye_distance_px, t.max_yaw_deg, t.max_pitch_deg, t.max_roll_deg) == (
        70.0,
        10.0,
        10.0,
        8.0,
    )
    custom = QualityThresholds.from_dict({"min_eye_distance_px": 90, "crop_size": 96})
    assert custom.min_eye_distance_px == 90.0 and custom.crop_size == 96
    assert QualityThresholds.from_dict(None) == t
    with pytest.raises(ValueError, match="unknown"):
        QualityThresholds.from_dict({"min_eye_distanse": 60})
    with pytest.raises(ValueError, match="number"):
        QualityThresholds.from_dict({"max_yaw_deg": "ten"})


def test_every_code_has_indonesian_and_english():
    assert set(INSTRUCTIONS) == set(EXPECTED_INSTRUCTIONS)
    for code, (text_id, text_en) in EXPECTED_INSTRUCTIONS.items():
        assert instruction(code) == {"code": code, "id": text_id, "en": text_en}


@pytest.fixture(scope="module")
def good_frame(print_photo):
    """A sharp, frontal, well-lit face at a comfortable size inside a 1280x720 frame."""
    frame = np.full((720, 1280, 3), 120, np.uint8)
    h, w = print_photo.shape[:2]
    big = cv2.resize(print_photo, (int(w * 1.5), int(h * 1.5)))
    y, x = (720 - big.shape[0]) // 2, (1280 - big.shape[1]) // 2
    frame[y : y + big.shape[0], x : x + big.shape[1]] = big
    return frame


def _small(frame):
    """The same scene seen from further away: a 640x360 crop around a half-size face."""
    half = cv2.resize(frame, (640, 360), interpolation=cv2.INTER_AREA)
    out = np.full((360, 640, 3), 120, np.uint8)
    out[:, :] = half
    return out


def _verdict(frame):
    with FaceTracker(static=True) as tracker:
        faces = tracker.process(frame)
    return check_face(frame, faces[0] if faces else None, QualityThresholds(), len(faces))


def test_good_frame_passes(good_frame):
    report = _verdict(good_frame)
    assert report.ok, report.problems
    assert report.figures["eye_distance"] >= 70 and report.figures["sharpness"] >= 60


@pytest.mark.parametrize(
    "change,code",
    [
        (lambda f: (f * 0.25).astype(np.uint8), "too_dark"),
        # +150 washes the face out until Face Mesh loses it (no_face); +100 is overexposed
        (lambda f: np.clip(f.astype(int) + 100, 0, 255).astype(np.uint8), "too_bright"),
        (lambda f: cv2.GaussianBlur(f, (0, 0), 4), "blurry"),
        (lambda f: _small(f), "face_too_small"),
        (lambda f: np.roll(f, 520, axis=1), "face_not_in_frame"),
    ],
)
def test_each_failure_is_reported(good_frame, change, code):
    report = _verdict(change(good_frame))
    assert code in report.problems, report.problems
    assert report.instruction == EXPECTED_INSTRUCTIONS[report.problems[0]]


def test_closeup_says_step_back_and_sees_closed_eyes(blink_track):
    frames = [(t, faces[0]) for t, faces in blink_track if len(faces) == 1]
    baseline = float(np.percentile([f.ear for _, f in frames], 75))
    closed = min(frames, key=lambda tf: tf[1].ear)[1]
    image = np.full((720, 1280, 3), 128, np.uint8)
    report = check_face(image, closed, QualityThresholds(), 1, ear_baseline=baseline)
    assert report.problems[0] == "too_close"
    assert "eyes_closed" in report.problems


def test_no_face_and_two_faces(faces_dir):
    from camera.photo import load_rgb

    blank = np.full((480, 640, 3), 90, np.uint8)
    assert _verdict(blank).problems == ["no_face"]
    assert _verdict(load_rgb(faces_dir / "two_people.jpg")).problems == ["several_faces"]
