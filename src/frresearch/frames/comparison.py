"""Comparing frame use between groups of articles, with intervals that hold their coverage.

For each group and frame: the number of coded articles, the share that use
the frame (Clopper–Pearson interval) and hits per 1,000 tokens (Garwood
interval, scaled for overdispersion), counts beside. For the focal pair of
groups (``settings.FOCAL_GROUPS_BY`` by default; every pair on request): the
difference in share with the Miettinen–Nurminen score interval and the score
test it inverts, so interval and p-value always agree, and p-values adjusted
for the number of frames tested together (Holm by default). With ``strata``,
the same pair is also compared within strata (Mantel–Haenszel), beside the
pooled result. The statistics themselves are in :mod:`frresearch.stats`.
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..settings import CONFIDENCE, FOCAL_GROUPS, FOCAL_GROUPS_BY, SMALL_GROUP
from ..stats import (
    ADJUSTMENTS,
    DIFFERENCE_METHOD,
    RATE_METHOD,
    SHARE_METHOD,
    adjust_p_values,
    difference_score,
    format_p,
    rate_interval,
    share_interval,
)
from ._stratified import stratified_differences
from .measures import MEASURES, select_measure

__all__ = ["SMALL_GROUP", "SmallSampleWarning", "FrameComparison", "compare_frames", "summarize_comparison",
           "compare_measures", "stack_measures"]

_ADJUST_NAMES = {"holm": "Holm", "bh": "Benjamini-Hochberg", "none": "no"}


class SmallSampleWarning(UserWarning):
    """A group has too few articles for its figures to mean much."""


@dataclass
class FrameComparison:
    """Result of :func:`compare_frames`.

    Attributes
    ----------
    by : str
        The grouping column.
    groups : DataFrame
        One row per group and frame: ``n_articles``, ``n_using``, ``share``,
        ``share_low``, ``share_high``, ``hits``, ``tokens``, ``rate`` (hits per
        1,000 tokens), ``rate_low``, ``rate_high``, ``small_sample``.
    differences : DataFrame
        One row per compared pair and frame: ``n_a``, ``n_b``, ``n_using_a``,
        ``n_using_b``, ``share_a``, ``share_b``, ``difference`` (a minus b),
        ``diff_low``, ``diff_high``, ``p_value`` (score test), ``p_adjusted``
        (over the frames and pairs tested together; NaN for small groups,
        which are not tested) and ``small_sample``.
    notes : list of str
        Plain-language caveats: small groups, articles not coded, strata.
    stratified : DataFrame or None
        With ``strata``: per pair and frame, the pooled result beside the
        Mantel–Haenszel one and ``differs`` (see :func:`compare_frames`).
    strata : str or None
        The stratifying column.
    confidence : float
        Level of every interval.
    adjust : str
        Multiplicity adjustment: ``"holm"``, ``"bh"`` or ``"none"``.
    interval_method, difference_method, rate_method : str
        Names of the methods behind the intervals, for captions.
    measure : str
        What the shares count: ``"present"``, ``"in_headline"``, ``"in_lead"`` or ``"dominant"``.
    """

    by: str
    groups: pd.DataFrame
    differences: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    stratified: pd.DataFrame | None = None
    strata: str | None = None
    confidence: float = CONFIDENCE
    adjust: str = "holm"
    interval_method: str = SHARE_METHOD
    difference_method: str = DIFFERENCE_METHOD
    rate_method: str = RATE_METHOD
    measure: str = "present"

    @property
    def level(self) -> str:
        """The intervals' level and method, for captions: ``95% Clopper-Pearson exact``."""
        return f"{self.confidence * 100:g}% {self.interval_method}"

    def display(self) -> pd.DataFrame:
        """The differences for reading: shares as percentages, p-values as text (``< 0.001``, never 0)."""
        table = self.differences.copy()
        for column in ("share_a", "share_b", "difference", "diff_low", "diff_high"):
            table[column] = (100 * table[column]).round(1)
        for column in ("p_value", "p_adjusted"):
            table[column] = table[column].map(format_p)
        return table.rename(columns={"p_adjusted": f"p_{self.adjust}"})


