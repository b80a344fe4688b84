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

The pass takes 64 articles at a time: their candidates' estimates are one
array operation, and an earlier article of the same batch is a candidate
once it leads a group, so the groups are those of one article at a time.
Shingles and signatures come from :mod:`frresearch.corpus._minhash`.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from .._parallel import map_in_chunks, resolve_workers
from ._minhash import LEAD_TOKENS, NUM_PERM, Profiles, joined, profiles

__all__ = ["find_copies", "one_per_copy_group", "copy_summary"]

_BANDS, _ROWS = 25, 5  # what datasketch's MinHashLSH chooses for threshold 0.5 and 128 permutations
_MARGIN = 0.1  # MinHash estimates with 128 permutations err by at most about 0.045 (one standard error)
_MAX_CHECKS = 10  # exact comparisons per text: with the most similar earlier leaders
_BATCH = 64  # articles whose candidates are estimated and ranked together (one array operation)
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                 0xFF51AFD7ED558CCD], dtype=np.uint64)  # odd multipliers hashing a band's five values


def _band_keys(signatures: np.ndarray) -> list[list[bytes]]:
    """Each row's band keys: a band's values as bytes (equal keys, equal values)."""
    return np.ascontiguousarray(signatures[:, : _BANDS * _ROWS]).view(f"V{4 * _ROWS}").tolist()


