"""Camera pipeline benchmark: plain script, prints figures (run on an idle machine).

    .venv/bin/python bench/bench_camera.py [--cores 1] [--testdata tests/data]

1. Frames per second of the face process's pipeline (Face Mesh + quality gate + liveness +
   the passive screen and pixel-grid cues) at 640x480 and 1280x720, next to Face Mesh alone on
   the same decoded frames in the same run (decoding is the camera thread's work, in the UI
   process; its cost per frame is printed apart), the best of --repeats runs of each.
   Targets: >= 30 fps at 640x480, the pipeline >= 0.8x Face Mesh alone at both sizes.
2. Time from the last challenge to a ready probe (the mean of the templates of the k sharpest
   frontal frames, encoded on a worker thread during the challenges), with the clip played
   at its own frame rate as a camera gives it and as fast as it goes, next to
   face_recognition's default path (HOG detection + encode) on the same frames. Target: the
   probe ready <= 150 ms after liveness ends.

"per CPU-second" divides by the process's CPU time: on a machine shared with other work
(where wall-clock fps only shows the share this process got) it tells what one idle core
would do.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from camera.capture import PROBE_FRAMES, FaceCapture  # noqa: E402
from camera.sources import VideoFileSource  # noqa: E402
from camera.tracker import FaceTracker  # noqa: E402


def _resized_clip(src: Path, size: tuple[int, int], out: Path, scale: float = 1.0) -> Path:
    """Re-encode the clip at `size` (the face shrunk by `scale` and centred)."""
    cap = cv2.VideoCapture(str(src))
    fps = cap.get(cv2.CAP_PROP_FPS) or 25.0
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter_fourcc(*"mp4v"), fps, size)
    while True:
        ok, bgr = cap.read()
        if not ok:
            break
        w, h = size
        if scale == 1.0:
            writer.write(cv2.resize(bgr, size, interpolation=cv2.INTER_AREA))
            continue
        small = cv2.resize(bgr, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA)
        canvas = np.full((h, w, 3), 120, np.uint8)
        y, x = (h - small.shape[0]) // 2, (w - small.shape[1]) // 2
        canvas[y : y + small.shape[0], x : x + small.shape[1]] = small
        writer.write(canvas)
    writer.release()
    return out


def decoded(path: Path) -> tuple[list, float]:
    """Every frame of the clip, and the decoding time per frame (ms)."""
    start = time.perf_counter()
    with VideoFileSource(path) as source:
        frames = list(source.frames())
    return frames, (time.perf_counter() - start) * 1000 / len(frames)


def mesh_alone(frames: list) -> tuple[float, float]:
    images = [f.image for f in frames]
    with FaceTracker() as tracker:
        tracker.process(images[0])
        start, cpu = time.perf_counter(), time.process_time()
        for image in images:
            tracker.process(image)
        n = len(images)
        return n / (time.perf_counter() - start), n / (time.process_time() - cpu)


def whole_pipeline(frames: list) -> tuple[float, float, int]:
    # Long windows so every frame goes through the liveness code, none ends the run early.
    from camera.challenges import ChallengeSettings

    session = FaceCapture(
        challenges=["turn_left"],
        make_template=False,
        challenge_settings=ChallengeSettings(window_s=60),
    )
    session.process(frames[0])  # the graph starts, as for Face Mesh alone
    start, cpu = time.perf_counter(), time.process_time()
    for frame in frames:
        session.process(frame)
    n = len(frames)
    elapsed, cpu_used = time.perf_counter() - start, time.process_time() - cpu
    session.finish()
    return n / elapsed, n / cpu_used, n


def template_latency(path: Path, runs: int, paced: bool) -> dict:
    """Liveness (one blink) with the probe worker; the wait after the last challenge. paced:
    frames come at the clip's own rate, as from a camera (else as fast as they are taken)."""
    waits, fps, probes = [], [], []
    last_frames: list[np.ndarray] = []
    for _ in range(runs):
        session = FaceCapture(challenges=["blink"])
        start, n = time.perf_counter(), 0
        with VideoFileSource(path) as source:
            for frame in source.frames():
                if paced:
                    time.sleep(max(0.0, frame.timestamp - (time.perf_counter() - start)))
                n += 1
                if session.process(frame).done:
                    last_frames = [frame.image]
                    break
        fps.append(n / (time.perf_counter() - start))
        result = session.finish()
        assert result.template is not None, "no template: the bench clip failed the gate"
        waits.append(result.template_wait_s * 1000)
        probes.append(result.quality["probe_frames"])
    return {
        "waits_ms": waits,
        "fps": statistics.median(fps),
        "frame": last_frames[0],
        "probe_frames": min(probes),
    }


