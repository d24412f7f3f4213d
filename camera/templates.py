"""128-d face templates with dlib's ResNet encoder (face_recognition's models), located by
mediapipe.

The encoder gets a known face location (dlib's HOG detector over a whole large frame takes
0.1-1 s) and uses only the 5-point landmark model (camera.dlib_models; the 68-point model's
licence forbids commercial use, so face_recognition itself is never imported). Live frames use
the tracker's mediapipe box; stills (camera.photo's detectors) use dlib's HOG box found in a
small region around the detected face, and references average REFERENCE_JITTERS jittered
encodings."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from camera import dlib_models
from camera.photo import (
    HOG_BOX_INSET,
    HOG_BOX_SCALE,
    PhotoFace,
    PhotoTooLarge,
    decode_rgb,
    detect_photo_faces,
    hog_faces,
    load_rgb,
)
from camera.quality import QualityThresholds, photo_problems
from kiosk.messages import codes, pair

TEMPLATE_SIZE = 128

# Reference templates (server enrolment, `kiosk verify-face`; time is cheap there) average
# this many jittered encodings (dlib's num_jitters: randomly shifted, rotated, scaled and
# mirrored copies of the face chip). On unseen photo pairs it moved all genuine pairs but two
# of 140 under 0.55 where single shots left 8 above, no impostor coming under 0.55.
REFERENCE_JITTERS = 10

# A reference photo may cut the forehead (hair) or the chin: the framing check judges the
# face box without these shares of its height at the top and the bottom, which still holds
# the eyes, nose and mouth the 5-point model uses. A face cut at a side is still refused.
_FRAMING_TRIM_TOP = 0.25
_FRAMING_TRIM_BOTTOM = 0.15

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
    # dlib HOG's geometry (camera.photo), the one the 5-point predictor was trained on
    left = box.x0 + HOG_BOX_INSET * bw
    top = box.y0 + HOG_BOX_INSET * bh
    right = left + HOG_BOX_SCALE * bw
    bottom = top + HOG_BOX_SCALE * bh
    return (
        int(max(0, round(top))),
        int(min(w - 1, round(right))),
        int(min(h - 1, round(bottom))),
        int(max(0, round(left))),
    )


def encode_face(rgb: np.ndarray, box: FaceBox, jitters: int = 1) -> np.ndarray:
    """128-d encoding of the face inside `box` of an RGB uint8 image; with jitters > 1, the
    mean of that many jittered encodings (about `jitters` times slower)."""
    image = np.ascontiguousarray(rgb, dtype=np.uint8)
    with _encode_lock:  # dlib's models are shared objects; keep one encoder at a time
        encoded = dlib_models.encoding(image, dlib_location(box, image.shape), jitters)
    return np.asarray(encoded, dtype=np.float64)


def template_from_face(rgb: np.ndarray, face: PhotoFace, jitters: int = 1) -> np.ndarray:
    return encode_face(rgb, _encoding_box(rgb, face), jitters)


ENCODING_HOG_FACE_PX = 160


def _encoding_box(rgb: np.ndarray, face: PhotoFace) -> FaceBox:
    """dlib's own HOG box around a still's face when HOG finds exactly one there, else the
    detector's box. mediapipe's short-range box can sit a fifth of a face lower than HOG's
    on a tight crop (hair cut), which put the 5-point landmarks off and the template 0.7
    from the same photo's; the encoder was trained on HOG boxes."""
    x0, y0, x1, y1 = face.box
    w, h = x1 - x0, y1 - y0
    rx0, ry0 = max(0, int(x0 - w / 2)), max(0, int(y0 - h / 2))
    rx1, ry1 = min(rgb.shape[1], int(x1 + w / 2)), min(rgb.shape[0], int(y1 + h / 2))
    # HOG only needs the face at ~ENCODING_HOG_FACE_PX (it finds faces from ~80 px): on a
    # large photo's crop that is a tenth of the pixels, and most of a still's time was here
    side = max(w, h)
    max_side = int(2 * ENCODING_HOG_FACE_PX * max(1.0, (rx1 - rx0 + ry1 - ry0) / (4 * side)))
    upsample = 1 if side * min(1.0, max_side / max(rx1 - rx0, ry1 - ry0, 1)) < 100 else 0
    crop = rgb[ry0:ry1, rx0:rx1]
    found = hog_faces(crop, max_side, upsample) if rx1 - rx0 > 16 and ry1 - ry0 > 16 else []
    if len(found) != 1:
        return FaceBox(*face.box)
    bx0, by0, bx1, by1 = found[0].box
    return FaceBox(bx0 + rx0, by0 + ry0, bx1 + rx0, by1 + ry0)


def _framing_face(face: PhotoFace) -> PhotoFace:
    x0, y0, x1, y1 = face.box
    h = y1 - y0
    return replace(face, box=(x0, y0 + _FRAMING_TRIM_TOP * h, x1, y1 - _FRAMING_TRIM_BOTTOM * h))


def template_from_image(
    rgb: np.ndarray, thresholds: QualityThresholds | None = None, jitters: int = 1
) -> np.ndarray:
    """Template of the one face in an RGB photo; raises FaceTemplateError."""
    faces = detect_photo_faces(rgb)
    if not faces:
        raise FaceTemplateError("no_face")
    if len(faces) > 1:
        raise FaceTemplateError("several_faces")
    problems = photo_problems(_framing_face(faces[0]), rgb, thresholds or QualityThresholds())
    if problems:
        raise FaceTemplateError("low_quality", reason=problems[0])
    return template_from_face(rgb, faces[0], jitters)


def template_from_photo(
    path, thresholds: QualityThresholds | None = None, jitters: int = 1
) -> np.ndarray:
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
    return template_from_image(rgb, thresholds, jitters)


def template_from_bytes(
    data: bytes, thresholds: QualityThresholds | None = None, jitters: int = 1
) -> np.ndarray:
    """Like template_from_photo, for an uploaded photo held in memory."""
    try:
        rgb = decode_rgb(data)
    except PhotoTooLarge as exc:
        raise FaceTemplateError("too_large", detail=str(exc)) from None
    if rgb is None:
        raise FaceTemplateError("unreadable")
    return template_from_image(rgb, thresholds, jitters)
