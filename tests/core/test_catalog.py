"""The packaged service catalog: every file loads, the 39 services are complete, broken files
are reported by file and field, and the catalog survives the trip through a server document."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from catalog_support import edit

from kiosk.catalog import (
    PACKAGED_DIR,
    Catalog,
    CatalogError,
    catalog_from_document,
    default_catalog,
    load_catalog,
)
from kiosk.catalog.loader import display_path, service_files, validator
from kiosk.catalog.model import FIELD_TYPES
from kiosk.errors import KioskError

ADMINDUK = [
    "cetak-kk",
    "cetak-biodata",
    "perubahan-biodata",
    "pisah-kk",
    "pindah-keluar",
    "akta-kelahiran",
    "akta-kematian",
    "kia",
]
PROFESSIONS = [
    "Dokter",
    "Dokter Spesialis",
    "Dokter Gigi",
    "Dokter Gigi Spesialis",
    "Psikolog Klinis",
    "Perawat",
    "Bidan",
    "Apoteker",
    "Tenaga Vokasi Farmasi (TTK)",
    "Nutrisionis",
    "Dietisien",
    "Fisioterapis",
    "Okupasi Terapis",
    "Terapis Wicara",
    "Akupunktur Terapis",
    "Perekam Medis dan Informasi Kesehatan",
    "Teknisi Kardiovaskuler",
    "Teknisi Pelayanan Darah",
    "Optometris/Refraksionis Optisien",
    "Teknisi Gigi",
    "Penata Anestesi",
    "Terapis Gigi dan Mulut",
    "Audiologis",
    "Radiografer",
    "Elektromedis",
    "Ahli Teknologi Laboratorium Medik",
    "Fisikawan Medik",
    "Ortotis Prostetis",
    "Tenaga Sanitasi Lingkungan",
    "Tenaga Kesehatan Tradisional",
    "Epidemiolog Kesehatan",
]


def load_error(folder: Path) -> CatalogError:
    with pytest.raises(CatalogError) as info:
        load_catalog(folder)
    return info.value


# --- the packaged catalog -------------------------------------------------------------------


def test_every_catalog_file_is_valid_json_and_matches_its_schema():
    files = sorted(PACKAGED_DIR.rglob("*.json"))
    assert len(files) == 8 + 31 + 3  # services, the SIP template, catalog.json, the schema
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        if path.name == "catalog.schema.json":
            continue
        kind = (
            "manifest"
            if path.name == "catalog.json"
            else "template"
            if path.name.startswith("_")
            else "variant"
            if "template" in data
            else "service"
        )
        errors = list(validator(kind).iter_errors(data))
        assert errors == [], f"{path}: {errors[0].message if errors else ''}"


def test_default_catalog_has_39_services_8_adminduk_31_nakes(catalog):
    assert isinstance(catalog, Catalog) and len(catalog) == 39
    assert [s.id for s in catalog.by_group("adminduk")] == ADMINDUK
    nakes = catalog.by_group("nakes")
    assert len(nakes) == 31
    assert [s.profession.name_id for s in nakes] == PROFESSIONS
    assert len({s.id for s in catalog.services}) == 39
    assert [s.id for s in catalog.services] == ADMINDUK + [s.id for s in nakes]
    assert default_catalog() is default_catalog() and len(default_catalog()) == 39


def test_one_file_per_service_and_one_shared_sip_template():
    files = service_files(PACKAGED_DIR)
    assert len(files) == 39
    sip = [p for p in files if p.parent.name == "sip"]
    assert len(sip) == 31
    assert (PACKAGED_DIR / "sip" / "_template.json").is_file()
    for path in sip:  # small data files, not copies of the template
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["template"] == "_template.json" and "fields" not in data
        assert path.stat().st_size < 2500, path


def test_catalog_version_is_exposed(catalog):
    manifest = json.loads((PACKAGED_DIR / "catalog.json").read_text(encoding="utf-8"))
    assert catalog.version == manifest["version"] == "2026.12.3"
    assert [g.id for g in catalog.groups] == ["adminduk", "nakes"]


def _texts(obj, path=""):
    """Every (path, leaf value) of a JSON tree."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield from _texts(value, f"{path}.{key}")
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            yield from _texts(value, f"{path}[{i}]")
    else:
        yield path, obj


