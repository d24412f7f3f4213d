"""Passive cue against replays on a screen held close: the screen's pixel grid (moiré).

A phone or tablet showing a video of the citizen, held so close that its border is out of view,
still shows its own pixel grid to the camera: photographed, the grid comes out as a periodic
pattern (the grid itself, or moiré where it beats with the camera's own pixels). In the
spectrum of the middle of the face that is a sharp peak far above its neighbours at the same
frequency; skin, eyes and hair give no such peaks.

Per sampled frame: a square patch of the face centre at the camera's own resolution, high-passed
(the face's shading out), windowed, FFT; the score is the highest log-magnitude above the median
of its frequency ring, leaving out the lowest frequencies, the 8-pixel block harmonics of video
compression, horizontal stripes (LED flicker seen by a rolling shutter) and the band near
Nyquist where cameras that upscale leave their own period-2 pattern. Measured on the shared test
data: the real clips score 0.9-2.4 (also re-encoded as MJPEG at quality 40, or under simulated
LED flicker), the 15 photos up to 3.6 (median 1.4); simulated screen replays (pixel pitch
0.6-2.5 camera pixels, turned 0-7°, lens blur, JPEG) 4.0-7.4. Blind spot: a screen held exactly
straight at exactly 2 camera pixels per screen pixel puts its grid at Nyquist. The cue needs
most sampled frames over the threshold. Still to be checked on real kiosk footage of screens
and of patterned clothing before it is trusted without review.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class MoireSettings:
    every: int = 3  # look at every n-th frame
    patch: int = 96  # side of the face-centre patch (camera pixels), at most half the face
    min_patch: int = 64  # smaller: too few frequencies left beside the compression lattice
    threshold: float = 3.0  # log-magnitude above the ring median (real faces: up to ~2.3)
    min_share: float = 0.5  # of the sampled frames over the threshold
    min_frames: int = 6
    low_cut: float = 0.12  # ignore radii below this share of Nyquist (the face's own shape)
    high_cut: float = 0.85  # and above this (interpolation artefacts of upscaling cameras)


@functools.lru_cache(maxsize=8)
def _geometry(size: int, low_cut: float, high_cut: float):
    """Per patch size: where the band's rings lie in the real FFT's output (no fftshift, no
    full spectrum), as a (rings, width) table of those flat indices, each ring's values padded at
    both ends to one width so every ring median sits in the same two middle columns; where
    each band frequency is in that table, and the window. Only the band's rings need a
    median, so only their pixels are ranked."""
    yy, xx = np.mgrid[0:size, 0:size] - size // 2
    radius = np.hypot(xx, yy)
    ring = np.round(radius).astype(int).ravel()
    r = radius / (size / 2)
    # Rolling-shutter flicker of PWM-dimmed LED lights makes horizontal stripes: energy on the
    # vertical-frequency axis only. A screen's grid also shows off that axis, so drop it. Near
    # the Nyquist frequency sit the artefacts of cameras that upscale (period 2 px): left out.
    flicker = np.abs(xx) <= 1
    band = ((r > low_cut) & (r < high_cut) & ~_block_mask(size) & ~flicker).ravel()
    window = np.outer(np.hanning(size), np.hanning(size)).astype(np.float32)
    # shifted (centred) position -> flat index of the same magnitude in the rfft2 output: a
    # real patch's spectrum is symmetric (|F(u, v)| = |F(-u, -v)|), so half of it is enough
    half = size // 2 + 1
    u, v = np.mgrid[0:size, 0:size]
    mirrored = v >= half
    flat = np.where(mirrored, (-u % size) * half + (size - v) % size, u * half + v)
    unshifted = np.fft.fftshift(flat).ravel()
    first, last = int(ring[band].min()), int(ring[band].max())
    members = [np.flatnonzero(ring == k) for k in range(first, last + 1)]
    # An even padding on every row: n values padded by (width - n) // 2 lows and the rest
    # highs put the median's two middle values in columns width // 2 - 1 and width // 2 when
    # n is even, both in column width // 2 - 1 when n is odd.
    width = max(len(m) for m in members) + 2
    width += width % 2
    table = np.empty((len(members), width), dtype=np.intp)
    position = np.empty(size * size, dtype=np.intp)  # shifted pixel -> flat table position
    pixels = size * half  # the index of the low pad; pixels + 1: the high pad
    for i, idx in enumerate(members):
        lows = (width - len(idx)) // 2
        table[i, :lows] = pixels
        table[i, lows : lows + len(idx)] = unshifted[idx]
        table[i, lows + len(idx) :] = pixels + 1
        position[idx] = i * width + lows + np.arange(len(idx))
    band_idx = np.flatnonzero(band)
    odd = np.array([len(m) % 2 for m in members], dtype=bool)
    return table, position[band_idx], ring[band_idx] - first, odd, window


def _block_mask(n: int) -> np.ndarray:
    """The lattice of 8-pixel compression-block frequencies (k/8, m/8 cycles per pixel): JPEG
    and video blocks put energy there, most of all at the low qualities of USB webcams."""
    f = np.abs(np.arange(n) - n // 2) / n
    near = np.abs(f * 8 - np.round(f * 8)) * n / 8 <= 2.0  # the window spreads a peak ±2 bins
    return near[None, :] & near[:, None]


def moire_score(rgb: np.ndarray, box, s: MoireSettings = MoireSettings()) -> float | None:
    """The periodic-pattern score of the face centre, or None when the face is too small or
    too close to the frame's edge to take a patch."""
    import cv2

    x0, y0, x1, y1 = box
    size = int(min(s.patch, 0.5 * (x1 - x0))) // 2 * 2
    if size < s.min_patch:
        return None
    cx, cy = (x0 + x1) / 2, y0 + 0.45 * (y1 - y0)  # between the eyes and the nose tip
    a, b = int(cx - size / 2), int(cy - size / 2)
    if a < 0 or b < 0 or a + size > rgb.shape[1] or b + size > rgb.shape[0]:
        return None
    gray = cv2.cvtColor(np.ascontiguousarray(rgb[b : b + size, a : a + size]), cv2.COLOR_RGB2GRAY)
    patch = gray.astype(np.float32)
    patch -= cv2.GaussianBlur(patch, (0, 0), 3)
    table, band_pos, band_ring, odd, window = _geometry(size, s.low_cut, s.high_cut)
    spectrum = np.fft.rfft2(patch * window).ravel()
    # log-magnitudes of the band's rings only, one ring a row, padded (see _geometry)
    padded = np.empty(spectrum.size + 2)
    padded[-2:] = -np.inf, np.inf
    padded[:-2] = np.log1p(np.abs(spectrum))
    rings = padded[table]
    values = rings.ravel()[band_pos] - _ring_medians(rings, odd)[band_ring]
    return float(values.max()) if values.size else None


