"""Liveness check: a neutral baseline, then the challenges in order, with the planar check.

Fed with (timestamp, faces) per frame; time windows run on frame timestamps, so a file gives
the same verdict on a loaded machine. Every challenge is judged (a failure does not stop the
sequence) so the result tells what happened to each; the check passes only if all pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from camera.challenges import CHALLENGES, Baseline, ChallengeSettings, ChallengeState
from camera.passive import PlanarMonitor, PlanarSettings
from kiosk.messages import codes, pair

POSE_CHALLENGES = ("turn_left", "turn_right", "look_up")

# reason -> (Indonesian, English) text, from the message catalog (assets/messages)
REASONS = {code: pair(f"liveness.{code}") for code in codes("liveness")}


def _spread(values) -> float:
    return max(values) - min(values)


@dataclass
class ChallengeOutcome:
    name: str
    passed: bool
    reason: str
    start: float
    end: float
    evidence: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "passed": self.passed,
            "reason": self.reason,
            "evidence": {"start": round(self.start, 3), "end": round(self.end, 3), **self.evidence},
        }


class LivenessCheck:
    def __init__(
        self,
        challenges: list[str],
        settings: ChallengeSettings | None = None,
        planar: PlanarSettings | None = None,
        baseline_s: float = 0.4,
        baseline_frames: int = 5,
        baseline_max_spread: float = 6.0,
    ):
        unknown = [c for c in challenges if c not in CHALLENGES]
        if unknown or not challenges:
            raise ValueError(f"unknown challenge(s) {unknown}; choose from {', '.join(CHALLENGES)}")
        self.names = list(challenges)
        self.settings = settings or ChallengeSettings()
        self.planar_settings = planar or PlanarSettings()
        self.baseline_s, self.baseline_frames = baseline_s, baseline_frames
        self.baseline_max_spread = baseline_max_spread  # degrees of yaw/pitch while neutral
        self.outcomes: list[ChallengeOutcome] = []
        self.frames = 0
        self.baseline: Baseline | None = None
        self.monitor: PlanarMonitor | None = None
        self._baseline_faces: list = []
        self._baseline_start: float | None = None
        self._current: ChallengeState | None = None
        self._reached = False
        self._last_t = 0.0
        self.flags: list[tuple[str, dict]] = []  # passive cues found outside this class
        self._crowded_frames = 0  # frames with several faces before the baseline was set

    @property
    def phase(self) -> str:
        if len(self.outcomes) == len(self.names):
            return "done"
        return "baseline" if self.baseline is None else "challenge"

    @property
    def current(self) -> str | None:
        return self._current.name if self._current else None

    @property
    def done(self) -> bool:
        return self.phase == "done"

    def feed(self, t: float, faces: list) -> None:
        if self.done:
            return
        self.frames += 1
        self._last_t = t
        if self.baseline is None:
            self._feed_baseline(t, faces)
            return
        state = self._current
        if len(faces) > 1:
            self._close(False, "several_faces", t, {"faces": len(faces)})
        elif len(faces) == 1:
            face = faces[0]
            self.monitor.add(t, face.landmarks)
            if state.feed(t, face):
                # A pose reached by a flat picture must not pass: a head-pose challenge
                # also needs the landmarks to show depth while the head moved.
                if state.name not in POSE_CHALLENGES or self.monitor.is_solid(state.start):
                    self._close(True, "ok", t)
                    return
                self._reached = True
        if self._current is state and t - state.start > self.settings.window_s:
            self._close(False, "planar_motion" if self._reached else "action_not_seen", t)

    def _feed_baseline(self, t: float, faces: list) -> None:
        if len(faces) != 1:  # start again: the neutral pose needs one steady face
            self._crowded_frames += len(faces) > 1
            self._baseline_faces, self._baseline_start = [], None
            return
        self._baseline_faces.append((t, faces[0]))
        # The neutral pose must be steady: drop the oldest frames while the head moves.
        while len(self._baseline_faces) > 1 and (
            _spread([f.yaw for _, f in self._baseline_faces]) > self.baseline_max_spread
            or _spread([f.pitch for _, f in self._baseline_faces]) > self.baseline_max_spread
        ):
            self._baseline_faces.pop(0)
        self._baseline_start = self._baseline_faces[0][0]
        if (
            t - self._baseline_start >= self.baseline_s
            and len(self._baseline_faces) >= self.baseline_frames
        ):
            self.baseline = Baseline.from_faces([f for _, f in self._baseline_faces])
            ref = self._baseline_faces[-1][1]
            self.monitor = PlanarMonitor(ref.landmarks, ref.eye_distance, self.planar_settings)
            self._start_next(t)

    def _start_next(self, t: float) -> None:
        i = len(self.outcomes)
        self._reached = False
        self._current = (
            ChallengeState(self.names[i], self.baseline, self.settings, t)
            if i < len(self.names)
            else None
        )

    def _close(self, passed: bool, reason: str, t: float, extra: dict | None = None) -> None:
        state = self._current
        evidence = dict(state.evidence, **(extra or {}))
        self.outcomes.append(ChallengeOutcome(state.name, passed, reason, state.start, t, evidence))
        self._start_next(t)

    def flag(self, reason: str, evidence: dict) -> None:
        """A passive cue (e.g. a screen border) rejects every challenge of this check."""
        if reason not in REASONS:
            raise ValueError(f"unknown reason {reason!r}")
        self.flags.append((reason, evidence))

    def result(self) -> dict:
        """Final verdict; challenges not finished when the frames ran out fail."""
        outcomes = list(self.outcomes)
        t = self._last_t
        first = len(outcomes)
        for i in range(first, len(self.names)):
            if i == first and self._current is not None:
                st = self._current
                outcomes.append(
                    ChallengeOutcome(
                        st.name,
                        False,
                        "action_not_seen",
                        st.start,
                        t,
                        dict(st.evidence, stream_ended=True),
                    )
                )
            else:
                reason = "action_not_seen"
                if self.baseline is None:
                    reason = "several_faces" if self._crowded_frames else "no_face"
                outcomes.append(
                    ChallengeOutcome(self.names[i], False, reason, t, t, {"not_started": True})
                )
        for o in outcomes:  # planar motion anywhere in a window rejects it, even if reached
            if self.monitor is None:
                continue
            planar, solid = self.monitor.between(o.start, o.end)
            o.evidence.update(planar_frames=len(planar), solid_frames=len(solid))
            if planar:
                o.evidence["planar_examples"] = planar[:3]
            if self.monitor.is_planar(o.start, o.end) and o.reason in ("ok", "action_not_seen"):
                o.passed, o.reason = False, "planar_motion"
        for reason, evidence in self.flags[:1]:
            for o in outcomes:
                if o.reason in ("ok", "action_not_seen"):
                    o.passed, o.reason = False, reason
                o.evidence[reason] = evidence
        passed = bool(outcomes) and all(o.passed for o in outcomes)
        reason = "ok" if passed else next(o.reason for o in outcomes if not o.passed)
        if not passed and self.monitor is not None and self.monitor.is_planar():
            reason = "planar_motion"
        if self.flags:
            reason = self.flags[0][0]
        return {
            "passed": passed,
            "reason": reason,
            "reason_text": dict(zip(("id", "en"), REASONS[reason], strict=True)),
            "challenges": [o.as_dict() for o in outcomes],
            "frames": self.frames,
            "baseline": None
            if self.baseline is None
            else {
                "ear": round(self.baseline.ear, 3),
                "yaw": round(self.baseline.yaw, 1),
                "pitch": round(self.baseline.pitch, 1),
            },
        }
