"""The base class of every kiosk screen.

A screen renders the session and forwards the citizen's input to the controller; it holds no
business rule. Contract (the controller/window call these, subclasses override them):

- `states`: the State values this screen shows (a class attribute, informative).
- `render(session)`: called on every session change while the screen is current (also for
  same-state changes such as a new error message). Read `session.state` / `session.data`.
- `clear()`: wipe every widget that could show a citizen's data. Called automatically before
  `render()` when the session was reset since the last render (new `session.run_id`), and by the
  window on every reset for screens that are not current. Another citizen's data never shows.
- `retranslate()`: set every text again with `self.tr(...)`; called on QEvent.LanguageChange
  (the language toggle) and once after `__init__` via `build()`.

Subclasses build their widgets in `build()` (called by __init__) and use `self.tr("English")`
for fixed texts, `self.pick(text_id, text_en)` for texts that come in pairs from data.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.session.states import BUSY_STATES, TRANSITIONS, Event, State
from ui.widgets.common import BigButton, ButtonRow, Message, Title

if TYPE_CHECKING:
    from kiosk.session import Session
    from ui.citizen_events import CitizenEvents
    from ui.controller import KioskController

log = logging.getLogger("ui.screens")

_SIDE_EVENTS = {Event.BACK, Event.CANCEL, Event.HELP, Event.TIMEOUT}


def _forward(state: State) -> tuple[Event, State] | None:
    """The event that moves a citizen on from `state` on the main path (the first one the
    transition table lists that leads elsewhere), and where it leads."""
    for (source, event), targets in TRANSITIONS.items():
        if source is state and event not in _SIDE_EVENTS and targets[0] is not state:
            return event, targets[0]
    return None


@cache
def journey_steps() -> tuple[State, ...]:
    """The steps of the citizen's journey, derived from the session's transition table: the
    states on the main path from WELCOME that the citizen acts in and may still cancel (busy
    states and the language choice are not steps; after sending nothing is left to do)."""
    steps, state, seen = [], State.WELCOME, set()
    while state not in seen:
        seen.add(state)
        forward = _forward(state)
        if forward is None:
            break
        event, following = forward
        cancellable = (state, Event.CANCEL) in TRANSITIONS
        if cancellable and state not in BUSY_STATES and event is not Event.CHOOSE_LANGUAGE:
            steps.append(state)
        state = following
    return tuple(steps)


def step_of(state: State) -> int | None:
    """1-based position of `state` in journey_steps(); a retry screen (face failed, no match)
    counts as the step it retries, a busy state as the step it came from; None off the
    journey (welcome, status check, help, the end)."""
    steps = journey_steps()
    if state in steps:
        return steps.index(state) + 1
    retry = TRANSITIONS.get((state, Event.RETRY))
    if retry and retry[0] in steps:
        return steps.index(retry[0]) + 1
    if state in BUSY_STATES:
        for step in steps:
            forward = _forward(step)
            if forward is not None and forward[1] is state:
                return steps.index(step) + 1
    return None


class Screen(QWidget):
    states: ClassVar[tuple[State, ...]] = ()

    def __init__(self, controller: KioskController, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.setObjectName(type(self).__name__)
        self._run_id: int | None = None
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(48, 32, 48, 32)
        self.layout_.setSpacing(24)
        self.build()
        self.retranslate()

    # ----- to override -------------------------------------------------------------------

    def build(self) -> None:
        """Create the widgets (texts are set in retranslate)."""

    def retranslate(self) -> None:
        """Set every visible text again in the current language."""

    def render(self, session: Session) -> None:
        """Show the session's current state and data."""

    def clear(self) -> None:
        """Empty every widget that may hold personal data."""

    def shown(self) -> None:
        """The screen became current (start cameras, speak the prompt...)."""

    def hidden(self) -> None:
        """The screen stopped being current (stop cameras, timers...)."""

    # ----- called by the window -------------------------------------------------------------

    def update_from(self, session: Session) -> None:
        """Clear first if the session was reset since the last render, then render."""
        if self._run_id is not None and self._run_id != session.run_id:
            self.clear()
        self._run_id = session.run_id
        self.render(session)

    def reset(self, session: Session) -> None:
        """A reset happened while this screen was not current: wipe it now."""
        if self._run_id != session.run_id:
            self.clear()
            self._run_id = session.run_id

    # Below this height (a 1366x768 screen, large text) margins and gaps shrink: the space
    # goes to the content, whose touch targets keep their size.
    COMPACT_BELOW = 720

    def resizeEvent(self, event) -> None:
        compact = 0 < event.size().height() < self.COMPACT_BELOW
        margins = (32, 8, 32, 8) if compact else (48, 32, 48, 32)
        if self.layout_.contentsMargins().top() != margins[1]:
            self.layout_.setContentsMargins(*margins)
            self.layout_.setSpacing(12 if compact else 24)
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            session = self.controller.session
            if self.controller.current_screen() is self:
                self.render(session)  # data texts (catalog, messages) follow the language
        super().changeEvent(event)

    # ----- helpers for subclasses -------------------------------------------------------------

    @property
    def session(self) -> Session:
        return self.controller.session

    @property
    def language(self) -> str:
        return self.controller.language

    def pick(self, text_id: str, text_en: str) -> str:
        """The text of a (Bahasa Indonesia, English) pair in the current language."""
        return text_en if self.controller.language == "en" else text_id

    @property
    def citizen(self) -> CitizenEvents:
        """Send the citizen's events to the session: `self.citizen.enter_nik(text)` (see
        ui.controller.CitizenEvents; events the state no longer accepts are logged and ignored)."""
        return self.controller.citizen

    def speak(self, text_id: str, text_en: str) -> None:
        self.controller.speak(text_id, text_en)

    def title(self, text: str = "") -> Title:
        label = Title(text, self)
        self.layout_.addWidget(label)
        return label

    def message(self, text: str = "", kind: str = "info") -> Message:
        label = Message(text, kind, self)
        self.layout_.addWidget(label)
        return label

    def button(
        self,
        text: str,
        slot: Callable[[], Any],
        kind: str = "primary",
        parent: QWidget | None = None,
    ) -> BigButton:
        btn = BigButton(text, kind, parent or self)
        btn.clicked.connect(lambda _checked=False: slot())
        return btn

    def button_row(self, *buttons: QWidget, stretch_first: bool = True) -> ButtonRow:
        """A row of big buttons, spaced apart, added at the current end of the screen; they
        stack vertically when they do not fit side by side."""
        row = ButtonRow(buttons, self, centered=stretch_first)
        self.layout_.addWidget(row)
        return row

    def nav_row(self, back: bool = True, cancel: bool = True) -> dict[str, BigButton]:
        """Standard "Kembali" / "Batal" buttons at the bottom (each only if allowed): secondary
        actions, smaller and quieter than the screen's primary action ("danger" is outlined)."""
        made: dict[str, BigButton] = {}
        if back:
            made["back"] = self.button("", lambda: self.citizen.back(), "secondary")
        if cancel:
            made["cancel"] = self.button("", lambda: self.citizen.cancel(), "danger")
        row = QHBoxLayout()
        row.setSpacing(32)
        for btn in made.values():
            row.addWidget(btn)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self._nav = made
        return made

    def retranslate_nav(self) -> None:
        """Call from retranslate() when nav_row() was used."""
        nav = getattr(self, "_nav", {})
        if "back" in nav:
            nav["back"].setText(QCoreApplication.translate("Screen", "Back"))
        if "cancel" in nav:
            nav["cancel"].setText(QCoreApplication.translate("Screen", "Cancel"))


def follow_orientation(box: QBoxLayout, widget: QWidget) -> bool:
    """Side by side on a landscape `widget`, stacked on a portrait one; True when landscape."""
    landscape = widget.width() > widget.height()
    direction = QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom
    if box.direction() != direction:
        box.setDirection(direction)
    return landscape
