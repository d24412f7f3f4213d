"""Files of the updater: atomic writes, atomic symlinks, the state file, a safe unpack.

Every change is made beside its target and renamed over it (os.replace), so a power cut leaves
either the old file or link or the new one, never half of one.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
import stat
import tarfile
from pathlib import Path

MAX_UNPACKED_BYTES = 4 * 1024**3  # a one-folder build is ~600 MB unpacked
BUILD_TOP = "kiosk"  # the archive's top folder; the executable is kiosk/kiosk


class UpdateFailed(Exception):
    """A download or an archive that cannot be used; `code` goes into the report."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def point(link: Path, target: str) -> None:
    """Make `link` a symlink to `target` atomically: a new link beside it, renamed over it."""
    tmp = link.with_name(f".{link.name}.new")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, link)
    fsync_dir(link.parent)


def link_target(link: Path) -> Path | None:
    """The folder `link` points at (absolute), or None when it is missing or dangling."""
    if not link.is_symlink():
        return None
    target = link.parent / os.readlink(link)
    return target if target.is_dir() else None


def read_state(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_state(path: Path, state: dict) -> None:
    write_atomic(path, json.dumps(state, indent=2, sort_keys=True).encode())


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def remove_tree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def unpack(archive: Path, dest: Path) -> None:
    """Unpack a build archive into `dest` (the build: dest/kiosk is its executable).

    Only a tree under one top folder `kiosk/` holding the executable `kiosk/kiosk` is taken;
    tarfile's "data" filter refuses absolute paths, `..`, links that point outside, device
    files and set-uid bits. Unpacked to `dest.new`, renamed when complete."""
    staging = dest.with_name(dest.name + ".new")
    remove_tree(staging)
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            check_members(members)
            staging.mkdir(parents=True)
            tar.extractall(staging, filter="data")
        build = staging / BUILD_TOP
        executable = build / BUILD_TOP
        if not executable.is_file() or executable.is_symlink():
            raise UpdateFailed("no_executable", "the archive has no kiosk/kiosk executable")
        executable.chmod(executable.stat().st_mode | stat.S_IXUSR)
        remove_tree(dest)
        os.rename(build, dest)
        fsync_dir(dest.parent)
    except tarfile.FilterError as exc:  # a path or link leaving the folder, a device file
        raise UpdateFailed("unsafe_archive", f"the archive was refused ({exc})") from None
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise UpdateFailed("disk_full", "no room to unpack the build") from None
        raise UpdateFailed("bad_archive", f"the archive cannot be unpacked ({exc})") from None
    except (tarfile.TarError, EOFError) as exc:
        raise UpdateFailed("bad_archive", f"the archive cannot be unpacked ({exc})") from None
    finally:
        remove_tree(staging)


def check_members(members: list[tarfile.TarInfo]) -> None:
    """Refuse what the data filter would let through but a build never holds."""
    total = 0
    names = set()
    for member in members:
        name = member.name.rstrip("/")
        names.add(name)
        if name != BUILD_TOP and not name.startswith(BUILD_TOP + "/"):
            raise UpdateFailed(
                "unexpected_member", f"the archive holds {name!r} outside its kiosk/ folder"
            )
        # Links inside the build are fine (PyInstaller makes a few); the data filter refuses
        # one that leaves the destination folder.
        if not (member.isfile() or member.isdir() or member.issym() or member.islnk()):
            raise UpdateFailed("unexpected_member", f"the archive holds a special file {name!r}")
        total += max(member.size, 0)
        if total > MAX_UNPACKED_BYTES:
            raise UpdateFailed("too_large", "the archive unpacks to more than a build can be")
    executable = f"{BUILD_TOP}/{BUILD_TOP}"
    if executable not in names or not any(
        m.name.rstrip("/") == executable and m.isfile() for m in members
    ):
        raise UpdateFailed("no_executable", "the archive has no kiosk/kiosk executable")
