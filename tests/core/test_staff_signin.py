"""Staff sign-in on the kiosk (kiosk.staff): PIN rules, the site's accounts, wrong PINs and
the lockout, idle sign-out and the audit log, on a real kiosk store with a fake clock."""

from __future__ import annotations

import base64
import json

import pytest

from kiosk.config import ConfigError, load_config
from kiosk.staff import (
    IDLE_S,
    LOCK_S,
    MAX_FAILURES,
    PinError,
    PinParams,
    SignInRefused,
    StaffDirectory,
    StaffSignIn,
    check_new_pin,
)
from kiosk.staff.pin import derive_key, key_if_pin_matches, new_salt, verifier_of
from kiosk.store import Store

# The cheapest parameters a document may carry: these tests check the rules, not the cost.
FAST = PinParams(memory_kib=8192, iterations=1, lanes=1)


def entry(staff_id: str, role: str, pin: str, name: str = "Staf") -> dict:
    salt = new_salt()
    verifier = verifier_of(derive_key(pin, salt, FAST))
    return {
        "staff_id": staff_id,
        "name": name,
        "role": role,
        "salt": base64.b64encode(salt).decode(),
        "verifier": base64.b64encode(verifier).decode(),
        "kdf": FAST.to_dict(),
    }


@pytest.fixture
def directory() -> StaffDirectory:
    return StaffDirectory.from_document(
        {
            "site": "MPP Test",
            "accounts": [
                entry("ST-SUPERV2S", "supervisor", "482916", "Sri Supervisor"),
                entry("ST-PETUGAS2", "petugas", "739154", "Budi Petugas"),
                entry("ST-TEKN3S43", "teknisi", "864209", "Tono Teknisi"),
            ],
        }
    )


class Clock:
    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(data_dir):
    store = Store.open(data_dir)
    yield store
    store.close()


def audit_actions(store) -> list[tuple[str, str, dict]]:
    rows = store.read("SELECT action, subject, details FROM audit_log ORDER BY seq")
    return [(r["action"], r["subject"], json.loads(r["details"])) for r in rows]


# ---------------------------------------------------------------- PINs


@pytest.mark.parametrize("pin", ["482916", "73915482", "108264937510"])
def test_good_pins_are_accepted(pin):
    assert check_new_pin(pin) == pin


@pytest.mark.parametrize(
    ("pin", "code"),
    [
        ("12345", "pin_format"),
        ("1234567890123", "pin_format"),
        ("48291a", "pin_format"),
        ("４８２９１６", "pin_format"),  # full-width digits are not 0-9
        ("000000", "pin_weak"),
        ("123456", "pin_weak"),
        ("987654", "pin_weak"),
        ("890123", "pin_weak"),  # a straight run that wraps
        ("121212", "pin_weak"),
        ("112211", "pin_weak"),
        ("123123", "pin_weak"),
    ],
)
def test_weak_or_malformed_pins_are_refused(pin, code):
    with pytest.raises(PinError) as caught:
        check_new_pin(pin)
    assert caught.value.code == code and caught.value.screen_code == f"staff.{code}"


def test_the_key_derives_only_from_the_right_pin():
    salt = new_salt()
    key = derive_key("482916", salt, FAST)
    assert len(key) == 32 and key != derive_key("482916", new_salt(), FAST)
    verifier = verifier_of(key)
    assert key_if_pin_matches("482916", salt, verifier, FAST) == key
    assert key_if_pin_matches("482917", salt, verifier, FAST) is None
    assert key_if_pin_matches("48291", salt, verifier, FAST) is None
    assert key_if_pin_matches(None, salt, verifier, FAST) is None


