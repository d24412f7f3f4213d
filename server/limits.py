"""Refuse oversize request bodies early, as JSON errors (pure ASGI middleware)."""

from __future__ import annotations

from starlette.exceptions import HTTPException

from server.errors import ApiError, error_response


class BodyLimitMiddleware:
    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > self.max_bytes or declared < 0:
                    too_large = ApiError(
                        "body_too_large", f"request bodies are limited to {self.max_bytes} bytes"
                    )
                    return await error_response(too_large)(scope, receive, send)
        received = 0

        async def limited_receive():
            # Chunked bodies carry no length: count what actually arrives.
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # FastAPI passes HTTPException through body parsing; the handler maps
                    # 413 to the body_too_large error code.
                    raise HTTPException(413)
            return message

        await self.app(scope, limited_receive, send)
