"""Presentation attacks made from the face photos fail every challenge, for the right reason.

Each clip is tracked once; every challenge is then judged on its own over the whole clip.
"""

from __future__ import annotations

import numpy as np
import pytest
from camera_support import replay

from camera.challenges import CHALLENGES

TURNS = ("turn_left", "turn_right")
# The moiré cue's documented default threshold (camera/moire.py, [camera.moire] threshold: 3.0
# log-magnitude over the ring median; real faces measured up to ~2.4).
MOIRE_THRESHOLD = 3.0


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
    from camera.capture import FaceCapture
    from camera.sources import Frame

    session = FaceCapture(challenges=challenges, make_template=False, **kwargs)
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


def test_replay_held_close_fails_on_the_screens_pixel_grid(closeup_frames):
    """No border in view: the pixel grid (moiré) gives the screen away."""
    import attacks

    clip = attacks.close_replay_clip(closeup_frames, fps=25.0, pitch=1.5)
    result = _session_result(clip, 25.0, ["blink"])
    assert not result["passed"] and result["reason"] == "screen_detected"
    (blink,) = result["challenges"]
    assert "reopened_at" in blink["evidence"]  # the replayed blink itself was seen
    cue = blink["evidence"]["screen_detected"]
    assert cue["cue"] == "moire" and cue["share"] >= 0.5 and cue["median_peak"] > cue["threshold"]


@pytest.mark.parametrize(("pitch", "angle"), [(0.7, 3.0), (1.5, 3.0), (2.5, 3.0), (1.5, 0.0)])
def test_the_pixel_grid_is_seen_whatever_the_screens_pixel_size(closeup_frames, pitch, angle):
    """Screen pixels smaller than the camera's (moiré beats) or larger (the grid itself),
    turned or held straight."""
    import attacks

    from camera.capture import FaceCapture
    from camera.sources import Frame

    session = FaceCapture(challenges=["blink"], make_template=False)
    clip = attacks.close_replay_clip(closeup_frames, 25.0, pitch, angle=angle)
    for i, image in enumerate(clip):
        session.process(Frame(image, i / 25.0, i))
    verdict = session.moire.verdict()
    assert verdict is not None and verdict["median_peak"] > verdict["threshold"]
    assert not session.finish().liveness["passed"]


def _jpeg(rgb, quality: int):
    import cv2

    _, data = cv2.imencode(".jpg", rgb, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(data, cv2.IMREAD_UNCHANGED)


def _flicker(rgb):
    """PWM-dimmed LED light through a rolling shutter: horizontal stripes every 11 rows."""
    rows = np.arange(rgb.shape[0])[:, None, None]
    return np.clip(rgb * (1.0 + 0.08 * np.sin(2 * np.pi * rows / 11.0)), 0, 255).astype(np.uint8)


def _twice(rgb):
    import cv2

    return cv2.resize(rgb, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_CUBIC)


@pytest.mark.parametrize(
    ("clip", "change"),
    [
        ("blinking_closeup.mp4", None),
        ("blinking_closeup.mp4", "jpeg"),  # a cheap USB webcam's MJPEG at quality 40
        ("blinking_closeup.mp4", "flicker"),  # periodic, but not a screen
        ("short_hamilton_clip.mp4", "twice"),  # its faces are far smaller than a kiosk takes
    ],
)
def test_real_faces_show_no_pixel_grid(video_dir, clip, change):
    """The bona fide side of the moiré cue, on every frame of the real clips."""
    from camera.moire import MoireMonitor
    from camera.sources import VideoFileSource
    from camera.tracker import FaceTracker

    transform = {
        None: lambda rgb: rgb,
        "jpeg": lambda rgb: _jpeg(rgb, 40),
        "flicker": _flicker,
        "twice": _twice,
    }[change]
    monitor = MoireMonitor()
    with FaceTracker() as tracker, VideoFileSource(video_dir / clip) as source:
        for frame in source.frames():
            image = transform(frame.image)
            faces = tracker.process(image)
            monitor.add(frame.timestamp, image, faces[0] if len(faces) == 1 else None)
    assert len(monitor.scores) > 20
    assert monitor.verdict() is None
    over = [v for _, v in monitor.scores if v >= MOIRE_THRESHOLD]
    assert len(over) <= 0.1 * len(monitor.scores)  # far from the half that the cue needs


def test_face_photos_show_no_pixel_grid(testdata):
    import cv2

    from camera.moire import moire_score
    from camera.photo import detect_photo_faces

    photos = [p for p in sorted((testdata / "faces").iterdir()) if p.suffix != ".csv"]
    scored = 0
    for path in photos:
        rgb = cv2.cvtColor(cv2.imread(str(path)), cv2.COLOR_BGR2RGB)
        for face in detect_photo_faces(rgb):
            score = moire_score(rgb, face.box)
            if score is not None:
                scored += 1
                assert score < MOIRE_THRESHOLD, path.name
    assert scored >= 10


def test_real_scenes_are_not_taken_for_screens(closeup_frames, video_dir):
    from camera.capture import FaceCapture
    from camera.liveness import LivenessCheck
    from camera.sources import VideoFileSource

    assert _session_result(closeup_frames, 25.0, ["blink"])["passed"]
    # A long challenge (no blink in the film clip) keeps the screen cue looking all along.
    relaxed = LivenessCheck(["blink"], baseline_s=0.2, baseline_max_spread=10.0)  # film actors
    session = FaceCapture(liveness=relaxed, make_template=False)
    with VideoFileSource(video_dir / "short_hamilton_clip.mp4") as source:
        for frame in source.frames():
            session.process(frame)
    assert len(session.screen.samples) > 20
    assert session.screen.verdict() is None
