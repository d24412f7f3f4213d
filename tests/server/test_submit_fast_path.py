"""The submit route's fast path (server/fast_path.py, server/routes/applications.py) answers
exactly as FastAPI's own handler for the route would.

Two apps on one real SQLite file and one ServerContext, each served over loopback HTTP: the
real one (create_app, the route with its fast path) and one with the same route registered
plainly (no route_class_override: every request goes through FastAPI's dependencies and
validation). Each hostile or edge request is built and signed for each app separately (its
own nonce, its own application id) and both answers must match, and match what the table
says independently.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from server_kiosk_client import TestKiosk
from sqlalchemy import func, select

import server.routes.applications as applications
from protocol.contract import SubmissionReceipt
from protocol.signing import b64encode, sign_request
from protocol.versions import CONTRACT_HEADER
from server.app import BackgroundServer
from server.errors import install_error_handlers
from server.http import ServerProtocol
from server.limits import BodyLimitMiddleware
from server.models import Nonce
from server.settings import ServerSettings

PATH = "/v1/applications"
NIK = "3171015505900001"
JSON = "application/json"


# ---------------------------------------------------------------- the two apps


def _plain_app(ctx, settings: ServerSettings) -> FastAPI:
    """create_app's stack with only the submit route, registered without the fast path."""
    app = FastAPI()
    app.state.ctx = ctx
    install_error_handlers(app)
    router = APIRouter(tags=["applications"])
    router.add_api_route(
        "/applications",
        applications.submit,
        methods=["POST"],
        status_code=201,
        response_model=SubmissionReceipt,
        responses=applications.SUBMIT_ERRORS,
        summary="Submit a sealed application packet (up to the part threshold) idempotently",
    )
    app.include_router(router, prefix="/v1")
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_request_bytes)
    app.state.submit_router = router
    return app


class _Served:
    """`app` served by uvicorn in a daemon thread, as BackgroundServer serves create_app's."""

    def __init__(self, app: FastAPI):
        import uvicorn

        self.app = app
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        config = uvicorn.Config(
            app, log_level="warning", access_log=False, http=ServerProtocol, lifespan="off"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.listener]}, daemon=True
        )
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the plain app did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.listener.close()


@dataclass
class Target:
    """One app to send to, with the kiosks that sign for it."""

    name: str
    url: str
    kiosk: TestKiosk
    other: TestKiosk  # another enrolled kiosk (for a metadata.kiosk_id not the signer's)
    http: httpx.Client
    ctx: object

    def application(self, **kwargs) -> tuple[dict, bytes]:
        return self.kiosk.make_application(NIK, mode="online", **kwargs)

    def prepare(
        self,
        body: bytes,
        headers: list[tuple[str, str]] = (),
        *,
        content_type: str | None = JSON,
        sign: bool = True,
        signed_body: bytes | None = None,
        key: Ed25519PrivateKey | None = None,
    ) -> tuple[bytes, list[tuple[str, str]]]:
        """(body, header lines) signed now: one nonce, sent as often as the test likes."""
        lines = [("Content-Type", content_type)] if content_type is not None else []
        lines += list(headers)
        if sign:
            signed = body if signed_body is None else signed_body
            url = self.url + PATH
            lines += sign_request(
                "POST", url, signed, key or self.kiosk.key, self.kiosk.kiosk_id
            ).items()
        return body, lines

    def send(self, prepared: tuple[bytes, list[tuple[str, str]]]) -> httpx.Response:
        body, lines = prepared
        return self.http.post(self.url + PATH, content=body, headers=lines)

    def post(self, body: bytes, headers: list[tuple[str, str]] = (), **kwargs) -> httpx.Response:
        return self.send(self.prepare(body, headers, **kwargs))


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    settings = ServerSettings(data_dir=tmp_path_factory.mktemp("fast-path"))
    fast = BackgroundServer(settings).start()
    plain = _Served(_plain_app(fast.app.state.ctx, settings))
    kiosk, other = TestKiosk.enroll(fast), TestKiosk.enroll(fast)  # rows both apps read
    http = httpx.Client(timeout=60)
    targets = {
        name: Target(name, url, kiosk, other, http, fast.app.state.ctx)
        for name, url in (("fast", fast.url), ("plain", plain.url))
    }
    try:
        yield {"fast_server": fast, "plain_server": plain, "settings": settings, **targets}
    finally:
        http.close()
        plain.stop()
        fast.stop()


