"""Distinctive vocabulary between two groups of texts.

Two statistics, each returned beside the raw counts:

- :func:`fightin_words`: the weighted log-odds ratio with an informative
  Dirichlet prior of Monroe, Colaresi and Quinn (2008), "Fightin' Words:
  Lexical Feature Selection and Evaluation for Identifying the Content of
  Political Conflict", *Political Analysis* 16(4), equations 16, 18 and 19.
- :func:`log_likelihood`: Dunning's (1993) log-likelihood ratio G² on the
  2 x 2 table of a term's count against all other tokens in each group,
  signed by the direction of the difference, with a chi-square (1 df) p-value,
  optionally with Williams' (1976) correction, and p-values adjusted over all
  terms (Holm by default).

Both :func:`fightin_words`, :func:`distinctive_terms` and
:func:`compare_vocabulary` default to Monroe et al.'s informative prior from
the pooled counts of the two groups (section 3.5), of total size ``α0`` =
:data:`PRIOR_WEIGHT` times the tokens compared: each term's prior is a tenth
of its pooled count, so the prior shrinks every corpus alike and never
outweighs the data, whatever its size. A term one group never uses keeps a
prior of a tenth of its count in the other, so it ranks as distinctive (a
uniform prior of 0.01 gives 0 vs 500 a z of about -1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

import numpy as np
import pandas as pd
from scipy.stats import chi2

from ..settings import FOCAL_GROUPS, SMALL_GROUP
from ..stats import adjust_p_values
from .tokens import count_terms

__all__ = ["PRIOR_WEIGHT", "DEFAULT_PRIOR", "fightin_words", "log_likelihood", "informative_prior",
           "group_term_counts", "distinctive_terms", "VocabularyComparison", "compare_vocabulary"]

PRIOR_WEIGHT = 0.1
"""Default ``α0`` as a share of the tokens compared: each term's prior is this share of its pooled count."""

DEFAULT_PRIOR = "pooled"
"""The default Fightin' Words prior of every function here: informative, from the pooled counts."""

Prior: TypeAlias = float | pd.Series | str


def _aligned(counts_a: pd.Series, counts_b: pd.Series) -> tuple[pd.Index, np.ndarray, np.ndarray]:
    for name, counts in (("counts_a", counts_a), ("counts_b", counts_b)):
        if not isinstance(counts, pd.Series):
            raise TypeError(f"{name} is a {type(counts).__name__}, expected a pandas Series of term -> count")
        if len(counts) and (counts < 0).any():
            raise ValueError(f"{name} holds negative counts: {counts[counts < 0].head(3).to_dict()}")
    terms = counts_a.index.union(counts_b.index).sort_values()
    y_a = counts_a.groupby(level=0).sum().reindex(terms, fill_value=0).to_numpy(dtype="float64")
    y_b = counts_b.groupby(level=0).sum().reindex(terms, fill_value=0).to_numpy(dtype="float64")
    return terms, y_a, y_b


def informative_prior(background: pd.Series, alpha0: float) -> pd.Series:
    """An informative Dirichlet prior: background term counts scaled so they sum to ``alpha0``."""
    if alpha0 <= 0:
        raise ValueError(f"alpha0 is {alpha0!r}, expected a positive number")
    total = float(background.sum())
    if total <= 0:
        raise ValueError("the background counts sum to zero; expected some positive counts")
    return background.astype("float64") * (alpha0 / total)


