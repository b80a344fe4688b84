"""The focal pair compared within strata (Mantel–Haenszel), beside the pooled comparison."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from statsmodels.stats.contingency_tables import Table2x2

from ..stats import adjust_p_values, mantel_haenszel

__all__ = ["stratified_differences"]

COLUMNS = ["group_a", "group_b", "frame", "n_strata", "n_articles", "difference", "p_adjusted", "odds_ratio_pooled",
           "odds_ratio_mh", "or_low", "or_high", "p_cmh", "p_cmh_adjusted", "p_homogeneity", "differs"]


def _pooled_odds_ratio(table: np.ndarray) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        odds = float(Table2x2(table.sum(axis=0), shift_zeros=False).oddsratio)
    return odds if math.isfinite(odds) else math.nan


def _opposite(difference: float, odds_ratio: float) -> bool:
    if not math.isfinite(odds_ratio) or odds_ratio <= 0 or abs(difference) < 1e-12:
        return False
    return np.sign(difference) != np.sign(math.log(odds_ratio)) and abs(math.log(odds_ratio)) > 1e-12


def stratified_differences(table: pd.DataFrame, by: str, strata: str, differences: pd.DataFrame,
                           confidence: float, adjust: str, notes: list[str]) -> pd.DataFrame:
    """One row per pair and frame of ``differences``: pooled and Mantel–Haenszel results side by side.

    Strata holding only one of the two groups carry no information about the
    difference and are left out, with a note. ``differs`` is True where the
    adjusted pooled and stratified p-values fall on different sides of
    ``1 - confidence``, or the pooled difference and the Mantel–Haenszel odds
    ratio point in opposite directions.
    """
    alpha = 1 - confidence
    rows = []
    for (a, b), pair in differences.groupby(["group_a", "group_b"], sort=False):
        part = table[table[by].isin([a, b])]
        present = part.pivot(index="article_id", columns="frame", values="present").astype("int64")
        labels = part.groupby("article_id")[[by, strata]].first().reindex(present.index)
        both = labels.groupby(strata)[by].transform("nunique") == 2
        dropped = labels.loc[~both, strata].nunique()
        if dropped:
            notes.append(f"{a} vs {b} within {strata!r}: {dropped} stratum/strata hold only one of the two groups "
                         f"and are left out ({int((~both).sum())} article(s)).")
        present, labels = present[both.to_numpy()], labels[both]
        keys = sorted(labels[strata].unique())
        for row in pair.itertuples():
            tables = []
            for key in keys:
                in_stratum = labels[strata] == key
                cells = []
                for group in (a, b):
                    used = present.loc[(in_stratum & (labels[by] == group)).to_numpy(), row.frame]
                    cells.append([int(used.sum()), int(len(used) - used.sum())])
                tables.append(cells)
            stacked = np.array(tables, dtype="float64").reshape(-1, 2, 2)
            result = mantel_haenszel(stacked, confidence)
            if row.small_sample:
                result["p"] = math.nan
            rows.append([a, b, row.frame, len(keys), int(stacked.sum()), row.difference, row.p_adjusted,
                         _pooled_odds_ratio(stacked) if len(stacked) else math.nan, result["odds_ratio"],
                         result["or_low"], result["or_high"], result["p"], math.nan, result["p_homogeneity"], False])
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["p_cmh_adjusted"] = adjust_p_values(out["p_cmh"], adjust)
    pooled_found = out["p_adjusted"] < alpha
    strata_found = out["p_cmh_adjusted"] < alpha
    opposite = np.array([_opposite(d, o) for d, o in zip(out["difference"], out["odds_ratio_mh"])], dtype=bool)
    out["differs"] = ((pooled_found != strata_found) & out["p_cmh_adjusted"].notna()).to_numpy() | opposite
    differing = out.loc[out["differs"], "frame"].tolist()
    if differing:
        notes.append(f"Within {strata!r} the conclusion differs from the pooled one for: {', '.join(differing)}.")
    return out
