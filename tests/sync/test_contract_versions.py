"""Contract versions on the kiosk side: the stored 1.0 answers (tests/data/contract/1.0) go
through the kiosk's real parsers, as they are and as a newer server would send them (unknown
fields everywhere); fields added after 1.0 are optional; signatures still cover every field.

The server side (stored 1.0 requests replayed) is tests/server/test_contract_replay.py.
"""

from __future__ import annotations

import copy
import inspect
import json
import re
import uuid
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import BaseModel, create_model

import protocol.contract as contract
from kiosk.store import Store
from kiosk.store.outbox import Due
from protocol.contract import API_PREFIX, ApplicationPacket
from protocol.signing import b64decode, b64encode, key_id_for, public_key_bytes, sign_document
from protocol.versions import (
    CONTRACT_HEADER,
    CONTRACT_VERSION,
    FIRST_VERSION,
    RequestModel,
    ResponseModel,
    field_since,
    parse_version,
    unknown_fields,
)
from sync.adapters.health_workers import ServerHealthWorkers
from sync.adapters.server_lookups import ServerIdentityVerifier, ServerStatusLookup
from sync.adapters.surveys import OutboxSurveySink, flush_surveys
from sync.client import ServerClient, error_for
from sync.enroll import _check_grant
from sync.errors import ApplicationRejected, KioskProblem
from sync.kiosk_key import KioskIdentity
from sync.signed_documents import SignedDocuments
from sync.upload.heartbeat import send_heartbeat
from sync.upload.sender import Sender

DATA = Path(__file__).resolve().parents[1] / "data" / "contract" / "1.0"
FIELDS_1_0: dict[str, dict[str, str]] = json.loads((DATA / "fields.json").read_text("utf-8"))
RECORDS = {p.stem: json.loads(p.read_text("utf-8")) for p in DATA.glob("*.json")}
RECORDS.pop("fields")
SIGNED = ("enroll", "configuration", "catalog")

# Which request model each stored request body is (by path).
REQUEST_MODELS = [
    (r"/kiosks/enroll$", "EnrollRequest"),
    (r"/identity/verify$", "IdentityVerifyRequest"),
    (r"/health-workers/lookup$", "SessionRef"),
    (r"/applications$", "SubmissionRequest"),
    (r"/applications/[^/]+/parts/\d+$", "PartUpload"),
    (r"/applications/[^/]+/commit$", "CommitRequest"),
    (r"/heartbeat$", "Heartbeat"),
    (r"/surveys$", "SurveyBatch"),
]


def contract_models() -> dict[str, type[BaseModel]]:
    return {
        name: cls
        for name, cls in inspect.getmembers(contract, inspect.isclass)
        if issubclass(cls, BaseModel)
        and cls.__module__ == contract.__name__
        and cls not in (RequestModel, ResponseModel)
    }


# ---------------------------------------------------------------- the rules of a minor version


def violations(models: dict[str, type[BaseModel]], old: dict[str, dict[str, str]]) -> list[str]:
    """What in `models` breaks a 1.x kiosk or server built on the `old` (1.0) field lists."""
    current = parse_version(CONTRACT_VERSION)
    problems = []
    for name, fields in old.items():
        model = models.get(name)
        if model is None:
            problems.append(f"{name}: a 1.0 model is gone (a renamed class? fix fields.json)")
            continue
        sends = not issubclass(model, ResponseModel)  # requests and the sealed packet
        for field, kind in fields.items():
            info = model.model_fields.get(field)
            if info is None:
                problems.append(f"{name}.{field}: a 1.0 field is gone (needs a new major)")
            elif field_since(info) != FIRST_VERSION:
                problems.append(f"{name}.{field}: a 1.0 field is marked as added later")
            elif sends and kind == "optional" and info.is_required():
                problems.append(f"{name}.{field}: optional in 1.0, now required")
            elif not sends and kind == "required" and not info.is_required():
                problems.append(f"{name}.{field}: required in 1.0, now optional")
        for field, info in model.model_fields.items():
            if field in fields:
                continue
            if info.is_required():
                problems.append(f"{name}.{field}: added after 1.0 but required")
            if not FIRST_VERSION < field_since(info) <= current:
                problems.append(f"{name}.{field}: added after 1.0 without added('1.m')")
    return problems


