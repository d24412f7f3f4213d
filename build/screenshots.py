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

import json
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


TOKENS = REPO / "assets" / "styles" / "tokens.json"


def _rgb(name: str) -> tuple[int, int, int]:
    text = json.loads(TOKENS.read_text("utf-8"))["colour"][name]["bg"].lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def theme_problems(images: list[Path]) -> list[str]:
    """Contrast shots (*-large-contrast.png) whose picture is not in the contrast theme: the
    most common colour must be its background and none of it the normal theme's background."""
    from collections import Counter

    from PySide6.QtGui import QImage

    contrast_bg, normal_bg = _rgb("contrast"), _rgb("normal")
    problems = []
    for path in images:
        if not path.stem.endswith("-large-contrast"):
            continue
        image = QImage(str(path))
        step = max(1, min(image.width(), image.height()) // 120)
        counts = Counter(
            image.pixelColor(x, y).getRgb()[:3]
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        )
        total = sum(counts.values())
        common = counts.most_common(1)[0][0]
        if common != contrast_bg or counts[normal_bg] > total // 100:
            share = 100 * counts[normal_bg] // total
            problems.append(f"{path.name}: not the contrast theme ({share}% normal background)")
    return problems


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
        if problems := theme_problems(images):
            print("\n".join(problems), file=sys.stderr)
            print("docs/screens left as it was", file=sys.stderr)
            return 1
        for old in OUT.glob(pattern):
            old.unlink()
        for image in images:
            shrink(image, OUT / image.name)
    size = sum(p.stat().st_size for p in OUT.glob("*.png"))
    print(f"{len(images)} screenshots in {OUT} ({size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
