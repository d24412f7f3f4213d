"""Staff sign-in on a kiosk: PIN check against the site's accounts, lockout, idle sign-out.

Pure logic over an injectable clock (epoch seconds); the UI calls it. Rules (issue 13):
- 5 wrong PINs in a row lock that account on this kiosk for 5 minutes. The count and the lock
  are kept in the kiosk store (table `state`), so a restart does not give 5 more guesses.
- A staff session ends after 2 minutes without a touch (`touch()` on every staff action).
- Every sign-in, wrong PIN, lock, sign-out and confirmation goes to the hash-chained audit log
  (actor "kiosk", subject the staff id) in the same transaction as the lockout state; the PIN
  never does, and neither does anything derived from it.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kiosk.errors import KioskError
from kiosk.staff.accounts import ROLES, STAFF_ID_PATTERN, StaffAccount, StaffDirectory
from kiosk.staff.pin import key_if_pin_matches

MAX_FAILURES = 5
LOCK_S = 5 * 60
IDLE_S = 2 * 60
LOCKOUT_STATE_KEY = "staff_lockout"

SIGN_IN_CODES = ("no_accounts", "unknown_account", "role_not_allowed", "wrong_pin", "locked")


class SignInRefused(KioskError):
    """`code` is one of SIGN_IN_CODES; `failures_left` after a wrong PIN, `locked_until`
    (epoch seconds) when the account is locked. The screen text is `staff.<code>`."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        failures_left: int | None = None,
        locked_until: float | None = None,
    ):
        super().__init__(message, screen_code=f"staff.{code}")
        self.code = code
        self.failures_left = failures_left
        self.locked_until = locked_until


@dataclass
class StaffSession:
    """One signed-in staff member. `last_active` moves with `StaffSignIn.touch()`."""

    account: StaffAccount
    started_at: float
    last_active: float
    idle_s: float = IDLE_S

    @property
    def staff_id(self) -> str:
        return self.account.staff_id

    @property
    def role(self) -> str:
        return self.account.role

    def idle_expired(self, now: float) -> bool:
        return now - self.last_active >= self.idle_s

    def seconds_left(self, now: float) -> float:
        return max(0.0, self.idle_s - (now - self.last_active))


def _subject(staff_id: object) -> str:
    # What was typed or tapped goes to the audit log only when it has the shape of a staff id.
    return (
        staff_id if isinstance(staff_id, str) and re.fullmatch(STAFF_ID_PATTERN, staff_id) else "?"
    )


