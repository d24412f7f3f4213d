"""Where the kiosk keeps its data, configuration and logs (platform folders, overridable)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "mpp-kiosk"


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The data folder (database, queue, keys, logs); `--data-dir` or MPP_KIOSK_DATA_DIR wins."""
    chosen = override or os.environ.get("MPP_KIOSK_DATA_DIR")
    path = Path(chosen) if chosen else Path(platformdirs.user_data_dir(APP_NAME))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_file(override: str | os.PathLike | None = None) -> Path:
    """The local TOML file; `--config` or MPP_KIOSK_CONFIG wins over the platform config folder."""
    chosen = override or os.environ.get("MPP_KIOSK_CONFIG")
    if chosen:
        return Path(chosen)
    return Path(platformdirs.user_config_dir(APP_NAME)) / "kiosk.toml"


def log_dir(data: Path) -> Path:
    path = data / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_file(data: Path) -> Path:
    return data / "kiosk.sqlite3"


def assets_dir() -> Path:
    """assets/ sits beside the packages at the repository (or install) root."""
    return Path(__file__).resolve().parents[1] / "assets"
