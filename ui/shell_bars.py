"""The kiosk window's bars: the top bar (the MPP's identity and the controls), the step
indicator of the citizen's journey and the footer. Each wraps or gives way on a narrow screen
instead of widening the window (ui/window.py sizes the window to the screen).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk import __version__
from kiosk.session.states import State
from ui import theme
from ui.screens.base import journey_steps, step_of
from ui.widgets.common import BigButton, ElidedLabel

if TYPE_CHECKING:
    from ui.window import KioskWindow

log = logging.getLogger("ui.window")


def site_line(site: str, region: str) -> str:
    """The MPP's name and its regency ("MPP Kota Medan · Kota Medan"), from the kiosk's
    configuration (kiosk.site, kiosk.region: a Kemendagri regency code)."""
    regency = ""
    code = "".join(ch for ch in region if ch.isdigit())
    if len(code) >= 4:
        from kiosk.regions import regency_name

        regency = regency_name(code[:4]) or ""
    parts = [part for part in (site.strip(), regency) if part]
    if len(parts) == 2 and parts[1].lower() in parts[0].lower():
        parts = parts[:1]  # "MPP Kota Medan" already names its regency
    return " · ".join(parts)


def load_logo(path: str, height: int) -> QPixmap | None:
    """The configured logo (ui.logo: PNG, JPEG or SVG) scaled to `height`; None when unset or
    unreadable (logged: a technician fixes the path, the citizen sees the kiosk without it)."""
    if not path:
        return None
    pixmap = QPixmap(str(Path(path).expanduser()))
    if pixmap.isNull():
        log.warning("ui.logo %s cannot be read as an image: no logo shown", path)
        return None
    return pixmap.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation)


class TopBar(QFrame):
    """The MPP's identity on the left, the controls on the right; on a narrow screen (or with
    large text) the controls go under the identity instead of pushing the window wider."""

    def __init__(self, window: KioskWindow, site: str = "", region: str = "", logo: str = ""):
        super().__init__(window)
        self.setObjectName("TopBar")
        self.window_ = window
        space = theme.SPACE
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(space["l"], space["s"], space["l"], space["s"])
        self.box.setSpacing(space["m"])
        self.identity = QWidget(self)
        self.identity.setObjectName("TopBarPart")
        ident = QHBoxLayout(self.identity)
        ident.setContentsMargins(0, 0, 0, 0)
        ident.setSpacing(space["m"])
        self.logo = QLabel(self.identity)
        self.logo.setObjectName("LogoLabel")
        pixmap = load_logo(logo, int(theme.tokens()["logo_px"]))
        if pixmap is not None:
            self.logo.setPixmap(pixmap)
        self.logo.setVisible(pixmap is not None)
        ident.addWidget(self.logo, 0, Qt.AlignmentFlag.AlignVCenter)
        names = QVBoxLayout()
        names.setSpacing(0)
        self.brand = QLabel(self.identity)
        self.brand.setObjectName("BrandLabel")
        self.brand.setWordWrap(True)
        self.site = ElidedLabel(site_line(site, region), self.identity)
        self.site.setObjectName("SiteLabel")
        self.site.setVisible(bool(self.site.full_text()))
        names.addWidget(self.brand)
        names.addWidget(self.site)
        ident.addLayout(names, 1)
        self.controls = QWidget(self)
        self.controls.setObjectName("TopBarPart")
        row = QHBoxLayout(self.controls)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(space["s"] + 4)
        self.lang_id = self._toggle("ID", lambda: window.controller.set_language("id"))
        self.lang_en = self._toggle("EN", lambda: window.controller.set_language("en"))
        self.large = self._toggle("A+", window.toggle_large_text)
        self.contrast = self._toggle("", window.toggle_high_contrast)
        self.help = BigButton("", "help", self.controls, icon=None)
        self.help.setMinimumSize(180, theme.touch_min_px())
        self.help.clicked.connect(window.ask_help)
        for widget in (self.lang_id, self.lang_en, self.large, self.contrast):
            row.addWidget(widget)
        row.addSpacing(space["m"])  # help stands apart from the display settings
        row.addWidget(self.help)
        self.box.addWidget(self.identity, 1)
        self.box.addWidget(self.controls, 0)
        self.stacked = False

    def _toggle(self, text: str, slot) -> BigButton:
        btn = BigButton(text, "secondary", self.controls)
        btn.setCheckable(True)
        btn.setMinimumSize(theme.touch_min_px() + 16, theme.touch_min_px())  # a slim bar
        btn.layout().setContentsMargins(12, 8, 12, 8)
        btn.clicked.connect(lambda _checked=False: slot())
        return btn

    def _needed_width(self) -> int:
        margins = self.box.contentsMargins()
        # the site's name whole when it is short; a long one may end in "…" beside the controls
        site = self.site.fontMetrics().horizontalAdvance(self.site.full_text())
        identity = max(self.brand.minimumSizeHint().width(), min(site, 480), 240)
        if self.logo.isVisibleTo(self):
            identity += self.logo.sizeHint().width() + self.box.spacing()
        return (
            identity
            + self.controls.sizeHint().width()
            + self.box.spacing()
            + margins.left()
            + margins.right()
        )

    def _arrange(self) -> None:
        stacked = self._needed_width() > self.width()
        if stacked != self.stacked:
            self.stacked = stacked
            direction = (
                QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
            )
            self.box.setDirection(direction)
            self.box.setSpacing(theme.SPACE["s"] if stacked else theme.SPACE["m"])
            self.box.setAlignment(
                self.controls, Qt.AlignmentFlag.AlignRight if stacked else Qt.AlignmentFlag(0)
            )

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        margins = self.box.contentsMargins()
        width = self.controls.minimumSizeHint().width() + margins.left() + margins.right()
        return QSize(width, hint.height())

    def resizeEvent(self, event) -> None:
        self._arrange()
        super().resizeEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self._arrange()
        return super().event(event)

    def retranslate(self) -> None:
        self.brand.setText(self.tr("MPP self-service kiosk"))
        self.help.setText(self.tr("Help"))
        self.contrast.setText(self.tr("Contrast"))
        self.lang_id.setAccessibleDescription(self.tr("Show the kiosk in Bahasa Indonesia"))
        self.lang_en.setAccessibleDescription(self.tr("Show the kiosk in English"))
        self.large.setAccessibleDescription(self.tr("Large text"))

    def sync(self, language: str, can_help: bool, large: bool, contrast: bool) -> None:
        self.lang_id.setChecked(language == "id")
        self.lang_en.setChecked(language == "en")
        self.large.setChecked(large)
        self.contrast.setChecked(contrast)
        self.help.setVisible(can_help)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def step_name(state: State) -> str:
    """The short name of a journey step, in the current language ("" for an unnamed one)."""

    def tr(text: str) -> str:
        return QCoreApplication.translate("StepBar", text)

    names = {
        State.NIK: tr("Your NIK"),
        State.CONSENT: tr("Consent"),
        State.FACE: tr("Face check"),
        State.SERVICE: tr("Service"),
        State.FORM: tr("Form"),
        State.DOCUMENTS: tr("Documents"),
        State.REVIEW: tr("Check and send"),
    }
    return names.get(state, "")


class StepBar(QFrame):
    """ "Langkah 3 dari 7 · Pemeriksaan wajah" and one dot per step (filled up to this one)."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("StepBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(self)
        space = theme.SPACE
        row.setContentsMargins(space["l"], space["xs"], space["l"], space["xs"])
        row.setSpacing(space["m"])
        self.label = QLabel(self)
        self.label.setObjectName("StepLabel")
        self.label.setWordWrap(True)
        row.addWidget(self.label, 1)
        self.dots: list[QFrame] = []
        for _ in journey_steps():
            dot = QFrame(self)
            dot.setObjectName("StepDot")
            dot.setFixedSize(28, 12)
            dot.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
            row.addWidget(dot, 0, Qt.AlignmentFlag.AlignVCenter)
            self.dots.append(dot)
        self.state: State | None = None

    def show_state(self, state: State) -> None:
        self.state = state
        step = step_of(state)
        self.setVisible(step is not None)
        if step is None:
            return
        total = len(journey_steps())
        text = self.tr("Step {0} of {1}").format(step, total)
        name = step_name(journey_steps()[step - 1])
        self.label.setText(f"{text} · {name}" if name else text)
        self.label.setAccessibleName(self.label.text())
        for index, dot in enumerate(self.dots):
            done = index < step
            if dot.property("done") != done:
                dot.setProperty("done", done)
                dot.style().unpolish(dot)
                dot.style().polish(dot)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self.state is not None:
            self.show_state(self.state)
        super().changeEvent(event)


class Footer(QFrame):
    """The privacy promise and the version; `site` is an extra line before it (the demo's
    NIKs). It wraps: however long, it never sets the window's width."""

    def __init__(self, parent: QWidget, site: str = ""):
        super().__init__(parent)
        self.setObjectName("Footer")
        self.site = site
        row = QHBoxLayout(self)
        row.setContentsMargins(theme.SPACE["l"], 6, theme.SPACE["l"], 6)
        self.left = QLabel(self)
        self.left.setWordWrap(True)
        self.left.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.right = QLabel(f"v{__version__}", self)
        self.right.setObjectName("VersionLabel")
        row.addWidget(self.left, 1)
        row.addWidget(self.right, 0, Qt.AlignmentFlag.AlignBottom)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        margins = self.layout().contentsMargins()
        inner = width - margins.left() - margins.right() - self.right.sizeHint().width() - 8
        text = self.left.heightForWidth(max(inner, 1))
        return max(text, self.right.sizeHint().height()) + margins.top() + margins.bottom()

    def retranslate(self) -> None:
        text = self.tr("Your data is erased from this kiosk when you finish.")
        self.left.setText(f"{self.site} · {text}" if self.site else text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
