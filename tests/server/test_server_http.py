"""server/http.py: TCP_NODELAY on every connection, also on the socket uvicorn binds itself for
`--workers N` (proto 0, where asyncio does not set it: uvicorn issue #3149)."""

from __future__ import annotations

import http.client
import socket
import threading
import time

import uvicorn

from server.http import ServerH11Protocol

seen: list[tuple[int, int]] = []  # (listener proto, TCP_NODELAY) per accepted connection


class Recording(ServerH11Protocol):
    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        sock = transport.get_extra_info("socket")
        seen.append((sock.proto, sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)))


async def hello(scope, receive, send) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


def test_connections_on_a_socket_bound_like_the_worker_supervisor_get_nodelay():
    config = uvicorn.Config(hello, host="127.0.0.1", port=0, http=Recording, log_level="error")
    listener = config.bind_socket()  # what `uvicorn --workers N` hands each worker
    port = listener.getsockname()[1]  # port 0: the system picked a free one
    assert listener.proto == 0  # the case asyncio leaves with Nagle on
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.02)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        for _ in range(3):  # keep-alive: one connection, several requests
            conn.request("GET", "/")
            response = conn.getresponse()
            assert response.status == 200 and response.read() == b"ok"
        conn.close()
    finally:
        server.should_exit = True
        thread.join(10)
        listener.close()
    assert len(seen) == 1
    proto, nodelay = seen[0]
    assert proto == 0 and nodelay == 1
