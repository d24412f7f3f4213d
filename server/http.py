"""uvicorn's HTTP/1.1 protocol with Nagle's algorithm off on every connection.

With `--workers N` uvicorn binds the listening socket itself and leaves its proto at 0; asyncio
then skips TCP_NODELAY on accepted connections, and every keep-alive request after the first
waits ~40 ms for the client's delayed ACK (uvicorn issue #3149, measured here: 0.6 ms -> 44 ms
per request). Setting the option on each connection works on every code path.
"""

from __future__ import annotations

import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass  # the peer already went away; h11 will notice
        super().connection_made(transport)