def _pairs(groups: list[str], contrast: tuple[str, str] | str | None, notes: list[str],
           focal: tuple[str, str] = FOCAL_GROUPS) -> list[tuple[str, str]]:
    if contrast == "all":
        return list(itertools.combinations(groups, 2))
    if isinstance(contrast, str):
        raise ValueError(f"contrast is {contrast!r}, expected a pair of groups such as {focal} or 'all'")
    if contrast is None:
        if all(g in groups for g in focal):
            return [focal]
        if len(groups) == 2:
            return [(groups[0], groups[1])]
        notes.append(f"no contrast given and the focal groups {list(focal)} are not both present: no "
                     f"difference is tested; pass contrast=(a, b) or contrast='all'.")
        return []
    pair = tuple(contrast)
    if len(pair) != 2 or pair[0] == pair[1]:
        raise ValueError(f"contrast is {contrast!r}, expected two different groups")
    missing = [g for g in pair if g not in groups]
    if missing:
        raise ValueError(f"contrast group(s) {missing} not found among the groups {groups}")
    return [(pair[0], pair[1])]


_PER_FRAME_COLUMNS = frozenset({"frame", "label", "tokens", "hits", "rate", "present", "coded", "not_coded_reason",
                                "article_id"})


def compare_frames(
    coded: pd.DataFrame,
    by: str = "ownership",
    *,
    measure: str = "present",
    groups: list[str] | None = None,
    contrast: tuple[str, str] | str | None = None,
    strata: str | None = None,
    confidence: float = CONFIDENCE,
    adjust: str = "holm",
) -> FrameComparison:
    """Compare frame use between the groups of column ``by``.

    Parameters
    ----------
    coded : DataFrame
        Output of :func:`frresearch.code_frames`.
    by : str
        Any column of ``coded`` (``ownership``, ``outlet``, ``country``...).
    measure : str
        What a frame's share counts: ``"present"`` (a cue term anywhere),
        ``"in_headline"``, ``"in_lead"`` or ``"dominant"`` (see
        :mod:`frresearch.frames.measures`). Articles where the measure is
        undefined (no title, no lead) are left out, with a note. Rates count
        hits in the whole article whatever the measure.
    groups : list of str, optional
        Groups to describe, in this order; default: every group, sorted.
    contrast : (str, str), "all" or None
        The pair whose differences are tested (a minus b). ``None``:
        the focal pair of ``by`` (``settings.FOCAL_GROUPS_BY``: state and
        commercial for ownership, party organs and market-oriented papers for
        orientation; else ``settings.FOCAL_GROUPS``) when both are present, the only pair when
        there are two groups, otherwise none (with a note). ``"all"``: every pair.
    strata : str, optional
        A column (``story_id``, ``language``, a period...) to compare within:
        adds :attr:`FrameComparison.stratified` with the Mantel–Haenszel odds
        ratio, its interval and the Cochran–Mantel–Haenszel test beside the
        pooled result; ``differs`` is True where the two reach different
        conclusions (adjusted p on either side of ``1 - confidence``) or point
        in opposite directions.
    confidence : float
        Interval level, between 0 and 1; tests use ``1 - confidence``.
    adjust : {"holm", "bh", "none"}
        Multiplicity adjustment over every difference tested together.

    Returns
    -------
    FrameComparison
        Groups of fewer than :data:`~frresearch.settings.SMALL_GROUP`
        articles are flagged ``small_sample``, raise a
        :class:`SmallSampleWarning` and are not tested.
    """
    for column in (by, strata):
        if column is not None and column not in coded.columns:
            raise KeyError(f"column {column!r} is not in the coded table; available: {sorted(coded.columns)}")
        if column in _PER_FRAME_COLUMNS:
            raise ValueError(f"{column!r} is a column of the coding itself; frames are compared between groups "
                             "of articles: give an article attribute such as 'ownership', 'outlet' or 'country'")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence is {confidence!r}, expected a number between 0 and 1")
    if adjust not in ADJUSTMENTS:
        raise ValueError(f"adjust is {adjust!r}, expected one of {sorted(ADJUSTMENTS)}")
    not_coded = coded.loc[~coded["coded"], "article_id"].nunique()
    coded, notes = select_measure(coded, measure)
    if not_coded:
        notes.append(f"{not_coded} article(s) not coded (language not covered by the codebook, or a frame without "
                     f"terms in it) are left out where not coded.")
    columns = list(dict.fromkeys(["article_id", by, "frame", "present", "hits", "tokens"]
                                 + ([strata] if strata else [])))
    table = coded.loc[coded["coded"], columns].copy()
    for column in {by, strata} - {None}:
        table[column] = table[column].fillna("(missing)").astype(str).replace("", "(missing)")
    available = sorted(table[by].unique())
    groups = list(groups) if groups is not None else available
    missing = [g for g in groups if g not in available]
    if missing:
        raise ValueError(f"group(s) {missing} not found in column {by!r}; found {available}")
    table = table[table[by].isin(groups)]
    frames = list(dict.fromkeys(table["frame"]))
    pairs = _pairs(groups, contrast, notes, FOCAL_GROUPS_BY.get(by, FOCAL_GROUPS))

    group_rows, counts = [], {}
    for group in groups:
        part = table[table[by] == group]
        present = part.pivot(index="article_id", columns="frame", values="present").reindex(columns=frames)
        hits = part.pivot(index="article_id", columns="frame", values="hits").reindex(columns=frames)
        tokens = part.groupby("article_id")["tokens"].first().reindex(hits.index).to_numpy(dtype="float64")
        n = len(present)
        k = present.astype("int64").sum().to_numpy()
        counts[group] = (k, n)
        low, high = share_interval(k, np.full(len(frames), n), confidence)
        small = n < SMALL_GROUP
        for i, frame in enumerate(frames):
            frame_hits = hits[frame].to_numpy(dtype="float64")
            rate, rate_low, rate_high = rate_interval(frame_hits, tokens, confidence)
            group_rows.append((group, frame, n, int(k[i]), k[i] / n, low[i], high[i], int(frame_hits.sum()),
                               int(tokens.sum()), rate, rate_low, rate_high, small))
        if small:
            message = (f"group {by} = {group!r} has only {n} coded article(s): its shares and intervals "
                       f"describe these articles, not the group's coverage in general, and no difference is tested.")
            notes.append(message)
            warnings.warn(message, SmallSampleWarning, stacklevel=2)

    diff_rows = []
    for a, b in pairs:
        (k_a, n_a), (k_b, n_b) = counts[a], counts[b]
        low, high, p = difference_score(k_a, n_a, k_b, n_b, confidence)
        for i, frame in enumerate(frames):
            diff_rows.append((a, b, frame, n_a, n_b, int(k_a[i]), int(k_b[i]), k_a[i] / n_a, k_b[i] / n_b,
                              k_a[i] / n_a - k_b[i] / n_b, low[i], high[i], p[i], min(n_a, n_b) < SMALL_GROUP))

    group_table = pd.DataFrame(group_rows, columns=[
        by, "frame", "n_articles", "n_using", "share", "share_low", "share_high", "hits", "tokens", "rate",
        "rate_low", "rate_high", "small_sample"])
    diff_table = pd.DataFrame(diff_rows, columns=[
        "group_a", "group_b", "frame", "n_a", "n_b", "n_using_a", "n_using_b", "share_a", "share_b", "difference",
        "diff_low", "diff_high", "p_value", "small_sample"])
    tested = ~diff_table["small_sample"].astype(bool)
    diff_table.insert(13, "p_adjusted", adjust_p_values(diff_table["p_value"].where(tested), adjust))
    stratified = None
    if strata is not None:
        stratified = stratified_differences(table, by, strata, diff_table, confidence, adjust, notes)
    return FrameComparison(by, group_table, diff_table, notes, stratified, strata, confidence, adjust,
                           measure=measure)


