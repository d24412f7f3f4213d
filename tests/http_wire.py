"""Raw HTTP/1.1 over a socket, for the tests' proxies in front of the real server (one
message by Content-Length, a header set or dropped, an answer read to the end)."""

from __future__ import annotations

import socket


def recv_until(sock: socket.socket, buf: bytearray, marker: bytes) -> bool:
    while marker not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            return False
        buf += chunk
    return True


def read_message(sock: socket.socket, buf: bytearray) -> tuple[bytes, bytes] | None:
    """One HTTP message (head, body) by Content-Length; None on EOF."""
    if not recv_until(sock, buf, b"\r\n\r\n"):
        return None
    end = buf.index(b"\r\n\r\n") + 4
    head = bytes(buf[:end])
    del buf[:end]
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(buf) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buf += chunk
    body = bytes(buf[:length])
    del buf[:length]
    return head, body


def set_header(head: bytes, name: bytes, value: bytes | None) -> bytes:
    lines = [
        ln
        for ln in head.rstrip(b"\r\n").split(b"\r\n")
        if ln.split(b":", 1)[0].strip().lower() != name.lower()
    ]
    if value is not None:
        lines.append(name + b": " + value)
    return b"\r\n".join(lines) + b"\r\n\r\n"


def read_all(sock: socket.socket) -> bytes:
    data = bytearray()
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return bytes(data)
        data += chunk
