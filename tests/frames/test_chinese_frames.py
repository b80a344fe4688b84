"""Frame coding, matches, validation sheets and the bilingual codebook on hand-written Chinese articles."""

from __future__ import annotations

import pandas as pd
import pytest

from frresearch import CodebookError, code_frames, frame_matches, load_codebook
from frresearch.frames.codebook import Frame, parse_term
from frresearch.frames.validation import write_coding_sheet


def _hits(coded: pd.DataFrame, article_id: str) -> dict[str, int]:
    rows = coded[coded["article_id"] == article_id]
    return {row.frame: int(row.hits) for row in rows.itertuples() if row.hits}


def test_hand_written_articles_get_their_known_frames_in_both_scripts(zh_articles):
    coded = code_frames(zh_articles)
    assert coded["coded"].all()
    for article in zh_articles.itertuples():
        assert _hits(coded, article.article_id) == article.expected, article.article_id
    assert {"Hans", "Hant"} <= set(zh_articles["script"])


def test_traditional_twin_is_coded_like_its_simplified_original(zh_articles):
    coded = code_frames(zh_articles)
    for article in zh_articles[zh_articles["twin"] != ""].itertuples():
        assert _hits(coded, article.article_id) == _hits(coded, article.twin)


def test_matches_show_the_original_traditional_text(zh_articles):
    matches = frame_matches(zh_articles)
    hk = matches[matches["article_id"] == "hant_hongkong"]
    assert set(hk["term"]) >= {"私隐", "个人资料", "资料外泄"}
    assert set(hk["matched"]) >= {"私隱", "個人資料", "資料外洩"}
    text = zh_articles.set_index("article_id").loc["hant_hongkong", "text"]
    assert all(text[r.start : r.end] == r.matched for r in hk.itertuples())
    coded = code_frames(zh_articles)
    assert len(matches) == coded["hits"].sum()


def test_mixed_article_is_coded_on_its_chinese_and_its_english_part(zh_articles):
    matches = frame_matches(zh_articles[zh_articles["article_id"] == "mixed_zh_en"])
    assert {"草案", "draft*", "rule*"} <= set(matches.loc[matches["frame"] == "regulation_law", "term"])
    # GDPR is a term in both lists of one frame: counted once.
    assert (matches["matched"] == "GDPR").sum() == 1


def test_default_codebook_has_chinese_terms_for_every_frame_incl_hong_kong_and_taiwan():
    codebook = load_codebook()
    assert codebook.languages == ("en", "zh")
    assert all(frame.terms_in("zh") and frame.terms_in("en") for frame in codebook.frames)
    for frame_key, hk_tw in {"privacy_rights": ["私隱", "個資", "個人資料"], "data_security": ["資安", "駭客", "外洩"],
                             "business_impact": ["業者", "營運成本"], "regulation_law": ["個資法", "私隱條例"]}.items():
        patterns = set(codebook[frame_key].patterns)
        assert all(parse_term(term) in patterns for term in hk_tw), frame_key
    # Every shipped Chinese term is one word, thanks to the user dictionary.
    assert all(len(parse_term(t)) == 1 for f in codebook.frames for t in f.terms_in("zh") if t != "gdpr")


def test_a_term_the_segmenter_splits_matches_its_own_word_sequence(tmp_path):
    path = tmp_path / "cb.yml"
    path.write_text("languages: [zh]\nframes:\n  gates:\n    label: Gates\n    definition: Station gates.\n"
                    "    dimension: other\n    terms: {zh: [刷臉進站]}\n", encoding="utf-8")
    codebook = load_codebook(path)
    assert codebook["gates"].patterns == (("刷脸", "进站"),)
    articles = pd.DataFrame({"article_id": ["a", "b"], "language": ["zh", "zh"],
                             "text": ["乘客可以刷脸进站，也可以刷臉進站。", "刷脸后进站"]})
    coded = code_frames(articles, codebook)
    assert coded["hits"].tolist() == [2, 0]
    assert frame_matches(articles, codebook)["matched"].tolist() == ["刷脸进站", "刷臉進站"]


