"""GET /v1/status/{tracking_code}: public, no personal data (codes are unguessable)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from fastapi import Path as PathParam

from kiosk.messages import codes, pair
from kiosk.tracking import TrackingCodeError, normalize
from protocol.contract import StatusResponse
from server.deps import Ctx
from server.errors import ApiError, error_responses
from server.models import Application

router = APIRouter(tags=["status"])

# status -> (Indonesian, English) text for the citizen, from the message catalog
STATUS_TEXT = {status: pair(f"server.status.{status}") for status in codes("server.status")}


@router.get(
    "/status/{tracking_code}",
    response_model=StatusResponse,
    responses=error_responses("not_found", "invalid_tracking_code"),
    summary="Service, status and dates of an application by its tracking code",
)
def status(
    ctx: Ctx,
    tracking_code: Annotated[str, PathParam(max_length=40)],
) -> StatusResponse:
    try:
        code = normalize(tracking_code)
    except TrackingCodeError as exc:
        raise ApiError(
            "invalid_tracking_code", exc.message_en, detail={"reason": exc.code}
        ) from None
    with ctx.db() as db:
        app = db.query(Application).filter(Application.tracking_code == code).one_or_none()
        if app is None:
            raise ApiError("not_found", "no application has this tracking code (yet)")
        message_id, message_en = STATUS_TEXT[app.status]
        return StatusResponse(
            tracking_code=code,
            service_id=app.service_id,
            status=app.status,
            submitted_at=app.created_at,
            received_at=app.received_at,
            updated_at=app.updated_at,
            # Not told (an oracle otherwise); the status itself says "go to the counter".
            identity_verification_failed=None,
            message_id=message_id,
            message_en=message_en,
        )