def test_every_text_exists_in_both_languages(catalog):
    for service in catalog.services:
        data = service.to_dict()
        texts = dict(_texts(data))
        for path, value in texts.items():
            if path.endswith("_id"):
                twin = path[:-3] + "_en"
                assert isinstance(value, str) and value.strip(), (service.id, path)
                assert isinstance(texts.get(twin), str) and texts[twin].strip(), (service.id, twin)
        for f in service.fields:
            assert f.label_id and f.label_en and f.help_id and f.help_en, (service.id, f.id)
            assert f.type in FIELD_TYPES
            for option in f.options:
                assert option.label_id and option.label_en
        for rule in service.rules:
            assert rule.message_id.strip() and rule.message_en.strip()
        for doc in service.documents:
            assert doc.name_id and doc.name_en
        assert service.processing_time.text_id and service.processing_time.text_en
        assert service.processing_time.unit in ("hours", "working_days")
        assert "{{" not in json.dumps(data), service.id  # every template placeholder filled


def test_agencies_and_subjects(catalog):
    for s in catalog.by_group("adminduk"):
        assert s.agency == "Dinas Kependudukan dan Pencatatan Sipil"
    for s in catalog.by_group("nakes"):
        assert s.agency == "Dinas Kesehatan / DPMPTSP"
        assert s.subject.kind == "applicant"
        assert s.name_id == f"Surat Izin Praktik {s.profession.name_id}"
    kinds = {s.id: s.subject.kind for s in catalog.by_group("adminduk")}
    assert kinds["akta-kelahiran"] == kinds["akta-kematian"] == kinds["kia"] == "other_person"
    assert kinds["pisah-kk"] == kinds["pindah-keluar"] == "family_members"
    birth = catalog.get("akta-kelahiran").subject
    assert birth.birth_date_field == "tanggal_lahir_anak" and birth.nik_field is None
    assert catalog.get("akta-kematian").subject.nik_field == "nik_almarhum"
    kia = catalog.get("kia").subject
    assert kia.nik_field == "nik_anak" and kia.relationship_field == "hubungan_dengan_anak"
    assert kia.check_against_kk


def test_sip_form_asks_what_uu_17_2023_needs(catalog):
    for s in catalog.by_group("nakes"):
        fields = {f.id: f for f in s.fields}
        kinds = {o.value for o in fields["jenis_permohonan"].options}
        assert kinds == {"baru", "perpanjangan", "perubahan_tempat_praktik"}
        assert [o.value for o in fields["tempat_praktik_ke"].options] == ["1", "2", "3"]
        assert fields["nomor_str"].label_id == "Nomor STR"
        assert fields["nama_fasyankes"].label_id == "Nama Fasilitas Pelayanan Kesehatan"
        assert fields["alamat_fasyankes"].type == "address"
        assert fields["foto_surat_fasyankes"].type == fields["pas_foto"].type == "document_photo"
        assert "str-required" in {r.id for r in s.rules}
    assert catalog.get("sip-dokter-spesialis").field("bidang_spesialisasi").required
    assert catalog.get("sip-apoteker").field("peran_apoteker").type == "choice"
    with pytest.raises(KeyError):
        catalog.get("sip-dokter").field("bidang_spesialisasi")


def test_get_and_by_group_for_unknown_values(catalog):
    assert catalog.get("paspor") is None
    assert "kia" in catalog and "paspor" not in catalog
    assert catalog.by_group("imigrasi") == []


