"""The staff accounts a kiosk knows: those of its own site, from the server's signed document.

The sync layer checks the document's signature and schema (protocol.staff.StaffDocument) and
keeps the last good copy; this module only turns its accounts into objects the sign-in uses.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kiosk.staff.pin import KEY_BYTES, SALT_BYTES, PinParams

ROLES = ("petugas", "supervisor", "teknisi")
# "ST-" and 8 characters without look-alikes (0/O, 1/I/L): read aloud and typed by people.
STAFF_ID_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
STAFF_ID_PATTERN = rf"^ST-[{STAFF_ID_ALPHABET}]{{8}}$"


@dataclass(frozen=True)
class StaffAccount:
    staff_id: str
    name: str
    role: str
    salt: bytes
    verifier: bytes
    params: PinParams

    def __repr__(self) -> str:  # no PIN material in logs or tracebacks
        return f"StaffAccount({self.staff_id!r}, role={self.role!r})"


def _raw(text, size: int, what: str) -> bytes:
    try:
        raw = base64.b64decode(str(text), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{what} is not base64") from None
    if len(raw) != size:
        raise ValueError(f"{what} must be {size} bytes")
    return raw


def account_from_entry(entry: Mapping) -> StaffAccount:
    """One account of the staff document (ValueError when it is not a valid one)."""
    staff_id, role = entry.get("staff_id"), entry.get("role")
    if not isinstance(staff_id, str) or not re.fullmatch(STAFF_ID_PATTERN, staff_id):
        raise ValueError("a staff id is ST- and 8 characters")
    if role not in ROLES:
        raise ValueError(f"a staff role is one of {', '.join(ROLES)}")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError("a staff account needs a name")
    return StaffAccount(
        staff_id=staff_id,
        name=name,
        role=role,
        salt=_raw(entry.get("salt"), SALT_BYTES, "salt"),
        verifier=_raw(entry.get("verifier"), KEY_BYTES, "verifier"),
        params=PinParams.from_dict(entry.get("kdf")),
    )


class StaffDirectory:
    """The accounts of this kiosk's site, by staff id (empty when no document arrived yet)."""

    def __init__(self, accounts: Iterable[StaffAccount] = (), site: str = ""):
        self.site = site
        self._by_id = {account.staff_id: account for account in accounts}

    @classmethod
    def from_document(cls, document: Mapping | None) -> StaffDirectory:
        """From the verified staff document (its `accounts` and `site`); None: empty."""
        if not document:
            return cls()
        entries = document.get("accounts")
        if not isinstance(entries, list):
            raise ValueError("the staff document has no list of accounts")
        return cls((account_from_entry(e) for e in entries), str(document.get("site", "")))

    def get(self, staff_id: str) -> StaffAccount | None:
        return self._by_id.get(staff_id)

    def accounts(self, roles: Iterable[str] | None = None) -> list[StaffAccount]:
        """The accounts (of `roles` when given), by name: what a sign-in screen lists."""
        wanted = set(roles) if roles is not None else set(ROLES)
        found = [a for a in self._by_id.values() if a.role in wanted]
        return sorted(found, key=lambda a: (a.name.casefold(), a.staff_id))

    def __len__(self) -> int:
        return len(self._by_id)
