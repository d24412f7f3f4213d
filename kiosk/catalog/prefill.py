"""Form values known before the citizen types anything, as the catalog's `prefill` keys say.

Two sources: the identity server's answer to the face check (`session.data.prefill`, shaped like
protocol.contract.CitizenPrefill: nik, name, kk_number, marital_status, family [...], ...) and,
for the health-worker licences, the SATUSEHAT SDMK-like lookup (protocol.contract
.HealthWorkerRecord: str_number, profession_code, ...), found under prefill["health_worker"] or
given separately. Only answers the citizen would otherwise copy from their own KK or STR are
filled in; every prefilled value stays editable.

A field's optional `prefill` key names its source, from a closed vocabulary (PREFILL_SOURCES,
the same list as the enum in assets/services/catalog.schema.json). A field without the key is
never prefilled.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.catalog.model import PERSON_ROLES, Field, Service
from kiosk.nik import NikError, parse_nik

# source -> (the field types it may be set on, what it means)
PREFILL_SOURCES: dict[str, tuple[tuple[str, ...], str]] = {
    "citizen.kk_number": (("kk",), "the applicant's own KK number (filled in)"),
    "citizen.marital_status": (
        ("choice",),
        "the applicant's marital status, matched to an option (filled in)",
    ),
    "citizen.relationship": (
        ("choice",),
        "the applicant's position in their own family (KK), matched to an option (filled in)",
    ),
    "citizen.nik": (
        ("nik",),
        "the applicant is offered as a quick pick too, next to the other people on their KK "
        "(a NIK field is never filled in by itself)",
    ),
    "kk_member.name": (
        ("text",),
        "the name of the person picked from the applicant's KK for the subject's NIK field "
        "(filled in with the pick)",
    ),
    "health_worker.str_number": (
        ("text",),
        "the STR number from the health-worker record (filled in)",
    ),
    "health_worker.str_kind": (
        ("choice",),
        "the STR's kind from the health-worker record: option 'seumur_hidup' (no end date) or "
        "'lima_tahun' (an old STR with an end date) (filled in)",
    ),
    "health_worker.str_valid_until": (
        ("date",),
        "the end date of an old 5-year STR from the health-worker record (filled in)",
    ),
}
# health_worker.str_kind's options, by whether the record gives an end date
STR_KINDS = ("seumur_hidup", "lima_tahun")
# A child on the KK is not offered as a father or a mother (quick picks only: the form itself
# checks that a parent was born before the child, kiosk/catalog/people.py).
PARENT_PICK_MIN_AGE = 12


@dataclass(frozen=True)
class FamilyMember:
    """One person on the applicant's KK, offered as a quick pick for NIK fields."""

    nik: str
    name: str
    relationship: str
    # The population record's own facts: they win over what the NIK's digits suggest (a NIK
    # carries a two-digit year, so a person aged 100 or more decodes a century late).
    birth_date: dt.date | None = None
    marital_status: str | None = None
    sex: str | None = None  # "M" / "F" as the population record says


# Dukcapil's marital statuses (SIAK); anything else is "unknown", never a guess.
_NEVER_MARRIED = {"belum_kawin"}
_EVER_MARRIED = {"kawin", "kawin_tercatat", "kawin_belum_tercatat", "cerai_hidup", "cerai_mati"}


def ever_married(status: Any) -> bool | None:
    """True for married, divorced or widowed; False for "Belum Kawin"; None when unknown."""
    norm = _norm(status) if status is not None else ""
    if norm in _NEVER_MARRIED:
        return False
    if norm in _EVER_MARRIED:
        return True
    return None


def record_date(value: Any) -> dt.date | None:
    """A date from the server's answer (ISO text once it went through JSON), None if not one."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _norm(text: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(text).strip().lower()).strip("_")


def match_option(field: Field, text: Any) -> str | None:
    """The option whose value or label matches free text such as "Kepala Keluarga"."""
    if text is None or not field.options:
        return None
    wanted = _norm(text)
    for option in field.options:
        if wanted in (_norm(option.value), _norm(option.label_id), _norm(option.label_en)):
            return option.value
    return None


def family_members(prefill: Mapping[str, Any] | None) -> list[FamilyMember]:
    """The people on the applicant's KK (the applicant included), as the server listed them."""
    members = []
    for item in (prefill or {}).get("family") or ():
        if isinstance(item, Mapping) and item.get("nik"):
            marital = item.get("marital_status")
            members.append(
                FamilyMember(
                    str(item["nik"]),
                    str(item.get("name", "")),
                    str(item.get("relationship", "")),
                    record_date(item.get("birth_date")),
                    marital if isinstance(marital, str) else None,
                    item.get("sex") if item.get("sex") in ("M", "F") else None,
                )
            )
    return members