@pytest.mark.parametrize(
    "kdf",
    [
        {"kdf": "scrypt", "memory_kib": 8192, "iterations": 1, "lanes": 1},
        {"kdf": "argon2id", "memory_kib": 4 * 1024 * 1024, "iterations": 1, "lanes": 1},
        {"kdf": "argon2id", "memory_kib": 8192, "iterations": 0, "lanes": 1},
        {"kdf": "argon2id", "memory_kib": 8192, "iterations": True, "lanes": 1},
        None,
    ],
)
def test_a_document_cannot_set_unsafe_parameters(kdf):
    bad = dict(entry("ST-PETUGAS2", "petugas", "739154"), kdf=kdf)
    with pytest.raises(ValueError):
        StaffDirectory.from_document({"accounts": [bad]})


@pytest.mark.parametrize(
    "change",
    [
        {"staff_id": "ST-1234"},
        {"role": "admin"},
        {"name": ""},
        {"salt": "AAAA"},
        {"verifier": "not base64!"},
    ],
)
def test_malformed_accounts_are_refused(change):
    with pytest.raises(ValueError):
        StaffDirectory.from_document(
            {"accounts": [dict(entry("ST-PETUGAS2", "petugas", "739154"), **change)]}
        )


def test_the_directory_lists_accounts_by_name_and_role(directory):
    assert [a.name for a in directory.accounts()] == [
        "Budi Petugas",
        "Sri Supervisor",
        "Tono Teknisi",
    ]
    assert [a.staff_id for a in directory.accounts(["supervisor"])] == ["ST-SUPERV2S"]
    assert "salt" not in repr(directory.get("ST-PETUGAS2"))
    assert len(StaffDirectory.from_document(None)) == 0


# ---------------------------------------------------------------- sign-in


def test_sign_in_then_idle_sign_out_are_audited(directory, store):
    clock = Clock()
    signin = StaffSignIn(directory, store, clock)
    session = signin.sign_in("ST-PETUGAS2", "739154")
    assert session.role == "petugas" and signin.current() is session
    clock.now += IDLE_S - 1
    signin.touch()  # a staff action: two more idle minutes from here
    clock.now += IDLE_S - 1
    assert signin.current() is session and session.seconds_left(clock()) == 1
    clock.now += 1
    assert signin.current() is None
    actions = audit_actions(store)
    assert actions == [
        ("staff.sign_in", "ST-PETUGAS2", {"role": "petugas"}),
        ("staff.sign_out", "ST-PETUGAS2", {"reason": "idle"}),
    ]
    assert all("739154" not in str(tuple(row)) for row in store.read("SELECT * FROM audit_log"))
    assert store.audit.verify().ok


def test_five_wrong_pins_lock_the_account_for_five_minutes(directory, store):
    clock = Clock()
    signin = StaffSignIn(directory, store, clock)
    for left in range(MAX_FAILURES - 1, 0, -1):
        with pytest.raises(SignInRefused) as caught:
            signin.sign_in("ST-PETUGAS2", "111333")
        assert caught.value.code == "wrong_pin" and caught.value.failures_left == left
    with pytest.raises(SignInRefused) as caught:
        signin.sign_in("ST-PETUGAS2", "111333")
    assert caught.value.code == "locked" and caught.value.locked_until == clock.now + LOCK_S
    # The right PIN does not open a locked account, and a restart does not unlock it.
    again = StaffSignIn(directory, store, clock)
    clock.now += LOCK_S - 1
    with pytest.raises(SignInRefused) as caught:
        again.sign_in("ST-PETUGAS2", "739154")
    assert caught.value.code == "locked" and caught.value.screen_text("id").startswith("Terlalu")
    assert again.locked_until("ST-PETUGAS2") == clock.now + 1
    # Other accounts are not affected.
    assert again.sign_in("ST-SUPERV2S", "482916").staff_id == "ST-SUPERV2S"
    clock.now += 1
    assert again.locked_until("ST-PETUGAS2") is None
    assert again.sign_in("ST-PETUGAS2", "739154").staff_id == "ST-PETUGAS2"
    # After the lock, a wrong PIN starts a new count of five.
    with pytest.raises(SignInRefused) as caught:
        again.sign_in("ST-PETUGAS2", "111333")
    assert caught.value.failures_left == MAX_FAILURES - 1
    actions = [a for a, _, _ in audit_actions(store)]
    assert actions.count("staff.pin_wrong") == MAX_FAILURES - 1 + 1
    assert actions.count("staff.locked") == 1 and actions.count("staff.sign_in") == 2
    assert ("staff.sign_in_refused", "ST-PETUGAS2", {"reason": "locked"}) in audit_actions(store)
    assert ("staff.sign_out", "ST-SUPERV2S", {"reason": "replaced"}) in audit_actions(store)
    assert store.audit.verify().ok