def test_fields_added_after_1_0_are_optional_and_nothing_of_1_0_is_gone():
    models = contract_models()
    assert violations(models, FIELDS_1_0) == []
    added = {
        f"{name}.{field}"
        for name, model in models.items()
        for field in model.model_fields
        if name in FIELDS_1_0 and field not in FIELDS_1_0[name]
    }
    assert "HeartbeatAck.contract_version" in added  # the check above is not vacuous


def test_the_rule_check_fails_on_a_broken_minor_version():
    """The check above can fail: a required new field, a 1.0 field made required or optional,
    a 1.0 field removed, a new field without its version mark."""
    models = contract_models()
    broken = {
        "HeartbeatAck": create_model(
            "HeartbeatAck", __base__=contract.HeartbeatAck, uptime_s=(int, ...)
        ),
        "Heartbeat": create_model(
            "Heartbeat", __base__=contract.Heartbeat, oldest_pending_age_s=(float, ...)
        ),
        "StatusResponse": create_model(
            "StatusResponse", __base__=contract.StatusResponse, service_id=(str | None, None)
        ),
        "SurveyAck": create_model("SurveyAck", __base__=ResponseModel, accepted=(int, ...)),
        "SessionRef": create_model("SessionRef", __base__=contract.SessionRef, kiosk=(str, "x")),
    }
    found = violations({**models, **broken}, FIELDS_1_0)
    assert sorted(found) == [
        "Heartbeat.oldest_pending_age_s: optional in 1.0, now required",
        "HeartbeatAck.uptime_s: added after 1.0 but required",
        "HeartbeatAck.uptime_s: added after 1.0 without added('1.m')",
        "SessionRef.kiosk: added after 1.0 without added('1.m')",
        "StatusResponse.service_id: required in 1.0, now optional",
        "SurveyAck.duplicates: a 1.0 field is gone (needs a new major)",
    ]


def test_every_model_has_a_direction():
    """Answers ignore unknown fields; requests keep them for the server's policy."""
    for name, model in contract_models().items():
        extra = model.model_config.get("extra")
        if issubclass(model, ResponseModel):
            assert extra == "ignore", name
        elif issubclass(model, RequestModel) or model is ApplicationPacket:
            assert extra == "allow", name
        else:
            pytest.fail(f"{name} is neither a RequestModel nor a ResponseModel")


def test_contract_version_is_major_minor():
    assert parse_version(CONTRACT_VERSION) >= (1, 1)
    assert API_PREFIX == f"/v{parse_version(CONTRACT_VERSION)[0]}"
    for bad in ("1", "1.1.1", "v1.1", " 1.1", "1.1\n", "\u0661.1", "", None, 1.1):
        with pytest.raises(ValueError):
            parse_version(bad)


# ---------------------------------------------------------------- stored 1.0 requests


def test_stored_1_0_requests_fit_the_current_request_models():
    """Everything a 1.0 kiosk sent is valid now and has no field the contract does not know."""
    checked = set()
    for name, record in RECORDS.items():
        body = record["request"]["body"]
        if body is None or name.startswith("error_"):
            continue  # GET requests; requests made to draw an error
        path = record["request"]["path"]
        model_name = next(m for pattern, m in REQUEST_MODELS if re.search(pattern, path))
        model = getattr(contract, model_name).model_validate(body)
        assert unknown_fields(model) == [], name
        checked.add(model_name)
        if "packet_plaintext" in record:
            ApplicationPacket.model_validate(record["packet_plaintext"])
    assert checked == {m for _, m in REQUEST_MODELS}


# ---------------------------------------------------------------- stored 1.0 answers


def _with_unknown(value):
    """`value` as a newer server might send it: an unknown field in every object."""
    if isinstance(value, dict):
        added = {"zz_added_later": {"nested": [1, "two", None]}, "zz_flag": True}
        return {**{k: _with_unknown(v) for k, v in value.items()}, **added}
    if isinstance(value, list):
        return [_with_unknown(v) for v in value]
    return value


