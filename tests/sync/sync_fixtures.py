"""Fixtures shared by tests/sync and tests/updates: a real reference server process and an
enrolled kiosk (imported by their conftest.py files)."""

from __future__ import annotations

import pytest
from sync_helpers import Kiosk
from sync_serverproc import ServerProcess


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch):
    """CI has no keyring; the key file is what these tests exercise (test_keyring.py opts in)."""
    monkeypatch.setenv("MPP_KIOSK_NO_KEYRING", "1")


@pytest.fixture(scope="session")
def mpp_server(tmp_path_factory):
    server = ServerProcess(tmp_path_factory.mktemp("mpp-server")).start()
    yield server
    server.close()


@pytest.fixture
def kiosk(tmp_path, mpp_server) -> Kiosk:
    kiosk = Kiosk.enroll(tmp_path / "kiosk", mpp_server)
    yield kiosk
    kiosk.close()
