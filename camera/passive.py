"""Passive check against flat presentations (printed photo, phone or tablet screen).

A flat picture moved, tilted or swung in front of the camera moves all its landmarks as one
plane: a homography maps the reference landmarks onto the current ones with a tiny residual.
A real head turning shows parallax (the nose moves against the cheeks and the face outline),
which no homography explains. Measured with Face Mesh: real heads turning in
short_hamilton_clip.mp4 give ratios 0.71-0.96, a photo swung +-35 degrees 0.24-0.45 once the
change exceeds 0.05. Only frames whose landmark layout changed beyond a similarity
(shift, rotation, scale) say anything: then the homography residual relative to that change
separates a plane from a head.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# Rigid-ish landmarks: face outline, eyebrows, nose ridge and tip, eye corners. Eyelids and
# lips are left out: they move by themselves on a real face.
RIGID_POINTS = (
    10,
    21,
    54,
    58,
    67,
    93,
    103,
    109,
    127,
    132,
    136,
    148,
    149,
    150,
    152,
    162,
    172,
    176,
    234,
    251,
    284,
    288,
    297,
    323,
    332,
    338,
    356,
    361,
    365,
    377,
    378,
    379,
    389,
    397,
    400,
    454,
    46,
    52,
    53,
    55,
    63,
    65,
    66,
    70,
    105,
    107,
    276,
    282,
    283,
    285,
    293,
    295,
    296,
    300,
    334,
    336,
    1,
    2,
    4,
    5,
    6,
    168,
    197,
    195,
    98,
    327,
    33,
    133,
    362,
    263,
)


@dataclass(frozen=True)
class PlanarSettings:
    min_change: float = 0.05  # non-similar layout change (x eye distance) worth judging
    max_planar_ratio: float = 0.50  # homography residual / change below this: a plane
    min_planar_frames: int = 3  # this many planar frames in a window reject it
    min_solid_frames: int = 3  # a head-pose challenge needs this much evidence of depth


def _similarity_residual(src: np.ndarray, dst: np.ndarray) -> float:
    import cv2

    m, _ = cv2.estimateAffinePartial2D(src, dst, method=cv2.LMEDS)
    if m is None:
        return 0.0
    pred = src @ m[:, :2].T + m[:, 2]
    return float(np.sqrt(((pred - dst) ** 2).sum(axis=1).mean()))


def _homography_residual(src: np.ndarray, dst: np.ndarray) -> float:
    import cv2

    h, _ = cv2.findHomography(src, dst, 0)
    if h is None:
        return float("inf")
    pred = cv2.perspectiveTransform(src.reshape(-1, 1, 2), h).reshape(-1, 2)
    return float(np.sqrt(((pred - dst) ** 2).sum(axis=1).mean()))


_RIGID = np.array(RIGID_POINTS)


def _rigid_points(landmarks: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(landmarks[_RIGID, :2], dtype=np.float32)


def _planarity(src: np.ndarray, dst: np.ndarray, eye_distance: float, min_change: float = 0.0):
    """planarity() on the rigid points; the homography (the dearer half) only when the change
    reaches min_change (else the ratio is None)."""
    scale = max(eye_distance, 1.0)
    change = _similarity_residual(src, dst) / scale
    if change < min_change:
        return change, None
    residual = _homography_residual(src, dst) / scale
    return change, (residual / change if change > 0 else 1.0)


def planarity(reference: np.ndarray, current: np.ndarray, eye_distance: float):
    """(change, ratio): layout change beyond a similarity, in eye distances, and the share of
    it that a homography cannot explain (near 0 for a plane)."""
    return _planarity(_rigid_points(reference), _rigid_points(current), eye_distance)


@dataclass
class PlanarMonitor:
    """Collects planarity evidence against the neutral reference landmarks."""

    reference: np.ndarray
    eye_distance: float
    settings: PlanarSettings = field(default_factory=PlanarSettings)
    planar: list[tuple[float, float, float]] = field(default_factory=list)  # (t, change, ratio)
    solid: list[tuple[float, float, float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._src = _rigid_points(self.reference)  # the same every frame

    def add(self, timestamp: float, landmarks: np.ndarray) -> None:
        change, ratio = _planarity(
            self._src, _rigid_points(landmarks), self.eye_distance, self.settings.min_change
        )
        if ratio is None:  # change < min_change: says nothing
            return
        entry = (round(timestamp, 3), round(change, 4), round(ratio, 4))
        (self.planar if ratio < self.settings.max_planar_ratio else self.solid).append(entry)

    def between(self, start: float, end: float = float("inf")):
        """(planar, solid) evidence with start <= t <= end."""
        return (
            [e for e in self.planar if start <= e[0] <= end],
            [e for e in self.solid if start <= e[0] <= end],
        )

    def is_solid(self, start: float, end: float = float("inf")) -> bool:
        """True when the motion since `start` shows depth: enough frames a plane cannot
        explain, and more of them than planar ones."""
        planar, solid = self.between(start, end)
        return len(solid) >= self.settings.min_solid_frames and len(solid) > len(planar)

    def is_planar(self, start: float = float("-inf"), end: float = float("inf")) -> bool:
        """True when the motion between `start` and `end` looks like a flat picture: enough
        planar frames and more planar than solid ones."""
        planar, solid = self.between(start, end)
        return len(planar) >= self.settings.min_planar_frames and len(planar) > len(solid)
