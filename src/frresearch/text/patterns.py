"""Cue-term patterns with quanteda's glob semantics, matched on tokens.

A term is one or more words separated by spaces (a phrase matches
consecutive tokens). In each word ``*`` matches any run of characters, also
none, and ``?`` exactly one, anywhere in the word (``surveil*``, ``*ic``,
``?cean``), as in quanteda's ``valuetype = "glob"``; every other character is
literal. Matching is case-insensitive. A word whose letters the tokenizer
would split or strip (``c++``, ``e-*``, ``u.s.``) can never match a token, so
it is refused rather than silently rewritten.

A Chinese term is segmented like the text (same segmenter, same user
dictionary, Traditional converted to Simplified), and its own words are the
pattern: a term the segmenter splits, such as 刷脸进站 (刷脸 / 进站), matches
that sequence of words in the text. It does not match where the text's
context segments it differently, nor inside a longer word (经济 is not found in
市场经济). The shipped terms are all in the user dictionary, so each is one word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .chinese import has_han, matching_form
from .tokens import fold, tokenize

__all__ = ["WILDCARDS", "parse_term", "is_glob", "word_matches", "matches_at"]

WILDCARDS = "*?"


def is_glob(word: str) -> bool:
    """Whether a pattern word holds a wildcard."""
    return any(c in word for c in WILDCARDS)


def parse_term(term: str) -> tuple[str, ...]:
    """Split a cue term into case-folded pattern words, refusing words the tokenizer could never produce.

    >>> parse_term("Personal information")
    ('personal', 'information')
    >>> parse_term("刷臉進站")
    ('刷脸', '进站')
    >>> parse_term("surveil*"), parse_term("*ic"), parse_term("?cean")
    (('surveil*',), ('*ic',), ('?cean',))
    >>> parse_term("c++")
    Traceback (most recent call last):
    ...
    ValueError: 'c++' cannot match a token: the tokenizer reads 'c++' as ['c'] (punctuation is dropped)
    """
    words: list[str] = []
    for word in term.split():
        folded = matching_form(fold(word)) if has_han(word) else fold(word)
        if has_han(word) and not is_glob(word):
            words.extend(tokenize(folded))  # the term's own segmentation is the pattern
            continue
        literal = "".join(c for c in folded if c not in WILDCARDS)
        if not literal:
            raise ValueError(f"{word!r} is only wildcards: it would match every token")
        tokens = tokenize(literal)
        if tokens != [literal]:
            raise ValueError(f"{word!r} cannot match a token: the tokenizer reads {literal!r} as {tokens} "
                             f"(punctuation is dropped)")
        words.append(folded)
    if not words:
        raise ValueError("the term is empty")
    return tuple(words)


@lru_cache(maxsize=4096)
def _glob_regex(word: str) -> re.Pattern[str]:
    parts = (".*" if c == "*" else "." if c == "?" else re.escape(c) for c in word)
    return re.compile("".join(parts), re.DOTALL)


def word_matches(word: str, token: str) -> bool:
    """Whether one pattern word (from :func:`parse_term`) matches a whole folded token.

    >>> word_matches("*ic", "public"), word_matches("?cean", "ocean"), word_matches("?cean", "cean")
    (True, True, False)
    """
    if not is_glob(word):
        return token == word
    return _glob_regex(word).fullmatch(token) is not None


def matches_at(tokens: Sequence[str], position: int, pattern: tuple[str, ...]) -> bool:
    """Whether ``pattern`` (from :func:`parse_term`) matches ``tokens`` starting at ``position``."""
    if position < 0 or position + len(pattern) > len(tokens):
        return False
    return all(word_matches(word, token) for word, token in zip(pattern, tokens[position : position + len(pattern)]))