def _identity(grant: dict, signing_public: str | None = None) -> KioskIdentity:
    signing = signing_public or grant["server_signing_key"]
    return KioskIdentity(
        kiosk_id=grant["kiosk_id"],
        site=grant["site"],
        server_url="http://127.0.0.1:9",
        server_signing_key=signing,
        server_sealing_key=grant["server_sealing_key"],
        server_key_id=key_id_for(b64decode(signing)),
        enrolled_at=grant["enrolled_at"],
        key_store="file",
    )


class Answers:
    """The stored 1.0 answers, as stored (`newer=False`) or with unknown fields everywhere,
    signed documents signed again by a test key (`newer=True`)."""

    def __init__(self, newer: bool):
        self.newer = newer
        self.key = Ed25519PrivateKey.generate()
        self.public = b64encode(public_key_bytes(self.key))
        self.key_id = key_id_for(public_key_bytes(self.key))
        self.grant = RECORDS["enroll"]["response"]["body"]["document"]

    def body(self, name: str):
        body = copy.deepcopy(RECORDS[name]["response"]["body"])
        return _with_unknown(body) if self.newer else body

    def signed(self, name: str) -> tuple[dict, KioskIdentity]:
        """A signed document answer and the kiosk identity that pins its key."""
        envelope = copy.deepcopy(RECORDS[name]["response"]["body"])
        document = envelope["document"]
        if name == "enroll" and self.newer:
            document = dict(document, server_signing_key=self.public)
        if self.newer:
            # The catalog too (1.3): a server catalog's unknown keys are dropped by the kiosk
            # (kiosk/catalog/loader.py drop_unknown_keys), still covered by the signature.
            document = _with_unknown(document)
        if self.newer or envelope["signature"] is None:  # the catalog was cut: sign it again
            envelope = {**envelope, **sign_document(document, self.key, self.key_id)}
            identity = _identity(self.grant, self.public)
        else:
            identity = _identity(self.grant)
        if self.newer:
            envelope["zz_envelope_field"] = "unsigned, ignored"
        return envelope, identity


def _response(status: int, body) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = json.dumps(body).encode()
    response.headers["Content-Type"] = "application/json"
    return response


class StubClient:
    """ServerClient.json answering from stored exchanges, by method and path."""

    def __init__(self, answers: Answers, names: list[str]):
        self.routes = {}
        for name in names:
            request = RECORDS[name]["request"]
            path = request["path"].removeprefix(API_PREFIX)
            self.routes[(request["method"], path)] = name
        self.answers = answers
        self.calls: list[tuple[str, str, dict | None]] = []

    def json(self, method: str, path: str, *, body=None, **_kwargs) -> dict:
        self.calls.append((method, path, body))
        name = self.routes[(method, path)]
        status = RECORDS[name]["response"]["status"]
        if status >= 300:
            raise error_for(_response(status, self.answers.body(name)))
        return self.answers.body(name)


@pytest.fixture(params=[False, True], ids=["as-stored", "newer-server"])
def answers(request) -> Answers:
    return Answers(request.param)


@pytest.fixture
def store(tmp_path):
    store = Store.open(tmp_path / "kiosk")
    yield store
    store.close()


def test_every_stored_answer_parses_with_its_model(answers):
    for name, record in RECORDS.items():
        model = record["response_model"]
        if model is None:
            continue  # 304: no body
        if name in SIGNED:
            signed = answers.signed(name)[0]
            contract.SignedDocument.model_validate(signed)
            if document_model := record.get("document_model"):
                getattr(contract, document_model).model_validate(signed["document"])
            continue
        parsed = getattr(contract, model).model_validate(answers.body(name))
        # The values a 1.0 server sent read back unchanged, whatever a newer one adds.
        dumped = parsed.model_dump(mode="json")
        stored = record["response"]["body"]
        for key, value in stored.items():
            if not isinstance(value, dict | list):
                assert dumped[key] == value, (name, key)


