"""Comparing frame use between groups of articles, with honest uncertainty.

For each group and frame: the number of coded articles, the share that use
the frame (with a bootstrap interval) and the mean rate per 1,000 tokens
(with a normal interval, cut at zero). For each pair of groups: the difference in share
with a bootstrap interval and an exact permutation p-value.

Resampling articles with replacement from a group of ``n`` articles of which
``k`` use a frame gives a count of users that is Binomial(``n``, ``k/n``):
the bootstrap draws that count directly, which is the article-level
bootstrap without building ``n``-sized resamples. Under random relabelling of
two groups' articles, the number of users that land in the first group is
hypergeometric: the permutation test enumerates that distribution exactly,
so its p-value has no Monte Carlo error.
"""

from __future__ import annotations

import itertools
import math
import warnings
from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np
import pandas as pd

__all__ = ["SMALL_GROUP", "SmallSampleWarning", "FrameComparison", "compare_frames", "permutation_p_value",
           "summarize_comparison"]

SMALL_GROUP = 5
DEFAULT_SEED = 20230808  # the day the CAC published the draft


class SmallSampleWarning(UserWarning):
    """A group has too few articles for its figures to mean much."""


@dataclass
class FrameComparison:
    """Result of :func:`compare_frames`.

    Attributes
    ----------
    groups : DataFrame
        One row per group and frame: ``n_articles``, ``n_using``, ``share``,
        ``share_low``, ``share_high``, ``mean_rate``, ``rate_low``,
        ``rate_high``, ``small_sample``.
    differences : DataFrame
        One row per pair of groups and frame: ``share_a``, ``share_b``,
        ``difference`` (a minus b), ``diff_low``, ``diff_high``, ``p_value``
        (exact two-sided permutation test), ``n_a``, ``n_b``, ``small_sample``.
    notes : list of str
        Plain-language caveats: small groups, articles not coded.
    """

    by: str
    groups: pd.DataFrame
    differences: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def _log_hypergeom_pmf(k: np.ndarray, total: int, successes: int, draws: int) -> np.ndarray:
    lg = math.lgamma

    def log_comb(n: int, r: np.ndarray) -> np.ndarray:
        return np.array([lg(n + 1) - lg(x + 1) - lg(n - x + 1) for x in r])

    return log_comb(successes, k) + log_comb(total - successes, draws - k) - (
        lg(total + 1) - lg(draws + 1) - lg(total - draws + 1))


def permutation_p_value(k_a: int, n_a: int, k_b: int, n_b: int) -> float:
    """Exact two-sided permutation p-value for a difference in two shares.

    The statistic is ``|k_a/n_a - k_b/n_b|``; every relabelling of the
    ``n_a + n_b`` articles is equally likely under the null hypothesis of no
    difference. Returns 1.0 when either group is empty.
    """
    if n_a == 0 or n_b == 0:
        return 1.0
    total, successes = n_a + n_b, k_a + k_b
    observed = abs(k_a / n_a - k_b / n_b)
    k = np.arange(max(0, successes - n_b), min(successes, n_a) + 1)
    stats = np.abs(k / n_a - (successes - k) / n_b)
    pmf = np.exp(_log_hypergeom_pmf(k, total, successes, n_a))
    p = float(pmf[stats >= observed - 1e-12].sum())
    return min(1.0, round(p, 12))


