"""Fleet updates on the kiosk: stage a verified build, switch to it when idle, check it, roll back.

Layout, in the kiosk's state folder (the `kiosk` user's; /opt stays root's):

    /var/lib/mpp-kiosk/releases/
        0.2.0+g1a2b3c4/        a build (its executable: 0.2.0+g1a2b3c4/kiosk)
        current -> 0.2.0+g1a2b3c4      what mpp-kiosk-session starts (else /opt/mpp-kiosk/kiosk)
        previous -> /opt/mpp-kiosk     what ran before the last switch
        downloads/<sha256>.part        a download in progress (resumed with HTTP Range)
        state.json                     the update state (UpdateReport fields, and what it needs)

stage(): the archive is fetched into the .part file (never more than the size the signed
manifest declares), its SHA-256 checked, unpacked with tarfile's "data" filter into
`<version>.new` and renamed to `<version>`; anything wrong leaves nothing in the folder.
switch() (only when no citizen is at the kiosk; the UI decides): `previous` then `current` are
replaced atomically (a new link renamed over the old), and the process exits with EXIT_RESTART
so systemd (Restart=always) starts the new build. after_start_check(), run by every build at
start once the store is open: a build just switched to runs its health check; passing makes
the state `switched`; failing switches back to `previous` (`rolled_back`, and the process exits
to restart on it) unless the store was already migrated past the schema the previous build
reads, which would only make it refuse to start: then the new build keeps running
(`rollback_refused`). Store schemas are recorded per build (the manifest's store_schema when
staging, SCHEMA_HEAD of the running build when switching away from it); revisions are numbered
("0004"), so "past" is a numeric comparison.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.updates.files import (
    UpdateFailed,
    link_target,
    now_iso,
    point,
    read_state,
    remove_tree,
    unpack,
    write_atomic,
    write_state,
)

log = logging.getLogger(__name__)

EXIT_RESTART = 75  # the kiosk exits with this after a switch or a rollback: start `current`
VERSION = re.compile(r"^[0-9][0-9A-Za-z.+_-]{0,63}$")  # protocol.release's pattern
REPORT_FIELDS = ("state", "target_version", "previous_version", "detail", "changed_at")


@dataclass(frozen=True)
class Release:
    """What the updater needs of a verified release manifest."""

    version: str
    sha256: str
    size: int
    store_schema: str | None = None


class RestartForUpdate(KioskError):
    """Raised at start after a rollback: exit with EXIT_RESTART so the previous build starts."""

    exit_code = EXIT_RESTART


def release_key(version: str) -> tuple[int, ...]:
    """The numeric release of a version ("0.2.0+g1a2b3c4" -> (0, 2, 0)): what "newer" means."""
    match = re.match(r"^[0-9]+(?:\.[0-9]+)*", version)
    return tuple(int(part) for part in match.group(0).split(".")) if match else ()


def is_newer(version: str, than: str) -> bool:
    return release_key(version) > release_key(than)


def schema_key(revision: str) -> tuple[int, str]:
    return (int(revision), "") if revision.isdigit() else (10**9, revision)


def store_past(revisions: set[str], schema: str) -> bool:
    """Whether the store (at `revisions`) was migrated past `schema` (a build's newest)."""
    return any(schema_key(rev) > schema_key(schema) for rev in revisions)


class Updates:
    """The updater of one kiosk. `running_version`: this process's build (kiosk.version);
    `schema_head`: its store schema (kiosk.store.SCHEMA_HEAD); `installed_build`: the build
    install.sh put in /opt, which runs while `current` does not exist."""

    def __init__(
        self,
        releases: Path,
        running_version: str,
        *,
        schema_head: str | None = None,
        installed_build: Path | None = None,
    ):
        self.folder = Path(releases)
        self.running_version = running_version
        self.schema_head = schema_head
        self.installed_build = installed_build
        self.state_file = self.folder / "state.json"
        self.current = self.folder / "current"
        self.previous = self.folder / "previous"
        self.downloads = self.folder / "downloads"
        # Present from a switch until the new build's check: mpp-kiosk-session adds a line at
        # each start and goes back to `previous` after 3 starts that never got that far.
        self.trial = self.folder / "trial"
        self._lock = threading.Lock()

    # ----- state ------------------------------------------------------------------------------

    def state(self) -> dict:
        return read_state(self.state_file)

    def _record(self, **changes) -> dict:
        state = self.state()
        if "state" in changes and changes["state"] != state.get("state"):
            changes.setdefault("changed_at", now_iso())
        state.update(changes)
        self.folder.mkdir(parents=True, exist_ok=True)
        write_state(self.state_file, state)
        return state

    def report(self) -> dict:
        """The heartbeat's UpdateReport (protocol/release.py) as a dict."""
        state = self.state()
        report = {key: state.get(key) for key in REPORT_FIELDS}
        report["state"] = report["state"] or "idle"
        report["running_version"] = self.running_version
        return report

    def skip_reason(self, release: Release) -> str | None:
        """Why `release` is not wanted (None: stage it)."""
        if not VERSION.match(release.version):
            return "bad_version"
        if not is_newer(release.version, self.running_version):
            return "not_newer"
        state = self.state()
        if release.version in state.get("rolled_back", []):
            return "rolled_back"
        if state.get("awaiting_check"):  # switched, the new build has not checked itself yet
            return "switch_pending"
        if self.staged() == release.version:
            return "already_staged"
        return None

    def staged(self) -> str | None:
        """The version downloaded, verified and unpacked, waiting for an idle kiosk."""
        state = self.state()
        version = state.get("target_version")
        if state.get("state") != "staged" or state.get("awaiting_check") or not version:
            return None
        return version if (self.folder / version / "kiosk").is_file() else None

    @contextlib.contextmanager
    def _exclusive(self) -> Iterator[None]:
        """One updater at a time: this process's threads and `kiosk update check`."""
        self.folder.mkdir(parents=True, exist_ok=True)
        # Never waits: the UI thread must not block behind a download (the watchdog).
        if not self._lock.acquire(blocking=False):
            raise UpdateFailed("busy", "another update runs in this kiosk process")
        try:
            with open(self.folder / ".lock", "a") as handle:
                try:
                    import fcntl

                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except ImportError:  # Windows: no symlink switching there anyway
                    pass
                except OSError:
                    raise UpdateFailed("busy", "another update runs on this kiosk") from None
                yield
        finally:
            self._lock.release()

    # ----- stage -------------------------------------------------------------------------------

    def stage(self, release: Release, fetch: Callable[[Path, int], None]) -> str:
        """Download (fetch(part_file, size_limit) appends to the part file; the HTTP half lives
        in sync/release.py), verify and unpack `release`. Returns the state recorded."""
        with self._exclusive():
            reason = self.skip_reason(release)
            if reason is not None:
                log.info("release %s not staged: %s", release.version, reason)
                return self.state().get("state", "idle")
            self._record(
                state="downloading",
                target_version=release.version,
                detail=None,
            )
            self.downloads.mkdir(parents=True, exist_ok=True)
            part = self.downloads / f"{release.sha256}.part"
            try:
                fetch(part, release.size)
                verify_download(part, release)
                unpack(part, self.folder / release.version)
            except UpdateFailed as exc:
                part.unlink(missing_ok=True)
                log.warning("release %s refused: %s (%s)", release.version, exc.code, exc)
                self._record(state="failed", detail=exc.code)
                return "failed"
            except Exception:  # offline, cut connection: the part file is resumed next time
                self._record(detail="interrupted")
                raise
            part.unlink(missing_ok=True)
            builds = self.state().get("builds", {})
            builds[release.version] = {"store_schema": release.store_schema}
            self._record(state="staged", detail=None, builds=builds)
            log.info("release %s staged; it starts when the kiosk is idle", release.version)
            return "staged"

    # ----- switch -------------------------------------------------------------------------------

    def switch(self) -> str:
        """Make the staged build `current` (the caller then exits with EXIT_RESTART)."""
        with self._exclusive():
            version = self.staged()
            if version is None:
                raise UpdateFailed("nothing_staged", "no staged build to switch to")
            running = link_target(self.current) or self.installed_build
            builds = self.state().get("builds", {})
            builds.setdefault(self.running_version, {})["store_schema"] = self.schema_head
            if running is not None:
                point(self.previous, _relative(running, self.folder))
            point(self.current, version)
            write_atomic(self.trial, b"")
            self._record(
                previous_version=self.running_version,
                awaiting_check=version,
                builds=builds,
                detail="restarting",
            )
            log.info("switched to release %s (from %s)", version, self.running_version)
            return version

    # ----- after start ------------------------------------------------------------------------

    def after_start_check(
        self, health: Callable[[], list[str]], store_revisions: Callable[[], set[str]]
    ) -> str | None:
        """Run at every start once the store is open. health(): names of failing checks.
        Returns the state recorded when this start ended a switch, else None; raises
        RestartForUpdate after a rollback."""
        state = self.state()
        awaiting = state.get("awaiting_check")
        if not awaiting:
            self._prune(state)
            return None
        with self._exclusive():
            if awaiting != self.running_version:
                # The switched build never got here (it would not start): we are the build
                # started instead of it, by hand or by the session's fallback.
                log.error(
                    "release %s did not start; release %s runs instead",
                    awaiting,
                    self.running_version,
                )
                self._go_back()
                self.trial.unlink(missing_ok=True)
                return self._rolled_back(state, awaiting, "new_build_did_not_start")
            previous = state.get("previous_version")
            schema = state.get("builds", {}).get(previous or "", {}).get("store_schema")
            revisions = store_revisions()
            if schema and store_past(revisions, schema):
                # Should this build die in its check, the session must not go back to one that
                # refuses this store.
                self.trial.unlink(missing_ok=True)
            failing = health()
            self.trial.unlink(missing_ok=True)
            if not failing:
                self._record(state="switched", awaiting_check=None, detail=None)
                log.info("release %s passed its health check", awaiting)
                self._prune(self.state())
                return "switched"
            log.error(
                "release %s failed its health check (%s)", awaiting, ", ".join(sorted(failing))
            )
            if schema and store_past(revisions, schema):
                log.error(
                    "rollback to release %s refused: the kiosk database was migrated to schema "
                    "%s, newer than the %s that release reads, so it would refuse to start. "
                    "Release %s keeps running degraded; publish a fixed release.",
                    previous,
                    ", ".join(sorted(revisions)),
                    schema,
                    awaiting,
                )
                self._record(state="rollback_refused", awaiting_check=None, detail="store_migrated")
                return "rollback_refused"
            if not self._go_back():
                log.error("no previous build to go back to; release %s keeps running", awaiting)
                self._record(state="rollback_refused", awaiting_check=None, detail="no_previous")
                return "rollback_refused"
            self._rolled_back(state, awaiting, "health_check_failed")
            raise RestartForUpdate(f"release {awaiting} failed its health check: rolled back")

    def _go_back(self) -> bool:
        """`current` back to the `previous` build (atomically); False when there is none."""
        back = link_target(self.previous)
        if back is None:
            return False
        point(self.current, _relative(back, self.folder))
        self.previous.unlink()
        return True

    def _rolled_back(self, state: dict, version: str, detail: str) -> str:
        refused = [v for v in state.get("rolled_back", []) if v != version] + [version]
        self._record(
            state="rolled_back",
            awaiting_check=None,
            detail=detail,
            target_version=version,
            previous_version=version,  # what ran before the build running now
            rolled_back=refused[-20:],
        )
        return "rolled_back"

    def _prune(self, state: dict) -> None:
        """Delete builds neither current, previous nor staged (each is ~600 MB)."""
        if not self.folder.is_dir():
            return
        keep = {self.running_version}
        if state.get("state") in ("downloading", "staged"):
            keep.add(state.get("target_version"))
        for link in (self.current, self.previous):
            target = link_target(link)
            if target is not None:
                keep.add(target.name)
        for entry in self.folder.iterdir():
            if entry.is_symlink() or not entry.is_dir() or not VERSION.match(entry.name):
                continue
            if entry.name not in keep:
                log.info("deleting the old build %s", entry.name)
                remove_tree(entry)


def verify_download(part: Path, release: Release) -> None:
    import hashlib

    size = part.stat().st_size if part.exists() else 0
    if size > release.size:
        raise UpdateFailed("too_large", f"the download is {size} bytes, {release.size} declared")
    if size != release.size:
        raise UpdateFailed("size_mismatch", f"the download is {size} of {release.size} bytes")
    digest = hashlib.sha256()
    with open(part, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != release.sha256:
        raise UpdateFailed("digest_mismatch", "the download's SHA-256 is not the manifest's")


def _relative(target: Path, folder: Path) -> str:
    """A link target: relative inside the releases folder, absolute outside (/opt)."""
    try:
        return str(Path(target).resolve().relative_to(folder.resolve()))
    except ValueError:
        return str(Path(target).resolve())


def releases_folder(data_dir: Path) -> Path:
    return Path(data_dir) / "releases"
