"""Capture-quality gate in the spirit of ICAO / ISO/IEC 29794-5.

Applied to the frames chosen for the face template (and, lighter, to reference photos).
Every failure is one code with one short instruction in Bahasa Indonesia and English.
Liveness does not go through this gate: it works on the tracked landmarks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np

from kiosk.config import DEFAULTS
from kiosk.messages import codes, pair

# code -> (Indonesian, English) instruction shown to the citizen; the first failure wins.
INSTRUCTIONS: dict[str, tuple[str, str]] = {
    code: pair(f"camera.quality.{code}") for code in codes("camera.quality")
}


def _default(name: str):
    return DEFAULTS[f"camera.quality.{name}"]


@dataclass(frozen=True)
class QualityThresholds:
    """The [camera.quality] configuration table; its defaults are kiosk.config.DEFAULTS."""

    # face box at least this fraction of the frame inside each edge
    frame_margin: float = _default("frame_margin")
    min_eye_distance_px: float = _default("min_eye_distance_px")
    # reference photos can be small; min_eye_distance_px is for the live capture
    photo_min_eye_distance_px: float = _default("photo_min_eye_distance_px")
    # face box taller than this fraction of the frame: too close
    max_face_height: float = _default("max_face_height")
    max_yaw_deg: float = _default("max_yaw_deg")
    max_pitch_deg: float = _default("max_pitch_deg")
    max_roll_deg: float = _default("max_roll_deg")
    # sharpness/exposure are measured on the face resized to this square
    crop_size: int = _default("crop_size")
    min_sharpness: float = _default("min_sharpness")  # variance of the Laplacian on that crop
    min_brightness: float = _default("min_brightness")  # mean grey level of the face crop, 0-255
    max_brightness: float = _default("max_brightness")
    max_underexposed: float = _default("max_underexposed")  # fraction of face pixels <= 10
    max_overexposed: float = _default("max_overexposed")  # fraction of face pixels >= 250
    # eye aspect ratio over the person's open-eye baseline
    min_eye_open: float = _default("min_eye_open")
    min_eye_aspect: float = _default("min_eye_aspect")  # absolute floor before a baseline exists

    @classmethod
    def from_dict(cls, values: dict | None) -> QualityThresholds:
        """Build from a [camera.quality] TOML table; unknown keys are a clear error."""
        values = dict(values or {})
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ValueError(f"unknown [camera.quality] setting(s): {', '.join(unknown)}")
        out = {}
        for name, value in values.items():
            kind = int if known[name].type in ("int", int) else float
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"[camera.quality] {name} must be a number, got {value!r}")
            out[name] = kind(value)
        return cls(**out)


@dataclass
class QualityReport:
    problems: list[str] = field(default_factory=list)
    figures: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def instruction(self) -> tuple[str, str] | None:
        return INSTRUCTIONS[self.problems[0]] if self.problems else None


def instruction(code: str) -> dict[str, str]:
    text_id, text_en = INSTRUCTIONS[code]
    return {"code": code, "id": text_id, "en": text_en}


def _framing(box, shape, t: QualityThresholds) -> list[str]:
    h, w = shape[:2]
    x0, y0, x1, y1 = box
    if (y1 - y0) > t.max_face_height * h:
        return ["too_close"]
    mx, my = t.frame_margin * w, t.frame_margin * h
    if x0 < mx or y0 < my or x1 > w - mx or y1 > h - my:
        return ["face_not_in_frame"]
    return []


def face_crop_gray(rgb: np.ndarray, box, size: int) -> np.ndarray | None:
    import cv2

    h, w = rgb.shape[:2]
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None
    gray = cv2.cvtColor(rgb[y0:y1, x0:x1], cv2.COLOR_RGB2GRAY)  # read in place, no copy
    return cv2.resize(gray, (size, size), interpolation=cv2.INTER_AREA)


IMAGE_FIGURES = ("sharpness", "brightness", "underexposed", "overexposed")


def image_figures(rgb: np.ndarray, box, t: QualityThresholds) -> dict[str, float]:
    """Sharpness and exposure of the face crop."""
    import cv2

    crop = face_crop_gray(rgb, box, t.crop_size)
    if crop is None:
        return {}
    return {
        "sharpness": float(cv2.Laplacian(crop, cv2.CV_64F).var()),
        "brightness": float(crop.mean()),
        "underexposed": float((crop <= 10).mean()),
        "overexposed": float((crop >= 250).mean()),
    }


def _image_problems(fig: dict[str, float], t: QualityThresholds) -> list[str]:
    problems = []
    if not fig:
        return ["face_not_in_frame"]
    if fig["brightness"] < t.min_brightness or fig["underexposed"] > t.max_underexposed:
        problems.append("too_dark")
    if fig["brightness"] > t.max_brightness or fig["overexposed"] > t.max_overexposed:
        problems.append("too_bright")
    if fig["sharpness"] < t.min_sharpness:
        problems.append("blurry")
    return problems


def photo_problems(face, rgb: np.ndarray, t: QualityThresholds) -> list[str]:
    """Checks for a reference photo (PhotoFace): framing and size only, since references
    come from scans and databases and the capture-time checks would refuse too many."""
    problems = _framing(face.box, rgb.shape, t)
    if not problems and face.eye_distance < t.photo_min_eye_distance_px:
        problems.append("face_too_small")
    return problems


def check_face(
    rgb: np.ndarray,
    face,
    t: QualityThresholds,
    faces_seen: int = 1,
    ear_baseline: float | None = None,
    image_fig: dict[str, float] | None = None,
) -> QualityReport:
    """Full gate for one tracked face (camera.tracker.TrackedFace) in a live frame.
    image_fig: sharpness and exposure (image_figures()) measured on a frame just before, to
    judge this one without measuring it again; None measures this frame."""
    if faces_seen == 0 or face is None:
        return QualityReport(["no_face"])
    if faces_seen > 1:
        return QualityReport(["several_faces"])
    report = QualityReport()
    fig = report.figures
    fig.update(
        eye_distance=face.eye_distance,
        yaw=face.yaw,
        pitch=face.pitch,
        roll=face.roll,
        eye_aspect=face.ear,
    )
    report.problems += _framing(face.box, rgb.shape, t)
    if not report.problems and face.eye_distance < t.min_eye_distance_px:
        report.problems.append("face_too_small")
    if (
        abs(face.yaw) > t.max_yaw_deg
        or abs(face.pitch) > t.max_pitch_deg
        or abs(face.roll) > t.max_roll_deg
    ):
        report.problems.append("pose")
    if image_fig is None:
        image_fig = image_figures(rgb, face.box, t)
    fig.update(image_fig)
    report.problems += _image_problems(image_fig, t)
    if ear_baseline:
        if face.ear < t.min_eye_open * ear_baseline:
            report.problems.append("eyes_closed")
    elif face.ear < t.min_eye_aspect:
        report.problems.append("eyes_closed")
    return report
