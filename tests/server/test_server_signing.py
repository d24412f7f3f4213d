"""protocol.signing on its own: RFC 9421 request signatures and signed documents."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from protocol import signing

URL = "http://127.0.0.1:9/v1/applications?x=1"
BODY = b'{"a": 1}'


@pytest.fixture(scope="module")
def key():
    return Ed25519PrivateKey.generate()


def _headers(key, body=BODY, **kw):
    return list(signing.sign_request("POST", URL, body, key, "KIOSK-1", **kw).items())


def test_round_trip_and_params(key):
    headers = _headers(key)
    params = signing.read_signature_params(headers)
    assert params.key_id == "KIOSK-1" and len(params.nonce) >= 16
    # the signing spec (protocol/signing.py docstring): RFC 9421 over the method, the path, the
    # query and an RFC 9530 Content-Digest of the body
    assert {"@method", "@path", "@query", "content-digest"} <= set(params.components)
    signing.verify_request("POST", URL, headers, BODY, key.public_key())


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("PUT", URL, BODY),  # method changed
        ("POST", "http://127.0.0.1:9/v1/surveys?x=1", BODY),  # path changed
        ("POST", "http://127.0.0.1:9/v1/applications?x=2", BODY),  # query changed
        ("POST", URL, b'{"a": 2}'),  # body changed
    ],
)
def test_tampering_is_detected(key, method, url, body):
    with pytest.raises(signing.SigningError) as err:
        signing.verify_request(method, url, _headers(key), body, key.public_key())
    assert err.value.code == "signature_invalid"


def test_other_key_fails(key):
    other = Ed25519PrivateKey.generate()
    with pytest.raises(signing.SigningError) as err:
        signing.verify_request("POST", URL, _headers(key), BODY, other.public_key())
    assert err.value.code == "signature_invalid"


def test_missing_and_malformed():
    with pytest.raises(signing.SigningError) as err:
        signing.read_signature_params([("Content-Type", "application/json")])
    assert err.value.code == "signature_missing"
    with pytest.raises(signing.SigningError) as err:
        signing.read_signature_params(
            [("Signature-Input", "kiosk=(("), ("Signature", "kiosk=:AA==:")]
        )
    assert err.value.code == "signature_malformed"
    with pytest.raises(signing.SigningError) as err:  # no nonce
        signing.read_signature_params(
            [
                ("Signature-Input", 'kiosk=("@method");created=1;keyid="k"'),
                ("Signature", "x=:AA==:"),
            ]
        )
    assert err.value.code == "signature_malformed"


def test_created_is_the_given_time(key):
    created = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    params = signing.read_signature_params(_headers(key, created=created, nonce="n" * 16))
    assert params.created == int(created.timestamp()) and params.nonce == "n" * 16


def test_signed_documents(key):
    doc = {"b": [1, 2], "a": "Ü"}
    signed = signing.sign_document(doc, key, "server-x")
    assert signing.canonical_json(doc) == '{"a":"Ü","b":[1,2]}'.encode()
    assert signing.verify_document(signed, key.public_key()) == doc
    forged = {**signed, "document": {**doc, "a": "B"}}
    with pytest.raises(signing.SigningError):
        signing.verify_document(forged, key.public_key())


def test_content_digest_format():
    assert signing.content_digest(b"") == "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:"
