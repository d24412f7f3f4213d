"""SERVICE: choose a service. Two groups, large tiles, search by name.

A service the citizen may not use is still shown, with the catalog's reason under its name
(e.g. "A KIA is only for children under 17"); the eligibility decision is the core's
(session.rules.is_eligible with session.facts()), never made here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.catalog import Service
from kiosk.messages import text as message_text
from kiosk.session.states import State
from ui.screens.base import Screen
from ui.screens.journey_common import catalog_of, problem_lines
from ui.widgets.common import BigButton, Message, Title


class ServiceTile(QFrame):
    """One service: a big button with its name, a short description, and why it is not open."""

    def __init__(self, service: Service, on_choose, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.setObjectName("ServiceTile")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        self.button = BigButton("", "tile", self)
        self.button.setMinimumHeight(96)
        self.button.clicked.connect(lambda _c=False: on_choose(service.id))
        self.reason = Message("", "warning", self)
        self.reason.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        box.addWidget(self.button)
        box.addWidget(self.reason)
        self.reasons: list = []

    def show_texts(self, language: str, reasons: list) -> None:
        s = self.service
        self.reasons = list(reasons)
        self.button.setText(s.name_en if language == "en" else s.name_id)
        lines = [r.message_en if language == "en" else r.message_id for r in reasons]
        self.reason.setText("\n".join(lines))
        self.button.setProperty("eligible", not reasons)


class ServiceScreen(Screen):
    states = (State.SERVICE,)

    def build(self) -> None:
        self.heading = Title("", self)
        self.notice = Message("", "info", self)
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.notice)
        self.catalog = catalog_of(self.controller)
        groups = QHBoxLayout()
        groups.setSpacing(24)
        self.group_buttons: dict[str, BigButton] = {}
        for group in self.catalog.groups:
            button = BigButton("", "secondary", self)
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, g=group.id: self.show_group(g))
            groups.addWidget(button, 1)
            self.group_buttons[group.id] = button
        self.layout_.addLayout(groups)
        search_row = QHBoxLayout()
        self.search_label = QLabel(self)
        self.search = QLineEdit(self)
        self.search.setObjectName("SearchInput")
        self.search.setClearButtonEnabled(True)
        self.search.setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText)
        self.search.textChanged.connect(lambda _t: self._filter())
        search_row.addWidget(self.search_label)
        search_row.addWidget(self.search, 1)
        self.layout_.addLayout(search_row)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page = QWidget(self.scroll)
        self.grid = QGridLayout(page)
        self.grid.setSpacing(20)
        self.grid.setContentsMargins(4, 4, 20, 4)
        self.scroll.setWidget(page)
        self.tiles = [ServiceTile(s, self.choose, page) for s in self.catalog]
        self.empty = QLabel(page)
        self.empty.setWordWrap(True)
        self.layout_.addWidget(self.scroll, 1)
        nav = QHBoxLayout()
        self.cancel_button = self.button("", lambda: self.citizen.cancel(), "danger")
        nav.addWidget(self.cancel_button)
        nav.addStretch(1)
        self.layout_.addLayout(nav)
        self.group = self.catalog.groups[0].id if self.catalog.groups else ""
        self._columns = 2
        self._layout_tiles()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Choose a service"))
        self.search_label.setText(self.tr("Search:"))
        self.search.setPlaceholderText(self.tr("Type part of the name, e.g. akta, KIA, bidan"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.empty.setText(self.tr("No service matches your search. Try another word."))
        for group in self.catalog.groups:
            self.group_buttons[group.id].setText(self.pick(group.name_id, group.name_en))

    # ----- session -> screen -----------------------------------------------------------------

    def render(self, session) -> None:
        language = self.language
        facts = session.facts()
        for tile in self.tiles:
            try:
                reasons = list(session.rules.is_eligible(tile.service.id, facts))
            except KeyError:
                reasons = []
            tile.show_texts(language, reasons)
        data = session.data
        error = data.error
        kind = "error" if error and error.code != "verification_pending" else "info"
        line = problem_lines(error, language)
        if error is None and data.staff_verified:  # say how the identity was checked
            line = message_text("receipt.staff_verified", language)
        self.notice.show_message(line, kind)
        if data.service_id and self.catalog.get(data.service_id):
            self.group = self.catalog.get(data.service_id).group  # back from the form
        self._filter()
        self.retranslate()

    def clear(self) -> None:
        self.search.clear()
        self.notice.setText("")
        self.group = self.catalog.groups[0].id if self.catalog.groups else ""
        self._filter()

    def resizeEvent(self, event) -> None:
        columns = 3 if self.width() > self.height() else 2
        if columns != self._columns:
            self._columns = columns
            self._layout_tiles()
        super().resizeEvent(event)

    # ----- showing tiles ---------------------------------------------------------------------

    def show_group(self, group_id: str) -> None:
        self.group = group_id
        self.search.clear()
        self._filter()

    def visible_services(self) -> list[Service]:
        text = self.search.text().strip()
        if text:  # a search looks through both groups
            return self.catalog.search(text, self.language) or self.catalog.search(text, None)
        return self.catalog.by_group(self.group)

    def _filter(self) -> None:
        searching = bool(self.search.text().strip())
        for group_id, button in self.group_buttons.items():
            button.setChecked(not searching and group_id == self.group)
        self._layout_tiles()

    def _layout_tiles(self) -> None:
        shown = self.visible_services()
        order = {s.id: i for i, s in enumerate(shown)}
        while self.grid.count():
            self.grid.takeAt(0)
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, 0)
        visible = sorted(
            (t for t in self.tiles if t.service.id in order), key=lambda t: order[t.service.id]
        )
        for tile in self.tiles:
            tile.setVisible(tile.service.id in order)
        for index, tile in enumerate(visible):
            self.grid.addWidget(tile, index // self._columns, index % self._columns)
        self.empty.setVisible(not visible)
        self.grid.addWidget(self.empty, len(visible) // self._columns + 1, 0, 1, self._columns)
        self.grid.setRowStretch(len(visible) // self._columns + 2, 1)
        for col in range(3):
            self.grid.setColumnStretch(col, 1 if col < self._columns else 0)

    # ----- screen -> session -------------------------------------------------------------------

    def choose(self, service_id: str) -> None:
        self.citizen.choose_service(service_id)

    def tile(self, service_id: str) -> ServiceTile:
        return next(t for t in self.tiles if t.service.id == service_id)
