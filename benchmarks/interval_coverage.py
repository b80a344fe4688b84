"""Measured coverage and agreement of the comparison statistics (the figures quoted in README).

- Exact coverage of the share interval (Clopper-Pearson) by enumerating every count k of n for a grid of true shares.
- Disagreements between the difference interval and its p-value over every table with group sizes 1 to 20.
- Simulated coverage of the rate interval on overdispersed (negative binomial) article hits.

Run: ``.venv/bin/python benchmarks/interval_coverage.py``.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import binom

from frresearch.settings import CONFIDENCE, SEED
from frresearch.stats import difference_score, rate_interval, share_interval


def share_coverage(n: int, share: float, confidence: float = CONFIDENCE) -> float:
    """Exact coverage: the binomial probability of every k whose interval holds ``share``."""
    k = np.arange(n + 1)
    low, high = share_interval(k, np.full(n + 1, n), confidence)
    return float(binom.pmf(k, n, share)[(low <= share) & (share <= high)].sum())


def disagreements(max_n: int = 20, confidence: float = CONFIDENCE) -> tuple[int, int]:
    """Tables (k_a of n_a, k_b of n_b; n up to ``max_n``) where the interval and the p-value disagree."""
    tables = np.array([(k_a, n_a, k_b, n_b) for n_a in range(1, max_n + 1) for k_a in range(n_a + 1)
                       for n_b in range(1, max_n + 1) for k_b in range(n_b + 1)], dtype="float64")
    low, high, p = difference_score(*tables.T, confidence=confidence)
    excludes_zero = (low > 0) | (high < 0)
    return int((excludes_zero != (p < 1 - confidence)).sum()), len(tables)


def rate_coverage(n_articles: int, rate: float, dispersion_size: float, reps: int = 2000) -> float:
    """Simulated coverage of the rate interval: hits ~ NegBin(mean = rate x tokens, size), tokens ~ 300-900."""
    rng = np.random.default_rng(SEED)
    covered = 0
    for _ in range(reps):
        tokens = rng.integers(300, 900, n_articles)
        mean = rate / 1000 * tokens
        hits = rng.negative_binomial(dispersion_size, dispersion_size / (dispersion_size + mean))
        _, low, high = rate_interval(hits, tokens)
        covered += low <= rate <= high
    return covered / reps


def main() -> None:
    grid = np.round(np.arange(0.05, 0.9501, 0.005), 3)
    print("share interval (Clopper-Pearson, 95%): exact coverage")
    print("n | p=0.05 | p=0.1 | p=0.3 | p=0.5 | min over p in [0.05, 0.95] (step 0.005)")
    for n in (5, 12, 30):
        row = [share_coverage(n, p) for p in (0.05, 0.1, 0.3, 0.5)]
        print(n, *(f"{c:.3f}" for c in row), f"{min(share_coverage(n, p) for p in grid):.3f}", sep=" | ")
    overall = min((share_coverage(n, p), n, p) for n in range(5, 201) for p in grid)
    print(f"min over n = 5..200 and the grid: {overall[0]:.3f} (n = {overall[1]}, p = {overall[2]})")
    count, total = disagreements()
    print(f"difference interval vs p-value: {count} disagreements in {total} tables (n_a, n_b = 1..20)")
    print("rate interval: simulated coverage (2,000 reps, negative binomial hits)")
    for n in (5, 12, 30):
        print(n, *(f"{rate_coverage(n, r, s):.3f}" for r, s in ((2.0, 1.0), (5.0, 1.0), (5.0, 5.0))), sep=" | ")


if __name__ == "__main__":
    main()
