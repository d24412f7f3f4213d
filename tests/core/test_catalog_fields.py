"""Field validation: every field type with good and bad values, messages in both languages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk.catalog import (
    Field,
    Option,
    normalize_value,
    validate_form,
    validate_value,
)
from kiosk.catalog.fields import resolve_date_bound

TODAY = dt.date(2026, 11, 27)
NIK = "3171011205900001"  # Jakarta, born 12 May 1990
CHILD_NIK = "3171015003150002"  # Jakarta, girl born 10 March 2015
KK = "3171012003180001"


def field(type_: str, **extra) -> Field:
    return Field(
        id="isian",
        type=type_,
        label_id="Isian Uji",
        label_en="Test Entry",
        help_id="bantuan",
        help_en="help",
        **extra,
    )


def check(f: Field, value):
    return validate_value(f, value, today=TODAY)


def code(f: Field, value) -> str | None:
    problem = check(f, value)
    if problem is not None:  # every problem speaks both languages and names the field
        assert problem.field_id == f.id
        assert problem.message_id.strip() and problem.message_en.strip()
        assert problem.message_id != problem.message_en
    return problem and problem.code


def test_required_and_optional_empty_values():
    for empty in (None, "", "   ", []):
        problem = check(field("text"), empty)
        assert problem.code == "required"
        assert problem.message_id == "Isian Uji wajib diisi."
        assert problem.message_en == "Test Entry is required."
        assert check(field("text", required=False), empty) is None
        assert check(field("phone", required=False), empty) is None


def test_text_length_and_pattern(catalog):
    f = field("text", min_length=3, max_length=10, pattern="[A-Za-z ]+")
    assert code(f, "Budi") is None
    assert code(f, "  Budi  ") is None  # surrounding spaces do not count
    assert code(f, "Bu") == "too_short"
    assert check(f, "Bu").message_id == "Isian Uji paling sedikit 3 karakter."
    assert code(f, "Budi Santoso Wijaya") == "too_long"
    assert code(f, "Budi 2") == "pattern"
    assert code(f, 12345) == "bad_value"
    assert code(field("text"), "x" * 501) == "too_long"  # a default limit always applies
    postcode = catalog.get("pindah-keluar").field("kode_pos_tujuan")
    assert code(postcode, "28292") is None
    problem = check(postcode, "2829")
    assert problem.code == "pattern" and "5 angka" in problem.message_id  # the catalog's message
    name = catalog.get("akta-kelahiran").field("nama_anak")
    assert code(name, "Siti Aisyah") is None
    assert code(name, "Siti") == "pattern"
    assert code(name, "M. Rizki") == "pattern"


def test_address(catalog):
    f = catalog.get("pindah-keluar").field("alamat_tujuan")
    assert code(f, "Jl. Sudirman No. 10, RT 002/RW 003, Kel. Simpang Tiga, Pekanbaru") is None
    assert code(f, "Jl. A") == "too_short"
    assert code(f, "x" * 251) == "too_long"


def test_number_with_decimal_comma_range_and_integer(catalog):
    weight = catalog.get("akta-kelahiran").field("berat_lahir")
    assert code(weight, "3,2") is None
    assert code(weight, "3.2") is None
    assert code(weight, 3) is None
    assert code(weight, "tiga") == "not_a_number"
    assert code(weight, True) == "not_a_number"
    problem = check(weight, "0,2")
    assert problem.code == "too_small"
    assert problem.message_id == "Berat Lahir paling kecil 0,3 kg."
    assert problem.message_en == "Birth Weight must be at least 0.3 kg."
    assert code(weight, "8") == "too_large"
    order = catalog.get("akta-kelahiran").field("anak_ke")
    assert code(order, "2") is None
    assert code(order, "2,5") == "not_integer"
    assert code(order, 0) == "too_small"
    assert normalize_value(order, "2") == 2
    assert normalize_value(weight, "3,2") == 3.2


def test_date_format_and_ranges(catalog):
    birth = catalog.get("akta-kelahiran").field("tanggal_lahir_anak")
    assert code(birth, "2026-11-20") is None
    assert code(birth, dt.date(2026, 11, 27)) is None  # today is fine
    assert code(birth, dt.datetime(2026, 1, 1, 8, 30)) is None
    problem = check(birth, "2026-11-28")
    assert problem.code == "date_in_future"
    assert problem.message_id == "Tanggal Lahir tidak boleh melewati hari ini."
    for bad in ("27-11-2026", "2026-02-30", "kemarin", "2026/11/20", 20261120):
        assert code(birth, bad) == "bad_date", bad
    problem = check(birth, "1899-12-31")
    assert problem.code == "date_too_early"
    assert problem.message_id.endswith("sebelum 1 Januari 1900.")
    assert problem.message_en.endswith("before 1 January 1900.")
    moving = catalog.get("pindah-keluar").field("rencana_tanggal_pindah")  # today-30d .. today+1y
    assert code(moving, "2026-10-28") is None
    assert code(moving, "2026-10-27") == "date_too_early"
    assert code(moving, "2027-11-27") is None
    problem = check(moving, "2027-11-28")
    assert problem.code == "date_too_late" and "27 November 2027" in problem.message_id
    assert normalize_value(moving, dt.date(2027, 1, 5)) == "2027-01-05"


def test_relative_date_bounds():
    assert resolve_date_bound("today", TODAY) == TODAY
    assert resolve_date_bound("today-17y", TODAY) == dt.date(2009, 11, 27)
    assert resolve_date_bound("today+30d", TODAY) == dt.date(2026, 12, 27)
    assert resolve_date_bound("today-1m", dt.date(2026, 3, 31)) == dt.date(2026, 2, 28)
    assert resolve_date_bound("today+1y", dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)
    assert resolve_date_bound("2020-01-01", TODAY) == dt.date(2020, 1, 1)


def test_choice(catalog):
    reason = catalog.get("cetak-kk").field("alasan_cetak")
    assert code(reason, "hilang") is None
    assert code(reason, "Hilang") == "not_an_option"  # values, not labels
    assert code(reason, "dicuri") == "not_an_option"
    assert code(reason, ["hilang"]) == "not_an_option"
    place = catalog.get("sip-bidan").field("tempat_praktik_ke")
    assert code(place, "2") is None and code(place, 2) is None
    assert code(place, "4") == "not_an_option"
    assert reason.option("rusak") == Option("rusak", "Rusak", "Damaged")


def test_nik_uses_kiosk_nik(catalog):
    f = catalog.get("kia").field("nik_anak")
    assert code(f, CHILD_NIK) is None
    assert code(f, "3171 0150 0315 0002") is None  # spaces as typed from the card
    assert normalize_value(f, "3171 0150 0315 0002") == CHILD_NIK
    expected = {
        "317101500315000": "nik_wrong_length",
        "31710150031500ab": "nik_not_digits",
        "9971015003150002": "nik_unknown_province",
        "3171015003150000": "nik_zero_serial",
        "3171013213900001": "nik_invalid_date",
    }
    for value, problem_code in expected.items():
        assert code(f, value) == problem_code, value
    problem = check(f, "317101500315000")
    assert problem.message_id == "NIK Anak: NIK harus terdiri dari 16 angka."
    assert problem.message_en == "Child's NIK: The NIK must have exactly 16 digits."
    assert code(f, 3171015003150002) is None
    assert code(f, True) == "bad_value"


def test_kk_uses_kiosk_parse_kk(catalog):
    f = catalog.get("cetak-kk").field("nomor_kk")
    assert code(f, KK) is None
    assert code(f, "31710120031800") == "kk_wrong_length"
    assert code(f, "3171013203180001") == "kk_invalid_date"
    assert "Nomor KK" in check(f, "31710120031800").message_id


def test_phone_indonesian_mobile(catalog):
    f = catalog.get("cetak-kk").field("nomor_hp")
    good = ["081234567890", "0812-3456-7890", "+62 812 3456 7890", "6281234567890", "0812345678"]
    for value in good:
        assert code(f, value) is None, value
    bad = ["0212345678", "08123", "08123456789012", "+1 415 555 0100", "08l234567890", 81234567890]
    for value in bad:
        assert code(f, value) == "bad_phone", value
    assert normalize_value(f, "+62 812-3456-7890") == "081234567890"


def test_email_simple_syntax(catalog):
    f = catalog.get("sip-perawat").field("email")
    for value in ("siti.aminah@gmail.com", "perawat+sip@rsud.pekanbaru.go.id"):
        assert code(f, value) is None, value
    for value in (
        "siti",
        "siti@",
        "@gmail.com",
        "siti@gmail",
        "siti aminah@gmail.com",
        "a..b@x.id",
    ):
        assert code(f, value) == "bad_email", value
    assert code(f, "a" * 250 + "@x.id") == "bad_email"


def test_document_photo(catalog, tmp_path):
    f = catalog.get("sip-perawat").field("pas_foto")
    assert code(f, b"\xff\xd8jpeg bytes") is None
    assert code(f, bytearray(b"img")) is None
    assert code(f, tmp_path / "pas_foto.jpg") is None
    assert code(f, "capture-17.jpg") is None
    assert code(f, None) == "required"
    assert code(f, b"") == "required"
    assert code(f, 42) == "bad_value"
    assert isinstance(tmp_path, Path)


def test_multiple_values(catalog):
    f = catalog.get("pindah-keluar").field("nik_anggota_pindah")
    assert f.multiple and f.max_items == 15 and not f.required
    assert code(f, []) is None
    assert code(f, [NIK, CHILD_NIK]) is None
    problem = check(f, [NIK, "", "123"])
    assert problem.code == "nik_wrong_length" and problem.item == 2
    problem = check(f, [NIK, "3171 0112 0590 0001"])
    assert problem.code == "duplicate" and problem.item == 1
    assert code(f, [NIK] * 16) == "too_many"
    assert normalize_value(f, ["3171 0112 0590 0001", ""]) == [NIK]


def test_validate_form_reports_each_bad_field_and_unknown_entries(catalog):
    service = catalog.get("cetak-kk")
    good = {"nomor_kk": KK, "alasan_cetak": "rusak", "nomor_hp": "081234567890"}
    assert validate_form(service, good, TODAY) == {}
    problems = validate_form(
        service, {"nomor_kk": "123", "alasan_cetak": "rusak", "warna": "merah"}, TODAY
    )
    assert set(problems) == {"nomor_kk", "nomor_hp", "warna"}
    assert problems["nomor_kk"].code == "kk_wrong_length"
    assert problems["nomor_hp"].code == "required"
    assert problems["warna"].code == "unknown_field"


def test_validate_form_can_leave_document_photos_for_later(catalog):
    service = catalog.get("sip-perawat")
    values = {
        "jenis_permohonan": "baru",
        "tempat_praktik_ke": "1",
        "nomor_str": "1234567890123456",
        "nama_fasyankes": "RSUD Arifin Achmad",
        "jenis_fasyankes": "rumah_sakit",
        "alamat_fasyankes": "Jl. Diponegoro No. 2, Sumahilang, Pekanbaru Kota",
        "nomor_hp": "081234567890",
        "email": "ners.siti@gmail.com",
        "jenis_str": "seumur_hidup",
        "tidak_praktik_5_tahun": "tidak",
    }
    assert validate_form(service, values, TODAY, include_documents=False) == {}
    missing = validate_form(service, values, TODAY)
    assert set(missing) == {"foto_surat_fasyankes", "foto_str", "pas_foto"}


def test_validate_form_reports_rules_broken_by_the_answers(catalog):
    service = catalog.get("pindah-keluar")
    values = {
        "nomor_kk": KK,
        "status_dalam_keluarga": "kepala_keluarga",
        "cakupan_pindah": "pemohon_sendiri",
        "klasifikasi_pindah": "antar_provinsi",
        "alasan_pindah": "pekerjaan",
        "alamat_tujuan": "Jl. Merdeka No. 5, RT 001/RW 002, Kel. Sukajadi, Kota Bandung",
        "kode_pos_tujuan": "40162",
        "rencana_tanggal_pindah": "2026-12-15",
        "nomor_hp": "081234567890",
    }
    problems = validate_form(service, values, TODAY, facts={"family_member_count": 4})
    assert set(problems) == {"cakupan_pindah"}
    assert problems["cakupan_pindah"].code == "not_eligible"
    assert "Kepala keluarga" in problems["cakupan_pindah"].message_id
    assert validate_form(service, values, TODAY, facts={"family_member_count": 1}) == {}
    assert (
        validate_form(
            service,
            {**values, "cakupan_pindah": "seluruh_keluarga"},
            TODAY,
            facts={"family_member_count": 4},
        )
        == {}
    )
    kia = catalog.get("kia")
    child = {
        "nik_anak": "3171010101080003",  # born 1 January 2008: 18 on TODAY
        "nama_anak": "Dewi Lestari",
        "hubungan_dengan_anak": "ibu",
        "nomor_akta_kelahiran": "3171-LT-01012008-0003",
        "nomor_hp": "081234567890",
    }
    problems = validate_form(kia, child, TODAY)
    assert problems["nik_anak"].code == "not_eligible"
    assert validate_form(kia, {**child, "nik_anak": CHILD_NIK}, TODAY) == {}
