"""Fixtures shared by every test folder."""

from __future__ import annotations

import faulthandler
import os
from pathlib import Path

import pytest

# Qt has no screen here; the virtual keyboard needs a software Qt Quick backend offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

REPO = Path(__file__).resolve().parents[1]
# The whole suite takes about 4 minutes. A hang where Python cannot run (a C++ wait holding the
# GIL) escapes pytest-timeout's signal; this C-level watchdog then prints every thread's stack
# and ends the run, so CI fails fast and says where.
WATCHDOG_S = float(os.environ.get("MPP_TEST_WATCHDOG_S", "1800"))
_WATCHDOG_FILE = pytest.StashKey()


def pytest_configure(config) -> None:
    terminal = os.fdopen(os.dup(2), "w")  # fd 2 itself is captured while a test runs
    config.stash[_WATCHDOG_FILE] = terminal
    faulthandler.dump_traceback_later(WATCHDOG_S, exit=True, file=terminal)


def pytest_unconfigure(config) -> None:
    faulthandler.cancel_dump_traceback_later()
    config.stash[_WATCHDOG_FILE].close()


@pytest.fixture(scope="session")
def testdata() -> Path:
    """The shared, read-only test data (../shared/testdata, or MPP_TESTDATA)."""
    path = Path(os.environ.get("MPP_TESTDATA") or REPO.parent / "shared" / "testdata").resolve()
    if not (path / "faces").is_dir() or not (path / "video").is_dir():
        pytest.fail(f"test data not found at {path}: it is required, not optional")
    return path


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "kiosk-data"
    path.mkdir()
    return path
