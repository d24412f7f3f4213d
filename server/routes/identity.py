"""Identity verification and health-worker lookup (kiosk-signed)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from protocol.contract import (
    HealthWorkerLookupResponse,
    HealthWorkerRecord,
    IdentityVerifyRequest,
    IdentityVerifyResponse,
    SessionRef,
)
from server.auth import SignedKiosk
from server.contract_version import Contract
from server.deps import Ctx
from server.errors import ApiError, error_responses
from server.identity import find_session, verify_identity
from server.models import HealthWorker

router = APIRouter(tags=["identity"])
AUTH_ERRORS = ("signature_missing", "rate_limited")


@router.post(
    "/identity/verify",
    response_model=IdentityVerifyResponse,
    response_model_exclude_none=True,
    responses=error_responses(*AUTH_ERRORS, "invalid_nik", "nik_locked"),
    summary="1:1 face check of a live template against the NIK's reference photo",
)
def verify(
    body: IdentityVerifyRequest,
    kiosk: SignedKiosk,
    ctx: Ctx,
    contract: Contract,
) -> JSONResponse:
    contract.admit(body, kiosk.kiosk_id)
    answer = verify_identity(ctx, kiosk.kiosk_id, body)
    # A kiosk that declared no version (1.0) refuses fields it does not know: 1.0 shape.
    return JSONResponse(contract.answer(answer, exclude_none=True))


@router.post(
    "/health-workers/lookup",
    response_model=HealthWorkerLookupResponse,
    responses=error_responses(*AUTH_ERRORS, "session_invalid"),
    summary="Profession and STR of the verified citizen (SISDMK-like), to prefill SIP forms",
)
def lookup(
    body: SessionRef,
    kiosk: SignedKiosk,
    ctx: Ctx,
    contract: Contract,
) -> HealthWorkerLookupResponse:
    contract.admit(body, kiosk.kiosk_id)
    with ctx.db() as db:
        session = find_session(ctx, db, body.session_token, kiosk.kiosk_id)
        if session is None:
            raise ApiError("session_invalid")
        worker = db.get(HealthWorker, session.nik)
        if worker is None:
            return HealthWorkerLookupResponse(found=False)
        return HealthWorkerLookupResponse(
            found=True,
            worker=HealthWorkerRecord(
                profession_code=worker.profession_code,
                profession=worker.profession,
                str_number=worker.str_number,
                str_status=worker.str_status,
                str_valid_until=worker.str_valid_until,
            ),
        )
