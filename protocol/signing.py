"""Signatures shared by the kiosk and the MPP server.

Two kinds:
- HTTP requests from an enrolled kiosk are signed per RFC 9421 (HTTP Message Signatures,
  through the `http-message-signatures` library) with the kiosk's Ed25519 key over the
  method, the path, the query and an RFC 9530 Content-Digest of the body, with `created`,
  `nonce`, `keyid` (the kiosk id) and `tag` parameters. Kiosk side: `sign_request()` (sync/auth.py
  wraps it for requests). Server side: `read_signature_params()` then `verify_request()`.
- Documents the server hands out (enrollment answer, catalog, configuration) are signed with
  the server's Ed25519 key over `canonical_json(document)`: `sign_document()` /
  `verify_document()`.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import http_sf
from cryptography.exceptions import InvalidSignature as CryptoInvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from http_message_signatures import (
    ContentDigest,
    HTTPMessageSignaturesException,
    HTTPMessageSigner,
    HTTPMessageVerifier,
    MappingKeyResolver,
    algorithms,
)

SIGNATURE_LABEL = "kiosk"
SIGNATURE_TAG = "mpp-kiosk-v1"
COVERED_COMPONENTS = ("@method", "@path", "@query", "content-digest")


class SigningError(Exception):
    """A signature problem. `code` is one of the contract's kiosk-level error codes."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


# ---------------------------------------------------------------- keys and encodings


