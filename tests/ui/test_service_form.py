"""Service choice and the generated form: every service's form in both languages, the core's
messages inline, prefill from the verification answer and the health-worker record, the family
quick picks, typing through the keypad and the keyboard, and a language switch mid-form."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from finish_support import real_kiosk, verified
from journey_support import (
    BAD_VALUES,
    back_to_service,
    click,
    enrolled_family,
    good_value,
    journey_kiosk,
    real_journey_kiosk,
    settle,
)
from PySide6.QtCore import Qt

from kiosk.catalog import default_catalog, validate_value
from kiosk.session import State
from server.models import HealthWorker
from ui.forms.digit_field import DigitField
from ui.forms.factory import form_fields
from ui.forms.list_field import ListField
from ui.screens.form import FormScreen
from ui.screens.service import ServiceScreen

# journey_kiosk builds kiosks (ui.app.build_kiosk): app_state puts language and theme back.
pytestmark = pytest.mark.usefixtures("app_state")
CATALOG = default_catalog()


def open_form(qtbot, window, controller, service_id: str) -> FormScreen:
    screen = window.current_screen()
    assert isinstance(screen, ServiceScreen)
    service = CATALOG.get(service_id)
    screen.show_group(service.group)
    click(qtbot, screen.tile(service_id).button)
    assert controller.session.state is State.FORM, controller.session.data.error
    form = window.current_screen()
    assert isinstance(form, FormScreen)
    settle(qtbot)
    return form


@pytest.fixture
def family(demo, clip_template) -> dict:
    """A demo family of this test's own (journey_support.enrolled_family)."""
    return enrolled_family(demo, clip_template)


@pytest.fixture
def open_kiosk(qtbot, make_kiosk, real_ports, family, clip_template):
    """open_kiosk(language="id", orientation="portrait") -> (window, controller, session): a
    kiosk on its real ports, the family's mother verified by the demo server, at SERVICE."""

    def make(language="id", orientation="portrait"):
        return real_journey_kiosk(
            qtbot, make_kiosk, real_ports, family, clip_template, language, orientation
        )

    return make


def test_the_catalog_has_39_services_in_two_groups():
    assert len(CATALOG) == 39
    assert {s.group for s in CATALOG} == {"adminduk", "nakes"}


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_service_form_accepts_valid_answers(qtbot, family, open_kiosk, language):
    window, controller, session = open_kiosk(language)
    outcomes = {}
    for service in CATALOG:
        form = open_form(qtbot, window, controller, service.id)
        about, other = form_fields(service)
        assert set(form.form.widgets) == {f.id for f in about + other}
        if service.subject.kind != "applicant":
            assert about, f"{service.id}: the person the application is about has no fields"
        # labels come from the catalog in the session's language
        for field in about + other:
            label = form.field(field.id).label.text()
            assert label.startswith(field.label_en if language == "en" else field.label_id)
        for field in about + other:
            widget = form.field(field.id)
            value = good_value(service, field, family["child"], family["adults"], family["kk"])
            widget.set_value(value)
        click(qtbot, form.next_button)
        outcomes[service.id] = (session.state, dict(session.data.form_errors))
        assert session.state in (State.DOCUMENTS, State.REVIEW), (service.id, outcomes[service.id])
        assert not form.form.errors()
        back_to_service(controller)
    assert len(outcomes) == 39


@pytest.mark.parametrize("language", ["id", "en"])
def test_bad_answers_get_the_core_messages_inline(qtbot, open_kiosk, language):
    window, controller, session = open_kiosk(language)
    checked = set()
    for service_id in ("akta-kelahiran", "pindah-keluar", "sip-bidan", "cetak-kk"):
        form = open_form(qtbot, window, controller, service_id)
        service = CATALOG.get(service_id)
        typed = {}
        for field_id, widget in form.form.widgets.items():
            field = service.field(field_id)
            for bad in BAD_VALUES.get(field.type, ()):
                widget.clear()
                if isinstance(widget, ListField):
                    widget.add_entry()
                    for ch in bad:
                        widget.entries[0].press(ch)
                elif isinstance(widget, DigitField):
                    for ch in bad:
                        widget.press(ch)
                else:
                    widget.set_value(bad)
                if validate_value(field, widget.value(), dt.date.today()) is not None:
                    typed[field_id] = widget
                    break
        click(qtbot, form.next_button)
        settle(qtbot)
        assert session.state is State.FORM
        assert form.notice.isVisibleTo(window)
        shown = form.form.errors()
        for field_id, widget in typed.items():
            field = service.field(field_id)
            problem = validate_value(field, widget.value(), dt.date.today())
            assert problem is not None, (service_id, field_id, widget.value())
            expected = problem.message_en if language == "en" else problem.message_id
            assert shown.get(field_id) == expected, (service_id, field_id)
            assert widget.error.isVisibleTo(window)
            checked.add(field.type)
        # empty required choices are reported too, in plain words (conditional ones only when
        # their condition holds: tested in tests/core/test_catalog_domain.py)
        for field_id, widget in form.form.widgets.items():
            field = service.field(field_id)
            if field.type == "choice" and field.required and not widget.value():
                label = field.label_en if language == "en" else field.label_id
                done = "is required." if language == "en" else "wajib diisi."
                assert shown[field_id] == f"{label} {done}"
        back_to_service(controller)
    assert checked >= {"text", "address", "nik", "kk", "phone", "email", "number", "date"}


