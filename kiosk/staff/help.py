"""What the citizen's screen says while a help request is under way (the UI polls the server
through sync.adapters.staff.HelpDesk every POLL_S seconds and shows this). The screen never
claims more than the server said: "waiting" until a staff member acknowledged the request."""

from __future__ import annotations

from kiosk.messages import text

POLL_S = 3.0  # issue 13: the kiosk polls for the acknowledgement every <= 3 s

# Server state -> catalog code; None is "the server could not be reached".
_SCREEN = {
    None: "staff.help_offline",
    "open": "staff.help_waiting",
    "acknowledged": "staff.help_coming",
    "closed": "staff.help_closed",
    "expired": "staff.help_expired",
}


def help_status_text(state: str | None, handoff_code: str = "", language: str = "id") -> str:
    """The line for a help request in `state` (open, acknowledged, closed, expired; None when
    offline), with the hand-off code while waiting. ValueError for an unknown state."""
    if state not in _SCREEN:
        raise ValueError(f"unknown help request state {state!r}")
    code = _SCREEN[state]
    if code == "staff.help_waiting":
        return text("staff.help_waiting", language, code=handoff_code)
    return text(code, language)
