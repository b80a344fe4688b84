from __future__ import annotations

import math

import pandas as pd
import pytest

from frresearch import CodingSheetError, code_frames, frame_matches, load_codebook, load_corpus
from frresearch.corpus.synthetic import make_corpus
from frresearch.frames.validation import (
    dictionary_validity,
    human_majority,
    read_coding_sheets,
    reliability,
    revise_codebook,
    sample_articles,
    term_diagnostics,
    write_coding_sheet,
)


def _codes(table: dict[str, list], frame: str = "f") -> pd.DataFrame:
    rows = [(coder, f"a{i}", frame, v) for coder, values in table.items() for i, v in enumerate(values)]
    codes = pd.DataFrame(rows, columns=["coder", "article_id", "frame", "code"])
    codes["code"] = codes["code"].astype("Int64")
    return codes


def test_alpha_kappa_and_agreement_by_hand():
    # c1: 1 1 0 0 1, c2: 1 0 0 0 1. Ten values, five 1s and five 0s.
    # Do = 2/10 (unit 2 has two disagreeing ordered pairs, m_u - 1 = 1); De = 2*5*5 / (10*9) = 50/90
    # alpha = 1 - 0.2 / (50/90) = 0.64.  Cohen: Ao = 0.8, Ae = 0.6*0.4 + 0.4*0.6 = 0.48, kappa = 0.32/0.52.
    row = reliability(_codes({"c1": [1, 1, 0, 0, 1], "c2": [1, 0, 0, 0, 1]})).iloc[0]
    assert row["alpha"] == pytest.approx(0.64)
    assert row["kappa"] == pytest.approx(0.32 / 0.52)
    assert row["percent_agreement"] == pytest.approx(0.8)
    assert (row["n_units"], row["n_codes"], row["n_units_kappa"]) == (5, 10, 5)


def test_missing_codes_are_left_out_not_counted_as_a_category():
    # a unit coded by one coder only, and a blank, change nothing
    row = reliability(_codes({"c1": [1, 1, 0, 0, 1, 1, pd.NA], "c2": [1, 0, 0, 0, 1, pd.NA, 0]})).iloc[0]
    assert row["alpha"] == pytest.approx(0.64)
    assert row["kappa"] == pytest.approx(0.32 / 0.52)
    assert row["n_units"] == 5


def test_three_coders_alpha_by_hand():
    # units: (1,1,1), (1,1,0), (0,0,0), (0,0,0). n = 12; n_1 = 5, n_0 = 7.
    # Do = (1/12) * [unit 2: 2 pairs (1,0)+(0,1) per 0-coder... ordered disagreeing pairs = 2*2*1 = 4, / (3-1)] = 2/12
    # De = 2*5*7 / (12*11) = 70/132.  alpha = 1 - (2/12)/(70/132) = 1 - 0.3142857 = 0.6857143
    row = reliability(_codes({"a": [1, 1, 0, 0], "b": [1, 1, 0, 0], "c": [1, 0, 0, 0]})).iloc[0]
    assert row["alpha"] == pytest.approx(1 - (2 / 12) / (70 / 132))
    assert math.isnan(row["kappa"])  # Cohen's kappa is for two coders


def test_every_coder_gives_the_same_code():
    row = reliability(_codes({"c1": [1, 1, 1], "c2": [1, 1, 1]})).iloc[0]
    assert math.isnan(row["alpha"]) and math.isnan(row["kappa"])
    assert row["percent_agreement"] == 1.0
    assert "undefined" in row["note"]


def test_pooled_row_over_all_frames():
    codes = pd.concat([_codes({"c1": [1, 0], "c2": [1, 0]}, "f"), _codes({"c1": [0, 1], "c2": [1, 1]}, "g")])
    table = reliability(codes).set_index("frame")
    assert list(table.index) == ["f", "g", "(all frames)"]
    assert table.loc["(all frames)", "n_units"] == 4
    assert table.loc["(all frames)", "percent_agreement"] == pytest.approx(0.75)


def test_majority_and_validity_by_hand():
    codes = pd.concat([
        _codes({"c1": [1, 1, 0, 0, 1], "c2": [1, 0, 0, 1, 1], "c3": [1, 1, 0, 1, 0]}),
    ])
    majority = human_majority(codes).set_index("article_id")["majority"]
    assert list(majority.astype(int)) == [1, 1, 0, 1, 1]
    coded = pd.DataFrame({"article_id": [f"a{i}" for i in range(5)], "frame": "f", "coded": True,
                          "present": pd.array([True, False, True, True, True], dtype="boolean")})
    row = dictionary_validity(coded, codes).iloc[0]
    # gold 1 1 0 1 1, dictionary 1 0 1 1 1: TP 3, FP 1, FN 1
    assert (row["true_pos"], row["false_pos"], row["false_neg"], row["true_neg"]) == (3, 1, 1, 0)
    assert row["precision"] == pytest.approx(0.75) and row["recall"] == pytest.approx(0.75)
    assert row["f1"] == pytest.approx(0.75)


