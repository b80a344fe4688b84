"""Copies of one story: the same wire text carried, lightly edited, by several outlets.

Each text becomes a set of shingles (runs of five words, or five Chinese
characters; Chinese in its matching form, so a Traditional copy of a
Simplified story shares its shingles). MinHash signatures propose candidate
pairs: 128 universal hash functions ``h(x) = ((a x + b) mod (2**61 - 1)) mod 2**32``
(Carter and Wegman's family; ``a`` odd and ``b`` drawn below ``2**32`` as
datasketch draws its parameters, seeded), each signature value the smallest
``h`` over a text's shingles. Locality-sensitive hashing bands them as
datasketch's ``MinHashLSH`` does for threshold 0.5: 25 bands of 5 values,
and a text whose whole-text or lead signature equals an earlier leader's in
one band is a candidate. A candidate is a copy only when the exact shingle
sets agree: Jaccard similarity at least ``jaccard`` (0.5), or the shorter text
at least ``containment`` (0.8) inside the longer one (a truncated copy, or an
excerpt of the full text). Articles are visited from the earliest published;
each joins the group of the first earlier article it copies, else starts its
own, so ``copy_group`` is the ``article_id`` of the group's earliest article.
Texts under ``min_shingles`` shingles (a headline) are never grouped.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from functools import partial
from typing import NamedTuple

import numpy as np
import pandas as pd

from .._parallel import map_in_chunks, resolve_workers
from ..settings import SEED
from ..text.chinese import HAN_CHARACTERS, has_han, matching_form

__all__ = ["find_copies", "one_per_copy_group", "copy_summary"]

_TOKEN = re.compile(f"[{HAN_CHARACTERS}]|\\w+")
_NON_ASCII_WORD = re.compile(r"[^\W\x00-\x7f]")  # a word character outside ASCII (Han, accented letters...)
# ASCII bytes to what _TOKEN sees after lower(): word characters lower-cased, any other byte a space.
_ASCII_WORDS = bytes(ord(chr(c).lower()) if c < 128 and re.fullmatch(r"\w", chr(c)) else 32 for c in range(256))
_NUM_PERM = 128
_BANDS, _ROWS = 25, 5  # what datasketch's MinHashLSH chooses for threshold 0.5 and 128 permutations
_CANDIDATE_THRESHOLD = 0.5
_MARGIN = 0.1  # MinHash estimates with 128 permutations err by at most about 0.045 (one standard error)
_MAX_CHECKS = 10  # exact comparisons per text: with the most similar earlier leaders
_LEAD_TOKENS = 60  # a truncated copy or an excerpt shares the beginning of the text
_BLOCK_TOKENS = 1 << 16  # texts whose shingles are found together (one array operation for all of them)
_WINDOW = 4096  # shingles hashed at once: 128 x 4096 values, a few megabytes
_MERSENNE = (1 << 61) - 1
_LOW32 = np.uint64(0xFFFFFFFF)
_EMPTY = np.iinfo(np.uint32).max  # the signature value of no shingle


class _Permutations(NamedTuple):
    """Parameters of the hash functions, and those the fast reduction modulo ``2**61 - 1`` would get wrong."""

    a: np.ndarray  # (128, 1) uint64
    b: np.ndarray  # (128, 1) uint64
    unsafe: tuple[int, ...]


def _unsafe(a: Sequence[int], b: Sequence[int]) -> tuple[int, ...]:
    """Functions ``k`` for which a 32-bit ``x`` makes ``y = a x + b`` reduce in the slow branch.

    ``y mod p`` with ``p = 2**61 - 1`` is ``(y & p) + (y >> 61)``, less ``p``
    when that sum reaches ``p``: only for the 36 values of ``y`` listed below.
    """
    slow = [(high << 61) + low for high in range(8) for low in range(_MERSENNE - high, _MERSENNE + 1)]
    return tuple(k for k, (ak, bk) in enumerate(zip(a, b))
                 if any(y >= bk and (y - bk) % ak == 0 and (y - bk) // ak < 1 << 32 for y in slow))


def _permutations(seed: int) -> _Permutations:
    """The 128 ``(a, b)`` pairs drawn as ``datasketch.MinHash(num_perm=128, seed=seed).permutations``."""
    draw = np.random.RandomState(seed)
    a = draw.randint(0, 1 << 31, _NUM_PERM, dtype=np.uint32).astype(np.uint64) * np.uint64(2) + np.uint64(1)
    b = draw.randint(0, 1 << 32, _NUM_PERM, dtype=np.uint32).astype(np.uint64)
    return _Permutations(a[:, None], b[:, None], _unsafe(a.tolist(), b.tolist()))


_PERMUTATIONS = _permutations(SEED)


class _TokenIds(dict[str | bytes, int]):
    """crc32 of each token (the same in every process), computed the first time the token is seen."""

    def __missing__(self, token: str | bytes) -> int:
        value = self[token] = zlib.crc32(token if isinstance(token, bytes) else token.encode("utf-8"))
        return value


def _token_ids(text: str, known: _TokenIds) -> np.ndarray:
    """Token ids of the lower-cased tokens of ``text``.

    Chinese is compared in its matching form (Simplified), so a Traditional
    reprint joins its story. A text whose word characters are all ASCII is
    split with bytes operations instead of ``_TOKEN``; the tokens are the same.
    """
    if text.isascii() or _NON_ASCII_WORD.search(text) is None:
        tokens: list[str] | list[bytes] = text.encode("ascii", "replace").translate(_ASCII_WORDS).split()
    else:
        if has_han(text):
            text = matching_form(text)
        tokens = _TOKEN.findall(text.lower())
    return np.fromiter(map(known.__getitem__, tokens), dtype=np.uint64, count=len(tokens))


class _Profiles(NamedTuple):
    """Shingles and signatures of consecutive texts."""

    shingles: np.ndarray  # uint32: each text's distinct shingles, sorted, one text after another
    bounds: np.ndarray  # text i's shingles are shingles[bounds[i]:bounds[i + 1]]
    whole: np.ndarray  # (texts, 128) uint32 MinHash signature of all shingles
    lead: np.ndarray  # (texts, 128) uint32 signature of the shingles in the first _LEAD_TOKENS tokens


def _min_hashes(values: np.ndarray, starts: np.ndarray, permutations: _Permutations = _PERMUTATIONS) -> np.ndarray:
    """Smallest value of each hash function over each segment ``values[starts[i]:starts[i + 1]]``.

    ``values`` are 32-bit shingles (as uint64), ``starts`` ascending from 0 (the
    last segment runs to the end). An empty segment gets the largest value.
    """
    a, b, unsafe = permutations
    mins = np.full((len(starts), _NUM_PERM), _EMPTY, dtype=np.uint32)
    width = min(_WINDOW, len(values))
    hashed, high = np.empty((_NUM_PERM, width), np.uint64), np.empty((_NUM_PERM, width), np.uint64)
    low = np.empty((_NUM_PERM, width), np.uint32)
    for lo in range(0, len(values), _WINDOW):
        window = values[lo : lo + _WINDOW]
        y, h, h32 = hashed[:, : len(window)], high[:, : len(window)], low[:, : len(window)]
        np.multiply(a, window, out=y)  # a, b and x below 2**32: a x + b below 2**64, no wrap-around
        y += b
        np.right_shift(y, np.uint64(61), out=h)
        y += h  # (y & p) + (y >> 61) has the low 32 bits of y mod p, except in the slow branch
        np.copyto(h32, y, casting="unsafe")  # the low 32 bits
        for k in unsafe:  # none for the package's seed: kept exact for any parameters
            h32[k] = (window * a[k] + b[k]) % np.uint64(_MERSENNE) & _LOW32
        cuts = np.unique(np.concatenate(([lo], starts[(starts > lo) & (starts < lo + len(window))]))) - lo
        segments = np.searchsorted(starts, cuts + lo, side="right") - 1  # the non-empty segment at each cut
        mins[segments] = np.minimum(mins[segments], np.minimum.reduceat(h32, cuts, axis=1).T)
    return mins


def _block_profiles(token_ids: list[np.ndarray], size: int) -> _Profiles:
    """Shingles (32-bit polynomial hashes of ``size`` consecutive tokens) and signatures of a few texts at once."""
    lengths = np.fromiter(map(len, token_ids), dtype=np.int64, count=len(token_ids))
    counts = np.maximum(lengths - size + 1, 0)
    tokens = np.concatenate(token_ids)
    runs = tokens[: max(len(tokens) - size + 1, 0)].copy()
    for offset in range(1, size):  # unsigned integers wrap around silently: the wrap is part of the hash
        runs *= np.uint64(1_000_003)
        runs += tokens[offset : offset + len(runs)]
    text = np.repeat(np.arange(len(token_ids), dtype=np.uint64), counts)
    place = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)  # run's place in its text
    values = runs[place + np.repeat(np.cumsum(lengths) - lengths, counts)] & _LOW32
    # One sort orders each text's shingles; the lowest bit says whether the shingle is outside the lead.
    key = np.sort(text << np.uint64(34) | values << np.uint64(1) | (place > _LEAD_TOKENS - size))
    key = key[np.concatenate(([True], key[1:] >> np.uint64(1) != key[:-1] >> np.uint64(1)))]
    text, values, outside = key >> np.uint64(34), key >> np.uint64(1) & _LOW32, key & np.uint64(1)
    per_text = np.bincount(text.astype(np.int64), minlength=len(token_ids))
    in_lead = np.bincount(text[outside == 0].astype(np.int64), minlength=len(token_ids))
    bounds = np.concatenate(([0], np.cumsum(per_text)))
    # Signatures over each text's lead shingles, then the rest: the whole text's is the smaller of the two.
    lead_first = np.sort(text << np.uint64(34) | outside << np.uint64(33) | values) & _LOW32
    mins = _min_hashes(lead_first, np.stack((bounds[:-1], bounds[:-1] + in_lead), axis=1).ravel())
    return _Profiles(values.astype(np.uint32), bounds, np.minimum(mins[0::2], mins[1::2]), mins[0::2])


def _joined(parts: Sequence[_Profiles]) -> _Profiles:
    if not parts:
        return _Profiles(np.empty(0, np.uint32), np.zeros(1, np.int64), *[np.empty((0, _NUM_PERM), np.uint32)] * 2)
    starts = np.cumsum([0] + [part.bounds[-1] for part in parts[:-1]])
    return _Profiles(np.concatenate([part.shingles for part in parts]),
                     np.concatenate([[0]] + [part.bounds[1:] + start for part, start in zip(parts, starts)]),
                     np.concatenate([part.whole for part in parts]), np.concatenate([part.lead for part in parts]))


def _profiles(texts: Sequence[str], shingle_size: int) -> list[_Profiles]:
    """Shingles and signatures of the texts, as one ``_Profiles`` (in a list, for ``map_in_chunks``)."""
    known = _TokenIds()
    parts, block, tokens = [], [], 0
    for index, text in enumerate(texts):
        block.append(_token_ids(text, known))
        tokens += len(block[-1])
        if tokens >= _BLOCK_TOKENS or index == len(texts) - 1:
            parts.append(_block_profiles(block, shingle_size))
            block, tokens = [], 0
    return [_joined(parts)]


def _band_keys(signature: np.ndarray) -> list[bytes]:
    """One key per band: the band's values as bytes (equal keys, equal values)."""
    return np.ascontiguousarray(signature[: _BANDS * _ROWS]).view(f"V{4 * _ROWS}").tolist()


