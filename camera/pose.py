"""Head pose (yaw, pitch, roll in degrees) from Face Mesh landmarks with solvePnP.

Sign convention, from the citizen's point of view (the camera image is NOT mirrored here):
yaw > 0 when the citizen turns the head to their own left, pitch > 0 when they look up,
roll is the in-plane tilt (its sign only matters for the quality gate, which uses |roll|).
"""

from __future__ import annotations

import numpy as np

# Face Mesh indices: nose tip, chin, right eye outer corner (image left), left eye outer
# corner, right mouth corner, left mouth corner.
POSE_INDICES = (1, 152, 33, 263, 61, 291)

# A generic adult head (mm) in camera axes: x to the image right, y down, z away from the
# camera, nose tip at the origin.
MODEL_POINTS = np.array(
    [
        (0.0, 0.0, 0.0),
        (0.0, 63.6, 12.5),
        (-43.3, -32.7, 26.0),
        (43.3, -32.7, 26.0),
        (-28.9, 28.9, 24.1),
        (28.9, 28.9, 24.1),
    ],
    dtype=np.float64,
)


def camera_matrix(width: int, height: int) -> np.ndarray:
    f = float(width)  # a typical webcam's ~60 deg horizontal field of view
    return np.array([[f, 0, width / 2], [0, f, height / 2], [0, 0, 1]], dtype=np.float64)


def angles_from_rotation(rot: np.ndarray) -> tuple[float, float, float]:
    import cv2

    (rx, ry, rz), *_ = cv2.RQDecomp3x3(rot)
    # A nose turning to the image right (the citizen's left) is a negative rotation about y;
    # a nose going up is a negative rotation about x.
    return -float(ry), -float(rx), float(rz)


def head_pose(points2d: np.ndarray, width: int, height: int) -> tuple[float, float, float]:
    """(yaw, pitch, roll) in degrees from the six POSE_INDICES points (pixels)."""
    import cv2

    image_points = np.ascontiguousarray(points2d[:, :2], dtype=np.float64)
    cam = camera_matrix(width, height)
    # Start from a frontal head at the distance its eye corners suggest: with six points the
    # unguided solver sometimes lands on the mirrored solution (roll near 180 degrees).
    eyes_px = max(1.0, float(np.linalg.norm(image_points[3] - image_points[2])))
    rvec = np.zeros((3, 1))
    tvec = np.array([[0.0], [0.0], [cam[0, 0] * 86.6 / eyes_px]])
    ok, rvec, _tvec = cv2.solvePnP(
        MODEL_POINTS,
        image_points,
        cam,
        None,
        rvec,
        tvec,
        useExtrinsicGuess=True,
        flags=cv2.SOLVEPNP_ITERATIVE,
    )
    if not ok:
        return 0.0, 0.0, 0.0
    rot, _ = cv2.Rodrigues(rvec)
    return angles_from_rotation(rot)


def project_model(
    yaw: float, pitch: float, roll: float, width: int, height: int, distance: float = 600.0
) -> np.ndarray:
    """Image points of the model head at the given pose (used by tests to check signs)."""
    import cv2

    rx, ry, rz = np.radians([-pitch, -yaw, roll])
    rot_x = cv2.Rodrigues(np.array([rx, 0.0, 0.0]))[0]
    rot_y = cv2.Rodrigues(np.array([0.0, ry, 0.0]))[0]
    rot_z = cv2.Rodrigues(np.array([0.0, 0.0, rz]))[0]
    rot = rot_z @ rot_y @ rot_x
    rvec, _ = cv2.Rodrigues(rot)
    pts, _ = cv2.projectPoints(
        MODEL_POINTS, rvec, np.array([0.0, 0.0, distance]), camera_matrix(width, height), None
    )
    return pts.reshape(-1, 2)
