"""Submissions: idempotency, offline identity checks, parts upload and resume, status."""

from __future__ import annotations

import datetime as dt
import os

from server_kiosk_client import TestKiosk

from protocol.signing import b64encode, content_digest
from server import admin
from server.idempotency import request_hash
from server.models import IdempotencyKey


def _error(response, status, code):
    assert response.status_code == status, response.text
    assert response.json()["error"] == code
    return response.json()


def test_idempotent_submission(kiosk, citizen_nik, faces):
    meta, sealed = kiosk.make_application(citizen_nik, template=faces["obama2"])
    first = kiosk.submit(meta, sealed)
    assert first.status_code == 201, first.text
    assert first.headers["Idempotent-Replayed"] == "false"
    receipt = first.json()
    assert receipt["tracking_code"] == meta["tracking_code"]
    # An offline check's outcome is not told to the kiosk (tests/server/test_security_identity.py)
    assert receipt["identity_status"] == "offline_received" and receipt["status"] == "received"
    again = kiosk.submit(meta, sealed)
    assert again.status_code == 201 and again.json() == receipt
    assert again.headers["Idempotent-Replayed"] == "true"
    changed = dict(meta, catalog_version="2026.2")
    body = _error(kiosk.submit(changed, sealed), 422, "idempotency_conflict")
    assert body["family"] == "application"


def test_idempotency_key_rules(kiosk, citizen_nik, faces):
    meta, sealed = kiosk.make_application(citizen_nik, template=faces["obama2"])
    _error(kiosk.submit(meta, sealed, key=None), 400, "idempotency_key_missing")
    other = "00000000-0000-4000-8000-000000000000"
    _error(kiosk.submit(meta, sealed, key=other), 422, "idempotency_key_mismatch")


def test_duplicate_while_in_progress(server, kiosk, citizen_nik, faces):
    meta, sealed = kiosk.make_application(citizen_nik, template=faces["obama2"])
    payload = {"metadata": meta, "packet": b64encode(sealed)}
    from protocol.contract import SubmissionRequest

    canonical = SubmissionRequest.model_validate(payload).model_dump(mode="json")
    with server.app.state.ctx.db() as db:  # a first copy is being processed right now
        db.add(
            IdempotencyKey(
                key=meta["application_id"],
                kiosk_id=kiosk.kiosk_id,
                request_hash=request_hash(canonical),
                state="in_progress",
                started_at=dt.datetime.now(dt.UTC),
            )
        )
    answer = kiosk.submit(meta, sealed)
    _error(answer, 409, "in_progress")
    assert answer.headers["Retry-After"]
    # Once the first copy is older than the takeover timeout, a retry goes through.
    with server.app.state.ctx.db() as db:
        db.get(IdempotencyKey, meta["application_id"]).started_at -= dt.timedelta(minutes=5)
    assert kiosk.submit(meta, sealed).status_code == 201


def test_offline_identity_failure_shows_in_status(kiosk, citizen_nik, faces):
    meta, sealed = kiosk.make_application(citizen_nik, template=faces["biden"])
    receipt = kiosk.submit(meta, sealed).json()
    assert receipt["identity_status"] == "offline_received" and receipt["status"] == "received"
    status = kiosk.get(f"/v1/status/{meta['tracking_code']}").json()
    assert status["identity_verification_failed"] is None  # no matching oracle
    assert status["status"] == "visit_counter" and "loket" in status["message_id"]
    assert citizen_nik not in str(status)


def test_online_session_submission(kiosk, citizen_nik, faces):
    token = kiosk.verify(citizen_nik, faces["obama2"]).json()["session_token"]
    meta, sealed = kiosk.make_application(citizen_nik, mode="online", session_token=token)
    receipt = kiosk.submit(meta, sealed).json()
    assert receipt["identity_status"] == "verified_online"
    status = kiosk.get(f"/v1/status/{meta['tracking_code']}").json()
    assert status["identity_verification_failed"] is None and status["status"] == "received"
    # A token for another citizen does not verify this one.
    meta2, sealed2 = kiosk.make_application("3171015505900001", mode="online", session_token=token)
    assert kiosk.submit(meta2, sealed2).json()["identity_status"] == "failed_online"


