"""Heartbeat anchors, SKM surveys, signed catalog and configuration with ETags."""

from __future__ import annotations

import base64
import uuid

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from protocol.signing import verify_document
from server import admin


def _heartbeat(seq: int, **extra):
    return {
        "app_version": "0.1.0",
        "health": "degraded",
        "queue_depth": 4,
        "oldest_pending_age_s": 93.5,
        "camera": "ok",
        "printer": "paper_low",
        "audit_seq": seq,
        "audit_hash": f"{seq:064x}",
        "sent_at": "2026-11-27T10:00:00+07:00",
        **extra,
    }


def _server_key(kiosk) -> Ed25519PublicKey:
    raw = base64.b64decode(kiosk.grant["document"]["server_signing_key"])
    return Ed25519PublicKey.from_public_bytes(raw)


def test_heartbeat_keeps_the_audit_anchor(server, kiosk):
    assert kiosk.post("/v1/heartbeat", json=_heartbeat(41)).json()["audit_anchor_seq"] == 41
    # An older sequence (a truncated or restored log) does not move the anchor back.
    assert kiosk.post("/v1/heartbeat", json=_heartbeat(7)).json()["audit_anchor_seq"] == 41
    row = next(k for k in admin.kiosks(server.app.state.ctx) if k["kiosk_id"] == kiosk.kiosk_id)
    assert row["audit_seq"] == 41 and row["queue_depth"] == 4 and row["printer"] == "paper_low"
    assert row["health"] == "degraded" and row["last_seen_at"]
    # ... and it is flagged for staff (security issue, defect 6: a silently re-created store)
    assert row["audit_went_back"].startswith("from 41 to 7 at ")
    assert kiosk.post("/v1/heartbeat", json=_heartbeat(9)).json()["audit_anchor_seq"] == 41
    row = next(k for k in admin.kiosks(server.app.state.ctx) if k["kiosk_id"] == kiosk.kiosk_id)
    assert row["audit_went_back"].startswith("from 41 to 7 at ")  # the lowest point is kept


def test_a_kiosk_whose_audit_only_moves_forward_is_not_flagged(server, kiosk):
    for seq in (3, 3, 8):
        assert kiosk.post("/v1/heartbeat", json=_heartbeat(seq)).status_code == 200
    row = next(k for k in admin.kiosks(server.app.state.ctx) if k["kiosk_id"] == kiosk.kiosk_id)
    assert row["audit_seq"] == 8 and row["audit_went_back"] is None


def test_surveys_batch_and_duplicates(kiosk):
    results = [
        {
            "survey_id": str(uuid.uuid4()),
            "service_id": "akta-kelahiran",
            "submitted_at": "2026-11-27T03:00:00Z",
            "scores": [4, 3, 4, 4, 2, 3, 4, 4, 1],
        }
        for _ in range(3)
    ]
    first = kiosk.post("/v1/surveys", json={"results": results})
    assert first.status_code == 200 and first.json() == {"accepted": 3, "duplicates": 0}
    again = kiosk.post("/v1/surveys", json={"results": results[:2]})
    assert again.json() == {"accepted": 0, "duplicates": 2}
    bad = dict(results[0], survey_id=str(uuid.uuid4()), scores=[5] * 9)
    refused = kiosk.post("/v1/surveys", json={"results": [bad]})
    assert refused.status_code == 422 and refused.json()["error"] == "invalid_request"
    short = dict(results[0], survey_id=str(uuid.uuid4()), scores=[4] * 8)
    assert kiosk.post("/v1/surveys", json={"results": [short]}).status_code == 422
    blank = dict(results[0], survey_id=str(uuid.uuid4()), scores=[None] * 9)
    assert kiosk.post("/v1/surveys", json={"results": [blank]}).status_code == 422
    skipped = dict(results[0], survey_id=str(uuid.uuid4()), scores=[4, None] + [3] * 7)
    answer = kiosk.post("/v1/surveys", json={"results": [skipped]})
    assert answer.json() == {"accepted": 1, "duplicates": 0}


def test_configuration_is_signed_with_etag(kiosk):
    answer = kiosk.get("/v1/configuration")
    assert answer.status_code == 200, answer.text
    document = verify_document(answer.json(), _server_key(kiosk))
    assert document["clock_skew_s"] == 300 and document["nik_lock_failures"] == 5
    etag = answer.headers["ETag"]
    cached = kiosk.get("/v1/configuration", headers={"If-None-Match": etag})
    assert cached.status_code == 304 and cached.headers["ETag"] == etag and not cached.content
    stale = kiosk.get("/v1/configuration", headers={"If-None-Match": '"older"'})
    assert stale.status_code == 200


def test_catalog_is_the_kiosk_default_catalog(kiosk):
    from kiosk.catalog import load_catalog

    current = {"MPP-Contract": "1.3"}  # older kiosks get an older shape (test_catalog_compat)
    answer = kiosk.get("/v1/catalog", headers=current)
    assert answer.status_code == 200, answer.text
    document = verify_document(answer.json(), _server_key(kiosk))
    assert document == load_catalog().to_document()
    etag = answer.headers["ETag"]
    again = kiosk.get("/v1/catalog", headers={**current, "If-None-Match": f"W/{etag}"})
    assert again.status_code == 304
