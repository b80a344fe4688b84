"""Shingles and MinHash signatures of many texts at once, for :mod:`frresearch.corpus.copies`.

A token's id is the crc32 of its lower-cased text (the same in every
process). A shingle is a 32-bit polynomial hash of ``size`` consecutive token
ids. The signature of a set of shingles is the smallest value of each of 128
universal hash functions ``h(x) = ((a x + b) mod (2**61 - 1)) mod 2**32``
(Carter and Wegman), with ``a`` odd and ``b`` drawn below ``2**32`` as
``datasketch.MinHash(num_perm=128, seed=SEED)`` draws its parameters.

Texts are handled in blocks of many texts at once, in compiled loops
(numba): the crc32 of ASCII tokens byte by byte over the block, each text's
shingles as sorted 64-bit keys that also say whether a shingle lies in the
lead, and the signatures from one loop over each text's shingles and the 128
functions, with the reduction modulo ``2**61 - 1`` done by a shift and an
add (exact for every 32-bit shingle with these parameters; a function for
which it is not is computed again with ``%``).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from numba import njit

from ..settings import SEED
from ..text.chinese import HAN_CHARACTERS, has_han, matching_form

__all__ = ["NUM_PERM", "LEAD_TOKENS", "Profiles", "profiles", "joined"]

NUM_PERM = 128
LEAD_TOKENS = 60  # a truncated copy or an excerpt shares the beginning of the text: its own signature
_TOKEN = re.compile(f"[{HAN_CHARACTERS}]|\\w+")
_NON_ASCII_WORD = re.compile(r"[^\W\x00-\x7f]")  # a word character outside ASCII (Han, accented letters...)
# Bytes to what _TOKEN sees in ASCII after lower(): word characters lower-cased, any other byte a space.
_ASCII_WORDS = bytes(ord(chr(c).lower()) if c < 128 and re.fullmatch(r"\w", chr(c)) else 32 for c in range(256))
_SPACE = 32
_BLOCK_CHARACTERS = 1 << 18  # texts tokenised and shingled together
_BLOCK_TEXTS = 1 << 16  # and at most so many: a shingle's key holds its text's place in the block in 31 bits
_MERSENNE = (1 << 61) - 1
_LOW32 = np.uint64(0xFFFFFFFF)
_EMPTY = np.iinfo(np.uint32).max  # the signature value of no shingle


def _crc_table() -> np.ndarray:
    """CRC-32's (zlib's) table: the remainder of each byte value."""
    table = np.zeros(256, dtype=np.uint32)
    for value in range(256):
        crc = value
        for _ in range(8):
            crc = (crc >> 1) ^ (0xEDB88320 if crc & 1 else 0)
        table[value] = crc
    return table


_CRC_TABLE = _crc_table()


@njit(cache=True)
def _crc_of_words(chars: np.ndarray, text_starts: np.ndarray, table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The CRC-32 of each run of bytes other than spaces, and how many runs start in each text."""
    ids = np.empty(len(chars) // 2 + 1, dtype=np.uint64)  # a run and the space after it take two bytes at least
    counts = np.zeros(len(text_starts), dtype=np.int64)
    found, text, crc, inside = 0, 0, np.uint32(0), False
    for index in range(len(chars)):
        char = chars[index]
        if char != _SPACE:
            if not inside:
                while text + 1 < len(text_starts) and text_starts[text + 1] <= index:
                    text += 1
                crc, inside = np.uint32(0xFFFFFFFF), True
            crc = table[(crc ^ np.uint32(char)) & np.uint32(0xFF)] ^ (crc >> np.uint32(8))
        elif inside:
            ids[found] = np.uint64(crc ^ np.uint32(0xFFFFFFFF))
            counts[text] += 1
            found += 1
            inside = False
    return ids[:found], counts


def _ascii_token_ids(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Token ids of texts whose word characters are all ASCII, one after another, and each text's token count."""
    if not texts:
        return np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64)
    # Spaces around and between the texts: every token starts after a space and ends before one.
    joined = b" %b " % b" ".join(text.encode("ascii", "replace") for text in texts).translate(_ASCII_WORDS)
    text_starts = np.cumsum([1] + [len(text) + 1 for text in texts[:-1]])
    return _crc_of_words(np.frombuffer(joined, dtype=np.uint8), text_starts, _CRC_TABLE)


class _TokenIds(dict[str, int]):
    """crc32 of each token, computed the first time the token is seen."""

    def __missing__(self, token: str) -> int:
        value = self[token] = zlib.crc32(token.encode("utf-8"))
        return value


def _token_ids(text: str, known: _TokenIds) -> np.ndarray:
    """Token ids of a text with word characters beyond ASCII (Chinese in its matching form: Traditional joins)."""
    if has_han(text):
        text = matching_form(text)
    tokens = _TOKEN.findall(text.lower())
    return np.fromiter(map(known.__getitem__, tokens), dtype=np.uint64, count=len(tokens))


def _block_tokens(texts: Sequence[str], known: _TokenIds) -> tuple[np.ndarray, np.ndarray]:
    """Token ids of the texts, one after another, and each text's token count."""
    easy = [text.isascii() or _NON_ASCII_WORD.search(text) is None for text in texts]
    ids, counts = _ascii_token_ids([text for text, ascii_words in zip(texts, easy) if ascii_words])
    if all(easy):
        return ids, counts
    pieces, ascii_counts, start = [], iter(counts.tolist()), 0
    for text, ascii_words in zip(texts, easy):
        if ascii_words:
            count = next(ascii_counts)
            pieces.append(ids[start : start + count])
            start += count
        else:
            pieces.append(_token_ids(text, known))
    return np.concatenate(pieces), np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))


