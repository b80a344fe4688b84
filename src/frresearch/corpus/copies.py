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

from functools import partial

import numpy as np
import pandas as pd

from .._parallel import map_in_chunks, resolve_workers
from ._minhash import LEAD_TOKENS, NUM_PERM, joined, profiles

__all__ = ["find_copies", "one_per_copy_group", "copy_summary"]

_BANDS, _ROWS = 25, 5  # what datasketch's MinHashLSH chooses for threshold 0.5 and 128 permutations
_MARGIN = 0.1  # MinHash estimates with 128 permutations err by at most about 0.045 (one standard error)
_MAX_CHECKS = 10  # exact comparisons per text: with the most similar earlier leaders


def _band_keys(signature: np.ndarray) -> list[bytes]:
    """One key per band: the band's values as bytes (equal keys, equal values)."""
    return np.ascontiguousarray(signature[: _BANDS * _ROWS]).view(f"V{4 * _ROWS}").tolist()


class _Leaders:
    """Articles that lead a group so far: signatures, sizes, and tables from each band of the whole-text and lead
    signatures to the leaders with that band (as datasketch's ``MinHashLSH`` keeps them)."""

    def __init__(self, capacity: int) -> None:
        self.positions = np.empty(capacity, dtype=np.int64)  # leaders' articles, in the order they came
        self.signatures = np.empty((capacity, NUM_PERM), dtype=np.uint32)
        self.sizes = np.empty(capacity, dtype=np.int64)
        self.count = 0
        self._tables: list[dict[bytes, np.ndarray]] = [{} for _ in range(2 * _BANDS)]

    def candidates(self, keys: list[bytes]) -> np.ndarray:
        """Leaders sharing at least one band with ``keys`` (whole text's, then lead's), in the order they came."""
        found = [leaders for leaders in map(dict.get, self._tables, keys) if leaders is not None]
        return np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)

    def add(self, position: int, signature: np.ndarray, size: int, keys: list[bytes]) -> None:
        leader = np.array([self.count])  # buckets are never changed in place: one array can start many
        for table, key in zip(self._tables, keys):
            bucket = table.get(key)
            table[key] = leader if bucket is None else np.concatenate((bucket, leader))
        self.positions[self.count], self.signatures[self.count], self.sizes[self.count] = position, signature, size
        self.count += 1


def _most_similar(signature: np.ndarray, size: int, others: np.ndarray, sizes: np.ndarray, jaccard: float,
                  containment: float) -> np.ndarray:
    """Indices of the candidates the signatures do not rule out, most similar first, at most ``_MAX_CHECKS``."""
    estimate = (others == signature).view(np.uint8).sum(axis=1, dtype=np.int64) / NUM_PERM
    contained = estimate * (size + sizes) / ((1 + estimate) * np.minimum(size, sizes))
    plausible = np.flatnonzero((estimate >= jaccard - _MARGIN) | (contained >= containment - _MARGIN))
    return plausible[np.argsort(-np.maximum(estimate, contained)[plausible], kind="stable")[:_MAX_CHECKS]]


def _same_story(a: np.ndarray, b: np.ndarray, jaccard: float, containment: float) -> bool:
    both = np.concatenate((a, b))  # each without repeats: a shingle in both appears twice, side by side once sorted
    both.sort(kind="stable")  # merges the sorted runs (lead's shingles, the rest's) in linear time
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
    if not 1 <= shingle_size <= LEAD_TOKENS:
        raise ValueError(f"shingle_size {shingle_size!r} must lie between 1 and {LEAD_TOKENS}")
    ids = articles["article_id"].astype(str).tolist()
    texts = [next((str(v) for v in values if isinstance(v, str) and v.strip()), "")
             for values in zip(articles["body"], articles["excerpt"], articles["title"])]
    found = joined(map_in_chunks(partial(profiles, shingle_size=shingle_size), texts,
                                 workers=resolve_workers(workers, len(texts)), engine=engine, scheduler=scheduler))
    bounds, shingles = found.bounds.tolist(), found.shingles
    sizes = np.diff(found.bounds).tolist()
    groups = list(ids)
    leaders = _Leaders(len(ids))
    for position in _visiting_order(articles, ids).tolist():
        size = sizes[position]
        if size < min_shingles or not size:
            continue
        own, signature = shingles[bounds[position] : bounds[position + 1]], found.whole[position]
        keys = _band_keys(signature) + _band_keys(found.lead[position])
        candidates = leaders.candidates(keys)
        if len(candidates):
            candidates = candidates[_most_similar(signature, size, leaders.signatures.take(candidates, axis=0),
                                                  leaders.sizes.take(candidates), jaccard, containment)]
        for leader in leaders.positions[candidates].tolist():
            if _same_story(own, shingles[bounds[leader] : bounds[leader + 1]], jaccard, containment):
                groups[position] = groups[leader]
                break
        else:
            leaders.add(position, signature, size, keys)
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