def summarize_comparison(comparison: FrameComparison) -> list[str]:
    """What the comparison supports, in plain sentences, from the adjusted p-values.

    A difference is reported as found only when both groups have at least
    ``SMALL_GROUP`` articles and the adjusted p-value is below
    ``1 - confidence``; the adjustment and the number of tests are stated.
    """
    lines = list(comparison.notes)
    table = comparison.differences
    alpha = round(1 - comparison.confidence, 10)
    adjustment = _ADJUST_NAMES[comparison.adjust]
    if table.empty:
        lines.append(f"No pair of {comparison.by!r} groups is compared: there is nothing to test.")
        return lines
    n_tests = int((~table["small_sample"].astype(bool)).sum())
    for (a, b), pair in table.groupby(["group_a", "group_b"], sort=False):
        n_a, n_b = int(pair["n_a"].iloc[0]), int(pair["n_b"].iloc[0])
        head = f"{a} (n = {n_a}) vs {b} (n = {n_b}):"
        if min(n_a, n_b) < SMALL_GROUP:
            lines.append(f"{head} too few articles to test differences; the shares describe these articles only "
                         f"and cannot show that the groups frame the story differently.")
            continue
        found = pair[pair["p_adjusted"] < alpha]
        family = f"{adjustment} adjustment over {n_tests} tests"
        if found.empty:
            lines.append(f"{head} no frame's share differs at adjusted p < {alpha:g} ({family}).")
        else:
            parts = [f"{row.frame} ({row.share_a:.0%} vs {row.share_b:.0%}, difference {row.difference:+.0%} "
                     f"[{row.diff_low:+.0%}, {row.diff_high:+.0%}], adjusted p {_p_phrase(row.p_adjusted)})"
                     for row in found.itertuples()]
            lines.append(f"{head} shares differ at adjusted p < {alpha:g} for " + "; ".join(parts) + f" ({family}).")
    if comparison.stratified is not None and comparison.stratified["p_cmh"].notna().any():
        differing = comparison.stratified[comparison.stratified["differs"]]
        if differing.empty:
            lines.append(f"Within {comparison.strata!r} strata the conclusions are the same as pooled.")
        else:
            lines.append(f"Within {comparison.strata!r} strata the conclusion changes for: "
                         + ", ".join(differing["frame"]) + " (see the stratified table).")
    return lines


def _p_phrase(p: float) -> str:
    text = format_p(p)
    return text if text.startswith("<") else f"= {text}"


def compare_measures(coded: pd.DataFrame, by: str = "ownership", *, contrast: tuple[str, str] | str | None = None,
                     measures: tuple[str, ...] = MEASURES) -> dict[str, FrameComparison]:
    """One :func:`compare_frames` per measure (presence, headline, lead, dominant frame), same groups and contrast."""
    return {measure: compare_frames(coded, by, measure=measure, contrast=contrast) for measure in measures}


def stack_measures(comparisons: dict[str, FrameComparison], part: str = "groups") -> pd.DataFrame:
    """The ``groups`` or ``differences`` tables of :func:`compare_measures`, one table with a ``measure`` column.

    >>> stack_measures({"present": FrameComparison("ownership", pd.DataFrame({"share": [0.5]}),
    ...                                            pd.DataFrame())})["measure"].tolist()
    ['present']
    """
    if part not in ("groups", "differences"):
        raise ValueError(f"part is {part!r}, expected 'groups' or 'differences'")
    tables = {measure: getattr(comparison, part) for measure, comparison in comparisons.items()}
    return pd.concat(tables, names=["measure"]).reset_index(level=0).reset_index(drop=True)
