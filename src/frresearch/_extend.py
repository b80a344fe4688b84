"""What ``extend`` means, for every user file that can add to a shipped default (codebook, outlet registry).

``extend: true``: the user's entries are added to the default ones, and an
entry with the same key replaces the default entry. ``extend: false``: the
user's file is the whole thing. Each kind of file states its own default
(a codebook replaces, a registry extends), but the word means this everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

__all__ = ["extend_flag", "merge_entries"]

T = TypeVar("T")


def extend_flag(data: Mapping[str, Any], default: bool, origin: str, error: type[Exception]) -> bool:
    """The file's ``extend`` value, or ``default`` when it has none; ``error`` names a value that is not a bool."""
    value = data.get("extend", default)
    if not isinstance(value, bool):
        raise error(f"{origin}: field 'extend' is {value!r}, expected true or false")
    return value


def merge_entries(default: Mapping[str, T], user: Mapping[str, T], extend: bool) -> dict[str, T]:
    """The entries in force: the user's added to (and replacing) the defaults, or the user's alone.

    >>> merge_entries({"a": 1, "b": 2}, {"b": 3}, extend=True)
    {'a': 1, 'b': 3}
    >>> merge_entries({"a": 1, "b": 2}, {"b": 3}, extend=False)
    {'b': 3}
    """
    return {**default, **user} if extend else dict(user)
