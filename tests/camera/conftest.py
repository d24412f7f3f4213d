"""Fixtures for the camera tests: the real models, loaded and run once per test session.

Tracking a clip is the slow part, so each clip is tracked once and the (timestamp, faces)
lists are shared; liveness checks are cheap to replay over them.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # for attacks.py

import attacks
from camera_support import track


@pytest.fixture(scope="session")
def faces_dir(testdata) -> Path:
    return testdata / "faces"


@pytest.fixture(scope="session")
def video_dir(testdata) -> Path:
    return testdata / "video"


@pytest.fixture(scope="session")
def identities(faces_dir) -> dict[str, str]:
    with (faces_dir / "identities.csv").open(newline="") as fh:
        return {row["file"]: row["identity"] for row in csv.DictReader(fh)}


@pytest.fixture(scope="session")
def photo_templates(faces_dir, identities):
    """file -> template (ndarray) or the FaceTemplateError it raised, for every photo."""
    from camera.templates import FaceTemplateError, template_from_photo

    out = {}
    for name in identities:
        try:
            out[name] = template_from_photo(faces_dir / name)
        except FaceTemplateError as exc:
            out[name] = exc
    return out


def _video_track(path: Path):
    from camera.sources import VideoFileSource

    with VideoFileSource(path) as source:
        return track((f.timestamp, f.image) for f in source.frames())


@pytest.fixture(scope="session")
def blink_track(video_dir):
    return _video_track(video_dir / "blinking_closeup.mp4")


@pytest.fixture(scope="session")
def hamilton_track(video_dir):
    return _video_track(video_dir / "short_hamilton_clip.mp4")


@pytest.fixture(scope="session")
def print_photo(faces_dir):
    from camera.photo import detect_photo_faces, load_rgb

    rgb = load_rgb(faces_dir / "obama.jpg")
    return attacks.face_photo(rgb, detect_photo_faces(rgb)[0].box)


@pytest.fixture(scope="session")
def attack_tracks(print_photo):
    """name -> tracked frames of each generated presentation attack."""
    clips = {
        "still": attacks.still_clip(print_photo),
        "shaken": attacks.shaken_clip(print_photo),
        "swung": attacks.swung_clip(print_photo),
        "bent": attacks.bent_clip(print_photo),
    }
    return {
        name: track((i / attacks.FPS, image) for i, image in enumerate(frames))
        for name, frames in clips.items()
    }
