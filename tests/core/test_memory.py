"""kiosk.memory: the pages a session freed go back to the system (the soak's resident size)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
from heap_support import freed_but_resident, resident_mib

from kiosk.memory import _glibc as _glibc_malloc
from kiosk.memory import release_free_memory


def test_freed_heap_pages_are_given_back():
    with freed_but_resident(48):
        kept = resident_mib()
        assert release_free_memory(collect=False)
        assert resident_mib() < kept - 32, "malloc kept the freed pages"


def test_reference_cycles_are_collected_first():
    class Node:
        pass

    enabled = gc.isenabled()
    gc.disable()  # as on the kiosk's UI thread (ui/main_thread_gc.py)
    try:
        node = Node()
        node.me = node
        del node
        assert any(type(o) is Node for o in gc.get_objects())
        release_free_memory()
        assert not any(type(o) is Node for o in gc.get_objects())
    finally:
        if enabled:
            gc.enable()


# Six camera threads at once, each with two frames malloc'ed, written and freed, after a bigger
# block had a mapping of its own (glibc then raises its thresholds: the frames come from the
# threads' arenas, whose free tops malloc_trim does not return). Prints the MiB still resident
# after malloc_trim over what the process had before the threads ran.
_CAMERA_THREADS = """
import ctypes, sys, threading
sys.path.insert(0, sys.argv[2])
from kiosk.memory import limit_malloc_arenas, release_free_memory
libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
MIB = 1024 * 1024
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
if sys.argv[1] == "limited":
    assert limit_malloc_arenas()
big = libc.malloc(8 * MIB)
ctypes.memset(big, 1, 8 * MIB)
libc.free(big)
before = rss()
together = threading.Barrier(6)
def camera():
    together.wait()  # all alive at once: each would get an arena of its own
    frames = [libc.malloc(6 * MIB) for _ in range(2)]
    for frame in frames:
        ctypes.memset(frame, 1, 6 * MIB)
    together.wait()
    for frame in frames:
        libc.free(frame)
threads = [threading.Thread(target=camera) for _ in range(6)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
release_free_memory(collect=False)
print(rss() - before)
"""


def _kept_after_camera_threads(mode: str) -> float:
    root = Path(__file__).resolve().parents[2]
    environ = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    result = subprocess.run(
        [sys.executable, "-c", _CAMERA_THREADS, mode, str(root)],
        capture_output=True,
        text=True,
        timeout=60,
        env=environ,
    )
    assert result.returncode == 0, result.stderr
    return float(result.stdout)


def test_two_arenas_keep_no_more_freed_frames_than_one_arena_top():
    if not sys.platform.startswith("linux") or not _glibc_malloc():
        pytest.skip("glibc's malloc only")
    # in processes of their own: malloc's arena limit cannot be put back
    assert _kept_after_camera_threads("plain") > 48, "glibc no longer keeps arena tops"
    assert _kept_after_camera_threads("limited") < 20