def _ring_medians(rings: np.ndarray, odd: np.ndarray) -> np.ndarray:
    """np.median of each row's values, the rows padded as _geometry() does: one partition of
    the table at its two middle columns instead of one np.median call per ring (a Python
    loop that cost as much as the FFT)."""
    mid = rings.shape[1] // 2
    part = np.partition(rings, (mid - 1, mid), axis=1)
    low = part[:, mid - 1]
    return np.where(odd, low, (low + part[:, mid]) / 2.0)


@dataclass
class MoireMonitor:
    settings: MoireSettings = field(default_factory=MoireSettings)
    scores: list = field(default_factory=list)  # (t, score)
    _count: int = 0

    def add(self, t: float, rgb: np.ndarray, face) -> None:
        self._count += 1
        if face is None or self._count % self.settings.every:
            return
        score = moire_score(rgb, face.box, self.settings)
        if score is not None:
            self.scores.append((t, score))

    def verdict(self) -> dict | None:
        """Evidence of a screen's pixel grid on the face, or None."""
        s = self.settings
        if len(self.scores) < s.min_frames:
            return None
        values = np.array([v for _, v in self.scores])
        share = float(np.mean(values >= s.threshold))
        if share < s.min_share:
            return None
        return {
            "cue": "moire",
            "median_peak": round(float(np.median(values)), 2),
            "threshold": s.threshold,
            "share": round(share, 2),
            "frames": len(values),
        }
