"""FORM: the application form of the chosen service, generated from the catalog.

Free text goes through the Qt Virtual Keyboard (it opens by itself on a text field); digits
(NIK, KK, phone, numbers, dates) through the big keypad shown next to the form (landscape) or
under it (portrait) while such a field is active. "Next" hands the values to the session, which
validates them with the catalog; its messages are shown under each field.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel

from kiosk.catalog.prefill import prefill_values
from kiosk.session.states import State
from ui.forms.digit_field import DigitField
from ui.forms.form_view import FormView
from ui.screens.base import Screen, follow_orientation
from ui.screens.journey_common import (
    current_service,
    problem_lines,
)
from ui.widgets.common import BigButton, Card, Message, Title
from ui.widgets.keypad import Keypad

log = logging.getLogger("ui.screens.form")
SHOWN_NAMES = 3  # fields named in the banner; the others are counted


def lookup_health_worker(ports: Any, nik: str, token: str | None) -> Mapping[str, Any] | None:
    """The SATUSEHAT SDMK-like record of the applicant from the controller's port, as a dict."""
    port = getattr(ports, "health_workers", None)
    if port is None:
        return None
    fn = getattr(port, "lookup", port)
    record = fn(nik) if token is None else _call(fn, nik, token)
    if record is None:
        return None
    if isinstance(record, Mapping):
        return dict(record)
    if hasattr(record, "model_dump"):
        return record.model_dump(mode="json")
    return {k: getattr(record, k) for k in ("str_number", "profession_code") if hasattr(record, k)}


_ASKING = object()  # the one lookup of this session is under way


def ask_health_worker(controller: Any, done: Callable[[Any], None]) -> None:
    """done(record or None) with the applicant's health-worker record, asked of the server at
    most once per session (the session's run_id): the service screen (the SIP folder) and the
    form (the STR prefill) share one answer, and an ask while the lookup runs waits for it. A
    failed lookup (offline) is not kept, so a later screen may ask again."""
    session = controller.session
    data = session.data
    ports = getattr(controller, "ports", None)
    if data.nik_info is None or getattr(ports, "health_workers", None) is None:
        return
    kept = getattr(controller, "_health_worker", None)
    if kept is not None and kept[0] == session.run_id:
        if kept[1] is _ASKING:
            kept[2].append(done)
        else:
            done(kept[1])
        return
    run_id, waiting = session.run_id, [done]
    controller._health_worker = (run_id, _ASKING, waiting)
    nik, token = data.nik_info.nik, data.session_token

    def answered(record) -> None:
        controller._health_worker = (run_id, record, [])
        for callback in waiting:
            callback(record)

    def failed(exc: BaseException) -> None:
        log.info("health-worker lookup unavailable: %s", type(exc).__name__)
        controller._health_worker = None

    controller.run_async(lambda: lookup_health_worker(ports, nik, token), answered, failed)


def _call(fn, nik: str, token: str):
    try:
        return fn(nik, session_token=token)
    except TypeError:  # a lookup that only takes the NIK
        return fn(nik)


