"""Cold start to the welcome screen, from source and from the frozen build.

    .venv/bin/python bench/coldstart.py [--quick] [--runs 5]

The mechanism of the build's smoke test (build/smoke_test.py): a reference server serving on
loopback, a kiosk enrolled to it by the kiosk program itself, then `smoke-journey
--until-welcome` launched as a new process each run (the kiosk built like `kiosk run`: ports,
face process, window), timed from the launch to its "welcome" line (the welcome screen shown).
From source that is `python -m app.smoke_journey`; from the frozen build
`build/out/dist/kiosk/kiosk smoke-journey`. One launch first is not counted (it compiles .pyc
files and fills the disk cache). Target: < 3 s.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(1, str(ROOT))

from figures import Figure  # noqa: E402

from build.smoke_test import BINARY, REGION, Smoke, SmokeFailed  # noqa: E402

TARGET_S = 3.0


def serving(work: Path):
    """The reference server serving on loopback (the sync tests' ServerProcess); close() after."""
    sys.path.insert(0, str(ROOT / "tests" / "sync"))
    from sync_serverproc import ServerProcess

    return ServerProcess(work / "server").start()


def enrolled(server, work: Path, source: bool) -> Smoke:
    """A kiosk enrolled to `server` by the kiosk program itself (source or frozen build), so
    its data folder is the one that program writes."""
    s = Smoke(work, source)
    if source:
        # Python's bytecode cache, as an installed kiosk has it: filled by the uncounted
        # launch (kept in `work`, not in the tree), even where PYTHONDONTWRITEBYTECODE is set.
        s.env.pop("PYTHONDONTWRITEBYTECODE", None)
        s.env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    code = server.enroll_code("MPP Bench", region=REGION)
    s.run(
        "--data-dir", str(s.kiosk_dir), "enroll", "--server", server.url, "--code", code,
        "--key-id", server.key_id,
    )  # fmt: skip
    return s


def welcome_seconds(s: Smoke, timeout: float = 180.0) -> float:
    """Seconds from launching the kiosk to its welcome screen showing."""
    log = s.work / "journey.log"
    command = [*s.journey, "--data-dir", str(s.kiosk_dir), "--until-welcome"]
    with log.open("a") as err:
        launched = time.monotonic()
        process = subprocess.Popen(
            command, cwd=s.work, env=s.env, stdout=subprocess.PIPE, stderr=err, text=True
        )
        welcome, result = None, ""
        for line in process.stdout:
            if line.startswith("welcome") and welcome is None:
                welcome = time.monotonic() - launched
            elif line.startswith("{"):
                result = line.strip()
        code = process.wait(timeout)
    if code or welcome is None or '"ok": true' not in result:
        tail = log.read_text(errors="replace")[-1500:]
        raise SmokeFailed(f"the kiosk did not reach the welcome screen ({result}):\n{tail}")
    return welcome


def cold_starts(server, source: bool, runs: int, warmup: int, progress) -> list[float]:
    where = "source" if source else "frozen build"
    progress(f"cold start ({where}): enrolling a kiosk")
    s = enrolled(server, server.data_dir.parent / ("source" if source else "frozen"), source)
    seconds = []
    for i in range(warmup + runs):
        counted = i - warmup + 1
        progress(
            f"cold start ({where}): "
            + (f"launch {counted} of {runs}" if counted > 0 else "warm-up launch")
        )
        value = welcome_seconds(s)
        if counted > 0:
            seconds.append(value)
    return seconds


def figures(quick: bool = False, progress=lambda text: None, runs: int | None = None):
    runs = runs or (1 if quick else 5)
    warmup = 0 if quick else 1
    out = []
    work = Path(tempfile.mkdtemp(prefix="kiosk-coldstart-"))
    try:
        progress("cold start: starting a reference server")
        server = serving(work)
        try:
            for source in (True, False):
                out.append(_figure(server, source, runs, warmup, progress))
        finally:
            server.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def _figure(server, source: bool, runs: int, warmup: int, progress) -> Figure:
    figure = Figure(
        name=f"cold start to the welcome screen, {'from source' if source else 'frozen build'}",
        unit="s",
        target=f"< {TARGET_S:.0f} s",
        runs=[],
        higher_is_better=False,
    )
    if not source and not BINARY.is_file():
        figure.note = "not built — run ./kiosk.sh build"  # the runner makes it a failed row
        return figure
    figure.runs = cold_starts(server, source, runs, warmup, progress)
    figure.met = figure.value < TARGET_S
    figure.note = (
        f"{len(figure.runs)} launch(es) after {warmup} uncounted, offscreen Qt, an enrolled "
        "kiosk and its server on loopback"
    )
    return figure


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one launch of each, no warm-up")
    parser.add_argument("--runs", type=int, help="counted launches of each (default 5)")
    args = parser.parse_args()
    from run import describe

    for figure in figures(args.quick, lambda text: print(f"... {text}", flush=True), args.runs):
        print(describe(figure) if figure.runs else f"{figure.name}: {figure.note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
