"""The face rules the UI only carries out: which challenges a capture runs, which failure code
the citizen session gets, what a usable capture hands over, and the configured sources.

No models are loaded here: the outcomes are built by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from camera.capture import CaptureOutcome, FaceCaptureSettings
from camera.challenges import choose_challenges, parse_challenges
from camera.sources import (
    CameraSource,
    SourceError,
    StillImageSource,
    VideoFileSource,
    camera_device,
    is_device,
    source_from_config,
)
from kiosk.config import load_config
from kiosk.ports import FACE_FAILURE_REASONS
from protocol.contract import LivenessSummary

ALL = {"blink", "turn_left", "turn_right", "look_up", "smile"}


# ----- which challenges ---------------------------------------------------------------------


def test_a_count_covering_the_configured_list_runs_it_in_its_order():
    assert choose_challenges(["turn_left", "blink"], 2) == ["turn_left", "blink"]
    assert choose_challenges(["smile"], 3) == ["smile"]
    assert choose_challenges(["look_up", "smile", "blink"], 3, seed=1) == [
        "look_up",
        "smile",
        "blink",
    ]


def test_a_smaller_count_is_drawn_from_the_configured_list_only():
    configured = ["smile", "look_up", "blink"]
    draws = {tuple(choose_challenges(configured, 2)) for _ in range(60)}
    assert len(draws) > 2  # random, not always the same pair
    for draw in draws:
        assert len(draw) == 2 and len(set(draw)) == 2 and set(draw) <= set(configured)
    assert choose_challenges(configured, 2, seed=9) == choose_challenges(configured, 2, seed=9)


def test_unknown_configured_names_are_left_out():
    assert choose_challenges(["blink", "wink"], 2) == ["blink"]
    for _ in range(10):  # nothing known left: drawn from every challenge
        draw = choose_challenges(["wink"], 2)
        assert len(draw) == 2 and set(draw) <= ALL
    assert set(choose_challenges([], 5)) == ALL


def test_a_typed_challenge_list_is_checked():
    assert parse_challenges(" blink, turn_left ,") == ["blink", "turn_left"]
    with pytest.raises(ValueError, match="wink"):
        parse_challenges("blink,wink")
    with pytest.raises(ValueError, match="none"):
        parse_challenges(" , ")


# ----- built from the configuration ---------------------------------------------------------


def test_capture_settings_follow_the_configuration(tmp_path):
    config = load_config(
        None,
        tmp_path,
        environ={
            "MPP_KIOSK__LIVENESS__CHALLENGES": "smile,blink",
            "MPP_KIOSK__LIVENESS__COUNT": "2",
            "MPP_KIOSK__LIVENESS__WINDOW_S": "3.5",
            "MPP_KIOSK__CAMERA__QUALITY__MAX_YAW_DEG": "14",
        },
    )
    options = FaceCaptureSettings.from_config(config).capture_options()
    assert options["challenges"] == ["smile", "blink"]
    assert options["challenge_settings"].window_s == 3.5
    assert options["thresholds"].max_yaw_deg == 14.0
    # given challenges (`kiosk liveness --challenge`) win over the configured ones
    assert FaceCaptureSettings.from_config(config).capture_options(["look_up"])["challenges"] == [
        "look_up"
    ]


def test_without_a_configuration_the_documented_defaults_apply(tmp_path):
    settings = FaceCaptureSettings.from_config(None)
    assert settings == FaceCaptureSettings.from_config(load_config(None, tmp_path, environ={}))
    assert settings.window_s == 8.0 and settings.count == 2 and set(settings.challenges) == ALL
    options = settings.capture_options()
    assert options["challenge_settings"].window_s == 8.0 and len(options["challenges"]) == 2
    assert options["thresholds"].min_eye_distance_px == 70.0


# ----- the citizen session's failure code ------------------------------------------------------


def _outcome(passed: bool, reason: str, template=None, **quality) -> CaptureOutcome:
    challenges = [{"name": "blink", "passed": passed, "reason": reason}]
    return CaptureOutcome(
        {"passed": passed, "reason": reason, "challenges": challenges}, template, quality
    )


@pytest.mark.parametrize(
    ("passed", "reason", "template", "code"),
    [
        (False, "no_face", None, "no_face"),
        (False, "several_faces", None, "multiple_faces"),
        (False, "action_not_seen", None, "liveness_failed"),
        (False, "planar_motion", None, "liveness_failed"),
        (False, "screen_detected", None, "liveness_failed"),
        (True, "ok", None, "poor_quality"),  # live, but no frame good enough for a template
        (True, "ok", [0.1] * 128, None),  # usable
    ],
)
def test_failure_code_for_the_session(passed, reason, template, code):
    assert _outcome(passed, reason, template).failure_reason() == code
    assert code is None or code in FACE_FAILURE_REASONS


# ----- what a usable capture hands over --------------------------------------------------------


def test_a_usable_capture_hands_over_its_own_figures():
    template = [0.5] * 128
    outcome = CaptureOutcome(
        {
            "passed": True,
            "reason": "ok",
            "challenges": [
                {"name": "turn_left", "passed": True, "reason": "ok"},
                {"name": "blink", "passed": True, "reason": "ok"},
            ],
        },
        template,
        {"frames": 80, "quality_frames": 60, "encoded_frames": 2},
    )
    handed = outcome.for_session()
    assert handed.template == template and handed.template is not template  # the session's copy
    assert handed.liveness == {"passed": True, "method": "turn_left+blink"}
    assert handed.quality == 0.75  # 60 of 80 frames passed the quality gate
    LivenessSummary.model_validate(dict(handed.liveness))  # what the server accepts


def test_an_unusable_capture_hands_nothing_over():
    with pytest.raises(ValueError, match="liveness_failed"):
        _outcome(False, "planar_motion").for_session()
    with pytest.raises(ValueError, match="poor_quality"):
        _outcome(True, "ok", None, frames=10, quality_frames=0).for_session()


# ----- the configured camera ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "device"),
    [("0", True), (0, True), ("12", True), ("/dev/video2", True), (Path("/dev/video0"), True)],
)
def test_cameras_are_indexes_and_device_paths(spec, device):
    assert is_device(spec) is device


@pytest.mark.parametrize("spec", ["clip.mp4", "tests/data/video/a.mp4", "photo.jpg", "0.mp4"])
def test_files_are_not_cameras(spec):
    assert not is_device(spec)


def test_camera_device_is_what_opencv_opens():
    assert camera_device("2") == 2 and camera_device(3) == 3
    assert camera_device("/dev/video2") == "/dev/video2"


def test_configured_source(tmp_path, testdata):
    clip = testdata / "video" / "blinking_closeup.mp4"
    config = load_config(None, tmp_path, environ={"MPP_KIOSK__CAMERA__DEVICE": str(clip)})
    with source_from_config(config) as source:
        assert isinstance(source, VideoFileSource)
    photo = testdata / "faces" / "obama.jpg"
    with source_from_config(config, device=str(photo)) as source:  # --camera wins
        assert isinstance(source, StillImageSource)
    with pytest.raises(SourceError):
        source_from_config(config, device=str(tmp_path / "missing.mp4"))


def test_configured_camera_resolution(tmp_path):
    config = load_config(
        None,
        tmp_path,
        environ={"MPP_KIOSK__CAMERA__WIDTH": "320", "MPP_KIOSK__CAMERA__HEIGHT": "240"},
    )
    missing = "/dev/video-missing"  # no device node: the source reports "unavailable"
    sources = [source_from_config(config, device=missing), source_from_config(None, missing)]
    try:
        assert all(isinstance(s, CameraSource) for s in sources)
        assert (sources[0].width, sources[0].height, sources[0].fps) == (320, 240, 30)
        assert (sources[1].width, sources[1].height) == (1280, 720)  # the documented default
    finally:
        for source in sources:
            source.close()
