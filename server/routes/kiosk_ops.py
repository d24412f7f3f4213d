"""Heartbeat (kiosk health + audit-log anchor) and SKM survey batches (kiosk-signed)."""

from __future__ import annotations

import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import select

from protocol.contract import Heartbeat, HeartbeatAck, SurveyAck, SurveyBatch
from protocol.versions import CONTRACT_VERSION
from server.auth import SignedKiosk
from server.context import utcnow
from server.contract_version import Contract
from server.deps import Ctx
from server.errors import error_responses
from server.models import Kiosk, SurveyResponse

log = logging.getLogger(__name__)
router = APIRouter(tags=["kiosk operations"])
ERRORS = error_responses("signature_missing", "rate_limited")


@router.post(
    "/heartbeat",
    response_model=HeartbeatAck,
    responses=ERRORS,
    summary="Kiosk health, queue and the audit-log anchor (latest sequence + hash)",
)
def heartbeat(
    body: Heartbeat,
    kiosk: SignedKiosk,
    ctx: Ctx,
    contract: Contract,
) -> JSONResponse:
    contract.admit(body, kiosk.kiosk_id)
    now = utcnow()
    with ctx.db() as db:
        row = db.get(Kiosk, kiosk.kiosk_id)
        row.app_version = body.app_version
        row.health = body.health
        row.queue_depth = body.queue_depth
        row.oldest_pending_age_s = body.oldest_pending_age_s
        row.camera = body.camera
        row.printer = body.printer
        # a heartbeat without the summary (an older kiosk) leaves no stale one behind
        doc = body.doctor
        row.doctor_ok = doc.ok if doc else None
        row.doctor_warn = doc.warn if doc else None
        row.doctor_fail = doc.fail if doc else None
        row.doctor_problems = (
            ",".join([f"fail:{n}" for n in doc.failing] + [f"warn:{n}" for n in doc.warning])
            if doc
            else None
        )
        # the update state (1.3); likewise cleared by a heartbeat without it
        rel = body.release
        row.release_state = rel.state if rel else None
        row.release_running = rel.running_version if rel else None
        row.release_target = rel.target_version if rel else None
        row.release_previous = rel.previous_version if rel else None
        row.release_detail = rel.detail if rel else None
        row.release_changed_at = rel.changed_at if rel else None
        # The anchor only moves forward: a lower sequence would hide a truncated log. A lower
        # one is flagged for staff (a lost or reset kiosk store, or a log cut short).
        if row.audit_seq is None or body.audit_seq >= row.audit_seq:
            row.audit_seq = body.audit_seq
            row.audit_hash = body.audit_hash
        elif row.audit_regressed_to is None or body.audit_seq < row.audit_regressed_to:
            row.audit_regressed_at = now
            row.audit_regressed_from = row.audit_seq
            row.audit_regressed_to = body.audit_seq
            log.warning(
                "kiosk %s: audit sequence went back from %s to %s",
                kiosk.kiosk_id,
                row.audit_seq,
                body.audit_seq,
            )
        row.heartbeat_at = now
        row.last_seen_at = now
        anchor = row.audit_seq
    ack = HeartbeatAck(server_time=now, audit_anchor_seq=anchor, contract_version=CONTRACT_VERSION)
    # A kiosk that declared no version (1.0) refuses fields it does not know: 1.0 shape.
    return JSONResponse(contract.answer(ack))


@router.post(
    "/surveys",
    response_model=SurveyAck,
    responses=ERRORS,
    summary="Anonymous SKM survey results (nine elements scored 1-4), batched",
)
def surveys(
    body: SurveyBatch,
    kiosk: SignedKiosk,
    ctx: Ctx,
    contract: Contract,
) -> SurveyAck:
    contract.admit(body, kiosk.kiosk_id)
    now = utcnow()
    ids = {r.survey_id.lower() for r in body.results}
    with ctx.db() as db:
        known = set(
            db.scalars(select(SurveyResponse.survey_id).where(SurveyResponse.survey_id.in_(ids)))
        )
        accepted = 0
        for result in body.results:
            survey_id = result.survey_id.lower()
            if survey_id in known:
                continue
            known.add(survey_id)
            accepted += 1
            db.add(
                SurveyResponse(
                    survey_id=survey_id,
                    kiosk_id=kiosk.kiosk_id,
                    service_id=result.service_id,
                    submitted_at=result.submitted_at,
                    received_at=now,
                    scores=",".join("-" if s is None else str(s) for s in result.scores),
                )
            )
    return SurveyAck(accepted=accepted, duplicates=len(body.results) - accepted)
