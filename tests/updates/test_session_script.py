"""build/deploy/mpp-kiosk-session starts releases/current/kiosk when that link names a build,
else the installed build; install.sh makes a build installed by hand win over an update's.
The session runs for real with a stand-in `cage` on PATH that starts its client as cage would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from builds import build_archive, copy_fetch, make_build, release_for

from kiosk.updates import Updates

DEPLOY = Path(__file__).resolve().parents[2] / "build" / "deploy"
OLD, NEW = "0.1.0+g1111111", "0.2.0+g2222222"


@pytest.fixture
def cage(tmp_path) -> Path:
    """A `cage` that runs what follows `--` (the compositor itself is cage_smoke.py's test)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "cage"
    script.write_text('#!/bin/sh\nwhile [ "$1" != "--" ]; do shift; done\nshift\nexec "$@"\n')
    script.chmod(0o755)
    return folder


def start(cage: Path, installed: Path, data: Path) -> subprocess.CompletedProcess:
    env = dict(
        os.environ,
        PATH=f"{cage}{os.pathsep}{os.environ['PATH']}",
        MPP_KIOSK_HOME=str(installed),
        MPP_KIOSK_DATA_DIR=str(data),
    )
    return subprocess.run(
        ["sh", str(DEPLOY / "mpp-kiosk-session"), "run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )


def session(cage: Path, installed: Path, data: Path) -> str:
    result = start(cage, installed, data)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_session_starts_the_current_release_else_the_installed_build(tmp_path, cage):
    installed = make_build(tmp_path / "opt", OLD)
    data = tmp_path / "data"
    releases = data / "releases"
    assert session(cage, installed, data) == f"mpp-kiosk {OLD}\n"  # no releases folder yet
    releases.mkdir(parents=True)
    make_build(tmp_path / "unpacked", NEW).rename(releases / NEW)
    (releases / "current").symlink_to(NEW)
    assert session(cage, installed, data) == f"mpp-kiosk {NEW}\n"
    (releases / "current").unlink()
    (releases / "current").symlink_to("0.9.9")  # dangling: the build was deleted
    assert session(cage, installed, data) == f"mpp-kiosk {OLD}\n"
    (releases / "0.9.9").mkdir()  # a folder without its executable is not a build
    assert session(cage, installed, data) == f"mpp-kiosk {OLD}\n"


def test_install_drops_the_update_links_so_the_installed_build_runs(tmp_path):
    build = tmp_path / "build" / "kiosk"
    (build / "_internal").mkdir(parents=True)
    (build / "kiosk").symlink_to(Path(sys.executable).with_name("kiosk"))
    dest = tmp_path / "dest"
    releases = dest / "var/lib/mpp-kiosk/releases"
    releases.mkdir(parents=True)
    make_build(tmp_path / "unpacked", NEW).rename(releases / NEW)
    for name in ("current", "previous"):
        (releases / name).symlink_to(NEW)
    result = subprocess.run(
        ["sh", str(DEPLOY / "install.sh"), str(build)],
        env=dict(os.environ, DESTDIR=str(dest)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in releases.iterdir()) == [NEW]  # the build stays, for pruning


def test_a_build_that_never_reaches_its_check_is_replaced_after_three_starts(tmp_path, cage):
    """A switched build that dies at start (before its health check: a missing library) is
    started 3 times by systemd's restarts; the 4th start is the previous build's, which then
    records the rollback."""
    installed = make_build(tmp_path / "opt", OLD)
    data = tmp_path / "data"
    updates = Updates(data / "releases", OLD, schema_head="0004", installed_build=installed)
    archive = build_archive(tmp_path, NEW)
    assert updates.stage(release_for(archive, NEW), copy_fetch(archive)) == "staged"
    # The new build's executable dies at once, whatever it is asked.
    (data / "releases" / NEW / "kiosk").write_text("#!/bin/sh\necho crashed >&2\nexit 134\n")
    updates.switch()
    for _ in range(3):
        result = start(cage, installed, data)
        assert (result.returncode, result.stderr) == (134, "crashed\n")
    assert session(cage, installed, data) == f"mpp-kiosk {OLD}\n"
    assert not (data / "releases" / "trial").exists()
    assert updates.after_start_check(lambda: [], lambda: {"0004"}) == "rolled_back"
    report = updates.report()
    assert (report["state"], report["detail"], report["target_version"]) == (
        "rolled_back",
        "new_build_did_not_start",
        NEW,
    )
    assert session(cage, installed, data) == f"mpp-kiosk {OLD}\n"


def test_a_build_that_reached_its_check_is_not_replaced(tmp_path, cage):
    installed = make_build(tmp_path / "opt", OLD)
    data = tmp_path / "data"
    old = Updates(data / "releases", OLD, schema_head="0004", installed_build=installed)
    archive = build_archive(tmp_path, NEW)
    old.stage(release_for(archive, NEW), copy_fetch(archive))
    old.switch()
    assert session(cage, installed, data) == f"mpp-kiosk {NEW}\n"
    new = Updates(data / "releases", NEW, schema_head="0004", installed_build=installed)
    assert new.after_start_check(lambda: [], lambda: {"0004"}) == "switched"
    for _ in range(5):  # later restarts (a crash, a reboot) keep the new build
        assert session(cage, installed, data) == f"mpp-kiosk {NEW}\n"
