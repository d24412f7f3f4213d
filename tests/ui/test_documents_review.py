"""Documents (the camera photographs each required document by itself, retake) and the review
(everything entered, edit links, the declaration), driven through the real window."""

from __future__ import annotations

import pytest
from journey_support import (
    back_to_service,
    click,
    document_scene,
    good_value,
    held_document_frames,
    journey_kiosk,
    settle,
)
from PySide6.QtGui import QImage

from kiosk.catalog import default_catalog
from kiosk.session import State
from ui.forms.factory import form_fields
from ui.screens.documents import DocumentsScreen
from ui.screens.review import ReviewScreen

# journey_kiosk builds kiosks (ui.app.build_kiosk): app_state puts language and theme back.
pytestmark = pytest.mark.usefixtures("app_state")
CATALOG = default_catalog()
SERVICE = "akta-kematian"  # one document to photograph: the death letter
DOC = "surat_keterangan_kematian"


def fill_and_send_form(qtbot, window, controller, family, service_id: str):
    screen = window.current_screen()
    service = CATALOG.get(service_id)
    screen.show_group(service.group)
    click(qtbot, screen.tile(service_id).button)
    settle(qtbot)
    form = window.current_screen()
    about, other = form_fields(service)
    for field in about + other:
        value = good_value(service, field, family["child"], family["adults"], family["kk"])
        form.field(field.id).set_value(value)
    click(qtbot, form.next_button)
    settle(qtbot)
    return form


def kiosk(qtbot, family, frames=None, language="id", orientation="portrait"):
    return journey_kiosk(
        qtbot,
        language,
        family["prefill"],
        family["applicant"].nik,
        orientation,
        camera_frames=frames if frames is not None else held_document_frames(),
    )


def test_the_document_is_photographed_when_held_still_and_can_be_retaken(qtbot, family):
    window, controller, session = kiosk(qtbot, family)
    fill_and_send_form(qtbot, window, controller, family, SERVICE)
    assert session.state is State.DOCUMENTS
    assert session.data.required_documents == [DOC]
    screen = window.current_screen()
    assert isinstance(screen, DocumentsScreen)
    qtbot.waitUntil(lambda: DOC in session.data.documents, timeout=15000)
    first = bytes(session.data.documents[DOC])
    picture = QImage.fromData(first)
    assert not picture.isNull() and picture.width() == 1200
    assert picture.width() / picture.height() == pytest.approx(560 / 360, rel=0.05)
    settle(qtbot)
    assert screen.retake_button.isVisibleTo(window) and screen.continue_button.isVisibleTo(window)
    assert screen.next_button.isEnabled()
    assert screen.row_widgets[DOC][1].text() == "\u2713 Sudah"
    # retake: the camera runs again and the new photo replaces the old one
    click(qtbot, screen.retake_button)
    assert screen.worker is not None
    qtbot.waitUntil(lambda: screen.worker is None, timeout=15000)
    assert DOC in session.data.documents
    click(qtbot, screen.continue_button)
    assert session.state is State.REVIEW


def test_a_blurred_document_is_never_taken_and_the_citizen_is_told_why(qtbot, family):
    frames = [document_scene(blur=4.0)] * 20
    window, controller, session = kiosk(qtbot, family, frames, language="en")
    fill_and_send_form(qtbot, window, controller, family, SERVICE)
    screen = window.current_screen()
    qtbot.waitUntil(lambda: screen.worker is None, timeout=15000)  # the frames ran out
    assert DOC not in session.data.documents
    assert screen.code == "blurry"
    assert "not sharp" in screen.instruction.text()
    assert not screen.next_button.isEnabled()
    click(qtbot, screen.next_button)  # disabled: nothing happens
    assert session.state is State.DOCUMENTS


def test_documents_missing_is_explained_with_the_document_names(qtbot, family):
    frames = [document_scene(blur=4.0)] * 3
    window, controller, session = kiosk(qtbot, family, frames)
    fill_and_send_form(qtbot, window, controller, family, SERVICE)
    screen = window.current_screen()
    qtbot.waitUntil(lambda: screen.worker is None, timeout=15000)
    controller.citizen.documents_done()
    assert session.state is State.DOCUMENTS
    assert "belum difoto" in screen.notice.text() or "belum dipindai" in screen.notice.text()
    assert "Surat Keterangan Kematian" in screen.notice.text()


