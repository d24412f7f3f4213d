"""Run every benchmark, one after another, and write docs/benchmarks.md and .json.

    ./kiosk.sh bench [--quick] [--soak] [--only NAME ...] [--output-dir DIR]

Each bench module (bench/<name>.py) exposes ``figures(quick, progress) -> list[Figure]``
(bench/figures.py). Each runs in a process of its own, so one bench's Qt application, models,
memory or CPU pinning never colour the next one's figures, and a crash is that bench's
failed row, not the end of the run. Benchmarks measure, they do not judge: the exit code is 0
whatever the figures (and whatever a bench raised); only the runner itself breaking gives 1.

--quick uses tiny counts (a check that the scripts still run, not figures to quote) and writes
to a fresh temporary folder unless --output-dir is given. --only runs some benches and keeps
the other benches' rows from the output folder's previous benchmarks.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(1, str(ROOT))

from figures import Figure  # noqa: E402

BENCHES = (
    "bench_camera",
    "bench_ui_latency",
    "bench_outbox",
    "bench_server_ingest",
    "bench_memory",
    "coldstart",
)
SOAK = "soak"
PROGRESS = "@@progress "  # a child's stdout line that is progress text, not output


# --- one line and one table row per figure -------------------------------------------------


def number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    size = abs(value)
    text = f"{value:.0f}" if size >= 100 else f"{value:.1f}" if size >= 10 else f"{value:.2f}"
    return f"{text} {unit}".strip()


def mark(met: bool | None) -> str:
    return "" if met is None else "✓" if met else "✗"


def describe(figure: Figure) -> str:
    """One plain-text line of a figure (the bench scripts' own command lines print these)."""
    line = (
        f"{figure.name}: {number(figure.value, figure.unit)} (min {number(min(figure.runs))}, "
        f"max {number(max(figure.runs))}, {len(figure.runs)} runs); target {figure.target}"
    )
    if figure.peer_runs:
        line += f"; {figure.peer}: {number(figure.peer_value, figure.unit)}"
        if figure.ratio is not None:
            line += f", ratio {figure.ratio:.2f}x"
    if figure.met is not None:
        line += " — met" if figure.met else " — NOT met"
    return line + (f" [{figure.note}]" if figure.note else "")


def figure_row(bench: str, figure: Figure) -> dict:
    if not figure.runs:  # a bench may report a figure it could not take (e.g. no build)
        return failed_row(bench, figure.name, figure.note or "no runs", figure.target)
    row = figure.as_dict()
    row.update(bench=bench, failed=False, error=None)
    return row


def failed_row(bench: str, name: str, error: str, target: str = "") -> dict:
    return {"bench": bench, "name": name, "failed": True, "error": error, "target": target}


def markdown(report: dict) -> str:
    m = report["machine"]
    mode = "quick (tiny counts: not figures to quote)" if report["quick"] else "full"
    lines = [
        "# Benchmarks",
        "",
        "Written by `./kiosk.sh bench` (bench/run.py); the same figures are in benchmarks.json.",
        "Each value is the median of the runs, with their min and max; a peer is measured in the",
        "same run, and the ratio is > 1 when the kiosk does better than the peer. Benchmarks do",
        "not fail CI: a ✗ is a target missed on this machine at this load.",
        "",
        f"- date: {report['started']} (took {report['seconds']:.0f} s)",
        f"- mode: {mode}",
        f"- machine: {m['cores']} cores, {m['cpu']}, {m['ram_gib']:.1f} GiB RAM, {m['system']}",
        f"- load average (1, 5, 15 min): at start {m['load_start']}, at end {m['load_end']}",
        f"- git commit: {report['commit']}",
    ]
    if report.get("partial"):
        lines.append(
            f"- benches run: {', '.join(report['benches'])}; the other rows are kept from an "
            "earlier run (their notes say which)"
        )
    lines += [
        "",
        "| Figure | Target | Median | Min | Max | Peer | Peer median | Ratio | Met |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    notes = []
    for row in report["figures"]:
        if row["failed"]:
            lines.append(f"| {row['name']} | {row.get('target') or '—'} | failed | | | | | | ✗ |")
            where = "" if row["name"] == row["bench"] else f" ({row['bench']})"
            notes.append(f"{row['name']}{where}: **failed**: {row['error']}")
            continue
        unit = row["unit"]
        ratio = f"{row['ratio']:.2f}×" if row["ratio"] is not None else "—"
        lines.append(
            f"| {row['name']} | {row['target'] or '—'} | {number(row['value'], unit)} | "
            f"{number(row['min'], unit)} | {number(row['max'], unit)} | {row['peer'] or '—'} | "
            f"{number(row['peer_value'], unit)} | {ratio} | {mark(row['met'])} |"
        )
        kept = f" (kept from the run of {row['measured']})" if row.get("kept") else ""
        if row["note"] or kept:
            notes.append(f"{row['name']}: {row['note']}{kept}")
    if notes:
        lines += ["", "Notes:", ""] + [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


# --- the machine --------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith(("model name", "hardware")):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024**2
    except OSError:
        pass
    return 0.0


def _load() -> str:
    return ", ".join(f"{v:.2f}" for v in os.getloadavg())


def _commit() -> str:
    from kiosk.version import git_commit

    commit = git_commit(ROOT) or "unknown"
    try:
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return commit
    return f"{commit} (with uncommitted changes)" if dirty else commit


# --- one bench, in its own process ---------------------------------------------------------


def child(name: str, quick: bool, result: Path) -> int:
    """Runs in the bench's own process: import it, take its figures, write them as JSON."""
    try:
        import importlib

        module = importlib.import_module(name)
        take = getattr(module, "figures", None)
        if not callable(take):
            raise RuntimeError(f"bench/{name}.py has no figures(quick, progress) function")

        def progress(text: str) -> None:
            print(PROGRESS + " ".join(str(text).split()), flush=True)

        found = take(quick, progress)
        if not found:
            raise RuntimeError(f"bench/{name}.py returned no figures")
        rows = []
        for figure in found:
            if not hasattr(figure, "as_dict"):  # bench.figures.Figure is the same class
                raise TypeError(f"bench/{name}.py returned {type(figure).__name__}, not Figure")
            rows.append(figure_row(name, figure))
    except BaseException as exc:  # any failure is this bench's failed row
        traceback.print_exc()
        error = f"{type(exc).__name__}: {exc}".strip()
        rows = [failed_row(name, name, error)]
    result.write_text(json.dumps(rows, default=str))
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown (Qt, mediapipe threads): the rows are written


def run_bench(name: str, quick: bool, logs: Path, on_progress) -> list[dict]:
    """Run one bench in a child process; its rows, or one failed row when it broke."""
    result = logs / f"{name}.json"
    result.unlink(missing_ok=True)
    log_path = logs / f"{name}.log"
    env = dict(os.environ)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    command = [sys.executable, str(Path(__file__).resolve()), "--child", name]
    command += ["--result", str(result)] + (["--quick"] if quick else [])
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=log, text=True
        )
        for line in process.stdout:
            if line.startswith(PROGRESS):
                on_progress(line[len(PROGRESS) :].strip())
            else:
                log.write(line)
        code = process.wait()
    if result.is_file():
        rows = json.loads(result.read_text())
        for row in rows:
            if row["failed"] and row["name"] == name:  # the bench broke: its traceback
                row["error"] += f" (traceback in {log_path})"
        return rows
    tail = log_path.read_text(errors="replace").strip().splitlines()[-3:]
    return [failed_row(name, name, f"exited {code} with no figures: {' | '.join(tail)}")]


# --- the whole run ------------------------------------------------------------------------


def _selected(only: list[str] | None, soak: bool) -> list[str]:
    names = list(BENCHES) + ([SOAK] if soak else [])
    if not only:
        return names
    known = names + ([] if soak else [SOAK])
    chosen = []
    for wanted in only:
        aliases = {n: (n, n.removeprefix("bench_")) for n in known}
        match = next((n for n in known if wanted in aliases[n]), None)
        if match is None:
            raise SystemExit(f"error: no bench named {wanted!r}; known: {', '.join(known)}")
        chosen.append(match)
    return chosen


def _kept_rows(out_dir: Path, rerun: list[str]) -> list[dict]:
    """Rows of the benches not rerun, from the folder's previous benchmarks.json."""
    previous = out_dir / "benchmarks.json"
    if not previous.is_file():
        return []
    try:
        old = json.loads(previous.read_text())
    except ValueError:
        return []
    kept = []
    for row in old.get("figures", []):
        if row.get("bench") not in rerun:
            row.setdefault("measured", old.get("started"))
            row["kept"] = True
            kept.append(row)
    return kept


def run(args) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    names = _selected(args.only, args.soak)
    if args.output_dir:
        out_dir = Path(args.output_dir).resolve()
    elif args.quick:
        out_dir = Path(tempfile.mkdtemp(prefix="kiosk-bench-quick-"))
    else:
        out_dir = ROOT / "docs"
    out_dir.mkdir(parents=True, exist_ok=True)
    if out_dir == ROOT / "docs":  # the benches' own output stays out of the docs
        logs = Path(tempfile.mkdtemp(prefix="kiosk-bench-logs-"))
    else:
        logs = out_dir / "bench-logs"
        logs.mkdir(exist_ok=True)
    console = Console(stderr=True)
    started, clock = dt.datetime.now(dt.UTC), time.monotonic()
    machine = {
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "ram_gib": _ram_gib(),
        "system": f"{platform.system()} {platform.release()}, Python {platform.python_version()}",
        "load_start": _load(),
    }
    rows: list[dict] = []
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task("benchmarks", total=len(names))
        for name in names:  # one after another: two cores, and each would slow the others
            bar.update(task, description=f"{name}: starting")
            began = time.monotonic()

            def on_progress(text: str, name=name) -> None:
                bar.update(task, description=f"{name}: {text}"[:90])

            found = run_bench(name, args.quick, logs, on_progress)
            failed = sum(1 for row in found if row["failed"])
            bar.console.print(
                f"{name}: {len(found) - failed} figure(s), {failed} failed, "
                f"{time.monotonic() - began:.0f} s"
            )
            rows += found
            bar.advance(task)
        bar.update(task, description="benchmarks done")
    machine["load_end"] = _load()
    if args.only:
        order = [*BENCHES, SOAK]
        rows = _kept_rows(out_dir, names) + rows
        rows.sort(key=lambda r: order.index(r["bench"]) if r["bench"] in order else len(order))
    report = {
        "started": started.strftime("%Y-%m-%d %H:%M UTC"),
        "seconds": time.monotonic() - clock,
        "quick": args.quick,
        "commit": _commit(),
        "machine": machine,
        "benches": names,
        "partial": bool(args.only),
        "figures": rows,
    }
    (out_dir / "benchmarks.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    (out_dir / "benchmarks.md").write_text(markdown(report), encoding="utf-8")
    failed = [row["name"] for row in rows if row["failed"]]
    print(
        f"wrote {out_dir / 'benchmarks.md'} and benchmarks.json in {report['seconds']:.0f} s: "
        f"{len(rows)} rows, {len(failed)} failed{': ' + ', '.join(failed) if failed else ''}; "
        f"the benches' output is in {logs}"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny counts; temporary folder")
    parser.add_argument("--soak", action="store_true", help="also run the soak (it takes long)")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these benches")
    parser.add_argument("--output-dir", help="where to write (default docs/; --quick: a tmp dir)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.quick, args.result)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
