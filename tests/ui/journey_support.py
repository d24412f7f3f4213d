"""Shared helpers for the journey tests (service, form, documents, review); no tests here.

A real Session over the real catalog (kiosk.session.rules.CatalogRules), a real KioskController
and KioskWindow, driven by real session events up to the service choice. `real_journey_kiosk`
gets there on the kiosk's real ports: a demo family's mother (`enrolled_family`) verified by the
demo server, whose answer fills the forms. `journey_kiosk` hands the session an answer shaped
like the server's (server.identity.prefill_from over the same demo family) for the cases the
server cannot answer (see its docstring).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import Qt

from camera.sources import ArraySource
from kiosk.catalog import Field, Service, default_catalog, validate_value
from kiosk.ports import FaceCaptureResult, VerificationResult
from kiosk.session import Session, State
from kiosk.session.rules import CatalogRules
from server.demo_seed import build_population
from ui.controller import Ports

TEMPLATE = bytes(range(1, 129))
CATALOG = default_catalog()
SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


@functools.lru_cache(maxsize=1)
def demo_families() -> list[tuple[Any, list[Any]]]:
    """Every demo family with a father, a mother and a child under 16 (the server's own
    generator, with the seed and size of the demo server in tests/ui/conftest.py)."""
    people, _ = build_population(seed=2024, citizens=120)
    families: dict[str, list] = {}
    for person in people:
        families.setdefault(person.kk_number, []).append(person)
    today = dt.date.today()
    found = []
    for members in families.values():
        father = next((p for p in members if p.relationship == "Kepala Keluarga"), None)
        mother = next((p for p in members if p.relationship == "Istri"), None)
        child = next(
            (
                p
                for p in members
                if p.relationship == "Anak" and (today - p.birth_date).days < 16 * 365
            ),
            None,
        )
        if father and mother and child:
            found.append((mother, members))
    return found


def demo_family() -> tuple[Any, list[Any]]:
    """A demo family with a mother and a child under 17 (the server's own generator)."""
    families = demo_families()
    if not families:
        raise AssertionError("the demo population has no family with a young child")
    return families[0]


_NEXT_FAMILY = itertools.count(1)  # family 0 is the shared `family` of tests/ui/conftest.py


def enrolled_family(demo, template) -> dict:
    """A demo family of this test's own, shaped like the `family` fixture, its mother enrolled
    on the demo server with `template` as her reference face (as `kiosk-server enroll-face`
    stores it): one family per test keeps each NIK under the server's limit of 10 identity
    checks a minute."""
    from kiosk.nik import parse_nik
    from server.admin import store_reference

    families = demo_families()
    mother, members = families[next(_NEXT_FAMILY) % len(families)]
    store_reference(demo.ctx, parse_nik(mother.nik), template)
    today = dt.date.today()
    child = next(
        m for m in members if m.relationship == "Anak" and (today - m.birth_date).days < 16 * 365
    )
    return family_record(mother, members, child)


def family_record(mother, members, child) -> dict:
    """What the form tests need of a demo family: the mother applies for `child`."""
    father = next(m for m in members if m.relationship == "Kepala Keluarga")
    return {
        "applicant": mother,
        "members": members,
        "prefill": prefill_of(mother, members),
        "child": child.nik,
        "adults": [father.nik, mother.nik],
        "kk": mother.kk_number,
    }


def real_journey_kiosk(
    qtbot,
    make_kiosk,
    real_ports,
    family: dict,
    template,
    language: str = "id",
    orientation: str = "portrait",
    camera_frames=None,
    camera_factory=None,
):
    """(window, controller, session): a kiosk on its real ports (tests/ui/conftest.py), its
    citizen the family's mother, verified by the demo server with a real template of the
    clip's person (the face screen has its own tests): at SERVICE. The document camera reads
    `camera_frames` (a blank view if None) or `camera_factory`."""
    from finish_support import real_kiosk, verified

    from camera.sources import SourceError

    frames = camera_frames if camera_frames is not None else [np.full((720, 1280, 3), 60, np.uint8)]
    documents = camera_factory or (lambda: ArraySource(frames, fps=15.0))
    holder = {}

    def camera():
        if holder["controller"].session.state is State.FACE:
            raise SourceError("the face step is answered with a template in these tests")
        return documents()

    controller, window, _ = real_kiosk(make_kiosk, real_ports, orientation, language, camera=camera)
    holder["controller"] = controller
    state = verified(qtbot, controller, family["applicant"].nik, template, language)
    assert state is State.SERVICE, controller.session.data.error
    return window, controller, controller.session


def prefill_of(applicant, members) -> dict:
    """What the server's verification answer carries (protocol.contract.CitizenPrefill as JSON)."""
    from server.identity import prefill_from

    return prefill_from(applicant, members).model_dump(mode="json")


def journey_kiosk(
    qtbot,
    language: str,
    prefill: dict,
    nik: str,
    orientation: str = "portrait",
    camera_frames=None,
    ports=None,
    camera_factory=None,
):
    """(window, controller, session): a session already verified (at SERVICE) over the real
    catalog, and the kiosk window shown at a kiosk screen size. Kept for answers the demo server
    cannot give (e.g. has_str: False) and the screenshot tour of test_journey_screens.py.

    The face check happens before the window exists, so no face camera is started here (that
    screen has its own tests); the document camera reads `camera_frames` (a blank view if None).
    """
    from ui.app import build_kiosk
    from ui.speech import Speech

    session = Session(CatalogRules())
    verified(session, language, prefill, nik)
    frames = camera_frames if camera_frames is not None else [np.full((720, 1280, 3), 60, np.uint8)]
    controller, window = build_kiosk(
        session.rules,
        ports=ports or Ports(),
        catalog=CATALOG,
        camera_factory=camera_factory or (lambda: ArraySource(frames, fps=15.0)),
        speech=Speech(enabled=False),
        language=language,
        session=session,
    )
    qtbot.addWidget(window)
    window.resize(*SIZES[orientation])
    window.show()
    qtbot.waitExposed(window)
    return window, controller, session


def verified(session: Session, language: str, prefill: dict, nik: str) -> None:
    """WELCOME -> SERVICE through the real events, with a matching face check given as the
    answer (`journey_kiosk`: no server asked; TEMPLATE is no face, only bytes to carry)."""
    session.start()
    session.choose_language(language)
    session.enter_nik(nik)
    session.give_consent()
    session.face_captured(FaceCaptureResult(TEMPLATE, {"passed": True, "method": "blink"}))
    session.verification_result(VerificationResult("match", prefill=prefill, session_token="tok"))
    assert session.state is State.SERVICE


def settle(qtbot, ms: int = 20) -> None:
    """Let Qt show new widgets and run queued calls, as the real event loop would, then finish
    every pending layout pass (a fixed wait alone let a loaded machine measure half-laid-out
    screens)."""
    qtbot.wait(ms)
    settle_layouts()


def settle_layouts() -> None:
    """Run every pending layout pass now: layout requests are posted events, so sending them
    until none is left is exact whatever the load."""
    from PySide6.QtCore import QCoreApplication, QEvent

    for _ in range(10):  # nested layouts post new requests while they settle
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QCoreApplication.processEvents()


def fill_form(qtbot, window, family: dict, service_id: str, values=None, complete=True):
    """From the service screen: tap the service's tile and fill its form with values the core
    accepts (`values` overrides some by field id; `complete=False` leaves every other field
    empty). Returns the form screen, not yet sent."""
    from ui.forms.factory import form_fields

    screen = window.current_screen()
    service = CATALOG.get(service_id)
    screen.show_group(service.group)
    click(qtbot, screen.tile(service_id).button)
    settle(qtbot)
    form = window.current_screen()
    about, other = form_fields(service)
    for index, field in enumerate(about + other):
        if complete or index % 2:
            value = good_value(service, field, family["child"], family["adults"], family["kk"])
            form.field(field.id).set_value((values or {}).get(field.id, value))
    return form


def back_to_service(controller) -> None:
    for _ in range(4):
        if controller.session.state is State.SERVICE:
            return
        controller.citizen.back()
    assert controller.session.state is State.SERVICE


# ----- values a citizen could type -------------------------------------------------------------

TEXT_CANDIDATES = [
    "Budi Santoso",
    "Kota Pekanbaru",
    "14:30",
    "28292",
    "STR 1234567890",
    "AL 1234.0045",
    "Golongan darah O",
    "Jl. Melati No. 5, RT 001 RW 002, Kelurahan Sukajadi, Kecamatan Sukajadi, Kota Pekanbaru",
]
NUMBER_CANDIDATES = ["1", "3,2", "49"]
PHONE = "081234567890"
EMAIL = "budi@contoh.co.id"


def good_value(service: Service, field: Field, child_nik: str, adult_niks: list[str], kk: str):
    """A value the core accepts for this field (checked with the core's own validator)."""
    today = dt.date.today()
    kind = field.type
    if kind == "choice":
        candidates = [field.options[0].value]
    elif kind == "nik":
        if field.multiple:
            return adult_niks[:2]
        subject_nik = (
            field.id == service.subject.nik_field and service.subject.kind == "other_person"
        )
        candidates = [child_nik] if subject_nik else adult_niks
        # person_role (kiosk/catalog/people.py): the father is adult_niks[0], the mother [1],
        # each witness another adult (the father's NIK with a serial of the witness's own)
        if field.person_role == "father":
            candidates = adult_niks[:1]
        elif field.person_role == "mother":
            candidates = adult_niks[1:2]
        elif field.person_role == "witness":
            candidates = [adult_niks[0][:12] + str(9000 + sum(map(ord, field.id)) % 999)]
    elif kind == "kk":
        candidates = [kk]
    elif kind == "phone":
        candidates = [PHONE]
    elif kind == "email":
        candidates = [EMAIL]
    elif kind == "number":
        candidates = NUMBER_CANDIDATES
    elif kind == "date":
        candidates = [(today - dt.timedelta(days=3)).isoformat(), today.isoformat()]
    else:
        candidates = TEXT_CANDIDATES
    for value in candidates:
        if validate_value(field, value, today) is None:
            return value
    raise AssertionError(f"{service.id}.{field.id}: no candidate value is valid")


BAD_VALUES = {  # type -> tries, in order, until the core rejects one for the field
    "text": ["1", "#1", "x" * 600],
    "address": ["Jl", "x" * 600],
    "nik": ["1234"],
    "kk": ["99"],
    "phone": ["12"],
    "email": ["bukan-email"],
    "number": ["999"],
    "date": ["31022020"],  # typed on the keypad: 31 February
}


# ----- camera frames with a document --------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _background(h: int, w: int) -> np.ndarray:
    rng = np.random.default_rng(7)
    return cv2.GaussianBlur(rng.integers(40, 90, (h, w, 3)).astype(np.uint8), (7, 7), 0)


@functools.lru_cache(maxsize=1)
def _card() -> np.ndarray:
    card = np.full((360, 560, 3), 245, np.uint8)
    lines = ["SURAT KETERANGAN", "No. 474.3/123/2026", "Nama: BUDI SANTOSO", "Tanggal: 17-08-2026"]
    for i, line in enumerate(lines):
        cv2.putText(
            card,
            line,
            (24, 70 + i * 70),
            cv2.FONT_HERSHEY_SIMPLEX,
            1.0,
            (20, 20, 20),
            2,
            cv2.LINE_AA,
        )
    return card


def document_scene(dx: int = 0, blur: float = 0.0, size=(720, 1280)) -> np.ndarray:
    """A white card with printed lines on a darker, textured background (RGB)."""
    h, w = size
    frame = _background(h, w).copy()
    x, y = 360 + dx, 180
    visible = min(560, w - x)  # a card moved past the edge is cut off by it
    frame[y : y + 360, x : x + visible] = _card()[:, :visible]
    return cv2.GaussianBlur(frame, (0, 0), blur) if blur else frame


def held_document_frames(moving: int = 8, still: int = 20) -> list[np.ndarray]:
    """The citizen brings the document in (moving), then holds it still."""
    frames = [document_scene(dx=20 * i) for i in range(moving)]
    return frames + [document_scene(dx=20 * moving)] * still


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
