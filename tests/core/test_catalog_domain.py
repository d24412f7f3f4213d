"""Domain rules as the law now stands, each as catalog data (docs/domain.md lists them with
their sources and the date they were checked)."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.catalog import (
    check_eligibility,
    documents_needed,
    prefill_values,
    validate_form,
    validate_value,
)

TODAY = dt.date(2026, 11, 27)


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
    assert catalog.version == "2026.12.3"


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


BIRTH = {
    "nama_anak": "Putri Ayu Lestari",
    "jenis_kelamin_anak": "perempuan",
    "tempat_dilahirkan": "rumah_sakit",
    "tempat_lahir_anak": "Jakarta",
    "tanggal_lahir_anak": "2026-11-20",
    "anak_ke": 1,
    "nik_ibu": "3171014509900002",
    "nomor_kk": "3171012003180001",
    "hubungan_pelapor": "ibu",
    "nomor_hp": "081234567890",
}


def test_the_sptjm_path_is_a_choice_that_needs_both_witnesses(catalog):
    # Perpres 96/2018 Pasal 33 (and Permendagri 108/2019, form F-2.03): without a birth letter
    # the parent signs an SPTJM on the birth data, with two witnesses.
    service = catalog.get("akta-kelahiran")
    sptjm = {**BIRTH, "bukti_kelahiran": "sptjm"}
    problems = validate_form(service, sptjm, TODAY, include_documents=False)
    assert {k: p.code for k, p in problems.items()} == {
        "nik_saksi_1": "required",
        "nik_saksi_2": "required",
    }
    witnessed = {**sptjm, "nik_saksi_1": "3171010101800003", "nik_saksi_2": "3171010202850004"}
    assert validate_form(service, witnessed, TODAY, include_documents=False) == {}
    letter = {**BIRTH, "bukti_kelahiran": "surat_keterangan_lahir"}
    assert validate_form(service, letter, TODAY, include_documents=False) == {}
    assert "bukti_kelahiran" in validate_form(service, BIRTH, TODAY, include_documents=False)

    def needed(values):
        return {d.id for d in documents_needed(service, values, include_undecided=False)}

    assert {"sptjm_kelahiran"} <= needed(sptjm) and "surat_keterangan_lahir" not in needed(sptjm)
    assert "surat_keterangan_lahir" in needed(letter) and "sptjm_kelahiran" not in needed(letter)
    # the photo fields follow the same choice when the documents are checked at the end
    both = validate_form(service, letter, TODAY)
    assert "foto_surat_keterangan_lahir" in both and "foto_sptjm_kelahiran" not in both


# A girl born 5 Mar 2010 (day 05 + 40 for women): 16 on TODAY.
CHILD_NIK = "3171014503100002"
KIA = {
    "nik_anak": CHILD_NIK,
    "nama_anak": "Sari Wulandari",
    "hubungan_dengan_anak": "ibu",
    "nomor_akta_kelahiran": "3171-LT-05032010-0012",
    "nomor_hp": "081234567890",
}


def family(*members) -> dict:
    """Facts as the session passes them: the server's answer with the applicant's KK."""
    return {"family": [dict(m) for m in members]}


@pytest.mark.parametrize(
    ("status", "refused"),
    [("Belum Kawin", False), ("Kawin", True), ("Cerai Hidup", True), ("Cerai Mati", True)],
)
def test_a_kia_is_only_for_a_child_who_never_married(catalog, status, refused):
    # Permendagri 2/2016 Pasal 1 (what a KIA is): the identity of a child under 17 "dan belum
    # menikah"; a child who married (even if divorced since) has a KTP-el instead.
    service = catalog.get("kia")
    record = {"nik": CHILD_NIK, "name": "Sari", "relationship": "Anak", "marital_status": status}
    problems = validate_form(service, KIA, TODAY, facts=family(record), include_documents=False)
    if refused:
        assert problems["nik_anak"].code == "not_eligible"
        assert "belum pernah menikah" in problems["nik_anak"].message_id
    else:
        assert problems == {}


def test_a_kia_child_with_no_record_here_is_left_to_the_server(catalog):
    # Offline or not on the applicant's KK: nothing says the child married, so the kiosk
    # does not refuse (the server decides with the population record).
    service = catalog.get("kia")
    assert validate_form(service, KIA, TODAY, facts={}, include_documents=False) == {}


def test_the_population_record_dates_a_centenarian_not_the_nik(catalog):
    # A NIK carries a two-digit year (DDMMYY, ../shared/DOMAIN.md): 450324 reads as a girl born
    # 5 Mar 2024, a two-year-old. The grandmother on the KK was born 5 Mar 1924
    # (her population record): she is 102, so no KIA.
    nik = "3171014503240003"
    service = catalog.get("kia")
    values = {**KIA, "nik_anak": nik}
    assert validate_form(service, values, TODAY, facts={}, include_documents=False) == {}
    grandmother = {"nik": nik, "name": "Nenek", "relationship": "Famili Lain"}
    record = family({**grandmother, "birth_date": "1924-03-05", "marital_status": "Cerai Mati"})
    problems = validate_form(service, values, TODAY, facts=record, include_documents=False)
    assert problems["nik_anak"].code == "not_eligible"
    older = family({**grandmother, "birth_date": "1924-03-05"})  # age alone refuses her
    problems = validate_form(service, values, TODAY, facts=older, include_documents=False)
    assert "17 tahun" in problems["nik_anak"].message_id


SIP = {
    "jenis_permohonan": "baru",
    "tempat_praktik_ke": "1",
    "nomor_str": "QX00001234567890",
    "nama_fasyankes": "RSUD Arifin Achmad",
    "jenis_fasyankes": "rumah_sakit",
    "alamat_fasyankes": "Jl. Diponegoro No. 2, Sukajadi, Pekanbaru",
    "nomor_hp": "081234567890",
    "email": "bidan@example.id",
}


def test_a_first_sip_on_an_old_str_lasts_as_long_as_that_str(catalog):
    # SE Menkes HK.02.01/MENKES/6/2024: a first SIP based on an old (5-year) STR is valid only
    # until that STR expires; UU 17/2023 Pasal 264(3): otherwise 5 years.
    service = catalog.get("sip-bidan")
    assert "sampai STR lama habis" in service.description_id
    old = {**SIP, "jenis_str": "lima_tahun"}
    problems = validate_form(service, old, TODAY, include_documents=False)
    assert problems["str_berlaku_sampai"].code == "required"
    expired = {**old, "str_berlaku_sampai": "2026-11-26"}  # the day before TODAY
    problems = validate_form(service, expired, TODAY, include_documents=False)
    assert problems["str_berlaku_sampai"].message_id.startswith("STR lama Anda sudah habis")
    valid = {**old, "str_berlaku_sampai": "2028-03-31"}
    assert validate_form(service, valid, TODAY, include_documents=False) == {}


def test_the_str_kind_and_end_date_come_from_the_sdmk_record(catalog):
    service = catalog.get("sip-perawat")
    old = {"str_number": "QX1", "str_status": "active", "str_valid_until": "2028-03-31"}
    values = prefill_values(service, {}, health_worker=old)
    assert (values["jenis_str"], values["str_berlaku_sampai"]) == ("lima_tahun", "2028-03-31")
    lifetime = {"str_number": "QX2", "str_status": "active", "str_valid_until": None}
    values = prefill_values(service, {}, health_worker=lifetime)
    assert values["jenis_str"] == "seumur_hidup" and "str_berlaku_sampai" not in values


def test_a_lifetime_str_holder_away_for_5_years_proves_competence(catalog):
    # SE Menkes HK.02.01/MENKES/6/2024: a lifetime-STR holder who has not practised for more
    # than 5 years attaches extra documents to the SIP application.
    service = catalog.get("sip-dokter")
    lifetime = {**SIP, "jenis_str": "seumur_hidup"}
    problems = validate_form(service, lifetime, TODAY, include_documents=False)
    assert problems["tidak_praktik_5_tahun"].code == "required"

    def needed(values):
        return {d.id for d in documents_needed(service, values, include_undecided=False)}

    assert "bukti_kompetensi" in needed({**lifetime, "tidak_praktik_5_tahun": "ya"})
    assert "bukti_kompetensi" not in needed({**lifetime, "tidak_praktik_5_tahun": "tidak"})


def test_traditional_health_workers_are_grouped_as_uu_17_2023_does(catalog):
    # UU 17/2023 Pasal 199: tenaga kesehatan tradisional ramuan atau jamu, pengobat
    # tradisional, and interkontinental (UU 36/2014's ramuan/keterampilan split is gone).
    field = catalog.get("sip-nakestrad").field("kelompok_nakestrad")
    assert [o.value for o in field.options] == [
        "ramuan_jamu",
        "pengobat_tradisional",
        "interkontinental",
    ]
