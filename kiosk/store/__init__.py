"""The kiosk's durable store: one SQLite file that owns every table and SQL statement of the kiosk.

`db` (connections, pragmas, errors), `store` (the Store: migrations, transactions, state),
`audit` (the hash-chained audit log), `applications` (sealed applications and their status
lifecycle), `outbox` (which applications are due, batched state changes), `surveys` (the
survey queue).
"""

from kiosk.store.db import StoreCorrupted, StoreError, StoreFull, StoreTooNew
from kiosk.store.store import SCHEMA_HEAD, Store, current_revisions, migrate

__all__ = [
    "SCHEMA_HEAD",
    "Store",
    "StoreCorrupted",
    "StoreError",
    "StoreFull",
    "StoreTooNew",
    "current_revisions",
    "migrate",
]
