"""Opening input files safely: regular files only, never blocking, never reading past a limit.

A named pipe would block a plain ``open``, and a link to ``/dev/zero`` would
be read until memory runs out; here both are refused before a byte is read.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
from typing import BinaryIO

from ..exceptions import DocumentError

__all__ = ["FileTooLarge", "HashingReader", "file_kind", "open_regular", "read_limited"]

_READ_CHUNK = 1 << 20  # bytes asked for at a time once a file turns out longer than it claimed


class FileTooLarge(DocumentError):
    """A file is larger than the size limit; ``size`` is its size in bytes."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"file is {size:,} bytes, larger than the limit of {limit:,}")
        self.size = size


def file_kind(mode: int) -> str:
    """What a file of this ``st_mode`` is, in plain words."""
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISLNK, "a link"))
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def _open_descriptor(path: str | os.PathLike[str]) -> tuple[int, int]:
    """A blocking descriptor of ``path`` and its size, if it is a regular file; :class:`DocumentError` otherwise.

    The file is opened without blocking (a FIFO with no writer would block a
    plain open) and checked on the open descriptor, so it cannot be swapped
    between the check and the read.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise DocumentError(f"file cannot be read: {exc.strerror or exc}") from None
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        raise DocumentError(f"file is {file_kind(info.st_mode)}, not a regular file; not read")
    os.set_blocking(descriptor, True)
    return descriptor, info.st_size


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """Open ``path`` for binary reading if it is a regular file; :class:`DocumentError` otherwise.

    Opening never blocks, and the check is made on the open file (see :func:`_open_descriptor`).
    """
    descriptor, _ = _open_descriptor(path)
    return os.fdopen(descriptor, "rb")


def read_limited(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """A regular file's bytes; :class:`FileTooLarge` when it holds more than ``max_bytes``.

    Never reads more than ``max_bytes + 1`` bytes, whatever the file claims its size is.
    """
    descriptor, size = _open_descriptor(path)
    chunks: list[bytes] = []
    total = 0
    try:
        if size > max_bytes:
            raise FileTooLarge(size, max_bytes)
        request = size + 1  # the size the file claims, and a byte more to notice that it grew
        while total <= max_bytes:
            chunk = os.read(descriptor, min(request, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            request = _READ_CHUNK
    finally:
        os.close(descriptor)
    if total > max_bytes:
        raise FileTooLarge(total, max_bytes)
    return b"".join(chunks)


class HashingReader(io.RawIOBase):
    """A raw reader that hashes and counts the bytes that pass through it."""

    def __init__(self, handle: BinaryIO) -> None:
        super().__init__()
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        count = self.handle.readinto(buffer)  # type: ignore[attr-defined]
        if count:
            self.digest.update(memoryview(buffer)[:count])
            self.size += count
        return count or 0
