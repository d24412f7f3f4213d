"""Camera frames for the document checks: a real face photo (tests/data/faces) cut to a pas
foto, a paper page rendered with text (cv2), either held up in front of the kiosk's camera."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from journey_support import _background

from camera.photo import detect_photo_faces, load_rgb

FACES = Path(__file__).resolve().parents[1] / "data" / "faces"


def pas_foto(name: str = "biden.jpg", width: int = 400) -> np.ndarray:
    """A 2:3 portrait cut around the photo's face, as a printed pas foto is (RGB)."""
    rgb = load_rgb(FACES / name)
    x0, y0, x1, y1 = detect_photo_faces(rgb)[0].box
    w = (x1 - x0) / 0.6  # the face fills ~60 % of the photo's width
    x = int(max(0, (x0 + x1) / 2 - w / 2))
    y = int(max(0, (y0 + y1) / 2 - 0.45 * 1.5 * w))
    crop = rgb[y : y + int(1.5 * w), x : x + int(w)]
    return cv2.resize(crop, (width, int(round(width * crop.shape[0] / crop.shape[1]))))


def paper_page(lines: int = 14) -> np.ndarray:
    """An A4 page of printed text, 1200 px wide (RGB)."""
    page = np.full((1697, 1200, 3), 250, np.uint8)
    ink = (25, 25, 25)
    cv2.putText(page, "SURAT KETERANGAN", (300, 170), cv2.FONT_HERSHEY_SIMPLEX, 2.0, ink, 4)
    for i in range(lines):
        text = f"{i + 1}. Nama BUDI SANTOSO, Nomor 474.3/{100 + i}/2026, Kota Bandung"
        y = 320 + i * 80
        cv2.putText(page, text, (80, y), cv2.FONT_HERSHEY_SIMPLEX, 0.95, ink, 2, cv2.LINE_AA)
    return page


def held(card: np.ndarray, height: int = 470, size=(720, 1280)) -> np.ndarray:
    """`card` held up in the middle of the camera's view, `height` pixels tall (RGB)."""
    h, w = size
    frame = _background(h, w).copy()
    scaled = cv2.resize(card, (int(round(height * card.shape[1] / card.shape[0])), height))
    y, x = (h - scaled.shape[0]) // 2, (w - scaled.shape[1]) // 2
    frame[y : y + scaled.shape[0], x : x + scaled.shape[1]] = scaled
    return frame
