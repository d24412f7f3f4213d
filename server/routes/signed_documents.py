"""Signed catalog and configuration documents, with ETag / If-None-Match (kiosk-signed).

The catalog is answered in the shape the asking kiosk's contract version accepts: kiosks
before 1.3 check it against a schema that refuses keys (and enum values, facts) they do not
know, so what came later is cut for them (`catalog_for`); each shape is signed on its own.
"""

from __future__ import annotations

import copy
import hashlib
import threading
from typing import Annotated

from fastapi import APIRouter, Header, Response

from protocol.contract import ServerConfiguration, SignedDocument
from protocol.signing import canonical_json
from server.auth import SignedKiosk
from server.context import ServerContext
from server.contract_version import SERVER_VERSION, Contract
from server.deps import Ctx
from server.errors import ApiError, error_responses

router = APIRouter(tags=["documents"])
ERRORS = error_responses("signature_missing", "service_unavailable")
_lock = threading.Lock()


def catalog_document() -> dict:
    try:
        from kiosk.catalog import load_catalog
    except ImportError:
        raise ApiError("service_unavailable", "the service catalog is not available") from None
    return load_catalog().to_document()


# What each contract version brought to the catalog document (assets/services/catalog.schema.json
# then; 1.0 is the first schema). Kiosks from 1.3 on ignore unknown keys; older ones refuse them.
_KEYS_SINCE: dict[tuple[int, int], dict[str, tuple[str, ...]]] = {
    (1, 1): {"field": ("prefill",)},
    (1, 2): {"field": ("required_if",)},
    (1, 3): {
        "group": ("short_name_id", "short_name_en", "icon", "folder", "open_for"),
        "service": ("short_name_id", "short_name_en", "icon"),
        "field": ("person_role",),
        "document": ("kind",),
    },
}
_PREFILL_SINCE = {"health_worker.str_kind": (1, 2), "health_worker.str_valid_until": (1, 2)}
_FACTS_SINCE = {"subject_ever_married": (1, 2)}  # eligibility facts an older kiosk refuses
LENIENT_SINCE = (1, 3)  # kiosks from here on ignore catalog keys they do not know


def shape_for(version: tuple[int, int]) -> tuple[int, int]:
    """The catalog shape a kiosk of contract `version` gets: the whole catalog from 1.3 on,
    else the catalog as of the last change it knows of."""
    if version >= LENIENT_SINCE:
        return SERVER_VERSION
    return max(shape for shape in ((1, 0), *_KEYS_SINCE) if shape <= version)


def _later(version: tuple[int, int], what: str) -> set[str]:
    return {
        key
        for since, kinds in _KEYS_SINCE.items()
        if since > version
        for key in kinds.get(what, ())
    }


def _unknown_fact(conditions: list[dict], version: tuple[int, int]) -> bool:
    return any(_FACTS_SINCE.get(c["fact"], (1, 0)) > version for c in conditions)


def catalog_for(document: dict, version: tuple[int, int]) -> dict:
    """`document` as a kiosk of contract `version` accepts it (a new dict).

    Cut for an older kiosk: the keys added after its version; a prefill source it does not know
    (the field is then typed by the citizen); a rule, or a document's condition, that uses a
    fact it does not know (the rule is then left to the server, which checks every application).
    """
    document = copy.deepcopy(document)
    if version >= SERVER_VERSION:
        return document

    def cut(item: dict, what: str) -> None:
        for key in _later(version, what):
            item.pop(key, None)

    for group in document["groups"]:
        cut(group, "group")
    for service in document["services"]:
        cut(service, "service")
        for field in service["fields"]:
            cut(field, "field")
            if _PREFILL_SINCE.get(field.get("prefill"), (1, 0)) > version:
                del field["prefill"]
            if _unknown_fact(field.get("required_if", []), version):
                del field["required_if"]
        for doc in service["documents"]:
            cut(doc, "document")
            if _unknown_fact(doc.get("if", []), version):
                del doc["if"]
        service["rules"] = [
            rule
            for rule in service["rules"]
            if not any(
                _unknown_fact(rule.get(key, []), version)
                for key in ("if", "require", "require_any")
            )
        ]
    return document


def configuration_document(ctx: ServerContext) -> dict:
    from kiosk.facematch import DEFAULT_THRESHOLD

    s = ctx.settings
    doc = ServerConfiguration(
        heartbeat_interval_s=s.heartbeat_interval_s,
        max_packet_bytes=s.max_packet_bytes,
        part_size_bytes=s.part_threshold_bytes,
        clock_skew_s=s.clock_skew_s,
        session_ttl_s=s.session_ttl_s,
        face_threshold=s.face_threshold if s.face_threshold is not None else DEFAULT_THRESHOLD,
        nik_lock_failures=s.nik_lock_failures,
        survey_enabled=s.survey_enabled,
    ).model_dump(mode="json")
    return {**doc, **s.extra_configuration}


def _signed(ctx: ServerContext, name: str, build) -> tuple[dict, str]:
    """Signed document and its ETag, built once per process (documents change with deploys)."""
    cache = ctx.__dict__.setdefault("_documents", {})
    with _lock:
        if name not in cache:
            signed = ctx.sign(build())
            etag = '"' + hashlib.sha256(canonical_json(signed)).hexdigest()[:32] + '"'
            cache[name] = (signed, etag)
        return cache[name]


def _answer(signed: dict, etag: str, if_none_match: str | None, response: Response):
    tags = {t.strip().removeprefix("W/") for t in (if_none_match or "").split(",")}
    if etag in tags or "*" in tags:
        return Response(status_code=304, headers={"ETag": etag})
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = "no-cache"
    return signed


INM = Annotated[str | None, Header(alias="If-None-Match", max_length=1000)]


@router.get(
    "/catalog",
    response_model=SignedDocument,
    responses={304: {}, **ERRORS},
    summary="The service catalog, signed by the server",
)
def catalog(
    response: Response,
    kiosk: SignedKiosk,
    ctx: Ctx,
    contract: Contract,
    if_none_match: INM = None,
):
    shape = shape_for(contract.version)
    name = "catalog" if shape == SERVER_VERSION else f"catalog@{shape[0]}.{shape[1]}"
    build = lambda: catalog_for(catalog_document(), shape)  # noqa: E731
    return _answer(*_signed(ctx, name, build), if_none_match, response)


@router.get(
    "/configuration",
    response_model=SignedDocument,
    responses={304: {}, **ERRORS},
    summary="Server-side settings for kiosks, signed by the server",
)
def configuration(
    response: Response,
    kiosk: SignedKiosk,
    ctx: Ctx,
    if_none_match: INM = None,
):
    return _answer(
        *_signed(ctx, "configuration", lambda: configuration_document(ctx)), if_none_match, response
    )
