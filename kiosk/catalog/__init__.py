"""The service catalog: which services the kiosk offers, their forms, documents and rules.

The data lives in assets/services/. The work is split by responsibility: `model` (types),
`loader` (files, schema, templates), `checks` (references between parts), `fields` (one value),
`eligibility` (rules), `form` (a whole form: its fields, then its rules), `messages` (texts of
problems), `prefill` (values known before the citizen types), `catalog` (the Catalog).
"""

from kiosk.catalog.catalog import Catalog, catalog_from_document, default_catalog, load_catalog
from kiosk.catalog.eligibility import (
    Ineligibility,
    check_eligibility,
    documents_needed,
    facts_from_values,
)
from kiosk.catalog.fields import FieldProblem, normalize_value, validate_value
from kiosk.catalog.form import validate_form
from kiosk.catalog.loader import PACKAGED_DIR, CatalogError
from kiosk.catalog.model import (
    Condition,
    Document,
    Field,
    Group,
    Option,
    ProcessingTime,
    Profession,
    Rule,
    Service,
    Subject,
)
from kiosk.catalog.prefill import PREFILL_SOURCES, prefill_values

__all__ = [
    "PACKAGED_DIR",
    "PREFILL_SOURCES",
    "Catalog",
    "CatalogError",
    "Condition",
    "Document",
    "Field",
    "FieldProblem",
    "Group",
    "Ineligibility",
    "Option",
    "ProcessingTime",
    "Profession",
    "Rule",
    "Service",
    "Subject",
    "catalog_from_document",
    "check_eligibility",
    "default_catalog",
    "documents_needed",
    "facts_from_values",
    "load_catalog",
    "normalize_value",
    "prefill_values",
    "validate_form",
    "validate_value",
]
