"""The version: the package's release plus the git commit, baked in for the frozen build."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

import kiosk
from kiosk import version

ROOT = Path(__file__).resolve().parents[2]


def _git_head() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=30
        )
    except OSError:
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def test_version_is_release_plus_the_checkout_commit():
    head = _git_head()
    release = metadata.version("mpp-kiosk")
    expected = f"{release}+g{head[:7]}" if head else release
    assert kiosk.__version__ == expected == version.full_version()


def test_packed_and_detached_heads(tmp_path):
    git = tmp_path / ".git"
    git.mkdir()
    commit = "0123456789abcdef0123456789abcdef01234567"
    (git / "HEAD").write_text(commit + "\n")  # detached
    assert version.git_commit(tmp_path) == "0123456"
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    (git / "packed-refs").write_text(f"# pack-refs with: peeled\n{commit} refs/heads/main\n")
    assert version.git_commit(tmp_path) == "0123456"
    assert version.git_commit(tmp_path / "nowhere") is None


def test_cli_and_doctor_show_the_version():
    out = subprocess.run(
        [sys.executable, "-m", "app.cli", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.stdout.strip() == f"mpp-kiosk {kiosk.__version__}"
    from kiosk.doctor import check_version

    assert kiosk.__version__ in check_version().detail
