"""uvicorn's HTTP/1.1 protocols with Nagle's algorithm off on every connection, and a JSON
error body for requests too malformed to reach the app (uvicorn answers those in plain text;
every kiosk-facing error is an ErrorBody, protocol/contract.py).

`ServerProtocol` is the one the server runs: httptools' C parser (HTTP parsing fell from ~10 %
to ~2 % of a worker's CPU profile, 4-8 % less CPU per submission with uvloop, docs/scale.md),
or h11 where httptools is not installed.

With `--workers N` uvicorn binds the listening socket itself and leaves its proto at 0; asyncio
then skips TCP_NODELAY on accepted connections, and every keep-alive request after the first
waits ~40 ms for the client's delayed ACK (uvicorn issue #3149, measured here: 0.6 ms -> 44 ms
per request). Setting the option on each connection works on every code path (uvloop, which
uvicorn picks when installed, sets it itself; the standard asyncio loop does not).
"""

from __future__ import annotations

import json
import socket

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol


class _NoDelay:
    """TCP_NODELAY on every accepted connection, before the protocol's own set-up."""

    def connection_made(self, transport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass  # the peer already went away; the protocol will notice
        super().connection_made(transport)  # type: ignore[misc]


def _error_body(msg: str) -> bytes:
    from server.errors import ApiError

    error = ApiError("malformed_http", f"the HTTP request is malformed ({msg})")
    return json.dumps(error.body()).encode()


class ServerH11Protocol(_NoDelay, H11Protocol):
    def send_400_response(self, msg: str) -> None:  # type: ignore[override]
        body = _error_body(msg)
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        for event in (
            h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
            h11.Data(data=body),
            h11.EndOfMessage(),
        ):
            self.transport.write(self.conn.send(event))
        self.transport.close()


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # httptools not installed: h11 does the same job, slower
    ServerProtocol: type = ServerH11Protocol
else:

    class ServerHttpToolsProtocol(_NoDelay, HttpToolsProtocol):
        def send_400_response(self, msg: str) -> None:  # type: ignore[override]
            body = _error_body(msg)
            head = [b"HTTP/1.1 400 Bad Request\r\n"]
            for name, value in self.server_state.default_headers:
                head += [name, b": ", value, b"\r\n"]
            head += [
                b"content-type: application/json\r\n",
                b"content-length: " + str(len(body)).encode("ascii") + b"\r\n",
                b"connection: close\r\n\r\n",
            ]
            self.transport.write(b"".join(head) + body)
            self.transport.close()

    ServerProtocol = ServerHttpToolsProtocol
