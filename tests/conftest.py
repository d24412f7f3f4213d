"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Qt has no screen here; the virtual keyboard needs a software Qt Quick backend offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

REPO = Path(__file__).resolve().parents[1]


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
