"""Typed, read-only view of catalog data (built from dicts that already passed the schema).

Every text a citizen sees comes in pairs: `*_id` (Bahasa Indonesia) and `*_en` (English).
`Service.data` keeps the validated dict so the catalog can be written back out unchanged.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

GROUPS = ("adminduk", "nakes")
FIELD_TYPES = (
    "text",
    "number",
    "date",
    "choice",
    "nik",
    "kk",
    "phone",
    "email",
    "address",
    "document_photo",
)
# person_role of a NIK field -> the sex that person must have (None: any). kiosk/catalog/people.py
PERSON_ROLES: dict[str, str | None] = {"father": "M", "mother": "F", "witness": None}


@dataclass(frozen=True)
class Option:
    value: str
    label_id: str
    label_en: str


@dataclass(frozen=True)
class Field:
    id: str
    type: str
    label_id: str
    label_en: str
    help_id: str
    help_en: str
    required: bool = True
    # Required only when every condition holds on the form's own answers (required is false).
    required_if: tuple[Condition, ...] = ()
    multiple: bool = False
    max_items: int | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    min_value: float | None = None
    max_value: float | None = None
    integer: bool = False
    unit_id: str | None = None
    unit_en: str | None = None
    min_date: str | None = None
    max_date: str | None = None
    options: tuple[Option, ...] = ()
    check_against_kk: bool = False
    # (problem code, Indonesian, English) replacing the built-in message for that code
    messages: tuple[tuple[str, str, str], ...] = ()
    # where the value comes from before the citizen types (kiosk/catalog/prefill.py); None: nowhere
    prefill: str | None = None
    # who the NIK belongs to (PERSON_ROLES): its sex, age and distinctness are checked
    person_role: str | None = None

    def option(self, value: Any) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    def message(self, code: str) -> tuple[str, str] | None:
        for item_code, text_id, text_en in self.messages:
            if item_code == code:
                return text_id, text_en
        return None


@dataclass(frozen=True)
class Condition:
    fact: str
    op: str
    value: Any


@dataclass(frozen=True)
class Rule:
    """When every `when` condition holds, all of `require` (or one of `require_any`) must."""

    id: str
    message_id: str
    message_en: str
    when: tuple[Condition, ...] = ()
    require: tuple[Condition, ...] = ()
    require_any: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Document:
    id: str
    name_id: str
    name_en: str
    required: bool = True
    description_id: str | None = None
    description_en: str | None = None
    field: str | None = None  # the document_photo field capturing it; None: checked electronically
    when: tuple[Condition, ...] = ()
    kind: str = "paper"  # "paper" (must not be a face) or "photo" (a portrait: exactly one face)


@dataclass(frozen=True)
class Subject:
    """Who the application is about; eligibility rules apply to this person."""

    kind: str  # "applicant", "other_person" or "family_members" (the applicant plus others)
    label_id: str
    label_en: str
    check_against_kk: bool
    nik_field: str | None = None
    birth_date_field: str | None = None
    relationship_field: str | None = None
    fields: tuple[str, ...] = ()

    @property
    def includes_applicant(self) -> bool:
        return self.kind in ("applicant", "family_members")


@dataclass(frozen=True)
class ProcessingTime:
    value: float
    unit: str  # "hours" or "working_days"
    text_id: str
    text_en: str


@dataclass(frozen=True)
class Profession:
    code: str
    name_id: str
    name_en: str
    category_code: str
    category_name_id: str
    category_name_en: str


@dataclass(frozen=True)
class Group:
    id: str
    name_id: str
    name_en: str
    # How the service screen shows it: a Tabler icon (assets/icons/tabler/<icon>.svg), a short
    # name for its tile, and whether its services sit behind one tile (folder) that opens by
    # itself for some citizens (open_for: "health_worker").
    icon: str | None = None
    short_name_id: str | None = None
    short_name_en: str | None = None
    folder: bool = False
    open_for: str | None = None

    def to_dict(self) -> dict:
        data = {"id": self.id, "name_id": self.name_id, "name_en": self.name_en}
        for key in ("icon", "short_name_id", "short_name_en", "open_for"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        if self.folder:
            data["folder"] = True
        return data

    def opens_for(self, facts: Mapping[str, Any], health_worker: Any = None) -> bool:
        """Whether the service screen opens this group by itself for this citizen: for
        open_for "health_worker", a NIK in the health-worker registry (the server's has_str
        fact, a record in the verification answer, or one from the registry lookup)."""
        if self.open_for != "health_worker":
            return False
        record = health_worker or facts.get("health_worker")
        return facts.get("has_str") is True or (isinstance(record, Mapping) and bool(record))


def build_group(d: dict) -> Group:
    return Group(
        d["id"],
        d["name_id"],
        d["name_en"],
        icon=d.get("icon"),
        short_name_id=d.get("short_name_id"),
        short_name_en=d.get("short_name_en"),
        folder=d.get("folder", False),
        open_for=d.get("open_for"),
    )


@dataclass(frozen=True)
class Service:
    id: str
    group: str
    order: int
    name_id: str
    name_en: str
    description_id: str
    description_en: str
    agency: str
    agency_en: str
    subject: Subject
    fields: tuple[Field, ...]
    documents: tuple[Document, ...]
    rules: tuple[Rule, ...]
    processing_time: ProcessingTime
    fee_amount: float
    fee_text_id: str
    fee_text_en: str
    help_id: str | None = None
    help_en: str | None = None
    result_id: str | None = None
    result_en: str | None = None
    keywords_id: tuple[str, ...] = ()
    keywords_en: tuple[str, ...] = ()
    profession: Profession | None = None
    # the tile's label and Tabler icon on the service screen; None: the full name, no icon
    short_name_id: str | None = None
    short_name_en: str | None = None
    icon: str | None = None
    source: str = dc_field(default="", compare=False)  # file it came from, for messages
    data: dict = dc_field(default_factory=dict, compare=False, repr=False)

    def field(self, field_id: str) -> Field:
        """The field with this id; KeyError when the service has none."""
        for item in self.fields:
            if item.id == field_id:
                return item
        raise KeyError(field_id)

    def field_ids(self) -> list[str]:
        return [item.id for item in self.fields]

    def short_name(self, language: str) -> str:
        """The tile label: the short name, else the full name, in `language` ("id"/"en")."""
        if language == "en":
            return self.short_name_en or self.name_en
        return self.short_name_id or self.name_id

    def to_dict(self) -> dict:
        """The service as catalog data (schema-valid, defaults filled in); a fresh copy."""
        return copy.deepcopy(self.data)


def _conditions(items: list[dict] | None) -> tuple[Condition, ...]:
    return tuple(
        Condition(
            c["fact"], c["op"], tuple(c["value"]) if isinstance(c["value"], list) else c["value"]
        )
        for c in items or ()
    )


def build_field(d: dict) -> Field:
    return Field(
        id=d["id"],
        type=d["type"],
        label_id=d["label_id"],
        label_en=d["label_en"],
        help_id=d["help_id"],
        help_en=d["help_en"],
        required=d.get("required", True),
        required_if=_conditions(d.get("required_if")),
        multiple=d.get("multiple", False),
        max_items=d.get("max_items"),
        min_length=d.get("min_length"),
        max_length=d.get("max_length"),
        pattern=d.get("pattern"),
        min_value=d.get("min_value"),
        max_value=d.get("max_value"),
        integer=d.get("integer", False),
        unit_id=d.get("unit_id"),
        unit_en=d.get("unit_en"),
        min_date=d.get("min_date"),
        max_date=d.get("max_date"),
        options=tuple(
            Option(o["value"], o["label_id"], o["label_en"]) for o in d.get("options", ())
        ),
        check_against_kk=d.get("check_against_kk", False),
        messages=tuple((code, m["id"], m["en"]) for code, m in d.get("messages", {}).items()),
        prefill=d.get("prefill"),
        person_role=d.get("person_role"),
    )


def build_service(d: dict, source: str = "") -> Service:
    """A Service from a schema-valid, fully resolved service dict."""
    s = d["subject"]
    subject = Subject(
        kind=s["kind"],
        label_id=s["label_id"],
        label_en=s["label_en"],
        check_against_kk=s["check_against_kk"],
        nik_field=s.get("nik_field"),
        birth_date_field=s.get("birth_date_field"),
        relationship_field=s.get("relationship_field"),
        fields=tuple(s.get("fields", ())),
    )
    documents = tuple(
        Document(
            id=x["id"],
            name_id=x["name_id"],
            name_en=x["name_en"],
            required=x.get("required", True),
            description_id=x.get("description_id"),
            description_en=x.get("description_en"),
            field=x.get("field"),
            when=_conditions(x.get("if")),
            kind=x.get("kind", "paper"),
        )
        for x in d["documents"]
    )
    rules = tuple(
        Rule(
            id=r["id"],
            message_id=r["message_id"],
            message_en=r["message_en"],
            when=_conditions(r.get("if")),
            require=_conditions(r.get("require")),
            require_any=_conditions(r.get("require_any")),
        )
        for r in d["rules"]
    )
    p = d.get("profession")
    profession = (
        Profession(
            p["code"],
            p["name_id"],
            p["name_en"],
            p["category"]["code"],
            p["category"]["name_id"],
            p["category"]["name_en"],
        )
        if p
        else None
    )
    t = d["processing_time"]
    return Service(
        id=d["id"],
        group=d["group"],
        order=d["order"],
        name_id=d["name_id"],
        name_en=d["name_en"],
        description_id=d["description_id"],
        description_en=d["description_en"],
        agency=d["agency"],
        agency_en=d["agency_en"],
        subject=subject,
        fields=tuple(build_field(f) for f in d["fields"]),
        documents=documents,
        rules=rules,
        processing_time=ProcessingTime(t["value"], t["unit"], t["text_id"], t["text_en"]),
        fee_amount=d["fee"]["amount"],
        fee_text_id=d["fee"]["text_id"],
        fee_text_en=d["fee"]["text_en"],
        help_id=d.get("help_id"),
        help_en=d.get("help_en"),
        result_id=d.get("result_id"),
        result_en=d.get("result_en"),
        keywords_id=tuple(d.get("keywords_id", ())),
        keywords_en=tuple(d.get("keywords_en", ())),
        profession=profession,
        short_name_id=d.get("short_name_id"),
        short_name_en=d.get("short_name_en"),
        icon=d.get("icon"),
        source=source,
        data=d,
    )
