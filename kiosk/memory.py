"""Handing freed heap memory back to the system between citizens.

glibc's malloc keeps what Python, Qt, OpenCV and mediapipe free in its arenas (one per thread
that allocated, up to 8 per core) and returns only the free top of the main heap. A session's
big transient buffers (camera frames, Face Mesh graphs, document photos, PDF receipts) are
freed in the middle of an arena, so the resident size keeps them: the kiosk's and its face
process's readings rise by tens of MiB at random and stay up (the soak, bench/soak.py).
malloc_trim(0) returns every free page of every arena; it costs a few milliseconds, so it is
called once a session has ended, not per frame.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import sys

_trim = None  # libc's malloc_trim, once looked up (False: not glibc)


def _glibc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim  # noqa: B018 -- musl and others have none: nothing to do
    except (OSError, AttributeError):
        return None
    return libc


def _malloc_trim():
    global _trim
    if _trim is None:
        libc = _glibc()
        _trim = libc.malloc_trim if libc is not None else False
        if _trim:
            _trim.argtypes, _trim.restype = [ctypes.c_size_t], ctypes.c_int
    return _trim


def release_free_memory(collect: bool = True) -> bool:
    """Collect reference cycles (when `collect`; only on a thread allowed to, see
    ui/main_thread_gc.py), then return malloc's free pages to the system. True when malloc
    gave some back; False too where there is no glibc."""
    if collect:
        gc.collect()
    trim = _malloc_trim()
    if not trim:
        return False
    return bool(trim(0))
