"""Effective configuration: defaults < server-pulled document < enrollment < local TOML <
environment.

The enrollment layer is what the server said about this kiosk when it enrolled it: the site's
name and Kemendagri regency code (`kiosk.site`, `kiosk.region`).

Every value remembers where it came from so `kiosk config show` can tell a technician why a
setting has the value it has. Environment variables are MPP_KIOSK__SECTION__KEY (double
underscores between levels), e.g. MPP_KIOSK__SESSION__INACTIVITY_WARNING_S=60.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError

ENV_PREFIX = "MPP_KIOSK__"
SERVER_CONFIG_FILE = "server-config.json"
ENROLLMENT_FILE = "enrollment.json"  # written by sync.kiosk_key at enrollment

# The one home of every configurable value's default. Code that needs one of these values
# without a Config object (a dataclass default, a test double) reads it from here.
DEFAULTS: dict[str, Any] = {
    "kiosk.site": "",
    "kiosk.region": "",  # the site's Kemendagri regency code, from enrollment
    "kiosk.timezone": "",  # empty: the zone of kiosk.region (kiosk.receipt.site_time_zone)
    "kiosk.language": "id",
    # "self": a self-service kiosk (staff sign in from a discreet corner); "assisted": a
    # counter terminal that starts at the staff sign-in (kiosk.staff)
    "kiosk.mode": "self",
    "session.inactivity_warning_s": 45,
    "session.inactivity_reset_s": 15,
    "session.max_match_attempts": 3,
    # every failed face check counts: liveness, no face, several faces, poor quality
    "session.max_liveness_attempts": 3,
    "server.url": "",
    "server.ca_bundle": "",
    "server.timeout_s": 15.0,
    "server.status_url": "https://mpp.go.id/status/",
    "sync.backoff_cap_s": 300.0,
    "sync.retention_days": 30.0,  # after acceptance; a fraction is allowed (the soak's seconds)
    "sync.heartbeat_s": 60,
    "sync.part_size": 1048576,
    "sync.documents_s": 3600,  # how often the running kiosk pulls configuration and catalog
    # 1:1 face match: distance <= this. The server's signed configuration sets it for the fleet
    # (kiosk.facematch; docs/biometrics.md says how to calibrate it; keep it <= 0.55)
    "face.threshold": 0.55,
    "camera.device": "0",
    "camera.width": 1280,
    "camera.height": 720,
    "camera.fps": 30,
    "camera.quality.min_eye_distance_px": 70.0,
    "camera.quality.max_yaw_deg": 10.0,
    "camera.quality.max_pitch_deg": 10.0,
    "camera.quality.max_roll_deg": 8.0,
    "camera.quality.frame_margin": 0.02,
    "camera.quality.photo_min_eye_distance_px": 20.0,
    "camera.quality.max_face_height": 0.95,
    "camera.quality.crop_size": 128,
    "camera.quality.min_sharpness": 60.0,
    "camera.quality.min_brightness": 60.0,
    "camera.quality.max_brightness": 200.0,
    "camera.quality.max_underexposed": 0.15,
    "camera.quality.max_overexposed": 0.10,
    "camera.quality.min_eye_open": 0.65,
    "camera.quality.min_eye_aspect": 0.12,
    "liveness.challenges": ["blink", "turn_left", "turn_right", "look_up", "smile"],
    "liveness.count": 2,
    "liveness.window_s": 8.0,  # seconds allowed for each challenge, on frame timestamps
    "printer.kind": "none",
    "printer.target": "",
    "ui.large_text": False,
    "ui.high_contrast": False,
    "ui.orientation": "auto",
    "ui.logo": "",  # a PNG or SVG shown in the top bar beside the site's name (empty: none)
    # A kiosk that cannot start shows "out of service", then tries again after this long
    "ui.out_of_service_retry_s": 300.0,
    # `kiosk doctor` (kiosk/doctor.py): free disk in the data folder, warn / fail below (MB)
    "doctor.disk_warn_mb": 2048,
    "doctor.disk_fail_mb": 500,
    "doctor.camera_seconds": 3.0,  # how long the camera's fps is measured (0: one frame only)
    "doctor.queue_warn_hours": 24.0,  # an application waiting longer than this is a warning
    "doctor.max_clock_skew_s": 60.0,  # the kiosk's clock this far off the server's: a warning
}


class ConfigError(KioskError):
    pass


# Text settings that take one of a few values (checked wherever the value comes from).
CHOICES: dict[str, tuple[str, ...]] = {"kiosk.mode": ("self", "assisted")}


@dataclass(frozen=True)
class Setting:
    value: Any
    source: str  # "default", "server", "enrollment", a file path, or an environment variable


class Config:
    def __init__(self, settings: dict[str, Setting]):
        self._settings = settings

    def __getitem__(self, key: str) -> Any:
        return self._settings[key].value

    def get(self, key: str, default: Any = None) -> Any:
        setting = self._settings.get(key)
        return default if setting is None else setting.value

    def source(self, key: str) -> str:
        return self._settings[key].source

    def section(self, prefix: str) -> dict[str, Any]:
        """Values under `prefix.` with the prefix stripped, e.g. section("camera.quality")."""
        cut = len(prefix) + 1
        return {k[cut:]: s.value for k, s in self._settings.items() if k.startswith(prefix + ".")}

    def items(self):
        return sorted(self._settings.items())


def _flatten(table: dict, prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, dotted + "."))
        else:
            flat[dotted] = value
    return flat


def _coerce(key: str, value: Any, origin: str) -> Any:
    default = DEFAULTS[key]
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                lowered = value.strip().lower()
                if lowered not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                    raise ValueError(value)
                return lowered in ("1", "true", "yes", "on")
            if isinstance(value, bool):
                return value
            raise ValueError(value)
        if isinstance(default, int):
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError(value)
            return int(value)
        if isinstance(default, float):
            if isinstance(value, bool):
                raise ValueError(value)
            return float(value)
        if isinstance(default, list):
            if isinstance(value, str):
                return [part.strip() for part in value.split(",") if part.strip()]
            if isinstance(value, list):
                return [str(v) for v in value]
            raise ValueError(value)
        if not isinstance(value, str | int | float):
            raise ValueError(value)
        if key in CHOICES and str(value) not in CHOICES[key]:
            raise ConfigError(
                f"{origin}: {key} must be one of {', '.join(CHOICES[key])}, got {value!r}"
            )
        return str(value)
    except (TypeError, ValueError):
        expected = {
            "bool": "true/false value",
            "int": "whole number",
            "float": "number",
            "list": "list",
            "str": "text",
        }[type(default).__name__]
        raise ConfigError(f"{origin}: {key} must be a {expected}, got {value!r}") from None


def _apply(settings: dict[str, Setting], values: dict[str, Any], origin: str, strict: bool):
    for key, value in values.items():
        if key not in DEFAULTS:
            if strict:
                raise ConfigError(f"{origin}: unknown setting {key!r}")
            continue  # a newer server may send settings this kiosk version does not know
        settings[key] = Setting(_coerce(key, value, origin), origin)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return _flatten(tomllib.load(handle))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix or remove the file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None


def _read_server_document(data_dir: Path | None) -> dict[str, Any]:
    if data_dir is None:
        return {}
    path = data_dir / SERVER_CONFIG_FILE
    if not path.exists():
        return {}
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # the sync layer only writes verified documents; a damaged copy is ignored
    return _flatten(document.get("settings", {})) if isinstance(document, dict) else {}


def _read_enrollment(data_dir: Path | None) -> dict[str, Any]:
    path = data_dir / ENROLLMENT_FILE if data_dir is not None else None
    if path is None or not path.exists():
        return {}
    try:
        identity = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # sync.kiosk_key reports a damaged enrollment when the kiosk starts
    if not isinstance(identity, dict):
        return {}
    found = {"kiosk.site": identity.get("site"), "kiosk.region": identity.get("region_code")}
    return {key: value for key, value in found.items() if isinstance(value, str) and value}


def load_config(
    config_file: Path | None = None,
    data_dir: Path | None = None,
    environ: dict[str, str] | None = None,
) -> Config:
    environ = os.environ if environ is None else environ
    settings = {key: Setting(value, "default") for key, value in DEFAULTS.items()}
    _apply(settings, _read_server_document(data_dir), "server", strict=False)
    _apply(settings, _read_enrollment(data_dir), "enrollment", strict=False)
    if config_file is not None and config_file.exists():
        _apply(settings, _read_toml(config_file), str(config_file), strict=True)
    for name, value in environ.items():
        if name.startswith(ENV_PREFIX):
            key = name[len(ENV_PREFIX) :].lower().replace("__", ".")
            _apply(settings, {key: value}, name, strict=True)
    return Config(settings)
