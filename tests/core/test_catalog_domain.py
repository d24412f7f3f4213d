"""Domain rules as the law now stands, each as catalog data (docs/domain.md lists them with
their sources and the date they were checked)."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.catalog import check_eligibility, default_catalog, documents_needed, validate_value

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def catalog():
    return default_catalog()


def test_every_sip_is_decided_within_five_working_days(catalog):
    # National MPP Digital agreement of 9 September 2025: at most 5 working days, issued
    # automatically on day 5 if nobody acts (the "1 hour" came from a pilot article).
    sips = [s for s in catalog.services if s.id.startswith("sip-")]
    assert len(sips) == 31
    for service in sips:
        time = service.processing_time
        assert (time.value, time.unit) == (5, "working_days"), service.id
        assert "5 hari kerja" in time.text_id and "otomatis" in time.text_id


@pytest.mark.parametrize(
    ("name", "accepted"),
    [
        ("Budi Santoso", True),
        ("Siti Nur Aisyah", True),
        ("Budi", False),  # one word: registered at the counter
        ("Budi-Santoso Putra", False),  # punctuation
        ("O'Neil Putra", False),
        ("Budi Santoso 2", False),  # digits
        ("M. Rizki", False),  # an abbreviation
    ],
)
def test_a_childs_name_has_letters_only_and_two_words(catalog, name, accepted):
    # Permendagri 73/2022 on recording names: at least two words; Pasal 5(3)(b): no digits or
    # punctuation. A one-word name is registered at the counter, where staff can decide.
    field = catalog.get("akta-kelahiran").field("nama_anak")
    problem = validate_value(field, name, TODAY)
    assert (problem is None) is accepted, (name, problem)
    if not accepted:
        assert "loket" in problem.message_id


def test_a_death_may_be_reported_by_someone_outside_the_family(catalog):
    # UU 24/2013 Pasal 44(1): the RT head (or someone on the RT/RW's letter) reports a death
    # within 30 days; it is not for the family only.
    service = catalog.get("akta-kematian")
    facts = {"hubungan_pelapor": "bukan_keluarga", "subject_age_years": 70}
    assert check_eligibility(service, facts) == []
    needed = {d.id for d in documents_needed(service, facts, include_undecided=False)}
    assert "surat_pengantar_rt_rw" in needed
    family = {
        d.id
        for d in documents_needed(service, {"hubungan_pelapor": "anak"}, include_undecided=False)
    }
    assert "surat_pengantar_rt_rw" not in family
    assert "30 hari" in service.help_id and "30 days" in service.help_en


def test_a_damaged_kk_is_reprinted_on_the_damaged_card_or_a_police_letter(catalog):
    # Perpres 96/2018 Pasal 13: a damaged KK is replaced on the damaged KK (or a police
    # letter) and the KTP-el
    service = catalog.get("cetak-kk")
    needed = {
        d.id for d in documents_needed(service, {"alasan_cetak": "rusak"}, include_undecided=False)
    }
    assert {"ktp_el", "kk_rusak"} <= needed and "surat_kehilangan" not in needed
    lost = {
        d.id for d in documents_needed(service, {"alasan_cetak": "hilang"}, include_undecided=False)
    }
    assert "kk_rusak" not in lost and "surat_kehilangan" in lost


def test_the_catalog_version_changed_with_the_rules(catalog):
    assert catalog.version == "2026.12.1"


def test_a_birth_is_reported_within_60_days_and_witnesses_only_on_the_sptjm_path(catalog):
    # Perpres 96/2018: a birth is reported within 60 days; two witnesses are needed only when
    # the parents sign a statement of responsibility (SPTJM) instead of a birth letter.
    service = catalog.get("akta-kelahiran")
    assert "60 hari" in service.help_id and "60 days" in service.help_en
    for witness in ("nik_saksi_1", "nik_saksi_2"):
        field = service.field(witness)
        assert field.required is False and "SPTJM" in field.help_id
        assert validate_value(field, "", TODAY) is None


def test_a_widow_proves_it_with_the_spouses_death_certificate(catalog):
    service = catalog.get("perubahan-biodata")
    needed = documents_needed(
        service, {"elemen_data": "status_perkawinan"}, include_undecided=False
    )
    proof = next(d for d in needed if d.id == "bukti_perkawinan")
    assert "Akta Kematian pasangan" in proof.name_id and "Death Certificate" in proof.name_en
