"""Faces in still photos (references, technician checks): several detectors, in turn.

No single detector finds every clear face: mediapipe's full-range model (model_selection=1,
faces up to ~5 m) misses tight close-ups such as population-register photos, which its
short-range model (faces within ~2 m) and dlib's HOG detector find; both mediapipe models
find more faces on a photo padded with a border. So stills go through mediapipe short-range,
full-range, the same two on a padded copy, then dlib HOG, and the first detector that finds
any face decides. Two or more faces from it is a refusal at once (several_faces), never a
reason to ask the next detector.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from camera.native_logs import native_logs_muted

_detectors: dict[int, object] = {}  # mediapipe model_selection -> FaceDetection
_detector_lock = threading.Lock()
_hog = None

# mediapipe model_selection values, in the order they are tried
SHORT_RANGE, FULL_RANGE = 0, 1
# The short-range model took a sine-pattern wall for a face at 0.60; the faces of the test
# photos and their tight crops score 0.77-0.97 with it
MIN_CONFIDENCE = {SHORT_RANGE: 0.75, FULL_RANGE: 0.5}
# Border added on each side, as a share of the longer side, for the padded attempt
PAD_SHARE = 0.25
# HOG runs on at most this many pixels on the longer side (it takes ~1 s on a 12 MP photo)
HOG_MAX_SIDE = 1024

# dlib's HOG box sits ~5 % inside mediapipe's and is ~90 % of its size (measured on the
# test photos); camera.templates maps a mediapipe box to dlib's geometry with these.
HOG_BOX_INSET = 0.05
HOG_BOX_SCALE = 0.90

# Decoding is refused above this many pixels, read from the file's header before any decoding:
# a 16000x16000 PNG took 1.8 GB and 18 s. A phone photo is 12 MP, a good camera's 24-45 MP.
MAX_PIXELS = 50_000_000


class PhotoTooLarge(ValueError):
    """The image's header announces more than MAX_PIXELS pixels."""


@dataclass(frozen=True)
class PhotoFace:
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels (may leave the image)
    right_eye: tuple[float, float]  # the person's right eye (image left), pixels
    left_eye: tuple[float, float]
    score: float

    @property
    def eye_distance(self) -> float:
        return float(
            np.hypot(self.left_eye[0] - self.right_eye[0], self.left_eye[1] - self.right_eye[1])
        )


def load_rgb(path: Path) -> np.ndarray | None:
    """RGB uint8 image (EXIF orientation applied), or None when it cannot be read."""
    try:
        data = np.fromfile(str(path), dtype=np.uint8)
    except OSError:
        return None
    return decode_rgb(data.tobytes())


def header_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from the image's header alone (Pillow reads no pixels), or None when
    it is no image format Pillow knows (then it is not decoded either); PhotoTooLarge when
    Pillow itself calls it a decompression bomb."""
    import io
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                return image.size
    except Image.DecompressionBombError:  # Pillow's own, higher limit
        raise PhotoTooLarge(f"the image has more than {MAX_PIXELS:,} pixels") from None
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def decode_rgb(data: bytes) -> np.ndarray | None:
    """RGB uint8 image from encoded bytes (JPEG, PNG, ...), or None when not an image;
    PhotoTooLarge when its header announces more than MAX_PIXELS pixels."""
    import cv2

    if not data:
        return None
    size = header_size(data)
    if size is None:
        return None
    if size[0] * size[1] > MAX_PIXELS:
        raise PhotoTooLarge(f"the image is {size[0]}x{size[1]}, more than {MAX_PIXELS:,} pixels")
    bgr = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    if bgr is None or bgr.ndim != 3 or min(bgr.shape[:2]) < 16:
        return None
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


def _get_detector(model: int):
    if model not in _detectors:
        import mediapipe as mp

        _detectors[model] = mp.solutions.face_detection.FaceDetection(
            model_selection=model, min_detection_confidence=MIN_CONFIDENCE[model]
        )
    return _detectors[model]


def _mediapipe_faces(rgb: np.ndarray, model: int) -> list[PhotoFace]:
    h, w = rgb.shape[:2]
    with _detector_lock:  # one mediapipe graph per model, shared: calls must not overlap
        # the first call builds and starts the graph, which is when mediapipe's threads log
        with native_logs_muted(model not in _detectors):
            result = _get_detector(model).process(np.ascontiguousarray(rgb))
    faces = []
    for det in result.detections or []:
        if det.score[0] < MIN_CONFIDENCE[model]:  # the graph's own threshold let 0.6 through
            continue
        rel = det.location_data.relative_bounding_box
        kp = det.location_data.relative_keypoints
        faces.append(
            PhotoFace(
                box=(
                    rel.xmin * w,
                    rel.ymin * h,
                    (rel.xmin + rel.width) * w,
                    (rel.ymin + rel.height) * h,
                ),
                right_eye=(kp[0].x * w, kp[0].y * h),
                left_eye=(kp[1].x * w, kp[1].y * h),
                score=float(det.score[0]),
            )
        )
    return faces


def _padded_faces(rgb: np.ndarray, model: int) -> list[PhotoFace]:
    """mediapipe on a copy with a mid-grey border; boxes and eyes in the original's pixels."""
    import cv2

    pad = int(round(PAD_SHARE * max(rgb.shape[:2])))
    padded = cv2.copyMakeBorder(rgb, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=(128,) * 3)
    return [
        PhotoFace(
            box=tuple(v - pad for v in f.box),
            right_eye=(f.right_eye[0] - pad, f.right_eye[1] - pad),
            left_eye=(f.left_eye[0] - pad, f.left_eye[1] - pad),
            score=f.score,
        )
        for f in _mediapipe_faces(padded, model)
    ]


