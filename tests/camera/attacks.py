"""Presentation attacks made from the test photos: a printed photo held still, shaken by
hand, swung in perspective, and bent (a non-planar surface) while swung.

Every clip is a list of RGB frames at FPS; the geometry is a pinhole camera looking at the
photo, so the flat ones move exactly as a plane would.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

FPS = 30.0
W, H = 640, 480
FOCAL = 640.0
DISTANCE = 900.0  # photo-to-camera distance in the units of the photo's pixels


def face_photo(rgb: np.ndarray, box, height: int = 420) -> np.ndarray:
    """The photo cropped around the face (as a print would be) and scaled to `height`."""
    x0, y0, x1, y1 = box
    cx, cy, s = (x0 + x1) / 2, (y0 + y1) / 2, max(x1 - x0, y1 - y0)
    h, w = rgb.shape[:2]
    a0, b0 = int(max(0, cx - 0.9 * s)), int(max(0, cy - 1.0 * s))
    a1, b1 = int(min(w, cx + 0.9 * s)), int(min(h, cy + 1.0 * s))
    crop = rgb[b0:b1, a0:a1]
    scale = height / crop.shape[0]
    return cv2.resize(crop, (int(crop.shape[1] * scale), height), interpolation=cv2.INTER_AREA)


def _background() -> np.ndarray:
    yy, xx = np.mgrid[0:H, 0:W]
    bg = 110 + 30 * np.sin(xx / 37.0) * np.cos(yy / 53.0)
    return np.repeat(bg[..., None], 3, axis=2).astype(np.uint8)


def _project(points3d: np.ndarray) -> np.ndarray:
    z = points3d[:, 2]
    return np.stack([FOCAL * points3d[:, 0] / z + W / 2, FOCAL * points3d[:, 1] / z + H / 2], 1)


def plane_frame(
    photo: np.ndarray, yaw=0.0, pitch=0.0, roll=0.0, dx=0.0, dy=0.0, bg: np.ndarray | None = None
) -> np.ndarray:
    """The flat photo rotated in 3D (degrees), shifted (pixels at the photo's distance)."""
    h, w = photo.shape[:2]
    corners = np.array(
        [[-w / 2, -h / 2, 0], [w / 2, -h / 2, 0], [w / 2, h / 2, 0], [-w / 2, h / 2, 0]],
        dtype=np.float64,
    )
    rot = (
        cv2.Rodrigues(np.radians([pitch, yaw, 0.0]))[0]
        @ cv2.Rodrigues(np.radians([0.0, 0.0, roll]))[0]
    )
    pts = corners @ rot.T + np.array([dx, dy, DISTANCE])
    dst = _project(pts).astype(np.float32)
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    out = (bg if bg is not None else _background()).copy()
    warped = cv2.warpPerspective(photo, m, (W, H))
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), m, (W, H)) > 0
    out[mask] = warped[mask]
    return out


def bent_frame(photo: np.ndarray, yaw: float, radius: float, bg=None) -> np.ndarray:
    """The photo bent around a vertical cylinder (bulging towards the camera, like a face)
    and turned by `yaw` degrees: a surface that is NOT a plane."""
    h, w = photo.shape[:2]
    u = np.linspace(-w / 2, w / 2, 4 * w)  # arc length across the print
    ang = u / radius
    x, z = radius * np.sin(ang), -radius * (1 - np.cos(ang))  # bulge towards the camera
    c, s = math.cos(math.radians(yaw)), math.sin(math.radians(yaw))
    xr, zr = c * x + s * z, -s * x + c * z + DISTANCE
    col = FOCAL * xr / zr + W / 2  # output column of each source column (monotonic here)
    out = (bg if bg is not None else _background()).copy()
    xs = np.arange(W, dtype=np.float64)
    inside = (xs >= col.min()) & (xs <= col.max())
    order = np.argsort(col)
    u_of_x = np.interp(xs, col[order], u[order])
    z_of_x = np.interp(xs, col[order], zr[order])
    ys = np.arange(H, dtype=np.float64)[:, None]
    map_y = ((ys - H / 2) * z_of_x[None, :] / FOCAL + h / 2).astype(np.float32)
    map_x = np.repeat((u_of_x + w / 2)[None, :], H, axis=0).astype(np.float32)
    warped = cv2.remap(
        photo, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0)
    )
    valid = inside[None, :] & (map_y >= 0) & (map_y <= h - 1)
    out[valid] = warped[valid]
    return out


HOLD_S = 0.6  # the kiosk first asks for a steady frontal face: the attacker holds still


def _hold(frame: np.ndarray) -> list[np.ndarray]:
    return [frame] * int(HOLD_S * FPS)


def still_clip(photo, seconds=2.5):
    frame = plane_frame(photo)
    return [frame] * int(seconds * FPS)


def shaken_clip(photo, seconds=2.5, seed=7):
    """A hand-held print: tremor of a few Hz in shift, roll and tilt."""
    rng = np.random.default_rng(seed)
    phases = rng.uniform(0, 2 * np.pi, 6)
    bg = _background()
    frames = _hold(plane_frame(photo, bg=bg))
    for i in range(int(seconds * FPS)):
        t = i / FPS
        s = [
            math.sin(2 * math.pi * f * t + p)
            for f, p in zip((3, 4, 2.5, 3.5, 5, 4.5), phases, strict=True)
        ]
        frames.append(
            plane_frame(
                photo,
                yaw=12 * s[0],
                pitch=10 * s[1],
                roll=6 * s[2],
                dx=25 * s[3],
                dy=20 * s[4],
                bg=bg,
            )
        )
    return frames