def family_record(prefill: Mapping[str, Any] | None, nik: str | None) -> FamilyMember | None:
    """The entry of the person with this NIK on the applicant's KK (the applicant's own, too)."""
    for member in family_members(prefill):
        if member.nik == nik:
            return member
    return None


def health_worker_of(
    prefill: Mapping[str, Any] | None, lookup: Mapping[str, Any] | None = None
) -> Mapping[str, Any] | None:
    """The health-worker record: the lookup's answer, else the one in the verification answer."""
    if lookup:
        return lookup
    worker = (prefill or {}).get("health_worker")
    return worker if isinstance(worker, Mapping) else None


def prefill_values(
    service: Service,
    prefill: Mapping[str, Any] | None,
    applicant_nik: str | None = None,
    health_worker: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Field id -> value for the fields of `service` whose catalog `prefill` source has one."""
    prefill = prefill or {}
    worker = health_worker_of(prefill, health_worker) or {}
    me = family_record(prefill, applicant_nik or prefill.get("nik"))
    values: dict[str, Any] = {}
    for field in service.fields:
        source, value = field.prefill, None
        if source == "citizen.kk_number" and prefill.get("kk_number"):
            value = str(prefill["kk_number"])
        elif source == "citizen.marital_status":
            value = match_option(field, prefill.get("marital_status"))
        elif source == "citizen.relationship" and me is not None:
            value = match_option(field, me.relationship)
        elif source == "health_worker.str_number" and worker.get("str_number"):
            value = str(worker["str_number"])
        elif source == "health_worker.str_kind" and worker.get("str_number"):
            value = STR_KINDS[1] if worker.get("str_valid_until") else STR_KINDS[0]
        elif source == "health_worker.str_valid_until":
            until = record_date(worker.get("str_valid_until"))
            value = until.isoformat() if until else None
        # citizen.nik and kk_member.name wait for the citizen's pick (quick_picks, name_field_for)
        if value is not None:
            values[field.id] = value
    return values


def member_facts(member: FamilyMember, today: dt.date) -> tuple[str | None, dt.date | None]:
    """(sex, birth date): the population record's, else what the NIK's digits say."""
    try:
        info = parse_nik(member.nik, today)
    except NikError:
        info = None
    sex = member.sex or (info.sex if info else None)
    return sex, member.birth_date or (info.birth_date if info else None)


def _fits_parent(member: FamilyMember, sex: str, today: dt.date) -> bool:
    found, born = member_facts(member, today)
    if found not in (None, sex):
        return False
    return born is None or (today.year - born.year) > PARENT_PICK_MIN_AGE


def quick_picks(
    field: Field,
    prefill: Mapping[str, Any] | None,
    applicant_nik: str | None,
    today: dt.date | None = None,
) -> list[FamilyMember]:
    """People worth offering for a NIK field that is checked against the applicant's KK.

    A field with a person_role (a father, a mother) is offered everyone on the KK who fits the
    role, the applicant included; otherwise the others on the KK, and the applicant too when
    the field's prefill source is citizen.nik."""
    if field.type != "nik" or not field.check_against_kk:
        return []
    members = family_members(prefill)
    wanted = PERSON_ROLES.get(field.person_role or "")
    if wanted is not None:
        return [m for m in members if _fits_parent(m, wanted, today or dt.date.today())]
    if field.prefill == "citizen.nik":
        return members
    return [m for m in members if m.nik != applicant_nik]


def name_field_for(service: Service, nik_field_id: str) -> str | None:
    """The field that takes the name of the person picked for `nik_field_id`: the one with
    prefill kk_member.name, when `nik_field_id` is the subject's NIK field."""
    if nik_field_id != service.subject.nik_field:
        return None
    return next((f.id for f in service.fields if f.prefill == "kk_member.name"), None)
