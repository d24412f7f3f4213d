"""Look of the kiosk: design tokens, the style sheet (normal or high contrast), text size, touch
sizes, icons.

assets/styles/tokens.json is the one source of colours, text sizes, spacing, radii and touch
sizes; both themes read it. assets/styles/kiosk.qss is a template that the tokens fill in
(`$name` for colours and touch sizes, `${body}pt` for text sizes, `${space_m}`, `${radius_l}`).
Large text scales every font; the high-contrast palette is black/white/yellow (WCAG AAA).
"""

from __future__ import annotations

import json
import string
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from PySide6.QtGui import QFont, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

ASSETS = Path(__file__).resolve().parents[1] / "assets"
STYLE_FILE = ASSETS / "styles" / "kiosk.qss"
TOKENS_FILE = ASSETS / "styles" / "tokens.json"
ICON_DIR = ASSETS / "icons"


@cache
def tokens() -> dict[str, Any]:
    """The design tokens (assets/styles/tokens.json), read once."""
    return json.loads(TOKENS_FILE.read_text(encoding="utf-8"))


def palette(high_contrast: bool = False) -> dict[str, str]:
    return dict(tokens()["colour"]["contrast" if high_contrast else "normal"])


NORMAL = palette(False)
HIGH_CONTRAST = palette(True)
SIZES: dict[str, int] = dict(tokens()["font_pt"])  # point sizes; >= 20 pt body text (UI.md)
LARGE_FACTOR: float = tokens()["large_factor"]
SPACE: dict[str, int] = dict(tokens()["space"])
RADIUS: dict[str, int] = dict(tokens()["radius"])
TOUCH: dict[str, float] = dict(tokens()["touch"])
TOUCH_MM = float(TOUCH["min_mm"])  # ISO 9241-9 / WCAG 2.5.5 guidance for public kiosks
TOUCH_MIN_PX = int(TOUCH["min_px"])  # never smaller, whatever the screen says about its DPI


def touch_min_px(screen=None) -> int:
    """The smallest touch target in logical pixels: 9 mm at the screen's logical DPI, and never
    under the token's minimum (64 px)."""
    if QGuiApplication.instance() is None:
        return TOUCH_MIN_PX
    screen = screen or QGuiApplication.primaryScreen()
    dpi = screen.logicalDotsPerInch() if screen is not None else 96.0
    return max(TOUCH_MIN_PX, round(TOUCH_MM / 25.4 * dpi))


def sizes(large_text: bool = False) -> dict[str, int]:
    factor = LARGE_FACTOR if large_text else 1.0
    return {name: round(pt * factor) for name, pt in SIZES.items()}


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of "#rrggbb"."""
    h = colour.lstrip("#")
    r, g, b = (_channel(int(h[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.x contrast ratio of two "#rrggbb" colours (1 to 21)."""
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def template_values(high_contrast: bool = False, large_text: bool = False) -> dict[str, str]:
    """Everything the style sheet template may name."""
    values = palette(high_contrast)
    values.update({k: str(v) for k, v in sizes(large_text).items()})
    values.update({f"space_{k}": str(v) for k, v in SPACE.items()})
    values.update({f"radius_{k}": str(v) for k, v in RADIUS.items()})
    values["touch"] = str(touch_min_px())
    values["scroll_bar"] = str(int(TOUCH["scroll_bar_px"]))
    return values


def style_sheet(high_contrast: bool = False, large_text: bool = False) -> str:
    template = string.Template(STYLE_FILE.read_text(encoding="utf-8"))
    return template.substitute(template_values(high_contrast, large_text))


def apply(app: QApplication, high_contrast: bool = False, large_text: bool = False) -> None:
    """Set the application font and style sheet (call again to switch modes)."""
    font = QFont("DejaVu Sans")
    font.setPointSize(sizes(large_text)["body"])
    app.setFont(font)
    app.setStyleSheet(style_sheet(high_contrast, large_text))
    app.setProperty("kiosk_high_contrast", high_contrast)
    app.setProperty("kiosk_large_text", large_text)


@lru_cache(maxsize=64)
def icon_path(name: str) -> Path:
    path = ICON_DIR / f"{name}.svg"
    if not path.exists():
        raise FileNotFoundError(f"icon {name!r} not found in {ICON_DIR}")
    return path


ICON_COLOURS = ("#0b5cad", "#b3261e", "#2e7d32", "#b7791f")


def icon(name: str) -> QIcon:
    """An icon from assets/icons/<name>.svg (drawn in yellow in the high-contrast theme)."""
    app = QApplication.instance()
    if app is None or not app.property("kiosk_high_contrast"):
        return QIcon(str(icon_path(name)))
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QPainter, QPixmap
    from PySide6.QtSvg import QSvgRenderer

    svg = icon_path(name).read_text(encoding="utf-8")
    for colour in ICON_COLOURS:
        svg = svg.replace(colour, HIGH_CONTRAST["heading"])
    renderer = QSvgRenderer(QByteArray(svg.encode()))
    pixmap = QPixmap(256, 256)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter)
    painter.end()
    return QIcon(pixmap)
