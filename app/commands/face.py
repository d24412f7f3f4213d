"""Technician and acceptance commands for faces: verify-face, liveness, camera test.

camera/ (mediapipe, OpenCV, dlib) is imported inside the handlers only.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path

from kiosk.errors import KioskError


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "verify-face",
        help="compare a reference photo with a probe photo (1:1)",
        description="Compare face photos. Exit 0 when a single pair matches, 1 otherwise; "
        "with --pairs, exit 0 once every pair was processed.",
    )
    p.add_argument("reference", nargs="?", metavar="REFERENCE", help="reference photo")
    p.add_argument("probe", nargs="?", metavar="PROBE", help="photo to check")
    p.add_argument(
        "--pairs",
        metavar="PAIRS.csv",
        help="CSV with columns file_x,file_y (paths relative to the CSV)",
    )
    p.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="match when distance <= this (default: face.threshold of the configuration, "
        "which the server's signed configuration sets)",
    )
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(handler=verify_face)

    p = subparsers.add_parser(
        "liveness",
        help="run the liveness check on a video file or a camera",
        description="Exit 0 when the check passes, 1 when it fails.",
    )
    p.add_argument(
        "--source",
        required=True,
        metavar="VIDEO|DEVICE",
        help="video file (every frame, in order) or camera index / device path",
    )
    p.add_argument(
        "--challenge",
        metavar="LIST",
        help="comma-separated: blink,turn_left,turn_right,look_up,smile (default: drawn at random)",
    )
    p.add_argument(
        "--count",
        type=int,
        default=None,
        help="random challenges to draw (default: liveness.count)",
    )
    p.add_argument("--seed", type=int, default=None, help="seed for the random draw")
    p.add_argument(
        "--timeout", type=float, default=30.0, help="seconds to give up on a camera (default 30)"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=liveness)

    p = subparsers.add_parser("camera", help="camera checks for technicians")
    sub = p.add_subparsers(dest="camera_command", metavar="ACTION", required=True)
    t = sub.add_parser("test", help="list cameras, then measure fps and show quality verdicts")
    t.add_argument("--device", default=None, help="camera index or path (default: camera.device)")
    t.add_argument("--seconds", type=float, default=10.0, help="how long to watch (default 10)")
    t.add_argument("--width", type=int, default=None, help="default: camera.width")
    t.add_argument("--height", type=int, default=None, help="default: camera.height")
    t.set_defaults(handler=camera_test)


# --- verify-face ------------------------------------------------------------------------


def _template(path: Path, cache: dict):
    """The photo's template made as the server makes references (jittered, averaged)."""
    from camera.templates import REFERENCE_JITTERS, FaceTemplateError, template_from_photo

    if path not in cache:
        try:
            cache[path] = template_from_photo(path, jitters=REFERENCE_JITTERS)
        except FaceTemplateError as exc:
            cache[path] = exc
    return cache[path]


def _compare(
    path_x: Path, path_y: Path, shown_x: str, shown_y: str, threshold: float, cache: dict
) -> dict:
    out = {"file_x": shown_x, "file_y": shown_y}
    for path in (path_x, path_y):
        t = _template(path, cache)
        if isinstance(t, Exception):
            out["error"] = t.code
            out["message"] = str(t)  # English, with what to do
            if t.reason:
                out["reason"] = t.reason
            out["match"] = False
            return out
    from kiosk.facematch import face_distance

    d = face_distance(cache[path_x], cache[path_y])
    out.update(distance=round(d, 4), match=d <= threshold, threshold=threshold)
    return out


def _print_pair(result: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result), flush=True)
    elif "error" in result:
        print(
            f"{result['file_x']}  {result['file_y']}  error: {result['error']} "
            f"({result['message']})  match: no",
            flush=True,
        )
    else:
        print(
            f"{result['file_x']}  {result['file_y']}  distance {result['distance']:.4f}  "
            f"threshold {result['threshold']}  match: {'yes' if result['match'] else 'no'}",
            flush=True,
        )


def _read_pairs(csv_path: Path) -> list[tuple[str, str, str]]:
    """(file_x, file_y, decision) rows; decision is "" when the CSV has no such column."""
    try:
        with csv_path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            fields = [f.strip() for f in reader.fieldnames or []]
            if "file_x" not in fields or "file_y" not in fields:
                raise KioskError(
                    f"{csv_path.name} needs the columns file_x,file_y "
                    f"(found: {', '.join(fields) or 'none'})"
                )
            rows = []
            for row in reader:
                row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
                if row.get("file_x") or row.get("file_y"):
                    rows.append((row["file_x"], row["file_y"], row.get("decision", "")))
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise KioskError(f"cannot read the pairs file {csv_path}: {exc}") from exc


def configured_threshold(args) -> float:
    """face.threshold as the kiosk has it: default < the server's signed configuration <
    local TOML < environment (`kiosk config show` tells which)."""
    from kiosk import paths
    from kiosk.config import load_config

    data = paths.data_dir(getattr(args, "data_dir", None))
    config = load_config(paths.config_file(getattr(args, "config", None)), data)
    return float(config["face.threshold"])


