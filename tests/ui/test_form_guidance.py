"""The form guides the citizen (issue 15): what to bring before it starts, quick picks that fit the
field's person (the applicant too), names shown next to NIKs, the core's person rules said under
the field, a banner naming the fields to correct with the first one scrolled to and focused, a
field kept above the on-screen keyboard; on the review, the declaration's message beside its box
and the values of every card in one column. A kiosk on its real ports, the demo server verifying
the family's father (he applies for his newborn)."""

from __future__ import annotations

import itertools

import cv2
import pytest
from journey_support import (
    click,
    demo_families,
    document_scene,
    good_value,
    prefill_of,
    real_journey_kiosk,
    settle,
)
from PySide6.QtCore import QPoint, QRect

from kiosk.catalog import default_catalog
from kiosk.session import State
from ui.forms.factory import form_fields
from ui.screens.form import FormScreen
from ui.screens.review import ReviewScreen

pytestmark = pytest.mark.usefixtures("app_state")
CATALOG = default_catalog()
SERVICE = "akta-kelahiran"
# Families from the end of the demo list: journey_support hands out the others from the start.
_FAMILIES = itertools.count(1)


def grouped(nik: str) -> str:
    return " ".join(nik[i : i + 4] for i in range(0, 16, 4))


@pytest.fixture
def household(demo, clip_template) -> dict:
    """A demo family whose father is enrolled with the clip's face (he is the applicant)."""
    from kiosk.nik import parse_nik
    from server.admin import store_reference

    families = demo_families()
    mother, members = families[-next(_FAMILIES) % len(families)]
    father = next(m for m in members if m.relationship == "Kepala Keluarga")
    store_reference(demo.ctx, parse_nik(father.nik), clip_template)
    child = next(m for m in members if m.relationship == "Anak")
    return {
        "applicant": father,
        "father": father,
        "mother": mother,
        "members": members,
        "prefill": prefill_of(father, members),
        "child": child.nik,
        "adults": [father.nik, mother.nik],
        "kk": father.kk_number,
    }


@pytest.fixture
def birth_form(qtbot, make_kiosk, real_ports, household, clip_template):
    """birth_form(language, orientation) -> (window, controller, form screen) on the birth
    certificate's form."""

    def make(language="id", orientation="portrait"):
        window, controller, session = real_journey_kiosk(
            qtbot, make_kiosk, real_ports, household, clip_template, language, orientation
        )
        controller.citizen.choose_service(SERVICE)
        settle(qtbot)
        form = window.current_screen()
        assert isinstance(form, FormScreen), session.data.error
        return window, controller, form

    return make


def fill_all(form, household) -> None:
    service = CATALOG.get(SERVICE)
    about, other = form_fields(service)
    for field in about + other:
        value = good_value(service, field, household["child"], household["adults"], household["kk"])
        form.field(field.id).set_value(value)


def in_view(view, widget) -> bool:
    """The field's label and editor are inside the form's visible region."""
    top = widget.mapTo(view.viewport(), QPoint(0, 0)).y()
    bottom = widget.edit.mapTo(view.viewport(), QPoint(0, widget.edit.height())).y()
    return 0 <= top and bottom <= view.viewport().height()


def test_what_to_bring_is_shown_before_the_form(qtbot, birth_form):
    window, _, form = birth_form()
    intro = form.form.before
    service = CATALOG.get(SERVICE)
    assert intro.isVisibleTo(window) and form.form.verticalScrollBar().value() == 0
    texts = intro.texts()
    assert texts["fee"] == service.fee_text_id
    assert texts["time"] == service.processing_time.text_id
    assert "Surat Keterangan Lahir (bila diperlukan)" in texts["documents"]
    assert "NIK Saksi Pertama (bila diperlukan)" in texts["numbers"]
    assert intro.requirements.text() == service.help_id
    # it is on screen above the first field, before anything is typed
    top = intro.mapTo(form.form.viewport(), QPoint(0, 0)).y()
    assert 0 <= top < form.form.viewport().height() // 2


def test_father_picks_offer_the_applicant_and_no_woman(qtbot, birth_form, household):
    window, _, form = birth_form()
    father, mother = household["father"], household["mother"]
    women = {m.nik for m in household["members"] if m.sex == "F"}
    father_picks = set(form.form.pickers["nik_ayah"].buttons)
    mother_picks = set(form.form.pickers["nik_ibu"].buttons)
    assert father.nik in father_picks and not father_picks & women
    assert mother.nik in mother_picks and father.nik not in mother_picks
    # the button names the person and shows the NIK it fills in
    button = form.form.pickers["nik_ayah"].buttons[father.nik]
    assert father.name in button.text() and grouped(father.nik) in button.text()
    click(qtbot, button)
    assert form.field("nik_ayah").value() == father.nik
    assert form.field("nik_ayah").note.isVisibleTo(window)
    assert father.name in form.field("nik_ayah").note.text()


def test_a_typed_family_nik_shows_the_name(qtbot, birth_form, household):
    window, _, form = birth_form("en")
    mother = household["mother"]
    field = form.field("nik_ibu")
    assert not field.note.isVisibleTo(window)
    for digit in mother.nik:
        field.press(digit)
    assert field.note.text() == f"\u2713 {mother.name} ({mother.relationship})"


