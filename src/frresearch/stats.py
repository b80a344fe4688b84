"""The statistics behind every comparison: intervals and tests from statsmodels and scipy.

Each function names its method and reference; none is written by hand where a
well-kept library has it. Coverage figures quoted here are measured by
``benchmarks/interval_coverage.py`` and checked by the tests.

- :func:`share_interval`: Clopper and Pearson's (1934) exact interval for a
  share. Its coverage is at least the nominal level for every ``n`` and true
  share (Wilson's interval, narrower, dips to 0.895 at n = 5 to 7, measured);
  it never has zero width, also at 0/n and n/n.
- :func:`difference_score`: Miettinen and Nurminen's (1985) score interval
  for a difference of two shares together with the score test it inverts, so
  the interval excludes 0 exactly when p is below 1 - confidence.
- :func:`rate_interval`: Garwood's (1936) exact Poisson interval for hits per
  1,000 tokens, widened by the Pearson dispersion of the articles' hits when
  they vary more than Poisson counts would (quasi-Poisson scaling).
- :func:`adjust_p_values`: Holm (1979) or Benjamini and Hochberg (1995).
- :func:`mantel_haenszel`: Mantel and Haenszel's (1959) pooled odds ratio with
  the Robins, Breslow and Greenland (1986) interval and the
  Cochran–Mantel–Haenszel test, and Tarone's test of equal odds ratios.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.stats import chi2, norm
from statsmodels.stats.contingency_tables import StratifiedTable
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from .settings import CONFIDENCE

__all__ = ["ADJUSTMENTS", "share_interval", "difference_score", "rate_interval", "adjust_p_values", "format_p",
           "mantel_haenszel", "SHARE_METHOD", "DIFFERENCE_METHOD", "RATE_METHOD"]

SHARE_METHOD = "Clopper-Pearson exact"
DIFFERENCE_METHOD = "Miettinen-Nurminen score"
RATE_METHOD = "Garwood exact Poisson, quasi-Poisson scaled"
ADJUSTMENTS = {"holm": "holm", "bh": "fdr_bh", "none": ""}
"""Multiplicity adjustments by name: Holm (family-wise error), Benjamini–Hochberg (false discovery rate), none."""


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence is {confidence!r}, expected a number between 0 and 1")


def share_interval(k: np.ndarray | int, n: np.ndarray | int,
                   confidence: float = CONFIDENCE) -> tuple[np.ndarray, np.ndarray]:
    """Clopper–Pearson interval for ``k`` users out of ``n`` articles (NaN where ``n`` is 0).

    >>> low, high = share_interval(0, 5)
    >>> round(float(low), 4), round(float(high), 4)
    (0.0, 0.5218)
    """
    _check_confidence(confidence)
    k_arr, n_arr = np.asarray(k, dtype="float64"), np.asarray(n, dtype="float64")
    safe_n = np.where(n_arr > 0, n_arr, 1.0)
    low, high = proportion_confint(k_arr, safe_n, alpha=1 - confidence, method="beta")
    low = np.where(n_arr > 0, np.clip(low, 0.0, 1.0), np.nan)
    high = np.where(n_arr > 0, np.clip(high, 0.0, 1.0), np.nan)
    return low, high


def _restricted_score(k_a: np.ndarray, n_a: np.ndarray, k_b: np.ndarray, n_b: np.ndarray,
                      value: np.ndarray) -> np.ndarray:
    """Miettinen–Nurminen score statistic for ``p_a - p_b = value`` (any shapes that broadcast).

    The restricted maximum-likelihood share of group b is the root of the
    cubic in Miettinen and Nurminen (1985, appendix), found in closed form by
    Farrington and Manning (1990); the variance carries the ``N/(N-1)`` factor.
    statsmodels 0.15 has ``count0`` where ``nobs0`` belongs in that cubic for
    ``value != 0`` (statsmodels issue 10269), so the cubic is solved here; at
    ``value = 0`` the result equals statsmodels' (tested).
    """
    total, users = n_a + n_b, k_a + k_b
    c3 = total
    c2 = (n_a + 2 * n_b) * value - total - users
    c1 = (n_b * value - total - 2 * k_b) * value + users
    c0 = k_b * value * (1 - value)
    q = (c2 / (3 * c3)) ** 3 - c1 * c2 / (6 * c3**2) + c0 / (2 * c3)
    s = np.sign(q) * np.sqrt(np.maximum((c2 / (3 * c3)) ** 2 - c1 / (3 * c3), 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        cosine = np.clip(np.where(s != 0, q / s**3, 0.0), -1.0, 1.0)
        share_b = 2 * s * np.cos((np.pi + np.arccos(cosine)) / 3) - c2 / (3 * c3)
        share_b = np.clip(share_b, np.maximum(0.0, -value), np.minimum(1.0, 1.0 - value))
        share_a = share_b + value
        variance = (share_a * (1 - share_a) / n_a + share_b * (1 - share_b) / n_b) * total / (total - 1)
        excess = k_a / n_a - k_b / n_b - value
        z = np.where(variance > 0, excess / np.sqrt(variance), np.where(np.isclose(excess, 0.0), 0.0,
                                                                          np.sign(excess) * np.inf))
    return z


def difference_score(k_a: np.ndarray | int, n_a: np.ndarray | int, k_b: np.ndarray | int, n_b: np.ndarray | int,
                     confidence: float = CONFIDENCE) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Miettinen–Nurminen score interval for ``k_a/n_a - k_b/n_b`` and the score test of no difference.

    The interval is every difference the two-sided score test does not reject
    at ``1 - confidence``, found by bisection (to 1e-12) on each side of the
    estimate; the p-value is the same test at difference 0. So the interval
    excludes 0 exactly when p < 1 - confidence, for every table including
    0/n and n/n. All three are NaN where a group is empty. Works on arrays.

    >>> low, high, p = difference_score(0, 5, 8, 20)   # both say: no clear difference
    >>> round(float(low), 3), round(float(high), 3), round(float(p), 3)
    (-0.617, 0.084, 0.093)
    """
    _check_confidence(confidence)
    k_a, n_a, k_b, n_b = np.broadcast_arrays(*(np.asarray(x, dtype="float64") for x in (k_a, n_a, k_b, n_b)))
    empty = (n_a <= 0) | (n_b <= 0)
    n_a, n_b = np.where(empty, 1.0, n_a), np.where(empty, 1.0, n_b)
    critical = norm.isf((1 - confidence) / 2)
    estimate = k_a / n_a - k_b / n_b

    def inside(value: np.ndarray) -> np.ndarray:
        return np.abs(_restricted_score(k_a, n_a, k_b, n_b, value)) <= critical

    bounds = []
    for edge in (-1.0, 1.0):
        outer, inner = np.full(estimate.shape, edge), estimate.copy()
        reaches_edge = inside(outer)
        for _ in range(45):
            middle = (outer + inner) / 2
            keep = inside(middle)
            inner, outer = np.where(keep, middle, inner), np.where(keep, outer, middle)
        bounds.append(np.where(reaches_edge, edge, inner))
    p = 2 * norm.sf(np.abs(_restricted_score(k_a, n_a, k_b, n_b, np.zeros(estimate.shape))))
    low, high = (np.where(empty, np.nan, bound) for bound in bounds)
    return low, high, np.where(empty, np.nan, p)


