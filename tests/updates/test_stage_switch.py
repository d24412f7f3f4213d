"""The updater's core (kiosk/updates) on real files: stand-in builds packed as real tar.gz
archives, staged, switched with symlinks, started as real processes, checked and rolled back
against a real kiosk store. The network half (sync/release.py) is in test_release_server.py."""

from __future__ import annotations

import logging
import os
import sqlite3
import tarfile
import threading

import pytest
from builds import (
    GOOD_EXECUTABLE,
    build_archive,
    copy_fetch,
    file_member,
    hostile_archive,
    link_member,
    make_build,
    release_for,
    run_current,
    tree,
)

from kiosk.paths import database_file
from kiosk.store import SCHEMA_HEAD, Store, current_revisions
from kiosk.updates import Release, RestartForUpdate, Updates
from kiosk.updates.files import point

OLD, NEW = "0.1.0+g1111111", "0.2.0+g2222222"


@pytest.fixture
def installed(tmp_path):
    """The build install.sh put in /opt/mpp-kiosk (a stand-in of the running version)."""
    return make_build(tmp_path / "opt", OLD)


def updater(tmp_path, installed, running=OLD, schema=SCHEMA_HEAD) -> Updates:
    return Updates(
        tmp_path / "data" / "releases", running, schema_head=schema, installed_build=installed
    )


def builds_in(updates: Updates) -> list[str]:
    return sorted(p.name for p in updates.folder.iterdir() if p.is_dir() and p.name[0].isdigit())


def health(updates: Updates):
    """The new build's health check: its own `kiosk doctor`, run as a process."""
    return lambda: [] if run_current(updates, "doctor").returncode == 0 else ["doctor"]


def test_a_release_is_verified_unpacked_and_switched_to(tmp_path, installed):
    archive = build_archive(tmp_path, NEW)
    updates = updater(tmp_path, installed)
    assert updates.stage(release_for(archive, NEW, "0004"), copy_fetch(archive)) == "staged"
    assert updates.staged() == NEW
    assert builds_in(updates) == [NEW]
    assert list(updates.downloads.iterdir()) == []  # the .part file is gone once unpacked
    assert not updates.current.exists()  # nothing switched before the kiosk is idle

    assert updates.switch() == NEW
    assert os.readlink(updates.current) == NEW  # relative, inside the releases folder
    assert os.readlink(updates.previous) == str(installed)
    assert run_current(updates).stdout == f"mpp-kiosk {NEW}\n"
    assert updates.report()["previous_version"] == OLD
    # Until the new build has checked itself, nothing else is staged (the check needs the state).
    later = build_archive(tmp_path, "0.3.0")
    assert updates.skip_reason(release_for(later, "0.3.0")) == "switch_pending"

    # The new build starts and passes its health check.
    started = updater(tmp_path, installed, running=NEW)
    assert started.after_start_check(health(started), lambda: {SCHEMA_HEAD}) == "switched"
    report = started.report()
    assert (report["state"], report["running_version"], report["previous_version"]) == (
        "switched",
        NEW,
        OLD,
    )
    assert report["detail"] is None and report["changed_at"]


def test_a_tampered_byte_fails_the_digest_and_leaves_nothing(tmp_path, installed):
    archive = build_archive(tmp_path, NEW)
    release = release_for(archive, NEW)
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    archive.write_bytes(bytes(data))
    updates = updater(tmp_path, installed)
    assert updates.stage(release, copy_fetch(archive)) == "failed"
    report = updates.report()
    assert (report["state"], report["detail"], report["target_version"]) == (
        "failed",
        "digest_mismatch",
        NEW,
    )
    assert builds_in(updates) == [] and list(updates.downloads.iterdir()) == []
    assert not updates.current.exists() and updates.staged() is None
    with pytest.raises(Exception, match="no staged build"):
        updates.switch()


