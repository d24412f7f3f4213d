"""A fault-injecting HTTP/1.1 TCP proxy between the kiosk and the reference server.

It reads each request (head + Content-Length body), then either forwards it or injects a
fault. Faults come from a queue of forced ones (deterministic tests) or are drawn at random
with `rate` (the crash test). Faults:
  drop          close the client connection before forwarding anything
  reset_body    forward half the body, then reset both connections (RST mid-body)
  delay         wait `delay_s`, then forward normally
  error_500     answer 500 with a plain-text body, without forwarding
  error_503     answer 503 with Retry-After (seconds), without forwarding
  error_503_date  the same with Retry-After as an HTTP date
  truncate      forward (the server acts), return only half of the answer, close
  lost_answer   forward (the server acts), close without answering
  duplicate     deliver the request to the server twice (a duplicated delivery) and answer
                with the server's second answer: the kiosk must record the application once
  tamper        forward, change one byte inside the answer's JSON body
Upstream refusing connections (the server restarting) closes the client connection.
"""

from __future__ import annotations

import collections
import email.utils
import random
import socket
import struct
import threading
import time

from http_wire import read_all, read_message, set_header

RANDOM_FAULTS = (
    "drop",
    "reset_body",
    "delay",
    "error_500",
    "error_503",
    "error_503_date",
    "truncate",
    "lost_answer",
    "duplicate",
)


def _reset(sock: socket.socket) -> None:
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    except OSError:
        pass


class FaultProxy:
    def __init__(
        self,
        upstream_port: int,
        *,
        rate: float = 0.0,
        seed: int = 0,
        delay_s: float = 1.0,
        faults=RANDOM_FAULTS,
        retry_after_s: int = 1,
    ):
        self.upstream_port = upstream_port
        self.rate = rate
        self.rng = random.Random(seed)
        self.delay_s = delay_s
        self.random_faults = tuple(faults)
        self.retry_after_s = retry_after_s
        self.forced: collections.deque = collections.deque()
        self.match: str | None = None  # forced faults apply only to paths containing this
        self.stats: collections.Counter = collections.Counter()
        self.requests: list[str] = []
        self._lock = threading.Lock()
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.port = self._sock.getsockname()[1]
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def force(self, *faults: str, match: str | None = None) -> None:
        with self._lock:
            self.forced.extend(faults)
            self.match = match

    def close(self) -> None:
        self._closed = True
        self._sock.close()

    def _pick(self, path: str) -> str | None:
        with self._lock:
            self.requests.append(path)
            if self.forced and (self.match is None or self.match in path):
                return self.forced.popleft()
            if self.rate and self.rng.random() < self.rate:
                return self.rng.choice(self.random_faults)
            return None

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        buf = bytearray()
        try:
            while True:
                message = read_message(client, buf)
                if message is None:
                    break
                head, body = message
                path = head.split(b" ", 2)[1].decode("latin-1")
                fault = self._pick(path)
                self.stats[fault or "ok"] += 1
                if not self._handle(client, head, body, fault):
                    break
        except OSError:
            pass
        finally:
            try:
                client.close()
            except OSError:
                pass

    def _upstream(self) -> socket.socket | None:
        try:
            return socket.create_connection(("127.0.0.1", self.upstream_port), timeout=60)
        except OSError:
            return None

    def _handle(self, client, head: bytes, body: bytes, fault: str | None) -> bool:
        """Returns False when the client connection must close."""
        if fault == "drop":
            _reset(client)
            return False
        if fault in ("error_500", "error_503", "error_503_date"):
            if fault == "error_500":
                status, extra = b"500 Internal Server Error", b""
            else:
                when = str(self.retry_after_s).encode()
                if fault == "error_503_date":
                    when = email.utils.formatdate(
                        time.time() + self.retry_after_s, usegmt=True
                    ).encode()
                status, extra = b"503 Service Unavailable", b"Retry-After: " + when + b"\r\n"
            text = b"injected fault"
            client.sendall(
                b"HTTP/1.1 "
                + status
                + b"\r\n"
                + extra
                + b"Content-Length: "
                + str(len(text)).encode()
                + b"\r\nContent-Type: text/plain\r\n\r\n"
                + text
            )
            return True
        if fault == "delay":
            time.sleep(self.delay_s)
        upstream = self._upstream()
        if upstream is None:
            _reset(client)
            return False
        try:
            request_head = set_header(head, b"Connection", b"close")
            if fault == "reset_body" and body:
                upstream.sendall(request_head + body[: len(body) // 2])
                _reset(upstream)
                _reset(client)
                return False
            upstream.sendall(request_head + body)
            response = read_all(upstream)
        finally:
            upstream.close()
        if fault == "duplicate":
            again = self._upstream()
            if again is not None:
                try:
                    again.sendall(request_head + body)
                    response = read_all(again) or response
                finally:
                    again.close()
        if not response:
            _reset(client)
            return False
        end = response.find(b"\r\n\r\n") + 4
        answer = set_header(bytes(response[:end]), b"Connection", None) + bytes(response[end:])
        if fault == "lost_answer":
            _reset(client)
            return False
        if fault == "truncate":
            client.sendall(answer[: max(1, len(answer) // 2)])
            _reset(client)
            return False
        if fault == "tamper":
            answer = _tamper(answer)
        client.sendall(answer)
        return True


def _tamper(answer: bytes) -> bytes:
    """Change one character inside a JSON string value of the body (same length)."""
    end = answer.find(b"\r\n\r\n") + 4
    body = bytearray(answer[end:])
    for index in range(len(body) // 2, len(body)):
        if chr(body[index]).isalnum():
            body[index] = ord("x") if body[index] != ord("x") else ord("y")
            break
    return answer[:end] + bytes(body)
