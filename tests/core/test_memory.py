"""kiosk.memory: the pages a session freed go back to the system (the soak's resident size)."""

from __future__ import annotations

import gc

from heap_support import freed_but_resident, resident_mib

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