class _Leaders:
    """Articles that lead a group so far, found again by the bands of their whole-text and lead signatures."""

    def __init__(self, capacity: int) -> None:
        self.positions = np.empty(capacity, dtype=np.int64)  # article of each leader, in the order they came
        self.count = 0
        self._tables: list[dict[bytes, list[int]]] = [{} for _ in range(2 * _BANDS)]  # whole's bands, lead's bands

    def candidates(self, keys: list[bytes]) -> np.ndarray:
        """Articles of the leaders sharing at least one band with ``keys``, earliest first."""
        found: set[int] = set()
        for table, key in zip(self._tables, keys):
            found.update(table.get(key, ()))
        return self.positions[sorted(found)]

    def add(self, position: int, keys: list[bytes]) -> None:
        for table, key in zip(self._tables, keys):
            table.setdefault(key, []).append(self.count)
        self.positions[self.count] = position
        self.count += 1


def _most_similar(signature: np.ndarray, size: int, others: np.ndarray, sizes: np.ndarray, jaccard: float,
                  containment: float) -> np.ndarray:
    """Indices of the candidates the signatures do not rule out, most similar first, at most ``_MAX_CHECKS``."""
    estimate = np.count_nonzero(others == signature, axis=1) / _NUM_PERM
    contained = estimate * (size + sizes) / ((1 + estimate) * np.minimum(size, sizes))
    plausible = np.flatnonzero((estimate >= jaccard - _MARGIN) | (contained >= containment - _MARGIN))
    return plausible[np.argsort(-np.maximum(estimate, contained)[plausible], kind="stable")[:_MAX_CHECKS]]


