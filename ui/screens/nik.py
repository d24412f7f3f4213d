"""NIK entry: a large keypad, live validation with the decoded region and birth date.

The check is the core's (kiosk.nik); this screen only shows its answer as the citizen types:
after 2 digits the province code, after 4 the regency code, at 16 the whole NIK.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.messages import codes, pair
from kiosk.nik import NikError, nik_prefix_problem, parse_nik
from kiosk.regions import province_name, regencies
from kiosk.session.states import State
from ui.screens.base import Screen
from ui.theme import sizes, touch_min_px
from ui.widgets.common import Message, Subtitle, Title
from ui.widgets.keypad import Keypad

NIK_LENGTH = 16
PLACEHOLDER = "_"
# the banner's text at the body size; a narrower padding than other messages leaves it room
BANNER_STYLE = "padding: 4px 12px;"


def grouped(digits: str) -> str:
    """'3171012345670001' -> '3171 0123 4567 0001', with _ for the digits still to come."""
    padded = digits.ljust(NIK_LENGTH, PLACEHOLDER)
    return " ".join(padded[i : i + 4] for i in range(0, NIK_LENGTH, 4))


@cache
def longest_places() -> tuple[tuple[str, str], str]:
    """((regency, province) with the longest names together, the longest province name): the
    longest banners the screen can show (`NikScreen.longest_banners`)."""
    pairs = [
        (name, province_name(code) or "")
        for code, names in regencies().items()
        for name in names.values()
    ]
    provinces = [province_name(code) or "" for code in regencies()]
    return max(pairs, key=lambda p: len(p[0]) + len(p[1])), max(provinces, key=len)


class NikScreen(Screen):
    states = (State.NIK,)

    def build(self) -> None:
        lay = self.layout_
        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(32)
        left = QWidget(self)
        col = QVBoxLayout(left)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(16)
        # the title beside the keypad in landscape, so the keypad has the whole height
        self.head = Title("", left)
        self.sub = Subtitle("", left)
        col.addWidget(self.head)
        col.addWidget(self.sub)
        self.display = QLabel(grouped(""), left)
        self.display.setObjectName("NikDisplay")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setMinimumHeight(96)
        self.display.setMinimumWidth(1)  # the font shrinks to fit instead (_fit_display)
        self.count = QLabel("", left)
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count.setObjectName("NikCount")
        col.addWidget(self.display)
        col.addWidget(self.count)
        col.addStretch(1)
        # The banner is in no layout: it lies over the title and instruction, so the keypad
        # never moves when a message appears or changes mid-entry (a fast typist would hit the
        # wrong key) and no space is reserved for it on short screens.
        self.status = Message("", "info", self)
        self.status.setStyleSheet(BANNER_STYLE)
        # never shown: sizes the longest banner in the banner's own style
        self._measure = QLabel("", self)
        self._measure.setObjectName("Message")
        self._measure.setProperty("kind", "warning")
        self._measure.setWordWrap(True)
        self._measure.setStyleSheet(BANNER_STYLE)
        self._measure.hide()
        self._reserved_for, self._need = None, 0
        for widget in (self.head, left, self.display, self.count):
            widget.installEventFilter(self)
        self.keypad = Keypad(NIK_LENGTH, self)
        self.keypad.changed.connect(self._typed)
        self.keypad.submitted.connect(self._submit)
        self.body.addWidget(left, 1)
        self.body.addWidget(self.keypad, 1)
        lay.addLayout(self.body, 1)
        self.nav_row(back=True, cancel=True)
        self._server_error = None

    def retranslate(self) -> None:
        self.head.setText(self.tr("Enter your NIK"))
        self.sub.setText(self.tr("The 16-digit number on your KTP (identity card) or family card."))
        self.keypad.set_confirm_text(self.tr("Next"))
        self.retranslate_nav()
        self._typed(self.keypad.text())

    def resizeEvent(self, event) -> None:
        # Landscape: display beside the keypad; portrait: display above it.
        wide = self.width() > self.height() * 1.1
        self.body.setDirection(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )
        self.body.setStretch(0, 1 if wide else 0)
        super().resizeEvent(event)
        self._place_banner()

    def _fit_display(self) -> None:
        """The largest font up to the theme's that shows the 16 digits on one line: large text
        on a narrow screen would otherwise cut them."""
        width = self.display.contentsRect().width() - 8
        if width <= 0:
            return
        largest = sizes(bool(QApplication.instance().property("kiosk_large_text")))["display"]
        font = QFont(self.display.font())
        size = largest
        while size > 8:
            font.setPointSize(size)
            font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 2)
            if QFontMetrics(font).horizontalAdvance(grouped("")) <= width:
                break
            size -= 1
        style = "" if size == largest else f"font-size: {size}pt;"
        if self.display.styleSheet() != style:
            self.display.setStyleSheet(style)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize):
            if watched is self.display and event.type() == QEvent.Type.Resize:
                self._fit_display()
            self._place_banner()
        return super().eventFilter(watched, event)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._fit_display()
            self._place_banner()
        return handled

    def banner_area(self) -> QRect:
        """Where the banner lies: over the title and instruction, down to the NIK display."""
        origin = self.head.mapTo(self, QPoint(0, 0))
        bottom = self.display.mapTo(self, QPoint(0, 0)).y() - 8
        return QRect(origin.x(), origin.y(), self.head.width(), bottom - origin.y())

    def _place_banner(self) -> None:
        status = getattr(self, "status", None)
        if status is None:
            return
        self._reserve_banner_space()
        area = self.banner_area()
        status.setGeometry(area)  # covers the instruction it replaces
        status.raise_()
        if not status.text() or area.width() <= 0:
            return
        # The space reserved above fits the longest banner at the body size on the kiosk's
        # displays; only a screen with no room left (large text, 768x1366 and a three-line
        # footer) shrinks it a little rather than cutting it.
        body = sizes(bool(QApplication.instance().property("kiosk_large_text")))["body"]
        for size in range(body, 9, -1):
            style = BANNER_STYLE + ("" if size == body else f" font-size: {size}pt;")
            if status.styleSheet() != style:
                status.setStyleSheet(style)
                status.ensurePolished()
            if status.heightForWidth(area.width()) <= area.height():
                break

    def _keypad_need(self, width: int) -> int:
        """The keypad's least height at `width`: four rows of touch-sized keys and the row of
        word keys, as tall as their wrapped words (ui/widgets/keypad.py)."""
        grid = self.keypad.grid
        key_width = max(1, (width - 2 * grid.horizontalSpacing()) // 3)
        words = max(self.keypad.keys[k].heightForWidth(key_width) for k in ("clear", "back"))
        return 4 * touch_min_px() + max(words, touch_min_px()) + 4 * grid.verticalSpacing()

    def longest_banners(self) -> list[str]:
        """The longest texts the banner shows in the screen's language: a decoded NIK of the
        longest regency and province, an unknown regency's warning, every NIK error."""
        (regency, province), longest_province = longest_places()
        born = self.tr("Date of birth: %1").replace("%1", "30 September 2000")
        region = self.tr("Region: %1, %2").replace("%1", regency).replace("%2", province)
        only = self.tr("Province: %1").replace("%1", longest_province)
        texts = [f"{region}\n{born}"]
        texts += [f"{self.pick(*pair(f'nik.{c}'))}\n{only}\n{born}" for c in ("unknown_regency",)]
        texts += [self.pick(*pair(f"nik.{code}")) for code in codes("nik")]
        return texts

    def banner_height(self, width: int) -> int:
        """The height the longest banner needs at `width`, in the body font, wrapped."""
        measure = self._measure
        measure.setFont(self.status.font())
        measure.ensurePolished()
        tallest = 0
        for text in self.longest_banners():
            measure.setText(text)
            tallest = max(tallest, measure.heightForWidth(width))
        return tallest

    def _reserve_banner_space(self) -> None:
        """The title and instruction take at least the longest banner's height, so a banner
        wraps at the body size instead of shrinking, and the keypad never moves."""
        width = self.head.width()
        if width <= 0:
            return
        large = bool(QApplication.instance().property("kiosk_large_text"))
        key = (width, large, self.language)
        if key != self._reserved_for:
            self._reserved_for, self._need = key, self.banner_height(width)
        # the area is the title, the column's spacing (16 px) above and below the instruction
        # less the 8 px kept above the digits, and the instruction: it takes the rest
        head = max(self.head.heightForWidth(width), 0)
        wanted = self._need - head - 24
        # but never at the keys' expense: on a short screen with large text the keypad keeps
        # what it needs and the banner what is left (tests/ui/test_fit.py)
        left = head + self.display.minimumHeight() + self.count.sizeHint().height() + 3 * 16
        room = self.body.geometry().height() - left
        if self.body.direction() == QBoxLayout.Direction.TopToBottom:
            room -= self.body.spacing() + self._keypad_need(width)
        minimum = max(0, min(wanted, room))
        if self.sub.minimumHeight() != minimum:
            self.sub.setMinimumHeight(minimum)

    def clear(self) -> None:
        self._server_error = None
        self.keypad.clear()
        self._typed("")

    def render(self, session) -> None:
        error = session.data.error
        if error is not None and error.code.startswith("nik_"):
            self._server_error = error  # the session refused the NIK: say why
        self._typed(self.keypad.text())

    def shown(self) -> None:
        self.speak("Masukkan NIK Anda.", "Enter your NIK.")

    # ----- live validation ---------------------------------------------------------------------

    def _typed(self, digits: str) -> None:
        self.display.setText(grouped(digits))
        left = NIK_LENGTH - len(digits)
        self.count.setText(self.tr("Digits still to type: %n", "", left) if left else "")
        complete = len(digits) == NIK_LENGTH
        problem = nik_prefix_problem(digits)
        info = None
        if complete and problem is None:
            try:
                info = parse_nik(digits)
            except NikError as exc:
                problem = exc
        if problem is not None:
            self.status.show_message(self.pick(problem.message_id, problem.message_en), "error")
        elif info is not None:
            self._server_error = None
            if info.warning:  # e.g. a region code the list does not know: the server decides
                warning = self.pick(*pair(f"nik.{info.warning}"))
                self.status.show_message(f"{warning}\n{self._decoded(info)}", "warning")
            else:
                self.status.show_message(self._decoded(info), "success")
        elif self._server_error is not None and not digits:
            self.status.show_message(
                self.pick(self._server_error.text_id, self._server_error.text_en), "error"
            )
        else:
            self.status.setText("")
        self._place_banner()
        self.keypad.keys["ok"].setEnabled(info is not None)

    def _decoded(self, info) -> str:
        born = QDate(info.birth_date.year, info.birth_date.month, info.birth_date.day)
        locale = QLocale(
            QLocale.Language.Indonesian if self.language == "id" else QLocale.Language.English
        )
        date_text = locale.toString(born, "d MMMM yyyy")
        if info.regency:
            region = (
                self.tr("Region: %1, %2").replace("%1", info.regency).replace("%2", info.province)
            )
        else:
            region = self.tr("Province: %1").replace("%1", info.province)
        born_text = self.tr("Date of birth: %1").replace("%1", date_text)
        return f"{region}\n{born_text}"

    def _submit(self, digits: str) -> None:
        if len(digits) == NIK_LENGTH:
            self.citizen.enter_nik(digits)