def test_flat_term_list_means_english_and_frames_without_chinese_terms_are_not_coded(tmp_path):
    path = tmp_path / "cb.yml"
    path.write_text("frames:\n  p:\n    label: P\n    definition: Privacy.\n    dimension: other\n"
                    "    terms: [privacy]\n  s:\n    label: S\n    definition: Surveillance.\n    dimension: other\n"
                    "    terms: {en: [surveil*], zh: [监控]}\n", encoding="utf-8")
    codebook = load_codebook(path)
    assert codebook.languages == ("en", "zh")
    assert codebook["p"].languages == ("en",) and codebook["p"].terms == ("privacy",)
    articles = pd.DataFrame({"article_id": ["zh"], "language": ["zh"], "text": ["隐私与监控"]})
    coded = code_frames(articles, codebook).set_index("frame")
    assert not coded.loc["p", "coded"] and pd.isna(coded.loc["p", "hits"])
    assert coded.loc["p", "not_coded_reason"] == "frame 'p' has no 'zh' terms"
    assert coded.loc["s", "coded"] and coded.loc["s", "hits"] == 1
    assert codebook.to_dict()["frames"]["s"]["terms"] == {"en": ["surveil*"], "zh": ["监控"]}
    assert codebook.to_dict()["frames"]["p"]["terms"] == ["privacy"]
    assert load_codebook(codebook.write(tmp_path / "again.yml")).fingerprint == codebook.fingerprint


def test_terms_in_an_undeclared_language_are_refused(tmp_path):
    path = tmp_path / "cb.yml"
    path.write_text("languages: [en]\nframes:\n  s:\n    label: S\n    definition: S.\n    dimension: other\n"
                    "    terms: {en: [surveil*], zh: [监控]}\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"frame 's' has terms in \['zh'\]"):
        load_codebook(path)


def test_japanese_article_is_not_coded():
    articles = pd.DataFrame({"article_id": ["ja"], "language": ["ja"], "text": ["個人情報の保護について"]})
    coded = code_frames(articles)
    assert not coded["coded"].any()
    assert "language 'ja' is not covered" in coded["not_coded_reason"].iloc[0]


def test_frame_removal_keeps_term_languages():
    frame = Frame("s", "S", "S.", "other", ("surveil*", "监控", "公安"), ("en", "zh", "zh"))
    assert frame.without({"监控"}).terms_in("zh") == ("公安",)
    with pytest.raises(ValueError, match="2 term languages"):
        Frame("s", "S", "S.", "other", ("a",), ("en", "zh"))


def test_coding_sheet_keeps_chinese_text(zh_articles, tmp_path):
    sheet_path, instructions = write_coding_sheet(zh_articles.drop(columns=["expected"]), load_codebook(),
                                                  tmp_path, n=len(zh_articles))
    sheet = pd.read_csv(sheet_path, encoding="utf-8-sig")
    assert any("私隱" in str(text) for text in sheet.to_numpy().ravel())
    assert instructions.read_text("utf-8")


def test_headline_lead_emphasis_and_first_hit_of_a_chinese_article():
    title = "新規保護個人隱私"  # Traditional title: privacy
    body = "国家网信办发布征求意见稿。业内人士表示，酒店和商场需要改造设备。\n\n专家认为，监控摄像头应依法管理。"
    articles = pd.DataFrame({"article_id": ["z"], "language": ["zh"], "title": [title], "excerpt": [""],
                             "body": [body], "text": [f"{title}\n\n{body}"]})
    coded = code_frames(articles).set_index("frame")
    assert coded.loc["privacy_rights", "in_headline"]
    assert not coded.loc["regulation_law", "in_headline"]
    assert coded["lead_rule"].eq("first paragraph").all()
    assert coded.loc["regulation_law", "in_lead"] and coded.loc["business_impact", "in_lead"]
    assert not coded.loc["state_surveillance", "in_lead"]  # in the second paragraph only
    assert coded.loc["state_surveillance", "present"]
    assert coded["emphasis"].sum() == pytest.approx(1.0)
    hits = coded["hits"].astype(int)
    assert coded.loc["regulation_law", "emphasis"] == pytest.approx(hits["regulation_law"] / hits.sum())
    # The title comes first: privacy's first hit is in it, before everything in the body.
    assert coded.loc["privacy_rights", "first_hit"] < coded.loc["regulation_law", "first_hit"]


def test_a_frame_without_terms_in_the_language_counts_nothing_towards_emphasis(tmp_path):
    path = tmp_path / "cb.yml"
    path.write_text("languages: [en, zh]\nframes:\n"
                    "  both:\n    label: Both\n    definition: In both.\n    dimension: other\n"
                    "    terms: {en: [privacy], zh: [隐私]}\n"
                    "  english:\n    label: English\n    definition: English only.\n    dimension: other\n"
                    "    terms: [rules]\n", encoding="utf-8")
    text = "隐私 rules 隐私"  # a Chinese article quoting an English word of an English-only frame
    articles = pd.DataFrame({"article_id": ["z"], "language": ["zh"], "title": [""], "text": [text]})
    coded = code_frames(articles, load_codebook(path)).set_index("frame")
    assert coded.loc["both", "emphasis"] == 1.0
    assert not coded.loc["english", "coded"] and pd.isna(coded.loc["english", "emphasis"])
    assert coded.loc["english", "not_coded_reason"] == "frame 'english' has no 'zh' terms"
