"""One citizen's face capture: tracking, guidance, liveness and the live template.

The UI feeds frames to FaceCapture.process() and shows the returned Guidance (the first
quality instruction, the current challenge, progress). Good frames are encoded on a worker
thread while the challenges run, so the template is ready right after the last challenge.
FaceCapture.finish() gives a CaptureOutcome: either what the citizen session gets
(`for_session()`) or the session's failure code (`failure_reason()`).

A capture is built from the configuration in one place: FaceCaptureSettings.from_config()
(or capture_from_config(), which also makes the FaceCapture).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from camera.challenges import PROMPTS, ChallengeSettings, choose_challenges
from camera.liveness import LivenessCheck
from camera.moire import MoireMonitor, MoireSettings
from camera.passive import PlanarSettings
from camera.quality import QualityThresholds, check_face, instruction
from camera.screen import ScreenMonitor, ScreenSettings
from camera.sources import Frame
from camera.tracker import FaceTracker
from kiosk.config import DEFAULTS
from kiosk.ports import FaceCaptureResult


@dataclass
class Guidance:
    timestamp: float
    faces: int
    instruction: dict | None  # {"code", "id", "en"}: what the citizen should fix, if anything
    quality_ok: bool
    challenge: dict | None  # {"name", "id", "en"} while a challenge runs
    progress: tuple[int, int]  # challenges finished, total
    done: bool
    box: tuple[float, float, float, float] | None = None


# Liveness reasons (camera.liveness.REASONS) that are not a failed liveness check for the
# citizen session, but another kiosk.ports.FACE_FAILURE_REASONS code.
_SESSION_CODES = {"no_face": "no_face", "several_faces": "multiple_faces"}


@dataclass
class CaptureOutcome:
    """The end of one face capture: the liveness verdict, the live template (None when
    liveness failed or no frame passed the quality gate) and the quality figures."""

    liveness: dict
    template: list[float] | None
    quality: dict = field(default_factory=dict)
    template_wait_s: float = 0.0  # from finish() being called to the template being ready

    @property
    def passed(self) -> bool:
        return bool(self.liveness.get("passed"))

    def failure_reason(self) -> str | None:
        """The citizen session's failure code (kiosk.ports.FACE_FAILURE_REASONS), or None when
        the capture is usable (live, with a template)."""
        if self.passed and self.template is not None:
            return None
        reason = self.liveness.get("reason")
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
        max_encodings: int = 3,
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
        self._worker = ThreadPoolExecutor(1, "face-encode") if make_template else None
        self._jobs: list[tuple[float, Future]] = []
        self._best_score = -1.0
        self._candidate: tuple[float, np.ndarray, tuple] | None = None
        self.max_encodings = max_encodings
        self.quality_frames = 0
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
        report = check_face(
            frame.image, face, self.thresholds, len(faces), baseline.ear if baseline else None
        )
        if report.ok:
            self.quality_frames += 1
            self._offer(frame.image, face, report.figures)
        current = self.liveness.current
        return Guidance(
            timestamp=frame.timestamp,
            faces=len(faces),
            instruction=instruction(report.problems[0]) if report.problems else None,
            quality_ok=report.ok,
            challenge=(
                {"name": current, "id": PROMPTS[current][0], "en": PROMPTS[current][1]}
                if current
                else None
            ),
            progress=(len(self.liveness.outcomes), len(self.challenges)),
            done=self.liveness.done,
            box=faces[0].box if faces else None,
        )

    def _offer(self, image: np.ndarray, face, figures: dict) -> None:
        """Keep the best frame; hand it to the worker when it is idle and clearly better."""
        if self._worker is None:
            return
        t = self.thresholds
        frontal = 1.0 - (abs(face.yaw) / t.max_yaw_deg + abs(face.pitch) / t.max_pitch_deg) / 4
        score = figures.get("sharpness", 0.0) * frontal * min(1.0, face.eye_distance / 120.0)
        if score <= self._best_score * 1.1:
            return
        self._best_score = score
        self._best_figures = {k: round(float(v), 3) for k, v in figures.items()}
        self._candidate = (score, image, face.box)
        busy = any(not job.done() for _, job in self._jobs)
        if not busy and len(self._jobs) < self.max_encodings:
            self._submit()

    def _submit(self) -> None:
        from camera.templates import FaceBox, encode_face

        score, image, box = self._candidate
        self._candidate = None
        self._jobs.append((score, self._worker.submit(encode_face, image, FaceBox(*box))))

    def finish(self, timeout: float = 5.0) -> CaptureOutcome:
        """Stop and return liveness, the live template (mean of the encoded best frames, or
        None when no frame passed the quality gate) and quality figures."""
        started = time.perf_counter()
        # A screen held up: its border riding with the face, or its pixel grid on the face.
        screen = self.screen.verdict()
        screen = {"cue": "border", **screen} if screen is not None else self.moire.verdict()
        if screen is not None:
            self.liveness.flag("screen_detected", screen)
        liveness = self.liveness.result()
        template = None
        if self._worker is not None and liveness["passed"]:
            if not self._jobs and self._candidate is not None:
                self._submit()
            # Frames already encoded are enough: do not wait for one still on the worker
            # (one encode takes ~0.1-0.2 s). Only wait when nothing is ready yet.
            jobs = [job for _, job in sorted(self._jobs, key=lambda j: -j[0])]
            ready = [job for job in jobs if job.done()] or jobs
            encodings = []
            for job in ready:
                try:
                    encodings.append(job.result(timeout=timeout))
                except Exception:  # a frame dlib could not encode; others may do
                    continue
            if encodings:
                template = [float(v) for v in np.mean(encodings, axis=0)]
        wait = time.perf_counter() - started
        self.close()
        return CaptureOutcome(
            liveness=liveness,
            template=template,
            quality={
                "frames": self.frames,
                "quality_frames": self.quality_frames,
                "encoded_frames": len(self._jobs),
                "best_score": round(self._best_score, 1),
                "best_frame": self._best_figures,
            },
            template_wait_s=wait,
        )

    def close(self) -> None:
        if self._worker is not None:
            self._worker.shutdown(wait=False, cancel_futures=True)
        if self._own_tracker:
            self.tracker.close()
            self._own_tracker = False
