"""Look of the kiosk: the style sheet (normal or high contrast), text size, touch sizes, icons.

assets/styles/kiosk.qss is a template; the palette and the text sizes fill it in. Large text
scales every font; the high-contrast palette is black/white/yellow (WCAG AAA contrast).
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

from PySide6.QtGui import QFont, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

ASSETS = Path(__file__).resolve().parents[1] / "assets"
STYLE_FILE = ASSETS / "styles" / "kiosk.qss"
ICON_DIR = ASSETS / "icons"

TOUCH_MM = 9.0  # smallest touch target (ISO 9241-9 / WCAG 2.5.5 guidance for public kiosks)
TOUCH_MIN_PX = 48  # 48 dp: never smaller, whatever the screen says about its DPI

NORMAL = {
    "bg": "#f4f6fa",
    "text": "#14213d",
    "heading": "#0b3d91",
    "muted": "#3d4a63",
    "bar": "#0b3d91",
    "bar_text": "#ffffff",
    "bar_button": "#0b3d91",
    "card": "#ffffff",
    "card_border": "#9aa7bd",
    "field": "#ffffff",
    "primary": "#0b5cad",
    "primary_text": "#ffffff",
    "primary_pressed": "#083f78",
    "secondary": "#ffffff",
    "secondary_text": "#0b3d91",
    "secondary_border": "#0b5cad",
    "secondary_pressed": "#dce7f5",
    "danger": "#b3261e",
    "danger_text": "#ffffff",
    "link": "#0b5cad",
    "disabled_bg": "#d5d9e0",
    "disabled_text": "#4d5566",
    "focus": "#f2a900",
    "info_bg": "#e6f0fb",
    "info_text": "#0b3d91",
    "info_border": "#7aa7db",
    "error_bg": "#fdecea",
    "error_text": "#8c1d18",
    "error_border": "#b3261e",
    "ok_bg": "#e7f5ea",
    "ok_text": "#1d5e2c",
    "ok_border": "#3c9a52",
    "warn_bg": "#fff6dd",
    "warn_text": "#6b4a00",
    "warn_border": "#d99a00",
    "overlay": "rgba(10, 20, 40, 170)",
}

HIGH_CONTRAST = {
    **{key: "#000000" for key in NORMAL},
    "text": "#ffffff",
    "heading": "#ffff00",
    "muted": "#ffffff",
    "bar_text": "#ffff00",
    "card_border": "#ffffff",
    "primary": "#ffff00",
    "primary_text": "#000000",
    "primary_pressed": "#c8c800",
    "secondary_text": "#ffffff",
    "secondary_border": "#ffffff",
    "secondary_pressed": "#333333",
    "danger": "#ffffff",
    "danger_text": "#000000",
    "link": "#00ffff",
    "disabled_bg": "#333333",
    "disabled_text": "#bbbbbb",
    "focus": "#00ffff",
    "info_text": "#ffffff",
    "info_border": "#ffffff",
    "error_text": "#ffff00",
    "error_border": "#ffff00",
    "ok_text": "#00ff00",
    "ok_border": "#00ff00",
    "warn_text": "#ffff00",
    "warn_border": "#ffff00",
    "overlay": "rgba(0, 0, 0, 220)",
}

# Point sizes; >= 20 pt body text on a 1080p kiosk screen (UI.md).
SIZES = {
    "body": 20,
    "small": 16,
    "subtitle": 22,
    "title": 32,
    "button": 22,
    "keypad": 32,
    "display": 36,
}
LARGE_FACTOR = 1.3


def touch_min_px(screen=None) -> int:
    """The smallest touch target in logical pixels: 9 mm at the screen's logical DPI, >= 48."""
    if QGuiApplication.instance() is None:
        return TOUCH_MIN_PX
    screen = screen or QGuiApplication.primaryScreen()
    dpi = screen.logicalDotsPerInch() if screen is not None else 96.0
    return max(TOUCH_MIN_PX, round(TOUCH_MM / 25.4 * dpi))


def sizes(large_text: bool = False) -> dict[str, int]:
    factor = LARGE_FACTOR if large_text else 1.0
    return {name: round(pt * factor) for name, pt in SIZES.items()}


def style_sheet(high_contrast: bool = False, large_text: bool = False) -> str:
    values = dict(HIGH_CONTRAST if high_contrast else NORMAL)
    values.update({k: str(v) for k, v in sizes(large_text).items()})
    values["touch"] = str(touch_min_px())
    return string.Template(STYLE_FILE.read_text(encoding="utf-8")).substitute(values)


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
