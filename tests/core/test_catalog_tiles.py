"""What the service screen shows of the catalog: groups (a folder group that opens by itself
for a health worker), short names and Tabler icons, checked by the schema, kept through the
server document, and every icon shipped by build/fetch_icons.py."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from catalog_support import edit

from kiosk.catalog import CatalogError, catalog_from_document, load_catalog

ROOT = Path(__file__).resolve().parents[2]


def fetch_icons_module():
    spec = importlib.util.spec_from_file_location("fetch_icons", ROOT / "build" / "fetch_icons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_licences_are_one_folder_that_opens_for_health_workers(catalog):
    adminduk, nakes = catalog.groups
    assert (adminduk.id, adminduk.folder, adminduk.open_for) == ("adminduk", False, None)
    assert (nakes.id, nakes.folder, nakes.open_for) == ("nakes", True, "health_worker")
    assert nakes.short_name_id == "Izin Praktik Tenaga Kesehatan" and nakes.icon == "stethoscope"
    assert nakes.opens_for({"has_str": True})
    assert nakes.opens_for({}, health_worker={"str_number": "3171011512345678"})
    assert nakes.opens_for({"health_worker": {"profession_code": "bidan"}})
    assert not nakes.opens_for({"has_str": False, "health_worker": None})
    assert not nakes.opens_for({}, health_worker={})
    assert not adminduk.opens_for({"has_str": True})


def test_every_service_has_an_icon_and_a_short_name(catalog):
    for service in catalog:
        assert service.icon, service.id
        for language in ("id", "en"):
            short = service.short_name(language)
            assert 0 < len(short) <= 60, (service.id, short)
    # a licence's tile is its profession, from the SIP template's placeholders
    bidan = catalog.get("sip-bidan")
    assert (bidan.short_name("id"), bidan.short_name("en")) == ("Bidan", "Midwife")
    assert bidan.name_id == "Surat Izin Praktik Bidan" and bidan.icon == "baby-bottle"
    assert catalog.get("cetak-kk").short_name("id") == "Cetak KK"
    # no two licences share an icon: 31 tiles side by side stay distinguishable
    icons = [s.icon for s in catalog.by_group("nakes")]
    assert len(set(icons)) == len(icons) == 31


def test_without_a_short_name_the_tile_shows_the_full_name(copy_dir):
    def strip(data):
        for key in ("short_name_id", "short_name_en", "icon"):
            data.pop(key)

    edit(copy_dir / "adminduk" / "kia.json", strip)
    kia = load_catalog(copy_dir).get("kia")
    assert kia.short_name("id") == "Kartu Identitas Anak" and kia.icon is None
    assert kia.short_name("en") == "Child Identity Card (KIA)"


def test_the_server_document_keeps_groups_icons_and_short_names(catalog):
    document = catalog.to_document()
    assert document["groups"][1]["folder"] is True
    assert "folder" not in document["groups"][0]
    again = catalog_from_document(json.loads(json.dumps(document)))
    assert again.groups == catalog.groups
    assert [(s.icon, s.short_name_id, s.short_name_en) for s in again] == [
        (s.icon, s.short_name_id, s.short_name_en) for s in catalog
    ]


@pytest.mark.parametrize(
    ("relpath", "change", "location"),
    [
        ("adminduk/kia.json", lambda d: d.update(icon="../../secret"), "icon"),
        ("adminduk/kia.json", lambda d: d.update(icon="Mood_Kid"), "icon"),
        ("adminduk/kia.json", lambda d: d.update(short_name_id=" "), "short_name_id"),
        ("adminduk/kia.json", lambda d: d.update(short_name_en="x" * 61), "short_name_en"),
        ("sip/sip-bidan.json", lambda d: d.update(icon="baby bottle"), "icon"),
        ("catalog.json", lambda d: d["groups"][1].update(open_for="all"), "groups[1].open_for"),
        ("catalog.json", lambda d: d["groups"][0].update(folder="yes"), "groups[0].folder"),
    ],
)
def test_a_bad_tile_field_names_the_file_and_field(copy_dir, relpath, change, location):
    edit(copy_dir / relpath, change)
    with pytest.raises(CatalogError) as info:
        load_catalog(copy_dir)
    assert info.value.file.endswith(relpath)
    assert info.value.location == location


def test_every_catalog_icon_is_listed_and_shipped(catalog):
    fetch_icons = fetch_icons_module()
    named = {g.icon for g in catalog.groups if g.icon} | {s.icon for s in catalog}
    assert named <= set(fetch_icons.CATALOG_ICONS)
    assert fetch_icons.catalog_icon_names() == named
    tabler = ROOT / "assets" / "icons" / "tabler"
    shipped = {p.stem for p in tabler.glob("*.svg")}
    assert shipped == set(fetch_icons.CATALOG_ICONS)  # nothing missing, nothing left over
    kiosk_icons = {p.stem for p in (ROOT / "assets" / "icons").glob("*.svg")}
    assert kiosk_icons == set(fetch_icons.KIOSK_ICONS)
    for path in tabler.glob("*.svg"):
        text = path.read_text(encoding="utf-8")
        assert "currentColor" not in text and "icon-tabler" in text, path
    assert (tabler / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