def swung_clip(photo, seconds=3.0, amplitude=40.0):
    """The print swung like a head turning left, right, then tilted back (looking up)."""
    bg = _background()
    frames = _hold(plane_frame(photo, bg=bg))
    n = int(seconds * FPS)
    for i in range(n):
        phase = i / n
        if phase < 2 / 3:
            yaw, pitch = amplitude * math.sin(3 * math.pi * phase), 0.0
        else:
            yaw, pitch = 0.0, -amplitude * 0.8 * math.sin(3 * math.pi * (phase - 2 / 3))
        frames.append(plane_frame(photo, yaw=yaw, pitch=pitch, bg=bg))
    return frames


def bent_clip(photo, seconds=2.5, amplitude=40.0):
    """The print bent around a cylinder (radius ~ the face width) and swung left and right."""
    bg = _background()
    radius = 0.9 * photo.shape[1]
    n = int(seconds * FPS)
    return _hold(bent_frame(photo, 0.0, radius, bg)) + [
        bent_frame(photo, amplitude * math.sin(2 * math.pi * i / n), radius, bg) for i in range(n)
    ]


def replay_clip(video_frames, fps: float, seconds: float = 4.0):
    """A video of the real person played on a phone held (and moved a little) in front of
    the camera: the replay contains the real blinks."""
    bg = _background()
    sw, sh = 400, 225  # the phone's screen, landscape
    phone = np.full((sh + 30, sw + 60, 3), 18, np.uint8)  # dark bezel around the screen
    glare = np.linspace(0, 40, sw)[None, :, None]  # a soft reflection across the glass
    frames = []
    for i, image in enumerate(video_frames[: int(seconds * fps)]):
        t = i / fps
        body = phone.copy()
        screen = cv2.resize(image, (sw, sh), interpolation=cv2.INTER_AREA).astype(np.float64)
        body[15 : 15 + sh, 30 : 30 + sw] = np.clip(screen * 0.9 + glare, 0, 255).astype(np.uint8)
        angle = 3.0 * math.sin(2 * math.pi * 0.4 * t)
        cx = W / 2 + 40 * math.sin(2 * math.pi * 0.5 * t)
        cy = H / 2 + 20 * math.sin(2 * math.pi * 0.7 * t + 1.0)
        m = cv2.getRotationMatrix2D((body.shape[1] / 2, body.shape[0] / 2), angle, 1.0)
        m[:, 2] += (cx - body.shape[1] / 2, cy - body.shape[0] / 2)
        warped = cv2.warpAffine(body, m, (W, H))
        mask = cv2.warpAffine(np.full(body.shape[:2], 255, np.uint8), m, (W, H)) > 0
        out = bg.copy()
        out[mask] = warped[mask]
        frames.append(out)
    return frames


def on_screen(image: np.ndarray, pitch: float, angle: float, gap: float = 0.2, blur: float = 1.0):
    """`image` shown on an LCD that fills the camera's view (its border out of sight), as the
    camera sees it: every screen pixel is three colour stripes with dark gaps between pixels,
    `pitch` camera pixels wide, the screen turned by `angle` degrees; then lens blur and the
    camera's JPEG. The video is letterboxed on the screen, as a phone plays it."""
    k = 6  # each screen pixel drawn as k x k before the camera's resampling
    sw, sh = int(W / pitch) + 4, int(H / pitch) + 4
    vh = int(sw * image.shape[0] / image.shape[1])
    screen = np.full((sh, sw, 3), 8.0, np.float32)
    top = max(0, (sh - vh) // 2)
    screen[top : top + vh] = cv2.resize(image, (sw, vh), interpolation=cv2.INTER_AREA)[: sh - top]
    cell = np.zeros((k, k, 3), np.float32)
    lit = int(k * (1 - gap)) + 1
    for c in range(3):
        cell[:lit, c * k // 3 : (c + 1) * k // 3, c] = 3.0
    big = np.repeat(np.repeat(screen, k, 0), k, 1) * np.tile(cell, (sh, sw, 1))
    m = cv2.getRotationMatrix2D((big.shape[1] / 2, big.shape[0] / 2), angle, pitch / k)
    m[:, 2] += (W / 2 - big.shape[1] / 2, H / 2 - big.shape[0] / 2)
    seen = cv2.GaussianBlur(cv2.warpAffine(big, m, (W, H), flags=cv2.INTER_AREA), (0, 0), blur)
    seen = np.clip(seen * 0.8 + 20, 0, 255).astype(np.uint8)
    _, jpeg = cv2.imencode(".jpg", seen[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, 85])
    return np.ascontiguousarray(cv2.imdecode(jpeg, cv2.IMREAD_COLOR)[:, :, ::-1])


def close_replay_clip(
    video_frames, fps: float, pitch: float, seconds: float = 4.0, angle: float = 3.0
):
    """A video of the real person on a phone held so close that its border is out of view,
    turned by about `angle` degrees and trembling a little in the hand (angle 0: held
    straight and still): no edge to see, only the screen itself."""
    frames = []
    tremble = 1.5 if angle else 0.0
    for i, image in enumerate(video_frames[: int(seconds * fps)]):
        t = i / fps
        turn = angle + tremble * math.sin(2 * math.pi * 0.7 * t)
        frames.append(on_screen(image, pitch, angle=turn))
    return frames
