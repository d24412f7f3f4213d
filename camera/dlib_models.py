"""dlib's 5-point landmark model and ResNet face encoder, loaded straight from the files of
face_recognition_models.

face_recognition's api module loads every model of that package on import, the 68-point
landmark model included, whose licence (iBUG 300-W) forbids commercial use. The kiosk never
imports face_recognition: it does here exactly what face_recognition.face_encodings(...,
model="small") and face_landmarks(..., model="small") do, with the same files, so templates
stay identical. The frozen build leaves the 68-point file out (build/kiosk.spec).
"""

from __future__ import annotations

import threading
from importlib.util import find_spec
from pathlib import Path

import numpy as np

PACKAGE = "face_recognition_models"
FIVE_POINT = "shape_predictor_5_face_landmarks.dat"
ENCODER = "dlib_face_recognition_resnet_model_v1.dat"
# Never loaded: not for commercial use. Named so the build and tests can keep it out.
SIXTY_EIGHT_POINT = "shape_predictor_68_face_landmarks.dat"

_lock = threading.Lock()
_models: tuple[object, object] | None = None


def model_path(name: str) -> Path:
    """Path of one of face_recognition_models' files. The package is located, not imported:
    its __init__ imports the deprecated pkg_resources (~0.25 s)."""
    spec = find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"{PACKAGE} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "models" / name


def models() -> tuple[object, object]:
    """(5-point shape predictor, ResNet encoder), loaded once (~0.3 s)."""
    global _models
    with _lock:
        if _models is None:
            import dlib

            _models = (
                dlib.shape_predictor(str(model_path(FIVE_POINT))),
                dlib.face_recognition_model_v1(str(model_path(ENCODER))),
            )
        return _models


def _rectangle(location: tuple[int, int, int, int]):
    import dlib

    top, right, bottom, left = location
    return dlib.rectangle(left, top, right, bottom)


def five_points(rgb: np.ndarray, location: tuple[int, int, int, int]):
    """dlib full_object_detection of the 5 landmarks inside (top, right, bottom, left)."""
    predictor, _ = models()
    return predictor(rgb, _rectangle(location))


def eye_points(
    rgb: np.ndarray, location: tuple[int, int, int, int]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(the person's right eye's 2 points, the left eye's), as face_landmarks(model="small")
    names them: points 0-1 are "right_eye", 2-3 "left_eye"."""
    points = [(p.x, p.y) for p in five_points(rgb, location).parts()]
    return points[0:2], points[2:4]


def encoding(
    rgb: np.ndarray, location: tuple[int, int, int, int], num_jitters: int = 1
) -> np.ndarray:
    """128-d encoding of the face at (top, right, bottom, left), as face_recognition's
    face_encodings(rgb, [location], num_jitters, model="small")[0]."""
    _, encoder = models()
    shape = five_points(rgb, location)
    return np.array(encoder.compute_face_descriptor(rgb, shape, num_jitters))
