"""Enrollment and request authentication over real HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import datetime as dt

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from server_kiosk_client import TestKiosk

from protocol.signing import b64encode, key_id_for, public_key_bytes, sign_request, verify_document
from server.enrollment import create_enroll_code, revoke_kiosk

HEARTBEAT = {
    "app_version": "0.1.0",
    "health": "ok",
    "queue_depth": 0,
    "camera": "ok",
    "printer": "ok",
    "audit_seq": 1,
    "audit_hash": "a" * 64,
    "sent_at": "2026-01-01T00:00:00Z",
}


def _enroll(server, code, key=None):
    key = key or Ed25519PrivateKey.generate()
    return requests.post(
        f"{server.url}/v1/kiosks/enroll",
        json={"code": code, "public_key": b64encode(public_key_bytes(key))},
        timeout=10,
    )


def _error(response, status, code, family="kiosk"):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == code and body["family"] == family
    assert body["message"] and body["message_id"]
    return body


def test_enrollment_answer_is_signed_and_code_works_once(server):
    ctx = server.app.state.ctx
    code, expires = create_enroll_code(ctx, "MPP Kota Bandung")
    assert expires - dt.datetime.now(dt.UTC) > dt.timedelta(hours=23)
    answer = _enroll(server, code.lower())  # typed in lower case: still accepted
    assert answer.status_code == 200, answer.text
    signed = answer.json()
    server_key = Ed25519PublicKey.from_public_bytes(
        base64.b64decode(signed["document"]["server_signing_key"])
    )
    grant = verify_document(signed, server_key)
    assert grant["site"] == "MPP Kota Bandung" and grant["kiosk_id"].startswith("KIOSK-")
    assert signed["key_id"] == key_id_for(public_key_bytes(server_key)) == ctx.keys.key_id
    assert len(base64.b64decode(grant["server_sealing_key"])) == 32
    _error(_enroll(server, code), 403, "enroll_code_used")


def test_unknown_and_expired_codes(server):
    _error(_enroll(server, "NOPE-NOPE-NOPE"), 403, "enroll_code_invalid")
    code, _ = create_enroll_code(server.app.state.ctx, "Old", ttl_s=-1)
    _error(_enroll(server, code), 403, "enroll_code_expired")


def test_signed_request_is_accepted(kiosk):
    answer = kiosk.post("/v1/heartbeat", json=HEARTBEAT)
    assert answer.status_code == 200, answer.text
    assert answer.json()["audit_anchor_seq"] == 1


def test_unsigned_request(kiosk):
    answer = requests.post(f"{kiosk.base_url}/v1/heartbeat", json=HEARTBEAT, timeout=10)
    _error(answer, 401, "signature_missing")


def _signed_post(kiosk, body: bytes, *, key=None, kiosk_id=None, created=None, headers=None):
    url = f"{kiosk.base_url}/v1/heartbeat"
    signature = sign_request(
        "POST", url, body, key or kiosk.key, kiosk_id or kiosk.kiosk_id, created=created
    )
    all_headers = {"Content-Type": "application/json", **signature, **(headers or {})}
    return requests.post(url, data=body, headers=all_headers, timeout=10), all_headers


def _body():
    import json

    return json.dumps(HEARTBEAT).encode()


def test_unknown_kiosk(kiosk):
    answer, _ = _signed_post(kiosk, _body(), kiosk_id="KIOSK-NOTTHERE")
    _error(answer, 401, "kiosk_unknown")


def test_revoked_kiosk_gets_reason(server, kiosk):
    assert kiosk.post("/v1/heartbeat", json=HEARTBEAT).status_code == 200
    revoke_kiosk(server.app.state.ctx, kiosk.kiosk_id, "stolen from the MPP hall")
    body = _error(kiosk.post("/v1/heartbeat", json=HEARTBEAT), 401, "kiosk_revoked")
    assert "stolen" in body["message"] and body["detail"]["reason"] == "stolen from the MPP hall"
    _error(kiosk.get("/v1/configuration"), 401, "kiosk_revoked")


def test_stale_and_future_clocks(kiosk):
    now = dt.datetime.now(dt.UTC)
    for offset in (-400, 400):
        answer, _ = _signed_post(kiosk, _body(), created=now + dt.timedelta(seconds=offset))
        body = _error(answer, 401, "clock_skew")
        assert abs(body["detail"]["skew_s"] - offset) < 5
    answer, _ = _signed_post(kiosk, _body(), created=now - dt.timedelta(seconds=200))
    assert answer.status_code == 200, answer.text


def test_replayed_request(kiosk):
    body = _body()
    first, headers = _signed_post(kiosk, body)
    assert first.status_code == 200
    again = requests.post(f"{kiosk.base_url}/v1/heartbeat", data=body, headers=headers, timeout=10)
    _error(again, 401, "signature_replayed")


def test_tampered_body_and_wrong_key(kiosk):
    body = _body()
    url = f"{kiosk.base_url}/v1/heartbeat"
    headers = sign_request("POST", url, body, kiosk.key, kiosk.kiosk_id)
    tampered = body.replace(b'"queue_depth": 0', b'"queue_depth": 9')
    answer = requests.post(
        url, data=tampered, headers={**headers, "Content-Type": "application/json"}, timeout=10
    )
    _error(answer, 401, "signature_invalid")
    answer, _ = _signed_post(kiosk, body, key=Ed25519PrivateKey.generate())
    _error(answer, 401, "signature_invalid")


def test_malformed_signature_header(kiosk):
    answer, _ = _signed_post(kiosk, _body(), headers={"Signature-Input": "kiosk=(broken"})
    _error(answer, 401, "signature_malformed")


def test_two_kiosks_are_independent(server, kiosk):
    other = TestKiosk.enroll(server, "MPP Kota Medan")
    assert other.kiosk_id != kiosk.kiosk_id
    revoke_kiosk(server.app.state.ctx, other.kiosk_id, "test")
    assert kiosk.post("/v1/heartbeat", json=HEARTBEAT).status_code == 200
