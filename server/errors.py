"""API errors: one exception type, JSON bodies with a stable code, no stack traces ever."""

from __future__ import annotations

import logging
from typing import Any

from protocol.contract import ERROR_CODES, ErrorBody

log = logging.getLogger(__name__)

# code -> (Bahasa Indonesia, English) default messages
MESSAGES: dict[str, tuple[str, str]] = {
    "signature_missing": ("Permintaan tidak ditandatangani.", "The request is not signed."),
    "signature_malformed": (
        "Tanda tangan permintaan rusak.",
        "The request signature is malformed.",
    ),
    "signature_invalid": (
        "Tanda tangan tidak cocok: permintaan diubah atau kunci salah.",
        "The signature does not verify: the request was altered or the key is wrong.",
    ),
    "signature_replayed": ("Permintaan ini sudah pernah dikirim.", "This request was replayed."),
    "clock_skew": (
        "Jam kios tidak sesuai dengan server. Periksa pengaturan waktu.",
        "The kiosk clock is more than 5 minutes off the server's. Fix the time.",
    ),
    "kiosk_unknown": ("Kios tidak terdaftar.", "This kiosk is not enrolled."),
    "kiosk_revoked": (
        "Pendaftaran kios ini telah dicabut.",
        "This kiosk's enrollment was revoked.",
    ),
    "enroll_code_invalid": ("Kode pendaftaran tidak dikenal.", "Unknown enrollment code."),
    "enroll_code_expired": ("Kode pendaftaran kedaluwarsa.", "The enrollment code has expired."),
    "enroll_code_used": (
        "Kode pendaftaran sudah dipakai.",
        "The enrollment code was used already.",
    ),
    "rate_limited": (
        "Terlalu banyak permintaan. Coba lagi nanti.",
        "Too many requests; retry later.",
    ),
    "service_unavailable": ("Layanan sedang tidak tersedia.", "The service is unavailable."),
    "malformed_json": (
        "Isi permintaan bukan JSON yang sah.",
        "The request body is not valid JSON.",
    ),
    "invalid_request": ("Data permintaan tidak sah.", "The request data is invalid."),
    "body_too_large": ("Isi permintaan terlalu besar.", "The request body is too large."),
    "not_found": ("Tidak ditemukan.", "Not found."),
    "method_not_allowed": ("Metode tidak diizinkan.", "Method not allowed."),
    "invalid_nik": ("NIK tidak sah.", "The NIK is not valid."),
    "nik_locked": (
        "Verifikasi wajah untuk NIK ini dikunci sementara. Silakan ke loket petugas.",
        "Self-service face verification is locked for this NIK; please go to a staff counter.",
    ),
    "session_invalid": (
        "Sesi verifikasi tidak sah atau kedaluwarsa. Ulangi verifikasi.",
        "The verification session is invalid or expired; verify again.",
    ),
    "invalid_tracking_code": ("Kode pelacakan tidak sah.", "The tracking code is not valid."),
    "idempotency_key_missing": (
        "Header Idempotency-Key wajib diisi.",
        "The Idempotency-Key header is required.",
    ),
    "idempotency_key_mismatch": (
        "Idempotency-Key harus sama dengan ID permohonan.",
        "The Idempotency-Key must equal the application id.",
    ),
    "idempotency_conflict": (
        "ID permohonan ini sudah dipakai dengan isi berbeda.",
        "This application id was already used with a different body.",
    ),
    "in_progress": (
        "Permohonan ini sedang diproses. Coba lagi sebentar.",
        "This application is still being processed; retry shortly.",
    ),
    "packet_too_large": ("Paket terlalu besar.", "The packet is too large."),
    "packet_digest_mismatch": (
        "Paket tidak cocok dengan ukuran atau digest-nya.",
        "The packet does not match its size or digest.",
    ),
    "packet_undecryptable": (
        "Paket tidak dapat dibuka dengan kunci server.",
        "The packet cannot be opened with the server's sealing key.",
    ),
    "part_conflict": (
        "Bagian ini sudah diterima dengan isi berbeda.",
        "This part was already received with different content.",
    ),
    "parts_incomplete": ("Ada bagian paket yang belum diterima.", "Some packet parts are missing."),
    "internal_error": ("Terjadi kesalahan pada server.", "The server hit an internal error."),
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
