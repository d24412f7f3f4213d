"""The generated form of one service: its fields in a scroll area, in two sections.

First the person the application is about (when it is not the applicant alone), then the rest.
Values start from what the session already holds, else from the server's data: which fields
take what is the catalog's `prefill` key, the values are the core's (kiosk/catalog/prefill.py).
Each field is checked with the core's validate_value when the citizen leaves it; the session's
validate_form decides on "Next". No rule is written here: messages are the core's texts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.catalog import prefill as pf
from kiosk.catalog.fields import is_empty, validate_value
from kiosk.catalog.model import Service
from ui.forms.base import FieldWidget
from ui.forms.factory import form_fields, widget_for
from ui.forms.family_picker import FamilyPicker
from ui.forms.list_field import ListField


def problem_text(problem: Any, language: str) -> str:
    """A FieldProblem (or anything with message_id/message_en, or a plain code) as text."""
    if problem is None:
        return ""
    if hasattr(problem, "message_id"):
        return problem.message_en if language == "en" else problem.message_id
    if isinstance(problem, Mapping) and "message_id" in problem:
        return problem["message_en"] if language == "en" else problem["message_id"]
    return str(problem)


class FormView(QScrollArea):
    keypadTarget = Signal(object)

    def __init__(self, parent: QWidget | None = None, today: Callable[[], dt.date] | None = None):
        super().__init__(parent)
        self.setObjectName("FormView")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.today = today or dt.date.today
        self.service: Service | None = None
        self.language = "id"
        self.widgets: dict[str, FieldWidget] = {}
        self.pickers: dict[str, FamilyPicker] = {}
        self.headers: list[tuple[QLabel, str, str]] = []
        self._errors: dict[str, Any] = {}
        self._intro = ""
        self._new_page()

    def _new_page(self) -> None:
        page = QWidget(self)
        page.setObjectName("FormPage")
        self.page_box = QVBoxLayout(page)
        self.page_box.setContentsMargins(8, 8, 24, 8)
        self.page_box.setSpacing(16)
        self.intro = QLabel(self._intro, page)
        self.intro.setObjectName("Subtitle")
        self.intro.setWordWrap(True)
        self.page_box.addWidget(self.intro)
        self.setWidget(page)  # the old page (and every value in it) is deleted

    def set_intro(self, text: str) -> None:
        """The line above the fields (how to fill in the form), in the current language."""
        self._intro = text
        self.intro.setText(text)

    # ----- building --------------------------------------------------------------------------

    def load(
        self,
        service: Service,
        language: str,
        values: Mapping[str, Any] | None = None,
        prefill: Mapping[str, Any] | None = None,
        applicant_nik: str | None = None,
        health_worker: Mapping[str, Any] | None = None,
    ) -> None:
        """Build the form of `service`; values given win over values from the prefill."""
        self._new_page()
        self.service, self.language = service, language
        self.widgets, self.pickers, self.headers, self._errors = {}, {}, [], {}
        self.prefill, self.applicant_nik = prefill or {}, applicant_nik
        start = pf.prefill_values(service, prefill, applicant_nik, health_worker)
        start.update({k: v for k, v in (values or {}).items() if not is_empty(v)})
        about, other = form_fields(service)
        page = self.widget()
        if about:
            self._header(service.subject.label_id, service.subject.label_en, page)
            for field in about:
                self._add(field, page)
            self._header("", "", page, own=True)
        for field in other:
            self._add(field, page)
        self.page_box.addStretch(1)
        for field_id, widget in self.widgets.items():
            if field_id in start:
                widget.set_value(start[field_id])
        self.set_language(language)
        self._mark_pickers()
        self.verticalScrollBar().setValue(0)

    def _header(self, text_id: str, text_en: str, page: QWidget, own: bool = False) -> None:
        label = QLabel(page)
        label.setObjectName("Subtitle")
        label.setWordWrap(True)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        self.page_box.addWidget(label)
        self.headers.append((label, text_id, "own" if own else text_en))

    def _add(self, field, page: QWidget) -> None:
        widget = widget_for(field, page)
        font = widget.label.font()
        font.setBold(True)
        widget.label.setFont(font)
        self.widgets[field.id] = widget
        self.page_box.addWidget(widget)
        picks = pf.quick_picks(field, self.prefill, self.applicant_nik)
        if picks:
            picker = FamilyPicker(picks, checkable=field.multiple, parent=page)
            picker.picked.connect(lambda member, f=field.id: self._picked(f, member))
            self.pickers[field.id] = picker
            self.page_box.addWidget(picker)
        widget.activated.connect(self._activated)
        widget.finished.connect(self.leave)
        widget.changed.connect(lambda f=field.id: self._changed(f))

    # ----- language ---------------------------------------------------------------------------

    def set_language(self, language: str) -> None:
        self.language = language
        for label, text_id, text_en in self.headers:
            if text_en == "own":
                label.setText(self.tr("Your application"))
            else:
                label.setText(
                    self.tr("About: %1").replace("%1", text_en if language == "en" else text_id)
                )
        for widget in self.widgets.values():
            widget.set_language(language)
        for picker in self.pickers.values():
            picker.retranslate()
        for field_id, problem in self._errors.items():
            if field_id in self.widgets:
                self.widgets[field_id].set_error(problem_text(problem, language))

    # ----- values and problems ----------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """Answered fields only (the core treats a missing optional field as empty)."""
        result = {}
        for field_id, widget in self.widgets.items():
            value = widget.value()
            if isinstance(value, list):
                if any(not is_empty(item) for item in value):
                    result[field_id] = value
            elif not is_empty(value):
                result[field_id] = value
        return result

    def show_problems(self, problems: Mapping[str, Any]) -> FieldWidget | None:
        """Show each problem under its field; returns the first field with one (scrolled to)."""
        self._errors = dict(problems)
        first = None
        for field_id, widget in self.widgets.items():
            problem = problems.get(field_id)
            widget.set_error(problem_text(problem, self.language))
            if problem is not None and first is None:
                first = widget
        if first is not None:
            self.ensureWidgetVisible(first, 0, 200)
        return first

    def errors(self) -> dict[str, str]:
        """Field id -> the message shown under it now (tests, screenshots)."""
        return {fid: w.error.text() for fid, w in self.widgets.items() if w.error.text()}

    def check(self, field_id: str) -> Any:
        """Check one field now with the core's validator and show the answer."""
        widget = self.widgets[field_id]
        problem = validate_value(widget.field, widget.value(), self.today())
        if problem is None:
            self._errors.pop(field_id, None)
        else:
            self._errors[field_id] = problem
        widget.set_error(problem_text(problem, self.language))
        return problem

    def clear(self) -> None:
        """Forget the service and every value (a new citizen)."""
        self.service = None
        self.widgets, self.pickers, self.headers, self._errors = {}, {}, [], {}
        self.prefill, self.applicant_nik = {}, None
        self._new_page()
        self.keypadTarget.emit(None)

    # ----- events from the fields -----------------------------------------------------------------

    def _activated(self, widget: FieldWidget) -> None:
        self.ensureWidgetVisible(widget, 0, 160)
        self.keypadTarget.emit(widget if widget.uses_keypad else None)

    def leave(self, widget: FieldWidget) -> None:
        """The citizen left a field (or pressed Done on the keypad): check it."""
        # Only answered fields are checked on the way out: an empty one is not an error yet.
        if not is_empty(widget.value()) or widget.field.id in self._errors:
            self.check(widget.field.id)

    def _changed(self, field_id: str) -> None:
        if field_id in self._errors:  # the message follows the correction as it is typed
            self.check(field_id)
        self._mark_pickers()

    def _picked(self, field_id: str, member: pf.FamilyMember) -> None:
        widget = self.widgets[field_id]
        if isinstance(widget, ListField):
            widget.toggle(member.nik)
        else:
            widget.set_value(member.nik)
            name_field = pf.name_field_for(self.service, field_id)
            if name_field and name_field in self.widgets:
                self.widgets[name_field].set_value(member.name)
                self.check(name_field)
        self.check(field_id)
        self._mark_pickers()

    def _mark_pickers(self) -> None:
        for field_id, picker in self.pickers.items():
            value = self.widgets[field_id].value()
            chosen = set(value) if isinstance(value, list) else {value}
            picker.mark({v for v in chosen if v})
