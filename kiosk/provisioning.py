"""`kiosk provision --file settings.toml`: the settings a technician rolls out to many kiosks.

Qt-free and network-free: parse and validate the provisioning file (every mistake, each with
its key), normalise the enrollment code, and merge the local settings into the kiosk's own TOML
table without touching the keys a technician set by hand. The command (app/commands/provision.py)
adds the checks that belong to lower layers of the app (the server URL's transport, the printer
spec) and does the enrolling and writing.

The file:

    [enrollment]              # optional: without it the kiosk is not enrolled (again)
    server = "https://mpp.example.go.id"
    code = "ABCD-EFGH-JKMN"   # any case, dashes or not, O for 0 and I/L for 1 forgiven
    key_id = "server-..."
    new_server = false        # true: accept a server key other than the pinned one

    [camera]
    device = "0"              # a webcam index, a device path or a video file

    [printer]
    kind = "network"          # none, usb, serial, network, file, pdf
    target = "192.168.1.50"

    [kiosk]
    language = "id"           # the default language: id or en
    mode = "self"             # self or assisted

    [ui]
    orientation = "portrait"  # auto, portrait or landscape
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from typing import Any

from kiosk.config import CHOICES
from kiosk.messages import LANGUAGES

# The server's enrollment code alphabet (server/enrollment.py): digits and capitals without I,
# L, O and U, so the letters people confuse with digits are read as those digits.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
_CONFUSIONS = str.maketrans({"O": "0", "I": "1", "L": "1"})

ORIENTATIONS = ("auto", "portrait", "landscape")

# The local settings a provisioning file may set: dotted key -> allowed values (None: any text).
LOCAL_KEYS: dict[str, tuple[str, ...] | None] = {
    "camera.device": None,
    "printer.kind": None,  # checked against the printer's own spec parser by the command
    "printer.target": None,
    "kiosk.language": LANGUAGES,
    "kiosk.mode": CHOICES["kiosk.mode"],
    "ui.orientation": ORIENTATIONS,
}
ENROLLMENT_KEYS = ("server", "code", "key_id", "new_server")


@dataclass(frozen=True)
class Enrollment:
    server: str
    code: str  # normalised: XXXX-XXXX-XXXX
    key_id: str
    new_server: bool = False


@dataclass(frozen=True)
class Provisioning:
    enrollment: Enrollment | None
    settings: dict[str, str] = field(default_factory=dict)  # dotted key -> value


@dataclass(frozen=True)
class Problem:
    key: str  # the dotted key the mistake is about ("" for the whole file)
    message: str

    def __str__(self) -> str:
        return f"{self.key}: {self.message}" if self.key else self.message


def normalize_code(code: str) -> str | None:
    """The code as the server issued it (XXXX-XXXX-XXXX), or None when it cannot be one."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum()).translate(_CONFUSIONS)
    if len(cleaned) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in cleaned):
        return None
    return "-".join(cleaned[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def parse(text: str) -> tuple[Provisioning | None, list[Problem]]:
    """The provisioning file's settings, or None and every problem found."""
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return None, [Problem("", f"not valid TOML ({exc})")]
    problems: list[Problem] = []
    enrollment = _enrollment(table.pop("enrollment", None), problems)
    settings: dict[str, str] = {}
    for section, values in table.items():
        if not isinstance(values, dict):
            problems.append(Problem(section, "unknown setting"))
            continue
        for name, value in values.items():
            key = f"{section}.{name}"
            if key not in LOCAL_KEYS:
                problems.append(Problem(key, "unknown setting"))
            elif not isinstance(value, str) or isinstance(value, bool):
                problems.append(Problem(key, f"must be text, got {value!r}"))
            elif LOCAL_KEYS[key] is not None and value not in LOCAL_KEYS[key]:
                allowed = ", ".join(LOCAL_KEYS[key])
                problems.append(Problem(key, f"must be one of {allowed}, got {value!r}"))
            else:
                settings[key] = value
    if problems:
        return None, problems
    return Provisioning(enrollment, settings), []


def _enrollment(section: Any, problems: list[Problem]) -> Enrollment | None:
    if section is None:
        return None
    if not isinstance(section, dict):
        problems.append(Problem("enrollment", "must be a table ([enrollment])"))
        return None
    before = len(problems)
    for name in section:
        if name not in ENROLLMENT_KEYS:
            problems.append(Problem(f"enrollment.{name}", "unknown setting"))
    texts: dict[str, str] = {}
    for name in ("server", "code", "key_id"):
        value = section.get(name)
        if value is None:
            problems.append(Problem(f"enrollment.{name}", "missing"))
        elif not isinstance(value, str) or not value.strip():
            problems.append(Problem(f"enrollment.{name}", f"must be non-empty text, got {value!r}"))
        else:
            texts[name] = value.strip()
    new_server = section.get("new_server", False)
    if not isinstance(new_server, bool):
        problems.append(
            Problem("enrollment.new_server", f"must be true or false, got {new_server!r}")
        )
    code = normalize_code(texts["code"]) if "code" in texts else None
    if "code" in texts and code is None:
        problems.append(
            Problem(
                "enrollment.code",
                f"{texts['code']!r} is not an enrollment code "
                f"({CODE_LENGTH} letters and digits, e.g. ABCD-EFGH-JKMN)",
            )
        )
    if len(problems) > before or code is None:
        return None
    return Enrollment(texts["server"].rstrip("/"), code, texts["key_id"], new_server)


def merge(local: dict[str, Any], settings: dict[str, str]) -> dict[str, Any]:
    """`local` (the kiosk's TOML table) with `settings` set, every other key kept as it was."""
    merged = _copy(local)
    for key, value in settings.items():
        *sections, name = key.split(".")
        table = merged
        for section in sections:
            table = table.setdefault(section, {})
        table[name] = value
    return merged


def _copy(table: dict[str, Any]) -> dict[str, Any]:
    return {k: _copy(v) if isinstance(v, dict) else v for k, v in table.items()}
