from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from frresearch import SmallSampleWarning, compare_frames, summarize_comparison
from frresearch.stats import difference_score, share_interval


def _coded(groups: dict[str, list[bool]], frame: str = "f", strata: dict[str, list[str]] | None = None) -> pd.DataFrame:
    rows = []
    for group, flags in groups.items():
        for i, flag in enumerate(flags):
            row = {"article_id": f"{group}{i}", "ownership": group, "frame": frame, "present": flag,
                   "hits": int(flag), "tokens": 100, "coded": True}
            if strata:
                row["period"] = strata[group][i]
            rows.append(row)
    table = pd.DataFrame(rows)
    table["present"] = table["present"].astype("boolean")
    table["hits"] = table["hits"].astype("Int64")
    return table


def test_shares_intervals_and_difference():
    coded = _coded({"commercial": [True, False, False, False, False, True, False, False, False, False],
                    "state": [True, True, True, True, False, True, True, True, True, True]})
    result = compare_frames(coded, "ownership")
    groups = result.groups.set_index("ownership")
    assert groups.loc["commercial", "share"] == pytest.approx(0.2)
    low, high = share_interval(2, 10)
    assert (groups.loc["commercial", "share_low"], groups.loc["commercial", "share_high"]) == (low, high)
    diff = result.differences.iloc[0]
    assert (diff["group_a"], diff["group_b"]) == ("state", "commercial")  # the focal contrast, in its order
    assert diff["difference"] == pytest.approx(0.7)
    expected = difference_score(9, 10, 2, 10)
    assert (diff["diff_low"], diff["diff_high"], diff["p_value"]) == pytest.approx(tuple(map(float, expected)))
    assert diff["p_adjusted"] == pytest.approx(diff["p_value"])  # one test: nothing to adjust
    assert groups.loc["state", "rate"] == pytest.approx(9.0) and groups.loc["state", "hits"] == 9
    assert result.confidence == 0.95 and "Clopper" in result.interval_method


def test_zero_and_full_shares_have_intervals_of_positive_width():
    coded = _coded({"a": [False] * 30, "b": [True] * 30})
    result = compare_frames(coded)
    widths = result.groups["share_high"] - result.groups["share_low"]
    assert (widths > 0.05).all()
    diff = result.differences.iloc[0]
    assert diff["diff_high"] < 0 and 0 < diff["p_value"] < 0.001
    assert result.display().iloc[0]["p_holm"] == "< 0.001"


def test_holm_and_benjamini_hochberg_across_frames():
    coded = pd.concat([_coded({"state": [True] * 8 + [False] * 2, "commercial": [True] * 3 + [False] * 7}, frame=f)
                       for f in ("f1", "f2", "f3")])
    holm = compare_frames(coded).differences
    assert holm["p_adjusted"].to_numpy() == pytest.approx(np.minimum(1, 3 * holm["p_value"].to_numpy()))
    bh = compare_frames(coded, adjust="bh").differences
    assert bh["p_adjusted"].to_numpy() == pytest.approx(bh["p_value"].to_numpy())  # equal p-values: BH keeps them
    with pytest.raises(ValueError, match="adjust is 'bonferroni'"):
        compare_frames(coded, adjust="bonferroni")


def test_summary_speaks_from_adjusted_p_values():
    # p about 0.03 for each of three frames: significant raw, not after Holm (0.09).
    coded = pd.concat([_coded({"state": [True] * 7 + [False] * 5, "commercial": [True] * 2 + [False] * 10}, frame=f)
                       for f in ("f1", "f2", "f3")])
    result = compare_frames(coded)
    assert (result.differences["p_value"] < 0.05).all() and (result.differences["p_adjusted"] > 0.05).all()
    summary = " ".join(summarize_comparison(result))
    assert "no frame's share differs at adjusted p < 0.05" in summary and "Holm adjustment over 3 tests" in summary


