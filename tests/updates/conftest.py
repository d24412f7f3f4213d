"""Fixtures for the fleet update tests: the real reference server (tests/sync's process) and an
enrolled kiosk (tests/sync/sync_fixtures.py); stand-in builds are in tests/updates/builds.py."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "sync"))

from sync_fixtures import kiosk, mpp_server, no_keyring  # noqa: E402, F401