# ---------------------------------------------------------------- requests


def _body(meta: dict, sealed: bytes | None = None, packet: str | None = None, **extra) -> bytes:
    packet = b64encode(sealed) if packet is None else packet
    return json.dumps({"metadata": meta, "packet": packet, **extra}).encode()


def _key(meta: dict) -> tuple[str, str]:
    return ("Idempotency-Key", meta["application_id"])


def _one(build: Callable[[Target, dict, bytes], tuple]) -> Callable[[Target], list]:
    """A case of one request: `build(t, meta, sealed)` gives (body, headers, prepare kwargs)."""

    def run(t: Target) -> list[httpx.Response]:
        meta, sealed = t.application()
        body, headers, kwargs = build(t, meta, sealed)
        return [t.post(body, headers, **kwargs)]

    return run


def _valid_then_replay(t: Target) -> list:
    meta, sealed = t.application()
    return [t.post(_body(meta, sealed), [_key(meta)]) for _ in range(2)]


def _same_key_other_body(t: Target) -> list:
    meta, sealed = t.application()
    other_meta, other_sealed = t.application(application_id=meta["application_id"])
    return [
        t.post(_body(meta, sealed), [_key(meta)]),
        t.post(_body(other_meta, other_sealed), [_key(other_meta)]),
    ]


def _replayed_nonce(t: Target) -> list:
    meta, sealed = t.application()
    prepared = t.prepare(_body(meta, sealed), [_key(meta)])
    return [t.send(prepared), t.send(prepared)]


def _over_threshold(t: Target, meta: dict, sealed: bytes) -> tuple:
    meta = dict(meta, size=t.ctx.settings.part_threshold_bytes + 1)
    return _body(meta, sealed), [_key(meta)], {}


def _oversize_body(t: Target, meta: dict, sealed: bytes) -> tuple:
    padding = "A" * (t.ctx.settings.max_request_bytes + 16)
    return _body(meta, packet=padding), [_key(meta)], {}


def _tampered(t: Target, meta: dict, sealed: bytes) -> tuple:
    body = _body(meta, sealed)
    return body.replace(b'"packet": "', b'"packet": "AAAA'), [_key(meta)], {"signed_body": body}


def _packet_twice(t: Target, meta: dict, sealed: bytes) -> tuple:
    # Python's json (FastAPI) and pydantic's parser (the fast path) both keep the last.
    body = _body(meta, packet="AAAA")
    return body[:-1] + b', "packet": "' + b64encode(sealed).encode() + b'"}', [_key(meta)], {}


def _nan_field(t: Target, meta: dict, sealed: bytes) -> tuple:
    body = _body(meta, sealed).replace(b'"metadata": {', b'"metadata": {"later": NaN, ', 1)
    return body, [_key(meta), (CONTRACT_HEADER, "1.99")], {}


def _unknown(meta: dict) -> dict:
    return dict(meta, surprise="a field from the future")


def _valid(**kwargs) -> Callable:
    return _one(lambda t, m, s: (_body(m, s), [_key(m)], kwargs))


def _valid_with(*headers: tuple[str, str], **kwargs) -> Callable:
    return _one(lambda t, m, s: (_body(m, s), [_key(m), *headers], kwargs))


def _keyed(key: Callable[[dict], list], **kwargs) -> Callable:
    return _one(lambda t, m, s: (_body(m, s), key(m), kwargs))


