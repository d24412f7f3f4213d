"""A running kiosk follows the server's documents (sync/refresh.py): a new configuration
reaches the uploader, a pulled catalog is the one in force at the next start, and a damaged or
unreachable document changes nothing."""

from __future__ import annotations

import json
import time

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


class Clock:
    """The uploader's clock, moved on by the test."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def _uploader(kiosk: Kiosk, clock: Clock, pulls: list[float]) -> Uploader:
    data_dir = kiosk.data_dir
    client = kiosk.client()
    refresher = make_refresher(
        SignedDocuments(data_dir, kiosk.identity, client), lambda: load_config(None, data_dir)
    )

    def refresh() -> UploaderSettings | None:
        pulls.append(clock())
        return refresher()

    settings = UploaderSettings.from_config(load_config(None, data_dir))
    return Uploader(
        kiosk.store, client, kiosk.identity.kiosk_id, settings, refresh=refresh, clock=clock
    )


def test_a_new_server_configuration_reaches_the_running_uploader(tmp_path, own_server):
    kiosk = Kiosk.enroll(tmp_path / "kiosk", own_server)
    clock, pulls = Clock(), []
    uploader = _uploader(kiosk, clock, pulls)
    try:
        uploader.refresh_if_due()
        assert len(pulls) == 1
        assert uploader.settings.part_size == 16 * 1024 == uploader.sender.part_size
        assert uploader.settings.documents_s == 3600  # sync.documents_s, the packaged default
        clock.now += 3599
        uploader.refresh_if_due()  # not due again before sync.documents_s: nothing pulled
        assert len(pulls) == 1
        own_server.part_threshold = 64 * 1024  # the operator changes the part size
        own_server.restart()
        clock.now += 1  # an hour after the first pull
        uploader.refresh_if_due()
        assert len(pulls) == 2
        assert uploader.settings.part_size == 64 * 1024 == uploader.sender.part_size
        saved = json.loads((kiosk.data_dir / "server-config.json").read_text())
        assert saved["settings"]["sync.part_size"] == 64 * 1024

        own_server.stop()  # offline: the settings in force stay
        clock.now += 3600
        uploader.refresh_if_due()
        assert len(pulls) == 3
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
