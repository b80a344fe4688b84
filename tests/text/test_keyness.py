from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from frresearch import compare_vocabulary, distinctive_terms, fightin_words, informative_prior, log_likelihood
from frresearch.text.keyness import PRIOR_WEIGHT


def test_fightin_words_against_hand_computation():
    # y^a = {x: 2, y: 0}, y^b = {x: 1, y: 3}, alpha_w = 0.5, so n^a = 2, n^b = 4, alpha_0 = 1.
    # delta_x = ln(2.5 / 0.5) - ln(1.5 / 3.5) = 2.456736;  var_x = 1/2.5 + 1/1.5 = 1.066667;  z_x = 2.378724
    # delta_y = ln(0.5 / 2.5) - ln(3.5 / 1.5) = -2.456736; var_y = 1/0.5 + 1/3.5 = 2.285714;  z_y = -1.624978
    table = fightin_words(pd.Series({"x": 2}), pd.Series({"x": 1, "y": 3}), prior=0.5).set_index("term")
    assert table.loc["x", "delta"] == pytest.approx(2.456736, abs=1e-6)
    assert table.loc["x", "variance"] == pytest.approx(1.066667, abs=1e-6)
    assert table.loc["x", "z"] == pytest.approx(2.378724, abs=1e-6)
    assert table.loc["y", "delta"] == pytest.approx(-2.456736, abs=1e-6)
    assert table.loc["y", "z"] == pytest.approx(-1.624978, abs=1e-6)
    assert (table.loc["y", "count_a"], table.loc["y", "count_b"]) == (0, 3)
    assert list(table.index) == ["x", "y"]


def test_fightin_words_with_a_per_term_prior():
    prior = informative_prior(pd.Series({"x": 3, "y": 1}), alpha0=2.0)
    assert prior.to_dict() == {"x": 1.5, "y": 0.5}
    table = fightin_words(pd.Series({"x": 2}), pd.Series({"x": 1, "y": 3}), prior=prior).set_index("term")
    # alpha_0 = 2: delta_x = ln(3.5 / (2 + 2 - 2 - 1.5)) - ln(2.5 / (4 + 2 - 1 - 1.5))
    expected = math.log(3.5 / 0.5) - math.log(2.5 / 3.5)
    assert table.loc["x", "delta"] == pytest.approx(expected)
    with pytest.raises(ValueError, match="no value for 1 term"):
        fightin_words(pd.Series({"x": 2}), pd.Series({"z": 1}), prior=prior)
    with pytest.raises(ValueError, match="must be positive"):
        fightin_words(pd.Series({"x": 2}), pd.Series({"x": 1}), prior=0)


def test_log_likelihood_against_hand_computation():
    # term: 10 of 100 tokens in a, 2 of 100 in b. Expected counts 6, 6, 94, 94.
    # G2 = 2 (10 ln 10/6 + 2 ln 2/6 + 90 ln 90/94 + 98 ln 98/94) = 6.162592; p = erfc(sqrt(G2/2)) = 0.013048
    a = pd.Series({"term": 10, "other": 90})
    b = pd.Series({"term": 2, "other": 98})
    table = log_likelihood(a, b).set_index("term")
    assert table.loc["term", "G2"] == pytest.approx(6.162592, abs=1e-6)
    assert table.loc["term", "p"] == pytest.approx(0.013048, abs=1e-6)
    assert table.loc["other", "G2"] < 0  # leans to b
    assert table.loc["term", "freq_a"] == pytest.approx(100.0)


def test_term_absent_from_one_group_is_finite():
    table = log_likelihood(pd.Series({"only_a": 5, "shared": 5}), pd.Series({"shared": 10}))
    assert table["G2"].map(math.isfinite).all()
    fw = fightin_words(pd.Series({"only_a": 5, "shared": 5}), pd.Series({"shared": 10}))
    assert fw["z"].map(math.isfinite).all()
    assert fw.iloc[0]["term"] == "only_a"


def test_empty_group_is_an_error_for_log_likelihood():
    with pytest.raises(ValueError, match="both groups need tokens"):
        log_likelihood(pd.Series({"a": 1}), pd.Series(dtype="int64"))


