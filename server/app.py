"""The app factory: `create_app(settings)`, plus running it (foreground or background thread)."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from fastapi import FastAPI

from server import __version__
from server.context import open_context
from server.errors import install_error_handlers
from server.limits import BodyLimitMiddleware
from server.settings import ServerSettings

log = logging.getLogger(__name__)


def create_app(settings: ServerSettings) -> FastAPI:
    from server.routes import route_modules

    ctx = open_context(settings)
    app = FastAPI(
        title="MPP Digital server (reference)",
        version=__version__,
        description=(
            "Reference implementation of the MPP Digital server contract used by MPP kiosks. "
            "Every route except enrollment and status needs an RFC 9421 signature by an "
            "enrolled kiosk. Errors are JSON with a stable `error` code and a `family`."
        ),
        # In production the schema stays private: it maps the attack surface for anyone.
        docs_url="/docs" if settings.api_docs else None,
        redoc_url="/redoc" if settings.api_docs else None,
        openapi_url="/openapi.json" if settings.api_docs else None,
    )
    app.state.ctx = ctx
    install_error_handlers(app)
    for module in route_modules():
        app.include_router(module.router, prefix="/v1")
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_request_bytes)
    return app


def settings_to_env(settings: ServerSettings) -> dict[str, str]:
    return {
        "MPP_SERVER_DATA_DIR": str(settings.data_dir),
        "MPP_SERVER_DB": settings.db_url,
        "MPP_SERVER_PUBLIC_URL": settings.public_url,
        "MPP_SERVER_API_DOCS": "1" if settings.api_docs else "",
    }


def app_from_env() -> FastAPI:
    """Factory for `uvicorn --factory server.app:app_from_env` (several worker processes)."""
    settings = ServerSettings(
        data_dir=os.environ["MPP_SERVER_DATA_DIR"],
        database_url=os.environ.get("MPP_SERVER_DB"),
        public_url=os.environ.get("MPP_SERVER_PUBLIC_URL", ServerSettings.public_url),
        api_docs=bool(os.environ.get("MPP_SERVER_API_DOCS")),
    )
    return create_app(settings)


class BackgroundServer:
    """uvicorn in a daemon thread (the kiosk's embedded demo server, and tests). With no `port`
    it binds port 0 itself before uvicorn starts: the port it got is the one it serves on (a
    port found free and closed again could be taken by another process meanwhile)."""

    def __init__(self, settings: ServerSettings, host: str = "127.0.0.1", port: int | None = None):
        import uvicorn

        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((host, port or 0))
        self.host, self.port = host, self.listener.getsockname()[1]
        self.app = create_app(settings)
        from server.http import ServerProtocol

        config = uvicorn.Config(
            self.app,
            host=self.host,
            port=self.port,
            log_level="warning",
            access_log=False,
            http=ServerProtocol,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run,
            kwargs={"sockets": [self.listener]},
            name="mpp-server",
            daemon=True,
        )

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 15.0) -> BackgroundServer:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the MPP server did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.listener.close()
        self.app.state.ctx.engine.dispose()

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
