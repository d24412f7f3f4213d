"""Fixtures shared by every test folder. The global-state guard is tests/state_guard.py."""

from __future__ import annotations

import csv
import faulthandler
import gc
import logging
import os
from pathlib import Path

import pytest
from state_guard import root_logging

# Qt has no screen here; the virtual keyboard needs a software Qt Quick backend offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

# Every test leaves global state as it found it (an autouse fixture; see that module).
pytest_plugins = ("state_guard",)

REPO = Path(__file__).resolve().parents[1]
# The test data in the repository (photos, clips, their licences; see tests/data/README.md).
DATA = Path(__file__).resolve().parent / "data"
# The whole suite takes about 4 minutes. A hang where Python cannot run (a C++ wait holding the
# GIL) escapes pytest-timeout's signal; this C-level watchdog then prints every thread's stack
# and ends the run, so CI fails fast and says where.
WATCHDOG_S = float(os.environ.get("MPP_TEST_WATCHDOG_S", "1800"))
_WATCHDOG_FILE = pytest.StashKey()


def pytest_configure(config) -> None:
    # As in the kiosk (ui/main_thread_gc.py): cycles are collected on the main thread only, from
    # the first test on, so no test runs under another collection policy than its neighbours.
    gc.disable()
    terminal = os.fdopen(os.dup(2), "w")  # fd 2 itself is captured while a test runs
    config.stash[_WATCHDOG_FILE] = terminal
    faulthandler.dump_traceback_later(WATCHDOG_S, exit=True, file=terminal)


def pytest_unconfigure(config) -> None:
    gc.enable()
    faulthandler.cancel_dump_traceback_later()
    config.stash[_WATCHDOG_FILE].close()


def _data_files() -> list[str]:
    """Every file of tests/data the suite needs: each photo identities.csv lists, the clips,
    and the licences the photos and clips are distributed under."""
    names = ["faces/identities.csv", "faces/pairs.csv"]
    names += ["LICENSE.face_recognition", "LICENSE.eye-blink-detection"]
    names += ["video/blinking_closeup.mp4", "video/short_hamilton_clip.mp4"]
    names += ["video/blinking_step_back.mp4"]
    identities = DATA / "faces" / "identities.csv"
    if identities.is_file():
        with identities.open(newline="") as fh:
            names += [f"faces/{row['file']}" for row in csv.DictReader(fh)]
    return names


@pytest.fixture(scope="session")
def testdata() -> Path:
    """The test data kept in the repository, tests/data (read-only for tests). A missing file
    fails every test that uses it: the data is required, never optional."""
    missing = [name for name in _data_files() if not (DATA / name).is_file()]
    if missing:
        pytest.fail(
            f"test data missing in {DATA}: {', '.join(missing)} "
            "(it is part of the repository; see tests/data/README.md)",
            pytrace=False,
        )
    return DATA


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "kiosk-data"
    path.mkdir()
    return path


@pytest.fixture
def cli_logging():
    """For tests that run `kiosk run` or `kiosk demo` through app.cli.main: those commands add
    a log file handler to the root logger (as they must in a real run); it is closed and the
    root logger put back as found after the test."""
    root = logging.getLogger()
    found, level = root_logging()[1], root.level
    yield
    for handler in root_logging()[1]:
        if handler not in found:
            handler.close()
            root.removeHandler(handler)
    root.setLevel(level)
