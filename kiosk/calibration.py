"""Error rates of the 1:1 face comparison from labelled distances (Qt-free, model-free).

A pair matches when its distance is <= the threshold (kiosk.facematch.is_match), so at a
threshold t:
  FMR(t)  = impostor pairs with distance <= t / impostor pairs   (false match rate)
  FNMR(t) = genuine pairs with distance > t  / genuine pairs     (false non-match rate)
Pairs in which a photo gave no template are failures to enrol: counted apart and left out of
both rates (ISO/IEC 19795-1 reports them separately).

`kiosk biometrics calibrate` prints these; docs/biometrics.md says how to read them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

# The threshold never goes above this, whatever a sample says: on unseen public pairs an
# impostor came at 0.565, so a sample that allows more is too easy, not proof (issue 12).
MAX_THRESHOLD = 0.55
# The table's thresholds (the one in force and the one at the target FMR are added)
GRID = tuple(round(0.30 + 0.05 * i, 2) for i in range(11))  # 0.30 .. 0.80


@dataclass(frozen=True)
class Rates:
    threshold: float
    false_matches: int
    impostors: int
    false_non_matches: int
    genuines: int

    @property
    def fmr(self) -> float | None:
        return self.false_matches / self.impostors if self.impostors else None

    @property
    def fnmr(self) -> float | None:
        return self.false_non_matches / self.genuines if self.genuines else None

    def as_dict(self) -> dict:
        return {**asdict(self), "fmr": self.fmr, "fnmr": self.fnmr}


def rates_at(genuine: Sequence[float], impostor: Sequence[float], threshold: float) -> Rates:
    return Rates(
        threshold=float(threshold),
        false_matches=sum(1 for d in impostor if d <= threshold),
        impostors=len(impostor),
        false_non_matches=sum(1 for d in genuine if d > threshold),
        genuines=len(genuine),
    )


def threshold_at_fmr(impostor: Sequence[float], target_fmr: float, step: float = 0.01):
    """The largest threshold on a `step` grid whose FMR is <= target_fmr, or None without
    impostor pairs. With n impostor pairs, at most floor(target * n) may match, so the
    threshold must stay below the (floor(target * n) + 1)-th smallest impostor distance."""
    if not impostor:
        return None
    ordered = sorted(impostor)
    allowed = math.floor(target_fmr * len(ordered) + 1e-9)
    if allowed >= len(ordered):
        return None  # every impostor may match: the target says nothing
    bound = ordered[allowed]  # the first impostor distance that must not match
    steps = math.ceil(bound / step - 1e-9) - 1  # the largest k with k * step < bound
    return round(steps * step, 10)


def fmr_resolution(impostors: int) -> float | None:
    """With no false match among n impostor pairs, the FMR is below 3/n at 95 % confidence
    (the rule of three): the smallest FMR the sample can vouch for."""
    return 3.0 / impostors if impostors else None


def det_points(genuine: Sequence[float], impostor: Sequence[float]) -> list[Rates]:
    """Rates at every distinct distance of the sample (the DET curve's corners)."""
    return [rates_at(genuine, impostor, t) for t in sorted(set(genuine) | set(impostor))]


def recommend(
    at_target: float | None, impostors: int, target_fmr: float, current: float
) -> tuple[float, str]:
    """(threshold to configure, why). A sample may lower the threshold in force or confirm
    it, never raise it (nor past MAX_THRESHOLD): an easy sample proves nothing."""
    cap = min(current, MAX_THRESHOLD)
    if at_target is None:
        return cap, "kept: no impostor pairs, nothing to calibrate"
    if at_target < cap:
        return at_target, "lower: the sample has too many false matches at the threshold in force"
    resolution = fmr_resolution(impostors)
    if resolution > target_fmr:
        needed = math.ceil(3.0 / target_fmr)
        return cap, (
            f"kept: no false match over the target here, but {impostors} impostor pairs vouch "
            f"only for FMR <= {resolution:.2g}; FMR {target_fmr:g} needs >= {needed}"
        )
    return cap, "confirmed: the threshold in force meets the target FMR on this sample"
