"""Cue-term patterns: words, ``prefix*`` wildcards and phrases, matched on tokens."""

from __future__ import annotations

from collections.abc import Sequence

from .tokens import tokenize

__all__ = ["parse_term", "matches_at"]


def parse_term(term: str) -> tuple[str, ...]:
    """Split a cue term into its token patterns; a pattern ending in ``*`` is a prefix.

    >>> parse_term("Personal information")
    ('personal', 'information')
    >>> parse_term("surveil*")
    ('surveil*',)
    """
    words = []
    for word in term.split():
        wildcard = word.endswith("*")
        tokens = tokenize(word.rstrip("*"))
        if len(tokens) != 1:
            raise ValueError(f"{word!r} is not one word token")
        words.append(tokens[0] + ("*" if wildcard else ""))
    if not words:
        raise ValueError("the term is empty")
    return tuple(words)


def matches_at(tokens: Sequence[str], position: int, pattern: tuple[str, ...]) -> bool:
    """Whether ``pattern`` (from :func:`parse_term`) matches ``tokens`` starting at ``position``."""
    if position + len(pattern) > len(tokens):
        return False
    for expected, token in zip(pattern, tokens[position : position + len(pattern)]):
        if not (token.startswith(expected[:-1]) if expected.endswith("*") else token == expected):
            return False
    return True