def test_correcting_a_field_updates_its_message_as_it_is_typed(qtbot, open_kiosk):
    window, controller, session = open_kiosk()
    form = open_form(qtbot, window, controller, "cetak-biodata")
    click(qtbot, form.next_button)
    phone = form.field("nomor_hp")
    assert "wajib diisi" in phone.error.text()
    phone.focus_editor()
    for ch in "0812":
        click(qtbot, form.keypad.keys[ch])
    assert "08 atau +628" in phone.error.text()  # still wrong: the message says why
    for ch in "34567890":
        click(qtbot, form.keypad.keys[ch])
    assert phone.error.text() == ""
    assert phone.edit.text() == "0812-3456-7890"


def test_prefill_from_the_servers_verification_answer(qtbot, family, open_kiosk):
    """The mother of a demo family, verified by the demo server: its answer fills the forms
    (the STR number of a health worker: test_sip_form_takes_the_str_number_...)."""
    assert family["applicant"].marital_status == "Kawin"  # as the population register has it
    window, controller, session = open_kiosk()
    form = open_form(qtbot, window, controller, "cetak-kk")
    assert form.field("nomor_kk").value() == family["kk"]
    controller.citizen.back()
    form = open_form(qtbot, window, controller, "pisah-kk")
    assert form.field("status_perkawinan").value() == "kawin"  # "Kawin" on the KK
    controller.citizen.back()
    form = open_form(qtbot, window, controller, "pindah-keluar")
    assert form.field("status_dalam_keluarga").value() == "istri"


def test_family_quick_picks_fill_the_person_the_application_is_about(qtbot, family, open_kiosk):
    window, controller, session = open_kiosk("en")
    form = open_form(qtbot, window, controller, "kia")
    child = next(m for m in family["members"] if m.nik == family["child"])
    picker = form.form.pickers["nik_anak"]
    assert family["applicant"].nik not in picker.buttons  # the applicant is not her own child
    click(qtbot, picker.buttons[child.nik])
    assert form.field("nik_anak").value() == child.nik
    assert form.field("nama_anak").value() == child.name
    # several people: each tap adds or removes one
    controller.citizen.back()
    form = open_form(qtbot, window, controller, "pindah-keluar")
    others = [m for m in family["members"] if m.nik != family["applicant"].nik]
    picker = form.form.pickers["nik_anggota_pindah"]
    for member in others:
        click(qtbot, picker.buttons[member.nik])
    assert form.field("nik_anggota_pindah").value() == [m.nik for m in others]
    click(qtbot, picker.buttons[others[0].nik])
    assert form.field("nik_anggota_pindah").value() == [m.nik for m in others[1:]]
    assert picker.buttons[others[1].nik].isChecked()
    assert not picker.buttons[others[0].nik].isChecked()


