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

Candidates whose MinHash estimates leave a copy possible are ranked by the
larger of their estimated Jaccard similarity and containment, most similar
first, and at most ten are checked exactly. When many articles share their
first 60 tokens (a boilerplate header), every leader is a candidate for
every later article, and the pass grows with the square of their number.
Shingles and signatures come from :mod:`frresearch.corpus._minhash`; the
pass over the articles, one at a time, is compiled
(:mod:`frresearch.corpus._grouping`) and runs on each chunk of signatures,
in visiting order, as the worker processes deliver it (Dask's come once
all its tasks are done).
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from .._parallel import iter_chunk_results, resolve_workers
from ._grouping import StreamedGrouping
from ._minhash import LEAD_TOKENS, NUM_PERM, profiles

__all__ = ["find_copies", "one_per_copy_group", "copy_summary"]


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
             for values in zip(*(articles[name].tolist() for name in ("body", "excerpt", "title")))]
    visiting = _visiting_order(articles, ids).tolist()
    leader_of = _grouped_as_profiled([texts[i] for i in visiting], shingle_size, max(min_shingles, 1), jaccard,
                                     containment, resolve_workers(workers, len(texts)), engine, scheduler)
    groups = list(ids)
    for visit in np.flatnonzero(leader_of >= 0).tolist():
        groups[visiting[visit]] = ids[visiting[leader_of[visit]]]
    return pd.Series(groups, index=articles.index, name="copy_group")


def _grouped_as_profiled(texts: list[str], shingle_size: int, min_shingles: int, jaccard: float, containment: float,
                         workers: int, engine: str, scheduler: str | None) -> np.ndarray:
    """Each text's group leader (its index; -1: none), the texts given in visiting order.

    The profiles of each chunk of texts are grouped as soon as they come,
    while the workers compute those of later chunks.
    """
    whole, lead = np.empty((len(texts), NUM_PERM), np.uint32), np.empty((len(texts), NUM_PERM), np.uint32)
    bounds = np.zeros(len(texts) + 1, np.int64)
    shingles = np.empty(_first_capacity(texts), np.uint32)  # grown when the texts hold more
    grouping = StreamedGrouping(len(texts), NUM_PERM, jaccard, containment)
    done = 0
    for (part,) in iter_chunk_results(partial(profiles, shingle_size=shingle_size), texts, workers=workers,
                                      engine=engine, scheduler=scheduler):
        stop, used = done + len(part.whole), bounds[done]
        whole[done:stop], lead[done:stop] = part.whole, part.lead
        shingles = _appended(shingles, used, part.shingles)
        bounds[done + 1 : stop + 1] = part.bounds[1:] + used
        grouping.visit(done + np.flatnonzero(np.diff(part.bounds) >= min_shingles), whole, lead, shingles, bounds)
        done = stop
    return grouping.leader_of


def _first_capacity(texts: list[str]) -> int:
    """Room for the shingles of the texts: English has about one per six characters."""
    return max(1 << 16, sum(map(len, texts)) // 6)


def _appended(buffer: np.ndarray, used: int, values: np.ndarray) -> np.ndarray:
    """``buffer`` with ``values`` written after its first ``used`` items: the same array, or a new one with room
    for them and as many more when they do not fit."""
    if used + len(values) > len(buffer):
        buffer = np.concatenate((buffer[:used], np.empty(max(len(values), len(buffer)), buffer.dtype)))
    buffer[used : used + len(values)] = values
    return buffer


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
