"""POST /v1/kiosks/enroll: the only kiosk route without a request signature."""

from __future__ import annotations

from fastapi import APIRouter, Request

from protocol.contract import EnrollRequest, SignedDocument
from server.contract_version import Contract
from server.deps import Ctx
from server.enrollment import enroll_kiosk
from server.errors import error_responses

router = APIRouter(tags=["enrollment"])


@router.post(
    "/kiosks/enroll",
    response_model=SignedDocument,
    responses=error_responses("enroll_code_invalid", "rate_limited"),
    summary="Exchange a one-time code and the kiosk's public key for a signed kiosk identity",
)
def enroll(body: EnrollRequest, ctx: Ctx, contract: Contract, request: Request) -> dict:
    contract.admit(body)
    source = request.client.host if request.client else ""
    return enroll_kiosk(ctx, body, source, dump=contract.answer)
