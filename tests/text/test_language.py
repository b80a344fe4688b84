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


def _detect_by_counting_everything(text: str) -> str:
    """detect_language as first written, every count taken over the whole sample: the reference for the
    shortcuts (no CJK counts for ASCII text, English decided from the first words when they prove it)."""
    import re

    from frresearch.text.chinese import HAN_CHARACTERS

    sample = text[:2_000]
    words = re.findall(r"[a-z]+(?:'[a-z]+)?", sample.lower())
    latin = sum(map(len, words))
    han = len(re.findall(f"[{HAN_CHARACTERS}]", sample))
    kana = len(re.findall(r"[\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9d]", sample))
    hangul = len(re.findall(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]", sample))
    if han + kana >= 20 and kana >= 0.05 * (han + kana):
        return "ja"
    if hangul >= 20 and hangul > han:
        return "ko"
    if han >= 20 and han >= 0.3 * (han + latin):
        return "zh"
    if latin < 20:
        return "und"
    return "en" if sum(map(english_stopwords().__contains__, words)) / len(words) >= 0.08 else "und"


def _random_text(rng, stopwords: list[str]) -> str:
    """Words around the 8% of stop words that decide; some texts dense in stop words at the start only (where
    the first characters may decide), with words that begin with a stop word ("theory") and apostrophes."""
    pieces = ["privacy", "Face", "ID", "theory", "another", "rock'n'roll", "china's", "'quoted'", "xi'", "x",
              "É", "é", "’", "K", "2023", ",", ".", "-", "\n", "  "]
    if rng.random() < 0.5:
        first, rest, dense, sparse = rng.randint(0, 500), 0, rng.uniform(0, 0.2), 0.0
    else:
        first, rest, dense, sparse = rng.randint(0, 200), rng.randint(0, 300), rng.uniform(0, 0.4), rng.uniform(0, 0.05)
    words = [rng.choice(stopwords) if rng.random() < (dense if i < first else sparse) else rng.choice(pieces)
             for i in range(first + rest)]
    if rng.random() < 0.1:
        words += [rng.choice(["人脸识别", "の", "한국"])] * rng.randint(1, 30)
    text = rng.choice([" ", "  ", "\n"]).join(words)
    return text.upper() if rng.random() < 0.2 else text


def test_detect_language_equals_counting_everything():
    import random

    rng = random.Random(3)
    stopwords = sorted(english_stopwords())
    outcomes = []
    for _ in range(3000):
        text = _random_text(rng, stopwords)
        outcomes.append(_detect_by_counting_everything(text))
        assert detect_language(text) == outcomes[-1], text
    assert min(outcomes.count("en"), outcomes.count("und")) > 500  # both answers are common


def _cut_inside_theory() -> str:
    """19 stop words in 250 words (7.6%, not English), and "theory" across the 800th character, whose "the"
    must not count."""
    head = "the " * 19 + "xxxxx " * 119
    head += "x" * (797 - len(head) - 1) + " "  # "theory" starts at character 797
    text = head + "theory" + " xxxxx" * (250 - 19 - 119 - 2)
    assert text.index("theory") == 797 and len(text.split()) == 250
    return text


@pytest.mark.parametrize("text", [
    _cut_inside_theory(),
    "the " * 12 + "xy'zw'uv " * 100,  # 212 words, not 112: each run with two apostrophes is two words
    "the of and to in" + " '" * 10,  # 13 letters only: apostrophes are not letters
])
def test_the_first_characters_decide_only_when_they_prove_it(text):
    assert detect_language(text) == _detect_by_counting_everything(text) == "und"
