"""The session's staff steps: counter staff verify a citizen against the KTP-el (with a
supervisor's approval), and a session moves from a citizen's kiosk to a staff terminal (takeover
by hand-off code, kiosk/session/handoff.py). Session (kiosk/session/session.py) has them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.nik import NikError, parse_nik
from kiosk.session.core import InvalidTransition, SessionCore
from kiosk.session.data import Problem
from kiosk.session.handoff import SnapshotRefused, build_snapshot, read_snapshot
from kiosk.session.states import Event, State


class StaffSteps(SessionCore):
    """Staff verification and takeover; the rest of the session is in Session."""

    # Where staff help may have been asked before the identity was established: the face
    # check's own screens (and consent, for a citizen who cannot do the face check at all).
    _UNVERIFIED_RETURNS = (State.CONSENT, State.FACE, State.FACE_FAILED, State.NO_MATCH)

    def can_staff_verify(self) -> bool:
        """Whether staff may verify this citizen against the KTP-el now: in STAFF_HELP, with a
        NIK typed, and the identity not yet checked (help forced by a face failure, or asked
        for during the face check). The help screen offers the staff button only then."""
        d = self.data
        if not self.can(Event.STAFF_VERIFIED) or d.nik_info is None:
            return False
        if d.session_token is not None or d.verification_pending or d.staff_verified:
            return False
        return d.help_forced or d.help_return in self._UNVERIFIED_RETURNS

    def staff_verified(self, approval: Mapping[str, Any]) -> State:
        """Counter staff checked the physical KTP-el and a supervisor approved it with their PIN
        (sync.adapters.staff.approve_staff_verification made `approval`). The face data is
        wiped; the facts come from the NIK only, as offline (no server prefill), and packet()
        carries the approval so the application is sealed as staff-verified."""
        self._require(Event.STAFF_VERIFIED)
        if not self.can_staff_verify():
            raise InvalidTransition(self.state, Event.STAFF_VERIFIED, "no identity to verify")
        ids = ("application_id", "staff_id", "supervisor_id")
        if not isinstance(approval, Mapping) or not all(
            isinstance(approval.get(key), str) and approval.get(key) for key in ids
        ):
            raise ValueError(f"a supervisor's approval needs {', '.join(ids)}")
        if approval["staff_id"] == approval["supervisor_id"]:
            raise ValueError("the supervisor and the counter staff member must be two people")
        d = self.data
        d.wipe_face()  # no face check happens: nothing of the face is kept or sent
        d.verification_pending = False
        d.session_token = None
        d.prefill = None
        d.staff_approval = dict(approval)
        d.help_reason, d.help_forced, d.help_return = None, False, None
        d.error = None
        return self._go(Event.STAFF_VERIFIED, State.SERVICE)

    # ----- takeover by hand-off code (issue 13) ------------------------------------------------

    def handoff_snapshot(self) -> dict[str, Any]:
        """What travels to the staff terminal that takes this session over (kiosk/session/
        handoff.py: no face data, no session token, no approval, no scans). Only on the help
        screen; handed_over() then wipes the session here."""
        if self.state is not State.STAFF_HELP:
            raise InvalidTransition(self.state, Event.HANDED_OVER, "not on the help screen")
        return build_snapshot(self.data, self.data.help_step)

    def handed_over(self) -> State:
        """The session now lives on a staff terminal: wipe everything, back to welcome."""
        self._require(Event.HANDED_OVER)
        self._wipe()
        return self._go(Event.HANDED_OVER, State.WELCOME)

    def take_over(self, snapshot: Mapping[str, Any], from_kiosk: str = "") -> State:
        """Open a session handed over by another kiosk on this (staff) terminal's help screen,
        help forced (no way back to a screen of the other kiosk), with the reason and the step
        the citizen was at. The NIK is parsed again and the service must be in this kiosk's
        catalog; SnapshotRefused (a ValueError) otherwise, and nothing changes. The identity is
        not established here: staff verify it with the KTP-el (staff_verified) or cancel."""
        self._require(Event.TAKE_OVER)
        fields = read_snapshot(snapshot)
        info = None
        if fields["nik"] is not None:
            try:
                info = parse_nik(fields["nik"], today=self._today())
            except NikError as exc:
                raise SnapshotRefused(f"the NIK is not valid ({exc.code})") from None
        service = fields["service_id"]
        if service is not None:
            try:
                self.rules.is_eligible(service, {})
            except KeyError:
                raise SnapshotRefused("the service is not in this kiosk's catalog") from None
        self._wipe()
        d = self.data
        d.language = fields["language"]
        d.nik_info = info
        d.consent_given = fields["consent_given"]
        d.service_id = service
        d.form_values.update(fields["form_values"])
        d.taken_over_from = str(from_kiosk)[:64] or None
        d.help_reason = Problem.of(fields["help_reason"])
        d.help_forced, d.help_return, d.help_step = True, None, fields["help_step"]
        return self._go(Event.TAKE_OVER, State.STAFF_HELP)
