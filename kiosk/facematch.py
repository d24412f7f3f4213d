"""1:1 face comparison of 128-d face templates (face_recognition / dlib encodings).

Qt-free and model-free on purpose: the server and the `kiosk verify-face` command compare
templates with exactly this code, and all of them read the one threshold, `face.threshold`
of the configuration (the server's signed configuration sets it for the fleet).

Threshold (PROVISIONAL until calibrated on Indonesian faces):
face_recognition's default tolerance 0.6 gives false matches, most of all between Asian faces
(its maintainer suggests 0.5 for stricter use). On the project's test photos
(tests/data/faces/pairs.csv: 16 usable single-face photos of 6 people, 'small' 5-point
landmarks, 10 jittered encodings per photo; `kiosk biometrics calibrate`):
  21 same-person pairs:       distance 0.054 .. 0.508
  99 different-person pairs:  distance 0.669 .. 1.005
  threshold 0.50: 1 of 21 genuine pairs rejected (alex-lacamoire.png, a 394x424 photo with a
                  70 px eye distance), no false match
  threshold 0.55: every genuine pair accepted, no false match
On public pairs nobody on the team had seen, an impostor came at 0.565: the default stays at
most 0.55, and the test photos may confirm it, never raise it. Recalibrate on Indonesian faces
(threshold at FMR <= 1e-4 on tens of thousands of impostor pairs, then read off FNMR) before
production use: docs/biometrics.md gives the procedure.
"""

from __future__ import annotations

import numpy as np

from kiosk.config import DEFAULTS

# Provisional, see the module docstring. Its one home is kiosk.config (`face.threshold`); the
# server sends its own value in the signed configuration, which kiosks and `kiosk
# verify-face` / `kiosk biometrics calibrate` read from there.
DEFAULT_THRESHOLD = float(DEFAULTS["face.threshold"])
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
