"""Agreement between human coders: Krippendorff's alpha, percent agreement, Cohen's kappa."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from nltk.metrics.agreement import AnnotationTask

__all__ = ["ALPHA_RELIABLE", "ALPHA_TENTATIVE", "reliability"]


ALPHA_RELIABLE = 0.800

ALPHA_TENTATIVE = 0.667

def _percent_agreement(units: pd.DataFrame) -> float:
    scores = []
    for _, values in units.groupby("article_id")["code"]:
        values = list(values)
        pairs = list(itertools.combinations(values, 2))
        scores.append(sum(a == b for a, b in pairs) / len(pairs))
    return float(np.mean(scores)) if scores else float("nan")

def _agreement_row(codes: pd.DataFrame, frame: str) -> dict:
    known = codes.dropna(subset=["code"])
    counts = known.groupby("article_id")["code"].transform("size")
    pairable = known[counts >= 2]
    row = {"frame": frame, "coders": codes["coder"].nunique(), "n_units": pairable["article_id"].nunique(),
           "n_codes": len(pairable), "alpha": float("nan"), "percent_agreement": _percent_agreement(pairable),
           "kappa": float("nan"), "n_units_kappa": 0, "note": ""}
    if pairable.empty:
        row["note"] = "no unit has two codes"
        return row
    labels = set(pairable["code"].astype(int))
    data = [(c, f"{a}|{f}", int(v)) for c, a, f, v in pairable[["coder", "article_id", "frame", "code"]]
            .itertuples(index=False)]
    if len(labels) == 1:
        row["note"] = f"every code is {labels.pop()}: alpha and kappa are undefined (no variation)"
    else:
        row["alpha"] = AnnotationTask(data=data).alpha()
    coders = sorted(codes["coder"].unique())
    if len(coders) == 2 and len(labels) > 1:
        both = pairable.groupby(["article_id", "frame"])["coder"].transform("nunique") == 2
        complete = pairable[both]
        row["n_units_kappa"] = complete[["article_id", "frame"]].drop_duplicates().shape[0]
        if row["n_units_kappa"]:
            task = AnnotationTask(data=[(c, f"{a}|{f}", int(v)) for c, a, f, v in
                                        complete[["coder", "article_id", "frame", "code"]].itertuples(index=False)])
            try:
                row["kappa"] = task.kappa()
            except (ValueError, ZeroDivisionError):
                row["note"] = "kappa undefined: one coder gave a single value throughout"
    return row

def reliability(codes: pd.DataFrame) -> pd.DataFrame:
    """Agreement between coders per frame and over all frames.

    Returns
    -------
    DataFrame
        One row per frame and a last row ``frame = "(all frames)"`` with
        units pooled: ``coders``, ``n_units`` (units with two or more codes),
        ``n_codes``, ``alpha`` (Krippendorff, nominal), ``percent_agreement``
        (mean share of agreeing coder pairs per unit), ``kappa`` (Cohen, two
        coders only) with ``n_units_kappa``, and ``note``.
    """
    rows = [_agreement_row(part, str(frame)) for frame, part in codes.groupby("frame", sort=False)]
    pooled = codes.assign(article_id=codes["article_id"] + "|" + codes["frame"])
    rows.append(_agreement_row(pooled, "(all frames)"))
    return pd.DataFrame(rows)
