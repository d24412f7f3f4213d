"""The kiosk key in the OS keyring, where one is available (sync/kiosk_key.py).

keyrings.alt's file keyring is a real keyring backend (this machine has no desktop Secret
Service): the key goes there instead of a key file, signed requests use it, enrolling again
replaces it, and a key gone from the keyring is a clear "enroll again"."""

from __future__ import annotations

import keyring
import pytest
from keyrings.alt.file import PlaintextKeyring
from sync_helpers import run_cli

from protocol.signing import b64encode, public_key_bytes
from sync.enroll import enroll
from sync.errors import KioskProblem
from sync.kiosk_key import KEY_FILE, KEYRING_SERVICE, KioskKeyStore


@pytest.fixture
def file_keyring(tmp_path, monkeypatch):
    """keyrings.alt's file keyring as the process's keyring, in a temporary folder."""
    monkeypatch.delenv("MPP_KIOSK_NO_KEYRING", raising=False)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")
    # Put back exactly what was there, also "none chosen yet" (keyring.get_keyring() would
    # choose one, and that choice would outlive the test).
    monkeypatch.setattr(keyring.core, "_keyring_backend", keyring.core._keyring_backend)
    keyring.set_keyring(backend)
    return backend


@pytest.fixture
def os_keyring(file_keyring, monkeypatch):
    """The same keyring, named by the operator (as an OS keyring would be found)."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    return file_keyring


def _public(data_dir) -> str:
    ids = KioskKeyStore(data_dir)
    return b64encode(public_key_bytes(ids.private_key(ids.require())))


def test_the_key_goes_to_the_keyring_and_signs_requests(data_dir, mpp_server, os_keyring, capsys):
    code, out, err = run_cli(
        capsys,
        data_dir,
        *("enroll", "--server", mpp_server.url, "--code", mpp_server.enroll_code()),
        *("--key-id", mpp_server.key_id),
    )
    assert code == 0, err
    ids = KioskKeyStore(data_dir)
    identity = ids.require()
    assert identity.key_store == "keyring"
    assert not (data_dir / "keys" / KEY_FILE).exists()  # no copy of the key on disk
    assert os_keyring.get_password(KEYRING_SERVICE, ids._keyring_user)
    # the configuration pull right after enrolling was signed with the key from the keyring
    assert (data_dir / "server-config.json").exists()


def test_enrolling_again_replaces_the_key_in_the_keyring(data_dir, mpp_server, os_keyring):
    enroll(
        data_dir,
        mpp_server.url,
        mpp_server.enroll_code(),
        expected_key_id=mpp_server.key_id,
    )
    ids = KioskKeyStore(data_dir)
    first_secret = os_keyring.get_password(KEYRING_SERVICE, ids._keyring_user)
    first = _public(data_dir)
    enroll(
        data_dir,
        mpp_server.url,
        mpp_server.enroll_code(),
        expected_key_id=mpp_server.key_id,
    )
    assert _public(data_dir) != first
    assert os_keyring.get_password(KEYRING_SERVICE, ids._keyring_user) != first_secret


def test_a_file_keyring_nobody_chose_is_not_used(data_dir, mpp_server, file_keyring):
    """keyrings.alt installed but not named: the key goes to the 0600 file, not into it."""
    identity = enroll(
        data_dir,
        mpp_server.url,
        mpp_server.enroll_code(),
        expected_key_id=mpp_server.key_id,
    )
    assert identity.key_store == "file" and (data_dir / "keys" / KEY_FILE).exists()
    assert file_keyring.get_password(KEYRING_SERVICE, KioskKeyStore(data_dir)._keyring_user) is None


def test_a_key_gone_from_the_keyring_says_enroll_again(data_dir, mpp_server, os_keyring):
    enroll(
        data_dir,
        mpp_server.url,
        mpp_server.enroll_code(),
        expected_key_id=mpp_server.key_id,
    )
    ids = KioskKeyStore(data_dir)
    os_keyring.delete_password(KEYRING_SERVICE, ids._keyring_user)
    with pytest.raises(KioskProblem) as caught:
        ids.private_key(ids.require())
    assert caught.value.code == "not_enrolled" and "keyring" in str(caught.value)
