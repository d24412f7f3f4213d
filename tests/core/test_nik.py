import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.cli import main
from kiosk.nik import (
    MESSAGES,
    KkError,
    NikError,
    is_valid_nik,
    mask_nik,
    nik_prefix_problem,
    parse_kk,
    parse_nik,
)
from kiosk.regions import regencies, time_zone

TODAY = dt.date(2026, 11, 27)
# Region names below are Kemendagri's (Kepmendagri 300.2.2-2138/2025 on area codes and names;
# e.g. 31.71 Kota Administrasi Jakarta Pusat, 12.71 Kota Medan, 91.71 Kota Jayapura).


def test_decodes_a_man():
    info = parse_nik("3171011708450001", TODAY)
    assert info.province == "Daerah Khusus Ibukota Jakarta"
    assert info.regency == "Kota Administrasi Jakarta Pusat"
    assert info.birth_date == dt.date(1945, 8, 17)
    assert info.sex == "M"
    assert info.serial == "0001"


def test_women_add_forty_to_the_day():
    info = parse_nik("3273015708900002", TODAY)
    assert info.sex == "F"
    assert info.birth_date == dt.date(1990, 8, 17)
    assert info.regency == "Kota Bandung"


def test_regency_codes_below_71_are_kabupaten():
    assert parse_nik("1101011708450001", TODAY).regency == "Kabupaten Aceh Selatan"


def test_century_is_the_latest_not_in_the_future():
    assert parse_nik("3171011708100001", TODAY).birth_date == dt.date(2010, 8, 17)
    assert parse_nik("3171012611260001", TODAY).birth_date == dt.date(2026, 11, 26)
    # The day after "today" in 2026 would be in the future: it must be 1926.
    assert parse_nik("3171012811260001", TODAY).birth_date == dt.date(1926, 11, 28)


def test_leap_day_picks_a_century_where_it_exists():
    # 29 Feb 00 exists in 2000 (leap) but not 1900.
    assert parse_nik("3171012902000001", TODAY).birth_date == dt.date(2000, 2, 29)


@pytest.mark.parametrize(
    ("nik", "code"),
    [
        ("317101170845001", "wrong_length"),
        ("31710117084500011", "wrong_length"),
        ("", "wrong_length"),
        ("31710117084500a1", "not_digits"),
        ("३१७१०११७०८४५०००१", "not_digits"),
        ("9971011708450001", "unknown_province"),
        ("2071011708450001", "unknown_province"),
        ("3171011708450000", "zero_serial"),  # serials are issued from 0001
        ("3171013208450001", "invalid_date"),
        ("3171011713450001", "invalid_date"),
        ("3171014008450001", "invalid_date"),
        ("3171017208450001", "invalid_date"),
        ("3171013002450001", "invalid_date"),
    ],
)
def test_each_failure_has_its_code_and_indonesian_message(nik, code):
    with pytest.raises(NikError) as caught:
        parse_nik(nik, TODAY)
    assert caught.value.code == code
    assert "NIK" in caught.value.message_id
    assert caught.value.message_en
    assert not is_valid_nik(nik)


def test_separators_are_tolerated():
    assert parse_nik("3171 0117 0845 0001", TODAY).nik == "3171011708450001"


def test_mask_hides_the_birth_date():
    assert mask_nik("3171011708450001") == "3171********0001"
    assert mask_nik("123") == "***"


# code -> (province, regency/city), Kepmendagri 300.2.2-2138/2025. The BPS numbering that
# python-stdnum follows named other places for several of these (1271 Kota Sibolga, 3171 Kota
# Jakarta Selatan, 9171 Papua Barat / Kota Sorong) and refused 65 and the 2022 Papua provinces.
KNOWN_REGIONS = {
    "1271": ("Sumatera Utara", "Kota Medan"),
    "9171": ("Papua", "Kota Jayapura"),
    "6501": ("Kalimantan Utara", "Kabupaten Bulungan"),
    "9671": ("Papua Barat Daya", "Kota Sorong"),
    "3171": ("Daerah Khusus Ibukota Jakarta", "Kota Administrasi Jakarta Pusat"),
    "3174": ("Daerah Khusus Ibukota Jakarta", "Kota Administrasi Jakarta Selatan"),
    "1108": ("Aceh", "Kabupaten Aceh Utara"),
    "3201": ("Jawa Barat", "Kabupaten Bogor"),
    "3273": ("Jawa Barat", "Kota Bandung"),
    "3578": ("Jawa Timur", "Kota Surabaya"),
    "5171": ("Bali", "Kota Denpasar"),
    "7371": ("Sulawesi Selatan", "Kota Makassar"),
}


@pytest.mark.parametrize(("code", "region"), KNOWN_REGIONS.items())
def test_known_regions_are_named(code, region):
    info = parse_nik(f"{code}011708450001", TODAY)
    assert (info.province, info.regency) == region
    assert info.warning is None


