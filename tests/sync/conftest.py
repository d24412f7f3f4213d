"""Fixtures for the sync tests: a real reference server process, enrolled kiosks, packets."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sync_fixtures import kiosk, mpp_server, no_keyring  # noqa: F401
from sync_helpers import make_packet


@pytest.fixture
def packet():
    return make_packet
