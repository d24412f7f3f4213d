"""Migrations match the models on both databases; the OpenAPI document lists every route."""

from __future__ import annotations

import requests
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.routing import APIRoute

from server.db import make_engine, migrate
from server.models import Base


def _diff(url: str) -> list:
    engine = make_engine(url)
    try:
        migrate(engine)
        migrate(engine)  # a second start finds nothing to do
        with engine.connect() as conn:
            return compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()


def test_migrations_match_models_sqlite(tmp_path):
    assert _diff(f"sqlite:///{tmp_path / 'm.sqlite3'}") == []


def test_migrations_match_models_postgresql(postgres):
    assert _diff(postgres.create_database("mpp_migrations")) == []


def test_the_api_docs_are_not_served_in_production(sqlite_server):
    for path in ("/docs", "/redoc", "/openapi.json"):
        answer = requests.get(f"{sqlite_server.url}{path}", timeout=10)
        assert answer.status_code == 404, path
        assert answer.json()["error"] == "not_found"  # the JSON error, as for any unknown path


def test_openapi_lists_every_endpoint(sqlite_server):
    document = sqlite_server.app.openapi()  # served only with `serve --dev` (test_server_cli)
    from server.routes import route_modules

    modules = route_modules()
    routes = {
        ("/v1" + route.path, method.lower())
        for module in modules
        for route in module.router.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    listed = {(path, method) for path, ops in document["paths"].items() for method in ops}
    assert routes == listed
    assert len(routes) == 23 and all(path.startswith("/v1/") for path, _ in routes)
    assert "KioskSignature" in document["components"]["securitySchemes"]
