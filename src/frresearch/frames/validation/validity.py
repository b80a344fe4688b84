"""The dictionary against the coders' majority: precision, recall, F1, and per-term diagnostics."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

import numpy as np
import pandas as pd

from ..codebook import Codebook

__all__ = ["human_majority", "dictionary_validity", "term_diagnostics", "revise_codebook"]


def human_majority(codes: pd.DataFrame) -> pd.DataFrame:
    """Per article and frame: the majority of the non-blank human codes, or missing on a tie or no code."""
    known = codes.dropna(subset=["code"])
    tally = known.groupby(["article_id", "frame"])["code"].agg(ones="sum", n="size").reset_index()
    tally["ones"] = tally["ones"].astype(int)
    zeros = tally["n"] - tally["ones"]
    majority = pd.array(np.where(tally["ones"] > zeros, 1, 0), dtype="Int64")
    majority[(tally["ones"] == zeros).to_numpy()] = pd.NA
    tally["majority"] = majority
    tally["tie"] = (tally["ones"] == zeros).to_numpy()
    return tally[["article_id", "frame", "n", "ones", "majority", "tie"]]

def dictionary_validity(coded: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
    """Precision, recall and F1 of the dictionary's presence against the human majority, per frame.

    Returns
    -------
    DataFrame
        ``frame``, ``n_units`` (articles with a human majority), ``n_ties``,
        ``true_pos``, ``false_pos``, ``false_neg``, ``true_neg``,
        ``precision``, ``recall``, ``f1`` (missing when undefined).
    """
    majority = human_majority(codes)
    dictionary = coded[coded["coded"]][["article_id", "frame", "present"]]
    merged = majority.merge(dictionary, on=["article_id", "frame"], how="inner")
    rows = []
    for frame in dict.fromkeys(codes["frame"]):
        part = merged[merged["frame"] == frame]
        decided = part[~part["tie"]]
        gold = decided["majority"].astype(int).to_numpy() == 1
        found = decided["present"].astype(bool).to_numpy()
        tp, fp = int((gold & found).sum()), int((~gold & found).sum())
        fn, tn = int((gold & ~found).sum()), int((~gold & ~found).sum())
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / (tp + fn) if tp + fn else float("nan")
        f1 = 2 * precision * recall / (precision + recall) if tp else (0.0 if (fp or fn) else float("nan"))
        rows.append({"frame": frame, "n_units": len(decided), "n_ties": int(part["tie"].sum()), "true_pos": tp,
                     "false_pos": fp, "false_neg": fn, "true_neg": tn, "precision": precision, "recall": recall,
                     "f1": f1})
    return pd.DataFrame(rows)

def term_diagnostics(matches: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
    """How often each cue term fired on articles whose human majority says the frame is absent.

    Returns
    -------
    DataFrame
        ``frame``, ``term``, ``articles_fired`` (validated articles where the
        term matched), ``fired_on_absent`` (of those, majority 0) and
        ``share_on_absent``; worst first. Terms with a high share are
        candidates for :func:`revise_codebook`.
    """
    majority = human_majority(codes).dropna(subset=["majority"])
    fired = matches[["article_id", "frame", "term"]].drop_duplicates()
    merged = fired.merge(majority[["article_id", "frame", "majority"]], on=["article_id", "frame"])
    table = (merged.assign(absent=merged["majority"].astype(int) == 0)
             .groupby(["frame", "term"], sort=True)
             .agg(articles_fired=("article_id", "size"), fired_on_absent=("absent", "sum")).reset_index())
    table["fired_on_absent"] = table["fired_on_absent"].astype(int)
    table["share_on_absent"] = table["fired_on_absent"] / table["articles_fired"]
    return table.sort_values(["share_on_absent", "fired_on_absent", "frame", "term"],
                             ascending=[False, False, True, True]).reset_index(drop=True)

def revise_codebook(codebook: Codebook, drop: Mapping[str, Iterable[str]]) -> Codebook:
    """A copy of ``codebook`` without the cue terms in ``drop`` (frame key -> terms to remove).

    Raises ``KeyError`` for an unknown frame, ``ValueError`` for a term the
    frame does not have or when a frame would be left without terms. Write
    the result with :meth:`Codebook.write`.
    """
    drop = {key: set(terms) for key, terms in drop.items()}
    unknown = sorted(set(drop) - set(codebook.keys()))
    if unknown:
        raise KeyError(f"frame(s) {unknown} are not in the codebook; frames are {codebook.keys()}")
    frames = []
    for frame in codebook.frames:
        remove = set(drop.get(frame.key, ()))
        absent = sorted(remove - set(frame.terms))
        if absent:
            raise ValueError(f"frame {frame.key!r} has no term(s) {absent}")
        kept = frame.without(remove)
        if not kept.terms:
            raise ValueError(f"dropping {sorted(remove)} would leave frame {frame.key!r} without terms")
        frames.append(kept)
    version = f"{codebook.version}-revised" if codebook.version else "revised"
    return replace(codebook, version=version, frames=tuple(frames))
