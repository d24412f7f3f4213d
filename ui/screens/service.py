"""SERVICE: choose a service. Pictogram tiles by group, a folder for the practice licences.

The first level lists each catalog group under its name: a group's services as tiles, or, for a
folder group (catalog.json "folder": the 31 health-worker practice licences), one tile that
opens its services by profession. Each tile shows the catalog's Tabler icon and short name; the
search looks through every service and shows full names. A folder group with "open_for":
"health_worker" opens by itself for a NIK in the health-worker registry (the verification
answer, or the registry lookup the form uses too).

A service the citizen may not use is still shown, with the catalog's reason under its name
(e.g. "A KIA is only for children under 17"); the eligibility decision is the core's
(session.rules.is_eligible with session.facts()), never made here.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt, QTimer
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
from kiosk.catalog.model import Group
from kiosk.messages import text as message_text
from kiosk.session.states import State
from ui import theme
from ui.screens.base import Screen
from ui.screens.journey_common import catalog_of, problem_lines
from ui.widgets.common import BigButton, IconLabel, Message, Subtitle, Title

log = logging.getLogger("ui.screens.service")
ICON_PX = 56


def catalog_icon(name: str | None, parent: QWidget) -> IconLabel | None:
    """The catalog's Tabler icon (assets/icons/tabler), or None when it has none or the file
    is missing (a catalog from the server may name an icon this kiosk does not ship)."""
    if not name:
        return None
    try:
        theme.icon_path(f"tabler/{name}")
    except FileNotFoundError:
        log.warning("catalog icon %r is not in assets/icons/tabler", name)
        return None
    label = IconLabel(f"tabler/{name}", ICON_PX, parent)
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    return label


class TileButton(BigButton):
    """A big tile button with an icon on its left and a left-aligned, wrapping label."""

    def __init__(self, icon: str | None, parent: QWidget | None = None):
        super().__init__("", "tile", parent)
        self.setMinimumHeight(112)
        self.icon_label = catalog_icon(icon, self)
        left = 24 + ICON_PX + 20 if self.icon_label else 24
        self.layout().setContentsMargins(left, 12, 20, 12)
        self.label().setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def resizeEvent(self, event) -> None:
        if self.icon_label is not None:
            self.icon_label.setGeometry(24, (self.height() - ICON_PX) // 2, ICON_PX, ICON_PX)
        super().resizeEvent(event)


class ServiceTile(QFrame):
    """One service: a tile with its icon and name, and why it is not open to this citizen."""

    def __init__(self, service: Service, on_choose, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.setObjectName("ServiceTile")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        self.button = TileButton(service.icon, self)
        self.button.clicked.connect(lambda _c=False: on_choose(service.id))
        self.reason = Message("", "warning", self)
        self.reason.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        box.addWidget(self.button)
        box.addWidget(self.reason)
        self.reasons: list = []

    def show_texts(self, language: str, reasons: list, full: bool = False) -> None:
        """full: the service's whole name (search results mix groups), else its short name."""
        s = self.service
        self.reasons = list(reasons)
        if full:
            self.button.setText(s.name_en if language == "en" else s.name_id)
        else:
            self.button.setText(s.short_name(language))
        lines = [r.message_en if language == "en" else r.message_id for r in reasons]
        self.reason.setText("\n".join(lines))
        self.button.setProperty("eligible", not reasons)


class GroupTile(QFrame):
    """A folder group on the first level: one tile that opens its services."""

    def __init__(self, group: Group, on_open, parent: QWidget | None = None):
        super().__init__(parent)
        self.group = group
        self.setObjectName("ServiceTile")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.button = TileButton(group.icon, self)
        self.button.clicked.connect(lambda _c=False: on_open(group.id))
        box.addWidget(self.button)