def default_face_recognition(image: np.ndarray, runs: int = 3) -> tuple[float, float]:
    import face_recognition

    from camera.photo import detect_photo_faces
    from camera.templates import FaceBox, encode_face

    hog, ours, encode_only = [], [], []
    for _ in range(runs):
        t = time.perf_counter()
        locations = face_recognition.face_locations(image, model="hog")
        face_recognition.face_encodings(image, locations, model="small")
        hog.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        face = detect_photo_faces(image)[0]
        ours.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        encode_face(image, FaceBox(*face.box))
        encode_only.append((time.perf_counter() - t) * 1000)
        ours[-1] += encode_only[-1]
    return statistics.median(hog), statistics.median(ours), statistics.median(encode_only)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cores", type=int, default=1, help="CPU cores to use (default 1)")
    parser.add_argument("--testdata", default=str(ROOT / "tests" / "data"))
    parser.add_argument("--runs", type=int, default=3, help="probe latency runs")
    parser.add_argument(
        "--repeats", type=int, default=5, help="fps runs of each, the best counts (default 5)"
    )
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, set(sorted(os.sched_getaffinity(0))[: args.cores]))
    clip = Path(args.testdata) / "video" / "blinking_closeup.mp4"
    print(f"cores: {len(os.sched_getaffinity(0))}  clip: {clip.name}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in ((640, 480), (1280, 720)):
            path = _resized_clip(clip, size, Path(tmp) / f"clip{size[0]}.mp4", scale=0.6)
            frames, decode_ms = decoded(path)
            # Best of `repeats`, the two taken in turn: other work on the machine only ever
            # slows a run down, so the fastest run of each is the nearest to its own cost.
            meshes, wholes = [], []
            for _ in range(args.repeats):
                meshes.append(mesh_alone(frames))
                wholes.append(whole_pipeline(frames))
            mesh, mesh_cpu = max(m[0] for m in meshes), max(m[1] for m in meshes)
            whole, whole_cpu, n = max(w[0] for w in wholes), max(w[1] for w in wholes), len(frames)
            del frames
            print(
                f"{size[0]}x{size[1]}: whole pipeline {whole:6.1f} fps ({whole_cpu:6.1f} per "
                f"CPU-second)   Face Mesh alone {mesh:6.1f} fps ({mesh_cpu:6.1f} per "
                f"CPU-second)   ratio {whole / mesh:.2f} ({whole_cpu / mesh_cpu:.2f} per "
                f"CPU-second)   {n} frames; decoding {decode_ms:.1f} ms per frame"
            )
        step_back = Path(args.testdata) / "video" / "blinking_step_back.mp4"
        for paced in (True, False):
            lat = template_latency(step_back, args.runs, paced)
            waits = lat["waits_ms"]
            pace = "frames at the clip's rate" if paced else "frames unpaced"
            print(
                f"probe ready after the last challenge ({pace}, "
                f"{step_back.name}): median {statistics.median(waits):.1f} ms, max "
                f"{max(waits):.1f} ms over {len(waits)} runs; at least {lat['probe_frames']} "
                f"of {PROBE_FRAMES} templates averaged (pipeline {lat['fps']:.1f} fps while "
                "encoding)"
            )
        hog, ours, encode = default_face_recognition(lat["frame"])
        print(
            f"same 1280x720 frame, one template: face_recognition default (HOG + encode) "
            f"{hog:.0f} ms; mediapipe full-range box + encode {ours:.0f} ms; the encode alone "
            f"(the longest wait, if the worker had just started one) {encode:.0f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
