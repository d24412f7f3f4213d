"""Faces in still photos (references, technician checks) with mediapipe's full-range detector.

The Face Mesh's own short-range detector misses small faces in large photos, so stills go
through the full-range detector (model_selection=1), which sees faces up to ~5 m away.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from camera.native_logs import native_logs_muted

_detector = None
_detector_lock = threading.Lock()

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


def _get_detector():
    global _detector
    if _detector is None:
        import mediapipe as mp

        _detector = mp.solutions.face_detection.FaceDetection(
            model_selection=1, min_detection_confidence=0.5
        )
    return _detector


def detect_photo_faces(rgb: np.ndarray) -> list[PhotoFace]:
    """All faces in an RGB photo, most confident first."""
    h, w = rgb.shape[:2]
    with _detector_lock:  # one mediapipe graph, shared: calls must not overlap
        # the first call builds and starts the graph, which is when mediapipe's threads log
        with native_logs_muted(_detector is None):
            result = _get_detector().process(np.ascontiguousarray(rgb))
    faces = []
    for det in result.detections or []:
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
    return sorted(faces, key=lambda f: -f.score)