def test_a_success_resets_the_count(directory):
    signin = StaffSignIn(directory, None, Clock())
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(SignInRefused):
            signin.sign_in("ST-PETUGAS2", "111333")
    signin.sign_in("ST-PETUGAS2", "739154")
    with pytest.raises(SignInRefused) as caught:
        signin.sign_in("ST-PETUGAS2", "111333")
    assert caught.value.failures_left == MAX_FAILURES - 1


def test_unknown_accounts_and_roles_are_refused(directory, store):
    signin = StaffSignIn(directory, store, Clock())
    with pytest.raises(SignInRefused) as caught:
        signin.sign_in("ST-NWBXDY22", "739154")
    assert caught.value.code == "unknown_account"
    with pytest.raises(SignInRefused) as caught:
        signin.sign_in("'; DROP TABLE x; --" * 50, "739154")
    assert caught.value.code == "unknown_account"
    with pytest.raises(SignInRefused) as caught:
        signin.confirm_pin("ST-PETUGAS2", "739154", roles=("supervisor",))
    assert caught.value.code == "role_not_allowed"
    account, key = signin.confirm_pin("ST-SUPERV2S", "482916", roles=("supervisor",))
    assert account.role == "supervisor" and len(key) == 32 and signin.current() is None
    subjects = [s for a, s, _ in audit_actions(store) if a == "staff.sign_in_refused"]
    assert subjects == ["ST-NWBXDY22", "?", "ST-PETUGAS2"]  # the long junk is not logged
    with pytest.raises(SignInRefused) as caught:
        StaffSignIn(StaffDirectory(), store, Clock()).sign_in("ST-PETUGAS2", "739154")
    assert caught.value.code == "no_accounts"


def test_sign_out_is_audited(directory, store):
    signin = StaffSignIn(lambda: directory, store, Clock())
    signin.sign_in("ST-TEKN3S43", "864209", roles=("teknisi",))
    signin.sign_out()
    assert signin.current() is None
    assert audit_actions(store)[-1] == ("staff.sign_out", "ST-TEKN3S43", {"reason": "manual"})


# ---------------------------------------------------------------- kiosk.mode


def test_kiosk_mode_is_self_or_assisted(tmp_path):
    assert load_config(None, None, {}).get("kiosk.mode") == "self"
    env = {"MPP_KIOSK__KIOSK__MODE": "assisted"}
    assert load_config(None, None, env).get("kiosk.mode") == "assisted"
    with pytest.raises(ConfigError, match="kiosk.mode must be one of self, assisted"):
        load_config(None, None, {"MPP_KIOSK__KIOSK__MODE": "counter"})
    path = tmp_path / "kiosk.toml"
    path.write_text('[kiosk]\nmode = "Assisted"\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        load_config(path, None, {})


# ---------------------------------------------------------------- the help screen's words


def test_the_help_screen_says_only_what_the_server_said():
    from kiosk.staff.help import help_status_text

    assert (
        help_status_text("open", "K7QF") == "Menunggu petugas. Sebutkan kode K7QF kepada petugas."
    )
    assert "K7QF" in help_status_text("open", "K7QF", "en")
    assert help_status_text("acknowledged") == "Petugas menuju ke sini."
    assert "loket" in help_status_text(None) and "counter" in help_status_text(None, "", "en")
    assert help_status_text("expired") and help_status_text("closed", language="en")
    with pytest.raises(ValueError):
        help_status_text("lost")
