"""Sealed packets: real sealed-box crypto, and nothing personal in the kiosk's files."""

from __future__ import annotations

import json
import time

import pytest
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, SealedBox
from sync_helpers import NAME, NIK, make_packet

from kiosk.ports import SubmitFailed
from kiosk.store import Store
from kiosk.store.applications import ACCEPTED, Applications
from kiosk.store.outbox import Outbox, Outcome
from protocol.contract import ApplicationPacket
from protocol.packets import PacketError, template_floats
from sync.adapters.submitter import OutboxSubmitter


@pytest.fixture
def server_key():
    return PrivateKey.generate()


@pytest.fixture
def submitter(data_dir, server_key):
    store = Store.open(data_dir)
    yield OutboxSubmitter(store, bytes(server_key.public_key), "2026.11.1")
    store.close()


def test_packet_opens_only_with_the_server_key_and_holds_the_session(submitter, server_key):
    receipt = submitter.submit(make_packet(photo_bytes=500))
    app_id = receipt.extra["application_id"]
    apps = submitter.applications
    blob = apps.sealed_blob(app_id)
    with pytest.raises(CryptoError):
        SealedBox(PrivateKey.generate()).decrypt(blob)
    packet = ApplicationPacket.model_validate_json(SealedBox(server_key).decrypt(blob))
    assert packet.application_id == app_id and packet.nik == NIK
    assert packet.tracking_code == receipt.tracking_code
    assert packet.identity_mode == "offline" and len(packet.face_template) == 128
    assert packet.liveness.passed and packet.form["nama_lengkap"] == NAME
    assert packet.catalog_version == "2026.11.1" and packet.documents[0]["id"] == "ktp"
    stored = apps.get(app_id)
    assert stored.state == "queued" and stored.verification_pending
    assert receipt.verification_pending and receipt.verification_note[0].startswith("Verifikasi")
    assert receipt.masked_nik == "3171********0001"


def test_templates_as_float32_or_float64_bytes():
    import numpy as np

    values = np.linspace(-1, 1, 128)
    assert template_floats(values.astype("<f4").tobytes()) == pytest.approx(list(values), 1e-6)
    assert template_floats(values.astype("<f8").tobytes()) == list(values)
    with pytest.raises(PacketError):
        template_floats(b"\0" * 100)


def test_pending_verification_without_a_template_is_refused(submitter):
    bad = make_packet()
    bad = type(bad)(**{**bad.__dict__, "face_template": None})
    with pytest.raises(SubmitFailed) as info:
        submitter.submit(bad)
    assert info.value.reason == "packet_invalid"
    assert submitter.applications.counts()["queued"] == 0


def _all_bytes(folder) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_no_nik_or_name_in_the_database_wal_or_temp_files(data_dir, submitter):
    names = [f"{NAME} {i}" for i in range(20)]
    for i, name in enumerate(names):
        submitter.submit(make_packet(name=name, seed=i, photo_bytes=3000))
    store = submitter.applications.store
    # the files while the WAL still holds the new pages, then after a checkpoint
    for stage in ("wal", "checkpointed"):
        if stage == "checkpointed":
            store.checkpoint()
        raw = _all_bytes(data_dir)
        assert raw, "the data dir must hold the database"
        for needle in [NIK, NAME, *names, "081234567890"]:
            for encoding in ("utf-8", "utf-16-le"):
                assert needle.encode(encoding) not in raw, f"{needle!r} found ({stage})"
    files = {p.name for p in data_dir.rglob("*") if p.is_file()}
    assert "kiosk.sqlite3" in files
    # only metadata columns besides the sealed blob
    row = store.read("SELECT * FROM applications LIMIT 1")[0]
    assert set(row.keys()) <= {
        "id",
        "tracking_code",
        "service_id",
        "catalog_version",
        "state",
        "sealed",
        "size",
        "digest",
        "verification_pending",
        "created_at",
        "updated_at",
        "accepted_at",
        "server_reference",
        "reason_code",
        "reason",
        "attempts",
        "next_attempt_at",
        "parts_sent",
        "part_size",
        "identity_mode",  # "staff" or NULL
    }
    assert json.dumps([dict(r) for r in store.read("SELECT details FROM audit_log")]).find(NIK) < 0


def test_sealed_blobs_are_purged_after_the_retention_period(submitter):
    from sync.upload.uploader import purge_expired

    store = submitter.applications.store
    receipt = submitter.submit(make_packet())
    app_id = receipt.extra["application_id"]
    outbox = Outbox(store)
    outbox.claim(outbox.due(10), part_size=1024 * 1024)
    outbox.finish([Outcome(app_id, ACCEPTED, server_reference=app_id)])
    assert purge_expired(store, retention_days=30) == 0  # accepted just now: kept
    with store.transaction() as conn:
        conn.execute(
            "UPDATE applications SET accepted_at = ? WHERE id = ?",
            (time.time() - 31 * 86400, app_id),
        )
    assert purge_expired(store, retention_days=30) == 1
    app = Applications(store).get(app_id)
    assert Applications(store).sealed_blob(app_id) is None
    assert app.state == ACCEPTED and app.tracking_code == receipt.tracking_code
    assert app.size > 0 and app.server_reference == app_id
