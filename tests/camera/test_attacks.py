"""Presentation attacks made from the face photos fail every challenge, for the right reason.

Each clip is tracked once; every challenge is then judged on its own over the whole clip.
"""

from __future__ import annotations

import pytest
from camera_support import replay

from camera.challenges import CHALLENGES

TURNS = ("turn_left", "turn_right")


@pytest.mark.parametrize("challenge", CHALLENGES)
def test_still_photo_fails_because_nothing_happens(attack_tracks, challenge):
    result = replay(attack_tracks["still"], [challenge])
    assert not result["passed"]
    (c,) = result["challenges"]
    assert (c["passed"], c["reason"]) == (False, "action_not_seen")


@pytest.mark.parametrize("challenge", CHALLENGES)
def test_shaken_photo_fails(attack_tracks, challenge):
    """Hand tremor (shift, roll, +-12 deg tilt) produces none of the actions."""
    result = replay(attack_tracks["shaken"], [challenge])
    (c,) = result["challenges"]
    assert (c["passed"], c["reason"]) == (False, "action_not_seen")
    assert "reached_at" not in c["evidence"]


@pytest.mark.parametrize("attack", ["swung", "bent"])
@pytest.mark.parametrize("challenge", CHALLENGES)
def test_swung_and_bent_photos_fail_as_planar(attack_tracks, attack, challenge):
    result = replay(attack_tracks[attack], [challenge])
    assert not result["passed"] and result["reason"] == "planar_motion"
    (c,) = result["challenges"]
    assert (c["passed"], c["reason"]) == (False, "planar_motion")
    assert c["evidence"]["planar_frames"] > 3 * max(1, c["evidence"]["solid_frames"])


@pytest.mark.parametrize("attack", ["swung", "bent"])
def test_planar_motion_is_rejected_even_when_the_pose_was_reached(attack_tracks, attack):
    reached = []
    for turn in TURNS:
        (c,) = replay(attack_tracks[attack], [turn])["challenges"]
        if "reached_at" in c["evidence"]:
            assert c["evidence"]["yaw_change_deg"] >= 18
            assert c["reason"] == "planar_motion"
            reached.append(turn)
    assert reached, "the attack clip no longer imitates a head turn: fix the generator"


def test_a_sequence_of_challenges_fails_as_a_whole(attack_tracks):
    result = replay(attack_tracks["swung"], ["turn_right", "blink", "turn_left"], window_s=1.0)
    assert not result["passed"]
    assert [c["passed"] for c in result["challenges"]] == [False, False, False]


def _session_result(frames, fps, challenges, **kwargs):
    from camera.session import FaceSession
    from camera.sources import Frame

    session = FaceSession(challenges=challenges, make_template=False, **kwargs)
    for i, image in enumerate(frames):
        if session.process(Frame(image, i / fps, i)).done:
            break
    return session.finish().liveness


@pytest.fixture(scope="module")
def closeup_frames(video_dir):
    from camera.sources import VideoFileSource

    with VideoFileSource(video_dir / "blinking_closeup.mp4") as source:
        return [f.image for f, _ in zip(source.frames(), range(100), strict=False)]


def test_replay_on_a_phone_fails_even_though_it_contains_the_blink(closeup_frames):
    import attacks

    clip = attacks.replay_clip(closeup_frames, fps=25.0)
    result = _session_result(clip, 25.0, ["blink"])
    assert not result["passed"] and result["reason"] == "screen_detected"
    (blink,) = result["challenges"]
    assert blink["reason"] == "screen_detected"
    assert "reopened_at" in blink["evidence"]  # the replayed blink itself was seen
    assert set(blink["evidence"]["screen_detected"]["edges"]) == {"h", "v"}


def test_real_scenes_are_not_taken_for_screens(closeup_frames, video_dir):
    from camera.liveness import LivenessCheck
    from camera.session import FaceSession
    from camera.sources import VideoFileSource

    assert _session_result(closeup_frames, 25.0, ["blink"])["passed"]
    # A long challenge (no blink in the film clip) keeps the screen cue looking all along.
    session = FaceSession(challenges=["blink"], make_template=False)
    session.liveness = LivenessCheck(["blink"], baseline_s=0.2, baseline_max_spread=10.0)
    with VideoFileSource(video_dir / "short_hamilton_clip.mp4") as source:
        for frame in source.frames():
            session.process(frame)
    assert len(session.screen.samples) > 20
    assert session.screen.verdict() is None
