"""NIK (national identity number) and KK (family card number) validation and decoding.

Digits 1-6 are the Kemendagri region code (province, regency/city, district: kiosk.regions),
7-12 the birth date (day + 40 for women) or the KK's registration date, 13-16 a serial from
0001. An unknown province is refused; an unknown regency code is only a warning
(`NikInfo.warning`): region lists change, and the population record on the server decides.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kiosk import regions
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
    regency: str | None  # None: a code the Kemendagri list does not have (a warning)
    district: str | None = None

    @property
    def known(self) -> bool:
        return self.regency is not None


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
    def regency(self) -> str | None:
        return self.region.regency

    @property
    def warning(self) -> str | None:
        """A code of the message catalog's `nik.` namespace for what is odd but not wrong."""
        return None if self.region.known else "unknown_regency"

    def to_dict(self) -> dict:
        return {
            "nik": self.nik,
            "valid": True,
            "province": self.province,
            "regency": self.regency,
            "district": self.region.district,
            "warning": self.warning,
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


def _clean(text: str) -> str:
    """Digits as typed or printed: spaces, dots and dashes between groups are dropped."""
    return re.sub(r"[\s.\-]", "", text or "")


def _region(number: str, error: type[IdNumberError]) -> Region:
    province = regions.province_name(number[:2])
    if province is None:
        raise error("unknown_province")
    regency = regions.regency_name(number[:4])
    district = regions.district_name(number[:6]) if regency else None
    return Region(number[:2], number[:4], number[:6], province, regency, district)


def _check_serial(number: str, error: type[IdNumberError]) -> None:
    if number[12:] == "0000":  # serials are issued from 0001
        raise error("zero_serial")


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
    _check_shape(number, NikError)
    region = _region(number, NikError)
    _check_serial(number, NikError)
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

    After 2 digits the province code is known: a prefix no NIK can start with gets the error
    parse_nik would give the whole number. None means nothing is
    wrong *yet*; only parse_nik on all 16 digits says a NIK is valid.
    """
    if not digits:
        return None
    if not digits.isascii() or not digits.isdigit():
        return NikError("not_digits")
    if len(digits) > 16:
        return NikError("wrong_length")
    if len(digits) >= 2 and regions.province_name(digits[:2]) is None:
        return NikError("unknown_province")
    return None  # an unknown regency is only a warning, once the NIK is whole


def parse_kk(text: str, today: dt.date | None = None) -> KkInfo:
    """Validate a family card number: region, DDMMYY registration date, serial."""
    today = today or dt.date.today()
    number = _clean(text)
    _check_shape(number, KkError)
    region = _region(number, KkError)
    _check_serial(number, KkError)
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
