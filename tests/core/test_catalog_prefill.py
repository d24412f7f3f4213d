"""Prefill: the catalog's `prefill` key says which field takes what from the citizen's records
(kiosk/catalog/prefill.py computes the values; the form only shows them). The records here have
the contract's shape (protocol.contract.CitizenPrefill, HealthWorkerRecord), as the server sends
them; field ids play no part: only the key does."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from kiosk.catalog import (
    PREFILL_SOURCES,
    CatalogError,
    catalog_from_document,
    prefill_values,
)
from kiosk.catalog.loader import SCHEMA_FILE
from kiosk.catalog.prefill import name_field_for, quick_picks
from protocol.contract import Address, CitizenPrefill, FamilyMember, HealthWorkerRecord

HEAD, WIFE, CHILD = "3171230101800001", "3171234509900001", "3171230105150001"
KK = "3171230101100001"
STR = "1471012300000042"


def citizen(nik: str = WIFE, marital: str | None = "Kawin") -> dict:
    """The verification answer's prefill for someone on a three-person KK."""
    family = [
        FamilyMember(nik=nik_, name=name, relationship=role, sex=sex, birth_date=born)
        for nik_, name, role, sex, born in (
            (HEAD, "BUDI SANTOSO", "Kepala Keluarga", "M", dt.date(1980, 1, 1)),
            (WIFE, "SITI RAHAYU", "Istri", "F", dt.date(1990, 9, 5)),
            (CHILD, "ANI LESTARI", "Anak", "M", dt.date(2015, 5, 1)),
        )
    ]
    me = next(m for m in family if m.nik == nik)
    return CitizenPrefill(
        nik=nik,
        name=me.name,
        birth_place="Jakarta",
        birth_date=me.birth_date,
        sex=me.sex,
        marital_status=marital,
        address=Address(
            street="Jl. Braga 1",
            rt="001",
            rw="002",
            village="Braga",
            district="Sumur Bandung",
            regency="Kota Bandung",
            province="Jawa Barat",
        ),
        kk_number=KK,
        family=family,
    ).model_dump(mode="json")


def worker() -> dict:
    return HealthWorkerRecord(
        profession_code="dokter",
        profession="Dokter",
        str_number=STR,
        str_status="active",
        str_valid_until=None,
    ).model_dump(mode="json")


def strip_prefill(document: dict) -> dict:
    """The document as a kiosk or server from before the `prefill` key would have it."""
    document = copy.deepcopy(document)
    for service in document["services"]:
        for field in service["fields"]:
            field.pop("prefill", None)
    return document


# --- the vocabulary -------------------------------------------------------------------------


def test_the_schema_allows_exactly_the_vocabulary_the_core_knows():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert set(schema["$defs"]["field"]["properties"]["prefill"]["enum"]) == set(PREFILL_SOURCES)


def test_the_catalog_marks_the_fields_the_citizen_would_copy_from_their_kk_or_str(catalog):
    marked = {(s.id, f.id): f.prefill for s in catalog if s.group == "adminduk" for f in s.fields}
    marked = {key: source for key, source in marked.items() if source}
    assert marked == {
        ("cetak-kk", "nomor_kk"): "citizen.kk_number",
        ("pisah-kk", "nomor_kk"): "citizen.kk_number",
        ("pindah-keluar", "nomor_kk"): "citizen.kk_number",
        ("akta-kelahiran", "nomor_kk"): "citizen.kk_number",
        ("akta-kematian", "nomor_kk"): "citizen.kk_number",
        ("pisah-kk", "status_perkawinan"): "citizen.marital_status",
        ("pindah-keluar", "status_dalam_keluarga"): "citizen.relationship",
        ("perubahan-biodata", "nik_penduduk"): "citizen.nik",
        ("perubahan-biodata", "nama_lengkap"): "kk_member.name",
        ("akta-kematian", "nama_almarhum"): "kk_member.name",
        ("kia", "nama_anak"): "kk_member.name",
    }
    for service in catalog.by_group("nakes"):  # every SIP form, through the shared template
        prefilled = [f.id for f in service.fields if f.prefill]
        assert prefilled == ["nomor_str", "jenis_str", "str_berlaku_sampai"]
        assert service.field("nomor_str").prefill == "health_worker.str_number"


# --- values ---------------------------------------------------------------------------------