HOSTILE = {
    # a path that climbs out of the folder, inside and outside kiosk/
    "dotdot_inside": ([file_member("kiosk/../../evil", b"x")], "unsafe_archive"),
    "dotdot": ([file_member("../evil", b"x")], "unexpected_member"),
    "absolute": ([file_member("/tmp/mpp-kiosk-evil", b"x")], "unexpected_member"),
    "symlink_absolute": ([link_member("kiosk/etc", "/etc")], "unsafe_archive"),
    "symlink_out": ([link_member("kiosk/up", "../../..")], "unsafe_archive"),
    "write_through_link": (
        [link_member("kiosk/up", "../.."), file_member("kiosk/up/evil", b"x")],
        "unsafe_archive",
    ),
    "hardlink_out": ([link_member("kiosk/passwd", "/etc/passwd", hard=True)], "unsafe_archive"),
    "device": ([(tarfile.TarInfo("kiosk/tty"), None)], "unexpected_member"),
    "outside_top": ([file_member("other/kiosk", b"x")], "unexpected_member"),
}
HOSTILE["device"][0][0][0].type = tarfile.CHRTYPE


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_archive_is_refused_and_nothing_escapes(tmp_path, installed, name):
    members, code = HOSTILE[name]
    archive = hostile_archive(tmp_path / "hostile.tar.gz", GOOD_EXECUTABLE, *members)
    updates = updater(tmp_path, installed)
    before = tree(tmp_path)
    assert updates.stage(release_for(archive, NEW), copy_fetch(archive)) == "failed"
    assert updates.report()["detail"] == code
    assert builds_in(updates) == [] and list(updates.downloads.iterdir()) == []
    assert not (tmp_path / "evil").exists() and not os.path.lexists("/tmp/mpp-kiosk-evil")
    created = set(tree(tmp_path)) - set(before)
    assert created <= {"data", "data/releases", *(f"data/releases/{n}" for n in (
        ".lock", "downloads", "state.json"))}  # fmt: skip


def test_an_archive_without_its_executable_is_refused(tmp_path, installed):
    archive = hostile_archive(
        tmp_path / "empty.tar.gz", file_member("kiosk/_internal/library.bin", b"x" * 100)
    )
    updates = updater(tmp_path, installed)
    assert updates.stage(release_for(archive, NEW), copy_fetch(archive)) == "failed"
    assert updates.report()["detail"] == "no_executable"
    assert builds_in(updates) == []


def test_an_archive_bigger_than_declared_is_refused(tmp_path, installed):
    archive = build_archive(tmp_path, NEW)
    real = release_for(archive, NEW)
    declared = Release(NEW, real.sha256, real.size - 10)
    updates = updater(tmp_path, installed)
    assert updates.stage(declared, copy_fetch(archive)) == "failed"
    assert updates.report()["detail"] == "too_large"
    assert builds_in(updates) == [] and list(updates.downloads.iterdir()) == []


def test_current_always_names_a_complete_build_while_switching(tmp_path, installed):
    """A reader resolving `current` (mpp-kiosk-session starting the kiosk) while builds are
    switched back and forth never finds it missing or pointing at a half-made build."""
    archive = build_archive(tmp_path, NEW)
    updates = updater(tmp_path, installed)
    updates.stage(release_for(archive, NEW), copy_fetch(archive))
    updates.switch()
    other = make_build(tmp_path / "other", "0.1.5")
    seen, stop = [], threading.Event()

    def read() -> None:
        while not stop.is_set():
            seen.append((updates.current / "kiosk").is_file())

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(300):
            point(updates.current, str(other))
            point(updates.current, NEW)
    finally:
        stop.set()
        reader.join()
    assert seen and all(seen)
    assert sorted(p.name for p in updates.folder.iterdir() if p.name.startswith(".")) == [
        ".lock"
    ]  # no temporary link left behind
    assert run_current(updates).stdout == f"mpp-kiosk {NEW}\n"


