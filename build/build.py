"""Build the one-folder kiosk: build/out/dist/kiosk/kiosk (./kiosk.sh build runs this).

Bakes the version (release + git commit, kiosk.version) into build/out/BUILD_VERSION for the
spec to ship, runs PyInstaller on build/kiosk.spec with its work folder in build/out/work,
then checks the result holds no 68-point landmark model and prints its size and build time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from camera.dlib_models import SIXTY_EIGHT_POINT  # noqa: E402
from kiosk.version import full_version  # noqa: E402

OUT = ROOT / "build" / "out"
DIST = OUT / "dist"
FOLDER = DIST / "kiosk"
BINARY = FOLDER / ("kiosk.exe" if os.name == "nt" else "kiosk")


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def forbidden_files(path: Path) -> list[Path]:
    return [f for f in path.rglob(SIXTY_EIGHT_POINT)]


def build(clean: bool = False) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    version = full_version()
    (OUT / "BUILD_VERSION").write_text(version + "\n")
    print(f"==> building mpp-kiosk {version} into {FOLDER.relative_to(ROOT)}", flush=True)
    started = time.monotonic()
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", str(DIST), "--workpath", str(OUT / "work"),
        str(ROOT / "build" / "kiosk.spec"),
    ]  # fmt: skip
    if clean:
        command.insert(3, "--clean")
    env = {**os.environ, "KIOSK_BUILD_OUT": str(OUT)}
    result = subprocess.run(command, cwd=ROOT, env=env)
    if result.returncode:
        print(f"error: PyInstaller failed (exit {result.returncode})", file=sys.stderr)
        return result.returncode
    seconds = time.monotonic() - started
    bad = forbidden_files(FOLDER)
    if bad:
        print(f"error: the build holds {bad[0]} (not licensed for commercial use)", file=sys.stderr)
        return 1
    size = folder_size(FOLDER)
    print(
        f"==> built {BINARY.relative_to(ROOT)}: {size / 2**20:.0f} MiB ({size / 1e6:.0f} MB) "
        f"in {seconds / 60:.1f} min"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    parser.add_argument("--wipe", action="store_true", help="delete build/out before building")
    args = parser.parse_args(argv)
    if args.wipe and OUT.exists():
        shutil.rmtree(OUT)
    return build(clean=args.clean)


if __name__ == "__main__":
    sys.exit(main())
