"""Identity check, status lookup and heartbeat against the real server."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sync_helpers import NAME, make_packet

from kiosk.ports import IdentityVerifier, ServerUnreachable, StatusLookup, Submitter
from server.identity import seal_reference
from server.models import Citizen
from sync.adapters.server_lookups import ServerIdentityVerifier, ServerStatusLookup
from sync.upload.heartbeat import send_heartbeat

NIK = "3273014107850007"  # Kota Bandung, born 1985-07-01, female
FACE = [0.01 * ((i * 7) % 23 - 11) for i in range(128)]
OTHER_FACE = [-v for v in FACE]
# The nine SKM elements of PermenPANRB 14/2017 in the regulation's order (../shared/DOMAIN.md):
# persyaratan; sistem, mekanisme dan prosedur; waktu penyelesaian; biaya/tarif; produk
# spesifikasi jenis pelayanan; kompetensi pelaksana; perilaku pelaksana; penanganan pengaduan,
# saran dan masukan; sarana dan prasarana.
SKM_ELEMENTS = (
    "persyaratan",
    "prosedur",
    "waktu",
    "biaya",
    "produk",
    "kompetensi",
    "perilaku",
    "pengaduan",
    "sarana",
)


@pytest.fixture(scope="module")
def citizen(mpp_server):
    with mpp_server.ctx.db() as db:
        if db.get(Citizen, NIK) is None:
            db.add(
                Citizen(
                    nik=NIK,
                    kk_number="3273010101100001",
                    relationship="Kepala Keluarga",
                    name=NAME,
                    birth_place="Bandung",
                    birth_date=dt.date(1985, 7, 1),
                    sex="F",
                    street="Jl. Merdeka 1",
                    rt="001",
                    rw="002",
                    village="Braga",
                    district="Sumur Bandung",
                    regency="Kota Bandung",
                    province="Jawa Barat",
                    reference_template=seal_reference(mpp_server.ctx, FACE),
                )
            )
    return NIK


def test_the_ports_are_implemented(kiosk):
    assert isinstance(ServerIdentityVerifier(kiosk.client()), IdentityVerifier)
    assert isinstance(ServerStatusLookup(kiosk.client()), StatusLookup)
    assert isinstance(kiosk.submitter, Submitter)


def test_match_gives_prefill_and_a_session_token_no_match_gives_nothing(kiosk, citizen):
    verifier = ServerIdentityVerifier(kiosk.client())
    live = {"passed": True, "score": 0.9, "method": "blink", "frames": 40}
    result = verifier.verify(citizen, FACE, live)
    assert result.outcome == "match" and result.session_token
    assert result.prefill["name"] == NAME and result.prefill["address"]["village"] == "Braga"
    miss = verifier.verify(citizen, OTHER_FACE, live)
    assert miss.outcome == "no_match" and miss.prefill is None and miss.session_token is None
    spoof = verifier.verify(citizen, FACE, {"passed": False})
    assert spoof.outcome == "no_match"
    # nothing looked up reaches the kiosk's disk
    raw = b"".join(p.read_bytes() for p in kiosk.data_dir.rglob("*") if p.is_file())
    assert NAME.encode() not in raw and citizen.encode() not in raw


def test_unreachable_server_lets_the_session_go_on_offline(kiosk):
    from net_support import refused_url

    with refused_url() as url, pytest.raises(ServerUnreachable):
        ServerIdentityVerifier(kiosk.client(url)).verify(NIK, FACE, {"passed": True})


def test_offline_session_is_verified_on_arrival_and_status_is_found(kiosk, citizen):
    receipt = kiosk.submitter.submit(_with_face(citizen))
    uploader = kiosk.uploader()
    uploader.drain()
    uploader.stop()
    lookup = ServerStatusLookup(kiosk.client())
    status = lookup.status(receipt.tracking_code.lower().replace("-", " "))
    assert status.tracking_code == receipt.tracking_code
    assert status.status == "received"  # the live template matched the reference on arrival
    assert status.note_id and status.note_en and status.updated_at.tzinfo is not None
    assert lookup.status("MPP-0000-0000-000") is None  # well-formed but unknown
    assert lookup.status("not a code") is None


def _with_face(nik):
    packet = make_packet(nik=nik, pending=True)
    return type(packet)(**{**packet.__dict__, "face_template": FACE})


def test_heartbeat_anchors_the_audit_log_so_a_deleted_tail_is_caught(kiosk):
    kiosk.submit(2)
    seq, digest = kiosk.store.audit.head()
    ack = send_heartbeat(kiosk.client(), kiosk.store)
    assert ack.audit_anchor_seq == seq
    assert kiosk.store.audit.anchor() == (seq, digest)
    assert kiosk.store.audit.verify().ok
    with kiosk.store.transaction() as conn:
        conn.execute("DELETE FROM audit_log WHERE seq >= ?", (seq - 1,))
    problems = kiosk.store.audit.verify().problems
    assert [p.kind for p in problems] == ["tail_missing"]


def test_heartbeat_carries_the_cheap_doctor_summary_to_the_fleet_view(kiosk, mpp_server):
    from server import admin
    from sync.upload.heartbeat import doctor_summary

    kiosk.submit(1, pending=True)
    summary = doctor_summary(kiosk.store, None)
    assert summary["ok"] + summary["warn"] + summary["fail"] == 2  # disk and queue only
    send_heartbeat(kiosk.client(), kiosk.store)
    row = next(r for r in admin.kiosks(mpp_server.ctx) if r["kiosk_id"] == kiosk.identity.kiosk_id)
    assert row["app_version"] and row["heartbeat_at"] and row["doctor"].startswith("ok ")
    assert row["open_help_requests"] == 0
    # an old queue warns; a failing disk check is named
    old = doctor_summary(kiosk.store, 48 * 3600, disk_warn_mb=1e12, disk_fail_mb=1e12)
    assert old == {"ok": 0, "warn": 1, "fail": 1, "warning": ["queue"], "failing": ["disk"]}
    send_heartbeat(kiosk.client(), kiosk.store, doctor=lambda store, age: old)
    row = next(r for r in admin.kiosks(mpp_server.ctx) if r["kiosk_id"] == kiosk.identity.kiosk_id)
    assert row["doctor"] == "ok 0, warn 1, fail 1 (fail:disk,warn:queue)"
    # the uploader's heartbeat uses the configured thresholds
    kiosk.uploader(heartbeat_s=60, disk_warn_mb=1e12).heartbeat_if_due()
    row = next(r for r in admin.kiosks(mpp_server.ctx) if r["kiosk_id"] == kiosk.identity.kiosk_id)
    assert row["doctor"] == "ok 1, warn 1, fail 0 (warn:disk)"


def test_surveys_are_stored_durably_and_sent_in_a_batch(kiosk, mpp_server):
    from kiosk.ports import SurveySink
    from sync.adapters.surveys import OutboxSurveySink, flush_surveys

    sink = OutboxSurveySink(kiosk.store, service_id="cetak-kk")
    assert isinstance(sink, SurveySink)
    for score in (1, 4, 3):
        sink.send(dict.fromkeys(SKM_ELEMENTS, score))
    sink.send({"persyaratan": 4})  # partial: skipped questions travel as null
    sink.send({})  # nothing answered: nothing stored
    with pytest.raises(ValueError):
        sink.send({"unknown": 2})
    assert kiosk.store.read("SELECT count(*) AS n FROM survey_outbox")[0]["n"] == 4
    from net_support import refused_url

    now = time.time()
    with refused_url() as url:
        assert flush_surveys(kiosk.client(url), kiosk.store, 0.1, clock=lambda: now) == 0
    row = kiosk.store.read("SELECT attempts, last_error FROM survey_outbox LIMIT 1")[0]
    assert row["attempts"] == 1 and row["last_error"] == "offline"
    # the backoff is capped at 0.1 s here: a second later (on the kiosk's clock) all are due
    assert flush_surveys(kiosk.client(), kiosk.store, clock=lambda: now + 1.0) == 4
    assert kiosk.store.read("SELECT count(*) AS n FROM survey_outbox")[0]["n"] == 0
    with mpp_server.ctx.engine.connect() as conn:
        held = conn.exec_driver_sql(
            "SELECT scores FROM survey_responses WHERE kiosk_id = ?", (kiosk.identity.kiosk_id,)
        ).all()
    expected = [",".join([str(s)] * 9) for s in (1, 4, 3)] + ["4" + ",-" * 8]
    assert sorted(r[0] for r in held) == sorted(expected)


def test_health_worker_lookup_needs_a_verified_session(kiosk, citizen, mpp_server):
    from server.models import HealthWorker
    from sync.adapters.health_workers import ServerHealthWorkers

    with mpp_server.ctx.db() as db:
        if db.get(HealthWorker, citizen) is None:
            db.add(
                HealthWorker(
                    nik=citizen,
                    profession_code="perawat",
                    profession="Perawat",
                    str_number="1234567890123456",
                    str_status="active",
                    str_valid_until=None,
                )
            )
    verifier = ServerIdentityVerifier(kiosk.client())
    match = verifier.verify(citizen, FACE, {"passed": True, "score": 0.9, "method": "blink"})
    lookup = ServerHealthWorkers(kiosk.client())
    record = lookup.lookup(citizen, session_token=match.session_token)
    assert record["str_number"] == "1234567890123456"
    assert record["profession_code"] == "perawat" and record["str_valid_until"] is None
    assert lookup.lookup(citizen) is None  # no verified session: nothing is revealed
    assert lookup.lookup(citizen, session_token="forged-token") is None


def test_status_of_a_code_still_in_the_local_outbox_is_queued(kiosk, citizen):
    from net_support import refused_url

    receipt = kiosk.submitter.submit(_with_face(citizen))
    with refused_url() as url:
        status = ServerStatusLookup(kiosk.client(url), kiosk.store).status(receipt.tracking_code)
    assert status.status == "queued" and "antre di kiosk ini" in status.note_id
    uploader = kiosk.uploader()
    uploader.drain()
    uploader.stop()
    online = ServerStatusLookup(kiosk.client(), kiosk.store)
    assert online.status(receipt.tracking_code).status == "received"
