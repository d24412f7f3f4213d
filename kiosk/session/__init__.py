"""The citizen session: one visit to the kiosk, from the welcome screen to the survey.

`states` (the states, events and transition table), `core` (the machine that applies them),
`data` (what the session holds, wiped at the end), `rules` (catalog-driven service rules),
`session` (the Session: every event the UI may send).
"""

from kiosk.session.core import InvalidTransition
from kiosk.session.data import SessionConfig
from kiosk.session.session import Session
from kiosk.session.states import Event, State

__all__ = ["Event", "InvalidTransition", "Session", "SessionConfig", "State"]
