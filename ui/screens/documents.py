"""DOCUMENTS: the camera photographs each document the application needs.

The citizen holds the document up to the camera, shown an example of how to hold it; the
kiosk finds it and takes the picture by itself once it is sharp and steady, and after a few
seconds the citizen may also press "Take photo". What was taken is checked for what it is (a
pas foto shows one face, a paper is not a face); a refusal says why and the citizen takes it
again. A citizen who did not bring a document says so: a required document cannot be left out,
so the screen says plainly that the application cannot be sent without it and offers staff help
or coming back later. Which documents are needed is the session's list
(session.data.required_documents, decided by the catalog from the form's answers).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QHBoxLayout, QLabel, QSizePolicy

from camera.documents import INSTRUCTIONS
from kiosk.session import InvalidTransition
from kiosk.session.states import State
from ui.forms.document_worker import DocumentWorker
from ui.screens.base import Screen, follow_orientation
from ui.screens.document_example import (
    DocumentExample,
    example_caption,
    not_brought_text,
    refusal_text,
)
from ui.screens.journey_common import current_service, problem_lines
from ui.widgets.common import BigButton, ButtonRow, Card, Message, Subtitle, Title

log = logging.getLogger("ui.screens.documents")


class DocumentsScreen(Screen):
    states = (State.DOCUMENTS,)
    # the citizen's own shutter comes after the kiosk had this long to take the photo itself
    MANUAL_SHUTTER_MS = 3000

    def build(self) -> None:
        self.heading = Title("", self)
        self.intro = Subtitle("", self)
        self.notice = Message("", "error", self)
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.intro)
        self.layout_.addWidget(self.notice)
        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(24)
        # the list of documents with their state and a button each to photograph it
        self.list_card = Card(self)
        self.list_title = QLabel(self.list_card)
        self.list_title.setObjectName("Subtitle")
        self.rows = QGridLayout()
        self.rows.setHorizontalSpacing(16)
        self.rows.setVerticalSpacing(12)
        # under the list, an example of how to hold the document being photographed
        self.example = DocumentExample(self.list_card)
        self.example.setFixedSize(280, 210)
        self.example_caption = QLabel(self.list_card)
        self.example_caption.setWordWrap(True)
        example_row = QHBoxLayout()
        example_row.setSpacing(24)
        example_row.addWidget(self.example, 0, Qt.AlignmentFlag.AlignTop)
        example_row.addWidget(self.example_caption, 1, Qt.AlignmentFlag.AlignVCenter)
        self.list_card.box.addWidget(self.list_title)
        self.list_card.box.addLayout(self.rows)
        self.list_card.box.addLayout(example_row)
        self.list_card.box.addStretch(1)
        # the camera (or the photo just taken)
        card = self.camera_card = Card(self)
        self.doc_name = QLabel(card)
        self.doc_name.setObjectName("Subtitle")
        self.doc_name.setWordWrap(True)
        self.doc_help = QLabel(card)
        self.doc_help.setWordWrap(True)
        self.view = QLabel(card)
        self.view.setObjectName("DocumentView")
        self.view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view.setMinimumSize(420, 300)
        self.view.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.instruction = Message("", "info", card)
        self.shutter_button = self._action("primary", self.shoot)
        self.not_brought_button = self._action("secondary", self.not_brought)
        self.retake_button = self._action("secondary", lambda: self.start_capture(self.active))
        self.continue_button = self._action("primary", self.go_on)
        self.help_button = self._action("secondary", lambda: self.citizen.help())
        self.later_button = self._action("secondary", lambda: self.citizen.cancel())
        self.actions = ButtonRow(
            (
                self.retake_button,
                self.not_brought_button,
                self.help_button,
                self.later_button,
                self.shutter_button,
                self.continue_button,
            ),
            card,
            spacing=24,
        )
        for widget in (self.doc_name, self.doc_help):
            card.box.addWidget(widget)
        card.box.addWidget(self.view, 1)
        card.box.addWidget(self.instruction)
        card.box.addWidget(self.actions)
        self.body.addWidget(self.list_card, 0)
        self.body.addWidget(self.camera_card, 1)
        self.layout_.addLayout(self.body, 1)
        nav = QHBoxLayout()
        nav.setSpacing(32)
        self.back_button = self.button("", lambda: self.citizen.back(), "secondary")
        self.cancel_button = self.button("", lambda: self.citizen.cancel(), "danger")
        self.next_button = self.button("", lambda: self.citizen.documents_done(), "primary")
        nav.addWidget(self.back_button)
        nav.addWidget(self.cancel_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        self.layout_.addLayout(nav)
        self.worker: DocumentWorker | None = None
        self.active: str | None = None  # the document being photographed or shown
        self.code = "no_document"
        self.refused: str | None = None  # why the last picture of `active` was refused
        self.row_widgets: dict[str, tuple[QLabel, QLabel, BigButton]] = {}
        self.camera_problem = False
        self._retake_on_show = False
        self._shutter_run = 0  # which capture the manual-shutter timer belongs to

    def _action(self, kind: str, slot) -> BigButton:
        button = BigButton("", kind, self.camera_card)
        button.clicked.connect(lambda _c=False: slot())
        return button

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Photograph your documents"))
        self.intro.setText(
            self.tr(
                "Hold each document up to the camera. The photo is taken by itself when the "
                "document is still and sharp, or press \u201cTake photo\u201d."
            )
        )
        self.list_title.setText(self.tr("Documents needed"))
        self.shutter_button.setText(self.tr("Take photo"))
        self.not_brought_button.setText(self.tr("I did not bring it"))
        self.help_button.setText(self.tr("Ask a staff member"))
        self.later_button.setText(self.tr("Stop, I will come back"))
        self.continue_button.setText(self.tr("Continue"))
        self.back_button.setText(self.tr("Back"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.next_button.setText(self.tr("Next"))

    def resizeEvent(self, event) -> None:
        follow_orientation(self.body, self)
        super().resizeEvent(event)

    # ----- session -> screen -------------------------------------------------------------------

    def documents(self) -> dict:
        service = current_service(self.controller)
        if service is None:
            return {}
        wanted = self.session.data.required_documents
        return {d.id: d for d in service.documents if d.id in wanted}

    def render(self, session) -> None:
        docs = self.documents()
        data = session.data
        self._rebuild_rows(docs)
        missing = session.missing_documents()
        retake = self.controller.edit_focus.take_document(docs)
        if retake is not None:  # "Retake" on the review screen
            self.active = retake
            self._retake_on_show = True
        if self.active not in docs:
            self.active = self._next_missing() or next(iter(docs), None)
        self._show_active(docs)
        self.next_button.setEnabled(not missing)
        error = data.error if data.error and data.error.code == "documents_missing" else None
        text = problem_lines(error, self.language)
        if error:  # its details are the ids of the documents still missing
            names = [self._name(docs[d]) for d in error.details if d in docs]
            text += ("\n" + ", ".join(names)) if names else ""
        elif data.not_brought:
            names = ", ".join(self._name(docs[d]) for d in data.not_brought if d in docs)
            text = self.tr("The application cannot be sent yet. Not brought: %1").replace(
                "%1", names
            )
        if self.camera_problem:
            text = self.tr("The camera is not working. Please ask a staff member for help.")
        self.notice.setText(text)

    def _name(self, doc) -> str:
        return self.pick(doc.name_id, doc.name_en)

    def _next_missing(self) -> str | None:
        """The first document still to photograph (those not brought come last)."""
        missing = self.session.missing_documents()
        asked = [d for d in missing if d not in self.session.data.not_brought]
        return (asked or missing or [None])[0]

    def _rebuild_rows(self, docs: dict) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.row_widgets = {}
        data = self.session.data
        for row, (doc_id, doc) in enumerate(docs.items()):
            name = QLabel(self._name(doc), self.list_card)
            name.setWordWrap(True)
            done = doc_id in data.documents
            if done:
                text = "\u2713 " + self.tr("Done")  # a tick mark reads without words too
            elif doc_id in data.not_brought:
                text = self.tr("Not brought")
            else:
                text = self.tr("Not yet")
            state = QLabel(text, self.list_card)
            state.setObjectName("DocumentState")
            state.setProperty("done", done)
            action = BigButton(
                self.tr("Retake") if done else self.tr("Photograph"), "secondary", self.list_card
            )
            action.setMinimumWidth(200)
            action.clicked.connect(lambda _c=False, d=doc_id: self.start_capture(d))
            self.rows.addWidget(name, row, 0)
            self.rows.addWidget(state, row, 1)
            self.rows.addWidget(action, row, 2)
            self.row_widgets[doc_id] = (name, state, action)
        self.rows.setColumnStretch(0, 1)

    def _show_active(self, docs: dict) -> None:
        doc = docs.get(self.active)
        buttons = dict.fromkeys(
            (
                self.shutter_button,
                self.not_brought_button,
                self.retake_button,
                self.continue_button,
                self.help_button,
                self.later_button,
            ),
            False,
        )
        self.example.setVisible(doc is not None)
        self.example_caption.setVisible(doc is not None)
        if doc is None:
            self.doc_name.setText("")
            self.doc_help.setText("")
            self._set_buttons(buttons)
            return
        self.doc_name.setText(self._name(doc))
        self.doc_help.setText(self.pick(doc.description_id or "", doc.description_en or ""))
        self.example.set_kind(doc.kind)
        self.example_caption.setText(example_caption(doc.kind))
        data = self.session.data
        done = self.active in data.documents
        capturing = self.worker is not None and self.worker.isRunning()
        self.retake_button.setText(
            self.tr("I have it: take the photo")
            if self.active in data.not_brought
            else self.tr("Take the photo again")
        )
        if capturing:
            buttons[self.shutter_button] = buttons[self.not_brought_button] = True
            self._instruct(self.code)
        elif done:
            buttons[self.retake_button] = buttons[self.continue_button] = True
            self.instruction.show_message(
                self.tr("Photo taken. Check that it is readable."), "success"
            )
            picture = QImage.fromData(bytes(data.documents[self.active]))
            if not picture.isNull():  # the photo as it will be sent
                self._set_image(picture)
        elif self.active in data.not_brought:
            buttons[self.retake_button] = buttons[self.help_button] = True
            buttons[self.later_button] = True
            self.view.clear()
            self.instruction.show_message(not_brought_text(self._name(doc)), "warning")
        else:  # refused, or the camera stopped: take it again, or say it was not brought
            buttons[self.retake_button] = buttons[self.not_brought_button] = True
            if self.refused is not None:
                self.instruction.show_message(refusal_text(self.refused), "error")
            else:
                # the last instruction stays: it says why no photo was taken
                self.retake_button.setText(self.tr("Start the camera again"))
        self._set_buttons(buttons)

    def _set_buttons(self, shown: dict) -> None:
        for button, visible in shown.items():
            button.setVisible(visible)

    def _instruct(self, code: str) -> None:
        text_id, text_en = INSTRUCTIONS[code]
        kind = "success" if code == "ready" else ("info" if code == "no_document" else "warning")
        self.instruction.show_message(self.pick(text_id, text_en), kind)

    # ----- camera --------------------------------------------------------------------------------

    def shown(self) -> None:
        # Start after the event loop turns: "Change" on the review passes through this screen
        # on its way back to the form, and must not open the camera for nothing.
        QTimer.singleShot(0, self._start_if_current)

    def _start_if_current(self) -> None:
        if (
            self.controller.current_screen() is not self
            or self.session.state is not State.DOCUMENTS
        ):
            return
        data = self.session.data
        retake, self._retake_on_show = self._retake_on_show, False
        waiting = self.active not in data.documents and self.active not in data.not_brought
        if self.active and (retake or waiting):
            self.start_capture(self.active)
            doc = self.documents().get(self.active)
            if doc is not None:
                self.speak(
                    f"Pegang {doc.name_id} di depan kamera.",
                    f"Hold the {doc.name_en} up to the camera.",
                )

    def hidden(self) -> None:
        self.stop_capture()
        self.active, self.refused = None, None  # back here: the next document still missing

    def start_capture(self, doc_id: str | None) -> None:
        doc = self.documents().get(doc_id) if doc_id else None
        if doc is None:
            return
        self.stop_capture()
        self.active, self.code, self.refused = doc_id, "no_document", None
        self.camera_problem = False
        self.view.clear()
        worker = DocumentWorker(self.controller.camera_source, parent=self, kind=doc.kind)
        worker.frameReady.connect(self._frame)
        worker.captured.connect(lambda jpeg, image, d=doc_id: self._captured(d, jpeg, image))
        worker.refused.connect(self._refused)
        worker.failed.connect(self._failed)
        worker.ended.connect(self._ended)
        self.worker = worker
        worker.start()
        self.shutter_button.setEnabled(False)  # the kiosk tries by itself first
        self._shutter_run += 1
        run = self._shutter_run
        QTimer.singleShot(self.MANUAL_SHUTTER_MS, lambda: self._offer_shutter(run))
        self._show_active(self.documents())

    def _offer_shutter(self, run: int) -> None:
        if run == self._shutter_run and self.worker is not None:
            self.shutter_button.setEnabled(True)

    def shoot(self) -> None:
        """The citizen's own shutter: the next frame is taken as it is, then checked."""
        if self.worker is not None:
            self.shutter_button.setEnabled(False)
            self.worker.shoot()

    def stop_capture(self) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            for signal in (
                worker.frameReady,
                worker.captured,
                worker.refused,
                worker.failed,
                worker.ended,
            ):
                signal.disconnect()
            worker.stop()

    def _frame(self, image: QImage, code: str) -> None:
        self.code = code
        self._set_image(image)
        self._instruct(code)

    def _set_image(self, image: QImage) -> None:
        pixmap = QPixmap.fromImage(image)
        size = self.view.size()
        self.view.setPixmap(
            pixmap.scaled(
                size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )

    def _captured(self, doc_id: str, jpeg: bytes, image: QImage) -> None:
        self.stop_capture()
        self._set_image(image)
        self.controller.speak("Dokumen sudah difoto.", "The document has been photographed.")
        self.citizen.document_captured(doc_id, jpeg)

    def _refused(self, code: str, image: QImage) -> None:
        self.stop_capture()
        self.refused = code
        self.render(self.session)
        self._set_image(image)
        text = refusal_text(code)
        self.speak(text, text)  # already in the citizen's language

    def not_brought(self) -> None:
        """The citizen did not bring the document: it stays missing and the screen says what
        follows."""
        doc_id = self.active
        self.stop_capture()
        self.session.user_activity()
        try:
            self.session.document_not_brought(doc_id)
        except InvalidTransition as exc:  # a double tap after the screen moved on
            log.warning("ignored: %s", exc)

    def go_on(self) -> None:
        """After a photo: the next document still missing, or on to the review."""
        following = self._next_missing()
        if following is not None and following not in self.session.data.not_brought:
            self.start_capture(following)
        else:
            self.citizen.documents_done()

    def _ended(self) -> None:
        self.stop_capture()  # a video file ran out: "Start the camera again" starts again
        self.render(self.session)

    def _failed(self, message: str) -> None:
        self.stop_capture()
        self.camera_problem = True
        self.render(self.session)

    def clear(self) -> None:
        self.stop_capture()
        self.view.clear()
        self.active = None
        self.refused = None
        self.camera_problem = False
        self.notice.setText("")
        self.instruction.setText("")
        self._rebuild_rows({})
