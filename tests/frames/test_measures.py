"""Headline, lead, emphasis, dominant frames and saturation on hand-written articles with known answers."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from frresearch import code_frames, compare_frames, dominant_frames, saturated_frames
from frresearch.frames.codebook import Codebook, Frame
from frresearch.frames.measures import measure_values

CODEBOOK = Codebook(
    name="test", version="1", languages=("en",),
    frames=(
        Frame("order", "Order", "Order.", "security and defense", ("order", "safety")),
        Frame("privacy", "Privacy", "Privacy.", "fairness and equality", ("privacy", "consent")),
        Frame("business", "Business", "Business.", "economic", ("business*", "cost*")),
    ),
)


def _articles(rows):
    """rows: (title, excerpt, body[, ownership]); text is built as loading builds it."""
    records = []
    for i, row in enumerate(rows):
        title, excerpt, body, ownership = (*row, "state")[:4]
        text = "\n\n".join(part for part in (title, excerpt, body) if part)
        records.append({"article_id": f"a{i}", "title": title, "excerpt": excerpt, "body": body, "text": text,
                        "language": "en", "outlet": f"O{i}", "ownership": ownership})
    return pd.DataFrame(records)


def _value(coded, article, frame, column):
    return coded.set_index(["article_id", "frame"]).loc[(article, frame), column]


def test_headline_lead_and_emphasis():
    articles = _articles([("Privacy first", "",
                           "Order and safety matter. Business costs rise.\n\nPrivacy again. Order.")])
    coded = code_frames(articles, CODEBOOK)
    assert _value(coded, "a0", "privacy", "in_headline") and not _value(coded, "a0", "order", "in_headline")
    # The lead is the first paragraph: order and business, not the later privacy.
    assert _value(coded, "a0", "order", "in_lead") and _value(coded, "a0", "business", "in_lead")
    assert not _value(coded, "a0", "privacy", "in_lead")
    assert _value(coded, "a0", "order", "lead_rule") == "first paragraph"
    # Hits: order 3, privacy 2 (title and body), business 2: emphasis 3/7, 2/7, 2/7.
    assert _value(coded, "a0", "order", "emphasis") == pytest.approx(3 / 7)
    assert _value(coded, "a0", "privacy", "emphasis") == pytest.approx(2 / 7)
    assert coded.groupby("article_id")["emphasis"].sum().iloc[0] == pytest.approx(1.0)


def test_lead_without_paragraphs_is_the_first_two_sentences():
    articles = _articles([("Title", "", "Mr. Li spoke of order. Then of safety. Then of privacy.")])
    coded = code_frames(articles, CODEBOOK)
    assert _value(coded, "a0", "order", "in_lead") and not _value(coded, "a0", "privacy", "in_lead")
    assert _value(coded, "a0", "order", "lead_rule") == "first two sentences"


def test_without_body_the_excerpt_is_the_lead_and_without_either_the_lead_is_missing():
    coded = code_frames(_articles([("Title", "Consent matters.", ""), ("Privacy", "", "")]), CODEBOOK)
    assert _value(coded, "a0", "privacy", "in_lead") and _value(coded, "a0", "privacy", "lead_rule") == "excerpt"
    assert pd.isna(_value(coded, "a1", "privacy", "in_lead")) and _value(coded, "a1", "privacy", "in_headline")


def test_no_hits_means_zero_emphasis_and_no_dominant_frame():
    coded = code_frames(_articles([("Nothing here", "", "Nothing at all.")]), CODEBOOK)
    assert (coded["emphasis"] == 0).all() and coded["first_hit"].isna().all()
    dominant = dominant_frames(coded)
    assert len(dominant) == 1 and pd.isna(dominant["dominant_frame"].iloc[0])


def test_articles_not_coded_have_missing_measures():
    articles = _articles([("Privacy", "", "Order.")]).assign(language="zh")
    coded = code_frames(articles, CODEBOOK)
    for column in ("in_headline", "in_lead", "emphasis", "first_hit"):
        assert coded[column].isna().all(), column
    assert pd.isna(dominant_frames(coded)["dominant_frame"].iloc[0])


@pytest.mark.parametrize("row, winner, decided_by", [
    (("Title", "", "Order order privacy."), "order", "emphasis"),
    # order and privacy tie on 2 hits each; order leads, privacy is in the headline: the headline decides.
    (("Privacy news", "", "Order first.\n\nOrder, privacy again."), "privacy", "headline"),
    # Tie, neither in the headline: the lead (first paragraph) decides.
    (("Title", "", "Consent first.\n\nOrder and safety. Privacy."), "privacy", "lead"),
    # Tie, both in the lead: the first occurrence decides.
    (("Title", "", "Business costs and order, safety."), "business", "first occurrence"),
])
def test_dominant_frame_and_tie_breaks(row, winner, decided_by):
    dominant = dominant_frames(code_frames(_articles([row]), CODEBOOK)).iloc[0]
    assert dominant["dominant_frame"] == winner
    assert dominant["decided_by"] == decided_by
    assert dominant["tied"] == (decided_by != "emphasis")


def test_dominant_measure_is_one_frame_per_article_with_hits():
    coded = code_frames(_articles([("Privacy", "", "Privacy."), ("None", "", "Nothing.")]), CODEBOOK)
    values = measure_values(coded, "dominant")
    per_article = values.astype(int).groupby(coded["article_id"]).sum()
    assert per_article.to_dict() == {"a0": 1, "a1": 0}


def test_compare_frames_on_each_measure():
    rows = [("Privacy rules", "", "Order here.\n\nPrivacy later.", "state")] * 5 + \
           [("Business rules", "", "Privacy here.\n\nOrder and safety later.", "commercial")] * 5
    coded = code_frames(_articles(rows), CODEBOOK)
    shares = {}
    for measure in ("present", "in_headline", "in_lead", "dominant"):
        comparison = compare_frames(coded, by="ownership", measure=measure)
        assert comparison.measure == measure
        shares[measure] = comparison.groups.set_index(["ownership", "frame"])["share"]
    assert shares["present"][("state", "order")] == 1 and shares["present"][("commercial", "order")] == 1
    assert shares["in_headline"][("state", "privacy")] == 1 and shares["in_headline"][("commercial", "privacy")] == 0
    assert shares["in_lead"][("state", "order")] == 1 and shares["in_lead"][("commercial", "order")] == 0
    # State: privacy 2 hits (headline, body) vs order 1. Commercial: order 2 vs privacy 1 and business 1.
    assert shares["dominant"][("state", "privacy")] == 1 and shares["dominant"][("commercial", "order")] == 1
    # The same statistics as presence, on the measure's 0/1 values.
    by_hand = compare_frames(coded.assign(present=coded["in_lead"]), by="ownership")
    on_measure = compare_frames(coded, by="ownership", measure="in_lead")
    pd.testing.assert_frame_equal(by_hand.differences, on_measure.differences)
    assert on_measure.differences["p_value"].notna().all()


def test_compare_frames_leaves_out_articles_without_a_headline():
    rows = [("Privacy", "", "Order.")] * 5 + [("", "", "Order.")] * 2
    coded = code_frames(_articles(rows), CODEBOOK)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        comparison = compare_frames(coded, by="ownership", measure="in_headline")
    assert comparison.groups["n_articles"].iloc[0] == 5
    assert any("2 coded article(s) without a title" in note for note in comparison.notes)


def test_unknown_measure_is_named():
    coded = code_frames(_articles([("T", "", "B.")]), CODEBOOK)
    with pytest.raises(ValueError, match="'headline'"):
        compare_frames(coded, measure="headline")


def test_saturated_frames():
    rows = ([("T", "", "Order and privacy.", "state")] * 9 + [("T", "", "Order and business.", "state")]
            + [("T", "", "Order, privacy.", "commercial")] * 8 + [("T", "", "Order.", "commercial")] * 2)
    table = saturated_frames(code_frames(_articles(rows), CODEBOOK), by="ownership").set_index("frame")
    # order: 100% in both; privacy: 90% state, 80% commercial; business: 10%, 0%.
    assert table["saturated"].to_dict() == {"order": True, "privacy": False, "business": False}
    assert table.loc["privacy", "state"] == pytest.approx(0.9)
    assert table.loc["privacy", "lowest_share"] == pytest.approx(0.8)
    lower = saturated_frames(code_frames(_articles(rows), CODEBOOK), threshold=0.8).set_index("frame")
    assert lower.loc["privacy", "saturated"]


def test_compare_measures_stacks_one_comparison_per_measure(seed_dir):
    import frresearch as fr

    corpus = fr.load_corpus(seed_dir)
    coded = fr.code_frames(corpus.articles, fr.load_codebook())
    comparisons = fr.compare_measures(coded, by="ownership")
    assert list(comparisons) == list(fr.MEASURES)
    stacked = fr.stack_measures(comparisons, "groups")
    assert stacked["measure"].value_counts().to_dict() == {m: len(c.groups) for m, c in comparisons.items()}
    present = stacked[stacked["measure"] == "present"].drop(columns="measure").reset_index(drop=True)
    pd.testing.assert_frame_equal(present, fr.compare_frames(coded, by="ownership").groups.reset_index(drop=True))
