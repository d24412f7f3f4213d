"""Eligibility rules: who may use a service, with the reason in both languages when not.

A rule says: when every `if` condition holds, every `require` condition (or one `require_any`
condition) must hold. A condition is (fact, operator, value). Facts are the names in FACTS,
supplied by the kiosk or the server, or the id of one of the service's form fields.

A fact nobody knows yet leaves the rule undecided: the kiosk does not turn a citizen away on a
guess (the server decides later); `strict=True` reports undecided rules too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.catalog.fields import FieldProblem, age_years, is_empty, parse_date_value
from kiosk.catalog.model import Condition, Document, Rule, Service
from kiosk.catalog.prefill import ever_married, family_record
from kiosk.nik import NikError, parse_nik

# name -> (Python type of the value, what it means). Field ids of a service are facts too.
FACTS: dict[str, tuple[type, str]] = {
    "subject_age_years": (int, "age in whole years of the person the application is about"),
    "applicant_age_years": (int, "age in whole years of the applicant"),
    "relationship": (str, "answer to the subject's relationship field"),
    "subject_ever_married": (
        bool,
        "the person the application is about is or was married (their population record)",
    ),
    "is_head_of_family": (bool, "the applicant is head of family on their KK (server data)"),
    "family_member_count": (int, "people on the applicant's KK, head included (server data)"),
    "is_married": (bool, "the applicant is married (server data)"),
    "has_str": (bool, "the applicant holds an STR in SATUSEHAT SDMK (server data)"),
    "skp_sufficient": (bool, "the applicant has enough SKP credits to renew (server data)"),
    "active_sip_count": (int, "practice licences (SIP) the applicant holds now (server data)"),
}
# Other spellings callers use for the same fact (kiosk.session uses "age").
ALIASES = {"age": "applicant_age_years"}


@dataclass(frozen=True)
class Ineligibility:
    service_id: str
    rule_id: str
    message_id: str
    message_en: str
    facts: tuple[str, ...]  # the facts the failed requirement looked at
    undecided: bool = False  # strict mode only: a fact was missing

    def to_dict(self) -> dict:
        return {
            "service_id": self.service_id,
            "rule_id": self.rule_id,
            "message_id": self.message_id,
            "message_en": self.message_en,
            "facts": list(self.facts),
            "undecided": self.undecided,
        }


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    try:
        return float(str(value).strip().replace(",", "."))
    except ValueError:
        return None


def condition_holds(cond: Condition, facts: Mapping[str, Any]) -> bool | None:
    """True/False, or None when the fact is unknown or cannot be compared."""
    actual = facts.get(cond.fact)
    if is_empty(actual):
        return None
    expected = cond.value
    if isinstance(actual, list | tuple):  # a multiple-value field
        if cond.op == "in":
            return all(item in expected for item in actual)
        if cond.op == "not_in":
            return not any(item in expected for item in actual)
        return None
    if cond.op in ("in", "not_in"):
        return (actual in expected) == (cond.op == "in")
    if isinstance(expected, bool) or isinstance(actual, bool):
        if not (isinstance(expected, bool) and isinstance(actual, bool)):
            return None
    elif isinstance(expected, int | float):
        actual = _number(actual)
        if actual is None:
            return None
    if cond.op == "eq":
        return actual == expected
    if cond.op == "ne":
        return actual != expected
    try:
        return {
            "lt": actual < expected,
            "le": actual <= expected,
            "gt": actual > expected,
            "ge": actual >= expected,
        }[cond.op]
    except TypeError:
        return None


def _all(results: list[bool | None]) -> bool | None:
    if False in results:
        return False
    return None if None in results else True


def rule_outcome(rule: Rule, facts: Mapping[str, Any]) -> bool | None:
    """True: satisfied or not applicable; False: broken; None: undecided."""
    applies = _all([condition_holds(c, facts) for c in rule.when])
    if applies is False:
        return True
    if rule.require:
        result = _all([condition_holds(c, facts) for c in rule.require])
    else:
        results = [condition_holds(c, facts) for c in rule.require_any]
        result = True if True in results else (False if all(r is False for r in results) else None)
    if applies is None:  # cannot tell whether the rule applies: only "satisfied" is certain
        return True if result else None
    return result


def derived_facts(service: Service, facts: Mapping[str, Any]) -> dict[str, Any]:
    """facts plus what follows from them (aliases; the subject's age when it is the applicant)."""
    result = dict(facts)
    for alias, name in ALIASES.items():
        if alias in result and name not in result:
            result[name] = result[alias]
    if service.subject.includes_applicant and "subject_age_years" not in result:
        if "applicant_age_years" in result:
            result["subject_age_years"] = result["applicant_age_years"]
    return result


def check_eligibility(
    service: Service, facts: Mapping[str, Any], *, strict: bool = False
) -> list[Ineligibility]:
    """Why the person the application is about may not use this service (empty: eligible)."""
    facts = derived_facts(service, facts)
    reasons = []
    for rule in service.rules:
        outcome = rule_outcome(rule, facts)
        if outcome is False or (outcome is None and strict):
            names = tuple(dict.fromkeys(c.fact for c in rule.require or rule.require_any))
            reasons.append(
                Ineligibility(
                    service.id,
                    rule.id,
                    rule.message_id,
                    rule.message_en,
                    names,
                    undecided=outcome is None,
                )
            )
    return reasons


def facts_from_values(
    service: Service,
    values: Mapping[str, Any],
    today: dt.date | None = None,
    prefill: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Facts the form's answers give: every answered field, the subject's age and relationship.

    When the subject is on the applicant's KK (`prefill`, the server's answer), their population
    record wins over their NIK: a NIK's two-digit year dates a person aged 100 or more a century
    late, and only the record says whether they ever married.
    """
    today = today or dt.date.today()
    field_ids = set(service.field_ids())
    facts = {k: v for k, v in values.items() if k in field_ids and not is_empty(v)}
    subject = service.subject
    if subject.kind == "other_person":
        nik = values.get(subject.nik_field) if subject.nik_field else None
        nik = "".join(nik.split()) if isinstance(nik, str) else None
        record = family_record(prefill, nik) if nik else None
        born = None
        if subject.birth_date_field:
            born = parse_date_value(values.get(subject.birth_date_field))
        if born is None and record is not None:
            born = record.birth_date
        if born is None and nik:
            try:
                born = parse_nik(nik, today).birth_date
            except NikError:
                born = None
        if born is not None and born <= today:
            facts["subject_age_years"] = age_years(born, today)
        married = ever_married(record.marital_status) if record is not None else None
        if married is not None:
            facts["subject_ever_married"] = married
    if subject.relationship_field and not is_empty(values.get(subject.relationship_field)):
        facts["relationship"] = values[subject.relationship_field]
    return facts


def form_rule_problems(
    service: Service,
    values: Mapping[str, Any],
    facts: Mapping[str, Any],
    today: dt.date | None = None,
) -> dict[str, FieldProblem]:
    """Rules broken by the form's answers, keyed by the field whose answer breaks them."""
    merged = {**facts, **facts_from_values(service, values, today, prefill=facts)}
    subject = service.subject
    fact_field = {
        "subject_age_years": subject.birth_date_field or subject.nik_field,
        "subject_ever_married": subject.nik_field,
        "relationship": subject.relationship_field,
    }
    field_ids = set(service.field_ids())
    problems: dict[str, FieldProblem] = {}
    for reason in check_eligibility(service, merged):
        for name in reason.facts:
            field_id = name if name in field_ids else fact_field.get(name)
            if field_id and field_id not in problems:
                problems[field_id] = FieldProblem(
                    field_id, "not_eligible", reason.message_id, reason.message_en
                )
                break
    return problems


def documents_needed(
    service: Service, facts: Mapping[str, Any], *, include_undecided: bool = True
) -> list[Document]:
    """The service's documents that apply given the facts (or form answers) known so far."""
    facts = derived_facts(service, facts)
    result = []
    for doc in service.documents:
        applies = _all([condition_holds(c, facts) for c in doc.when])
        if applies or (applies is None and include_undecided):
            result.append(doc)
    return result
