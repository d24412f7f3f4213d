"""Contract versions on the server: stored 1.0 requests replayed against the current server,
answers to 1.0 kiosks in the 1.0 shape, newer kiosks' extra fields ignored, typos refused, and
hostile MPP-Contract headers and unknown fields answered with a clean 4xx.

The 1.0 traffic is tests/data/contract/1.0 (see its README: what the replay substitutes).
"""

from __future__ import annotations

import base64
import copy
import http.client
import json
import logging
import typing
import uuid
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import BaseModel
from server_kiosk_client import TestKiosk, set_reference
from sqlalchemy import select

import protocol.contract as contract
from protocol.signing import b64encode, content_digest, public_key_bytes
from protocol.versions import CONTRACT_HEADER, CONTRACT_VERSION
from server.enrollment import create_enroll_code
from server.models import Application, Citizen, HealthWorker, Kiosk

DATA = Path(__file__).resolve().parents[1] / "data" / "contract" / "1.0"
FIELDS_1_0: dict[str, dict[str, str]] = json.loads((DATA / "fields.json").read_text("utf-8"))
NEWER = {CONTRACT_HEADER: "1.99"}  # a kiosk from a later minor version than this server


def stored(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def send(kiosk: TestKiosk, record: dict, body=None, headers=None, path=None):
    """Replay `record`'s request (signed again by `kiosk`), with its body or `body`."""
    request = record["request"]
    payload = request["body"] if body is None else body
    data = None if payload is None else json.dumps(payload).encode()
    return kiosk.request(
        request["method"],
        path or request["path"],
        data=data,
        headers={**request["headers"], **(headers or {})},
    )


def _nested_model(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


def assert_1_0_shape(model_name: str, body) -> None:
    """Every key of the answer `body` (at any depth) is a field a 1.0 kiosk knows: a 1.0 kiosk
    refuses unknown answer fields, so anything more would break the fleet still on 1.0."""
    model = getattr(contract, model_name)
    known = FIELDS_1_0[model_name]
    assert set(body) <= set(known), (model_name, set(body) - set(known))
    for name, value in body.items():
        nested = _nested_model(model.model_fields[name].annotation)
        if nested is None or value is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            assert_1_0_shape(nested.__name__, item)


def _reseal(kiosk: TestKiosk, record: dict, nik: str, token: str | None = None):
    """The stored 1.0 packet sealed to this server's key, with its metadata put right."""
    plaintext = dict(record["packet_plaintext"], nik=nik)
    if token is not None:
        plaintext["session_token"] = token
    sealed = kiosk.seal(json.dumps(plaintext).encode())
    meta = dict(
        record["request"]["body"]["metadata"],
        kiosk_id=kiosk.kiosk_id,
        size=len(sealed),
        digest=content_digest(sealed),
    )
    return meta, sealed


def _kiosk_row(server, kiosk_id: str) -> dict:
    with server.app.state.ctx.db() as db:
        row = db.get(Kiosk, kiosk_id)
        return {c: getattr(row, c) for c in ("audit_seq", "audit_hash", "health", "printer")}


def _health_worker(server, template) -> str:
    with server.app.state.ctx.db() as db:
        nik = db.scalars(select(HealthWorker.nik).order_by(HealthWorker.nik.desc())).first()
    set_reference(server, nik, template)
    return nik


# ---------------------------------------------------------------- old kiosk -> new server


def test_stored_1_0_requests_are_served_as_before(server, kiosk, citizen_nik, faces):
    ctx = server.app.state.ctx

    # Enrollment: a fresh one-time code and key in the stored request.
    record = stored("enroll")
    code, _ = create_enroll_code(ctx, "MPP Replay")
    key = b64encode(public_key_bytes(Ed25519PrivateKey.generate()))
    body = dict(record["request"]["body"], code=code, public_key=key)
    answer = requests.post(server.url + record["request"]["path"], json=body, timeout=10)
    assert answer.status_code == 200, answer.text
    assert_1_0_shape("SignedDocument", answer.json())
    assert_1_0_shape("EnrollmentGrant", answer.json()["document"])
    assert answer.json()["document"]["kiosk_public_key"] == key
    with ctx.db() as db:
        enrolled = db.get(Kiosk, answer.json()["document"]["kiosk_id"])
        assert enrolled.app_version == record["request"]["body"]["app_version"]

    # Identity: the stored live template (obama.jpg) against this server's citizen.
    record = stored("identity_verify_match")
    answer = send(kiosk, record, dict(record["request"]["body"], nik=citizen_nik))
    assert answer.status_code == 200, answer.text
    verified = answer.json()
    assert verified["match"] is True and verified["citizen"]["nik"] == citizen_nik
    assert_1_0_shape("IdentityVerifyResponse", verified)
    token = verified["session_token"]
    record = stored("identity_verify_no_match")
    answer = send(kiosk, record, dict(record["request"]["body"], nik=citizen_nik))
    assert answer.status_code == 200 and answer.json() == record["response"]["body"]

    worker_nik = _health_worker(server, faces["obama"])
    match = stored("identity_verify_match")
    worker_token = send(kiosk, match, dict(match["request"]["body"], nik=worker_nik)).json()
    record = stored("health_worker_lookup")
    body = dict(record["request"]["body"], session_token=worker_token["session_token"])
    answer = send(kiosk, record, body)
    assert answer.status_code == 200 and answer.json()["found"] is True
    assert_1_0_shape("HealthWorkerLookupResponse", answer.json())

    # Applications: inline online and offline, then a large one in parts (stored ids and codes).
    receipts = {}
    for name, session in (("submission_online", token), ("submission_offline", None)):
        record = stored(name)
        meta, sealed = _reseal(kiosk, record, citizen_nik, session)
        answer = send(kiosk, record, {"metadata": meta, "packet": b64encode(sealed)})
        assert answer.status_code == 201, answer.text
        assert_1_0_shape("SubmissionReceipt", answer.json())
        receipts[name] = answer.json()
    assert receipts["submission_online"]["identity_status"] == "verified_online"
    # An offline check's outcome is no longer told (security issue, defect 1); the value is
    # free text in 1.0 and no 1.0 kiosk reads it (sync/ never did).
    assert receipts["submission_offline"]["identity_status"] == "offline_received"
    for name, receipt in receipts.items():
        expected = stored(name)["response"]["body"]
        assert receipt["application_id"] == expected["application_id"]
        assert receipt["tracking_code"] == expected["tracking_code"]
        assert receipt["status"] == expected["status"] == "received"

    commit = stored("commit")
    meta, sealed = _reseal(kiosk, commit, citizen_nik)
    listing = send(kiosk, stored("parts_listing"))
    assert listing.status_code == 200 and listing.json()["next_missing"] == 1
    assert_1_0_shape("PartsListing", listing.json())
    uploads = sorted(DATA.glob("part_upload_*.json"))
    size = len(base64.b64decode(stored("part_upload_1")["request"]["body"]["data"]))
    chunks = [sealed[i : i + size] for i in range(0, len(sealed), size)]
    assert len(chunks) == len(uploads) == commit["request"]["body"]["part_count"]
    for path, chunk in zip(uploads, chunks, strict=True):
        record = stored(path.stem)
        answer = send(kiosk, record, {"data": b64encode(chunk), "digest": content_digest(chunk)})
        assert answer.status_code == 200, answer.text
        assert_1_0_shape("PartInfo", answer.json())
    answer = send(kiosk, commit, dict(commit["request"]["body"], metadata=meta))
    assert answer.status_code == 201, answer.text
    assert answer.json()["application_id"] == commit["response"]["body"]["application_id"]
    assert answer.json()["identity_status"] == "offline_received"
    assert_1_0_shape("SubmissionReceipt", answer.json())

    # Status (public) of the replayed applications, by the stored paths.
    for name in ("status_online", "status_offline"):
        record = stored(name)
        answer = requests.get(server.url + record["request"]["path"], timeout=10)
        assert answer.status_code == 200, answer.text
        assert_1_0_shape("StatusResponse", answer.json())
        assert answer.json()["tracking_code"] == record["response"]["body"]["tracking_code"]
        assert answer.json()["status"] == "received"
    assert answer.json()["identity_verification_failed"] is None  # not told (an oracle)

    # Heartbeat and surveys as stored: the ack has the 1.0 fields only.
    record = stored("heartbeat")
    answer = send(kiosk, record)
    assert answer.status_code == 200, answer.text
    assert set(answer.json()) == set(record["response"]["body"])
    assert answer.json()["audit_anchor_seq"] == record["request"]["body"]["audit_seq"]
    answer = send(kiosk, stored("surveys"))
    assert answer.status_code == 200 and answer.json() == {"accepted": 2, "duplicates": 0}

    # Signed documents, and the 304 of a second pull.
    for name, document_model in (("configuration", "ServerConfiguration"), ("catalog", None)):
        answer = send(kiosk, stored(name))
        assert answer.status_code == 200, answer.text
        assert_1_0_shape("SignedDocument", answer.json())
        if document_model:
            assert_1_0_shape(document_model, answer.json()["document"])
        again = send(kiosk, stored(name), headers={"If-None-Match": answer.headers["ETag"]})
        assert again.status_code == 304

    # Error answers: same codes, 1.0 bodies.
    for name in ("error_invalid_request", "error_enroll_code_invalid"):
        record = stored(name)
        answer = send(kiosk, record)
        assert answer.status_code == record["response"]["status"], answer.text
        assert answer.json()["error"] == record["response"]["body"]["error"]
        assert_1_0_shape("ErrorBody", answer.json())
    record = stored("error_status_unknown")
    answer = requests.get(server.url + record["request"]["path"], timeout=10)
    assert answer.status_code == 404 and answer.json()["error"] == "not_found"
    record = stored("error_nik_locked")
    locked_nik = next(server.niks)
    set_reference(server, locked_nik, faces["obama"])
    body = dict(record["request"]["body"], nik=locked_nik)
    answers = [send(kiosk, record, body) for _ in range(6)]
    assert [a.status_code for a in answers] == [200] * 5 + [423]
    assert answers[-1].json()["error"] == "nik_locked"
    assert_1_0_shape("ErrorBody", answers[-1].json())


# ---------------------------------------------------------------- new kiosk -> old server


def _with_unknown(body: dict) -> dict:
    """The stored survey batch as a newer kiosk might send it: new fields at two depths."""
    body = copy.deepcopy(body)
    for result in body["results"]:
        result["survey_id"] = str(uuid.uuid4())  # the stored ids are taken by the replay
    body["batch_origin"] = {"firmware": "2027.1", "tags": ["a", "b"]}
    body["results"][0]["duration_s"] = 42
    return body


def test_newer_kiosk_fields_are_ignored_and_logged(sqlite_server, caplog):
    kiosk = TestKiosk.enroll(sqlite_server)
    record = stored("surveys")
    body = _with_unknown(record["request"]["body"])
    with caplog.at_level(logging.INFO, logger="server.contract_version"):
        answer = send(kiosk, record, body, NEWER)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"accepted": 2, "duplicates": 0}
    logged = [r.getMessage() for r in caplog.records if r.name == "server.contract_version"]
    assert len(logged) == 1
    assert "batch_origin" in logged[0] and "results.0.duration_s" in logged[0]
    assert kiosk.kiosk_id in logged[0] and "1.99" in logged[0]

    heartbeat = dict(stored("heartbeat")["request"]["body"], battery_percent=87, audit_seq=5)
    answer = kiosk.post("/v1/heartbeat", json=heartbeat, headers=NEWER)
    assert answer.status_code == 200, answer.text
    assert answer.json()["contract_version"] == CONTRACT_VERSION  # the server's own version
    row = _kiosk_row(sqlite_server, kiosk.kiosk_id)
    assert row["audit_seq"] == 5 and row["printer"] == "paper_low"


def test_newer_kiosk_submission_with_new_fields_is_accepted_once(sqlite_server, faces):
    kiosk = TestKiosk.enroll(sqlite_server)
    nik = next(sqlite_server.niks)
    set_reference(sqlite_server, nik, faces["obama"])
    meta, sealed = kiosk.make_application(nik, template=faces["obama"])
    meta["kiosk_model"] = "MPP-K2"  # a field of a later minor version
    body = {"metadata": meta, "packet": b64encode(sealed), "priority": "normal"}
    headers = {"Idempotency-Key": meta["application_id"], **NEWER}
    first = kiosk.post("/v1/applications", json=body, headers=headers)
    assert first.status_code == 201, first.text
    assert first.json()["identity_status"] == "offline_received"
    again = kiosk.post("/v1/applications", json=body, headers=headers)
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    with sqlite_server.app.state.ctx.db() as db:
        assert db.get(Application, meta["application_id"]).packet == sealed


@pytest.mark.parametrize("declared", [None, "1.0", CONTRACT_VERSION])
def test_unknown_fields_from_a_kiosk_not_newer_are_refused(sqlite_server, declared):
    """A typo from a kiosk of this version or older is a clear 422 naming the field."""
    kiosk = TestKiosk.enroll(sqlite_server)
    headers = {CONTRACT_HEADER: declared} if declared else {}
    heartbeat = dict(stored("heartbeat")["request"]["body"], healht="ok")
    answer = kiosk.post("/v1/heartbeat", json=heartbeat, headers=headers)
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["error"] == "invalid_request" and "healht" in body["message"]
    assert body["detail"]["errors"] == [
        {"loc": ["body", "healht"], "msg": "Extra inputs are not permitted"}
    ]
    verify = stored("identity_verify_match")["request"]["body"]
    nested = dict(verify, liveness={"passed": True, "scroe": 0.9})
    answer = kiosk.post("/v1/identity/verify", json=nested, headers=headers)
    assert answer.status_code == 422 and "liveness.scroe" in answer.json()["message"]
    assert _kiosk_row(sqlite_server, kiosk.kiosk_id)["health"] is None  # nothing was stored


@pytest.mark.parametrize(
    ("declared", "has_version"),
    [(None, False), ("1.0", False), (CONTRACT_VERSION, True), ("1.99", True)],
)
def test_heartbeat_answer_has_the_shape_the_kiosk_declared(sqlite_server, declared, has_version):
    kiosk = TestKiosk.enroll(sqlite_server)
    headers = {CONTRACT_HEADER: declared} if declared else {}
    answer = kiosk.post(
        "/v1/heartbeat", json=stored("heartbeat")["request"]["body"], headers=headers
    )
    assert answer.status_code == 200, answer.text
    assert ("contract_version" in answer.json()) is has_version
    if not has_version:
        assert_1_0_shape("HeartbeatAck", answer.json())


# ---------------------------------------------------------------- hostile input

BAD_HEADERS = [
    "",
    "1",
    "1.",
    ".1",
    "1.1.1",
    "v1.1",
    "1,1",
    "1.1, 1.2",
    "-1.1",
    "1.-1",
    "1.1e3",
    "0x1.1",
    "1.99999",  # more than four digits
    "9" * 5000,  # huge
    "2.0",  # another major: needs /v2
    "0.9",
    "\u00b9.1",  # a superscript digit (Latin-1)
    "null",
    '{"major": 1}',
]


@pytest.mark.parametrize("value", BAD_HEADERS)
def test_garbage_contract_header_is_a_clean_422(sqlite_server, value):
    kiosk = TestKiosk.enroll(sqlite_server)
    heartbeat = stored("heartbeat")["request"]["body"]
    conn = http.client.HTTPConnection(sqlite_server.url.removeprefix("http://"), timeout=10)
    try:
        # Signed like any request, then the header is sent byte for byte (requests would refuse
        # some of these values before they reach the server).
        prepared = kiosk.http.prepare_request(
            requests.Request("POST", sqlite_server.url + "/v1/heartbeat", json=heartbeat)
        )
        conn.putrequest("POST", "/v1/heartbeat", skip_accept_encoding=True)
        for name, header in prepared.headers.items():
            conn.putheader(name, header)
        conn.putheader(CONTRACT_HEADER, value.encode("latin-1"))
        conn.endheaders(prepared.body)
        response = conn.getresponse()
        status, body = response.status, json.loads(response.read())
    finally:
        conn.close()
    assert status == 422, body
    assert body["error"] == "invalid_request" and body["family"] == "application"
    assert len(json.dumps(body)) < 2000  # the garbage is not echoed back at length


def test_contract_header_on_enrollment_and_repeated(sqlite_server):
    ctx = sqlite_server.app.state.ctx
    record = stored("enroll")
    for value, status in (("abc", 422), ("2.1", 422), ("1.99", 200), ("1.0", 200)):
        code, _ = create_enroll_code(ctx, "MPP Header")
        key = b64encode(public_key_bytes(Ed25519PrivateKey.generate()))
        body = dict(record["request"]["body"], code=code, public_key=key, future_field=[1])
        if value == "1.0":
            body.pop("future_field")
        answer = requests.post(
            sqlite_server.url + "/v1/kiosks/enroll",
            json=body,
            headers={CONTRACT_HEADER: value},
            timeout=10,
        )
        assert answer.status_code == status, (value, answer.text)
    # The header twice: one value must do; two are not a version.
    conn = http.client.HTTPConnection(sqlite_server.url.removeprefix("http://"), timeout=10)
    try:
        code, _ = create_enroll_code(ctx, "MPP Header")
        key = b64encode(public_key_bytes(Ed25519PrivateKey.generate()))
        data = json.dumps(dict(record["request"]["body"], code=code, public_key=key)).encode()
        conn.putrequest("POST", "/v1/kiosks/enroll")
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Content-Length", str(len(data)))
        conn.putheader(CONTRACT_HEADER, "1.1")
        conn.putheader(CONTRACT_HEADER, "1.2")
        conn.endheaders(data)
        response = conn.getresponse()
        assert response.status in (200, 422), response.status
        assert json.loads(response.read())
    finally:
        conn.close()


def _with_raw(body: dict, fragment: str) -> bytes:
    """`body` as JSON text with `fragment` (raw JSON members) added at its end."""
    return (json.dumps(body)[:-1] + ", " + fragment + "}").encode()


HOSTILE_FIELDS = {
    "huge name": json.dumps("k" * 100_000) + ": 1",
    "many fields": ", ".join(f'"f{i}": {i}' for i in range(5_000)),
    "deep value": '"deep": ' + "[" * 900 + "]" * 900,  # deeper than serialisation goes
    "deeper value": '"deeper": ' + "[" * 5_000 + "]" * 5_000,  # deeper than the JSON parser
    "python names": '"__class__": 1, "model_dump": 2, "__pydantic_extra__": 3, "model_config": {}',
    "near misses": '"audit_seq ": 99, "AUDIT_SEQ": 99',
}


@pytest.mark.parametrize("declared", [None, "1.99"])
def test_hostile_unknown_fields_never_break_the_server(sqlite_server, declared):
    kiosk = TestKiosk.enroll(sqlite_server)
    headers = {CONTRACT_HEADER: declared} if declared else {}
    headers["Content-Type"] = "application/json"
    base = stored("heartbeat")["request"]["body"]
    ok = kiosk.post("/v1/heartbeat", json=dict(base, audit_seq=30), headers=headers)
    assert ok.status_code == 200
    for what, fragment in HOSTILE_FIELDS.items():
        data = _with_raw(dict(base, audit_seq=31, health="error"), fragment)
        answer = kiosk.post("/v1/heartbeat", data=data, headers=headers)
        assert answer.status_code < 500, (what, answer.text)
        if answer.status_code >= 400:
            assert answer.json()["error"] in ("invalid_request", "malformed_json"), what
            assert len(answer.content) < 5_000, what  # names are cut, the list is capped
        else:
            assert declared is not None, f"{what}: accepted without a newer version"
    # Known fields keep their checks whatever the version says: wrong types, huge values.
    for bad in ({"audit_seq": "many"}, {"audit_seq": 2**64}, {"queue_depth": -1}, {"health": 1}):
        answer = kiosk.post("/v1/heartbeat", json=dict(base, **bad), headers=headers)
        assert answer.status_code == 422, (bad, answer.text)
    # Nothing already saved was lost or overwritten by a refused request.
    row = _kiosk_row(sqlite_server, kiosk.kiosk_id)
    if declared is None:
        assert row["audit_seq"] == 30 and row["health"] == "ok"
    else:
        assert row["audit_seq"] == 31 and row["health"] == "error"


def test_refused_unknown_fields_leave_stored_applications_alone(sqlite_server, faces):
    """A resend of an accepted application with a typo is refused; the stored one stays."""
    kiosk = TestKiosk.enroll(sqlite_server)
    nik = next(sqlite_server.niks)
    set_reference(sqlite_server, nik, faces["obama"])
    meta, sealed = kiosk.make_application(nik, template=faces["obama"])
    assert kiosk.submit(meta, sealed).status_code == 201
    body = {"metadata": dict(meta, sise=1), "packet": b64encode(b"x" * 64)}
    answer = kiosk.post(
        "/v1/applications", json=body, headers={"Idempotency-Key": meta["application_id"]}
    )
    assert answer.status_code == 422 and "metadata.sise" in answer.json()["message"]
    with sqlite_server.app.state.ctx.db() as db:
        assert db.get(Application, meta["application_id"]).packet == sealed
        assert db.get(Citizen, nik) is not None
    replay = kiosk.submit(meta, sealed)
    assert replay.status_code == 201 and replay.headers["Idempotent-Replayed"] == "true"
