"""`kiosk doctor`'s model: check results, the runner and the exit code (Qt-free).

Each check is a small function in the layer that owns the thing it looks at (camera/doctor.py,
sync/doctor.py, printing/doctor.py, kiosk/store/health.py, this module for the disk and the
version); app/doctor.py composes the list, so the command line and a future maintenance screen
run the same checks. A check returns one CheckResult or a list of them and never raises: the
runner turns a crash into `fail` with the exception's type. Details and hints are plain
English for technicians and never hold personal data.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

OK, WARN, FAIL = "ok", "warn", "fail"
STATUSES = (OK, WARN, FAIL)
EXIT_FAIL = 1


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: str  # ok / warn / fail
    detail: str
    hint: str = ""  # one fix in plain words; empty when there is nothing to do

    def to_dict(self) -> dict:
        return asdict(self)


Check = Callable[[], "CheckResult | list[CheckResult]"]


def ok(name: str, detail: str) -> CheckResult:
    return CheckResult(name, OK, detail)


def warn(name: str, detail: str, hint: str) -> CheckResult:
    return CheckResult(name, WARN, detail, hint)


def fail(name: str, detail: str, hint: str) -> CheckResult:
    return CheckResult(name, FAIL, detail, hint)


def run_check(name: str, check: Check) -> list[CheckResult]:
    """Run one check; an exception becomes `fail` naming its type (never its message, which
    might quote data)."""
    try:
        result = check()
    except Exception as exc:  # a check must never take the doctor down
        return [
            fail(
                name,
                f"the check crashed ({type(exc).__name__})",
                "Run `kiosk -v doctor` and send the output with `kiosk support-bundle`.",
            )
        ]
    results = [result] if isinstance(result, CheckResult) else list(result)
    for r in results:
        if r.status not in STATUSES:
            raise ValueError(f"check {r.name}: unknown status {r.status!r}")
    return results


def run_checks(checks: Iterable[tuple[str, Check]]) -> list[CheckResult]:
    results: list[CheckResult] = []
    for name, check in checks:
        results.extend(run_check(name, check))
    return results


def exit_code(results: Iterable[CheckResult]) -> int:
    return EXIT_FAIL if any(r.status == FAIL for r in results) else 0


def to_json(results: Iterable[CheckResult]) -> str:
    return json.dumps([r.to_dict() for r in results], indent=2)


def format_text(results: Iterable[CheckResult]) -> str:
    results = list(results)
    width = max((len(r.name) for r in results), default=0)
    lines = []
    for r in results:
        lines.append(f"{r.status.upper():4}  {r.name.ljust(width)}  {r.detail}")
        if r.hint and r.status != OK:
            lines.append(f"{'':4}  {'':{width}}  fix: {r.hint}")
    return "\n".join(lines)


# --- checks owned by the core ---------------------------------------------------------------


def check_disk(data_dir: Path, warn_mb: float, fail_mb: float) -> CheckResult:
    """Free space where the data (store, logs, reprint queue) lives."""
    path = Path(data_dir)
    while not path.exists() and path != path.parent:
        path = path.parent
    free_mb = shutil.disk_usage(path).free / 1_048_576
    detail = f"{free_mb:,.0f} MB free in the data folder"
    hint = (
        "Free disk space on the kiosk (old files, logs) or fit a larger disk; the queue of "
        "applications needs room."
    )
    if free_mb < fail_mb:
        return fail("disk", f"{detail} (below {fail_mb:g} MB)", hint)
    if free_mb < warn_mb:
        return warn("disk", f"{detail} (below {warn_mb:g} MB)", hint)
    return ok("disk", detail)


def check_version() -> CheckResult:
    from kiosk import __version__

    return ok("version", f"mpp-kiosk {__version__}")
