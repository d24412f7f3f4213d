"""1:1 face comparison of 128-d face templates (face_recognition / dlib encodings).

Qt-free and model-free on purpose: the server and the `kiosk verify-face` command compare
templates with exactly this code and this threshold, so both always agree.

Threshold (PROVISIONAL until calibrated on Indonesian faces):
face_recognition's default tolerance 0.6 gives false matches, most of all between Asian faces
(its maintainer suggests 0.5 for stricter use). On the project's test photos
(tests/data/faces: 16 usable single-face photos of 6 people, 'small' 5-point
landmarks, mediapipe boxes) the figures were:
  21 same-person pairs:       distance 0.067 .. 0.524, median 0.347
  99 different-person pairs:  distance 0.700 .. 1.015, median 0.851
  threshold 0.50: 2 of 21 genuine pairs rejected (alex-lacamoire.png, a 394x424 photo with a
                  70 px eye distance, against his larger photos), no false match
  threshold 0.55: every genuine pair accepted, no false match, 0.15 margin to the closest
                  impostor pair
So the default is 0.55: stricter than face_recognition's 0.6, with every genuine test pair
accepted. The sample is tiny and has no Indonesian faces: recalibrate (threshold at
FMR <= 1e-4 on a few thousand Indonesian impostor pairs, then read off FNMR) before
production use, and keep the value in sync with the server's configuration.
"""

from __future__ import annotations

import numpy as np

DEFAULT_THRESHOLD = 0.55  # provisional, see the module docstring
TEMPLATE_SIZE = 128


def _as_template(value, name: str) -> np.ndarray:
    arr = np.asarray(value, dtype=np.float64).reshape(-1)
    if arr.shape != (TEMPLATE_SIZE,):
        raise ValueError(f"{name} must hold {TEMPLATE_SIZE} numbers, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} holds a value that is not a finite number")
    return arr


def face_distance(a, b) -> float:
    """Euclidean distance between two 128-d templates (lists or arrays); 0 = identical."""
    return float(np.linalg.norm(_as_template(a, "a") - _as_template(b, "b")))


def is_match(a, b, threshold: float | None = None) -> bool:
    """True when the two templates are of the same person at `threshold` (default: DEFAULT)."""
    limit = DEFAULT_THRESHOLD if threshold is None else float(threshold)
    return face_distance(a, b) <= limit
