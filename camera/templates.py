"""128-d face templates with face_recognition (dlib), located by mediapipe.

face_recognition gets the mediapipe face box as the known location (dlib's HOG detector takes
0.1-1 s on a large frame) and uses only the 5-point `small` landmark model: the 68-point
model's licence forbids commercial use.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from camera.photo import PhotoFace, PhotoTooLarge, decode_rgb, detect_photo_faces, load_rgb
from camera.quality import QualityThresholds, photo_problems
from kiosk.messages import codes, pair

TEMPLATE_SIZE = 128

# dlib's HOG box sits ~5 % inside mediapipe's and is ~90 % of its size (measured on the
# test photos); matching that keeps the 5-point predictor on the geometry it was trained for.
_BOX_INSET = 0.05
_BOX_SCALE = 0.90

_ERROR_TEXTS = {code: pair(f"camera.template.{code}") for code in codes("camera.template")}

_encode_lock = threading.Lock()


class FaceTemplateError(Exception):
    """No template could be made. `.code`: no_face, several_faces, unreadable, too_large,
    low_quality; `.reason`: the failed quality check for low_quality (else None)."""

    def __init__(self, code: str, reason: str | None = None, detail: str | None = None):
        self.code = code
        self.reason = reason
        self.message_id, self.message_en = _ERROR_TEXTS[code]
        text = self.message_en if not reason else f"{self.message_en} ({reason})"
        super().__init__(text if not detail else f"{text}: {detail}")


@dataclass(frozen=True)
class FaceBox:
    """Pixel box, x0/y0 inclusive, x1/y1 exclusive."""

    x0: float
    y0: float
    x1: float
    y1: float


def dlib_location(box: FaceBox, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """mediapipe box -> face_recognition's (top, right, bottom, left), clipped to the image."""
    h, w = shape[:2]
    bw, bh = box.x1 - box.x0, box.y1 - box.y0
    left = box.x0 + _BOX_INSET * bw
    top = box.y0 + _BOX_INSET * bh
    right = left + _BOX_SCALE * bw
    bottom = top + _BOX_SCALE * bh
    return (
        int(max(0, round(top))),
        int(min(w - 1, round(right))),
        int(min(h - 1, round(bottom))),
        int(max(0, round(left))),
    )


def encode_face(rgb: np.ndarray, box: FaceBox) -> np.ndarray:
    """128-d encoding of the face inside `box` of an RGB uint8 image."""
    import face_recognition  # heavy: dlib models load on first use

    image = np.ascontiguousarray(rgb, dtype=np.uint8)
    with _encode_lock:  # dlib's models are shared objects; keep one encoder at a time
        encodings = face_recognition.face_encodings(
            image, [dlib_location(box, image.shape)], num_jitters=1, model="small"
        )
    if not encodings:
        raise FaceTemplateError("no_face")
    return np.asarray(encodings[0], dtype=np.float64)


def template_from_face(rgb: np.ndarray, face: PhotoFace) -> np.ndarray:
    return encode_face(rgb, FaceBox(*face.box))


def template_from_image(rgb: np.ndarray, thresholds: QualityThresholds | None = None) -> np.ndarray:
    """Template of the one face in an RGB photo; raises FaceTemplateError."""
    faces = detect_photo_faces(rgb)
    if not faces:
        raise FaceTemplateError("no_face")
    if len(faces) > 1:
        raise FaceTemplateError("several_faces")
    problems = photo_problems(faces[0], rgb, thresholds or QualityThresholds())
    if problems:
        raise FaceTemplateError("low_quality", reason=problems[0])
    return template_from_face(rgb, faces[0])


def template_from_photo(path, thresholds: QualityThresholds | None = None) -> np.ndarray:
    """Template (float64, shape (128,)) of the one face in the photo file at `path`.

    Raises FaceTemplateError with code no_face, several_faces, unreadable, too_large or low_quality
    (then `.reason` names the check: face_not_in_frame, face_too_small, ...).
    """
    try:
        rgb = load_rgb(Path(path))
    except PhotoTooLarge as exc:
        raise FaceTemplateError("too_large", detail=f"{Path(path).name}, {exc}") from None
    if rgb is None:
        raise FaceTemplateError("unreadable", detail=Path(path).name)
    return template_from_image(rgb, thresholds)


def template_from_bytes(data: bytes, thresholds: QualityThresholds | None = None) -> np.ndarray:
    """Like template_from_photo, for an uploaded photo held in memory."""
    try:
        rgb = decode_rgb(data)
    except PhotoTooLarge as exc:
        raise FaceTemplateError("too_large", detail=str(exc)) from None
    if rgb is None:
        raise FaceTemplateError("unreadable")
    return template_from_image(rgb, thresholds)
