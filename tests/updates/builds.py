"""Stand-in kiosk builds for the update tests: a folder whose `kiosk` is a shell script that
prints its version (exit 0), and whose `kiosk doctor` exits 0, or 1 for a build that fails its
health check; packed with tarfile as the server serves builds (top folder `kiosk/`)."""

from __future__ import annotations

import hashlib
import io
import subprocess
import tarfile
from pathlib import Path

from kiosk.updates import Release, Updates


def make_build(folder: Path, version: str, healthy: bool = True) -> Path:
    """folder/kiosk: a build folder with its executable and an _internal/ part."""
    build = folder / "kiosk"
    (build / "_internal").mkdir(parents=True)
    script = build / "kiosk"
    script.write_text(
        "#!/bin/sh\n"
        f'if [ "${{1:-}}" = doctor ]; then exit {0 if healthy else 1}; fi\n'
        f'echo "mpp-kiosk {version}"\n'
    )
    script.chmod(0o755)
    (build / "_internal" / "library.bin").write_bytes(version.encode() * 4096)
    return build


def pack(build: Path, archive: Path) -> Path:
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(build, arcname="kiosk")
    return archive


def build_archive(tmp: Path, version: str, healthy: bool = True) -> Path:
    folder = tmp / f"src-{version}"
    return pack(make_build(folder, version, healthy), tmp / f"kiosk-{version}.tar.gz")


def release_for(archive: Path, version: str, store_schema: str | None = None) -> Release:
    data = archive.read_bytes()
    return Release(version, hashlib.sha256(data).hexdigest(), len(data), store_schema)


def copy_fetch(archive: Path):
    """A fetch that reads a local file (what the server would send), appending like HTTP."""

    def fetch(part: Path, limit: int) -> None:
        data = archive.read_bytes()
        have = part.stat().st_size if part.exists() else 0
        with open(part, "ab") as out:
            out.write(data[have:])

    return fetch


def hostile_archive(path: Path, *members: tuple[tarfile.TarInfo, bytes | None]) -> Path:
    """An archive with a good kiosk/kiosk plus the `members` given (name, type, link set)."""
    with tarfile.open(path, "w:gz") as tar:
        for info, data in members:
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return path


def file_member(name: str, data: bytes, mode: int = 0o755) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), mode
    return info, data


def link_member(name: str, target: str, hard: bool = False) -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type = tarfile.LNKTYPE if hard else tarfile.SYMTYPE
    info.linkname = target
    return info, None


GOOD_EXECUTABLE = file_member("kiosk/kiosk", b"#!/bin/sh\necho hostile\n")


def run_current(updates: Updates, *args: str) -> subprocess.CompletedProcess:
    """Start the build `current` names, as mpp-kiosk-session does."""
    return subprocess.run(
        [str(updates.current / "kiosk"), *args], capture_output=True, text=True, timeout=30
    )


def tree(folder: Path) -> list[str]:
    """Every path under `folder` (relative), to show nothing was left behind."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
