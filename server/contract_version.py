"""The contract version a request declares (header MPP-Contract) and the server's policy on it.

The rules are in protocol/contract.py's docstring. Here: a request without the header is a 1.0
kiosk; a malformed header, or one naming another major than this URL prefix serves, is a 422;
unknown request fields are refused (422 invalid_request naming them) unless the request declares
a newer minor version than the server's, in which case they are logged and dropped; answers to a
kiosk are shaped for the version it declared (a 1.0 kiosk refuses fields it does not know).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header
from pydantic import BaseModel

from protocol.versions import (
    CONTRACT_HEADER,
    CONTRACT_VERSION,
    CONTRACT_VERSION_PATTERN,
    FIRST_VERSION,
    dump_for,
    parse_version,
    unknown_fields,
)
from server.errors import ApiError

log = logging.getLogger(__name__)

SERVER_VERSION = parse_version(CONTRACT_VERSION)
_MAX_LISTED = 20  # unknown fields named in one answer or log line
_MAX_NAME = 64  # characters of a field name repeated back (names come from the client)
_logged: set[tuple] = set()
_logged_lock = threading.Lock()
_MAX_LOGGED = 10_000
CONTRACT_HEADER_MAX_LENGTH = 16


def _short(path: str) -> str:
    return path if len(path) <= _MAX_NAME else path[: _MAX_NAME - 3] + "..."


@dataclass(frozen=True)
class DeclaredContract:
    """What a request said about its contract version (None: no header, a 1.0 kiosk)."""

    declared: tuple[int, int] | None

    @property
    def version(self) -> tuple[int, int]:
        return self.declared or FIRST_VERSION

    @property
    def newer_than_server(self) -> bool:
        return self.version > SERVER_VERSION

    def admit(self, body: BaseModel, kiosk_id: str | None = None) -> None:
        """Apply the unknown-field policy to a validated request body (before any other use).

        Unknown fields are removed from `body` either way, so no handler, idempotency hash or
        log ever works on data the server does not understand.
        """
        unknown = [_short(p) for p in unknown_fields(body, drop=True)]
        if not unknown:
            return
        if not self.newer_than_server:
            said = ".".join(map(str, self.version))
            raise ApiError(
                "invalid_request",
                f"body.{unknown[0]}: unknown field (contract {CONTRACT_VERSION}; "
                f"the request declares {said})",
                detail={
                    "errors": [
                        {"loc": ["body", *p.split(".")], "msg": "Extra inputs are not permitted"}
                        for p in unknown[:_MAX_LISTED]
                    ],
                    "contract_version": CONTRACT_VERSION,
                },
            )
        _note(kiosk_id, self.version, type(body).__name__, unknown[:_MAX_LISTED])

    def answer(self, model: BaseModel, *, exclude_none: bool = False) -> dict[str, Any]:
        """`model` as JSON data without the fields added after the declared version."""
        return dump_for(model, min(self.version, SERVER_VERSION), exclude_none=exclude_none)


def _note(kiosk_id: str | None, version: tuple[int, int], what: str, fields: list[str]) -> None:
    # Once per process for each kiosk, version and set of fields: a heartbeat a minute from a
    # whole fleet must not flood the log.
    key = (kiosk_id, version, what, tuple(fields))
    with _logged_lock:
        if key in _logged or len(_logged) >= _MAX_LOGGED:
            return
        _logged.add(key)
    log.info(
        "kiosk %s (contract %d.%d, server %s) sent %s fields this server does not know, "
        "ignored: %s",
        kiosk_id or "(enrolling)",
        *version,
        CONTRACT_VERSION,
        what,
        ", ".join(fields),
    )


async def declared_contract(
    value: Annotated[
        str | None,
        Header(
            alias=CONTRACT_HEADER,
            max_length=CONTRACT_HEADER_MAX_LENGTH,
            pattern=CONTRACT_VERSION_PATTERN,
            description=(
                f"the kiosk's contract version, MAJOR.MINOR (this server: {CONTRACT_VERSION}); "
                "without it the request is read as 1.0"
            ),
        ),
    ] = None,
) -> DeclaredContract:
    return declared(value)


def declared(value: str | None) -> DeclaredContract:
    """The contract of a request whose header (if any) has the version pattern; a 422 for
    another major."""
    if value is None:
        return DeclaredContract(None)
    major, minor = parse_version(value)  # the pattern has been checked already
    if major != SERVER_VERSION[0]:
        raise ApiError(
            "invalid_request",
            f"{CONTRACT_HEADER}: {value} is not served here: this prefix serves contract "
            f"{SERVER_VERSION[0]}.x (a new major has its own URL prefix)",
            detail={"header": CONTRACT_HEADER, "contract_version": CONTRACT_VERSION},
        )
    return DeclaredContract((major, minor))


Contract = Annotated[DeclaredContract, Depends(declared_contract)]
