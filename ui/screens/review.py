"""REVIEW: everything the citizen entered, each answer with a "Change" link, the photographed
documents with "Retake", and the declaration that the data is true before sending.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.messages import text as message_text
from kiosk.session.data import Problem
from kiosk.session.states import State
from ui.forms.display import show_value
from ui.forms.factory import form_fields
from ui.screens.base import Screen
from ui.screens.journey_common import current_service, problem_lines
from ui.widgets.common import BigButton, Card, Message, Title, Toggle

THUMB = 220
LABEL_WIDTH = 300  # one label column for every card, so that the values line up


class ReviewScreen(Screen):
    states = (State.REVIEW,)

    def build(self) -> None:
        self.heading = Title("", self)
        self.notice = Message("", "error", self)
        self.pending = Message("", "warning", self)
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.notice)
        self.layout_.addWidget(self.pending)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.layout_.addWidget(self.scroll, 1)
        # The declaration's own message sits right above its box, where the eye is.
        self.declaration_error = Message("", "error", self)
        self.layout_.addWidget(self.declaration_error)
        self.declaration = Toggle("", self)
        self.declaration.setObjectName("Declaration")
        self.declaration.toggled.connect(lambda _on: self._declaration_toggled())
        self.layout_.addWidget(self.declaration)
        nav = QHBoxLayout()
        nav.setSpacing(32)
        self.back_button = self.button("", lambda: self.citizen.back(), "secondary")
        self.cancel_button = self.button("", lambda: self.citizen.cancel(), "danger")
        self.send_button = self.button("", self.send, "primary")
        nav.addWidget(self.back_button)
        nav.addWidget(self.cancel_button)
        nav.addStretch(1)
        nav.addWidget(self.send_button)
        self.layout_.addLayout(nav)
        self.edit_links: dict[str, BigButton] = {}
        self.retake_links: dict[str, BigButton] = {}
        self.value_labels: dict[str, QLabel] = {}
        self._page()

    def _page(self) -> QVBoxLayout:
        page = QWidget(self.scroll)
        box = QVBoxLayout(page)
        box.setContentsMargins(4, 4, 24, 4)
        box.setSpacing(20)
        self.scroll.setWidget(page)  # the previous page and its data are deleted
        self.edit_links, self.retake_links, self.value_labels = {}, {}, {}
        return box

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Check your application"))
        self._declaration_text()
        self.back_button.setText(self.tr("Back"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.send_button.setText(self.tr("Send application"))

    def _declaration_toggled(self) -> None:
        self._declaration_text()
        if self.declaration.isChecked():
            self.declaration_error.setText("")

    def _declaration_text(self) -> None:
        # A box that shows its state: the declaration is ticked, not just pressed.
        box = "\u2611" if self.declaration.isChecked() else "\u2610"
        text = self.tr(
            "I declare that the data I entered is true, and I accept the consequences if it is not."
        )
        self.declaration.setText(f"{box}  {text}")

    # ----- session -> screen -------------------------------------------------------------------

    def render(self, session) -> None:
        service = current_service(self.controller)
        data = session.data
        if service is None:
            return
        lang = self.language
        box = self._page()
        summary = self._card(box, self.pick(service.name_id, service.name_en))
        for label, value in (
            (self.tr("Office"), self.pick(service.agency, service.agency_en)),
            (
                self.tr("Processing time"),
                self.pick(service.processing_time.text_id, service.processing_time.text_en),
            ),
            (self.tr("Fee"), self.pick(service.fee_text_id, service.fee_text_en)),
        ):
            self._row(summary, label, value)
        about, other = form_fields(service)
        sections = []
        if about:
            title = self.tr("About: %1").replace(
                "%1", self.pick(service.subject.label_id, service.subject.label_en)
            )
            sections.append((title, about))
        sections.append((self.tr("Your application"), other))
        for title, fields in sections:
            card = self._card(box, title)
            for field in fields:
                value = show_value(field, data.form_values.get(field.id), lang)
                link = self._row(card, self.pick(field.label_id, field.label_en), value, field.id)
                link.clicked.connect(lambda _c=False, f=field.id: self.edit(f))
        if data.required_documents:
            card = self._card(box, self.tr("Documents"))
            docs = {d.id: d for d in service.documents}
            for doc_id in data.required_documents:
                self._document_row(card, docs.get(doc_id), doc_id, data.documents.get(doc_id))
        box.addStretch(1)
        # How the identity was checked, honestly: pending (offline) or by staff with the KTP-el.
        if data.staff_verified:
            self.pending.show_message(message_text("receipt.staff_verified", lang), "info")
        else:
            pending = Problem.of("verification_pending") if data.verification_pending else None
            self.pending.show_message(pending.text(lang) if pending else "", "warning")
        error = data.error if data.error and data.error.code == "submit_failed" else None
        self.notice.setText(problem_lines(error, lang) if error else "")
        unticked = data.error if data.error and data.error.code == "declaration_required" else None
        self.declaration_error.setText(problem_lines(unticked, lang) if unticked else "")
        if unticked is not None:
            self.declaration.setFocus()
        if error is None and unticked is None and not data.declaration:
            self.declaration.setChecked(False)

    def _card(self, box: QVBoxLayout, title: str) -> QGridLayout:
        card = Card(self.scroll.widget())
        heading = QLabel(title, card)
        heading.setObjectName("Subtitle")
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        card.box.addWidget(heading)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(12)
        grid.setColumnMinimumWidth(0, LABEL_WIDTH)
        grid.setColumnStretch(1, 1)
        card.box.addLayout(grid)
        box.addWidget(card)
        return grid

    def _row(self, grid: QGridLayout, label: str, value: str, field_id: str | None = None):
        row = grid.rowCount()
        parent = grid.parentWidget()
        name = QLabel(label, parent)
        name.setWordWrap(True)
        name.setFixedWidth(LABEL_WIDTH)
        shown = QLabel(value, parent)
        shown.setWordWrap(True)
        shown.setTextFormat(Qt.TextFormat.PlainText)
        font = shown.font()
        font.setBold(True)
        shown.setFont(font)
        grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(shown, row, 1, Qt.AlignmentFlag.AlignTop)
        if field_id is None:
            return None
        self.value_labels[field_id] = shown
        link = BigButton(self.tr("Change"), "secondary", parent)
        link.setMinimumWidth(160)
        link.setAccessibleName(f"{self.tr('Change')} {label}")
        grid.addWidget(link, row, 2, Qt.AlignmentFlag.AlignTop)
        self.edit_links[field_id] = link
        return link

    def _document_row(self, grid: QGridLayout, doc, doc_id: str, image) -> None:
        row = grid.rowCount()
        parent = grid.parentWidget()
        name = QLabel(self.pick(doc.name_id, doc.name_en) if doc else doc_id, parent)
        name.setWordWrap(True)
        name.setFixedWidth(LABEL_WIDTH)
        thumb = QLabel(parent)
        thumb.setObjectName("DocumentThumb")
        if image is not None:
            picture = QImage.fromData(bytes(image))
            if not picture.isNull():
                thumb.setPixmap(
                    QPixmap.fromImage(picture).scaled(
                        THUMB,
                        THUMB,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
        link = BigButton(self.tr("Retake"), "secondary", parent)
        link.setMinimumWidth(160)
        link.clicked.connect(lambda _c=False, d=doc_id: self.retake(d))
        grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(thumb, row, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(link, row, 2, Qt.AlignmentFlag.AlignTop)
        self.retake_links[doc_id] = link

    def clear(self) -> None:
        self._page()
        self.declaration.setChecked(False)
        self.notice.setText("")
        self.declaration_error.setText("")
        self.pending.setText("")

    # ----- screen -> session -------------------------------------------------------------------

    def edit(self, field_id: str) -> None:
        """Back to the form, on this field (through the documents screen when there is one)."""
        self.controller.edit_focus.ask_field(field_id)
        for _ in range(2):
            if self.session.state not in (State.REVIEW, State.DOCUMENTS):
                break
            self.citizen.back()

    def retake(self, doc_id: str) -> None:
        self.controller.edit_focus.ask_document(doc_id)
        self.citizen.back()

    def send(self) -> None:
        self.citizen.confirm(self.declaration.isChecked())
