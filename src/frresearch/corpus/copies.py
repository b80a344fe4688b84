"""Copies of one story: the same wire text carried, lightly edited, by several outlets.

Each text becomes a set of shingles (runs of five words, or five Chinese
characters; Chinese in its matching form, so a Traditional copy of a
Simplified story shares its shingles). MinHash signatures and locality-sensitive hashing (datasketch)
propose candidate pairs; a candidate is a copy only when the exact shingle
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

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH

from .._parallel import map_in_chunks, resolve_workers
from ..settings import SEED
from ..text.chinese import HAN_CHARACTERS, has_han, matching_form

__all__ = ["find_copies", "one_per_copy_group", "copy_summary"]

_TOKEN = re.compile(f"[{HAN_CHARACTERS}]|\\w+")
_NUM_PERM = 128
_CANDIDATE_THRESHOLD = 0.5
_MARGIN = 0.1  # MinHash estimates with 128 permutations err by at most about 0.045 (one standard error)
_MAX_CHECKS = 10  # exact comparisons per text: with the most similar earlier leaders
_LEAD_TOKENS = 60  # a truncated copy or an excerpt shares the beginning of the text


def _token_ids(text: str, known: dict[str, int]) -> np.ndarray:
    """crc32 of each lower-cased token (the same in every process), looked up in ``known`` once per word.

    Chinese is compared in its matching form (Simplified), so a Traditional reprint joins its story.
    """
    if has_han(text):
        text = matching_form(text)
    tokens = _TOKEN.findall(text.lower())
    for token in set(tokens).difference(known):
        known[token] = zlib.crc32(token.encode("utf-8"))
    return np.fromiter(map(known.__getitem__, tokens), dtype=np.uint64, count=len(tokens))


def _shingles(ids: np.ndarray, size: int) -> np.ndarray:
    """Sorted distinct 32-bit hashes of every run of ``size`` tokens (a polynomial hash, computed on arrays)."""
    count = len(ids) - size + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    runs = ids[:count].copy()
    for offset in range(1, size):  # unsigned integers wrap around silently: the wrap is part of the hash
        runs = runs * np.uint64(1_000_003) + ids[offset : offset + count]
    return np.unique(runs & np.uint64(0xFFFFFFFF))


def _same_story(a: np.ndarray, b: np.ndarray, jaccard: float, containment: float) -> bool:
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared >= jaccard * (len(a) + len(b) - shared) or shared >= containment * min(len(a), len(b))


_TEMPLATE = MinHash(num_perm=_NUM_PERM, seed=SEED)
_PERMUTATIONS = _TEMPLATE.permutations
_MERSENNE = np.uint64((1 << 61) - 1)


def _signature_values(shingles: np.ndarray) -> np.ndarray:
    """MinHash values of the shingles, with one set of seeded permutations for every text and process."""
    a, b = _PERMUTATIONS
    return np.bitwise_and((np.outer(shingles, a) + b) % _MERSENNE, np.uint64(0xFFFFFFFF)).min(axis=0)


def _signature(values: np.ndarray) -> MinHash:
    return MinHash(num_perm=_NUM_PERM, seed=SEED, hashvalues=values, permutations=_PERMUTATIONS,
                   scheme=_TEMPLATE.scheme)


_Profile = tuple[np.ndarray, np.ndarray | None, np.ndarray | None]  # shingles, whole-text and lead MinHash values


def _profiles(texts: Sequence[str], shingle_size: int, min_shingles: int) -> list[_Profile]:
    """Shingles and the whole-text and lead signatures of each text (no signatures for short texts)."""
    known: dict[str, int] = {}
    profiles: list[_Profile] = []
    for text in texts:
        ids = _token_ids(text, known)
        shingles = _shingles(ids, shingle_size)
        if len(shingles) < min_shingles:
            profiles.append((shingles, None, None))
        else:
            lead = _shingles(ids[:_LEAD_TOKENS], shingle_size)
            profiles.append((shingles, _signature_values(shingles), _signature_values(lead)))
    return profiles


def _most_similar(signature: MinHash, size: int, others: list[MinHash], sizes: list[int], jaccard: float,
                  containment: float) -> list[int]:
    """Indices of the candidates the signatures do not rule out, most similar first, at most ``_MAX_CHECKS``."""
    estimate = (np.stack([other.hashvalues for other in others]) == signature.hashvalues).mean(axis=1)
    other_sizes = np.asarray(sizes)
    contained = estimate * (size + other_sizes) / ((1 + estimate) * np.minimum(size, other_sizes))
    plausible = (estimate >= jaccard - _MARGIN) | (contained >= containment - _MARGIN)
    ranked = sorted(np.flatnonzero(plausible).tolist(), key=lambda i: -max(estimate[i], contained[i]))
    return ranked[:_MAX_CHECKS]


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
        Words (or Chinese characters) per shingle.
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
    ids = articles["article_id"].astype(str).tolist()
    published = pd.to_datetime(articles["published"], utc=True)
    undated = published.isna().tolist()
    stamps = published.fillna(pd.Timestamp(0, tz="UTC")).tolist()
    order = sorted(range(len(ids)), key=lambda i: (undated[i], stamps[i], ids[i]))
    rank = {position: place for place, position in enumerate(order)}
    texts = [next((str(v) for v in values if isinstance(v, str) and v.strip()), "")
             for values in zip(articles["body"], articles["excerpt"], articles["title"])]
    profiles = map_in_chunks(partial(_profiles, shingle_size=shingle_size, min_shingles=min_shingles), texts,
                             workers=resolve_workers(workers, len(texts)), engine=engine, scheduler=scheduler)
    groups = list(ids)
    whole = MinHashLSH(threshold=_CANDIDATE_THRESHOLD, num_perm=_NUM_PERM)
    leads = MinHashLSH(threshold=_CANDIDATE_THRESHOLD, num_perm=_NUM_PERM)
    leaders: dict[int, tuple[np.ndarray, MinHash]] = {}
    for position in order:
        shingles, whole_values, lead_values = profiles[position]
        if whole_values is None or lead_values is None:
            continue
        signature, lead = _signature(whole_values), _signature(lead_values)
        candidates = sorted(set(whole.query(signature)) | set(leads.query(lead)), key=rank.__getitem__)
        if candidates:
            candidates = [candidates[i] for i in _most_similar(
                signature, len(shingles), [leaders[c][1] for c in candidates],
                [len(leaders[c][0]) for c in candidates], jaccard, containment)]
        for leader in candidates:
            if _same_story(shingles, leaders[leader][0], jaccard, containment):
                groups[position] = groups[leader]
                break
        else:
            leaders[position] = (shingles, signature)
            whole.insert(position, signature)
            leads.insert(position, lead)
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
