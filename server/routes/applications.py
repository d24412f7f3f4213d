"""Application submission: inline sealed packets, or parts + commit for large ones."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Header, Path, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from protocol.contract import (
    UUID_PATTERN,
    CommitRequest,
    PartInfo,
    PartsListing,
    PartUpload,
    SubmissionMetadata,
    SubmissionReceipt,
    SubmissionRequest,
)
from protocol.versions import CONTRACT_HEADER, CONTRACT_VERSION_PATTERN
from server.auth import SignedKiosk, SignedRequest, record_nonce, request_headers, verify_signed
from server.contract_version import CONTRACT_HEADER_MAX_LENGTH, Contract, declared
from server.deps import Ctx
from server.errors import ApiError, error_responses
from server.fast_path import fast_path, json_model, single_header
from server.idempotency import run_idempotent, run_idempotent_once
from server.submissions import (
    assemble,
    decode_b64,
    ingest,
    list_parts,
    open_packet,
    store,
    store_part,
)

router = APIRouter(tags=["applications"])
SUBMIT_ERRORS = error_responses(
    "signature_missing",
    "rate_limited",
    "idempotency_key_missing",
    "in_progress",
    "packet_too_large",
)
IDEMPOTENCY_KEY_MAX_LENGTH = 64
AppId = Annotated[str, Path(pattern=UUID_PATTERN, description="the application id (UUID)")]
PartNo = Annotated[int, Path(ge=1, le=10_000)]
IdemKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=IDEMPOTENCY_KEY_MAX_LENGTH,
        description="must equal the application id",
    ),
]


def _check_key(key: str | None, meta: SubmissionMetadata) -> str:
    if not key:
        raise ApiError("idempotency_key_missing")
    if key.lower() != meta.application_id.lower():
        raise ApiError("idempotency_key_mismatch")
    return key.lower()


def _answer(status: int, body: dict, replayed: bool) -> JSONResponse:
    return JSONResponse(
        body, status_code=status, headers={"Idempotent-Replayed": "true" if replayed else "false"}
    )


def submit(
    body: SubmissionRequest,
    signed: SignedRequest,
    ctx: Ctx,
    contract: Contract,
    idempotency_key: IdemKey = None,
):
    # FastAPI's handler: what OpenAPI documents, and the answer to any request the fast path
    # below leaves to it (malformed headers or body).
    return _submit(ctx, signed, body, contract, idempotency_key)


async def _submit_fast(request: Request) -> Response | None:
    """A well-formed submission in one thread-pool hop (server.fast_path); None otherwise."""
    raw = await request.body()
    body = json_model(request, raw, SubmissionRequest)
    contract_ok, contract_value = single_header(
        request, CONTRACT_HEADER, CONTRACT_HEADER_MAX_LENGTH
    )
    key_ok, key = single_header(request, "idempotency-key", IDEMPOTENCY_KEY_MAX_LENGTH)
    if body is None or not key_ok or not contract_ok:
        return None
    if contract_value is not None and not re.fullmatch(CONTRACT_VERSION_PATTERN, contract_value):
        return None
    ctx = request.app.state.ctx
    args = (ctx, request.method, str(request.url), request_headers(request), raw)
    return await run_in_threadpool(_submit_verified, args, body, contract_value, key)


def _submit_verified(args, body, contract_value, key) -> Response:
    # The dependencies' order: the signature, then the contract header's major.
    signed = verify_signed(*args)
    return _submit(args[0], signed, body, declared(contract_value), key)


router.add_api_route(
    "/applications",
    submit,
    methods=["POST"],
    status_code=201,
    response_model=SubmissionReceipt,
    responses=SUBMIT_ERRORS,
    summary="Submit a sealed application packet (up to the part threshold) idempotently",
    route_class_override=fast_path(_submit_fast),
)


def _submit(ctx, signed, body: SubmissionRequest, contract, idempotency_key: str | None):
    # The lean path (docs/scale.md): the nonce, the idempotency claim, the application and
    # the recorded answer commit in one transaction.
    kiosk_id = signed.kiosk_id
    try:
        contract.admit(body, kiosk_id)
        key = _check_key(idempotency_key, body.metadata)
        if body.metadata.size > ctx.settings.part_threshold_bytes:
            raise ApiError(
                "packet_too_large",
                f"packets over {ctx.settings.part_threshold_bytes} bytes upload as parts, "
                "then commit",
            )
        sealed = decode_b64(body.packet, "packet")
    except ApiError:
        _record_nonce_only(ctx, signed)  # as when the nonce was recorded before the route ran
        raise
    payload = body.model_dump(mode="json")
    # Opened before the write transaction (CPU only); a refusal is answered where ingest
    # would have raised it, after the idempotency check (a replay is answered from its key).
    try:
        opened, refused = open_packet(ctx, kiosk_id, body.metadata, sealed), None
    except ApiError as exc:
        opened, refused = None, exc

    def work(db):
        if refused is not None:
            raise refused
        return store(ctx, db, kiosk_id, body.metadata, opened)

    def before(db):
        record_nonce(ctx, db.connection(), signed.nonce)

    return _answer(*run_idempotent_once(ctx, key, kiosk_id, payload, work, before))


def _record_nonce_only(ctx, signed) -> None:
    try:
        with ctx.db() as db:
            record_nonce(ctx, db.connection(), signed.nonce)
    except ApiError as exc:
        if exc.code != "signature_replayed":
            raise


@router.put(
    "/applications/{application_id}/parts/{part_number}",
    response_model=PartInfo,
    responses=SUBMIT_ERRORS,
    summary="Upload one part of a large packet (idempotent by id, part number and digest)",
)
def put_part(
    body: PartUpload,
    application_id: AppId,
    part_number: PartNo,
    kiosk: SignedKiosk,
    ctx: Ctx,
    contract: Contract,
) -> PartInfo:
    contract.admit(body, kiosk.kiosk_id)
    data = decode_b64(body.data, "data")
    return store_part(ctx, kiosk.kiosk_id, application_id, part_number, data, body.digest)


@router.get(
    "/applications/{application_id}/parts",
    response_model=PartsListing,
    responses=error_responses("signature_missing"),
    summary="Parts received so far, and the first missing one (to resume an upload)",
)
def get_parts(
    application_id: AppId,
    kiosk: SignedKiosk,
    ctx: Ctx,
) -> PartsListing:
    with ctx.db() as db:
        parts, next_missing = list_parts(db, kiosk.kiosk_id, application_id)
    return PartsListing(
        application_id=application_id.lower(), parts=parts, next_missing=next_missing
    )


@router.post(
    "/applications/{application_id}/commit",
    status_code=201,
    response_model=SubmissionReceipt,
    responses=SUBMIT_ERRORS,
    summary="Assemble the uploaded parts into the sealed packet and submit it idempotently",
)
def commit(
    body: CommitRequest,
    application_id: AppId,
    kiosk: SignedKiosk,
    ctx: Ctx,
    contract: Contract,
    idempotency_key: IdemKey = None,
):
    contract.admit(body, kiosk.kiosk_id)
    key = _check_key(idempotency_key, body.metadata)
    if application_id.lower() != body.metadata.application_id.lower():
        raise ApiError("invalid_request", "the path and metadata application ids differ")

    def work(db):
        sealed = assemble(db, kiosk.kiosk_id, application_id, body.part_count)
        return ingest(ctx, db, kiosk.kiosk_id, body.metadata, sealed)

    return _answer(*run_idempotent(ctx, key, kiosk.kiosk_id, body.model_dump(mode="json"), work))
