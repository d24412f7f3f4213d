"""The first-run setup wizard (ui/setup/wizard.py) and what it needs from the app
(ui/setup/actions.py)."""

from ui.setup.actions import Enrolled, SetupActions, SetupFailed
from ui.setup.wizard import SetupWizard

__all__ = ["Enrolled", "SetupActions", "SetupFailed", "SetupWizard"]
