"""One citizen's face capture: tracking, guidance, liveness and the live template.

The UI feeds frames to FaceCapture.process() and shows the returned Guidance (one quality
instruction at a time, the current challenge, progress). The sharpest frontal frames are
encoded on a worker thread while the challenges run, so the live probe (the mean of their
templates) is ready right after the last challenge. FaceCapture.finish() gives a
CaptureOutcome: its `verdict()` (passed and one reason: the liveness reason, or the quality
problem that kept every frame out of the template) is what the face screen, `kiosk liveness`
and `kiosk camera test` all report; `for_session()` is what the citizen session gets, or
`failure_reason()` the session's failure code.

A capture is built from the configuration in one place: FaceCaptureSettings.from_config()
(or capture_from_config(), which also makes the FaceCapture).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from camera.challenges import PROMPTS, ChallengeSettings, choose_challenges
from camera.liveness import LivenessCheck
from camera.moire import MoireMonitor, MoireSettings
from camera.passive import PlanarSettings
from camera.quality import (
    IMAGE_FIGURES,
    INSTRUCTIONS,
    QualityThresholds,
    check_face,
    instruction,
)
from camera.screen import ScreenMonitor, ScreenSettings
from camera.sources import Frame
from camera.tracker import FaceTracker
from kiosk.config import DEFAULTS
from kiosk.ports import FaceCaptureResult


@dataclass
class Guidance:
    timestamp: float
    faces: int
    # {"code", "id", "en"}: the one thing the citizen should fix now, if anything (a problem
    # the current challenge causes itself, closed eyes in a blink, is not one)
    instruction: dict | None
    quality_ok: bool  # the frame passed the whole quality gate
    problems: list[str]  # every quality problem of the frame (camera.quality codes)
    challenge: dict | None  # {"name", "id", "en"} while a challenge runs
    progress: tuple[int, int]  # challenges finished, total
    done: bool
    box: tuple[float, float, float, float] | None = None


# Liveness reasons (camera.liveness.REASONS) and quality codes (camera.quality.INSTRUCTIONS)
# that are not a failed liveness check for the citizen session, but another
# kiosk.ports.FACE_FAILURE_REASONS code; other quality codes are "poor_quality".
_SESSION_CODES = {"no_face": "no_face", "several_faces": "multiple_faces"}

# Quality problems a challenge causes itself: not something for the citizen to fix meanwhile.
_CHALLENGE_EFFECTS = {
    "blink": {"eyes_closed"},
    "turn_left": {"pose"},
    "turn_right": {"pose"},
    "look_up": {"pose"},
}

PROBE_FRAMES = 3  # the live probe: the mean of the templates of this many sharpest frames
# Sharpness and exposure are measured on every n-th frame and carried over to the frames
# between (light and focus hardly change in 0.1 s); the crop and its area resize cost a fifth
# of Face Mesh at 1280x720 (bench/bench_camera.py). Only measured frames become probe frames.
IMAGE_EVERY = 4
# Frames for the probe are frontal: head pose within this share of the quality gate's limits.
_FRONTAL_SHARE = 0.5


@dataclass
class CaptureOutcome:
    """The end of one face capture: the liveness verdict, the live template (None when
    liveness failed or no frame passed the quality gate) and the quality figures."""

    liveness: dict
    template: list[float] | None
    quality: dict = field(default_factory=dict)
    template_wait_s: float = 0.0  # from finish() being called to the template being ready
    template_asked: bool = True  # False: made with make_template=False (no probe wanted)

    @property
    def passed(self) -> bool:
        """The liveness check passed (the face verdict also needs a good frame: verdict())."""
        return bool(self.liveness.get("passed"))

    def verdict(self) -> dict:
        """The one face verdict: {"passed", "reason"}. reason: "ok"; the liveness reason
        (camera.liveness.REASONS) when liveness failed; otherwise the quality problem
        (camera.quality.INSTRUCTIONS) that kept every frame out of the template, e.g.
        "too_close"; "poor_quality" when good frames were seen but none could be encoded."""
        if not self.passed:
            return {"passed": False, "reason": self.liveness.get("reason", "no_face")}
        problem = self.quality.get("problem", "ok")
        if problem != "ok":
            return {"passed": False, "reason": problem}
        if self.template_asked and self.template is None:
            return {"passed": False, "reason": "poor_quality"}
        return {"passed": True, "reason": "ok"}

    @property
    def problem(self) -> str | None:
        """The quality code (camera.quality.INSTRUCTIONS) that names what the citizen should
        fix when the capture failed on quality, else None."""
        reason = self.verdict()["reason"]
        return reason if self.passed and reason in INSTRUCTIONS else None

    def failure_reason(self) -> str | None:
        """The citizen session's failure code (kiosk.ports.FACE_FAILURE_REASONS), or None when
        the capture is usable (live, with a template)."""
        verdict = self.verdict()
        if verdict["passed"]:
            return None
        reason = verdict["reason"]
        if reason in _SESSION_CODES:
            return _SESSION_CODES[reason]
        if not self.passed:
            return "liveness_failed"
        return "poor_quality"  # live, but no frame was good enough for a template

    def for_session(self) -> FaceCaptureResult:
        """What the citizen session gets from a usable capture: a copy of the template, the
        liveness summary (passed; method: the challenges performed, in order) and quality: the
        share of the frames seen that passed the quality gate."""
        reason = self.failure_reason()
        if reason is not None:
            raise ValueError(f"the capture is not usable ({reason})")
        names = [c.get("name", "") for c in self.liveness.get("challenges", [])]
        frames = int(self.quality.get("frames", 0))
        good = int(self.quality.get("quality_frames", 0))
        return FaceCaptureResult(
            template=list(self.template),
            liveness={"passed": self.passed, "method": "+".join(n for n in names if n)},
            quality=round(good / frames, 3) if frames else 0.0,
        )


@dataclass(frozen=True)
class FaceCaptureSettings:
    """The configured face capture: [liveness] (the challenge list, how many per capture, the
    time for each) and [camera.quality] (the quality gate)."""

    challenges: tuple[str, ...] = tuple(DEFAULTS["liveness.challenges"])
    count: int = DEFAULTS["liveness.count"]
    window_s: float = float(DEFAULTS["liveness.window_s"])
    thresholds: QualityThresholds = field(default_factory=QualityThresholds)

    @classmethod
    def from_config(cls, config: Any = None) -> FaceCaptureSettings:
        """From a kiosk.config.Config (None: the defaults). A [camera.quality] value that
        makes no sense raises ValueError."""
        if config is None:
            return cls()
        return cls(
            challenges=tuple(config["liveness.challenges"]),
            count=int(config["liveness.count"]),
            window_s=float(config["liveness.window_s"]),
            thresholds=QualityThresholds.from_dict(config.section("camera.quality")),
        )

    def capture_options(
        self,
        challenges: Iterable[str] | None = None,
        count: int | None = None,
        seed: int | None = None,
    ) -> dict:
        """FaceCapture keyword arguments for one capture: the challenges given, or chosen from
        the configured ones (camera.challenges.choose_challenges). Plain values, so they can
        be sent to the face process (camera/face_process.py)."""
        return {
            "challenges": list(challenges)
            if challenges
            else choose_challenges(self.challenges, self.count if count is None else count, seed),
            "thresholds": self.thresholds,
            "challenge_settings": ChallengeSettings(window_s=self.window_s),
        }


def capture_from_config(
    config: Any = None,
    challenges: Iterable[str] | None = None,
    count: int | None = None,
    seed: int | None = None,
    **kwargs,
) -> FaceCapture:
    """A FaceCapture as configured; `kwargs` go to FaceCapture (e.g. make_template=False)."""
    options = FaceCaptureSettings.from_config(config).capture_options(challenges, count, seed)
    return FaceCapture(**options, **kwargs)


class FaceCapture:
    def __init__(
        self,
        challenges: list[str] | None = None,
        count: int = DEFAULTS["liveness.count"],
        seed: int | None = None,
        pool: list[str] | None = None,
        thresholds: QualityThresholds | None = None,
        challenge_settings: ChallengeSettings | None = None,
        planar_settings: PlanarSettings | None = None,
        make_template: bool = True,
        probe_frames: int = PROBE_FRAMES,
        max_encodings: int = 2 * PROBE_FRAMES,
        screen_settings: ScreenSettings | None = None,
        moire_settings: MoireSettings | None = None,
        tracker: FaceTracker | None = None,
        liveness: LivenessCheck | None = None,
    ):
        """challenges: the ones to run, in order; otherwise chosen from `pool` (default: the
        configured default list) as camera.challenges.choose_challenges does. To build one
        from the configuration use capture_from_config(). `liveness`: a check built
        elsewhere (its own challenges and baseline), e.g. relaxed for film footage."""
        if liveness is not None:
            challenges = liveness.names
        self.challenges = (
            list(challenges)
            if challenges
            else choose_challenges(pool or DEFAULTS["liveness.challenges"], count, seed)
        )
        self.thresholds = thresholds or QualityThresholds()
        self.liveness = liveness or LivenessCheck(
            self.challenges, challenge_settings, planar_settings
        )
        self.tracker = tracker or FaceTracker()
        self._own_tracker = tracker is None
        self.make_template = make_template
        self._worker = ThreadPoolExecutor(1, "face-encode") if make_template else None
        # The k sharpest frontal frames so far: (sharpness, frame number, image, box).
        self._candidates: list[tuple[float, int, np.ndarray, tuple]] = []
        self._jobs: dict[int, tuple[float, Future]] = {}  # frame number -> (sharpness, encode)
        self._running: Future | None = None
        self._probe_size = 0
        self.probe_frames = max(1, probe_frames)
        self.max_encodings = max(self.probe_frames, max_encodings)
        self.quality_frames = 0
        self._problems: Counter[str] = Counter()  # first quality problem of each frame
        self._image_fig: dict | None = None  # the last sharpness/exposure measured
        self._best_figures: dict = {}
        self.screen = ScreenMonitor(screen_settings or ScreenSettings())
        self.moire = MoireMonitor(moire_settings or MoireSettings())
        self.frames = 0

    def process(self, frame: Frame) -> Guidance:
        faces = self.tracker.process(frame.image)
        self.frames += 1
        self.liveness.feed(frame.timestamp, faces)
        face = faces[0] if len(faces) == 1 else None
        if face is not None:
            self.moire.add(frame.timestamp, frame.image, face)
            if self.liveness.phase == "challenge":
                self.screen.add(frame.timestamp, frame.image, face)
        baseline = self.liveness.baseline
        # Measured afresh on every n-th frame, and on each frame until one is kept for the
        # probe, so the worker starts its first encode at once.
        fresh = (
            face is None
            or self._image_fig is None
            or self.frames % IMAGE_EVERY == 0
            or (self._worker is not None and not self._candidates)
        )
        report = check_face(
            frame.image,
            face,
            self.thresholds,
            len(faces),
            baseline.ear if baseline else None,
            None if fresh else self._image_fig,
        )
        figures = report.figures
        self._image_fig = (
            None if face is None else {k: figures[k] for k in IMAGE_FIGURES if k in figures}
        )
        current = self.liveness.current
        if report.ok:
            self.quality_frames += 1
            if fresh:
                self._offer(frame.image, face, report.figures)
        else:
            self._problems[report.problems[0]] += 1
        self._feed_worker()
        expected = _CHALLENGE_EFFECTS.get(current, set())
        fix = next((p for p in report.problems if p not in expected), None)
        return Guidance(
            timestamp=frame.timestamp,
            faces=len(faces),
            instruction=instruction(fix) if fix else None,
            quality_ok=report.ok,
            problems=list(report.problems),
            challenge=(
                {"name": current, "id": PROMPTS[current][0], "en": PROMPTS[current][1]}
                if current
                else None
            ),
            progress=(len(self.liveness.outcomes), len(self.challenges)),
            done=self.liveness.done,
            box=faces[0].box if faces else None,
        )

    def quality_verdict(self) -> str:
        """ "ok" once a frame passed the quality gate; otherwise the problem seen most often
        (the first one of each frame), "no_face" when no frame came at all."""
        if self.quality_frames:
            return "ok"
        if not self._problems:
            return "no_face"
        return self._problems.most_common(1)[0][0]

    def _offer(self, image: np.ndarray, face, figures: dict) -> None:
        """Keep the frame when it is frontal and among the k sharpest so far."""
        if self._worker is None:
            return
        t = self.thresholds
        if (
            abs(face.yaw) > _FRONTAL_SHARE * t.max_yaw_deg
            or abs(face.pitch) > _FRONTAL_SHARE * t.max_pitch_deg
        ):
            return
        sharpness = float(figures.get("sharpness", 0.0))
        if len(self._candidates) >= self.probe_frames and sharpness <= self._candidates[-1][0]:
            return
        if not self._candidates or sharpness > self._candidates[0][0]:
            self._best_figures = {k: round(float(v), 3) for k, v in figures.items()}
        self._candidates.append((sharpness, self.frames, image, face.box))
        self._candidates.sort(key=lambda c: -c[0])
        del self._candidates[self.probe_frames :]

    def _feed_worker(self) -> None:
        """When the worker is idle, hand it the sharpest kept frame not encoded yet."""
        if self._worker is None or len(self._jobs) >= self.max_encodings:
            return
        if self._running is not None and not self._running.done():
            return
        waiting = [c for c in self._candidates if c[1] not in self._jobs]
        if waiting:
            self._submit(waiting[0])

    def _submit(self, candidate) -> Future:
        from camera.templates import FaceBox, encode_face

        sharpness, number, image, box = candidate
        self._running = self._worker.submit(encode_face, image, FaceBox(*box))
        self._jobs[number] = (sharpness, self._running)
        return self._running

    def _probe(self, timeout: float) -> list[float] | None:
        """The mean of the templates of the k sharpest encoded frames. Frames already encoded
        are enough: one still on the worker is not waited for (an encode takes ~0.1-0.2 s),
        unless nothing is ready yet."""
        if not self._jobs and self._candidates:
            self._submit(self._candidates[0])
        jobs = sorted(self._jobs.values(), key=lambda j: -j[0])
        ready = [job for _, job in jobs if job.done()] or [job for _, job in jobs]
        encodings = []
        for job in ready:
            try:
                encodings.append(job.result(timeout=timeout))
            except Exception:  # a frame dlib could not encode; others may do
                continue
            if len(encodings) == self.probe_frames:
                break
        self._probe_size = len(encodings)
        if not encodings:
            return None
        return [float(v) for v in np.mean(encodings, axis=0)]

    def finish(self, timeout: float = 5.0) -> CaptureOutcome:
        """Stop and return liveness, the live template (the probe: mean of the templates of
        the k sharpest frontal frames; None when liveness failed or no frame passed the
        quality gate) and quality figures ("problem": quality_verdict())."""
        started = time.perf_counter()
        # A screen held up: its border riding with the face, or its pixel grid on the face.
        screen = self.screen.verdict()
        screen = {"cue": "border", **screen} if screen is not None else self.moire.verdict()
        if screen is not None:
            self.liveness.flag("screen_detected", screen)
        liveness = self.liveness.result()
        template = None
        if self._worker is not None and liveness["passed"]:
            template = self._probe(timeout)
        wait = time.perf_counter() - started
        encoded = len(self._jobs)
        self.close()
        return CaptureOutcome(
            liveness=liveness,
            template=template,
            quality={
                "frames": self.frames,
                "quality_frames": self.quality_frames,
                "encoded_frames": encoded,
                "probe_frames": self._probe_size,  # templates averaged into the probe
                "problem": self.quality_verdict(),
                "best_frame": self._best_figures,
            },
            template_wait_s=wait,
            template_asked=self.make_template,
        )

    def close(self) -> None:
        if self._worker is not None:
            self._worker.shutdown(wait=False, cancel_futures=True)
        self._candidates.clear()  # the frames kept for the probe are the citizen's face
        if self._own_tracker:
            self.tracker.close()
            self._own_tracker = False
