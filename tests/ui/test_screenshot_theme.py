"""build/screenshots.py refuses contrast shots (*-large-contrast.png) that are not in the
contrast theme: the welcome screen grabbed in each theme, checked by the tool's own function."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from journey_support import settle_layouts

TOOL = Path(__file__).resolve().parents[2] / "build" / "screenshots.py"

pytestmark = pytest.mark.usefixtures("app_state")


def _tool():
    spec = importlib.util.spec_from_file_location("screenshots_tool", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_only_a_contrast_picture_passes_as_a_contrast_shot(make_kiosk, tmp_path):
    tool = _tool()
    _controller, window = make_kiosk("portrait", "id")
    settle_layouts()
    normal = tmp_path / "welcome-id-portrait-large-contrast.png"
    window.grab().save(str(normal))
    window.toggle_large_text()
    window.toggle_high_contrast()
    settle_layouts()
    contrast = tmp_path / "nik-id-portrait-large-contrast.png"
    window.grab().save(str(contrast))
    plain = tmp_path / "welcome-id-portrait.png"  # not a contrast shot: not checked
    normal_copy = plain.write_bytes(normal.read_bytes())
    assert normal_copy
    problems = tool.theme_problems([normal, contrast, plain])
    assert len(problems) == 1 and problems[0].startswith(normal.name), problems
    window.toggle_large_text()
    window.toggle_high_contrast()
