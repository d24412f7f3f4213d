"""Fixtures of the core's catalog tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.catalog import PACKAGED_DIR, Catalog, load_catalog


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """The packaged catalog, loaded and checked afresh for each test module."""
    return load_catalog()


@pytest.fixture
def copy_dir(tmp_path: Path) -> Path:
    """A writable copy of the packaged catalog to break."""
    target = tmp_path / "services"
    shutil.copytree(PACKAGED_DIR, target)
    return target
