"""Fixtures for the sync tests: a real reference server process, enrolled kiosks, packets."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sync_helpers import Kiosk, make_packet  # noqa: E402
from sync_serverproc import ServerProcess  # noqa: E402

os.environ["MPP_KIOSK_NO_KEYRING"] = "1"  # CI has no keyring; the file path is what we test


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


@pytest.fixture
def packet():
    return make_packet
