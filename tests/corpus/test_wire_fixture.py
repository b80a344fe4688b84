"""The invented wire corpus (tests/corpus/fixtures/wires): attribution, copies and URL identity end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from frresearch import load_corpus
from frresearch.corpus.copies import copy_summary, one_per_copy_group

WIRES = Path(__file__).resolve().parent / "fixtures" / "wires"

# file (or file:item) -> ownership, ownership_source, attribution, credited outlet
EXPECTED = {
    "reuters_original.txt": ("commercial", "registry", "credit", "Reuters"),
    "yahoo_reuters_copy.txt": ("commercial", "credit", "credit", "Reuters"),
    "msn_uncredited.txt": ("unknown", "none", "none", ""),
    "xinhua_english.txt": ("state", "registry", "credit", "Xinhua News Agency"),
    "chinadaily_xinhua_copy.txt": ("state", "credit", "credit", "Xinhua News Agency"),
    "ibtimes_mentions_xinhua.txt": ("commercial", "registry", "registry", ""),
    "scmp_afp_copy.txt": ("public", "credit", "credit", "Agence France-Presse (AFP)"),
    "cna_afp_copy.txt": ("public", "credit", "credit", "Agence France-Presse (AFP)"),
    "guardian_original.txt": ("nonprofit", "registry", "registry", ""),
    "techcrunch_mentions_reuters.txt": ("commercial", "registry", "registry", ""),
    "ap_original.txt": ("nonprofit", "registry", "credit", "Associated Press"),
    "sina_xinhua_copy.txt": ("state", "credit", "credit", "Xinhua News Agency"),
    "netease_peoples_daily_copy.txt": ("state", "credit", "credit", "People's Daily"),
    "qq_uncredited.txt": ("unknown", "none", "none", ""),
    "thepaper_original.txt": ("state", "registry", "registry", ""),
    "people_original.txt": ("state", "registry", "credit", "People's Daily"),
    "unknown_host_bloomberg_copy.txt": ("commercial", "credit", "credit", "Bloomberg"),
    "bloomberg_original.txt": ("commercial", "registry", "credit", "Bloomberg"),
    "verge_original.txt": ("commercial", "registry", "registry", ""),
    "yahoo_declared.txt": ("state", "document", "document", ""),
    "export.csv:row 3": ("commercial", "credit", "credit", "Reuters"),
}


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(WIRES)


def test_each_article_is_attributed_as_expected(corpus):
    articles = corpus.articles.assign(key=[
        Path(source).name + ("" if item == "primary" else f":{item}")
        for source, item in zip(corpus.articles["source"], corpus.articles["item"])])
    found = {row.key: (row.ownership, row.ownership_source, row.attribution, row.credited_outlet)
             for row in articles.itertuples()}
    assert found == EXPECTED
    orientation = dict(zip(articles["key"], articles["orientation"]))
    assert orientation["sina_xinhua_copy.txt"] == "central_media"  # follows the credited outlet
    assert orientation["thepaper_original.txt"] == "market_oriented"
    assert orientation["msn_uncredited.txt"] == orientation["verge_original.txt"] == ""


def test_uncredited_aggregator_copy_and_unknown_host_are_reported(corpus):
    reasons = dict(zip(corpus.problems["source"].map(lambda s: Path(s).name), corpus.problems["reason"]))
    assert "no dateline or credit line names the author" in reasons["msn_uncredited.txt"]
    assert reasons["unknown_host_bloomberg_copy.txt"].endswith("ownership follows the credit to Bloomberg")


def test_the_same_story_in_a_csv_and_in_front_matter_is_one_article(corpus):
    row = corpus.documents[corpus.documents["item"] == "row 2"].iloc[0]
    assert row["status"] == "duplicate"
    primary = corpus.documents[corpus.documents["source"].str.endswith("guardian_original.txt")].iloc[0]
    assert row["article_id"] == primary["article_id"]


def test_copies_of_each_wire_story_are_grouped(corpus):
    summary = copy_summary(corpus.articles)
    assert sorted(summary["outlets"]) == [
        "Bloomberg; China Tech Watch; MSN", "CNA (Channel NewsAsia); South China Morning Post",
        "China Daily; Xinhua News Agency", "People's Daily; Sina", "Reuters; Yahoo (News, Finance)"]
    assert int(summary["copies"].sum()) == 6
    assert len(one_per_copy_group(corpus.articles, by=None)) == len(corpus.articles) - 6


def test_copy_detection_can_be_skipped():
    articles = load_corpus(WIRES, copies=False).articles
    assert (articles["copy_group"] == articles["article_id"]).all()
