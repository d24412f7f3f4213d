"""Active liveness challenges judged on tracked landmarks against the person's own baseline.

Left and right are the citizen's own (camera.pose: yaw > 0 is a turn to their left).
A blink is open -> closed -> open relative to the person's open-eye aspect ratio, because a
fixed 0.21 threshold misreads some open eyes. Turns and looking up are pose changes from
the person's own neutral pose; a smile widens the mouth relative to the eye distance.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from kiosk.config import DEFAULTS
from kiosk.messages import codes, pair

log = logging.getLogger(__name__)

CHALLENGES = ("blink", "turn_left", "turn_right", "look_up", "smile")  # what this code can judge

# name -> (Indonesian, English) prompt for the citizen.
PROMPTS = {name: pair(f"camera.challenge.{name}") for name in codes("camera.challenge")}


def parse_challenges(text: str) -> list[str]:
    """A comma-separated list typed by a technician ("blink, turn_left"); ValueError names the
    unknown ones."""
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name not in CHALLENGES]
    if unknown or not names:
        raise ValueError(
            f"unknown challenge {', '.join(unknown) or '(none)'}; "
            f"use a comma-separated list of {', '.join(CHALLENGES)}"
        )
    return names


def draw_challenges(
    count: int, pool: Iterable[str] = CHALLENGES, seed: int | None = None
) -> list[str]:
    """`count` of `pool` in random order, without repeats; secrets-grade randomness unless a
    seed is given."""
    rng = random.Random(seed) if seed is not None else random.SystemRandom()
    pool = list(pool)
    return rng.sample(pool, min(max(1, count), len(pool)))


def choose_challenges(
    configured: Iterable[str] | None, count: int, seed: int | None = None
) -> list[str]:
    """The challenges of one capture, from the configured list (liveness.challenges) and
    count (liveness.count).

    When the count covers the whole list, the list is used as it stands, in its order (fixed
    challenges, e.g. `kiosk demo --challenge blink,turn_left`); otherwise `count` of them are
    drawn at random (seeded for tests and `kiosk liveness --seed`). Names this version cannot
    judge (a newer server's configuration) are left out; with none left, all are the pool.
    """
    pool = [name for name in configured or [] if name in CHALLENGES]
    unknown = [name for name in configured or [] if name not in CHALLENGES]
    if unknown:
        log.warning("unknown liveness challenge(s) left out: %s", ", ".join(unknown))
    if pool and count >= len(pool):
        return pool
    return draw_challenges(count, pool or CHALLENGES, seed)


@dataclass(frozen=True)
class ChallengeSettings:
    # time allowed for each challenge, on frame timestamps
    window_s: float = float(DEFAULTS["liveness.window_s"])
    blink_closed: float = 0.55  # eye aspect ratio below this share of the baseline: closed
    blink_open: float = 0.80  # above this share: open
    turn_deg: float = 18.0  # yaw change from the neutral pose
    look_up_deg: float = 12.0  # pitch change from the neutral pose
    smile_ratio: float = 1.12  # mouth width over the neutral mouth width
    hold_frames: int = 2  # consecutive frames a pose or smile must be held


@dataclass(frozen=True)
class Baseline:
    ear: float
    yaw: float
    pitch: float
    mouth_width: float

    @classmethod
    def from_faces(cls, faces) -> Baseline:
        return cls(
            ear=float(np.percentile([f.ear for f in faces], 75)),  # open eyes, blinks aside
            yaw=float(np.median([f.yaw for f in faces])),
            pitch=float(np.median([f.pitch for f in faces])),
            mouth_width=float(np.median([f.mouth_width for f in faces])),
        )


@dataclass
class ChallengeState:
    """One challenge being judged. feed() returns True once the action was seen."""

    name: str
    baseline: Baseline
    settings: ChallengeSettings
    start: float
    evidence: dict = field(default_factory=dict)
    _phase: str = "wait_open"
    _held: int = 0
    _peak: float = 0.0

    def feed(self, t: float, face) -> bool:
        if self.name == "blink":
            return self._blink(t, face.ear / max(self.baseline.ear, 1e-6))
        if self.name in ("turn_left", "turn_right"):
            sign = 1.0 if self.name == "turn_left" else -1.0
            return self._hold(
                t, sign * (face.yaw - self.baseline.yaw), self.settings.turn_deg, "yaw_change_deg"
            )
        if self.name == "look_up":
            return self._hold(
                t, face.pitch - self.baseline.pitch, self.settings.look_up_deg, "pitch_change_deg"
            )
        if self.name == "smile":
            ratio = face.mouth_width / max(self.baseline.mouth_width, 1e-6)
            return self._hold(t, ratio, self.settings.smile_ratio, "mouth_width_ratio")
        raise ValueError(f"unknown challenge {self.name!r}")

    def _blink(self, t: float, rel: float) -> bool:
        s = self.settings
        ev = self.evidence
        ev["min_ear_ratio"] = round(min(ev.get("min_ear_ratio", rel), rel), 3)
        ev["baseline_ear"] = round(self.baseline.ear, 3)
        if self._phase == "wait_open" and rel >= s.blink_open:
            self._phase, ev["open_at"] = "open", round(t, 3)
        elif self._phase == "open" and rel <= s.blink_closed:
            self._phase, ev["closed_at"] = "closed", round(t, 3)
        elif self._phase == "closed" and rel >= s.blink_open:
            self._phase, ev["reopened_at"] = "done", round(t, 3)
            return True
        return self._phase == "done"

    def _hold(self, t: float, value: float, limit: float, key: str) -> bool:
        if value > self._peak or key not in self.evidence:
            self._peak = value
            self.evidence[key] = round(value, 2)
            self.evidence["peak_at"] = round(t, 3)
        self._held = self._held + 1 if value >= limit else 0
        if self._held >= self.settings.hold_frames:
            self.evidence.setdefault("reached_at", round(t, 3))
            return True
        return False
