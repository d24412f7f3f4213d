"""Form values known before the citizen types anything (Qt-free).

Two sources: the identity server's answer to the face check (`session.data.prefill`, shaped like
protocol.contract.CitizenPrefill: name, kk_number, marital_status, family [...], ...) and, for the
health-worker licences, the SATUSEHAT SDMK-like lookup (protocol.contract.HealthWorkerRecord:
str_number, profession_code, ...), found under prefill["health_worker"] or given separately.
Only answers the citizen would otherwise copy from their own KK or STR are filled in; every
prefilled value stays editable.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.catalog.model import Field, Service


@dataclass(frozen=True)
class FamilyMember:
    """One person on the applicant's KK, offered as a quick pick for NIK fields."""

    nik: str
    name: str
    relationship: str


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
    members = []
    for item in (prefill or {}).get("family") or ():
        if isinstance(item, Mapping) and item.get("nik"):
            members.append(
                FamilyMember(
                    str(item["nik"]), str(item.get("name", "")), str(item.get("relationship", ""))
                )
            )
    return members


def applicant_record(prefill: Mapping[str, Any] | None, nik: str | None) -> FamilyMember | None:
    for member in family_members(prefill):
        if member.nik == nik:
            return member
    return None


def health_worker_of(
    prefill: Mapping[str, Any] | None, lookup: Mapping[str, Any] | None = None
) -> Mapping[str, Any] | None:
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
    """Field id -> value for the fields this service can take from the server's data."""
    prefill = prefill or {}
    worker = health_worker_of(prefill, health_worker)
    me = applicant_record(prefill, applicant_nik or prefill.get("nik"))
    values: dict[str, Any] = {}
    for field in service.fields:
        value = None
        if field.type == "kk" and not field.multiple and prefill.get("kk_number"):
            # The applicant's own KK: every kk field of the catalog is "your" or "your family's".
            value = str(prefill["kk_number"])
        elif field.id == "nomor_str" and worker and worker.get("str_number"):
            value = str(worker["str_number"])
        elif field.type == "choice" and field.id == service.subject.relationship_field:
            # "your position in the family" (pindah-keluar), not "your relation to the child"
            if field.id == "status_dalam_keluarga" and me:
                value = match_option(field, me.relationship)
        elif field.type == "choice" and field.id == "status_perkawinan":
            value = match_option(field, prefill.get("marital_status"))
        if value is not None:
            values[field.id] = value
    return values


def name_field_for(service: Service, nik_field_id: str) -> str | None:
    """The subject's name field that goes with a single subject NIK field (to fill both)."""
    subject = service.subject
    if nik_field_id != subject.nik_field:
        return None
    for field_id in subject.fields:
        if field_id.startswith("nama"):
            return field_id
    return None


def quick_picks(
    service: Service,
    field: Field,
    prefill: Mapping[str, Any] | None,
    applicant_nik: str | None,
) -> list[FamilyMember]:
    """Family members worth offering for a NIK field (people on the applicant's own KK)."""
    if field.type != "nik" or not field.check_against_kk:
        return []
    members = family_members(prefill)
    if field.id == "nik_penduduk":  # a change of biodata may be about the applicant too
        return members
    return [m for m in members if m.nik != applicant_nik]
