"""`kiosk biometrics calibrate`: FMR and FNMR of the face comparison on labelled photo pairs.

The rates come from kiosk.calibration; the templates are made as `kiosk verify-face` and the
server make references (camera.templates, imported inside the handler). docs/biometrics.md
gives the procedure.
"""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.errors import KioskError

DEFAULT_TARGET_FMR = 1e-4
DECISIONS = {"yes": True, "no": False}


def register(subparsers) -> None:
    p = subparsers.add_parser("biometrics", help="calibrate the face-match threshold")
    sub = p.add_subparsers(dest="biometrics_command", metavar="ACTION", required=True)
    c = sub.add_parser(
        "calibrate",
        help="FMR and FNMR per threshold on labelled photo pairs",
        description="Read pairs (CSV columns file_x,file_y,decision; decision Yes for the "
        "same person, No for different people; paths relative to the CSV), compare them as "
        "the server does and print, per threshold, the false match rate (FMR) and false "
        "non-match rate (FNMR) with their counts, the threshold at the target FMR and the "
        "failures to enrol (a photo that gives no template).",
    )
    c.add_argument(
        "--pairs", required=True, action="append", metavar="CSV", help="pairs file (repeatable)"
    )
    c.add_argument(
        "--target-fmr",
        type=float,
        default=DEFAULT_TARGET_FMR,
        help=f"false match rate to meet (default {DEFAULT_TARGET_FMR:g})",
    )
    c.add_argument("--json", action="store_true", help="print one JSON object")
    c.add_argument("--plot", metavar="FILE.png", help="draw the DET curve (FNMR against FMR)")
    c.set_defaults(handler=calibrate)


def _labelled_pairs(csv_paths: list[str]) -> list[tuple[Path, Path, str, str, bool]]:
    from app.commands.face import _read_pairs

    pairs = []
    for csv_name in csv_paths:
        csv_path = Path(csv_name)
        for x, y, decision in _read_pairs(csv_path):
            same = DECISIONS.get(decision.strip().lower())
            if same is None:
                raise KioskError(
                    f"{csv_path.name}: decision must be Yes or No, got {decision!r} ({x}, {y})"
                )
            base = csv_path.parent
            pairs.append((base / x, base / y, x, y, same))
    if not pairs:
        raise KioskError("the pairs files hold no pairs")
    return pairs


def measure(pairs, cache: dict) -> dict:
    """Distances of genuine and impostor pairs, and the pairs that failed to enrol."""
    from app.commands.face import _template
    from kiosk.facematch import face_distance

    genuine, impostor, failed, photos = [], [], 0, {}
    for path_x, path_y, shown_x, shown_y, same in pairs:
        templates = [_template(path_x, cache), _template(path_y, cache)]
        problems = [
            (shown, t)
            for shown, t in zip((shown_x, shown_y), templates, strict=True)
            if isinstance(t, Exception)
        ]
        if problems:
            failed += 1
            photos.update({shown: t.code for shown, t in problems})
            continue
        (genuine if same else impostor).append(face_distance(*templates))
    return {"genuine": genuine, "impostor": impostor, "fte_pairs": failed, "fte_photos": photos}


def report(measured: dict, threshold_in_force: float, target_fmr: float) -> dict:
    from kiosk import calibration as cal

    genuine, impostor = measured["genuine"], measured["impostor"]
    at_target = cal.threshold_at_fmr(impostor, target_fmr)
    extra = {threshold_in_force} | ({at_target} if at_target is not None else set())
    thresholds = sorted({*cal.GRID, *extra})
    rows = [cal.rates_at(genuine, impostor, t) for t in thresholds]
    value, why = cal.recommend(at_target, len(impostor), target_fmr, threshold_in_force)
    pairs = len(genuine) + len(impostor) + measured["fte_pairs"]

    def span(values):
        return [round(min(values), 4), round(max(values), 4)] if values else None

    return {
        "thresholds": thresholds,
        "fmr": [r.fmr for r in rows],
        "fnmr": [r.fnmr for r in rows],
        "rows": [r.as_dict() for r in rows],
        "genuine_pairs": len(genuine),
        "impostor_pairs": len(impostor),
        "genuine_distance": span(genuine),
        "impostor_distance": span(impostor),
        "target_fmr": target_fmr,
        "threshold_at_target_fmr": at_target,
        "fmr_resolution": cal.fmr_resolution(len(impostor)),
        "threshold_in_force": threshold_in_force,
        "recommended_threshold": value,
        "recommendation": why,
        "failure_to_enrol": {
            "pairs": measured["fte_pairs"],
            "rate": measured["fte_pairs"] / pairs if pairs else None,
            "photos": measured["fte_photos"],
        },
    }


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.4g}"


def _print_table(out: dict) -> None:
    print(
        f"{out['genuine_pairs']} genuine pairs (distance {out['genuine_distance']}), "
        f"{out['impostor_pairs']} impostor pairs (distance {out['impostor_distance']})"
    )
    heads = ("threshold", "FMR", "false matches", "FNMR", "false non-matches")
    print("  ".join(h.rjust(n) for h, n in zip(heads, (9, 8, 13, 8, 17), strict=True)))
    for row in out["rows"]:
        mark = "  <- in force" if row["threshold"] == out["threshold_in_force"] else ""
        line = (
            f"{row['threshold']:>9.3f}  {_rate(row['fmr']):>8}  "
            f"{row['false_matches']:>6} of {row['impostors']:<5}  {_rate(row['fnmr']):>8}  "
            f"{row['false_non_matches']:>8} of {row['genuines']:<6}"
        )
        print(line.rstrip() + mark)
    at = out["threshold_at_target_fmr"]
    print(
        f"threshold at FMR <= {out['target_fmr']:g}: {'-' if at is None else f'{at:.2f}'} "
        f"(the sample vouches for FMR down to {_rate(out['fmr_resolution'])})"
    )
    fte = out["failure_to_enrol"]
    photos = ", ".join(f"{k} ({v})" for k, v in sorted(fte["photos"].items())) or "none"
    print(f"failure to enrol: {fte['pairs']} pairs ({_rate(fte['rate'])}); photos: {photos}")
    print(
        f"recommended threshold: {out['recommended_threshold']:.2f} "
        f"(in force {out['threshold_in_force']:.2f}): {out['recommendation']}"
    )