def _percentile_interval(draws: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    tail = (1 - confidence) / 2 * 100
    return np.percentile(draws, tail, axis=0), np.percentile(draws, 100 - tail, axis=0)


def compare_frames(
    coded: pd.DataFrame,
    by: str = "ownership",
    *,
    groups: list[str] | None = None,
    n_boot: int = 2000,
    confidence: float = 0.95,
    seed: int = DEFAULT_SEED,
) -> FrameComparison:
    """Compare frame use between the groups of column ``by``.

    Parameters
    ----------
    coded : DataFrame
        Output of :func:`frresearch.code_frames`.
    by : str
        Any column of ``coded`` (``ownership``, ``outlet``, ``country``...).
    groups : list of str, optional
        Groups to compare, in this order; default: every group, sorted.
    n_boot : int
        Bootstrap replicates for the intervals.
    confidence : float
        Interval level, between 0 and 1.
    seed : int
        Seed of the bootstrap's random generator: the same input gives the same intervals.

    Returns
    -------
    FrameComparison
        Groups of fewer than :data:`SMALL_GROUP` articles are flagged
        ``small_sample`` and raise a :class:`SmallSampleWarning`.
    """
    if by not in coded.columns:
        raise KeyError(f"column {by!r} is not in the coded table; available: {sorted(coded.columns)}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence is {confidence!r}, expected a number between 0 and 1")
    if n_boot < 1:
        raise ValueError(f"n_boot is {n_boot!r}, expected a positive number of replicates")
    notes: list[str] = []
    not_coded = coded.loc[~coded["coded"], "article_id"].nunique()
    if not_coded:
        notes.append(f"{not_coded} article(s) not coded (language not covered by the codebook) are left out.")
    table = coded.loc[coded["coded"], ["article_id", by, "frame", "present", "rate"]]
    table[by] = table[by].fillna("(missing)").astype(str)
    available = sorted(table[by].unique())
    groups = list(groups) if groups is not None else available
    missing = [g for g in groups if g not in available]
    if missing:
        raise ValueError(f"group(s) {missing} not found in column {by!r}; found {available}")
    table = table[table[by].isin(groups)]
    frames = list(dict.fromkeys(table["frame"]))
    rng = np.random.default_rng(seed)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)

    group_rows, boot_shares, counts = [], {}, {}
    for group in groups:
        part = table[table[by] == group]
        present = part.pivot(index="article_id", columns="frame", values="present").reindex(columns=frames)
        rates = part.pivot(index="article_id", columns="frame", values="rate").reindex(columns=frames)
        n = len(present)
        k = present.astype("int64").sum().to_numpy()
        counts[group] = (k, n)
        draws = rng.binomial(n, k / n, size=(n_boot, len(frames))) / n
        boot_shares[group] = draws
        low, high = _percentile_interval(draws, confidence)
        mean = rates.mean().to_numpy()
        se = rates.std(ddof=1).to_numpy() / np.sqrt(n) if n > 1 else np.full(len(frames), np.nan)
        small = n < SMALL_GROUP
        for i, frame in enumerate(frames):
            group_rows.append((group, frame, n, int(k[i]), k[i] / n, low[i], high[i], mean[i],
                               np.maximum(0.0, mean[i] - z * se[i]), mean[i] + z * se[i], small))
        if small:
            message = (f"group {by} = {group!r} has only {n} coded article(s): its shares and intervals "
                       f"describe these articles, not the group's coverage in general.")
            notes.append(message)
            warnings.warn(message, SmallSampleWarning, stacklevel=2)

    diff_rows = []
    for a, b in itertools.combinations(groups, 2):
        (k_a, n_a), (k_b, n_b) = counts[a], counts[b]
        diff = boot_shares[a] - boot_shares[b]
        low, high = _percentile_interval(diff, confidence)
        for i, frame in enumerate(frames):
            diff_rows.append((a, b, frame, k_a[i] / n_a, k_b[i] / n_b, k_a[i] / n_a - k_b[i] / n_b, low[i], high[i],
                              permutation_p_value(int(k_a[i]), n_a, int(k_b[i]), n_b), n_a, n_b,
                              min(n_a, n_b) < SMALL_GROUP))

    group_table = pd.DataFrame(group_rows, columns=[
        by, "frame", "n_articles", "n_using", "share", "share_low", "share_high", "mean_rate", "rate_low",
        "rate_high", "small_sample"])
    diff_table = pd.DataFrame(diff_rows, columns=[
        "group_a", "group_b", "frame", "share_a", "share_b", "difference", "diff_low", "diff_high", "p_value",
        "n_a", "n_b", "small_sample"])
    return FrameComparison(by, group_table, diff_table, notes)


def summarize_comparison(comparison: FrameComparison, alpha: float = 0.05) -> list[str]:
    """What the comparison supports, in plain sentences, small groups and uncorrected tests included.

    A difference is reported as found only when both groups have at least
    :data:`SMALL_GROUP` articles and the permutation p-value is below
    ``alpha``; the number of frames tested is stated, since no correction
    for multiple comparisons is applied.
    """
    lines = list(comparison.notes)
    table = comparison.differences
    if table.empty:
        lines.append(f"Only one group of {comparison.by!r} has coded articles: there is nothing to compare.")
        return lines
    for (a, b), pair in table.groupby(["group_a", "group_b"], sort=False):
        n_a, n_b = int(pair["n_a"].iloc[0]), int(pair["n_b"].iloc[0])
        head = f"{a} (n = {n_a}) vs {b} (n = {n_b}):"
        if min(n_a, n_b) < SMALL_GROUP:
            lines.append(f"{head} too few articles to test differences; the shares describe these articles only "
                         f"and cannot show that the groups frame the story differently.")
            continue
        found = pair[pair["p_value"] < alpha]
        if found.empty:
            lines.append(f"{head} no frame's share differs at p < {alpha} ({len(pair)} frames tested).")
        else:
            parts = [f"{row.frame} ({row.share_a:.0%} vs {row.share_b:.0%}, p = {row.p_value:.3g})"
                     for row in found.itertuples()]
            lines.append(f"{head} shares differ at p < {alpha} for " + "; ".join(parts)
                         + f" ({len(pair)} frames tested, no correction for multiple comparisons).")
    return lines
