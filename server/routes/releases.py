"""Fleet updates (contract 1.3): the signed release manifest for the calling kiosk's site, and
the build archive it names (kiosk-signed; HTTP Range, so a flaky network resumes)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from protocol.contract import SignedDocument
from protocol.release import SHA256_HEX
from server import releases
from server.auth import SignedKiosk
from server.deps import Ctx
from server.errors import error_responses
from server.routes.signed_documents import INM, _answer

router = APIRouter(tags=["fleet updates"])


@router.get(
    "/release",
    response_model=SignedDocument,
    responses={304: {}, **error_responses("signature_missing", "no_release")},
    summary="The release offered to this kiosk's site (a signed ReleaseManifest)",
)
async def release(
    response: Response,
    kiosk: SignedKiosk,
    ctx: Ctx,
    if_none_match: INM = None,
):
    signed, etag = await run_in_threadpool(releases.manifest, ctx, kiosk.site)
    return _answer(signed, etag, if_none_match, response)


@router.get(
    "/release/files/{sha256}",
    response_class=FileResponse,
    responses={
        200: {"content": {"application/gzip": {}}},
        206: {"content": {"application/gzip": {}}, "description": "the requested range"},
        416: {"description": "the range is outside the archive"},
        **error_responses("signature_missing", "not_found"),
    },
    summary="A release archive (.tar.gz) by its SHA-256; Range requests resume a download",
)
async def release_file(
    sha256: Annotated[str, Path(pattern=SHA256_HEX, min_length=64, max_length=64)],
    kiosk: SignedKiosk,
    ctx: Ctx,
) -> FileResponse:
    path = await run_in_threadpool(releases.served_archive, ctx, sha256)
    return FileResponse(
        path,
        media_type="application/gzip",
        filename=f"kiosk-{sha256[:12]}.tar.gz",
        headers={"Cache-Control": "no-cache"},
    )
