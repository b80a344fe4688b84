from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from frresearch import code_frames, frame_matches, load_codebook
from frresearch.frames.codebook import Codebook, Frame

CODEBOOK = Codebook(
    name="test", version="1", languages=("en",),
    frames=(
        Frame("risk", "Risk", "Risk.", "health and safety", ("security risk*", "risk*", "deep security risks")),
        Frame("security", "Security", "Security.", "security and defense", ("security", "public security")),
        Frame("privacy", "Privacy", "Privacy.", "fairness and equality",
              ("personal information", "information protection", "privacy")),
    ),
)


def _articles(*texts, language="en"):
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": list(texts),
                         "language": language, "outlet": "X", "ownership": "state"})


def _hits(coded):
    return coded.set_index(["article_id", "frame"])["hits"].astype("float").to_dict()


def test_longest_phrase_wins_and_counts_once_per_frame():
    coded = code_frames(_articles("Deep security risks abound."), CODEBOOK)
    hits = _hits(coded)
    assert hits[("a0", "risk")] == 1  # not 3: "deep security risks" swallows "security risk*" and "risk*"
    assert hits[("a0", "security")] == 1  # frames are counted independently


def test_overlapping_matches_count_once():
    hits = _hits(code_frames(_articles("personal information protection law"), CODEBOOK))
    assert hits[("a0", "privacy")] == 1


def test_wildcards_and_case():
    hits = _hits(code_frames(_articles("RISKS, risky and Risk."), CODEBOOK))
    assert hits[("a0", "risk")] == 3


def test_rate_is_hits_per_thousand_tokens_and_presence():
    coded = code_frames(_articles("privacy " * 3 + "word " * 7), CODEBOOK)
    row = coded[coded["frame"] == "privacy"].iloc[0]
    assert row["tokens"] == 10 and row["hits"] == 3
    assert row["rate"] == pytest.approx(300.0)
    assert bool(row["present"]) is True
    assert bool(coded[coded["frame"] == "security"].iloc[0]["present"]) is False


def test_chinese_text_is_flagged_not_coded_not_zero():
    coded = code_frames(_articles("人脸识别技术应用安全管理规定", language="zh"), CODEBOOK)
    assert not coded["coded"].any()
    assert coded["hits"].isna().all() and coded["rate"].isna().all() and coded["present"].isna().all()
    assert "language 'zh' is not covered" in coded["not_coded_reason"].iloc[0]


def test_empty_text_codes_as_zero_hits_zero_rate():
    coded = code_frames(_articles(""), CODEBOOK)
    assert (coded["hits"] == 0).all() and (coded["rate"] == 0).all()


def test_no_articles_gives_an_empty_table():
    coded = code_frames(_articles(), CODEBOOK)
    assert coded.empty and "frame" in coded.columns


def test_matches_are_traceable_and_sum_to_hits(seed_dir):
    from frresearch import load_corpus

    articles = load_corpus(seed_dir).articles
    codebook = load_codebook()
    coded = code_frames(articles, codebook)
    matches = frame_matches(articles, codebook)
    per_pair = matches.groupby(["article_id", "frame"]).size()
    totals = coded.set_index(["article_id", "frame"])["hits"]
    assert totals[totals > 0].astype("int64").sort_index().equals(per_pair.sort_index().astype("int64"))
    text = articles.set_index("article_id")["text"]
    for row in matches.itertuples():
        assert text[row.article_id][row.start : row.end] == row.matched
    china_daily = matches[matches["outlet"] == "China Daily"]
    assert "deep security risks" in set(china_daily["matched"])


def test_seed_shows_the_contrast_a_reader_sees(seed_document):
    from frresearch import load_corpus

    coded = code_frames(load_corpus(seed_document).articles)
    present = coded.pivot(index="outlet", columns="frame", values="present")
    assert present.loc["China Daily", ["public_order", "data_security", "technology_benefits"]].all()
    assert not present.loc["China Daily", "state_surveillance"]
    assert present.loc["Forbes", "state_surveillance"] and present.loc["Forbes", "privacy_rights"]
    assert present.loc["International Business Times", "business_impact"]
    assert np.isclose(coded["rate"].dropna().min(), 0.0)


def test_globs_match_anywhere_and_exactly_one_character():
    book = Codebook("g", "1", ("en",), (Frame("g", "G", "G.", "political", ("*ic", "?cean", "data pro*tion")),))
    coded = code_frames(_articles("Public ocean cean data protection, magic", "Icy panic seas"), book)
    assert _hits(coded) == {("a0", "g"): 4, ("a1", "g"): 1}  # public, ocean, data protection, magic; panic


def test_longest_match_first_across_the_text_as_quanteda():
    # Left to right would take "a b" at 0 and then "d e" at 3 (two hits); quanteda takes the longest
    # match first, "b c d", which overlaps both shorter ones: one hit.
    book = Codebook("l", "1", ("en",), (Frame("l", "L", "L.", "political", ("a b", "b c d", "d e")),))
    articles = _articles("a b c d e")
    assert _hits(code_frames(articles, book)) == {("a0", "l"): 1}
    assert frame_matches(articles, book)["matched"].tolist() == ["b c d"]


def test_cue_terms_are_found_through_direction_marks_and_full_width_letters(tmp_path):
    import frresearch as fr

    (tmp_path / "a.txt").write_text("---\ntitle: \"ｓｕｒｖｅｉｌｌａｎｃｅ and pri\u200evacy \u202bcameras\u202c\"\n"
                                    "language: en\nwebUrl: https://www.reuters.com/2023/marks\n---\n")
    corpus = fr.load_corpus(tmp_path)
    assert corpus.articles["title"].iloc[0] == "ｓｕｒｖｅｉｌｌａｎｃｅ and privacy cameras"  # full width kept
    matches = fr.frame_matches(corpus.articles, fr.load_codebook())
    assert {"ｓｕｒｖｅｉｌｌａｎｃｅ", "privacy"} <= set(matches["matched"])


def test_two_terms_of_one_frame_on_one_word_count_once():
    from frresearch.frames.codebook import Codebook, Frame
    from frresearch.frames.coding import FrameMatcher

    frame = Frame("law", "Law", "", "other", ("rule*", "rules"))
    matcher = FrameMatcher(Codebook("t", "1", ("en",), (frame,)))
    assert list(matcher.count(["the", "rules", "and", "rulers"])) == [2]
    assert [m[3] for m in matcher.matches(["rules"])] == ["rules"]  # the exact word is tried first


def test_parts_sent_to_workers_as_lengths_come_back_as_they_were():
    from frresearch.frames.coding import _packed, _unpacked

    draw = np.random.default_rng(8)
    pieces = ["", "a", "b\n\nc", "\n", "界", "title"]
    packed = 0
    for _ in range(3000):
        title, excerpt, body = (pieces[i] for i in draw.integers(0, len(pieces), 3))
        title = None if draw.random() < 0.2 else title
        joined = "\n\n".join(part for part in (title or "", excerpt, body) if part)
        text = joined if draw.random() < 0.7 else pieces[draw.integers(0, len(pieces))] + joined[1:]
        parts = _packed(text, title, body, excerpt)
        packed += isinstance(parts[2], int)
        assert _unpacked(parts) == (text, title, body, excerpt)
    assert packed > 1500  # the loader's join is sent as lengths
