from __future__ import annotations

import pytest

from frresearch.text.language import detect_language, english_stopwords


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The draft regulation is aimed at improving the application of facial recognition.", "en"),
        ("国家互联网信息办公室起草了《人脸识别技术应用安全管理规定（试行）》，现向社会公开征求意见。", "zh"),
        ("Le projet de règlement vise à encadrer la reconnaissance faciale dans les lieux publics.", "und"),
        ("Проект правил о распознавании лиц опубликован регулятором Китая.", "und"),
        ("Face ID", "und"),
        ("", "und"),
        ("China 人脸识别 rules: the draft of the CAC on facial recognition is out for comment now.", "en"),
    ],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_stopwords_are_lower_case_words():
    words = english_stopwords()
    assert {"the", "and", "of"} <= words and all(w == w.lower() for w in words)
