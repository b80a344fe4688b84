"""The coding sample: seeded, stratified by group, the same for the same articles and seed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np
import pandas as pd

__all__ = ["sample_articles", "sample_key"]


def sample_articles(articles: pd.DataFrame, n: int, *, by: str = "ownership", seed: int = 1) -> pd.DataFrame:
    """A seeded sample of ``n`` articles stratified by ``by``, with equal shares per group.

    Each group gets ``n // groups`` articles (fewer if it has fewer; what is
    left goes to the groups that still have articles, largest first), so
    small groups are not swamped by large ones. The same input and seed give
    the same sample.
    """
    if n < 1:
        raise ValueError(f"sample size is {n!r}, expected a positive number of articles")
    if by not in articles.columns:
        raise KeyError(f"column {by!r} is not in the articles table; available: {sorted(articles.columns)}")
    if articles.empty:
        raise ValueError("there are no articles to sample")
    keys = articles[by].astype("string").fillna("(missing)")  # a missing group value is a group of its own
    groups = {str(g): part.sort_values("article_id") for g, part in articles.groupby(keys, sort=True)}
    quota = {g: 0 for g in groups}
    remaining = min(n, len(articles))
    while remaining:
        open_groups = [g for g in groups if quota[g] < len(groups[g])]
        share = max(1, remaining // len(open_groups))
        for g in sorted(open_groups, key=lambda g: (-len(groups[g]), g)):
            take = min(share, len(groups[g]) - quota[g], remaining)
            quota[g] += take
            remaining -= take
            if not remaining:
                break
    rng = np.random.default_rng(seed)
    parts = [part.iloc[np.sort(rng.choice(len(part), quota[g], replace=False))] for g, part in groups.items()]
    return pd.concat(parts).sort_values([by, "article_id"]).reset_index(drop=True)

def sample_key(article_ids: Iterable[str], seed: int) -> str:
    joined = "\n".join(sorted(article_ids)) + f"\nseed={seed}"
    return hashlib.sha256(joined.encode()).hexdigest()[:12]
