from __future__ import annotations

import pytest

from frresearch.text import chinese
from frresearch.text.chinese import (
    chinese_stopwords,
    detect_script,
    matching_form,
    normalize_width,
    segment,
    to_simplified,
    user_dictionary,
)
from frresearch.text.language import detect_language
from frresearch.text.tokens import content_tokens, span_tokens, tokenize


def test_width_normalisation_keeps_length_and_maps_full_width():
    text = "ＡＩ換臉　２０２３年，《規定》"
    normal = normalize_width(text)
    assert len(normal) == len(text)
    assert normal.startswith("AI換臉 2023年,")
    assert "㈱" == normalize_width("㈱")  # NFKC gives three characters: kept as it is


def test_traditional_to_simplified_keeps_length_and_hk_tw_words_stay_words():
    assert to_simplified("個人私隱、個資外洩、資訊安全") == "个人私隐、个资外泄、资讯安全"
    assert to_simplified("个人信息保护法") == "个人信息保护法"


def test_length_changing_conversion_falls_back_to_characters(monkeypatch):
    class Lengthening:
        def convert(self, text: str) -> str:
            return text if len(text) == 1 else text + "!"

    monkeypatch.setattr(chinese, "_converter", lambda config: Lengthening())
    assert to_simplified("個資") == "個資"


def test_script_detection():
    assert detect_script("私隱專員公署表示，個人資料應受保護。") == "Hant"
    assert detect_script("国家网信办发布征求意见稿，保护个人信息。") == "Hans"
    assert detect_script("人口") == "Hani"
    assert detect_script("no Chinese here") == ""


def test_user_dictionary_keeps_policy_terms_whole():
    words = {word for word, _, _ in user_dictionary()}
    assert {"人脸识别", "征求意见稿", "网信办", "个人信息", "公安机关"} <= words
    text = "国家网信办发布人脸识别技术应用安全管理规定征求意见稿，要求单独同意"
    assert [text[a:b] for a, b in segment(text)] == [
        "国家网信办", "发布", "人脸识别技术应用安全管理规定", "征求意见稿", "，", "要求", "单独同意"]


def test_tokens_carry_offsets_into_the_original_traditional_text():
    text = "香港：私隱專員說，ＡＩ換臉令個人資料遭外洩。"
    spans, tokens = span_tokens(text)
    assert tokens == ["香港", "私隐", "专员", "说", "ai", "换脸", "令", "个人资料", "遭", "外泄"]
    assert [text[a:b] for a, b in spans] == ["香港", "私隱", "專員", "說", "ＡＩ", "換臉", "令", "個人資料", "遭", "外洩"]
    assert len(matching_form(text)) == len(text)


def test_mixed_chinese_english_text_keeps_english_tokens():
    text = "欧盟的GDPR与China's e-commerce rules"
    assert tokenize(text) == ["欧盟", "的", "gdpr", "与", "china's", "e-commerce", "rules"]
    spans, _ = span_tokens(text)
    assert [text[a:b] for a, b in spans][-2:] == ["e-commerce", "rules"]


def test_english_text_is_tokenized_as_before():
    assert tokenize("China's U.S.-style e-commerce rules!") == ["china's", "u.s", "style", "e-commerce", "rules"]


def test_chinese_stop_words_and_single_characters_are_not_content():
    assert {"的", "表示", "我们"} <= chinese_stopwords()
    assert content_tokens(["的", "表示", "隐私", "脸", "监控", "2023"]) == ["隐私", "监控"]


@pytest.mark.parametrize(("text", "language"), [
    ("国家网信办就人脸识别技术应用安全管理规定公开征求意见，强调保护个人信息。", "zh"),
    ("私隱專員公署表示，市民的個人資料應受保護，警方已介入調查。", "zh"),
    ("顔認証技術の規制について、個人情報保護委員会が新しい指針を公表しました。", "ja"),
    ("개인정보보호위원회는 얼굴 인식 기술에 관한 새로운 지침을 발표했습니다 오늘", "ko"),
    ("欧盟的GDPR要求知情同意，中国的草案则为公安机关保留了豁免。Critics say the draft leaves room.", "zh"),
    ("The draft (人脸识别技术应用安全管理规定) was published by the Cyberspace Administration of China "
     "on Tuesday, and the public can comment on it for a month.", "en"),
])
def test_language_detection_tells_chinese_from_japanese_korean_and_english(text, language):
    assert detect_language(text) == language
