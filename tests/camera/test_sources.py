"""Frame sources: every frame of a file in order, newest-frame-only live capture, and a
camera that is unplugged and plugged back in."""

from __future__ import annotations

import time

import cv2
import numpy as np
import pytest

from camera.sources import (
    CameraSource,
    SourceError,
    StillImageSource,
    VideoFileSource,
    open_source,
)


def test_video_file_gives_every_frame_in_order_with_stream_timestamps(video_dir):
    path = video_dir / "blinking_closeup.mp4"
    expected = int(cv2.VideoCapture(str(path)).get(cv2.CAP_PROP_FRAME_COUNT))
    with VideoFileSource(path) as source:
        frames = [(f.index, f.timestamp, f.image.shape) for f in source.frames()]
    assert len(frames) == expected > 200
    assert [i for i, _, _ in frames] == list(range(len(frames)))
    times = np.array([t for _, t, _ in frames])
    assert times[0] == pytest.approx(0.0, abs=1e-3)
    assert np.allclose(np.diff(times), 1 / 25, atol=2e-3)  # the stream's 25 fps
    assert frames[0][2] == (720, 1280, 3)


def test_still_image_and_bad_paths(faces_dir, tmp_path):
    frames = list(StillImageSource(faces_dir / "obama.jpg", repeat=3, fps=10).frames())
    assert [f.timestamp for f in frames] == [0.0, 0.1, 0.2]
    assert frames[0].image.shape[2] == 3
    with pytest.raises(SourceError):
        VideoFileSource(tmp_path / "none.mp4")
    (tmp_path / "junk.mp4").write_bytes(b"\0" * 100)
    with pytest.raises(SourceError):
        VideoFileSource(tmp_path / "junk.mp4")
    assert isinstance(open_source(str(faces_dir / "obama.jpg")), StillImageSource)


def _write_clip(path, frames=60):
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30, (160, 120))
    assert writer.isOpened()
    for i in range(frames):
        image = np.full((120, 160, 3), (i * 4) % 256, np.uint8)
        writer.write(image)
    writer.release()


def _wait_for(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False


def test_unplugged_camera_is_reported_and_recovers(tmp_path):
    """A device node that disappears and comes back (here a file path standing in for
    /dev/videoN, read through the same OpenCV capture the webcam uses)."""
    device = tmp_path / "video0.avi"
    _write_clip(device, frames=15)  # played at 30 fps: the handle runs dry after 0.5 s
    events = []
    source = CameraSource(str(device), retry_interval=0.05, on_status=events.append)
    try:
        first = source.latest(timeout=5)
        assert first is not None and first.image.shape == (120, 160, 3)
        assert events == ["connected"]
        device.rename(tmp_path / "unplugged.avi")  # unplug: reading ends, reopening fails
        assert _wait_for(lambda: "disconnected" in events), events
        assert events == ["connected", "disconnected"]
        assert source.status == "disconnected"
        source.latest(timeout=0.01)  # drain the last frame before the unplug
        assert source.latest(timeout=0.2) is None  # no frame for a while, retries failing
        (tmp_path / "unplugged.avi").rename(device)  # plug back in
        assert _wait_for(lambda: "reconnected" in events), events
        assert events == ["connected", "disconnected", "reconnected"]
        again = source.latest(timeout=5)
        assert again is not None and again.index > first.index
    finally:
        source.close()


def test_live_capture_keeps_only_the_newest_frame(tmp_path):
    device = tmp_path / "video1.avi"
    _write_clip(device, frames=300)
    source = CameraSource(str(device), fps=300, retry_interval=0.05)
    try:
        seen = []
        for _ in range(5):
            frame = source.latest(timeout=5)
            assert frame is not None
            seen.append(frame.index)
            time.sleep(0.05)  # a slow consumer
        assert seen == sorted(set(seen))  # never the same frame twice, never backwards
        assert max(np.diff(seen)) > 1  # frames were dropped instead of queued
    finally:
        source.close()
