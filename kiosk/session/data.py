"""What a citizen session holds, how it is wiped, and the texts of its messages.

Python cannot scrub immutable objects (str, int) from memory; the session drops every reference
to them and zeroes the mutable buffers it owns (face template, scanned documents), and empties the
dicts it owns, so no other holder of the same object keeps the data either.
"""

from __future__ import annotations

import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from kiosk.config import DEFAULTS
from kiosk.messages import codes, pair
from kiosk.nik import NikInfo
from kiosk.ports import ApplicationStatus, Receipt

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


@dataclass(frozen=True)
class SessionConfig:
    """The session's limits; the configurable ones default to kiosk.config.DEFAULTS."""

    # seconds without activity before "Are you still there?"
    warning_after: float = float(DEFAULTS["session.inactivity_warning_s"])
    # countdown after the warning, then everything is wiped
    reset_after: float = float(DEFAULTS["session.inactivity_reset_s"])
    end_screen_after: float = 20.0  # goodbye screen returns to welcome without a warning
    max_match_attempts: int = DEFAULTS["session.max_match_attempts"]
    # failed face checks of any kind (liveness, no face, several faces, poor quality)
    max_liveness_attempts: int = DEFAULTS["session.max_liveness_attempts"]

    def __post_init__(self) -> None:
        for f in fields(self):
            if getattr(self, f.name) <= 0:
                raise ValueError(f"{f.name} must be positive, not {getattr(self, f.name)!r}")

    @classmethod
    def from_config(cls, config: Any = None) -> SessionConfig:
        """From the [session] table of a kiosk.config.Config (None: the defaults)."""
        if config is None:
            return cls()
        return cls(
            warning_after=float(config["session.inactivity_warning_s"]),
            reset_after=float(config["session.inactivity_reset_s"]),
            max_match_attempts=int(config["session.max_match_attempts"]),
            max_liveness_attempts=int(config["session.max_liveness_attempts"]),
        )


# Stable code -> (Indonesian, English), from the message catalog (assets/messages/*.json,
# codes "session.*"). The UI may replace these with its translation files.
MESSAGES: dict[str, tuple[str, str]] = {code: pair(f"session.{code}") for code in codes("session")}


@dataclass(frozen=True)
class Problem:
    """A message for the citizen: a stable code the UI can translate, plus both texts."""

    code: str
    text_id: str
    text_en: str
    details: tuple[Any, ...] = ()

    @classmethod
    def of(cls, code: str, details: Sequence[Any] = ()) -> Problem:
        text_id, text_en = pair(f"session.{code}")
        return cls(code, text_id, text_en, tuple(details))

    def text(self, language: str) -> str:
        return self.text_en if language == "en" else self.text_id


# SKM (PermenPANRB 14/2017): nine elements, each scored 1..4; key -> (Indonesian, English),
# from the message catalog (codes "survey.*", in the order of the questions).
SKM_ELEMENTS: dict[str, tuple[str, str]] = {key: pair(f"survey.{key}") for key in codes("survey")}


def validate_survey(scores: Mapping[str, int]) -> dict[str, int]:
    """Known SKM elements with integer scores 1..4 (any subset: citizens may skip questions)."""
    clean: dict[str, int] = {}
    for key, value in scores.items():
        if key not in SKM_ELEMENTS:
            raise ValueError(
                f"unknown survey element {key!r}; expected one of {list(SKM_ELEMENTS)}"
            )
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
            raise ValueError(f"survey score for {key!r} must be an integer 1..4, not {value!r}")
        clean[key] = value
    return clean


def own_template(template: Any) -> bytearray | array.array:
    """Copy a template into a buffer the session owns and can zero (bytes or float vector)."""
    if isinstance(template, bytes | bytearray | memoryview):
        return bytearray(template)
    return array.array("d", (float(x) for x in template))


def own_image(image: Any) -> Any:
    """Scanned images given as bytes are copied into a bytearray; references are kept as is."""
    if isinstance(image, bytes | bytearray | memoryview):
        return bytearray(image)
    return image


def _zero(buffer: Any) -> None:
    if isinstance(buffer, bytearray):
        buffer[:] = bytes(len(buffer))
    elif isinstance(buffer, array.array):
        for i in range(len(buffer)):
            buffer[i] = 0


@dataclass
class SessionData:
    """Everything one citizen's session holds. A fresh instance is the wiped state."""

    language: str = DEFAULT_LANGUAGE
    # identity
    nik_info: NikInfo | None = None
    consent_given: bool = False
    face_template: bytearray | array.array | None = None
    liveness: dict[str, Any] | None = None
    face_failures: int = 0  # failed face checks, counted against max_liveness_attempts
    match_attempts: int = 0
    verification_pending: bool = False
    session_token: str | None = None
    prefill: dict[str, Any] | None = None
    # a supervisor's approval of a staff verification (SupervisorApproval as JSON data, with
    # both staff ids): set instead of a face check, sent in the packet, wiped with the session
    staff_approval: dict[str, Any] | None = None
    # application
    service_id: str | None = None
    form_values: dict[str, Any] = field(default_factory=dict)
    form_errors: dict[str, Any] = field(default_factory=dict)
    required_documents: list[str] = field(default_factory=list)
    documents: dict[str, Any] = field(default_factory=dict)
    # required documents the citizen said they did not bring: still missing, told why
    not_brought: list[str] = field(default_factory=list)
    declaration: bool = False
    receipt: Receipt | None = None
    # status check side flow
    tracking_code: str | None = None
    status: ApplicationStatus | None = None
    # screens
    error: Problem | None = None
    help_reason: Problem | None = None
    help_forced: bool = False
    help_return: Any = None  # State to go back to after voluntary help
    help_step: str | None = None  # the screen where help was asked or forced (a State value)
    # the session was taken over from another kiosk (its id): staff continue it here
    taken_over_from: str | None = None
    end_reason: Problem | None = None
    survey: dict[str, int] | None = None  # anonymous; kept until the next start() for the sink

    @property
    def staff_verified(self) -> bool:
        """The identity was checked by staff against the KTP-el, not by the face check."""
        return self.staff_approval is not None

    def wipe_face(self) -> None:
        _zero(self.face_template)
        self.face_template = None
        if self.liveness is not None:
            self.liveness.clear()
        self.liveness = None

    def drop_document(self, doc_id: str) -> None:
        _zero(self.documents.pop(doc_id, None))

    def wipe_documents(self) -> None:
        for image in self.documents.values():
            _zero(image)
        self.documents.clear()

    def wipe_application(self) -> None:
        """Form values and scanned documents (e.g. when another service is chosen)."""
        self.wipe_documents()
        self.not_brought.clear()
        self.form_values.clear()
        self.form_errors.clear()
        self.required_documents.clear()
        self.declaration = False

    def wipe(self, keep: tuple[str, ...] = ()) -> None:
        """Zero/empty what we own, then reset every field except `keep` to its default."""
        self.wipe_face()
        self.wipe_application()
        if self.prefill is not None:
            self.prefill.clear()
        if self.staff_approval is not None:
            self.staff_approval.clear()
        fresh = SessionData()
        for f in fields(self):
            if f.name not in keep:
                setattr(self, f.name, getattr(fresh, f.name))
