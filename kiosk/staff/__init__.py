"""Counter staff on the kiosk (issue 13), Qt-free: accounts of the site, PINs, sign-in with
lockout and idle sign-out. The signed staff document arrives through sync.adapters.staff.

    directory = StaffDirectory.from_document(document)
    signin = StaffSignIn(directory, store)             # store: the kiosk Store (audit, lockout)
    session = signin.sign_in(staff_id, pin)            # SignInRefused(code=...) otherwise
    signin.touch(); signin.current(); signin.sign_out()
    account, key = signin.confirm_pin(supervisor_id, pin, roles=("supervisor",))
    help_status_text(state, handoff_code, language)     # the citizen's help screen line
    verification.form_problems(ktp_checked, reason_code, reason_text)  # the override's form
"""

from kiosk.staff.accounts import ROLES, StaffAccount, StaffDirectory
from kiosk.staff.help import POLL_S, help_status_text
from kiosk.staff.pin import DEFAULT_PARAMS, PinError, PinParams, check_new_pin
from kiosk.staff.signin import (
    IDLE_S,
    LOCK_S,
    MAX_FAILURES,
    SignInRefused,
    StaffSession,
    StaffSignIn,
)

__all__ = [
    "DEFAULT_PARAMS",
    "IDLE_S",
    "LOCK_S",
    "MAX_FAILURES",
    "POLL_S",
    "ROLES",
    "PinError",
    "PinParams",
    "SignInRefused",
    "StaffAccount",
    "StaffDirectory",
    "StaffSession",
    "StaffSignIn",
    "check_new_pin",
    "help_status_text",
]
