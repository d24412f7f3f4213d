"""Checks one form value against its catalog field, with plain-language messages in both languages.

Values arrive as the UI or the server has them (mostly strings); `normalize_value` gives the
canonical form to store (phone as 08..., dates as ISO text, NIK/KK as 16 digits).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import asdict, dataclass
from typing import Any

from kiosk.catalog.messages import format_date, format_number, template
from kiosk.catalog.model import Field
from kiosk.nik import KkError, NikError, parse_kk, parse_nik

TEXT_TYPES = ("text", "address")
DEFAULT_MAX_LENGTH = 500
_BOUND = re.compile(r"^today(?:([+-])(\d{1,4})([dmy]))?$")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_PHONE = re.compile(r"^08\d{8,11}$")
_EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)


@dataclass(frozen=True)
class FieldProblem:
    field_id: str
    code: str
    message_id: str
    message_en: str
    item: int | None = None  # index in a multiple-value field

    def to_dict(self) -> dict:
        return asdict(self)


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | tuple | bytes | bytearray) and len(value) == 0


def resolve_date_bound(bound: str, today: dt.date) -> dt.date:
    """'2020-01-01', 'today', 'today-17y', 'today+30d', 'today-6m' -> a date."""
    match = _BOUND.match(bound)
    if not match:
        return dt.date.fromisoformat(bound)
    sign, amount, unit = match.groups()
    if not sign:
        return today
    n = int(amount) * (1 if sign == "+" else -1)
    if unit == "d":
        return today + dt.timedelta(days=n)
    months = today.year * 12 + today.month - 1 + (n * 12 if unit == "y" else n)
    year, month = divmod(months, 12)
    month += 1
    for day in (today.day, 30, 29, 28):  # 29 Feb or 31st -> the month's last day
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise ValueError(bound)  # pragma: no cover - day 28 always exists


def parse_date_value(value: Any) -> dt.date | None:
    """A date from a date object or ISO 'YYYY-MM-DD' text; None when it is neither."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def age_years(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _number(value: Any) -> float | int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str) and _NUMBER.match(value.strip()):
        text = value.strip().replace(",", ".")  # Indonesian writes 3,2 for 3.2
        return float(text) if "." in text else int(text)
    return None