def fightin_words(counts_a: pd.Series, counts_b: pd.Series, prior: Prior = DEFAULT_PRIOR,
                  alpha0: float | None = None) -> pd.DataFrame:
    """Weighted log-odds ratios with an informative Dirichlet prior (Monroe et al. 2008).

    For term ``w`` with counts ``y_w^a`` and ``y_w^b``, group sizes
    ``n^a = Σ_w y_w^a`` and ``n^b``, prior ``α_w`` and ``α_0 = Σ_w α_w``::

        δ_w = ln[(y_w^a+α_w) / (n^a+α_0-y_w^a-α_w)] - ln[(y_w^b+α_w) / (n^b+α_0-y_w^b-α_w)]
        σ²_w ≈ 1/(y_w^a+α_w) + 1/(y_w^b+α_w)
        z_w = δ_w / σ_w

    Parameters
    ----------
    counts_a, counts_b : Series
        Term -> count for each group. Terms missing from one group count 0.
    prior : "pooled", float or Series
        ``α_w``. ``"pooled"`` (default): the informative prior of Monroe et
        al. (2008, section 3.5) from the pooled counts of both groups, scaled
        to ``alpha0``; a number: the same ``α_w`` for every term (uniform); a
        Series: one value per term (e.g. :func:`informative_prior` of a
        background corpus) covering every term of both groups.
    alpha0 : float, optional
        Size of the pooled prior; default :data:`PRIOR_WEIGHT` times the
        tokens of both groups.

    Returns
    -------
    DataFrame
        One row per term: ``term``, ``count_a``, ``count_b``, ``delta``,
        ``variance``, ``z``; sorted by ``z`` from most typical of group a to
        most typical of group b (ties by term).
    """
    terms, y_a, y_b = _aligned(counts_a, counts_b)
    if isinstance(prior, str):
        if prior != "pooled":
            raise ValueError(f"prior is {prior!r}, expected 'pooled', a positive number or a Series of term -> prior")
        used = (y_a + y_b) > 0  # terms neither group uses carry nothing
        terms, y_a, y_b = terms[used], y_a[used], y_b[used]
        pooled = pd.Series(y_a + y_b, index=terms)
        prior = informative_prior(pooled, alpha0 if alpha0 is not None else PRIOR_WEIGHT * float(pooled.sum()))
    if isinstance(prior, pd.Series):
        missing = terms.difference(prior.index)
        if len(missing):
            raise ValueError(f"the prior has no value for {len(missing)} term(s), e.g. {list(missing[:3])}")
        alpha = prior.reindex(terms).to_numpy(dtype="float64")
    else:
        alpha = np.full(len(terms), float(prior))
    if (alpha <= 0).any():
        raise ValueError("prior values must be positive (a zero prior makes the log-odds of an absent term infinite)")
    alpha0 = alpha.sum()
    n_a, n_b = y_a.sum(), y_b.sum()
    delta = np.log((y_a + alpha) / (n_a + alpha0 - y_a - alpha)) - np.log((y_b + alpha) / (n_b + alpha0 - y_b - alpha))
    variance = 1 / (y_a + alpha) + 1 / (y_b + alpha)
    table = pd.DataFrame({"term": terms, "count_a": y_a.astype("int64"), "count_b": y_b.astype("int64"),
                          "delta": delta, "variance": variance, "z": delta / np.sqrt(variance)})
    return table.sort_values(["z", "term"], ascending=[False, True], kind="mergesort").reset_index(drop=True)


