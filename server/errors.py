"""API errors: one exception type, JSON bodies with a stable code, no stack traces ever."""

from __future__ import annotations

import logging
from typing import Any

from kiosk.messages import codes, pair
from protocol.contract import ERROR_CODES, ErrorBody

log = logging.getLogger(__name__)

# code -> (Bahasa Indonesia, English) default messages, from the message catalog
MESSAGES: dict[str, tuple[str, str]] = {
    code: pair(f"server.error.{code}") for code in codes("server.error")
}
assert set(MESSAGES) == set(ERROR_CODES), "every error code needs its messages"


class ApiError(Exception):
    def __init__(
        self,
        code: str,
        message: str | None = None,
        *,
        detail: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ):
        self.code = code
        self.status, self.family = ERROR_CODES[code]
        message_id, message_en = MESSAGES[code]
        self.message = message or message_en
        self.message_id = message_id
        self.detail = detail
        self.headers = headers
        super().__init__(self.message)

    def body(self) -> dict:
        return ErrorBody(
            error=self.code,
            family=self.family,
            message=self.message,
            message_id=self.message_id,
            detail=self.detail,
        ).model_dump()


def error_response(exc: ApiError):
    from fastapi.responses import JSONResponse  # lazy: admin commands need no web stack

    return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)


def _validation_details(errors) -> list[dict]:
    # Input values are left out: they may hold personal data (NIKs, names).
    return [{"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", "")} for e in errors]


async def _on_api_error(_request, exc: ApiError):
    return error_response(exc)


async def _on_validation(_request, exc):
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return error_response(ApiError("malformed_json"))
    first = errors[0] if errors else {}
    where = ".".join(str(p) for p in first.get("loc", ()))
    return error_response(
        ApiError(
            "invalid_request",
            f"{where}: {first.get('msg', 'invalid')}",
            detail={"errors": _validation_details(errors)},
        )
    )


async def _on_http(_request, exc):
    code = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large"}.get(
        exc.status_code, "invalid_request"
    )
    return error_response(ApiError(code, headers=getattr(exc, "headers", None)))


async def _on_unexpected(_request, exc: Exception):
    log.error("internal error: %s", type(exc).__name__, exc_info=exc)
    return error_response(ApiError("internal_error"))


def install_error_handlers(app) -> None:
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException as StarletteHTTPException

    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(Exception, _on_unexpected)


def error_responses(*codes: str) -> dict:
    """OpenAPI `responses=` for routes, so the documented statuses match reality."""
    statuses = {ERROR_CODES[c][0] for c in codes} | {400, 413, 422, 500}
    return {s: {"model": ErrorBody} for s in sorted(statuses)}
