"""Counter staff routes (contract 1.2), all kiosk-signed and scoped to the kiosk's own site:
the signed staff document, and help requests (raise, poll, list, acknowledge, close, and the
takeover of the citizen's session by another kiosk of the site)."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, Path, Response

from protocol.contract import UUID_PATTERN, SignedDocument
from protocol.signing import canonical_json
from protocol.staff import (
    HandoffSession,
    HandoffSessionAnswer,
    HelpAck,
    HelpClose,
    HelpRequestCreate,
    HelpRequestList,
    HelpRequestState,
    HelpTakeover,
)
from server import help_requests
from server.auth import SignedKiosk
from server.contract_version import Contract
from server.deps import Ctx
from server.errors import ApiError, error_responses
from server.routes.signed_documents import INM, _answer
from server.staff import active_account, staff_document

router = APIRouter(tags=["counter staff"])
ERRORS = error_responses("signature_missing", "not_found", "staff_invalid", "rate_limited")
TAKEOVER_ERRORS = error_responses("signature_missing", "not_found", "staff_invalid", "in_progress")
RequestId = Annotated[str, Path(pattern=UUID_PATTERN, description="the help request's id")]


@router.get(
    "/staff",
    response_model=SignedDocument,
    responses={304: {}, **ERRORS},
    summary="The active staff accounts of the kiosk's site (PIN verifiers), signed",
)
def staff(response: Response, kiosk: SignedKiosk, ctx: Ctx, if_none_match: INM = None):
    # Built per request (accounts change at any time); the ETag spares an unchanged download.
    signed = ctx.sign(staff_document(ctx, kiosk.site))
    etag = '"' + hashlib.sha256(canonical_json(signed)).hexdigest()[:32] + '"'
    return _answer(signed, etag, if_none_match, response)


@router.post(
    "/help-requests",
    status_code=201,
    response_model=HelpRequestState,
    responses=ERRORS,
    summary="A citizen asks for staff: step and reason only (no personal data)",
)
def raise_help(body: HelpRequestCreate, kiosk: SignedKiosk, ctx: Ctx, contract: Contract) -> dict:
    contract.admit(body, kiosk.kiosk_id)
    return help_requests.raise_request(ctx, kiosk.kiosk_id, kiosk.site, body.step, body.reason)


@router.get(
    "/help-requests",
    response_model=HelpRequestList,
    responses=ERRORS,
    summary="Open and acknowledged help requests of the kiosk's site, oldest first",
)
def list_help(kiosk: SignedKiosk, ctx: Ctx) -> dict:
    return {"requests": help_requests.live_requests(ctx, kiosk.site)}


@router.get(
    "/help-requests/{request_id}",
    response_model=HelpRequestState,
    responses=ERRORS,
    summary="One help request of the kiosk's site (poll for the acknowledgement)",
)
def get_help(request_id: RequestId, kiosk: SignedKiosk, ctx: Ctx) -> dict:
    return help_requests.get_request(ctx, request_id, kiosk.site)


@router.post(
    "/help-requests/{request_id}/ack",
    response_model=HelpRequestState,
    responses=ERRORS,
    summary="A staff member signed in on this kiosk is on the way",
)
def ack_help(
    request_id: RequestId, body: HelpAck, kiosk: SignedKiosk, ctx: Ctx, contract: Contract
) -> dict:
    contract.admit(body, kiosk.kiosk_id)
    return help_requests.acknowledge(ctx, request_id, kiosk.site, body.staff_id)


@router.post(
    "/help-requests/{request_id}/close",
    response_model=HelpRequestState,
    responses=ERRORS,
    summary="The help request is over (the citizen was helped or left)",
)
def close_help(
    request_id: RequestId, body: HelpClose, kiosk: SignedKiosk, ctx: Ctx, contract: Contract
) -> dict:
    contract.admit(body, kiosk.kiosk_id)
    if body.staff_id is not None:
        with ctx.db() as db:
            if active_account(db, body.staff_id, kiosk.site) is None:
                raise ApiError("staff_invalid", "that staff id is not an active account here")
    by = body.staff_id or f"kiosk {kiosk.kiosk_id}"
    return help_requests.close(ctx, request_id, kiosk.site, by)


@router.post(
    "/help-requests/{request_id}/takeover",
    response_model=HelpRequestState,
    responses=TAKEOVER_ERRORS,
    summary="A staff member on another kiosk of the site takes the citizen's session over",
)
def takeover_help(
    request_id: RequestId, body: HelpTakeover, kiosk: SignedKiosk, ctx: Ctx, contract: Contract
) -> dict:
    contract.admit(body, kiosk.kiosk_id)
    return help_requests.takeover(ctx, request_id, kiosk.site, kiosk.kiosk_id, body.staff_id)


@router.post(
    "/help-requests/{request_id}/session",
    response_model=HelpRequestState,
    responses=TAKEOVER_ERRORS,
    summary="The citizen's kiosk hands its session over (kept sealed, fetched once)",
)
def send_session(
    request_id: RequestId, body: HandoffSession, kiosk: SignedKiosk, ctx: Ctx, contract: Contract
) -> dict:
    contract.admit(body, kiosk.kiosk_id)
    snapshot = body.snapshot.model_dump(mode="json")
    return help_requests.send_session(ctx, request_id, kiosk.site, kiosk.kiosk_id, snapshot)


@router.get(
    "/help-requests/{request_id}/session",
    response_model=HandoffSessionAnswer,
    responses=TAKEOVER_ERRORS,
    summary="The handed-over session, once, for the kiosk that took it over",
)
def fetch_session(request_id: RequestId, kiosk: SignedKiosk, ctx: Ctx) -> dict:
    return help_requests.fetch_session(ctx, request_id, kiosk.site, kiosk.kiosk_id)
