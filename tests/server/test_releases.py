"""Fleet updates, the server half (issue 16, contract 1.3): `kiosk server admin release ...`
publishes a real .tar.gz build; kiosks get the signed manifest for their site and download the
archive (with Range); the heartbeat's update report lands in the fleet view."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import tarfile

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from server_kiosk_client import TestKiosk
from sqlalchemy import delete

from app.cli import main
from protocol.release import ReleaseManifest, in_rollout
from protocol.signing import verify_document
from protocol.versions import CONTRACT_HEADER
from server import admin
from server.models import Release
from server.releases import releases_dir
from sync.auth import KioskAuth

SITE, OTHER_SITE = "MPP Rilis Bandung", "MPP Rilis Medan"
V13 = {CONTRACT_HEADER: "1.3"}


def _build(
    path, *, script=True, executable=True, extra=None, payload=48_000, links=None, fifo=False
):
    """A small one-folder build archive: kiosk/kiosk (a shell script) + kiosk/_internal/..."""
    with tarfile.open(path, "w:gz") as tar:

        def add(name, data, mode=0o644):
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), mode
            tar.addfile(info, io.BytesIO(data))

        if script:
            add("kiosk/kiosk", b"#!/bin/sh\necho kiosk\n", 0o755 if executable else 0o644)
        # incompressible bytes, so the archive is big enough for a meaningful Range
        add("kiosk/_internal/lib.so", os.urandom(payload))
        for name, data in (extra or {}).items():
            add(name, data)
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, target
            tar.addfile(info)
        if fifo:
            info = tarfile.TarInfo("kiosk/_internal/pipe")
            info.type = tarfile.FIFOTYPE
            tar.addfile(info)
    return path


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cli(server, capsys, *args: str) -> tuple[int, str, str]:
    settings = server.app.state.ctx.settings
    capsys.readouterr()
    storage = ["--data-dir", str(settings.data_dir), "--db", settings.db_url]
    code = main(["server", "admin", "release", *args, *storage])
    out = capsys.readouterr()
    return code, out.out, out.err


def _publish(server, capsys, archive, version, *extra) -> dict:
    code, out, err = _cli(server, capsys, "publish", "--file", str(archive), "--version", version,
                          *extra, "--json")  # fmt: skip
    assert code == 0, err
    return json.loads(out)


def _status(server, capsys) -> dict:
    code, out, err = _cli(server, capsys, "status", "--json")
    assert code == 0, err
    return json.loads(out)


def _files(server) -> list[str]:
    folder = releases_dir(server.app.state.ctx)
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def _server_key(kiosk) -> Ed25519PublicKey:
    raw = base64.b64decode(kiosk.grant["document"]["server_signing_key"])
    return Ed25519PublicKey.from_public_bytes(raw)


def _reset(server) -> None:
    ctx = server.app.state.ctx
    with ctx.db() as db:
        db.execute(delete(Release))
    for name in _files(server):
        (releases_dir(ctx) / name).unlink()


@pytest.fixture(autouse=True)
def _no_release_before_or_after(request):
    """The servers are shared by the session: every test here starts and ends with none."""
    servers = request.getfixturevalue("servers")
    for server in servers.running.values():
        _reset(server)
    yield
    for server in servers.running.values():
        _reset(server)


def _manifest(kiosk, **headers) -> dict:
    answer = kiosk.get("/v1/release", headers={**V13, **headers})
    assert answer.status_code == 200, answer.text
    document = verify_document(answer.json(), _server_key(kiosk))
    ReleaseManifest.model_validate(document)
    return {**document, "_etag": answer.headers["ETag"]}


def test_published_build_reaches_kiosks_signed_per_site_and_resumable(server, tmp_path, capsys):
    # a link inside the build (PyInstaller makes a few) is fine
    archive = _build(tmp_path / "build.tar.gz", links={"kiosk/_internal/lib.so.1": "lib.so"})
    data = archive.read_bytes()
    here, there = TestKiosk.enroll(server, SITE), TestKiosk.enroll(server, OTHER_SITE)
    info = _publish(server, capsys, archive, "0.2.0+g1a2b3c4", "--share", "30",
                    "--site", f"{SITE}=70", "--store-schema", "7")  # fmt: skip
    assert info["sha256"] == _sha(archive) and info["entries"] == 3

    doc = _manifest(here)
    assert doc["sha256"] == hashlib.sha256(data).hexdigest() and doc["size"] == len(data)
    assert doc["version"] == "0.2.0+g1a2b3c4" and doc["store_schema"] == "7"
    assert doc["url"] == f"/v1/release/files/{doc['sha256']}"
    assert doc["rollout_share"] == 70
    assert _manifest(there)["rollout_share"] == 30

    # ETag per site: unchanged -> 304; a share change -> a new document
    cached = here.get("/v1/release", headers={**V13, "If-None-Match": doc["_etag"]})
    assert cached.status_code == 304 and not cached.content
    assert _manifest(there)["_etag"] != doc["_etag"]
    code, _, err = _cli(server, capsys, "share", "--site", SITE, "90")
    assert code == 0, err
    changed = here.get("/v1/release", headers={**V13, "If-None-Match": doc["_etag"]})
    assert changed.status_code == 200
    assert verify_document(changed.json(), _server_key(here))["rollout_share"] == 90
    code, _, err = _cli(server, capsys, "share", "10")
    assert code == 0, err
    assert _manifest(there)["rollout_share"] == 10 and _manifest(here)["rollout_share"] == 90

    # the archive: whole, then resumed from an offset
    whole = here.get(doc["url"])
    assert whole.status_code == 200, whole.text
    assert hashlib.sha256(whole.content).hexdigest() == doc["sha256"]
    offset = len(data) // 3
    tail = here.get(doc["url"], headers={"Range": f"bytes={offset}-"})
    assert tail.status_code == 206
    assert tail.headers["Content-Range"] == f"bytes {offset}-{len(data) - 1}/{len(data)}"
    assert tail.content == data[offset:]
    assert hashlib.sha256(whole.content[:offset] + tail.content).hexdigest() == doc["sha256"]
    beyond = here.get(doc["url"], headers={"Range": f"bytes={len(data) + 10}-"})
    assert beyond.status_code == 416


def test_unsigned_or_wrongly_signed_requests_are_refused(sqlite_server, tmp_path, capsys):
    kiosk = TestKiosk.enroll(sqlite_server, SITE)
    info = _publish(sqlite_server, capsys, _build(tmp_path / "b.tar.gz"), "0.3.0")
    for path in ("/v1/release", f"/v1/release/files/{info['sha256']}"):
        unsigned = requests.get(sqlite_server.url + path, timeout=10)
        assert unsigned.status_code == 401 and unsigned.json()["error"] == "signature_missing"
        forged = requests.get(
            sqlite_server.url + path,
            auth=KioskAuth(Ed25519PrivateKey.generate(), kiosk.kiosk_id),
            timeout=10,
        )
        assert forged.status_code == 401 and forged.json()["error"] == "signature_invalid"
        assert kiosk.get(path).status_code == 200


def test_hostile_archive_paths_are_refused(sqlite_server, tmp_path, capsys):
    kiosk = TestKiosk.enroll(sqlite_server, SITE)
    sha = _publish(sqlite_server, capsys, _build(tmp_path / "b.tar.gz"), "0.3.1")["sha256"]
    base = "/v1/release/files/"
    hostile = [
        "../../server.sqlite3",
        "%2e%2e%2f%2e%2e%2fserver.sqlite3",
        "..%2F" + sha[5:],
        sha[:63],
        sha + "0",
        sha.upper(),
        "g" * 64,
        sha + ".tar.gz",
        sha + "%00",
        f"{sha}/..",
        hashlib.sha256(b"not a release").hexdigest(),  # well formed, not offered
    ]
    for path in hostile:
        answer = kiosk.get(base + path)
        # 401: the client and the server read a percent-encoded NUL differently, so the
        # signature over the URL does not match; refused all the same
        assert answer.status_code in (401, 404, 422), (path, answer.status_code)
        assert answer.json()["error"] in ("not_found", "invalid_request", "signature_invalid")
    assert kiosk.get(base + sha).status_code == 200


def test_nothing_published_or_withdrawn_is_no_release(sqlite_server, tmp_path, capsys):
    kiosk = TestKiosk.enroll(sqlite_server, SITE)
    none = kiosk.get("/v1/release", headers=V13)
    assert none.status_code == 404 and none.json()["error"] == "no_release"
    assert none.json()["message_id"]  # Bahasa Indonesia for staff screens
    assert _status(sqlite_server, capsys)["current"] is None
    code, _, err = _cli(sqlite_server, capsys, "withdraw")
    assert code != 0 and "no release is published" in err

    sha = _publish(sqlite_server, capsys, _build(tmp_path / "b.tar.gz"), "0.4.0")["sha256"]
    assert kiosk.get("/v1/release").status_code == 200
    code, out, err = _cli(sqlite_server, capsys, "withdraw")
    assert code == 0 and "0.4.0 withdrawn" in out, err
    gone = kiosk.get("/v1/release")
    assert gone.status_code == 404 and gone.json()["error"] == "no_release"
    assert kiosk.get(f"/v1/release/files/{sha}").status_code == 404
    assert _files(sqlite_server) == []  # the withdrawn build's archive is deleted
    code, _, err = _cli(sqlite_server, capsys, "share", "50")
    assert code != 0 and "no release is published" in err


def _bad_archives(tmp_path) -> dict:
    cut = _build(tmp_path / "whole.tar.gz").read_bytes()
    (tmp_path / "cut.tar.gz").write_bytes(cut[: len(cut) // 2])
    (tmp_path / "text.tar.gz").write_text("not an archive\n")
    (tmp_path / "empty.tar.gz").write_bytes(b"")
    (tmp_path / "build.zip").write_bytes(cut)
    with tarfile.open(tmp_path / "plain.tar.gz", "w") as tar:  # tar, not gzip
        tar.add(tmp_path / "text.tar.gz", "kiosk/kiosk")
    return {
        "cut.tar.gz": "cut short",
        "text.tar.gz": "not a readable .tar.gz archive",
        "empty.tar.gz": "cut short",
        "plain.tar.gz": "not a readable .tar.gz archive",
        "build.zip": "give the build as a .tar.gz archive",
        "missing.tar.gz": "no such file",
        _build(tmp_path / "noexe.tar.gz", script=False).name: "no executable kiosk/kiosk",
        _build(tmp_path / "noexec.tar.gz", executable=False).name: "no executable kiosk/kiosk",
        _build(tmp_path / "escape.tar.gz", extra={"kiosk/../../evil": b"x"}).name: "not inside",
        _build(tmp_path / "outside.tar.gz", extra={"other/readme": b"x"}).name: "not inside",
        _build(tmp_path / "dot.tar.gz", extra={"./kiosk/x": b"x"}).name: "not inside",
        _build(tmp_path / "link.tar.gz", links={"kiosk/_internal/up": "../../.."}).name: "links",
        _build(tmp_path / "abs.tar.gz", links={"kiosk/_internal/etc": "/etc/passwd"}).name: "links",
        _build(tmp_path / "fifo.tar.gz", fifo=True).name: "device or pipe",
    }


def test_a_bad_archive_or_argument_is_refused_and_nothing_changes(sqlite_server, tmp_path, capsys):
    kiosk = TestKiosk.enroll(sqlite_server, SITE)
    _publish(sqlite_server, capsys, _build(tmp_path / "good.tar.gz"), "0.5.0")
    before, files, doc = _status(sqlite_server, capsys), _files(sqlite_server), _manifest(kiosk)
    for name, message in _bad_archives(tmp_path).items():
        code, _, err = _cli(sqlite_server, capsys, "publish", "--file", str(tmp_path / name),
                            "--version", "0.6.0")  # fmt: skip
        assert code != 0 and message in err, (name, err)
    good = _build(tmp_path / "next.tar.gz")
    for args, message in [
        (["--version", "v1"], "a version starts with a digit"),
        (["--version", "1" * 65], "a version starts with a digit"),
        (["--version", "0.5.0"], "already published with another build"),
        (["--version", "0.6.0", "--share", "101"], "0 to 100"),
        (["--version", "0.6.0", "--site", "MPP=-3"], "write SITE=N"),
        (["--version", "0.6.0", "--site", "30"], "write SITE=N"),
        (["--version", "0.6.0", "--store-schema", "a b"], "--store-schema"),
    ]:
        code, _, err = _cli(sqlite_server, capsys, "publish", "--file", str(good), *args)
        assert code != 0 and message in err, (args, err)
    code, _, err = _cli(sqlite_server, capsys, "share", "150")
    assert code != 0 and "0 to 100" in err
    after = _status(sqlite_server, capsys)
    assert after == before and _files(sqlite_server) == files  # no partial copy left either
    assert _manifest(kiosk) == doc


def test_a_new_publish_replaces_the_offer_and_keeps_one_previous(sqlite_server, tmp_path, capsys):
    kiosk = TestKiosk.enroll(sqlite_server, SITE)
    a = _publish(sqlite_server, capsys, _build(tmp_path / "a.tar.gz"), "1.0.0")["sha256"]
    b = _publish(sqlite_server, capsys, _build(tmp_path / "b.tar.gz"), "1.1.0")["sha256"]
    assert _manifest(kiosk)["sha256"] == b
    assert kiosk.get(f"/v1/release/files/{a}").status_code == 200  # a download under way ends
    status = _status(sqlite_server, capsys)
    assert status["current"]["version"] == "1.1.0" and status["previous"]["version"] == "1.0.0"
    c = _publish(sqlite_server, capsys, _build(tmp_path / "c.tar.gz"), "1.2.0")["sha256"]
    assert kiosk.get(f"/v1/release/files/{a}").status_code == 404
    assert kiosk.get(f"/v1/release/files/{b}").status_code == 200
    assert _files(sqlite_server) == sorted([f"{b}.tar.gz", f"{c}.tar.gz"])
    # the same build again under another version is refused; under its own, it is offered again
    code, _, err = _cli(sqlite_server, capsys, "publish", "--file", str(tmp_path / "b.tar.gz"),
                        "--version", "1.3.0")  # fmt: skip
    assert code != 0 and "already published as version 1.1.0" in err
    again = _publish(sqlite_server, capsys, tmp_path / "b.tar.gz", "1.1.0", "--share", "5")
    assert again["state"] == "current" and _manifest(kiosk)["rollout_share"] == 5
    assert _status(sqlite_server, capsys)["previous"]["version"] == "1.2.0"


# ---------------------------------------------------------------- heartbeat and fleet view


def _heartbeat(**extra):
    return {
        "app_version": "1.1.0",
        "health": "ok",
        "queue_depth": 0,
        "camera": "ok",
        "printer": "ok",
        "audit_seq": 1,
        "audit_hash": "cd" * 32,
        "sent_at": "2026-12-01T10:00:00+07:00",
        **extra,
    }


REPORT = {
    "state": "rolled_back",
    "running_version": "1.0.0",
    "target_version": "1.1.0",
    "previous_version": "1.1.0",
    "detail": "health_check_failed",
    "changed_at": "2026-12-01T09:58:00+07:00",
}


def _fleet_row(server, kiosk) -> dict:
    return next(k for k in admin.kiosks(server.app.state.ctx) if k["kiosk_id"] == kiosk.kiosk_id)


def test_update_report_stored_shown_and_cleared(sqlite_server, capsys):
    kiosk = TestKiosk.enroll(sqlite_server, SITE)
    answer = kiosk.post("/v1/heartbeat", json=_heartbeat(release=REPORT), headers=V13)
    assert answer.status_code == 200, answer.text
    row = _fleet_row(sqlite_server, kiosk)
    assert row["release"] == (
        "rolled_back 1.0.0 -> 1.1.0 (from 1.1.0) [health_check_failed] at 2026-12-01T02:58:00+00:00"
    )
    status = _status(sqlite_server, capsys)
    assert status["kiosks_by_update_state"]["rolled_back"] >= 1
    assert status["kiosks_by_version"]["1.0.0"] >= 1
    settings = sqlite_server.app.state.ctx.settings
    capsys.readouterr()
    main(
        ["server", "admin", "kiosks", "--data-dir", str(settings.data_dir), "--db", settings.db_url]
    )
    line = next(t for t in capsys.readouterr().out.splitlines() if kiosk.kiosk_id in t)
    assert "release=rolled_back 1.0.0 -> 1.1.0" in line
    # an older kiosk's heartbeat (no report) leaves nothing stale behind
    assert kiosk.post("/v1/heartbeat", json=_heartbeat(), headers={}).status_code == 200
    assert _fleet_row(sqlite_server, kiosk)["release"] is None
    idle = {"state": "idle", "running_version": "1.1.0"}
    assert kiosk.post("/v1/heartbeat", json=_heartbeat(release=idle), headers=V13).ok
    assert _fleet_row(sqlite_server, kiosk)["release"] == "idle 1.1.0"


@pytest.mark.parametrize(
    "report",
    [
        {**REPORT, "state": "exploded"},
        {**REPORT, "detail": "health check failed"},
        {**REPORT, "detail": "C:/Users/warga/ktp.jpg"},
        {**REPORT, "running_version": "9" * 10_000},
        {**REPORT, "target_version": "1" * 65},
        {**REPORT, "changed_at": "0001-01-01T00:00:00+14:00"},
        {**REPORT, "path": "/opt/kiosk"},  # an unknown field from a kiosk of this version
        {"state": "idle"},
        "switched",
    ],
)
def test_hostile_update_report_refused(sqlite_server, report):
    kiosk = TestKiosk.enroll(sqlite_server, SITE)
    answer = kiosk.post("/v1/heartbeat", json=_heartbeat(release=report), headers=V13)
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == "invalid_request"
    assert _fleet_row(sqlite_server, kiosk)["heartbeat_at"] is None  # nothing stored


# ---------------------------------------------------------------- in_rollout


def test_in_rollout_takes_the_share_and_raising_it_only_adds():
    kiosks = [f"KIOSK-{i:05d}" for i in range(2000)]
    at = {share: {k for k in kiosks if in_rollout(k, "2.0.0", share)} for share in (0, 30, 60, 100)}
    assert 0.25 <= len(at[30]) / len(kiosks) <= 0.35
    assert 0.55 <= len(at[60]) / len(kiosks) <= 0.65
    assert at[30] <= at[60] <= at[100] and not at[0] and len(at[100]) == len(kiosks)
    # each release picks its own subset, so the same kiosks are not always first
    other = {k for k in kiosks if in_rollout(k, "2.1.0", 30)}
    assert 0.25 <= len(other) / len(kiosks) <= 0.35 and other != at[30]
