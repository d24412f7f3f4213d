"""camera/tracker.py's landmark read: Face Mesh's landmarks taken from the list's wire bytes in
one go equal the field-by-field read, on real faces; any other layout is read field by field."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from camera.tracker import FaceTracker, landmarks_xyz

PHOTOS = ["biden.jpg", "obama-240p.jpg", "kit_harington_john1.jpeg", "lin-manuel-miranda.png"]


def field_by_field(landmark_list) -> np.ndarray:
    return np.array([(p.x, p.y, p.z) for p in landmark_list.landmark], dtype=np.float32)


@pytest.fixture(scope="module")
def landmark_lists(faces_dir) -> list:
    """Face Mesh's own results on real photos (the tracker's graph, refined: 478 points)."""
    found = []
    with FaceTracker(static=True) as tracker:
        for name in PHOTOS:
            bgr = cv2.imread(str(faces_dir / name))
            assert bgr is not None, name
            result = tracker._mesh.process(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
            assert result.multi_face_landmarks, f"Face Mesh found no face in {name}"
            found.extend(result.multi_face_landmarks)
    return found


def test_the_wire_read_equals_the_field_read_on_real_faces(landmark_lists):
    for landmark_list in landmark_lists:
        fast = landmarks_xyz(landmark_list)
        assert fast.shape == (478, 3) and fast.dtype == np.float32
        assert np.array_equal(fast, field_by_field(landmark_list))


def test_another_layout_is_read_field_by_field(landmark_lists):
    """A list whose entries carry more than x, y, z (visibility here) has another wire layout:
    the values still come out right."""
    changed = type(landmark_lists[0])()
    changed.CopyFrom(landmark_lists[0])
    for index, point in enumerate(changed.landmark):
        point.visibility = 0.5 + index % 2 * 0.25
    assert np.array_equal(landmarks_xyz(changed), field_by_field(landmark_lists[0]))


def test_zero_coordinates_and_an_empty_list(landmark_lists):
    changed = type(landmark_lists[0])()
    changed.CopyFrom(landmark_lists[0])
    changed.landmark[0].x = 0.0  # proto2: a set zero is still written, the layout holds
    expected = field_by_field(landmark_lists[0])
    expected[0, 0] = 0.0
    assert np.array_equal(landmarks_xyz(changed), expected)
    assert landmarks_xyz(type(changed)()).shape == (0, 3)
