"""Face tracking with mediapipe Face Mesh (refined landmarks, up to two faces).

One FaceTracker per session, fed frames in order; it keeps mediapipe's tracking state so a
face found once is followed cheaply. Two faces are tracked so a second person is seen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from camera.native_logs import native_logs_muted, wait_until_started
from camera.pose import POSE_INDICES, head_pose

# Eye contours for the eye aspect ratio: outer, upper x2, inner, lower x2 (the person's
# right eye first; it is on the image left).
RIGHT_EYE = (33, 160, 158, 133, 153, 144)
LEFT_EYE = (263, 387, 385, 362, 380, 373)
MOUTH_RIGHT, MOUTH_LEFT, LIP_UP, LIP_DOWN = 61, 291, 13, 14
_face_seen: list[bool] = []  # non-empty once any tracker in this process has found a face


def eye_aspect_ratio(pts: np.ndarray, idx) -> float:
    p = pts[list(idx), :2]
    vertical = np.linalg.norm(p[1] - p[5]) + np.linalg.norm(p[2] - p[4])
    horizontal = 2.0 * np.linalg.norm(p[0] - p[3])
    return float(vertical / horizontal) if horizontal > 0 else 0.0


@dataclass
class TrackedFace:
    landmarks: np.ndarray  # (478, 3) pixels; z in the x scale, relative to the head centre
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 around all landmarks
    yaw: float
    pitch: float
    roll: float
    ear: float  # mean eye aspect ratio of both eyes
    eye_distance: float  # between the eye centres, pixels
    mouth_width: float  # mouth corner distance over eye distance

    @property
    def area(self) -> float:
        return (self.box[2] - self.box[0]) * (self.box[3] - self.box[1])


# A NormalizedLandmark as Face Mesh serializes it: an entry of the list (field 1, 15 bytes)
# holding x, y, z (float32 fields 1, 2, 3), each after its one-byte tag.
_WIRE = np.dtype(
    [
        ("entry", "u1", 2),
        ("tx", "u1"),
        ("x", "<f4"),
        ("ty", "u1"),
        ("y", "<f4"),
        ("tz", "u1"),
        ("z", "<f4"),
    ]
)
_WIRE_TAGS = {"tx": 0x0D, "ty": 0x15, "tz": 0x1D}


def landmarks_xyz(landmark_list) -> np.ndarray:
    """(n, 3) float32 normalised x, y, z of a NormalizedLandmarkList, read from its wire bytes
    in one go (reading 478 x 3 fields from Python cost ~0.4 ms a frame). A list laid out
    otherwise (e.g. with visibility) is read field by field."""
    raw = landmark_list.SerializeToString()
    if raw and len(raw) % _WIRE.itemsize == 0:
        rec = np.frombuffer(raw, dtype=_WIRE)
        if (rec["entry"] == (0x0A, 0x0F)).all() and all(
            (rec[tag] == value).all() for tag, value in _WIRE_TAGS.items()
        ):
            return np.stack([rec["x"], rec["y"], rec["z"]], axis=1)
    xyz = [(p.x, p.y, p.z) for p in landmark_list.landmark]
    return np.array(xyz, dtype=np.float32).reshape(-1, 3)


def face_from_landmarks(pts: np.ndarray, width: int, height: int) -> TrackedFace:
    right_centre = pts[[33, 133], :2].mean(axis=0)
    left_centre = pts[[263, 362], :2].mean(axis=0)
    eye_distance = float(np.linalg.norm(left_centre - right_centre))
    yaw, pitch, roll = head_pose(pts[list(POSE_INDICES)], width, height)
    mouth = float(np.linalg.norm(pts[MOUTH_LEFT, :2] - pts[MOUTH_RIGHT, :2]))
    return TrackedFace(
        landmarks=pts,
        box=(
            float(pts[:, 0].min()),
            float(pts[:, 1].min()),
            float(pts[:, 0].max()),
            float(pts[:, 1].max()),
        ),
        yaw=yaw,
        pitch=pitch,
        roll=roll,
        ear=(eye_aspect_ratio(pts, RIGHT_EYE) + eye_aspect_ratio(pts, LEFT_EYE)) / 2.0,
        eye_distance=eye_distance,
        mouth_width=mouth / eye_distance if eye_distance > 0 else 0.0,
    )


class FaceTracker:
    """Face Mesh over a stream of RGB frames. Not thread-safe: one per session/thread."""

    def __init__(
        self,
        max_faces: int = 2,
        min_detection: float = 0.5,
        min_tracking: float = 0.5,
        static: bool = False,
    ):
        import mediapipe as mp

        with native_logs_muted():  # the graph starts (loads its models) in mediapipe's threads
            self._mesh = mp.solutions.face_mesh.FaceMesh(
                static_image_mode=static,
                max_num_faces=max(2, max_faces),
                refine_landmarks=True,
                min_detection_confidence=min_detection,
                min_tracking_confidence=min_tracking,
            )
            wait_until_started(self._mesh)

    def process(self, rgb: np.ndarray) -> list[TrackedFace]:
        """Faces in this frame, largest first."""
        h, w = rgb.shape[:2]
        # mediapipe warns once per process, at the first face it finds, then stays quiet.
        with native_logs_muted(not _face_seen):
            result = self._mesh.process(np.ascontiguousarray(rgb))
        if result.multi_face_landmarks and not _face_seen:
            _face_seen.append(True)
        scale = np.array([w, h, w], dtype=np.float64)
        faces = [
            face_from_landmarks(landmarks_xyz(lm) * scale, w, h)
            for lm in result.multi_face_landmarks or []
        ]
        return sorted(faces, key=lambda f: -f.area)

    def close(self) -> None:
        self._mesh.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