CREATED = (201, None, None, "false")
BODY = [["body"]]
# (case, how to send it, the expected answers: (status, error, detail.errors locs,
# Idempotent-Replayed) or a prefix of that), written from the contract, not from either app.
CASES: list[tuple[str, Callable, list[tuple]]] = [
    ("valid then its replay", _valid_then_replay, [CREATED, (201, None, None, "true")]),
    (
        "same key, another body",
        _same_key_other_body,
        [CREATED, (422, "idempotency_conflict", None)],
    ),
    ("charset utf-8", _valid(content_type=JSON + "; charset=utf-8"), [CREATED]),
    ("a +json media type", _valid(content_type="application/vnd.mpp+json"), [CREATED]),
    (
        "malformed JSON",
        _one(lambda t, m, s: (_body(m, s)[:-7], [_key(m)], {})),
        [(400, "malformed_json", None)],
    ),
    (
        "malformed JSON, unsigned (the body is parsed first)",
        _one(lambda t, m, s: (b'{"metadata": ', [_key(m)], {"sign": False})),
        [(400, "malformed_json", None)],
    ),
    (
        "JSON sent as text/plain",
        _valid(content_type="text/plain"),
        [(422, "invalid_request", BODY)],
    ),
    ("no content-type", _valid(content_type=None), [(422, "invalid_request", BODY)]),
    (
        "a UTF-8 byte order mark",
        _one(lambda t, m, s: (b"\xef\xbb\xbf" + _body(m, s), [_key(m)], {})),
        [CREATED],
    ),
    (
        "unknown metadata field",
        _one(lambda t, m, s: (_body(_unknown(m), s), [_key(m)], {})),
        [(422, "invalid_request", [["body", "metadata", "surprise"]])],
    ),
    (
        "unknown metadata field, unsigned",
        _one(lambda t, m, s: (_body(_unknown(m), s), [_key(m)], {"sign": False})),
        [(401, "signature_missing", None)],
    ),
    (
        "unknown metadata field from a newer minor",
        _one(lambda t, m, s: (_body(_unknown(m), s), [_key(m), (CONTRACT_HEADER, "1.99")], {})),
        [CREATED],
    ),
    ("contract 1.0", _valid_with((CONTRACT_HEADER, "1.0")), [CREATED]),
    *(
        (
            f"contract {value!r}",
            _valid_with((CONTRACT_HEADER, value)),
            [(422, "invalid_request", [["header", CONTRACT_HEADER]])],
        )
        for value in ("1.x", "1.0.0", "1.0" + "0" * 14, "", "1.00000")
    ),
    (
        "contract of another major",
        _valid_with((CONTRACT_HEADER, "2.0")),
        [(422, "invalid_request", None)],
    ),
    # FastAPI reads the first of repeated header lines (starlette Headers.get).
    ("contract twice", _valid_with((CONTRACT_HEADER, "1.0"), (CONTRACT_HEADER, "1.0")), [CREATED]),
    (
        "contract twice, the first of another major",
        _valid_with((CONTRACT_HEADER, "2.0"), (CONTRACT_HEADER, "1.0")),
        [(422, "invalid_request", None)],
    ),
    ("key missing", _keyed(lambda m: []), [(400, "idempotency_key_missing", None)]),
    (
        "key empty",
        _keyed(lambda m: [("Idempotency-Key", "")]),
        [(400, "idempotency_key_missing", None)],
    ),
    (
        "key of 65 characters",
        _keyed(lambda m: [("Idempotency-Key", m["application_id"] + "x" * 29)]),
        [(422, "invalid_request", [["header", "Idempotency-Key"]])],
    ),
    (
        "key in capitals",
        _keyed(lambda m: [("Idempotency-Key", m["application_id"].upper())]),
        [CREATED],
    ),
    ("key twice", _keyed(lambda m: [_key(m), _key(m)]), [CREATED]),
    (
        "key twice, the first another id",
        _keyed(lambda m: [("Idempotency-Key", "0" * 8 + m["application_id"][8:]), _key(m)]),
        [(422, "idempotency_key_mismatch", None)],
    ),
    (
        "key of another application",
        _keyed(lambda m: [("Idempotency-Key", "0" * 8 + m["application_id"][8:])]),
        [(422, "idempotency_key_mismatch", None)],
    ),
    ("no signature", _valid(sign=False), [(401, "signature_missing", None)]),
    (
        "signed by another key",
        _valid(key=Ed25519PrivateKey.generate()),
        [(401, "signature_invalid", None)],
    ),
    ("body changed after signing", _one(_tampered), [(401, "signature_invalid", None)]),
    ("a replayed nonce", _replayed_nonce, [CREATED, (401, "signature_replayed", None)]),
    (
        "packet not base64",
        _one(lambda t, m, s: (_body(m, packet="AAAAA"), [_key(m)], {})),
        [(422, "invalid_request", None)],
    ),
    (
        "packet with a character outside base64",
        _one(lambda t, m, s: (_body(m, packet="AA-A"), [_key(m)], {})),
        [(422, "invalid_request", [["body", "packet"]])],
    ),
    (
        "metadata.kiosk_id of another kiosk",
        _one(lambda t, m, s: (_body(dict(m, kiosk_id=t.other.kiosk_id), s), [_key(m)], {})),
        [(422, "invalid_request", None)],
    ),
    (
        "metadata size over MAX_SEQ",
        _one(lambda t, m, s: (_body(dict(m, size=2**53 + 1), s), [_key(m)], {})),
        [(422, "invalid_request", [["body", "metadata", "size"]])],
    ),
    ("packet over the part threshold", _one(_over_threshold), [(413, "packet_too_large", None)]),
    ("body over the request limit", _one(_oversize_body), [(413, "body_too_large", None)]),
    (
        "a JSON array",
        _one(lambda t, m, s: (json.dumps([m]).encode(), [_key(m)], {})),
        [(422, "invalid_request", BODY)],
    ),
    ("an empty body", _one(lambda t, m, s: (b"", [_key(m)], {})), [(422, "invalid_request", BODY)]),
    (
        "a lone surrogate in a string",
        _one(lambda t, m, s: (_body(dict(m, session_token="\ud800"), s), [_key(m)], {})),
        [(422, "invalid_request", [["body", "metadata", "session_token"]])],
    ),
    (
        "charset latin-1 (FastAPI reads JSON whatever the charset)",
        _valid(content_type=JSON + "; charset=latin-1"),
        [CREATED],
    ),
    ("packet twice, the last one valid", _one(_packet_twice), [CREATED]),
    (
        "NaN in an unknown field from a newer minor",
        _one(_nan_field),
        [CREATED],
    ),
    (
        # json.loads raises RecursionError, not JSONDecodeError: FastAPI's 400 for a body it
        # cannot parse, which server.errors maps to invalid_request.
        "JSON nested too deep",
        _one(lambda t, m, s: (b'{"metadata": ' + b"[" * 100_000, [_key(m)], {})),
        [(422, "invalid_request", None)],
    ),
]