def test_packet_checks(kiosk, citizen_nik, faces):
    meta, sealed = kiosk.make_application(citizen_nik, template=faces["obama2"])
    _error(kiosk.submit(dict(meta, size=meta["size"] + 1), sealed), 422, "packet_digest_mismatch")
    meta2, _ = kiosk.make_application(citizen_nik, template=faces["obama2"])
    garbage = os.urandom(300)
    meta2.update(size=len(garbage), digest=content_digest(garbage))
    _error(kiosk.submit(meta2, garbage), 422, "packet_undecryptable")
    meta3, sealed3 = kiosk.make_application(citizen_nik, template=faces["obama2"])
    _error(
        kiosk.submit(dict(meta3, tracking_code="MPP-0000-0000-001"), sealed3),
        422,
        "invalid_tracking_code",
    )


def test_status_lookup_forms(kiosk, citizen_nik, faces):
    meta, sealed = kiosk.make_application(citizen_nik, template=faces["obama2"])
    assert kiosk.submit(meta, sealed).status_code == 201
    typed = meta["tracking_code"].replace("-", "").lower()[3:]
    status = kiosk.get(f"/v1/status/{typed}")
    assert status.status_code == 200 and status.json()["tracking_code"] == meta["tracking_code"]
    assert status.json()["identity_verification_failed"] is None
    code = meta["tracking_code"]
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    _error(kiosk.get(f"/v1/status/{wrong}"), 422, "invalid_tracking_code")
    from kiosk.tracking import new_code

    _error(kiosk.get(f"/v1/status/{new_code()}"), 404, "not_found")


def test_large_packet_parts_resume_and_commit(server, kiosk, citizen_nik, faces):
    ctx = server.app.state.ctx
    meta, sealed = kiosk.make_application(citizen_nik, template=faces["obama2"], padding=1_250_000)
    assert len(sealed) > ctx.settings.part_threshold_bytes
    _error(kiosk.submit(meta, sealed), 413, "packet_too_large")
    size = 512 * 1024  # the kiosk picks its part size, up to the threshold
    parts = [sealed[i : i + size] for i in range(0, len(sealed), size)]
    assert len(parts) == 3
    base = f"/v1/applications/{meta['application_id']}"

    def put(number, data):
        return kiosk.put(
            f"{base}/parts/{number}", json={"data": b64encode(data), "digest": content_digest(data)}
        )

    assert put(1, parts[0]).status_code == 200
    assert put(2, parts[1]).status_code == 200
    assert put(2, parts[1]).status_code == 200  # the same part again: fine
    _error(put(2, parts[0]), 422, "part_conflict")
    listing = kiosk.get(f"{base}/parts").json()
    assert [p["part_number"] for p in listing["parts"]] == [1, 2]
    assert listing["next_missing"] == 3  # the broken upload resumes here
    commit = {"metadata": meta, "part_count": 3}
    headers = {"Idempotency-Key": meta["application_id"]}
    body = _error(
        kiosk.post(f"{base}/commit", json=commit, headers=headers), 422, "parts_incomplete"
    )
    assert body["detail"]["missing"] == [3]
    assert put(3, parts[2]).status_code == 200
    done = kiosk.post(f"{base}/commit", json=commit, headers=headers)
    assert done.status_code == 201, done.text
    assert done.json()["identity_status"] == "offline_received"
    again = kiosk.post(f"{base}/commit", json=commit, headers=headers)
    assert again.status_code == 201 and again.json() == done.json()
    shown = admin.show_application(ctx, meta["tracking_code"])
    assert shown["packet"]["form"]["note"] == "x" * 1_250_000


def test_admin_show_decrypts(server, kiosk, citizen_nik, faces):
    meta, sealed = kiosk.make_application(citizen_nik, template=faces["obama2"])
    kiosk.submit(meta, sealed)
    shown = admin.show_application(server.app.state.ctx, meta["application_id"])
    assert shown["packet"]["nik"] == citizen_nik
    assert shown["tracking_code"] == meta["tracking_code"]
    listed = admin.applications(server.app.state.ctx)
    assert meta["tracking_code"] in {a["tracking_code"] for a in listed}


def test_other_kiosk_cannot_claim_the_application(server, kiosk, citizen_nik, faces):
    meta, sealed = kiosk.make_application(citizen_nik, template=faces["obama2"])
    thief = TestKiosk.enroll(server)
    _error(thief.submit(meta, sealed), 422, "invalid_request")
