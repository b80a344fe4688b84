"""KWIC, collocations, distinctive vocabulary and tone on hand-written Chinese articles."""

from __future__ import annotations

import pandas as pd

from frresearch import collocations, compare_vocabulary, kwic, tone


def test_kwic_in_both_scripts_with_character_windows(zh_articles):
    table = kwic(zh_articles, ["私隱", "数据泄露"], chars=6)
    privacy = table[table["pattern"] == "私隱"]
    assert privacy["article_id"].tolist() == ["hant_hongkong", "hant_hongkong"]
    assert privacy["match"].tolist() == ["私隱", "私隱"]
    second = privacy.iloc[1]
    assert second["left"] == "專員表示，市民的" [-6:] and second["right"] == "和個人資料應受"[:6]
    leaks = table[table["pattern"] == "数据泄露"]
    assert leaks["match"].tolist() == ["数据泄露", "數據洩露"]  # Simplified and Traditional
    assert all(len(left) <= 6 for left in table["left"])


def test_collocations_on_segmented_words():
    text = "公安机关的豁免引发担忧。批评者指出公安机关的豁免太宽。"
    articles = pd.DataFrame({"article_id": ["a", "b"], "text": [text, text], "ownership": ["x", "x"]})
    table = collocations(articles, min_freq=2)
    assert "公安机关 豁免" not in set(table["bigram"])  # 的 between them is a stop word, not skipped over
    assert "批评者 指出" not in set(table["bigram"])  # 指出 is a stop word
    assert set(table["bigram"]) >= {"豁免 引发", "引发 担忧"}


def test_distinctive_vocabulary_on_chinese_articles(zh_articles):
    articles = zh_articles[zh_articles["ownership"].isin(["state", "commercial"])]
    result = compare_vocabulary(articles, language="zh")
    table = result.fightin_words.set_index("term")
    # Traditional 公安機關 (hant_commercial) is counted with Simplified 公安机关 (two more articles).
    assert table.loc["公安机关", ["count_a", "count_b"]].tolist() == [0, 3]
    assert table.loc["业者", ["count_a", "count_b"]].tolist() == [0, 2]
    assert set(result.fightin_words.tail(2)["term"]) == {"公安机关", "豁免"}  # most commercial
    assert table.loc["管理规定", "z"] > 0 > table.loc["豁免", "z"]
    assert not set(table.index) & {"的", "表示", "和", "脸"}  # stop words and single characters
    english = compare_vocabulary(articles, language="en")
    assert "no en articles" in english.notes[-1]


def test_chinese_articles_are_not_scored_for_tone_with_the_reason(zh_articles):
    table = tone(zh_articles).set_index("article_id")
    assert not table["scored"].any() and table["compound"].isna().all()
    assert table["not_scored_reason"].str.contains("no Chinese tone lexicon").all()