def verify_face(args) -> int:
    threshold = configured_threshold(args) if args.threshold is None else args.threshold
    cache: dict = {}
    if args.pairs:
        if args.reference or args.probe:
            raise KioskError("give either REFERENCE PROBE or --pairs, not both")
        csv_path = Path(args.pairs)
        for x, y, _ in _read_pairs(csv_path):
            base = csv_path.parent
            _print_pair(_compare(base / x, base / y, x, y, threshold, cache), args.json)
        return 0
    if not (args.reference and args.probe):
        raise KioskError("give two photos (REFERENCE PROBE) or --pairs PAIRS.csv")
    result = _compare(
        Path(args.reference), Path(args.probe), args.reference, args.probe, threshold, cache
    )
    _print_pair(result, args.json)
    return 0 if result["match"] else 1


# --- liveness ---------------------------------------------------------------------------


def _config(args):
    """The effective configuration ([camera], [camera.quality], [liveness] tables)."""
    from kiosk.config import load_config
    from kiosk.paths import config_file

    data = Path(args.data_dir) if getattr(args, "data_dir", None) else None
    return load_config(config_file(getattr(args, "config", None)), data)


def _capture(cfg, names=None, count=None, seed=None):
    """The face capture exactly as the face screen builds it (camera.capture: same
    configuration, same checks, same verdict), so both commands report what a citizen sees."""
    from camera.capture import capture_from_config

    try:
        return capture_from_config(cfg, names, count=count, seed=seed)
    except ValueError as exc:
        raise KioskError(f"configuration: {exc}") from exc


def _live_frames(source, timeout: float):
    """Newest camera frames until `timeout` seconds; a camera that never gives a picture
    is an error rather than a silent wait."""
    started = time.monotonic()
    seen = False
    while time.monotonic() - started < timeout:
        frame = source.latest(timeout=1.0)
        if frame is not None:
            seen = True
            yield frame
        elif not seen and time.monotonic() - started > min(5.0, timeout):
            raise KioskError(
                f"camera {source.device} gives no picture ({source.status}): check the cable "
                "and `kiosk camera test`"
            )


def liveness(args) -> int:
    from camera.challenges import parse_challenges
    from camera.sources import SourceError, is_device, source_from_config

    names = None
    if args.challenge:
        try:
            names = parse_challenges(args.challenge)
        except ValueError as exc:
            raise KioskError(str(exc)) from None
    cfg = _config(args)
    is_camera = is_device(args.source)
    try:
        source = source_from_config(cfg, device=args.source)
    except SourceError as exc:
        raise KioskError(str(exc)) from exc
    try:
        capture = _capture(cfg, names, args.count, args.seed)
    except KioskError:
        source.close()
        raise
    started = time.perf_counter()
    try:
        frames = _live_frames(source, args.timeout) if is_camera else source.frames()
        for frame in frames:
            if capture.process(frame).done:
                break
    finally:
        source.close()
    elapsed = time.perf_counter() - started
    outcome = capture.finish()
    live, verdict = outcome.liveness, outcome.verdict()
    out = {
        "passed": verdict["passed"],
        "reason": verdict["reason"],
        "challenges": [{k: c[k] for k in ("name", "passed", "reason")} for c in live["challenges"]],
        "frames": capture.frames,
        "fps": round(capture.frames / elapsed, 1) if elapsed > 0 else 0.0,
    }
    if args.json:
        print(json.dumps(out))
    else:
        print(f"passed: {'yes' if out['passed'] else 'no'}")
        print(f"reason: {out['reason']}")
        for c in out["challenges"]:
            print(f"  {c['name']}: {'passed' if c['passed'] else 'failed'} ({c['reason']})")
        print(f"frames: {out['frames']}")
        print(f"fps: {out['fps']}")
    return 0 if out["passed"] else 1


# --- camera test ------------------------------------------------------------------------


def camera_test(args) -> int:
    from camera.sources import CameraSource, camera_device, list_cameras

    cfg = _config(args)
    cameras = list_cameras()
    print("cameras:" if cameras else "cameras: none found")
    for cam in cameras:
        print(f"  {cam['device']}  {cam['width']}x{cam['height']}")
    if args.device is None and not cameras:
        raise KioskError(
            "no camera found: check the cable and that the kiosk user may use /dev/video*"
        )
    device = camera_device(args.device if args.device is not None else cfg["camera.device"])
    source = CameraSource(
        device,
        args.width or cfg["camera.width"],
        args.height or cfg["camera.height"],
        on_status=lambda s: print(f"camera {device}: {s}", file=sys.stderr),
    )
    try:
        capture = _capture(cfg)
    except KioskError:
        source.close()
        raise
    frames, last_print, started = 0, 0.0, time.perf_counter()
    try:
        while time.perf_counter() - started < args.seconds:
            frame = source.latest(timeout=2.0)
            if frame is None:
                print(f"camera {device}: no frame ({source.status})")
                continue
            frames += 1
            guidance = capture.process(frame)  # the face screen's pipeline, frame by frame
            now = time.perf_counter()
            if now - last_print >= 0.5:
                last_print = now
                fps = frames / (now - started)
                verdict = "ok" if guidance.quality_ok else ", ".join(guidance.problems)
                print(
                    f"{fps:5.1f} fps  {frame.image.shape[1]}x{frame.image.shape[0]}  "
                    f"quality: {verdict}",
                    flush=True,
                )
        # The face screen's verdict on quality: "ok" once a frame was good enough for the
        # face check, else the problem seen most (`kiosk liveness` reports the same reason).
        print(f"verdict: {capture.quality_verdict()}")
    finally:
        capture.close()
        source.close()
    elapsed = time.perf_counter() - started
    print(f"achieved: {frames / elapsed:.1f} fps over {elapsed:.1f} s")
    return 0
