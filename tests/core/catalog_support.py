"""Helpers of the core's catalog tests; no tests here."""

from __future__ import annotations

import json
from pathlib import Path


def edit(path: Path, change) -> None:
    """Rewrite one catalog file with `change(data)` applied to its JSON."""
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
