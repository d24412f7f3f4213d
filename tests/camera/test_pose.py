"""Head-pose signs: the citizen's own left/right and up, on the model and on real heads."""

from __future__ import annotations

import pytest

from camera.pose import head_pose, project_model


@pytest.mark.parametrize("yaw,pitch,roll", [(0, 0, 0), (20, 0, 0), (-25, 5, 0), (0, 15, 4)])
def test_pose_round_trip(yaw, pitch, roll):
    points = project_model(yaw, pitch, roll, 640, 480)
    got = head_pose(points, 640, 480)
    assert got == pytest.approx((yaw, pitch, roll), abs=0.5)


def test_turn_to_own_left_moves_the_nose_to_the_image_right():
    """Not mirrored: a citizen turning to their left shows the nose to the image's right."""
    frontal, turned = project_model(0, 0, 0, 640, 480), project_model(20, 0, 0, 640, 480)
    offset = lambda p: p[0, 0] - (p[2, 0] + p[3, 0]) / 2  # noqa: E731 - nose vs eye corners
    assert offset(turned) > offset(frontal) + 5


def test_pose_follows_the_nose_on_real_heads(hamilton_track):
    """On the real clip, yaw and the nose's offset from the eye corners agree in sign."""
    agree = total = 0
    for _, faces in hamilton_track:
        if len(faces) != 1 or abs(faces[0].yaw) < 15:
            continue
        lm = faces[0].landmarks
        nose_offset = lm[1, 0] - (lm[33, 0] + lm[263, 0]) / 2
        total += 1
        agree += (nose_offset > 0) == (faces[0].yaw > 0)
    assert total > 50 and agree / total > 0.9