def test_a_failing_health_check_rolls_back_to_the_previous_build(tmp_path, installed, caplog):
    archive = build_archive(tmp_path, NEW, healthy=False)
    old = updater(tmp_path, installed)
    old.stage(release_for(archive, NEW, SCHEMA_HEAD), copy_fetch(archive))
    old.switch()
    store = Store.open(tmp_path / "data")
    store.close()
    new = updater(tmp_path, installed, running=NEW)
    revisions = lambda: current_revisions(database_file(tmp_path / "data"))  # noqa: E731
    with caplog.at_level(logging.ERROR), pytest.raises(RestartForUpdate) as restart:
        new.after_start_check(health(new), revisions)
    assert restart.value.exit_code == 75
    assert f"release {NEW} failed its health check" in caplog.text
    # systemd restarts the kiosk: the previous build runs again.
    assert run_current(new).stdout == f"mpp-kiosk {OLD}\n"
    assert not new.previous.exists()
    report = new.report()
    assert (report["state"], report["detail"], report["target_version"]) == (
        "rolled_back",
        "health_check_failed",
        NEW,
    )
    # The previous build starts: nothing more to check, and the release is never staged again.
    again = updater(tmp_path, installed)
    assert again.after_start_check(health(again), revisions) is None
    assert again.report()["state"] == "rolled_back" and again.report()["running_version"] == OLD
    assert again.stage(release_for(archive, NEW), copy_fetch(archive)) == "rolled_back"
    assert again.skip_reason(release_for(archive, NEW)) == "rolled_back"


def test_a_rollback_past_a_store_migration_is_refused_and_reported(tmp_path, installed, caplog):
    """The previous build read the store up to schema 0003; the new one migrated it to
    SCHEMA_HEAD. Going back would only make the old build refuse the store: refused."""
    assert SCHEMA_HEAD > "0003"
    archive = build_archive(tmp_path, NEW, healthy=False)
    old = updater(tmp_path, installed, schema="0003")
    old.stage(release_for(archive, NEW, SCHEMA_HEAD), copy_fetch(archive))
    old.switch()
    Store.open(tmp_path / "data").close()  # the new build opened (migrated) the store
    new = updater(tmp_path, installed, running=NEW)
    revisions = lambda: current_revisions(database_file(tmp_path / "data"))  # noqa: E731
    with caplog.at_level(logging.ERROR):
        assert new.after_start_check(health(new), revisions) == "rollback_refused"
    assert (
        f"rollback to release {OLD} refused: the kiosk database was migrated to schema "
        f"{SCHEMA_HEAD}, newer than the 0003 that release reads" in caplog.text
    )
    assert run_current(new).stdout == f"mpp-kiosk {NEW}\n"  # the new build keeps running
    report = new.report()
    assert (report["state"], report["detail"]) == ("rollback_refused", "store_migrated")


def test_only_a_newer_release_is_staged(tmp_path, installed):
    updates = updater(tmp_path, installed)
    for version in (OLD, "0.1.0+g9999999", "0.0.9"):
        archive = build_archive(tmp_path, version)
        assert updates.skip_reason(release_for(archive, version)) == "not_newer"
        assert updates.stage(release_for(archive, version), copy_fetch(archive)) == "idle"
    assert not updates.downloads.exists() or list(updates.downloads.iterdir()) == []
    assert builds_in(updates) == []


def test_builds_no_longer_needed_are_deleted(tmp_path, installed):
    """Each build is ~600 MB: after a switch passed, only current and previous stay."""
    running, updates = OLD, None
    for version in ("0.2.0", "0.3.0", "0.4.0"):
        archive = build_archive(tmp_path, version)
        updates = updater(tmp_path, installed, running=running)
        updates.stage(release_for(archive, version), copy_fetch(archive))
        updates.switch()
        started = updater(tmp_path, installed, running=version)
        assert started.after_start_check(lambda: [], lambda: {SCHEMA_HEAD}) == "switched"
        running = version
    assert builds_in(updates) == ["0.3.0", "0.4.0"]
    assert os.readlink(updates.previous) == "0.3.0"


def test_the_store_revision_comparison_is_numeric(tmp_path):
    from kiosk.updates import store_past

    assert store_past({"0010"}, "0009") and not store_past({"0004"}, "0004")
    assert not store_past({"0003"}, "0004") and not store_past(set(), "0004")
    db = tmp_path / "x.sqlite3"
    sqlite3.connect(db).close()
    assert current_revisions(db) == set()
