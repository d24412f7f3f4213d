"""Rules about the people a form names by NIK (kiosk/catalog/people.py): a father is a man, a
mother a woman, each person is named once, a parent was born before the child, a witness is an
adult; known from the applicant's KK first, else from the NIK's digits (day + 40 for women)."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.catalog import default_catalog, validate_form
from kiosk.catalog.form import check_field
from kiosk.catalog.prefill import quick_picks

TODAY = dt.date(2026, 12, 1)
CATALOG = default_catalog()
BIRTH = CATALOG.get("akta-kelahiran")
# 3171 23: Jakarta Pusat (a region the NIK parser knows); DDMMYY then a serial
MAN = "3171231503850001"  # born 15-03-1985, day < 40: a man
WOMAN = "3171235208880002"  # day 52 = 12 + 40: a woman born 12-08-1988
SON = "3171230101200003"  # a boy born 01-01-2020
TEEN = "3171230101150004"  # born 01-01-2015: 11 years old
ADULT = "3171230202800005"  # a man born 02-02-1980


def family(*people):
    return {"family": [dict(p) for p in people]}


FAMILY = family(
    {
        "nik": MAN,
        "name": "BUDI SANTOSO",
        "relationship": "Kepala Keluarga",
        "sex": "M",
        "birth_date": "1985-03-15",
    },
    {
        "nik": WOMAN,
        "name": "SITI AMINAH",
        "relationship": "Istri",
        "sex": "F",
        "birth_date": "1988-08-12",
    },
    {
        "nik": SON,
        "name": "RAFI SANTOSO",
        "relationship": "Anak",
        "sex": "M",
        "birth_date": "2020-01-01",
    },
)


def birth_values(**over):
    values = {
        "nama_anak": "Putri Santoso",
        "jenis_kelamin_anak": "perempuan",
        "tempat_dilahirkan": "rumah_sakit",
        "tempat_lahir_anak": "Kota Pekanbaru",
        "tanggal_lahir_anak": "2026-11-28",
        "anak_ke": "2",
        "nik_ibu": WOMAN,
        "nik_ayah": MAN,
        "nomor_kk": "3171230101200001",
        "hubungan_pelapor": "ayah",
        "bukti_kelahiran": "surat_keterangan_lahir",
    }
    values.update(over)
    return {k: v for k, v in values.items() if v is not None}


def problems(values, facts=None):
    found = validate_form(BIRTH, values, TODAY, facts=facts, include_documents=False)
    return {k: v for k, v in found.items() if k.startswith("nik_")}


def test_the_catalog_names_the_roles_of_the_birth_certificate():
    roles = {f.id: f.person_role for f in BIRTH.fields if f.person_role}
    assert roles == {
        "nik_ibu": "mother",
        "nik_ayah": "father",
        "nik_saksi_1": "witness",
        "nik_saksi_2": "witness",
    }


def test_right_parents_pass():
    assert problems(birth_values(), FAMILY) == {}
    assert problems(birth_values()) == {}  # without KK data, from the NIK's digits


def test_a_woman_as_father_is_refused_naming_the_field():
    found = problems(birth_values(nik_ayah=WOMAN), FAMILY)
    assert list(found) == ["nik_ayah"]
    assert found["nik_ayah"].code == "role_not_father"
    assert found["nik_ayah"].message_id.startswith("NIK Ayah: ")
    assert "perempuan" in found["nik_ayah"].message_id
    assert found["nik_ayah"].message_en.startswith("Father's NIK: ")


def test_a_man_as_mother_is_refused():
    found = problems(birth_values(nik_ibu=MAN, nik_ayah=None))
    assert found["nik_ibu"].code == "role_not_mother"
    assert found["nik_ibu"].message_en.startswith("Mother's NIK: ")


def test_the_kk_record_wins_over_the_nik_digits():
    # A record that says the owner of a "male" NIK is a woman (a NIK corrected at Dukcapil).
    fixed = family(
        {"nik": MAN, "name": "X", "relationship": "Istri", "sex": "F", "birth_date": "1985-03-15"}
    )
    assert problems(birth_values(nik_ibu=MAN, nik_ayah=None), fixed) == {}
    assert problems(birth_values(nik_ibu=None, nik_ayah=MAN), fixed)["nik_ayah"].code == (
        "role_not_father"
    )


def test_father_and_mother_are_two_people():
    # Same NIK twice: the first field keeps it, the second is told which field has it.
    found = problems(birth_values(nik_ibu=WOMAN, nik_ayah=WOMAN))
    assert found["nik_ayah"].code == "role_not_father"  # sex is said first
    witness = birth_values(nik_saksi_1=ADULT, nik_saksi_2=ADULT)
    found = problems(witness)
    assert list(found) == ["nik_saksi_2"] and found["nik_saksi_2"].code == "same_person"
    assert "NIK Saksi Pertama" in found["nik_saksi_2"].message_id
    assert "First Witness's NIK" in found["nik_saksi_2"].message_en


def test_a_parent_is_not_the_child():
    # born after the child: cannot be the parent
    found = problems(birth_values(tanggal_lahir_anak="2019-05-01", nik_ayah=SON), FAMILY)
    assert found["nik_ayah"].code == "parent_is_child"
    assert problems(birth_values(tanggal_lahir_anak="2026-11-28", nik_ayah=SON), FAMILY) == {}


def test_a_witness_is_an_adult():
    found = problems(birth_values(bukti_kelahiran="sptjm", nik_saksi_1=TEEN, nik_saksi_2=ADULT))
    assert list(found) == ["nik_saksi_1"]
    assert found["nik_saksi_1"].code == "witness_too_young"
    assert "17" in found["nik_saksi_1"].message_id


def test_a_field_is_checked_when_the_citizen_leaves_it():
    values = birth_values(nik_ayah=WOMAN)
    assert check_field(BIRTH, "nik_ayah", values, TODAY, FAMILY).code == "role_not_father"
    assert check_field(BIRTH, "nik_ibu", values, TODAY, FAMILY) is None
    assert check_field(BIRTH, "nik_ayah", {"nik_ayah": "1234"}, TODAY).code.startswith("nik_")


@pytest.mark.parametrize(
    ("field_id", "expected"),
    [("nik_ayah", {MAN}), ("nik_ibu", {WOMAN})],
)
def test_quick_picks_offer_who_fits_the_role_the_applicant_included(field_id, expected):
    field = BIRTH.field(field_id)
    # the father applies: he is offered for the father's NIK, his wife for the mother's; their
    # six-year-old son is offered for neither
    picks = quick_picks(field, FAMILY, applicant_nik=MAN, today=TODAY)
    assert {m.nik for m in picks} == expected


def test_picks_without_a_record_of_sex_use_the_nik():
    bare = family(
        {"nik": MAN, "name": "A", "relationship": "Kepala Keluarga"},
        {"nik": WOMAN, "name": "B", "relationship": "Istri"},
    )
    field = BIRTH.field("nik_ayah")
    assert [m.nik for m in quick_picks(field, bare, applicant_nik=WOMAN, today=TODAY)] == [MAN]


def test_the_catalog_check_refuses_a_role_on_the_wrong_field():
    from kiosk.catalog.checks import service_problem

    data = BIRTH.to_dict()
    data["fields"][0]["person_role"] = "father"  # nama_anak, a text field
    where, problem = service_problem(data)
    assert where == ["fields", 0, "person_role"] and "only nik" in problem
    data = CATALOG.get("pindah-keluar").to_dict()
    index = next(i for i, f in enumerate(data["fields"]) if f.get("multiple"))
    data["fields"][index]["person_role"] = "witness"
    where, problem = service_problem(data)
    assert where == ["fields", index, "person_role"] and "multiple" in problem
