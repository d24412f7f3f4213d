"""A kiosk reads a newer server's catalog (unknown keys ignored) while the packaged catalog files
stay strict: a typo there is still an error naming the file and the key."""

from __future__ import annotations

import json
import logging
import shutil

import pytest

from kiosk.catalog import PACKAGED_DIR, CatalogError, catalog_from_document, load_catalog


@pytest.fixture(scope="module")
def document() -> dict:
    return load_catalog().to_document()


def _with_unknown_keys(document: dict) -> dict:
    newer = json.loads(json.dumps(document))
    newer["signed_by_region"] = "32.73"
    newer["groups"][0]["banner_colour"] = "#004488"
    service = next(s for s in newer["services"] if s["id"] == "kia")
    service["video_help"] = "kia.mp4"
    service["fields"][0]["voice_prompt"] = {"id": "Ketik NIK anak", "en": "Type the NIK"}
    service["documents"][0]["max_age_days"] = 90
    service["processing_time"]["sla_hours"] = 24
    return newer


def test_a_new_kiosk_ignores_keys_it_does_not_know(document, caplog):
    newer = _with_unknown_keys(document)
    sent = json.loads(json.dumps(newer))
    with caplog.at_level(logging.INFO, logger="kiosk.catalog.catalog"):
        catalog = catalog_from_document(newer, "the server's catalog")
    assert newer == sent  # the caller's document (what was verified) is left as received
    assert catalog.to_document() == document  # everything known is kept, unchanged
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "6 key(s)" in logged and "video_help" in logged and "signed_by_region" in logged


def test_unknown_keys_can_still_be_refused(document):
    with pytest.raises(CatalogError) as info:
        catalog_from_document(_with_unknown_keys(document), "strict", unknown_keys="refuse")
    assert info.value.location == "signed_by_region" and "unknown key" in info.value.problem


def test_an_unknown_value_of_a_known_key_is_still_an_error(document):
    newer = json.loads(json.dumps(document))
    field = next(f for s in newer["services"] for f in s["fields"] if f.get("person_role"))
    field["person_role"] = "grandmother"  # a key the kiosk knows: checked as strictly as ever
    with pytest.raises(CatalogError, match="person_role"):
        catalog_from_document(newer, "the server's catalog")


def test_a_typo_in_the_packaged_files_still_fails(tmp_path):
    folder = tmp_path / "services"
    shutil.copytree(PACKAGED_DIR, folder)
    path = folder / "adminduk" / "kia.json"
    data = json.loads(path.read_text("utf-8"))
    data["short_nmae_id"] = data.pop("short_name_id", "KIA")
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(folder)
    assert info.value.file.endswith("adminduk/kia.json")
    assert info.value.location == "short_nmae_id" and "unknown key" in info.value.problem


def test_a_signed_catalog_with_new_keys_is_accepted_and_its_signature_still_covers_them(
    document, tmp_path
):
    """Through the kiosk's signed-document store (sync.signed_documents), as a pull does: the
    newer server's catalog is kept, and changing one of its unknown keys breaks the signature."""
    from protocol.signing import sign_document
    from sync.errors import KioskProblem
    from sync.signed_documents import SignedDocuments
    from tests.sync.test_contract_versions import Answers

    answers = Answers(newer=True)
    _, identity = answers.signed("catalog")
    newer = _with_unknown_keys(document)
    envelope = {"document": newer, **sign_document(newer, answers.key, answers.key_id)}
    store = SignedDocuments(tmp_path, identity)
    kept = store.accept("catalog", envelope)
    assert kept["services"] == newer["services"]  # stored as received (the signed form)
    tampered = json.loads(json.dumps(envelope))
    tampered["document"]["signed_by_region"] = "31.71"
    with pytest.raises(KioskProblem) as info:  # the signature no longer verifies
        SignedDocuments(tmp_path / "other", identity).accept("catalog", tampered)
    assert info.value.code == "wrong_server_key"