def test_search_in_both_languages(catalog):
    assert [s.id for s in catalog.search("akta lahir")] == ["akta-kelahiran"]
    assert catalog.search("birth certificate", "en")[0].id == "akta-kelahiran"
    assert catalog.search("Kartu Keluarga")[0].id == "cetak-kk"
    assert catalog.search("perawat")[0].id == "sip-perawat"
    assert catalog.search("NURSE", "en")[0].id == "sip-perawat"
    assert catalog.search("nurse", "id") == []  # English words are not in Indonesian texts
    assert catalog.search("nurse", None)[0].id == "sip-perawat"
    assert {s.id for s in catalog.search("izin praktik")} == {
        s.id for s in catalog.by_group("nakes")
    }
    assert len(catalog.search("  ")) == 39
    assert catalog.search("xyzzy") == []
    with pytest.raises(ValueError):
        catalog.search("kk", "fr")


def test_document_round_trip_keeps_everything(catalog):
    document = catalog.to_document()
    text = json.dumps(document, ensure_ascii=False)  # JSON-ready
    again = catalog_from_document(json.loads(text))
    assert again.version == catalog.version
    assert again.services == catalog.services
    assert again.to_document() == document
    assert validator("catalog_document").is_valid(document)


def test_a_broken_document_names_the_service_and_field(catalog):
    document = catalog.to_document()
    document["services"][3]["fields"][1]["type"] = "signature"
    with pytest.raises(CatalogError) as info:
        catalog_from_document(document, source="server catalog 2026.11.2")
    assert str(info.value).startswith("server catalog 2026.11.2: services[3].fields[1].type: ")
    document = catalog.to_document()
    document["services"][5]["id"] = document["services"][4]["id"]
    with pytest.raises(CatalogError, match=r"services\[5\]\.id: duplicate service id"):
        catalog_from_document(document)
    document = catalog.to_document()
    document["services"][0]["rules"] = [
        {
            "id": "x",
            "require": [{"fact": "umur", "op": "ge", "value": 17}],
            "message_id": "a",
            "message_en": "b",
        }
    ]
    with pytest.raises(CatalogError, match=r"services\[0\]\.rules\[0\]\.require\[0\]\.fact"):
        catalog_from_document(document)
    document = catalog.to_document()
    witness = next(f for f in document["services"][5]["fields"] if f["id"] == "nik_saksi_1")
    assert witness["required_if"]  # conditional: only with required false
    witness["required"] = True
    with pytest.raises(CatalogError, match=r"fields\[\d+\]\.required_if: only applies when"):
        catalog_from_document(document)
    witness["required"] = False
    witness["required_if"][0]["fact"] = "subject_age_years"  # a fact, not one of its answers
    with pytest.raises(CatalogError, match=r"required_if\[0\]\.fact: no field"):
        catalog_from_document(document)
    with pytest.raises(CatalogError, match="catalog document: format: is required"):
        catalog_from_document({"version": "2026.11.1", "groups": [], "services": []})


# --- broken files ---------------------------------------------------------------------------


def test_catalog_error_is_a_kiosk_error_with_file_field_and_problem(copy_dir):
    edit(copy_dir / "adminduk" / "kia.json", lambda d: d["fields"][2].update(type="foo"))
    error = load_error(copy_dir)
    assert isinstance(error, KioskError) and error.exit_code == 1
    assert error.file.endswith("services/adminduk/kia.json")
    assert error.location == "fields[2].type"
    assert error.problem.startswith("'foo' is not one of ['text', 'number', 'date'")
    assert str(error) == f"{error.file}: fields[2].type: {error.problem}"


def test_invalid_json_names_file_and_line(copy_dir):
    path = copy_dir / "adminduk" / "cetak-kk.json"
    path.write_text('{\n  "id": "cetak-kk",\n  "group" "adminduk"\n}\n', encoding="utf-8")
    error = load_error(copy_dir)
    assert error.file.endswith("adminduk/cetak-kk.json")
    assert error.location == "line 3 column 11" and "invalid JSON" in error.problem


