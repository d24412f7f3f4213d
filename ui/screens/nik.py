"""NIK entry: a large keypad, live validation with the decoded region and birth date.

The check is the core's (kiosk.nik); this screen only shows its answer as the citizen types:
after 2 digits the province code, after 4 the regency code, at 16 the whole NIK.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.messages import pair
from kiosk.nik import NikError, nik_prefix_problem, parse_nik
from kiosk.session.states import State
from ui.screens.base import Screen
from ui.theme import sizes
from ui.widgets.common import Message, Subtitle, Title
from ui.widgets.keypad import Keypad

NIK_LENGTH = 16
PLACEHOLDER = "_"


def grouped(digits: str) -> str:
    """'3171012345670001' -> '3171 0123 4567 0001', with _ for the digits still to come."""
    padded = digits.ljust(NIK_LENGTH, PLACEHOLDER)
    return " ".join(padded[i : i + 4] for i in range(0, NIK_LENGTH, 4))


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
        area = self.banner_area()
        status.setGeometry(area)  # covers the instruction it replaces
        status.raise_()
        if not status.text() or area.width() <= 0:
            return
        # a long message (a long regency name, large text, a short screen) gets a smaller font
        # rather than being cut
        largest = sizes(bool(QApplication.instance().property("kiosk_large_text")))["body"]
        for size in range(largest, 9, -1):
            style = "" if size == largest else f"font-size: {size}pt; padding: 4px 8px;"
            if status.styleSheet() != style:
                status.setStyleSheet(style)
                status.ensurePolished()
            if status.heightForWidth(area.width()) <= area.height():
                break

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
