"""Live servers over real HTTP on loopback, on SQLite and on a temporary PostgreSQL."""

from __future__ import annotations

import itertools
import socket
import threading
from pathlib import Path

import numpy as np
import pytest
from server_kiosk_client import TestKiosk, set_reference
from sqlalchemy import select

from server.app import BackgroundServer
from server.demo_seed import seed_demo
from server.models import Citizen, HealthWorker
from server.pg_temp import TempPostgres, find_binary
from server.settings import ServerSettings

BACKENDS = ["sqlite", "postgresql"]


class SocketPostgres(TempPostgres):
    """TempPostgres reachable only through a Unix socket in its own temporary folder: it opens
    no TCP port at all, so nothing else on the machine can take its address."""

    def start(self) -> SocketPostgres:
        self.port = 5432  # only names the socket file (.s.PGSQL.5432) in the private folder
        self._run(
            find_binary("initdb"),
            *("-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"),
        )
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses='' -c max_connections=200"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        log = str(self.root / "server.log")
        self._run(
            find_binary("pg_ctl"),
            *("-D", str(self.data), "-o", options, "-l", log, "-w", "-t", "60", "start"),
        )
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.root}&port={self.port}"


class LoopbackServer(BackgroundServer):
    """BackgroundServer on a socket bound to port 0 before uvicorn starts: the port it got is
    the one it serves on (no free-port guess another process could take meanwhile)."""

    def __init__(self, settings: ServerSettings):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        super().__init__(settings, port=self.listener.getsockname()[1])
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.listener]}, name="mpp-server"
        )
        self.thread.daemon = True

    def stop(self) -> None:
        super().stop()
        self.listener.close()


@pytest.fixture(scope="session")
def postgres():
    with SocketPostgres() as pg:
        yield pg


@pytest.fixture(scope="session")
def faces(testdata: Path) -> dict[str, np.ndarray]:
    """Real templates of the test photos (tests/data), from the camera package's own function."""
    from camera.templates import template_from_photo

    names = ("obama", "obama2", "biden")
    return {n: template_from_photo(testdata / "faces" / f"{n}.jpg") for n in names}


class _Servers:
    def __init__(self, tmp_factory, request):
        self.tmp_factory, self.request, self.running = tmp_factory, request, {}

    def get(self, backend: str) -> BackgroundServer:
        if backend not in self.running:
            data = self.tmp_factory.mktemp(f"server-{backend}")
            url = None
            if backend == "postgresql":
                url = self.request.getfixturevalue("postgres").create_database("mpp_server")
            # Shared by every test from 127.0.0.1: refused codes in one test must not shut
            # enrollment for the next (the limit itself: test_security_enrollment.py).
            settings = ServerSettings(
                data_dir=data, database_url=url, enroll_failures_per_minute=100_000
            )
            server = LoopbackServer(settings).start()
            report = seed_demo(server.app.state.ctx, seed=7, citizens=1000)
            assert report.citizens >= 1000
            server.niks = _fresh_niks(server)
            self.running[backend] = server
        return self.running[backend]

    def stop(self):
        for server in self.running.values():
            server.stop()


def _fresh_niks(server):
    with server.app.state.ctx.db() as db:
        workers = set(db.scalars(select(HealthWorker.nik)))
        everyone = db.scalars(select(Citizen.nik).order_by(Citizen.nik))
        niks = [n for n in everyone if n not in workers]
    return itertools.cycle(niks)


@pytest.fixture(scope="session")
def servers(tmp_path_factory, request):
    registry = _Servers(tmp_path_factory, request)
    yield registry
    registry.stop()


@pytest.fixture(params=BACKENDS)
def server(request, servers) -> BackgroundServer:
    return servers.get(request.param)


@pytest.fixture
def sqlite_server(servers) -> BackgroundServer:
    return servers.get("sqlite")


@pytest.fixture
def kiosk(server) -> TestKiosk:
    return TestKiosk.enroll(server)


@pytest.fixture
def citizen_nik(server, faces) -> str:
    """A demo citizen not used by any other test, whose reference photo is obama.jpg."""
    nik = next(server.niks)
    set_reference(server, nik, faces["obama"])
    return nik