@pytest.mark.parametrize(
    ("relpath", "change", "location", "problem"),
    [
        (
            "adminduk/kia.json",
            lambda d: d.pop("name_en"),
            "name_en",
            "is required but missing",
        ),
        (
            "adminduk/pisah-kk.json",
            lambda d: d["fields"][0].pop("label_id"),
            "fields[0].label_id",
            "is required but missing",
        ),
        (
            "adminduk/cetak-kk.json",
            lambda d: d["fields"][2].update(required="ya"),
            "fields[2].required",
            "'ya' is not of type 'boolean'",
        ),
        (
            "adminduk/akta-kematian.json",
            lambda d: d["processing_time"].update(value="satu"),
            "processing_time.value",
            "'satu' is not of type 'number'",
        ),
        (
            "adminduk/akta-kelahiran.json",
            lambda d: d["fields"][4].update(type="datetime"),
            "fields[4].type",
            "'datetime' is not one of ['text',",
        ),
        (
            "adminduk/kia.json",
            lambda d: d["fields"][0].update(colour="red"),
            "fields[0].colour",
            "unknown key",
        ),
        (
            "adminduk/kia.json",
            lambda d: d["fields"][2].pop("options"),
            "fields[2].options",
            "is required but missing",
        ),
        (
            "adminduk/kia.json",
            lambda d: d["fields"][1].update(id="nik_anak"),
            "fields[1].id",
            "duplicate id 'nik_anak' (also fields[0])",
        ),
        (
            "adminduk/kia.json",
            lambda d: d["subject"].update(nik_field="nik_ibu"),
            "subject.nik_field",
            "no field 'nik_ibu'",
        ),
        (
            "adminduk/kia.json",
            lambda d: d["rules"][0]["require"][0].update(value="tujuh belas"),
            "rules[0].require[0].value",
            "'tujuh belas' is not of type 'number'",
        ),
        (
            "adminduk/pindah-keluar.json",
            lambda d: d["rules"][0]["require"][0].update(value="semua"),
            "rules[0].require[0].value",
            "'semua' is not an option of field 'cakupan_pindah'",
        ),
        (
            "adminduk/cetak-kk.json",
            lambda d: d["documents"][1].update(field="nomor_hp"),
            "documents[1].field",
            "not a document_photo field",
        ),
        (
            "adminduk/pindah-keluar.json",
            lambda d: d["fields"][7].update(pattern="[0-9"),
            "fields[7].pattern",
            "not a valid regular expression",
        ),
        (
            "adminduk/cetak-kk.json",
            lambda d: d.update(group="imigrasi"),
            "group",
            "'imigrasi' is not one of ['adminduk', 'nakes']",
        ),
        (
            "adminduk/cetak-biodata.json",
            lambda d: d["fields"][0].update(min_value=1),
            "fields[0].min_value",
            "does not apply to a 'text' field",
        ),
        (
            "adminduk/cetak-biodata.json",
            lambda d: d["fields"][0].update(min_length=200),
            "fields[0].min_length",
            "200 is larger than max_length 150",
        ),
        (
            "adminduk/pindah-keluar.json",
            lambda d: d["fields"][7]["messages"].update(salah={"id": "a", "en": "b"}),
            "fields[7].messages.salah",
            "unknown problem code",
        ),
        (
            "adminduk/akta-kematian.json",
            lambda d: d["fields"][2].update(min_date="2026-02-30"),
            "fields[2].min_date",
            "'2026-02-30' is not a real date",
        ),
        (
            "adminduk/kia.json",
            lambda d: d["rules"][0].pop("require"),
            "rules[0]",
            "needs exactly one of: require, require_any",
        ),
        (
            "adminduk/kia.json",
            lambda d: d["subject"].pop("nik_field"),
            "subject",
            "needs at least one of: nik_field, birth_date_field",
        ),
        (
            "adminduk/kia.json",
            lambda d: d["fields"][0].update(label_en="   "),
            "fields[0].label_en",
            "must not be blank",
        ),
        (
            "sip/sip-bidan.json",
            lambda d: d["profession"].pop("name_en"),
            "profession.name_en",
            "is required but missing",
        ),
        (
            "sip/sip-apoteker.json",
            lambda d: d["extra_fields"][0].update(type="pilihan"),
            "extra_fields[0].type",
            "'pilihan' is not one of",
        ),
        (
            "sip/sip-apoteker.json",
            lambda d: d["extra_fields"][0].update(id="nomor_str"),
            "extra_fields[0].id",
            "duplicate id 'nomor_str'",
        ),
    ],
)
def test_broken_file_names_file_and_field(copy_dir, relpath, change, location, problem):
    edit(copy_dir / relpath, change)
    error = load_error(copy_dir)
    assert error.file.endswith(relpath)
    assert error.location == location
    assert problem in error.problem