def _sharing_a_band(signatures: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of rows (earlier, later) equal in at least one band; a pair may come once per band it shares."""
    bands = signatures[:, : _BANDS * _ROWS].reshape(-1, _ROWS)  # row r's band k is row r * _BANDS + k
    index = np.tile(np.arange(_BANDS, dtype=np.uint64), len(signatures))
    keys = (bands.astype(np.uint64) * _MIX).sum(axis=1) >> np.uint64(5) | index << np.uint64(59)  # wraps around
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    run_starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    run_ends = np.append(run_starts[1:], len(keys))
    later = np.repeat(run_ends, np.diff(run_ends, prepend=0)) - np.arange(len(keys)) - 1  # later ones in its run
    first = np.repeat(np.arange(len(keys)), later)
    second = first + 1 + np.arange(len(first)) - np.repeat(np.cumsum(later) - later, later)
    first, second = order[first], order[second]
    equal = (bands[first] == bands[second]).all(axis=1)  # equal keys, equal band: or a collision of the hash
    first, second = first[equal] // _BANDS, second[equal] // _BANDS
    return np.minimum(first, second), np.maximum(first, second)


class _Leaders:
    """Articles that lead a group so far: signatures, sizes, and tables from each band of the whole-text and lead
    signatures to the leaders with that band (as datasketch's ``MinHashLSH`` keeps them)."""

    def __init__(self, capacity: int) -> None:
        self.positions: list[int] = []  # leaders' articles, in the order they came
        self.signatures = np.empty((capacity, NUM_PERM), dtype=np.uint32)
        self.sizes = np.empty(capacity, dtype=np.int64)
        self._tables: list[dict[bytes, bytes]] = [{} for _ in range(2 * _BANDS)]  # leaders as int64 bytes

    def sharing_a_band(self, keys: list[bytes]) -> np.ndarray:
        """Leaders sharing a band with ``keys`` (whole text's, then lead's), once per band shared."""
        return np.frombuffer(b"".join(filter(None, map(dict.get, self._tables, keys))), dtype=np.int64)

    def add(self, position: int, signature: np.ndarray, size: int, keys: list[bytes]) -> None:
        count = len(self.positions)
        leader = np.array([count], dtype=np.int64).tobytes()
        for table, key in zip(self._tables, keys):
            table[key] = table.get(key, b"") + leader
        self.positions.append(position)
        self.signatures[count], self.sizes[count] = signature, size


def _equal_values(others: np.ndarray, signature: np.ndarray) -> np.ndarray:
    """How many of the 128 values each row of ``others`` shares with ``signature`` (row by row if 2-d)."""
    return np.einsum("ij->i", (others == signature).view(np.uint8))  # at most 128: uint8 holds it


def _plausible(whole: np.ndarray, lead: np.ndarray, sizes: np.ndarray, keys: list[list[bytes]], leaders: _Leaders,
               jaccard: float, containment: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For a batch of articles in visiting order, the candidates the signatures do not rule out, with their scores.

    Candidates are the leaders so far that share a band, numbered in the order
    they came, and the batch's earlier articles sharing a band, numbered after
    them in visiting order (only those that will lead a group count); a
    candidate may come more than once. Returns candidates and scores one
    article after another, and where each article's ones end.
    """
    known, equal = [], []
    for article_keys, signature in zip(keys, whole):  # one article at a time: the arrays stay in the cache
        known.append(leaders.sharing_a_band(article_keys))
        equal.append(_equal_values(leaders.signatures.take(known[-1], axis=0), signature))
    earlier, later = map(np.concatenate, zip(_sharing_a_band(whole), _sharing_a_band(lead)))
    equal.append(_equal_values(whole.take(earlier, axis=0), whole.take(later, axis=0)))
    article = np.concatenate((np.repeat(np.arange(len(keys)), [len(found) for found in known]), later))
    found = np.concatenate(known)
    candidate = np.concatenate((found, len(leaders.positions) + earlier))
    other_sizes = np.concatenate((leaders.sizes.take(found), sizes.take(earlier)))
    size = sizes.take(article)
    estimate = np.concatenate(equal) / NUM_PERM
    contained = estimate * (size + other_sizes) / ((1 + estimate) * np.minimum(size, other_sizes))
    plausible = np.flatnonzero((estimate >= jaccard - _MARGIN) | (contained >= containment - _MARGIN))
    plausible = plausible[np.argsort(article[plausible].astype(np.uint8), kind="stable")]  # radix sort
    ends = np.cumsum(np.bincount(article[plausible], minlength=len(keys)))
    return candidate[plausible], np.maximum(estimate, contained)[plausible], ends


def _same_story(a: np.ndarray, b: np.ndarray, jaccard: float, containment: float) -> bool:
    both = np.concatenate((a, b))  # each without repeats: a shingle in both appears twice, side by side once sorted
    both.sort(kind="stable")  # merges the sorted runs (lead's shingles, the rest's) in linear time
    shared = int(np.count_nonzero(both[1:] == both[:-1]))
    return shared >= jaccard * (len(a) + len(b) - shared) or shared >= containment * min(len(a), len(b))


class _Grouping:
    """The pass over the articles in visiting order: each joins the group of the first similar leader, else leads."""

    def __init__(self, found: Profiles, ids: list[str], capacity: int, jaccard: float, containment: float) -> None:
        self.found, self.jaccard, self.containment = found, jaccard, containment
        self.bounds, self.sizes = found.bounds.tolist(), np.diff(found.bounds)
        self.groups = list(ids)
        self.leaders = _Leaders(capacity)

    def shingles(self, position: int) -> np.ndarray:
        return self.found.shingles[self.bounds[position] : self.bounds[position + 1]]

    def visit(self, batch: list[int]) -> None:
        """Group the next articles (at most ``_BATCH``)."""
        leaders, whole, lead, sizes = self.leaders, self.found.whole[batch], self.found.lead[batch], self.sizes[batch]
        keys = [whole_keys + lead_keys for whole_keys, lead_keys in zip(_band_keys(whole), _band_keys(lead))]
        known = len(leaders.positions)  # candidates numbered from here are the batch's articles
        candidates, scores, ends = _plausible(whole, lead, sizes, keys, leaders, self.jaccard, self.containment)
        leads = [False] * len(batch)
        for index, position in enumerate(batch):
            own, checked, previous, leader = self.shingles(position), 0, -1, None
            mine = slice(ends[index - 1] if index else 0, ends[index])
            for candidate in candidates[mine][np.lexsort((candidates[mine], -scores[mine]))].tolist():
                if candidate == previous or (candidate >= known and not leads[candidate - known]):
                    continue  # most similar first, then earliest; skips repeats and articles that joined a group
                previous = candidate
                other = leaders.positions[candidate] if candidate < known else batch[candidate - known]
                if _same_story(own, self.shingles(other), self.jaccard, self.containment):
                    leader = other
                    break
                checked += 1
                if checked == _MAX_CHECKS:
                    break
            if leader is None:
                leaders.add(position, whole[index], int(sizes[index]), keys[index])
                leads[index] = True
            else:
                self.groups[position] = self.groups[leader]


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
    if not 1 <= shingle_size <= LEAD_TOKENS:
        raise ValueError(f"shingle_size {shingle_size!r} must lie between 1 and {LEAD_TOKENS}")
    ids = articles["article_id"].astype(str).tolist()
    texts = [next((str(v) for v in values if isinstance(v, str) and v.strip()), "")
             for values in zip(articles["body"], articles["excerpt"], articles["title"])]
    found = joined(map_in_chunks(partial(profiles, shingle_size=shingle_size), texts,
                                 workers=resolve_workers(workers, len(texts)), engine=engine, scheduler=scheduler))
    sizes = np.diff(found.bounds)
    visiting = [position for position in _visiting_order(articles, ids).tolist()
                if sizes[position] >= max(min_shingles, 1)]
    grouping = _Grouping(found, ids, len(visiting), jaccard, containment)
    for start in range(0, len(visiting), _BATCH):
        grouping.visit(visiting[start : start + _BATCH])
    return pd.Series(grouping.groups, index=articles.index, name="copy_group")


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