def hog_faces(
    rgb: np.ndarray, max_side: int = HOG_MAX_SIDE, upsample: int | None = None
) -> list[PhotoFace]:
    """dlib's HOG detector; the eyes come from dlib's 5-point model (never the 68-point one:
    its licence forbids commercial use), the box is widened to mediapipe's geometry.
    max_side: the image is shrunk to this first; upsample: dlib's (None: once when small)."""
    import cv2
    import dlib

    from camera import dlib_models

    global _hog
    scale = min(1.0, max_side / max(rgb.shape[:2]))
    small = (
        rgb
        if scale == 1.0
        else cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    )
    small = np.ascontiguousarray(small)
    with _detector_lock:
        if _hog is None:
            _hog = dlib.get_frontal_face_detector()
        # upsampling once finds faces down to ~40 px; a small image can afford it
        if upsample is None:
            upsample = 1 if max(small.shape[:2]) <= 640 else 0
        rects, scores, _ = _hog.run(small, upsample, 0.0)
        locations = [(r.top(), r.right(), r.bottom(), r.left()) for r in rects]
        marks = [dlib_models.eye_points(small, location) for location in locations]
    faces = []
    for (top, right, bottom, left), score, eyes in zip(locations, scores, marks, strict=True):
        eyes = sorted(
            (np.mean(eyes[0], axis=0), np.mean(eyes[1], axis=0)),
            key=lambda p: p[0],
        )  # the person's right eye is the one on the image's left
        width = (right - left) / HOG_BOX_SCALE
        height = (bottom - top) / HOG_BOX_SCALE
        x0, y0 = left - HOG_BOX_INSET * width, top - HOG_BOX_INSET * height
        faces.append(
            PhotoFace(
                box=(x0 / scale, y0 / scale, (x0 + width) / scale, (y0 + height) / scale),
                right_eye=(float(eyes[0][0] / scale), float(eyes[0][1] / scale)),
                left_eye=(float(eyes[1][0] / scale), float(eyes[1][1] / scale)),
                score=float(score),
            )
        )
    return faces


# In order; the first that finds any face decides
DETECTORS = (
    ("mediapipe_short", lambda rgb: _mediapipe_faces(rgb, SHORT_RANGE)),
    ("mediapipe_full", lambda rgb: _mediapipe_faces(rgb, FULL_RANGE)),
    ("mediapipe_short_padded", lambda rgb: _padded_faces(rgb, SHORT_RANGE)),
    ("mediapipe_full_padded", lambda rgb: _padded_faces(rgb, FULL_RANGE)),
    ("dlib_hog", hog_faces),
)


def detect_photo_faces_with(rgb: np.ndarray) -> tuple[str | None, list[PhotoFace]]:
    """(name of the detector that found faces, the faces, most confident first), or
    (None, []) when none did."""
    rgb = np.ascontiguousarray(rgb)
    for name, detect in DETECTORS:
        faces = detect(rgb)
        if faces:
            return name, sorted(faces, key=lambda f: -f.score)
    return None, []


def detect_photo_faces(rgb: np.ndarray) -> list[PhotoFace]:
    """All faces in an RGB photo, most confident first, from the first detector that finds
    any (see the module docstring)."""
    return detect_photo_faces_with(rgb)[1]
