"""The kiosk's version: the package's release plus the git commit it was built from.

`0.1.0+gdc651fc` (PEP 440 local version). From source the commit is read from .git (no git
process: this runs on every import of kiosk); the frozen build has no .git, so build/build.py
bakes the full string into BUILD_VERSION next to this module.
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

RELEASE = "0.1.0"  # pyproject's [project] version; the metadata wins when installed
BAKED = Path(__file__).resolve().parent / "BUILD_VERSION"


def release() -> str:
    try:
        return metadata.version("mpp-kiosk")
    except metadata.PackageNotFoundError:
        return RELEASE


def git_commit(root: Path | None = None) -> str | None:
    """Short commit hash of HEAD of the checkout at `root` (the source tree), or None."""
    git = (root or Path(__file__).resolve().parents[1]) / ".git"
    try:
        head = (git / "HEAD").read_text().strip()
        if head.startswith("ref: "):
            ref = head[5:]
            ref_file = git / ref
            if ref_file.is_file():
                head = ref_file.read_text().strip()
            else:
                head = _packed_ref(git, ref) or ""
        return head[:7] if len(head) >= 7 and all(c in "0123456789abcdef" for c in head) else None
    except OSError:
        return None


def _packed_ref(git: Path, ref: str) -> str | None:
    packed = git / "packed-refs"
    if not packed.is_file():
        return None
    for line in packed.read_text().splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1] == ref:
            return parts[0]
    return None


def full_version() -> str:
    """`release+gCOMMIT`, or the release alone outside a checkout and a build."""
    if BAKED.is_file():
        return BAKED.read_text().strip()
    commit = git_commit()
    return f"{release()}+g{commit}" if commit else release()


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))
