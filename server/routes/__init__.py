"""HTTP routes, one module per area; each exposes `router`."""


def route_modules() -> tuple:
    """Every route module, in the order the app includes them (server.app, and the test that
    the OpenAPI document lists every route)."""
    from server.routes import (
        applications,
        enroll,
        identity,
        kiosk_ops,
        releases,
        signed_documents,
        staff,
        status,
    )

    return (enroll, identity, applications, status, kiosk_ops, signed_documents, staff, releases)