def test_enrollment_grant(answers):
    signed, _ = answers.signed("enroll")
    public_key = RECORDS["enroll"]["request"]["body"]["public_key"]
    grant = _check_grant(signed, public_key)
    assert grant.kiosk_id == answers.grant["kiosk_id"] and grant.site == "MPP Kota Bandung"
    tampered = copy.deepcopy(signed)
    tampered["document"]["site"] = "MPP Elsewhere"
    with pytest.raises(KioskProblem) as info:
        _check_grant(tampered, public_key)
    assert info.value.code == "wrong_server_key"


def test_signed_documents(answers, tmp_path):
    signed, identity = answers.signed("configuration")
    documents = SignedDocuments(tmp_path, identity)
    config = documents.accept("configuration", signed, '"etag"')
    stored = RECORDS["configuration"]["response"]["body"]["document"]
    assert config["part_size_bytes"] == stored["part_size_bytes"] == 8192
    assert documents.current("configuration") == config
    signed, identity = answers.signed("catalog")
    catalog = SignedDocuments(tmp_path, identity).accept("catalog", signed)
    assert [s["id"] for s in catalog["services"]] == ["cetak-kk", "cetak-biodata"]


def test_identity_and_health_worker_answers(answers):
    names = ["identity_verify_match", "health_worker_lookup"]
    verifier = ServerIdentityVerifier(StubClient(answers, names))
    request = RECORDS["identity_verify_match"]["request"]["body"]
    stored = RECORDS["identity_verify_match"]["response"]["body"]
    result = verifier.verify(request["nik"], request["template"], request["liveness"])
    assert result.outcome == "match" and result.session_token == stored["session_token"]
    assert result.prefill["nik"] == request["nik"] == stored["citizen"]["nik"]
    assert result.prefill["address"]["province"] == stored["citizen"]["address"]["province"]
    assert len(result.prefill["family"]) == len(stored["citizen"]["family"]) > 0

    for name, outcome in (("identity_verify_no_match", "no_match"), ("error_nik_locked", "locked")):
        verifier = ServerIdentityVerifier(StubClient(answers, [name]))
        request = RECORDS[name]["request"]["body"]
        result = verifier.verify(request["nik"], request["template"], request["liveness"])
        assert result.outcome == outcome, name

    worker = ServerHealthWorkers(StubClient(answers, names)).lookup("3171014508900001", "token")
    stored = RECORDS["health_worker_lookup"]["response"]["body"]["worker"]
    assert worker["str_number"] == stored["str_number"]
    assert worker["str_status"] == stored["str_status"]
    assert "zz_added_later" not in worker  # what the kiosk passes on is what it knows


def test_status_answers(answers):
    for name, failed in (("status_online", None), ("status_offline", False)):
        client = StubClient(answers, [name, "error_status_unknown"])
        code = RECORDS[name]["response"]["body"]["tracking_code"]
        status = ServerStatusLookup(client).status(code)
        assert status.tracking_code == code and status.status == "received"
        stored = RECORDS[name]["response"]["body"]
        assert status.note_id == stored["message_id"] and status.note_en == stored["message_en"]
        assert stored["identity_verification_failed"] is failed
    unknown = RECORDS["error_status_unknown"]["request"]["path"].rsplit("/", 1)[1]
    assert ServerStatusLookup(client).status(unknown) is None


def test_submission_receipts_inline_and_in_parts(answers):
    for name in ("submission_online", "submission_offline"):
        meta = RECORDS[name]["request"]["body"]["metadata"]
        item = _due(meta, part_size=0)
        sender = Sender(StubClient(answers, [name]), meta["kiosk_id"], 8192)
        receipt = sender.send(item, b"\0" * meta["size"])
        assert receipt["application_id"] == meta["application_id"]
        assert receipt["tracking_code"] == RECORDS[name]["response"]["body"]["tracking_code"]

    names = ["parts_listing", "commit", *(f"part_upload_{i}" for i in range(1, 5))]
    meta = RECORDS["commit"]["request"]["body"]["metadata"]
    client = StubClient(answers, names)
    receipt = Sender(client, meta["kiosk_id"], 8192).send(
        _due(meta, part_size=8192), b"\0" * meta["size"]
    )
    assert receipt["application_id"] == meta["application_id"]
    assert [c[0] for c in client.calls] == ["GET", "PUT", "PUT", "PUT", "PUT", "POST"]


