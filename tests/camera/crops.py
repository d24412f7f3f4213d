"""Tight portrait crops of the test photos, as population-register photos are framed: the
face ~60 % of the frame height, hair or chin cut. Placed with face_recognition's own HOG
detector on the original, so the code under test does not frame its own input."""

from __future__ import annotations

import cv2
import numpy as np

CROP_HEIGHT = 480  # px, a register photo's size
# variant -> (face height / frame height, where the frame's top sits in face heights from the
# top of the HOG face box, which is about the brows); the face is HOG's box, brows to chin
CROPS = {
    "hair_cut": (0.6, -0.1),  # the top of the forehead and the hair are outside the frame
    "forehead_cut": (0.6, 0.0),  # the frame starts at the brows
    "chin_cut": (0.6, 1.05 - 1 / 0.6),  # the frame ends just above the bottom of the chin
}


def clear_photos(identities) -> list[str]:
    return [
        name
        for name, who in identities.items()
        if who and not name.startswith("obama_partial_face")
    ]


def tight_crop(rgb: np.ndarray, variant: str) -> np.ndarray:
    """A 4:5 portrait framed as CROPS[variant] says, scaled to CROP_HEIGHT."""
    import face_recognition

    for upsample in (0, 1, 2):  # small faces need upsampling
        locations = face_recognition.face_locations(rgb, number_of_times_to_upsample=upsample)
        if locations:
            break
    assert len(locations) == 1
    top, right, bottom, left = locations[0]
    share, offset = CROPS[variant]
    face = bottom - top
    height = face / share
    width = 0.8 * height
    cx = (left + right) / 2
    y0 = int(round(top + offset * face))
    x0 = int(round(cx - width / 2))
    y1, x1 = y0 + int(round(height)), x0 + int(round(width))
    h, w = rgb.shape[:2]
    # a photo too small for the crop is extended by repeating its edge, as a scanner would not
    grown = cv2.copyMakeBorder(
        rgb, max(0, -y0), max(0, y1 - h), max(0, -x0), max(0, x1 - w), cv2.BORDER_REPLICATE
    )
    crop = grown[y0 + max(0, -y0) : y1 + max(0, -y0), x0 + max(0, -x0) : x1 + max(0, -x0)]
    scale = CROP_HEIGHT / crop.shape[0]
    size = (int(round(crop.shape[1] * scale)), CROP_HEIGHT)
    return cv2.resize(crop, size, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
