"""Memory of the kiosk over citizen sessions driven through its UI: plain script, prints figures.

    .venv/bin/python bench/bench_memory.py [--quick]

One kiosk (real window, controller, store, outbox, uploader; the reference server in a process
of its own over loopback; a video file as the camera: bench/sessions.py) runs 100 whole
citizen sessions. Resident size (VmRSS) of the kiosk process and of its face-model process is
read after session 10, every 10 sessions, and after session 100, each time once the uploader
has sent what was queued and the event loop had a moment. Target: growth <= 5 % from 10 to 100,
taken from the least-squares line through the readings (the face process's resident size moves
by ~10 % between idle moments; a leak is a steady rise). --quick: 2 to 4 sessions.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(1, str(ROOT))

from figures import Figure, growth  # noqa: E402
from sessions import (  # noqa: E402
    SessionDriver,
    face_process_pid,
    resident_mib,
    rest_seconds,
    trend_growth,
)


def measure(driver: SessionDriver) -> tuple[float, float]:
    """(kiosk process MiB, face process MiB) with the kiosk at rest on its welcome screen."""
    driver.settle()
    driver.idle(rest_seconds())  # at rest: the memory the sessions freed given back
    gc.collect()
    pid = face_process_pid()
    return resident_mib(), resident_mib(pid) if pid else 0.0


def figures(quick: bool, progress=lambda text: None) -> list[Figure]:
    first, last, every = (2, 4, 1) if quick else (10, 100, 10)
    driver = SessionDriver()
    try:
        progress("memory: starting the server and the kiosk")
        driver.start()
        marks: dict[int, tuple[float, float]] = {}
        for n in range(1, last + 1):
            progress(f"memory: session {n}/{last}")
            driver.run_session()
            if n >= first and (n - first) % every == 0:
                marks[n] = measure(driver)
    finally:
        driver.close()
    kiosk_growth = trend_growth([(n, kiosk) for n, (kiosk, _face) in marks.items()])
    face_growth = trend_growth([(n, face) for n, (_kiosk, face) in marks.items()])
    span = f"sessions {first} -> {last}, trend of a reading every {every}"
    return [
        growth(
            f"memory: kiosk resident size growth, {span}",
            kiosk_growth,
            f"VmRSS MiB: {[round(kiosk) for kiosk, _face in marks.values()]}",
        ),
        growth(
            f"memory: face-model process resident size growth, {span}",
            face_growth,
            f"VmRSS MiB: {[round(face) for _kiosk, face in marks.values()]}",
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 and 4 sessions")
    args = parser.parse_args()
    for figure in figures(args.quick, lambda text: print(text, file=sys.stderr, flush=True)):
        verdict = "met" if figure.met else "NOT met"
        print(f"{figure.name}: {figure.value:+.1f} {figure.unit} ({figure.target}: {verdict})")
        print(f"    {figure.note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
