"""Frame measures beyond presence: dominant frames, the measure a comparison uses, saturation.

Presence (a frame's cue term anywhere in the article) saturates on a story
where every article mentions the rules and privacy: a frame present in nearly
every article of every group cannot show how the groups differ. The headline
and the lead, the main framing devices of a news text (Pan and Kosicki 1993;
Tankard 2001), and the frame that dominates an article can.

Measures, each a 0/1 value per article and frame (see
:func:`frresearch.frames.coding.code_frames` for the columns):

- ``"present"``: at least one cue term in the article;
- ``"in_headline"``: a cue term in the title;
- ``"in_lead"``: a cue term in the lead;
- ``"dominant"``: the frame is the article's dominant frame (:func:`dominant_frames`).
"""

from __future__ import annotations

import pandas as pd

from .coding import ARTICLE_KEY_COLUMNS

__all__ = ["MEASURES", "SATURATION", "dominant_frames", "measure_values", "select_measure", "saturated_frames"]

MEASURES = ("present", "in_headline", "in_lead", "dominant")
# A frame present in at least this share of every group's articles is saturated.
SATURATION = 0.9

_UNDEFINED = {
    "in_headline": "without a title",
    "in_lead": "without a lead (no body and no excerpt)",
}


def dominant_frames(coded: pd.DataFrame) -> pd.DataFrame:
    """The frame that dominates each article: the one with the highest emphasis.

    Ties on emphasis go to a frame in the headline, then to one in the lead,
    then to the frame whose first hit comes first in the text; frames tied
    on all of these (their first hits at the same token) follow codebook order.

    Parameters
    ----------
    coded : DataFrame
        Output of :func:`frresearch.code_frames`.

    Returns
    -------
    DataFrame
        One row per article: its key columns, ``dominant_frame`` (missing when
        the article has no frame hit or is not coded), ``emphasis`` (the
        dominant frame's), ``tied`` (another frame had the same emphasis) and
        ``decided_by`` (``"emphasis"``, ``"headline"``, ``"lead"``,
        ``"first occurrence"`` or ``"codebook order"``; missing without a
        dominant frame).
    """
    keys = [c for c in ARTICLE_KEY_COLUMNS if c in coded.columns]
    table = coded.assign(_order=coded.groupby("article_id", sort=False).cumcount())
    table["_headline"] = table["in_headline"].fillna(False).astype(bool)
    table["_lead"] = table["in_lead"].fillna(False).astype(bool)
    table["_first"] = table["first_hit"].astype("float64").fillna(float("inf"))
    ranked = table[table["coded"] & (table["hits"].fillna(0) > 0)].sort_values(
        ["article_id", "emphasis", "_headline", "_lead", "_first", "_order"],
        ascending=[True, False, False, False, True, True], kind="stable")
    top = ranked.groupby("article_id", sort=False).nth(0).set_index("article_id")
    second = ranked.groupby("article_id", sort=False).nth(1).set_index("article_id").reindex(top.index)
    tied = second["emphasis"].eq(top["emphasis"])
    decided_by = pd.Series("emphasis", index=top.index, dtype=object)
    rules = [("codebook order", "_order"), ("first occurrence", "_first"), ("lead", "_lead"),
             ("headline", "_headline")]
    # The first criterion (from the headline on) on which the winner beats the runner-up decided the tie.
    for rule, column in rules:
        decided_by[tied & (top[column] != second[column])] = rule
    articles = coded.drop_duplicates("article_id")[keys].set_index("article_id")
    result = articles.assign(dominant_frame=top["frame"], emphasis=top["emphasis"],
                             tied=tied.reindex(articles.index).fillna(False).astype(bool),
                             decided_by=decided_by)
    return result.reset_index()


def measure_values(coded: pd.DataFrame, measure: str) -> pd.Series:
    """The 0/1 value of ``measure`` (one of :data:`MEASURES`) per row of ``coded``; missing where undefined.

    Undefined: not coded (every measure), no title (``in_headline``), no lead
    (``in_lead``). For ``"dominant"``, an article with no frame hit has 0 for
    every frame, so dominant-frame shares of a group sum to one minus the
    share of articles without any frame.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure is {measure!r}, expected one of {MEASURES}")
    if measure != "dominant":
        return coded[measure].astype("boolean")
    dominant = dominant_frames(coded).set_index("article_id")["dominant_frame"]
    values = pd.array(coded["frame"].to_numpy() == coded["article_id"].map(dominant).to_numpy(), dtype="boolean")
    values[~coded["coded"].to_numpy(dtype=bool)] = pd.NA
    return pd.Series(values, index=coded.index, name="dominant")


def select_measure(coded: pd.DataFrame, measure: str = "present") -> tuple[pd.DataFrame, list[str]]:
    """``coded`` with ``present`` replaced by ``measure``'s values, and notes on articles left out.

    Articles where the measure is undefined (no title for ``in_headline``, no
    lead for ``in_lead``) are marked ``coded = False`` so that a comparison
    leaves them out; the notes count them. This is the step
    :func:`frresearch.compare_frames` takes for its ``measure`` argument.
    """
    values = measure_values(coded, measure)
    if measure == "present":
        return coded, []
    table = coded.assign(present=values)
    undefined = table["coded"].to_numpy(dtype=bool) & values.isna().to_numpy()
    notes = []
    if undefined.any():
        count = table.loc[undefined, "article_id"].nunique()
        notes.append(f"{count} coded article(s) {_UNDEFINED[measure]} are left out of the {measure!r} measure.")
        table["coded"] = table["coded"] & ~undefined
    return table, notes


def saturated_frames(coded: pd.DataFrame, by: str = "ownership", threshold: float = SATURATION) -> pd.DataFrame:
    """Frames present in at least ``threshold`` of the coded articles of every group of ``by``.

    Such a frame is uninformative for presence: nearly every article of every
    group has one of its cue terms, so presence cannot show how groups differ.
    Compare the headline, the lead or the dominant frame instead.

    Returns
    -------
    DataFrame
        One row per frame, in codebook order: ``frame``, the presence share
        in each group (one column per group, sorted), ``lowest_share`` and
        ``saturated``.
    """
    if by not in coded.columns:
        raise KeyError(f"column {by!r} is not in the coded table; available: {sorted(coded.columns)}")
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold is {threshold!r}, expected a share above 0 and at most 1")
    table = coded[coded["coded"]].copy()
    table[by] = table[by].fillna("(missing)").astype(str).replace("", "(missing)")
    frames = list(dict.fromkeys(coded["frame"]))
    shares = (table.assign(present=table["present"].astype(float))
              .pivot_table(index="frame", columns=by, values="present", aggfunc="mean")
              .reindex(frames))
    shares.columns = [str(c) for c in shares.columns]
    lowest = shares.min(axis=1)
    result = shares.assign(lowest_share=lowest, saturated=lowest.ge(threshold) & shares.notna().all(axis=1))
    return result.reset_index().rename_axis(columns=None)
