"""Form values as a citizen reads them on the review screen (Qt-free apart from QLocale)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QLocale

from kiosk.catalog.fields import is_empty, parse_date_value
from kiosk.catalog.model import Field
from ui.forms.digit_field import group

LOCALES = {
    "id": QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia),
    "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom),
}


def show_one(field: Field, value: Any, language: str) -> str:
    kind = field.type
    if kind == "choice":
        option = field.option(str(value))
        if option is not None:
            return option.label_en if language == "en" else option.label_id
    if kind == "date":
        day = parse_date_value(value)
        if day is not None:
            return LOCALES[language].toString(QDate(day.year, day.month, day.day), "d MMMM yyyy")
    if kind in ("nik", "kk"):
        digits = "".join(str(value).split())
        return group(digits)
    if kind == "number":
        text = str(value)
        text = text.replace(".", ",") if language == "id" else text.replace(",", ".")
        unit = field.unit_en if language == "en" else field.unit_id
        return f"{text} {unit}" if unit else text
    return str(value)


def show_value(field: Field, value: Any, language: str) -> str:
    """The answer as text; an empty optional answer reads as a dash."""
    if isinstance(value, list | tuple):
        items = [show_one(field, v, language) for v in value if not is_empty(v)]
        return "\n".join(items) if items else "-"
    return "-" if is_empty(value) else show_one(field, value, language)
