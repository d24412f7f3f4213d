"""NIK (national identity number) and KK (family card number) validation and decoding.

python-stdnum checks the format, the province and the date, but reads every year as 19YY and
accepts any regency code; both gaps are closed here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from stdnum import numdb
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength
from stdnum.id import nik as stdnum_nik

from kiosk.messages import codes, pair

# Stable code -> (Indonesian, English), from the message catalog (assets/messages/*.json).
MESSAGES: dict[str, tuple[str, str]] = {code: pair(f"nik.{code}") for code in codes("nik")}
KK_MESSAGES: dict[str, tuple[str, str]] = {code: pair(f"kk.{code}") for code in codes("kk")}


class IdNumberError(ValueError):
    """A NIK or KK number that fails validation; `code` is stable, messages are for people."""

    namespace = "nik"  # of the codes in the message catalog

    def __init__(self, code: str):
        self.code = code
        self.message_id, self.message_en = pair(f"{self.namespace}.{code}")
        super().__init__(self.message_en)


class NikError(IdNumberError):
    namespace = "nik"


class KkError(IdNumberError):
    namespace = "kk"


@dataclass(frozen=True)
class Region:
    province_code: str
    regency_code: str  # four digits: province + regency
    district_code: str  # six digits
    province: str
    regency: str


@dataclass(frozen=True)
class NikInfo:
    nik: str
    region: Region
    birth_date: dt.date
    sex: str  # "F" or "M"
    serial: str

    @property
    def province(self) -> str:
        return self.region.province

    @property
    def regency(self) -> str:
        return self.region.regency

    def to_dict(self) -> dict:
        return {
            "nik": self.nik,
            "valid": True,
            "province": self.province,
            "regency": self.regency,
            "birth_date": self.birth_date.isoformat(),
            "sex": self.sex,
            "error": None,
            "message": None,
        }


@dataclass(frozen=True)
class KkInfo:
    kk: str
    region: Region
    registration_date: dt.date
    serial: str


def _title(name: str) -> str:
    return " ".join(word.capitalize() for word in name.split())


@cache
def valid_regency_codes() -> dict[str, dict[str, str]]:
    """Province code -> {four-digit regency code -> official name}, from stdnum's own data."""
    result: dict[str, dict[str, str]] = {}
    for province in range(11, 100):
        pcode = f"{province:02d}"
        for regency in range(1, 100):
            name = _regency_name(f"{pcode}{regency:02d}")
            if name:
                result.setdefault(pcode, {})[f"{pcode}{regency:02d}"] = name
    return result


@cache
def _regency_name(code4: str) -> str | None:
    parts = numdb.get("id/loc").info(code4)
    if len(parts) < 2 or not parts[0][1] or not parts[1][1]:
        return None
    raw = parts[1][1].get("name_id")
    if not raw:
        return None
    # Codes 01-69 are kabupaten (regencies), 71-99 kota (cities).
    kind = "Kota" if int(code4[2:]) >= 71 else "Kabupaten"
    return f"{kind} {_title(raw)}"


@cache
def _province_name(code2: str) -> str | None:
    info = numdb.get("id/loc").info(code2)[0][1]
    return info.get("name_id") if info else None


def _clean(text: str) -> str:
    return re.sub(r"\s", "", stdnum_nik.compact(text or ""))


def _region(number: str, error: type[IdNumberError]) -> Region:
    province = _province_name(number[:2])
    if province is None:
        raise error("unknown_province")
    regency = _regency_name(number[:4])
    if regency is None:
        raise error("unknown_regency")
    return Region(number[:2], number[:4], number[:6], province, regency)


def _resolve_century(day: int, month: int, yy: int, today: dt.date) -> dt.date:
    """The latest century that does not put the date in the future."""
    for century in (2000, 1900):
        try:
            candidate = dt.date(century + yy, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    raise ValueError("no valid date in the last two centuries")


def _check_shape(number: str, error: type[IdNumberError]) -> None:
    if not number:
        raise error("wrong_length")
    if not number.isdigit() or not number.isascii():
        raise error("not_digits")
    if len(number) != 16:
        raise error("wrong_length")


def parse_nik(text: str, today: dt.date | None = None) -> NikInfo:
    """Validate and decode a NIK; raises NikError with one code per failure."""
    today = today or dt.date.today()
    number = _clean(text)
    if not number:
        raise NikError("wrong_length")  # stdnum calls an empty string a format error
    try:
        stdnum_nik.validate(number)
    except InvalidLength:  # a subclass of InvalidFormat: catch it first
        raise NikError("wrong_length") from None
    except InvalidFormat:
        raise NikError("not_digits") from None
    except InvalidComponent:
        pass  # province or date: told apart precisely below
    region = _region(number, NikError)
    day_field = int(number[6:8])
    sex = "F" if day_field > 40 else "M"
    day = day_field - 40 if day_field > 40 else day_field
    try:
        birth = _resolve_century(day, int(number[8:10]), int(number[10:12]), today)
    except ValueError:
        raise NikError("invalid_date") from None
    return NikInfo(number, region, birth, sex, number[12:])


def nik_prefix_problem(digits: str) -> NikError | None:
    """What is already wrong with a NIK still being typed (the NIK screen says it at once).

    After 2 digits the province code is known, after 4 the regency code: a prefix no NIK can
    start with gets the error parse_nik would give the whole number. None means nothing is
    wrong *yet*; only parse_nik on all 16 digits says a NIK is valid.
    """
    if not digits:
        return None
    if not digits.isascii() or not digits.isdigit():
        return NikError("not_digits")
    if len(digits) > 16:
        return NikError("wrong_length")
    codes = valid_regency_codes()
    if len(digits) >= 2 and digits[:2] not in codes:
        return NikError("unknown_province")
    if len(digits) >= 4 and digits[:4] not in codes[digits[:2]]:
        return NikError("unknown_regency")
    return None


def parse_kk(text: str, today: dt.date | None = None) -> KkInfo:
    """Validate a family card number: region, DDMMYY registration date, serial."""
    today = today or dt.date.today()
    number = _clean(text)
    _check_shape(number, KkError)
    region = _region(number, KkError)
    try:
        registered = _resolve_century(
            int(number[6:8]), int(number[8:10]), int(number[10:12]), today
        )
    except ValueError:
        raise KkError("invalid_date") from None
    return KkInfo(number, region, registered, number[12:])


def is_valid_nik(text: str) -> bool:
    try:
        parse_nik(text)
    except NikError:
        return False
    return True


def mask_nik(text: str) -> str:
    """Keep the region and serial, hide the birth date: safe for logs and receipts."""
    number = _clean(text)
    if len(number) != 16:
        return "*" * len(number)
    return number[:4] + "*" * 8 + number[12:]
