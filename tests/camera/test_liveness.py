"""Liveness on the real clips: the blink positive control, turns on real moving heads."""

from __future__ import annotations

import pytest
from camera_support import replay

from camera.challenges import draw_challenges
from camera.liveness import LivenessCheck

RELAXED = {"baseline_s": 0.2, "baseline_max_spread": 10.0}  # film actors never hold still


def test_blinking_closeup_passes_a_blink(blink_track):
    """Positive control: a detector that rejects everything fails here."""
    result = replay(blink_track, ["blink"])
    assert result["passed"] is True and result["reason"] == "ok"
    (blink,) = result["challenges"]
    assert blink["passed"] and blink["reason"] == "ok"
    ev = blink["evidence"]
    assert ev["open_at"] < ev["closed_at"] < ev["reopened_at"]
    assert ev["min_ear_ratio"] < 0.55
    assert ev["reopened_at"] - ev["closed_at"] < 1.0  # a blink, not eyes kept shut


@pytest.mark.parametrize("turn", ["turn_left", "turn_right"])
def test_blinking_closeup_fails_a_turn_for_the_right_reason(blink_track, turn):
    result = replay(blink_track, ["blink", turn])
    assert result["passed"] is False and result["reason"] == "action_not_seen"
    blink, turning = result["challenges"]
    assert blink["passed"]
    assert turning["name"] == turn and not turning["passed"]
    assert turning["reason"] == "action_not_seen"
    assert abs(turning["evidence"]["yaw_change_deg"]) < 18
    assert turning["evidence"]["end"] - turning["evidence"]["start"] >= 5.0  # whole window


def test_blinking_closeup_is_not_taken_for_a_flat_picture(blink_track):
    result = replay(blink_track, ["blink", "smile", "look_up"])
    for challenge in result["challenges"]:
        assert challenge["reason"] in ("ok", "action_not_seen")
        assert challenge["evidence"]["planar_frames"] <= 2


def test_turn_right_on_a_real_head(hamilton_track):
    """The actor starts turned to his left (yaw about +40) and turns to his right."""
    result = replay(hamilton_track, ["turn_right"], baseline=RELAXED)
    (turn,) = result["challenges"]
    assert turn["passed"], turn
    assert turn["evidence"]["yaw_change_deg"] >= 18
    assert turn["evidence"]["solid_frames"] >= 3 and turn["evidence"]["planar_frames"] == 0


def test_turn_left_on_a_real_head(hamilton_track):
    """From t = 3.2 s the actor faces his right and turns back to his left."""
    later = [(t, faces) for t, faces in hamilton_track if t >= 3.2]
    result = replay(later, ["turn_left"], baseline=RELAXED)
    (turn,) = result["challenges"]
    assert turn["passed"], turn
    assert turn["evidence"]["yaw_change_deg"] >= 18


def test_wrong_direction_is_not_accepted(hamilton_track):
    result = replay(hamilton_track, ["turn_left"], baseline=RELAXED)
    (turn,) = result["challenges"]
    assert not turn["passed"] and turn["reason"] == "action_not_seen"
    assert turn["evidence"]["yaw_change_deg"] < 18


def test_real_heads_turning_are_not_planar(hamilton_track):
    later = [(t, faces) for t, faces in hamilton_track if t >= 3.6]
    result = replay(later, ["blink"], baseline=RELAXED)
    ev = result["challenges"][0]["evidence"]
    assert ev["solid_frames"] > 50 and ev["planar_frames"] <= 0.05 * ev["solid_frames"]


def test_challenges_are_drawn_at_random():
    assert draw_challenges(3, seed=5) == draw_challenges(3, seed=5)
    draws = {tuple(draw_challenges(2)) for _ in range(40)}
    assert len(draws) > 5
    for draw in draws:
        assert len(set(draw)) == 2


def test_unknown_challenge_is_refused():
    with pytest.raises(ValueError):
        LivenessCheck(["wink"])


def test_no_face_and_several_faces(hamilton_track, photo_templates, faces_dir):
    from camera_support import track

    from camera.photo import load_rgb

    empty = replay([(t, []) for t, _ in hamilton_track[:30]], ["blink"])
    assert not empty["passed"] and empty["reason"] == "no_face"
    two = load_rgb(faces_dir / "two_people.jpg")
    crowded = replay(track((i / 30, two) for i in range(20)), ["blink"])
    assert not crowded["passed"] and crowded["reason"] == "several_faces"