def test_review_shows_every_answer_with_edit_links_and_needs_the_declaration(qtbot, family):
    window, controller, session = kiosk(qtbot, family)
    fill_and_send_form(qtbot, window, controller, family, SERVICE)
    qtbot.waitUntil(lambda: DOC in session.data.documents, timeout=15000)
    controller.citizen.documents_done()
    review = window.current_screen()
    assert isinstance(review, ReviewScreen)
    service = CATALOG.get(SERVICE)
    about, other = form_fields(service)
    assert set(review.edit_links) == {f.id for f in about + other}
    assert review.value_labels["hubungan_pelapor"].text() == "Suami"  # the option's label
    nik = session.data.form_values["nik_almarhum"]
    assert review.value_labels["nik_almarhum"].text() == " ".join(
        nik[i : i + 4] for i in range(0, 16, 4)
    )
    assert DOC in review.retake_links
    # sending without the declaration: the core's message
    click(qtbot, review.send_button)
    assert session.state is State.REVIEW
    assert "pernyataan" in review.notice.text()
    # "Change" goes back to the form, on that field, with every answer kept
    click(qtbot, review.edit_links["tempat_kematian"])
    settle(qtbot)
    assert session.state is State.FORM
    form = window.current_screen()
    assert form.field("tempat_kematian").edit.hasFocus()
    form.field("tempat_kematian").set_value("Rumah Sakit Umum Daerah")
    click(qtbot, form.next_button)
    settle(qtbot)
    assert session.state is State.DOCUMENTS  # the photo is kept: nothing to retake
    assert DOC in session.data.documents
    controller.citizen.documents_done()
    review = window.current_screen()
    assert review.value_labels["tempat_kematian"].text() == "Rumah Sakit Umum Daerah"
    review.declaration.setChecked(True)
    click(qtbot, review.send_button)
    assert session.state is not State.REVIEW
    assert session.data.declaration or session.state is State.SUBMITTED


def test_retake_from_the_review_opens_the_camera_for_that_document(qtbot, family):
    window, controller, session = kiosk(qtbot, family, language="en")
    fill_and_send_form(qtbot, window, controller, family, SERVICE)
    qtbot.waitUntil(lambda: DOC in session.data.documents, timeout=15000)
    controller.citizen.documents_done()
    review = window.current_screen()
    click(qtbot, review.retake_links[DOC])
    assert session.state is State.DOCUMENTS
    screen = window.current_screen()
    qtbot.waitUntil(lambda: screen.worker is not None, timeout=5000)
    assert screen.active == DOC
    qtbot.waitUntil(lambda: screen.worker is None, timeout=15000)
    back_to_service(controller)


def test_a_new_citizen_never_sees_the_previous_answers(qtbot, family):
    window, controller, session = kiosk(qtbot, family)
    fill_and_send_form(qtbot, window, controller, family, SERVICE)
    qtbot.waitUntil(lambda: DOC in session.data.documents, timeout=15000)
    controller.citizen.documents_done()
    review = window.current_screen()
    assert review.value_labels
    controller.citizen.cancel()
    settle(qtbot)
    for screen in window.screens():
        if isinstance(screen, ReviewScreen):
            assert not screen.value_labels
        if isinstance(screen, DocumentsScreen):
            assert screen.worker is None and screen.view.pixmap().isNull()
        form = getattr(screen, "form", None)
        if form is not None and hasattr(form, "widgets"):
            assert form.widgets == {} and form.service is None


def test_no_camera_tells_the_citizen_to_ask_staff(qtbot, family):
    from camera.sources import SourceError

    def broken():  # the kiosk's camera is unplugged
        raise SourceError("cannot open camera 0")

    window, controller, session = journey_kiosk(
        qtbot, "en", family["prefill"], family["applicant"].nik, camera_factory=broken
    )
    fill_and_send_form(qtbot, window, controller, family, SERVICE)
    screen = window.current_screen()
    qtbot.waitUntil(lambda: screen.camera_problem, timeout=5000)
    assert "ask a staff member" in screen.notice.text()
    assert session.state is State.DOCUMENTS
