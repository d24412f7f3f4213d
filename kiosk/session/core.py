"""Bookkeeping of the citizen session: state, observers, table checks, wipes, inactivity.

kiosk/session/session.py adds the events of the flow on top of this class. Nothing here does I/O.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable

from kiosk.nik import mask_nik
from kiosk.ports import ServiceRules
from kiosk.session.data import Problem, SessionConfig, SessionData
from kiosk.session.states import TRANSITIONS, Event, State, allowed_events

log = logging.getLogger("kiosk.session")

Observer = Callable[[State, State], None]


class InvalidTransition(Exception):
    """An event the current state does not accept (a UI/controller bug, not a citizen error)."""

    def __init__(self, state: State, event: Event, why: str = ""):
        self.state, self.event = state, event
        allowed = ", ".join(e.value for e in allowed_events(state))
        message = f"event '{event.value}' is not allowed in state '{state.value}'"
        super().__init__(f"{message}{': ' + why if why else ''} (allowed: {allowed})")


class SessionCore:
    def __init__(
        self,
        rules: ServiceRules,
        config: SessionConfig | None = None,
        clock: Callable[[], float] = time.monotonic,
        today: Callable[[], dt.date] = dt.date.today,
    ):
        self.rules = rules
        self.config = config or SessionConfig()
        self._clock = clock
        self._today = today
        self.state = State.WELCOME
        self.data = SessionData()
        self.run_id = 0  # grows on every wipe: lets a controller drop answers to an old session
        self.history: list[tuple[State, Event, State]] = []  # this run's moves (no personal data)
        self.warning = False  # inactivity warning shown ("Masih di sana?")
        self._last_activity = clock()
        self._warning_since = 0.0
        self._observers: list[Observer] = []

    def today(self) -> dt.date:
        """The session's idea of today (injectable for tests); screens validate with it too."""
        return self._today()

    # ----- observers and bookkeeping -------------------------------------------------------

    def subscribe(self, callback: Observer) -> Callable[[], None]:
        """Call `callback(old, new)` after every change (also same-state data or warning
        changes). Returns a function that unsubscribes."""
        self._observers.append(callback)
        return lambda: self._observers.remove(callback)

    def _notify(self, old: State, new: State) -> None:
        for callback in list(self._observers):
            try:
                callback(old, new)
            except Exception:  # one broken view must not stop the others from rendering
                log.exception("session observer failed on %s -> %s", old.value, new.value)

    def can(self, event: Event) -> bool:
        """Whether the current state accepts `event`: what the screens may offer (help,
        cancel...). Calling an event for which this is False raises InvalidTransition."""
        return (self.state, event) in TRANSITIONS

    def _require(self, event: Event) -> None:
        if not self.can(event):
            raise InvalidTransition(self.state, event)

    def _go(self, event: Event, target: State) -> State:
        old = self.state
        if target not in TRANSITIONS.get((old, event), ()):
            raise AssertionError(f"table does not allow {old.value} --{event.value}--> {target}")
        self.state = target
        self.history.append((old, event, target))
        self._last_activity = self._clock()
        self.warning = False
        log.debug("session %s --%s--> %s", old.value, event.value, target.value)
        self._notify(old, target)
        return target

    def _wipe(self, keep: tuple[str, ...] = ()) -> None:
        self.data.wipe(keep=keep)
        self.history.clear()
        self.run_id += 1

    def _fail(self, event: Event, state: State, code: str, details: tuple = ()) -> State:
        """Stay in `state` (a same-state move in the table) with a message for the citizen."""
        self.data.error = Problem.of(code, details)
        return self._go(event, state)

    def _staff_help(self, event: Event, code: str, forced: bool) -> State:
        self.data.help_reason = Problem.of(code)
        self.data.help_forced = forced
        self.data.help_return = None if forced else self.state
        self.data.help_step = self.state.value
        return self._go(event, State.STAFF_HELP)

    # ----- inactivity -------------------------------------------------------------------------

    def user_activity(self, now: float | None = None) -> None:
        """A touch or key press: restart the idle timer and close the warning."""
        self._last_activity = self._clock() if now is None else now
        if self.warning:
            self.warning = False
            self._notify(self.state, self.state)

    def seconds_until_reset(self, now: float | None = None) -> float | None:
        """The countdown to show with the warning; None when no reset is pending."""
        now = self._clock() if now is None else now
        if self.state is State.ENDED:
            return max(0.0, self._last_activity + self.config.end_screen_after - now)
        if not self.warning:
            return None
        return max(0.0, self._warning_since + self.config.reset_after - now)

    def tick(self, now: float | None = None) -> State:
        """Call about once a second with a monotonic time: shows the warning, then resets."""
        now = self._clock() if now is None else now
        if not self.can(Event.TIMEOUT):  # welcome, or the kiosk is busy
            return self.state
        cfg = self.config
        if self.state is State.ENDED:
            due = now - self._last_activity >= cfg.end_screen_after
        elif not self.warning:
            if now - self._last_activity >= cfg.warning_after:
                self.warning = True
                self._warning_since = now
                self._notify(self.state, self.state)
            return self.state
        else:
            due = now - self._warning_since >= cfg.reset_after
        if not due:
            return self.state
        self._wipe()
        return self._go(Event.TIMEOUT, State.WELCOME)

    def describe(self) -> str:
        """One line for logs: state and masked NIK only."""
        nik = mask_nik(self.data.nik_info.nik) if self.data.nik_info else "-"
        return f"state={self.state.value} nik={nik} run={self.run_id}"
