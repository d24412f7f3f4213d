"""What "Cek status" tells the citizen (kiosk/status.py) for every status value that really
exists: the ones the contract lets the server send (protocol.contract.ApplicationStatus, passed
through by the sync layer's ServerStatusLookup) and the "still queued here" answer that lookup
gives itself. And the tracking code read back from a receipt's QR address."""

from __future__ import annotations

import datetime as dt
import typing

import pytest

from kiosk.ports import ApplicationStatus
from kiosk.receipt import status_address, tracking_code_from_address
from kiosk.status import STATUS_TEXTS, status_text
from kiosk.store import Store
from kiosk.store.applications import Applications
from kiosk.tracking import new_code
from protocol import contract
from sync.adapters.server_lookups import ServerStatusLookup

SERVER_VALUES = typing.get_args(contract.ApplicationStatus)
NOW = dt.datetime(2026, 11, 27, 3, 4, tzinfo=dt.UTC)


class AnsweringClient:
    """The server's side of GET /status/{code}: a StatusResponse with the given status."""

    def __init__(self, status: str, message_id: str = "", message_en: str = ""):
        self.status, self.message = status, (message_id, message_en)

    def json(self, method: str, path: str, signed: bool = True) -> dict:
        assert (method, signed) == ("GET", False) and path.startswith("/status/")
        return contract.StatusResponse(
            tracking_code=path.rsplit("/", 1)[1],
            service_id="cetak-kk",
            status=self.status,
            submitted_at=NOW,
            received_at=NOW,
            updated_at=NOW,
            identity_verification_failed=None,
            message_id=self.message[0],
            message_en=self.message[1],
        ).model_dump(mode="json")


class NoServer:
    def json(self, *args, **kwargs):
        raise AssertionError("an application still in the outbox is not asked about")


def from_server(status: str, note_id: str = "", note_en: str = "") -> ApplicationStatus:
    lookup = ServerStatusLookup(AnsweringClient(status, note_id, note_en))
    return lookup.status(new_code())


@pytest.fixture
def queued(data_dir) -> ApplicationStatus:
    """What the sync layer answers for an application still in this kiosk's outbox."""
    store = Store.open(data_dir)
    try:
        code = new_code()
        Applications(store).add("app-1", code, "cetak-kk", "2026.11.1", b"sealed")
        return ServerStatusLookup(NoServer(), store).status(code)
    finally:
        store.close()


def test_there_is_one_text_for_each_value_that_exists_and_no_other(queued):
    real = {from_server(value).status for value in SERVER_VALUES} | {queued.status}
    assert len(real) == len(SERVER_VALUES) + 1  # "queued" is not a server value
    assert set(STATUS_TEXTS) == real
    for value in real:
        text = STATUS_TEXTS[value]
        assert text.text_id.strip() and text.text_en.strip() and text.text_id != text.text_en
        assert text.kind in ("info", "success", "warning", "error")


def test_without_a_note_the_citizen_reads_our_words(queued):
    for value in SERVER_VALUES:
        shown = status_text(from_server(value))
        assert (shown.text_id, shown.text_en) == (
            STATUS_TEXTS[value].text_id,
            STATUS_TEXTS[value].text_en,
        )
    assert status_text(from_server("in_review")).text_id == "Sedang diperiksa petugas."
    assert status_text(from_server("completed")).text_en == "Finished. You can collect the result."


def test_the_office_note_comes_first_in_each_language():
    shown = status_text(from_server("in_review", "Permohonan sedang diperiksa petugas.", ""))
    assert shown.text_id == "Permohonan sedang diperiksa petugas."
    assert shown.text_en == "Being checked by an officer."  # no English note: ours
    assert shown.kind == "info"


def test_queued_is_ours_even_with_the_sync_layers_note(queued):
    assert queued.note_id  # the lookup does add one ...
    shown = status_text(queued)
    assert shown.text_id.startswith("Masih antre di kiosk ini")  # ... but the kiosk speaks
    assert shown.text_en.startswith("Still queued on this kiosk")
    assert shown.kind == "warning"


def test_how_each_outcome_is_shown():
    kinds = {
        value: status_text(from_server(value, "catatan", "note")).kind for value in SERVER_VALUES
    }
    assert kinds == {
        "received": "info",
        "in_review": "info",
        "completed": "success",
        "rejected": "error",  # the citizen has to act: visit a counter
        "visit_counter": "error",
    }
    assert "loket" in status_text(from_server("visit_counter")).text_id


def test_a_value_from_a_newer_server_is_shown_plainly():
    answer = ApplicationStatus(new_code(), "archived", note_id="Diarsipkan", note_en="")
    shown = status_text(answer)
    assert (shown.text_id, shown.text_en, shown.kind) == ("Diarsipkan", "archived", "info")


# --- the receipt's QR code, read back -------------------------------------------------------


@pytest.mark.parametrize(
    "status_url",
    [
        "",  # the default address
        "https://mpp.go.id/status/",
        "https://mpp.bandung.go.id/cek",
        "https://mpp.go.id/status?code=",
        "https://mpp.go.id/s#",
    ],
)
def test_the_tracking_code_comes_back_out_of_the_status_address(status_url):
    for _ in range(20):
        code = new_code()
        address = status_address(status_url, code)
        assert address != code
        assert tracking_code_from_address(address) == code
        assert tracking_code_from_address(f"  {address}/\n") == code


def test_a_bare_code_is_taken_as_it_is():
    code = new_code()
    assert tracking_code_from_address(code) == code
    assert tracking_code_from_address(f" {code} ") == code
    assert tracking_code_from_address("") == ""
