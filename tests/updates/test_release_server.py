"""Fleet updates against the real reference server (U1's GET /release and
/release/files/{sha256}, Heartbeat.release): the kiosk pulls the signed manifest, downloads
(resuming with Range), verifies, stages, switches, checks itself and reports in the heartbeat."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from builds import build_archive, make_build, run_current
from sync_faultproxy import FaultProxy
from sync_helpers import REPO, kiosk_cli

from kiosk.store import SCHEMA_HEAD
from kiosk.updates import UpdateFailed, Updates
from sync.release import ReleasePuller, download, fetch_manifest, pull_release
from sync.upload.uploader import Uploader, UploaderSettings

OLD = "0.1.0+g1111111"
_published = itertools.count(1)


@pytest.fixture
def new() -> str:
    """A new version for each test: the server takes one build per version."""
    return f"0.2.{next(_published)}+g2222222"


def publish(server, archive: Path, version: str, share: int = 100, schema=SCHEMA_HEAD) -> dict:
    from server.releases import publish as server_publish

    return server_publish(
        server.ctx, archive, version, actor="test", store_schema=schema, share=share
    )


def server_archive(server, sha256: str) -> Path:
    from server.releases import archive_path

    return archive_path(server.ctx, sha256)


def reported(server, kiosk_id: str):
    from server.models import Kiosk as KioskRow

    with server.ctx.db() as db:
        row = db.get(KioskRow, kiosk_id)
        return row.release_state, row.release_running, row.release_previous, row.release_detail


@pytest.fixture
def installed(tmp_path) -> Path:
    return make_build(tmp_path / "opt", OLD)


def updates_for(kiosk, installed, running=OLD) -> Updates:
    return Updates(
        kiosk.data_dir / "releases", running, schema_head=SCHEMA_HEAD, installed_build=installed
    )


def heartbeat(kiosk, updates: Updates) -> None:
    uploader = Uploader(
        kiosk.store,
        kiosk.client(),
        kiosk.identity.kiosk_id,
        UploaderSettings(heartbeat_s=60),
        release=updates.report,
    )
    try:
        uploader.heartbeat_if_due()
    finally:
        uploader.stop()


def test_a_published_release_is_staged_switched_checked_and_reported(
    tmp_path, mpp_server, kiosk, installed, new
):
    archive = build_archive(tmp_path, new)
    publish(mpp_server, archive, new)
    updates = updates_for(kiosk, installed)
    heartbeat(kiosk, updates)
    assert reported(mpp_server, kiosk.identity.kiosk_id) == ("idle", OLD, None, None)

    manifest = fetch_manifest(kiosk.client(), kiosk.identity)
    assert (manifest.version, manifest.store_schema, manifest.rollout_share) == (
        new,
        SCHEMA_HEAD,
        100,
    )
    puller = ReleasePuller(kiosk.client(), kiosk.identity, updates)
    assert puller.check() == "staged"
    assert puller.check() == "already_staged"  # the next refresh downloads nothing again
    assert updates.switch() == new
    assert run_current(updates).stdout == f"mpp-kiosk {new}\n"

    started = updates_for(kiosk, installed, running=new)
    assert started.after_start_check(lambda: [], lambda: {SCHEMA_HEAD}) == "switched"
    heartbeat(kiosk, started)
    assert reported(mpp_server, kiosk.identity.kiosk_id) == ("switched", new, OLD, None)


def test_a_rollback_reaches_the_server_in_the_heartbeat(
    tmp_path, mpp_server, kiosk, installed, new
):
    archive = build_archive(tmp_path, new, healthy=False)
    publish(mpp_server, archive, new)
    updates = updates_for(kiosk, installed)
    assert ReleasePuller(kiosk.client(), kiosk.identity, updates).check() == "staged"
    updates.switch()
    started = updates_for(kiosk, installed, running=new)
    with pytest.raises(Exception, match="rolled back"):
        started.after_start_check(
            lambda: ["doctor"] if run_current(started, "doctor").returncode else [],
            lambda: {SCHEMA_HEAD},
        )
    assert run_current(started).stdout == f"mpp-kiosk {OLD}\n"
    again = updates_for(kiosk, installed)  # the previous build, restarted by systemd
    heartbeat(kiosk, again)
    assert reported(mpp_server, kiosk.identity.kiosk_id) == (
        "rolled_back",
        OLD,
        new,  # what ran before the build running now
        "health_check_failed",
    )
    assert ReleasePuller(kiosk.client(), kiosk.identity, again).check() == "rolled_back"


def test_a_tampered_archive_on_the_server_fails_its_digest(
    tmp_path, mpp_server, kiosk, installed, new
):
    archive = build_archive(tmp_path, new)
    sha256 = publish(mpp_server, archive, new)["sha256"]
    served = server_archive(mpp_server, sha256)
    original = served.read_bytes()
    tampered = bytearray(original)
    tampered[len(tampered) // 3] ^= 0x80
    served.write_bytes(bytes(tampered))
    try:
        updates = updates_for(kiosk, installed)
        assert ReleasePuller(kiosk.client(), kiosk.identity, updates).check() == "failed"
    finally:
        served.write_bytes(original)
    report = updates.report()
    assert (report["state"], report["detail"]) == ("failed", "digest_mismatch")
    assert sorted(p.name for p in updates.folder.iterdir()) == [".lock", "downloads", "state.json"]
    assert list(updates.downloads.iterdir()) == [] and not updates.current.exists()


def test_a_cut_download_resumes_with_range(tmp_path, mpp_server, kiosk, installed, new):
    archive = build_archive(tmp_path, new)
    publish(mpp_server, archive, new)
    data = archive.read_bytes()
    manifest = fetch_manifest(kiosk.client(), kiosk.identity)
    part = tmp_path / "half.part"
    part.write_bytes(data[: len(data) // 2])  # what arrived before the connection was cut
    received = download(kiosk.client(), manifest.url, part, manifest.size)
    assert received == len(data) - len(data) // 2  # only the rest was asked for and sent
    assert part.read_bytes() == data

    # Cut for real: a proxy forwards half of the answer and resets the connection.
    proxy = FaultProxy(mpp_server.port)
    try:
        proxy.force("truncate", match="/release/files/")
        updates = updates_for(kiosk, installed)
        cut = ReleasePuller(kiosk.client(proxy.url), kiosk.identity, updates)
        assert pull_release(cut) is None  # logged, not raised
        assert updates.report()["state"] == "downloading"
        assert updates.state()["detail"] == "interrupted"
        parts = list(updates.downloads.iterdir())
        assert len(parts) == 1 and parts[0].stat().st_size < len(data)
        assert cut.check() == "staged"  # the next refresh takes the rest
    finally:
        proxy.close()
    assert list(updates.downloads.iterdir()) == []
    assert (updates.folder / new / "kiosk").read_bytes().startswith(b"#!/bin/sh")


def test_more_bytes_than_declared_are_not_taken(tmp_path, mpp_server, kiosk, new):
    archive = build_archive(tmp_path, new)
    publish(mpp_server, archive, new)
    manifest = fetch_manifest(kiosk.client(), kiosk.identity)
    part = tmp_path / "big.part"
    limit = manifest.size - 100
    with pytest.raises(UpdateFailed) as refused:
        download(kiosk.client(), manifest.url, part, limit)
    assert refused.value.code == "too_large" and part.stat().st_size <= limit


def test_a_kiosk_outside_the_rollout_downloads_nothing(tmp_path, mpp_server, kiosk, installed, new):
    archive = build_archive(tmp_path, new)
    publish(mpp_server, archive, new, share=0)
    updates = updates_for(kiosk, installed)
    assert ReleasePuller(kiosk.client(), kiosk.identity, updates).check() == "not_in_rollout"
    assert not updates.folder.exists()
    assert updates.report()["state"] == "idle"


def test_update_check_and_status_commands(tmp_path, mpp_server, kiosk):
    archive = build_archive(tmp_path, "999.0.0")  # newer than the source checkout's version
    publish(mpp_server, archive, "999.0.0")
    kiosk.store.close()
    check = kiosk_cli(kiosk.data_dir, "update", "check")
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("staged: running ")
    status = kiosk_cli(kiosk.data_dir, "update", "status", "--json")
    assert status.returncode == 0, status.stderr
    import json

    shown = json.loads(status.stdout)
    assert (shown["state"], shown["staged"], shown["builds"]) == ("staged", "999.0.0", ["999.0.0"])
    text = kiosk_cli(kiosk.data_dir, "update", "status")
    assert "state: staged" in text.stdout and "staged: 999.0.0" in text.stdout
    # Nothing newer: check says so and exits 0.
    assert kiosk_cli(kiosk.data_dir, "update", "check").stdout.startswith("already_staged")


def test_an_older_build_refuses_a_newer_store_plainly_and_leaves_it(tmp_path, mpp_server, kiosk):
    """`kiosk run` on a store a newer build migrated (schema 0099): the out-of-service screen,
    then exit 4 with a plain message in the journal (stderr); the database's bytes are as they
    were."""
    import sqlite3

    from kiosk.paths import database_file

    kiosk.store.close()
    database = database_file(kiosk.data_dir)
    conn = sqlite3.connect(database)
    conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.commit()
    conn.close()
    files = sorted(p for p in kiosk.data_dir.iterdir() if p.name.startswith(database.name))
    before = {p.name: p.read_bytes() for p in files}
    env = dict(
        os.environ,
        PYTHONPATH=str(REPO),
        MPP_KIOSK_NO_KEYRING="1",
        QT_QPA_PLATFORM="offscreen",
        # the out-of-service screen (ui/out_of_service.py) stays this long, then the exit
        MPP_KIOSK__UI__OUT_OF_SERVICE_RETRY_S="1",
    )
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "--data-dir", str(kiosk.data_dir), "run", "--windowed"],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=REPO,
        env=env,
    )
    assert result.returncode == 4, result.stderr
    error = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert error == [
        f"error: the kiosk database {database} was written by a newer kiosk version (schema "
        f"0099; this version, {__import__('kiosk').__version__}, reads up to {SCHEMA_HEAD}). "
        "It was left untouched: start that newer version again or install it "
        "(`kiosk update status` lists the builds on this kiosk)."
    ]
    after = sorted(p for p in kiosk.data_dir.iterdir() if p.name.startswith(database.name))
    assert {p.name: p.read_bytes() for p in after} == before
    # `kiosk doctor` names it too, with the fix (not "restore a backup": nothing is damaged).
    from kiosk.store.health import TOO_NEW_HINT, check_store

    [result] = check_store(kiosk.data_dir)
    assert (result.status, result.detail, result.hint) == (
        "fail",
        "the database cannot be opened (StoreTooNew)",
        TOO_NEW_HINT,
    )
    assert {p.name: p.read_bytes() for p in after} == before


def test_the_document_refresh_stages_a_release_and_the_heartbeat_reports_it(
    tmp_path, mpp_server, kiosk, installed, new
):
    """The uploader's refresh (sync/refresh.py, as app/compose.py wires it) pulls the manifest
    with the documents; its next heartbeat tells the server the build is staged."""
    from kiosk.config import load_config
    from sync.refresh import make_refresher
    from sync.signed_documents import SignedDocuments

    publish(mpp_server, build_archive(tmp_path, new), new)
    updates = updates_for(kiosk, installed)
    client = kiosk.client()
    puller = ReleasePuller(client, kiosk.identity, updates)
    refresh = make_refresher(
        SignedDocuments(kiosk.data_dir, kiosk.identity, client),
        lambda: load_config(None, kiosk.data_dir),
        release=lambda: pull_release(puller),
    )
    settings = UploaderSettings(heartbeat_s=60, documents_s=3600)
    uploader = Uploader(
        kiosk.store, client, kiosk.identity.kiosk_id, settings, refresh=refresh,
        release=updates.report,
    )  # fmt: skip
    try:
        uploader.refresh_if_due()
        assert updates.staged() == new
        uploader.heartbeat_if_due()
    finally:
        uploader.stop()
    state, running, _, _ = reported(mpp_server, kiosk.identity.kiosk_id)
    assert (state, running) == ("staged", OLD)
