"""A whole form: each field's value first, then the eligibility rules its answers break."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from kiosk.catalog.eligibility import condition_holds, form_rule_problems
from kiosk.catalog.fields import FieldProblem, field_problem, validate_value
from kiosk.catalog.model import Field, Service
from kiosk.catalog.people import person_problems


def validate_form(
    service: Service,
    values: dict[str, Any],
    today: dt.date | None = None,
    *,
    facts: dict[str, Any] | None = None,
    include_documents: bool = True,
) -> dict[str, FieldProblem]:
    """Field id -> problem; empty when the form is fine.

    Also reports entries that are not fields of the service, NIKs that do not fit the person
    the field is about (kiosk/catalog/people.py), and, once every field is fine,
    eligibility rules that the form's own answers break (keyed by the answer's field).
    include_documents=False skips document_photo fields (captured after the form).
    """
    today = today or dt.date.today()
    problems: dict[str, FieldProblem] = {}
    for field in service.fields:
        if field.type == "document_photo" and not include_documents:
            continue
        if field.required_if and all(condition_holds(c, values) for c in field.required_if):
            field = replace(field, required=True)
        problem = validate_value(field, values.get(field.id), today)
        if problem:
            problems[field.id] = problem
    known = set(service.field_ids())
    for key in values:
        if key not in known:
            label = Field(str(key), "text", str(key), str(key), "", "")
            problems[str(key)] = field_problem(label, "unknown_field")
    # Who the NIKs belong to (father, mother, witnesses): facts carry the server's KK answer.
    problems.update(person_problems(service, values, today, facts, skip=set(problems)))
    if not problems:
        problems.update(form_rule_problems(service, values, facts or {}, today))
    return problems


def check_field(
    service: Service,
    field_id: str,
    values: dict[str, Any],
    today: dt.date | None = None,
    prefill: dict[str, Any] | None = None,
) -> FieldProblem | None:
    """One field as the citizen leaves it: its own value, then the person rules it breaks
    (a father's NIK that belongs to a woman is said at once, not only on "Next")."""
    today = today or dt.date.today()
    problem = validate_value(service.field(field_id), values.get(field_id), today)
    if problem is not None:
        return problem
    return person_problems(service, values, today, prefill).get(field_id)
