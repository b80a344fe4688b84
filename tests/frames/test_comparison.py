from __future__ import annotations

import warnings

import pandas as pd
import pytest

from frresearch import SmallSampleWarning, compare_frames
from frresearch.frames.comparison import permutation_p_value


def _coded(groups: dict[str, list[bool]]) -> pd.DataFrame:
    rows = []
    for group, flags in groups.items():
        for i, flag in enumerate(flags):
            rows.append({"article_id": f"{group}{i}", "ownership": group, "frame": "f", "present": flag,
                         "rate": 10.0 * flag, "coded": True})
    frame = pd.DataFrame(rows)
    frame["present"] = frame["present"].astype("boolean")
    return frame


def test_exact_permutation_p_value_by_hand():
    # 3 of 5 vs 0 of 5: the 3 users fall all in group a with probability C(5,3)/C(10,3) = 10/120, and
    # all in group b likewise: two-sided p = 20/120.
    assert permutation_p_value(3, 5, 0, 5) == pytest.approx(1 / 6)
    # 1 of 1 vs 0 of 3: 4 equally likely placements of the one user, one as extreme each way... only
    # placements with the user in group a give |1 - 0| = 1, so p = 1/4.
    assert permutation_p_value(1, 1, 0, 3) == pytest.approx(0.25)
    assert permutation_p_value(2, 4, 2, 4) == pytest.approx(1.0)
    assert permutation_p_value(0, 0, 1, 3) == 1.0


def test_shares_intervals_and_difference():
    coded = _coded({"commercial": [True, False, False, False, False, True, False, False, False, False],
                    "state": [True, True, True, True, False, True, True, True, True, True]})
    result = compare_frames(coded, "ownership", n_boot=4000, seed=1)
    groups = result.groups.set_index("ownership")
    assert groups.loc["commercial", "share"] == pytest.approx(0.2)
    assert groups.loc["state", "share"] == pytest.approx(0.9)
    for _, row in groups.iterrows():
        assert row["share_low"] <= row["share"] <= row["share_high"]
        assert 0 <= row["share_low"] and row["share_high"] <= 1
    diff = result.differences.iloc[0]
    assert (diff["group_a"], diff["group_b"]) == ("commercial", "state")
    assert diff["difference"] == pytest.approx(-0.7)
    assert diff["diff_low"] < -0.7 < diff["diff_high"] < 0
    assert diff["p_value"] == pytest.approx(permutation_p_value(2, 10, 9, 10))
    assert not result.notes and not groups["small_sample"].any()
    assert groups.loc["state", "mean_rate"] == pytest.approx(9.0)


def test_seeded_bootstrap_is_deterministic():
    coded = _coded({"a": [True, False] * 5, "b": [True, True, False] * 4})
    one = compare_frames(coded, n_boot=500, seed=7)
    two = compare_frames(coded, n_boot=500, seed=7)
    pd.testing.assert_frame_equal(one.groups, two.groups)
    pd.testing.assert_frame_equal(one.differences, two.differences)


def test_group_of_one_warns_and_is_flagged():
    coded = _coded({"state": [True], "commercial": [False, True, False]})
    with pytest.warns(SmallSampleWarning) as caught:
        result = compare_frames(coded)
    assert sorted(str(w.message).split(" has only ")[1][:1] for w in caught) == ["1", "3"]
    state = result.groups.set_index("ownership").loc["state"]
    assert state["n_articles"] == 1 and state["small_sample"]
    assert (state["share_low"], state["share_high"]) == (1.0, 1.0)
    assert pd.isna(state["rate_low"])
    assert result.differences["small_sample"].all()
    assert any("only 1" in note for note in result.notes)


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
    with pytest.raises(ValueError, match=r"group\(s\) \['c'\] not found"):
        compare_frames(coded, groups=["a", "c"])
    with pytest.raises(ValueError, match="confidence is 95"):
        compare_frames(coded, confidence=95)
