"""Background jobs for the UI: run a function on a worker thread, get the answer on the main
thread. The controller uses this for every port call (server, printer) so the UI never waits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Relay(QObject):
    """Lives on the main thread; a worker emits on it so the callback runs on the main thread."""

    done = Signal(object, object, object)  # callback, result, error


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay, on_done, on_error):
        super().__init__()
        self.fn, self.relay, self.on_done, self.on_error = fn, relay, on_done, on_error
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # reported to on_error on the main thread
            self.relay.done.emit(self.on_error, None, exc)
        else:
            self.relay.done.emit(self.on_done, result, None)


class Jobs(QObject):
    """A small thread pool. busyChanged(True) when the first job starts, False when the last
    one has delivered its answer."""

    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None, threads: int = 2):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._relay = _Relay(self)
        self._relay.done.connect(self._deliver)
        self._pending = 0

    def run(self, fn: Callable[[], Any], on_done=None, on_error=None) -> None:
        """fn() on a worker; on_done(result) or on_error(exception) later on the main thread."""
        self._pending += 1
        if self._pending == 1:
            self.busyChanged.emit(True)
        self._pool.start(_Job(fn, self._relay, on_done, on_error))

    @Slot(object, object, object)
    def _deliver(self, callback, result, error) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busyChanged.emit(False)
        if callback is not None:
            callback(error if error is not None else result)

    def wait_idle(self, timeout_ms: int = 30000) -> bool:
        return self._pool.waitForDone(timeout_ms)