def test_duplicate_service_id_names_both_files(copy_dir):
    (copy_dir / "extra").mkdir()
    shutil.copy(copy_dir / "adminduk" / "kia.json", copy_dir / "extra" / "kia-copy.json")
    error = load_error(copy_dir)
    assert error.file.endswith("extra/kia-copy.json") and error.location == "id"
    assert "duplicate service id 'kia'" in error.problem
    assert "adminduk/kia.json" in error.problem


def test_missing_template_names_the_variant_file(copy_dir):
    edit(copy_dir / "sip" / "sip-perawat.json", lambda d: d.update(template="_nakes.json"))
    error = load_error(copy_dir)
    assert error.file.endswith("sip/sip-perawat.json") and error.location == "template"
    assert "'_nakes.json' not found" in error.problem
    (copy_dir / "sip" / "_template.json").unlink()
    error = load_error(copy_dir)
    assert error.file.endswith("sip/sip-akupunktur-terapis.json")  # the first in name order
    assert error.location == "template"


def test_broken_template_names_the_template_file(copy_dir):
    edit(copy_dir / "sip" / "_template.json", lambda d: d["fields"][1].update(type="foo"))
    error = load_error(copy_dir)
    assert error.file.endswith("sip/_template.json") and error.location == "fields[1].type"
    edit(
        copy_dir / "sip" / "_template.json",
        lambda d: d["fields"][1].update(type="choice", label_id="Ke- {{profession.gelar}}"),
    )
    error = load_error(copy_dir)
    assert error.file.endswith("sip/sip-akupunktur-terapis.json")
    assert error.location == "profession.gelar"
    assert "{{profession.gelar}}" in error.problem and "fields[1].label_id" in error.problem


def test_missing_manifest_empty_folder_and_missing_folder(copy_dir, tmp_path):
    (copy_dir / "catalog.json").unlink()
    error = load_error(copy_dir)
    assert error.file.endswith("services/catalog.json") and "not found" in error.problem
    empty = tmp_path / "empty"
    empty.mkdir()
    shutil.copy(PACKAGED_DIR / "catalog.json", empty / "catalog.json")
    assert "no service files" in load_error(empty).problem
    assert "folder not found" in load_error(tmp_path / "nowhere").problem


def test_bad_manifest_version(copy_dir):
    edit(copy_dir / "catalog.json", lambda d: d.update(version="v2"))
    error = load_error(copy_dir)
    assert error.file.endswith("services/catalog.json") and error.location == "version"


def test_a_smaller_catalog_folder_loads(copy_dir):
    shutil.rmtree(copy_dir / "sip")
    small = load_catalog(copy_dir)
    assert len(small) == 8 and small.version == "2026.12.3"


def test_packaged_files_are_named_from_the_project_root(catalog):
    assert (
        display_path(PACKAGED_DIR / "adminduk" / "kia.json") == "assets/services/adminduk/kia.json"
    )
    assert catalog.get("kia").source == "assets/services/adminduk/kia.json"
    assert catalog.get("sip-bidan").source == "assets/services/sip/sip-bidan.json"