def test_a_woman_as_father_is_refused_naming_the_field(qtbot, birth_form, household):
    window, controller, form = birth_form()
    mother = household["mother"]
    fill_all(form, household)
    form.form.verticalScrollBar().setValue(0)
    field = form.field("nik_ayah")
    field.set_value("")
    click(qtbot, field.edit)  # the keypad opens for this field
    assert form.target is field
    for digit in mother.nik:
        click(qtbot, form.keypad.keys[digit])
    click(qtbot, form.done_button)  # leaving the field: the core's person rule, at once
    assert field.error.text() == "NIK Ayah: NIK ini milik seorang perempuan. Isi dengan NIK ayah."
    # "Next": the session refuses too, the banner names the field, the form goes to it
    form.form.verticalScrollBar().setValue(0)
    click(qtbot, form.next_button)
    settle(qtbot, 60)
    session = controller.session
    assert session.state is State.FORM
    assert session.data.form_errors["nik_ayah"].code == "role_not_father"
    assert form.notice.text() == "Mohon perbaiki: NIK Ayah"
    assert form.form.verticalScrollBar().value() > 0
    assert in_view(form.form, field) and field.edit.hasFocus()


def test_the_banner_names_the_fields_and_the_form_goes_to_the_first(qtbot, birth_form, household):
    window, controller, form = birth_form("en")
    fill_all(form, household)
    for field_id in ("anak_ke", "hubungan_pelapor", "bukti_kelahiran", "nik_saksi_2"):
        form.field(field_id).clear()
    form.field("bukti_kelahiran").set_value("sptjm")  # the witnesses become required
    form.form.verticalScrollBar().setValue(0)
    click(qtbot, form.next_button)
    settle(qtbot, 60)
    assert controller.session.state is State.FORM
    assert form.notice.text() == (
        "Please correct: Birth Order, Your Relationship to the Child, Second Witness's NIK"
    )
    first = form.field("anak_ke")
    assert form.form.wrong_fields()[0] is first
    bar = form.form.verticalScrollBar()
    assert bar.value() > 0 and in_view(form.form, first)
    assert first.edit.hasFocus() and form.target is first  # the keypad is there to type
    # more than three: the others are counted
    for field_id in ("nama_anak", "tempat_lahir_anak"):
        form.field(field_id).clear()
    click(qtbot, form.next_button)
    settle(qtbot)
    assert form.notice.text() == (
        "Please correct: Child's Full Name, Place of Birth, Birth Order and 2 more"
    )


def test_the_field_being_typed_stays_above_the_keyboard(qtbot, birth_form):
    """The Qt Virtual Keyboard covers the lower part of a landscape screen; its rectangle (here
    the one it reports on a 1920x1080 kiosk) moves the field typed above it."""
    window, _, form = birth_form("id", "landscape")
    view = form.form
    field = form.field("tempat_lahir_anak")  # a text field: the virtual keyboard types here
    view.verticalScrollBar().setValue(0)
    window.activateWindow()
    field.focus_editor()
    qtbot.waitUntil(lambda: view.focused_field() is field)
    height = window.height()
    keyboard = QRect(0, height - 430, window.width(), 430)
    below = field.mapTo(window, QPoint(0, field.height())).y()
    view.verticalScrollBar().setValue(0)
    view.keep_clear_of(keyboard)
    settle(qtbot)
    bottom = field.mapTo(window, QPoint(0, field.height())).y()
    assert bottom <= keyboard.top(), (below, bottom, keyboard)
    assert field.mapTo(window, QPoint(0, 0)).y() >= view.mapTo(window, QPoint(0, 0)).y()
    assert view.keyboard_room.height() > 0  # room to scroll the last field up too
    view.keep_clear_of(QRect())  # the keyboard closed
    assert view.keyboard_room.height() == 0


def test_review_declaration_message_beside_its_box_and_aligned_values(qtbot, birth_form, household):
    window, controller, form = birth_form()
    fill_all(form, household)
    click(qtbot, form.next_button)
    session = controller.session
    assert session.state is State.DOCUMENTS, dict(session.data.form_errors)
    photo = cv2.imencode(".jpg", document_scene())[1].tobytes()
    for doc_id in list(session.data.required_documents):
        controller.citizen.document_captured(doc_id, photo)
    controller.citizen.documents_done()
    review = window.current_screen()
    assert isinstance(review, ReviewScreen)
    click(qtbot, review.send_button)
    settle(qtbot)
    assert session.state is State.REVIEW
    assert review.declaration_error.text() == "Centang pernyataan kebenaran data untuk melanjutkan."
    assert review.declaration_error.isVisibleTo(window) and not review.notice.text()
    gap = review.declaration.geometry().top() - review.declaration_error.geometry().bottom()
    assert 0 <= gap <= 32  # right above the box
    assert review.declaration.hasFocus()
    click(qtbot, review.declaration)
    assert not review.declaration_error.text()
    # the values of the subject's card and of the application's card start at the same x
    page = review.scroll.widget()
    columns = {label.mapTo(page, QPoint(0, 0)).x() for label in review.value_labels.values()}
    assert len(review.value_labels) > 10 and len(columns) == 1