def test_the_region_table_has_the_38_provinces():
    # 34 provinces, plus Papua Selatan, Papua Tengah, Papua Pegunungan (UU 14-16/2022) and
    # Papua Barat Daya (UU 29/2022)
    assert len(regencies()) == 38
    assert {"92", "93", "94", "95", "96", "65"} <= set(regencies())


# Keppres 41/1987 on Indonesia's time zones: WIB for Sumatra, Java, West and Central Kalimantan;
# WITA for Bali, Nusa Tenggara, South, East and North Kalimantan and Sulawesi; WIT for Maluku and
# Papua. One province of each island group, and Kalimantan's split.
ZONE_OF_PROVINCE = {
    "11": "Asia/Jakarta",  # Aceh
    "21": "Asia/Jakarta",  # Kepulauan Riau
    "36": "Asia/Jakarta",  # Banten
    "61": "Asia/Pontianak",  # Kalimantan Barat (WIB)
    "62": "Asia/Pontianak",  # Kalimantan Tengah (WIB)
    "63": "Asia/Makassar",  # Kalimantan Selatan
    "65": "Asia/Makassar",  # Kalimantan Utara
    "51": "Asia/Makassar",  # Bali
    "53": "Asia/Makassar",  # Nusa Tenggara Timur
    "76": "Asia/Makassar",  # Sulawesi Barat
    "82": "Asia/Jayapura",  # Maluku Utara
    "91": "Asia/Jayapura",  # Papua
    "96": "Asia/Jayapura",  # Papua Barat Daya
}


@pytest.mark.parametrize(("code", "zone"), ZONE_OF_PROVINCE.items())
def test_each_province_has_its_time_zone(code, zone):
    assert time_zone(code) == zone and time_zone(code + "71") == zone


def test_every_province_has_a_time_zone_and_garbage_has_none():
    assert all(time_zone(code) for code in regencies())
    for garbage in ("", "9", "99", "ab", "٣١", "00"):
        assert time_zone(garbage) is None, garbage


def test_an_unknown_regency_is_a_warning_not_a_refusal():
    info = parse_nik("3199011708450001", TODAY)  # Jakarta has no regency 99 (yet)
    assert info.province == "Daerah Khusus Ibukota Jakarta" and info.regency is None
    assert info.warning == "unknown_regency"
    warning = NikError(info.warning)
    assert warning.message_id.startswith("Kode wilayah tidak dikenal")
    assert parse_kk("3199010101200001", TODAY).region.regency is None


@given(st.text(max_size=20))
def test_never_crashes_on_garbage(text):
    try:
        parse_nik(text, TODAY)
    except NikError as exc:
        assert exc.code in {
            "wrong_length",
            "not_digits",
            "unknown_province",
            "zero_serial",
            "invalid_date",
        }


def test_kk_number():
    info = parse_kk("3171010101200001", TODAY)
    assert info.registration_date == dt.date(2020, 1, 1)
    assert info.region.regency == "Kota Administrasi Jakarta Pusat"


@pytest.mark.parametrize(
    ("kk", "code"),
    [
        ("31710101012000", "wrong_length"),
        ("31710101012000x1", "not_digits"),
        ("9971010101200001", "unknown_province"),
        ("3171010101200000", "zero_serial"),
        ("3171014101200001", "invalid_date"),  # no +40 rule on a KK
    ],
)
def test_kk_errors(kk, code):
    with pytest.raises(KkError) as caught:
        parse_kk(kk, TODAY)
    assert caught.value.code == code
    assert "KK" in caught.value.message_id or "kode" in caught.value.message_id.lower()


