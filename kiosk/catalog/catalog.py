"""The Catalog itself: the services assembled from files or from a server document, and lookup.

The same catalog travels as one document from the server (`Catalog.to_document` /
`catalog_from_document`), checked against the same schema. Every application records
`Catalog.version`.
"""

from __future__ import annotations

import copy
import functools
import logging
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.catalog.checks import service_problem
from kiosk.catalog.loader import (
    PACKAGED_DIR,
    CatalogError,
    check_schema,
    display_path,
    drop_unknown_keys,
    fill_defaults,
    format_location,
    load_directory,
)
from kiosk.catalog.model import (
    Group,
    Service,
    build_group,
    build_service,
)

DOCUMENT_FORMAT = 1
log = logging.getLogger(__name__)


def _fold(text: str) -> str:
    """Lower case, accents and punctuation removed: 'Kartu-Keluarga' -> 'kartu keluarga'."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


class Catalog:
    """Services in display order (group order of catalog.json, then each service's order)."""

    def __init__(self, version: str, groups: list[Group], services: list[Service]):
        self.version = version
        self.groups = list(groups)
        self.services = list(services)
        self._by_id = {s.id: s for s in self.services}

    def __len__(self) -> int:
        return len(self.services)

    def __iter__(self) -> Iterator[Service]:
        return iter(self.services)

    def __contains__(self, service_id: object) -> bool:
        return service_id in self._by_id

    def __repr__(self) -> str:
        return f"Catalog(version={self.version!r}, services={len(self.services)})"

    def get(self, service_id: str) -> Service | None:
        return self._by_id.get(service_id)

    def by_group(self, group: str) -> list[Service]:
        return [s for s in self.services if s.group == group]

    def group(self, group_id: str) -> Group | None:
        return next((g for g in self.groups if g.id == group_id), None)

    def search(self, text: str, lang: str | None = "id") -> list[Service]:
        """Services matching every word of `text` (prefix match, accents and case ignored).

        lang "id" or "en" searches that language's names, descriptions and keywords (plus the
        id); None searches both. Name matches rank first, then catalog order.
        """
        if lang not in ("id", "en", None):
            raise ValueError(f"lang must be 'id', 'en' or None, not {lang!r}")
        words = _fold(text).split()
        if not words:
            return list(self.services)
        langs = ("id", "en") if lang is None else (lang,)
        scored = []
        for position, service in enumerate(self.services):
            names, rest = [service.id.replace("-", " ")], []
            for code in langs:
                names.append(getattr(service, f"name_{code}"))
                rest += [getattr(service, f"description_{code}")]
                rest += list(getattr(service, f"keywords_{code}"))
                if service.profession:
                    names.append(getattr(service.profession, f"name_{code}"))
            name_words = _fold(" ".join(names)).split()
            other_words = _fold(" ".join(rest)).split()
            score = 0
            for word in words:
                if any(w.startswith(word) for w in name_words):
                    score += 2
                elif any(w.startswith(word) for w in other_words):
                    score += 1
                else:
                    break
            else:
                scored.append((-score, position, service))
        return [service for _, _, service in sorted(scored, key=lambda item: item[:2])]

    def to_document(self) -> dict:
        """The whole catalog as one JSON-ready dict (what the server signs and sends)."""
        return {
            "format": DOCUMENT_FORMAT,
            "version": self.version,
            "groups": [g.to_dict() for g in self.groups],
            "services": [s.to_dict() for s in self.services],
        }


def _assemble(manifest: dict, entries: list[tuple[dict, str, str]], manifest_file: str) -> Catalog:
    """entries: (service dict, file, location prefix inside that file)."""
    groups = [build_group(g) for g in manifest["groups"]]
    order = {g.id: i for i, g in enumerate(groups)}
    if len(order) != len(groups):
        raise CatalogError(manifest_file, "groups", "group ids must be unique")
    seen: dict[str, str] = {}
    services = []
    for data, file, prefix in entries:
        if data["group"] not in order:
            raise CatalogError(
                file, f"{prefix}group", f"{data['group']!r} is not one of {sorted(order)}"
            )
        if data["id"] in seen:
            raise CatalogError(
                file,
                f"{prefix}id",
                f"duplicate service id '{data['id']}' (also in {seen[data['id']]})",
            )
        seen[data["id"]] = f"{file}: {prefix}".rstrip(": .")
        services.append(build_service(data, file))
    services.sort(key=lambda s: (order[s.group], s.order, s.id))
    return Catalog(manifest["version"], groups, services)


def load_catalog(directory: Path | str | None = None) -> Catalog:
    """The catalog in `directory` (default: the packaged assets/services). Raises CatalogError."""
    folder = Path(directory) if directory is not None else PACKAGED_DIR
    manifest, services = load_directory(folder)
    entries = [(data, file, "") for data, file in services]
    return _assemble(manifest, entries, display_path(folder / "catalog.json"))


@functools.cache
def default_catalog() -> Catalog:
    """The packaged catalog, loaded once per process."""
    return load_catalog()


def catalog_from_document(
    document: Any, source: str = "catalog document", *, unknown_keys: str = "ignore"
) -> Catalog:
    """A Catalog from `to_document()` output (e.g. synced from the server). Raises CatalogError.

    unknown_keys "ignore" (a document from the server, whose signature covered everything
    received): keys this kiosk's schema does not know, which a newer server adds, are left out
    (protocol/versions.py); "refuse": they are errors, as in the packaged files.
    """
    if unknown_keys not in ("ignore", "refuse"):
        raise ValueError(f"unknown_keys must be 'ignore' or 'refuse', not {unknown_keys!r}")
    if unknown_keys == "ignore" and isinstance(document, dict):
        document = copy.deepcopy(document)
        dropped = drop_unknown_keys("catalog_document", document)
        if dropped:
            shown = [format_location(path) for path in dropped]
            log.info(
                "%s: ignored %d key(s) this kiosk does not know: %s",
                source,
                len(shown),
                ", ".join(sorted(set(shown))[:20]),
            )
    check_schema("catalog_document", document, source)
    entries = []
    for index, service in enumerate(document["services"]):
        problem = service_problem(service)
        if problem:
            raise CatalogError(
                source, format_location(["services", index, *problem[0]]), problem[1]
            )
        entries.append((fill_defaults(copy.deepcopy(service)), source, f"services[{index}]."))
    return _assemble(document, entries, source)
