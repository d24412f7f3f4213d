"""Counter staff from the kiosk's side against the reference server process on loopback: the
signed staff document, sign-in on it, help requests between kiosks of a site, and a
supervisor's approval sealed into an application and accepted by the server."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from net_support import refused_url
from sync_helpers import Kiosk, make_packet

from kiosk.staff import SignInRefused, StaffSignIn
from protocol.signing import sign_document
from server.staff import add_account, disable_account
from sync.adapters.staff import (
    ApprovalInvalid,
    HelpDesk,
    HelpOffline,
    StaffDocuments,
    approve_staff_verification,
)
from sync.enroll import enroll
from sync.errors import ApplicationRejected, KioskProblem
from sync.signed_documents import DocumentRefused


@pytest.fixture
def at_site(tmp_path, mpp_server):
    """enrolled(site, name) -> an enrolled Kiosk of `site`; all closed afterwards."""
    made = []

    def enrolled(site: str, name: str) -> Kiosk:
        data = tmp_path / name
        enroll(
            data, mpp_server.url, mpp_server.enroll_code(site), expected_key_id=mpp_server.key_id
        )
        made.append(Kiosk(data, mpp_server))
        return made[-1]

    yield enrolled
    for kiosk in made:
        kiosk.close()


def staff(mpp_server, site: str, role: str, pin: str, name: str = "Staf") -> str:
    return add_account(mpp_server.ctx, site, name, role, pin, "pytest")


def test_the_staff_document_is_verified_kept_and_signs_staff_in(at_site, mpp_server):
    kiosk = at_site("MPP Sync Alpha", "alpha")
    petugas = staff(mpp_server, "MPP Sync Alpha", "petugas", "739154", "Budi")
    other = staff(mpp_server, "MPP Sync Beta", "petugas", "739154", "Lain")
    documents = StaffDocuments(kiosk.data_dir, kiosk.identity, kiosk.client())
    assert len(documents.directory()) == 0  # nothing before the first pull
    document = documents.pull()
    assert [a["staff_id"] for a in document["accounts"]] == [petugas]
    assert other not in json.dumps(document)
    saved = kiosk.data_dir / "documents" / "staff.json"
    assert saved.stat().st_mode & 0o077 == 0  # its verifiers allow an offline PIN guess
    assert documents.pull() == document  # a 304 answer: the document in force
    signin = StaffSignIn(StaffDocuments(kiosk.data_dir, kiosk.identity).directory, kiosk.store)
    assert signin.sign_in(petugas, "739154").staff_id == petugas
    with pytest.raises(SignInRefused) as caught:
        signin.sign_in(petugas, "739155")
    assert caught.value.code == "wrong_pin" and caught.value.failures_left == 4
    assert kiosk.store.audit.verify().ok
    # Disabled accounts disappear from the next document (and from the kiosk).
    disable_account(mpp_server.ctx, petugas, "pytest")
    assert documents.pull()["accounts"] == []
    with pytest.raises(SignInRefused) as caught:
        signin.sign_in(petugas, "739154")
    assert caught.value.code == "no_accounts"


def test_forged_tampered_foreign_or_stale_documents_are_refused(at_site, mpp_server):
    kiosk = at_site("MPP Sync Gamma", "gamma")
    staff(mpp_server, "MPP Sync Gamma", "supervisor", "482916")
    documents = StaffDocuments(kiosk.data_dir, kiosk.identity, kiosk.client())
    good = documents.pull()
    ctx = mpp_server.ctx
    edited = copy.deepcopy(ctx.sign(good))
    edited["document"]["accounts"][0]["role"] = "teknisi"
    with pytest.raises(KioskProblem) as caught:
        documents.accept(edited)
    assert caught.value.code == "wrong_server_key"
    stranger = Ed25519PrivateKey.generate()
    with pytest.raises(KioskProblem):
        documents.accept(sign_document(good, stranger, ctx.keys.key_id))
    with pytest.raises(DocumentRefused) as refused:
        documents.accept(ctx.sign(dict(good, site="MPP Lain")))
    assert refused.value.code == "wrong_site"
    older = dict(
        good,
        updated_at=(
            dt.datetime.fromisoformat(good["updated_at"]) - dt.timedelta(days=1)
        ).isoformat(),
    )
    with pytest.raises(DocumentRefused) as refused:
        documents.accept(ctx.sign(older))
    assert refused.value.code == "stale"
    broken = copy.deepcopy(good)
    broken["accounts"][0]["kdf"]["memory_kib"] = 64 * 1024 * 1024
    with pytest.raises(DocumentRefused):
        documents.accept(ctx.sign(broken))
    assert documents.current() == good
    # The kept copy is verified again when read: an edit on disk is ignored.
    path = kiosk.data_dir / "documents" / "staff.json"
    path.write_text(path.read_text().replace('"supervisor"', '"petugas"'))
    assert documents.current() is None and len(documents.directory()) == 0


def test_help_goes_to_the_sites_assisted_terminal_and_back(at_site, mpp_server):
    citizen_side = HelpDesk(at_site("MPP Sync Delta", "delta-self").client())
    counter_side = HelpDesk(at_site("MPP Sync Delta", "delta-counter").client())
    elsewhere = HelpDesk(at_site("MPP Sync Epsilon", "epsilon").client())
    petugas = staff(mpp_server, "MPP Sync Delta", "petugas", "739154", "Rina")
    asked = citizen_side.raise_help("face_failed", "liveness_failed")
    assert asked.state == "open" and len(asked.handoff_code) == 4
    assert [r.request_id for r in counter_side.open_requests()] == [asked.request_id]
    assert elsewhere.open_requests() == []
    with pytest.raises(ApplicationRejected) as caught:
        elsewhere.poll(asked.request_id)
    assert caught.value.code == "not_found"
    acked = counter_side.acknowledge(asked.request_id, petugas)
    assert acked.state == "acknowledged"
    polled = citizen_side.poll(asked.request_id)
    assert polled.acknowledged_by == petugas and polled.acknowledged_by_name == "Rina"
    assert citizen_side.close(asked.request_id).state == "closed"
    with pytest.raises(ValueError):
        citizen_side.raise_help("face_failed", "3171014508900001")


def test_a_session_moves_through_the_help_desk(at_site, mpp_server):
    citizen_side = HelpDesk(at_site("MPP Sync Eta", "eta-self").client())
    counter_side = HelpDesk(at_site("MPP Sync Eta", "eta-counter").client())
    petugas = staff(mpp_server, "MPP Sync Eta", "petugas", "739154", "Ayu")
    asked = citizen_side.raise_help("no_match", "no_match")
    assert citizen_side.poll(asked.request_id).takeover_kiosk_id is None
    taken = counter_side.take_over(asked.request_id, petugas)
    polled = citizen_side.poll(asked.request_id)
    assert polled.takeover_kiosk_id == taken.takeover_kiosk_id and polled.takeover_by == petugas
    assert counter_side.fetch_session(asked.request_id) is None  # not sent yet: poll again
    snapshot = {
        "version": 1,
        "language": "en",
        "nik": "3171234509900001",
        "consent_given": True,
        "help_reason": "no_match",
        "help_step": "verifying",
        "service_id": None,
        "form_values": {},
    }
    with pytest.raises(ValueError):  # nothing beyond the contract leaves the kiosk
        citizen_side.send_session(asked.request_id, {**snapshot, "face_template": [0.0] * 128})
    assert citizen_side.send_session(asked.request_id, snapshot).state == "closed"
    fetched = counter_side.fetch_session(asked.request_id)
    assert fetched.snapshot == snapshot and fetched.request_id == asked.request_id
    with pytest.raises(ApplicationRejected) as caught:
        counter_side.fetch_session(asked.request_id)  # once only
    assert caught.value.code == "not_found"


def test_offline_help_says_go_to_the_counter(at_site):
    kiosk = at_site("MPP Sync Zeta", "zeta")
    with refused_url() as url:
        desk = HelpDesk(kiosk.client(url))
        with pytest.raises(HelpOffline) as caught:
            desk.raise_help("welcome", "requested")
        assert caught.value.screen_code == "staff.help_offline"
        assert "loket" in caught.value.screen_text("id")
        with pytest.raises(HelpOffline):
            desk.poll("5b1c3f0e-8a41-4c1e-9d1a-0c4a8c9e1f20")


def test_a_supervisor_approval_is_sealed_sent_and_accepted(at_site, mpp_server):
    kiosk = at_site("MPP Sync Eta", "eta")
    petugas = staff(mpp_server, "MPP Sync Eta", "petugas", "739154", "Budi")
    supervisor = staff(mpp_server, "MPP Sync Eta", "supervisor", "482916", "Sri")
    colleague = staff(mpp_server, "MPP Sync Eta", "petugas", "628491", "Ani")
    documents = StaffDocuments(kiosk.data_dir, kiosk.identity, kiosk.client())
    documents.pull()
    signin = StaffSignIn(documents.directory, kiosk.store)
    signin.sign_in(petugas, "739154")
    args = {
        "supervisor_id": supervisor,
        "staff_id": petugas,
        "kiosk_id": kiosk.identity.kiosk_id,
        "reason_code": "liveness_impossible",
        "reason_text": "Lengan cedera; identitas dicocokkan dengan KTP-el asli.",
    }
    with pytest.raises(SignInRefused) as caught:
        approve_staff_verification(signin, pin="111333", **args)
    assert caught.value.code == "wrong_pin"
    with pytest.raises(SignInRefused) as caught:  # a petugas cannot approve
        approve_staff_verification(signin, pin="628491", **dict(args, supervisor_id=colleague))
    assert caught.value.code == "role_not_allowed"
    with pytest.raises(ApprovalInvalid):  # nor the supervisor their own session
        approve_staff_verification(signin, pin="482916", **dict(args, staff_id=supervisor))
    with pytest.raises(ApprovalInvalid):
        approve_staff_verification(signin, pin="482916", **dict(args, reason_text="ok"))
    approval = approve_staff_verification(signin, pin="482916", **args)
    packet = make_packet(pending=False)
    receipt = kiosk.submitter.submit(
        type(packet)(**{**packet.__dict__, "staff_approval": approval, "session_token": None})
    )
    assert receipt.extra["application_id"] == approval["application_id"]
    assert not receipt.verification_pending
    uploader = kiosk.uploader()
    uploader.drain()
    uploader.stop()
    with mpp_server.ctx.engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT identity_mode, identity_status, staff_id, supervisor_id FROM applications "
            "WHERE application_id = ?",
            (approval["application_id"],),
        ).one()
    assert tuple(row) == ("staff", "verified_staff", petugas, supervisor)
    entries = kiosk.store.read("SELECT action, subject, details FROM audit_log ORDER BY seq")
    sealed = [json.loads(e["details"]) for e in entries if e["action"] == "application.sealed"]
    assert sealed[-1]["staff_id"] == petugas and sealed[-1]["supervisor_id"] == supervisor
    assert any(e["action"] == "staff.supervisor_approval" for e in entries)
    assert all("482916" not in str(tuple(e)) for e in entries)
    assert kiosk.store.audit.verify().ok


def test_the_running_kiosk_refreshes_its_staff_accounts(at_site, mpp_server):
    from kiosk.config import load_config
    from sync.refresh import make_refresher
    from sync.signed_documents import SignedDocuments

    kiosk = at_site("MPP Sync Theta", "theta")
    staff(mpp_server, "MPP Sync Theta", "teknisi", "864209")
    client = kiosk.client()
    documents = StaffDocuments(kiosk.data_dir, kiosk.identity, client)
    refresh = make_refresher(
        SignedDocuments(kiosk.data_dir, kiosk.identity, client),
        lambda: load_config(None, kiosk.data_dir, {}),
        staff=documents,
    )
    assert refresh() is not None
    assert [a.role for a in documents.directory().accounts()] == ["teknisi"]