def test_typing_through_keypad_keyboard_and_choice_buttons(qtbot, open_kiosk):
    window, controller, session = open_kiosk()
    form = open_form(qtbot, window, controller, "akta-kelahiran")
    assert not form.pad_panel.isVisible()
    name = form.field("nama_anak")
    qtbot.mouseClick(name.edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(name.edit, "Putri Lestari")
    assert not form.pad_panel.isVisible()  # free text: the virtual keyboard, not the keypad
    date = form.field("tanggal_lahir_anak")
    qtbot.mouseClick(date.edit, Qt.MouseButton.LeftButton)
    assert form.pad_panel.isVisible() and form.target is date
    yesterday = dt.date.today() - dt.timedelta(days=1)
    for ch in yesterday.strftime("%d%m%Y"):
        click(qtbot, form.keypad.keys[ch])
    assert date.value() == yesterday.isoformat()
    assert date.edit.text() == yesterday.strftime("%d-%m-%Y")
    weight = form.field("berat_lahir")
    qtbot.mouseClick(weight.edit, Qt.MouseButton.LeftButton)
    assert form.comma.isVisible()  # a decimal number gets a comma key
    for key in ("3", ",", "2"):
        click(qtbot, form.comma if key == "," else form.keypad.keys[key])
    assert weight.value() == "3,2"
    order = form.field("anak_ke")
    qtbot.mouseClick(order.edit, Qt.MouseButton.LeftButton)
    assert not form.comma.isVisible()  # a whole number does not
    qtbot.keyClicks(order.edit, "2")  # a hardware keyboard types into keypad fields too
    assert order.value() == "2"
    click(qtbot, form.done_button)
    assert not form.pad_panel.isVisible()
    sex = form.field("jenis_kelamin_anak")
    click(qtbot, sex.buttons["perempuan"])
    assert sex.value() == "perempuan"
    assert form.form.values()["nama_anak"] == "Putri Lestari"


def test_language_switch_mid_form_keeps_the_answers(qtbot, open_kiosk):
    window, controller, session = open_kiosk()
    form = open_form(qtbot, window, controller, "akta-kematian")
    form.field("nama_almarhum").set_value("Slamet Riyadi")
    form.field("nik_saksi_1").set_value("12")
    click(qtbot, form.next_button)
    assert "NIK Saksi Pertama" in form.form.errors()["nik_saksi_1"]
    assert form.field("nama_almarhum").label.text() == "Nama Lengkap Almarhum/Almarhumah"
    assert form.next_button.text() == "Lanjut"
    controller.set_language("en")
    qtbot.waitUntil(lambda: form.next_button.text() == "Next", timeout=3000)
    assert session.state is State.FORM
    assert form.field("nama_almarhum").value() == "Slamet Riyadi"
    assert form.field("nama_almarhum").label.text().startswith("Full Name of the Deceased")
    assert form.heading.text() == CATALOG.get("akta-kematian").name_en
    assert "First Witness's NIK" in form.form.errors()["nik_saksi_1"]
    assert form.form.intro.text().startswith("Fill in the form")


def test_ineligible_services_are_explained_not_hidden(qtbot, family):
    """The answer is given (journey_support.journey_kiosk): the server never sends has_str, and
    a missing STR must still be explained."""
    prefill = dict(family["prefill"], has_str=False)
    window, controller, session = journey_kiosk(qtbot, "en", prefill, family["applicant"].nik)
    screen = window.current_screen()
    screen.show_group("nakes")
    tile = screen.tile("sip-dokter")
    assert tile.isVisibleTo(window)
    assert "STR" in tile.reason.text() and tile.reason.isVisibleTo(window)
    click(qtbot, tile.button)
    assert session.state is State.SERVICE
    assert "STR" in screen.notice.text()
    assert screen.tile("cetak-kk").reason.text() == ""


def test_search_finds_services_by_name_in_both_groups(qtbot, open_kiosk):
    window, controller, session = open_kiosk("id", "landscape")
    screen = window.current_screen()
    qtbot.keyClicks(screen.search, "bidan")
    shown = [t.service.id for t in screen.tiles if t.isVisibleTo(window)]
    assert shown == ["sip-bidan"]
    screen.search.clear()
    qtbot.keyClicks(screen.search, "akta")
    shown = {t.service.id for t in screen.tiles if t.isVisibleTo(window)}
    assert shown == {"akta-kelahiran", "akta-kematian"}
    screen.search.setText("zzzz")
    assert screen.empty.isVisibleTo(window)


def test_sip_form_takes_the_str_number_from_the_health_worker_lookup(
    qtbot, make_kiosk, real_ports, demo, clip_template
):
    """The demo's registered doctor, verified by the server: the form asks the server's
    health-worker registry (sync.adapters.health_workers) for the STR number."""
    with demo.ctx.db() as db:  # the registry's record, as the health office keeps it
        worker = db.get(HealthWorker, demo.worker_nik)
        profession, str_number = worker.profession_code, worker.str_number
    assert profession == "dokter" and str_number
    controller, window, _ = real_kiosk(make_kiosk, real_ports)
    assert verified(qtbot, controller, demo.worker_nik, clip_template) is State.SERVICE
    form = open_form(qtbot, window, controller, "sip-dokter")
    qtbot.waitUntil(lambda: form.field("nomor_str").value() == str_number, timeout=10000)
    assert form.field("nomor_str").edit.text() == str_number


def test_a_corrected_answer_stays_corrected_when_the_screen_renders_again(
    qtbot, family, open_kiosk
):
    window, controller, session = open_kiosk()
    form = open_form(qtbot, window, controller, "cetak-biodata")
    form.field("keperluan").set_value("abc")
    click(qtbot, form.next_button)
    assert "paling sedikit 5" in form.form.errors()["keperluan"]
    form.field("keperluan").edit.setFocus()
    qtbot.keyClicks(form.field("keperluan").edit, " untuk melamar kerja")
    assert "keperluan" not in form.form.errors()
    later = time.monotonic() + session.config.warning_after + 1
    session.tick(later)  # the inactivity warning: "are you still there?" renders the screen
    settle(qtbot)
    assert session.warning and session.state is State.FORM
    assert "keperluan" not in form.form.errors()
    assert "nomor_hp" in form.form.errors()  # not corrected: still shown
