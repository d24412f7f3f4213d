"""Refresh docs/screens/: every kiosk screen in both languages and both orientations.

Runs the screenshot test (tests/ui/test_screens.py, with its automatic checks for cut-off and
untranslated text) with MPP_SCREENS_OUT pointing at a temporary folder, then writes the images
to docs/screens/ at half size (small enough for the README and the repository).

    .venv/bin/python build/screenshots.py
    .venv/bin/python build/screenshots.py --staff   # only the counter-staff screens (staff_*)

The counter-staff screens come from tests/ui/test_staff_shots.py (portrait, both languages), the
technician's maintenance page from tests/ui/test_maintenance.py, the first-run setup wizard
from tests/ui/test_setup_wizard.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "screens"
SCALE = 0.5


def shrink(source: Path, target: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    image = QImage(str(source))
    small = image.scaledToWidth(
        int(image.width() * SCALE), Qt.TransformationMode.SmoothTransformation
    )
    if not small.save(str(target), "PNG", 9):
        raise OSError(f"cannot write {target}")


TESTS = [REPO / "tests" / "ui" / "test_screens.py", REPO / "tests" / "ui" / "test_staff_shots.py"]
# the technician's maintenance page (maintenance*.png), both languages
TESTS.append(REPO / "tests/ui/test_maintenance.py::test_the_maintenance_page_renders_and_fits")
STAFF_TESTS = TESTS[1:]
# the first-run setup wizard (setup_*.png), both languages, portrait and landscape
TESTS.append(REPO / "tests/ui/test_setup_wizard.py::test_every_setup_page_renders_and_fits")


def main(argv: list[str] | None = None) -> int:
    staff_only = "--staff" in (sys.argv[1:] if argv is None else argv)
    # staff_help-* is the citizen's help screen (test_screens.py): not one of these
    tests, pattern = (STAFF_TESTS, "staff_[!h]*.png") if staff_only else (TESTS, "*.png")
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, MPP_SCREENS_OUT=tmp, QT_QPA_PLATFORM="offscreen")
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                *map(str, tests),
            ],
            cwd=REPO,
            env=env,
        )
        if result.returncode != 0:
            print("the screenshot test failed: docs/screens left as it was", file=sys.stderr)
            return result.returncode
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtGui import QGuiApplication

        app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (image plugins)
        OUT.mkdir(parents=True, exist_ok=True)
        images = sorted(Path(tmp).glob("*.png"))
        for old in OUT.glob(pattern):
            old.unlink()
        for image in images:
            shrink(image, OUT / image.name)
    size = sum(p.stat().st_size for p in OUT.glob("*.png"))
    print(f"{len(images)} screenshots in {OUT} ({size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
