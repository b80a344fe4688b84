from __future__ import annotations

import pandas as pd
import pytest

from frresearch import collocations, kwic, load_corpus


@pytest.fixture(scope="module")
def articles(seed_document):
    return load_corpus(seed_document).articles


def test_kwic_finds_words_phrases_and_wildcards(articles):
    lines = kwic(articles, "surveil*", window=3)
    assert list(lines["match"]) == ["Surveillance", "surveillance"]
    assert set(lines["outlet"]) == {"Forbes"} and set(lines["ownership"]) == {"commercial"}
    assert lines.iloc[1]["left"] == "enable continued state"
    phrase = kwic(articles, "personal information", window=2)
    assert phrase.iloc[0]["outlet"] == "China Daily"
    assert phrase.iloc[0]["right"] == "and property"
    row = phrase.iloc[0]
    text = articles.set_index("article_id").loc[row["article_id"], "text"]
    assert text[row["start"] : row["end"]] == "personal information"


def test_kwic_edge_cases():
    frame = pd.DataFrame({"article_id": ["a"], "text": ["privacy"], "outlet": ["X"], "ownership": ["state"]})
    line = kwic(frame, "privacy").iloc[0]
    assert (line["left"], line["match"], line["right"]) == ("", "privacy", "")
    assert kwic(frame.assign(text=""), "privacy").empty
    with pytest.raises(ValueError, match="window is -1"):
        kwic(frame, "privacy", window=-1)


def test_collocations_per_group(articles):
    table = collocations(articles, by="ownership", min_freq=2)
    top = table[table["group"] == "commercial"].iloc[0]
    assert top["bigram"] == "facial recognition" and top["count"] == 6
    assert set(table["group"]) <= {"commercial", "state"}


def test_several_patterns_keep_their_order(articles):
    lines = kwic(articles, ["privacy", "surveil*"], window=2)
    assert list(lines["pattern"]) == ["privacy", "surveil*", "surveil*"]
    single = pd.concat([kwic(articles, "privacy", window=2), kwic(articles, "surveil*", window=2)], ignore_index=True)
    pd.testing.assert_frame_equal(lines, single)


def test_kwic_context_reads_as_one_line_across_paragraphs():
    frame = pd.DataFrame({"article_id": ["a"], "text": ["Rules end.\n\nPrivacy  matters\there.\n\nNext part."],
                          "outlet": ["X"], "ownership": ["state"]})
    line = kwic(frame, "matters", window=3).iloc[0]
    assert (line["left"], line["right"]) == ("Rules end. Privacy", "here. Next part")
    assert frame.loc[0, "text"][line["start"] : line["end"]] == "matters"
