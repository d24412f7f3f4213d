"""`kiosk support-bundle`: one zip for a support ticket, with no personal data.

Holds the logs of `<data>/logs` (text only; any 16-digit number, a NIK, masked to its first 6
digits by kiosk.logmask.mask_niks, as the logs are when written), the effective configuration
with every key/secret/token/PIN/password-like setting and the CA bundle removed, the doctor's
JSON and the versions (Python, OS, key packages). Never the store, the keys, `documents/` or
`reprint/`; binary data (a photo, a scan) is refused.
"""

from __future__ import annotations

import json
import platform
import re
import sys
import zipfile
from importlib import metadata
from pathlib import Path

from kiosk.logmask import mask_niks

SECRET_WORDS = {
    "key",
    "keys",
    "secret",
    "token",
    "pin",
    "password",
    "passphrase",
    "credential",
    "credentials",
    "private",
    "auth",
    "code",
}
ALWAYS_REMOVED = {"server.ca_bundle"}
REMOVED = "<removed>"
BINARY_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"%PDF", b"GIF8", b"RIFF", b"\x00\x00\x00")
PACKAGES = (
    "mpp-kiosk",
    "PySide6",
    "opencv-python",
    "opencv-python-headless",
    "mediapipe",
    "face-recognition",
    "face-recognition-models",
    "dlib",
    "numpy",
    "requests",
    "cryptography",
    "SQLAlchemy",
    "alembic",
    "fastapi",
    "uvicorn",
    "pydantic",
    "python-escpos",
)


def is_secret(key: str) -> bool:
    if key in ALWAYS_REMOVED:
        return True
    words = set(re.split(r"[._\-]", key.lower()))
    return bool(words & SECRET_WORDS)


def redacted_config(config, config_path: Path | None = None) -> dict:
    settings = {}
    for key, setting in config.items():
        value = setting.value
        if is_secret(key) and value not in ("", None, [], {}):
            value = REMOVED
        settings[key] = {"value": value, "source": setting.source}
    return {
        "config_file": str(config_path) if config_path else None,
        "settings": settings,
    }


def versions() -> dict:
    from kiosk import __version__

    packages = {}
    for name in PACKAGES:
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return {
        "mpp_kiosk": __version__,
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "os": platform.platform(),
        "machine": platform.machine(),
        "packages": packages,
    }


def looks_binary(data: bytes) -> bool:
    if b"\x00" in data or any(data.startswith(m) for m in BINARY_MAGIC):
        return True
    if b"\xff\xd8\xff" in data or b"\x89PNG" in data:  # an image pasted into a text file
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _log_files(data_dir: Path) -> list[Path]:
    logs = Path(data_dir) / "logs"
    if not logs.is_dir():
        return []
    return sorted(p for p in logs.rglob("*") if p.is_file() and not p.is_symlink())


def write_bundle(
    output: Path,
    data_dir: Path,
    config,
    config_path: Path | None = None,
    camera_seconds: float | None = None,
) -> Path:
    """Write the zip to `output` and return its absolute path."""
    from app.doctor import run_doctor

    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    skipped = []
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as bundle:

        def add_text(name: str, text: str) -> None:
            # masked again: logs written before masking, the configuration, doctor output
            data = mask_niks(text).encode("utf-8")
            if looks_binary(data):
                skipped.append({"file": name, "reason": "binary data"})
                return
            bundle.writestr(name, data)

        for path in _log_files(data_dir):
            name = "logs/" + path.relative_to(Path(data_dir) / "logs").as_posix()
            raw = path.read_bytes()
            if looks_binary(raw):
                skipped.append({"file": name, "reason": "binary data"})
                continue
            add_text(name, raw.decode("utf-8"))
        add_text("config.json", json.dumps(redacted_config(config, config_path), indent=2))
        results = run_doctor(data_dir, config, camera_seconds)
        add_text("doctor.json", json.dumps([r.to_dict() for r in results], indent=2))
        add_text("versions.json", json.dumps(versions(), indent=2))
        add_text("skipped.json", json.dumps(skipped, indent=2))
    return output