def rate_interval(hits: np.ndarray, tokens: np.ndarray, confidence: float = CONFIDENCE) -> tuple[float, float, float]:
    """Hits per 1,000 tokens over a group's articles, with a Garwood interval scaled for overdispersion.

    The pooled rate is ``1000 * Σ hits / Σ tokens``. Garwood's exact Poisson
    interval on the total count uses the chi-square quantiles
    ``χ²(α/2; 2Y) / 2`` and ``χ²(1-α/2; 2Y+2) / 2``, so it is skewed like the
    counts and has a positive upper end at 0 hits. Hits cluster in articles, so
    the count is divided by the Pearson dispersion ``φ = Σ (y_i - r t_i)² / (r t_i) / (n - 1)``
    (at least 1) and the interval multiplied by it: the quasi-Poisson scaling.

    Returns
    -------
    (rate, low, high) : floats per 1,000 tokens; NaN when there are no tokens.
    """
    _check_confidence(confidence)
    hits, tokens = np.asarray(hits, dtype="float64"), np.asarray(tokens, dtype="float64")
    total_hits, total_tokens = float(hits.sum()), float(tokens.sum())
    if total_tokens <= 0:
        return math.nan, math.nan, math.nan
    rate = total_hits / total_tokens
    dispersion = 1.0
    with_tokens = tokens > 0
    if rate > 0 and with_tokens.sum() > 1:
        expected = rate * tokens[with_tokens]
        pearson = float((((hits[with_tokens] - expected) ** 2) / expected).sum())
        dispersion = max(1.0, pearson / (int(with_tokens.sum()) - 1))
    alpha = 1 - confidence
    scaled = total_hits / dispersion
    low = chi2.ppf(alpha / 2, 2 * scaled) / 2 if scaled > 0 else 0.0
    high = chi2.ppf(1 - alpha / 2, 2 * scaled + 2) / 2
    per_thousand = 1000.0 * dispersion / total_tokens
    return 1000.0 * rate, float(low) * per_thousand, float(high) * per_thousand


