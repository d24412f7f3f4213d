"""uvicorn's HTTP/1.1 protocol with Nagle's algorithm off on every connection, and a JSON
error body for requests too malformed to reach the app (uvicorn answers those in plain text;
every kiosk-facing error is an ErrorBody, protocol/contract.py).

With `--workers N` uvicorn binds the listening socket itself and leaves its proto at 0; asyncio
then skips TCP_NODELAY on accepted connections, and every keep-alive request after the first
waits ~40 ms for the client's delayed ACK (uvicorn issue #3149, measured here: 0.6 ms -> 44 ms
per request). Setting the option on each connection works on every code path.
"""

from __future__ import annotations

import json
import socket

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol


class ServerH11Protocol(H11Protocol):
    def connection_made(self, transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass  # the peer already went away; h11 will notice
        super().connection_made(transport)

    def send_400_response(self, msg: str) -> None:  # type: ignore[override]
        from server.errors import ApiError

        error = ApiError("malformed_http", f"the HTTP request is malformed ({msg})")
        body = json.dumps(error.body()).encode()
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
