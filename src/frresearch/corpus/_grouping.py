"""The grouping pass of copy detection, compiled with numba (see :mod:`frresearch.corpus.copies`).

Articles are visited one at a time in the given order. Each looks up the
leaders so far that share one of its 50 bands (25 bands of 5 values of the
whole-text signature, 25 of the lead signature, as datasketch's
``MinHashLSH`` keeps them), ranks those whose MinHash estimate leaves the
exact check possible, most similar first and then earliest, and checks them
exactly until one matches or ten have failed. Without a match it leads a
group and its bands go into the tables.

The tables are one open-addressing hash table from a band's 64-bit hash to a
list of leaders (in blocks of eight). A slot remembers the one table and
band its leaders share, checked value by value as each comes in and once per
look-up; a slot where hashes of different bands collided is marked, and
there each leader is compared with the article's band. So the candidates
are exactly the leaders with an equal band.

The pass keeps its memory between calls (:class:`StreamedGrouping`), so it
can visit the articles in pieces, each as soon as its signatures are known.
The compiled loop releases Python's global lock while it runs.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["StreamedGrouping"]

BANDS, ROWS = 25, 5  # what datasketch's MinHashLSH chooses for threshold 0.5 and 128 permutations
MARGIN = 0.1  # the standard error of a MinHash estimate with 128 permutations is at most about 0.045
MAX_CHECKS = 10  # exact comparisons per text: with the most similar earlier leaders
BLOCK = 8  # leaders per block of a hash slot's list
_FREE = np.uint64(0)  # a hash slot never used (hashes are made odd, so never 0)
MIXED = -1  # a slot whose leaders came through different tables or bands (hashes collided)


@njit(cache=True)
def _band_hash(signature: np.ndarray, table: int, mask: np.uint64) -> np.uint64:
    """A hash of one band of a signature (table < 25: whole text's band, else the lead's), never 0; ``mask``
    keeps some of its 64 bits."""
    value = np.uint64(table + 1) * np.uint64(0x9E3779B97F4A7C15)
    start = (table % BANDS) * ROWS
    for row in range(ROWS):
        value = (value ^ np.uint64(signature[start + row])) * np.uint64(0xBF58476D1CE4E5B9)
        value ^= value >> np.uint64(31)
    return value & mask | np.uint64(1)


@njit(cache=True)
def _leader_has_band(signature: np.ndarray, table: int, leader: int, leader_whole: np.ndarray,
                     leader_lead: np.ndarray) -> bool:
    """Whether a leader's band of ``table`` (its whole text's or its lead's) equals that of ``signature``."""
    other = leader_whole[leader] if table < BANDS else leader_lead[leader]
    start = (table % BANDS) * ROWS
    for row in range(start, start + ROWS):
        if signature[row] != other[row]:
            return False
    return True


@njit(cache=True)
def _home(key: np.uint64, mask: int) -> int:
    """The first slot tried for ``key`` in a table of ``mask + 1`` slots: the key's bits above the lowest (always
    1), as many as the table needs."""
    return int(key >> np.uint64(1)) & mask


@njit(cache=True)
def _slot(keys: np.ndarray, key: np.uint64) -> int:
    """Where ``key`` is, or the free slot where it would go (linear probing; ``keys`` has a power-of-two size)."""
    mask = len(keys) - 1
    slot = _home(key, mask)
    while keys[slot] != key and keys[slot] != _FREE:
        slot = (slot + 1) & mask
    return slot


