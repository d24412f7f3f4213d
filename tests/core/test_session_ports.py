"""The session with the kiosk's real ports (kiosk/ports.py as app/compose.py wires them).

The Submitter is sync's OutboxSubmitter over a real kiosk store (SQLite in a temporary folder,
sealed to a real X25519 key), the StatusLookup sync's ServerStatusLookup over the same store,
the SurveySink sync's OutboxSurveySink, the IdentityVerifier sync's ServerIdentityVerifier.
What reaches the network is either a real ServerClient on a loopback port held bound but never
listening (the kiosk is offline) or the real reference server over loopback (SQLite), with a
kiosk enrolled on it and the NIK's reference face stored there. The UI controller is not
copied here: each test does, in order, the calls a kiosk makes, and checks what the real
adapters stored, with literal expectations.
"""

from __future__ import annotations

import json
import struct

import pytest
from nacl.public import PrivateKey, SealedBox
from server_records import verify_attempts
from test_session_support import (
    DOCS_SERVICE,
    SCAN,
    TRACKING_CODE,
    VALID_NIK,
    TinyRules,
    make_session,
)

from kiosk.ports import (
    FaceCaptureResult,
    IdentityVerifier,
    ServerUnreachable,
    ServiceRules,
    StatusLookup,
    SubmitFailed,
    Submitter,
    SurveySink,
    VerificationResult,
)
from kiosk.session import Session, State
from kiosk.store import Store
from kiosk.store.applications import Applications
from kiosk.store.surveys import SurveyQueue
from sync.adapters.server_lookups import ServerIdentityVerifier, ServerStatusLookup
from sync.adapters.submitter import OutboxSubmitter
from sync.adapters.surveys import OutboxSurveySink
from sync.client import ServerClient

CATALOG_VERSION = "2026.11.1"
# 128 float32 values, as the camera's template code produces them: -4.0, -3.9375 ... 3.9375.
TEMPLATE_FLOATS = [i / 16 - 4 for i in range(128)]
TEMPLATE32 = struct.pack("<128f", *TEMPLATE_FLOATS)
OTHER_FACE32 = struct.pack("<128f", *(-v for v in TEMPLATE_FLOATS))
LIVE = {"passed": True, "method": "blink", "score": 0.97}
FORM = {"child_name": "Budi", "birth_place": "Jakarta"}


def live_face() -> FaceCaptureResult:
    return FaceCaptureResult(TEMPLATE32, LIVE, 0.9)


@pytest.fixture
def offline_client():
    """A real client to a loopback port held bound but never listening: the kiosk is offline."""
    from net_support import refused_url

    clients = []

    def make() -> ServerClient:
        clients.append(ServerClient(url, timeout=2.0))
        return clients[-1]

    with refused_url() as url:
        yield make
    for client in clients:
        client.close()


@pytest.fixture(scope="module")
def reference_server(tmp_path_factory):
    """The reference MPP server over loopback (SQLite), knowing VALID_NIK with the reference
    face TEMPLATE_FLOATS, and a kiosk enrolled on it: (server, kiosk data dir)."""
    from kiosk.nik import parse_nik
    from server.admin import store_reference
    from server.app import BackgroundServer
    from server.enrollment import create_enroll_code
    from server.settings import ServerSettings
    from sync.enroll import enroll

    root = tmp_path_factory.mktemp("reference")
    server = BackgroundServer(ServerSettings(data_dir=root / "server")).start()
    ctx = server.app.state.ctx
    store_reference(ctx, parse_nik(VALID_NIK), TEMPLATE_FLOATS)
    code, _ = create_enroll_code(ctx, "MPP Test")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MPP_KIOSK_NO_KEYRING", "1")  # the key file, not the OS keyring
        enroll(root / "kiosk", server.url, code, expected_key_id=ctx.keys.key_id)
    yield server, root / "kiosk"
    server.stop()


