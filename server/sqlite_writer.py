"""SQLite's one writer at a time, and group commit for the submit route.

SQLite (WAL, synchronous=FULL) syncs its log once per commit: one transaction per submission
caps ingest near 1 / fsync time (5 ms here: ~190/s for the whole machine). `GroupCommit` runs
the transactions of the submissions that arrive together as savepoints of one transaction, and
answers each only after that transaction has committed: every answer still means "durably
stored", and a refused submission's savepoint is rolled back without touching the others.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Callable
from typing import Any

try:
    import fcntl
except ImportError:  # Windows: the thread lock alone
    fcntl = None

from sqlalchemy import event
from sqlalchemy.engine import Engine

from server.db import make_engine, make_sessionmaker, sqlite_file

MAX_BATCH = 64  # submissions per commit; bounds the wait of the last one in a batch


class SqliteWriter:
    """SQLite has one writer at a time. Waiting in SQLite's busy handler means sleeping (up to
    100 ms a try) while the writer may long be done; taking turns here wakes the next writer at
    once: a thread lock within the process, an flock on a file beside the database across
    worker processes (POSIX; elsewhere the thread lock alone, and SQLite's handler between
    processes)."""

    def __init__(self, database: str):
        self.thread_lock = threading.Lock()
        self.path = database + ".ingest-lock"
        self.fd: int | None = None  # open only while held: no descriptor outlives a turn

    def __enter__(self):
        self.thread_lock.acquire()
        try:
            if fcntl is not None:
                self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
                fcntl.flock(self.fd, fcntl.LOCK_EX)
        except BaseException:
            self._close()
            self.thread_lock.release()
            raise
        return self

    def __exit__(self, *exc):
        try:
            self._close()  # closing the descriptor releases the flock
        finally:
            self.thread_lock.release()

    def _close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _savepoint_engine(url) -> Engine:
    """An engine whose transactions SQLAlchemy begins itself (BEGIN IMMEDIATE): pysqlite's own
    implicit BEGIN would let the first SAVEPOINT open, and its RELEASE commit, the transaction
    (SQLAlchemy's documented pysqlite SAVEPOINT recipe). IMMEDIATE: take the write lock at
    BEGIN, where SQLite's busy timeout applies, not at a later read-to-write upgrade."""
    engine = make_engine(url.render_as_string(hide_password=False))

    @event.listens_for(engine, "connect")
    def _no_implicit_begin(dbapi_conn, _record):
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    # SQLAlchemy compiles every SAVEPOINT, RELEASE and ROLLBACK TO anew (those clauses have no
    # cache key): two compilations per submission, ~0.1 ms of its CPU. Sent as they compile.
    dialect, quote = engine.dialect, engine.dialect.identifier_preparer.quote
    for method, sql in (
        ("do_savepoint", "SAVEPOINT %s"),
        ("do_release_savepoint", "RELEASE SAVEPOINT %s"),
        ("do_rollback_to_savepoint", "ROLLBACK TO SAVEPOINT %s"),
    ):
        setattr(dialect, method, _driver_sql(sql, quote))
    return engine


def _driver_sql(sql: str, quote):
    return lambda conn, name: conn.exec_driver_sql(sql % quote(name))


class _Job:
    __slots__ = ("work", "done", "lead", "result", "error", "wake")

    def __init__(self, work: Callable):
        self.work = work
        self.done = self.lead = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.wake = threading.Event()


class GroupCommit:
    """Jobs (functions of a Session) from many threads, run in one transaction per batch, each
    in its own savepoint. The first thread to arrive leads: it takes the writer's turn, runs
    what has queued up meanwhile, commits, and hands the lead to the next waiting thread."""

    def __init__(self, url):
        self.turn = SqliteWriter(url.database)
        self.engine = _savepoint_engine(url)
        self.sessions = make_sessionmaker(self.engine)
        self.lock = threading.Lock()
        self.pending: list[_Job] = []
        self.leading = False

    def run(self, work: Callable) -> Any:
        """work(db)'s result once committed; its exception (its savepoint rolled back) as is."""
        job = _Job(work)
        with self.lock:
            self.pending.append(job)
            job.lead = not self.leading
            self.leading = True
        while not job.done:
            if job.lead:
                self._lead(job)
            else:
                job.wake.wait()
                job.wake.clear()
        if job.error is not None:
            raise job.error
        return job.result

    def _lead(self, mine: _Job) -> None:
        try:
            while not mine.done:
                with self.lock:
                    batch = self.pending[:MAX_BATCH]
                    del self.pending[:MAX_BATCH]
                self._run_batch(batch)
        finally:
            with self.lock:
                if self.pending:  # arrived meanwhile: the oldest leads the next batch
                    nxt = self.pending[0]
                    nxt.lead = True
                    nxt.wake.set()
                else:
                    self.leading = False

    def _run_batch(self, batch: list[_Job]) -> None:
        try:
            with self.turn, self.sessions() as db, db.begin():
                for job in batch:
                    try:
                        job.result = job.work(db)
                    except Exception as exc:  # the job's savepoint is rolled back
                        job.error = exc
        except BaseException as exc:  # BEGIN or COMMIT failed: nothing of the batch is stored
            for job in batch:
                job.result, job.error = None, exc
            if not isinstance(exc, Exception):
                raise
        finally:
            for job in batch:
                job.done = True
                job.wake.set()


_COMMITTERS: weakref.WeakKeyDictionary[Engine, GroupCommit] = weakref.WeakKeyDictionary()
_COMMITTERS_LOCK = threading.Lock()


def group_commit(engine: Engine) -> GroupCommit | None:
    """The group committer of `engine` on a SQLite file (made once; disposed with `engine`);
    None for PostgreSQL (it takes several writers, and flushes the log of concurrent commits
    together itself) and in-memory SQLite."""
    if sqlite_file(engine.url) is None:
        return None
    with _COMMITTERS_LOCK:
        committer = _COMMITTERS.get(engine)
        if committer is None:
            committer = _COMMITTERS[engine] = GroupCommit(engine.url)
            event.listen(engine, "engine_disposed", lambda _e: committer.engine.dispose())
    return committer