def _xlogx_over(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(observed > 0, observed * np.log(observed / expected), 0.0)


def log_likelihood(counts_a: pd.Series, counts_b: pd.Series, *, williams: bool = False,
                   adjust: str = "holm") -> pd.DataFrame:
    """Signed log-likelihood keyness G² (Dunning 1993) for every term.

    For term ``w`` the 2 x 2 table holds ``a = y_w^a``, ``b = y_w^b``,
    ``c = n^a - a`` and ``d = n^b - b``; with expected counts ``E`` under
    independence, ``G² = 2 Σ O ln(O / E)`` over the four cells. The sign is
    positive when the term's relative frequency is higher in group a. The
    p-value is the chi-square (1 df) upper tail.

    Parameters
    ----------
    williams : bool
        Divide G² by Williams' (1976) correction
        ``q = 1 + (N/R₁ + N/R₂ - 1)(N/C₁ + N/C₂ - 1) / (6N)`` (rows: the term
        and all other tokens; columns: the groups), which brings small
        counts closer to the chi-square distribution.
    adjust : {"holm", "bh", "none"}
        Multiplicity adjustment of ``p`` over all terms, in ``p_adjusted``.

    Returns
    -------
    DataFrame
        ``term``, ``count_a``, ``count_b``, ``freq_a`` and ``freq_b`` (per
        1,000 tokens), ``G2``, ``p`` and ``p_adjusted``; sorted by ``G2`` descending.
    """
    terms, y_a, y_b = _aligned(counts_a, counts_b)
    n_a, n_b = y_a.sum(), y_b.sum()
    total = n_a + n_b
    if n_a == 0 or n_b == 0:
        raise ValueError(f"both groups need tokens; got {int(n_a)} and {int(n_b)}")
    row_w, row_other = y_a + y_b, total - y_a - y_b
    observed = [y_a, y_b, n_a - y_a, n_b - y_b]
    expected = [row_w * n_a / total, row_w * n_b / total, row_other * n_a / total, row_other * n_b / total]
    g2 = 2 * sum(_xlogx_over(o, e) for o, e in zip(observed, expected))
    g2 = np.maximum(g2, 0.0)
    if williams:
        g2 = g2 / (1 + (total / row_w + total / row_other - 1) * (total / n_a + total / n_b - 1) / (6 * total))
    sign = np.sign(y_a / n_a - y_b / n_b)
    p = chi2.sf(g2, 1)
    table = pd.DataFrame({"term": terms, "count_a": y_a.astype("int64"), "count_b": y_b.astype("int64"),
                          "freq_a": 1000 * y_a / n_a, "freq_b": 1000 * y_b / n_b, "G2": sign * g2, "p": p,
                          "p_adjusted": adjust_p_values(p, adjust)})
    return table.sort_values(["G2", "term"], ascending=[False, True], kind="mergesort").reset_index(drop=True)


def group_term_counts(articles: pd.DataFrame, by: str, group: str) -> pd.Series:
    """Content-token counts (stop words and numbers dropped) of the articles where ``by == group``."""
    if by not in articles.columns:
        raise KeyError(f"column {by!r} is not in the articles table; available: {sorted(articles.columns)}")
    texts = articles.loc[articles[by] == group, "text"].fillna("").astype(str)
    counts = count_terms(texts)
    return pd.Series(dict(sorted(counts.items())), dtype="int64", name=group)


def distinctive_terms(
    articles: pd.DataFrame,
    by: str = "ownership",
    group_a: str = FOCAL_GROUPS[0],
    group_b: str = FOCAL_GROUPS[1],
    *,
    method: str = "fightin_words",
    prior: Prior = DEFAULT_PRIOR,
    alpha0: float | None = None,
    language: str | None = "en",
) -> pd.DataFrame:
    """Distinctive vocabulary of ``group_a`` against ``group_b`` straight from a corpus table.

    Parameters
    ----------
    method : {"fightin_words", "log_likelihood"}
    prior, alpha0
        For Fightin' Words, as in :func:`fightin_words` (default: the
        informative prior from the pooled counts).
    language : str or None
        Keep only articles in this language: ``"en"`` or ``"zh"`` (Chinese is
        counted in segmented words, Simplified, without Chinese stop words).
        ``None`` keeps all, which compares languages as much as groups.
    """
    if language is not None and "language" in articles.columns:
        articles = articles[articles["language"] == language]
    counts_a = group_term_counts(articles, by, group_a)
    counts_b = group_term_counts(articles, by, group_b)
    table = _keyness(counts_a, counts_b, method, prior, alpha0)
    table.insert(1, "group_a", group_a)
    table.insert(2, "group_b", group_b)
    return table


def _keyness(counts_a: pd.Series, counts_b: pd.Series, method: str, prior: Prior,
             alpha0: float | None) -> pd.DataFrame:
    if method == "log_likelihood":
        return log_likelihood(counts_a, counts_b)
    if method != "fightin_words":
        raise ValueError(f"method is {method!r}, expected 'fightin_words' or 'log_likelihood'")
    return fightin_words(counts_a, counts_b, prior, alpha0)


@dataclass
class VocabularyComparison:
    """Both keyness statistics for two groups, or empty tables and a note saying why not."""

    group_a: str
    group_b: str
    fightin_words: pd.DataFrame
    log_likelihood: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def compare_vocabulary(articles: pd.DataFrame, by: str = "ownership", group_a: str = FOCAL_GROUPS[0],
                       group_b: str = FOCAL_GROUPS[1], *, prior: Prior = DEFAULT_PRIOR, alpha0: float | None = None,
                       language: str | None = "en") -> VocabularyComparison:
    """Fightin' Words and G² keyness for ``group_a`` against ``group_b``, with notes on small or missing groups."""
    if language is not None and "language" in articles.columns:
        articles = articles[articles["language"] == language]
    sizes = {g: int((articles[by] == g).sum()) for g in (group_a, group_b)}
    small = f" (fewer than {SMALL_GROUP}: terms reflect these articles' wording only)"
    notes = [f"{by} = {g!r}: {n} article(s)" + (small if 0 < n < SMALL_GROUP else "") for g, n in sizes.items()]
    empty = pd.DataFrame(columns=["term", "group_a", "group_b", "count_a", "count_b"])
    if min(sizes.values()) == 0:
        missing = [g for g, n in sizes.items() if n == 0]
        which = f"no {language} articles" if language else "no articles"
        notes.append(f"{which} for {missing}: distinctive vocabulary cannot be computed.")
        return VocabularyComparison(group_a, group_b, empty, empty, notes)
    counts_a = group_term_counts(articles, by, group_a)
    counts_b = group_term_counts(articles, by, group_b)
    wordless = [g for g, counts in ((group_a, counts_a), (group_b, counts_b)) if not counts.sum()]
    if wordless:
        notes.append(f"the text of {wordless} holds only stop words, numbers or one-letter tokens: distinctive "
                     "vocabulary cannot be computed.")
        return VocabularyComparison(group_a, group_b, empty, empty, notes)
    tables: list[pd.DataFrame] = []
    for method in ("fightin_words", "log_likelihood"):
        table = _keyness(counts_a, counts_b, method, prior, alpha0)
        table.insert(1, "group_a", group_a)
        table.insert(2, "group_b", group_b)
        tables.append(table)
    return VocabularyComparison(group_a, group_b, tables[0], tables[1], notes)
