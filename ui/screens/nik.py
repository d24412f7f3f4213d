"""NIK entry: a large keypad, live validation with the decoded region and birth date.

The check is the core's (kiosk.nik); this screen only shows its answer as the citizen types:
after 2 digits the province code, after 4 the regency code, at 16 the whole NIK.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QLocale, Qt
from PySide6.QtWidgets import QBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.messages import pair
from kiosk.nik import NikError, nik_prefix_problem, parse_nik
from kiosk.session.states import State
from ui.screens.base import Screen
from ui.widgets.common import Message, Subtitle, Title
from ui.widgets.keypad import Keypad

NIK_LENGTH = 16
PLACEHOLDER = "_"


def tallest_banner() -> str:
    """The tallest banner the screen shows: the longest region warning above the decoded
    region (a long regency name) and birth date, in the longer of the two languages."""
    warning = max(pair("nik.unknown_regency"), key=len)
    return (
        f"{warning}\nWilayah: Kabupaten Kepulauan Siau Tagulandang Biaro, Sulawesi Utara\n"
        "Tanggal lahir: 30 September 2000"
    )


class ReservedBanner(QWidget):
    """Holds the status banner in a space of fixed height, so that the keypad below never
    moves when a message appears or changes mid-entry (a fast typist would hit the wrong key).
    The height is that of the tallest banner at the current width, text size and theme."""

    def __init__(self, banner: Message, parent: QWidget | None = None):
        super().__init__(parent)
        self.banner = banner
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(banner)
        box.addStretch(1)
        self._probe = QLabel(self)  # measures with the banner's style, never shown
        self._probe.setObjectName("Message")
        self._probe.setProperty("kind", "warning")
        self._probe.setWordWrap(True)
        self._probe.hide()
        self._probe.setText(tallest_banner())
        self._reserve()

    def _reserve(self) -> None:
        self._probe.ensurePolished()
        width = self.width() if self.width() > 100 else 600
        self.setFixedHeight(self._probe.heightForWidth(width) + 4)

    def event(self, event) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._reserve()
        return super().event(event)


def grouped(digits: str) -> str:
    """'3171012345670001' -> '3171 0123 4567 0001', with _ for the digits still to come."""
    padded = digits.ljust(NIK_LENGTH, PLACEHOLDER)
    return " ".join(padded[i : i + 4] for i in range(0, NIK_LENGTH, 4))


class NikScreen(Screen):
    states = (State.NIK,)

    def build(self) -> None:
        lay = self.layout_
        self.head = Title("", self)
        self.sub = Subtitle("", self)
        lay.addWidget(self.head)
        lay.addWidget(self.sub)
        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(32)
        left = QWidget(self)
        col = QVBoxLayout(left)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(16)
        self.display = QLabel(grouped(""), left)
        self.display.setObjectName("NikDisplay")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setMinimumHeight(96)
        self.count = QLabel("", left)
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count.setObjectName("NikCount")
        self.status = Message("", "info", left)
        self.banner_space = ReservedBanner(self.status, left)
        col.addWidget(self.display)
        col.addWidget(self.count)
        col.addWidget(self.banner_space)
        col.addStretch(1)
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
