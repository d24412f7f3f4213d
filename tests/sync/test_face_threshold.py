"""One face threshold, one home: the server's value reaches the kiosk's configuration through
the signed configuration document, and `kiosk verify-face` uses it (real keys, real files)."""

from __future__ import annotations

import json

from kiosk.config import DEFAULTS, load_config
from kiosk.facematch import DEFAULT_THRESHOLD
from server.context import open_context
from server.routes.signed_documents import configuration_document
from server.settings import ServerSettings
from sync.kiosk_key import KioskIdentity
from sync.signed_documents import SignedDocuments


def test_the_default_lives_in_the_configuration_and_stays_at_most_055():
    assert DEFAULTS["face.threshold"] == DEFAULT_THRESHOLD == 0.55


def test_the_servers_threshold_reaches_the_kiosk_and_verify_face(tmp_path, testdata, capsys):
    from app.cli import main

    ctx = open_context(ServerSettings(data_dir=tmp_path / "srv", face_threshold=0.31))
    try:
        document = configuration_document(ctx)
        signed = ctx.sign(document)
        identity = KioskIdentity(
            kiosk_id="KIOSK-TEST",
            site="MPP Test",
            server_url="http://127.0.0.1:9",
            server_signing_key=ctx.keys.signing_public_b64,
            server_sealing_key=ctx.keys.sealing_public_b64,
            server_key_id=ctx.keys.key_id,
            enrolled_at="2026-12-01T00:00:00Z",
            key_store="file",
        )
    finally:
        ctx.engine.dispose()
    assert document["face_threshold"] == 0.31
    data = tmp_path / "kiosk"
    data.mkdir()
    SignedDocuments(data, identity).accept("configuration", signed)
    config = load_config(tmp_path / "absent.toml", data)
    assert (config["face.threshold"], config.source("face.threshold")) == (0.31, "server")

    faces = testdata / "faces"
    argv = ["--data-dir", str(data), "--config", str(tmp_path / "absent.toml"), "verify-face"]
    # obama.jpg and obama2.jpg are ~0.3-0.4 apart: the result must carry the server's 0.31
    assert main([*argv, str(faces / "obama.jpg"), str(faces / "obama2.jpg"), "--json"]) in (0, 1)
    assert json.loads(capsys.readouterr().out)["threshold"] == 0.31


def test_an_unset_server_threshold_sends_the_default(tmp_path):
    ctx = open_context(ServerSettings(data_dir=tmp_path / "srv"))
    try:
        assert configuration_document(ctx)["face_threshold"] == DEFAULTS["face.threshold"]
    finally:
        ctx.engine.dispose()