def _phone(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = re.sub(r"[\s().-]", "", value)
    if text.startswith("+62"):
        text = "0" + text[3:]
    elif text.startswith("62"):
        text = "0" + text[2:]
    return text if _PHONE.match(text) else None


def field_problem(field: Field, code: str, **params: Any) -> FieldProblem:
    custom = field.message(code)
    if custom:
        return FieldProblem(field.id, code, *custom)
    texts = []
    for lang in ("id", "en"):
        values = {"label": field.label_id if lang == "id" else field.label_en}
        for key, value in params.items():
            if isinstance(value, Field):  # another field of the form, named by its label
                values[key] = value.label_id if lang == "id" else value.label_en
            elif isinstance(value, dt.date):
                values[key] = format_date(value, lang)
            elif isinstance(value, int | float):
                unit = field.unit_id if lang == "id" else field.unit_en
                values[key] = format_number(value, lang) + (f" {unit}" if unit else "")
            else:
                values[key] = value
        texts.append(template(code, lang).format(**values))
    return FieldProblem(field.id, code, texts[0], texts[1])


def _id_number_problem(field: Field, exc: NikError | KkError, prefix: str) -> FieldProblem:
    code = f"{prefix}_{exc.code}"
    custom = field.message(code)
    if custom:
        return FieldProblem(field.id, code, *custom)
    return FieldProblem(
        field.id, code, f"{field.label_id}: {exc.message_id}", f"{field.label_en}: {exc.message_en}"
    )


def _check_text(field: Field, value: Any) -> FieldProblem | None:
    if not isinstance(value, str):
        return field_problem(field, "bad_value")
    text = value.strip()
    if field.min_length is not None and len(text) < field.min_length:
        return field_problem(field, "too_short", min=field.min_length)
    if len(text) > (field.max_length or DEFAULT_MAX_LENGTH):
        return field_problem(field, "too_long", max=field.max_length or DEFAULT_MAX_LENGTH)
    if field.pattern and not re.fullmatch(field.pattern, text):
        return field_problem(field, "pattern")
    return None


def _check_number(field: Field, value: Any) -> FieldProblem | None:
    number = _number(value)
    if number is None:
        return field_problem(field, "not_a_number")
    if field.integer and number != int(number):
        return field_problem(field, "not_integer")
    if field.min_value is not None and number < field.min_value:
        return field_problem(field, "too_small", min=field.min_value)
    if field.max_value is not None and number > field.max_value:
        return field_problem(field, "too_large", max=field.max_value)
    return None


def _check_date(field: Field, value: Any, today: dt.date) -> FieldProblem | None:
    day = parse_date_value(value)
    if day is None:
        return field_problem(field, "bad_date")
    if field.min_date and day < (low := resolve_date_bound(field.min_date, today)):
        return field_problem(field, "date_too_early", min=low)
    if field.max_date and day > (high := resolve_date_bound(field.max_date, today)):
        if field.max_date == "today":
            return field_problem(field, "date_in_future")
        return field_problem(field, "date_too_late", max=high)
    return None


def _check_one(field: Field, value: Any, today: dt.date) -> FieldProblem | None:
    kind = field.type
    if kind in TEXT_TYPES:
        return _check_text(field, value)
    if kind == "number":
        return _check_number(field, value)
    if kind == "date":
        return _check_date(field, value, today)
    if kind == "choice":
        ok = isinstance(value, str | int) and not isinstance(value, bool)
        return (
            None
            if ok and field.option(str(value).strip())
            else field_problem(field, "not_an_option")
        )
    if kind in ("nik", "kk"):
        if not isinstance(value, str | int) or isinstance(value, bool):
            return field_problem(field, "bad_value")
        text = re.sub(r"\s", "", str(value))
        try:
            (parse_nik if kind == "nik" else parse_kk)(text, today)
        except (NikError, KkError) as exc:
            return _id_number_problem(field, exc, kind)
        return None
    if kind == "phone":
        return None if _phone(value) else field_problem(field, "bad_phone")
    if kind == "email":
        text = value.strip() if isinstance(value, str) else ""
        limit = field.max_length or 254
        return (
            None if _EMAIL.match(text) and len(text) <= limit else field_problem(field, "bad_email")
        )
    if kind == "document_photo":
        ok = isinstance(value, str | bytes | bytearray | memoryview | os.PathLike)
        return None if ok else field_problem(field, "bad_value")
    return field_problem(field, "bad_value")  # pragma: no cover - the schema allows no other type


def validate_value(field: Field, value: Any, today: dt.date | None = None) -> FieldProblem | None:
    """The first problem with `value` for `field`, or None when it is acceptable."""
    today = today or dt.date.today()
    if field.multiple:
        raw = value if isinstance(value, list | tuple) else [value]
        items = [item for item in raw if not is_empty(item)]
        if not items:
            return field_problem(field, "required") if field.required else None
        if field.max_items and len(items) > field.max_items:
            return field_problem(field, "too_many", max=field.max_items)
        seen = set()
        for index, item in enumerate(raw):  # index as the caller sent it, blanks included
            if is_empty(item):
                continue
            problem = _check_one(field, item, today)
            if problem:
                return FieldProblem(**{**problem.to_dict(), "item": index})
            key = repr(normalize_value_one(field, item))
            if key in seen:
                return FieldProblem(
                    **{**field_problem(field, "duplicate").to_dict(), "item": index}
                )
            seen.add(key)
        return None
    if is_empty(value):
        return field_problem(field, "required") if field.required else None
    return _check_one(field, value, today)


def normalize_value(field: Field, value: Any) -> Any:
    """The canonical form of a value that passed validate_value (None when empty)."""
    if field.multiple:
        raw = value if isinstance(value, list | tuple) else [value]
        return [normalize_value_one(field, v) for v in raw if not is_empty(v)] or None
    return None if is_empty(value) else normalize_value_one(field, value)


def normalize_value_one(field: Field, value: Any) -> Any:
    kind = field.type
    if kind in TEXT_TYPES or kind == "email":
        return value.strip()
    if kind == "number":
        number = _number(value)
        return int(number) if number is not None and number == int(number) else number
    if kind == "date":
        day = parse_date_value(value)
        return day.isoformat() if day else value
    if kind == "choice":
        return str(value).strip()
    if kind in ("nik", "kk"):
        return re.sub(r"\s", "", str(value))
    if kind == "phone":
        return _phone(value) or value
    return value
