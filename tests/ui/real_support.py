"""Real-path helpers for the UI tests; no tests here.

- GatedProxy: an HTTP/1.1 proxy in front of the reference server that holds the requests whose
  path matches until the test opens its gate, so a waiting screen can be looked at; the answer
  is then the server's own.
- HeldSubmitter: the kiosk's real outbox submitter behind a gate (the outbox answers locally in
  milliseconds, too fast to look at the SUBMITTING screen); the receipt is the outbox's own.
- claim_nik(): a citizen of the demo population nobody else uses, with the clip's face stored
  as their reference on the server (per-NIK rate limits and locks stay per test);
  unknown_nik(): a valid NIK the server has no face for (it answers "no match").
- FakeClock: the session's inactivity clock, moved by hand (a real one would make the test
  wait a minute).
- SpokenPrompts: the kiosk's Speech, muted, that keeps every prompt it was asked to say.
"""

from __future__ import annotations

import socket
import threading
from urllib.parse import urlsplit

from http_wire import read_all, read_message, set_header

from ui.speech import Speech


class GatedProxy:
    """Forwards every request to the real server; a request whose path contains one of
    `match` waits while the gate is closed. Binds port 0 and reports the port it got."""

    def __init__(self, upstream_url: str, match=("/identity/verify", "/status/")):
        parts = urlsplit(upstream_url)
        self.upstream = (parts.hostname, parts.port)
        self.match = tuple(match)
        self.gate = threading.Event()
        self.gate.set()  # open until the test closes it
        self.held: list[str] = []  # paths of the requests that waited at the closed gate
        self.passed: list[str] = []  # paths of the matching requests answered by the server
        self._stopped = False
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self.port = self._sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True, name="gated-proxy").start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close_gate(self) -> None:
        self.gate.clear()

    def open_gate(self) -> None:
        self.gate.set()

    def stop(self) -> None:
        self._stopped = True
        self.gate.set()
        self._sock.close()

    def _accept(self) -> None:
        while not self._stopped:
            try:
                client, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        buf = bytearray()
        try:
            while not self._stopped:
                request = read_message(client, buf)
                if request is None:
                    break
                head, body = request
                path = head.split(b" ", 2)[1].decode("latin-1")
                gated = any(m in path for m in self.match)
                if gated and not self.gate.is_set():
                    self.held.append(path)
                    self.gate.wait(60)
                if not self._forward(client, head, body):
                    break
                if gated:
                    self.passed.append(path)
        except OSError:
            pass
        finally:
            client.close()

    def _forward(self, client: socket.socket, head: bytes, body: bytes) -> bool:
        try:
            upstream = socket.create_connection(self.upstream, timeout=60)
        except OSError:
            return False
        with upstream:
            upstream.sendall(set_header(head, b"Connection", b"close") + body)
            response = read_all(upstream)
        if not response:
            return False
        end = response.find(b"\r\n\r\n") + 4
        client.sendall(set_header(bytes(response[:end]), b"Connection", None) + response[end:])
        return True


class HeldSubmitter:
    """The real outbox submitter behind a gate: the outbox answers in milliseconds, too fast
    to look at the SUBMITTING screen. Adds no logic: the receipt is the outbox's."""

    def __init__(self, real):
        self.real = real
        self.gate = threading.Event()
        self.gate.set()

    def submit(self, packet):
        if not self.gate.wait(30):
            raise TimeoutError("the test never opened the gate")
        return self.real.submit(packet)


_claimed: set[str] = set()
_claim_lock = threading.Lock()
_unknown = iter(range(9001, 10000))


def claim_nik(demo, template, relationships=("Kepala Keluarga",)) -> str:
    """A head of a demo family with no reference face yet, used by no other test, now enrolled
    with `template` through the server's admin function (as `kiosk-server enroll-face` stores
    it): per-NIK rate limits and locks stay per test. Taken from the low end of the list
    (finish_support.fresh_citizen takes from the high end, enrolled_family the mothers)."""
    from sqlalchemy import select

    from kiosk.nik import parse_nik
    from server.admin import store_reference
    from server.models import Citizen

    reserved = set(demo.sample_niks) | set(demo.demo_niks)
    with _claim_lock, demo.ctx.db() as db:
        niks = db.scalars(
            select(Citizen.nik)
            .where(Citizen.relationship.in_(relationships), Citizen.reference_template.is_(None))
            .order_by(Citizen.nik)
        ).all()
        nik = next(n for n in niks if n not in reserved and n not in _claimed)
        _claimed.add(nik)
    store_reference(demo.ctx, parse_nik(nik), template)
    return nik


def unknown_nik(demo) -> str:
    """A valid NIK (a woman of Jakarta Pusat born 15 May 1990) the server has no citizen
    for, so no reference face: the server answers "no match". Each call gives another."""
    from server.models import Citizen

    with _claim_lock, demo.ctx.db() as db:
        for serial in _unknown:
            nik = f"317101550590{serial:04d}"
            if db.get(Citizen, nik) is None:
                return nik
    raise AssertionError("no unknown NIK left")


class FakeClock:
    """A fake monotonic clock for the session's inactivity timers (kept: a real one would make
    the test wait a minute); the test moves `now` by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class SpokenPrompts(Speech):
    """The kiosk's Speech, muted (the test machine has no speaker), keeping every prompt it
    was asked to say in `said` as (language, text)."""

    def __init__(self):
        super().__init__(enabled=False)
        self.said: list[tuple[str, str]] = []

    def speak(self, text_id: str, text_en: str, language: str = "id") -> None:
        super().speak(text_id, text_en, language)
        self.said.append(self.last)
