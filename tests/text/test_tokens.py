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


def test_white_space_never_belongs_to_a_token():
    # Why tokenize may split the text at white space first and tokenize each chunk on its own.
    import re
    import sys

    from frresearch.text.tokens import TOKEN_PATTERN

    token = re.compile(TOKEN_PATTERN)
    spaces = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]
    assert len(spaces) > 20 and not any(token.search(space) for space in spaces)


def test_tokens_by_white_space_chunks_equal_the_expression_over_the_whole_text():
    import random
    import re

    from frresearch.text.tokens import TOKEN_PATTERN, fold

    pieces = ["a", "B", "é", "e\u0301", "ß", "İ", "ﬁ", "ｐ", "7", "_", "-", "'", "’", ".", ",", "—", "!",
              " ", "  ", "\n", "\n\n", "\t", "\u00a0", "\u2003", "\u3000", "\x1c", "\x85", "\u2028",
              "e-commerce", "u.s.", "china’s", "rules,"]
    rng = random.Random(7)
    token = re.compile(TOKEN_PATTERN)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        assert tokenize(text) == token.findall(fold(text)), repr(text)


def test_mixed_chinese_tokens_equal_segmenter_words_and_other_tokens_in_text_order():
    import random
    import re

    from frresearch.text.chinese import HAN_CHARACTERS, matching_form, segment_words
    from frresearch.text.tokens import _OTHER_TOKEN, fold

    def reference(text):  # each Chinese run of each segmenter word, and the other tokens, by offset
        form = matching_form(text)
        found = [(start + m.start(), start + m.end(), m.group()) for word, start, _ in segment_words(form)
                 for m in re.finditer(f"[{HAN_CHARACTERS}]+", word)]
        found += [(m.start(), m.end(), fold(m.group())) for m in _OTHER_TOKEN.finditer(form)]
        return [(start, end) for start, end, _ in sorted(found)], [token for _, _, token in sorted(found)]

    pieces = ["人脸", "识别", "恤", "T恤", "技术", "規定", "國", "網", " ", "，", "。", "\n\n", "ab", "E", "-", ".",
              "'", "’", "１２", "ＡＩ", "e-commerce", "u.s."]
    rng = random.Random(8)
    for size in [*[rng.randint(1, 12) for _ in range(400)], 60, 200]:  # few and many non-Chinese tokens
        text = "人" + "".join(rng.choice(pieces) for _ in range(size))
        spans, tokens = reference(text)
        assert span_tokens(text) == (spans, tokens) and tokenize(text) == tokens, text
