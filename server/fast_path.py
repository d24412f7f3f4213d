"""One thread-pool hop for the well-formed requests of a hot route (the submit route).

FastAPI solves a route's dependencies on the event loop, hops to the thread pool for the
signature check (it reads the database) and again for a plain route: two hops and the
dependency solving, about a fifth of a submission's CPU (docs/scale.md). A `fast_path(fast)`
route first asks `fast(request)`: it answers a request whose headers and body validate
cleanly, doing the same checks in the same order in one hop. Anything else (`fast` returns
None) goes to FastAPI's own handler for the route, so malformed input is refused exactly as
on every other route, and the route's declared parameters stay what OpenAPI documents.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import TypeVar

from fastapi import Request, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)
FastHandler = Callable[[Request], Awaitable[Response | None]]
_JSON_MEDIA = re.compile(r"application/json\s*(;\s*charset=\"?utf-8\"?\s*)?", re.IGNORECASE)


def fast_path(fast: FastHandler) -> type[APIRoute]:
    """An APIRoute class that tries `fast` before FastAPI's handler (route_class_override)."""

    class FastPathRoute(APIRoute):
        def get_route_handler(self):
            full = super().get_route_handler()

            async def handler(request: Request) -> Response:
                answer = await fast(request)
                return answer if answer is not None else await full(request)

            return handler

    return FastPathRoute


def json_model(request: Request, raw: bytes, model: type[M]) -> M | None:
    """`raw` as `model`, or None for anything FastAPI should judge itself (another media type,
    JSON it might read differently, a validation error it reports with its own locations)."""
    media = request.headers.get("content-type")
    if media is None or not _JSON_MEDIA.fullmatch(media) or not raw:
        return None
    try:
        return model.model_validate_json(raw)
    except Exception:  # whatever it is, FastAPI's handler reports it
        return None


def single_header(request: Request, name: str, max_length: int) -> tuple[bool, str | None]:
    """(usable, value) of a header given at most once and no longer than `max_length`."""
    values = request.headers.getlist(name)
    if len(values) > 1 or (values and len(values[0]) > max_length):
        return False, None
    return True, values[0] if values else None
