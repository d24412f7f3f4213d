"""Passive cue against replays on a phone or tablet: a screen border that moves with the face.

A device held up to the camera puts long straight edges (its bezel, the screen's edge) close
to the face, and they move together with the face. Straight edges of a real scene (doors,
shelves) stay put while a real person moves, so their position relative to the face changes.
The cue is only judged when the face moved enough to tell the two apart; a replay held
perfectly still is left to the random challenges. It needs a horizontal and a vertical edge
(a corner of the device), so one straight side of a headscarf or collar is not enough; it
still needs checking on real kiosk footage (jilbab, glasses, door frames) before it is
trusted to reject.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class ScreenSettings:
    every: int = 4  # look at every n-th frame (6-8 a second follow a hand well enough)
    search: float = 0.6  # search this many face widths around the face box
    min_length: float = 0.6  # an edge at least this many face widths long
    offset_tolerance: float = 0.04  # same edge in two frames: offsets within this (face widths)
    min_presence: float = 0.6  # the edge is in this share of the frames looked at
    min_face_motion: float = 0.02  # the face centre moved (std, in frame widths) at least this
    min_frames: int = 5  # frames looked at: under a second of a challenge
    # Edges are looked for on a copy halved until the face is at most this wide: every length
    # above is in face widths, and Canny and Hough on a 1280x720 frame cost about half of what
    # Face Mesh does (bench/bench_camera.py). Halving is OpenCV's fast exact area path.
    work_face_px: float = 160.0


def straight_edges(rgb: np.ndarray, face, s: ScreenSettings) -> list[tuple[str, float]]:
    """Long straight edges near the face but outside it, as (orientation, offset from the
    face centre in face widths): 'v' edges give their x offset, 'h' edges their y offset.
    The face itself (brows, eyes, mouth) is masked out: its own edges say nothing."""
    import cv2

    h, w = rgb.shape[:2]
    x0, y0, x1, y1 = face.box
    fw = max(x1 - x0, 1.0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    a0, b0 = int(max(0, x0 - s.search * fw)), int(max(0, y0 - s.search * fw))
    a1, b1 = int(min(w, x1 + s.search * fw)), int(min(h, y1 + s.search * fw))
    if a1 - a0 < 16 or b1 - b0 < 16:
        return []
    region = rgb[b0:b1, a0:a1]  # a view: OpenCV reads it in place, no copy of the frame
    k = 1.0  # work scale; the lines found are mapped back with it
    while fw * k > s.work_face_px and min(region.shape[:2]) >= 64:
        region = cv2.resize(region, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
        k /= 2
    gray = cv2.cvtColor(region, cv2.COLOR_RGB2GRAY)
    edges = cv2.Canny(gray, 60, 160)
    hull = cv2.convexHull(((face.landmarks[:, :2] - (a0, b0)) * k).astype(np.int32))
    cv2.fillConvexPoly(edges, hull, 0)
    fw_work = fw * k
    cv2.polylines(edges, [hull], True, 0, thickness=max(3, int(0.06 * fw_work)))
    # Slightly tilted edges come out of Hough as short pieces: collect the pieces, then add
    # up the lengths of those on the same line.
    lines = cv2.HoughLinesP(
        edges,
        1,
        np.pi / 180,
        threshold=max(10, int(0.1 * fw_work)),
        minLineLength=0.15 * fw_work,
        maxLineGap=max(3, int(0.05 * fw_work)),
    )
    pieces: list[tuple[str, float, float]] = []
    for xa, ya, xb, yb in [] if lines is None else lines[:, 0, :].astype(float) / k:
        dx, dy = xb - xa, yb - ya
        length = float(np.hypot(dx, dy)) / fw
        if abs(dx) >= 3 * abs(dy):
            pieces.append(("h", ((ya + yb) / 2 + b0 - cy) / fw, length))
        elif abs(dy) >= 3 * abs(dx):
            pieces.append(("v", ((xa + xb) / 2 + a0 - cx) / fw, length))
    found = []
    for orient in ("h", "v"):
        group: list[tuple[float, float]] = []
        for _, offset, length in sorted(p for p in pieces if p[0] == orient):
            if group and offset - group[-1][0] > s.offset_tolerance:
                found += _merged(orient, group, s)
                group = []
            group.append((offset, length))
        found += _merged(orient, group, s)
    return found


def _merged(orient: str, group, s: ScreenSettings) -> list[tuple[str, float]]:
    total = sum(length for _, length in group)
    if not group or total < s.min_length:
        return []
    return [(orient, float(np.average([o for o, _ in group], weights=[ln for _, ln in group])))]


@dataclass
class ScreenMonitor:
    settings: ScreenSettings = field(default_factory=ScreenSettings)
    samples: list = field(default_factory=list)  # (t, face centre x / frame width, edges)
    _count: int = 0

    def add(self, t: float, rgb: np.ndarray, face) -> None:
        self._count += 1
        if face is None or self._count % self.settings.every:
            return
        x0, y0, x1, y1 = face.box
        centre = ((x0 + x1) / 2 / rgb.shape[1], (y0 + y1) / 2 / rgb.shape[0])
        self.samples.append((t, centre, straight_edges(rgb, face, self.settings)))

    def verdict(self) -> dict | None:
        """Evidence of a screen border moving with the face, or None."""
        s = self.settings
        if len(self.samples) < s.min_frames:
            return None
        centres = np.array([c for _, c, _ in self.samples])
        motion = float(np.hypot(*centres.std(axis=0)))
        if motion < s.min_face_motion:
            return None  # the face hardly moved: edges that stay with it prove nothing
        candidates = {(o, round(v, 2)) for _, _, edges in self.samples for o, v in edges}
        best: dict[str, tuple[float, float]] = {}
        for orient, offset in candidates:
            present = sum(
                any(o == orient and abs(v - offset) <= s.offset_tolerance for o, v in edges)
                for _, _, edges in self.samples
            ) / len(self.samples)
            if present >= s.min_presence and present > best.get(orient, (0.0, 0.0))[1]:
                best[orient] = (offset, present)
        # A device shows a corner: a horizontal AND a vertical edge riding with the face.
        # One edge alone could be a headscarf's straight side.
        if len(best) < 2:
            return None
        return {
            "edges": {
                o: {"offset_face_widths": v[0], "presence": round(v[1], 2)}
                for o, v in sorted(best.items())
            },
            "face_motion": round(motion, 3),
            "frames": len(self.samples),
        }