def test_ties_have_no_majority_and_are_counted():
    codes = _codes({"c1": [1, 0], "c2": [0, 0]})
    majority = human_majority(codes)
    assert majority["majority"].isna().tolist() == [True, False]
    coded = pd.DataFrame({"article_id": ["a0", "a1"], "frame": "f", "coded": True,
                          "present": pd.array([True, False], dtype="boolean")})
    row = dictionary_validity(coded, codes).iloc[0]
    assert (row["n_units"], row["n_ties"]) == (1, 1)
    assert math.isnan(row["precision"])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("validation")
    make_corpus(folder, 30, words=60, seed=4)
    return load_corpus(folder)


def test_sample_is_stratified_and_seeded(corpus):
    sample = sample_articles(corpus.articles, 9, seed=3)
    assert sample["ownership"].value_counts().to_dict() == {"commercial": 3, "public": 3, "state": 3}
    assert sample.equals(sample_articles(corpus.articles, 9, seed=3))
    assert not sample.equals(sample_articles(corpus.articles, 9, seed=4))
    assert len(sample_articles(corpus.articles, 500)) == len(corpus.articles)


def _fill(sheet_path, out_path, coder, flip=()):
    sheet = pd.read_csv(sheet_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    codebook = load_codebook()
    for i, frame in enumerate(codebook.keys()):
        sheet[frame] = ["1" if (j + i) % 3 == 0 else "0" for j in range(len(sheet))]
    for row, frame in flip:
        sheet.loc[row, frame] = "1" if sheet.loc[row, frame] == "0" else "0"
    sheet["coder"] = coder
    sheet.to_csv(out_path, index=False, encoding="utf-8-sig")
    return out_path


def test_sheet_round_trip(tmp_path, corpus):
    codebook = load_codebook()
    sheet_path, instructions = write_coding_sheet(corpus.articles, codebook, tmp_path / "blank", n=12, seed=2)
    blank = pd.read_csv(sheet_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert set(codebook.keys()) <= set(blank.columns) and "ownership" not in blank.columns
    assert (blank[codebook.keys()] == "").all().all()  # coders stay blind
    text = instructions.read_text()
    assert all(frame.definition in text for frame in codebook.frames)
    a = _fill(sheet_path, tmp_path / "a.csv", "anna")
    b = _fill(sheet_path, tmp_path / "b.csv", "ben", flip=[(0, "privacy_rights"), (3, "international")])
    codes = read_coding_sheets([a, b], codebook, expected=blank)
    assert len(codes) == 2 * 12 * len(codebook.keys())
    table = reliability(codes).set_index("frame")
    assert table.loc["data_security", "alpha"] == pytest.approx(1.0)
    assert table.loc["privacy_rights", "alpha"] < 1
    coded = code_frames(corpus.articles, codebook)
    validity = dictionary_validity(coded, codes)
    assert set(validity["frame"]) == set(codebook.keys())
    diagnostics = term_diagnostics(frame_matches(corpus.articles, codebook), codes)
    assert {"term", "articles_fired", "fired_on_absent", "share_on_absent"} <= set(diagnostics.columns)
    pd.testing.assert_frame_equal(read_coding_sheets(tmp_path, codebook, expected=blank), codes)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda s: s.assign(article_id=s["article_id"].where(s.index != 2, "nope")), r"row 4: unknown article_id 'nope'"),
        (lambda s: s.assign(privacy_rights=s["privacy_rights"].where(s.index != 0, "yes")),
         r"row 2: column 'privacy_rights' holds 'yes', expected 1, 0 or blank"),
        (lambda s: pd.concat([s, s.iloc[[1]]]), r"row 14: article_id '\w+' appears again \(first at row 3\)"),
        (lambda s: s.assign(sample="other"), r"row 2: sample 'other' is not the sample"),
        (lambda s: s.drop(columns=["international"]), r"missing column\(s\) \['international'\]"),
    ],
)
def test_bad_sheets_name_file_and_row(tmp_path, corpus, change, message):
    codebook = load_codebook()
    sheet_path, _ = write_coding_sheet(corpus.articles, codebook, tmp_path, n=12, seed=2)
    blank = pd.read_csv(sheet_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    good = _fill(sheet_path, tmp_path / "good.csv", "anna")
    bad_sheet = change(pd.read_csv(_fill(sheet_path, tmp_path / "tmp.csv", "ben"), dtype=str, keep_default_na=False))
    bad = tmp_path / "bad.csv"
    bad_sheet.to_csv(bad, index=False)
    with pytest.raises(CodingSheetError, match=message) as caught:
        read_coding_sheets([good, bad], codebook, expected=blank)
    assert str(bad) in str(caught.value)


def test_one_coder_is_not_enough(tmp_path, corpus):
    codebook = load_codebook()
    sheet_path, _ = write_coding_sheet(corpus.articles, codebook, tmp_path, n=6)
    with pytest.raises(CodingSheetError, match="two or more coders"):
        read_coding_sheets([_fill(sheet_path, tmp_path / "a.csv", "anna")], codebook)


def test_revise_codebook(tmp_path):
    codebook = load_codebook()
    revised = revise_codebook(codebook, {"privacy_rights": ["rights", "citizens"]})
    assert "rights" not in revised["privacy_rights"].terms and "consent" in revised["privacy_rights"].terms
    assert revised["data_security"] == codebook["data_security"]
    assert load_codebook(revised.write(tmp_path / "revised.yml")) == revised
    with pytest.raises(ValueError, match="has no term"):
        revise_codebook(codebook, {"privacy_rights": ["nonsense"]})
    with pytest.raises(KeyError, match="frame\\(s\\) \\['nope'\\]"):
        revise_codebook(codebook, {"nope": ["x"]})
    with pytest.raises(ValueError, match="without terms"):
        revise_codebook(codebook, {"technology_benefits": list(codebook["technology_benefits"].terms)})


def test_alpha_and_kappa_match_krippendorff_and_scikit_learn_on_random_codes():
    import krippendorff
    import numpy as np
    from sklearn.metrics import cohen_kappa_score

    rng = np.random.default_rng(11)
    for _ in range(5):
        truth = rng.integers(0, 2, 40)
        coders = {c: [int(t) if rng.random() < 0.8 else 1 - int(t) for t in truth] for c in ("c1", "c2", "c3")}
        three = reliability(_codes(coders)).iloc[0]
        reference = krippendorff.alpha(reliability_data=[coders[c] for c in coders], level_of_measurement="nominal")
        assert three["alpha"] == pytest.approx(reference, abs=1e-9)
        two = reliability(_codes({c: coders[c] for c in ("c1", "c2")})).iloc[0]
        assert two["kappa"] == pytest.approx(cohen_kappa_score(coders["c1"], coders["c2"]), abs=1e-9)
    # With missing codes: krippendorff takes NaN as missing.
    with_missing = {"c1": [1, 1, 0, None, 1, 0, 1], "c2": [1, 0, 0, 0, None, 0, 1], "c3": [1, 1, 0, 0, 1, None, 0]}
    row = reliability(_codes({c: [pd.NA if v is None else v for v in vs] for c, vs in with_missing.items()})).iloc[0]
    data = [[float("nan") if v is None else v for v in vs] for vs in with_missing.values()]
    assert row["alpha"] == pytest.approx(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def test_a_sheet_saved_as_cp1252_is_an_error_naming_the_file(tmp_path, corpus):
    codebook = load_codebook()
    sheet_path, _ = write_coding_sheet(corpus.articles, codebook, tmp_path, n=6)
    good = _fill(sheet_path, tmp_path / "good.csv", "anna")
    excel = tmp_path / "excel.csv"
    filled = pd.read_csv(_fill(sheet_path, tmp_path / "tmp.csv", "Zoë"), dtype=str, keep_default_na=False)
    filled.to_csv(excel, index=False, encoding="cp1252")
    with pytest.raises(CodingSheetError, match=r"excel.csv: not UTF-8 text \(byte 0xeb"):
        read_coding_sheets([good, excel], codebook)


def test_the_coding_sheet_neutralises_formulas_and_reads_back(tmp_path, corpus):
    codebook = load_codebook()
    articles = corpus.articles.copy()
    articles["title"] = "=HYPERLINK(\"http://example.com\", \"click\")"
    sheet_path, _ = write_coding_sheet(articles, codebook, tmp_path, n=6)
    blank = pd.read_csv(sheet_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert blank["title"].str.startswith("'=").all()
    a = _fill(sheet_path, tmp_path / "a.csv", "'=anna")  # as a spreadsheet keeps a name typed with the guard
    b = _fill(sheet_path, tmp_path / "b.csv", "ben")
    assert set(read_coding_sheets([a, b], codebook, expected=blank)["coder"]) == {"=anna", "ben"}


def test_a_corpus_in_no_covered_language_gets_a_note_not_an_error(tmp_path):
    from frresearch.frames.validation import validate_dictionary

    articles = pd.DataFrame({"article_id": ["a", "b"], "ownership": ["state", "commercial"], "language": ["ja", "ja"],
                             "text": ["顔認証の利用に関する規則案", "顔認証の技術を規制する"]})
    validation = validate_dictionary(articles, load_codebook(), tmp_path, None)
    assert validation.sheet_path is None and "None of the 2 article(s)" in validation.notes[0]
    with pytest.raises(ValueError, match="no articles to sample"):
        sample_articles(articles.iloc[:0], 5)
