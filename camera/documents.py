"""Document capture: find a paper document held up to the camera, wait until it is sharp and
steady, then cut it out flat (perspective-corrected) for the application packet.

Qt-free; the UI runs it on a worker thread and shows `DocumentCheck.instruction` to the
citizen. Detection is classic OpenCV: the largest four-cornered outline (edges, then a
brightness threshold for a light card on a darker background). Sharpness is the variance of the
Laplacian of the flattened document; steadiness is how far the corners moved over the last
frames. Every state has one short instruction in Bahasa Indonesia and English.

The citizen may also press the shutter (`manual_image`). Whatever was taken is then checked
for what it is (`refusal`): a portrait photo must show one face, a paper must not be a face.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.messages import codes, pair

# code -> (Indonesian, English) instruction; "ready" means the picture is taken now.
INSTRUCTIONS: dict[str, tuple[str, str]] = {
    code: pair(f"camera.document.{code}") for code in codes("camera.document")
}


@dataclass(frozen=True)
class DocumentSettings:
    min_area: float = 0.12  # the document covers at least this fraction of the frame
    edge_margin: float = 0.01  # corners at least this fraction of the frame inside each edge
    max_motion: float = 0.012  # corner movement per frame, as a fraction of the frame diagonal
    steady_frames: int = 6  # consecutive still frames before capture
    min_sharpness: float = 80.0  # variance of the Laplacian on the flattened document
    output_width: int = 1200  # flattened document width in pixels (A4 / ID card readable)
    # A pas foto (4x6, 3x4) is small and has no print edges: it covers less of the view and
    # its smooth skin and backdrop measure far below a page of text even when sharp, so it
    # gets its own floor, and its one face found by the photo check decides (`DocumentCapture`).
    min_area_photo: float = 0.04
    min_sharpness_photo: float = 3.0

    def for_kind(self, kind: str) -> tuple[float, float]:
        """(min_area, min_sharpness) for a catalog document's kind (PAPER or PHOTO)."""
        if kind == PHOTO:
            return self.min_area_photo, self.min_sharpness_photo
        return self.min_area, self.min_sharpness


@dataclass(frozen=True)
class DocumentCheck:
    code: str  # a key of INSTRUCTIONS
    quad: np.ndarray | None = None  # 4x2 float32 corners (tl, tr, br, bl) in frame pixels
    sharpness: float = 0.0
    motion: float = 0.0
    steady: int = 0  # consecutive still frames so far

    @property
    def ready(self) -> bool:
        return self.code == "ready"

    def instruction(self, language: str) -> str:
        text_id, text_en = INSTRUCTIONS[self.code]
        return text_en if language == "en" else text_id


def order_corners(points: np.ndarray) -> np.ndarray:
    """Four points -> (top-left, top-right, bottom-right, bottom-left)."""
    pts = np.asarray(points, dtype=np.float32).reshape(4, 2)
    total = pts.sum(axis=1)
    diff = np.diff(pts, axis=1).ravel()
    return np.array(
        [pts[np.argmin(total)], pts[np.argmin(diff)], pts[np.argmax(total)], pts[np.argmax(diff)]],
        dtype=np.float32,
    )


def _quad_from_mask(mask: np.ndarray, min_pixels: float) -> np.ndarray | None:
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    max_pixels = 0.9 * mask.shape[0] * mask.shape[1]  # the frame's own border is no document
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
        area = cv2.contourArea(contour)
        if area < min_pixels:
            break
        if area > max_pixels:
            continue
        hull = cv2.convexHull(contour)
        perimeter = cv2.arcLength(hull, True)
        for epsilon in (0.02, 0.04, 0.06):
            approx = cv2.approxPolyDP(hull, epsilon * perimeter, True)
            if len(approx) == 4:
                return order_corners(approx)
    return None


def find_document(rgb: np.ndarray, min_area: float = 0.05) -> np.ndarray | None:
    """The corners of the largest four-sided outline in the frame, or None."""
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    scale = 640.0 / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale) if scale < 1 else gray
    scale = min(scale, 1.0)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    min_pixels = min_area * small.shape[0] * small.shape[1]
    edges = cv2.Canny(small, 40, 120)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8), iterations=2)
    quad = _quad_from_mask(edges, min_pixels)
    if quad is None:  # a light card on a darker background: threshold by brightness
        _, bright = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
        quad = _quad_from_mask(bright, min_pixels)
    return None if quad is None else quad / scale


def quad_area(quad: np.ndarray) -> float:
    return float(abs(cv2.contourArea(quad.astype(np.float32))))


