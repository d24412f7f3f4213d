"""The session over the real service catalog, through kiosk/session/rules.py."""

from __future__ import annotations

import datetime as dt

import pytest
from test_session_support import (
    MATCH,
    SCAN,
    TODAY,
    VALID_KK,
    VALID_NIK,
    FakeClock,
    good_capture,
)

from kiosk.catalog import Catalog, Ineligibility, default_catalog
from kiosk.ports import ServiceRules, VerificationResult
from kiosk.session import Session, State
from kiosk.session.rules import CatalogRules

S = State
KK_VALUES = {"nomor_kk": VALID_KK, "alasan_cetak": "perubahan_data", "nomor_hp": "081234567890"}


@pytest.fixture
def rules() -> CatalogRules:
    return CatalogRules(default_catalog(), today=lambda: TODAY)


def verified(
    rules: CatalogRules, result: VerificationResult | None = MATCH, nik: str = VALID_NIK
) -> Session:
    s = Session(rules, clock=FakeClock(), today=lambda: TODAY)
    s.start()
    s.choose_language("id")
    s.enter_nik(nik)
    s.give_consent()
    s.face_captured(good_capture())
    if result is None:
        s.server_unreachable()
    else:
        s.verification_result(result)
    assert s.state is S.SERVICE
    return s


def test_adapter_is_a_service_rules(rules):
    assert isinstance(rules, ServiceRules)
    with pytest.raises(KeyError):
        rules.service("paspor")


def test_unknown_service_stays_on_the_service_screen(rules):
    s = verified(rules)
    s.choose_service("paspor")
    assert s.state is S.SERVICE and s.data.error.code == "unknown_service"


def test_cetak_kk_documents_depend_on_the_reason(rules):
    s = verified(rules)
    s.choose_service("cetak-kk")
    assert s.state is S.FORM
    s.submit_form({**KK_VALUES, "alasan_cetak": "hilang"})
    # The police report needs a photo; the KTP-el is checked by the face match, not scanned.
    assert s.state is S.DOCUMENTS and s.data.required_documents == ["surat_kehilangan"]
    s.document_captured("surat_kehilangan", SCAN)
    s.documents_done()
    assert s.state is S.REVIEW
    s.back()
    s.back()
    s.submit_form(KK_VALUES)
    assert s.state is S.REVIEW and s.data.documents == {}


def test_form_problems_come_from_the_catalog(rules):
    s = verified(rules)
    s.choose_service("cetak-kk")
    s.submit_form({"nomor_kk": "123", "alasan_cetak": "rusak"})
    assert s.state is S.FORM and s.data.error.code == "form_invalid"
    problems = s.data.form_errors
    assert set(problems) == {"nomor_kk", "nomor_hp"}
    assert problems["nomor_kk"].message_id and problems["nomor_kk"].message_en


def test_server_facts_decide_eligibility_and_unknown_facts_do_not_block(rules):
    no_str = VerificationResult("match", prefill={"has_str": False}, session_token="t")
    s = verified(rules, no_str)
    s.choose_service("sip-dokter")
    assert s.state is S.SERVICE and s.data.error.code == "not_eligible"
    (reason,) = s.data.error.details
    assert isinstance(reason, Ineligibility) and reason.rule_id == "str-required"
    assert reason.message_id and reason.message_en
    offline = verified(rules, None)  # no server data: the server decides later
    offline.choose_service("sip-dokter")
    assert offline.state is S.FORM


def test_every_catalog_service_lists_only_photo_documents(rules):
    catalog = rules.catalog
    assert len(catalog) > 30
    for service in catalog:
        photo_docs = {doc.id for doc in service.documents if doc.field is not None}
        assert set(rules.required_documents(service.id, {})) <= photo_docs, service.id
        assert isinstance(rules.is_eligible(service.id, {"age": 30}), list)


def test_the_catalog_given_is_the_one_used_and_the_packaged_one_otherwise():
    packaged = default_catalog()
    only_kk = Catalog("test", packaged.groups, [packaged.get("cetak-kk")])
    assert CatalogRules(only_kk).catalog is only_kk
    with pytest.raises(KeyError) as info:
        CatalogRules(only_kk).service("kia")
    assert info.value.args == ("kia",)
    assert CatalogRules().catalog.get("kia") is not None


def test_dates_are_checked_against_the_rules_today():
    born = {"tanggal_lahir_anak": "2026-11-29"}
    on_27th = CatalogRules(default_catalog(), today=lambda: dt.date(2026, 11, 27))
    problems = on_27th.validate_form("akta-kelahiran", born, {})
    assert problems["tanggal_lahir_anak"].code == "date_in_future"
    # document photos are taken after the form: the form does not ask for them
    assert "foto_surat_keterangan_lahir" not in problems
    on_1st = CatalogRules(default_catalog(), today=lambda: dt.date(2026, 12, 1))
    assert "tanggal_lahir_anak" not in on_1st.validate_form("akta-kelahiran", born, {})


def test_which_documents_depends_on_the_age_on_the_rules_today():
    """The KIA needs the child's photo from age 5: the child born 28 Nov 2021 is 4 on 27 Nov
    2026, the one born a day earlier 5."""
    rules = CatalogRules(default_catalog(), today=lambda: dt.date(2026, 11, 27))
    assert rules.required_documents("kia", {"nik_anak": "3171012811210001"}) == []
    assert rules.required_documents("kia", {"nik_anak": "3171012711210001"}) == ["pas_foto_anak"]


MOVE_ALONE = {
    "nomor_kk": "3171012003180001",
    "status_dalam_keluarga": "kepala_keluarga",
    "cakupan_pindah": "pemohon_sendiri",
    "klasifikasi_pindah": "antar_provinsi",
    "alasan_pindah": "pekerjaan",
    "alamat_tujuan": "Jl. Merdeka No. 5, RT 001/RW 002, Kel. Sukajadi, Kota Bandung",
    "kode_pos_tujuan": "40162",
    "rencana_tanggal_pindah": "2026-12-15",
    "nomor_hp": "081234567890",
}


def test_form_rules_see_the_server_facts(rules):
    """A head of family cannot move out alone when others are on the KK: how many people are
    on it is a server fact the session passes on."""
    assert rules.validate_form("pindah-keluar", MOVE_ALONE, {"family_member_count": 1}) == {}
    problems = rules.validate_form("pindah-keluar", MOVE_ALONE, {"family_member_count": 4})
    assert set(problems) == {"cakupan_pindah"}
    assert problems["cakupan_pindah"].code == "not_eligible"


def test_the_population_record_dates_the_applicant_not_the_nik(rules):
    """A NIK has a two-digit year: 450324 reads as a woman born 5 Mar 2024. Her population
    record (the server's answer) says 1924, so she is 102, not 2."""
    nik = "3171014503240003"
    record = {"nik": nik, "birth_date": "1924-03-05", "sex": "F"}
    online = verified(rules, VerificationResult("match", prefill=record, session_token="t"), nik)
    facts = online.facts()
    assert (facts["birth_date"], facts["age"]) == (dt.date(1924, 3, 5), 102)
    offline = verified(rules, None, nik).facts()  # no record: the NIK's reading is all there is
    assert (offline["birth_date"], offline["age"]) == (dt.date(2024, 3, 5), 2)
