"""Small helpers shared by the journey screens (service, form, documents, review)."""

from __future__ import annotations

from typing import Any

from kiosk.catalog import Catalog, Service, default_catalog


def catalog_of(controller: Any) -> Catalog:
    """The controller's catalog; else the session rules' one; else the packaged catalog."""
    catalog = getattr(controller, "catalog", None)
    if catalog is None:
        catalog = getattr(getattr(controller.session, "rules", None), "catalog", None)
    return catalog if catalog is not None else default_catalog()


def current_service(controller: Any) -> Service | None:
    service_id = controller.session.data.service_id
    return catalog_of(controller).get(service_id) if service_id else None


def problem_lines(problem: Any, language: str) -> str:
    """The session's Problem plus the reasons it carries (eligibility messages), as text."""
    if problem is None:
        return ""
    lines = [problem.text(language)]
    for detail in problem.details or ():
        text = getattr(detail, "message_en" if language == "en" else "message_id", None)
        if text:
            lines.append(text)
    return "\n".join(lines)
