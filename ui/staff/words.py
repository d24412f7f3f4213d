"""Staff-screen words for the codes the server and the core send (roles, help steps and
reasons, approval reasons). English sources; Indonesian in assets/i18n/staff_id.ts."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def role_name(role: str) -> str:
    names = {
        "petugas": QCoreApplication.translate("StaffWords", "Counter staff"),
        "supervisor": QCoreApplication.translate("StaffWords", "Supervisor"),
        "teknisi": QCoreApplication.translate("StaffWords", "Technician"),
    }
    return names.get(role, role)


def step_name(step: str) -> str:
    """The screen the citizen was on, as staff call it."""
    names = {
        "welcome": QCoreApplication.translate("StaffWords", "Welcome"),
        "language": QCoreApplication.translate("StaffWords", "Language"),
        "nik": QCoreApplication.translate("StaffWords", "Typing the NIK"),
        "consent": QCoreApplication.translate("StaffWords", "Consent"),
        "face": QCoreApplication.translate("StaffWords", "Face check"),
        "face_failed": QCoreApplication.translate("StaffWords", "Face check failed"),
        "verifying": QCoreApplication.translate("StaffWords", "Identity check"),
        "no_match": QCoreApplication.translate("StaffWords", "Face does not match"),
        "service": QCoreApplication.translate("StaffWords", "Choosing a service"),
        "form": QCoreApplication.translate("StaffWords", "Filling the form"),
        "documents": QCoreApplication.translate("StaffWords", "Scanning documents"),
        "review": QCoreApplication.translate("StaffWords", "Review"),
        "submitting": QCoreApplication.translate("StaffWords", "Sending"),
        "submitted": QCoreApplication.translate("StaffWords", "Receipt"),
        "survey": QCoreApplication.translate("StaffWords", "Survey"),
        "status_check": QCoreApplication.translate("StaffWords", "Application status"),
        "status_lookup": QCoreApplication.translate("StaffWords", "Application status"),
        "staff_help": QCoreApplication.translate("StaffWords", "Asked for help"),
        "ended": QCoreApplication.translate("StaffWords", "Finished"),
    }
    return names.get(step, step)


def reason_name(reason: str) -> str:
    """Why the kiosk called staff."""
    names = {
        "requested": QCoreApplication.translate("StaffWords", "The citizen pressed Help"),
        "no_face": QCoreApplication.translate("StaffWords", "No face seen by the camera"),
        "multiple_faces": QCoreApplication.translate("StaffWords", "More than one face"),
        "poor_quality": QCoreApplication.translate("StaffWords", "Poor picture quality"),
        "liveness_failed": QCoreApplication.translate("StaffWords", "Liveness check failed"),
        "camera_unavailable": QCoreApplication.translate("StaffWords", "Camera not working"),
        "no_match": QCoreApplication.translate("StaffWords", "Face does not match the NIK"),
        "nik_locked": QCoreApplication.translate("StaffWords", "NIK locked after failures"),
        "consent_declined": QCoreApplication.translate("StaffWords", "Consent declined"),
        "submit_failed": QCoreApplication.translate("StaffWords", "Application not sent"),
        "printer_problem": QCoreApplication.translate("StaffWords", "Printer problem"),
        "other": QCoreApplication.translate("StaffWords", "Other"),
    }
    return names.get(reason, reason)


def app_state_name(state: str) -> str:
    """A state of an application in the kiosk's outbox."""
    names = {
        "sealed": QCoreApplication.translate("StaffWords", "Sealed"),
        "queued": QCoreApplication.translate("StaffWords", "Waiting to be sent"),
        "sending": QCoreApplication.translate("StaffWords", "Sending"),
        "accepted": QCoreApplication.translate("StaffWords", "Accepted by the server"),
        "rejected": QCoreApplication.translate("StaffWords", "Rejected by the server"),
    }
    return names.get(state, state)


def approval_reason_name(code: str) -> str:
    """Why staff verify a citizen instead of the face check (protocol.staff.APPROVAL_REASONS)."""
    names = {
        "face_check_failed": QCoreApplication.translate(
            "StaffWords", "The face check failed after the allowed tries"
        ),
        "liveness_impossible": QCoreApplication.translate(
            "StaffWords", "Cannot do the face check (disability, injury, age)"
        ),
        "camera_unavailable": QCoreApplication.translate("StaffWords", "Camera not working"),
        "no_reference_face": QCoreApplication.translate(
            "StaffWords", "No usable photo in the population register"
        ),
        "other": QCoreApplication.translate("StaffWords", "Other"),
    }
    return names.get(code, code)
