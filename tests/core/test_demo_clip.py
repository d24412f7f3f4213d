"""The demo's sample clip ships in assets/ (so the build has it), with its licence."""

from __future__ import annotations

from pathlib import Path

from app.demo import DEMO_CLIP

ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_clip_is_the_test_clip_with_its_licence():
    assert DEMO_CLIP.parent == ROOT / "assets" / "demo"
    assert DEMO_CLIP.read_bytes() == (ROOT / "tests/data/video" / DEMO_CLIP.name).read_bytes()
    licence = DEMO_CLIP.parent / "LICENSE.eye-blink-detection"
    assert licence.read_text().startswith("MIT License")
    assert DEMO_CLIP.name in (DEMO_CLIP.parent / "README.md").read_text()
