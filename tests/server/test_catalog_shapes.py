"""GET /v1/catalog answers each kiosk in the shape its contract version accepts.

Kiosks before 1.3 check the catalog against their own schema, which refuses keys and enum values
they do not know. Their schemas are kept as they were released (tests/data/contract/
catalog_schemas/, from git: 1.0 = 19e9566, 1.1 = cb0653f, 1.2 = 79fb9e5), so the answer a 1.0,
1.1 or 1.2 kiosk gets is checked by that kiosk's own rules, not by today's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from kiosk.catalog import catalog_from_document, load_catalog
from protocol.signing import verify_document
from tests.server.test_server_ops import _server_key

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "contract" / "catalog_schemas"
# Eligibility facts of the 1.0 and 1.1 kiosks (kiosk/catalog/eligibility.py FACTS at 19e9566 and
# cb0653f); 1.2 added subject_ever_married. A condition may also name one of the form's fields.
OLD_FACTS = {
    "subject_age_years",
    "applicant_age_years",
    "relationship",
    "is_head_of_family",
    "family_member_count",
    "is_married",
    "has_str",
    "skp_sufficient",
    "active_sip_count",
}
FACTS = {"1.0": OLD_FACTS, "1.1": OLD_FACTS, "1.2": OLD_FACTS | {"subject_ever_married"}}


def old_kiosk_problems(version: str, document: dict) -> list[str]:
    """What a kiosk of `version` finds wrong in `document`: its schema, then its facts."""
    schema = json.loads((SCHEMAS / f"{version}.schema.json").read_text("utf-8"))
    validator = Draft202012Validator(
        {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/catalog_document"}
    )
    problems = [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message[:120]}"
        for e in validator.iter_errors(document)
    ]
    for service in document["services"]:
        names = FACTS[version] | {f["id"] for f in service["fields"]}
        conditions = [
            c
            for r in service["rules"]
            for k in ("if", "require", "require_any")
            for c in r.get(k, [])
        ]
        conditions += [c for d in service["documents"] for c in d.get("if", [])]
        conditions += [c for f in service["fields"] for c in f.get("required_if", [])]
        problems += [
            f"{service['id']}: unknown fact {c['fact']}"
            for c in conditions
            if c["fact"] not in names
        ]
    return problems


def _get(kiosk, version: str | None, **headers):
    if version is not None:
        headers["MPP-Contract"] = version
    return kiosk.get("/v1/catalog", headers=headers)


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_an_older_kiosk_accepts_the_catalog_it_is_sent(sqlite_server, version):
    from tests.server.server_kiosk_client import TestKiosk

    kiosk = TestKiosk.enroll(sqlite_server)
    full = load_catalog().to_document()
    # The test can fail: today's catalog is refused by that kiosk's rules.
    assert old_kiosk_problems(version, full)
    answer = _get(kiosk, None if version == "1.0" else version)
    assert answer.status_code == 200, answer.text
    document = verify_document(answer.json(), _server_key(kiosk))  # signed as sent
    assert old_kiosk_problems(version, document) == []
    assert [s["id"] for s in document["services"]] == [s["id"] for s in full["services"]]
    # Nothing it knows is lost: the old shape is the full catalog minus later keys.
    catalog = catalog_from_document(document, unknown_keys="refuse")
    assert len(catalog) == len(full["services"]) == 39
    assert all(s.icon is None for s in catalog)
    kia = next(s for s in document["services"] if s["id"] == "kia")
    full_kia = next(s for s in full["services"] if s["id"] == "kia")
    assert kia["fields"] == [
        {k: v for k, v in f.items() if k not in ("person_role", "prefill", "required_if")}
        | ({"prefill": f["prefill"]} if "prefill" in f and version != "1.0" else {})
        for f in full_kia["fields"]
    ]
    # Each shape has its own ETag: a 304 only for the same shape.
    etag = answer.headers["ETag"]
    assert _get(kiosk, "1.3", **{"If-None-Match": etag}).status_code == 200
    again = _get(kiosk, None if version == "1.0" else version, **{"If-None-Match": etag})
    assert again.status_code == 304


def test_a_current_kiosk_gets_everything(sqlite_server):
    from tests.server.server_kiosk_client import TestKiosk

    kiosk = TestKiosk.enroll(sqlite_server)
    for version in ("1.3", "1.9"):
        answer = _get(kiosk, version)
        document = verify_document(answer.json(), _server_key(kiosk))
        assert document == load_catalog().to_document()
        assert any(g.get("open_for") == "health_worker" for g in document["groups"])
