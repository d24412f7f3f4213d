"""Which screen shows which session state: a registry with lazy imports by module name.

Screens are imported only when first needed, so a broken or missing screen module does not
stop the others (and the journey/finish screens can be developed in parallel). One instance of
each class serves every state it is listed for.
"""

from __future__ import annotations

import importlib
import logging

from kiosk.session.states import State

log = logging.getLogger("ui.screens")

SCREEN_MODULES: dict[State, str] = {
    State.WELCOME: "ui.screens.welcome:WelcomeScreen",
    State.NIK: "ui.screens.nik:NikScreen",
    State.CONSENT: "ui.screens.consent:ConsentScreen",
    State.FACE: "ui.screens.face:FaceScreen",
    State.FACE_FAILED: "ui.screens.failures:FaceFailedScreen",
    State.VERIFYING: "ui.screens.failures:WaitScreen",
    State.NO_MATCH: "ui.screens.failures:NoMatchScreen",
    State.SERVICE: "ui.screens.service:ServiceScreen",
    State.FORM: "ui.screens.form:FormScreen",
    State.DOCUMENTS: "ui.screens.documents:DocumentsScreen",
    State.REVIEW: "ui.screens.review:ReviewScreen",
    State.SUBMITTING: "ui.screens.failures:WaitScreen",
    State.SUBMITTED: "ui.screens.receipt:ReceiptScreen",
    State.SURVEY: "ui.screens.survey:SurveyScreen",
    State.STATUS_CHECK: "ui.screens.status:StatusScreen",
    State.STATUS_LOOKUP: "ui.screens.status:StatusScreen",
    State.STAFF_HELP: "ui.screens.staff_help:StaffHelpScreen",
    State.ENDED: "ui.screens.ended:EndedScreen",
}


class ScreenMissing(ImportError):
    """The module of a screen is not there (yet)."""


def screen_class(state: State) -> type:
    """The Screen subclass for `state`. Raises ScreenMissing when its module does not exist;
    any other import error propagates (it is a bug in that module)."""
    target = SCREEN_MODULES[state]
    module_name, class_name = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        raise ScreenMissing(f"screen module {module_name} not found (for state {state})") from exc
    return getattr(module, class_name)


def screen_names() -> list[str]:
    """Distinct "module:Class" targets in state order."""
    return list(dict.fromkeys(SCREEN_MODULES.values()))
