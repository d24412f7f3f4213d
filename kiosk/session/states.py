"""States, events and the transition table of the citizen session, as plain data.

TRANSITIONS maps (state, event) to the tuple of states the event may lead to. One target means an
unconditional move; several mean the Session decides (a guard: valid NIK or not, match or not...).
Pairs missing from the table are not allowed: the Session raises InvalidTransition for them. The
table can be listed (`transitions()`), tested exhaustively and drawn (`to_dot()`).
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    WELCOME = "welcome"  # its ID / EN toggle is where the citizen picks the language
    NIK = "nik"
    CONSENT = "consent"  # biometric consent (UU 27/2022) before any face capture or lookup
    FACE = "face"  # camera on: capture + liveness
    FACE_FAILED = "face_failed"  # no face / poor quality / liveness failed: retry offered
    VERIFYING = "verifying"  # controller calls IdentityVerifier
    NO_MATCH = "no_match"  # face did not match the NIK: retry offered
    SERVICE = "service"
    FORM = "form"
    DOCUMENTS = "documents"
    REVIEW = "review"  # summary + declaration
    SUBMITTING = "submitting"  # controller calls Submitter
    SUBMITTED = "submitted"  # receipt on screen / printer
    SURVEY = "survey"
    STATUS_CHECK = "status_check"  # "Cek status": enter a tracking code
    STATUS_LOOKUP = "status_lookup"  # controller calls StatusLookup
    STAFF_HELP = "staff_help"
    ENDED = "ended"  # goodbye screen after cancel or declined consent


class Event(StrEnum):
    START = "start"
    CHOOSE_LANGUAGE = "choose_language"
    ENTER_NIK = "enter_nik"
    GIVE_CONSENT = "give_consent"
    DECLINE_CONSENT = "decline_consent"
    FACE_CAPTURED = "face_captured"
    FACE_FAILED = "face_failed"
    RETRY = "retry"
    VERIFICATION_RESULT = "verification_result"
    SERVER_UNREACHABLE = "server_unreachable"
    CHOOSE_SERVICE = "choose_service"
    SUBMIT_FORM = "submit_form"
    DOCUMENT_CAPTURED = "document_captured"
    DOCUMENTS_DONE = "documents_done"
    CONFIRM = "confirm"
    SUBMITTED = "submitted"
    SUBMIT_FAILED = "submit_failed"
    FINISH = "finish"
    SURVEY_DONE = "survey_done"
    CHECK_STATUS = "check_status"
    ENTER_TRACKING_CODE = "enter_tracking_code"
    STATUS_RESULT = "status_result"
    BACK = "back"
    CANCEL = "cancel"
    HELP = "help"
    # Counter staff checked the physical KTP-el and a supervisor approved with their PIN
    # (issue 13): the identity is established without the face check.
    STAFF_VERIFIED = "staff_verified"
    # Takeover by hand-off code (issue 13): the citizen's kiosk hands its session to a staff
    # member's assisted terminal (HANDED_OVER: wiped, back to welcome) and that terminal opens it
    # on its help screen (TAKE_OVER). Both are fed by the controller from the server's answers.
    HANDED_OVER = "handed_over"
    TAKE_OVER = "take_over"
    TIMEOUT = "timeout"  # produced by Session.tick() after the inactivity warning ran out


S, E = State, Event

# States where the kiosk, not the citizen, is busy: no inactivity reset (the controller times
# out the server call and feeds server_unreachable instead), no help/back.
BUSY_STATES = frozenset({S.VERIFYING, S.SUBMITTING, S.STATUS_LOOKUP})

_FLOW: dict[tuple[State, Event], tuple[State, ...]] = {
    (S.WELCOME, E.START): (S.NIK,),
    (S.WELCOME, E.CHECK_STATUS): (S.STATUS_CHECK,),
    (S.NIK, E.ENTER_NIK): (S.CONSENT, S.NIK),
    (S.CONSENT, E.GIVE_CONSENT): (S.FACE,),
    (S.CONSENT, E.DECLINE_CONSENT): (S.ENDED,),
    (S.FACE, E.FACE_CAPTURED): (S.VERIFYING, S.FACE_FAILED, S.STAFF_HELP),
    (S.FACE, E.FACE_FAILED): (S.FACE_FAILED, S.STAFF_HELP),
    (S.FACE_FAILED, E.RETRY): (S.FACE,),
    (S.VERIFYING, E.VERIFICATION_RESULT): (S.SERVICE, S.NO_MATCH, S.STAFF_HELP),
    (S.VERIFYING, E.SERVER_UNREACHABLE): (S.SERVICE,),
    (S.NO_MATCH, E.RETRY): (S.FACE,),
    (S.SERVICE, E.CHOOSE_SERVICE): (S.FORM, S.SERVICE),
    (S.FORM, E.SUBMIT_FORM): (S.DOCUMENTS, S.REVIEW, S.FORM),
    (S.DOCUMENTS, E.DOCUMENT_CAPTURED): (S.DOCUMENTS,),
    (S.DOCUMENTS, E.DOCUMENTS_DONE): (S.REVIEW, S.DOCUMENTS),
    (S.REVIEW, E.CONFIRM): (S.SUBMITTING, S.REVIEW),
    (S.SUBMITTING, E.SUBMITTED): (S.SUBMITTED,),
    (S.SUBMITTING, E.SUBMIT_FAILED): (S.REVIEW,),
    (S.SUBMITTED, E.FINISH): (S.SURVEY,),
    (S.SURVEY, E.SURVEY_DONE): (S.WELCOME,),
    (S.STATUS_CHECK, E.ENTER_TRACKING_CODE): (S.STATUS_LOOKUP, S.STATUS_CHECK),
    (S.STATUS_LOOKUP, E.STATUS_RESULT): (S.STATUS_CHECK,),
    (S.STATUS_LOOKUP, E.SERVER_UNREACHABLE): (S.STATUS_CHECK,),
    (S.ENDED, E.FINISH): (S.WELCOME,),
    # Only from staff help: every face failure (and the citizen who cannot do the face check)
    # ends there, so one entry point is enough. The Session also refuses it without a NIK or
    # once the identity was already checked.
    (S.STAFF_HELP, E.STAFF_VERIFIED): (S.SERVICE,),
    # Takeover: the session leaves the citizen's kiosk from its help screen (nothing of the
    # citizen stays there) and arrives on a staff terminal's help screen, from its welcome.
    (S.STAFF_HELP, E.HANDED_OVER): (S.WELCOME,),
    (S.WELCOME, E.TAKE_OVER): (S.STAFF_HELP,),
}

# Back is defined per state. It never leads into the face check once verification is done
# (SERVICE has no back; cancel is the way out), and STAFF_HELP returns where help was asked
# (the Session refuses it when help was forced by a failure).
_BACK: dict[State, tuple[State, ...]] = {
    S.NIK: (S.WELCOME,),
    S.CONSENT: (S.NIK,),
    S.FACE: (S.CONSENT,),
    S.FACE_FAILED: (S.CONSENT,),
    S.NO_MATCH: (S.NIK,),  # maybe the NIK was mistyped; attempts keep counting
    S.FORM: (S.SERVICE,),
    S.DOCUMENTS: (S.FORM,),
    S.REVIEW: (S.DOCUMENTS, S.FORM),  # FORM when the service needs no documents
    S.STATUS_CHECK: (S.WELCOME,),
    S.STAFF_HELP: tuple(
        s for s in State if s not in BUSY_STATES and s not in (S.STAFF_HELP, S.ENDED)
    ),
}

_NO_CANCEL = frozenset({S.WELCOME, S.ENDED, S.SUBMITTING, S.SUBMITTED, S.SURVEY})
_NO_HELP = BUSY_STATES | {S.STAFF_HELP, S.ENDED}
_NO_TIMEOUT = BUSY_STATES | {S.WELCOME}


def _build() -> dict[tuple[State, Event], tuple[State, ...]]:
    table = dict(_FLOW)
    for state in State:
        # Language is session data: switching it anywhere keeps the screen and the session.
        table.setdefault((state, E.CHOOSE_LANGUAGE), (state,))
        if state in _BACK:
            table[(state, E.BACK)] = _BACK[state]
        if state not in _NO_CANCEL:
            table[(state, E.CANCEL)] = (S.ENDED,)
        if state not in _NO_HELP:
            table[(state, E.HELP)] = (S.STAFF_HELP,)
        if state not in _NO_TIMEOUT:
            table[(state, E.TIMEOUT)] = (S.WELCOME,)
    return table


TRANSITIONS: dict[tuple[State, Event], tuple[State, ...]] = _build()


def transitions() -> list[tuple[State, Event, State]]:
    """Every (state, event, possible target) triple, in a stable order."""
    return [
        (state, event, target)
        for (state, event), targets in TRANSITIONS.items()
        for target in targets
    ]


def allowed_events(state: State) -> list[Event]:
    return [event for (s, event) in TRANSITIONS if s is state]


def to_dot() -> str:
    """Graphviz source of the state machine (language self-loops left out for readability)."""
    lines = ["digraph session {", "  rankdir=LR;"]
    for state, event, target in transitions():
        if event is E.CHOOSE_LANGUAGE and target is state:
            continue
        lines.append(f'  {state.value} -> {target.value} [label="{event.value}"];')
    lines.append("}")
    return "\n".join(lines)
