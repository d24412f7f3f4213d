"""UI event-loop latency during a face capture: plain script, prints figures.

    .venv/bin/python bench/bench_ui_latency.py [--testdata tests/data] [--runs 2]
        [--size 1080x1920] [--challenge blink] [--probe-ms 5]

The real kiosk window shows the face screen while the camera pipeline (Face Mesh, quality gate,
liveness, dlib encodings) runs on its CameraWorker thread on a video clip played at its own
speed (25 fps, like a camera). A QTimer on the UI thread fires every `probe-ms`; each firing
that comes later than scheduled is a stall of the event loop. The same probe runs first with
the screen idle (no camera) as the baseline. Target: no stall above 50 ms during capture.
The face models are loaded first (the app does it at start; --cold measures without).
Offscreen Qt (software painting) is used when no display is set.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from PySide6.QtCore import QElapsedTimer, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from figures import Figure  # noqa: E402


class FurtherAway:
    """The close-up clip with the face shrunk into a 1280x720 frame (a person at arm's length)."""

    def __init__(self, path: Path, scale: float = 0.45):
        from camera.sources import VideoFileSource

        self.source, self.scale = VideoFileSource(path), scale
        self.fps = self.source.fps

    def frames(self):
        from camera.sources import Frame

        for frame in self.source.frames():
            small = cv2.resize(
                frame.image, None, fx=self.scale, fy=self.scale, interpolation=cv2.INTER_AREA
            )
            out = np.full((720, 1280, 3), 120, np.uint8)
            y, x = (720 - small.shape[0]) // 2, (1280 - small.shape[1]) // 2
            out[y : y + small.shape[0], x : x + small.shape[1]] = small
            yield Frame(out, frame.timestamp, frame.index)

    def close(self):
        self.source.close()


class Probe:
    """Measures how late a periodic UI-thread timer fires."""

    def __init__(self, interval_ms: int, where=lambda: ""):
        self.interval = interval_ms
        self.where = where  # what the kiosk was doing (reported for stalls > 25 ms)
        self.events: list[tuple[float, float, str]] = []
        self.lates: list[float] = []
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self._last = None

    def start(self):
        self.lates.clear()
        self.events.clear()
        self._last = None
        self.clock.start()
        self.timer.start()

    def stop(self):
        self.timer.stop()

    def _tick(self):
        now = self.clock.nsecsElapsed() / 1e6
        if self._last is not None:
            late = max(0.0, now - self._last - self.interval)
            self.lates.append(late)
            if late > 25.0:
                self.events.append((now / 1000, late, self.where()))
        self._last = now


def stall_stats(name: str, lates: list[float], limit: float = 50.0) -> dict:
    ordered = sorted(lates) or [0.0]

    def pct(p):
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    out = {
        "name": name,
        "samples": len(lates),
        "mean": statistics.fmean(ordered),
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "max": ordered[-1],
        "over_limit": sum(1 for v in lates if v > limit),
    }
    print(
        f"{name:<34} samples {out['samples']:5d}  stall ms: mean {out['mean']:5.1f}  "
        f"p50 {out['p50']:5.1f}  p95 {out['p95']:5.1f}  p99 {out['p99']:5.1f}  "
        f"max {out['max']:6.1f}  >{limit:.0f} ms: {out['over_limit']}"
    )
    return out


def measure(
    clip: Path,
    runs: int = 2,
    size: tuple[int, int] = (1080, 1920),
    challenge: str = "blink",
    probe_ms: int = 5,
    baseline_s: float = 3.0,
    cold: bool = False,
    progress=lambda text: None,
) -> list[dict]:
    """Probe the event loop idle, during `runs` face captures, then idle again; the stall
    statistics of each (printed as they come)."""
    width, height = size
    from kiosk.config import load_config
    from kiosk.ports import VerificationResult
    from kiosk.session import Session, State
    from ui import theme
    from ui.controller import KioskController, Ports
    from ui.window import KioskWindow

    class Rules:  # one service, any form: enough to reach the face step
        def validate_form(self, *a, **k):
            return {}

        def required_documents(self, *a):
            return []

        def is_eligible(self, *a):
            return []

    class Verifier:
        def verify(self, nik, template, liveness):
            return VerificationResult("match", prefill={}, session_token="bench")

    app = QApplication.instance() or QApplication(sys.argv)
    theme.apply(app)
    env = {
        "MPP_KIOSK__LIVENESS__CHALLENGES": challenge,
        "MPP_KIOSK__LIVENESS__COUNT": str(len(challenge.split(","))),
    }
    config = load_config(None, None, environ=env)
    session = Session(Rules())
    controller = KioskController(
        session, Ports(verifier=Verifier()), config=config, camera_factory=lambda: FurtherAway(clip)
    )
    window = KioskWindow(controller)
    window.resize(width, height)
    window.show()
    probe = Probe(probe_ms, lambda: controller.session.state.value)

    def spin(seconds: float, until=None) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not (until and until()):
            app.processEvents()
            time.sleep(0.001)

    print(
        f"Qt platform: {app.platformName()}, window {width}x{height}, probe every "
        f"{probe_ms} ms, challenge {challenge}"
    )
    if not cold:
        from camera.face_process import warm_up

        progress("UI latency: loading the face models")
        started = time.monotonic()
        warm_up(background=False)  # what the app does when the kiosk starts
        print(f"face models loaded in their process in {time.monotonic() - started:.1f} s")
    spin(0.5)
    progress("UI latency: idle baseline")
    probe.start()
    spin(baseline_s)
    probe.stop()
    results = [stall_stats("idle (welcome screen)", probe.lates)]

    face = window.screen_for(State.FACE)
    for run in range(1, runs + 1):
        progress(f"UI latency: face capture {run} of {runs}")
        session.start()
        session.choose_language("id")
        session.enter_nik("3171234509900001")
        probe.start()
        started = time.monotonic()
        session.give_consent()
        worker = face.worker
        spin(60.0, until=lambda: session.state is not State.FACE)
        elapsed = time.monotonic() - started
        probe.stop()
        stats = stall_stats(f"capture {run} (camera + models)", probe.lates)
        stats["outcome"] = session.state.value
        results.append(stats)
        for at, late, state in probe.events:
            print(f"    stall {late:5.1f} ms at {at:5.2f} s ({state})")
        if worker is not None:
            per_frame = worker.process_ms or [0.0]
            print(
                f"    capture took {elapsed:.1f} s, {worker.frames} frames, pipeline "
                f"{statistics.fmean(per_frame):.1f} ms/frame (max {max(per_frame):.0f}), "
                f"{face.view.paints} preview paints so far, outcome: {session.state.value}"
            )
        spin(1.0)
        session.cancel() if session.state not in (State.WELCOME, State.ENDED) else None
        if session.state is State.ENDED:
            session.finish()
        spin(0.3)
    progress("UI latency: idle again")
    probe.start()  # idle again: shows how loaded the machine itself was meanwhile
    spin(baseline_s)
    probe.stop()
    results.append(stall_stats("idle again (after the captures)", probe.lates))
    window.close()
    return results


def figures(
    quick: bool = False, progress=lambda text: None, testdata: Path = ROOT / "tests" / "data"
) -> list[Figure]:
    """The longest event-loop stall of each face capture (their median, min and max)."""
    clip = testdata / "video" / "blinking_closeup.mp4"
    results = measure(
        clip, runs=1 if quick else 5, baseline_s=1.0 if quick else 3.0, progress=progress
    )
    captures = [r for r in results if r["name"].startswith("capture")]
    idle = [r for r in results if r["name"].startswith("idle")]
    worst = [r["max"] for r in captures]
    failed = [r["outcome"] for r in captures if r["outcome"] == "face"]
    if failed:
        raise RuntimeError("a face capture did not end within 60 s")
    p99 = statistics.median(r["p99"] for r in captures)
    idle_max = ", ".join(f"{r['max']:.1f}" for r in idle)
    return [
        Figure(
            name="UI stall during a face capture, longest",
            unit="ms",
            target="<= 50 ms",
            runs=worst,
            higher_is_better=False,
            met=statistics.median(worst) <= 50.0,
            note=(
                f"{len(captures)} capture(s), probe every 5 ms; p99 {p99:.1f} ms; the idle "
                f"screen's longest, before and after: "
                f"{idle_max} ms (the machine's own noise)"
            ),
        )
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--testdata", default=str(ROOT / "tests" / "data"))
    parser.add_argument("--runs", type=int, default=2, help="captures to measure (default 2)")
    parser.add_argument("--size", default="1080x1920", help="window size (default portrait)")
    parser.add_argument("--challenge", default="blink")
    parser.add_argument("--probe-ms", type=int, default=5)
    parser.add_argument("--baseline-s", type=float, default=3.0)
    parser.add_argument(
        "--cold",
        action="store_true",
        help="do not load the face models first (as the app does at start)",
    )
    args = parser.parse_args()

    clip = Path(args.testdata) / "video" / "blinking_closeup.mp4"
    if not clip.is_file():
        print(f"error: test clip not found: {clip} (use --testdata)", file=sys.stderr)
        return 1
    width, height = (int(v) for v in args.size.lower().split("x"))
    results = measure(
        clip,
        args.runs,
        (width, height),
        args.challenge,
        args.probe_ms,
        args.baseline_s,
        args.cold,
    )
    captures = [r for r in results if r["name"].startswith("capture")]
    worst = max(r["max"] for r in captures)
    verdict = "OK" if worst <= 50.0 else "TOO SLOW"
    print(f"worst stall during capture: {worst:.1f} ms (target <= 50 ms): {verdict}")
    return 0 if worst <= 50.0 else 1


if __name__ == "__main__":
    sys.exit(main())
