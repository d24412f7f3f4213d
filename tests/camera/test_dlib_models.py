"""Licence hygiene: the kiosk loads dlib's 5-point and ResNet models itself, never
face_recognition (whose import loads the 68-point model, not licensed for commercial use),
and its encodings and landmarks are face_recognition's own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from camera import dlib_models
from camera.photo import hog_faces, load_rgb
from camera.templates import FaceBox, dlib_location, encode_face

ROOT = Path(__file__).resolve().parents[2]
KIOSK_PACKAGES = ("app", "ui", "camera", "sync", "printing", "protocol", "kiosk", "server")
# face_recognition_models (imported here for comparison only) imports the deprecated pkg_resources
pytestmark = pytest.mark.filterwarnings("ignore:pkg_resources is deprecated:UserWarning")

PHOTOS = ("obama.jpg", "biden.jpg", "rose_leslie_img1.jpg", "lin-manuel-miranda.png")


def test_model_paths_are_face_recognition_models_own():
    import face_recognition_models as frm

    assert dlib_models.model_path(dlib_models.FIVE_POINT) == Path(
        frm.pose_predictor_five_point_model_location()
    )
    assert dlib_models.model_path(dlib_models.ENCODER) == Path(
        frm.face_recognition_model_location()
    )
    assert Path(frm.pose_predictor_model_location()).name == dlib_models.SIXTY_EIGHT_POINT


@pytest.mark.parametrize("jitters", [1, 3])
def test_encodings_equal_face_recognition(faces_dir, jitters):
    import face_recognition

    for name in PHOTOS:
        rgb = load_rgb(faces_dir / name)
        locations = face_recognition.face_locations(rgb)
        assert len(locations) == 1, name
        (expected,) = face_recognition.face_encodings(
            rgb, locations, num_jitters=jitters, model="small"
        )
        ours = dlib_models.encoding(rgb, locations[0], jitters)
        assert ours.shape == (128,)
        if jitters == 1:
            assert np.max(np.abs(ours - expected)) < 1e-6, name
        else:
            # dlib draws the jitters from one process-wide random generator, so two calls
            # never see the same jitters: the same pipeline lands within a jitter's spread
            # (0.06-0.10 apart between calls here), far below the 0.55 match threshold
            assert np.linalg.norm(ours - expected) < 0.15, name


def test_encode_face_equals_face_recognition_on_the_same_box(faces_dir):
    """camera.templates' encoder, given a box, gives face_recognition's encoding of the
    dlib location that box maps to."""
    import face_recognition

    rgb = load_rgb(faces_dir / "biden2.jpg")
    box = FaceBox(300.0, 180.0, 560.0, 440.0)
    location = dlib_location(box, rgb.shape)
    (expected,) = face_recognition.face_encodings(rgb, [location], model="small")
    assert np.max(np.abs(encode_face(rgb, box) - expected)) < 1e-6


def test_hog_eyes_are_face_recognition_small_landmarks(faces_dir):
    import face_recognition

    rgb = np.ascontiguousarray(load_rgb(faces_dir / "obama-480p.jpg"))
    assert max(rgb.shape) > 640  # so hog_faces does not upsample either
    (face,) = hog_faces(rgb)
    (location,) = face_recognition.face_locations(rgb, number_of_times_to_upsample=0)
    (marks,) = face_recognition.face_landmarks(rgb, [location], model="small")
    right = np.mean(marks["right_eye"], axis=0)
    left = np.mean(marks["left_eye"], axis=0)
    eyes = sorted((right, left), key=lambda p: p[0])
    assert np.allclose(face.right_eye, eyes[0], atol=1e-6)
    assert np.allclose(face.left_eye, eyes[1], atol=1e-6)


def test_kiosk_code_never_imports_face_recognition():
    offenders = []
    for package in KIOSK_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for line in text.splitlines():
                words = line.split()
                if words[:2] in (["import", "face_recognition"], ["from", "face_recognition"]):
                    offenders.append(f"{path.relative_to(ROOT)}: {line.strip()}")
            if "pose_predictor_model_location" in text:
                offenders.append(f"{path.relative_to(ROOT)}: 68-point model path")
    assert offenders == []


def test_templates_leave_face_recognition_unloaded(faces_dir):
    """A fresh interpreter making a jittered reference template (every detector, the HOG
    fallback included) has neither face_recognition nor pkg_resources loaded."""
    code = (
        "import sys\n"
        "from camera.photo import hog_faces, load_rgb\n"
        "from camera.templates import template_from_photo\n"
        f"template_from_photo({str(faces_dir / 'obama.jpg')!r}, jitters=2)\n"
        f"assert hog_faces(load_rgb({str(faces_dir / 'biden.jpg')!r}))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('face_recognition', 'pkg_resources')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
