"""Loopback addresses where nobody answers, for the "server/printer unreachable" cases.

The port stays bound by the test (a socket that never listens) for as long as the block
runs: every connection is refused, and no other process can start listening there meanwhile
(a port found free and closed again could be taken before it is used)."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator


@contextlib.contextmanager
def refused_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@contextlib.contextmanager
def refused_url() -> Iterator[str]:
    with refused_port() as port:
        yield f"http://127.0.0.1:{port}"
