"""Helpers the camera tests import by name (conftest modules are ambiguous across folders)."""

from __future__ import annotations


def track(frames_with_times):
    from camera.tracker import FaceTracker

    with FaceTracker() as tracker:
        return [(t, tracker.process(image)) for t, image in frames_with_times]


def replay(track_list, challenges, baseline: dict | None = None, **settings):
    """Run a LivenessCheck over tracked frames and return its result; `baseline` passes
    baseline_s / baseline_max_spread, the other keywords are ChallengeSettings."""
    from camera.challenges import ChallengeSettings
    from camera.liveness import LivenessCheck

    check = LivenessCheck(
        challenges, ChallengeSettings(**settings) if settings else None, **(baseline or {})
    )
    for t, faces in track_list:
        check.feed(t, faces)
    return check.result()
