"""Live servers over real HTTP on loopback, on SQLite and on a temporary PostgreSQL."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from server_kiosk_client import TestKiosk, set_reference
from sqlalchemy import select

from server.app import BackgroundServer
from server.demo_seed import seed_demo
from server.models import Citizen, HealthWorker
from server.pg_temp import TempPostgres
from server.settings import ServerSettings

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres():
    with TempPostgres() as pg:
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
            server = BackgroundServer(settings).start()
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
