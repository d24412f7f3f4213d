"""FastAPI dependencies for the server context (kept on app.state.ctx)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from server.context import ServerContext


async def get_ctx(request: Request) -> ServerContext:
    # async on purpose: FastAPI would run a plain function in the thread pool (one more hop).
    return request.app.state.ctx


Ctx = Annotated[ServerContext, Depends(get_ctx)]
