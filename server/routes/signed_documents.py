"""Signed catalog and configuration documents, with ETag / If-None-Match (kiosk-signed)."""

from __future__ import annotations

import hashlib
import threading
from typing import Annotated

from fastapi import APIRouter, Header, Response

from protocol.contract import ServerConfiguration, SignedDocument
from protocol.signing import canonical_json
from server.auth import SignedKiosk
from server.context import ServerContext
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
    if_none_match: INM = None,
):
    return _answer(*_signed(ctx, "catalog", catalog_document), if_none_match, response)


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
