"""Reading a file within its size limit, whatever size it claims."""

from __future__ import annotations

import os

import pytest

from frresearch.corpus import _reading
from frresearch.corpus._reading import FileTooLarge, read_limited


@pytest.mark.parametrize("size", [0, 1, 999, 1000])
def test_a_file_within_the_limit_is_read_whole(tmp_path, size):
    path = tmp_path / "doc.txt"
    path.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
    assert read_limited(path, 1000) == path.read_bytes()


def test_a_file_over_the_limit_is_refused_with_its_size(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes(b"x" * 1001)
    with pytest.raises(FileTooLarge) as refused:
        read_limited(path, 1000)
    assert refused.value.size == 1001


class _ClaimsToBeSmall:
    """An ``os`` whose fstat says every regular file holds 10 bytes (a file that grew after it was looked at)."""

    def __getattr__(self, name):
        return getattr(os, name)

    @staticmethod
    def fstat(descriptor):
        info = os.fstat(descriptor)
        return os.stat_result((info.st_mode, *info[1:6], 10, *info[7:]))


def test_a_file_longer_than_it_claims_is_read_to_its_end_or_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(_reading, "os", _ClaimsToBeSmall())
    path = tmp_path / "doc.txt"
    path.write_bytes(os.urandom(5000))
    assert read_limited(path, 1_000_000) == path.read_bytes()
    monkeypatch.setattr(_reading, "_READ_CHUNK", 7)  # many reads, each asking for a few bytes
    assert read_limited(path, 1_000_000) == path.read_bytes()
    with pytest.raises(FileTooLarge) as refused:
        read_limited(path, 1000)
    assert refused.value.size == 1001  # no more than the limit and one byte was read
