"""Doctor checks for the server: reachable, the clock against the server's, and this kiosk's
enrollment still valid (not revoked). One signed, read-only request (GET /configuration):
its answer or the server's error code tells all three (kiosk/doctor.py has the model)."""

from __future__ import annotations

import datetime as dt
import email.utils
import time
from pathlib import Path

from kiosk.doctor import CheckResult, fail, ok, warn
from sync.errors import DEFAULT_FIX, FIXES, KioskProblem, Offline, SyncError

NOT_CHECKED_HINT = "Fix the server check first."
OFFLINE_HINT = (
    "Check the network (cable, Wi-Fi, proxy) and that server.url in `kiosk config show` is the "
    "server's address; the kiosk keeps working offline and sends later."
)


def _server_skew(response) -> float | None:
    """Seconds the kiosk's clock is ahead of the server's, from the answer's Date header."""
    try:
        server = email.utils.parsedate_to_datetime(response.headers["Date"])
    except (KeyError, TypeError, ValueError):
        return None
    return time.time() - server.replace(tzinfo=server.tzinfo or dt.UTC).timestamp()


def check_server(data_dir: Path, config, max_skew_s: float = 60.0) -> list[CheckResult]:
    import requests

    from sync.client import ServerClient, error_for

    try:
        client = ServerClient.for_kiosk(Path(data_dir), config, pool_size=1)
    except SyncError as exc:
        hint = FIXES.get(exc.code, DEFAULT_FIX)
        return [
            warn("server", "not checked (kiosk not enrolled)", hint),
            warn("clock", "not checked (kiosk not enrolled)", hint),
            fail("enrollment", f"not usable ({exc.code})", hint),
        ]
    url = client.base_url
    try:
        started = time.perf_counter()
        try:
            response = client.session.request(
                "GET", client.url("/configuration"), timeout=client.timeout
            )
        except requests.exceptions.SSLError:
            return [
                fail("server", f"{url}: TLS certificate not accepted", FIXES["tls_error"]),
                warn("clock", "not checked", NOT_CHECKED_HINT),
                warn("enrollment", "not checked", NOT_CHECKED_HINT),
            ]
        except requests.exceptions.RequestException as exc:
            return [
                fail("server", f"{url} cannot be reached ({type(exc).__name__})", OFFLINE_HINT),
                warn("clock", "not checked (server unreachable)", NOT_CHECKED_HINT),
                warn("enrollment", "not checked (server unreachable)", NOT_CHECKED_HINT),
            ]
        took_ms = (time.perf_counter() - started) * 1000
    finally:
        client.close()
    results = [ok("server", f"{url} answered in {took_ms:.0f} ms")]
    skew = _server_skew(response)
    problem = (
        None if response.status_code < 300 or response.status_code == 304 else error_for(response)
    )
    if isinstance(problem, KioskProblem) and problem.code == "clock_skew":
        server_skew = problem.detail.get("skew_s", skew)
        results.append(
            fail(
                "clock",
                f"kiosk clock is {server_skew:+.0f} s off the server's",
                FIXES["clock_skew"],
            )
        )
    elif skew is None:
        results.append(warn("clock", "the server sent no time", NOT_CHECKED_HINT))
    elif abs(skew) > max_skew_s:
        results.append(
            warn("clock", f"kiosk clock is {skew:+.0f} s off the server's", FIXES["clock_skew"])
        )
    else:
        results.append(
            ok("clock", f"kiosk clock within {max(1.0, abs(skew)):.0f} s of the server's")
        )
    if problem is None:
        results.append(ok("enrollment", f"enrolled as kiosk {client.kiosk_id}, accepted"))
    elif isinstance(problem, KioskProblem) and problem.code == "kiosk_revoked":
        results.append(
            fail("enrollment", "the server revoked this kiosk's enrollment", FIXES["kiosk_revoked"])
        )
    elif isinstance(problem, KioskProblem) and problem.code == "clock_skew":
        results.append(warn("enrollment", "not checked (clock)", FIXES["clock_skew"]))
    elif isinstance(problem, KioskProblem):
        results.append(
            fail(
                "enrollment",
                f"the server refused the kiosk ({problem.code})",
                FIXES.get(problem.code, DEFAULT_FIX),
            )
        )
    elif isinstance(problem, Offline):
        results[0] = warn(
            "server",
            f"{url} answered with a temporary error ({problem.code})",
            "The server is busy or being updated; try again in a few minutes.",
        )
        results.append(warn("enrollment", "not checked (server busy)", NOT_CHECKED_HINT))
    else:
        results.append(
            fail("enrollment", f"the server refused the request ({problem.code})", DEFAULT_FIX)
        )
    return results