def b64encode(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def b64decode(text: str) -> bytes:
    """Strict standard base64; raises ValueError on anything else."""
    return base64.b64decode(text.encode("ascii"), validate=True)


def public_key_bytes(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw)


def load_public_key(b64: str) -> Ed25519PublicKey:
    """An Ed25519 public key from the contract's base64 of the raw 32 bytes (ValueError if bad)."""
    raw = b64decode(b64)
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


def key_id_for(public_raw: bytes, prefix: str = "server") -> str:
    return f"{prefix}-{hashlib.sha256(public_raw).hexdigest()[:16]}"


def canonical_json(obj: Any) -> bytes:
    """The exact bytes documents are signed over: sorted keys, no spaces, UTF-8."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_digest(body: bytes) -> str:
    """RFC 9530 Content-Digest value (``sha-256=:...:``) of `body`; also the packet digest form."""
    return ContentDigest.create(body)


# ---------------------------------------------------------------- signed documents


def sign_document(document: dict, private_key: Ed25519PrivateKey, key_id: str) -> dict:
    """A `SignedDocument` (as a dict) for `document`."""
    signature = private_key.sign(canonical_json(document))
    return {"document": document, "signature": b64encode(signature), "key_id": key_id}


def verify_document(signed: Mapping[str, Any], public_key: Ed25519PublicKey) -> dict:
    """Check a SignedDocument with the server's public key; returns the inner document."""
    try:
        document = signed["document"]
        public_key.verify(b64decode(signed["signature"]), canonical_json(document))
    except (KeyError, TypeError, ValueError, CryptoInvalidSignature) as exc:
        raise SigningError("signature_invalid", "the document signature does not verify") from exc
    return document


# ---------------------------------------------------------------- HTTP requests (RFC 9421)


@dataclass
class _Message:
    """The minimal request shape the library resolves components from."""

    method: str
    url: str
    headers: Any


def sign_request(
    method: str,
    url: str,
    body: bytes | None,
    private_key: Ed25519PrivateKey,
    key_id: str,
    *,
    created: dt.datetime | None = None,
    nonce: str | None = None,
) -> dict[str, str]:
    """Headers to add to a kiosk request: Content-Digest, Signature-Input and Signature.

    `key_id` is the kiosk id from enrollment. `body` is the exact bytes sent (None or b"" for
    none). `created`/`nonce` default to now and a fresh random nonce; pass them only in tests.
    """
    headers: dict[str, str] = {}
    message = _Message(method.upper(), url, headers)
    signer = HTTPMessageSigner(
        signature_algorithm=algorithms.ED25519,
        key_resolver=MappingKeyResolver(public_keys={}, private_keys={key_id: private_key}),
    )
    signer.sign(
        message,
        key_id=key_id,
        created=created or dt.datetime.now(dt.UTC),
        nonce=nonce or secrets.token_urlsafe(16),
        label=SIGNATURE_LABEL,
        tag=SIGNATURE_TAG,
        covered_component_ids=COVERED_COMPONENTS[:3],  # the library adds content-digest
        body=body or b"",
    )
    return headers


@dataclass(frozen=True)
class SignatureParams:
    """The unverified parameters of a request's kiosk signature, read before verification."""

    key_id: str
    created: int
    nonce: str
    components: tuple[str, ...]
    parsed: Any = field(default=None, repr=False, compare=False)  # the parsed header, reused


def _header(headers: Iterable[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in headers if k.lower() == name]
    return ", ".join(values) if values else None


def read_signature_params(headers: Iterable[tuple[str, str]]) -> SignatureParams:
    """Parse Signature-Input (not yet trusted) to find the kiosk and check time and nonce.

    Raises SigningError with code signature_missing or signature_malformed.
    """
    headers = list(headers)
    sig_input = _header(headers, "signature-input")
    signature = _header(headers, "signature")
    if not sig_input or not signature:
        raise SigningError("signature_missing", "the request has no Signature-Input/Signature")
    try:
        repeated: list[str] = []
        parsed = http_sf.parse(
            sig_input.encode("latin-1"),
            tltype="dictionary",
            on_duplicate_key=lambda key, _where: repeated.append(key),
        )
        components, params = parsed[SIGNATURE_LABEL]
        names = tuple(item[0] for item in components)
        key_id, created, nonce = params["keyid"], params["created"], params["nonce"]
    except (ValueError, TypeError, KeyError, UnicodeError) as exc:
        raise SigningError(
            "signature_malformed",
            f"Signature-Input needs a '{SIGNATURE_LABEL}' entry with keyid, created and nonce",
        ) from exc
    if not (isinstance(key_id, str) and type(created) is int and isinstance(nonce, str)):
        raise SigningError("signature_malformed", "keyid, created or nonce has the wrong type")
    if params.get("tag") != SIGNATURE_TAG or not set(COVERED_COMPONENTS) <= set(names):
        raise SigningError(
            "signature_malformed",
            f"the signature must carry tag {SIGNATURE_TAG!r} and cover {COVERED_COMPONENTS}",
        )
    if not 8 <= len(nonce) <= 128:
        raise SigningError("signature_malformed", "the nonce must be 8 to 128 characters")
    # A repeated label or parameter is the library's to refuse: the fast path never sees it.
    return SignatureParams(key_id, created, nonce, names, None if repeated else parsed)


def verify_request(
    method: str,
    url: str,
    headers: Iterable[tuple[str, str]],
    body: bytes,
    public_key: Ed25519PublicKey,
    params: SignatureParams | None = None,
) -> None:
    """Verify the kiosk signature and the body digest (raises SigningError signature_invalid).

    Time window and nonce replay are the caller's policy (see `read_signature_params`, whose
    answer may be passed as `params`: a request signed exactly as `sign_request` signs is
    then checked without the library's second parse; see `_verify_kiosk_shape`).
    """
    headers = list(headers)
    if params is not None and _verify_kiosk_shape(method, url, headers, body, public_key, params):
        return
    verifier = HTTPMessageVerifier(
        signature_algorithm=algorithms.ED25519,
        key_resolver=_SingleKey(public_key),
    )
    # The caller has checked `created` against its own skew window already.
    verifier.max_clock_skew = _LIBRARY_SKEW
    try:
        verifier.verify(
            _Message(method, url, _HeaderList(headers)),
            max_age=None,
            expect_tag=SIGNATURE_TAG,
            require_components=COVERED_COMPONENTS,
            body=body,
        )
    except HTTPMessageSignaturesException as exc:
        raise SigningError("signature_invalid", f"the signature does not verify: {exc}") from exc


class _SingleKey(MappingKeyResolver):
    def __init__(self, public_key: Ed25519PublicKey):
        super().__init__(public_keys={}, private_keys={})
        self.public_key = public_key

    def resolve_public_key(self, key_id: str):
        return self.public_key


class _HeaderList:
    """Read-only header view over (name, value) pairs, keeping repeated lines."""

    def __init__(self, pairs: list[tuple[str, str]]):
        self._pairs = pairs

    def items(self):
        return list(self._pairs)

    def __iter__(self):
        return iter(dict.fromkeys(name for name, _ in self._pairs))

    def __contains__(self, name: str) -> bool:
        return any(k.lower() == name.lower() for k, _ in self._pairs)


# ---------------------------------------------------------------- the kiosk's own shape, fast

# What sign_request produces, and nothing else: no escapes, query or fragment in the URL.
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.\-]+(?::[0-9]+)?(/[A-Za-z0-9._~\-/]*)")
_SHA256_DIGEST = re.compile(r"sha-256=:([A-Za-z0-9+/]{43}=):")
_SHAPE_PARAMS = {"created", "keyid", "alg", "nonce", "tag"}
_LIBRARY_SKEW = dt.timedelta(days=3650)  # verify_request leaves the time window to its caller


def _plain_params(sig_params: dict) -> bool:
    """The parameters as sign_request writes them: Strings (not Tokens), ed25519, and a
    `created` the library takes (a datetime, not past its skew)."""
    alg = sig_params.get("alg", algorithms.ED25519.algorithm_id)
    if not (
        set(sig_params) <= _SHAPE_PARAMS
        and all(type(sig_params.get(k)) is str for k in ("keyid", "nonce", "tag"))
        and type(alg) is str
        and alg == algorithms.ED25519.algorithm_id
        and sig_params["tag"] == SIGNATURE_TAG
    ):
        return False
    try:
        created = dt.datetime.fromtimestamp(sig_params["created"], dt.UTC)
    except (OverflowError, OSError, ValueError, TypeError):
        return False
    return created <= dt.datetime.now(dt.UTC) + _LIBRARY_SKEW


def _verify_kiosk_shape(method, url, headers, body, public_key, params) -> bool:
    """True when the request carries exactly the signature `sign_request` makes (one line of
    each header, the four components without parameters, a lone SHA-256 Content-Digest, a
    plain URL) and it verifies. The signature base is RFC 9421's, built from the request's own
    method, URL and headers; tests/server/test_signing_shape.py checks it equals the library's.
    False sends the request to the library, which accepts or refuses it with its reason: a
    differently shaped request (a newer kiosk's) is never refused here."""
    lines = {"signature-input": [], "signature": [], "content-digest": []}
    for name, value in headers:
        if (key := name.lower()) in lines:
            lines[key].append(value.strip(" \t"))
    if any(len(found) != 1 for found in lines.values()):
        return False
    if params.parsed is None or list(params.parsed) != [SIGNATURE_LABEL]:
        return False
    components, sig_params = member = params.parsed[SIGNATURE_LABEL]
    url_match = _PLAIN_URL.fullmatch(url)
    digest = _SHA256_DIGEST.fullmatch(lines["content-digest"][0])
    if (
        url_match is None
        or digest is None
        or not (method.isascii() and method.isalpha() and method.isupper())
        or list(components) != [(name, {}) for name in COVERED_COMPONENTS]
        or not _plain_params(sig_params)
        or type(body) is not bytes
    ):
        return False
    if not hmac.compare_digest(base64.b64decode(digest[1]), hashlib.sha256(body).digest()):
        return False  # the library names the mismatch
    try:
        signature = http_sf.parse(
            lines["signature"][0].encode("latin-1"),
            tltype="dictionary",
            on_duplicate_key=_refuse_repeated,
        )
    except (ValueError, TypeError, UnicodeError):
        return False
    if list(signature) != [SIGNATURE_LABEL] or not isinstance(signature[SIGNATURE_LABEL][0], bytes):
        return False
    signed_params = http_sf.ser({SIGNATURE_LABEL: member})[len(SIGNATURE_LABEL) + 1 :]
    base = (
        f'"@method": {method}\n"@path": {url_match[1]}\n"@query": ?\n'
        f'"content-digest": {lines["content-digest"][0]}\n"@signature-params": {signed_params}'
    )
    try:
        public_key.verify(signature[SIGNATURE_LABEL][0], base.encode())
    except CryptoInvalidSignature:
        return False
    return True


def _refuse_repeated(key: str, where: str) -> None:
    raise ValueError(f"repeated {where} key {key!r}")
