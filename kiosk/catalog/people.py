"""Rules about the people a form names by NIK: a father is a man, a mother a woman, a witness
an adult, each person is named once, and a parent was born before the child.

A NIK field takes part when the catalog gives it a `person_role` (model.PERSON_ROLES). What is
known about the person comes from the applicant's KK when they are on it (the server's answer:
its sex and birth date win), else from the NIK's own digits (day of birth + 40 for women).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.catalog.fields import (
    FieldProblem,
    age_years,
    field_problem,
    is_empty,
    parse_date_value,
)
from kiosk.catalog.model import PERSON_ROLES, Field, Service
from kiosk.catalog.prefill import family_record
from kiosk.nik import NikError, parse_nik

# The catalog's own help texts ask for witnesses aged 17 or over (adulthood under UU 24/2013).
WITNESS_MIN_AGE = 17
PARENT_ROLES = ("father", "mother")


@dataclass(frozen=True)
class Person:
    nik: str
    sex: str | None  # "M" / "F"
    birth_date: dt.date | None
    name: str | None = None  # only when the person is on the applicant's KK


def nik_digits(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    digits = "".join(value.split())
    return digits or None


def person(nik: str, prefill: Mapping[str, Any] | None, today: dt.date) -> Person | None:
    """What is known about the owner of `nik`; None when the NIK cannot be read."""
    record = family_record(prefill, nik)
    try:
        info = parse_nik(nik, today)
    except NikError:
        info = None
    if record is None and info is None:
        return None
    sex = (record.sex if record else None) or (info.sex if info else None)
    born = (record.birth_date if record else None) or (info.birth_date if info else None)
    return Person(nik, sex, born, record.name if record else None)


def person_problems(
    service: Service,
    values: Mapping[str, Any],
    today: dt.date,
    prefill: Mapping[str, Any] | None = None,
    skip: frozenset[str] | set[str] = frozenset(),
) -> dict[str, FieldProblem]:
    """Field id -> the first person rule its NIK breaks (fields in `skip` are left out)."""
    problems: dict[str, FieldProblem] = {}
    seen: dict[str, Field] = {}  # NIK -> the first role field naming it
    child_born = None
    if service.subject.birth_date_field:
        child_born = parse_date_value(values.get(service.subject.birth_date_field))
    subject_nik = nik_digits(values.get(service.subject.nik_field or ""))
    for field in service.fields:
        if field.type != "nik" or field.person_role is None or field.multiple:
            continue
        nik = nik_digits(values.get(field.id))
        if field.id in skip or nik is None or is_empty(nik):
            continue
        found = person(nik, prefill, today)
        if found is None:
            continue  # the field's own check explains an unreadable NIK
        problem = _one(field, found, seen.get(nik), subject_nik, child_born, today)
        if problem is not None:
            problems[field.id] = problem
        seen.setdefault(nik, field)
    return problems


def _one(
    field: Field,
    found: Person,
    earlier: Field | None,
    subject_nik: str | None,
    child_born: dt.date | None,
    today: dt.date,
) -> FieldProblem | None:
    role = field.person_role
    wanted = PERSON_ROLES.get(role or "")
    if wanted is not None and found.sex is not None and found.sex != wanted:
        return field_problem(field, "role_not_father" if role == "father" else "role_not_mother")
    if earlier is not None:
        return field_problem(field, "same_person", other=earlier)
    if role in PARENT_ROLES:
        if subject_nik is not None and subject_nik == found.nik:
            return field_problem(field, "parent_is_child")
        if child_born is not None and found.birth_date is not None:
            if found.birth_date >= child_born:
                return field_problem(field, "parent_is_child")
    if role == "witness" and found.birth_date is not None:
        if age_years(found.birth_date, today) < WITNESS_MIN_AGE:
            return field_problem(field, "witness_too_young", min=WITNESS_MIN_AGE)
    return None
