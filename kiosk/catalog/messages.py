"""Problem messages for form values, in Bahasa Indonesia and English, and how numbers and dates
read inside them (3,2 kg and 17 Agustus 2024 in Indonesian; 3.2 kg and 17 August 2024 in English).
"""

from __future__ import annotations

import datetime as dt

from kiosk.messages import codes, pair, text

# code -> (Indonesian, English), from the message catalog (assets/messages/*.json, codes
# "catalog.*"); {label} is the field's label in that language.
MESSAGES: dict[str, tuple[str, str]] = {code: pair(f"catalog.{code}") for code in codes("catalog")}
# Codes a catalog file may override in a field's "messages".
PROBLEM_CODES = (
    set(MESSAGES)
    | {f"nik_{code}" for code in codes("nik")}
    | {f"kk_{code}" for code in codes("kk")}
    | {"not_eligible"}
)


def template(code: str, lang: str) -> str:
    """The unfilled text of a form problem `code` in `lang` ({label} and friends left as is)."""
    return text(f"catalog.{code}", lang)


def format_number(x: float, lang: str) -> str:
    text = f"{x:g}" if isinstance(x, float) else str(x)
    return text.replace(".", ",") if lang == "id" else text


def format_date(d: dt.date, lang: str) -> str:
    months = text("date.months", "id" if lang == "id" else "en").split()
    return f"{d.day} {months[d.month - 1]} {d.year}"