@pytest.fixture
def server_client(reference_server, monkeypatch):
    """A signed client of the enrolled kiosk to the reference server."""
    monkeypatch.setenv("MPP_KIOSK_NO_KEYRING", "1")
    server, kiosk_dir = reference_server
    client = ServerClient.for_kiosk(kiosk_dir)
    yield client
    client.close()


@pytest.fixture
def store(data_dir):
    store = Store.open(data_dir)
    yield store
    store.close()


@pytest.fixture
def server_key() -> PrivateKey:
    return PrivateKey.generate()


def _to_review(s: Session, verifier: IdentityVerifier) -> None:
    """Welcome to the review screen, with the verifier's answer fed back as the kiosk does."""
    s.start()
    s.choose_language("id")
    s.enter_nik(VALID_NIK)
    s.give_consent()
    s.face_captured(live_face())
    assert s.state is State.VERIFYING
    try:
        answer = verifier.verify(*s.verification_request())
    except ServerUnreachable:
        s.server_unreachable()
    else:
        s.verification_result(answer)
    s.choose_service(DOCS_SERVICE)
    s.submit_form(FORM)
    s.document_captured("surat_keterangan_lahir", SCAN)
    s.document_captured("kk", SCAN)
    s.documents_done()
    assert s.state is State.REVIEW


def _session_known(server, token: str) -> bool:
    import hashlib

    from server.models import Session as ServerSession

    with server.app.state.ctx.db() as db:
        return db.get(ServerSession, hashlib.sha256(token.encode()).hexdigest()) is not None


def _open(store: Store, key: PrivateKey, code: str) -> dict:
    stored = Applications(store).by_tracking_code(code)
    blob = Applications(store).sealed_blob(stored.id)
    return json.loads(SealedBox(key).decrypt(blob))


def test_the_real_adapters_are_the_ports(store, server_key, offline_client):
    assert isinstance(ServerIdentityVerifier(offline_client()), IdentityVerifier)
    submitter = OutboxSubmitter(store, bytes(server_key.public_key), CATALOG_VERSION)
    assert isinstance(submitter, Submitter)
    assert isinstance(ServerStatusLookup(offline_client(), store), StatusLookup)
    assert isinstance(OutboxSurveySink(store), SurveySink)
    assert isinstance(TinyRules(), ServiceRules)


@pytest.mark.parametrize("online", [True, False], ids=["online", "offline"])
def test_application_is_sealed_and_queued_then_found_by_cek_status(
    store, server_key, online, offline_client, reference_server, request
):
    server, _ = reference_server
    before = verify_attempts(server.app.state.ctx, VALID_NIK)
    client = request.getfixturevalue("server_client") if online else offline_client()
    verifier = ServerIdentityVerifier(client)
    submitter = OutboxSubmitter(store, bytes(server_key.public_key), CATALOG_VERSION)
    s = make_session()
    _to_review(s, verifier)
    assert s.data.verification_pending is (not online)

    s.confirm(True)
    receipt = submitter.submit(s.packet())
    s.submitted(receipt)
    assert s.state is State.SUBMITTED
    assert s.data.nik_info is None and s.data.documents == {}  # the packet left the session

    stored = Applications(store).by_tracking_code(receipt.tracking_code)
    assert (stored.state, stored.service_id) == ("queued", DOCS_SERVICE)
    assert stored.verification_pending is (not online)
    assert receipt.masked_nik == "3171********0001"
    packet = _open(store, server_key, receipt.tracking_code)
    assert packet["nik"] == "3171234509900001" and packet["form"] == FORM
    assert packet["service_id"] == "akta_kelahiran" and packet["language"] == "id"
    assert packet["catalog_version"] == "2026.11.1"
    assert sorted(doc["id"] for doc in packet["documents"]) == ["kk", "surat_keterangan_lahir"]
    if online:
        assert packet["identity_mode"] == "online"
        assert "face_template" not in packet  # verified: the face does not travel
        # the server checked this NIK once, matched, and issued the token the packet carries
        assert verify_attempts(server.app.state.ctx, VALID_NIK) == [*before, True]
        assert _session_known(server, packet["session_token"])
    else:
        assert (packet["identity_mode"], packet["session_token"]) == ("offline", None)
        # the face travels for the server to check later
        assert packet["face_template"][:3] == [-4.0, -3.9375, -3.875]
        assert len(packet["face_template"]) == 128

    # The survey goes to the store's survey queue (scores in SKM order, nothing personal).
    s.finish()
    s.survey_done({"waktu": 4, "sarana": 2})
    OutboxSurveySink(store).send(s.data.survey)
    (queued,) = SurveyQueue(store).due(10)
    assert queued.payload["scores"] == [None, None, 4, None, None, None, None, None, 2]
    assert "nik" not in json.dumps(queued.payload)

    # "Cek status": the application is still in this kiosk's outbox, so the answer is ours
    # even though no server is reachable.
    lookup = ServerStatusLookup(offline_client(), store)
    s.check_status()
    s.enter_tracking_code(receipt.tracking_code.lower().replace("-", " "))
    assert s.state is State.STATUS_LOOKUP
    s.status_result(lookup.status(s.data.tracking_code))
    assert s.state is State.STATUS_CHECK
    assert (s.data.status.tracking_code, s.data.status.status) == (receipt.tracking_code, "queued")