def _due(meta: dict, part_size: int) -> Due:
    return Due(
        id=meta["application_id"],
        tracking_code=meta["tracking_code"],
        service_id=meta["service_id"],
        catalog_version=meta["catalog_version"],
        size=meta["size"],
        created_at=0.0,
        verification_pending=meta["identity_mode"] == "offline",
        attempts=0,
        part_size=part_size,
    )


def test_heartbeat_and_survey_acks(answers, store):
    ack = send_heartbeat(StubClient(answers, ["heartbeat"]), store)
    assert ack.audit_anchor_seq == RECORDS["heartbeat"]["response"]["body"]["audit_anchor_seq"]
    assert ack.contract_version is None  # a 1.0 server does not say
    sink = OutboxSurveySink(store, "cetak-kk")
    sink.send({"persyaratan": 4})
    sink.send({"waktu": 2})
    assert flush_surveys(StubClient(answers, ["surveys"]), store) == 2


def test_error_answers(answers):
    expected = {
        "error_invalid_request": (ApplicationRejected, "invalid_request"),
        "error_nik_locked": (ApplicationRejected, "nik_locked"),
        "error_status_unknown": (ApplicationRejected, "not_found"),
        "error_clock_skew": (KioskProblem, "clock_skew"),
        "error_enroll_code_invalid": (KioskProblem, "enroll_code_invalid"),
    }
    for name, (kind, code) in expected.items():
        error = error_for(_response(RECORDS[name]["response"]["status"], answers.body(name)))
        assert type(error) is kind and error.code == code, name
        assert error.message_id == RECORDS[name]["response"]["body"]["message_id"]
    skew = error_for(_response(401, answers.body("error_clock_skew")))
    assert (
        skew.detail["server_time"]
        == RECORDS["error_clock_skew"]["response"]["body"]["detail"]["server_time"]
    )


# ---------------------------------------------------------------- signatures and the header


def test_document_signature_covers_unknown_fields(tmp_path):
    key = Ed25519PrivateKey.generate()
    public = b64encode(public_key_bytes(key))
    identity = _identity(RECORDS["enroll"]["response"]["body"]["document"], public)
    document = dict(
        RECORDS["configuration"]["response"]["body"]["document"],
        zz_new_setting={"limit": 3},
    )
    signed = sign_document(document, key, key_id_for(public_key_bytes(key)))
    documents = SignedDocuments(tmp_path, identity)
    assert documents.accept("configuration", signed)["zz_new_setting"] == {"limit": 3}
    changed = copy.deepcopy(signed)
    changed["document"]["zz_new_setting"]["limit"] = 4
    removed = copy.deepcopy(signed)
    del removed["document"]["zz_new_setting"]
    added = copy.deepcopy(signed)
    added["document"]["zz_smuggled"] = True
    for bad in (changed, removed, added):
        with pytest.raises(KioskProblem) as info:
            documents.accept("configuration", bad)
        assert info.value.code == "wrong_server_key"
    assert documents.current("configuration")["zz_new_setting"] == {"limit": 3}


def test_the_kiosk_declares_its_contract_version():
    client = ServerClient("http://127.0.0.1:9")
    try:
        assert client.session.headers[CONTRACT_HEADER] == CONTRACT_VERSION
    finally:
        client.close()


def test_kiosk_and_server_of_this_version_agree(kiosk):
    """Over real HTTP: the server read the kiosk's header and answers in the current shape."""
    ack = send_heartbeat(kiosk.client(), kiosk.store)
    assert ack.contract_version == CONTRACT_VERSION
    # The same version on both sides: an unknown field can only be a typo, and is refused.
    survey = copy.deepcopy(RECORDS["surveys"]["request"]["body"]["results"][0])
    survey["survey_id"] = str(uuid.uuid4())
    with pytest.raises(ApplicationRejected) as info:
        kiosk.client().json("POST", "/surveys", body={"results": [survey], "typo": 1})
    assert info.value.code == "invalid_request" and "typo" in str(info.value)
