"""`kiosk verify-face`, `kiosk liveness` and `kiosk camera test` print exactly their fields."""

from __future__ import annotations

import json
import os

import pytest

from app.cli import main

# The documented provisional default (kiosk/facematch.py docstring): 0.55, stricter than
# face_recognition's 0.6.
THRESHOLD = 0.55


def _json_lines(capsys):
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


def test_verify_face_single_pair(faces_dir, capsys):
    code = main(
        ["verify-face", str(faces_dir / "obama.jpg"), str(faces_dir / "obama2.jpg"), "--json"]
    )
    (out,) = _json_lines(capsys)
    assert code == 0
    assert set(out) == {"file_x", "file_y", "distance", "match", "threshold"}
    assert out["match"] is True and out["threshold"] == THRESHOLD
    assert 0 < out["distance"] <= THRESHOLD

    code = main(["verify-face", str(faces_dir / "obama.jpg"), str(faces_dir / "biden.jpg")])
    text = capsys.readouterr().out
    assert code == 1 and "match: no" in text and "distance" in text


def test_verify_face_pairs_csv(faces_dir, tmp_path, capsys):
    rel = os.path.relpath(faces_dir, tmp_path)  # paths are relative to the CSV
    rows = [
        ("obama.jpg", "obama3.jpg"),
        ("rose_leslie_img1.jpg", "kit_harington_john1.jpeg"),
        ("two_people.jpg", "obama.jpg"),
        ("obama.jpg", "obama_partial_face2.jpg"),
        ("obama.jpg", "missing.jpg"),
    ]
    body = "file_x,file_y,comment\r\n" + "".join(
        f"{rel}/{x},{rel}/{y},note {i}\r\n" for i, (x, y) in enumerate(rows)
    )
    pairs = tmp_path / "pairs.csv"
    pairs.write_bytes(body.encode())
    assert main(["verify-face", "--pairs", str(pairs), "--json"]) == 0
    out = _json_lines(capsys)
    assert [o["file_x"] for o in out] == [f"{rel}/{x}" for x, _ in rows]
    assert set(out[0]) == {"file_x", "file_y", "distance", "match", "threshold"}
    assert out[0]["match"] is True and out[1]["match"] is False
    assert out[2] == {
        "file_x": f"{rel}/two_people.jpg",
        "file_y": f"{rel}/obama.jpg",
        "error": "several_faces",
        "message": "There is more than one face in the photo.",
        "match": False,
    }
    assert (out[3]["error"], out[3]["reason"], out[3]["match"]) == (
        "low_quality",
        "face_not_in_frame",
        False,
    )
    assert set(out[3]) == {"file_x", "file_y", "error", "message", "reason", "match"}
    assert (out[4]["error"], out[4]["match"]) == ("unreadable", False)


def test_verify_face_bad_input(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    assert main(["verify-face", "--pairs", str(bad)]) == 1
    assert "file_x,file_y" in capsys.readouterr().err
    assert main(["verify-face"]) == 1
    assert "error:" in capsys.readouterr().err


@pytest.mark.parametrize(
    "clip,challenges,reason,reasons",
    [
        ("blinking_step_back.mp4", "blink", "ok", ["ok"]),
        (
            "blinking_step_back.mp4",
            "blink,turn_right",
            "action_not_seen",
            ["ok", "action_not_seen"],
        ),
        # live, but the face overflows the frame: no frame is good enough for the face check
        ("blinking_closeup.mp4", "blink", "too_close", ["ok"]),
    ],
)
def test_liveness_on_a_video(video_dir, capsys, clip, challenges, reason, reasons):
    argv = ["liveness", "--source", str(video_dir / clip), "--challenge", challenges, "--json"]
    assert main(argv) == (0 if reason == "ok" else 1)
    (out,) = _json_lines(capsys)
    assert set(out) == {"passed", "reason", "challenges", "frames", "fps"}
    assert out["passed"] is (reason == "ok") and out["reason"] == reason
    assert [c["reason"] for c in out["challenges"]] == reasons
    assert all(set(c) == {"name", "passed", "reason"} for c in out["challenges"])
    assert out["frames"] > 20 and out["fps"] > 0


def _photo_video(path, print_photo, seconds=2.0):
    """A printed photo held still, written as a small video file."""
    import attacks
    import cv2

    frames = attacks.still_clip(print_photo, seconds)
    small = [cv2.resize(f, (320, 240)) for f in frames]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), attacks.FPS, (320, 240))
    for f in small:
        writer.write(cv2.cvtColor(f, cv2.COLOR_RGB2BGR))
    writer.release()
    return path


def test_liveness_seeded_draw_and_errors(video_dir, tmp_path, print_photo, capsys):
    source = str(_photo_video(tmp_path / "photo.avi", print_photo))
    runs = []
    for _ in range(2):
        assert main(["liveness", "--source", source, "--seed", "3", "--count", "3", "--json"]) == 1
        runs.append({k: v for k, v in _json_lines(capsys)[0].items() if k != "fps"})
    assert runs[0] == runs[1] and len(runs[0]["challenges"]) == 3  # same draw, same verdict
    assert runs[0]["reason"] == "action_not_seen" and runs[0]["frames"] == 60
    assert main(["liveness", "--source", source, "--challenge", "wink"]) == 1
    assert "unknown challenge" in capsys.readouterr().err
    assert main(["liveness", "--source", str(video_dir / "nope.mp4")]) == 1
    assert "not found" in capsys.readouterr().err


def test_camera_test_reports_fps_and_quality(capsys, tmp_path, print_photo):
    """A video file stands in for the device (paced like a camera): fps and verdicts print."""
    device = _photo_video(tmp_path / "video0.avi", print_photo, seconds=1.5)
    code = main(["camera", "test", "--device", str(device), "--seconds", "1.0"])
    out = capsys.readouterr().out
    assert code == 0 and out.startswith("cameras:")
    assert "quality: face_too_small" in out  # the 320x240 test picture: the face is small
    assert "achieved:" in out and " fps" in out


def test_camera_test_with_a_missing_camera(capsys, tmp_path):
    code = main(["camera", "test", "--device", str(tmp_path / "video9"), "--seconds", "0.3"])
    out = capsys.readouterr().out
    assert code == 0 and "no frame (unavailable)" in out and "achieved: 0.0 fps" in out


def test_liveness_on_a_camera_that_gives_no_picture(capsys):
    assert main(["liveness", "--source", "/dev/video-missing", "--timeout", "1"]) == 1
    assert "gives no picture" in capsys.readouterr().err