class _Permutations(NamedTuple):
    """Parameters of the hash functions, and those for which the fast reduction modulo ``2**61 - 1`` is not exact."""

    a: np.ndarray  # (128, 1) uint64
    b: np.ndarray  # (128, 1) uint64
    inexact: tuple[int, ...]


def _inexact(a: Sequence[int], b: Sequence[int]) -> tuple[int, ...]:
    """Functions ``k`` for which some 32-bit ``x`` makes ``y = a x + b`` reduce in the slow branch.

    ``y mod p`` with ``p = 2**61 - 1`` is ``(y & p) + (y >> 61)``, less ``p``
    when that sum reaches ``p``: for the 36 values of ``y`` listed below only.
    """
    slow = [(high << 61) + low for high in range(8) for low in range(_MERSENNE - high, _MERSENNE + 1)]
    return tuple(k for k, (ak, bk) in enumerate(zip(a, b))
                 if any(y >= bk and (y - bk) % ak == 0 and (y - bk) // ak < 1 << 32 for y in slow))


def _permutations(seed: int) -> _Permutations:
    """The 128 ``(a, b)`` pairs of ``datasketch.MinHash(num_perm=128, seed=seed).permutations``."""
    draw = np.random.RandomState(seed)
    a = draw.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32).astype(np.uint64) * np.uint64(2) + np.uint64(1)
    b = draw.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32).astype(np.uint64)
    return _Permutations(a[:, None], b[:, None], _inexact(a.tolist(), b.tolist()))


_PERMUTATIONS = _permutations(SEED)


