"""ServiceRules (kiosk/ports.py) over the real service catalog (kiosk/catalog.py).

The session only knows service ids; this adapter looks the service up and asks the catalog's own
validation and eligibility code. Document photos are captured on the DOCUMENTS screen, after the
form, so form validation leaves document_photo fields out and `required_documents` lists the
documents that need a photo given the answers (documents checked electronically, such as the
KTP-el through the face check, are not scanned).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from kiosk.catalog import (
    Catalog,
    FieldProblem,
    Ineligibility,
    Service,
    check_eligibility,
    default_catalog,
    documents_needed,
    facts_from_values,
    validate_form,
)


class CatalogRules:
    def __init__(
        self, catalog: Catalog | None = None, today: Callable[[], dt.date] = dt.date.today
    ):
        self.catalog = catalog if catalog is not None else default_catalog()
        self._today = today

    def service(self, service_id: str) -> Service:
        """The catalog service; KeyError (what the session expects) when there is none."""
        service = self.catalog.get(service_id)
        if service is None:
            raise KeyError(service_id)
        return service

    def validate_form(
        self, service_id: str, values: Mapping[str, Any], facts: Mapping[str, Any]
    ) -> dict[str, FieldProblem]:
        return validate_form(
            self.service(service_id),
            dict(values),
            self._today(),
            facts=dict(facts),
            include_documents=False,
        )

    def required_documents(self, service_id: str, values: Mapping[str, Any]) -> list[str]:
        service = self.service(service_id)
        answers = facts_from_values(service, values, self._today())
        return [
            doc.id
            for doc in documents_needed(service, answers)
            if doc.required and doc.field is not None
        ]

    def is_eligible(self, service_id: str, facts: Mapping[str, Any]) -> list[Ineligibility]:
        # Not strict: a fact nobody knows yet (offline, no server data) does not turn anyone away.
        return check_eligibility(self.service(service_id), facts)