def draw_det(out: dict, measured: dict, path: Path) -> None:
    """The DET curve (FNMR against FMR, both on log scales, 0 drawn on the axis) with
    OpenCV, so no plotting library is needed."""
    import math

    import cv2
    import numpy as np

    from kiosk import calibration as cal

    points = cal.det_points(measured["genuine"], measured["impostor"])
    n_imp, n_gen = max(1, len(measured["impostor"])), max(1, len(measured["genuine"]))
    # decades down to the target and to one pair in the sample; a rate of 0 is drawn one
    # decade lower still, on a tick labelled 0
    lx0 = math.floor(math.log10(min(out["target_fmr"], 1 / n_imp))) - 1
    ly0 = math.floor(math.log10(1 / n_gen)) - 1
    floor_x, floor_y = 10.0**lx0, 10.0**ly0
    w, h, left, top, right, bottom = 900, 640, 90, 80, 40, 80
    img = np.full((h, w, 3), 255, np.uint8)

    def xy(fmr: float, fnmr: float) -> tuple[int, int]:
        fx = (math.log10(max(fmr, floor_x)) - lx0) / -lx0
        fy = (math.log10(max(fnmr, floor_y)) - ly0) / -ly0
        return int(left + fx * (w - left - right)), int(h - bottom - fy * (h - top - bottom))

    font, grey, black = cv2.FONT_HERSHEY_SIMPLEX, (200, 200, 200), (0, 0, 0)
    for e in range(lx0, 1):
        x, _ = xy(10.0**e, floor_y)
        cv2.line(img, (x, top), (x, h - bottom), grey, 1)
        tick = "0" if e == lx0 else (f"1e{e}" if e else "1")
        cv2.putText(img, tick, (x - 16, h - bottom + 22), font, 0.5, black, 1)
    for e in range(ly0, 1):
        _, y = xy(floor_x, 10.0**e)
        cv2.line(img, (left, y), (w - right, y), grey, 1)
        tick = "0" if e == ly0 else (f"1e{e}" if e else "1")
        cv2.putText(img, tick, (left - 50, y + 5), font, 0.5, black, 1)
    cv2.rectangle(img, (left, top), (w - right, h - bottom), black, 1)
    cv2.putText(img, "FMR (false match rate)", (w // 2 - 110, h - 25), font, 0.6, black, 1)
    cv2.putText(img, "FNMR", (20, top - 15), font, 0.6, black, 1)
    title = f"DET: {out['genuine_pairs']} genuine, {out['impostor_pairs']} impostor pairs"
    cv2.putText(img, title, (left + 140, 30), font, 0.65, black, 1)
    genuine, impostor = measured["genuine"], measured["impostor"]
    if genuine and impostor and max(genuine) < min(impostor):
        clear = f"no error at any threshold from {max(genuine):.3f} to {min(impostor):.3f}"
        cv2.putText(img, clear, (left + 140, 58), font, 0.55, black, 1)
    # a step curve: FMR grows and FNMR falls as the threshold rises
    curve = [xy(r.fmr or 0.0, r.fnmr or 0.0) for r in points]
    if curve:
        stepped = [curve[0]]
        for a, b in zip(curve, curve[1:], strict=False):
            stepped += [(b[0], a[1]), b]
        cv2.polylines(img, [np.array(stepped, np.int32)], False, (180, 80, 0), 2, cv2.LINE_AA)
    target_x, _ = xy(out["target_fmr"], floor_y)
    cv2.line(img, (target_x, top), (target_x, h - bottom), (0, 140, 0), 1)
    cv2.putText(
        img,
        f"target FMR {out['target_fmr']:g}",
        (target_x + 5, top + 18),
        font,
        0.5,
        (0, 140, 0),
        1,
    )
    in_force = cal.rates_at(measured["genuine"], measured["impostor"], out["threshold_in_force"])
    px, py = xy(in_force.fmr or 0.0, in_force.fnmr or 0.0)
    cv2.circle(img, (px, py), 7, (0, 0, 200), -1, cv2.LINE_AA)
    label = (
        f"threshold {out['threshold_in_force']:.2f}: "
        f"FMR {_rate(in_force.fmr)}, FNMR {_rate(in_force.fnmr)}"
    )
    cv2.putText(
        img, label, (min(px + 12, w - 420), max(py - 12, top + 40)), font, 0.5, (0, 0, 200), 1
    )
    if not cv2.imwrite(str(path), img):
        raise KioskError(f"cannot write the plot to {path}")


def calibrate(args) -> int:
    from app.commands.face import configured_threshold

    if not 0 < args.target_fmr < 1:
        raise KioskError("--target-fmr must be between 0 and 1")
    pairs = _labelled_pairs(args.pairs)
    measured = measure(pairs, {})
    out = report(measured, configured_threshold(args), args.target_fmr)
    if args.plot:
        draw_det(out, measured, Path(args.plot))
        out["plot"] = args.plot
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        _print_table(out)
        if args.plot:
            print(f"DET plot: {args.plot}")
    return 0
