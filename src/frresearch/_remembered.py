"""A dictionary that works out a missing value on first use and remembers it, up to a bound.

Tokenizing and frame coding look the same words up again and again (news text
repeats its words); each word's result is worked out once. The bound keeps
memory in check whatever the input: when full, the dictionary starts afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

__all__ = ["Remembered"]

Key = TypeVar("Key")
Value = TypeVar("Value")


class Remembered(dict[Key, Value]):
    """``remembered[key]`` is ``work_out(key)``, computed once per key while at most ``limit`` keys are kept.

    >>> lengths = Remembered(len, limit=2)
    >>> lengths["abc"], lengths["de"], len(lengths)
    (3, 2, 2)
    >>> lengths["f"], len(lengths)  # full: started afresh
    (1, 1)
    """

    def __init__(self, work_out: Callable[[Key], Value], limit: int = 200_000) -> None:
        if limit < 1:
            raise ValueError(f"limit is {limit!r}, expected a positive number of keys")
        super().__init__()
        self._work_out = work_out
        self._limit = limit

    def __missing__(self, key: Key) -> Value:
        value = self._work_out(key)
        if len(self) >= self._limit:
            self.clear()
        self[key] = value
        return value
