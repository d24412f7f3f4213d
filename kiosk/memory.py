"""Handing freed heap memory back to the system between citizens.

glibc's malloc keeps what Python, Qt, OpenCV and mediapipe free in its arenas (one per thread
that allocated, up to 8 per core) and returns only the free top of the main heap. A session's
big transient buffers (camera frames, Face Mesh graphs, document photos, PDF receipts) are
freed in the middle of an arena, so the resident size keeps them: the kiosk's and its face
process's readings rise by tens of MiB at random and stay up (the soak, bench/soak.py).
malloc_trim(0) returns the free pages inside every arena; it costs a few milliseconds, so it is
called once a session has ended, not per frame.

But malloc_trim leaves the free top of every thread's arena alone (glibc trims only the main
heap's), and glibc raises its thresholds as the program runs: once a big block (a 2.7 MB
camera frame) from its own mapping is freed, blocks that size come from the arenas and an
arena keeps up to twice that size free on top. Every thread that allocates frames (camera
workers, decoder threads, Qt's pools) gets one of up to 8 arenas per core: in the soak
(bench/soak.py) the kiosk's resident size rose by 70 MiB in 140 sessions, memory malloc held
free, while what malloc (and Python) had in use stayed flat. limit_malloc_arenas() caps the
arenas at 2: 436 -> 438 MiB from session 20 to 140 instead of 474 -> 509, for the same CPU.
Pinning the thresholds instead (M_MMAP_THRESHOLD) kept it flat too but cost 0.65 s of page
faults per session: every frame a fresh mapping.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
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


_M_ARENA_MAX = -8  # mallopt's parameter (malloc.h)
ARENA_MAX = 2


def limit_malloc_arenas(arenas: int = ARENA_MAX) -> bool:
    """At most `arenas` malloc arenas for the whole process (MALLOC_ARENA_MAX), set before its
    threads allocate: threads share them, so the free tops malloc_trim cannot return are
    `arenas - 1` at most instead of one per thread ever run. True when set; False where there
    is no glibc."""
    libc = _glibc()
    if libc is None or not hasattr(libc, "mallopt") or "MALLOC_ARENA_MAX" in os.environ:
        return False  # (a limit set on purpose in the environment stays)
    libc.mallopt.argtypes, libc.mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(libc.mallopt(_M_ARENA_MAX, arenas))


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
