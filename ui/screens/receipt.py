"""Receipt (state SUBMITTED): the tracking code, the service, when, and the QR of the status page.

The controller prints the receipt when the session enters SUBMITTED and reports the outcome with
receiptPrinted(receipt, error). Whatever the printer does, the receipt stays on this screen; when
printing failed it has been queued for reprint and the citizen can try again or note the code.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QLabel, QSizePolicy, QVBoxLayout

from kiosk.receipt import kiosk_receipt
from kiosk.session.states import State
from ui.receipt_render import qr_image
from ui.screens.base import Screen, follow_orientation
from ui.widgets.common import Body, Card, Message, Subtitle

QR_PX = 300


def receipt_content(controller, receipt):
    """The same content the printer uses (kiosk.receipt), in the current language, with the
    service named from the kiosk's own catalog."""
    return kiosk_receipt(receipt, controller.config, controller.catalog, controller.language)


class ReceiptScreen(Screen):
    states = (State.SUBMITTED,)

    def build(self) -> None:
        self._receipt = None
        self._print_state = ""  # "", printing, printed, failed, no_printer
        self.heading = self.title()
        self.intro = Subtitle("", self)
        self.layout_.addWidget(self.intro)

        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(32)
        self.card = Card(self)
        self.code_label = QLabel(self.card)
        self.code_label.setObjectName("ReceiptCodeLabel")
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code = QLabel(self.card)
        self.code.setObjectName("Title")  # large, grows with the large-text mode
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.card.box.addWidget(self.code_label)
        self.card.box.addWidget(self.code)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(12)
        self.grid.setColumnStretch(1, 1)
        self.card.box.addLayout(self.grid)
        self._rows: list[tuple[QLabel, QLabel]] = []
        self.card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.body.addWidget(self.card, 3, Qt.AlignmentFlag.AlignTop)

        qr_box = QVBoxLayout()
        qr_box.setSpacing(12)
        self.qr = QLabel(self)
        self.qr.setObjectName("ReceiptQr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setFixedSize(QSize(QR_PX, QR_PX))
        self.qr_hint = Body("", self)
        self.qr_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        qr_box.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        qr_box.addWidget(self.qr_hint)
        qr_box.addStretch(1)
        self.body.addLayout(qr_box, 2)
        self.layout_.addLayout(self.body)

        self.note = Message("", "warning", self)
        self.layout_.addWidget(self.note)
        self.print_status = Message("", "info", self)
        self.layout_.addWidget(self.print_status)
        self.layout_.addStretch(1)
        self.reprint = self.button("", self._print_again, "secondary")
        self.done = self.button("", lambda: self.citizen.finish(), "primary")
        self.button_row(self.reprint, self.done)
        self.reprint.hide()
        self.controller.receiptPrinted.connect(self._printed)

    # ----- texts ---------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Your application has been sent"))
        self.intro.setText(self.tr("Take your receipt. Keep it to check the status later."))
        self.code_label.setText(self.tr("Tracking code"))
        self.qr_hint.setText(self.tr("Scan this code with your phone to check the status."))
        self.reprint.setText(self.tr("Print again"))
        self.done.setText(self.tr("Finish"))
        self._show_print_state()

    def _show_print_state(self) -> None:
        state = self._print_state
        texts = {
            "printing": (self.tr("Printing your receipt..."), "info"),
            "printed": (self.tr("Your receipt has been printed. Please take it."), "success"),
            "failed": (
                self.tr(
                    "The printer is not available right now. Your receipt is saved: the counter "
                    "staff can print it for you. Please note or photograph the tracking code."
                ),
                "warning",
            ),
            "no_printer": (
                self.tr("This kiosk has no printer. Please note or photograph the tracking code."),
                "warning",
            ),
        }
        text, kind = texts.get(state, ("", "info"))
        self.print_status.show_message(text, kind)
        self.reprint.setVisible(state == "failed")

    # ----- session ---------------------------------------------------------------------------

    def render(self, session) -> None:
        receipt = session.data.receipt
        if receipt is None:
            self.clear()
            return
        if self._receipt is None or receipt.tracking_code != self._receipt.tracking_code:
            self._print_state = "printing" if self.controller.printer is not None else "no_printer"
        self._receipt = receipt
        self._orient()
        content = receipt_content(self.controller, receipt)
        self.code.setText(content.tracking_code)
        self._set_rows(content.rows[1:])
        self.qr.setPixmap(
            QPixmap.fromImage(qr_image(content.qr_data)).scaled(
                QR_PX,
                QR_PX,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.FastTransformation,
            )
        )
        self.note.setText("\n".join(content.notes))
        self._show_print_state()

    def _set_rows(self, rows) -> None:
        while len(self._rows) < len(rows):
            name, value = QLabel(self.card), QLabel(self.card)
            name.setObjectName("ReceiptField")
            name.setStyleSheet("font-weight: bold;")
            name.setWordWrap(True)
            value.setWordWrap(True)
            value.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            self.grid.addWidget(name, len(self._rows), 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(value, len(self._rows), 1, Qt.AlignmentFlag.AlignTop)
            self._rows.append((name, value))
        for i, (name, value) in enumerate(self._rows):
            shown = i < len(rows)
            name.setVisible(shown)
            value.setVisible(shown)
            name.setText(rows[i][0] if shown else "")
            value.setText(rows[i][1] if shown else "")

    def clear(self) -> None:
        self._receipt = None
        self._print_state = ""
        self.code.clear()
        self._set_rows(())
        self.qr.clear()
        self.note.setText("")
        self._show_print_state()

    def shown(self) -> None:
        self.speak(
            "Permohonan Anda sudah terkirim. Silakan ambil tanda terima Anda.",
            "Your application has been sent. Please take your receipt.",
        )

    # ----- printing ---------------------------------------------------------------------------

    def _printed(self, receipt, error) -> None:
        if self._receipt is None or receipt.tracking_code != self._receipt.tracking_code:
            return
        if error is None:
            self._print_state = "printed"
        elif (
            getattr(self.controller.printer, "has_printer", True) is False
            or self.controller.printer is None
        ):
            self._print_state = "no_printer"
        else:
            self._print_state = "failed"
        self._show_print_state()

    def _print_again(self) -> None:
        if self._receipt is None:
            return
        self.controller.user_activity()
        self._print_state = "printing"
        self._show_print_state()
        self.controller.print_receipt(self._receipt)

    def _orient(self) -> None:
        # Landscape: details and QR side by side; portrait: stacked. Decided on the window's
        # shape, before layouting, so a portrait minimum height never stretches a landscape
        # window.
        follow_orientation(self.body, self.window())

    def resizeEvent(self, event) -> None:
        self._orient()
        super().resizeEvent(event)