class StaffSignIn:
    """Sign-in, lockout and the current staff session of one kiosk.

    directory: the StaffDirectory in force, or a callable giving it (so a newly pulled staff
    document applies at the next attempt). store: the kiosk Store (audit log and lockout
    state); None keeps the lockout in memory and audits nothing (tests of the rules only).
    clock: epoch seconds.
    """

    def __init__(
        self,
        directory: StaffDirectory | Callable[[], StaffDirectory],
        store=None,
        clock: Callable[[], float] = time.time,
        idle_s: float = IDLE_S,
    ):
        self._directory = directory
        self.store = store
        self.clock = clock
        self.idle_s = idle_s
        self.session: StaffSession | None = None
        self._memory: dict[str, dict] = {}

    # ------------------------------------------------------------ reading

    @property
    def directory(self) -> StaffDirectory:
        value = self._directory
        return value() if callable(value) else value

    def locked_until(self, staff_id: str) -> float | None:
        """When the account's lock on this kiosk ends (epoch seconds), or None if not locked."""
        until = self._lockout().get(staff_id, {}).get("locked_until")
        return until if until is not None and until > self.clock() else None

    def current(self) -> StaffSession | None:
        """The signed-in staff session; one idle for `idle_s` is ended (and audited) first."""
        if self.session is not None and self.session.idle_expired(self.clock()):
            self._end("idle")
        return self.session

    # ------------------------------------------------------------ acting

    def sign_in(self, staff_id: str, pin: str, roles: Iterable[str] | None = None) -> StaffSession:
        """Start a staff session (ending any other). SignInRefused when refused."""
        account = self._check(staff_id, pin, roles, "staff.sign_in")[0]
        if self.session is not None:
            self._end("replaced")
        now = self.clock()
        self.session = StaffSession(account, now, now, self.idle_s)
        return self.session

    def confirm_pin(
        self, staff_id: str, pin: str, roles: Iterable[str] | None = None
    ) -> tuple[StaffAccount, bytes]:
        """Check a PIN without starting a session (a supervisor approving at the counter
        staff's session): the account and its key K. Same lockout and audit as sign_in."""
        return self._check(staff_id, pin, roles, "staff.pin_confirmed")

    def touch(self) -> None:
        """A staff action: the idle timer starts again (an already idle session ends)."""
        session = self.current()
        if session is not None:
            session.last_active = self.clock()

    def sign_out(self, reason: str = "manual") -> None:
        if self.session is not None:
            self._end(reason)

    # ------------------------------------------------------------ inside

    def _check(self, staff_id, pin, roles, action) -> tuple[StaffAccount, bytes]:
        directory = self.directory
        if not len(directory):
            raise SignInRefused("no_accounts", "no staff accounts have reached this kiosk yet")
        account = directory.get(staff_id) if isinstance(staff_id, str) else None
        if account is None:
            self._audit("staff.sign_in_refused", _subject(staff_id), {"reason": "unknown_account"})
            raise SignInRefused("unknown_account", "no staff account with that id at this site")
        allowed = set(roles) if roles is not None else set(ROLES)
        if account.role not in allowed:
            self._audit(
                "staff.sign_in_refused",
                account.staff_id,
                {"reason": "role_not_allowed", "role": account.role},
            )
            raise SignInRefused(
                "role_not_allowed",
                f"a {account.role} may not do this (needs {', '.join(sorted(allowed))})",
            )
        until = self.locked_until(account.staff_id)
        if until is not None:
            self._audit("staff.sign_in_refused", account.staff_id, {"reason": "locked"})
            raise SignInRefused(
                "locked", "this account is locked on this kiosk", locked_until=until
            )
        key = key_if_pin_matches(pin, account.salt, account.verifier, account.params)
        if key is None:
            self._wrong_pin(account)  # raises
        self._update(account.staff_id, None, action, {"role": account.role})
        return account, key

    def _wrong_pin(self, account: StaffAccount) -> None:
        now = self.clock()
        entry = dict(self._lockout().get(account.staff_id, {}))
        previous = entry.get("locked_until")
        failures = (0 if previous is not None and previous <= now else entry.get("failures", 0)) + 1
        if failures >= MAX_FAILURES:
            until = now + LOCK_S
            self._update(
                account.staff_id,
                {"failures": 0, "locked_until": until},
                "staff.locked",
                {"failures": failures, "until": round(until)},
            )
            raise SignInRefused(
                "locked",
                f"{MAX_FAILURES} wrong PINs: the account is locked on this kiosk for "
                f"{LOCK_S // 60} minutes",
                locked_until=until,
            )
        self._update(
            account.staff_id,
            {"failures": failures, "locked_until": None},
            "staff.pin_wrong",
            {"failures": failures},
        )
        raise SignInRefused("wrong_pin", "wrong PIN", failures_left=MAX_FAILURES - failures)

    def _end(self, reason: str) -> None:
        session, self.session = self.session, None
        self._audit("staff.sign_out", session.staff_id, {"reason": reason})

    def _lockout(self) -> dict[str, dict]:
        if self.store is None:
            return self._memory
        raw = self.store.get_state(LOCKOUT_STATE_KEY)
        try:
            value = json.loads(raw) if raw else {}
        except ValueError:
            value = {}
        return value if isinstance(value, dict) else {}

    def _update(self, staff_id: str, entry: dict | None, action: str, details: dict) -> None:
        """The account's lockout entry (None: cleared) and its audit entry, in one transaction."""
        if self.store is None:
            if entry is None:
                self._memory.pop(staff_id, None)
            else:
                self._memory[staff_id] = entry
            return
        state = self._lockout()  # one UI thread signs in: no concurrent writer
        with self.store.transaction() as conn:
            if entry is None:
                state.pop(staff_id, None)
            else:
                state[staff_id] = entry
            self.store.set_state(conn, LOCKOUT_STATE_KEY, json.dumps(state, sort_keys=True))
            self.store.audit.append(conn, "kiosk", action, staff_id, details)

    def _audit(self, action: str, subject: str, details: dict) -> None:
        if self.store is not None:
            self.store.audit.record("kiosk", action, subject, details)
