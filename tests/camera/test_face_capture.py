"""One citizen's face capture as the UI drives it: guidance per frame, then liveness, template."""

from __future__ import annotations

import cv2
import numpy as np

from camera.capture import FaceCapture
from camera.sources import Frame, VideoFileSource
from kiosk.facematch import face_distance


def _further_away(image, scale=0.45):
    """The close-up as if the person stood further back: shrunk into a 1280x720 frame."""
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    out = np.full((720, 1280, 3), 120, np.uint8)
    y, x = (720 - small.shape[0]) // 2, (1280 - small.shape[1]) // 2
    out[y : y + small.shape[0], x : x + small.shape[1]] = small
    return out


def test_guidance_on_the_closeup(video_dir):
    capture = FaceCapture(challenges=["blink"], make_template=False)
    guidance = []
    with VideoFileSource(video_dir / "blinking_closeup.mp4") as source:
        for frame in source.frames():
            guidance.append(capture.process(frame))
            if guidance[-1].done:
                break
    result = capture.finish()
    first = guidance[0]
    assert first.faces == 1 and first.instruction["code"] == "too_close"
    assert first.instruction["id"] == "Mundur sedikit" and first.instruction["en"]
    assert first.challenge is None and first.progress == (0, 1)  # neutral baseline first
    running = [g for g in guidance if g.challenge]
    assert running and running[0].challenge == {
        "name": "blink",
        "id": "Kedipkan mata",
        "en": "Blink your eyes",
    }
    assert guidance[-1].done and guidance[-1].progress == (1, 1)
    assert result.passed and result.template is None  # no template was asked for


def test_template_is_ready_when_liveness_ends(video_dir):
    capture = FaceCapture(challenges=["blink"])
    frames = []
    with VideoFileSource(video_dir / "blinking_closeup.mp4") as source:
        for frame in source.frames():
            frames.append(Frame(_further_away(frame.image), frame.timestamp, frame.index))
            if capture.process(frames[-1]).done:
                break
    result = capture.finish()
    assert result.passed, result.liveness
    assert result.quality["quality_frames"] > 5 and result.quality["encoded_frames"] >= 1
    assert result.template is not None and len(result.template) == 128
    assert result.template_wait_s < 1.0

    # The live template is the same person as a still of the same clip.
    from camera.templates import template_from_image

    still = template_from_image(frames[5].image)
    assert face_distance(result.template, still) < 0.3


def test_the_probe_is_the_mean_of_the_sharpest_frontal_frames(video_dir):
    """The person one step back blinking: the probe averages up to three templates of frontal
    frames, the sharpest kept; the close-up's verdict names why it gives none (too close)."""
    from camera.templates import template_from_image

    capture = FaceCapture(challenges=["blink"])
    with VideoFileSource(video_dir / "blinking_step_back.mp4") as source:
        frames = []
        for frame in source.frames():
            frames.append(frame)
            if capture.process(frame).done:
                break
    result = capture.finish()
    assert result.verdict() == {"passed": True, "reason": "ok"}
    assert 1 <= result.quality["probe_frames"] <= min(3, result.quality["encoded_frames"])
    best = result.quality["best_frame"]
    assert abs(best["yaw"]) <= 5 and abs(best["pitch"]) <= 5  # half the 10° quality limits
    assert face_distance(result.template, template_from_image(frames[5].image)) < 0.3

    capture = FaceCapture(challenges=["blink"])
    with VideoFileSource(video_dir / "blinking_closeup.mp4") as source:
        for frame in source.frames():
            if capture.process(frame).done:
                break
    result = capture.finish()
    assert result.passed and result.template is None  # live, but no frame good enough
    assert result.verdict() == {"passed": False, "reason": "too_close"}
    assert (result.failure_reason(), result.problem) == ("poor_quality", "too_close")


def test_failed_liveness_gives_no_template(print_photo):
    import attacks

    capture = FaceCapture(challenges=["turn_left"])
    for i, image in enumerate(attacks.swung_clip(print_photo)):
        capture.process(Frame(image, i / attacks.FPS, i))
    result = capture.finish()
    assert not result.passed and result.liveness["reason"] == "planar_motion"
    assert result.template is None


def test_capture_from_the_configuration(tmp_path):
    from camera.capture import capture_from_config
    from kiosk.config import load_config

    config = load_config(
        None,
        tmp_path,
        environ={
            "MPP_KIOSK__CAMERA__QUALITY__MIN_EYE_DISTANCE_PX": "90",
            "MPP_KIOSK__LIVENESS__CHALLENGES": "smile,look_up,blink",
            "MPP_KIOSK__LIVENESS__COUNT": "2",
            "MPP_KIOSK__LIVENESS__WINDOW_S": "7.5",
        },
    )
    capture = capture_from_config(config, make_template=False)
    try:
        assert len(capture.challenges) == 2
        assert set(capture.challenges) <= {"smile", "look_up", "blink"}
        assert capture.thresholds.min_eye_distance_px == 90.0
        assert capture.liveness.settings.window_s == 7.5
    finally:
        capture.close()
