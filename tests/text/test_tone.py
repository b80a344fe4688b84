from __future__ import annotations

import pandas as pd

from frresearch import lexicon_coverage, tone
from frresearch.text.sentences import split_sentences
from frresearch.text.tone import vader_scores


def test_lexicon_coverage_shows_the_blind_spots():
    coverage = lexicon_coverage().set_index("word")
    for word in ("surveil*", "privacy", "regulat*"):
        assert not coverage.loc[word, "in_lexicon"].any(), word
    assert coverage.loc["security", "valence"].iloc[0] > 0


def test_deep_security_risks_scores_positive():
    assert vader_scores(["deep security risks"]).iloc[0]["compound"] > 0


def test_tone_averages_sentences_and_skips_other_languages():
    articles = pd.DataFrame({
        "article_id": ["en", "zh", "empty"],
        "text": ["Great progress. Terrible fraud!", "人脸识别技术", ""],
        "language": ["en", "zh", "en"], "outlet": "X", "ownership": "state"})
    table = tone(articles).set_index("article_id")
    assert table.loc["en", "sentences"] == 2
    parts = vader_scores(["Great progress.", "Terrible fraud!"])["compound"]
    assert table.loc["en", "compound"] == parts.mean()
    assert not table.loc["zh", "scored"] and pd.isna(table.loc["zh", "compound"])
    assert not table.loc["empty", "scored"]


def test_tone_uses_the_shared_sentence_splitter():
    articles = pd.DataFrame({"article_id": ["a"], "text": ["Mr. Li of the U.S. Dept. of State smiled. Bad news."],
                             "language": ["en"], "outlet": "X", "ownership": "state"})
    text = articles["text"].iloc[0]
    assert tone(articles)["sentences"].iloc[0] == len(split_sentences(text)) == 2


def test_long_unpunctuated_text_is_scored_on_a_capped_beginning_and_says_so():
    from frresearch.text.tone import MAX_SENTENCE_WORDS

    words = " ".join(["good"] * (MAX_SENTENCE_WORDS * 50))
    table = tone(pd.DataFrame({"article_id": ["long", "short"], "text": [words, "Good. Bad."],
                               "language": ["en", "en"]})).set_index("article_id")
    assert table.loc["long", "sentences_cut"] == 1 and table.loc["short", "sentences_cut"] == 0
    capped = vader_scores([" ".join(["good"] * MAX_SENTENCE_WORDS)])["compound"].iloc[0]
    assert table.loc["long", "compound"] == capped


def test_missing_text_is_not_scored_as_the_word_nan():
    table = tone(pd.DataFrame({"article_id": ["a"], "text": [float("nan")], "language": ["en"]}))
    assert not table["scored"].iloc[0] and table["sentences"].iloc[0] == 0
