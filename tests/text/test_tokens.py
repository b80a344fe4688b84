from __future__ import annotations

from pathlib import Path

from frresearch.text.tokens import content_tokens, count_terms, span_tokens, tokenize


def test_tokenize_folds_case_and_apostrophes():
    assert tokenize("China’s FACE-ID rules, 2023.") == ["china's", "face-id", "rules", "2023"]


def test_span_tokens_point_into_the_original_text():
    text = "Deep Security  risks"
    spans, tokens = span_tokens(text)
    assert tokens == ["deep", "security", "risks"]
    assert [text[a:b] for a, b in spans] == ["Deep", "Security", "risks"]


def test_content_tokens_drop_stop_words_numbers_and_single_letters():
    assert content_tokens(["the", "rules", "of", "2023", "x", "u.s", "privacy"]) == ["rules", "u.s", "privacy"]


def test_count_terms():
    assert count_terms(["Privacy and privacy", "the privacy law"]) == {"privacy": 3, "law": 1}


def test_chinese_text_is_one_token_per_run_of_characters():
    assert tokenize("人脸识别 技术") == ["人脸识别", "技术"]


def test_no_runtime_downloads_in_the_package():
    source = Path(__file__).resolve().parents[2] / "src" / "frresearch"
    for path in source.rglob("*.py"):
        assert "nltk.download" not in path.read_text(), path


def test_tokens_equal_nltk_regexp_tokenizer():
    from nltk.tokenize import RegexpTokenizer

    from frresearch.text.tokens import TOKEN_PATTERN, fold

    texts = ["China’s U.S.-style e-commerce rules!", "Café naïve coöperate", "人脸识别 技术，规定。",
             "__init__ x_y 3.14 -dash- 'quoted' don't", "Ελληνικά и русский", "a\u0301b ŞİRKET"]
    nltk_tokenizer = RegexpTokenizer(TOKEN_PATTERN)
    for text in texts:
        assert tokenize(text) == nltk_tokenizer.tokenize(fold(text)), text
        assert span_tokens(text)[0] == list(nltk_tokenizer.span_tokenize(text)), text


def test_full_width_letters_match_as_their_ascii_form_and_offsets_stay_in_the_original():
    from frresearch.text.tokens import span_tokens, tokenize

    text = "ｓｕｒｖｅｉｌｌａｎｃｅ ＆ Privacy"
    assert tokenize(text) == ["surveillance", "privacy"]
    spans, tokens = span_tokens(text)
    assert tokens == ["surveillance", "privacy"] and text[spans[0][0]:spans[0][1]] == "ｓｕｒｖｅｉｌｌａｎｃｅ"