def test_values_from_the_verification_answer(catalog):
    assert prefill_values(catalog.get("cetak-kk"), citizen(), WIFE) == {"nomor_kk": KK}
    # "Kawin" from the population register is the option kawin; the KK number comes along
    assert prefill_values(catalog.get("pisah-kk"), citizen(), WIFE) == {
        "nomor_kk": KK,
        "status_perkawinan": "kawin",
    }
    assert (
        prefill_values(catalog.get("pisah-kk"), citizen(marital="Cerai Mati"), WIFE)[
            "status_perkawinan"
        ]
        == "cerai_mati"
    )
    # "your position in the family" is the applicant's own entry on the KK
    head = prefill_values(catalog.get("pindah-keluar"), citizen(HEAD), HEAD)
    assert head["status_dalam_keluarga"] == "kepala_keluarga"
    wife = prefill_values(catalog.get("pindah-keluar"), citizen(), WIFE)
    assert wife["status_dalam_keluarga"] == "istri"
    # the applicant's NIK comes from the answer itself when the caller does not give it
    assert prefill_values(catalog.get("pindah-keluar"), citizen(HEAD))["status_dalam_keluarga"] == (
        "kepala_keluarga"
    )


def test_nothing_is_made_up(catalog):
    pisah = catalog.get("pisah-kk")
    assert prefill_values(pisah, citizen(marital=None), WIFE) == {"nomor_kk": KK}
    assert prefill_values(pisah, citizen(marital="Kawin Siri"), WIFE) == {"nomor_kk": KK}
    assert prefill_values(pisah, None) == {} and prefill_values(pisah, {}) == {}
    # not on the KK the server sent: no position in the family
    stranger = prefill_values(catalog.get("pindah-keluar"), citizen(), "3171230202020002")
    assert "status_dalam_keluarga" not in stranger
    # NIK fields and names wait for the citizen's pick: never filled in up front
    for service_id in ("perubahan-biodata", "kia", "akta-kematian", "akta-kelahiran"):
        values = prefill_values(catalog.get(service_id), citizen(), WIFE)
        assert set(values) <= {"nomor_kk"}, service_id


def test_the_str_number_from_the_lookup_or_the_verification_answer(catalog):
    sip = catalog.get("sip-dokter")
    assert prefill_values(sip, citizen(), WIFE) == {}
    lifetime = {"nomor_str": STR, "jenis_str": "seumur_hidup"}  # no end date: a lifetime STR
    assert prefill_values(sip, citizen(), WIFE, worker()) == lifetime
    assert prefill_values(sip, dict(citizen(), health_worker=worker()), WIFE) == lifetime
    newer = dict(worker(), str_number="1471012300000043")  # the lookup's answer wins
    assert prefill_values(sip, dict(citizen(), health_worker=worker()), WIFE, newer) == {
        "nomor_str": "1471012300000043",
        "jenis_str": "seumur_hidup",
    }


def test_the_key_decides_not_the_field_id(catalog):
    document = catalog.to_document()
    services = {s["id"]: s for s in document["services"]}
    for field in services["pisah-kk"]["fields"]:
        if field["id"] == "status_perkawinan":
            field.pop("prefill")
    for field in services["sip-dokter"]["fields"]:
        if field["id"] == "nomor_str":
            field["id"] = "str_terdaftar"
    changed = catalog_from_document(document)
    assert prefill_values(changed.get("pisah-kk"), citizen(), WIFE) == {"nomor_kk": KK}
    assert prefill_values(changed.get("sip-dokter"), citizen(), WIFE, worker()) == {
        "str_terdaftar": STR,
        "jenis_str": "seumur_hidup",
    }


def test_a_catalog_document_without_prefill_keys_still_loads_and_fills_nothing(catalog):
    old = catalog_from_document(strip_prefill(catalog.to_document()), "older server catalog")
    assert len(old) == len(catalog)
    for service in old:
        assert all(f.prefill is None for f in service.fields)
        assert prefill_values(service, dict(citizen(), health_worker=worker()), WIFE) == {}
    # and the current catalog travels with its keys
    again = catalog_from_document(json.loads(json.dumps(catalog.to_document())))
    assert again.get("pisah-kk").field("status_perkawinan").prefill == "citizen.marital_status"


# --- quick picks and the name that goes with a picked NIK -------------------------------------


