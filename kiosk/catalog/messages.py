"""Problem messages for form values, in Bahasa Indonesia and English, and how numbers and dates
read inside them (3,2 kg and 17 Agustus 2024 in Indonesian; 3.2 kg and 17 August 2024 in English).
"""

from __future__ import annotations

import datetime as dt

from kiosk.nik import KK_MESSAGES
from kiosk.nik import MESSAGES as NIK_MESSAGES

# code -> (Indonesian, English); {label} is the field's label in that language.
MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("{label} wajib diisi.", "{label} is required."),
    "bad_value": (
        "Isian {label} tidak dapat dibaca. Silakan isi ulang.",
        "{label} could not be read. Please enter it again.",
    ),
    "too_short": (
        "{label} paling sedikit {min} karakter.",
        "{label} must be at least {min} characters long.",
    ),
    "too_long": (
        "{label} paling banyak {max} karakter.",
        "{label} must be at most {max} characters long.",
    ),
    "pattern": ("Format {label} tidak sesuai.", "{label} is not in the expected format."),
    "not_a_number": ("{label} harus berupa angka.", "{label} must be a number."),
    "not_integer": (
        "{label} harus berupa bilangan bulat, tanpa koma.",
        "{label} must be a whole number.",
    ),
    "too_small": ("{label} paling kecil {min}.", "{label} must be at least {min}."),
    "too_large": ("{label} paling besar {max}.", "{label} must be at most {max}."),
    "bad_date": (
        "{label} harus berupa tanggal yang benar, misalnya 17-08-2024.",
        "{label} must be a real date, for example 17-08-2024.",
    ),
    "date_in_future": (
        "{label} tidak boleh melewati hari ini.",
        "{label} cannot be in the future.",
    ),
    "date_too_early": (
        "{label} tidak boleh sebelum {min}.",
        "{label} cannot be before {min}.",
    ),
    "date_too_late": ("{label} tidak boleh setelah {max}.", "{label} cannot be after {max}."),
    "not_an_option": (
        "Pilih salah satu pilihan {label} yang tersedia.",
        "Choose one of the listed options for {label}.",
    ),
    "bad_phone": (
        "{label} harus nomor ponsel Indonesia yang diawali 08 atau +628, 10 sampai 13 angka.",
        "{label} must be an Indonesian mobile number starting with 08 or +628, 10 to 13 digits.",
    ),
    "bad_email": (
        "{label} tidak valid. Contoh yang benar: nama@contoh.co.id.",
        "{label} is not a valid email address, for example name@example.com.",
    ),
    "too_many": ("{label} paling banyak {max} isian.", "{label} takes at most {max} entries."),
    "duplicate": (
        "{label} berisi isian yang sama lebih dari sekali.",
        "{label} has the same entry more than once.",
    ),
    "unknown_field": (
        "Isian ini bukan bagian dari formulir layanan ini.",
        "This entry is not part of the service's form.",
    ),
}
# Codes a catalog file may override in a field's "messages".
PROBLEM_CODES = (
    set(MESSAGES)
    | {f"nik_{code}" for code in NIK_MESSAGES}
    | {f"kk_{code}" for code in KK_MESSAGES}
    | {"not_eligible"}
)

_MONTHS_ID = (
    "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
)
_MONTHS_EN = "January February March April May June July August September October November December"


def format_number(x: float, lang: str) -> str:
    text = f"{x:g}" if isinstance(x, float) else str(x)
    return text.replace(".", ",") if lang == "id" else text


def format_date(d: dt.date, lang: str) -> str:
    months = (_MONTHS_ID if lang == "id" else _MONTHS_EN).split()
    return f"{d.day} {months[d.month - 1]} {d.year}"