@njit(cache=True)
def _smallest_hashes(values: np.ndarray, starts: np.ndarray, in_lead: np.ndarray, a: np.ndarray,
                     b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per segment, the smallest value of each hash function over all values and over the lead's, with the
    reduction by shift and add."""
    whole = np.full((len(starts), len(a)), _EMPTY, dtype=np.uint32)
    lead = np.full((len(starts), len(a)), _EMPTY, dtype=np.uint32)
    hashed = np.empty(len(a), dtype=np.uint32)
    for segment in range(len(starts)):
        end = starts[segment + 1] if segment + 1 < len(starts) else len(values)
        row, lead_row = whole[segment], lead[segment]
        for index in range(starts[segment], end):
            x = np.uint64(values[index])
            for k in range(len(a)):  # a below 2**32: a x + b stays below 2**64
                y = np.uint64(a[k]) * x + b[k]
                hashed[k] = np.uint32((y + (y >> np.uint64(61))) & _LOW32)
                row[k] = min(row[k], hashed[k])
            if in_lead[index]:
                for k in range(len(a)):
                    lead_row[k] = min(lead_row[k], hashed[k])
    return whole, lead


def _signatures(values: np.ndarray, starts: np.ndarray, in_lead: np.ndarray,
                permutations: _Permutations = _PERMUTATIONS) -> tuple[np.ndarray, np.ndarray]:
    """Signatures of each segment ``values[starts[i]:starts[i + 1]]`` (the last one runs to the end) and of the
    values of the segment that are ``in_lead``: two (segments, 128) uint32 arrays.

    ``values`` are 32-bit shingles; ``starts`` ascend from 0. An empty set
    of values gets the largest value. ``(y & p) + (y >> 61)`` is ``y mod p``
    but in the slow branch, and its low 32 bits are those of
    ``y + (y >> 61)``, which the loop computes (``y - (y & p)`` is a multiple
    of ``2**61``); functions that can reach the slow branch are computed
    again with ``%``.
    """
    a, b = permutations.a.ravel(), permutations.b.ravel()
    whole, lead = _smallest_hashes(np.asarray(values, dtype=np.uint32), np.asarray(starts, dtype=np.int64),
                                   np.asarray(in_lead, dtype=np.bool_), a.astype(np.uint32), b)
    if not permutations.inexact:  # none for the package's seed
        return whole, lead
    segment = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(values))))
    for k in permutations.inexact:
        exact = (values.astype(np.uint64) * a[k] + b[k]) % np.uint64(_MERSENNE) & _LOW32
        for mins, chosen in ((whole, slice(None)), (lead, in_lead)):
            mins[:, k] = _EMPTY
            np.minimum.at(mins[:, k], segment[chosen], exact[chosen].astype(np.uint32))
    return whole, lead


class Profiles(NamedTuple):
    """Shingles and signatures of consecutive texts."""

    shingles: np.ndarray  # uint32: each text's distinct shingles, sorted, one text after another
    bounds: np.ndarray  # text i's shingles are shingles[bounds[i]:bounds[i + 1]]
    whole: np.ndarray  # (texts, 128) uint32 signature of all shingles
    lead: np.ndarray  # (texts, 128) uint32 signature of the shingles in the first LEAD_TOKENS tokens


@njit(cache=True)
def _shingle_keys(tokens: np.ndarray, lengths: np.ndarray, size: int) -> np.ndarray:
    """Per shingle: its text's index, the shingle's 32 bits, then 1 if it lies outside the lead (one 64-bit key).

    Sorted, the keys put each text's shingles together, repeats side by side and the lead's first; the texts'
    keys come one text after another, so sorting each text's keys apart sorts them all.
    """
    lead_limit = LEAD_TOKENS - size  # a shingle at this place or before lies within the first LEAD_TOKENS tokens
    total = 0
    for length in lengths:
        total += max(length - size + 1, 0)
    keys = np.empty(total, dtype=np.uint64)
    start = found = 0
    for text in range(len(lengths)):
        for place in range(max(lengths[text] - size + 1, 0)):
            shingle = tokens[start + place]
            for offset in range(1, size):  # unsigned integers wrap around silently: the wrap is part of the hash
                shingle = shingle * np.uint64(1_000_003) + tokens[start + place + offset]
            outside_lead = np.uint64(place > lead_limit)
            keys[found] = np.uint64(text) << np.uint64(33) | (shingle & _LOW32) << np.uint64(1) | outside_lead
            found += 1
        start += lengths[text]
    return keys


@njit(cache=True)
def _distinct_shingles(keys: np.ndarray, n_texts: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """From sorted keys (:func:`_shingle_keys`): each text's distinct shingles, whether each is in the lead, and
    where each text's shingles start (and the last text's end)."""
    values = np.empty(len(keys), dtype=np.uint32)
    in_lead = np.empty(len(keys), dtype=np.bool_)
    starts = np.zeros(n_texts + 1, dtype=np.int64)
    found = 0
    for index in range(len(keys)):
        if index == 0 or keys[index] >> np.uint64(1) != keys[index - 1] >> np.uint64(1):
            values[found] = np.uint32((keys[index] >> np.uint64(1)) & _LOW32)
            in_lead[found] = keys[index] & np.uint64(1) == 0
            found += 1
            starts[(keys[index] >> np.uint64(33)) + np.uint64(1)] = found
    for text in range(1, n_texts + 1):  # texts without shingles end where the text before them ends
        starts[text] = max(starts[text], starts[text - 1])
    return values[:found], in_lead[:found], starts


def _block_profiles(tokens: np.ndarray, lengths: np.ndarray, size: int) -> Profiles:
    """Shingles of ``size`` tokens and signatures of texts whose token ids are ``tokens``, one after another."""
    keys = _shingle_keys(tokens, lengths, size)
    counts = np.maximum(lengths - size + 1, 0)
    for start, count in zip((np.cumsum(counts) - counts).tolist(), counts.tolist()):
        keys[start : start + count].sort()  # each text's apart: small sorts are several times faster than one large
    shingles, in_lead, bounds = _distinct_shingles(keys, len(lengths))
    whole, lead = _signatures(shingles, bounds[:-1], in_lead)
    return Profiles(shingles, bounds, whole, lead)


def joined(parts: Sequence[Profiles]) -> Profiles:
    """The profiles of consecutive runs of texts, as one."""
    if not parts:
        return Profiles(np.empty(0, np.uint32), np.zeros(1, np.int64), *[np.empty((0, NUM_PERM), np.uint32)] * 2)
    starts = np.cumsum([0] + [part.bounds[-1] for part in parts[:-1]])
    return Profiles(np.concatenate([part.shingles for part in parts]),
                    np.concatenate([[0]] + [part.bounds[1:] + start for part, start in zip(parts, starts)]),
                    np.concatenate([part.whole for part in parts]), np.concatenate([part.lead for part in parts]))


def profiles(texts: Sequence[str], shingle_size: int) -> list[Profiles]:
    """Shingles and signatures of the texts, as one ``Profiles`` (in a list: one result per chunk of texts)."""
    known = _TokenIds()
    parts, block, characters = [], [], 0
    for index, text in enumerate(texts):
        block.append(text)
        characters += len(text)
        if characters >= _BLOCK_CHARACTERS or len(block) == _BLOCK_TEXTS or index == len(texts) - 1:
            parts.append(_block_profiles(*_block_tokens(block, known), shingle_size))
            block, characters = [], 0
    return [joined(parts)]