class FormScreen(Screen):
    states = (State.FORM,)

    def build(self) -> None:
        self.heading = Title("", self)
        self.notice = Message("", "error", self)
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.notice)
        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(24)
        # the session's clock decides what "today" is (tests pin it)
        self.form = FormView(self, today=self.session.today)
        self.form.keypadTarget.connect(self._target)
        self.body.addWidget(self.form, 3)
        self.pad_panel = Card(self)
        self.pad_panel.setObjectName("Card")
        self.pad_label = QLabel(self.pad_panel)
        self.pad_label.setWordWrap(True)
        self.pad_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # No confirm row on the keypad: "Done" sits in the header, so the keypad fits beside
        # the form on a landscape screen.
        self.keypad = Keypad(max_length=64, parent=self.pad_panel, confirm=False)
        for key, button in self.keypad.keys.items():
            button.clicked.connect(lambda _c=False, k=key: self._key(k))
        for column in range(3):
            self.keypad.layout().setColumnStretch(column, 1)
        self.comma = BigButton(",", "secondary", self.pad_panel)
        self.comma.setObjectName("KeypadKey")
        self.comma.setMinimumWidth(96)
        self.comma.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.comma.clicked.connect(lambda _c=False: self._key(","))
        self.done_button = BigButton("", "primary", self.pad_panel)
        self.done_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.done_button.setMinimumWidth(160)
        self.done_button.clicked.connect(lambda _c=False: self._key("ok"))
        header = QHBoxLayout()
        header.setSpacing(16)
        header.addWidget(self.pad_label, 1)
        header.addWidget(self.comma)
        header.addWidget(self.done_button)
        self.pad_panel.box.addLayout(header)
        self.pad_panel.box.addWidget(self.keypad, 1)
        self.body.addWidget(self.pad_panel, 2)
        self.pad_panel.hide()
        self.layout_.addLayout(self.body, 1)
        nav = QHBoxLayout()
        nav.setSpacing(32)
        self.back_button = self.button("", lambda: self.citizen.back(), "secondary")
        self.cancel_button = self.button("", lambda: self.citizen.cancel(), "danger")
        self.next_button = self.button("", self.submit, "primary")
        nav.addWidget(self.back_button)
        nav.addWidget(self.cancel_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        self.layout_.addLayout(nav)
        self.target: DigitField | None = None
        self._worker: Mapping[str, Any] | None = None
        self._worker_asked_for: str | None = None
        self._applied_errors: dict = {}

    def retranslate(self) -> None:
        self.form.set_intro(self.tr("Fill in the form. Fields marked (optional) may stay empty."))
        self.back_button.setText(self.tr("Back"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.next_button.setText(self.tr("Next"))
        self.done_button.setText(self.tr("Done"))
        self._label_pad()

    def resizeEvent(self, event) -> None:
        follow_orientation(self.body, self)
        super().resizeEvent(event)

    # ----- session -> screen -----------------------------------------------------------------

    def render(self, session) -> None:
        service = current_service(self.controller)
        if service is None:
            return
        data = session.data
        language = self.language
        self.heading.setText(self.pick(service.name_id, service.name_en))
        if self.form.service is None or self.form.service.id != service.id:
            nik = data.nik_info.nik if data.nik_info else None
            self.form.load(service, language, data.form_values, data.prefill, nik, self._worker)
            self._applied_errors = {}
            self._target(None)
            self._ask_health_worker(service)
        elif self.form.language != language:
            self.form.set_language(language)
        error = (
            data.error
            if data.error and data.error.code in ("form_invalid", "not_eligible")
            else None
        )
        # Show the session's verdict once per "Next": a later render (language, inactivity
        # warning) must not bring back a message the citizen has corrected since.
        if data.form_errors != self._applied_errors:
            self._applied_errors = dict(data.form_errors)
            self.form.show_problems(data.form_errors)
        if error is not None and error.code == "form_invalid":
            self.notice.setText(self.banner(data.form_errors))
        else:
            self.notice.setText(problem_lines(error, language))
        edit = self.controller.edit_focus.take_field(self.form.widgets)
        if edit is not None:  # "Change" on the review screen
            self.form.go_to(self.form.widgets[edit], focus=True)

    def banner(self, problems: Mapping[str, Any]) -> str:
        """The fields to correct by name, in form order (the first one is scrolled to)."""
        names = [
            self.pick(w.field.label_id, w.field.label_en)
            for field_id, w in self.form.widgets.items()
            if field_id in problems
        ]
        if not names:
            return problem_lines(self.session.data.error, self.language)
        shown = ", ".join(names[:SHOWN_NAMES])
        if len(names) > SHOWN_NAMES:
            shown = (
                self.tr("%1 and %2 more")
                .replace("%1", shown)
                .replace("%2", str(len(names) - SHOWN_NAMES))
            )
        return self.tr("Please correct: %1").replace("%1", shown)

    def clear(self) -> None:
        self.form.clear()
        self.notice.setText("")
        self._worker, self._worker_asked_for = None, None
        self._applied_errors = {}
        self._target(None)

    def hidden(self) -> None:
        self._target(None)

    # ----- health-worker lookup (SIP services) --------------------------------------------------

    def _ask_health_worker(self, service) -> None:
        data = self.session.data
        if service.group != "nakes" or data.nik_info is None or self._worker is not None:
            return
        if (data.prefill or {}).get("health_worker"):
            return  # the verification answer brought it already
        if self._worker_asked_for == data.nik_info.nik:
            return
        self._worker_asked_for = data.nik_info.nik

        def done(record) -> None:
            self._worker = record
            current = self.form.service
            if not record or current is None:
                return
            # The catalog says which fields take the record's values (kiosk/catalog/prefill.py);
            # what the citizen already typed is kept.
            for field_id, value in prefill_values(current, None, health_worker=record).items():
                widget = self.form.widgets.get(field_id)
                if widget is not None and not widget.value():
                    widget.set_value(value)

        ask_health_worker(self.controller, done)

    # ----- keypad ------------------------------------------------------------------------------

    def _target(self, widget) -> None:
        self.target = widget if isinstance(widget, DigitField) else None
        self.pad_panel.setVisible(self.target is not None)
        if self.target is not None:
            self.comma.setVisible(self.target.decimal)
            self._label_pad()

    def _label_pad(self) -> None:
        if self.target is not None:
            f = self.target.field
            self.pad_label.setText(self.pick(f.label_id, f.label_en))

    def _key(self, key: str) -> None:
        self.keypad.set_text("")  # the field holds the text; the keypad only sends keys
        target = self.target
        if target is None:
            return
        if key == "ok":
            self.form.leave(target)
            self._target(None)
            return
        target.press(key)
        self.controller.user_activity()

    # ----- screen -> session -------------------------------------------------------------------

    def submit(self) -> None:
        self._target(None)
        self.citizen.submit_form(self.form.values())

    def field(self, field_id: str):
        """The widget of a field (tests, review edit links)."""
        return self.form.widgets[field_id]
