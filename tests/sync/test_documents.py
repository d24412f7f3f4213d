"""Catalog and configuration from the server: signature and schema checked, last good kept."""

from __future__ import annotations

import copy

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sync_faultproxy import FaultProxy

from kiosk.config import load_config
from protocol.signing import key_id_for, public_key_bytes, sign_document
from sync.errors import KioskProblem
from sync.signed_documents import DocumentRefused, SignedDocuments


@pytest.fixture
def documents(kiosk):
    return SignedDocuments(kiosk.data_dir, kiosk.identity, kiosk.client())


def test_configuration_is_verified_and_becomes_the_server_config_layer(kiosk, documents):
    document = documents.pull("configuration")
    assert document["part_size_bytes"] == kiosk.server.part_threshold
    config = load_config(None, kiosk.data_dir, environ={})
    assert config["sync.part_size"] == kiosk.server.part_threshold
    assert config.source("sync.part_size") == "server"
    assert documents.pull("configuration") == document  # 304 Not Modified keeps it


def test_catalog_is_pulled_and_checked_against_its_schema(documents):
    catalog = documents.pull("catalog")
    assert catalog["version"] and len(catalog["services"]) > 5
    assert documents.current("catalog") == catalog


def test_a_tampered_answer_is_refused_and_the_last_good_stays(kiosk, documents, mpp_server):
    good = documents.pull("configuration")
    catalog = documents.pull("catalog")
    proxy = FaultProxy(mpp_server.port)
    try:
        tampered = SignedDocuments(kiosk.data_dir, kiosk.identity, kiosk.client(proxy.url))
        for name in ("configuration", "catalog"):
            (kiosk.data_dir / "documents" / f"{name}.json").write_text(
                (kiosk.data_dir / "documents" / f"{name}.json")
                .read_text()
                .replace('"etag": "', '"etag": "stale')
            )  # force a full answer
            proxy.force("tamper")
            with pytest.raises(KioskProblem) as info:
                tampered.pull(name)
            assert info.value.code == "wrong_server_key"
        assert proxy.stats["tamper"] == 2
    finally:
        proxy.close()
    assert documents.current("configuration") == good
    assert documents.current("catalog") == catalog


def test_catalog_signed_by_another_key_or_edited_after_signing_is_refused(
    kiosk, documents, mpp_server
):
    good = documents.pull("catalog")
    ctx = mpp_server.ctx
    edited = copy.deepcopy(ctx.sign(good))
    edited["document"]["services"][0]["name_id"] = "Layanan palsu"
    with pytest.raises(KioskProblem):
        documents.accept("catalog", edited)
    stranger = Ed25519PrivateKey.generate()
    foreign = sign_document(good, stranger, key_id_for(public_key_bytes(stranger)))
    with pytest.raises(KioskProblem) as info:
        documents.accept("catalog", foreign)
    assert info.value.code == "wrong_server_key"
    # same key id as the pinned one, but signed by another key
    posing = sign_document(good, stranger, ctx.keys.key_id)
    with pytest.raises(KioskProblem):
        documents.accept("catalog", posing)
    # correctly signed but not a valid catalog: the schema check refuses it
    broken = copy.deepcopy(good)
    del broken["services"][0]["name_id"]
    with pytest.raises(DocumentRefused) as refused:
        documents.accept("catalog", ctx.sign(broken))
    assert refused.value.code == "schema_invalid"
    assert documents.current("catalog") == good