class ServiceScreen(Screen):
    states = (State.SERVICE,)

    def build(self) -> None:
        self.heading = Title("", self)
        self.notice = Message("", "info", self)
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.notice)
        self.catalog = catalog_of(self.controller)
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
        # Inside a folder: the way back to the first level and the folder's name.
        folder_row = QHBoxLayout()
        folder_row.setSpacing(24)
        self.up_button = BigButton("", "secondary", self)
        self.up_button.clicked.connect(lambda _c=False: self.show_top())
        self.folder_title = Subtitle("", self)
        self.folder_title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        folder_row.addWidget(self.up_button)
        folder_row.addWidget(self.folder_title, 1)
        self.layout_.addLayout(folder_row)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page = QWidget(self.scroll)
        self.grid = QGridLayout(page)
        self.grid.setSpacing(20)
        self.grid.setContentsMargins(4, 4, 20, 4)
        self.scroll.setWidget(page)
        self.tiles = [ServiceTile(s, self.choose, page) for s in self.catalog]
        self.group_tiles = {
            g.id: GroupTile(g, self.show_group, page) for g in self.catalog.groups if g.folder
        }
        self.headers: dict[str, QLabel] = {}
        for group in self.catalog.groups:
            header = Subtitle("", page)
            header.setObjectName("CardTitle")
            header.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            self.headers[group.id] = header
        self.empty = QLabel(page)
        self.empty.setWordWrap(True)
        self.layout_.addWidget(self.scroll, 1)
        nav = QHBoxLayout()
        self.cancel_button = self.button("", lambda: self.citizen.cancel(), "danger")
        nav.addWidget(self.cancel_button)
        nav.addStretch(1)
        self.layout_.addLayout(nav)
        self.folder: str | None = None  # the open folder group, None on the first level
        self._columns = 2
        self._seen_nik: str | None = None  # the citizen the folder was chosen for
        self._seen_service: str | None = None
        self._browsed = False  # the citizen opened or closed a folder or searched
        self._layout_tiles()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Choose a service"))
        self.search_label.setText(self.tr("Search:"))
        self.search.setPlaceholderText(self.tr("Type part of the name, e.g. akta, KIA, bidan"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.up_button.setText(self.tr("‹ All services"))
        self.empty.setText(self.tr("No service matches your search. Try another word."))
        for group in self.catalog.groups:
            self.headers[group.id].setText(self.pick(group.name_id, group.name_en))
        for group_id, tile in self.group_tiles.items():
            group = tile.group
            short = self.pick(group.short_name_id or group.name_id, group.short_name_en or "")
            count = len(self.catalog.by_group(group_id))
            tile.button.setText(
                f"{short or group.name_en}\n{self.tr('Choose from %n services', '', count)}"
            )
        group = self.catalog.group(self.folder) if self.folder else None
        if group is not None:
            self.folder_title.setText(self.pick(group.name_id, group.name_en))

    # ----- session -> screen -----------------------------------------------------------------

    def render(self, session) -> None:
        language = self.language
        facts = session.facts()
        searching = bool(self.search.text().strip())
        for tile in self.tiles:
            try:
                reasons = list(session.rules.is_eligible(tile.service.id, facts))
            except KeyError:
                reasons = []
            tile.show_texts(language, reasons, full=searching)
        data = session.data
        error = data.error
        kind = "error" if error and error.code != "verification_pending" else "info"
        line = problem_lines(error, language)
        if error is None and data.staff_verified:  # say how the identity was checked
            line = message_text("receipt.staff_verified", language)
        self.notice.show_message(line, kind)
        nik = data.nik_info.nik if data.nik_info is not None else None
        if nik is not None and nik != self._seen_nik:
            self._seen_nik = nik
            self._open_for_citizen(session, facts)
        if data.service_id and data.service_id != self._seen_service:
            self._seen_service = data.service_id  # back from the form: where it was chosen
            service = self.catalog.get(data.service_id)
            if service is not None:
                self._open(service.group)
        self._filter()
        self.retranslate()

    def clear(self) -> None:
        self.search.clear()
        self.notice.setText("")
        self.folder = None
        self._seen_nik = self._seen_service = None
        self._browsed = False
        self._filter()

    def changeEvent(self, event) -> None:
        # Large text switched on while the tiles show: the grid keeps the wrapped labels' old
        # heights (QGridLayout does not ask them again), so place the tiles anew once the new
        # fonts are in.
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            QTimer.singleShot(0, self, self._layout_tiles)
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:
        columns = 3 if self.width() > self.height() else 2
        if columns != self._columns:
            self._columns = columns
            self._layout_tiles()
        super().resizeEvent(event)

    # ----- the folder opened for a health worker ------------------------------------------------

    def _open_for_citizen(self, session, facts) -> None:
        folders = [g for g in self.catalog.groups if g.folder and g.open_for]
        if not folders:
            return
        for group in folders:
            if group.opens_for(facts):
                self._open(group.id)
                return
        if not any(g.open_for == "health_worker" for g in folders):
            return
        ports = getattr(self.controller, "ports", None)
        if getattr(ports, "health_workers", None) is None or not session.data.session_token:
            return
        from ui.screens.form import ask_health_worker

        nik = session.data.nik_info.nik

        def done(record) -> None:
            if not record or self._browsed or self._seen_nik != nik:
                return  # the citizen chose their own way meanwhile
            group = next(g for g in folders if g.open_for == "health_worker")
            if group.opens_for({}, health_worker=record):
                self._open(group.id)
                self._filter()
                self.retranslate()

        ask_health_worker(self.controller, done)

    # ----- showing tiles ---------------------------------------------------------------------

    def show_group(self, group_id: str) -> None:
        """Open a folder group; a group shown on the first level goes to the first level."""
        self._browsed = True
        self.search.clear()
        self._open(group_id)
        self._filter()
        self.retranslate()
        self.scroll.verticalScrollBar().setValue(0)

    def show_top(self) -> None:
        self._browsed = True
        self.search.clear()
        self.folder = None
        self._filter()
        self.scroll.verticalScrollBar().setValue(0)

    def _open(self, group_id: str) -> None:
        group = self.catalog.group(group_id)
        self.folder = group.id if group is not None and group.folder else None

    def visible_services(self) -> list[Service]:
        text = self.search.text().strip()
        if text:  # a search looks through every group
            return self.catalog.search(text, self.language) or self.catalog.search(text, None)
        if self.folder:
            return self.catalog.by_group(self.folder)
        folders = {g.id for g in self.catalog.groups if g.folder}
        return [s for s in self.catalog if s.group not in folders]

    def _filter(self) -> None:
        searching = bool(self.search.text().strip())
        if searching:
            self._browsed = True
        in_folder = self.folder is not None and not searching
        self.up_button.setVisible(in_folder)
        self.folder_title.setVisible(in_folder)
        language = self.language
        for tile in self.tiles:
            tile.show_texts(language, tile.reasons, full=searching)
        self._layout_tiles()

    def _layout_tiles(self) -> None:
        shown = self.visible_services()
        order = {s.id: i for i, s in enumerate(shown)}
        searching = bool(self.search.text().strip())
        first_level = not searching and self.folder is None
        while self.grid.count():
            self.grid.takeAt(0)
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, 0)
        tiles = {t.service.id: t for t in self.tiles}
        cols = self._columns
        row = 0
        placed: list[QWidget] = []

        def put(widgets: list[QWidget]) -> None:
            nonlocal row
            for index, widget in enumerate(widgets):
                self.grid.addWidget(widget, row + index // cols, index % cols)
            row += (len(widgets) + cols - 1) // cols
            placed.extend(widgets)

        if first_level:
            for group in self.catalog.groups:
                self.grid.addWidget(self.headers[group.id], row, 0, 1, cols)
                placed.append(self.headers[group.id])
                row += 1
                if group.folder:
                    put([self.group_tiles[group.id]])
                else:
                    put([tiles[s.id] for s in shown if s.group == group.id])
        else:
            put([tiles[s.id] for s in shown])
        for widget in [*self.tiles, *self.group_tiles.values(), *self.headers.values()]:
            widget.setVisible(widget in placed)
        self.empty.setVisible(not order)
        self.grid.addWidget(self.empty, row + 1, 0, 1, cols)
        self.grid.setRowStretch(row + 2, 1)
        for col in range(3):
            self.grid.setColumnStretch(col, 1 if col < cols else 0)

    # ----- screen -> session -------------------------------------------------------------------

    def choose(self, service_id: str) -> None:
        self.citizen.choose_service(service_id)

    def tile(self, service_id: str) -> ServiceTile:
        return next(t for t in self.tiles if t.service.id == service_id)