def test_focal_contrast_default_and_all_pairs_on_request():
    with pytest.warns(SmallSampleWarning):
        coded = _coded({"state": [True] * 6, "commercial": [False] * 6, "public": [True, False]})
        focal = compare_frames(coded)
        everything = compare_frames(coded, contrast="all")
        chosen = compare_frames(coded, contrast=("commercial", "public"))
    assert focal.differences[["group_a", "group_b"]].drop_duplicates().values.tolist() == [["state", "commercial"]]
    assert len(everything.differences) == 3
    assert everything.differences.loc[everything.differences["small_sample"], "p_adjusted"].isna().all()
    assert chosen.differences[["group_a", "group_b"]].values.tolist() == [["commercial", "public"]]
    with pytest.raises(ValueError, match=r"contrast group\(s\) \['party'\]"):
        compare_frames(coded, contrast=("state", "party"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        none = compare_frames(_coded({"x": [True] * 5, "y": [False] * 5, "z": [True] * 5}))
    assert none.differences.empty and "contrast='all'" in none.notes[-1]


def test_orientation_has_its_own_focal_pair_and_a_missing_orientation_is_a_group():
    coded = _coded({"party_organ": [True] * 6, "market_oriented": [False] * 6, "central_media": [True] * 5,
                    "": [False] * 5}).rename(columns={"ownership": "orientation"})
    comparison = compare_frames(coded, by="orientation")
    assert comparison.differences[["group_a", "group_b"]].values.tolist() == [["party_organ", "market_oriented"]]
    assert sorted(comparison.groups["orientation"]) == ["(missing)", "central_media", "market_oriented",
                                                         "party_organ"]


def test_stratified_comparison_reveals_a_confound():
    # Within each period the groups use the frame equally; state articles are mostly from the period with
    # more use, so the pooled comparison finds a difference that the strata do not.
    state = [True] * 9 + [False] * 1 + [True] * 0 + [False] * 2
    commercial = [True] * 3 + [False] * 0 + [True] * 1 + [False] * 10
    periods = {"state": ["2023"] * 10 + ["2025"] * 2, "commercial": ["2023"] * 3 + ["2025"] * 11}
    result = compare_frames(_coded({"state": state, "commercial": commercial}, strata=periods), strata="period")
    row = result.stratified.iloc[0]
    assert result.differences.iloc[0]["p_adjusted"] < 0.05
    assert row["p_cmh_adjusted"] > 0.05 and row["differs"] and row["n_strata"] == 2
    assert any("differs from the pooled one" in note for note in result.notes)
    assert "conclusion changes for: f" in summarize_comparison(result)[-1]


def test_stratified_matches_statsmodels_on_random_strata():
    from statsmodels.stats.contingency_tables import StratifiedTable

    rng = np.random.default_rng(5)
    flags = {g: list(rng.random(40) < share) for g, share in (("state", 0.5), ("commercial", 0.3))}
    periods = {g: list(rng.choice(["p1", "p2", "p3"], 40)) for g in flags}
    coded = _coded(flags, strata=periods)
    row = compare_frames(coded, strata="period").stratified.iloc[0]
    tables = []
    for period in ("p1", "p2", "p3"):
        cells = []
        for g in ("state", "commercial"):
            used = [f for f, p in zip(flags[g], periods[g]) if p == period]
            cells.append([sum(used), len(used) - sum(used)])
        tables.append(cells)
    reference = StratifiedTable(np.moveaxis(np.array(tables, dtype=float), 0, -1))
    assert row["odds_ratio_mh"] == pytest.approx(reference.oddsratio_pooled)
    assert row["p_cmh"] == pytest.approx(reference.test_null_odds(correction=False).pvalue)


def test_group_of_one_warns_and_is_flagged():
    coded = _coded({"state": [True], "commercial": [False, True, False]})
    with pytest.warns(SmallSampleWarning) as caught:
        result = compare_frames(coded)
    assert sorted(str(w.message).split(" has only ")[1][:1] for w in caught) == ["1", "3"]
    state = result.groups.set_index("ownership").loc["state"]
    assert state["n_articles"] == 1 and state["small_sample"]
    assert state["share_low"] < state["share_high"] == 1.0
    assert result.differences["small_sample"].all() and result.differences["p_adjusted"].isna().all()
    assert any("only 1" in note for note in result.notes)
    assert "too few articles" in summarize_comparison(result)[-1]


def test_not_coded_articles_are_left_out_with_a_note():
    coded = _coded({"a": [True] * 6, "b": [False] * 6})
    coded.loc[0, "coded"] = False
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = compare_frames(coded)
    assert result.groups.set_index("ownership").loc["a", "n_articles"] == 5
    assert "1 article(s) not coded" in result.notes[0]


def test_bad_arguments_name_the_value():
    coded = _coded({"a": [True] * 5, "b": [False] * 5})
    with pytest.raises(KeyError, match="column 'party'"):
        compare_frames(coded, by="party")
    with pytest.raises(KeyError, match="column 'era'"):
        compare_frames(coded, strata="era")
    with pytest.raises(ValueError, match=r"group\(s\) \['c'\] not found"):
        compare_frames(coded, groups=["a", "c"])
    with pytest.raises(ValueError, match="confidence is 95"):
        compare_frames(coded, confidence=95)
    with pytest.raises(ValueError, match="contrast is 'a'"):
        compare_frames(coded, contrast="a")


@pytest.mark.parametrize("by", ["frame", "hits", "article_id"])
def test_comparing_by_a_column_of_the_coding_itself_is_a_clear_error(by):
    from frresearch import code_frames, compare_frames, load_codebook, load_corpus

    coded = code_frames(load_corpus().articles, load_codebook())
    with pytest.raises(ValueError, match=f"'{by}' is a column of the coding itself"):
        compare_frames(coded, by=by)
