"""Memory that malloc has freed but still keeps resident, as a session leaves it (glibc only)."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

CHUNK = 32 * 1024  # below malloc's mmap threshold: from the heap, like most of a session's


def resident_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS in /proc/self/status")


def _libc():
    if not sys.platform.startswith("linux"):
        pytest.skip("glibc's malloc only")
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    if not hasattr(libc, "malloc_trim"):
        pytest.skip("not glibc")
    libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    return libc


@contextmanager
def freed_but_resident(mib: int = 48):
    """`mib` MiB malloc'ed, written, then freed below a block still in use: malloc keeps the
    pages (it returns only a free top of the heap). The block is freed on exit."""
    libc = _libc()
    chunks = [libc.malloc(CHUNK) for _ in range(mib * 1024 * 1024 // CHUNK)]
    assert all(chunks)
    for chunk in chunks:
        ctypes.memset(chunk, 1, CHUNK)
    guard = libc.malloc(CHUNK)  # in use above them: the freed pages are not at the top
    for chunk in chunks:
        libc.free(chunk)
    try:
        yield
    finally:
        libc.free(guard)
