"""FMR, FNMR and the threshold at a target FMR from distances (expected values by hand)."""

from __future__ import annotations

import pytest

from kiosk.calibration import (
    MAX_THRESHOLD,
    det_points,
    fmr_resolution,
    rates_at,
    recommend,
    threshold_at_fmr,
)

GENUINE = [0.20, 0.35, 0.50, 0.56]  # same person
IMPOSTOR = [0.54, 0.70, 0.80, 0.90, 1.00]  # different people


@pytest.mark.parametrize(
    ("threshold", "false_matches", "false_non_matches"),
    [
        (0.10, 0, 4),  # nothing matches
        (0.35, 0, 2),  # 0.35 matches (<=), 0.50 and 0.56 do not
        (0.54, 1, 1),  # the impostor at 0.54 matches; only the genuine 0.56 misses
        (0.55, 1, 1),
        (0.70, 2, 0),
        (1.00, 5, 0),  # everything matches
    ],
)
def test_rates_at_a_threshold(threshold, false_matches, false_non_matches):
    r = rates_at(GENUINE, IMPOSTOR, threshold)
    assert (r.false_matches, r.impostors) == (false_matches, 5)
    assert (r.false_non_matches, r.genuines) == (false_non_matches, 4)
    assert r.fmr == pytest.approx(false_matches / 5)
    assert r.fnmr == pytest.approx(false_non_matches / 4)
    assert r.as_dict()["fmr"] == r.fmr and r.as_dict()["threshold"] == threshold


def test_rates_without_pairs_are_unknown_not_zero():
    r = rates_at([], [], 0.5)
    assert r.fmr is None and r.fnmr is None


def test_threshold_at_a_target_fmr():
    # 5 impostor pairs: at FMR 0 none may match, so the threshold stays below 0.54
    assert threshold_at_fmr(IMPOSTOR, 1e-4) == pytest.approx(0.53)
    # FMR 0.2 allows one of the 5: below the second smallest, 0.70
    assert threshold_at_fmr(IMPOSTOR, 0.2) == pytest.approx(0.69)
    assert threshold_at_fmr(IMPOSTOR, 0.39) == pytest.approx(0.69)
    assert threshold_at_fmr(IMPOSTOR, 0.4) == pytest.approx(0.79)
    # a distance on the grid itself must not match: 0.60 -> 0.59
    assert threshold_at_fmr([0.60, 0.9], 0.0) == pytest.approx(0.59)
    assert threshold_at_fmr([], 1e-4) is None
    assert threshold_at_fmr(IMPOSTOR, 1.0) is None  # every impostor may match


def test_fmr_resolution_is_the_rule_of_three():
    assert fmr_resolution(99) == pytest.approx(3 / 99)
    assert fmr_resolution(30_000) == pytest.approx(1e-4)
    assert fmr_resolution(0) is None


def test_det_points_walk_every_distance():
    points = det_points([0.3, 0.6], [0.5, 0.9])
    assert [p.threshold for p in points] == [0.3, 0.5, 0.6, 0.9]
    assert [(p.fmr, p.fnmr) for p in points] == [(0.0, 0.5), (0.5, 0.5), (0.5, 0.0), (1.0, 0.0)]


def test_a_sample_never_raises_the_threshold():
    assert MAX_THRESHOLD == 0.55
    # an easy sample (closest impostor 0.70) with enough pairs confirms, never raises
    value, why = recommend(0.69, 40_000, 1e-4, 0.55)
    assert value == 0.55 and why.startswith("confirmed")
    # too few impostor pairs: kept, and says how many are needed
    value, why = recommend(0.69, 99, 1e-4, 0.55)
    assert value == 0.55 and why.startswith("kept") and "30000" in why
    # false matches at the threshold in force: lower, whatever the sample size
    value, why = recommend(0.48, 99, 1e-4, 0.55)
    assert value == 0.48 and why.startswith("lower")
    # a configuration above the cap is brought back to it
    assert recommend(0.70, 40_000, 1e-4, 0.60)[0] == 0.55
    assert recommend(None, 0, 1e-4, 0.50)[0] == 0.50
