"""What a server process started by a test listens on (it binds port 0 and this reads back
the port it got)."""

from __future__ import annotations

import os
import socket
from pathlib import Path


def listening(pid: int) -> list[tuple[str, int]]:
    """(IPv4 address, port) of every TCP socket process `pid` listens on (from /proc)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # closed meanwhile
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    found = []
    for line in Path(f"/proc/{pid}/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, state, inode = fields[1], fields[3], fields[9]
        if state == "0A" and inode in inodes:  # 0A: LISTEN
            address, port = local.split(":")
            found.append((socket.inet_ntoa(bytes.fromhex(address)[::-1]), int(port, 16)))
    return found


def wait_listening(process, timeout: float = 60.0) -> list[tuple[str, int]]:
    """Wait until `process` (a subprocess.Popen) listens; what it listens on."""
    import time

    deadline = time.monotonic() + timeout
    while not (found := listening(process.pid)):
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, "the server did not come up"
        time.sleep(0.2)
    return found