def summary(answer: httpx.Response) -> tuple:
    """(status, error code, detail.errors locs, Idempotent-Replayed, family) of an answer."""
    body = answer.json()
    detail = body.get("detail") if isinstance(body.get("detail"), dict) else {}
    errors = detail.get("errors")
    locs = [e["loc"] for e in errors] if errors is not None else None
    replayed = answer.headers.get("Idempotent-Replayed")
    return answer.status_code, body.get("error"), locs, replayed, body.get("family")


# ---------------------------------------------------------------- 1. parity


@pytest.mark.parametrize(("name", "run", "expected"), CASES, ids=[c[0] for c in CASES])
def test_the_fast_path_answers_as_fastapi_does(stack, name, run, expected):
    fast_answers, plain_answers = run(stack["fast"]), run(stack["plain"])
    fast, plain = [summary(a) for a in fast_answers], [summary(a) for a in plain_answers]
    assert fast == plain, name
    for answers in (fast_answers, plain_answers):
        created = [a.json() for a in answers if a.status_code == 201]
        if len(created) == 2:  # a replay answers with the first answer's receipt
            assert created[0] == created[1]
    assert [s[: len(e)] for s, e in zip(fast, expected, strict=True)] == expected
    for status, code, *_rest, family in fast:  # every refusal names its family
        assert (family is None) == (status == 201), (status, code, family)


def test_both_apps_serve_the_same_route_on_the_same_database(stack):
    fast_route = _submit_route(applications.router)
    plain_route = _submit_route(stack["plain_server"].app.state.submit_router)
    assert type(plain_route) is APIRoute  # no fast path: every request through FastAPI
    assert type(fast_route) is not APIRoute and isinstance(fast_route, APIRoute)
    assert fast_route.endpoint is plain_route.endpoint is applications.submit
    assert stack["fast"].ctx is stack["plain_server"].app.state.ctx


def _submit_route(router: APIRouter) -> APIRoute:
    (route,) = [r for r in router.routes if r.path == "/applications" and "POST" in r.methods]
    return route


# ---------------------------------------------------------------- 2. one hop


