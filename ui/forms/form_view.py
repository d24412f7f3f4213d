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

from PySide6.QtCore import QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.catalog import prefill as pf
from kiosk.catalog.fields import is_empty
from kiosk.catalog.form import check_field
from kiosk.catalog.model import Service
from ui.forms.base import FieldWidget
from ui.forms.factory import form_fields, widget_for
from ui.forms.family_picker import FamilyPicker
from ui.forms.intro import ServiceIntro
from ui.forms.list_field import ListField

MARGIN = 24  # room kept above a field scrolled to, and between a field and the keyboard


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
        self._keyboard = QRect()  # the on-screen keyboard, in this view's viewport coordinates
        self._new_page()
        # Qt Virtual Keyboard: keep the field being typed above it (it covers the lower part of
        # a landscape screen). The keyboard reports its rectangle in window coordinates.
        method = QGuiApplication.inputMethod()
        method.keyboardRectangleChanged.connect(self._keyboard_moved)
        method.visibleChanged.connect(self._keyboard_moved)

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
        self.before = ServiceIntro(page)  # requirements, fee, time, what to bring
        self.before.hide()
        self.page_box.addWidget(self.before)
        # room under the last field so that it can scroll above the on-screen keyboard
        self.keyboard_room = QWidget(page)
        self.keyboard_room.setFixedHeight(0)
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
        self.page_box.addWidget(self.keyboard_room)
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
        picks = pf.quick_picks(field, self.prefill, self.applicant_nik, self.today())
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
        self.before.show_service(self.service, language)
        self._show_names()
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
        """Show each problem under its field; returns the first field with one, scrolled to the
        top of the view with its editor focused."""
        self._errors = dict(problems)
        first = None
        for field_id, widget in self.widgets.items():
            problem = problems.get(field_id)
            widget.set_error(problem_text(problem, self.language))
            if problem is not None and first is None:
                first = widget
        if first is not None:
            self.go_to(first, focus=True)
        return first

    def wrong_fields(self) -> list[FieldWidget]:
        """The fields showing a problem, in form order."""
        return [w for fid, w in self.widgets.items() if fid in self._errors]

    def go_to(self, widget: FieldWidget, focus: bool = False) -> None:
        """Scroll `widget` to the top of the view (its label first), now and once the layout
        has settled (new messages change the heights above it)."""

        def scroll() -> None:
            if widget.parent() is None or widget.parentWidget() is not self.widget():
                return  # the form was rebuilt meanwhile
            self.widget().layout().activate()
            self.verticalScrollBar().setValue(max(0, widget.y() - MARGIN))

        scroll()
        if focus:
            widget.focus_editor()
            scroll()  # the keypad that focusing opens may have resized the view
        QTimer.singleShot(0, self, scroll)

    def errors(self) -> dict[str, str]:
        """Field id -> the message shown under it now (tests, screenshots)."""
        return {fid: w.error.text() for fid, w in self.widgets.items() if w.error.text()}

    def check(self, field_id: str) -> Any:
        """Check one field now with the core (its value, and who a NIK belongs to: a father's
        NIK that is a woman's) and show the answer."""
        widget = self.widgets[field_id]
        problem = check_field(self.service, field_id, self.values(), self.today(), self.prefill)
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
        self._keyboard_moved()

    # ----- the on-screen keyboard -------------------------------------------------------------

    def _keyboard_moved(self) -> None:
        method = QGuiApplication.inputMethod()
        rect = method.keyboardRectangle().toRect() if method.isVisible() else QRect()
        self.keep_clear_of(rect)

    def keep_clear_of(self, keyboard: QRect) -> None:
        """`keyboard` (window coordinates; empty when hidden) covers part of the screen: make
        room under the form and scroll the focused field above it."""
        viewport = self.viewport()
        if keyboard.isEmpty() or self.window() is None:
            self._keyboard = QRect()
            self.keyboard_room.setFixedHeight(0)
            return
        top_left = viewport.mapFrom(self.window(), keyboard.topLeft())
        self._keyboard = QRect(top_left, keyboard.size())
        self.keyboard_room.setFixedHeight(max(0, viewport.height() - max(0, top_left.y())))
        self._lift()
        QTimer.singleShot(0, self, self._lift)  # again once the taller page is laid out

    def _lift(self) -> None:
        widget = self.focused_field()
        if widget is None or self._keyboard.isEmpty():
            return
        bottom = widget.mapTo(self.viewport(), QPoint(0, widget.height())).y()
        free = self._keyboard.top() - MARGIN
        if bottom > free:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + bottom - free)

    def focused_field(self) -> FieldWidget | None:
        focus = QGuiApplication.focusObject()
        for widget in self.widgets.values():
            if isinstance(focus, QWidget) and (focus is widget or widget.isAncestorOf(focus)):
                return widget
        return None

    def leave(self, widget: FieldWidget) -> None:
        """The citizen left a field (or pressed Done on the keypad): check it."""
        # Only answered fields are checked on the way out: an empty one is not an error yet.
        if not is_empty(widget.value()) or widget.field.id in self._errors:
            self.check(widget.field.id)

    def _changed(self, field_id: str) -> None:
        if field_id in self._errors:  # the message follows the correction as it is typed
            self.check(field_id)
        self._mark_pickers()
        self._show_names()

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
        self._show_names()

    def _show_names(self) -> None:
        """Under a NIK typed or picked: the name of that person when they are on the
        applicant's KK, so the citizen sees whom the 16 digits name."""
        for widget in self.widgets.values():
            if widget.field.type != "nik":
                continue
            value = widget.value()
            niks = value if isinstance(value, list) else [value]
            names = []
            for nik in niks:
                member = pf.family_record(self.prefill, "".join(str(nik or "").split()))
                if member is not None:
                    relation = f" ({member.relationship})" if member.relationship else ""
                    names.append(f"{member.name}{relation}")
            widget.set_note(f"\u2713 {', '.join(names)}" if names else "")

    def _mark_pickers(self) -> None:
        for field_id, picker in self.pickers.items():
            value = self.widgets[field_id].value()
            chosen = set(value) if isinstance(value, list) else {value}
            picker.mark({v for v in chosen if v})
