"""Random ids and nonces from a buffered CSPRNG.

`os.urandom` releases the GIL for its syscall; with the Cassandra and Kafka client threads busy, taking the GIL
back can cost up to the interpreter's switch interval, several times per turn (ids, AES-GCM nonces). The pool
fetches the same kernel CSPRNG bytes in blocks (one syscall per ~4 KiB) and hands them out; a forked child
refills before its first use, so no two processes share bytes.
"""

from __future__ import annotations

import os
import threading
import uuid

BLOCK_BYTES = 4096


class RandomPool:
    def __init__(self, block_bytes: int = BLOCK_BYTES) -> None:
        self.block_bytes = block_bytes
        self._buffer = b""
        self._position = 0
        self._pid = -1
        self._lock = threading.Lock()

    def take(self, size: int) -> bytes:
        if size > self.block_bytes:
            return os.urandom(size)
        with self._lock:
            if self._pid != os.getpid() or self._position + size > len(self._buffer):
                self._buffer, self._position, self._pid = os.urandom(self.block_bytes), 0, os.getpid()
            chunk = self._buffer[self._position:self._position + size]
            self._position += size
            return chunk


POOL = RandomPool()


def new_id() -> str:
    """A random (version 4) UUID as 32 hex characters."""
    return uuid.UUID(bytes=POOL.take(16), version=4).hex