def adjust_p_values(p_values: Sequence[float] | np.ndarray, method: str = "holm") -> np.ndarray:
    """Adjust a family of p-values for multiplicity (statsmodels ``multipletests``); NaN stays NaN.

    >>> adjust_p_values([0.01, 0.04, float("nan")]).round(3).tolist()
    [0.02, 0.04, nan]
    """
    if method not in ADJUSTMENTS:
        raise ValueError(f"adjust is {method!r}, expected one of {sorted(ADJUSTMENTS)}")
    p = np.asarray(p_values, dtype="float64")
    adjusted = p.copy()
    known = ~np.isnan(p)
    if ADJUSTMENTS[method] and known.any():
        adjusted[known] = multipletests(p[known], method=ADJUSTMENTS[method])[1]
    return adjusted


def format_p(p: float) -> str:
    """A p-value for display: three significant digits, ``< 0.001`` below that, never 0.

    >>> format_p(0.0), format_p(0.01234), format_p(float("nan"))
    ('< 0.001', '0.0123', '')
    """
    if math.isnan(p):
        return ""
    return "< 0.001" if p < 0.001 else f"{p:.3g}"


def mantel_haenszel(tables: np.ndarray, confidence: float = CONFIDENCE) -> dict[str, float]:
    """Mantel–Haenszel odds ratio, interval, CMH test and Tarone's homogeneity test over 2 x 2 strata.

    Parameters
    ----------
    tables : array of shape (k, 2, 2)
        One table per stratum: rows group a, group b; columns using, not using.
        Strata where either group is absent carry no information and must be left out by the caller.

    Returns
    -------
    dict
        ``odds_ratio``, ``or_low``, ``or_high`` (NaN where zero cells make
        them undefined), ``p`` (CMH, no continuity correction; 1 when no
        stratum has variation) and ``p_homogeneity``.
    """
    _check_confidence(confidence)
    stacked = np.asarray(tables, dtype="float64")
    result = {"odds_ratio": math.nan, "or_low": math.nan, "or_high": math.nan, "p": math.nan,
              "p_homogeneity": math.nan}
    if stacked.ndim != 3 or stacked.shape[1:] != (2, 2) or not len(stacked):
        return result
    table = StratifiedTable(np.moveaxis(stacked, 0, -1))
    with np.errstate(divide="ignore", invalid="ignore"):
        odds = float(table.oddsratio_pooled)
        if math.isfinite(odds) and odds > 0:
            low, high = table.oddsratio_pooled_confint(alpha=1 - confidence)
            result.update(odds_ratio=odds, or_low=float(low), or_high=float(high))
        test = table.test_null_odds(correction=False)
        result["p"] = float(test.pvalue) if math.isfinite(test.pvalue) else 1.0
        if len(stacked) > 1:
            homogeneity = table.test_equal_odds(adjust=True).pvalue
            result["p_homogeneity"] = float(homogeneity) if math.isfinite(homogeneity) else math.nan
    return result
