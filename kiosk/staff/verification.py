"""The staff verification form's rules (issue 13), Qt-free: what counter staff must declare and
write before a supervisor is asked to approve a verification against the physical KTP-el.

    problems = form_problems(ktp_checked, reason_code, reason_text)   # message codes, [] = ok
    clean_reason(text)                                                # what is sealed

The adapter (sync.adapters.staff.approve_staff_verification) checks the same text again and the
reason code against the contract's list; the server checks the approval itself.
"""

from __future__ import annotations

REASON_MIN = 10  # protocol.contract.SupervisorApproval.reason_text
REASON_MAX = 500


def clean_reason(text: object) -> str:
    """The reason as sealed: runs of spaces and line breaks made one space."""
    return " ".join(str(text or "").split())


def form_problems(ktp_checked: bool, reason_code: str | None, reason_text: object) -> list[str]:
    """Message codes (staff.*) of what is missing, in the form's order; empty when complete."""
    problems = []
    if ktp_checked is not True:
        problems.append("staff.override_ktp_unchecked")
    if not reason_code:
        problems.append("staff.override_reason_code")
    length = len(clean_reason(reason_text))
    if length < REASON_MIN:
        problems.append("staff.override_reason_short")
    elif length > REASON_MAX:
        problems.append("staff.override_reason_long")
    return problems
