"""The statistics against references: scipy, statsmodels, published examples and exact enumeration."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import minimize_scalar
from scipy.stats import binom, binomtest
from statsmodels.stats import proportion as sm_proportion

from frresearch.stats import (
    _restricted_score,
    adjust_p_values,
    difference_score,
    format_p,
    mantel_haenszel,
    rate_interval,
    share_interval,
)


def _exact_coverage(n: int, shares: np.ndarray) -> np.ndarray:
    """For each true share: the probability of the counts k whose interval holds it."""
    k = np.arange(n + 1)
    low, high = share_interval(k, np.full(n + 1, n))
    holds = (low[:, None] <= shares) & (shares <= high[:, None])
    return (binom.pmf(k[:, None], n, shares) * holds).sum(axis=0)


def test_share_interval_exact_coverage_by_enumeration():
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    worst = min(_exact_coverage(n, grid).min() for n in range(5, 101))
    assert worst >= 0.90
    assert worst >= 0.95  # Clopper-Pearson: never below the nominal level


def test_share_interval_matches_scipy_exact_interval_and_never_has_zero_width():
    rng = np.random.default_rng(1)
    for n in rng.integers(1, 80, 20):
        k = int(rng.integers(0, n + 1))
        reference = binomtest(k, int(n)).proportion_ci(0.95, method="exact")
        low, high = share_interval(k, int(n))
        assert (float(low), float(high)) == pytest.approx((reference.low, reference.high), abs=1e-9)
    for n in (1, 5, 30, 500):
        for k in (0, n):
            low, high = share_interval(k, n)
            assert high - low > 0
    assert np.isnan(share_interval(0, 0)[0])


def test_difference_interval_matches_newcombes_miettinen_nurminen_example():
    # Newcombe (1998), Statistics in Medicine 17, table II: 56/70 vs 48/80, Miettinen-Nurminen 0.0528 to 0.3382.
    low, high, _ = difference_score(56, 70, 48, 80)
    assert (float(low), float(high)) == pytest.approx((0.0528, 0.3382), abs=5e-5)


def test_restricted_mle_maximises_the_likelihood():
    rng = np.random.default_rng(2)
    for _ in range(20):
        n_a, n_b = (int(x) for x in rng.integers(2, 40, 2))
        k_a, k_b = int(rng.integers(0, n_a + 1)), int(rng.integers(0, n_b + 1))
        value = float(rng.uniform(-0.9, 0.9))
        lo, hi = max(0.0, -value) + 1e-12, min(1.0, 1.0 - value) - 1e-12

        def minus_loglik(p_b: float, k_a: int = k_a, n_a: int = n_a, k_b: int = k_b, n_b: int = n_b,
                         value: float = value) -> float:
            p_a = p_b + value
            return -(k_a * math.log(p_a) + (n_a - k_a) * math.log(1 - p_a) + k_b * math.log(p_b)
                     + (n_b - k_b) * math.log(1 - p_b))

        p_b = minimize_scalar(minus_loglik, bounds=(lo, hi), method="bounded", options={"xatol": 1e-12}).x
        p_a = p_b + value
        variance = (p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b) * (n_a + n_b) / (n_a + n_b - 1)
        expected = (k_a / n_a - k_b / n_b - value) / math.sqrt(variance)
        z = float(_restricted_score(*(np.float64(x) for x in (k_a, n_a, k_b, n_b, value))))
        assert z == pytest.approx(expected, rel=1e-4, abs=1e-6)


def test_p_value_matches_statsmodels_score_test():
    rng = np.random.default_rng(3)
    for _ in range(50):
        n_a, n_b = (int(x) for x in rng.integers(1, 60, 2))
        k_a, k_b = int(rng.integers(0, n_a + 1)), int(rng.integers(0, n_b + 1))
        if k_a + k_b in (0, n_a + n_b):
            continue  # statsmodels gives NaN where nothing varies; ours is p = 1
        reference = sm_proportion.test_proportions_2indep(k_a, n_a, k_b, n_b, method="score", compare="diff").pvalue
        assert float(difference_score(k_a, n_a, k_b, n_b)[2]) == pytest.approx(reference, rel=1e-9)


def test_interval_and_p_value_agree_on_every_table_up_to_twenty():
    tables = np.array([(k_a, n_a, k_b, n_b) for n_a in range(1, 21) for k_a in range(n_a + 1)
                       for n_b in range(1, 21) for k_b in range(n_b + 1)], dtype="float64")
    low, high, p = difference_score(*tables.T)
    assert not np.isnan(low).any() and not np.isnan(p).any() and (p > 0).all()
    disagree = ((low > 0) | (high < 0)) != (p < 0.05)
    assert disagree.sum() <= 0.01 * len(tables)
    assert disagree.sum() == 0
    assert ((low <= tables[:, 0] / tables[:, 1] - tables[:, 2] / tables[:, 3]) & (high >= low)).all()


def test_rate_interval_is_garwoods_for_poisson_counts():
    # Garwood's 95% limits for 0 hits: [0, 3.689]; for 10 hits: [4.795, 18.390] (per unit exposure).
    assert rate_interval(np.array([0]), np.array([1000])) == pytest.approx((0.0, 0.0, 3.6889), abs=1e-4)
    assert rate_interval(np.array([10]), np.array([1000])) == pytest.approx((10.0, 4.7954, 18.3904), abs=1e-4)
    # Identical articles have no extra dispersion: the same as one article with all the tokens.
    assert rate_interval(np.array([2, 2]), np.array([100, 100])) == pytest.approx(
        rate_interval(np.array([4]), np.array([200])))
    assert all(math.isnan(x) for x in rate_interval(np.array([0]), np.array([0])))


def test_rate_interval_covers_overdispersed_hits():
    rng = np.random.default_rng(4)
    rate, size, covered = 5.0, 2.0, 0
    for _ in range(400):
        tokens = rng.integers(300, 900, 30)
        mean = rate / 1000 * tokens
        hits = rng.negative_binomial(size, size / (size + mean))
        _, low, high = rate_interval(hits, tokens)
        covered += low <= rate <= high
    assert covered / 400 >= 0.9


def test_multiplicity_adjustments_by_hand():
    p = [0.01, 0.04, 0.03, float("nan")]
    assert adjust_p_values(p, "holm")[:3] == pytest.approx([0.03, 0.06, 0.06])
    assert adjust_p_values(p, "bh")[:3] == pytest.approx([0.03, 0.04, 0.04])
    assert np.isnan(adjust_p_values(p)[3])
    assert adjust_p_values(p, "none")[:3] == pytest.approx(p[:3])
    with pytest.raises(ValueError, match="adjust is 'sidak'"):
        adjust_p_values(p, "sidak")


def test_p_values_are_never_shown_as_zero():
    assert format_p(0.0) == "< 0.001" and format_p(1e-300) == "< 0.001"
    assert format_p(0.001) == "0.001" and format_p(0.5) == "0.5"


def test_mantel_haenszel_by_hand():
    # Two strata with odds ratios 4 and 4: the MH estimate is 4.
    tables = np.array([[[8, 4], [4, 8]], [[16, 8], [8, 16]]])
    result = mantel_haenszel(tables)
    assert result["odds_ratio"] == pytest.approx(4.0)
    assert result["or_low"] < 4 < result["or_high"] and 0 < result["p"] < 0.05
    assert result["p_homogeneity"] == pytest.approx(1.0)
    assert mantel_haenszel(np.array([[[0, 3], [0, 4]]]))["p"] == 1.0