def test_quick_picks_offer_the_others_on_the_kk_and_the_applicant_where_the_catalog_says(catalog):
    people = citizen()
    kia = catalog.get("kia").field("nik_anak")
    assert [m.nik for m in quick_picks(kia, people, WIFE)] == [HEAD, CHILD]
    # a change of biodata may be about the applicant: citizen.nik offers them too
    biodata = catalog.get("perubahan-biodata").field("nik_penduduk")
    picks = quick_picks(biodata, people, WIFE)
    assert [(m.nik, m.name, m.relationship) for m in picks] == [
        (HEAD, "BUDI SANTOSO", "Kepala Keluarga"),
        (WIFE, "SITI RAHAYU", "Istri"),
        (CHILD, "ANI LESTARI", "Anak"),
    ]
    # witnesses are not expected on the KK: no picks
    witness = catalog.get("akta-kematian").field("nik_saksi_1")
    assert quick_picks(witness, people, WIFE) == []
    assert quick_picks(catalog.get("cetak-kk").field("nomor_kk"), people, WIFE) == []
    assert quick_picks(kia, None, WIFE) == []


def test_the_name_field_of_the_picked_person(catalog):
    assert name_field_for(catalog.get("kia"), "nik_anak") == "nama_anak"
    assert name_field_for(catalog.get("akta-kematian"), "nik_almarhum") == "nama_almarhum"
    assert name_field_for(catalog.get("perubahan-biodata"), "nik_penduduk") == "nama_lengkap"
    # only for the subject's NIK: a witness's pick does not name the deceased
    assert name_field_for(catalog.get("akta-kematian"), "nik_saksi_1") is None
    # the subject has a NIK but no name field marked kk_member.name
    assert name_field_for(catalog.get("pindah-keluar"), "nik_anggota_pindah") is None
    document = strip_prefill(catalog.to_document())
    assert name_field_for(catalog_from_document(document).get("kia"), "nik_anak") is None


# --- the key is checked like every other ------------------------------------------------------


def _field(document: dict, service_id: str, field_id: str) -> tuple[int, int, dict]:
    for i, service in enumerate(document["services"]):
        if service["id"] == service_id:
            for j, field in enumerate(service["fields"]):
                if field["id"] == field_id:
                    return i, j, field
    raise KeyError(field_id)


@pytest.mark.parametrize(
    ("service_id", "field_id", "change", "problem"),
    [
        ("cetak-kk", "nomor_kk", {"prefill": "citizen.kk"}, "is not one of"),
        ("cetak-kk", "alasan_cetak", {"prefill": "citizen.kk_number"}, "does not apply"),
        ("kia", "nama_anak", {"prefill": "citizen.marital_status"}, "does not apply"),
        ("akta-kematian", "nik_saksi_1", {"prefill": "citizen.nik"}, "check_against_kk"),
        ("pindah-keluar", "nomor_kk", {"multiple": True}, "not for a multiple field"),
        ("pindah-keluar", "kode_pos_tujuan", {"prefill": "kk_member.name"}, "subject.fields"),
        ("kia", "nik_anak", {"prefill": "health_worker.str_number"}, "does not apply"),
    ],
)
def test_a_wrong_prefill_key_names_the_service_and_field(
    catalog, service_id, field_id, change, problem
):
    document = catalog.to_document()
    i, j, field = _field(document, service_id, field_id)
    field.update(change)
    with pytest.raises(CatalogError) as info:
        catalog_from_document(document, "server catalog")
    where = f"services[{i}].fields[{j}]"
    assert info.value.location in (f"{where}.prefill", f"{where}.multiple"), info.value
    assert problem in info.value.problem


def test_one_name_field_per_picked_person_and_only_with_a_subject_nik(catalog):
    document = catalog.to_document()
    i, j, field = _field(document, "akta-kematian", "tanggal_kematian")
    document["services"][i]["fields"][j] = dict(field, type="text", prefill="kk_member.name")
    for key in ("min_date", "max_date"):
        document["services"][i]["fields"][j].pop(key, None)
    with pytest.raises(CatalogError, match=r"already the prefill of fields\[\d+\]"):
        catalog_from_document(document)
    document = catalog.to_document()
    i, j, field = _field(document, "akta-kelahiran", "nama_anak")
    field["prefill"] = "kk_member.name"  # the newborn has no NIK to pick yet
    with pytest.raises(CatalogError, match="needs a subject nik_field"):
        catalog_from_document(document)