@njit(cache=True)
def _grown(keys: np.ndarray, heads: np.ndarray, tables: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The hash table with twice the slots, same contents."""
    new_keys = np.zeros(2 * len(keys), dtype=np.uint64)
    new_heads = np.full(2 * len(keys), -1, dtype=np.int64)
    new_tables = np.full(2 * len(keys), MIXED, dtype=np.int64)
    for old in range(len(keys)):
        if keys[old] != _FREE:
            slot = _slot(new_keys, keys[old])
            new_keys[slot], new_heads[slot], new_tables[slot] = keys[old], heads[old], tables[old]
    return new_keys, new_heads, new_tables


@njit(cache=True)
def _equal_values(first: np.ndarray, second: np.ndarray) -> int:
    """Positions where two signatures hold the same value."""
    equal = 0
    for k in range(len(first)):
        equal += int(first[k] == second[k])
    return equal


@njit(cache=True)
def _shared(first: np.ndarray, second: np.ndarray) -> int:
    """Values in both of two sorted arrays without repeats."""
    i = j = count = 0
    while i < len(first) and j < len(second):
        if first[i] < second[j]:
            i += 1
        elif first[i] > second[j]:
            j += 1
        else:
            count += 1
            i += 1
            j += 1
    return count


def _new_state(n_articles: int, n_perm: int) -> tuple:
    """The pass's memory before the first visit, for up to ``n_articles`` articles (see :func:`_visit`)."""
    return (np.full(n_articles, -1, dtype=np.int64),  # leader_of: each article's group leader
            np.empty(n_articles, dtype=np.int64),  # leaders: positions, in the order they came
            # Their signatures side by side (grown as needed): the processor's cache holds them.
            np.empty((256, n_perm), dtype=np.uint32), np.empty((256, n_perm), dtype=np.uint32),
            np.zeros(1 << 12, dtype=np.uint64),  # keys: band hashes
            np.full(1 << 12, -1, dtype=np.int64),  # heads: each slot's newest block
            np.full(1 << 12, MIXED, dtype=np.int64),  # tables: the one table whose one band a slot's leaders share
            # A slot's leaders, newest block first: blocks of BLOCK leaders (one cache line), not one node per leader.
            np.empty((1 << 10, BLOCK), dtype=np.int64), np.empty(1 << 10, dtype=np.int64),
            np.empty(1 << 10, dtype=np.int64),
            np.full(n_articles, -1, dtype=np.int64),  # seen: per leader, the last visit that found it
            np.empty(n_articles, dtype=np.int64), np.empty(n_articles, dtype=np.float64),  # candidates, scores
            np.zeros(4, dtype=np.int64))  # leaders, used slots, blocks, visits so far


@njit(cache=True, nogil=True)
def _visit(order: np.ndarray, whole: np.ndarray, lead: np.ndarray, shingles: np.ndarray, bounds: np.ndarray,
           jaccard: float, containment: float, mask: np.uint64, state: tuple) -> tuple:
    """Visit the articles at ``order`` (see :meth:`StreamedGrouping.visit`), continuing from ``state``; the new
    state."""
    (leader_of, leaders, leader_whole, leader_lead, keys, heads, tables, block_leaders, block_sizes, block_next,
     seen, candidates, scores, counters) = state
    n_leaders, used, n_blocks, visit = counters[0], counters[1], counters[2], counters[3]
    n_perm = whole.shape[1]
    hashes = np.empty(2 * BANDS, dtype=np.uint64)

    for position in order:
        visit += 1
        own = shingles[bounds[position] : bounds[position + 1]]
        found = 0
        for table in range(2 * BANDS):
            signature = whole[position] if table < BANDS else lead[position]
            hashes[table] = _band_hash(signature, table, mask)
            slot = _slot(keys, hashes[table])
            if keys[slot] == _FREE:
                continue
            block, shared_band = heads[slot], tables[slot] != MIXED
            if shared_band:  # checked once, against the latest leader
                latest = block_leaders[block, block_sizes[block] - 1]
                if tables[slot] != table or not _leader_has_band(signature, table, latest, leader_whole, leader_lead):
                    continue
            while block != -1:
                for leader in block_leaders[block, : block_sizes[block]]:
                    if seen[leader] != visit and (
                            shared_band or _leader_has_band(signature, table, leader, leader_whole, leader_lead)):
                        seen[leader] = visit
                        candidates[found] = leader
                        found += 1
                block = block_next[block]

        plausible = 0
        size = len(own)
        mine = whole[position]
        for index in range(found):
            leader = candidates[index]
            equal = _equal_values(mine, leader_whole[leader])
            other = leaders[leader]
            other_size = bounds[other + 1] - bounds[other]
            estimate = equal / n_perm
            smaller = min(size, other_size)
            contained = estimate * (size + other_size) / ((1 + estimate) * smaller) if smaller else 0.0
            if estimate >= jaccard - MARGIN or contained >= containment - MARGIN:
                candidates[plausible] = leader
                scores[plausible] = max(estimate, contained)
                plausible += 1
        for _ in range(min(plausible, MAX_CHECKS)):
            best = 0  # the most similar left, the earliest leader among equals
            for index in range(1, plausible):
                if scores[index] > scores[best] or (scores[index] == scores[best]
                                                    and candidates[index] < candidates[best]):
                    best = index
            other = leaders[candidates[best]]
            plausible -= 1
            candidates[best], scores[best] = candidates[plausible], scores[plausible]
            theirs = shingles[bounds[other] : bounds[other + 1]]
            shared = _shared(own, theirs)
            if shared >= jaccard * (size + len(theirs) - shared) or shared >= containment * min(size, len(theirs)):
                leader_of[position] = other
                break
        if leader_of[position] != -1:
            continue

        leaders[n_leaders] = position
        if n_leaders == len(leader_whole):
            leader_whole = np.concatenate((leader_whole, np.empty_like(leader_whole)))
            leader_lead = np.concatenate((leader_lead, np.empty_like(leader_lead)))
        leader_whole[n_leaders], leader_lead[n_leaders] = whole[position], lead[position]
        for table in range(2 * BANDS):
            if 2 * (used + 1) > len(keys):
                keys, heads, tables = _grown(keys, heads, tables)
            slot = _slot(keys, hashes[table])
            signature = whole[position] if table < BANDS else lead[position]
            if keys[slot] == _FREE:
                keys[slot], tables[slot] = hashes[table], table
                used += 1
            elif tables[slot] != MIXED:
                latest = block_leaders[heads[slot], block_sizes[heads[slot]] - 1]
                if tables[slot] != table or not _leader_has_band(signature, table, latest, leader_whole, leader_lead):
                    tables[slot] = MIXED
            block = heads[slot]
            if block == -1 or block_sizes[block] == BLOCK:
                if n_blocks == len(block_sizes):
                    block_leaders = np.concatenate((block_leaders, np.empty_like(block_leaders)))
                    block_sizes = np.concatenate((block_sizes, np.empty_like(block_sizes)))
                    block_next = np.concatenate((block_next, np.empty_like(block_next)))
                block, block_sizes[n_blocks], block_next[n_blocks] = n_blocks, 0, block
                heads[slot] = block
                n_blocks += 1
            block_leaders[block, block_sizes[block]] = n_leaders
            block_sizes[block] += 1
        n_leaders += 1
    counters[0], counters[1], counters[2], counters[3] = n_leaders, used, n_blocks, visit
    return (leader_of, leaders, leader_whole, leader_lead, keys, heads, tables, block_leaders, block_sizes, block_next,
            seen, candidates, scores, counters)


class StreamedGrouping:
    """The grouping pass, run piece by piece: each :meth:`visit` goes on where the previous one stopped.

    Visiting an order in consecutive pieces gives what one visit of the whole
    of it gives, so copies can be grouped while the signatures of later
    articles are still being computed. ``hash_bits`` below 64 (for tests)
    makes different bands share hashes: the result must not change.
    """

    def __init__(self, n_articles: int, n_perm: int, jaccard: float, containment: float,
                 hash_bits: int = 64) -> None:
        self.jaccard, self.containment = jaccard, containment
        self.mask = np.uint64(0xFFFFFFFFFFFFFFFF if hash_bits >= 64 else (1 << hash_bits) - 1)
        self._state = _new_state(n_articles, n_perm)

    def visit(self, order: np.ndarray, whole: np.ndarray, lead: np.ndarray, shingles: np.ndarray,
              bounds: np.ndarray) -> None:
        """Visit the articles at positions ``order`` next.

        ``whole`` and ``lead`` are the (articles, permutations) signatures;
        article ``i``'s shingles are ``shingles[bounds[i]:bounds[i + 1]]``,
        distinct and sorted. They must hold every article visited so far.
        Positions are distinct over all visits and their articles have
        shingles (numba does not check bounds).
        """
        self._state = _visit(order, whole, lead, shingles, bounds, self.jaccard, self.containment, self.mask,
                             self._state)

    @property
    def leader_of(self) -> np.ndarray:
        """Each article's group leader so far (its position; -1 for leaders and articles not visited): the pass's
        own array, which later visits change."""
        return self._state[0]
