"""A running kiosk follows the server's documents (sync/refresh.py): a new configuration
reaches the uploader, a pulled catalog is the one in force at the next start, and a damaged or
unreachable document changes nothing."""

from __future__ import annotations

import json

import pytest
from sync_helpers import Kiosk
from sync_serverproc import ServerProcess

from kiosk.catalog import default_catalog
from kiosk.config import load_config
from sync.refresh import catalog_in_force, make_refresher
from sync.signed_documents import SignedDocuments
from sync.upload.uploader import Uploader, UploaderSettings


@pytest.fixture
def own_server(tmp_path):
    server = ServerProcess(tmp_path / "server", part_threshold=16 * 1024).start()
    yield server
    server.close()


def _uploader(kiosk: Kiosk) -> Uploader:
    data_dir = kiosk.data_dir
    client = kiosk.client()
    refresh = make_refresher(
        SignedDocuments(data_dir, kiosk.identity, client), lambda: load_config(None, data_dir)
    )
    settings = UploaderSettings.from_config(load_config(None, data_dir))
    return Uploader(kiosk.store, client, kiosk.identity.kiosk_id, settings, refresh=refresh)


def test_a_new_server_configuration_reaches_the_running_uploader(tmp_path, own_server):
    kiosk = Kiosk.enroll(tmp_path / "kiosk", own_server)
    uploader = _uploader(kiosk)
    try:
        uploader.refresh_if_due()
        assert uploader.settings.part_size == 16 * 1024 == uploader.sender.part_size
        uploader.refresh_if_due()  # not due again before sync.documents_s: nothing pulled
        own_server.part_threshold = 64 * 1024  # the operator changes the part size
        own_server.restart()
        uploader._next_refresh = 0.0  # an hour later
        uploader.refresh_if_due()
        assert uploader.settings.part_size == 64 * 1024 == uploader.sender.part_size
        saved = json.loads((kiosk.data_dir / "server-config.json").read_text())
        assert saved["settings"]["sync.part_size"] == 64 * 1024

        own_server.stop()  # offline: the settings in force stay
        uploader._next_refresh = 0.0
        uploader.refresh_if_due()
        assert uploader.settings.part_size == 64 * 1024
    finally:
        uploader.stop()
        kiosk.close()


def test_the_pulled_catalog_is_in_force_and_a_damaged_one_is_not(tmp_path, own_server):
    kiosk = Kiosk.enroll(tmp_path / "kiosk", own_server)
    try:
        assert catalog_in_force(kiosk.data_dir) is None  # nothing pulled yet: packaged one
        SignedDocuments(kiosk.data_dir, kiosk.identity, kiosk.client()).pull("catalog")
        catalog = catalog_in_force(kiosk.data_dir)
        packaged = default_catalog()
        assert catalog is not None and catalog.version == packaged.version
        assert [s.id for s in catalog.services] == [s.id for s in packaged.services]

        path = kiosk.data_dir / "documents" / "catalog.json"
        saved = json.loads(path.read_text(encoding="utf-8"))
        text = json.dumps(saved["signed"])
        assert "Cetak Kartu Keluarga" in text
        saved["signed"] = json.loads(text.replace("Cetak Kartu Keluarga", "Cetak KK Gratis", 1))
        path.write_text(json.dumps(saved), encoding="utf-8")  # edited on disk: not signed
        assert catalog_in_force(kiosk.data_dir) is None
    finally:
        kiosk.close()


def test_no_enrollment_means_the_packaged_catalog(tmp_path):
    assert catalog_in_force(tmp_path) is None