def test_cli_json_valid(capsys):
    assert main(["nik", "3171011708450001", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {
        "nik": "3171011708450001",
        "valid": True,
        "province": "Daerah Khusus Ibukota Jakarta",
        "regency": "Kota Administrasi Jakarta Pusat",
        "district": "Gambir",
        "warning": None,
        "birth_date": "1945-08-17",
        "sex": "M",
        "error": None,
        "message": None,
    }


def test_cli_json_invalid_exits_1(capsys):
    assert main(["nik", "9971011708450001", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["valid"] is False
    assert out["error"] == "unknown_province"
    assert out["message"].startswith("Kode provinsi")
    assert set(out) == {
        "nik",
        "valid",
        "province",
        "regency",
        "birth_date",
        "sex",
        "error",
        "message",
    }


def test_cli_human_output(capsys):
    assert main(["nik", "3171015708100001", "--lang", "id"]) == 0
    out = capsys.readouterr().out
    assert "Kota Administrasi Jakarta Pusat" in out and "Perempuan" in out
    assert "Kabupaten/Kota" in out


def test_cli_speaks_english_by_default_for_technicians(capsys):
    assert main(["nik", "3171015708100001"]) == 0
    out = capsys.readouterr().out
    assert "Kota Administrasi Jakarta Pusat" in out and "Female" in out and "Birth date" in out
    assert "Perempuan" not in out
    assert main(["nik", "3171011708450000"]) == 1
    out = capsys.readouterr().out
    assert out == f"Invalid NIK (zero_serial): {MESSAGES['zero_serial'][1]}\n"
    assert main(["nik", "3171011708450000", "--lang", "id"]) == 1
    out = capsys.readouterr().out
    assert out == f"NIK tidak valid (zero_serial): {MESSAGES['zero_serial'][0]}\n"
    assert main(["nik", "3199011708450001"]) == 0  # an unknown regency: said, not refused
    assert "Unknown region code" in capsys.readouterr().out


def test_cli_json_message_follows_lang(capsys):
    assert main(["nik", "3171011708450000", "--json", "--lang", "en"]) == 1
    assert json.loads(capsys.readouterr().out)["message"] == MESSAGES["zero_serial"][1]


# --- a NIK still being typed (what the NIK screen says at once) ----------------------------


def test_a_prefix_is_fine_until_a_digit_makes_it_impossible():
    typed = "9971011708450001"  # no province 99
    answers = [nik_prefix_problem(typed[:n]) for n in range(len(typed) + 1)]
    assert answers[:2] == [None, None]
    assert all(a is not None and a.code == "unknown_province" for a in answers[2:])
    assert nik_prefix_problem("3199") is None  # an unknown regency is only a warning
    assert nik_prefix_problem("20").code == "unknown_province"
    assert nik_prefix_problem("2") is None  # one digit tells nothing yet
    for nik in ("3171011708450001", "3273015708900002", "1101011708450001"):
        assert all(nik_prefix_problem(nik[:n]) is None for n in range(17))


def test_a_prefix_problem_is_what_parse_nik_says_of_any_nik_starting_so():
    rest = "011708450001"  # a real date and serial: only the region can be wrong
    for number in range(10000):
        prefix = f"{number:04d}"
        try:
            parse_nik(prefix + rest, TODAY)
            whole = None
        except NikError as exc:
            whole = exc.code
        assert whole in (None, "unknown_province"), prefix
        early = nik_prefix_problem(prefix)
        assert (early.code if early else None) == whole, prefix
        two = nik_prefix_problem(prefix[:2])
        assert (two.code if two else None) == (
            "unknown_province" if whole == "unknown_province" else None
        ), prefix


def test_a_prefix_problem_has_both_texts_and_garbage_is_named():
    problem = nik_prefix_problem("99")
    assert problem.message_id.startswith("Kode provinsi") and "province" in problem.message_en
    assert nik_prefix_problem("31a").code == "not_digits"
    assert nik_prefix_problem("३१").code == "not_digits"
    assert nik_prefix_problem("3171011708450001" + "2").code == "wrong_length"


def test_kk_fields_and_a_two_digit_month():
    info = parse_kk("3171011511200007", TODAY)
    assert info.kk == "3171011511200007" and info.serial == "0007"
    assert info.registration_date == dt.date(2020, 11, 15)
    assert parse_kk("3171010101200001").registration_date == dt.date(2020, 1, 1)  # no `today`


def test_an_empty_kk_has_the_wrong_length():
    with pytest.raises(KkError) as caught:
        parse_kk("", TODAY)
    assert caught.value.code == "wrong_length"


def test_is_valid_nik_says_yes_to_a_valid_nik():
    assert is_valid_nik("3171011708450001") is True
    assert is_valid_nik("3171 0117 0845 0001") is True


def test_region_codes_are_cut_from_the_number():
    region = parse_nik("3273015708900002", TODAY).region
    assert (region.province_code, region.regency_code, region.district_code) == (
        "32",
        "3273",
        "327301",
    )
    assert (region.province, region.regency) == ("Jawa Barat", "Kota Bandung")


def test_the_first_of_the_month_for_a_woman_is_day_41():
    info = parse_nik("3171014101900002", TODAY)
    assert (info.sex, info.birth_date) == ("F", dt.date(1990, 1, 1))


def test_born_today_is_this_century():
    assert parse_nik("3171012711260001", TODAY).birth_date == dt.date(2026, 11, 27)


def test_any_whitespace_inside_is_dropped():
    assert parse_nik("3171011708450001\n", TODAY).nik == "3171011708450001"
    assert parse_nik("3171\t0117\t0845\t0001", TODAY).nik == "3171011708450001"


def test_the_error_reads_as_its_english_message():
    with pytest.raises(NikError) as caught:
        parse_nik("123", TODAY)
    assert str(caught.value) == "The NIK must have exactly 16 digits."
