"""server/http.py, for both protocols the server can run (`ServerProtocol`: httptools; its
fallback `ServerH11Protocol`): TCP_NODELAY on every connection, also on the socket uvicorn binds
itself for `--workers N` (proto 0, where asyncio does not set it: uvicorn issue #3149), and a
JSON 400 for a request too malformed to reach the app. uvicorn's own protocols are the
controls: on the same setup they leave Nagle on and answer in plain text."""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
import time

import pytest
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from server.http import ServerH11Protocol, ServerProtocol

OURS = [pytest.param(ServerProtocol, id="httptools"), pytest.param(ServerH11Protocol, id="h11")]
PLAIN = [
    pytest.param(HttpToolsProtocol, id="plain-httptools"),
    pytest.param(H11Protocol, id="plain-h11"),
]
# asyncio's loop: uvloop (uvicorn's "auto" when installed) sets TCP_NODELAY on every accepted
# connection itself, so there the control could not fail.
LOOP = "asyncio"


async def hello(scope, receive, send) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


def _recording(base: type) -> tuple[type, list[tuple[int, int]]]:
    """`base` noting (listener proto, TCP_NODELAY) of each connection it accepts."""
    seen: list[tuple[int, int]] = []

    class Recording(base):
        def connection_made(self, transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            sock = transport.get_extra_info("socket")
            seen.append((sock.proto, sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)))

    return Recording, seen


@contextlib.contextmanager
def _serving(protocol: type):
    """`hello` served with `protocol` on a socket bound as `uvicorn --workers N` binds it; the
    port."""
    config = uvicorn.Config(
        hello, host="127.0.0.1", port=0, http=protocol, loop=LOOP, log_level="error"
    )
    listener = config.bind_socket()  # what `uvicorn --workers N` hands each worker
    assert listener.proto == 0  # the case asyncio leaves with Nagle on
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
            time.sleep(0.02)
        yield listener.getsockname()[1]  # port 0: the system picked a free one
    finally:
        server.should_exit = True
        thread.join(10)
        listener.close()


def _nodelay_seen(protocol: type) -> list[tuple[int, int]]:
    recording, seen = _recording(protocol)
    with _serving(recording) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        for _ in range(3):  # keep-alive: one connection, several requests
            conn.request("GET", "/")
            response = conn.getresponse()
            assert response.status == 200 and response.read() == b"ok"
        conn.close()
    assert len(seen) == 1
    return seen


def test_the_server_runs_the_httptools_protocol():
    assert issubclass(ServerProtocol, HttpToolsProtocol)


@pytest.mark.parametrize("protocol", OURS)
def test_connections_on_a_socket_bound_like_the_worker_supervisor_get_nodelay(protocol):
    assert _nodelay_seen(protocol) == [(0, 1)]


@pytest.mark.parametrize("protocol", PLAIN)
def test_uvicorns_own_protocols_leave_nagle_on_there(protocol):
    assert _nodelay_seen(protocol) == [(0, 0)]


def _raw_answer(port: int, raw: bytes) -> tuple[bytes, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(raw)
        answer = b""
        while chunk := sock.recv(65536):  # the server closes the connection
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return head, body


MALFORMED = [
    pytest.param(b"GARBAGE\r\n\r\n", id="no-request-line"),
    pytest.param(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n", id="bad-length"),
    pytest.param(b"GET / HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n", id="header"),
    pytest.param(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(32), id="tls-hello"),
]


@pytest.mark.parametrize("raw", MALFORMED)
@pytest.mark.parametrize("protocol", OURS)
def test_a_malformed_request_gets_a_json_400(protocol, raw):
    with _serving(protocol) as port:
        head, body = _raw_answer(port, raw + b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 "), head
    headers = dict(line.lower().split(b": ", 1) for line in head.split(b"\r\n")[1:])
    assert headers[b"content-type"] == b"application/json"
    assert headers[b"connection"] == b"close"
    assert int(headers[b"content-length"]) == len(body)
    parsed = json.loads(body)
    assert parsed["error"] == "malformed_http" and parsed["family"] == "application"
    assert parsed["message_id"] == "Permintaan HTTP tidak sah."


@pytest.mark.parametrize("protocol", PLAIN)
def test_uvicorns_own_protocols_answer_that_in_plain_text(protocol):
    with _serving(protocol) as port:
        head, _ = _raw_answer(port, b"GARBAGE\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ")
    assert b"content-type: text/plain" in head.lower()