def _same_story(a: np.ndarray, b: np.ndarray, jaccard: float, containment: float) -> bool:
    both = np.concatenate((a, b))  # each without repeats: a shingle in both appears twice, side by side once sorted
    both.sort()
    shared = int(np.count_nonzero(both[1:] == both[:-1]))
    return shared >= jaccard * (len(a) + len(b) - shared) or shared >= containment * min(len(a), len(b))


def _visiting_order(articles: pd.DataFrame, ids: list[str]) -> np.ndarray:
    """Positions from the earliest published to the latest, undated last, ties by ``article_id``."""
    published = pd.to_datetime(articles["published"], utc=True)
    by_id = np.empty(len(ids), dtype=np.int64)
    by_id[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
    stamps = published.dt.tz_localize(None).to_numpy().view(np.int64)  # NaT: all undated alike
    return np.lexsort((by_id, stamps, published.isna().to_numpy()))


def find_copies(articles: pd.DataFrame, *, jaccard: float = 0.5, containment: float = 0.8, shingle_size: int = 5,
                min_shingles: int = 20, workers: int | None = None, engine: str = "local",
                scheduler: str | None = None) -> pd.Series:
    """The copy group of each article.

    Parameters
    ----------
    articles : DataFrame
        ``Corpus.articles``: ``article_id``, ``published``, ``body``,
        ``excerpt``, ``title``. An article's text is its body, else its
        excerpt, else its title.
    jaccard, containment : float
        Thresholds of the exact check (see the module's description).
    shingle_size : int
        Words (or Chinese characters) per shingle, from 1 to 60.
    min_shingles : int
        Shorter texts stay alone in their own group.
    workers, engine, scheduler
        Where the shingles and signatures are computed (as in
        :func:`frresearch.load_corpus`); grouping itself is one pass, in order.

    Returns
    -------
    Series
        ``copy_group`` per article (same index): the ``article_id`` of the
        earliest article of its group; an article without copies is its own group.
    """
    if not 0 < jaccard <= 1 or not 0 < containment <= 1:
        raise ValueError(f"jaccard {jaccard!r} and containment {containment!r} must lie in (0, 1]")
    if not 1 <= shingle_size <= _LEAD_TOKENS:
        raise ValueError(f"shingle_size {shingle_size!r} must lie between 1 and {_LEAD_TOKENS}")
    ids = articles["article_id"].astype(str).tolist()
    texts = [next((str(v) for v in values if isinstance(v, str) and v.strip()), "")
             for values in zip(articles["body"], articles["excerpt"], articles["title"])]
    profiles = _joined(map_in_chunks(partial(_profiles, shingle_size=shingle_size), texts,
                                     workers=resolve_workers(workers, len(texts)), engine=engine, scheduler=scheduler))
    bounds, shingles, whole = profiles.bounds.tolist(), profiles.shingles, profiles.whole
    sizes = np.diff(profiles.bounds)
    signed = ((sizes >= min_shingles) & (sizes > 0)).tolist()
    groups = list(ids)
    leaders = _Leaders(len(ids))
    for position in _visiting_order(articles, ids).tolist():
        if not signed[position]:
            continue
        own = shingles[bounds[position] : bounds[position + 1]]
        keys = _band_keys(whole[position]) + _band_keys(profiles.lead[position])
        candidates = leaders.candidates(keys)
        if len(candidates):
            candidates = candidates[_most_similar(whole[position], len(own), whole[candidates], sizes[candidates],
                                                  jaccard, containment)]
        for leader in candidates.tolist():
            if _same_story(own, shingles[bounds[leader] : bounds[leader + 1]], jaccard, containment):
                groups[position] = groups[leader]
                break
        else:
            leaders.add(position, keys)
    return pd.Series(groups, index=articles.index, name="copy_group")


def one_per_copy_group(articles: pd.DataFrame, by: str | None = "ownership") -> pd.DataFrame:
    """Keep one article per copy group (per value of ``by``): a wire story counts once, not once per copy.

    With ``by="ownership"`` a story carried by state and commercial outlets
    still counts once in each group; ``by=None`` keeps one article per copy
    group overall. The group's earliest article is kept where it is among
    the rows, else the first row; the table's order is kept.

    >>> table = pd.DataFrame({"article_id": ["a", "b", "c"], "copy_group": ["a", "a", "a"],
    ...                       "ownership": ["commercial", "commercial", "state"]})
    >>> one_per_copy_group(table)["article_id"].tolist()
    ['a', 'c']
    """
    keys = ["copy_group", *([by] if by else [])]
    missing = [key for key in keys if key not in articles.columns]
    if missing:
        raise KeyError(f"articles have no column(s) {missing}; load them with load_corpus")
    leader_first = (articles["article_id"] != articles["copy_group"]).astype(int)
    kept = articles.assign(_rank=leader_first).sort_values("_rank", kind="stable").drop_duplicates(keys)
    return articles.loc[articles.index.isin(kept.index)]


def copy_summary(articles: pd.DataFrame) -> pd.DataFrame:
    """Copy groups with more than one article: ``copy_group``, ``articles``, ``copies`` (articles - 1), ``outlets``,
    ``ownership`` (the distinct values, joined by ``; ``) and the earliest article's ``title``."""
    sizes = articles.groupby("copy_group", sort=True)["article_id"].transform("size")
    shared = articles[sizes > 1]
    rows = []
    for group, members in shared.groupby("copy_group", sort=True):
        leader = members[members["article_id"] == group]
        rows.append((group, len(members), len(members) - 1, "; ".join(sorted(set(members["outlet"]))),
                     "; ".join(sorted(set(members["ownership"]))),
                     (leader if len(leader) else members)["title"].iloc[0]))
    return pd.DataFrame(rows, columns=["copy_group", "articles", "copies", "outlets", "ownership", "title"])