def flatten(rgb: np.ndarray, quad: np.ndarray, width: int = 1200) -> np.ndarray:
    """The document cut out and straightened to `width` pixels wide (its own aspect ratio)."""
    tl, tr, br, bl = quad
    w = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    h = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    height = max(1, int(round(width * h / max(w, 1.0))))
    target = np.array(
        [[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32
    )
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    return cv2.warpPerspective(rgb, matrix, (width, height), flags=cv2.INTER_AREA)


def sharpness(rgb: np.ndarray) -> float:
    """Variance of the Laplacian, measured at a fixed 800-px width so cameras compare."""
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    scale = 800.0 / gray.shape[1]
    gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return float(cv2.Laplacian(gray, cv2.CV_64F).var())


def encode_jpeg(rgb: np.ndarray, quality: int = 85) -> bytes:
    ok, data = cv2.imencode(
        ".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, quality]
    )
    if not ok:
        raise ValueError("the document image could not be encoded as JPEG")
    return data.tobytes()


class DocumentCapture:
    """Feed frames one by one; `check(frame)` says what to tell the citizen, and once it is
    "ready" `image` holds the flattened document (RGB) and `jpeg()` its JPEG bytes."""

    def __init__(self, settings: DocumentSettings | None = None, kind: str = "paper"):
        self.settings = settings or DocumentSettings()
        self.kind = kind  # PAPER or PHOTO: a pas foto is taken when its one face is found
        self.min_area, self.min_sharpness = self.settings.for_kind(kind)
        self.reset()

    def reset(self) -> None:
        self._last: np.ndarray | None = None
        self._steady = 0
        self._motions: deque[float] = deque(maxlen=10)
        self.image: np.ndarray | None = None
        self.last_check: DocumentCheck | None = None

    def check(self, rgb: np.ndarray) -> DocumentCheck:
        h, w = rgb.shape[:2]
        quad = find_document(rgb, min_area=self.min_area / 3)
        result = self._judge(rgb, quad, w, h)
        self.last_check = result
        return result

    def _judge(self, rgb, quad, w, h) -> DocumentCheck:
        s = self.settings
        if quad is None:
            self._last, self._steady = None, 0
            return DocumentCheck("no_document")
        margin_x, margin_y = s.edge_margin * w, s.edge_margin * h
        inside = (
            quad[:, 0].min() >= margin_x
            and quad[:, 1].min() >= margin_y
            and quad[:, 0].max() <= w - 1 - margin_x
            and quad[:, 1].max() <= h - 1 - margin_y
        )
        diagonal = float(np.hypot(w, h))
        motion = (
            1.0
            if self._last is None
            else float(np.max(np.linalg.norm(quad - self._last, axis=1)) / diagonal)
        )
        self._last = quad
        self._steady = self._steady + 1 if motion <= s.max_motion else 0
        if not inside:
            return DocumentCheck("not_in_frame", quad, motion=motion)
        if quad_area(quad) < self.min_area * w * h:
            return DocumentCheck("too_small", quad, motion=motion)
        if self._steady < s.steady_frames:
            return DocumentCheck("moving", quad, motion=motion, steady=self._steady)
        flat = flatten(rgb, quad, s.output_width)
        sharp = sharpness(flat)
        if sharp < self.min_sharpness:
            return DocumentCheck("blurry", quad, sharp, motion, self._steady)
        if self.kind == PHOTO and refusal(flat, PHOTO) is not None:
            # no single face filling it yet: too blurred to find, or not the photo itself
            self._steady = 0  # look again after a few still frames, not on every frame
            return DocumentCheck("blurry", quad, sharp, motion, 0)
        self.image = flat
        return DocumentCheck("ready", quad, sharp, motion, self._steady)

    def jpeg(self, quality: int = 85) -> bytes:
        if self.image is None:
            raise ValueError("no document captured yet")
        return encode_jpeg(self.image, quality)


# ----- what was captured: a portrait photo or a paper document -------------------------------

PAPER, PHOTO = "paper", "photo"  # a catalog document's `kind`
# A pas foto's one face is at least this share of the photo's width (a real 4x6 / 3x4 / 2x3
# portrait: ~40-60 %); the small photo printed on an ijazah or an STR is ~10-15 % of the page.
PHOTO_MIN_FACE_SHARE = 0.3
# A face this wide (share of the image width) is a face held up, not a paper document: the
# pas foto printed on an A4 ijazah or SIP is ~14 % of the page, its face box ~9 %.
PAPER_MAX_FACE_SHARE = 0.15

# refusal code -> why, for the citizen (the screen translates it)
REFUSALS = ("photo_no_face", "photo_several_faces", "photo_face_small", "paper_is_face")


def guide_crop(rgb: np.ndarray, margin: float = 0.08, width: int = 1200) -> np.ndarray:
    """The inside of the guide frame (the preview's rectangle), `width` pixels wide: what a
    manual shot keeps when no document outline was found."""
    h, w = rgb.shape[:2]
    mx, my = int(w * margin), int(h * margin)
    inner = rgb[my : h - my, mx : w - mx]
    scale = width / inner.shape[1]
    return cv2.resize(inner, (width, max(1, int(round(inner.shape[0] * scale)))))


def manual_image(rgb: np.ndarray, quad: np.ndarray | None, width: int = 1200) -> np.ndarray:
    """What the citizen's own press of the shutter keeps: the document found, flattened, or
    else the inside of the guide frame."""
    return flatten(rgb, quad, width) if quad is not None else guide_crop(rgb, width=width)


def refusal(rgb: np.ndarray, kind: str) -> str | None:
    """Why the captured image is not the document asked for (a key of REFUSALS), or None.

    A portrait photo must show exactly one face, filling the photo; a paper document must not
    be a face held up to the camera. Faces come from camera.photo's still-photo detectors."""
    from camera.photo import detect_photo_faces

    faces = detect_photo_faces(rgb)
    width = float(rgb.shape[1])
    shares = [(f.box[2] - f.box[0]) / width for f in faces]
    if kind == PHOTO:
        if not faces:
            return "photo_no_face"
        if len(faces) > 1:
            return "photo_several_faces"
        return "photo_face_small" if shares[0] < PHOTO_MIN_FACE_SHARE else None
    return "paper_is_face" if any(s >= PAPER_MAX_FACE_SHARE for s in shares) else None