def test_a_well_formed_submission_is_answered_by_the_fast_path(stack, monkeypatch):
    calls: list[str] = []
    real = applications.verify_signed

    def counting(*args):
        calls.append(args[1])
        return real(*args)

    # The fast path calls this module's name; FastAPI's dependency calls server.auth's.
    monkeypatch.setattr(applications, "verify_signed", counting)
    t = stack["fast"]
    meta, sealed = t.application()
    answer = t.post(_body(meta, sealed), [_key(meta)])
    assert answer.status_code == 201, answer.text
    assert calls == ["POST"]

    meta, sealed = t.application()
    answer = t.post(_body(meta, sealed), [_key(meta), (CONTRACT_HEADER, "1.x")])
    assert summary(answer)[:3] == (422, "invalid_request", [["header", CONTRACT_HEADER]])
    assert calls == ["POST"]  # FastAPI's handler answered it

    answer = t.post(_body(meta, sealed), [_key(meta)], content_type="text/plain")
    assert summary(answer)[:3] == (422, "invalid_request", BODY)
    assert calls == ["POST"]

    # The plain app never takes the fast path.
    p = stack["plain"]
    meta, sealed = p.application()
    assert p.post(_body(meta, sealed), [_key(meta)]).status_code == 201
    assert calls == ["POST"]


# ---------------------------------------------------------------- 3. database effects


def _nonce(prepared: tuple) -> str:
    value = dict(prepared[1])["Signature-Input"]
    return value.split('nonce="')[1].split('"')[0]


def _nonces(t: Target, nonce: str) -> int:
    where = (Nonce.kiosk_id == t.kiosk.kiosk_id, Nonce.nonce == nonce)
    with t.ctx.db() as db:
        return db.scalar(select(func.count()).select_from(Nonce).where(*where))


@pytest.mark.parametrize("target", ["fast", "plain"])
def test_a_refused_well_formed_request_spends_its_nonce(stack, target):
    t = stack[target]
    meta, sealed = t.application()
    wrong_key = ("Idempotency-Key", "0" * 8 + meta["application_id"][8:])
    prepared = t.prepare(_body(meta, sealed), [wrong_key])
    assert summary(t.send(prepared))[:2] == (422, "idempotency_key_mismatch")
    assert _nonces(t, _nonce(prepared)) == 1
    assert summary(t.send(prepared))[:2] == (401, "signature_replayed")


@pytest.mark.parametrize("target", ["fast", "plain"])
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"metadata_size": 0}, (422, "invalid_request", [["body", "metadata", "size"]])),
        ({"contract": "1.x"}, (422, "invalid_request", [["header", CONTRACT_HEADER]])),
        ({"contract": "2.0"}, (422, "invalid_request", None)),
    ],
    ids=["body invalid", "contract malformed", "contract of another major"],
)
def test_a_request_refused_before_the_route_keeps_its_nonce(stack, target, change, expected):
    t = stack[target]
    meta, sealed = t.application()
    if "metadata_size" in change:
        meta = dict(meta, size=change["metadata_size"])
    headers = [_key(meta)]
    if "contract" in change:
        headers.append((CONTRACT_HEADER, change["contract"]))
    prepared = t.prepare(_body(meta, sealed), headers)
    first = summary(t.send(prepared))
    assert first[:3] == expected
    assert _nonces(t, _nonce(prepared)) == 0
    assert summary(t.send(prepared)) == first  # the same signed request, the same answer


# ---------------------------------------------------------------- 4. OpenAPI


def test_openapi_still_documents_the_route(stack):
    fast_doc = stack["fast_server"].app.openapi()
    operation = fast_doc["paths"][PATH]["post"]
    schema = operation["requestBody"]["content"][JSON]["schema"]
    assert schema == {"$ref": "#/components/schemas/SubmissionRequest"}
    assert operation["requestBody"]["required"] is True
    headers = {p["name"]: p for p in operation["parameters"] if p["in"] == "header"}
    assert set(headers) == {"Idempotency-Key", CONTRACT_HEADER}
    key_schema = json.dumps(headers["Idempotency-Key"]["schema"])
    assert '"maxLength": 64' in key_schema
    contract_schema = json.dumps(headers[CONTRACT_HEADER]["schema"])
    assert '"maxLength": 16' in contract_schema and '"pattern"' in contract_schema
    assert {"KioskSignature": []} in operation["security"]
    assert fast_doc["components"]["securitySchemes"]["KioskSignature"]["name"] == "Signature"
    created = operation["responses"]["201"]["content"][JSON]["schema"]
    assert created == {"$ref": "#/components/schemas/SubmissionReceipt"}
    # The same operation as the route registered without the fast path.
    plain_doc = stack["plain_server"].app.openapi()
    assert plain_doc["paths"][PATH]["post"] == operation
