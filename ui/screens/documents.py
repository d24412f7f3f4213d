"""DOCUMENTS: the camera photographs each document the application needs.

The citizen holds the document up to the camera; the kiosk finds it, waits until it is sharp and
steady, takes the picture by itself (no button to press in time) and straightens it. Every
document can be taken again. Which documents are needed is the session's list
(session.data.required_documents, decided by the catalog from the form's answers).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QHBoxLayout, QLabel, QSizePolicy

from camera.documents import INSTRUCTIONS
from kiosk.session.states import State
from ui.forms.document_worker import DocumentWorker
from ui.screens.base import Screen, follow_orientation
from ui.screens.journey_common import current_service, problem_lines
from ui.widgets.common import BigButton, Card, Message, Subtitle, Title

log = logging.getLogger("ui.screens.documents")


class DocumentsScreen(Screen):
    states = (State.DOCUMENTS,)

    def build(self) -> None:
        self.heading = Title("", self)
        self.intro = Subtitle("", self)
        self.notice = Message("", "error", self)
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.intro)
        self.layout_.addWidget(self.notice)
        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(24)
        # the list of documents with their state and a (re)take button each
        self.list_card = Card(self)
        self.list_title = QLabel(self.list_card)
        self.list_title.setObjectName("Subtitle")
        self.rows = QGridLayout()
        self.rows.setHorizontalSpacing(16)
        self.rows.setVerticalSpacing(12)
        self.list_card.box.addWidget(self.list_title)
        self.list_card.box.addLayout(self.rows)
        self.list_card.box.addStretch(1)
        # the camera (or the photo just taken)
        self.camera_card = Card(self)
        self.doc_name = QLabel(self.camera_card)
        self.doc_name.setObjectName("Subtitle")
        self.doc_name.setWordWrap(True)
        self.doc_help = QLabel(self.camera_card)
        self.doc_help.setWordWrap(True)
        self.view = QLabel(self.camera_card)
        self.view.setObjectName("DocumentView")
        self.view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view.setMinimumSize(480, 300)
        self.view.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.instruction = Message("", "info", self.camera_card)
        self.retake_button = BigButton("", "secondary", self.camera_card)
        self.retake_button.clicked.connect(lambda _c=False: self.start_capture(self.active))
        self.continue_button = BigButton("", "primary", self.camera_card)
        self.continue_button.clicked.connect(lambda _c=False: self.go_on())
        after = QHBoxLayout()
        after.setSpacing(24)
        after.addWidget(self.retake_button)
        after.addWidget(self.continue_button)
        self.camera_card.box.addWidget(self.doc_name)
        self.camera_card.box.addWidget(self.doc_help)
        self.camera_card.box.addWidget(self.view, 1)
        self.camera_card.box.addWidget(self.instruction)
        self.camera_card.box.addLayout(after)
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
        self.row_widgets: dict[str, tuple[QLabel, QLabel, BigButton]] = {}
        self.camera_problem = False
        self._retake_on_show = False

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Photograph your documents"))
        self.intro.setText(
            self.tr(
                "Hold each document up to the camera. The photo is taken by itself when the "
                "document is still and sharp."
            )
        )
        self.list_title.setText(self.tr("Documents needed"))
        self.retake_button.setText(self.tr("Take the photo again"))
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
            self.active = missing[0] if missing else (next(iter(docs), None))
        self._show_active(docs)
        self.next_button.setEnabled(not missing)
        error = data.error if data.error and data.error.code == "documents_missing" else None
        text = problem_lines(error, self.language)
        if error:  # its details are the ids of the documents still missing
            names = [self._name(docs[d]) for d in error.details if d in docs]
            text += ("\n" + ", ".join(names)) if names else ""
        if self.camera_problem:
            text = self.tr("The camera is not working. Please ask a staff member for help.")
        self.notice.setText(text)

    def _name(self, doc) -> str:
        return self.pick(doc.name_id, doc.name_en)

    def _rebuild_rows(self, docs: dict) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.row_widgets = {}
        scanned = self.session.data.documents
        for row, (doc_id, doc) in enumerate(docs.items()):
            name = QLabel(self._name(doc), self.list_card)
            name.setWordWrap(True)
            done = "\u2713 " + self.tr("Done")  # a tick mark reads without words too
            state = QLabel(done if doc_id in scanned else self.tr("Not yet"), self.list_card)
            state.setObjectName("DocumentState")
            state.setProperty("done", doc_id in scanned)
            action = BigButton(
                self.tr("Retake") if doc_id in scanned else self.tr("Take photo"),
                "secondary",
                self.list_card,
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
        if doc is None:
            self.doc_name.setText("")
            self.doc_help.setText("")
            return
        self.doc_name.setText(self._name(doc))
        self.doc_help.setText(self.pick(doc.description_id or "", doc.description_en or ""))
        done = self.active in self.session.data.documents
        capturing = self.worker is not None and self.worker.isRunning()
        self.retake_button.setVisible(done and not capturing)
        self.continue_button.setVisible(done and not capturing)
        if capturing:
            self._instruct(self.code)
        elif done:
            self.instruction.show_message(
                self.tr("Photo taken. Check that it is readable."), "success"
            )
            picture = QImage.fromData(bytes(self.session.data.documents[self.active]))
            if not picture.isNull():  # the photo as it will be sent
                self._set_image(picture)

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
        if self.active and (retake or self.active not in data.documents):
            self.start_capture(self.active)
            doc = self.documents().get(self.active)
            if doc is not None:
                self.speak(
                    f"Pegang {doc.name_id} di depan kamera.",
                    f"Hold the {doc.name_en} up to the camera.",
                )

    def hidden(self) -> None:
        self.stop_capture()

    def start_capture(self, doc_id: str | None) -> None:
        if doc_id is None:
            return
        self.stop_capture()
        self.active, self.code, self.camera_problem = doc_id, "no_document", False
        self.view.clear()
        worker = DocumentWorker(self.controller.camera_source, parent=self)
        worker.frameReady.connect(self._frame)
        worker.captured.connect(lambda jpeg, image, d=doc_id: self._captured(d, jpeg, image))
        worker.failed.connect(self._failed)
        worker.ended.connect(self._ended)
        self.worker = worker
        worker.start()
        self._show_active(self.documents())

    def stop_capture(self) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            for signal in (worker.frameReady, worker.captured, worker.failed, worker.ended):
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

    def go_on(self) -> None:
        """After a photo: the next document still missing, or on to the review."""
        missing = self.session.missing_documents()
        if missing:
            self.start_capture(missing[0])
        else:
            self.citizen.documents_done()

    def _ended(self) -> None:
        self.stop_capture()  # a video file ran out: "Take photo" in the list starts again
        self.render(self.session)

    def _failed(self, message: str) -> None:
        self.stop_capture()
        self.camera_problem = True
        self.render(self.session)

    def clear(self) -> None:
        self.stop_capture()
        self.view.clear()
        self.active = None
        self.camera_problem = False
        self.notice.setText("")
        self.instruction.setText("")
        self._rebuild_rows({})
