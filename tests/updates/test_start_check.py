"""The start-up check as `kiosk run` composes it (app/updates.py): the real health check (the
build's version and face models, loaded in this process) on a build just switched to."""

from __future__ import annotations

from builds import build_archive, copy_fetch, make_build, release_for

from app.updates import check_after_start, health_check, make_updates
from kiosk.store import Store
from kiosk.version import full_version


def test_the_real_health_check_passes_from_source():
    assert health_check() == []


def test_a_build_just_switched_to_checks_itself_at_start(tmp_path):
    data = tmp_path / "data"
    Store.open(data).close()
    running = full_version()
    before = make_updates(data)
    before.running_version = "0.0.1"  # the build that staged and switched
    before.installed_build = make_build(tmp_path / "opt", "0.0.1")
    archive = build_archive(tmp_path, running)
    assert before.stage(release_for(archive, running), copy_fetch(archive)) == "staged"
    assert before.switch() == running
    updates = make_updates(data)  # this process is the new build
    assert check_after_start(updates, data, health_check) == "switched"
    assert check_after_start(updates, data, health_check) is None  # once only
    assert updates.report()["state"] == "switched"


def test_the_start_check_waits_for_another_updater_instead_of_failing_the_start(tmp_path):
    """`kiosk update check` (another process) holds the updater's lock while the kiosk starts:
    the start goes on, and the check happens at the next start."""
    import subprocess
    import sys

    data = tmp_path / "data"
    Store.open(data).close()
    running = full_version()
    before = make_updates(data)
    before.running_version = "0.0.1"
    before.installed_build = make_build(tmp_path / "opt", "0.0.1")
    archive = build_archive(tmp_path, running)
    before.stage(release_for(archive, running), copy_fetch(archive))
    before.switch()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX); "
            "print('held', flush=True); sys.stdin.read()",
            str(before.folder / ".lock"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "held\n"
        updates = make_updates(data)
        assert check_after_start(updates, data, lambda: []) is None
        assert updates.state()["awaiting_check"] == running
    finally:
        holder.stdin.close()
        holder.wait(30)
        holder.stdout.close()
    assert check_after_start(make_updates(data), data, lambda: []) == "switched"
