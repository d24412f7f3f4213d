"""Bad input always gets a 4xx JSON error with a code and a message, never a 500 or a trace."""

from __future__ import annotations

import json

import pytest
import requests
from server_kiosk_client import TestKiosk

from protocol.signing import sign_request


@pytest.fixture
def kiosk(sqlite_server):
    return TestKiosk.enroll(sqlite_server)


def _raw(kiosk, method, path, body: bytes, content_type="application/json", **kw):
    url = kiosk.base_url + path
    headers = {
        "Content-Type": content_type,
        **sign_request(method, url, body, kiosk.key, kiosk.kiosk_id),
    }
    return requests.request(method, url, data=body, headers=headers, timeout=30, **kw)


def _check(response, status, code):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == code and body["message"] and body["family"] in ("kiosk", "application")
    assert "Traceback" not in response.text and 'File "' not in response.text
    return body


def test_malformed_json(kiosk):
    _check(_raw(kiosk, "POST", "/v1/heartbeat", b'{"app_version": '), 400, "malformed_json")


def test_wrong_types_do_not_echo_input(kiosk):
    body = json.dumps({"nik": 3171015505900001, "template": "x", "liveness": {}}).encode()
    answer = _check(_raw(kiosk, "POST", "/v1/identity/verify", body), 422, "invalid_request")
    assert "3171015505900001" not in json.dumps(answer)
    assert answer["detail"]["errors"]


def test_not_a_number_in_template(kiosk):
    body = (
        '{"nik": "3171015505900001", "liveness": {"passed": true}, "template": ['
        + ",".join(["NaN"] * 128)
        + "]}"
    ).encode()
    _check(_raw(kiosk, "POST", "/v1/identity/verify", body), 422, "invalid_request")


def test_oversize_body(kiosk, sqlite_server):
    limit = sqlite_server.app.state.ctx.settings.max_request_bytes
    big = b'{"x": "' + b"a" * (limit + 10) + b'"}'
    _check(_raw(kiosk, "POST", "/v1/surveys", big), 413, "body_too_large")

    def chunks():  # no Content-Length: the limit still holds
        for _ in range(limit // 65536 + 2):
            yield b"a" * 65536

    url = kiosk.base_url + "/v1/surveys"
    answer = requests.post(
        url, data=chunks(), headers={"Content-Type": "application/json"}, timeout=30
    )
    _check(answer, 413, "body_too_large")


def test_unknown_route_and_method(kiosk):
    _check(kiosk.get("/v1/nothing-here"), 404, "not_found")
    _check(kiosk.request("DELETE", "/v1/heartbeat"), 405, "method_not_allowed")


def test_wrong_content_type_and_empty_body(kiosk):
    answer = _raw(kiosk, "POST", "/v1/heartbeat", b"app_version=1", "text/plain")
    assert 400 <= answer.status_code < 500 and answer.json()["error"]
    _check(_raw(kiosk, "POST", "/v1/heartbeat", b""), 422, "invalid_request")


def test_invalid_enrollment_key(sqlite_server):
    answer = requests.post(
        f"{sqlite_server.url}/v1/kiosks/enroll",
        json={"code": "X", "public_key": "AAAA"},
        timeout=10,
    )
    _check(answer, 422, "invalid_request")


def test_bad_path_parameters(kiosk):
    _check(kiosk.get("/v1/applications/not-a-uuid/parts"), 422, "invalid_request")
    _check(kiosk.get("/v1/status/" + "A" * 60), 422, "invalid_request")


@pytest.mark.parametrize(
    "raw",
    [
        b"GARBAGE\r\n\r\n",
        b"POST /v1/applications HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n",
        b"GET /v1/status/x HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(32) + b"\r\n\r\n",  # a TLS hello
    ],
)
def test_a_request_that_is_not_http_gets_a_json_400(sqlite_server, raw):
    import socket

    with socket.create_connection(("127.0.0.1", sqlite_server.port), timeout=10) as sock:
        sock.sendall(raw)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 "), head
    assert b"content-type: application/json" in head.lower()
    parsed = json.loads(body)
    assert parsed["error"] == "malformed_http" and parsed["family"] == "application"
    assert parsed["message_id"] == "Permintaan HTTP tidak sah."
