"""server/sqlite_writer.py's group commit on a real SQLite file, over loopback HTTP: many
submissions at once (good ones, a replayed signed request, one key with two bodies, a body
refused with a 422) share commits, and each answer holds on its own.

In process: commits on the committer's engine are counted, fewer than the 201s (so batches of
more than one submission formed). In a `kiosk server serve` process: the same, counted as
commit frames in the SQLite write-ahead log; after every answer, SIGKILL, then every answered
201 is in the reopened file (an answer is sent only after its batch committed)."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests
from server_kiosk_client import TestKiosk
from server_process import wait_listening
from sqlalchemy import event, func, make_url, select
from sqlalchemy.orm import Session

from protocol.signing import b64encode
from server.app import BackgroundServer
from server.context import open_context
from server.db import make_engine
from server.models import Application, IdempotencyKey, Nonce
from server.settings import ServerSettings
from server.sqlite_writer import group_commit

REPO = Path(__file__).resolve().parents[2]
NIK = "3171015505900001"
GOOD = 28  # with the 5 special requests: 33 at once, enough for batches to form


def _prepared(kiosk: TestKiosk, meta: dict, sealed: bytes) -> requests.PreparedRequest:
    """A submission signed now (one nonce), sent as is by whoever sends it."""
    body = json.dumps({"metadata": meta, "packet": b64encode(sealed)}).encode()
    request = requests.Request(
        "POST",
        kiosk.base_url + "/v1/applications",
        data=body,
        headers={"Content-Type": "application/json", "Idempotency-Key": meta["application_id"]},
        auth=kiosk.http.auth,
    )
    return request.prepare()


def _nonce(prepared: requests.PreparedRequest) -> str:
    return prepared.headers["Signature-Input"].split('nonce="')[1].split('"')[0]


def _send(prepared: requests.PreparedRequest) -> requests.Response:
    with requests.Session() as http:
        return http.send(prepared, timeout=120)


def _at_once(calls: list[requests.PreparedRequest]) -> list[requests.Response]:
    barrier = threading.Barrier(len(calls))
    answers: list = [None] * len(calls)

    def post(i: int) -> None:
        barrier.wait()
        answers[i] = _send(calls[i])

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(a is not None for a in answers), "a sender thread failed"
    return answers


def _burst(kiosk: TestKiosk) -> dict:
    """Send the mix at once; check every answer; what the database must then hold."""
    good = [kiosk.make_application(NIK, mode="online") for _ in range(GOOD)]
    replay_meta, replay_sealed = kiosk.make_application(NIK, mode="online")
    replayed = _prepared(kiosk, replay_meta, replay_sealed)  # one nonce, sent twice
    dup_a = kiosk.make_application(NIK, mode="online")
    dup_id = dup_a[0]["application_id"]
    dup_b = kiosk.make_application(NIK, mode="online", application_id=dup_id)  # another body
    assert dup_a[0]["tracking_code"] != dup_b[0]["tracking_code"]
    bad_meta, sealed = kiosk.make_application(NIK, mode="online")
    bad_sealed = sealed[:-1] + bytes([sealed[-1] ^ 1])  # same size, digest no longer matches
    refused = _prepared(kiosk, bad_meta, bad_sealed)

    calls = [_prepared(kiosk, *g) for g in good]
    calls += [replayed, replayed, _prepared(kiosk, *dup_a), _prepared(kiosk, *dup_b), refused]
    answers = _at_once(calls)
    texts = [a.text for a in answers]
    good_answers, rest = answers[:GOOD], answers[GOOD:]
    assert [a.status_code for a in good_answers] == [201] * GOOD, texts

    replay_answers, dup_answers, refused_answer = rest[0:2], rest[2:4], rest[4]
    assert sorted(a.status_code for a in replay_answers) == [201, 401], texts
    replay_loser = next(a for a in replay_answers if a.status_code == 401)
    assert replay_loser.json()["error"] == "signature_replayed"
    assert sorted(a.status_code for a in dup_answers) == [201, 422], texts
    dup_winner = next(a for a in dup_answers if a.status_code == 201)
    assert next(a for a in dup_answers if a.status_code == 422).json()["error"] == (
        "idempotency_conflict"
    )
    assert refused_answer.status_code == 422, refused_answer.text
    assert refused_answer.json()["error"] == "packet_digest_mismatch"

    # The refusal was stored: the same body again (a fresh nonce) gets the same answer.
    retry = _send(_prepared(kiosk, bad_meta, bad_sealed))
    assert retry.status_code == 422 and retry.json() == refused_answer.json()
    assert retry.headers["Idempotent-Replayed"] == "true"

    created = [a.json() for a in answers if a.status_code == 201]
    assert len(created) == GOOD + 2
    for meta, _ in good:  # each good one answered with its own receipt
        assert any(c["application_id"] == meta["application_id"].lower() for c in created)
    return {
        "created": {c["application_id"]: c["tracking_code"] for c in created},
        "dup_id": dup_id.lower(),
        "dup_tracking": dup_winner.json()["tracking_code"],
        "refused_id": bad_meta["application_id"].lower(),
        "refused_body": refused_answer.json(),
        "replay_nonce": _nonce(replayed),
        "refused_nonce": _nonce(refused),
        "kiosk_id": kiosk.kiosk_id,
    }


def _check_stored(db: Session, outcome: dict) -> None:
    """Every 201 has its row; the losers and the refused body have none."""
    rows = dict(db.execute(select(Application.application_id, Application.tracking_code)).all())
    for app_id, tracking in outcome["created"].items():
        assert rows.get(app_id) == tracking, app_id
    assert rows[outcome["dup_id"]] == outcome["dup_tracking"]  # the winner's body, once
    assert outcome["refused_id"] not in rows
    stored = db.get(IdempotencyKey, outcome["refused_id"])
    assert (stored.state, stored.status_code) == ("done", 422)
    assert json.loads(stored.response_body) == outcome["refused_body"]

    def nonces(value: str) -> int:
        where = (Nonce.kiosk_id == outcome["kiosk_id"], Nonce.nonce == value)
        return db.scalar(select(func.count()).select_from(Nonce).where(*where))

    assert nonces(outcome["replay_nonce"]) == 1
    assert nonces(outcome["refused_nonce"]) == 1  # a refused request's nonce is spent too


def _wal_commits(database: str) -> tuple[tuple[int, int, int], int]:
    """(generation, commits) of `database`'s write-ahead log: the transactions its frames of
    the current generation (checkpoint count and salts of the WAL header) end. SQLite writes
    one commit frame per committed transaction (https://sqlite.org/fileformat2.html#walformat).
    """
    wal = Path(database + "-wal").read_bytes()
    page_size, checkpoints, salt1, salt2 = struct.unpack(">4I", wal[8:24])
    commits, offset = 0, 32
    while offset + 24 + page_size <= len(wal):
        _page, db_pages, s1, s2 = struct.unpack(">4I", wal[offset : offset + 16])
        if (s1, s2) != (salt1, salt2):  # a frame left from an earlier generation
            break
        commits += db_pages != 0  # a transaction's last frame holds the database size
        offset += 24 + page_size
    return (checkpoints, salt1, salt2), commits


@pytest.fixture
def sqlite_file_server(tmp_path):
    server = BackgroundServer(ServerSettings(data_dir=tmp_path / "server")).start()
    try:
        yield server
    finally:
        server.stop()


def test_submissions_sent_together_share_commits_and_keep_their_own_answers(
    sqlite_file_server,
):
    server = sqlite_file_server
    ctx = server.app.state.ctx
    committer = group_commit(ctx.engine)
    assert committer is not None  # a SQLite file: the submit route group-commits
    kiosk = TestKiosk.enroll(server)

    commits: list[int] = []  # savepoints per commit of the committer's engine
    savepoints = [0]

    def on_savepoint(_conn, _name):
        savepoints[0] += 1

    def on_commit(_conn):
        commits.append(savepoints[0])
        savepoints[0] = 0

    event.listen(committer.engine, "savepoint", on_savepoint)
    event.listen(committer.engine, "commit", on_commit)
    try:
        outcome = _burst(kiosk)
    finally:
        event.remove(committer.engine, "savepoint", on_savepoint)
        event.remove(committer.engine, "commit", on_commit)

    # Each 201 was committed by a commit of this engine; fewer commits than 201s means some
    # commit carried several submissions (the retry of the refused body made one more).
    assert len(outcome["created"]) == GOOD + 2
    assert 1 <= len(commits) < len(outcome["created"]), commits
    assert sum(commits) >= len(outcome["created"]), commits  # each in its own savepoint
    with ctx.db() as db:
        _check_stored(db, outcome)


def test_every_answered_submission_survives_a_killed_server_process(tmp_path):
    data = tmp_path / "server"
    settings = ServerSettings(data_dir=data)
    database = make_url(settings.db_url).database
    ctx = open_context(settings)  # keys and schema, as `kiosk server serve` finds them
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "server", "serve", "--port", "0"]
            + ["--data-dir", str(data)],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            url = f"http://127.0.0.1:{wait_listening(process)[0][1]}"
            # TestKiosk.enroll needs the server's context and URL only: this one runs apart.
            app = SimpleNamespace(state=SimpleNamespace(ctx=ctx))
            kiosk = TestKiosk.enroll(SimpleNamespace(url=url, app=app))
            # Closed while the server holds the file open: the last connection to close would
            # checkpoint the log and delete it, and the reopen below must recover from it.
            ctx.engine.dispose()
            generation, commits_before = _wal_commits(database)
            outcome = _burst(kiosk)
        finally:
            process.kill()  # SIGKILL: no shutdown, no checkpoint, nothing flushed on the way out
            process.wait(timeout=30)
            process.stderr.close()
    finally:
        ctx.engine.dispose()
    assert process.returncode == -9
    # The process's own observable of batching: fewer commits in the log than 201s (each of
    # which committed; the burst's refusals and the retry could only add commits).
    still, commits_after = _wal_commits(database)
    assert still == generation, "the log was checkpointed and restarted meanwhile"
    assert 1 <= commits_after - commits_before < len(outcome["created"])

    engine = make_engine(settings.db_url)  # a fresh open: SQLite recovers from the WAL
    try:
        with Session(engine) as db:
            _check_stored(db, outcome)
    finally:
        engine.dispose()