def test_distinctive_terms_from_the_seed(seed_document):
    from frresearch import load_corpus

    articles = load_corpus(seed_document).articles
    fw = distinctive_terms(articles)
    top_state = set(fw.head(10)["term"])
    top_commercial = set(fw.tail(10)["term"])
    assert {"order", "application"} <= top_state
    assert {"surveillance", "restrict", "businesses"} <= top_commercial
    assert {"count_a", "count_b", "z"} <= set(fw.columns)
    ll = distinctive_terms(articles, method="log_likelihood")
    assert ll.iloc[-1]["term"] == "china" and ll.iloc[-1]["G2"] < 0
    with pytest.raises(ValueError, match="method is 'chi2'"):
        distinctive_terms(articles, method="chi2")
    pooled = distinctive_terms(articles, prior="pooled", alpha0=50)
    assert len(pooled) == len(fw)
    with pytest.raises(ValueError, match="prior is 'background'"):
        distinctive_terms(articles, prior="background")


def test_a_word_only_one_group_uses_ranks_as_distinctive():
    a = pd.Series({"shared": 300, "common": 1000, "alpha": 20})
    b = pd.Series({"shared": 250, "common": 1000, "only_b": 500, "alpha": 10})
    table = fightin_words(a, b)
    assert table.iloc[-1]["term"] == "only_b" and table.iloc[-1]["z"] < -10
    # the old uniform prior of 0.01 hid it (z about -1, milder than a shared word)
    assert fightin_words(a, b, prior=0.01).set_index("term").loc["only_b", "z"] > -1.5


def test_default_prior_is_the_pooled_informative_prior():
    a, b = pd.Series({"x": 2, "y": 5}), pd.Series({"x": 1, "y": 3, "z": 4})
    pooled = pd.Series({"x": 3, "y": 8, "z": 4})
    expected = fightin_words(a, b, prior=informative_prior(pooled, PRIOR_WEIGHT * 15))
    pd.testing.assert_frame_equal(fightin_words(a, b), expected)
    articles = pd.DataFrame({"ownership": ["state", "commercial"], "language": "en",
                             "text": ["order order security rules", "privacy surveillance rules rules"]})
    via_terms = distinctive_terms(articles).drop(columns=["group_a", "group_b"])
    via_vocabulary = compare_vocabulary(articles).fightin_words.drop(columns=["group_a", "group_b"])
    pd.testing.assert_frame_equal(via_terms, via_vocabulary)
    direct = fightin_words(pd.Series({"order": 2, "security": 1, "rules": 1}),
                           pd.Series({"privacy": 1, "surveillance": 1, "rules": 2}))
    pd.testing.assert_frame_equal(via_terms, direct)


def test_log_likelihood_against_scipy_on_random_counts():
    rng = np.random.default_rng(6)
    a = pd.Series(rng.integers(0, 40, 30), index=[f"t{i}" for i in range(30)])
    b = pd.Series(rng.integers(0, 40, 30), index=[f"t{i}" for i in range(30)])
    table = log_likelihood(a, b).set_index("term")
    for term in ["t0", "t7", "t19"]:
        observed = [[a[term], b[term]], [a.sum() - a[term], b.sum() - b[term]]]
        g2, p, _, _ = chi2_contingency(observed, correction=False, lambda_="log-likelihood")
        assert abs(table.loc[term, "G2"]) == pytest.approx(g2)
        assert table.loc[term, "p"] == pytest.approx(p)
    assert (table["p_adjusted"] >= table["p"]).all()


def test_williams_correction_by_hand():
    # The table of the test above: N = 200, R = (12, 188), C = (100, 100).
    # q = 1 + (200/12 + 200/188 - 1)(200/100 + 200/100 - 1) / 1200 = 1.0418262; G2 = 6.162592 / q = 5.915182
    table = log_likelihood(pd.Series({"term": 10, "other": 90}), pd.Series({"term": 2, "other": 98}),
                           williams=True).set_index("term")
    assert table.loc["term", "G2"] == pytest.approx(5.915182, abs=2e-6)


def test_a_group_of_only_stop_words_gets_a_note_not_an_error():
    articles = pd.DataFrame({"ownership": ["state", "commercial"], "language": ["en", "en"],
                             "text": ["The and of it is the a an.", "Privacy surveillance cameras regulation rules."]})
    vocabulary = compare_vocabulary(articles, "ownership", "state", "commercial")
    assert vocabulary.fightin_words.empty and vocabulary.log_likelihood.empty
    assert "['state'] holds only stop words" in vocabulary.notes[-1]
