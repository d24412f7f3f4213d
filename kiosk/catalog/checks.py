"""Checks the schema cannot express: references between fields, rules and documents.

Each check returns (field path, problem) for the first mistake, so a broken file is reported as
"file: fields[3].pattern: ..." like a schema error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from kiosk.catalog.eligibility import FACTS
from kiosk.catalog.messages import PROBLEM_CODES
from kiosk.catalog.prefill import PREFILL_SOURCES, STR_KINDS

Problem = tuple[list[str | int], str]

_APPLIES = {  # field key -> the field types it makes sense for
    "min_length": ("text", "address", "email"),
    "max_length": ("text", "address", "email"),
    "pattern": ("text", "address"),
    "min_value": ("number",),
    "max_value": ("number",),
    "integer": ("number",),
    "unit_id": ("number",),
    "unit_en": ("number",),
    "min_date": ("date",),
    "max_date": ("date",),
    "options": ("choice",),
    "person_role": ("nik",),
}
_SUBJECT_TYPES = {"nik_field": "nik", "birth_date_field": "date", "relationship_field": "choice"}


def _duplicates(items: list[dict], key: str, where: list) -> Iterator[Problem]:
    seen: dict[Any, int] = {}
    for index, item in enumerate(items):
        value = item.get(key)
        if value in seen:
            yield (
                where + [index, key],
                f"duplicate {key} '{value}' (also {where[-1]}[{seen[value]}])",
            )
        seen.setdefault(value, index)


def _field_problems(index: int, f: dict) -> Iterator[Problem]:
    at = ["fields", index]
    for key, types in _APPLIES.items():
        if key in f and f["type"] not in types:
            yield at + [key], f"does not apply to a '{f['type']}' field (only {', '.join(types)})"
    if "person_role" in f and f.get("multiple"):
        yield at + ["person_role"], "names one person: not for a multiple field"
    if "max_items" in f and not f.get("multiple"):
        yield at + ["max_items"], "only applies when multiple is true"
    for low, high in (("min_length", "max_length"), ("min_value", "max_value")):
        if low in f and high in f and f[low] > f[high]:
            yield at + [low], f"{f[low]} is larger than {high} {f[high]}"
    if "pattern" in f:
        try:
            re.compile(f["pattern"])
        except re.error as exc:
            yield at + ["pattern"], f"not a valid regular expression: {exc}"
    for key in ("min_date", "max_date"):
        bound = f.get(key, "today")
        if not bound.startswith("today"):
            try:
                dt.date.fromisoformat(bound)
            except ValueError:
                yield at + [key], f"'{bound}' is not a real date"
    if f.get("required_if") and f.get("required", True):
        yield at + ["required_if"], "only applies when required is false"
    yield from _prefill_problems(at, f)
    yield from _duplicates(f.get("options", []), "value", at + ["options"])
    for code in f.get("messages", {}):
        if code not in PROBLEM_CODES:
            yield (
                at + ["messages", code],
                f"unknown problem code (known: {', '.join(sorted(PROBLEM_CODES))})",
            )


def _prefill_problems(at: list, f: dict) -> Iterator[Problem]:
    source = f.get("prefill")
    if source is None:
        return
    if source not in PREFILL_SOURCES:
        known = ", ".join(sorted(PREFILL_SOURCES))
        yield at + ["prefill"], f"unknown prefill source '{source}' (known: {known})"
        return
    types = PREFILL_SOURCES[source][0]
    if f["type"] not in types:
        yield (
            at + ["prefill"],
            f"'{source}' does not apply to a '{f['type']}' field (only {', '.join(types)})",
        )
    elif source == "citizen.kk_number" and f.get("multiple"):
        yield at + ["prefill"], f"'{source}' is one number: not for a multiple field"
    elif source == "health_worker.str_kind" and sorted(
        o["value"] for o in f.get("options", [])
    ) != sorted(STR_KINDS):
        yield at + ["prefill"], f"'{source}' needs exactly the options {', '.join(STR_KINDS)}"
    elif source == "citizen.nik" and not f.get("check_against_kk"):
        yield (
            at + ["prefill"],
            f"'{source}' offers the applicant among their KK: needs check_against_kk true",
        )


def _name_prefill_problems(service: dict) -> Iterator[Problem]:
    """kk_member.name: at most one field, one of the subject's, next to the subject's NIK."""
    subject, first = service["subject"], None
    for index, f in enumerate(service["fields"]):
        if f.get("prefill") != "kk_member.name":
            continue
        at = ["fields", index, "prefill"]
        if first is not None:
            yield at, f"'kk_member.name' is already the prefill of fields[{first}]"
        elif subject.get("nik_field") is None:
            yield at, "'kk_member.name' needs a subject nik_field (the person picked)"
        elif f["id"] not in subject.get("fields", []):
            yield at, "'kk_member.name' is for a field about the subject (subject.fields)"
        first = index if first is None else first


def _condition_problems(at: list, cond: dict, fields: dict[str, dict]) -> Iterator[Problem]:
    name, op, value = cond["fact"], cond["op"], cond["value"]
    values = value if isinstance(value, list) else [value]
    if name in FACTS:
        kind = FACTS[name][0]
        ok = {bool: lambda v: isinstance(v, bool), str: lambda v: isinstance(v, str)}.get(
            kind, lambda v: isinstance(v, int | float) and not isinstance(v, bool)
        )
        bad = [v for v in values if not ok(v)]
        if bad:
            yield at + ["value"], f"{bad[0]!r} does not fit fact '{name}' ({kind.__name__})"
        return
    field = fields.get(name)
    if field is None:
        known = ", ".join(sorted(FACTS))
        yield (
            at + ["fact"],
            f"'{name}' is neither a field of this service nor a known fact ({known})",
        )
        return
    if field["type"] == "choice":
        options = {o["value"] for o in field["options"]}
        bad = [v for v in values if v not in options]
        if bad:
            yield at + ["value"], f"{bad[0]!r} is not an option of field '{name}'"
    elif field["type"] == "number" and any(
        isinstance(v, bool) or not isinstance(v, int | float) for v in values
    ):
        yield at + ["value"], f"field '{name}' is a number: compare it with numbers"
    elif op in ("lt", "le", "gt", "ge"):
        yield at + ["op"], f"'{op}' needs a number field or fact, '{name}' is {field['type']}"


def _problems(service: dict) -> Iterator[Problem]:
    fields_list = service["fields"]
    yield from _duplicates(fields_list, "id", ["fields"])
    fields = {f["id"]: f for f in fields_list}
    for index, f in enumerate(fields_list):
        yield from _field_problems(index, f)
        for j, cond in enumerate(f.get("required_if", [])):
            if cond["fact"] not in fields:  # decided on the form's answers alone
                yield ["fields", index, "required_if", j, "fact"], f"no field '{cond['fact']}'"
            else:
                yield from _condition_problems(["fields", index, "required_if", j], cond, fields)
    subject = service["subject"]
    for key, kind in _SUBJECT_TYPES.items():
        ref = subject.get(key)
        if ref is not None and ref not in fields:
            yield ["subject", key], f"no field '{ref}' in this service"
        elif ref is not None and fields[ref]["type"] != kind:
            yield ["subject", key], f"field '{ref}' is {fields[ref]['type']}, expected {kind}"
    for index, ref in enumerate(subject.get("fields", [])):
        if ref not in fields:
            yield ["subject", "fields", index], f"no field '{ref}' in this service"
    yield from _name_prefill_problems(service)
    documents = service["documents"]
    yield from _duplicates(documents, "id", ["documents"])
    for index, doc in enumerate(documents):
        ref = doc.get("field")
        if ref is not None and ref not in fields:
            yield ["documents", index, "field"], f"no field '{ref}' in this service"
        elif ref is not None and fields[ref]["type"] != "document_photo":
            yield ["documents", index, "field"], f"field '{ref}' is not a document_photo field"
        for j, cond in enumerate(doc.get("if", [])):
            yield from _condition_problems(["documents", index, "if", j], cond, fields)
    rules = service["rules"]
    yield from _duplicates(rules, "id", ["rules"])
    for index, rule in enumerate(rules):
        for part in ("if", "require", "require_any"):
            for j, cond in enumerate(rule.get(part, [])):
                yield from _condition_problems(["rules", index, part, j], cond, fields)


def service_problem(service: dict) -> Problem | None:
    """The first cross-reference mistake in a schema-valid service dict, or None."""
    return next(_problems(service), None)
