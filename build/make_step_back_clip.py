"""Make tests/data/video/blinking_step_back.mp4 from blinking_closeup.mp4: the same person one
step back. Every frame is scaled down (SCALE) and centred on a 1280x720 canvas whose
background is the clip's own wall colour; the seam (the cut hair and chin) is feathered so
no sharp rectangle rides in the picture (a screen-border cue).

Run: .venv/bin/python build/make_step_back_clip.py  (deterministic for a given OpenCV)
"""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "tests/data/video/blinking_closeup.mp4"
TARGET = ROOT / "tests/data/video/blinking_step_back.mp4"
SCALE = 0.5  # the close-up face is ~1.45x the frame height; at 0.5 it fits with margins
FEATHER_PX = 48  # width of the soft seam between the scaled frame and the background


def _mask(w: int, h: int) -> np.ndarray:
    """1 inside the scaled frame, ramping to 0 over FEATHER_PX at its edges."""
    ramp_x = np.clip(np.minimum(np.arange(w), np.arange(w)[::-1]) / FEATHER_PX, 0, 1)
    ramp_y = np.clip(np.minimum(np.arange(h), np.arange(h)[::-1]) / FEATHER_PX, 0, 1)
    return (ramp_y[:, None] * ramp_x[None, :])[..., None].astype(np.float32)


def step_back(frame: np.ndarray, scale: float = SCALE) -> np.ndarray:
    h, w = frame.shape[:2]
    small = cv2.resize(frame, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    sh, sw = small.shape[:2]
    # The wall behind the person: the median colour of the frame's left and right edges
    # (grey in this clip), a little darker towards the floor, as a room would be lit.
    wall = np.median(np.concatenate([frame[:, :16], frame[:, -16:]], axis=1), axis=(0, 1))
    shade = np.linspace(1.0, 0.85, h, dtype=np.float32)[:, None, None]
    background = np.broadcast_to(wall.astype(np.float32) * shade, (h, w, 3)).copy()
    y, x = (h - sh) // 2, (w - sw) // 2
    region = background[y : y + sh, x : x + sw]
    alpha = _mask(sw, sh)
    background[y : y + sh, x : x + sw] = alpha * small + (1 - alpha) * region
    return np.clip(background, 0, 255).astype(np.uint8)


def main(source: Path = SOURCE, target: Path = TARGET, scale: float = SCALE) -> int:
    reader = cv2.VideoCapture(str(source))
    if not reader.isOpened():
        print(f"cannot read {source}", file=sys.stderr)
        return 1
    fps = reader.get(cv2.CAP_PROP_FPS)
    size = (int(reader.get(cv2.CAP_PROP_FRAME_WIDTH)), int(reader.get(cv2.CAP_PROP_FRAME_HEIGHT)))
    writer = cv2.VideoWriter(str(target), cv2.VideoWriter_fourcc(*"mp4v"), fps, size)
    frames = 0
    while True:
        ok, frame = reader.read()
        if not ok:
            break
        writer.write(step_back(frame, scale))
        frames += 1
    reader.release()
    writer.release()
    print(f"{target}: {frames} frames, {size[0]}x{size[1]} at {fps:g} fps, scale {scale}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*(Path(a) for a in sys.argv[1:3]), *map(float, sys.argv[3:4])))
