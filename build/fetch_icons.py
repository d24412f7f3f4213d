"""Fetch the kiosk's icons from Tabler Icons (MIT) on the npm registry.

    .venv/bin/python build/fetch_icons.py            # write assets/icons from the pinned version
    .venv/bin/python build/fetch_icons.py --check    # only say whether assets/icons is current

Every icon the kiosk shows is named here, once: KIOSK_ICONS (assets/icons/<name>.svg, the names
the screens use) and CATALOG_ICONS (assets/icons/tabler/<name>.svg, the names the service
catalog's `icon` fields use). The tarball is checked against the registry's sha512 before use.
The only change to Tabler's outline SVGs is the stroke colour: `currentColor` becomes a kiosk
colour, which ui/theme.py turns yellow in the high-contrast theme.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "assets" / "icons"
TABLER = ICONS / "tabler"
SERVICES = ROOT / "assets" / "services"
PACKAGE = "@tabler/icons"
VERSION = "3.52.0"
REGISTRY = "https://registry.npmjs.org/"

BLUE, RED, GREEN, AMBER = "#0b5cad", "#b3261e", "#2e7d32", "#b7791f"  # ui/theme.ICON_COLOURS

# kiosk icon name -> (Tabler outline icon, colour)
KIOSK_ICONS: dict[str, tuple[str, str]] = {
    "camera": ("camera", BLUE),
    "check": ("circle-check", GREEN),
    "clock": ("clock", BLUE),
    "error": ("circle-x", RED),
    "face": ("face-id", BLUE),
    "face_unknown": ("face-id-error", RED),
    "globe": ("world", BLUE),
    "help": ("help-circle", BLUE),
    "hourglass": ("hourglass", BLUE),
    "id_card": ("id", BLUE),
    "lock": ("lock", RED),
    "offline": ("cloud-off", AMBER),
    "search": ("search", BLUE),
    "shield": ("shield-check", BLUE),
    "staff": ("headset", BLUE),
    "touch": ("hand-finger", BLUE),
    "warning": ("alert-triangle", AMBER),
    "wave": ("hand-stop", BLUE),
}

# Tabler outline icons the service catalog names (assets/services/**/*.json "icon")
CATALOG_ICONS: tuple[str, ...] = (
    # groups
    "id",
    "stethoscope",
    # population administration
    "baby-carriage",
    "flower",
    "file-description",
    "users-group",
    "mood-kid",
    "user-edit",
    "home-move",
    "arrows-split",
    # health-worker practice licences, by profession
    "heart-rate-monitor",
    "dental",
    "dental-broken",
    "brain",
    "nurse",
    "baby-bottle",
    "prescription",
    "pills",
    "salad",
    "apple",
    "physiotherapist",
    "puzzle",
    "messages",
    "needle",
    "report-medical",
    "heartbeat",
    "droplet",
    "eyeglass",
    "tool",
    "mood-smile",
    "vaccine",
    "ear",
    "body-scan",
    "device-heart-monitor",
    "microscope",
    "atom",
    "bone",
    "recycle",
    "plant-2",
    "virus",
)


def catalog_icon_names() -> set[str]:
    """Every `icon` value in the catalog files (groups and services)."""
    names: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("icon"), str):
                names.add(node["icon"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in SERVICES.rglob("*.json"):
        if path.name != "catalog.schema.json":
            walk(json.loads(path.read_text(encoding="utf-8")))
    return names


def fetch_tarball() -> bytes:
    with urllib.request.urlopen(f"{REGISTRY}{PACKAGE}", timeout=60) as answer:
        meta = json.load(answer)
    dist = meta["versions"][VERSION]["dist"]
    with urllib.request.urlopen(dist["tarball"], timeout=120) as answer:
        data = answer.read()
    algo, _, expected = dist["integrity"].partition("-")
    if algo != "sha512" or base64.b64decode(expected) != hashlib.sha512(data).digest():
        raise SystemExit(f"{dist['tarball']}: integrity check failed")
    return data


def coloured(svg: str, colour: str) -> str:
    return svg.replace("currentColor", colour)


def wanted_files(data: bytes) -> dict[Path, bytes]:
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:

        def member(name: str) -> str:
            handle = tar.extractfile(name)
            if handle is None:
                raise SystemExit(f"{name} missing from {PACKAGE}@{VERSION}")
            return handle.read().decode("utf-8")

        def outline(name: str) -> str:
            return member(f"package/icons/outline/{name}.svg")

        files = {TABLER / "LICENSE": member("package/LICENSE").encode()}
        for name in CATALOG_ICONS:
            files[TABLER / f"{name}.svg"] = coloured(outline(name), BLUE).encode()
        for name, (tabler, colour) in KIOSK_ICONS.items():
            files[ICONS / f"{name}.svg"] = coloured(outline(tabler), colour).encode()
    files[TABLER / "README.md"] = readme().encode()
    return files


def readme() -> str:
    kiosk = "\n".join(f"- `{k}.svg`: `{t}`" for k, (t, _c) in sorted(KIOSK_ICONS.items()))
    return (
        "# Tabler Icons\n\n"
        f"Outline icons from [Tabler Icons](https://tabler.io/icons) {VERSION} (MIT, see "
        f"LICENSE), taken from the npm package `{PACKAGE}@{VERSION}` "
        f"({REGISTRY}{PACKAGE}/-/icons-{VERSION}.tgz) by `build/fetch_icons.py`, which names "
        "every icon the kiosk uses. Do not edit these files: change the list in the script "
        "and run it again.\n\n"
        "The only change: `currentColor` is replaced by a kiosk colour, which the "
        "high-contrast theme recolours.\n\n"
        "This folder holds the icons the service catalog names (`icon` in assets/services). "
        "The kiosk's own icons in assets/icons/ are Tabler icons too:\n\n"
        f"{kiosk}\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    args = parser.parse_args(argv)
    missing = catalog_icon_names() - set(CATALOG_ICONS)
    if missing:
        print(f"catalog icons not in CATALOG_ICONS: {sorted(missing)}", file=sys.stderr)
        return 1
    files = wanted_files(fetch_tarball())
    stale = [p for p, content in files.items() if not p.exists() or p.read_bytes() != content]
    if args.check:
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)}")
        return 1 if stale else 0
    TABLER.mkdir(parents=True, exist_ok=True)
    keep = set(files)
    for old in TABLER.glob("*.svg"):  # icons no longer listed
        if old not in keep:
            old.unlink()
    for path, content in files.items():
        path.write_bytes(content)
    print(f"{len(files)} files from {PACKAGE}@{VERSION} in {ICONS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