def test_no_match_answer_from_the_server_then_retry(store, server_client, reference_server):
    server, _ = reference_server
    before = verify_attempts(server.app.state.ctx, VALID_NIK)
    verifier = ServerIdentityVerifier(server_client)
    s = make_session()
    s.start()
    s.choose_language("en")
    s.enter_nik(VALID_NIK)
    s.give_consent()
    s.face_captured(FaceCaptureResult(OTHER_FACE32, LIVE, 0.9))  # someone else's face
    s.verification_result(verifier.verify(*s.verification_request()))
    assert s.state is State.NO_MATCH and s.tries_left() == 2
    assert verify_attempts(server.app.state.ctx, VALID_NIK) == [*before, False]
    assert s.data.face_template is None  # the template is not kept after the answer
    s.retry()
    assert s.state is State.FACE


def test_status_of_an_unknown_code_with_the_server_down(store, offline_client):
    lookup = ServerStatusLookup(offline_client(), store)
    s = make_session()
    s.check_status()
    s.enter_tracking_code(TRACKING_CODE)
    with pytest.raises(ServerUnreachable):
        lookup.status(s.data.tracking_code)
    s.server_unreachable()
    assert s.state is State.STATUS_CHECK and s.data.error.code == "server_unreachable"


def test_a_packet_that_cannot_be_sealed_is_not_queued(store, server_key):
    """A 16-byte template is no face template: sealing refuses it, the citizen stays on the
    summary with the reason and the outbox stays empty."""
    submitter = OutboxSubmitter(store, bytes(server_key.public_key), CATALOG_VERSION)
    s = make_session()
    s.start()
    s.choose_language("id")
    s.enter_nik(VALID_NIK)
    s.give_consent()
    s.face_captured(FaceCaptureResult(bytes(16), LIVE, 0.9))
    s.server_unreachable()  # offline: the (broken) template would travel in the packet
    s.choose_service(DOCS_SERVICE)
    s.submit_form(FORM)
    s.document_captured("surat_keterangan_lahir", SCAN)
    s.document_captured("kk", SCAN)
    s.documents_done()
    s.confirm(True)
    with pytest.raises(SubmitFailed) as info:
        submitter.submit(s.packet())
    s.submit_failed(info.value.reason)
    assert s.state is State.REVIEW
    assert s.data.error.code == "submit_failed" and s.data.error.details == ("packet_invalid",)
    assert Applications(store).list() == []


def test_verification_result_rejects_unknown_outcomes():
    with pytest.raises(ValueError, match="outcome must be one of"):
        VerificationResult("maybe")
